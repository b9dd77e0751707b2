/**
 * PIM (RFC 7761, 5015, 5059, 3973) carried in IP as tcpdump 4.99 prints it: the first line
 * (`PIMv2, Register, length 108`), and with -v the checksum and each message's body: hello
 * options, the packet a register carries, register-stops, join/prune and graft lists, bootstrap,
 * assert, candidate-RP, state refresh and DF election messages; -vv adds hello option dumps and
 * address lists.
 */
import { GotoTrunc, type Ctx } from './context.js';
import { relTime } from './util.js';
import { ipPrint, ip6Print, transportCksum, type IpInfo } from './ip.js';
import { foldCksum, hexDump, ipv4Text, ipv6Text, sum16, unknownData } from './util.js';

const TYPES = [
  'Hello', 'Register', 'Register Stop', 'Join / Prune', 'Bootstrap', 'Assert', 'Graft',
  'Graft Acknowledgement', 'Candidate RP Advertisement', 'Prune Refresh', 'DF Election', 'ECMP Redirect',
];

const HELLO_OPTIONS: Record<number, string> = {
  1: 'Hold Time', 2: 'LAN Prune Delay', 18: 'DR Priority (Old)', 19: 'DR Priority', 20: 'Generation ID',
  21: 'State Refresh Capability', 22: 'Bi-Directional Capability', 24: 'Address List', 65001: 'Address List (Old)',
};
const DF_SUBTYPES = ['Unknown', 'Offer', 'Winner', 'Backoff', 'Pass'];

const UNICAST = 0;
const GROUP = 1;
const SOURCE = 2;

/** Prints a PIM message at `off`; `len` is the IP payload length. */
export function pimPrint(ctx: Ctx, off: number, len: number, ip: IpInfo): void {
  ctx.protocol = 'pim';
  const tv = ctx.u8(off);
  const version = tv >> 4;
  const type = TYPES[tv & 0x0f] ?? 'Unknown Type';
  if (version !== 2) ctx.print(`PIMv${version}, length ${len}`);
  else if (!ctx.verbose) ctx.print(`PIMv2, ${type}, length ${len}`);
  else {
    ctx.print(`PIMv2, length ${len}\n\t${type}`);
    // pimv2_print's `goto trunc`s (lengths, ND_TCHECKs, addresses): the marker, and the packet
    // goes on (no longjmp: the -x dump starts after the link-layer header); its reads do longjmp.
    try {
      pimv2(ctx, off, len, ip);
    } catch (e) {
      if (!(e instanceof GotoTrunc)) throw e;
      ctx.trunc();
    }
  }
}

/**
 * One encoded address (RFC 7761 4.9) at `p` with `len` bytes left: printed, and its length
 * returned. `addrLen` is the message's RFC 2117 address length (0: the address says its family).
 * Throws GotoTrunc where tcpdump's pimv2_addr_print returns -1 (a cut, a short message, an
 * unknown family) and pimv2_print goes to its trunc label.
 */
function addr(ctx: Ctx, p: number, len: number, kind: number, addrLen: number): number {
  let v6: boolean;
  let hdr = 0;
  if (addrLen === 0) {
    if (len < 2) throw new GotoTrunc();
    const af = ctx.u8(p);
    if (af !== 1 && af !== 2) throw new GotoTrunc();
    if (ctx.u8(p + 1) !== 0) throw new GotoTrunc();
    v6 = af === 2;
    addrLen = v6 ? 16 : 4;
    hdr = 2;
  } else if (addrLen === 4 || addrLen === 16) v6 = addrLen === 16;
  else throw new GotoTrunc();
  p += hdr;
  len -= hdr;
  const text = (at: number): string => (v6 ? ipv6Text(ctx.buf, at) : ipv4Text(ctx.buf, at));
  if (kind === UNICAST) {
    if (len < addrLen || !ctx.has(p, addrLen)) throw new GotoTrunc();
    ctx.print(text(p));
    return hdr + addrLen;
  }
  if (len < addrLen + 2 || !ctx.has(p, addrLen + 2)) throw new GotoTrunc();
  ctx.print(text(p + 2));
  const mask = ctx.buf[p + 1]!;
  if (mask !== (v6 ? 128 : 32)) ctx.print(`/${mask}`);
  const flags = ctx.buf[p]!;
  if (flags) {
    if (kind === GROUP) ctx.print(`(0x${flags.toString(16).padStart(2, '0')})`);
    else {
      ctx.print(`(${flags & 4 ? 'S' : ''}${flags & 2 ? 'W' : ''}${flags & 1 ? 'R' : ''}`);
      if (flags & 0xf8) ctx.print(`+0x${(flags & 0xf8).toString(16).padStart(2, '0')}`);
      ctx.print(')');
    }
  }
  return hdr + 2 + addrLen;
}

