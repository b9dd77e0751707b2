/**
 * ARP, RARP, ATM ARP (RFC 2225) and Frame Relay ARP as tcpdump 4.99 prints them without -v.
 */
import type { Ctx } from './context.js';
import { ETHERTYPE_NAMES } from './ether.js';
import { hexAsciiDump, ipv4Text } from './util.js';

const OPS = new Map<number, string>([
  [1, 'Request'], [2, 'Reply'], [3, 'Reverse Request'], [4, 'Reverse Reply'],
  [8, 'Inverse Request'], [9, 'Inverse Reply'], [10, 'NACK Reply'],
]);

const HRD = new Map<number, string>([
  [1, 'Ethernet'], [6, 'TokenRing'], [7, 'ArcNet'], [15, 'FrameRelay'], [23, 'Strip'],
  [24, 'IEEE 1394'], [19, 'ATM'], [32, 'InfiniBand'],
]);

const HRD_FRELAY = 15;
const HRD_ATM = 19;

function hrdText(hrd: number): string {
  return HRD.get(hrd) ?? `Unknown Hardware (${hrd})`;
}

function proText(pro: number): string {
  return ETHERTYPE_NAMES.get(pro) ?? `Unknown Protocol (0x${pro.toString(16).padStart(4, '0')})`;
}

/** Colon-separated hex of `len` bytes; "<empty>" for none (tcpdump's linkaddr_string). */
function hexAddr(ctx: Ctx, off: number, len: number): string {
  if (len === 0) return '<empty>';
  ctx.check(off, len);
  const parts: string[] = [];
  for (let i = 0; i < len; i++) parts.push(ctx.buf[off + i]!.toString(16).padStart(2, '0'));
  return parts.join(':');
}

/** A Q.922 (Frame Relay) address as tcpdump's q922_string prints it. */
function q922(ctx: Ctx, p: number, length: number): string {
  if (!ctx.has(p, 1) || length < 1) return '<Truncated>';
  if (ctx.u8(p) & 1) return '<Invalid DLCI>';
  if (!ctx.has(p + 1, 1) || length < 2) return '<Truncated>';
  let dlci = ((ctx.u8(p) & 0xfc) << 2) | ((ctx.u8(p + 1) & 0xf0) >> 4);
  if (ctx.u8(p + 1) & 1) return `DLCI ${dlci}`;
  p += 2;
  length -= 2;
  if (!ctx.has(p, 1) || length < 1) return '<Truncated>';
  if ((ctx.u8(p) & 1) === 0) {
    dlci = ((dlci << 7) | (ctx.u8(p) >> 1)) >>> 0;
    p++;
    length--;
  }
  if (!ctx.has(p, 1) || length < 1) return '<Truncated>';
  if ((ctx.u8(p) & 1) === 0) return '<Invalid DLCI>';
  dlci = ((dlci << 6) | (ctx.u8(p) >> 2)) >>> 0;
  return `DLCI ${dlci}`;
}

/** A protocol address; with -v it may not be IPv4 (tcpdump then says why it cannot print it). */
function protoAddr(ctx: Ctx, off: number, ipProto: boolean, len: number): string {
  if (!ipProto) return '<wrong proto type>';
  if (len !== 4) return '<wrong len>';
  ctx.check(off, 4);
  return ipv4Text(ctx.buf, off);
}

