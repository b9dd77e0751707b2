/**
 * PPPoE discovery and session stages (EtherTypes 0x8863/0x8864 and the 0x3c12/0x3c13 variants)
 * and the PPP printer tcpdump 4.99 runs on session payloads (and EtherType 0x880b): the
 * control protocols' code, id and length (LCP, IPCP, IP6CP, CCP, BACP, OSICP, MPLSCP), PAP,
 * CHAP, multilink, IPv4, IPv6 and MPLS; with -v the control packets' fields and the options
 * of LCP, IPCP, IP6CP, CCP and BACP; IPX; OSI without -v. Not here (documented gaps): OSI
 * payloads with -v (tcpdump decodes them in full). HDLC-escaped frames are un-escaped as
 * tcpdump does.
 */
import { Ctx, Truncated } from './context.js';
import { ipPrint, ip6Print } from './ip.js';
import { OUI_NAMES } from './llc.js';
import { ipxPrint } from './ipx.js';
import { isoclnsDecodes, isoclnsPrint } from './isoclns.js';
import { mplsPrint } from './mpls.js';
import { hex2, hex4, hexDump, ipv4Text, macText, printn, safeChar } from './util.js';

const CODES = new Map<number, string>([[0x09, 'PADI'], [0x07, 'PADO'], [0x19, 'PADR'], [0x65, 'PADS'], [0xa7, 'PADT'], [0, '']]);

const TAGS = new Map<number, string>([
  [0, 'EOL'], [0x0101, 'Service-Name'], [0x0102, 'AC-Name'], [0x0103, 'Host-Uniq'], [0x0104, 'AC-Cookie'],
  [0x0105, 'Vendor-Specific'], [0x0110, 'Relay-Session-ID'], [0x0120, 'PPP-Max-Payload'],
  [0x0201, 'Service-Name-Error'], [0x0202, 'AC-System-Error'], [0x0203, 'Generic-Error'],
]);

/** Prints a PPPoE packet of `length` bytes at `bp`. */
export function pppoePrint(ctx: Ctx, bp: number, length: number): void {
  ctx.protocol = 'pppoe';
  if (length < 6) {
    ctx.print(` (length ${length} < 6) (invalid)`);
    return;
  }
  length -= 6;
  ctx.check(bp, 6);
  const vt = ctx.u8(bp);
  const code = ctx.u8(bp + 1);
  const session = ctx.u16(bp + 2);
  let plen = ctx.u16(bp + 4);
  if (vt >> 4 !== 1) ctx.print(` [ver ${vt >> 4}]`);
  if ((vt & 0xf) !== 1) ctx.print(` [type ${vt & 0xf}]`);
  ctx.print(`PPPoE ${CODES.get(code) ?? `PAD-${code.toString(16)}`}`);
  if (code === 0x09 && plen > 1484 - 6) ctx.print(` [len ${plen}!]`);
  if (plen > length) {
    ctx.print(` [len ${plen} > ${length}!]`);
    plen = length;
  }
  if (session) ctx.print(` [ses 0x${session.toString(16)}]`);
  const payload = bp + 6;
  if (code === 0) {
    ctx.print(' ');
    pppPrint(ctx, payload, plen);
    return;
  }
  let tagType = 0xffff;
  let p = payload;
  while (tagType && p < payload + plen) {
    tagType = ctx.u16(p);
    const tagLen = ctx.u16(p + 2);
    p += 4;
    const name = TAGS.get(tagType) ?? `TAG-0x${tagType.toString(16)}`;
    if (tagLen) {
      ctx.check(p, tagLen);
      let text = '';
      let ascii = 0;
      let garbage = 0;
      for (let i = 0; i < tagLen && text.length < 79; i++) {
        const c = ctx.buf[p + i]!;
        if (c >= 0x20 && c <= 0x7e) {
          text += String.fromCharCode(c);
          ascii++;
        } else {
          text += '.';
          garbage++;
        }
      }
      if (ascii > garbage) ctx.print(` [${name} "${text}"]`);
      else {
        let h = '';
        for (let i = 0; i < tagLen; i++) h += hex2(ctx.buf[p + i]!).toUpperCase();
        ctx.print(` [${name} 0x${h}]`);
      }
    } else ctx.print(` [${name}]`);
    p += tagLen;
  }
}

