/**
 * The native capture-file writer (native/writer.cc through runtime/capture-file.ts) against the
 * JS writers of runtime/pcap.ts: for the same ring records, the same bytes, in pcap (µs and ns),
 * pcapng (µs and ns, several interfaces with their own snaplens), with snaplen cuts, timestamps
 * on second boundaries and past 2^32 seconds, and buffers flushed part-way. Then what only the
 * native writer does: the -c limit, malformed records, a full disk (the file cut back to its
 * last whole record) and two rings of real xsift programs writing one file from two threads.
 * The last two need root (a tmpfs mount, BPF).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaptureFile } from '../runtime/capture-file.js';
import { Clock, decodeRecord, RECORD_HEADER_BYTES } from '../runtime/events.js';
import { PcapngWriter, PcapWriter, readCapture } from '../runtime/pcap.js';
import { buildProgram } from '../runtime/build.js';
import { native } from '../runtime/native.js';
import { configure, PROGRAM, RING_MAP } from '../runtime/session.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'xsift-capfile-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** A deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A ring record: struct xsift_record (host order, little-endian here) then cap bytes. */
function record(tsNs: bigint, wireLen: number, data: Buffer, extra = 0): Buffer {
  const r = Buffer.alloc(RECORD_HEADER_BYTES + data.length + extra);
  r.writeBigUInt64LE(tsNs, 0);
  r.writeUInt32LE(wireLen, 8);
  r.writeUInt32LE(data.length, 12);
  r.writeUInt32LE(7, 16); // ifindex
  r.writeUInt32LE(0, 20); // rx_queue
  r.writeUInt32LE(2, 24); // XDP_PASS
  data.copy(r, RECORD_HEADER_BYTES);
  return r;
}

interface Rec {
  rec: Buffer;
  iface: number;
}

/** `n` random records: monotonic stamps, caplens 0..400 (a few of 1514 and more), wire ≥ cap mostly. */
function randomRecords(seed: number, n: number, ifaces = 1): Rec[] {
  const r = rng(seed);
  const out: Rec[] = [];
  let ts = BigInt(Math.floor(r() * 2 ** 40));
  for (let i = 0; i < n; i++) {
    ts += BigInt(Math.floor(r() * 3_000_000_000)); // up to 3 s apart: crosses second boundaries
    const cap = r() < 0.05 ? 1514 + Math.floor(r() * 600) : Math.floor(r() * 400);
    const data = Buffer.alloc(cap);
    for (let j = 0; j < cap; j++) data[j] = Math.floor(r() * 256);
    // Mostly wire ≥ cap, as the kernel reports; sometimes less, which both writers must raise to cap.
    const wire = r() < 0.1 ? Math.floor(r() * (cap + 1)) : cap + Math.floor(r() * 9000);
    // Some records carry padding after the bytes (the kernel's power-of-two reservation).
    out.push({ rec: record(ts, wire, data, r() < 0.3 ? Math.floor(r() * 64) : 0), iface: Math.floor(r() * ifaces) });
  }
  return out;
}

/** A Clock with a chosen offset (what Session measures at start). */
function clockAt(offsetNs: bigint): Clock {
  const c = new Clock();
  Object.defineProperty(c, 'offsetNs', { value: offsetNs });
  return c;
}

interface Case {
  name: string;
  pcapng?: boolean;
  nano?: boolean;
  snaplen: number;
  ifaces?: number;
  offsetNs: bigint;
  flushBytes?: number;
  recs: Rec[];
}

/** The file the native writer makes for `c` (through the page cache, or with O_DIRECT). */
function nativeFile(c: Case, file: string, direct: boolean): Buffer {
  const names = Array.from({ length: c.ifaces ?? 1 }, (_, i) => ({ name: `xs${i}@lab`, filter: 'udp or icmp' }));
  const f = CaptureFile.open({
    path: file,
    ...(c.pcapng ? { pcapng: true } : {}),
    ...(c.nano ? { nano: true } : {}),
    snaplen: c.snaplen,
    interfaces: names,
    offsetNs: c.offsetNs,
    ...(c.flushBytes ? { flushBytes: c.flushBytes } : {}),
    direct,
  }, () => {});
  // The test's directory is on ext4 (as on the project's machines), which takes O_DIRECT.
  assert.is(f.stats().direct, direct, `${c.name}: O_DIRECT ${direct ? 'on' : 'off'}`);
  for (const r of c.recs) f.writer.append(r.rec, r.iface);
  const st = f.stats();
  f.close();
  assert.is(f.stats().frames, c.recs.length, `${c.name}: frames written`);
  assert.is(f.stats().discarded, 0);
  assert.is(f.stats().bytes, statSync(file).size, `${c.name}: bytes = file size`);
  assert.ok(c.flushBytes === undefined || st.writes > 1, `${c.name}: flushed part-way (${st.writes} writes before close)`);
  return readFileSync(file);
}

