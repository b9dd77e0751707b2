/**
 * IGMP (RFC 1112, 2236, 3376) and mtrace as tcpdump 4.99 prints them: queries of every version,
 * v1/v2 reports and leaves, v3 reports with their group records (-v) and sources (-vv), and the
 * checksum with -v; and what rides in IGMP messages: DVMRP (RFC 1075: probes, route reports,
 * neighbour lists, prunes, grafts) and PIMv1 (queries, registers, join/prune lists, asserts).
 */
import type { Ctx } from './context.js';
import { foldCksum, ipv4Text, relTime, sum16 } from './util.js';

const V3_RECORD_TYPES = ['', 'is_in', 'is_ex', 'to_in', 'to_ex', 'allow', 'block'];

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
    case 0x13:
      ctx.print('igmp dvmrp');
      if (len < 8) ctx.print(` [len ${len}]`);
      else dvmrpPrint(ctx, off, len);
      break;
    case 0x14:
      ctx.print('igmp pimv1');
      pimv1Print(ctx, off, len);
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

const DVMRP_TYPES = ['', 'Probe', 'Report', 'Ask-neighbors(old)', 'Neighbors(old)', 'Ask-neighbors2', 'Neighbors2', 'Prune', 'Graft', 'Graft-ACK'];

/** A 32-bit value as a dotted quad (tcpdump's intoa). */
function quad(v: number): string {
  return `${v >>> 24}.${(v >>> 16) & 0xff}.${(v >>> 8) & 0xff}.${v & 0xff}`;
}

/** A DVMRP message (RFC 1075, draft-ietf-idmr-dvmrp-v3) in the IGMP message at `off`, `len` (8 or more) bytes long. */
function dvmrpPrint(ctx: Ctx, off: number, len: number): void {
  ctx.protocol = 'dvmrp';
  const type = ctx.u8(off + 1);
  const p = off + 8;
  len -= 8;
  ctx.print(` ${DVMRP_TYPES[type] || `[type ${type}]`}`);
  switch (type) {
    case 1:
      if (ctx.verbose) dvmrpProbe(ctx, p, len);
      return;
    case 2:
      if (ctx.verbose > 1) dvmrpReport(ctx, p, len);
      return;
    case 4:
      dvmrpNeighbors(ctx, p, len);
      return;
    case 6:
      dvmrpNeighbors2(ctx, p, len, ctx.u8(off + 7), ctx.u8(off + 6));
      return;
    case 7:
      ctx.print(` src ${addr(ctx, p)} grp ${addr(ctx, p + 4)}`);
      ctx.print(' timer ');
      ctx.print(relTime(ctx.u32(p + 8)));
      return;
    case 8:
    case 9:
      ctx.print(` src ${addr(ctx, p)} grp ${addr(ctx, p + 4)}`);
  }
}

function dvmrpProbe(ctx: Ctx, p: number, len: number): void {
  if (len < 4) {
    ctx.print(` [full length ${len} < 4] (invalid)`);
    return;
  }
  ctx.print(ctx.verbose > 1 ? '\n\t' : ' ');
  ctx.print(`genid ${ctx.u32(p)}`);
  if (ctx.verbose < 2) return;
  for (p += 4, len -= 4; len > 0; p += 4, len -= 4) {
    if (len < 4) {
      ctx.print(`[remaining length ${len} < 4] (invalid)`);
      return;
    }
    ctx.print(`\n\tneighbor ${addr(ctx, p)}`);
  }
}

function dvmrpReport(ctx: Ctx, p: number, len: number): void {
  while (len > 0) {
    if (len < 3) {
      ctx.print(` [length ${len} < 3] (invalid)`);
      return;
    }
    const m0 = ctx.u8(p);
    const m1 = ctx.u8(p + 1);
    const m2 = ctx.u8(p + 2);
    // The mask's leading 255 is implied; the origin has as many bytes as the mask has non-zero ones.
    const width = m2 ? 4 : m1 ? 3 : m0 ? 2 : 1;
    ctx.print(`\n\tMask ${quad(((0xff << 24) | (m0 << 16) | (m1 << 8) | m2) >>> 0)}`);
    p += 3;
    len -= 3;
    let done = 0;
    do {
      if (len < width + 1) {
        ctx.print('\n\t  [Truncated Report] (invalid)');
        return;
      }
      let origin = 0;
      for (let i = 0; i < 4; i++) origin = origin * 256 + (i < width ? ctx.u8(p + i) : 0);
      p += width;
      const metric = ctx.u8(p);
      p++;
      done = metric & 0x80;
      ctx.print(`\n\t  ${quad(origin)} metric ${metric & 0x7f}`);
      len -= width + 1;
    } while (!done);
  }
}

