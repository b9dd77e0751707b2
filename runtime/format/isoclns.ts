/**
 * OSI network-layer PDUs (tcpdump's isoclns_print) as tcpdump 4.99 prints them without -v:
 * IS-IS (the PDU type and its IDs), ES-IS and CLNP (addresses and PDU type), and the other
 * NLPIDs (IPv4, IPv6, PPP, the null layer). With -v tcpdump decodes every IS-IS TLV and CLNP
 * option, which this module does not: {@link isoclnsDecodes} says when it prints like tcpdump,
 * and callers keep their fallbacks otherwise (a documented gap).
 */
import type { Ctx } from './context.js';
import { ipPrint, ip6Print } from './ip.js';
import { pppPrint } from './pppoe.js';
import { hex2, hexDump } from './util.js';

const NLPIDS = new Map<number, string>([
  [0x00, 'NULL'], [0x08, 'Q.933'], [0x09, 'LMI'], [0x80, 'SNAP'], [0x81, 'CLNP'], [0x82, 'ES-IS'], [0x83, 'IS-IS'],
  [0x84, 'CONS'], [0x85, 'IDRP'], [0xc1, 'ISIS_SPB'], [0xb1, 'FRF.15'], [0xcc, 'IPv4'], [0xcf, 'PPP'],
  [0x8a, 'X25 ES-IS'], [0x8e, 'IPv6'],
]);

/**
 * True when {@link isoclnsPrint} prints the OSI PDU at `p` as tcpdump would: without -v, and
 * not a Q.933 (Frame Relay) PDU. An uncaptured first byte counts as decoded (tcpdump's marker).
 */
export function isoclnsDecodes(ctx: Ctx, p: number): boolean {
  return !ctx.verbose && !(ctx.has(p, 1) && ctx.buf[p] === 0x08);
}

/** An OSI PDU (first byte its NLPID) of `length` bytes at `p`. */
export function isoclnsPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'isoclns';
  const nlpid = ctx.u8(p);
  if (ctx.eflag) ctx.print(`OSI NLPID ${NLPIDS.get(nlpid) ?? 'Unknown'} (0x${hex2(nlpid)}): `);
  switch (nlpid) {
    case 0x81:
      if (!clnpPrint(ctx, p, length)) hexDump(ctx, '\n\t', p, length);
      return;
    case 0x82:
      return esisPrint(ctx, p, length);
    case 0x83:
      if (!isisPrint(ctx, p, length)) hexDump(ctx, '\n\t', p, length);
      return;
    case 0x00:
      return ctx.print(`${ctx.eflag ? '' : ', '}length: ${length}`);
    case 0xcc:
      return ipPrint(ctx, p + 1, length - 1);
    case 0x8e:
      return ip6Print(ctx, p + 1, length - 1);
    case 0xcf:
      return pppPrint(ctx, p + 1, length - 1);
    default:
      if (!ctx.eflag) ctx.print(`OSI NLPID 0x${hex2(nlpid)} unknown`);
      ctx.print(`${ctx.eflag ? '' : ', '}length: ${length}`);
      if (length > 1) hexDump(ctx, '\n\t', p, length);
  }
}

/** tcpdump's isonsap_string: hex octets, a dot after the first and then every second one. */
function nsapText(ctx: Ctx, p: number, len: number): string {
  ctx.check(p, len);
  if (len < 1 || len > 20) return 'isonsap_string: illegal length';
  let s = '';
  for (let i = 0; i < len; i++) {
    s += hex2(ctx.buf[p + i]!);
    if ((i & 1) === 0 && i + 1 < len) s += '.';
  }
  return s;
}

/** The bytes from `p` to the capture's end as %02X, tcpdump's dump of a bad header. */
function upperHexToEnd(ctx: Ctx, p: number): string {
  let s = '';
  for (; p < ctx.snapend; p++) s += hex2(ctx.buf[p]!).toUpperCase();
  return s;
}

