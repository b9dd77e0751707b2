/**
 * IGMP (RFC 1112, 2236, 3376) and mtrace as tcpdump 4.99 prints them: queries of every version,
 * v1/v2 reports and leaves, v3 reports with their group records (-v) and sources (-vv), and the
 * checksum with -v. DVMRP (type 0x13) and PIMv1 (0x14) over IGMP are not decoded here:
 * {@link igmpDecoded} says so, and the IP dispatch prints them as an undecoded protocol.
 */
import type { Ctx } from './context.js';
import { foldCksum, ipv4Text, sum16 } from './util.js';

const V3_RECORD_TYPES = ['', 'is_in', 'is_ex', 'to_in', 'to_ex', 'allow', 'block'];

/** False for the IGMP messages this module leaves undecoded (DVMRP, PIMv1), by the type at `off`. */
export function igmpDecoded(ctx: Ctx, off: number): boolean {
  if (!ctx.has(off, 1) || ctx.quick) return true;
  const type = ctx.buf[off]!;
  return type !== 0x13 && type !== 0x14;
}

/** tcpdump's unsigned_relts_print: 1y2w3d4h5m6s, units with a zero count left out. */
export function relTime(secs: number): string {
  if (secs === 0) return '0s';
  let s = '';
  for (const [n, unit] of RELTS_UNITS) {
    if (secs >= n) {
      s += `${Math.floor(secs / n)}${unit}`;
      secs %= n;
    }
  }
  return s;
}

const RELTS_UNITS: [number, string][] = [[31536000, 'y'], [604800, 'w'], [86400, 'd'], [3600, 'h'], [60, 'm'], [1, 's']];

function mtracePrint(ctx: Ctx, off: number, len: number, name: string): void {
  if (len < 8 + 16) {
    ctx.print(` [invalid len ${len}]`);
    return;
  }
  const q = off + 8;
  const qid = ctx.u32(q + 12) & 0xffffff;
  ctx.check(q, 12);
  ctx.print(`${name} ${qid}: ${ipv4Text(ctx.buf, q)} to ${ipv4Text(ctx.buf, q + 4)} reply-to ${ipv4Text(ctx.buf, q + 8)}`);
  if ((ctx.buf[q + 8]! & 0xf0) === 0xe0) ctx.print(` with-ttl ${ctx.u8(q + 12)}`);
}

function addr(ctx: Ctx, off: number): string {
  ctx.check(off, 4);
  return ipv4Text(ctx.buf, off);
}

function v3Report(ctx: Ctx, off: number, len: number): void {
  if (len < 16 || len & 3) {
    ctx.print(` [invalid len ${len}]`);
    return;
  }
  const ngroups = ctx.u16(off + 6);
  ctx.print(`, ${ngroups} group record(s)`);
  if (!ctx.verbose) return;
  let group = 8;
  for (let i = 0; i < ngroups; i++) {
    if (len < group + 8) {
      ctx.print(' [invalid number of groups]');
      return;
    }
    ctx.print(` [gaddr ${addr(ctx, off + group + 4)}`);
    const type = ctx.u8(off + group);
    ctx.print(` ${V3_RECORD_TYPES[type] || ` [v3-report-#${type}]`}`);
    const nsrcs = ctx.u16(off + group + 2);
    if (len < group + 8 + nsrcs * 4) {
      ctx.print(` [invalid number of sources ${nsrcs}]`);
      return;
    }
    if (ctx.verbose === 1) ctx.print(`, ${nsrcs} source(s)`);
    else {
      ctx.print(' {');
      for (let j = 0; j < nsrcs; j++) ctx.print(` ${addr(ctx, off + group + 8 + j * 4)}`);
      ctx.print(' }');
    }
    group += 8 + nsrcs * 4;
    ctx.print(']');
  }
}

function v3Query(ctx: Ctx, off: number, len: number): void {
  ctx.print(' v3');
  if (len < 12 || len & 3) {
    ctx.print(` [invalid len ${len}]`);
    return;
  }
  const mrc = ctx.u8(off + 1);
  // Max Resp Code: below 128 tenths of a second, else a floating-point exponent and mantissa.
  const mrt = mrc < 128 ? mrc : ((mrc & 0x0f) | 0x10) << (((mrc & 0x70) >> 4) + 3);
  if (mrc !== 100) {
    ctx.print(' [max resp time ');
    ctx.print(mrt < 600 ? `${Math.floor(mrt / 10)}.${mrt % 10}s` : relTime(Math.floor(mrt / 10)));
    ctx.print(']');
  }
  if (ctx.u32(off + 4) === 0) return;
  ctx.print(` [gaddr ${ipv4Text(ctx.buf, off + 4)}`);
  const nsrcs = ctx.u16(off + 10);
  if (nsrcs > 0) {
    if (len < 12 + nsrcs * 4) ctx.print(' [invalid number of sources]');
    else if (ctx.verbose > 1) {
      ctx.print(' {');
      for (let i = 0; i < nsrcs; i++) ctx.print(` ${addr(ctx, off + 12 + i * 4)}`);
      ctx.print(' }');
    } else ctx.print(`, ${nsrcs} source(s)`);
  }
  ctx.print(']');
}

/** Prints an IGMP message at `off`; `len` is the IP payload length. */
export function igmpPrint(ctx: Ctx, off: number, len: number): void {
  ctx.protocol = 'igmp';
  if (ctx.quick) {
    ctx.print('igmp');
    return;
  }
  const type = ctx.u8(off);
  switch (type) {
    case 0x11:
      ctx.print('igmp query');
      if (len >= 12) v3Query(ctx, off, len);
      else {
        const mrt = ctx.u8(off + 1);
        if (mrt) {
          ctx.print(' v2');
          if (mrt !== 100) ctx.print(` [max resp time ${mrt}]`);
        } else ctx.print(' v1');
        if (ctx.u32(off + 4)) ctx.print(` [gaddr ${ipv4Text(ctx.buf, off + 4)}]`);
        if (len !== 8) ctx.print(` [len ${len}]`);
      }
      break;
    case 0x12:
      ctx.print(`igmp v1 report ${addr(ctx, off + 4)}`);
      if (len !== 8) ctx.print(` [len ${len}]`);
      break;
    case 0x16:
      ctx.print(`igmp v2 report ${addr(ctx, off + 4)}`);
      break;
    case 0x22:
      ctx.print('igmp v3 report');
      v3Report(ctx, off, len);
      break;
    case 0x17:
      ctx.print(`igmp leave ${addr(ctx, off + 4)}`);
      break;
    case 0x1e:
      mtracePrint(ctx, off, len, 'mresp');
      break;
    case 0x1f:
      mtracePrint(ctx, off, len, 'mtrace');
      break;
    default:
      ctx.print(`igmp-${type}`);
  }
  if (ctx.verbose && len >= 4 && ctx.has(off, len) && foldCksum(sum16(ctx.buf, off, len)) !== 0) {
    ctx.print(` bad igmp cksum ${ctx.u16(off + 2).toString(16)}!`);
  }
}
