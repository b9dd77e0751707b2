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
 * Converts CLOCK_MONOTONIC (bpf_ktime_get_ns) to wall-clock time with one
 * offset measured at start, so that times are consistent within a capture.
 */
export class Clock {
  readonly offsetNs: bigint;
  /** `offsetNs`: wall minus monotonic time, measured now unless given (tests, benchmarks). */
  constructor(offsetNs?: bigint) {
    if (offsetNs !== undefined) {
      this.offsetNs = offsetNs;
      return;
    }
    const wallNs = BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));
    // process.hrtime is CLOCK_MONOTONIC on Linux, the clock of bpf_ktime_get_ns.
    this.offsetNs = wallNs - process.hrtime.bigint();
  }
  wall(monotonicNs: bigint): bigint {
    return monotonicNs + this.offsetNs;
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

/**
 * Calls `fn` for the first `count` records of a native batch with ONE Frame object, reused
 * for every record and valid only during the call (copy what you keep). Nothing is kept per
 * record, so a batch of thousands costs no more garbage than its byte views and timestamps:
 * the text output formats records straight from the batch this way.
 */
export function forEachFrame(batch: Buffer, count: number, clock: Clock, fn: (f: Frame) => void): void {
  const f: Frame = { tsNs: 0n, len: 0, caplen: 0, ifindex: 0, rxQueue: 0, verdict: 'pass', data: batch };
  let off = 0;
  for (let i = 0; i < count; i++) {
    if (off + 4 > batch.length) throw new Error(`ring batch ends after ${i} of ${count} records`);
    const size = batch.readUInt32LE(off);
    const at = off + 4;
    if (size < RECORD_HEADER_BYTES || at + size > batch.length) throw new Error(`ring record of ${size} bytes is shorter than its ${RECORD_HEADER_BYTES}-byte header or overruns its batch`);
    const caplen = batch.readUInt32LE(at + 12);
    if (caplen > size - RECORD_HEADER_BYTES) throw new Error(`ring record claims ${caplen} captured bytes but holds ${size - RECORD_HEADER_BYTES}`);
    f.tsNs = clock.wall(batch.readBigUInt64LE(at));
    f.len = batch.readUInt32LE(at + 8);
    f.caplen = caplen;
    f.ifindex = batch.readUInt32LE(at + 16);
    f.rxQueue = batch.readUInt32LE(at + 20);
    f.verdict = batch.readUInt32LE(at + 24) === XDP_DROP ? 'drop' : 'pass';
    f.data = batch.subarray(at + RECORD_HEADER_BYTES, at + RECORD_HEADER_BYTES + caplen);
    fn(f);
    off = at + ((size + 3) & ~3);
  }
}
