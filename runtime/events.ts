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
  constructor() {
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