function dvmrpNeighbors(ctx: Ctx, p: number, len: number): void {
  while (len > 0) {
    if (len < 7) {
      ctx.print(` [length ${len} < 7] (invalid)`);
      return;
    }
    const laddr = p;
    const metric = ctx.u8(p + 4);
    const thresh = ctx.u8(p + 5);
    let ncount = ctx.u8(p + 6);
    p += 7;
    len -= 7;
    while (--ncount >= 0) {
      if (len < 4) {
        ctx.print(` [length ${len} < 4] (invalid)`);
        return;
      }
      ctx.print(` [${addr(ctx, laddr)} ->`);
      ctx.print(` ${addr(ctx, p)}, (${metric}/${thresh})]`);
      p += 4;
      len -= 4;
    }
  }
}

function dvmrpNeighbors2(ctx: Ctx, p: number, len: number, major: number, minor: number): void {
  ctx.print(` (v ${major}.${minor}):`);
  while (len > 0) {
    if (len < 8) {
      ctx.print(` [length ${len} < 8] (invalid)`);
      return;
    }
    const laddr = p;
    const metric = ctx.u8(p + 4);
    const thresh = ctx.u8(p + 5);
    const flags = ctx.u8(p + 6);
    let ncount = ctx.u8(p + 7);
    p += 8;
    len -= 8;
    while (--ncount >= 0 && len > 0) {
      if (len < 4) {
        ctx.print(` [length ${len} < 4] (invalid)`);
        return;
      }
      ctx.print(` [${addr(ctx, laddr)} -> `);
      ctx.print(`${addr(ctx, p)} (${metric}/${thresh}`);
      if (flags & 0x01) ctx.print('/tunnel');
      if (flags & 0x02) ctx.print('/srcrt');
      if (flags & 0x40) ctx.print('/querier');
      if (flags & 0x20) ctx.print('/disabled');
      if (flags & 0x10) ctx.print('/down');
      ctx.print(')]');
      p += 4;
      len -= 4;
    }
    if (ncount !== -1) {
      ctx.print(' [invalid ncount] (invalid)');
      return;
    }
  }
}

const PIMV1_TYPES = ['Query', 'Register', 'Register-Stop', 'Join/Prune', 'RP-reachable', 'Assert', 'Graft', 'Graft-ACK'];

/** A PIMv1 message in the IGMP message at `off`; `len` is the IGMP length. */
function pimv1Print(ctx: Ctx, off: number, len: number): void {
  ctx.protocol = 'pimv1';
  const type = ctx.u8(off + 1);
  ctx.print(` ${PIMV1_TYPES[type] ?? `[type ${type}]`}`);
  switch (type) {
    case 0:
      if (ctx.has(off + 8, 1)) {
        const mode = ctx.buf[off + 8]! >> 4;
        ctx.print(mode === 0 ? ' Dense-mode' : mode === 1 ? ' Sparse-mode' : mode === 2 ? ' Sparse-Dense-mode' : ` mode-${mode}`);
      }
      if (ctx.verbose) {
        ctx.print(' (Hold-time ');
        ctx.print(relTime(ctx.u16(off + 10)));
        ctx.print(')');
      }
      break;
    case 1:
      // tcpdump's own cut test here ends the PIM message, not the packet: -v's IGMP checksum follows.
      if (!ctx.has(off + 8, 20)) return ctx.trunc();
      ctx.print(` for ${ipv4Text(ctx.buf, off + 20)} > ${ipv4Text(ctx.buf, off + 24)}`);
      break;
    case 2:
      ctx.print(` for ${addr(ctx, off + 8)} > ${addr(ctx, off + 12)}`);
      break;
    case 4:
      if (ctx.verbose) {
        ctx.print(` group ${addr(ctx, off + 8)}`);
        if (ctx.u32(off + 12) !== 0xffffffff) ctx.print(`/${ipv4Text(ctx.buf, off + 12)}`);
        ctx.print(` RP ${addr(ctx, off + 16)} hold `);
        ctx.print(relTime(ctx.u16(off + 22)));
      }
      break;
    case 5: {
      ctx.print(` for ${addr(ctx, off + 16)} > ${addr(ctx, off + 8)}`);
      if (ctx.u32(off + 12) !== 0xffffffff) ctx.print(`/${ipv4Text(ctx.buf, off + 12)}`);
      const rpt = ctx.u8(off + 20) & 0x80 ? 'RP-tree' : 'SPT';
      const pref = ctx.u32(off + 20) & 0x7fffffff;
      ctx.print(` ${rpt} pref ${pref} metric ${ctx.u32(off + 24)}`);
      break;
    }
    case 3:
    case 6:
    case 7:
      if (ctx.verbose) {
        if (len < 8) return ctx.trunc();
        pimv1JoinPrune(ctx, off + 8, len - 8);
      }
      break;
  }
  const v = ctx.u8(off + 4) >> 4;
  if (v !== 1) ctx.print(` [v${v}]`);
}