const CLNP_TYPES = new Map<number, string>([[1, 'Error Report'], [29, 'MD'], [28, 'Data'], [30, 'Echo Request'], [31, 'Echo Response']]);

function clnpPrint(ctx: Ctx, p: number, length: number): boolean {
  ctx.protocol = 'clnp';
  // Here and for the addresses: tcpdump's ND_TCHECKs with clnp_print's own trunc label, the
  // marker and no longjmp (and no dump: it returns 1).
  if (!ctx.tcheck(p, 9)) return true;
  const li = ctx.u8(p + 1);
  if (!ctx.eflag) ctx.print('CLNP');
  if (ctx.u8(p + 2) !== 1) {
    ctx.print(`version ${ctx.u8(p + 2)} packet not supported`);
    return false;
  }
  if (li > length) {
    ctx.print(` length indicator(${li}) > PDU size (${length})!`);
    return false;
  }
  if (li < 9) {
    ctx.print(` length indicator ${li} < min PDU size:${upperHexToEnd(ctx, p)}`);
    return false;
  }
  const type = ctx.u8(p + 4) & 0x1f;
  let q = p + 9;
  let rest = li - 9;
  const short = (): boolean => {
    ctx.print('li < size of fixed part of CLNP header and addresses');
    return false;
  };
  if (rest < 1) return short();
  const dstLen = ctx.u8(q);
  q++;
  rest--;
  if (rest < dstLen) return short();
  if (!ctx.tcheck(q, dstLen)) return true;
  const dst = q;
  q += dstLen;
  rest -= dstLen;
  if (rest < 1) return short();
  const srcLen = ctx.u8(q);
  q++;
  rest--;
  if (rest < srcLen) return short();
  if (!ctx.tcheck(q, srcLen)) return true;
  const src = q;
  ctx.print(
    `${ctx.eflag ? '' : ', '}${nsapText(ctx, src, srcLen)} > ${nsapText(ctx, dst, dstLen)}, ${CLNP_TYPES.get(type) ?? `unknown (${type})`}, length ${length}`,
  );
  return true;
}

const ESIS_TYPES = new Map<number, string>([[6, 'redirect'], [2, 'ESH'], [4, 'ISH']]);

function esisPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'esis';
  if (!ctx.eflag) ctx.print('ES-IS');
  if (length <= 2) return ctx.print(ctx.quick ? 'bad pkt!' : 'no header at all!');
  // esis_print's ND_TCHECK_SIZE and trunc label: the marker, no longjmp.
  if (!ctx.tcheck(p, 9)) return;
  const li = ctx.u8(p + 1);
  if (ctx.u8(p) !== 0x82) return ctx.print(` nlpid 0x${hex2(ctx.u8(p))} packet not supported`);
  const version = ctx.u8(p + 2);
  if (version !== 1) return ctx.print(` version ${version} packet not supported`);
  if (li > length) return ctx.print(` length indicator(${li}) > PDU size (${length})!`);
  if (li < 11) return ctx.print(` length indicator ${li} < min PDU size:${upperHexToEnd(ctx, p)}`);
  const type = ctx.u8(p + 4) & 0x1f;
  ctx.print(`${ctx.eflag ? '' : ', '}${ESIS_TYPES.get(type) ?? `unknown type (${type})`}, length ${length}`);
}

const ISIS_TYPES = new Map<number, string>([
  [15, 'L1 Lan IIH'], [16, 'L2 Lan IIH'], [17, 'p2p IIH'], [18, 'L1 LSP'], [20, 'L2 LSP'], [24, 'L1 CSNP'],
  [25, 'L2 CSNP'], [26, 'L1 PSNP'], [27, 'L2 PSNP'],
]);

/** tcpdump's isis_print_id: a system ID (6 bytes), node ID (7) or LSP ID (8). */
function isisId(ctx: Ctx, p: number, len: number): string {
  ctx.check(p, len);
  const b = ctx.buf;
  let s = '';
  for (let i = 0; i < Math.min(6, len); i++) {
    s += hex2(b[p + i]!);
    if (i === 1 || i === 3) s += '.';
  }
  if (len >= 7) s += `.${hex2(b[p + 6]!)}`;
  if (len === 8) s += `-${hex2(b[p + 7]!)}`;
  return s;
}