/** The file the JS writers (the capture path before the native writer) make for `c`. */
function jsFile(c: Case, file: string): Buffer {
  const clock = clockAt(c.offsetNs);
  const fd = openSync(file, 'w');
  const frames = c.recs.map((r) => ({ ...decodeRecord(r.rec, clock), interfaceId: r.iface }));
  if (c.pcapng) {
    const names = Array.from({ length: c.ifaces ?? 1 }, (_, i) => ({ name: `xs${i}@lab`, snaplen: c.snaplen, filter: 'udp or icmp' }));
    const w = new PcapngWriter(fd, { nanosecond: !!c.nano, application: 'xsift', interfaces: names }, true);
    w.writeBatch(frames);
    w.close();
  } else {
    const w = new PcapWriter(fd, { nanosecond: !!c.nano, snaplen: c.snaplen }, true);
    w.writeBatch(frames);
    w.close();
  }
  return readFileSync(file);
}

function firstDifference(a: Buffer, b: Buffer): string {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return `first difference at byte ${i} (native ${a[i]}, JS ${b[i]})`;
  return `lengths ${a.length} (native) and ${b.length} (JS)`;
}

const NOW = 1_764_000_000_123_456_789n; // a wall clock minus a monotonic clock, roughly
const cases: Case[] = [
  { name: 'pcap µs', snaplen: 262144, offsetNs: NOW, recs: randomRecords(1, 300) },
  { name: 'pcap ns', nano: true, snaplen: 262144, offsetNs: NOW, recs: randomRecords(2, 300) },
  { name: 'pcap µs, snaplen 100 cuts', snaplen: 100, offsetNs: NOW, recs: randomRecords(3, 300) },
  { name: 'pcap ns, snaplen 1', nano: true, snaplen: 1, offsetNs: NOW, recs: randomRecords(4, 50) },
  { name: 'pcap µs, 4 KiB buffer (many writes)', snaplen: 262144, offsetNs: NOW, flushBytes: 4096, recs: randomRecords(5, 400) },
  { name: 'pcapng µs', pcapng: true, snaplen: 262144, offsetNs: NOW, recs: randomRecords(6, 300) },
  { name: 'pcapng ns', pcapng: true, nano: true, snaplen: 262144, offsetNs: NOW, recs: randomRecords(7, 300) },
  { name: 'pcapng ns, 3 interfaces, snaplen 61 (padding)', pcapng: true, nano: true, snaplen: 61, ifaces: 3, offsetNs: NOW, recs: randomRecords(8, 300, 3) },
  { name: 'pcapng µs, 2 interfaces, 4 KiB buffer', pcapng: true, snaplen: 1000, ifaces: 2, offsetNs: NOW, flushBytes: 4096, recs: randomRecords(9, 400, 2) },
  { name: 'zero offset, stamps near 0', snaplen: 262144, offsetNs: 0n, recs: randomRecords(10, 20) },
  {
    name: 'second boundaries and stamps past 2^32 s (pcap µs)',
    snaplen: 262144,
    offsetNs: 0n,
    recs: [999_999_999n, 1_000_000_000n, 1_000_000_999n, 1_000_001_000n, 4_294_967_295_999_999_999n, 4_294_967_296_000_000_000n, 2n ** 63n - 1n].map((ts) => ({ rec: record(ts, 60, Buffer.alloc(60, 0xab)), iface: 0 })),
  },
  {
    name: 'second boundaries and stamps past 2^32 s (pcap ns)',
    nano: true,
    snaplen: 262144,
    offsetNs: 0n,
    recs: [999_999_999n, 1_000_000_000n, 4_294_967_296_000_000_001n, 2n ** 63n - 1n].map((ts) => ({ rec: record(ts, 60, Buffer.alloc(60, 0xcd)), iface: 0 })),
  },
  {
    name: 'stamps past 2^32 ticks (pcapng µs and the high word)',
    pcapng: true,
    snaplen: 262144,
    offsetNs: 0n,
    recs: [999n, 1000n, 4_294_967_296_000n, 4_294_967_296_999n, 2n ** 63n - 1n].map((ts) => ({ rec: record(ts, 60, Buffer.alloc(60, 0xef)), iface: 0 })),
  },
];

for (const c of cases) {
  test(`native = JS bytes: ${c.name}`, () => {
    const a = nativeFile(c, path.join(tmp, 'native.cap'), false);
    const d = nativeFile(c, path.join(tmp, 'direct.cap'), true);
    assert.ok(d.equals(a), `${c.name}, O_DIRECT: ${firstDifference(d, a)}`);
    const b = jsFile(c, path.join(tmp, 'js.cap'));
    assert.ok(a.equals(b), `${c.name}: ${firstDifference(a, b)}`);
    // And the file reads back: every frame, cut to the snaplen, wire length at least the cut.
    const back = readCapture(path.join(tmp, 'native.cap'));
    assert.is(back.length, c.recs.length);
    back.forEach((r, i) => assert.is(r.caplen, Math.min(c.recs[i]!.rec.readUInt32LE(12), c.snaplen)));
  });
}

