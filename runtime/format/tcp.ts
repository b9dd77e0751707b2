/**
 * TCP, including tcpdump's relative sequence numbers: the first packet with ACK set of a
 * connection (or any SYN) records the initial numbers, later packets print offsets from them.
 */
import type { Ctx } from './context.js';
import type { IpInfo } from './ip.js';
import { addrLen, cksumShouldBe, transportCksum } from './ip.js';
import { hex4, ipv4Text, ipv6Text } from './util.js';

/** Initial sequence numbers per connection, both directions in one entry (tcpdump's order). */
export class TcpSeqState {
  readonly #map = new Map<string, { seq: number; ack: number }>();

  /** Forgets every connection. */
  clear(): void {
    this.#map.clear();
  }

  get(key: string): { seq: number; ack: number } | undefined {
    return this.#map.get(key);
  }

  set(key: string, v: { seq: number; ack: number }): void {
    this.#map.set(key, v);
  }
}

const FLAG_LETTERS: [number, string][] = [
  [0x01, 'F'], [0x02, 'S'], [0x04, 'R'], [0x08, 'P'], [0x10, '.'], [0x20, 'U'], [0x40, 'E'], [0x80, 'W'],
];

/** "Flags [...]"'s letters of each flag byte ('none' for none): a table, no loop per segment. */
const FLAGS_TEXT = Array.from({ length: 256 }, (_, flags) => FLAG_LETTERS.filter(([bit]) => flags & bit).map(([, l]) => l).join('') || 'none');

const OPTION_NAMES = new Map<number, string>([
  [0, 'eol'], [1, 'nop'], [2, 'mss'], [3, 'wscale'], [4, 'sackOK'], [5, 'sack'], [6, 'echo'],
  [7, 'echoreply'], [8, 'TS'], [11, 'cc'], [12, 'ccnew'], [13, ''], [19, 'md5'], [20, 'scps'],
  [28, 'uto'], [29, 'tcp-ao'], [30, 'mptcp'], [34, 'tfo'], [254, 'exp'],
]);

/**
 * TCP ports whose payload tcpdump hands to an application printer; this module prints only the
 * TCP line for them (a documented gap, visible only when the segment carries data).
 */
export const TCP_DECODED_PORTS: ReadonlySet<number> = new Set([
  23, 25, 43, 179, 1723, 6379, 22, 139, 445, 10288, 6633, 6653, 21, 80, 8080, 554, 8554, 53, 639, 323, 646, 2049,
]);

/** Prints a TCP segment at `off`; `length` is the IP payload length. */
export function tcpPrint(ctx: Ctx, off: number, length: number, ip: IpInfo, fragmented = false): void {
  ctx.protocol = 'tcp';
  if (!ctx.has(off + 2, 2)) {
    ctx.print(`${ip.src} > ${ip.dst}:`);
    ctx.trunc();
    return;
  }
  const sport = ctx.u16(off);
  const dport = ctx.u16(off + 2);
  if (ip.headerProto === 6) ctx.print(`${ip.src}.${sport} > ${ip.dst}.${dport}: `);
  else ctx.print(`${sport} > ${dport}: `);
  if (!ctx.has(off, 20)) {
    ctx.trunc();
    return;
  }
  let hlen = (ctx.u8(off + 12) >> 4) * 4;
  if (hlen < 20) {
    ctx.print(` tcp ${(length - hlen) >>> 0} [bad hdr length ${hlen} - too short, < 20]`);
    return;
  }
  let seq = ctx.u32(off + 4);
  let ack = ctx.u32(off + 8);
  const win = ctx.u16(off + 14);
  const urp = ctx.u16(off + 18);
  if (ctx.quick) {
    ctx.print(`tcp ${(length - hlen) >>> 0}`);
    if (hlen > length) ctx.print(` [bad hdr length ${hlen} - too long, > ${length}]`);
    return;
  }
  const flags = ctx.u8(off + 13);
  ctx.print(`Flags [${FLAGS_TEXT[flags]}]`);

  let thseq = 0;
  let thack = 0;
  let rev = false;
  if (flags & 0x10) {
    const n = addrLen(ip);
    if (sport > dport) rev = true;
    else if (sport === dport && ctx.buf.compare(ctx.buf, ip.dstOff, ip.dstOff + n, ip.srcOff, ip.srcOff + n) > 0) rev = true;
    const a = rev ? ip.dstOff : ip.srcOff;
    const b = rev ? ip.srcOff : ip.dstOff;
    const port = rev ? `${dport}:${sport}` : `${sport}:${dport}`;
    const key = `${ip.version}|${ctx.buf.toString('hex', a, a + n)}|${ctx.buf.toString('hex', b, b + n)}|${port}`;
    let th = ctx.tcp.get(key);
    if (!th || flags & 0x02) {
      th = rev ? { ack: seq, seq: (ack - 1) >>> 0 } : { seq, ack: (ack - 1) >>> 0 };
      ctx.tcp.set(key, th);
    } else if (rev) {
      seq = (seq - th.ack) >>> 0;
      ack = (ack - th.seq) >>> 0;
    } else {
      seq = (seq - th.seq) >>> 0;
      ack = (ack - th.ack) >>> 0;
    }
    thseq = th.seq;
    thack = th.ack;
  }
  if (hlen > length) {
    ctx.print(` [bad hdr length ${hlen} - too long, > ${length}]`);
    return;
  }
  if (ctx.verbose && !fragmented && ctx.has(off, length)) {
    const sum = transportCksum(ctx, ip, off, length, 6);
    const field = ctx.u16(off + 16);
    ctx.print(`, cksum 0x${hex4(field)}`);
    ctx.print(sum ? ` (incorrect -> 0x${hex4(cksumShouldBe(field, sum))})` : ' (correct)');
  }
  length -= hlen;
  if (ctx.verbose > 1 || length > 0 || flags & 0x07) {
    ctx.print(`, seq ${seq}`);
    if (length > 0) ctx.print(`:${(seq + length) >>> 0}`);
  }
  if (flags & 0x10) ctx.print(`, ack ${ack}`);
  ctx.print(`, win ${win}`);
  if (flags & 0x20) ctx.print(`, urg ${urp}`);
  if (hlen > 20) {
    if (!printOptions(ctx, off + 20, hlen - 20, rev, thseq, thack, flags, off + hlen + length)) return;
  }
  ctx.print(`, length ${length}`);
  if (length === 0) return;
  if (!ctx.has(off, hlen)) {
    ctx.print(` [remaining caplen(${ctx.avail(off)}) < header length(${hlen})]`);
    ctx.trunc();
  }
}