/** PIM's checksum over `n` bytes: null (unverified) when they were not all captured. */
function cksumOk(ctx: Ctx, off: number, n: number, ip: IpInfo): boolean | null {
  if (!ctx.has(off, n)) return null;
  const sum = ip.version === 4 ? foldCksum(sum16(ctx.buf, off, n)) : transportCksum(ctx, ip, off, n, 103);
  return sum === 0;
}

function pimv2(ctx: Ctx, off: number, len: number, ip: IpInfo): void {
  ctx.protocol = 'pimv2';
  if (len < 2) {
    ctx.print(`[length ${len} < 2] (invalid)`);
    return;
  }
  const tv = ctx.u8(off);
  const type = tv & 0x0f;
  const rsv = ctx.u8(off + 1);
  const addrLen = rsv & 0x0f;
  if (addrLen !== 0) ctx.print(', RFC2117-encoding');
  if (len < 4) {
    ctx.print(`[length ${len} < 4] (invalid)`);
    return;
  }
  const sum = ctx.u16(off + 2);
  ctx.print(`, cksum 0x${sum.toString(16).padStart(4, '0')} `);
  if (sum === 0) ctx.print('(unverified)');
  else {
    // A register's checksum covers its header only; RFC 4601 accepts one over the whole message too.
    let ok = cksumOk(ctx, off, type === 1 ? 8 : len, ip);
    if (type === 1 && ok === false) ok = cksumOk(ctx, off, len, ip);
    ctx.print(ok === null ? '(unverified)' : ok ? '(correct)' : '(incorrect)');
  }
  let p = off + 4;
  len -= 4;
  const next = (n: number): void => {
    p += n;
    len -= n;
  };
  switch (type) {
    case 0:
      while (len > 0) {
        if (len < 4) throw new GotoTrunc();
        const ot = ctx.u16(p);
        const ol = ctx.u16(p + 2);
        ctx.print(`\n\t  ${HELLO_OPTIONS[ot] ?? 'Unknown'} Option (${ot}), length ${ol}, Value: `);
        next(4);
        if (len < ol || !ctx.has(p, ol)) throw new GotoTrunc();
        if (!helloOption(ctx, ot, p, ol, len, addrLen)) return;
        if (ctx.verbose > 1) unknownData(ctx, p, '\n\t    ', ol);
        next(ol);
      }
      return;
    case 1: {
      if (len < 4) throw new GotoTrunc();
      ctx.need(p, 4);
      const flags = ctx.u32(p);
      ctx.print(`, Flags [ ${flags === 0x80000000 ? 'Border' : flags === 0x40000000 ? 'Null' : 'none'} ]\n\t`);
      next(4);
      if (len === 0) throw new GotoTrunc();
      const v = ctx.u8(p) >> 4;
      if (v === 0) {
        ctx.check(p + 12, 8);
        ctx.print(`IP-Null-header ${ipv4Text(ctx.buf, p + 12)} > ${ipv4Text(ctx.buf, p + 16)}`);
      } else if (v === 4) ipPrint(ctx, p, len);
      else if (v === 6) ip6Print(ctx, p, len);
      else ctx.print(`IP ver ${v}`);
      return;
    }
    case 2:
      ctx.print(' group=');
      next(addr(ctx, p, len, GROUP, addrLen));
      ctx.print(' source=');
      next(addr(ctx, p, len, UNICAST, addrLen));
      return;
    case 3:
    case 6:
    case 7: {
      if (type !== 7) {
        ctx.print(', upstream-neighbor: ');
        next(addr(ctx, p, len, UNICAST, addrLen));
      }
      if (len < 4 || !ctx.has(p, 4)) throw new GotoTrunc();
      const ngroup = ctx.u8(p + 1);
      const hold = ctx.u16(p + 2);
      ctx.print(`\n\t  ${ngroup} group(s)`);
      if (type !== 7) ctx.print(`, holdtime: ${hold === 0xffff ? 'infinite' : relTime(hold)}`);
      next(4);
      for (let i = 0; i < ngroup; i++) {
        ctx.print(`\n\t    group #${i + 1}: `);
        next(addr(ctx, p, len, GROUP, addrLen));
        if (len < 4 || !ctx.has(p, 4)) throw new GotoTrunc();
        const njoin = ctx.u16(p);
        const nprune = ctx.u16(p + 2);
        ctx.print(`, joined sources: ${njoin}, pruned sources: ${nprune}`);
        next(4);
        for (let j = 0; j < njoin; j++) {
          ctx.print(`\n\t      joined source #${j + 1}: `);
          next(addr(ctx, p, len, SOURCE, addrLen));
        }
        for (let j = 0; j < nprune; j++) {
          ctx.print(`\n\t      pruned source #${j + 1}: `);
          next(addr(ctx, p, len, SOURCE, addrLen));
        }
      }
      return;
    }
    case 4: {
      if (len < 2) throw new GotoTrunc();
      ctx.print(` tag=${ctx.u16(p).toString(16)}`);
      next(2);
      if (len < 1) throw new GotoTrunc();
      ctx.print(` hashmlen=${ctx.u8(p)}`);
      if (len < 2) throw new GotoTrunc();
      ctx.need(p + 2, 1);
      ctx.print(` BSRprio=${ctx.u8(p + 1)}`);
      next(2);
      ctx.print(' BSR=');
      next(addr(ctx, p, len, UNICAST, addrLen));
      for (let i = 0; len > 0; i++) {
        ctx.print(` (group${i}: `);
        next(addr(ctx, p, len, GROUP, addrLen));
        if (len < 1) throw new GotoTrunc();
        ctx.print(` RPcnt=${ctx.u8(p)}`);
        if (len < 2) throw new GotoTrunc();
        const frpcnt = ctx.u8(p + 1);
        ctx.print(` FRPcnt=${frpcnt}`);
        if (len < 4) throw new GotoTrunc();
        next(4);
        for (let j = 0; j < frpcnt && len > 0; j++) {
          ctx.print(` RP${j}=`);
          next(addr(ctx, p, len, UNICAST, addrLen));
          if (len < 2) throw new GotoTrunc();
          ctx.print(',holdtime=');
          ctx.print(relTime(ctx.u16(p)));
          if (len < 3) throw new GotoTrunc();
          ctx.print(`,prio=${ctx.u8(p + 2)}`);
          if (len < 4) throw new GotoTrunc();
          next(4);
        }
        ctx.print(')');
      }
      return;
    }
    case 5:
      ctx.print(' group=');
      next(addr(ctx, p, len, GROUP, addrLen));
      ctx.print(' src=');
      next(addr(ctx, p, len, UNICAST, addrLen));
      if (len < 8 || !ctx.has(p, 8)) throw new GotoTrunc();
      if (ctx.u8(p) & 0x80) ctx.print(' RPT');
      ctx.print(` pref=${ctx.u32(p) & 0x7fffffff}`);
      ctx.print(` metric=${ctx.u32(p + 4)}`);
      return;
    case 8: {
      if (len < 1) throw new GotoTrunc();
      const pfxcnt = ctx.u8(p);
      ctx.print(` prefix-cnt=${pfxcnt}`);
      if (len < 2) throw new GotoTrunc();
      ctx.print(` prio=${ctx.u8(p + 1)}`);
      if (len < 4) throw new GotoTrunc();
      ctx.print(' holdtime=');
      ctx.print(relTime(ctx.u16(p + 2)));
      next(4);
      ctx.print(' RP=');
      next(addr(ctx, p, len, UNICAST, addrLen));
      for (let i = 0; i < pfxcnt && len > 0; i++) {
        ctx.print(` Group${i}=`);
        next(addr(ctx, p, len, GROUP, addrLen));
      }
      return;
    }
    case 9:
      ctx.print(' src=');
      next(addr(ctx, p, len, UNICAST, addrLen));
      ctx.print(' grp=');
      next(addr(ctx, p, len, GROUP, addrLen));
      ctx.print(' forwarder=');
      next(addr(ctx, p, len, UNICAST, addrLen));
      if (len < 2) throw new GotoTrunc();
      ctx.print(' TUNR ');
      ctx.print(relTime(ctx.u16(p)));
      return;
    case 10: {
      const sub = rsv >> 4;
      ctx.print(`\n\t  ${DF_SUBTYPES[sub] ?? 'Unknown'},`);
      ctx.print(' rpa=');
      next(addr(ctx, p, len, UNICAST, addrLen));
      ctx.print(` sender pref=${ctx.u32(p)}`);
      ctx.print(` sender metric=${ctx.u32(p + 4)}`);
      // Unsigned in tcpdump: a short message's remainder wraps (and the next address is cut).
      p += 8;
      len = (len - 8) >>> 0;
      if (sub === 3 || sub === 4) {
        const who = sub === 3 ? 'offer' : 'new winner';
        ctx.print(`\n\t  ${who} addr=`);
        next(addr(ctx, p, len, UNICAST, addrLen));
        ctx.print(` ${who} pref=${ctx.u32(p)}`);
        ctx.print(` ${who} metric=${ctx.u32(p + 4)}`);
        p += 8;
        if (sub === 3) ctx.print(` interval ${ctx.u16(p)}ms`);
      }
      return;
    }
    default:
      ctx.print(` [type ${type}]`);
  }
}