const PPP_TYPES = new Map<number, string>([
  [0x0021, 'IP'], [0x0023, 'OSI'], [0x0025, 'NS'], [0x0027, 'DECNET'], [0x0029, 'APPLE'], [0x002b, 'IPX'],
  [0x002d, 'VJC IP'], [0x002f, 'VJNC IP'], [0x0031, 'BRPDU'], [0x0033, 'STII'], [0x0035, 'VINES'],
  [0x0281, 'MPLS'], [0x0283, 'MPLS'], [0x00fd, 'Compressed'], [0x003d, 'MLPPP'], [0x0057, 'IP6'],
  [0x0201, 'HELLO'], [0x0231, 'LUXCOM'], [0x0233, 'SNS'], [0x8021, 'IPCP'], [0x8023, 'OSICP'],
  [0x8025, 'NSCP'], [0x8027, 'DECNETCP'], [0x8029, 'APPLECP'], [0x802b, 'IPXCP'], [0x8033, 'STIICP'],
  [0x8035, 'VINESCP'], [0x8057, 'IP6CP'], [0x8281, 'MPLSCP'], [0xc021, 'LCP'], [0xc023, 'PAP'],
  [0xc025, 'LQM'], [0xc223, 'CHAP'], [0xc227, 'EAP'], [0xc027, 'SPAP'], [0xc123, 'Old-SPAP'],
  [0xc02b, 'BACP'], [0xc02d, 'BAP'], [0xc03d, 'MLPPP-CP'], [0x80fd, 'CCP'],
]);

const CP_CODES = new Map<number, string>([
  [0, 'Vendor-Extension'], [1, 'Conf-Request'], [2, 'Conf-Ack'], [3, 'Conf-Nack'], [4, 'Conf-Reject'],
  [5, 'Term-Request'], [6, 'Term-Ack'], [7, 'Code-Reject'], [8, 'Prot-Reject'], [9, 'Echo-Request'],
  [10, 'Echo-Reply'], [11, 'Disc-Req'], [12, 'Ident'], [13, 'Time-Rem'], [14, 'Reset-Req'], [15, 'Reset-Ack'],
]);

/**
 * Prints a PPP frame of `length` bytes at `p` (address and control bytes optional, protocol
 * field possibly compressed), as tcpdump's ppp_print.
 */
export function pppPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'ppp';
  const olen = length;
  if (length < 2) return ctx.trunc();
  const head = ctx.u16(p);
  if (head === 0x0003 || head === 0x0103 || head === 0xff03) {
    if (ctx.eflag && head !== 0xff03) ctx.print(head === 0x0003 ? 'In  ' : 'Out ');
    p += 2;
    length -= 2;
  }
  if (length < 2) return ctx.trunc();
  let proto: number;
  if (ctx.u8(p) % 2) {
    proto = ctx.u8(p);
    p++;
    length--;
  } else {
    proto = ctx.u16(p);
    p += 2;
    length -= 2;
  }
  if (ctx.eflag) {
    const name = PPP_TYPES.get(proto);
    ctx.print(`${name ?? 'unknown'} (0x${hex4(proto)}), length ${olen}`);
    if (name === undefined) return;
    ctx.print(': ');
  }
  handlePpp(ctx, proto, p, length);
}

