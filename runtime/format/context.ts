/**
 * The printing context shared by the protocol printers: the frame, a moving "snap end" (the
 * last byte a printer may read, narrowed by IP and UDP lengths), the output, and the name of the
 * protocol being printed, which is what tcpdump reports in its `[|proto]` truncation marker.
 *
 * A printer that reads past the snap end throws {@link Truncated}; the top level catches it and
 * appends ` [|<protocol>]`, as tcpdump does when a GET_* macro gives the packet up (its longjmp,
 * after which -x dumps the frame from its first byte). Where tcpdump instead checks the bytes
 * (ND_TCHECK_*, a length test) and goes to its function's own `trunc:` label, which prints the
 * marker and returns normally (the link-layer header length kept, the callers going on), the
 * printer does the same: {@link Ctx.tcheck} in place, or {@link Ctx.need} and {@link GotoTrunc}
 * caught by the function that owns the label.
 */
import type { TcpSeqState } from './tcp.js';

/** Thrown when a printer needs bytes beyond what was captured. */
export class Truncated extends Error {
  constructor() {
    super('truncated');
  }
}

/**
 * tcpdump's `goto trunc` (ND_TCHECK_* in a function with its own `trunc:` label, which prints
 * the marker and returns normally), for printers with many such checks: {@link Ctx.need} throws
 * it and the function that owns the label catches it, prints the marker ({@link Ctx.trunc}) and
 * returns. A Truncated, so that one escaping its owner still ends the line with the marker.
 */
export class GotoTrunc extends Truncated {}

/**
 * Per-packet printing context. The frame is bytes `start` to `end` of `buf`, which may hold more
 * (a ring batch: no view per frame); offsets are into `buf`, and nothing outside the frame is read.
 */
export class Ctx {
  /** Output pieces; joined at the end. */
  out = '';
  /** Protocol name used by the truncation marker. */
  protocol = 'ether';
  /** One past the last readable byte offset. */
  snapend: number;
  /**
   * The link-layer header length the Ethernet printer reports (tcpdump's ndo_ll_hdr_len: where
   * -x, -X and -A dumps begin): 14, 4 more per VLAN tag, and the LLC/SNAP header of 802.3 frames.
   */
  llHdrLen = 0;

  constructor(
    readonly buf: Buffer,
    /** Offset of the frame's first byte. */
    readonly start: number,
    /** One past the frame's last captured byte. */
    readonly end: number,
    /** -e: print the link-level header. */
    readonly eflag: boolean,
    /** State kept across packets (TCP relative sequence numbers). */
    readonly tcp: TcpSeqState,
    /** -v count (0-3): more header fields, checksums, protocol detail. */
    readonly verbose = 0,
    /** -q: less protocol detail. */
    readonly quick = false,
    /**
     * tcpdump's ndo_suppress_default_print (-q, -x, -X): the printers that check it leave out
     * their hex dump of bytes they do not decode.
     */
    readonly suppressDefault = quick,
  ) {
    this.snapend = end;
  }

  print(s: string): void {
    this.out += s;
  }

  /** True if `n` bytes at `off` were captured. */
  has(off: number, n: number): boolean {
    return off >= this.start && n >= 0 && off + n <= this.snapend;
  }

  /** Bytes available from `off` to the snap end. */
  avail(off: number): number {
    return Math.max(0, this.snapend - off);
  }

  /**
   * Throws {@link Truncated} unless `n` bytes at `off` were captured: tcpdump's GET_* macros and
   * nd_trunc_longjmp, which give up the whole packet (the -x dump then starts at byte 0).
   */
  check(off: number, n: number): void {
    if (!this.has(off, n)) throw new Truncated();
  }

  /**
   * tcpdump's ND_TCHECK_*(...) with `goto trunc` in a function with its own `trunc:` label that
   * prints the marker and returns normally (the link-layer header length is kept and the callers
   * go on): true when `n` bytes at `off` were captured; else prints the marker for the current
   * protocol and returns false, and the caller returns as that function does.
   */
  tcheck(off: number, n: number): boolean {
    if (this.has(off, n)) return true;
    this.trunc();
    return false;
  }

  /**
   * tcpdump's ND_TCHECK_*(...) with `goto trunc`, from deep inside a printer: throws
   * {@link GotoTrunc} unless `n` bytes at `off` were captured; the function that owns tcpdump's
   * `trunc:` label catches it (see GotoTrunc).
   */
  need(off: number, n: number): void {
    if (!this.has(off, n)) throw new GotoTrunc();
  }

  u8(off: number): number {
    this.check(off, 1);
    return this.buf[off]!;
  }

  // u16 and u32 read the bytes themselves: check() has bounded them, and Buffer's readers would
  // validate the offset again (a tenth of a line's cost, measured).
  u16(off: number): number {
    this.check(off, 2);
    const b = this.buf;
    return (b[off]! << 8) | b[off + 1]!;
  }

  u32(off: number): number {
    this.check(off, 4);
    const b = this.buf;
    return b[off]! * 0x1000000 + ((b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!);
  }

  u24(off: number): number {
    this.check(off, 3);
    const b = this.buf;
    return (b[off]! << 16) | (b[off + 1]! << 8) | b[off + 2]!;
  }

  u64(off: number): bigint {
    this.check(off, 8);
    return this.buf.readBigUInt64BE(off);
  }

  /** Little-endian 16 bits (DECnet, loopback, RRCP fields). */
  le16(off: number): number {
    this.check(off, 2);
    return this.buf[off]! | (this.buf[off + 1]! << 8);
  }

  /** Little-endian 32 bits, unsigned. */
  le32(off: number): number {
    this.check(off, 4);
    return this.buf.readUInt32LE(off);
  }

  bytes(off: number, n: number): Buffer {
    this.check(off, n);
    return this.buf.subarray(off, off + n);
  }

  /** Narrows the snap end to `off + len` (never widens); returns the previous value to restore. */
  pushSnap(off: number, len: number): number {
    const saved = this.snapend;
    this.snapend = Math.min(this.snapend, off + len);
    return saved;
  }

  /** A context for a frame carried inside this one (VXLAN, GRE, ...): `start` to the snap end, the same options. */
  inner(start: number): Ctx {
    return new Ctx(this.buf, start, Math.max(start, this.snapend), this.eflag, this.tcp, this.verbose, this.quick, this.suppressDefault);
  }

  /** Prints the truncation marker for the current protocol. */
  trunc(): void {
    this.print(` [|${this.protocol}]`);
  }
}
