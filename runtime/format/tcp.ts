/**
 * TCP, including tcpdump's relative sequence numbers: the first packet with ACK set of a
 * connection (or any SYN) records the initial numbers, later packets print offsets from them.
 * A payload goes to tcp-apps.ts's application printers (HTTP, DNS, SSH, FTP, SMTP, RTSP,
 * telnet, RESP, BGP, OpenFlow, PPTP, whois, ...) by port, or with -v a reset's data is printed.
 */
import { Truncated, type Ctx } from './context.js';
import type { IpInfo } from './ip.js';
import { addrLen, cksumShouldBe, transportCksum } from './ip.js';
import { TCP_APP_PORT, tcpAppPrint, tcpRstData } from './tcp-apps.js';
import { hex4, hexPad, i32, ipv4Text, ipv6Text } from './util.js';

/** Int32 words per slot of {@link TcpSeqState}: the IP version (0: empty), the ports, two 16-byte addresses. */
const STRIDE = 10;

/**
 * Initial sequence numbers per connection, both directions in one entry (tcpdump's order), never
 * forgotten but by clear() (tcpdump's tcp_seq_hash keeps every connection too).
 *
 * An open-addressing table keyed by numbers: the version, the two ports in one word and the two
 * addresses as 32-bit words (an IPv4 address one word, the other three 0), read from the frame.
 * A text key per segment (the addresses in hex, the ports) cost a third of a TCP line, its
 * hashing in Map.get most of that (measured: bench/format-micro.ts); here a lookup allocates
 * nothing and a hit is ten compares.
 */
export class TcpSeqState {
  /** Slots (a power of two); at most half of them used. */
  #cap = 64;
  #used = 0;
  #keys = new Int32Array(64 * STRIDE);
  /** Each slot's initial sequence and acknowledgement numbers (unsigned 32-bit). */
  #vals = new Uint32Array(64 * 2);
  /** The key find() last looked for, which set() stores. */
  readonly #key = new Int32Array(STRIDE);

  /** Forgets every connection. */
  clear(): void {
    this.#cap = 64;
    this.#used = 0;
    this.#keys = new Int32Array(64 * STRIDE);
    this.#vals = new Uint32Array(64 * 2);
  }

  /**
   * The slot of the connection of IP version `version` between the addresses at `a` and `b` in
   * `buf` (4 or 16 bytes each, captured) and `ports` (the 16-bit ports in `a`, `b` order, the
   * first in the high half); when it has none, ~slot (negative), where set() would put it.
   */
  find(buf: Buffer, version: 4 | 6, a: number, b: number, ports: number): number {
    const k = this.#key;
    k[0] = version;
    k[1] = ports;
    k[2] = i32(buf, a);
    k[6] = i32(buf, b);
    if (version === 6) {
      k[3] = i32(buf, a + 4);
      k[4] = i32(buf, a + 8);
      k[5] = i32(buf, a + 12);
      k[7] = i32(buf, b + 4);
      k[8] = i32(buf, b + 8);
      k[9] = i32(buf, b + 12);
    } else {
      k[3] = k[4] = k[5] = k[7] = k[8] = k[9] = 0;
    }
    const keys = this.#keys;
    const mask = this.#cap - 1;
    for (let slot = hash(k, 0) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * STRIDE;
      const v = keys[at]!;
      if (v === 0) return ~slot;
      if (
        v === k[0] && keys[at + 1] === k[1] && keys[at + 2] === k[2] && keys[at + 6] === k[6] &&
        keys[at + 3] === k[3] && keys[at + 4] === k[4] && keys[at + 5] === k[5] &&
        keys[at + 7] === k[7] && keys[at + 8] === k[8] && keys[at + 9] === k[9]
      ) return slot;
    }
  }

  /** The initial sequence number (of the `a` side) of the connection at a slot find() returned. */
  seq(slot: number): number {
    return this.#vals[slot * 2]!;
  }

  /** The initial acknowledgement number of the connection at a slot find() returned. */
  ack(slot: number): number {
    return this.#vals[slot * 2 + 1]!;
  }