function handlePpp(ctx: Ctx, proto: number, p: number, length: number): void {
  if ((proto & 0xff00) === 0x7e00) return pppHdlc(ctx, p - 1, length);
  switch (proto) {
    case 0xc021:
    case 0x8021:
    case 0x8023:
    case 0x8281:
    case 0x8057:
    case 0x80fd:
    case 0xc02b:
      return ctrlProto(ctx, proto, p, length);
    case 0x003d:
      if (!ctx.eflag) ctx.print('MLPPP, ');
      if (length < 2 || !ctx.has(p, 2)) return ctx.print('[|mlppp]');
      ctx.print(`seq 0x${(ctx.u16(p) & 0x0fff).toString(16).padStart(3, '0')}, Flags [${mlFlags(ctx.u8(p) & 0xc0)}], length ${length}`);
      return;
    case 0xc223:
      return chapPrint(ctx, p, length);
    case 0xc023:
      return papPrint(ctx, p, length);
    case 0xc02d:
      return;
    case 0x0800:
    case 0x002f:
    case 0x0021:
      return ipPrint(ctx, p, length);
    case 0x86dd:
    case 0x0057:
      return ip6Print(ctx, p, length);
    case 0x8137:
    case 0x002b:
      return ipxPrint(ctx, p);
    case 0x0023:
      if (isoclnsDecodes(ctx, p)) return isoclnsPrint(ctx, p, length);
      break;
    case 0x0281:
    case 0x0283:
      return mplsPrint(ctx, p, length);
    case 0x00fd:
      return ctx.print('compressed PPP data');
  }
  ctx.print(`${PPP_TYPES.get(proto) ?? `unknown PPP protocol (0x${hex4(proto)})`} `);
  hexDump(ctx, '\n\t', p, length);
}

/**
 * A protocol field starting with 0x7e (a flag byte): tcpdump un-escapes the captured bytes from
 * `p` (0x7d escapes) into a buffer of their own and guesses the protocol again from it.
 */
function pppHdlc(ctx: Ctx, p: number, length: number): void {
  const caplen = ctx.avail(p);
  if (caplen === 0 || length === 0) return;
  const bytes: number[] = [];
  for (let i = 0; i < caplen; i++) {
    let c = ctx.buf[p + i]!;
    if (c === 0x7d) {
      if (i + 1 >= caplen) break;
      i++;
      c = ctx.buf[p + i]! ^ 0x20;
    }
    bytes.push(c);
  }
  const b = Buffer.from(bytes);
  const sub = new Ctx(b, 0, b.length, ctx.eflag, ctx.tcp, ctx.verbose, ctx.quick, ctx.suppressDefault);
  sub.protocol = ctx.protocol;
  try {
    hdlcGuess(sub, b.length);
  } catch (e) {
    if (!(e instanceof Truncated)) throw e;
    ctx.print(sub.out);
    ctx.protocol = sub.protocol;
    throw e;
  }
  ctx.print(sub.out);
}

function hdlcGuess(ctx: Ctx, length: number): void {
  if (length < 1) return ctx.trunc();
  const first = ctx.u8(0);
  if (first === 0x21) return ipPrint(ctx, 1, length - 1);
  if (first === 0x57) return ip6Print(ctx, 1, length - 1);
  if (length < 2) return ctx.trunc();
  let proto = ctx.u16(0);
  let at = 2;
  if (proto === 0xff03) {
    if (length < 4) return ctx.trunc();
    proto = ctx.u16(2);
    at = 4;
  }
  if ((proto & 0xff00) === 0x7e00) return ctx.print(`(protocol 0x${hex4(proto)} invalid)`);
  handlePpp(ctx, proto, at, length - at);
}

function mlFlags(v: number): string {
  if (v === 0xc0) return 'begin, end';
  if (v === 0x80) return 'begin';
  if (v === 0x40) return 'end';
  return 'none';
}