/** A PIMv1 join/prune body; a short one ends with the truncation marker and the message goes on (as tcpdump's). */
function pimv1JoinPrune(ctx: Ctx, p: number, len: number): void {
  const b = ctx.buf;
  if (ctx.has(p, 30) && b[p + 11] === 1) {
    const njoin = ctx.u16(p + 20);
    if (njoin + ctx.u16(p + 22) === 1) {
      ctx.print(` RPF ${ipv4Text(b, p)} `);
      const hold = ctx.u16(p + 6);
      if (hold !== 180) ctx.print(`Hold ${relTime(hold)}`);
      ctx.print(`${njoin ? 'Join' : 'Prune'} (${ipv4Text(b, p + 26)}/${b[p + 25]! & 0x3f}, ${ipv4Text(b, p + 12)}`);
      if (ctx.u32(p + 16) !== 0xffffffff) ctx.print(`/${ipv4Text(b, p + 16)}`);
      ctx.print(`) ${b[p + 24]! & 1 ? 'Sparse' : 'Dense'}${b[p + 25]! & 0x80 ? ' WC' : ''} ${b[p + 25]! & 0x40 ? 'RP' : 'SPT'}`);
      return;
    }
  }
  const cut = (): void => ctx.trunc();
  if (len < 4) return cut();
  if (ctx.verbose > 1) ctx.print('\n');
  ctx.print(` Upstream Nbr: ${addr(ctx, p)}`);
  p += 4;
  len -= 4;
  if (len < 4) return cut();
  if (ctx.verbose > 1) ctx.print('\n');
  ctx.print(' Hold time: ');
  ctx.print(relTime(ctx.u16(p + 2)));
  if (ctx.verbose < 2) return;
  p += 4;
  len -= 4;
  if (len < 4) return cut();
  let ngroups = ctx.u8(p + 3);
  p += 4;
  len -= 4;
  while (ngroups !== 0) {
    if (len < 4) return cut();
    ctx.print(`\n\tGroup: ${addr(ctx, p)}`);
    p += 4;
    len -= 4;
    if (len < 4) return cut();
    if (ctx.u32(p) !== 0xffffffff) ctx.print(`/${ipv4Text(b, p)}`);
    p += 4;
    len -= 4;
    if (len < 4) return cut();
    const nj = ctx.u16(p);
    const np = ctx.u16(p + 2);
    ctx.print(` joined: ${nj} pruned: ${np}`);
    p += 4;
    len -= 4;
    for (let i = 0; i < nj + np; i++) {
      if (len < 6) return cut();
      ctx.check(p + 2, 4);
      const f0 = ctx.u8(p);
      const f1 = b[p + 1]!;
      ctx.print(`\n\t${i < nj ? 'Join ' : 'Prune'} ${f0 & 1 ? 'Sparse ' : 'Dense '}${f1 & 0x80 ? 'WC ' : ''}${f1 & 0x40 ? 'RP ' : 'SPT '}${ipv4Text(b, p + 2)}/${f1 & 0x3f}`);
      p += 6;
      len -= 6;
    }
    ngroups--;
  }
}
