/**
 * Ethernet II, 802.1Q/802.1ad tags, MACsec SecTAGs (macsec.ts), Arista's timestamp header
 * (arista.ts) and the EtherType dispatch ({@link ethertypePrint}); 802.3 frames (a length where
 * the type would be) go to LLC (llc.ts).
 */
import type { Ctx } from './context.js';
import { arpPrint } from './arp.js';
import { aarpPrint, atalkPrint } from './atalk.js';
import { decnetPrint } from './decnet.js';
import { calmFastPrint, geonetPrint } from './geonet.js';
import { tipcPrint } from './tipc.js';
import { macsecPrint } from './macsec.js';
import { loopbackPrint, msnlbPrint } from './loopback.js';
import { cfmPrint } from './cfm.js';
import { slowPrint } from './slow.js';
import { aoePrint } from './aoe.js';
import { nshPrint } from './nsh.js';
import { mpcpPrint } from './mpcp.js';
import { rtlPrint } from './realtek.js';
import { aristaPrint } from './arista.js';
import { ipPrint, ip6Print } from './ip.js';
import { ptpPrint } from './ptp.js';
import { eapolPrint } from './eap.js';
import { ipxPrint } from './ipx.js';
import { isoclnsDecodes, isoclnsPrint } from './isoclns.js';
import { ether8023Print } from './llc.js';
import { lldpPrint } from './lldp.js';
import { mplsPrint } from './mpls.js';
import { pppoePrint, pppPrint } from './pppoe.js';
import { hex4, hexAsciiDump, macText } from './util.js';

/** EtherType names tcpdump 4.99 uses after "ethertype " (anything else is "Unknown"). */
export const ETHERTYPE_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [0x0800, 'IPv4'], [0x8847, 'MPLS unicast'], [0x8848, 'MPLS multicast'], [0x86dd, 'IPv6'],
  [0x8100, '802.1Q'], [0x9100, '802.1Q-9100'], [0x88a8, '802.1Q-QinQ'], [0x9200, '802.1Q-9200'],
  [0x88e5, '802.1AE MACsec'], [0x0200, 'PUP'], [0x0806, 'ARP'], [0x8035, 'Reverse ARP'],
  [0x0600, 'NS'], [0x0500, 'Sprite'], [0x1000, 'Trail'], [0x6001, 'MOP DL'], [0x6002, 'MOP RC'],
  [0x6003, 'DN'], [0x6004, 'LAT'], [0x6007, 'SCA'], [0x6558, 'TEB'], [0x8038, 'Lanbridge'],
  [0x803c, 'DEC DNS'], [0x803e, 'DEC DTS'], [0x805b, 'VEXP'], [0x805c, 'VPROD'],
  [0x809b, 'Appletalk'], [0x80f3, 'Appletalk ARP'], [0x8137, 'IPX'], [0x880b, 'PPP'],
  [0x8808, 'MPCP'], [0x8809, 'Slow Protocols'], [0x8863, 'PPPoE D'], [0x8864, 'PPPoE S'],
  [0x888e, 'EAPOL'], [0x8899, 'Realtek protocols'], [0x886f, 'MS NLB heartbeat'],
  [0x8870, 'Jumbo'], [0x894f, 'NSH'], [0x9000, 'Loopback'], [0xfefe, 'OSI'], [0x00fe, 'GRE-OSI'],
  [0xabcd, 'CFM (old)'], [0x8902, 'CFM'], [0x893a, 'IEEE1905.1'], [0x88cc, 'LLDP'],
  [0x88ca, 'TIPC'], [0x0707, 'GeoNet (old)'], [0x8947, 'GeoNet'], [0x1111, 'CALM FAST'],
  [0x88a2, 'AoE'], [0x88f7, 'PTP'], [0xd28b, 'Arista Vendor Specific Protocol'],
]);

/**
 * EtherTypes tcpdump decodes with printers this module does not have (frames with them would be
 * printed with the unknown-type fallback, which differs from tcpdump): none now. The others it
 * names (LAT, SCA, MOP, IEEE 1905.1, ...) it prints as data, as the fallback does.
 */
export const UNDECODED_KNOWN_ETHERTYPES: ReadonlySet<number> = new Set<number>();

const VLAN_TPIDS = new Set([0x8100, 0x9100, 0x9200, 0x88a8]);

function etherTypeText(t: number, quick = false): string {
  if (quick) return ETHERTYPE_NAMES.get(t) ?? `Unknown Ethertype (0x${hex4(t)})`;
  return `ethertype ${ETHERTYPE_NAMES.get(t) ?? 'Unknown'} (0x${hex4(t)})`;
}