/** The control protocols (LCP, IPCP, ...): code, id and length; with -v the encoded length. */
function ctrlProto(ctx: Ctx, proto: number, p: number, length: number): void {
  const typestr = PPP_TYPES.get(proto) ?? `unknown ctrl-proto (0x${hex4(proto)})`;
  ctx.print(`${typestr}, `);
  if (length < 4 || !ctx.has(p, 2)) return ctx.print(`[|${typestr}]`);
  const code = ctx.u8(p);
  ctx.print(`${CP_CODES.get(code) ?? 'Unknown Opcode'} (0x${hex2(code)}), id ${ctx.u8(p + 1)}, length ${length + 2}`);
  if (!ctx.verbose) return;
  const len = ctx.u16(p + 2);
  if (len < 4) return ctx.print(`\n\tencoded length ${len} (< 4))`);
  if (len > length) return ctx.print(`\n\tencoded length ${len} (> packet length ${length}))`);
  length = len;
  ctx.print(`\n\tencoded length ${len} (=Option(s) length ${len - 4})`);
  if (length === 4) return;
  if (ctx.verbose > 1) hexDump(ctx, '\n\t', p - 2, 6);
  const t = p + 4;
  switch (code) {
    case 0:
      if (length < 11) return;
      ctx.print(`\n\t  Magic-Num 0x${ctx.u32(t).toString(16).padStart(8, '0')}`);
      ctx.check(t + 4, 3);
      {
        const oui = (ctx.u8(t + 4) << 16) | ctx.u16(t + 5);
        ctx.print(` Vendor: ${OUI_NAMES.get(oui) ?? 'Unknown'} (${oui})`);
      }
      break;
    case 1:
    case 2:
    case 3:
    case 4:
      {
        const printer = OPTION_PRINTERS.get(proto);
        if (printer) optionList(ctx, t, len, printer);
      }
      break;
    case 5:
    case 6:
    case 7:
      break;
    case 8:
      if (length < 6) return;
      ctx.print(`\n\t  Rejected ${PPP_TYPES.get(ctx.u16(t)) ?? 'unknown'} Protocol (0x${hex4(ctx.u16(t))})`);
      if (len > 6) {
        ctx.print('\n\t  Rejected Packet');
        hexDump(ctx, '\n\t    ', t + 2, len - 2);
      }
      break;
    case 9:
    case 10:
    case 11:
      if (length < 8) return;
      ctx.print(`\n\t  Magic-Num 0x${ctx.u32(t).toString(16).padStart(8, '0')}`);
      if (len > 8) {
        ctx.print('\n\t  -----trailing data-----');
        ctx.check(t + 4, len - 8);
        hexDump(ctx, '\n\t  ', t + 4, len - 8);
      }
      break;
    case 12:
      if (length < 8) return;
      ctx.print(`\n\t  Magic-Num 0x${ctx.u32(t).toString(16).padStart(8, '0')}`);
      if (len > 8) {
        ctx.print('\n\t  Message\n\t    ');
        // tcpdump prints len - 4 bytes from the message (4 past the packet), up to the capture's end.
        const n = Math.min(len - 4, ctx.avail(t + 4));
        printn(ctx, t + 4, n);
        if (n < len - 4) ctx.print(`[|${typestr}]`);
      }
      break;
    case 13:
      if (length < 12) return;
      ctx.print(`\n\t  Magic-Num 0x${ctx.u32(t).toString(16).padStart(8, '0')}, Seconds-Remaining ${ctx.u32(t + 4)}s`);
      break;
    default:
      if (ctx.verbose <= 1) hexDump(ctx, '\n\t  ', p - 2, length + 2);
  }
}

function chapPrint(ctx: Ctx, p: number, length: number): void {
  const p0 = p;
  if (length < 1) return ctx.print('[|chap]');
  if (length < 4) return ctx.print(`[|chap 0x${hex2(ctx.u8(p))}]`);
  const code = ctx.u8(p);
  ctx.print(`CHAP, ${['unknown', 'Challenge', 'Response', 'Success', 'Fail'][code] ?? 'unknown'} (0x${hex2(code)})`);
  ctx.print(`, id ${ctx.u8(p + 1)}`);
  const len = ctx.u16(p + 2);
  p += 4;
  if (code === 1 || code === 2) {
    if (length - (p - p0) < 1) return;
    const valSize = ctx.u8(p);
    p++;
    if (length - (p - p0) < valSize) return;
    ctx.print(', Value ');
    for (let i = 0; i < valSize; i++, p++) ctx.print(hex2(ctx.u8(p)));
    const nameSize = (len - (p - p0)) >>> 0;
    ctx.print(', Name ');
    for (let i = 0; i < nameSize; i++, p++) ctx.print(safeChar(ctx.u8(p)));
  } else if (code === 3 || code === 4) {
    const msgSize = (len - (p - p0)) >>> 0;
    ctx.print(', Msg ');
    for (let i = 0; i < msgSize; i++, p++) ctx.print(safeChar(ctx.u8(p)));
  }
}

