/**
 * IEEE 802.2 LLC (the payload of 802.3 frames, whose type field is a length), SNAP, and the
 * protocols tcpdump 4.99 decodes on top of them that this module prints: Spanning Tree
 * (802.1D, RSTP, MSTP, SPB; Cisco PVST+ over SNAP), CDP, DTP, UDLD, VTP, IPv4 over the IP SAP, IPX
 * (802.2 and Novell's raw 802.3), OSI (isoclns.ts, without -v), EtherTypes inside SNAP (ether.ts)
 * and RFC 2684 bridged Ethernet frames.
 *
 * LLC payloads tcpdump decodes with printers this module does not have (OSI with -v, RFC 2684
 * bridged Token Ring and FDDI frames) are reported by {@link llcUndecoded} so that the Ethernet
 * printer keeps its unknown-type fallback for them.
 */
import type { Ctx } from './context.js';
import { ETHERTYPE_NAMES, UNDECODED_KNOWN_ETHERTYPES, ethertypePrint, innerEtherPrint } from './ether.js';
import { ipPrint } from './ip.js';
import { ipxPrint } from './ipx.js';
import { isoclnsDecodes, isoclnsPrint } from './isoclns.js';
import { bitNames, hex2, hex4, hexAsciiDump, hexDump, ipv4Text, ipv6Text, macText, printjnp, printn, safeChar } from './util.js';

const SAP_NAMES = new Map<number, string>([
  [0x00, 'Null'], [0xff, 'Global'], [0x02, '802.1B I'], [0x03, '802.1B G'], [0x06, 'IP'],
  [0x04, 'SNA'], [0x0e, 'ProWay NM'], [0x42, 'STP'], [0x4e, 'RS511'], [0x7e, 'ISO8208'],
  [0x8e, 'ProWay'], [0xaa, 'SNAP'], [0xe0, 'IPX'], [0xf0, 'NetBeui'], [0xfe, 'OSI'],
]);

const U_COMMANDS = new Map<number, string>([
  [0x03, 'ui'], [0xe3, 'test'], [0xaf, 'xid'], [0x63, 'ua'], [0x43, 'disc'], [0x0f, 'dm'],
  [0x6f, 'sabme'], [0x87, 'frmr'],
]);

/** LLC command/response and poll/final texts, by the SSAP's C/R bit ORed with the P/F bit. */
const LLC_FLAGS = new Map<number, string>([
  [0, 'Command'], [1, 'Response'], [0x10, 'Poll'], [0x11, 'Final'], [0x100, 'Poll'], [0x101, 'Final'],
]);

const SUPERVISORY = ['Receiver Ready', 'Receiver not Ready', 'Reject'];

/** Organisation names tcpdump prints for SNAP and vendor OUIs. */
export const OUI_NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [0x000000, 'Ethernet'], [0x00000c, 'Cisco'], [0x00005e, 'IANA'], [0x000081, 'Nortel Networks SONMP'],
  [0x0000f8, 'Cisco bridged'], [0x0080c2, 'Ethernet bridged'], [0x00a03e, 'ATM Forum'],
  [0x00e02f, 'DOCSIS Spanning Tree'], [0x080007, 'Appletalk'], [0x009069, 'Juniper'],
  [0x080009, 'Hewlett-Packard'], [0x00120f, 'IEEE 802.3 Private'], [0x0012bb, 'ANSI/TIA'],
  [0x001b21, 'DCBX'], [0x002320, 'Nicira Networks'], [0x5c16c7, 'Big Switch Networks'],
  [0xb0d2f5, 'Vello Systems'], [0x002481, 'HP'], [0x0004ea, 'HP-Labs'], [0x748771, 'Infoblox Inc'],
  [0xa42305, 'Open Networking Lab'], [0x00049f, 'Freescale'], [0x0015ad, 'Netronome'],
  [0x001018, 'Broadcom'], [0x00e004, 'PMC-Sierra'], [0xd0f0db, 'Ericsson'],
]);

const CISCO_PIDS = new Map<number, string>([
  [0x2000, 'CDP'], [0x2003, 'VTP'], [0x2004, 'DTP'], [0x0111, 'UDLD'], [0x010b, 'PVST'], [0x010c, 'VLAN Bridge'],
]);

const BRIDGED_PIDS = new Map<number, string>([
  [0x0001, 'Ethernet + FCS'], [0x0007, 'Ethernet w/o FCS'], [0x0002, '802.4 + FCS'], [0x0008, '802.4 w/o FCS'],
  [0x0003, 'Token Ring + FCS'], [0x0009, 'Token Ring w/o FCS'], [0x0004, 'FDDI + FCS'], [0x000a, 'FDDI w/o FCS'],
  [0x0005, '802.6 + FCS'], [0x000b, '802.6 w/o FCS'], [0x000e, 'BPDU'],
]);

function pidName(oui: number, pid: number): string {
  let names: ReadonlyMap<number, string> | undefined;
  if (oui === 0x000000 || oui === 0x0000f8 || oui === 0x080007) names = ETHERTYPE_NAMES;
  else if (oui === 0x00000c) names = CISCO_PIDS;
  else if (oui === 0x0080c2) names = BRIDGED_PIDS;
  return names?.get(pid) ?? 'Unknown';
}

function hex6(n: number): string {
  return hex2(n >>> 16) + hex4(n & 0xffff);
}

/**
 * True when tcpdump would hand this LLC payload (at `p`, `caplen` bytes captured) to a printer
 * this module does not have: the caller then prints the frame as an unknown type, as before.
 * Looks only at captured bytes; a header cut short is printed (with tcpdump's markers), not
 * reported.
 */
