/**
 * Which application printer tcpdump 4.99's udp_print picks for a pair of ports, as a rank in its
 * order (two typed-array loads a datagram: nothing for an unknown port), and the UDP application
 * printers without a module of their own.
 *
 * Every printer tcpdump tries by port has a rank here, printed by runtime/format or not: a
 * datagram from a port tcpdump decodes to one we print must not be printed as the latter.
 * {@link udpAppPrint} prints the ranks runtime/format implements outside udp.ts and returns
 * false for the others, which udp.ts prints as "UDP, length N" (a documented gap).
 *
 * Not ranked: NFS (tcpdump tests the RPC direction word before the ports: udp.ts and nfs.ts) and
 * AppleTalk's LLAP (a payload test after MPLS-over-UDP, made here before printing PTP or
 * SOME/IP, the two printers after it; LLAP itself is not decoded here).
 */
import type { Ctx } from './context.js';
import { dhcp6Print } from './dhcp6.js';
import type { IpInfo } from './ip.js';
import { isakmpNattPrint, isakmpPrint } from './isakmp.js';
import { l2tpPrint } from './l2tp.js';
import { ldpPrint } from './ldp.js';
import { mplsPrint } from './mpls.js';
import { ptpPrint } from './ptp.js';
import { radiusPrint } from './radius.js';
import { snmpPrint } from './snmp.js';
import { sipPrint } from './txtproto.js';
import {
  autorpPrint, bfdPrint, hsrpPrint, krbPrint, lispPrint, lwappControlPrint, lwappDataPrint, ripngPrint, ripPrint,
  sflowPrint, someipPrint, syslogPrint, tftpPrint, timedPrint,
} from './udp-small.js';
import { bcmLiPrint, genevePrint, otvPrint, vxlanGpePrint, vxlanPrint } from './vxlan.js';

// Ranks in tcpdump's order; lower wins.
export const APP_DOMAIN = 1;
export const APP_MDNS = 2;
const APP_TIMED = 3;
const APP_TFTP = 4;
export const APP_BOOTP = 5;
const APP_RIP = 6;
const APP_AODV = 7;
const APP_ISAKMP = 8;
const APP_ISAKMP_NATT = 9;
const APP_ISAKMP_USER = 10;
const APP_SNMP = 11;
export const APP_NTP = 12;
const APP_KRB = 13;
const APP_L2TP = 14;
const APP_VAT = 17;
const APP_ZEPHYR = 18;
const APP_RX = 19;
const APP_RIPNG = 20;
const APP_DHCP6 = 21;
const APP_AHCP = 22;
const APP_BABEL = 23;
const APP_HNCP = 24;
const APP_WB = 25;
const APP_AUTORP = 26;
const APP_RADIUS = 27;
const APP_HSRP = 28;
const APP_LWRES = 29;
const APP_LDP = 30;
const APP_OLSR = 31;
const APP_LSPPING = 32;
const APP_BCM_LI = 33;
const APP_BFD = 34;
const APP_LMP = 35;
const APP_VQP = 36;
const APP_SFLOW = 37;
const APP_LWAPP_CONTROL_TO = 38;
const APP_LWAPP_CONTROL_FROM = 39;
const APP_LWAPP_DATA = 40;
const APP_SIP = 41;
const APP_SYSLOG = 42;
const APP_OTV = 43;
const APP_VXLAN = 44;
const APP_GENEVE = 45;
const APP_LISP = 46;
const APP_VXLAN_GPE = 47;
const APP_ZEP = 48;
const APP_MPLS = 49;
const APP_PTP = 50;
const APP_SOMEIP = 51;

/** Rank of the printer a source port selects (0: none). */
export const UDP_APP_SRC = new Uint8Array(65536);
/** Rank of the printer a destination port selects (0: none). */
export const UDP_APP_DST = new Uint8Array(65536);

function either(rank: number, ...ports: number[]): void {
  for (const p of ports) {
    UDP_APP_SRC[p] = rank;
    UDP_APP_DST[p] = rank;
  }
}