function papPrint(ctx: Ctx, p: number, length: number): void {
  const p0 = p;
  if (length < 1) return ctx.print('[|pap]');
  if (length < 4) return ctx.print(`[|pap 0x${hex2(ctx.u8(p))}]`);
  const code = ctx.u8(p);
  ctx.print(`PAP, ${['unknown', 'Auth-Req', 'Auth-ACK', 'Auth-NACK'][code] ?? 'unknown'} (0x${hex2(code)})`);
  ctx.print(`, id ${ctx.u8(p + 1)}`);
  const len = ctx.u16(p + 2);
  p += 4;
  if (len > length) return ctx.print(`, length ${len} > packet size`);
  length = len;
  if (length < 4) return ctx.print(`, length ${length} < PAP header length`);
  const text = (label: string): boolean => {
    if (length - (p - p0) < 1) return false;
    const n = ctx.u8(p);
    p++;
    if (length - (p - p0) < n) return false;
    ctx.print(label);
    for (let i = 0; i < n; i++, p++) ctx.print(safeChar(ctx.u8(p)));
    return true;
  };
  if (code === 1) {
    if (len < 6) return ctx.print('[|pap]');
    if (text(', Peer ')) text(', Name ');
  } else if (code === 2 || code === 3) {
    if (len < 5) return ctx.print('[|pap]');
    text(', Msg ');
  }
}

const LCP_OPTIONS = [
  'Vend-Ext', 'MRU', 'ACCM', 'Auth-Prot', 'Qual-Prot', 'Magic-Num', 'deprecated(6)', 'PFC', 'ACFC', 'FCS-Alt',
  'SDP', 'Num-Mode', 'deprecated(12)', 'Call-Back', 'deprecated(14)', 'deprecated(15)', 'deprecated(16)', 'MRRU',
  '12-Bit seq #', 'End-Disc', 'Proprietary', 'DCE-Id', 'MP+', 'Link-Disc', 'LCP-Auth-Opt', 'COBS',
  'Prefix-elision', 'Multilink-header-Form', 'I18N', 'SDL-over-SONET/SDH', 'PPP-Muxing',
];
const AUTH_ALGS = new Map<number, string>([[5, 'MD5'], [128, 'MS-CHAPv1'], [129, 'MS-CHAPv2']]);
const CALLBACKS = new Map<number, string>([[0, 'UserAuth'], [1, 'DialString'], [2, 'LocalID'], [3, 'E.164'], [4, 'X.500'], [6, 'CBCP']]);

type OptionPrinter = (ctx: Ctx, p: number, length: number) => number;

/** A control protocol's options after a Conf-* header, `len` the packet's encoded length. */
function optionList(ctx: Ctx, p: number, len: number, printer: OptionPrinter): void {
  let tlen = len - 4;
  do {
    // tcpdump bounds each option by the whole encoded length, not by what remains.
    const advance = printer(ctx, p, len);
    if (advance === 0) return;
    if (tlen < advance) {
      ctx.print(` [remaining options length ${tlen} < ${advance}] (invalid)`);
      return;
    }
    tlen -= advance;
    p += advance;
  } while (tlen !== 0);
}

