/**
 * PGM (RFC 3208, IP protocol 113) as tcpdump 4.99 prints it: ports and `PGM, length N`, and with
 * -v the global source ID, each packet type's fields and the options, tcpdump's quirks included
 * (a NAK's group address family read one field late, options skipped by two bytes too many).
 */
import { GotoTrunc, type Ctx } from './context.js';
import type { IpInfo } from './ip.js';
import { hex2, hexPad, ipv4Text, ipv6Text } from './util.js';

/**
 * A network-layer address at `p` by its address family: its text and length; other families and
 * cuts go to pgm_print's trunc label (GotoTrunc).
 */
function nla(ctx: Ctx, afi: number, p: number): [string, number] {
  if (afi === 1) {
    ctx.need(p, 4);
    return [ipv4Text(ctx.buf, p), 4];
  }
  if (afi === 2) {
    ctx.need(p, 16);
    return [ipv6Text(ctx.buf, p), 16];
  }
  throw new GotoTrunc();
}

/**
 * Prints a PGM packet at `off`; `length` is the IP payload length. tcpdump's ND_TCHECKs in
 * pgm_print (headers, addresses, options) go to its trunc label: the marker, and the packet goes
 * on (no longjmp; GotoTrunc, caught here); its other reads give the packet up (Truncated).
 */
export function pgmPrint(ctx: Ctx, off: number, length: number, ip: IpInfo): void {
  ctx.protocol = 'pgm';
  try {
    pgmBody(ctx, off, length, ip);
  } catch (e) {
    if (!(e instanceof GotoTrunc)) throw e;
    ctx.trunc();
  }
}

function pgmBody(ctx: Ctx, off: number, length: number, ip: IpInfo): void {
  if (!ctx.has(off + 2, 2)) {
    ctx.print(`${ip.src} > ${ip.dst}:`);
    ctx.trunc();
    return;
  }
  const sport = ctx.u16(off);
  const dport = ctx.u16(off + 2);
  if (ip.headerProto === 113) ctx.print(`${ip.src}.${sport} > ${ip.dst}.${dport}: `);
  else ctx.print(`${sport} > ${dport}: `);
  ctx.need(off, 16);
  ctx.print(`PGM, length ${ctx.u16(off + 14)}`);
  if (!ctx.verbose) return;
  const type = ctx.u8(off + 4);
  const b = ctx.buf;
  ctx.print(` 0x${hex2(b[off + 8]!)}${hex2(b[off + 9]!)}${hex2(b[off + 10]!)}${hex2(b[off + 11]!)}${hex2(b[off + 12]!)}${hex2(b[off + 13]!)} `);
  const h = off + 16;
  // Where the options start; tcpdump leaves it at the header for the types it has no body for.
  let p = off;
  switch (type) {
    case 0: {
      ctx.need(h, 16);
      const [addr, n] = nla(ctx, ctx.u16(h + 12), h + 16);
      ctx.print(`SPM seq ${ctx.u32(h)} trail ${ctx.u32(h + 4)} lead ${ctx.u32(h + 8)} nla ${addr}`);
      p = h + 16 + n;
      break;
    }
    case 1: {
      ctx.need(h, 12);
      const [addr, n] = nla(ctx, ctx.u16(h + 8), h + 12);
      const q = h + 12 + n;
      const ivl = ctx.u32(q);
      const rnd = ctx.u32(q + 4);
      const mask = ctx.u32(q + 8);
      ctx.print(`POLL seq ${ctx.u32(h)} round ${ctx.u16(h + 4)} nla ${addr} ivl ${ivl} rnd 0x${hexPad(rnd, 8)} mask 0x${hexPad(mask, 8)}`);
      p = q + 12;
      break;
    }
    case 2:
      ctx.need(h, 8);
      ctx.print(`POLR seq ${ctx.u32(h)} round ${ctx.u16(h + 4)}`);
      p = h + 8;
      break;
    case 4:
    case 5:
      ctx.need(h, 8);
      ctx.print(`${type === 4 ? 'ODATA' : 'RDATA'} trail ${ctx.u32(h + 4)} seq ${ctx.u32(h)}`);
      p = h + 8;
      break;
    case 8:
    case 9:
    case 10: {
      ctx.need(h, 8);
      const [src, n] = nla(ctx, ctx.u16(h + 4), h + 8);
      // tcpdump steps over the group's family and reserved fields before reading the family.
      const g = h + 8 + n + 4;
      const [grp] = nla(ctx, ctx.u16(g), g);
      ctx.print(type === 8 ? 'NAK ' : type === 9 ? 'NNAK ' : 'NCF ');
      ctx.print(`(${src} -> ${grp}), seq ${ctx.u32(h)}`);
      // The options would start after the group address; tcpdump leaves its cursor there, past a family it never read.
      p = g + (ctx.u16(g) === 1 ? 4 : 16);
      break;
    }
    case 11:
      ctx.need(h, 8);
      ctx.print(`ACK seq ${ctx.u32(h)}`);
      p = h + 8;
      break;
    case 12:
      ctx.print('SPMR');
      break;
    default:
      ctx.print(`UNKNOWN type 0x${hex2(type)}`);
  }
  if (ctx.u8(off + 5) & 1 && !options(ctx, p)) return;
  ctx.print(` [${length}]`);
}