export function llcUndecoded(ctx: Ctx, p: number, caplen: number, length: number): boolean {
  if (caplen < 3 || length < 3 || !ctx.has(p, 3)) return false;
  const b = ctx.buf;
  const dsapField = b[p]!;
  const ssapField = b[p + 1]!;
  const control = b[p + 2]!;
  if (dsapField === 0xff && ssapField === 0xff) return false; // Novell's raw 802.3 IPX
  if ((control & 3) !== 3) return false; // I and S frames: the generic line
  const dsap = dsapField & 0xfe;
  const ssap = ssapField & 0xfe;
  if (dsap !== ssap || control !== 0x03) return false;
  if (dsap === 0xfe) return !isoclnsDecodes(ctx, p + 3); // OSI (IS-IS, CLNP, ES-IS) with -v
  if (dsap !== 0xaa || caplen < 8 || length < 8 || !ctx.has(p + 3, 5)) return false;
  const oui = (b[p + 3]! << 16) | (b[p + 4]! << 8) | b[p + 5]!;
  const pid = (b[p + 6]! << 8) | b[p + 7]!;
  switch (oui) {
    case 0x000000:
    case 0x0000f8:
      if (pid === 0xfefe) return !isoclnsDecodes(ctx, p + 9);
      return UNDECODED_KNOWN_ETHERTYPES.has(pid);
    case 0x00000c:
      return false;
    case 0x0080c2:
      // Bridged Token Ring and FDDI frames (tcpdump's printers for those links are not here).
      return pid === 0x0003 || pid === 0x0009 || pid === 0x0004 || pid === 0x000a;
    default:
      return false;
  }
}

/**
 * The payload of an 802.3 frame (`type`, the length field, at most 1500) or of an Alteon jumbo
 * frame (type 0x8870) at `p`, as tcpdump's Ethernet printer hands it to LLC: an 802.3 frame's
 * length field bounds what is read (and -e prints `802.3, length N: `). `length` and `caplen`:
 * the bytes after the type field on the wire and captured. False, with nothing printed, when
 * the payload goes to a printer this module does not have ({@link llcUndecoded}).
 */
export function ether8023Print(ctx: Ctx, type: number, p: number, length: number, caplen: number, printedLength: boolean): boolean {
  const is8023 = type <= 1500;
  if (is8023 && type < length) {
    length = type;
    if (caplen > length) caplen = length;
  }
  if (llcUndecoded(ctx, p, caplen, length)) return false;
  const saved = is8023 ? ctx.pushSnap(p, length) : ctx.snapend;
  try {
    if (ctx.eflag && is8023) ctx.print(printedLength ? '802.3' : `802.3, length ${length}: `);
    // tcpdump's default printer: the frame from the LLC header on, unless -q.
    const llc = llcPrint(ctx, p, length, caplen);
    if (llc < 0 && !ctx.suppressDefault) hexAsciiDump(ctx, '\n\t', p, caplen);
    ctx.llHdrLen += Math.abs(llc);
  } finally {
    ctx.snapend = saved;
  }
  return true;
}

/**
 * Prints an LLC frame at `p` (`length` bytes on the wire, `caplen` captured) as tcpdump's
 * llc_print does. Returns the LLC (and SNAP) header length, negative when the payload was not
 * decoded and the caller should dump the frame from `p`.
 */