/** One LCP option at `p`; its length, or 0 to stop. */
function lcpOption(ctx: Ctx, p: number, length: number): number {
  if (length < 2) return 0;
  if (!ctx.has(p, 2)) {
    ctx.print('[|lcp]');
    return 0;
  }
  const opt = ctx.u8(p);
  const len = ctx.u8(p + 1);
  if (length < len) return 0;
  const name = LCP_OPTIONS[opt];
  if (len < 2) {
    ctx.print(name !== undefined ? `\n\t  ${name} Option (0x${hex2(opt)}), length ${len} (length bogus, should be >= 2)` : `\n\tunknown LCP option 0x${hex2(opt)}`);
    return 0;
  }
  if (name === undefined) {
    ctx.print(`\n\tunknown LCP option 0x${hex2(opt)}`);
    return len;
  }
  ctx.print(`\n\t  ${name} Option (0x${hex2(opt)}), length ${len}`);
  const bogus = (what: string, ret: number): number => {
    ctx.print(` (length bogus, should be ${what})`);
    return ret;
  };
  switch (opt) {
    case 0: {
      if (len < 6) return bogus('>= 6', len);
      const oui = (ctx.u8(p + 2) << 16) | ctx.u16(p + 3);
      ctx.print(`: Vendor: ${OUI_NAMES.get(oui) ?? 'Unknown'} (${oui})`);
      break;
    }
    case 1:
    case 17:
      if (len !== 4) return bogus('= 4', opt === 1 ? len : 0);
      ctx.print(`: ${ctx.u16(p + 2)}`);
      break;
    case 2:
    case 5:
      if (len !== 6) return bogus('= 6', opt === 2 ? len : 0);
      ctx.print(`: 0x${ctx.u32(p + 2).toString(16).padStart(8, '0')}`);
      break;
    case 3: {
      if (len < 4) return bogus('>= 4', len);
      const ap = ctx.u16(p + 2);
      ctx.print(`: ${PPP_TYPES.get(ap) ?? 'Unknown Auth Proto (0x04x)'}`);
      if (ap === 0xc223) {
        const alg = ctx.u8(p + 4);
        ctx.print(`, ${AUTH_ALGS.get(alg) ?? `Unknown Auth Alg ${alg}`}`);
      } else if (ap !== 0xc023 && ap !== 0xc227 && ap !== 0xc027 && ap !== 0xc123) hexDump(ctx, '\n\t', p, len);
      break;
    }
    case 4:
      if (len < 4) return bogus('>= 4', 0);
      ctx.print(ctx.u16(p + 2) === 0xc025 ? ': LQR' : ': unknown');
      break;
    case 7:
    case 8:
      break;
    case 23:
      if (len !== 4) return bogus('= 4', 0);
      ctx.print(`: 0x${hex4(ctx.u16(p + 2))}`);
      break;
    case 13:
      if (len < 3) return bogus('>= 3', 0);
      ctx.print(`: : Callback Operation ${CALLBACKS.get(ctx.u8(p + 2)) ?? 'Unknown'} (${ctx.u8(p + 2)})`);
      break;
    case 19: {
      if (len < 3) return bogus('>= 3', 0);
      const cls = ctx.u8(p + 2);
      if (cls === 0) ctx.print(': Null');
      else if (cls === 1) ctx.print(': Local');
      else if (cls === 2) {
        if (len !== 7) return bogus('= 7', 0);
        ctx.check(p + 3, 4);
        ctx.print(`: IPv4 ${ipv4Text(ctx.buf, p + 3)}`);
      } else if (cls === 3) {
        if (len !== 9) return bogus('= 9', 0);
        ctx.check(p + 3, 6);
        ctx.print(`: MAC ${macText(ctx.buf, p + 3)}`);
      } else if (cls === 4) ctx.print(': Magic-Num-Block');
      else if (cls === 5) ctx.print(': PSNDN');
      else ctx.print(`: Unknown class ${cls}`);
      break;
    }
    default:
      if (ctx.verbose < 2) hexDump(ctx, '\n\t    ', p + 2, len - 2);
  }
  if (ctx.verbose > 1) hexDump(ctx, '\n\t    ', p + 2, len - 2);
  return len;
}

