/**
 * One-line packet text exactly as `tcpdump -n` (4.99) prints it for an Ethernet frame.
 *
 * ```ts
 * const f = new Formatter({ timestamp: 'default', link: false });
 * for (const r of readCapture('x.pcap')) console.log(f.format(r.data, r));
 * ```
 *
 * The {@link Formatter} keeps what tcpdump keeps between packets: the relative TCP sequence
 * numbers of each connection and the reference time for `delta` / `sincefirst` timestamps.
 * {@link formatPacket} formats a packet as if it were the first one tcpdump saw.
 *
 * Lines may contain embedded newlines where tcpdump prints a hex dump (frames of unknown
 * EtherType); there is never a trailing newline.
 */
import { Ctx, Truncated } from './context.js';
import { etherPrint } from './ether.js';
import { forgetIsakmpCookies } from './isakmp.js';
import { forgetNfsCalls } from './nfs.js';
import { TcpSeqState } from './tcp.js';

export { UNDECODED_KNOWN_ETHERTYPES } from './ether.js';
export { UNDECODED_KNOWN_PROTOCOLS } from './ip.js';
export { TCP_DECODED_PORTS } from './tcp.js';
export { UDP_DECODED_PORTS } from './udp.js';

/**
 * Timestamp styles: `default` local HH:MM:SS.uuuuuu; `none` (-t); `epoch` (-tt) seconds.usec;
 * `delta` (-ttt) since the previous packet; `date` (-tttt) local YYYY-MM-DD HH:MM:SS.uuuuuu;
 * `sincefirst` (-ttttt) since the first packet.
 */
export type TimestampMode = 'default' | 'none' | 'epoch' | 'delta' | 'date' | 'sincefirst';

/** Output options. */
export interface FormatOptions {
  /** Timestamp style; default 'default'. */
  timestamp?: TimestampMode;
  /** Print the link-level header (tcpdump -e). */
  link?: boolean;
  /** Number of -v flags (0-3): IP header fields, checksums and more protocol detail. */
  verbose?: number;
  /** tcpdump -q: shorter transport lines (`tcp N`, `UDP, length N`). */
  quick?: boolean;
  /**
   * Leave out the hex dumps tcpdump prints of bytes it does not decode where -q, -x or -X turn
   * them off (its ndo_suppress_default_print); default: `quick`.
   */
  suppressDefaultPrint?: boolean;
}

/** What the capture says about a packet besides its bytes. */
export interface PacketMeta {
  /** Wall-clock time in nanoseconds since the epoch (printed with microsecond precision). */
  tsNs: bigint;
  /** Length on the wire (at least frame.length). */
  len: number;
}

/**
 * A frame inside a larger buffer (a ring batch) with its time in Numbers: what
 * {@link Formatter.formatAt} prints with no copy, no view and no BigInt per frame.
 */
export interface FrameAt {
  /** The buffer holding the frame: `caplen` captured bytes from `start`. */
  bytes: Buffer;
  start: number;
  caplen: number;
  /** Length on the wire (at least caplen). */
  len: number;
  /** Wall-clock time: whole seconds since the epoch, and nanoseconds within the second (0-999,999,999). */
  sec: number;
  nsec: number;
}

/** A time in ns as whole seconds and microseconds, as tcpdump prints it (rounded toward zero before 1970). */
function secUsec(tsNs: bigint): [number, number] {
  if (tsNs >= 0n && tsNs < 9_000_000_000_000_000_000n) {
    // One BigInt division: microseconds below 9e15 (the year 2255) are exact as a Number (< 2^53).
    const us = Number(tsNs / 1000n);
    const sec = Math.floor(us / 1_000_000);
    return [sec, us - sec * 1_000_000];
  }
  return [Number(tsNs / 1_000_000_000n), Number((tsNs % 1_000_000_000n) / 1000n)];
}

