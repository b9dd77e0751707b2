/**
 * UDP, with the application printers tcpdump runs by default: DNS (53, 5353), BOOTP/DHCP (67, 68)
 * and NTP (123) here; TFTP (69), RIP (520), RIPng (521), HSRP (1985), BFD (3784, 3785, 4784, 6784),
 * syslog (514), Kerberos (88, 750), timed (525), sFlow (6343), SOME/IP (30490), Auto-RP (496),
 * LWAPP (12222, 12223) and LISP (4342) in udp-small.ts; RADIUS (1645, 1646, 1700, 1812, 1813,
 * 3799) in radius.ts; DHCPv6 (546, 547) in dhcp6.ts; ISAKMP (500, 4500, 7500, 8500) in isakmp.ts;
 * L2TP (1701) in l2tp.ts; SNMP (161, 162) in snmp.ts; SIP (5060) in txtproto.ts; VXLAN (4789),
 * VXLAN-GPE (4790), Geneve (6081), OTV (8472) and the BCM-LI shim (source 49152) in vxlan.ts; LDP
 * (646), PTP (319, 320) and MPLS (6635) in their own modules; NFS (an RPC call to 2049 or a reply
 * from it, tested before the ports as tcpdump does) in nfs.ts. Which one runs follows tcpdump's
 * order of port tests (udp-apps.ts ranks). Other ports tcpdump decodes are listed in
 * UDP_DECODED_PORTS; for them this module prints the plain "UDP, length N" (a documented gap).
 */
import type { Ctx } from './context.js';
import { cksumShouldBe, transportCksum, type IpInfo } from './ip.js';
import { domainPrint } from './dns.js';
import { NFS_PORT, nfsUdpPrint } from './nfs.js';
import { APP_BOOTP, APP_DOMAIN, APP_MDNS, APP_NTP, UDP_APP_DST, UDP_APP_SRC, udpAppPrint } from './udp-apps.js';
import { hexPad, macText } from './util.js';

/**
 * UDP ports for which tcpdump 4.99 prints an application decode this module does not (either
 * side, but VAT's 3456 and wb's 4567 as destination only).
 */
export const UDP_DECODED_PORTS: ReadonlySet<number> = new Set([
  654, 698, 701, 921, 1589, 2103, 2104, 3456, 3503, 4567, 5359, 6696, 6697, 7000, 7001, 7002,
  7003, 7004, 7005, 7006, 7007, 7008, 7009, 8231, 17754,
]);

function portsText(ctx: Ctx, ip: IpInfo, sport: number, dport: number): void {
  if (ip.headerProto === 17) ctx.print(`${ip.src}.${sport} > ${ip.dst}.${dport}: `);
  else ctx.print(`${sport} > ${dport}: `);
}

/** Prints a UDP datagram at `off`; `length` is the IP payload length. */
export function udpPrint(ctx: Ctx, off: number, length: number, ip: IpInfo, fragmented: boolean): void {
  ctx.protocol = 'udp';
  if (!ctx.has(off + 2, 2)) {
    if (ip.headerProto === 17) ctx.print(`${ip.src} > ${ip.dst}: `);
    ctx.trunc();
    return;
  }
  const sport = ctx.u16(off);
  const dport = ctx.u16(off + 2);
  if (length < 8) {
    portsText(ctx, ip, sport, dport);
    ctx.print(`truncated-udp ${length}`);
    return;
  }
  if (!ctx.has(off + 4, 2)) {
    portsText(ctx, ip, sport, dport);
    ctx.trunc();
    return;
  }
  let ulen = ctx.u16(off + 4);
  if (ulen === 0 && length > 65535) ulen = length;
  if (ulen < 8) {
    portsText(ctx, ip, sport, dport);
    ctx.print(`truncated-udplength ${ulen}`);
    return;
  }
  ulen -= 8;
  length -= 8;
  if (ulen < length) length = ulen;
  const cp = off + 8;
  if (cp > ctx.snapend) {
    portsText(ctx, ip, sport, dport);
    ctx.trunc();
    return;
  }
  portsText(ctx, ip, sport, dport);
  // NFS (tcpdump tests the RPC direction word before the checksum and the port tests; not with -q).
  if ((sport === NFS_PORT || dport === NFS_PORT) && !ctx.quick && nfsUdpPrint(ctx, cp, length, sport, dport, ip)) return;
  if (ctx.verbose && !fragmented) udpCksum(ctx, off, length, ip);
  if (ctx.quick) {
    ctx.print(ulen > length && !fragmented ? `UDP, bad length ${ulen} > ${length}` : `UDP, length ${ulen}`);
    return;
  }
  // The printer tcpdump's port tests pick first: the better rank of the two ports' (udp-apps.ts).
  let app = UDP_APP_SRC[sport]!;
  const dApp = UDP_APP_DST[dport]!;
  if (dApp !== 0 && (app === 0 || dApp < app)) app = dApp;
  if (app === 0) {
    // The common case: no printer for either port.
  } else if (app === APP_DOMAIN) return domainPrint(ctx, cp, length, false);
  else if (app === APP_MDNS) return domainPrint(ctx, cp, length, true);
  else if (app === APP_BOOTP) return bootpPrint(ctx, cp, length);
  else if (app === APP_NTP) return ntpPrint(ctx, cp, length);
  else if (udpAppPrint(ctx, app, cp, length, sport, dport, ip)) return;
  if (ulen > length && !fragmented) ctx.print(`UDP, bad length ${ulen} > ${length}`);
  else ctx.print(`UDP, length ${ulen}`);
}

/** "[udp sum ok] " or "[bad udp cksum ...] " (IPv4 only from -vv, where a zero sum is "[no cksum]"). */
function udpCksum(ctx: Ctx, off: number, length: number, ip: IpInfo): void {
  const field = ctx.has(off + 6, 2) ? ctx.u16(off + 6) : 0;
  if (ip.version === 4) {
    if (ctx.verbose < 2) return;
    if (field === 0) {
      ctx.print('[no cksum] ');
      return;
    }
  }
  if (!ctx.has(off + 8, length)) return;
  const sum = transportCksum(ctx, ip, off, length + 8, 17);
  if (sum) ctx.print(`[bad udp cksum 0x${hexPad(field, 4)} -> 0x${hexPad(cksumShouldBe(field, sum), 4)}!] `);
  else ctx.print('[udp sum ok] ');
}

function bootpPrint(ctx: Ctx, cp: number, length: number): void {
  ctx.protocol = 'bootp';
  const op = ctx.u8(cp);
  const opText = op === 1 ? 'Request' : op === 2 ? 'Reply' : `unknown (0x${op.toString(16).padStart(2, '0')})`;
  ctx.print(`BOOTP/DHCP, ${opText}`);
  const htype = ctx.u8(cp + 1);
  const hlen = ctx.u8(cp + 2);
  if (htype === 1 && hlen === 6 && op === 1) {
    ctx.check(cp + 28, 6);
    ctx.print(` from ${macText(ctx.buf, cp + 28)}`);
  }
  ctx.print(`, length ${length}`);
}

const NTP_MODES = [
  'unspecified', 'symmetric active', 'symmetric passive', 'Client', 'Server', 'Broadcast',
  'Control Message', 'Reserved',
];

function ntpPrint(ctx: Ctx, cp: number, length: number): void {
  ctx.protocol = 'ntp';
  const status = ctx.u8(cp);
  ctx.print(`NTPv${(status >> 3) & 7}, ${NTP_MODES[status & 7]}, length ${length}`);
}