/** An option's type and length, printed; null (after tcpdump's text, if any) to stop. */
function optionHead(ctx: Ctx, p: number, length: number, names: ReadonlyMap<number, string>, unknown: string, marker: string): [number, number] | null {
  if (length < 2) return null;
  if (!ctx.has(p, 2)) {
    ctx.print(`[|${marker}]`);
    return null;
  }
  const opt = ctx.u8(p);
  const len = ctx.u8(p + 1);
  if (length < len) return null;
  ctx.print(`\n\t  ${names.get(opt) ?? unknown} Option (0x${hex2(opt)}), length ${len}`);
  if (len < 2) {
    ctx.print(' (length bogus, should be >= 2)');
    return null;
  }
  return [opt, len];
}

/** The dumps after an option: an unknown one's bytes without -vv, every option's with it. */
function optionTail(ctx: Ctx, p: number, len: number, known: boolean): number {
  if (!known && ctx.verbose < 2) hexDump(ctx, '\n\t    ', p + 2, len - 2);
  if (ctx.verbose > 1) hexDump(ctx, '\n\t    ', p + 2, len - 2);
  return len;
}

const IPCP_OPTIONS = new Map<number, string>([
  [1, 'IP-Addrs'], [2, 'IP-Comp'], [3, 'IP-Addr'], [4, 'Home-Addr'], [129, 'Pri-DNS'], [130, 'Pri-NBNS'],
  [131, 'Sec-DNS'], [132, 'Sec-NBNS'],
]);
const IPCP_COMP = new Map<number, string>([[0x002d, 'VJ-Comp'], [0x61, 'IP Header Compression']]);
const IPCP_SUBOPTS = new Map<number, string>([[1, 'RTP-Compression'], [2, 'Enhanced RTP-Compression']]);

function ipcpOption(ctx: Ctx, p: number, length: number): number {
  const head = optionHead(ctx, p, length, IPCP_OPTIONS, 'unknown', 'ipcp');
  if (!head) return 0;
  const [opt, len] = head;
  // tcpdump's -vv dump starts where its suboption walk left its pointer.
  let dumpAt = p;
  switch (opt) {
    case 1:
      if (len !== 10) return ctx.print(' (length bogus, should be = 10)'), len;
      ctx.check(p + 2, 8);
      ctx.print(`: src ${ipv4Text(ctx.buf, p + 2)}, dst ${ipv4Text(ctx.buf, p + 6)}`);
      break;
    case 2: {
      if (len < 4) return ctx.print(' (length bogus, should be >= 4)'), 0;
      const comp = ctx.u16(p + 2);
      ctx.print(`: ${IPCP_COMP.get(comp) ?? 'Unknown'} (0x${comp.toString(16).padStart(2, '0')}):`);
      if (comp === 0x61) {
        if (len < 14) return ctx.print(' (length bogus, should be >= 14)'), 0;
        if (!ctx.has(p + 2, 14)) {
          ctx.print('[|ipcp]');
          return 0;
        }
        ctx.print(
          `\n\t    TCP Space ${ctx.u16(p + 4)}, non-TCP Space ${ctx.u16(p + 6)}, maxPeriod ${ctx.u16(p + 8)}, maxTime ${ctx.u16(p + 10)}, maxHdr ${ctx.u16(p + 12)}`,
        );
        if (len > 14) {
          let total = len - 14;
          let q = p + 14;
          ctx.print(`\n\t      Suboptions, length ${total}`);
          while (total >= 2) {
            if (!ctx.has(q, 2)) {
              ctx.print('[|ipcp]');
              return 0;
            }
            const sub = ctx.u8(q);
            const subLen = ctx.u8(q + 1);
            if (sub === 0 || subLen === 0) break;
            ctx.print(`\n\t\t${IPCP_SUBOPTS.get(sub) ?? 'Unknown'} Suboption #${sub}, length ${subLen}`);
            if (total < subLen) {
              ctx.print(` [remaining suboptions length ${total} < ${subLen}] (invalid)`);
              break;
            }
            total -= subLen;
            q += subLen;
          }
          dumpAt = q;
        }
      }
      break;
    }
    case 3:
    case 4:
    case 129:
    case 130:
    case 131:
    case 132:
      if (len !== 6) return ctx.print(' (length bogus, should be = 6)'), 0;
      ctx.check(p + 2, 4);
      ctx.print(`: ${ipv4Text(ctx.buf, p + 2)}`);
      break;
    default:
      return optionTail(ctx, p, len, false);
  }
  return optionTail(ctx, dumpAt, len, true);
}