/**
 * Prints the payload of EtherType `type` at `p` (`length` bytes on the wire) as tcpdump's
 * ethertype_print does; false (nothing printed) for a type it does not decode. Reached from
 * SNAP headers too, so an EtherType decoded here is decoded there as well. `src`: the offset of
 * the link-layer source address (Ethernet's, also for SNAP inside it), -1 when the caller has none.
 */
export function ethertypePrint(ctx: Ctx, type: number, p: number, length: number, src = -1): boolean {
  switch (type) {
    case 0x0800:
      ipPrint(ctx, p, length);
      return true;
    case 0x86dd:
      ip6Print(ctx, p, length);
      return true;
    case 0x0806:
    case 0x8035:
      arpPrint(ctx, p, length);
      return true;
    case 0x88f7:
      ptpPrint(ctx, p, length);
      return true;
    case 0x8847:
    case 0x8848:
      mplsPrint(ctx, p, length);
      return true;
    case 0x8863:
    case 0x8864:
    case 0x3c12:
    case 0x3c13:
      pppoePrint(ctx, p, length);
      return true;
    case 0x888e:
      eapolPrint(ctx, p);
      return true;
    case 0x88cc:
      lldpPrint(ctx, p, length);
      return true;
    case 0xfefe:
      // An OSI PDU after one byte tcpdump skips; not decoded here with -v (isoclns.ts).
      if (!isoclnsDecodes(ctx, p + 1)) return false;
      if (length === 0 || !ctx.has(p, 1)) {
        ctx.protocol = 'isoclns';
        ctx.trunc();
        return true;
      }
      isoclnsPrint(ctx, p + 1, length - 1);
      return true;
    case 0x8137:
      ctx.print('(NOV-ETHII) ');
      ipxPrint(ctx, p);
      return true;
    case 0x6003:
      decnetPrint(ctx, p, length);
      return true;
    case 0x809b:
      if (ctx.verbose) ctx.print('et1 ');
      atalkPrint(ctx, p, length);
      return true;
    case 0x80f3:
      aarpPrint(ctx, p, length);
      return true;
    case 0x8947:
    case 0x0707:
      geonetPrint(ctx, p, length, src);
      return true;
    case 0x1111:
      calmFastPrint(ctx, p, length, src);
      return true;
    case 0x88ca:
      tipcPrint(ctx, p);
      return true;
    case 0x8808:
      mpcpPrint(ctx, p, length);
      return true;
    case 0x8899:
      rtlPrint(ctx, p, src);
      return true;
    case 0x8809:
      slowPrint(ctx, p, length);
      return true;
    case 0x88a2:
      aoePrint(ctx, p, length);
      return true;
    case 0x894f:
      nshPrint(ctx, p, length);
      return true;
    case 0x8902:
    case 0xabcd:
      cfmPrint(ctx, p, length);
      return true;
    case 0x9000:
      loopbackPrint(ctx, p, length);
      return true;
    case 0x886f:
      msnlbPrint(ctx, p);
      return true;
    case 0x880b:
      if (length) {
        ctx.print(': ');
        pppPrint(ctx, p, length);
      }
      return true;
    default:
      return false;
  }
}