/** Formats packets in sequence, keeping tcpdump's cross-packet state. */
export class Formatter {
  readonly #opts: Required<FormatOptions>;
  readonly #tcp = new TcpSeqState();
  /** The reference time of delta and sincefirst timestamps; 0.000000 is "none yet" (as in tcpdump). */
  #refSec = 0;
  #refUsec = 0;
  #llHdrLen = 0;

  /**
   * Lines on which a printer failed other than by running out of bytes (a bug): each ends with
   * ` [|<protocol>: xsift printer error]` instead of the rest of its text. The first failure's text.
   */
  printerErrors = 0;
  firstPrinterError = '';

  constructor(opts: FormatOptions = {}) {
    this.#opts = {
      timestamp: opts.timestamp ?? 'default',
      link: opts.link ?? false,
      verbose: Math.max(0, Math.min(3, Math.trunc(opts.verbose ?? 0))),
      quick: opts.quick ?? false,
      suppressDefaultPrint: opts.suppressDefaultPrint ?? opts.quick ?? false,
    };
  }

  /**
   * Where tcpdump's -x, -X and -A dumps of the last line begin: the link-layer header length
   * its Ethernet printer reported (with 802.3's LLC header), or 0 (the whole frame) when a
   * printer ran out of captured bytes, as tcpdump's printers do by giving up the packet; -1
   * after an invalid record header, which tcpdump dumps nothing of.
   */
  get linkHeaderLength(): number {
    return this.#llHdrLen;
  }

  /** Forgets TCP connections, ISAKMP cookies, NFS calls and the timestamp reference. */
  reset(): void {
    this.#tcp.clear();
    forgetIsakmpCookies(this.#tcp);
    forgetNfsCalls(this.#tcp);
    this.#refSec = 0;
    this.#refUsec = 0;
  }

  /** The line tcpdump prints for this Ethernet frame (no trailing newline). */
  format(frame: Buffer, meta: PacketMeta): string {
    const [sec, usec] = secUsec(meta.tsNs);
    return this.#line(frame, 0, frame.length, meta.len, sec, usec);
  }

  /**
   * What {@link format} prints for the same bytes, wire length and time, read in place. `link`:
   * text printed between the timestamp and the frame's own text, where tcpdump -i any prints the
   * interface (a capture of several interfaces puts the interface's name there).
   */
  formatAt(f: FrameAt, link?: string): string {
    // Times before 1970 go the BigInt way, which rounds them toward zero, not down.
    const [sec, usec] = f.sec < 0 ? secUsec(BigInt(f.sec) * 1_000_000_000n + BigInt(f.nsec)) : [f.sec, Math.floor(f.nsec / 1000)];
    return this.#line(f.bytes, f.start, f.start + f.caplen, f.len, sec, usec, link);
  }

  /** The line for the frame at bytes `start` to `end` of `buf`, at `sec`.`usec`; `link` as formatAt's. */
  #line(buf: Buffer, start: number, end: number, len: number, sec: number, usec: number, link?: string): string {
    // An invalid header ends the line before the timestamp and the link layer (tcpdump's
    // pretty_print_packet), so no interface either.
    const invalid = invalidHeader(end - start, len);
    this.#llHdrLen = -1;
    if (invalid) return invalid;
    this.#llHdrLen = 0;
    const ctx = new Ctx(buf, start, end, this.#opts.link, this.#tcp, this.#opts.verbose, this.#opts.quick, this.#opts.suppressDefaultPrint);
    try {
      etherPrint(ctx, len);
      this.#llHdrLen = ctx.llHdrLen;
    } catch (e) {
      if (e instanceof Truncated) ctx.trunc();
      else {
        // A printer bug costs its line's end, never the capture: marked, counted, the first kept.
        this.printerErrors++;
        this.firstPrinterError ||= `${ctx.protocol}: ${e instanceof Error ? e.message : String(e)}`;
        ctx.print(` [|${ctx.protocol}: xsift printer error]`);
      }
    }
    const stamp = this.#timestamp(sec, usec);
    return link === undefined ? stamp + ctx.out : stamp + link + ctx.out;
  }

  #timestamp(sec: number, usec: number): string {
    switch (this.#opts.timestamp) {
      case 'none':
        return '';
      case 'epoch':
        return sec >= 0x80000000 ? '[Error converting time] ' : `${sec}.${usecText(usec)} `;
      case 'default':
        return `${clock(sec, usec, false, true)} `;
      case 'date':
        return `${clock(sec, usec, true, true)} `;
      case 'delta':
      case 'sincefirst': {
        if (this.#refSec === 0 && this.#refUsec === 0) {
          this.#refSec = sec;
          this.#refUsec = usec;
        }
        const cur = sec * 1_000_000 + usec;
        const ref = this.#refSec * 1_000_000 + this.#refUsec;
        const neg = cur < ref;
        const d = Math.abs(cur - ref);
        const out = `${neg ? '-' : ' '}${clock(Math.floor(d / 1_000_000), d % 1_000_000, false, false)} `;
        if (this.#opts.timestamp === 'delta') {
          this.#refSec = sec;
          this.#refUsec = usec;
        }
        return out;
      }
    }
  }
}