/** Prints ", options [...]"; false when the option list was malformed or truncated (already marked). */
function printOptions(
  ctx: Ctx,
  start: number,
  hlen: number,
  rev: boolean,
  thseq: number,
  thack: number,
  flags: number,
  payloadEnd: number,
): boolean {
  let cp = start;
  let sep = '';
  ctx.print(', options [');
  const bad = (): boolean => {
    ctx.print('[bad opt]');
    if (sep) ctx.print(']');
    return false;
  };
  const trunc = (): boolean => {
    ctx.trunc();
    if (sep) ctx.print('>');
    return false;
  };
  while (hlen > 0) {
    ctx.print(sep);
    const opt = ctx.u8(cp);
    cp++;
    let len: number;
    if (opt === 0 || opt === 1) len = 1;
    else {
      len = ctx.u8(cp);
      cp++;
      if (len < 2 || len > hlen) return bad();
      hlen--;
    }
    hlen--;
    let datalen = 0;
    const lencheck = (l: number): 'bad' | 'trunc' | null => (l > hlen ? 'bad' : !ctx.has(cp, l) ? 'trunc' : null);
    ctx.print(OPTION_NAMES.get(opt) ?? `unknown-${opt}`);
    let r: 'bad' | 'trunc' | null = null;
    switch (opt) {
      case 2:
        datalen = 2;
        if (!(r = lencheck(datalen))) ctx.print(` ${ctx.u16(cp)}`);
        break;
      case 3:
        datalen = 1;
        if (!(r = lencheck(datalen))) ctx.print(` ${ctx.u8(cp)}`);
        break;
      case 5:
        datalen = len - 2;
        if (datalen % 8 !== 0) ctx.print(' invalid sack');
        else {
          ctx.print(` ${datalen / 8} `);
          for (let i = 0; i < datalen && !r; i += 8) {
            if ((r = lencheck(i + 8))) break;
            let s = ctx.u32(cp + i);
            let e = ctx.u32(cp + i + 4);
            const base = rev ? thseq : thack;
            s = (s - base) >>> 0;
            e = (e - base) >>> 0;
            ctx.print(`{${s}:${e}}`);
          }
        }
        break;
      case 11:
      case 12:
      case 13:
      case 6:
      case 7:
        datalen = 4;
        if (!(r = lencheck(datalen))) ctx.print(` ${ctx.u32(cp)}`);
        break;
      case 8:
        datalen = 8;
        if (!(r = lencheck(datalen))) ctx.print(` val ${ctx.u32(cp)} ecr ${ctx.u32(cp + 4)}`);
        break;
      case 0:
      case 1:
      case 4:
        break;
      case 28:
        datalen = 2;
        if (!(r = lencheck(datalen))) {
          let uto = ctx.u16(cp);
          ctx.print(` 0x${uto.toString(16)}`);
          uto = uto & 1 ? (uto >> 1) * 60 : uto >> 1;
          ctx.print(` ${uto}`);
        }
        break;
      case 19:
        // tcpdump is built with libcrypto but is given no secret (-M): it cannot check.
        datalen = 16;
        if (!(r = lencheck(datalen))) {
          ctx.print(' ');
          if (payloadEnd > ctx.snapend) ctx.print('snaplen too short, ');
          else ctx.print('shared secret not supplied with -M, ');
          ctx.print("can't check - ");
          for (let i = 0; i < 16; i++) ctx.print(hex2(ctx.u8(cp + i)));
        }
        break;
      case 20:
        datalen = 2;
        if (!(r = lencheck(datalen))) ctx.print(` cap ${hex2(ctx.u8(cp))} id ${ctx.u8(cp + 1)}`);
        break;
      case 29:
        datalen = len - 2;
        if (datalen < 2) ctx.print(' (invalid)');
        else {
          if ((r = lencheck(1))) break;
          ctx.print(` keyid ${ctx.u8(cp)}`);
          if ((r = lencheck(2))) break;
          ctx.print(` rnextkeyid ${ctx.u8(cp + 1)}`);
          if (datalen > 2) {
            ctx.print(' mac 0x');
            for (let i = 2; i < datalen; i++) {
              if ((r = lencheck(i + 1))) break;
              ctx.print(hex2(ctx.u8(cp + i)));
            }
          }
        }
        break;
      case 30: {
        datalen = len - 2;
        if ((r = lencheck(datalen))) break;
        const saved = ctx.pushSnap(cp - 2, len);
        const ok = mptcpPrint(ctx, cp - 2, len, flags);
        ctx.snapend = saved;
        if (!ok) r = 'bad';
        break;
      }
      case 34:
        datalen = len - 2;
        if ((r = lencheck(datalen))) break;
        ctx.print(' ');
        fastOpen(ctx, cp, datalen, false);
        break;
      case 254:
        datalen = len - 2;
        if ((r = lencheck(datalen))) break;
        if (datalen < 2) {
          r = 'bad';
          break;
        }
        ctx.print('-');
        if (ctx.u16(cp) === 0xf989) fastOpen(ctx, cp + 2, datalen - 2, true);
        else ctx.print(ctx.u16(cp).toString(16).padStart(4, '0'));
        break;
      default:
        datalen = len - 2;
        if (datalen) ctx.print(' 0x');
        for (let i = 0; i < datalen; i++) {
          if ((r = lencheck(i + 1))) break;
          ctx.print(ctx.u8(cp + i).toString(16).padStart(2, '0'));
        }
    }
    if (r === 'bad') return bad();
    if (r === 'trunc') return trunc();
    cp += datalen;
    hlen -= datalen;
    datalen++;
    if (opt !== 0 && opt !== 1) datalen++;
    if (datalen !== len) ctx.print(`[len ${len}]`);
    sep = ',';
    if (opt === 0) break;
  }
  ctx.print(']');
  return true;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** TCP Fast Open cookie (option 34, or experiment 0xf989 with `exp`). */
function fastOpen(ctx: Ctx, cp: number, datalen: number, exp: boolean): void {
  if (exp) ctx.print('tfo');
  if (datalen === 0) ctx.print(' cookiereq');
  else if (datalen % 2 !== 0 || datalen < 4 || datalen > 16) ctx.print(' (invalid)');
  else {
    ctx.print(' cookie ');
    for (let i = 0; i < datalen; i++) ctx.print(hex2(ctx.u8(cp + i)));
  }
}

const MPTCP_SUBTYPES = ['capable', 'join', 'dss', 'add-addr', 'rem-addr', 'prio', 'fail', 'fast-close', 'unknown'];
const ADD_ADDR_ECHO = new Map([[6, 'v0-ip6'], [4, 'v0-ip4'], [1, 'v1-echo'], [0, 'v1']]);

function u64(ctx: Ctx, off: number): bigint {
  ctx.check(off, 8);
  return ctx.buf.readBigUInt64BE(off);
}

/**
 * A Multipath TCP option (tcpdump's print-mptcp.c, RFC 6824/8684) at `cp` (its kind byte),
 * `len` bytes long; false where tcpdump goes to "[bad opt]".
 */
function mptcpPrint(ctx: Ctx, cp: number, len: number, flags: number): boolean {
  ctx.protocol = 'mptcp';
  if (len < 3) return false;
  const subtype = Math.min((ctx.u8(cp + 2) >> 4) & 0xf, 8);
  ctx.print(` ${len} ${MPTCP_SUBTYPES[subtype]}`);
  const SYN = 0x02;
  const ACK = 0x10;
  switch (subtype) {
    case 0: {
      if (!(((len === 12 || len === 4) && flags & SYN) || ((len === 20 || len === 22) && (flags & (SYN | ACK)) === ACK))) return false;
      const version = ctx.u8(cp + 2) & 0xf;
      if (version > 1) {
        ctx.print(` Unknown Version (${version})`);
        return true;
      }
      ctx.print(` v${version}`);
      if (ctx.u8(cp + 3) & 0x80) ctx.print(' csum');
      if (len === 12 || len >= 20) {
        ctx.print(` {0x${u64(ctx, cp + 4).toString(16)}`);
        if (len >= 20) ctx.print(`,0x${u64(ctx, cp + 12).toString(16)}`);
        ctx.print('}');
      }
      return true;
    }
    case 1: {
      if (!(len === 12 && flags & SYN) && !(len === 16 && (flags & (SYN | ACK)) === (SYN | ACK)) && !(len === 24 && flags & ACK)) return false;
      if (len !== 24) {
        if (ctx.u8(cp + 2) & 1) ctx.print(' backup');
        ctx.print(` id ${ctx.u8(cp + 3)}`);
      }
      if (len === 12) ctx.print(` token 0x${ctx.u32(cp + 4).toString(16)} nonce 0x${ctx.u32(cp + 8).toString(16)}`);
      else if (len === 16) ctx.print(` hmac 0x${u64(ctx, cp + 4).toString(16)} nonce 0x${ctx.u32(cp + 12).toString(16)}`);
      else {
        ctx.print(' hmac 0x');
        for (let i = 0; i < 20; i++) ctx.print(hex2(ctx.u8(cp + 4 + i)));
      }
      return true;
    }
    case 2: {
      if (len < 4) return false;
      if (flags & SYN) return false;
      const f = ctx.u8(cp + 3);
      if (f & 0x10) ctx.print(' fin');
      let p = cp + 4;
      let left = len - 4;
      const num = (wide: boolean): boolean => {
        const n = wide ? 8 : 4;
        if (left < n) return false;
        ctx.print(wide ? u64(ctx, p).toString() : String(ctx.u32(p)));
        p += n;
        left -= n;
        return true;
      };
      if (f & 0x01) {
        ctx.print(' ack ');
        if (!num((f & 0x02) !== 0)) return false;
      }
      if (f & 0x04) {
        ctx.print(' seq ');
        if (!num((f & 0x08) !== 0)) return false;
        if (left < 4) return false;
        ctx.print(` subseq ${ctx.u32(p)}`);
        p += 4;
        left -= 4;
        if (left < 2) return false;
        ctx.print(` len ${ctx.u16(p)}`);
        p += 2;
        left -= 2;
        if (left >= 2) {
          ctx.print(` csum 0x${ctx.u16(p).toString(16)}`);
          left -= 2;
        }
      }
      return left === 0;
    }
    case 3: {
      if (![8, 10, 16, 18, 20, 22, 28, 30].includes(len)) return false;
      ctx.print(` ${ADD_ADDR_ECHO.get(ctx.u8(cp + 2) & 0xf) ?? '[bad version/echo]'}`);
      ctx.print(` id ${ctx.u8(cp + 3)}`);
      if (len <= 18) {
        ctx.check(cp + 4, 4);
        ctx.print(` ${ipv4Text(ctx.buf, cp + 4)}`);
        if (len === 10 || len === 18) ctx.print(`:${ctx.u16(cp + 8)}`);
        if (len === 16) ctx.print(` hmac 0x${u64(ctx, cp + 8).toString(16)}`);
        if (len === 18) ctx.print(` hmac 0x${u64(ctx, cp + 10).toString(16)}`);
      } else {
        ctx.check(cp + 4, 16);
        ctx.print(` ${ipv6Text(ctx.buf, cp + 4)}`);
        if (len === 22 || len === 30) ctx.print(`:${ctx.u16(cp + 20)}`);
        if (len === 28) ctx.print(` hmac 0x${u64(ctx, cp + 20).toString(16)}`);
        if (len === 30) ctx.print(` hmac 0x${u64(ctx, cp + 22).toString(16)}`);
      }
      return true;
    }
    case 4:
      if (len < 4) return false;
      ctx.print(' id');
      for (let i = 0; i < len - 3; i++) ctx.print(` ${ctx.u8(cp + 3 + i)}`);
      return true;
    case 5:
      if (len !== 3 && len !== 4) return false;
      ctx.print(ctx.u8(cp + 2) & 1 ? ' backup' : ' non-backup');
      if (len === 4) ctx.print(` id ${ctx.u8(cp + 3)}`);
      return true;
    case 6:
      if (len !== 12) return false;
      ctx.print(` seq ${u64(ctx, cp + 4)}`);
      return true;
    case 7:
      if (len !== 12) return false;
      ctx.print(` key 0x${u64(ctx, cp + 4).toString(16)}`);
      return true;
    default:
      return true;
  }
}