function ip6cpOption(ctx: Ctx, p: number, length: number): number {
  const head = optionHead(ctx, p, length, new Map([[1, 'Interface-ID']]), 'unknown', 'ip6cp');
  if (!head) return 0;
  const [opt, len] = head;
  if (opt !== 1) return optionTail(ctx, p, len, false);
  if (len !== 10) return ctx.print(' (length bogus, should be = 10)'), len;
  if (!ctx.has(p + 2, 8)) {
    ctx.print('[|ip6cp]');
    return 0;
  }
  ctx.print(`: ${hex4(ctx.u16(p + 2))}:${hex4(ctx.u16(p + 4))}:${hex4(ctx.u16(p + 6))}:${hex4(ctx.u16(p + 8))}`);
  return optionTail(ctx, p, len, true);
}

const CCP_OPTIONS = new Map<number, string>([
  [0, 'OUI'], [1, 'Pred-1'], [2, 'Pred-2'], [3, 'Puddle'], [16, 'HP-PPC'], [17, 'Stac-LZS'], [18, 'MPPC'],
  [19, 'Gand-FZA'], [20, 'V.42bis'], [21, 'BSD-Comp'], [23, 'LZS-DCP'], [24, 'MVRCA'], [25, 'DEC'],
  [26, 'Deflate'], [255, 'Reserved'],
]);

function ccpOption(ctx: Ctx, p: number, length: number): number {
  const head = optionHead(ctx, p, length, CCP_OPTIONS, 'Unknown', 'ccp');
  if (!head) return 0;
  const [opt, len] = head;
  switch (opt) {
    case 21:
      if (len < 3) return ctx.print(' (length bogus, should be >= 3)'), len;
      ctx.print(`: Version: ${ctx.u8(p + 2) >> 5}, Dictionary Bits: ${ctx.u8(p + 2) & 0x1f}`);
      break;
    case 24: {
      if (len < 4) return ctx.print(' (length bogus, should be >= 4)'), len;
      const b = ctx.u8(p + 2);
      ctx.print(`: Features: ${(b & 0xc0) >> 6}, PxP: ${b & 0x20 ? 'Enabled' : 'Disabled'}, History: ${b & 0x1f}, #CTX-ID: ${ctx.u8(p + 3)}`);
      break;
    }
    case 26: {
      if (len < 4) return ctx.print(' (length bogus, should be >= 4)'), len;
      const b = ctx.u8(p + 2);
      const c = ctx.u8(p + 3);
      ctx.print(`: Window: ${(b & 0xf0) >> 4}K, Method: ${(b & 0x0f) === 8 ? 'zlib' : 'unknown'} (0x${(b & 0x0f).toString(16)}), MBZ: ${(c & 0xfc) >> 2}, CHK: ${c & 3}`);
      break;
    }
    default:
      return optionTail(ctx, p, len, false);
  }
  return optionTail(ctx, p, len, true);
}

function bacpOption(ctx: Ctx, p: number, length: number): number {
  const head = optionHead(ctx, p, length, new Map([[1, 'Favored-Peer']]), 'Unknown', 'bacp');
  if (!head) return 0;
  const [opt, len] = head;
  if (opt !== 1) return optionTail(ctx, p, len, false);
  if (len !== 6) return ctx.print(' (length bogus, should be = 6)'), len;
  ctx.print(`: Magic-Num 0x${ctx.u32(p + 2).toString(16).padStart(8, '0')}`);
  return optionTail(ctx, p, len, true);
}

const OPTION_PRINTERS = new Map<number, OptionPrinter>([
  [0xc021, lcpOption], [0x8021, ipcpOption], [0x8057, ip6cpOption], [0x80fd, ccpOption], [0xc02b, bacpOption],
]);