/** Fixed option lengths (RFC 3208 9) by type; others are variable or unchecked. */
const FIXED: Record<number, [number, string]> = {
  0x01: [16, 'OPT_FRAGMENT'], 0x03: [8, 'OPT_JOIN'], 0x04: [12, 'OPT_NAK_BO_IVL'], 0x05: [12, 'OPT_NAK_BO_RNG'],
  0x08: [8, 'OPT_PARITY_PRM'], 0x09: [8, 'OPT_PARITY_GRP'], 0x0a: [8, 'OPT_CURR_TGSIZE'], 0x0b: [4, 'OPT_NBR_UNREACH'],
  0x0d: [4, 'OPT_SYN'], 0x0e: [4, 'OPT_FIN'], 0x0f: [4, 'OPT_RST'], 0x11: [4, 'OPT_CRQST'],
};

/** The options at `p`; false when tcpdump stops the line there (no length after them). */
function options(ctx: Ctx, p: number): boolean {
  ctx.need(p, 4);
  let type = ctx.u8(p);
  if ((type & 0x7f) !== 0) {
    ctx.print(`[First option bad, should be PGM_OPT_LENGTH, is ${type & 0x7f}]`);
    return false;
  }
  let olen = ctx.u8(p + 1);
  if (olen !== 4) {
    ctx.print(`[Bad OPT_LENGTH option, length ${olen} != 4]`);
    return false;
  }
  let total = ctx.u16(p + 2);
  p += 4;
  if (total < 4) {
    ctx.print(`[Bad total option length ${total} < 4]`);
    return false;
  }
  ctx.print(` OPTS LEN ${total}`);
  total -= 4;
  while (total) {
    if (total < 4) {
      ctx.print('[Total option length leaves no room for final option]');
      return false;
    }
    type = ctx.u8(p);
    olen = ctx.u8(p + 1);
    p += 2;
    if (olen < 4) {
      ctx.print(`[Bad option, length ${olen} < 4]`);
      break;
    }
    if (total < olen) {
      ctx.print('[Total option length leaves no room for final option]');
      return false;
    }
    ctx.need(p, olen - 2);
    const t = type & 0x7f;
    const fixed = FIXED[t];
    if (fixed && olen !== fixed[0]) {
      ctx.print(`[Bad ${fixed[1]} option, length ${olen} != ${fixed[0]}]`);
      return false;
    }
    switch (t) {
      case 0x00:
        if (olen !== 4) {
          ctx.print(`[Bad OPT_LENGTH option, length ${olen} != 4]`);
          return false;
        }
        ctx.print(` OPTS LEN (extra?) ${ctx.u16(p)}`);
        p += 2;
        total -= 4;
        break;
      case 0x01:
        ctx.print(` FRAG seq ${ctx.u32(p + 2)} off ${ctx.u32(p + 6)} len ${ctx.u32(p + 10)}`);
        p += 14;
        total -= 16;
        break;
      case 0x02: {
        p += 2;
        let n = olen - 4;
        ctx.print(' NAK LIST');
        while (n) {
          if (n < 4) {
            ctx.print('[Option length not a multiple of 4]');
            return false;
          }
          ctx.print(` ${ctx.u32(p)}`);
          p += 4;
          n -= 4;
          total -= 4;
        }
        break;
      }
      case 0x03:
        ctx.print(` JOIN ${ctx.u32(p + 2)}`);
        p += 6;
        total -= 8;
        break;
      case 0x04:
      case 0x05: {
        const a = ctx.u32(p + 2);
        const c = ctx.u32(p + 6);
        ctx.print(t === 4 ? ` BACKOFF ivl ${a} ivlseq ${c}` : ` BACKOFF max ${a} min ${c}`);
        p += 10;
        total -= 12;
        break;
      }
      case 0x07:
      case 0x12:
      case 0x13: {
        const name = t === 0x07 ? 'OPT_REDIRECT' : t === 0x12 ? 'OPT_PGMCC_DATA' : 'OPT_PGMCC_FEEDBACK';
        const fixedLen = t === 0x07 ? 8 : 12;
        if (olen < fixedLen) {
          ctx.print(`[Bad ${t === 0x13 ? 'PGM_OPT_PGMCC_FEEDBACK' : name} option, length ${olen} < ${fixedLen}]`);
          return false;
        }
        p += 2;
        let value = 0;
        if (t !== 0x07) {
          value = ctx.u32(p);
          p += 4;
        }
        const afi = ctx.u16(p);
        p += 4;
        const size = afi === 1 ? 4 : afi === 2 ? 16 : 0;
        if (size === 0) throw new GotoTrunc();
        if (olen !== fixedLen + size) {
          ctx.print(`[Bad ${name} option, length ${olen} != ${fixedLen} + address size]`);
          return false;
        }
        const [addr] = nla(ctx, afi, p);
        p += size;
        total -= fixedLen + size;
        ctx.print(t === 0x07 ? ` REDIRECT ${addr}` : ` PGMCC ${t === 0x12 ? 'DATA' : 'FEEDBACK'} ${value} ${addr}`);
        break;
      }
      case 0x08:
        ctx.print(` PARITY MAXTGS ${ctx.u32(p + 2)}`);
        p += 6;
        total -= 8;
        break;
      case 0x09:
        ctx.print(` PARITY GROUP ${ctx.u32(p + 2)}`);
        p += 6;
        total -= 8;
        break;
      case 0x0a:
        ctx.print(` PARITY ATGS ${ctx.u32(p + 2)}`);
        p += 6;
        total -= 8;
        break;
      case 0x0b:
      case 0x0d:
      case 0x0e:
      case 0x0f:
      case 0x11:
        ctx.print(t === 0x0b ? ' NBR_UNREACH' : t === 0x0d ? ' SYN' : t === 0x0e ? ' FIN' : t === 0x0f ? ' RST' : ' CRQST');
        p += 2;
        total -= 4;
        break;
      case 0x0c:
        ctx.print(` PATH_NLA [${olen}]`);
        p += olen;
        total -= olen;
        break;
      case 0x10:
        ctx.print(' CR');
        p += olen;
        total -= olen;
        break;
      default:
        ctx.print(` OPT_${hex2(type).toUpperCase()} [${olen}] `);
        p += olen;
        total -= olen;
    }
    if (type & 0x80) break;
  }
  return true;
}
