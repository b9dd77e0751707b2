/**
 * The IPv6 mobility header (RFC 6275, next header 135, and the pre-standard 62) as tcpdump 4.99
 * prints it: the message type and its fields (binding refresh requests, home and care-of tests,
 * binding updates, acknowledgments and errors), and with -v the cookies, tokens and options.
 */
import type { Ctx } from './context.js';
import { hexPad, ipv6Text } from './util.js';

const TYPES = ['BRR', 'HoTI', 'CoTI', 'HoT', 'CoT', 'BU', 'BA', 'BE'];
/** The smallest header each type fits in. */
const MIN_LENGTHS = [8, 16, 16, 24, 24, 12, 12, 24];

/**
 * Prints a mobility header at `p`. Where tcpdump's mobility_print goes to its trunc label (a
 * length byte past the capture, a header too short for its type, a binding update's flags, the
 * options with -v) it prints the marker and returns, and so does this (no longjmp: the -x dump
 * keeps the link-layer header off); its other reads give the packet up (Truncated).
 */
export function mobilityPrint(ctx: Ctx, p: number): void {
  ctx.protocol = 'mobility';
  if (!ctx.tcheck(p + 1, 1)) return;
  const mhlen = (ctx.u8(p + 1) + 1) * 8;
  const type = ctx.u8(p + 2);
  if (type <= 7 && mhlen < MIN_LENGTHS[type]!) {
    ctx.print(`(header length ${mhlen} is too small for type ${type})`);
    ctx.trunc();
    return;
  }
  ctx.print(`mobility: ${TYPES[type] ?? `type-#${type}`}`);
  let hlen = 8;
  const v = ctx.verbose > 0;
  switch (type) {
    case 0:
      break;
    case 1:
    case 2:
      if (v) ctx.print(` ${type === 1 ? 'Home' : 'Care-of'} Init Cookie=${hexPad(ctx.u32(p + 8), 8)}:${hexPad(ctx.u32(p + 12), 8)}`);
      hlen = 16;
      break;
    case 3:
    case 4: {
      ctx.print(` nonce id=0x${ctx.u16(p + 6).toString(16)}`);
      const who = type === 3 ? 'Home' : 'Care-of';
      if (v) ctx.print(` ${who} Init Cookie=${hexPad(ctx.u32(p + 8), 8)}:${hexPad(ctx.u32(p + 12), 8)}`);
      if (v) ctx.print(` ${who} Keygen Token=${hexPad(ctx.u32(p + 16), 8)}:${hexPad(ctx.u32(p + 20), 8)}`);
      hlen = 24;
      break;
    }
    case 5: {
      ctx.print(` seq#=${ctx.u16(p + 6)}`);
      if (!ctx.tcheck(p + 8, 2)) return;
      const bits = ctx.buf[p + 8]! >> 4;
      if (bits) ctx.print(` ${bits & 8 ? 'A' : ''}${bits & 4 ? 'H' : ''}${bits & 2 ? 'L' : ''}${bits & 1 ? 'K' : ''}`);
      ctx.print(` lifetime=${ctx.u16(p + 10) * 4}`);
      hlen = 12;
      break;
    }
    case 6:
      ctx.print(` status=${ctx.u8(p + 6)}`);
      if (ctx.u8(p + 7) & 0x80) ctx.print(' K');
      ctx.print(` seq#=${ctx.u16(p + 8)}`);
      ctx.print(` lifetime=${ctx.u16(p + 10) * 4}`);
      hlen = 12;
      break;
    case 7:
      ctx.print(` status=${ctx.u8(p + 6)}`);
      ctx.check(p + 8, 16);
      ctx.print(` homeaddr ${ipv6Text(ctx.buf, p + 8)}`);
      hlen = 24;
      break;
    default:
      ctx.print(` len=${ctx.u8(p + 1)}`);
      return;
  }
  if (v && !options(ctx, p + hlen, mhlen - hlen)) ctx.trunc();
}

/** The mobility options of `len` bytes at `p`; false where tcpdump stops (it then ends the packet). */
function options(ctx: Ctx, p: number, len: number): boolean {
  let optlen = 0;
  for (let i = 0; i < len; i += optlen) {
    const t = ctx.u8(p + i);
    if (t === 0) optlen = 1;
    else if (i + 1 < len) optlen = ctx.u8(p + i + 1) + 2;
    else return false;
    if (i + optlen > len) return false;
    // tcpdump wants the byte after the option captured too.
    if (!ctx.has(p + i + optlen, 1)) return false;
    const left = len - i;
    switch (t) {
      case 0:
        ctx.print('(pad1)');
        break;
      case 1:
        if (left < 2) return trunc(ctx, '(padn: trunc)');
        ctx.print('(padn)');
        break;
      case 2:
        if (left < 4) return trunc(ctx, '(refresh: trunc)');
        ctx.print(`(refresh: ${ctx.u16(p + i + 2) * 4})`);
        break;
      case 3:
        if (left < 18) return trunc(ctx, '(altcoa: trunc)');
        ctx.check(p + i + 2, 16);
        ctx.print(`(alt-CoA: ${ipv6Text(ctx.buf, p + i + 2)})`);
        break;
      case 4:
        if (left < 6) return trunc(ctx, '(ni: trunc)');
        ctx.print(`(ni: ho=0x${ctx.u16(p + i + 2).toString(16).padStart(4, '0')} co=0x${ctx.u16(p + i + 4).toString(16).padStart(4, '0')})`);
        break;
      case 5:
        if (left < 12) return trunc(ctx, '(auth: trunc)');
        ctx.print('(auth)');
        break;
      default:
        if (left < 2) return trunc(ctx, `(sopt_type ${t}: trunc)`);
        ctx.print(`(type-0x${t.toString(16).padStart(2, '0')}: len=${ctx.u8(p + i + 1)})`);
    }
  }
  return true;
}

function trunc(ctx: Ctx, what: string): false {
  ctx.print(what);
  return false;
}
