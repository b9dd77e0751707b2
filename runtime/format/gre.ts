/**
 * GRE (RFC 1701/2784/2890 version 0, and PPTP's enhanced GRE, version 1) as tcpdump 4.99 prints
 * it: the flags (-v), checksum offset, key, sequence and acknowledgment numbers, source routes,
 * the payload protocol (-e), and the payload: IPv4, IPv6, MPLS, IPX, AppleTalk, OSI (without -v)
 * and Ethernet (transparent bridging, 0x6558), and version 1's PPP, are decoded; an unknown
 * protocol prints as `gre-proto-0x...`.
 *
 * Not here: payloads tcpdump decodes with printers runtime/format lacks (OSI with -v, isoclns.ts):
 * {@link grePrint} returns false before printing anything of the payload, and the caller prints
 * the packet as an undecoded protocol (a documented gap).
 *
 * Also the other tunnel tcpdump decodes in IP: minimal encapsulation (RFC 2004, IP protocol 55).
 */
import type { Ctx } from './context.js';
import { atalkPrint } from './atalk.js';
import { ETHERTYPE_NAMES, innerEtherPrint } from './ether.js';
import { ipPrint, ip6Print } from './ip.js';
import { ipxPrint } from './ipx.js';
import { isoclnsDecodes, isoclnsPrint } from './isoclns.js';
import { mplsPrint } from './mpls.js';
import { pppPrint } from './pppoe.js';
import { foldCksum, hex4, ipv4Text, sum16 } from './util.js';

const GRE_CP = 0x8000;
const GRE_RP = 0x4000;
const GRE_KP = 0x2000;
const GRE_SP = 0x1000;
const GRE_AP = 0x0080;

const FLAG_NAMES: [number, string][] = [
  [GRE_CP, 'checksum present'], [GRE_RP, 'routing present'], [GRE_KP, 'key present'],
  [GRE_SP, 'sequence# present'], [0x0800, 'source routing present'], [GRE_AP, 'ack present'],
];

function flagsText(flags: number): string {
  const names = FLAG_NAMES.filter(([bit]) => flags & bit).map(([, n]) => n);
  return names.length ? names.join(', ') : 'none';
}

/**
 * Prints a GRE packet at `off`; `length` is the IP payload length. False (with nothing of the
 * payload printed, what was printed to be discarded by the caller) when the payload is one
 * runtime/format does not decode.
 */
export function grePrint(ctx: Ctx, off: number, length: number): boolean {
  ctx.protocol = 'gre';
  // Here and in every header field below: tcpdump's ND_TCHECK and length tests go to the trunc
  // label of their function, which prints the marker and returns (no longjmp).
  if (!need(ctx, off, 2, length)) return true;
  const flags = ctx.u16(off);
  const version = flags & 7;
  ctx.print(`GREv${version}`);
  if (version === 0) return gre0(ctx, off, length, flags);
  if (version === 1) return gre1(ctx, off, length, flags);
  ctx.print(' ERROR: unknown-version');
  return true;
}

/**
 * True when `n` bytes at `p` were captured and are within the `len` left; else prints the marker
 * and returns false, and the caller returns (tcpdump's ND_TCHECK and `len <` test, goto trunc).
 */
function need(ctx: Ctx, p: number, n: number, len: number): boolean {
  if (ctx.has(p, n) && len >= n) return true;
  ctx.trunc();
  return false;
}

function protoText(ctx: Ctx, prot: number): void {
  if (ctx.eflag) ctx.print(`, proto ${ETHERTYPE_NAMES.get(prot) ?? 'unknown'} (0x${hex4(prot)})`);
}

function gre0(ctx: Ctx, off: number, length: number, flags: number): boolean {
  if (ctx.verbose) ctx.print(`, Flags [${flagsText(flags)}]`);
  let p = off + 2;
  let len = length - 2;
  if (!need(ctx, p, 2, len)) return true;
  const prot = ctx.u16(p);
  p += 2;
  len -= 2;
  if (flags & (GRE_CP | GRE_RP)) {
    if (!need(ctx, p, 2, len)) return true;
    if (ctx.verbose) ctx.print(`, sum 0x${ctx.u16(p).toString(16)}`);
    p += 2;
    len -= 2;
    if (!need(ctx, p, 2, len)) return true;
    ctx.print(`, off 0x${ctx.u16(p).toString(16)}`);
    p += 2;
    len -= 2;
  }
  if (flags & GRE_KP) {
    if (!need(ctx, p, 4, len)) return true;
    ctx.print(`, key=0x${ctx.u32(p).toString(16)}`);
    p += 4;
    len -= 4;
  }
  if (flags & GRE_SP) {
    if (!need(ctx, p, 4, len)) return true;
    ctx.print(`, seq ${ctx.u32(p)}`);
    p += 4;
    len -= 4;
  }
  if (flags & GRE_RP) {
    for (;;) {
      if (!need(ctx, p, 4, len)) return true;
      const af = ctx.u16(p);
      const sreoff = ctx.u8(p + 2);
      const srelen = ctx.u8(p + 3);
      p += 4;
      len -= 4;
      if (af === 0 && srelen === 0) break;
      if (!sourceRoute(ctx, af, sreoff, srelen, p, len) || len < srelen) {
        ctx.trunc();
        return true;
      }
      p += srelen;
      len -= srelen;
    }
  }
  if (prot === 0x00fe && !isoclnsDecodes(ctx, p)) return false;
  protoText(ctx, prot);
  ctx.print(`, length ${length}`);
  ctx.print(ctx.verbose ? '\n\t' : ': ');
  switch (prot) {
    case 0x0800:
      ipPrint(ctx, p, len);
      break;
    case 0x86dd:
      ip6Print(ctx, p, len);
      break;
    case 0x8847:
      mplsPrint(ctx, p, len);
      break;
    case 0x8137:
      ipxPrint(ctx, p);
      break;
    case 0x809b:
      atalkPrint(ctx, p, len);
      break;
    case 0x00fe:
      isoclnsPrint(ctx, p, len);
      break;
    case 0x6558:
      innerEtherPrint(ctx, p, len);
      break;
    default:
      ctx.print(`gre-proto-0x${prot.toString(16)}`);
  }
  return true;
}