/** Prints an ARP packet at `bp`; `length` is what the link layer carries. */
export function arpPrint(ctx: Ctx, bp: number, length: number): void {
  ctx.protocol = 'arp';
  ctx.check(bp, 8);
  const hrd = ctx.u16(bp);
  if (hrd === HRD_ATM) {
    atmArpPrint(ctx, bp, length);
    return;
  }
  const pro = ctx.u16(bp + 2);
  const hln = ctx.u8(bp + 4);
  const pln = ctx.u8(bp + 5);
  const op = ctx.u16(bp + 6);
  const sha = bp + 8;
  const spa = sha + hln;
  const tha = spa + pln;
  const tpa = tha + hln;
  ctx.check(tpa, pln);
  if (!ctx.eflag) ctx.print('ARP, ');
  const ipProto = pro === 0x0800 || pro === 0x1000;
  if (!ipProto || pln !== 4 || hln === 0 || ctx.verbose) {
    ctx.print(`${hrdText(hrd)} (len ${hln}), ${proText(pro)} (len ${pln})`);
    if (!ctx.verbose) {
      ctx.print(`, length ${length}`);
      return;
    }
  }
  const link = (off: number): string =>
    hrd === HRD_FRELAY ? q922(ctx, off, hln) : hexAddr(ctx, off, hln);
  const paddr = (off: number): string => protoAddr(ctx, off, ipProto, pln);
  ctx.print(`${ctx.verbose ? ', ' : ''}${OPS.get(op) ?? `Unknown (${op})`} `);
  switch (op) {
    case 1: {
      ctx.print(`who-has ${paddr(tpa)}`);
      const t = ctx.bytes(tha, hln);
      if (t.some((x) => x !== 0)) ctx.print(` (${link(tha)})`);
      ctx.print(` tell ${paddr(spa)}`);
      break;
    }
    case 2:
      ctx.print(`${paddr(spa)} is-at ${link(sha)}`);
      break;
    case 3:
    case 8:
      ctx.print(`who-is ${link(tha)} tell ${link(sha)}`);
      break;
    case 4:
      ctx.print(`${link(tha)} at ${paddr(tpa)}`);
      break;
    case 9:
      ctx.print(`${link(sha)} at ${paddr(spa)}`);
      break;
    default:
      hexAsciiDump(ctx, '\n\t', bp, ctx.avail(bp));
      return;
  }
  ctx.print(`, length ${length}`);
}

/** ATM ARP (RFC 2225): type/length bytes for the ATM number and subaddress of each side. */
function atmArpPrint(ctx: Ctx, bp: number, length: number): void {
  ctx.check(bp, 12);
  const hrd = ctx.u16(bp);
  const pro = ctx.u16(bp + 2);
  const shtl = ctx.u8(bp + 4) & 0x3f;
  const sstl = ctx.u8(bp + 5) & 0x3f;
  const op = ctx.u16(bp + 6);
  const spln = ctx.u8(bp + 8);
  const thtl = ctx.u8(bp + 9) & 0x3f;
  const tstl = ctx.u8(bp + 10) & 0x3f;
  const tpln = ctx.u8(bp + 11);
  const sha = bp + 12;
  const ssa = sha + shtl;
  const spa = ssa + sstl;
  const tha = spa + spln;
  const tsa = tha + thtl;
  const tpa = tsa + tstl;
  ctx.check(tpa, tpln);
  if (!ctx.eflag) ctx.print('ARP, ');
  const ipProto = pro === 0x0800 || pro === 0x1000;
  if (!ipProto || spln !== 4 || tpln !== 4 || ctx.verbose) {
    ctx.print(`${hrdText(hrd)}, ${proText(pro)} (len ${spln}/${tpln})`);
    if (!ctx.verbose) {
      ctx.print(`, length ${length}`);
      return;
    }
  }
  const addr = (ha: number, haLen: number, sa: number, saLen: number): string => {
    if (haLen === 0) return '<No address>';
    let s = hexAddr(ctx, ha, haLen);
    if (saLen !== 0) s += `,${hexAddr(ctx, sa, saLen)}`;
    return s;
  };
  const paddr = (off: number): string => protoAddr(ctx, off, ipProto, off === spa ? spln : tpln);
  ctx.print(`${ctx.verbose ? ', ' : ''}${OPS.get(op) ?? `Unknown (${op})`} `);
  switch (op) {
    case 1:
      ctx.print(`who-has ${paddr(tpa)}`);
      if (thtl !== 0) ctx.print(` (${addr(tha, thtl, tsa, tstl)})`);
      ctx.print(` tell ${paddr(spa)}`);
      break;
    case 2:
      ctx.print(`${paddr(spa)} is-at ${addr(sha, shtl, ssa, sstl)}`);
      break;
    case 8:
      ctx.print(`who-is ${addr(tha, thtl, tsa, tstl)} tell ${addr(sha, shtl, ssa, sstl)}`);
      break;
    case 9:
      // tcpdump prints no space before "at" here.
      ctx.print(`${addr(sha, shtl, ssa, sstl)}at ${paddr(spa)}`);
      break;
    case 10:
      ctx.print(`for ${paddr(spa)}`);
      break;
    default:
      hexAsciiDump(ctx, '\n\t', bp, ctx.avail(bp));
      return;
  }
  ctx.print(`, length ${length}`);
}