export function llcPrint(ctx: Ctx, p: number, length: number, caplen: number): number {
  ctx.protocol = 'llc';
  if (caplen < 3 || length < 3) {
    ctx.trunc();
    hexAsciiDump(ctx, '\n\t', p, caplen);
    return caplen < 3 ? caplen : length;
  }
  const dsapField = ctx.u8(p);
  const ssapField = ctx.u8(p + 1);
  let control = ctx.u8(p + 2);
  let hdrlen = 3;
  const isU = (control & 3) === 3;
  if (!isU) {
    if (caplen < 4 || length < 4) {
      ctx.trunc();
      hexAsciiDump(ctx, '\n\t', p, caplen);
      return caplen < 4 ? caplen : length;
    }
    control = ctx.u8(p + 2) | (ctx.u8(p + 3) << 8);
    hdrlen = 4;
  }
  if (dsapField === 0xff && ssapField === 0xff) {
    // Novell's "raw" 802.3: IPX from the first byte (its checksum field, 0xffff), no LLC.
    if (ctx.eflag) ctx.print('IPX 802.3: ');
    ipxPrint(ctx, p);
    return 0;
  }
  const dsap = dsapField & 0xfe;
  const ssap = ssapField & 0xfe;
  if (ctx.eflag) {
    ctx.print(
      `LLC, dsap ${SAP_NAMES.get(dsap) ?? 'Unknown'} (0x${hex2(dsap)}) ${dsapField & 1 ? 'Group' : 'Individual'}, ` +
        `ssap ${SAP_NAMES.get(ssap) ?? 'Unknown'} (0x${hex2(ssap)}) ${ssapField & 1 ? 'Response' : 'Command'}` +
        (isU ? `, ctrl 0x${hex2(control)}: ` : `, ctrl 0x${hex4(control)}: `),
    );
  }
  p += hdrlen;
  length -= hdrlen;
  caplen -= hdrlen;
  if (ssap === 0xaa && dsap === 0xaa && control === 0x03) {
    return snapPrint(ctx, p, length, caplen) ? hdrlen + 5 : -(hdrlen + 5);
  }
  if (ssap === 0x42 && dsap === 0x42 && control === 0x03) {
    stpPrint(ctx, p, length);
    return hdrlen;
  }
  if (ssap === 0x06 && dsap === 0x06 && control === 0x03) {
    ipPrint(ctx, p, length);
    return hdrlen;
  }
  if (ssap === 0xfe && dsap === 0xfe && control === 0x03) {
    isoclnsPrint(ctx, p, length);
    return hdrlen;
  }
  if (ssap === 0xe0 && dsap === 0xe0 && control === 0x03) {
    if (ctx.eflag) ctx.print('IPX 802.2: ');
    ipxPrint(ctx, p);
    return hdrlen;
  }
  if (!ctx.eflag) {
    const src = macText(ctx.buf, ctx.start + 6);
    const dst = macText(ctx.buf, ctx.start);
    const dname = SAP_NAMES.get(dsap) ?? `Unknown DSAP 0x${hex2(dsap)}`;
    if (ssap === dsap) ctx.print(`${src} > ${dst} ${dname} `);
    else ctx.print(`${src} ${SAP_NAMES.get(ssap) ?? `Unknown SSAP 0x${hex2(ssap)}`} > ${dst} ${dname} `);
  }
  const cr = ssapField & 1;
  if (isU) {
    ctx.print(
      `Unnumbered, ${U_COMMANDS.get(control & 0xef) ?? hex2(control & 0xef)}, Flags [${LLC_FLAGS.get(cr | (control & 0x10)) ?? '?'}], length ${length + hdrlen}`,
    );
    if ((control & ~0x10) === 0xaf) {
      if (length === 0) return hdrlen;
      if (caplen < 1) {
        ctx.trunc();
        return hdrlen;
      }
      if (ctx.u8(p) === 0x81) {
        if (caplen < 3 || length < 3) {
          ctx.trunc();
          hexAsciiDump(ctx, '\n\t', p, caplen);
        } else ctx.print(`: ${hex2(ctx.u8(p + 1))} ${hex2(ctx.u8(p + 2))}`);
        return hdrlen;
      }
    }
  } else if (control & 1) {
    ctx.print(
      `Supervisory, ${SUPERVISORY[(control >> 2) & 3] ?? '?'}, rcv seq ${(control >> 9) & 0x7f}, Flags [${LLC_FLAGS.get(cr | (control & 0x100)) ?? '?'}], length ${length + hdrlen}`,
    );
    return hdrlen;
  } else {
    ctx.print(
      `Information, send seq ${(control >> 1) & 0x7f}, rcv seq ${(control >> 9) & 0x7f}, Flags [${LLC_FLAGS.get(cr | (control & 0x100)) ?? '?'}], length ${length + hdrlen}`,
    );
  }
  return -hdrlen;
}