test('O_DIRECT: what is flushed is in the file at once, whole; the tail written through the page cache is rewritten by the next direct write', () => {
  const file = path.join(tmp, 'visible.pcapng');
  const f = CaptureFile.open({ path: file, pcapng: true, snaplen: 262144, interfaces: [{ name: 'xs0@lab', filter: 'udp or icmp' }], offsetNs: NOW, flushBytes: 8192 }, () => {});
  assert.ok(f.stats().direct, 'ext4 takes O_DIRECT');
  const recs = randomRecords(13, 120);
  const js = (n: number) => {
    const g = path.join(tmp, 'visible-js.pcapng');
    jsFile({ name: 'visible', pcapng: true, snaplen: 262144, offsetNs: NOW, recs: recs.slice(0, n) }, g);
    return readFileSync(g);
  };
  let n = 0;
  for (const step of [1, 2, 7, 30, 3, 77]) {
    for (const r of recs.slice(n, n + step)) f.writer.append(r.rec);
    n += step;
    f.writer.flush();
    // The JS writer's file for the same records, and the same interface block.
    const want = js(n);
    const got = readFileSync(file);
    assert.ok(got.equals(want), `after ${n} records: ${firstDifference(got, want)}`);
    assert.is(f.stats().frames, n);
    assert.is(f.stats().bytes, got.length);
  }
  f.close();
  assert.is(readCapture(file).length, recs.length);
});

test('-c: the limit\'s frames are written, the rest discarded and counted; "limit" is said once', async () => {
  const file = path.join(tmp, 'limit.pcap');
  const events: string[] = [];
  const f = CaptureFile.open({ path: file, snaplen: 262144, interfaces: [{ name: 'xs0' }], offsetNs: NOW, limit: 7 }, (e) => events.push(e));
  const recs = randomRecords(11, 20);
  for (const r of recs.slice(0, 7)) f.writer.append(r.rec);
  // The limit's last frame is written at once, not at the next flush.
  assert.is(f.stats().frames, 7);
  assert.ok(f.stats().limitReached);
  assert.is(readCapture(file).length, 7);
  for (const r of recs.slice(7)) f.writer.append(r.rec);
  await new Promise((r) => setTimeout(r, 20));
  f.close();
  assert.equal(events, ['limit']);
  assert.is(f.stats().frames, 7);
  assert.is(f.stats().discarded, 13);
  assert.is(readCapture(file).length, 7);
});

test('a malformed record stops the writer with EBADMSG naming the file; what was written stays whole', async () => {
  const file = path.join(tmp, 'bad.pcap');
  const events: string[] = [];
  const f = CaptureFile.open({ path: file, snaplen: 262144, interfaces: [{ name: 'xs0' }], offsetNs: NOW }, (e) => events.push(e));
  const recs = randomRecords(12, 5);
  for (const r of recs.slice(0, 3)) f.writer.append(r.rec);
  f.writer.flush();
  f.writer.append(Buffer.alloc(20));
  const bad = record(5n, 100, Buffer.alloc(10));
  bad.writeUInt32LE(200, 12); // claims more bytes than it holds
  f.writer.append(bad);
  f.writer.append(recs[3]!.rec);
  const err = f.stats().error;
  assert.ok(err, 'an error');
  assert.is(err!.code, 'EBADMSG');
  assert.match(err!.message, /a ring record of 20 bytes is shorter than its 32-byte header/);
  assert.ok(err!.message.includes(file), err!.message);
  await new Promise((r) => setTimeout(r, 20));
  f.close();
  assert.equal(events, ['error']);
  assert.is(f.stats().frames, 3);
  assert.is(f.stats().discarded, 3);
  assert.is(readCapture(file).length, 3);
});

