/**
 * Ring-buffer records (templates/xsift_event.h) to frames with wall-clock
 * timestamps.
 */

/** Size of struct xsift_record. */
export const RECORD_HEADER_BYTES = 32;

/** XDP verdicts as the kernel numbers them. */
export const XDP_DROP = 1;
export const XDP_PASS = 2;

/** One reported frame. */
export interface Frame {
  /** Wall-clock time in nanoseconds since the epoch. */
  tsNs: bigint;
  /** Length of the whole frame on the wire. */
  len: number;
  /** Bytes captured (data.length). */
  caplen: number;
  ifindex: number;
  rxQueue: number;
  verdict: 'pass' | 'drop';
  data: Buffer;
}

/**
 * One record of a batch as {@link forEachFrame} lends it: the frame's bytes stay in the batch
 * (no view per record) and its time is in Numbers (no BigInt per record).
 */
export interface RecordView {
  /** Wall-clock time: whole seconds since the epoch, and nanoseconds within the second (0-999,999,999). */
  sec: number;
  nsec: number;
  /** Length of the whole frame on the wire. */
  len: number;
  /** Bytes captured. */
  caplen: number;
  ifindex: number;
  rxQueue: number;
  verdict: 'pass' | 'drop';
  /** The batch: the frame is its `caplen` bytes from `start`. */
  bytes: Buffer;
  start: number;
}

const NS_PER_SEC = 1_000_000_000n;

/**
 * Converts CLOCK_MONOTONIC (bpf_ktime_get_ns) to wall-clock time with one
 * offset measured at start, so that times are consistent within a capture.
 */
export class Clock {
  readonly offsetNs: bigint;
  /** offsetNs in whole seconds (rounded down) and nanoseconds (0-999,999,999), for {@link wallParts}. */
  readonly #offsetSec: number;
  readonly #offsetNsec: number;

  /** `offsetNs`: wall minus monotonic time, measured now unless given (tests, benchmarks). */
  constructor(offsetNs?: bigint) {
    if (offsetNs === undefined) {
      const wallNs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
      // process.hrtime is CLOCK_MONOTONIC on Linux, the clock of bpf_ktime_get_ns.
      offsetNs = wallNs - process.hrtime.bigint();
    }
    this.offsetNs = offsetNs;
    let nsec = offsetNs % NS_PER_SEC;
    if (nsec < 0n) nsec += NS_PER_SEC;
    this.#offsetSec = Number((offsetNs - nsec) / NS_PER_SEC);
    this.#offsetNsec = Number(nsec);
  }

  wall(monotonicNs: bigint): bigint {
    return monotonicNs + this.offsetNs;
  }

  /**
   * wall() of the u64 monotonic time `hi` * 2^32 + `lo` (a record's two 32-bit halves), into
   * `out` as whole seconds and nanoseconds: exact for every u64, in Number arithmetic.
   */
  wallParts(hi: number, lo: number, out: { sec: number; nsec: number }): void {
    // The time passes 2^53 ns (Number's exact integers) after 104 days of uptime: divide by 1e9
    // digit by digit, hi then lo's two 16-bit halves, where each partial value stays below
    // 2^16 * 1e9 (its quotient by 1e9, below 2^16, rounds down exactly).
    const q2 = Math.floor(hi / 1e9);
    let r = hi - q2 * 1e9;
    let cur = r * 0x10000 + (lo >>> 16);
    const q1 = Math.floor(cur / 1e9);
    r = cur - q1 * 1e9;
    cur = r * 0x10000 + (lo & 0xffff);
    const q0 = Math.floor(cur / 1e9);
    let sec = (q2 * 0x10000 + q1) * 0x10000 + q0 + this.#offsetSec;
    let nsec = cur - q0 * 1e9 + this.#offsetNsec;
    if (nsec >= 1e9) {
      nsec -= 1e9;
      sec++;
    }
    out.sec = sec;
    out.nsec = nsec;
  }
}

/** Decode one record (header + bytes). */
export function decodeRecord(rec: Buffer, clock: Clock): Frame {
  if (rec.length < RECORD_HEADER_BYTES) throw new Error(`ring record of ${rec.length} bytes is shorter than its ${RECORD_HEADER_BYTES}-byte header`);
  const caplen = rec.readUInt32LE(12);
  const available = rec.length - RECORD_HEADER_BYTES;
  if (caplen > available) throw new Error(`ring record claims ${caplen} captured bytes but holds ${available}`);
  return {
    tsNs: clock.wall(rec.readBigUInt64LE(0)),
    len: rec.readUInt32LE(8),
    caplen,
    ifindex: rec.readUInt32LE(16),
    rxQueue: rec.readUInt32LE(20),
    verdict: rec.readUInt32LE(24) === XDP_DROP ? 'drop' : 'pass',
    data: rec.subarray(RECORD_HEADER_BYTES, RECORD_HEADER_BYTES + caplen),
  };
}

/** Split a native batch (u32 LE length + bytes, padded to 4) into decoded frames. */
export function decodeBatch(batch: Buffer, count: number, clock: Clock): Frame[] {
  const out: Frame[] = [];
  let off = 0;
  for (let i = 0; i < count; i++) {
    if (off + 4 > batch.length) throw new Error(`ring batch ends after ${i} of ${count} records`);
    const len = batch.readUInt32LE(off);
    off += 4;
    out.push(decodeRecord(batch.subarray(off, off + len), clock));
    off += (len + 3) & ~3;
  }
  return out;
}

/** The u32 LE at `at`, bounds-checked by the caller (Buffer's reader validates the offset again). */
function u32le(b: Buffer, at: number): number {
  return b[at]! + (b[at + 1]! << 8) + (b[at + 2]! << 16) + b[at + 3]! * 0x1000000;
}

/**
 * Calls `fn` for the first `count` records of a native batch with ONE {@link RecordView}, reused
 * for every record and valid only during the call (copy what you keep). Nothing is allocated per
 * record: the text output formats records straight from the batch this way.
 */
export function forEachFrame(batch: Buffer, count: number, clock: Clock, fn: (r: RecordView) => void): void {
  const r: RecordView = { sec: 0, nsec: 0, len: 0, caplen: 0, ifindex: 0, rxQueue: 0, verdict: 'pass', bytes: batch, start: 0 };
  let off = 0;
  for (let i = 0; i < count; i++) {
    if (off + 4 > batch.length) throw new Error(`ring batch ends after ${i} of ${count} records`);
    const size = u32le(batch, off);
    const at = off + 4;
    if (size < RECORD_HEADER_BYTES || at + size > batch.length) throw new Error(`ring record of ${size} bytes is shorter than its ${RECORD_HEADER_BYTES}-byte header or overruns its batch`);
    const caplen = u32le(batch, at + 12);
    if (caplen > size - RECORD_HEADER_BYTES) throw new Error(`ring record claims ${caplen} captured bytes but holds ${size - RECORD_HEADER_BYTES}`);
    // ts_ns (a u64, little-endian as every field here) as its two 32-bit halves.
    clock.wallParts(u32le(batch, at + 4), u32le(batch, at), r);
    r.len = u32le(batch, at + 8);
    r.caplen = caplen;
    r.ifindex = u32le(batch, at + 16);
    r.rxQueue = u32le(batch, at + 20);
    r.verdict = u32le(batch, at + 24) === XDP_DROP ? 'drop' : 'pass';
    r.start = at + RECORD_HEADER_BYTES;
    fn(r);
    off = at + ((size + 3) & ~3);
  }
}
