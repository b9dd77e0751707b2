/**
 * Ring batches to frames (runtime/events.ts): forEachFrame, the text output's reader, sees
 * every record as decodeBatch decodes it, stops at the count it is given, and refuses
 * malformed batches with a message.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Clock, decodeBatch, forEachFrame, RECORD_HEADER_BYTES, type Frame, type RecordView } from '../runtime/events.js';

/** A native batch: each record framed as a u32 LE length, the record, padding to 4. */
function batchOf(records: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const r of records) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(r.length);
    parts.push(len, r, Buffer.alloc((4 - (r.length % 4)) % 4));
  }
  return Buffer.concat(parts);
}

function record(ts: bigint, wire: number, data: Buffer, verdict: number, ifindex: number, extra = 0): Buffer {
  const r = Buffer.alloc(RECORD_HEADER_BYTES + data.length + extra);
  r.writeBigUInt64LE(ts, 0);
  r.writeUInt32LE(wire, 8);
  r.writeUInt32LE(data.length, 12);
  r.writeUInt32LE(ifindex, 16);
  r.writeUInt32LE(3, 20);
  r.writeUInt32LE(verdict, 24);
  data.copy(r, RECORD_HEADER_BYTES);
  return r;
}

const clock = new Clock();
const recs = Array.from({ length: 50 }, (_, i) => record(BigInt(i) * 999_999_937n, 60 + i * 7, Buffer.alloc(i * 3 + 1, i), i % 3 === 0 ? 1 : 2, i + 1, i % 5));
const batch = batchOf(recs);

/** What forEachFrame lends, as the Frame decodeBatch gives. */
function asFrame(r: RecordView): Frame {
  return {
    tsNs: BigInt(r.sec) * 1_000_000_000n + BigInt(r.nsec),
    len: r.len,
    caplen: r.caplen,
    ifindex: r.ifindex,
    rxQueue: r.rxQueue,
    verdict: r.verdict,
    data: Buffer.from(r.bytes.subarray(r.start, r.start + r.caplen)),
  };
}

test('forEachFrame sees what decodeBatch decodes, record by record', () => {
  const want = decodeBatch(batch, recs.length, clock);
  const got: Frame[] = [];
  forEachFrame(batch, recs.length, clock, (r) => {
    assert.ok(r.nsec >= 0 && r.nsec < 1e9 && Number.isInteger(r.nsec) && Number.isInteger(r.sec));
    got.push(asFrame(r));
  });
  assert.equal(got, want);
});

test("forEachFrame's Number times equal the BigInt ones, for every u64 and offset", () => {
  const edges = [0n, 1n, 999_999_999n, 1_000_000_000n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n];
  let x = 12345n;
  const random = Array.from({ length: 2000 }, () => (x = (x * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n));
  // Each a multiple of 1e9 and its neighbours: the carries.
  const round = [...edges, ...random].flatMap((t) => {
    const m = (t / 1_000_000_000n) * 1_000_000_000n;
    return [t, m, m - 1n, m + 1n].filter((v) => v >= 0n && v < 2n ** 64n);
  });
  for (const offset of [0n, 1_736_928_000_999_999_999n, 1_736_928_000_000_000_001n, -5_000_000_001n, 123n]) {
    const c = new Clock(offset);
    const b = batchOf(round.map((t) => record(t, 60, Buffer.alloc(1), 2, 1)));
    const want = decodeBatch(b, round.length, c).map((f) => f.tsNs);
    const got: bigint[] = [];
    forEachFrame(b, round.length, c, (r) => {
      assert.ok(r.nsec >= 0 && r.nsec < 1e9, `nsec ${r.nsec}`);
      got.push(BigInt(r.sec) * 1_000_000_000n + BigInt(r.nsec));
    });
    assert.equal(got, want, `offset ${offset}`);
  }
});

test('forEachFrame reads only the first `count` records', () => {
  let n = 0;
  forEachFrame(batch, 7, clock, () => n++);
  assert.is(n, 7);
});

test('malformed batches throw naming what is wrong', () => {
  assert.throws(() => forEachFrame(batch.subarray(0, 40), 2, clock, () => {}), /overruns its batch|ends after/);
  const lying = record(1n, 60, Buffer.alloc(10), 2, 1);
  lying.writeUInt32LE(11, 12);
  assert.throws(() => forEachFrame(batchOf([lying]), 1, clock, () => {}), /claims 11 captured bytes but holds 10/);
  assert.throws(() => forEachFrame(batchOf([Buffer.alloc(20)]), 1, clock, () => {}), /shorter than its 32-byte header/);
});

test.run();