/** IS-IS without -v; false where tcpdump then dumps the PDU. */
function isisPrint(ctx: Ctx, p: number, length: number): boolean {
  ctx.protocol = 'isis';
  // Here and for the PDU headers: tcpdump's ND_TCHECK_SIZE with isis_print's own trunc label, the
  // marker and no longjmp (and no dump: it returns 1).
  if (!ctx.tcheck(p, 8)) return true;
  if (length < 8) {
    ctx.trunc();
    return true;
  }
  if (!ctx.eflag) ctx.print('IS-IS');
  const version = ctx.u8(p + 2);
  if (version !== 1) {
    ctx.print(`version ${version} packet not supported`);
    return false;
  }
  const idLength = ctx.u8(p + 3);
  if (idLength !== 6 && idLength !== 0) {
    ctx.print(`system ID length of ${idLength} is not supported`);
    return false;
  }
  const pduVersion = ctx.u8(p + 5);
  if (pduVersion !== 1) {
    ctx.print(`version ${pduVersion} packet not supported`);
    return false;
  }
  const fixedLen = ctx.u8(p + 1);
  if (length < fixedLen) {
    ctx.print(`fixed header length ${fixedLen} > packet length ${length}`);
    return false;
  }
  if (fixedLen < 8) {
    ctx.print(`fixed header length ${fixedLen} < minimum header size 8`);
    return false;
  }
  if (ctx.u8(p + 7) === 255) {
    ctx.print('bad packet -- 255 areas');
    return false;
  }
  const type = ctx.u8(p + 4);
  ctx.print(`${ctx.eflag ? '' : ', '}${ISIS_TYPES.get(type) ?? `unknown PDU-Type ${type}`}`);
  const h = p + 8;
  // The PDU-specific header's size, and what tcpdump says the fixed length should be: null when
  // the header can be printed, else what isisPrint returns (false: tcpdump dumps the PDU).
  const fixed = (size: number, said: number, dash = false): boolean | null => {
    if (fixedLen !== 8 + size) {
      ctx.print(`${dash ? '-' : ','} bogus fixed header length ${fixedLen} should be ${said}`);
      return false;
    }
    if (!ctx.tcheck(h, size)) return true;
    if (length < 8 + size) {
      ctx.trunc();
      return true;
    }
    return null;
  };
  let stop: boolean | null = null;
  switch (type) {
    case 15:
    case 16:
      if ((stop = fixed(19, 27)) !== null) return stop;
      ctx.print(`, src-id ${isisId(ctx, h + 1, 6)}`);
      ctx.print(`, lan-id ${isisId(ctx, h + 12, 7)}, prio ${ctx.u8(h + 11)}`);
      break;
    case 17:
      if ((stop = fixed(12, 20)) !== null) return stop;
      ctx.print(`, src-id ${isisId(ctx, h + 1, 6)}`);
      break;
    case 18:
    case 20:
      // tcpdump names the LSP header's size alone here, not the fixed length.
      if ((stop = fixed(19, 19)) !== null) return stop;
      ctx.print(`, lsp-id ${isisId(ctx, h + 4, 8)}, seq 0x${ctx.u32(h + 12).toString(16).padStart(8, '0')}, lifetime ${String(ctx.u16(h + 2)).padStart(5)}s`);
      break;
    case 24:
    case 25:
      if ((stop = fixed(25, 33)) !== null) return stop;
      ctx.print(`, src-id ${isisId(ctx, h + 2, 7)}`);
      break;
    case 26:
    case 27:
      if ((stop = fixed(9, 17, true)) !== null) return stop;
      ctx.print(`, src-id ${isisId(ctx, h + 2, 7)}`);
      break;
  }
  ctx.print(`, length ${length}`);
  return true;
}