/** Prints an Ethernet frame of wire length `length` whose captured bytes are ctx.start to ctx.end. */
export function etherPrint(ctx: Ctx, length: number): void {
  const caplen0 = ctx.end - ctx.start;
  ctx.protocol = 'ether';
  if (length < caplen0) {
    ctx.print(`[length ${length} < caplen ${caplen0}] (invalid)`);
    ctx.llHdrLen = length;
    return;
  }
  if (caplen0 < 14) {
    ctx.trunc();
    ctx.llHdrLen = caplen0;
    return;
  }
  const origLength = length;
  let caplen = caplen0 - 12;
  length -= 12;
  if (ctx.eflag) ctx.print(`${macText(ctx.buf, ctx.start + 6)} > ${macText(ctx.buf, ctx.start)}, `);
  let p = ctx.start + 12;
  // Arista's timestamp header is followed by another type field: tcpdump reads on from there.
  for (;;) {
    let type = ctx.u16(p);
    p += 2;
    length -= 2;
    caplen -= 2;
    let printedLength = false;
    if (type === 0x88e5) {
      // MACsec's SecTAG comes before any VLAN tag (macsec.ts).
      if (ctx.eflag) {
        ctx.print(`${etherTypeText(type, ctx.quick)}, length ${origLength}: `);
        printedLength = true;
      }
      const m = macsecPrint(ctx, p, length, caplen);
      if (m.status < 0) {
        ctx.llHdrLen = p - ctx.start + caplen;
        return;
      }
      p += m.tagLen;
      if (m.status === 0) {
        if (!ctx.suppressDefault) hexAsciiDump(ctx, '\n\t', p, m.caplen);
        ctx.llHdrLen = p - ctx.start;
        return;
      }
      length = m.length;
      caplen = m.caplen;
      type = ctx.u16(p);
      if (caplen < 2) {
        ctx.print(` [caplen ${caplen} < 2]`);
        ctx.llHdrLen = p - ctx.start;
        return;
      }
      p += 2;
      length -= 2;
      caplen -= 2;
    }
    while (VLAN_TPIDS.has(type)) {
      if (caplen < 4 || length < 4) {
        ctx.protocol = 'vlan';
        ctx.trunc();
        ctx.llHdrLen = p - ctx.start + (caplen < 4 ? caplen : length);
        return;
      }
      if (ctx.eflag) {
        const tci = ctx.u16(p);
        ctx.print(etherTypeText(type, ctx.quick));
        if (!printedLength) {
          ctx.print(`, length ${origLength}: `);
          printedLength = true;
        } else ctx.print(', ');
        ctx.print(`vlan ${tci & 0xfff}, p ${tci >> 13}${tci & 0x1000 ? ', DEI' : ''}, `);
      }
      type = ctx.u16(p + 2);
      p += 4;
      length -= 4;
      caplen -= 4;
    }
    ctx.llHdrLen = p - ctx.start;
    // 802.3 (a length, not a type) and Alteon jumbo frames carry LLC.
    if ((type <= 1500 || type === 0x8870) && ether8023Print(ctx, type, p, length, caplen, printedLength)) return;
    if (type === 0xd28b) {
      // Arista's header names itself (with -e or not), then the frame goes on from its own type field.
      if (caplen < 2 || length < 2) {
        ctx.print('[|arista]');
        ctx.llHdrLen = p - ctx.start + (caplen < 2 ? caplen : length);
        return;
      }
      ctx.print(`${etherTypeText(type, ctx.quick)}, length ${origLength}: `);
      const used = aristaPrint(ctx, p);
      if (used > 0) {
        p += used;
        length -= used;
        caplen -= used;
        continue;
      }
      if (!ctx.eflag) {
        ctx.print(`${macText(ctx.buf, ctx.start + 6)} > ${macText(ctx.buf, ctx.start)}, ${etherTypeText(type, ctx.quick)}, length ${origLength}: `);
      }
      if (!ctx.suppressDefault) hexAsciiDump(ctx, '\n\t', p, caplen);
      return;
    }
    if (ctx.eflag) {
      ctx.print(etherTypeText(type, ctx.quick));
      ctx.print(printedLength ? ', ' : `, length ${origLength}: `);
    }
    let known = true;
    switch (type) {
      case 0x0800:
        ipPrint(ctx, p, length);
        break;
      case 0x86dd:
        ip6Print(ctx, p, length);
        break;
      case 0x0806:
      case 0x8035:
        arpPrint(ctx, p, length);
        break;
      case 0x88f7:
        ptpPrint(ctx, p, length);
        break;
      default:
        known = ethertypePrint(ctx, type, p, length, ctx.start + 6);
    }
    if (!known) {
      if (!ctx.eflag) {
        ctx.print(`${macText(ctx.buf, ctx.start + 6)} > ${macText(ctx.buf, ctx.start)}, ${etherTypeText(type, ctx.quick)}, length ${origLength}: `);
      }
      // -q suppresses the default dump of undecoded payloads (as -x and -X do).
      if (!ctx.suppressDefault) hexAsciiDump(ctx, '\n\t', p, caplen);
    }
    return;
  }
}

/**
 * An Ethernet frame of wire length `length` carried at `p` inside another packet (VXLAN, Geneve,
 * OTV, GRE's transparent bridging, IPv6's next header 143), printed as tcpdump's ether_print
 * prints an encapsulated frame: in a context of its own (its start is where its MAC addresses
 * are, it ends at the snap end); its text, and the truncation marker's protocol, carry over.
 */
export function innerEtherPrint(ctx: Ctx, p: number, length: number): void {
  const inner = ctx.inner(p);
  try {
    etherPrint(inner, length);
  } finally {
    ctx.out += inner.out;
    ctx.protocol = inner.protocol;
  }
}