  /** Records the numbers of the connection find() last looked for, at what it returned. */
  set(found: number, seq: number, ack: number): void {
    let slot = found;
    if (slot < 0) {
      slot = ~slot;
      this.#keys.set(this.#key, slot * STRIDE);
      this.#used++;
    }
    this.#vals[slot * 2] = seq;
    this.#vals[slot * 2 + 1] = ack;
    if (this.#used * 2 > this.#cap) this.#grow();
  }

  /** Doubles the table, every connection moved to its slot in the new one. */
  #grow(): void {
    const keys = this.#keys;
    const vals = this.#vals;
    const cap = this.#cap * 2;
    const mask = cap - 1;
    const nkeys = new Int32Array(cap * STRIDE);
    const nvals = new Uint32Array(cap * 2);
    for (let i = 0; i < this.#cap; i++) {
      if (keys[i * STRIDE] === 0) continue;
      let slot = hash(keys, i * STRIDE) & mask;
      while (nkeys[slot * STRIDE] !== 0) slot = (slot + 1) & mask;
      nkeys.set(keys.subarray(i * STRIDE, (i + 1) * STRIDE), slot * STRIDE);
      nvals[slot * 2] = vals[i * 2]!;
      nvals[slot * 2 + 1] = vals[i * 2 + 1]!;
    }
    this.#cap = cap;
    this.#keys = nkeys;
    this.#vals = nvals;
  }
}

/**
 * A hash of the key at `at` in `k`: each word multiplied in (2^32 / golden ratio), then
 * MurmurHash3's finaliser, so that the low bits the table uses depend on every bit.
 */
function hash(k: Int32Array, at: number): number {
  let h = k[at + 1]!;
  for (let i = 2; i < STRIDE; i++) h = Math.imul(h ^ k[at + i]!, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
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
 * TCP ports whose payload tcpdump decodes further than tcp-apps.ts does (a documented gap,
 * visible only when the segment carries data): BGP (179) and OpenFlow (6633, 6653) are
 * decoded as tcpdump prints them without -v, not the detail -v adds. (NetBIOS and SMB, 139 and 445, are not here: the reference tcpdump is built
 * without their printers.)
 */
export const TCP_DECODED_PORTS: ReadonlySet<number> = new Set([
  179, 6633, 6653,
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
    if (sport > dport) rev = true;
    else if (sport === dport) {
      const n = addrLen(ip);
      rev = ctx.buf.compare(ctx.buf, ip.dstOff, ip.dstOff + n, ip.srcOff, ip.srcOff + n) > 0;
    }
    const state = ctx.tcp;
    const slot = rev
      ? state.find(ctx.buf, ip.version, ip.dstOff, ip.srcOff, (dport << 16) | sport)
      : state.find(ctx.buf, ip.version, ip.srcOff, ip.dstOff, (sport << 16) | dport);
    if (slot < 0 || flags & 0x02) {
      if (rev) {
        thseq = (ack - 1) >>> 0;
        thack = seq;
      } else {
        thseq = seq;
        thack = (ack - 1) >>> 0;
      }
      state.set(slot, thseq, thack);
    } else {
      thseq = state.seq(slot);
      thack = state.ack(slot);
      if (rev) {
        seq = (seq - thack) >>> 0;
        ack = (ack - thseq) >>> 0;
      } else {
        seq = (seq - thseq) >>> 0;
        ack = (ack - thack) >>> 0;
      }
    }
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
    // tcpdump gives the packet up here (nd_trunc_longjmp): the -x dump starts at byte 0.
    throw new Truncated();
  }
  if (flags & 0x04 && ctx.verbose) tcpRstData(ctx, off + hlen, length);
  // Two loads: most segments go to no application printer (tcp-apps.ts).
  else if (TCP_APP_PORT[sport]! | TCP_APP_PORT[dport]!) tcpAppPrint(ctx, off + hlen, length, sport, dport, ip);
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
          for (let i = 0; i < 16; i++) ctx.print(hexPad(ctx.u8(cp + i), 2));
        }
        break;
      case 20:
        datalen = 2;
        if (!(r = lencheck(datalen))) ctx.print(` cap ${hexPad(ctx.u8(cp), 2)} id ${ctx.u8(cp + 1)}`);
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
              ctx.print(hexPad(ctx.u8(cp + i), 2));
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

/** TCP Fast Open cookie (option 34, or experiment 0xf989 with `exp`). */
function fastOpen(ctx: Ctx, cp: number, datalen: number, exp: boolean): void {
  if (exp) ctx.print('tfo');
  if (datalen === 0) ctx.print(' cookiereq');
  else if (datalen % 2 !== 0 || datalen < 4 || datalen > 16) ctx.print(' (invalid)');
  else {
    ctx.print(' cookie ');
    for (let i = 0; i < datalen; i++) ctx.print(hexPad(ctx.u8(cp + i), 2));
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
        for (let i = 0; i < 20; i++) ctx.print(hexPad(ctx.u8(cp + 4 + i), 2));
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
