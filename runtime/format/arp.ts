/**
 * ARP and RARP for Ethernet/IPv4 as tcpdump prints them without -v.
 */
import type { Ctx } from './context.js';
import { hexAsciiDump, ipv4Text } from './util.js';

const OPS = new Map<number, string>([
  [1, 'Request'], [2, 'Reply'], [3, 'Reverse Request'], [4, 'Reverse Reply'],
  [8, 'Inverse Request'], [9, 'Inverse Reply'], [10, 'NACK Reply'],
]);

const HRD = new Map<number, string>([
  [1, 'Ethernet'], [6, 'TokenRing'], [7, 'ArcNet'], [15, 'FrameRelay'], [16, 'ATM'],
  [24, 'IEEE 1394'], [32, 'InfiniBand'], [0x1b, 'Strip'],
]);

const PROTO_NAMES = new Map<number, string>([
  [0x0800, 'IPv4'], [0x86dd, 'IPv6'], [0x0806, 'ARP'], [0x1000, 'Trail'],
]);

/** Link-layer address text: colon-separated hex of `len` bytes (empty for 0). */
function linkAddr(ctx: Ctx, off: number, len: number): string {
  ctx.check(off, len);
  const parts: string[] = [];
  for (let i = 0; i < len; i++) parts.push(ctx.buf[off + i]!.toString(16).padStart(2, '0'));
  return parts.join(':');
}

/** Prints an ARP packet at `bp`; `length` is what the link layer carries. */
export function arpPrint(ctx: Ctx, bp: number, length: number): void {
  ctx.protocol = 'arp';
  ctx.check(bp, 8);
  const hrd = ctx.u16(bp);
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
  if (!ipProto || pln !== 4 || hln === 0) {
    ctx.print(
      `${HRD.get(hrd) ?? `Unknown Hardware (${hrd})`} (len ${hln}), ` +
        `${PROTO_NAMES.get(pro) ?? `Unknown Protocol (0x${pro.toString(16).padStart(4, '0')})`} (len ${pln})`,
    );
    ctx.print(`, length ${length}`);
    return;
  }
  const paddr = (off: number): string => ipv4Text(ctx.buf, off);
  ctx.print(`${OPS.get(op) ?? `Unknown (${op})`} `);
  switch (op) {
    case 1: {
      ctx.print(`who-has ${paddr(tpa)}`);
      const t = ctx.bytes(tha, hln);
      if (t.some((x) => x !== 0)) ctx.print(` (${linkAddr(ctx, tha, hln)})`);
      ctx.print(` tell ${paddr(spa)}`);
      break;
    }
    case 2:
      ctx.print(`${paddr(spa)} is-at ${linkAddr(ctx, sha, hln)}`);
      break;
    case 3:
    case 8:
      ctx.print(`who-is ${linkAddr(ctx, tha, hln)} tell ${linkAddr(ctx, sha, hln)}`);
      break;
    case 4:
      ctx.print(`${linkAddr(ctx, tha, hln)} at ${paddr(tpa)}`);
      break;
    case 9:
      ctx.print(`${linkAddr(ctx, sha, hln)} at ${paddr(spa)}`);
      break;
    default:
      hexAsciiDump(ctx, '\n\t', bp, ctx.avail(bp));
      return;
  }
  ctx.print(`, length ${length}`);
}