/** One hello option's value (captured); false when tcpdump stops at a wrong length ("invalid"). */
function helloOption(ctx: Ctx, type: number, p: number, olen: number, len: number, addrLen: number): boolean {
  const wrong = (want: number): false => {
    ctx.print(`[option length ${olen} != ${want}] (invalid)`);
    return false;
  };
  switch (type) {
    case 1:
      if (olen !== 2) return wrong(2);
      ctx.print(relTime(ctx.u16(p)));
      return true;
    case 2: {
      if (olen !== 4) return wrong(4);
      const delay = ctx.u16(p);
      ctx.print(`\n\t    T-bit=${delay & 0x8000 ? 1 : 0}, LAN delay ${delay & 0x7fff}ms, Override interval ${ctx.u16(p + 2)}ms`);
      return true;
    }
    case 18:
    case 19:
      if (olen === 0) ctx.print('Bi-Directional Capability (Old)');
      else if (olen === 4) ctx.print(`${ctx.u32(p)}`);
      else return wrong(4);
      return true;
    case 20:
      if (olen !== 4) return wrong(4);
      ctx.print(`0x${ctx.u32(p).toString(16).padStart(8, '0')}`);
      return true;
    case 21:
      if (olen !== 4) return wrong(4);
      ctx.print(`v${ctx.u8(p)}`);
      if (ctx.u8(p + 1) !== 0) ctx.print(`, interval ${relTime(ctx.u8(p + 1))}`);
      if (ctx.u16(p + 2) !== 0) ctx.print(` ?0x${ctx.u16(p + 2).toString(16).padStart(4, '0')}?`);
      return true;
    case 22:
      return true;
    case 24:
    case 65001:
      if (ctx.verbose > 1) {
        // The list's addresses are bounded by what is left of the message, not by the option.
        let plen = len;
        for (let q = p; q < p + olen; ) {
          ctx.print('\n\t    ');
          const n = addr(ctx, q, plen, UNICAST, addrLen);
          q += n;
          plen -= n;
        }
      }
      return true;
    default:
      if (ctx.verbose <= 1) unknownData(ctx, p, '\n\t    ', olen);
      return true;
  }
}