test('a full disk: the file is cut back to its last whole record, frames = records in the file, ENOSPC named', async () => {
  assert.is(process.getuid?.(), 0, 'this test mounts a tmpfs: it needs root (CI runs it as root)');
  const mnt = path.join(tmp, 'full');
  mkdirSync(mnt);
  const m = await execa('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt], { reject: false });
  assert.is(m.exitCode, 0, m.stderr);
  try {
    for (const [pcapng, direct] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const file = path.join(mnt, pcapng ? 'full.pcapng' : 'full.pcap');
      const events: string[] = [];
      // A 48 KiB buffer: the second write fails part-way through a record.
      const f = CaptureFile.open({ path: file, pcapng, snaplen: 262144, interfaces: [{ name: 'xs0' }], offsetNs: NOW, flushBytes: 48 * 1024, direct }, (e) => events.push(e));
      // tmpfs takes O_DIRECT since Linux 6.6.
      assert.is(f.stats().direct, direct);
      let n = 0;
      while (!f.stats().error && n < 1000) f.writer.append(record(BigInt(n) * 1000n, 1400, Buffer.alloc(1400, n++ & 0xff)));
      const err = f.stats().error;
      assert.ok(err, 'the disk filled');
      assert.is(err!.code, 'ENOSPC');
      assert.match(err!.message, new RegExp(`write "${file}": No space left on device \\(ENOSPC\\)`));
      const frames = f.stats().frames;
      assert.ok(frames > 0 && frames < n, `${frames} of ${n} written`);
      f.close(); // nothing is left to write: the records after the failure were discarded
      assert.is(f.stats().discarded, n - frames);
      assert.is(statSync(file).size, f.stats().bytes, 'the file ends with the last whole record');
      const back = readCapture(file);
      assert.is(back.length, frames);
      back.forEach((r, i) => assert.ok(r.data.equals(Buffer.alloc(1400, i & 0xff)), `record ${i} whole`));
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(events, ['error']);
      rmSync(file);
    }
  } finally {
    await execa('umount', [mnt], { reject: false });
  }
});

for (const pcapng of [false, true]) test(`two rings of real programs write one ${pcapng ? 'pcapng' : 'pcap'} file from two threads: every record whole, counts per interface`, async () => {
  assert.is(process.getuid?.(), 0, 'this test loads BPF programs: it needs root (CI runs it as root)');
  const { object } = await buildProgram('udp', 'capture');
  const file = path.join(tmp, pcapng ? 'two.pcapng' : 'two.pcap');
  const f = CaptureFile.open({ path: file, pcapng, snaplen: 262144, interfaces: [{ name: 'a' }, { name: 'b' }], offsetNs: new Clock().offsetNs, flushBytes: 8192 }, () => {});
  const objs = [0, 1].map((i) => {
    const o = native().openObject(object, `two${i}`);
    configure(o, { snaplen: 262144, ringBytes: 1 << 24 });
    o.load();
    return o;
  });
  // An Ethernet/IPv4/UDP frame, its last bytes telling the program apart.
  const udp = (tag: number, len: number) => {
    const b = Buffer.alloc(len, tag);
    b.writeUInt16BE(0x0800, 12);
    b[14] = 0x45;
    b.writeUInt16BE(len - 14, 16);
    b[23] = 17;
    b.writeUInt16BE(0, 20);
    return b;
  };
  const t0 = BigInt(Date.now()) * 1_000_000n;
  try {
    const rings = objs.map((o, i) => o.openRing(RING_MAP, () => {}, { writer: f.writer, interfaceId: i }));
    const N = 4000;
    for (let k = 0; k < N / 200; k++) {
      for (const [i, o] of objs.entries()) assert.is(o.testRun(PROGRAM, udp(0xa0 + i, 100 + i * 400), { repeat: 200 }).retval, 2);
    }
    const deadline = Date.now() + 5000;
    while (rings.reduce((s, r) => s + r.stats().read, 0) < 2 * N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    for (const r of rings) r.close();
    const t1 = BigInt(Date.now() + 1) * 1_000_000n;
    f.close();
    assert.equal(f.stats().perInterface, [N, N]);
    assert.is(f.stats().frames, 2 * N);
    const back = readCapture(file);
    assert.is(back.length, 2 * N);
    for (const r of back) {
      const i = r.data[r.data.length - 1] === 0xa0 ? 0 : 1;
      assert.is(r.len, 100 + i * 400);
      assert.ok(r.data.equals(udp(0xa0 + i, 100 + i * 400)), 'the frame, whole');
      assert.ok(r.tsNs >= t0 - 1_000_000n && r.tsNs <= t1, `wall-clock time ${r.tsNs} within the run`);
    }
  } finally {
    for (const o of objs) o.close();
    f.close();
  }
});

test('a closed writer takes no ring and no block', () => {
  const file = path.join(tmp, 'closed.pcap');
  const f = CaptureFile.open({ path: file, snaplen: 100, interfaces: [{ name: 'xs0' }], offsetNs: NOW }, () => {});
  const w = f.writer;
  f.close();
  assert.throws(() => w.writeBlock(Buffer.alloc(4)), /closed \(EBADF\)/);
  w.append(record(1n, 60, Buffer.alloc(60)));
  assert.is(w.stats().discarded, 1);
  assert.is(readCapture(file).length, 0);
  const fd = openSync(path.join(tmp, 'x.pcap'), 'w');
  try {
    assert.throws(() => native().openWriter(fd, { format: 'pcapng', snaplens: [] }), /non-empty/);
  } finally {
    closeSync(fd);
  }
});

test.run();