/** One source route entry (RFC 1701); false where tcpdump gives up (its caller then prints the marker). */
function sourceRoute(ctx: Ctx, af: number, sreoff: number, srelen: number, p: number, len: number): boolean {
  if (af !== 0x0800 && af !== 0xfffe) {
    ctx.print(`, (rtaf=0x${af.toString(16)})`);
    return true;
  }
  ctx.print(af === 0x0800 ? ', (rtaf=ip' : ', (rtaf=asn');
  const ok = srePrint(ctx, sreoff, srelen, p, len, af === 0x0800 ? 4 : 2);
  ctx.print(')');
  return ok;
}

/** The hops of a source route entry, IPv4 addresses (`size` 4) or AS numbers (2), `*` at the offset. */
function srePrint(ctx: Ctx, sreoff: number, srelen: number, p: number, len: number, size: number): boolean {
  if (sreoff & (size - 1)) {
    ctx.print(`, badoffset=${sreoff}`);
    return true;
  }
  if (srelen & (size - 1)) {
    ctx.print(`, badlength=${srelen}`);
    return true;
  }
  if (sreoff >= srelen) {
    ctx.print(`, badoff/len=${sreoff}/${srelen}`);
    return true;
  }
  for (let at = 0; at < srelen; at += size) {
    // tcpdump stops at the end of the capture or of the packet (then `)` and its marker).
    if (!ctx.has(p + at, size) || len - at < size) return false;
    const hop = size === 4 ? ipv4Text(ctx.buf, p + at) : ctx.u16(p + at).toString(16);
    ctx.print(` ${at === sreoff ? '*' : ''}${hop}`);
  }
  return true;
}

function gre1(ctx: Ctx, off: number, length: number, flags: number): boolean {
  let p = off + 2;
  let len = length - 2;
  if (ctx.verbose) ctx.print(`, Flags [${flagsText(flags)}]`);
  if (!need(ctx, p, 2, len)) return true;
  const prot = ctx.u16(p);
  p += 2;
  len -= 2;
  if (flags & GRE_KP) {
    if (!need(ctx, p, 4, len)) return true;
    ctx.print(`, call ${ctx.u32(p) & 0xffff}`);
    p += 4;
    len -= 4;
  }
  if (flags & GRE_SP) {
    if (!need(ctx, p, 4, len)) return true;
    ctx.print(`, seq ${ctx.u32(p)}`);
    p += 4;
    len -= 4;
  }
  if (flags & GRE_AP) {
    if (!need(ctx, p, 4, len)) return true;
    ctx.print(`, ack ${ctx.u32(p)}`);
    p += 4;
    len -= 4;
  }
  if (!(flags & GRE_SP)) ctx.print(', no-payload');
  protoText(ctx, prot);
  ctx.print(`, length ${length}`);
  if (!(flags & GRE_SP)) return true;
  ctx.print(ctx.verbose ? '\n\t' : ': ');
  if (prot === 0x880b) pppPrint(ctx, p, len);
  else ctx.print(`gre-proto-0x${prot.toString(16)}`);
  return true;
}

/** Prints a minimal encapsulation header (RFC 2004) at `off`; `length` is the IP payload length. */
export function mobilePrint(ctx: Ctx, off: number, length: number): void {
  ctx.protocol = 'mobile';
  if (length < 8 || !ctx.has(off, 12)) {
    ctx.trunc();
    return;
  }
  ctx.print('mobile: ');
  const proto = ctx.u16(off);
  const sum = ctx.u16(off + 2);
  // The old source address follows when its bit is set (and the checksum covers it).
  const osp = (proto & 0x80) !== 0;
  if (osp) {
    ctx.print('[S] ');
    if (ctx.verbose) ctx.print(`${ipv4Text(ctx.buf, off + 8)} `);
  } else ctx.print('[] ');
  if (ctx.verbose) {
    ctx.print(`> ${ipv4Text(ctx.buf, off + 4)} `);
    ctx.print(`(oproto=${proto >> 8})`);
  }
  if (foldCksum(sum16(ctx.buf, off, osp ? 12 : 8)) !== 0) ctx.print(` (bad checksum ${sum})`);
}