/** SNAP after an LLC UI header; false when the payload was not decoded (the caller dumps it). */
function snapPrint(ctx: Ctx, p: number, length: number, caplen: number): boolean {
  ctx.protocol = 'snap';
  // snap_print's ND_TCHECK_5 and trunc label: the marker, no longjmp (the link-layer header length
  // still counts the SNAP header, past the capture: the -x dump is then empty).
  if (!ctx.tcheck(p, 5)) return true;
  if (caplen < 5 || length < 5) {
    ctx.trunc();
    return true;
  }
  const oui = (ctx.u8(p) << 16) | ctx.u16(p + 1);
  const pid = ctx.u16(p + 3);
  if (ctx.eflag) {
    ctx.print(
      `oui ${OUI_NAMES.get(oui) ?? 'Unknown'} (0x${hex6(oui)}), ${oui === 0 ? 'ethertype' : 'pid'} ${pidName(oui, pid)} (0x${hex4(pid)}), length ${length - 5}: `,
    );
  }
  p += 5;
  length -= 5;
  caplen -= 5;
  switch (oui) {
    case 0x000000:
    case 0x0000f8:
      // LLC is reached from the Ethernet printer only: its source address is the frame's.
      if (ethertypePrint(ctx, pid, p, length, ctx.start + 6)) return true;
      break;
    case 0x080007:
      // Apple's OUI with the AppleTalk EtherType: DDP (AARP uses OUI 0).
      if (pid === 0x809b && ethertypePrint(ctx, pid, p, length, ctx.start + 6)) return true;
      break;
    case 0x00000c:
      switch (pid) {
        case 0x2000:
          cdpPrint(ctx, p, length);
          return true;
        case 0x2004:
          dtpPrint(ctx, p, length);
          return true;
        case 0x0111:
          udldPrint(ctx, p, length);
          return true;
        case 0x2003:
          vtpPrint(ctx, p, length);
          return true;
        case 0x010b:
        case 0x010c:
          stpPrint(ctx, p, length);
          return true;
      }
      break;
    case 0x0080c2:
      if (pid === 0x000e) {
        stpPrint(ctx, p, length);
        return true;
      }
      if (pid === 0x0001 || pid === 0x0007) {
        // RFC 2684 bridged Ethernet: two bytes of padding, then the frame.
        if (!ctx.tcheck(p, 2)) return true;
        innerEtherPrint(ctx, p + 2, length - 2);
        return true;
      }
      break;
  }
  if (!ctx.eflag) {
    ctx.print(`${macText(ctx.buf, ctx.start + 6)} > ${macText(ctx.buf, ctx.start)} `);
    if (oui === 0) ctx.print(`SNAP, ethertype ${ETHERTYPE_NAMES.get(pid) ?? 'Unknown'} (0x${hex4(pid)}), length ${length}: `);
    else ctx.print(`SNAP, oui ${OUI_NAMES.get(oui) ?? 'Unknown'} (0x${hex6(oui)}), pid ${pidName(oui, pid)} (0x${hex4(pid)}), length ${length}: `);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Spanning Tree

const STP_VERSIONS = new Map<number, string>([[0, '802.1d'], [2, '802.1w'], [3, '802.1s'], [4, '802.1aq']]);
const STP_TYPES = new Map<number, string>([[0x00, 'Config'], [0x02, 'Rapid STP'], [0x80, 'Topology Change']]);
const STP_FLAGS: [number, string][] = [
  [0x01, 'Topology change'], [0x02, 'Proposal'], [0x10, 'Learn'], [0x20, 'Forward'], [0x40, 'Agreement'],
  [0x80, 'Topology change ACK'],
];
const PORT_ROLES = ['Unknown', 'Alternate', 'Root', 'Designated'];

/** printf's %.2f of num/den (den > 0, num >= 0): rounds exact halves to even, as glibc does. */
export function fixed2(num: number, den: number): string {
  let q = Math.floor((num * 100) / den);
  const r = num * 100 - q * den;
  if (2 * r > den || (2 * r === den && q % 2 === 1)) q++;
  const int = Math.floor(q / 100);
  const frac = q - int * 100;
  return `${int}.${frac < 10 ? '0' : ''}${frac}`;
}

function bridgeId(ctx: Ctx, off: number): string {
  ctx.check(off, 8);
  return `${hex2(ctx.buf[off]!)}${hex2(ctx.buf[off + 1]!)}.${macText(ctx.buf, off + 2)}`;
}

function timers(ctx: Ctx, p: number): string {
  return (
    `message-age ${fixed2(ctx.u16(p + 27), 256)}s, max-age ${fixed2(ctx.u16(p + 29), 256)}s` +
    `, hello-time ${fixed2(ctx.u16(p + 31), 256)}s, forwarding-delay ${fixed2(ctx.u16(p + 33), 256)}s`
  );
}

/** Spanning Tree BPDUs (802.1D, 802.1w, 802.1s, 802.1aq) at `p`. */
export function stpPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'stp';
  if (length < 4) {
    ctx.print(' (invalid)');
    return;
  }
  if (ctx.u16(p) !== 0) {
    ctx.print(`unknown STP version, length ${length}`);
    return;
  }
  const version = ctx.u8(p + 2);
  ctx.print(`STP ${STP_VERSIONS.get(version) ?? `Unknown STP protocol (0x${hex2(version)})`}`);
  if (!STP_VERSIONS.has(version)) return;
  const type = ctx.u8(p + 3);
  ctx.print(`, ${STP_TYPES.get(type) ?? `Unknown BPDU Type (0x${hex2(type)})`}`);
  if (type === 0x00) {
    if (length < 35) return void ctx.print(' (invalid)');
    stpConfig(ctx, p, length);
  } else if (type === 0x02) {
    if (version === 2) {
      if (length < 36) return void ctx.print(' (invalid)');
      stpConfig(ctx, p, length);
    } else if (version === 3 || version === 4) {
      if (length < 102) return void ctx.print(' (invalid)');
      if (ctx.u8(p + 35) !== 0) return void ctx.print(' (invalid)');
      const mstpLen = ctx.u16(p + 36) + 2;
      if (length < 36 + mstpLen) return void ctx.print(' (invalid)');
      stpMstp(ctx, p, length);
      if (version === 4) {
        const spbLen = ctx.u16(p + 36 + mstpLen) + 2;
        if (length < 36 + mstpLen + spbLen || spbLen < 87) return void ctx.print(' (invalid)');
        stpSpb(ctx, p, 36 + mstpLen);
      }
    }
  }
}

function stpConfig(ctx: Ctx, p: number, length: number): void {
  const flags = ctx.u8(p + 4);
  ctx.print(`, Flags [${bitNames(STP_FLAGS, flags, 'none')}]`);
  ctx.print(`, bridge-id ${bridgeId(ctx, p + 17)}.${hex4(ctx.u16(p + 25))}, length ${length}`);
  if (!ctx.verbose) return;
  ctx.print(`\n\t${timers(ctx, p)}`);
  ctx.print(`\n\troot-id ${bridgeId(ctx, p + 5)}, root-pathcost ${ctx.u32(p + 13)}`);
  if (ctx.u8(p + 2) === 2) ctx.print(`, port-role ${PORT_ROLES[(flags & 0x0c) >> 2]}`);
}

function u32hex(ctx: Ctx, off: number): string {
  return ctx.u32(off).toString(16).padStart(8, '0');
}

function stpMstp(ctx: Ctx, p: number, length: number): void {
  const flags = ctx.u8(p + 4);
  ctx.print(`, CIST Flags [${bitNames(STP_FLAGS, flags, 'none')}], length ${length}`);
  if (!ctx.verbose) return;
  ctx.print(`\n\tport-role ${PORT_ROLES[(flags & 0x0c) >> 2]}, `);
  ctx.print(`CIST root-id ${bridgeId(ctx, p + 5)}, CIST ext-pathcost ${ctx.u32(p + 13)}`);
  ctx.print(`\n\tCIST regional-root-id ${bridgeId(ctx, p + 17)}, `);
  ctx.print(`CIST port-id ${hex4(ctx.u16(p + 25))},`);
  ctx.print(`\n\t${timers(ctx, p)}`);
  ctx.print(`\n\tv3len ${ctx.u16(p + 36)}, `);
  ctx.print('MCID Name ');
  printjnp(ctx, p + 39, 32);
  ctx.print(
    `, rev ${ctx.u16(p + 71)},\n\t\tdigest ${u32hex(ctx, p + 73)}${u32hex(ctx, p + 77)}${u32hex(ctx, p + 81)}${u32hex(ctx, p + 85)}, `,
  );
  ctx.print(`CIST int-root-pathcost ${ctx.u32(p + 89)},`);
  ctx.print(`\n\tCIST bridge-id ${bridgeId(ctx, p + 93)}, `);
  ctx.print(`CIST remaining-hops ${ctx.u8(p + 101)}`);
  const v3len = ctx.u16(p + 36);
  if (v3len > 64) {
    let len = v3len - 64;
    let off = 102;
    while (len >= 16) {
      const msti = ctx.u16(p + off + 1) & 0x0fff;
      const mflags = ctx.u8(p + off);
      ctx.print(`\n\tMSTI ${msti}, Flags [${bitNames(STP_FLAGS, mflags, 'none')}], port-role ${PORT_ROLES[(mflags & 0x0c) >> 2]}`);
      ctx.print(`\n\t\tMSTI regional-root-id ${bridgeId(ctx, p + off + 1)}, pathcost ${ctx.u32(p + off + 9)}`);
      ctx.print(
        `\n\t\tMSTI bridge-prio ${ctx.u8(p + off + 13) >> 4}, port-prio ${ctx.u8(p + off + 14) >> 4}, hops ${ctx.u8(p + off + 15)}`,
      );
      len -= 16;
      off += 16;
    }
  }
}

function stpSpb(ctx: Ctx, p: number, offset: number): void {
  if (!ctx.verbose) return;
  const q = p + offset;
  ctx.print(`\n\tv4len ${ctx.u16(q)}, `);
  ctx.print('AUXMCID Name ');
  printjnp(ctx, q + 3, 32);
  ctx.print(
    `, Rev ${ctx.u16(q + 35)},\n\t\tdigest ${u32hex(ctx, q + 37)}${u32hex(ctx, q + 41)}${u32hex(ctx, q + 45)}${u32hex(ctx, q + 49)}`,
  );
  const agr = ctx.u8(q + 53);
  const fmt = ctx.u8(q + 55);
  const con = ctx.u8(q + 56);
  ctx.print(
    `\n\tAgreement num ${agr >> 6}, Discarded Agreement num ${(agr >> 4) & 3}, Agreement valid-flag ${(agr >> 3) & 1},` +
      `\n\tRestricted role-flag: ${(agr >> 2) & 1}, Format id ${fmt >> 4} cap ${fmt & 0xff}, ` +
      `Convention id ${con >> 4} cap ${con & 0xff},\n\tEdge count ${ctx.u16(q + 57)}, ` +
      `Agreement digest ${u32hex(ctx, q + 67)}${u32hex(ctx, q + 71)}${u32hex(ctx, q + 75)}${u32hex(ctx, q + 79)}${u32hex(ctx, q + 83)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// CDP

const CDP_CAPS: [number, string][] = [
  [0x01, 'Router'], [0x02, 'Transparent Bridge'], [0x04, 'Source Route Bridge'], [0x08, 'L2 Switch'],
  [0x10, 'L3 capable'], [0x20, 'IGMP snooping'], [0x40, 'L1 capable'],
];

type CdpValue = (ctx: Ctx, p: number, len: number) => void;

const cdpString: CdpValue = (ctx, p, len) => {
  ctx.print("'");
  printn(ctx, p, len);
  ctx.print("'");
};
const cdpAtaVlan: CdpValue = (ctx, p, len) =>
  ctx.print(len === 2 ? `unknown 0x${hex4(ctx.u16(p))}` : `app ${ctx.u8(p)}, vlan ${ctx.u16(p + 1)}`);

/**
 * TLV name, value printer (null: none), minimum and maximum value lengths (-1: any), by type.
 * The types without a name below 0x18 are "unknown" but, as in tcpdump's table, dumped only without -v.
 */
const UNNAMED: [string, null, number, number] = ['unknown field type', null, 0, 0];
const CDP_TLVS: [string, CdpValue | null, number, number][] = [
  UNNAMED,
  ['Device-ID', cdpString, -1, -1],
  ['Address', cdpAddr, -1, -1],
  ['Port-ID', cdpString, -1, -1],
  ['Capability', (ctx, p) => {
    const v = ctx.u32(p);
    ctx.print(`(0x${v.toString(16).padStart(8, '0')}): ${bitNames(CDP_CAPS, v, 'none')}`);
  }, 4, 4],
  ['Version String', (ctx, p, len) => {
    let s = '\n\t  ';
    try {
      for (let i = 0; i < len; i++) {
        const c = ctx.u8(p + i);
        s += c === 0x0a ? '\n\t  ' : safeChar(c);
      }
    } finally {
      ctx.print(s);
    }
  }, -1, -1],
  ['Platform', cdpString, -1, -1],
  ['Prefixes', cdpPrefixes, -1, -1],
  ['Protocol-Hello option', null, -1, -1],
  ['VTP Management Domain', cdpString, -1, -1],
  ['Native VLAN ID', (ctx, p) => ctx.print(`${ctx.u16(p)}`), 2, 2],
  ['Duplex', (ctx, p) => ctx.print(ctx.u8(p) ? 'full' : 'half'), 1, 1],
  UNNAMED,
  UNNAMED,
  ['ATA-186 VoIP VLAN assignment', cdpAtaVlan, 3, 3],
  ['ATA-186 VoIP VLAN request', cdpAtaVlan, 2, 3],
  ['power consumption', (ctx, p, len) => {
    const v = len === 1 ? ctx.u8(p) : len === 2 ? ctx.u16(p) : len === 3 ? (ctx.u8(p) << 16) | ctx.u16(p + 1) : 0;
    ctx.print(`${fixed2(v, 1000)}W`);
  }, 1, 3],
  ['MTU', (ctx, p) => ctx.print(`${ctx.u32(p)} bytes`), 4, 4],
  ['AVVID trust bitmap', (ctx, p) => ctx.print(`0x${hex2(ctx.u8(p))}`), 1, 1],
  ['AVVID untrusted ports CoS', (ctx, p) => ctx.print(`0x${hex2(ctx.u8(p))}`), 1, 1],
  ['System Name', cdpString, -1, -1],
  ['System Object ID (not decoded)', null, -1, -1],
  ['Management Addresses', cdpAddr, 4, -1],
  ['Physical Location', (ctx, p, len) => {
    ctx.print(`0x${hex2(ctx.u8(p))}`);
    if (len > 1) {
      ctx.print('/');
      printn(ctx, p + 1, len - 1);
    }
  }, 1, -1],
];

/** Cisco Discovery Protocol at `p`. */
export function cdpPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'cdp';
  const origLength = length;
  if (length < 4) {
    ctx.print(` (packet length ${length} < 4)`);
    return cdpInvalid(ctx, p, length);
  }
  ctx.print(`CDPv${ctx.u8(p)}, ttl: ${ctx.u8(p + 1)}s`);
  const checksum = ctx.u16(p + 2);
  if (ctx.verbose) ctx.print(`, checksum: 0x${hex4(checksum)} (unverified), length ${origLength}`);
  p += 4;
  length -= 4;
  while (length) {
    if (length < 4) {
      ctx.print(` (remaining packet length ${length} < 4)`);
      return cdpInvalid(ctx, p, length);
    }
    const type = ctx.u16(p);
    let len = ctx.u16(p + 2);
    const info = type <= 0x17 ? CDP_TLVS[type] : undefined;
    const name = info?.[0] ?? 'unknown field type';
    if (len < 4) {
      if (ctx.verbose) ctx.print(`\n\t${name} (0x${type.toString(16).padStart(2, '0')}), TLV length: ${len} byte${len === 1 ? '' : 's'} (too short)`);
      else ctx.print(`, ${name} TLV length ${len} too short`);
      return cdpInvalid(ctx, p, length);
    }
    if (len > length) {
      ctx.print(` (TLV length ${len} > ${length})`);
      return cdpInvalid(ctx, p, length);
    }
    p += 4;
    length -= 4;
    len -= 4;
    if (!ctx.verbose && type === 1) ctx.print(', Device-ID ');
    else if (ctx.verbose) ctx.print(`\n\t${name} (0x${type.toString(16).padStart(2, '0')}), value length: ${len} byte${len === 1 ? '' : 's'}: `);
    let covered = false;
    if (info) {
      const [, printer, min, max] = info;
      if ((min > 0 && len < min) || (max > 0 && len > max)) ctx.print(' (malformed TLV)');
      else if (ctx.verbose || type === 1) {
        if (printer) printer(ctx, p, len);
        else ctx.check(p, len);
        covered = true;
      }
    }
    if (!covered) {
      ctx.check(p, len);
      hexDump(ctx, '\n\t  ', p, len);
    }
    p += len;
    length -= len;
  }
  if (!ctx.verbose) ctx.print(`, length ${origLength}`);
}

function cdpInvalid(ctx: Ctx, p: number, length: number): void {
  ctx.print(' (invalid)');
  ctx.check(p, length);
}

function cdpAddr(ctx: Ctx, p: number, l: number): void {
  if (l < 4) {
    ctx.print(' (not enough space for num)');
    return ctx.check(p, l);
  }
  let num = ctx.u32(p);
  p += 4;
  l -= 4;
  while (num) {
    if (l < 2) {
      ctx.print(' (not enough space for PT+PL)');
      return ctx.check(p, l);
    }
    const pt = ctx.u8(p);
    let pl = ctx.u8(p + 1);
    p += 2;
    l -= 2;
    if (l < pl + 2) {
      ctx.print(' (not enough space for P+AL)');
      return ctx.check(p, l);
    }
    let al = ctx.u16(p + pl);
    if (pt === 1 && pl === 1 && ctx.u8(p) === 0xcc && al === 4) {
      p += pl + 2;
      l -= pl + 2;
      if (l < al) {
        ctx.print(' (not enough space for A)');
        return ctx.check(p, l);
      }
      ctx.check(p, 4);
      ctx.print(`IPv4 (${num}) ${ipv4Text(ctx.buf, p)}`);
      p += al;
      l -= al;
    } else if (pt === 2 && pl === 8 && al === 16 && ctx.has(p, 8) && ctx.buf.readUInt32BE(p) === 0xaaaa0300 && ctx.buf.readUInt32BE(p + 4) === 0x000086dd) {
      p += pl + 2;
      l -= pl + 2;
      if (l < al) {
        ctx.print(' (not enough space for A)');
        return ctx.check(p, l);
      }
      ctx.check(p, 16);
      ctx.print(`IPv6 (${num}) ${ipv6Text(ctx.buf, p)}`);
      p += al;
      l -= al;
    } else {
      let s = `pt=0x${hex2(pt)}, pl=${pl}, pb=`;
      try {
        while (pl !== 0) {
          s += ` ${hex2(ctx.u8(p))}`;
          p++;
          l--;
          pl--;
        }
      } finally {
        ctx.print(s);
      }
      ctx.print(`, al=${al}, a=`);
      p += 2;
      l -= 2;
      if (l < al) {
        ctx.print(' (not enough space for A)');
        return ctx.check(p, l);
      }
      s = '';
      try {
        while (al !== 0) {
          s += ` ${hex2(ctx.u8(p))}`;
          p++;
          l--;
          al--;
        }
      } finally {
        ctx.print(s);
      }
    }
    num--;
    if (num) ctx.print(' ');
  }
  if (l) ctx.print(` (${l} bytes of stray data)`);
}

function cdpPrefixes(ctx: Ctx, p: number, l: number): void {
  if (l % 5) {
    ctx.print(` [length ${l} is not a multiple of 5]`);
    return ctx.check(p, l);
  }
  ctx.print(` IPv4 Prefixes (${l / 5}):`);
  while (l > 0) {
    ctx.print(` ${ctx.u8(p)}.${ctx.u8(p + 1)}.${ctx.u8(p + 2)}.${ctx.u8(p + 3)}/${ctx.u8(p + 4)}`);
    l -= 5;
    p += 5;
  }
}

// ---------------------------------------------------------------------------------------------
// DTP and UDLD

const DTP_TLVS = new Map<number, string>([[1, 'Domain'], [2, 'Status'], [3, 'DTP type'], [4, 'Neighbor']]);

/** Cisco Dynamic Trunking Protocol at `p`. */
export function dtpPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'dtp';
  if (length < 1) {
    ctx.print('[zero packet length]');
    return cdpInvalid(ctx, p, length);
  }
  ctx.print(`DTPv${ctx.u8(p)}, length ${length}`);
  if (!ctx.verbose) return;
  p += 1;
  length -= 1;
  while (length) {
    if (length < 4) {
      ctx.print(`[${length} bytes remaining]`);
      return cdpInvalid(ctx, p, length);
    }
    const type = ctx.u16(p);
    const len = ctx.u16(p + 2);
    if (type === 0) return;
    ctx.print(`\n\t${DTP_TLVS.get(type) ?? 'Unknown'} (0x${hex4(type)}) TLV, length ${len}`);
    if (len < 4 || len > length) {
      ctx.print(`[invalid TLV length ${len}]`);
      return cdpInvalid(ctx, p, length);
    }
    switch (type) {
      case 1:
        ctx.print(', ');
        printjnp(ctx, p + 4, len - 4);
        break;
      case 2:
      case 3:
        if (len !== 5) return cdpInvalid(ctx, p, length);
        ctx.print(`, 0x${ctx.u8(p + 4).toString(16)}`);
        break;
      case 4:
        if (len !== 10) return cdpInvalid(ctx, p, length);
        ctx.check(p + 4, 6);
        ctx.print(`, ${macText(ctx.buf, p + 4)}`);
        break;
      default:
        ctx.check(p, len);
    }
    p += len;
    length -= len;
  }
}

const UDLD_CODES = new Map<number, string>([[0, 'Reserved'], [1, 'Probe message'], [2, 'Echo message'], [3, 'Flush message']]);
const UDLD_FLAGS: [number, string][] = [
  [1, 'RT'], [2, 'RSY'], [4, 'MBZ-2'], [8, 'MBZ-3'], [16, 'MBZ-4'], [32, 'MBZ-5'], [64, 'MBZ-6'], [128, 'MBZ-7'],
];
const UDLD_TLVS = new Map<number, string>([
  [1, 'Device-ID TLV'], [2, 'Port-ID TLV'], [3, 'Echo TLV'], [4, 'Message Interval TLV'],
  [5, 'Timeout Interval TLV'], [6, 'Device Name TLV'], [7, 'Sequence Number TLV'],
]);

/** Cisco UniDirectional Link Detection at `p`. */
export function udldPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'udld';
  if (length < 4) return cdpInvalid(ctx, p, length);
  const first = ctx.u8(p);
  const code = first & 0x1f;
  const flags = ctx.u8(p + 1);
  p += 2;
  length -= 2;
  ctx.print(
    `UDLDv${first >> 5}, Code ${UDLD_CODES.get(code) ?? 'Reserved'} (${code.toString(16)}), Flags [${bitNames(UDLD_FLAGS, flags, 'none')}] (0x${hex2(flags)}), length ${length + 2}`,
  );
  if (!ctx.verbose) return ctx.check(p, length);
  ctx.print(`\n\tChecksum 0x${hex4(ctx.u16(p))} (unverified)`);
  p += 2;
  length -= 2;
  while (length) {
    if (length < 4) return cdpInvalid(ctx, p, length);
    const type = ctx.u16(p);
    let len = ctx.u16(p + 2);
    p += 4;
    length -= 4;
    ctx.print(`\n\t${UDLD_TLVS.get(type) ?? 'Unknown'} (0x${hex4(type)}) TLV, length ${len}`);
    if (len <= 4) return cdpInvalid(ctx, p, length);
    len -= 4;
    if (length < len) return cdpInvalid(ctx, p, length);
    switch (type) {
      case 1:
      case 2:
      case 6:
        ctx.print(', ');
        printjnp(ctx, p, len);
        break;
      case 3:
        ctx.print(', ');
        printn(ctx, p, len);
        break;
      case 4:
      case 5:
        if (len !== 1) return cdpInvalid(ctx, p, length);
        ctx.print(`, ${ctx.u8(p)}s`);
        break;
      case 7:
        if (len !== 4) return cdpInvalid(ctx, p, length);
        ctx.print(`, ${ctx.u32(p)}`);
        break;
      default:
        ctx.check(p, len);
    }
    p += len;
    length -= len;
  }
}

// ---------------------------------------------------------------------------------------------
// VTP

const VTP_TYPES = new Map<number, string>([
  [1, 'Summary advertisement'], [2, 'Subset advertisement'], [3, 'Advertisement request'], [4, 'Join message'],
]);
const VTP_HEADER_FIELDS = new Map<number, string>([[1, 'Followers'], [2, 'Seq number'], [3, 'Rsvd'], [4, 'Rsvd']]);
const VTP_VLAN_TYPES = new Map<number, string>([[1, 'Ethernet'], [2, 'FDDI'], [3, 'TrCRF'], [4, 'FDDI-net'], [5, 'TrBRF']]);
const VTP_VLAN_TLVS = new Map<number, string>([
  [1, 'Source-Routing Ring Number TLV'], [2, 'Source-Routing Bridge Number TLV'], [3, 'STP type TLV'],
  [4, 'Parent VLAN TLV'], [5, 'Translationally bridged VLANs TLV'], [6, 'Pruning TLV'], [7, 'Bridge Type TLV'],
  [8, 'Max ARP Hop Count TLV'], [9, 'Max STE Hop Count TLV'], [10, 'Backup CRF Mode TLV'],
]);
const VTP_STP_TYPES = new Map<number, string>([[1, 'SRT'], [2, 'SRB'], [3, 'Auto']]);

/** Cisco VLAN Trunking Protocol at `p`. */
export function vtpPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'vtp';
  if (length < 36) return cdpInvalid(ctx, p, length);
  ctx.check(p, 36);
  const type = ctx.u8(p + 1);
  ctx.print(`VTPv${ctx.u8(p)}, Message ${VTP_TYPES.get(type) ?? 'Unknown message type'} (0x${hex2(type)}), length ${length}`);
  if (!ctx.verbose) return ctx.check(p, length);
  ctx.print('\n\tDomain name: ');
  const domainLen = ctx.u8(p + 3);
  if (domainLen < 1 || domainLen > 32) {
    ctx.print(` [invalid MgmtD Len ${domainLen}]`);
    return cdpInvalid(ctx, p, length);
  }
  printjnp(ctx, p + 4, domainLen);
  ctx.print(`, ${VTP_HEADER_FIELDS.get(type) ?? 'Unknown'}: ${ctx.u8(p + 2)}`);
  let t = p + 36;
  switch (type) {
    case 1:
      ctx.print(`\n\t  Config Rev ${ctx.u32(t).toString(16)}, Updater ${(ctx.check(t + 4, 4), ipv4Text(ctx.buf, t + 4))}`);
      t += 8;
      ctx.print(`, Timestamp 0x${u32hex(ctx, t)} 0x${u32hex(ctx, t + 4)} 0x${u32hex(ctx, t + 8)}`);
      t += 12;
      ctx.print(`, MD5 digest: ${u32hex(ctx, t)}${u32hex(ctx, t + 4)}${u32hex(ctx, t + 8)}${u32hex(ctx, t + 12)}`);
      return;
    case 2:
      ctx.print(`, Config Rev ${ctx.u32(t).toString(16)}`);
      t += 4;
      while (t - p < length) {
        let len = ctx.u8(t);
        if (len === 0) break;
        ctx.check(t, len);
        if (len < 12) return cdpInvalid(ctx, p, length);
        const status = ctx.u8(t + 1);
        ctx.print(
          `\n\tVLAN info status ${status === 0 ? 'Operational' : status === 1 ? 'Suspended' : 'Unknown'}, type ${VTP_VLAN_TYPES.get(ctx.u8(t + 2)) ?? 'Unknown'}, VLAN-id ${ctx.u16(t + 4)}, MTU ${ctx.u16(t + 6)}, SAID 0x${u32hex(ctx, t + 8)}, Name `,
        );
        const nameLen = ctx.u8(t + 3);
        len -= 12;
        t += 12;
        const padded = 4 * Math.floor((nameLen + 3) / 4);
        if (len < padded) return cdpInvalid(ctx, p, length);
        printjnp(ctx, t, nameLen);
        len -= padded;
        t += padded;
        while (len > 0) {
          if (len < 2) return cdpInvalid(ctx, p, length);
          const tlvType = ctx.u8(t);
          const tlvLen = ctx.u8(t + 1);
          ctx.print(`\n\t\t${VTP_VLAN_TLVS.get(tlvType) ?? 'Unknown'} (0x${hex4(tlvType)}) TLV`);
          if (len < tlvLen * 2 + 2) {
            ctx.print(' (TLV goes past the end of the packet)');
            return cdpInvalid(ctx, p, length);
          }
          ctx.check(t, tlvLen * 2 + 2);
          if (tlvLen !== 1) {
            ctx.print(` (invalid TLV length ${tlvLen} != 1)`);
            return cdpInvalid(ctx, p, length);
          }
          const v = ctx.u16(t + 2);
          switch (tlvType) {
            case 9:
              ctx.print(`, ${v}`);
              break;
            case 6:
              ctx.print(`, ${v === 1 ? 'Enabled' : 'Disabled'} (${v})`);
              break;
            case 3:
              ctx.print(`, ${VTP_STP_TYPES.get(v) ?? 'Unknown'} (${v})`);
              break;
            case 7:
              ctx.print(`, ${v === 1 ? 'SRB' : 'SRT'} (${v})`);
              break;
            case 10:
              ctx.print(`, ${v === 1 ? 'Backup' : 'Not backup'} (${v})`);
              break;
            default:
              hexDump(ctx, '\n\t\t  ', t, 2 + tlvLen * 2);
          }
          len -= 2 + tlvLen * 2;
          t += 2 + tlvLen * 2;
        }
      }
      return;
    case 3:
      ctx.print(`\n\tStart value: ${ctx.u32(t)}`);
      return;
  }
}