// Later lines never overwrite a port an earlier (better ranked) line set: no port is listed twice.
either(APP_DOMAIN, 53);
either(APP_MDNS, 5353);
either(APP_TIMED, 525);
either(APP_TFTP, 69);
either(APP_BOOTP, 67, 68);
either(APP_RIP, 520);
either(APP_AODV, 654);
either(APP_ISAKMP, 500);
either(APP_ISAKMP_NATT, 4500);
either(APP_ISAKMP_USER, 7500, 8500);
either(APP_SNMP, 161, 162);
either(APP_NTP, 123);
either(APP_KRB, 88, 750);
either(APP_L2TP, 1701);
// NetBIOS (137, 138) comes here in tcpdump built with SMB support; the reference 4.99.3 is not,
// and prints what the later tests pick for those ports.
UDP_APP_DST[3456] = APP_VAT;
either(APP_ZEPHYR, 2103, 2104);
either(APP_RX, 7000, 7001, 7002, 7003, 7004, 7005, 7006, 7007, 7008, 7009);
either(APP_RIPNG, 521);
either(APP_DHCP6, 546, 547);
either(APP_AHCP, 5359);
either(APP_BABEL, 6696, 6697);
either(APP_HNCP, 8231);
UDP_APP_DST[4567] = APP_WB;
either(APP_AUTORP, 496);
either(APP_RADIUS, 1645, 1812, 1646, 1813, 1700, 3799);
UDP_APP_DST[1985] = APP_HSRP;
either(APP_LWRES, 921);
either(APP_LDP, 646);
either(APP_OLSR, 698);
either(APP_LSPPING, 3503);
UDP_APP_SRC[49152] = APP_BCM_LI;
for (const p of [3784, 4784, 6784, 3785]) UDP_APP_DST[p] = APP_BFD;
either(APP_LMP, 701);
either(APP_VQP, 1589);
either(APP_SFLOW, 6343);
UDP_APP_DST[12223] = APP_LWAPP_CONTROL_TO;
UDP_APP_SRC[12223] = APP_LWAPP_CONTROL_FROM;
either(APP_LWAPP_DATA, 12222);
either(APP_SIP, 5060);
either(APP_SYSLOG, 514);
either(APP_OTV, 8472);
either(APP_VXLAN, 4789);
either(APP_GENEVE, 6081);
either(APP_LISP, 4342);
either(APP_VXLAN_GPE, 4790);
either(APP_ZEP, 17754);
either(APP_MPLS, 6635);
either(APP_PTP, 319, 320);
either(APP_SOMEIP, 30490);

/**
 * Prints the payload at `cp` (`length` bytes by the UDP header) with the printer of rank `app`;
 * false if runtime/format does not implement it (nothing printed then).
 */
export function udpAppPrint(ctx: Ctx, app: number, cp: number, length: number, sport: number, dport: number, ip: IpInfo): boolean {
  // In tcpdump's order.
  switch (app) {
    case APP_TIMED:
      timedPrint(ctx, cp);
      return true;
    case APP_TFTP:
      tftpPrint(ctx, cp, length);
      return true;
    case APP_RIP:
      ripPrint(ctx, cp, length);
      return true;
    case APP_ISAKMP:
    case APP_ISAKMP_USER:
      isakmpPrint(ctx, cp, length, ip);
      return true;
    case APP_ISAKMP_NATT:
      isakmpNattPrint(ctx, cp, length, ip);
      return true;
    case APP_SNMP:
      snmpPrint(ctx, cp, length);
      return true;
    case APP_KRB:
      krbPrint(ctx, cp);
      return true;
    case APP_L2TP:
      l2tpPrint(ctx, cp, length);
      return true;
    case APP_RIPNG:
      ripngPrint(ctx, cp, length);
      return true;
    case APP_DHCP6:
      dhcp6Print(ctx, cp, length);
      return true;
    case APP_AUTORP:
      autorpPrint(ctx, cp, length);
      return true;
    case APP_RADIUS:
      radiusPrint(ctx, cp, length);
      return true;
    case APP_HSRP:
      hsrpPrint(ctx, cp, length);
      return true;
    case APP_LDP:
      ldpPrint(ctx, cp, length);
      return true;
    case APP_BCM_LI:
      bcmLiPrint(ctx, cp, length);
      return true;
    case APP_BFD:
      bfdPrint(ctx, cp, length, dport);
      return true;
    case APP_SFLOW:
      sflowPrint(ctx, cp, length);
      return true;
    case APP_LWAPP_CONTROL_TO:
      lwappControlPrint(ctx, cp, length, true);
      return true;
    case APP_LWAPP_CONTROL_FROM:
      lwappControlPrint(ctx, cp, length, false);
      return true;
    case APP_LWAPP_DATA:
      lwappDataPrint(ctx, cp, length);
      return true;
    case APP_SIP:
      sipPrint(ctx, cp, length);
      return true;
    case APP_SYSLOG:
      syslogPrint(ctx, cp, length);
      return true;
    case APP_OTV:
      otvPrint(ctx, cp, length);
      return true;
    case APP_VXLAN:
      vxlanPrint(ctx, cp, length);
      return true;
    case APP_GENEVE:
      genevePrint(ctx, cp, length);
      return true;
    case APP_LISP:
      lispPrint(ctx, cp, length);
      return true;
    case APP_VXLAN_GPE:
      vxlanGpePrint(ctx, cp, length);
      return true;
    case APP_MPLS:
      mplsPrint(ctx, cp, length);
      return true;
    case APP_PTP:
      // AppleTalk's LLAP comes first in tcpdump, and PTP's ports are AppleTalk ports.
      if (isLlap(ctx, cp, sport, dport)) return false;
      ptpPrint(ctx, cp, length);
      return true;
    case APP_SOMEIP:
      if (isLlap(ctx, cp, sport, dport)) return false;
      someipPrint(ctx, cp, length);
      return true;
    default:
      return false;
  }
}

const atalkPort = (p: number): boolean => (p >= 16512 && p < 16640) || (p >= 200 && p < 328) || (p >= 768 && p < 896);

/** tcpdump's LLAP test (AppleTalk over UDP), made before PTP's and SOME/IP's ports. */
function isLlap(ctx: Ctx, cp: number, sport: number, dport: number): boolean {
  return ctx.has(cp + 2, 1) && ctx.buf[cp + 2] === 2 && (atalkPort(sport) || atalkPort(dport));
}