/** tcpdump's MAXIMUM_SNAPLEN: records claiming more are refused before any decoding. */
const MAXIMUM_SNAPLEN = 262144;

/**
 * tcpdump's sanity checks on a record header (pretty_print_packet): "[Invalid header: ...]"
 * instead of the packet, with no timestamp; null when the header is fine.
 */
function invalidHeader(caplen: number, len: number): string | null {
  // Without the array in the usual case: every check passes.
  if (caplen !== 0 && caplen <= len && len <= MAXIMUM_SNAPLEN) return null;
  const why: string[] = [];
  if (caplen === 0) why.push(' caplen==0');
  if (len === 0) why.push(' len==0');
  else if (len < caplen) why.push(` len(${len}) < caplen(${caplen})`);
  if (caplen > MAXIMUM_SNAPLEN) why.push(` caplen(${caplen}) > ${MAXIMUM_SNAPLEN}`);
  if (len > MAXIMUM_SNAPLEN) why.push(` len(${len}) > ${MAXIMUM_SNAPLEN}`);
  return why.length ? `[Invalid header:${why.join(',')}]` : null;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** The last second clock() converted: consecutive packets mostly share it (a Date per packet cost more than the rest of a line). */
const lastClock = { sec: NaN, withDate: false, local: false, head: '' };

function clock(sec: number, usec: number, withDate: boolean, local: boolean): string {
  if (sec >= 0x80000000) return '[Error converting time]';
  if (sec !== lastClock.sec || withDate !== lastClock.withDate || local !== lastClock.local) {
    const d = new Date(sec * 1000);
    const [Y, M, D, h, m, s] = local
      ? [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()]
      : [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
    const time = `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.`;
    lastClock.head = withDate ? `${Y}-${pad(M, 2)}-${pad(D, 2)} ${time}` : time;
    lastClock.sec = sec;
    lastClock.withDate = withDate;
    lastClock.local = local;
  }
  return lastClock.head + usecText(usec);
}

/** '000' to '999'. */
const DIGITS3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * Microseconds as six digits, from a table (String and padStart cost a fifth of a line,
 * measured: bench/format-micro.ts). Negative ones (times before 1970, from format()) print as
 * they always have.
 */
function usecText(usec: number): string {
  if (usec < 0) return pad(usec, 6);
  const ms = Math.floor(usec / 1000);
  return DIGITS3[ms]! + DIGITS3[usec - ms * 1000]!;
}

/**
 * The line tcpdump prints for one Ethernet frame, as if it were the first packet of the
 * capture (TCP sequence numbers absolute for a connection's first ACK-bearing packet, delta
 * timestamps zero). Use a {@link Formatter} for a sequence of packets.
 */
export function formatPacket(frame: Buffer, meta: PacketMeta, opts?: FormatOptions): string {
  return new Formatter(opts).format(frame, meta);
}
