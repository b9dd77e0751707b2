/**
 * MPLS label stacks (RFC 3032) as tcpdump 4.99 prints them, then the payload: IPv4 or IPv6
 * for the explicit/implicit NULL labels, else guessed from its first byte as tcpdump does
 * (0x45-0x4f IPv4, 0x60-0x6f IPv6, 0x81-0x83 OSI). OSI payloads are dumped as data with -v,
 * where tcpdump decodes them in full (a documented gap, isoclns.ts).
 */
import type { Ctx } from './context.js';
import { ipPrint, ip6Print } from './ip.js';
import { isoclnsDecodes, isoclnsPrint } from './isoclns.js';
import { hexAsciiDump } from './util.js';

const RESERVED_LABELS = [
  'IPv4 explicit NULL', 'router alert', 'IPv6 explicit NULL', 'implicit NULL', 'rsvd', 'rsvd', 'rsvd', 'rsvd',
  'rsvd', 'rsvd', 'rsvd', 'rsvd', 'rsvd', 'rsvd', 'rsvd', 'rsvd',
];

/**
 * Prints an MPLS packet (label stack and payload) of `length` bytes at `p`: what follows the
 * EtherTypes 0x8847/0x8848, PPP's MPLS protocols, GRE's and UDP's MPLS encapsulations.
 */
export function mplsPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'mpls';
  ctx.print('MPLS');
  let depth = 0;
  let entry = 0;
  do {
    if (length < 4) {
      ctx.print(' (invalid)');
      ctx.check(p, length);
      return;
    }
    entry = ctx.u32(p);
    const label = entry >>> 12;
    ctx.print(`${depth && ctx.verbose ? '\n\t' : ' '}(label ${label}`);
    depth++;
    if (ctx.verbose && label < 16) ctx.print(` (${RESERVED_LABELS[label]})`);
    ctx.print(`, tc ${(entry >>> 9) & 7}${entry & 0x100 ? ', [S]' : ''}, ttl ${entry & 0xff})`);
    p += 4;
    length -= 4;
  } while (!(entry & 0x100));
  const label = entry >>> 12;
  let version = 0;
  if (label === 0 || label === 3) version = 4;
  else if (label === 2) version = 6;
  else {
    if (length < 1) return;
    const first = ctx.u8(p);
    if (first >= 0x45 && first <= 0x4f) version = 4;
    else if (first >= 0x60 && first <= 0x6f) version = 6;
    else if (first >= 0x81 && first <= 0x83 && isoclnsDecodes(ctx, p)) {
      ctx.print(' ');
      isoclnsPrint(ctx, p, length);
      return;
    }
  }
  if (version === 0) {
    if (!ctx.suppressDefault) hexAsciiDump(ctx, '\n\t', p, length);
    return;
  }
  ctx.print(ctx.verbose ? '\n\t' : ' ');
  if (version === 4) ipPrint(ctx, p, length);
  else ip6Print(ctx, p, length);
}
