/**
 * The native addon against the real kernel: open/load/setGlobal, test runs,
 * ring delivery, per-CPU counters, error shapes, and XDP attach/detach on a
 * veth pair whose both ends live in network namespaces this file creates
 * (198.18.0.0/15 and 2001:db8::/32 only; nothing touches the root namespace).
 *
 * Needs root, clang and a built addon (npm run build). Anything missing fails
 * the tests loudly; nothing is skipped.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, existsSync, unlinkSync } from 'node:fs';
import { tmpdir, machine } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { native, isNativeError, type NativeError, type NativeObject } from '../runtime/native.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, 'fixtures', 'xs_nt_test.bpf.c');
const BAD_FIXTURE = path.join(here, 'fixtures', 'xs_nt_bad.bpf.c');

const XDP_ABORTED = 0;
const XDP_DROP = 1;
const XDP_PASS = 2;

interface State {
  dir: string;
  obj: string; // compiled fixture
  bad: string; // compiled fixture the verifier rejects
  setupError?: unknown;
}

function compile(src: string, out: string): void {
  execFileSync(
    'clang',
    ['-O2', '-g', '-Wall', '-target', 'bpf', '-mcpu=v3', `-I/usr/include/${machine()}-linux-gnu`, '-c', src, '-o', out],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Wait until `cond` holds, polling the event loop; fail with `what` after `ms`. */
async function until(cond: () => boolean, what: string, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A frame of `len` bytes whose first byte is `first` (the rest counts up). */
function frame(first: number, len = 64): Buffer {
  const b = Buffer.alloc(len);
  for (let i = 0; i < len; i++) b[i] = (i * 7 + 3) & 0xff;
  b[0] = first;
  return b;
}

/** Split a batch: u32 LE length + bytes, padded to 4. */
function records(batch: Buffer, count: number): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const len = batch.readUInt32LE(at);
    out.push(Buffer.from(batch.subarray(at + 4, at + 4 + len)));
    at += 4 + ((len + 3) & ~3);
  }
  assert.is(at, batch.length, 'the batch holds exactly `count` framed records');
  return out;
}

/** The fixture's record: u32 ifindex, u32 len, u8 verdict, 14 head bytes (23 bytes, packed). */
function decode(rec: Buffer): { ifindex: number; len: number; verdict: number; head: Buffer } {
  assert.is(rec.length, 23);
  return { ifindex: rec.readUInt32LE(0), len: rec.readUInt32LE(4), verdict: rec[8]!, head: rec.subarray(9, 23) };
}

function expectNativeError(fn: () => unknown, code: string, re: RegExp): NativeError {
  try {
    fn();
  } catch (e) {
    assert.ok(isNativeError(e), `a NativeError (with errno and syscall), got ${String(e)}`);
    const err = e as NativeError;
    assert.is(err.code, code, err.message);
    assert.type(err.errno, 'number');
    assert.ok(err.errno > 0);
    assert.ok(err.message.endsWith(`(${code})`) || err.message.includes(`(${code})`), err.message);
    assert.match(err.message, re);
    return err;
  }
  assert.unreachable(`expected ${code}`);
  throw new Error('unreachable');
}

// ---------------------------------------------------------------------------
// Suite 1: objects, test runs, rings, counters (no network)
// ---------------------------------------------------------------------------

const obj = suite<State>('native: object', { dir: '', obj: '', bad: '' });

obj.before((s) => {
  try {
    assert.is(process.getuid?.(), 0, 'the native tests need root (BPF, netns)');
    s.dir = mkdtempSync(path.join(tmpdir(), 'xsift-native-'));
    s.obj = path.join(s.dir, 'xs_nt_test.o');
    s.bad = path.join(s.dir, 'xs_nt_bad.o');
    compile(FIXTURE, s.obj);
    compile(BAD_FIXTURE, s.bad);
    native();
  } catch (e) {
    s.setupError = e;
    console.error('native test setup failed:', e);
  }
});

obj.after((s) => {
  if (s.dir) rmSync(s.dir, { recursive: true, force: true });
});

function need(s: State): void {
  if (s.setupError) throw s.setupError;
}

/** Open and load the fixture with the drop knob set to `dropByte`. */
function loaded(s: State, dropByte?: number): NativeObject {
  const o = native().openObject(s.obj);
  if (dropByte !== undefined) o.setGlobal('.rodata', 'drop_first_byte', Buffer.from([dropByte]));
  o.load();
  return o;
}

obj('libbpfVersion is the system libbpf', (s) => {
  need(s);
  assert.match(native().libbpfVersion(), /^1\.\d+$/);
});

obj('open lists programs and maps; load gives program info', (s) => {
  need(s);
  const o = native().openObject(s.obj);
  try {
    assert.equal(o.programNames(), ['xs_test', 'xs_pass']);
    assert.equal([...o.mapNames()].sort(), ['.rodata', 'counters', 'events']);
    o.load();
    const pi = o.programInfo('xs_test');
    assert.ok(pi.id > 0);
    assert.ok(pi.xlatedInsns > 10, `xlated ${pi.xlatedInsns}`);
    assert.ok(pi.jitedBytes > 0);
    assert.ok(pi.verifiedInsns >= pi.xlatedInsns / 2, `verified ${pi.verifiedInsns}`);
    assert.is(o.verifierLog(), '', 'level 0 keeps no log on success');
  } finally {
    o.close();
  }
});

obj('open from a Buffer with a name', (s) => {
  need(s);
  const bytes = readFileSync(s.obj);
  const o = native().openObject(bytes, 'frombuf');
  try {
    bytes.fill(0); // the object must not depend on the caller's buffer
    o.load();
    assert.is(o.testRun('xs_test', frame(0x10)).retval, XDP_PASS);
  } finally {
    o.close();
  }
});

obj('setGlobal changes the verdict; testRun returns it', (s) => {
  need(s);
  const dflt = loaded(s);
  const knob = loaded(s, 0x42);
  try {
    // Default knob 0xff: 0x42 passes, 0xff drops.
    assert.is(dflt.testRun('xs_test', frame(0x42)).retval, XDP_PASS);
    assert.is(dflt.testRun('xs_test', frame(0xff)).retval, XDP_DROP);
    // Knob 0x42: the other way round.
    assert.is(knob.testRun('xs_test', frame(0x42)).retval, XDP_DROP);
    assert.is(knob.testRun('xs_test', frame(0xff)).retval, XDP_PASS);
    const r = knob.testRun('xs_test', frame(0x42), { repeat: 100 });
    assert.is(r.retval, XDP_DROP);
    assert.type(r.durationNs, 'number');
    assert.is(knob.testRun('xs_pass', frame(0x42)).retval, XDP_PASS);
  } finally {
    dflt.close();
    knob.close();
  }
});

obj('setGlobal rejects a wrong size, an unknown variable, and a loaded object', (s) => {
  need(s);
  const o = native().openObject(s.obj);
  try {
    expectNativeError(() => o.setGlobal('.rodata', 'drop_first_byte', Buffer.alloc(4)), 'EINVAL', /"drop_first_byte".*4 bytes/);
    expectNativeError(() => o.setGlobal('.rodata', 'nope', Buffer.alloc(1)), 'ENOENT', /"nope" in "\.rodata"/);
    expectNativeError(() => o.setGlobal('.data', 'x', Buffer.alloc(1)), 'ENOENT', /no such section/);
    o.load();
    expectNativeError(() => o.setGlobal('.rodata', 'drop_first_byte', Buffer.alloc(1)), 'EBUSY', /already loaded/);
  } finally {
    o.close();
  }
});

obj('setMapMaxEntries and setXdpFrags apply before load, and only then', (s) => {
  need(s);
  const o = native().openObject(s.obj);
  try {
    o.setMapMaxEntries('counters', 8);
    o.setMapMaxEntries('events', 256 * 1024);
    o.setXdpFrags('xs_test', true);
    o.setXdpFrags('xs_pass', false);
    expectNativeError(() => o.setXdpFrags('nope', true), 'ENOENT', /find program "nope"/);
    expectNativeError(() => o.setMapMaxEntries('nope', 8), 'ENOENT', /find map "nope"/);
    o.load();
    assert.is(o.sumPercpuU64('counters').length, 8);
    // A frags-aware program still runs on a linear frame.
    assert.is(o.testRun('xs_test', frame(0xff)).retval, XDP_DROP);
    expectNativeError(() => o.setMapMaxEntries('counters', 16), 'EBUSY', /already loaded/);
    expectNativeError(() => o.setXdpFrags('xs_test', false), 'EBUSY', /already loaded/);
  } finally {
    o.close();
  }
});

obj('testRun with ifindex sets ingress_ifindex; records arrive with the right bytes and count', async (s) => {
  need(s);
  const o = loaded(s, 0x42);
  const got: Buffer[] = [];
  let batches = 0;
  try {
    const ring = o.openRing('events', (batch, count) => {
      batches++;
      got.push(...records(batch, count));
    });
    const a = frame(0x42, 60);
    const b = frame(0x10, 14); // the minimum XDP test frame
    assert.is(o.testRun('xs_test', a, { repeat: 3 }).retval, XDP_DROP);
    assert.is(o.testRun('xs_test', b, { ifindex: 1 }).retval, XDP_PASS); // lo: exists in every namespace
    await until(() => got.length >= 4, '4 records');
    assert.is(got.length, 4);
    const recs = got.map(decode);
    for (const r of recs.slice(0, 3)) {
      assert.is(r.len, 60);
      assert.is(r.verdict, XDP_DROP);
      assert.equal(r.head, a.subarray(0, 14));
    }
    assert.is(recs[3]!.ifindex, 1);
    assert.is(recs[3]!.len, 14);
    assert.is(recs[3]!.verdict, XDP_PASS);
    assert.equal(recs[3]!.head, b);
    const st = ring.stats();
    assert.is(st.read, 4);
    assert.is(st.queueDropped, 0);
    assert.is(st.batches, batches);
    assert.ok(batches >= 1);
  } finally {
    o.close();
  }
});

obj('a transient ring lends each batch for the call only: right bytes during it, detached after it', async (s) => {
  need(s);
  const o = loaded(s, 0x42);
  const got: Buffer[] = [];
  const kept: Buffer[] = [];
  try {
    const ring = o.openRing('events', (batch, count) => {
      got.push(...records(batch, count));
      kept.push(batch);
    }, { transient: true });
    for (let round = 0; round < 3; round++) {
      const a = frame(0x42 + round, 60);
      assert.is(o.testRun('xs_test', a, { repeat: 5 }).retval, round === 0 ? XDP_DROP : XDP_PASS);
      await until(() => got.length >= 5 * (round + 1), `${5 * (round + 1)} records`);
      for (const r of got.slice(5 * round).map(decode)) assert.equal(r.head, a.subarray(0, 14), 'the bytes of this round, not a reused batch');
    }
    assert.is(got.length, 15);
    assert.ok(kept.length >= 3);
    for (const b of kept) assert.is(b.length, 0, 'a batch kept past its call is detached (0 bytes), never reused memory');
    assert.is(ring.stats().read, 15);
  } finally {
    o.close();
  }
});

obj('counters sum over CPUs per key', (s) => {
  need(s);
  const o = loaded(s, 0x42);
  try {
    assert.equal(o.sumPercpuU64('counters'), [0n, 0n, 0n, 0n]);
    o.testRun('xs_test', frame(0x42), { repeat: 5 });
    o.testRun('xs_test', frame(0x01), { repeat: 7 });
    o.testRun('xs_test', frame(0x01));
    assert.equal(o.sumPercpuU64('counters'), [0n, 5n, 8n, 0n]);
    expectNativeError(() => o.sumPercpuU64('events'), 'EINVAL', /not a per-CPU array/);
    expectNativeError(() => o.sumPercpuU64('nope'), 'ENOENT', /find map "nope"/);
  } finally {
    o.close();
  }
});

obj('testRun on 10 bytes throws with an errno', (s) => {
  need(s);
  const o = loaded(s);
  try {
    const e = expectNativeError(() => o.testRun('xs_test', Buffer.alloc(10)), 'EINVAL', /test run "xs_test".* 10 bytes/);
    assert.is(e.errno, 22);
    assert.is(e.syscall, 'test run');
    expectNativeError(() => o.testRun('xs_test', frame(1), { ifindex: 0x7ffffff0 }), 'ENODEV', /ifindex 2147483632/);
  } finally {
    o.close();
  }
});

obj('a verifier rejection throws with verifierLog; levels 2 and 4 record logs', (s) => {
  need(s);
  const bad = native().openObject(s.bad);
  try {
    const e = expectNativeError(() => bad.load(), 'EACCES', /^load "xs_nt_bad"/);
    assert.is(e.syscall, 'load');
    assert.match(e.verifierLog ?? '', /invalid access to packet/);
    assert.is(bad.verifierLog(), e.verifierLog);
    assert.match(e.libbpfLog ?? '', /prog 'xs_bad': failed to load/);
    expectNativeError(() => bad.load(), 'EBUSY', /already loaded/);
    expectNativeError(() => bad.programInfo('xs_bad'), 'EINVAL', /not loaded/);
  } finally {
    bad.close();
  }
  const verbose = native().openObject(s.obj);
  const stats = native().openObject(s.obj);
  try {
    verbose.load({ logLevel: 2 });
    assert.match(verbose.verifierLog(), /-- program xs_test --/);
    assert.match(verbose.verifierLog(), /processed \d+ insns/);
    stats.load({ logLevel: 4 });
    assert.match(stats.verifierLog(), /processed \d+ insns/);
  } finally {
    verbose.close();
    stats.close();
  }
});

obj('a full JS queue pauses the reader: nothing read is dropped, the ring keeps the rest', async (s) => {
  need(s);
  const o = loaded(s, 0x42);
  let delivered = 0;
  try {
    const ring = o.openRing('events', (_b, count) => (delivered += count), { maxQueuedBatches: 1 });
    // Keep the main thread busy between runs so the reader thread makes one
    // batch per record while none of them can be delivered.
    const nap = new Int32Array(new SharedArrayBuffer(4));
    for (let i = 0; i < 12; i++) {
      o.testRun('xs_test', frame(0x42));
      Atomics.wait(nap, 0, 0, 25);
    }
    // At most two batches (the bound, plus the one a drain ends with) were taken from the ring.
    assert.ok(ring.stats().read <= 2, `read ${ring.stats().read} while JS was blocked`);
    await until(() => delivered === 12, 'all 12 records delivered once JS runs');
    const st = ring.stats();
    assert.is(st.queueDropped, 0);
    assert.is(st.read, 12);
  } finally {
    o.close();
  }
});

obj('an exception in the batch callback surfaces as an uncaught exception, not a hang', async (s) => {
  need(s);
  const o = loaded(s);
  const seen: unknown[] = [];
  const onUncaught = (e: unknown) => seen.push(e);
  const saved = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', onUncaught);
  try {
    let calls = 0;
    o.openRing('events', () => {
      calls++;
      throw new Error('boom from onBatch');
    });
    o.testRun('xs_test', frame(1));
    await until(() => seen.length === 1, 'the rethrown error');
    assert.instance(seen[0], Error);
    assert.is((seen[0] as Error).message, 'boom from onBatch');
    // The ring keeps working after a throwing callback.
    o.testRun('xs_test', frame(1));
    await until(() => calls === 2 && seen.length === 2, 'a second delivery');
  } finally {
    process.removeListener('uncaughtException', onUncaught);
    for (const l of saved) process.on('uncaughtException', l);
    o.close();
  }
});

obj('close is idempotent, closes rings, and leaves closed errors', (s) => {
  need(s);
  const o = loaded(s);
  const ring = o.openRing('events', () => {});
  ring.close();
  ring.close();
  const ring2 = o.openRing('events', () => {});
  o.close();
  o.close();
  ring2.close();
  assert.equal(ring2.stats(), { read: 0, queueDropped: 0, batches: 0 });
  const e = expectNativeError(() => o.testRun('xs_test', frame(1)), 'EBADF', /object is closed/);
  assert.is(e.syscall, 'test run');
});

obj('close releases every fd (objects, rings, threads)', (s) => {
  need(s);
  const fds = () => readdirSync('/proc/self/fd').length;
  const o0 = loaded(s); // warm up: libbpf's one-time feature probes
  o0.close();
  const before = fds();
  for (let i = 0; i < 20; i++) {
    const o = loaded(s);
    const ring = o.openRing('events', () => {});
    if (i % 2) ring.close(); // half directly, half through the object
    o.close();
  }
  assert.is(fds(), before);
});

obj('an open then closed ring does not keep the process alive', (s) => {
  need(s);
  const script = `
    const n = require(${JSON.stringify(path.resolve(here, '..', 'build', 'Release', 'xsift_native.node'))});
    const o = n.openObject(${JSON.stringify(s.obj)});
    o.load();
    let got = 0;
    o.openRing('events', (b, c) => { got += c; });
    o.testRun('xs_test', Buffer.alloc(20, 1));
    setTimeout(() => { o.close(); console.log('closed', got); }, 200);
  `;
  const t0 = Date.now();
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
  assert.is(r.signal, null, `the child was killed (${r.signal}): it hung after close`);
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, /^closed 1$/m);
  assert.ok(Date.now() - t0 < 8000);
});

obj('errors name the operation and object', (s) => {
  need(s);
  expectNativeError(() => native().openObject(path.join(s.dir, 'missing.o')), 'ENOENT', /^open bpf object ".*missing\.o"/);
  expectNativeError(() => native().ifNameToIndex('xs-none0'), 'ENODEV', /"xs-none0"/);
  expectNativeError(() => native().xdpQuery('xs-none0'), 'ENODEV', /^query xdp on "xs-none0"/);
  assert.is(native().ifNameToIndex('lo'), 1);
  const o = loaded(s);
  try {
    const e = expectNativeError(() => o.attachXdp('xs_test', 'xs-none0'), 'ENODEV', /^attach xdp to "xs-none0": No such device \(ENODEV\)$/);
    assert.is(e.syscall, 'attach xdp');
    expectNativeError(() => o.attachXdp('nope', 'xs-none0'), 'ENOENT', /find program "nope"/);
    expectNativeError(() => o.openRing('counters', () => {}), 'EINVAL', /not a ring buffer/);
  } finally {
    o.close();
  }
});

obj.run();

// ---------------------------------------------------------------------------
// Suite 2: attach and detach on a veth pair inside two namespaces
// ---------------------------------------------------------------------------

const NS_A = `xs-nt-a-${process.pid}`;
const NS_B = `xs-nt-b-${process.pid}`;
const DEV_A = 'xs-va';
const DEV_B = 'xs-vb';
const NETNS_A = `/run/netns/${NS_A}`;
const PIN = `/sys/fs/bpf/xs-nt-link-${process.pid}`;

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function dropNamespaces(): void {
  for (const ns of [NS_A, NS_B]) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  if (existsSync(PIN)) unlinkSync(PIN);
}

/** `ip -n A link show dev xs-va`: which XDP attachment it reports. */
function xdpShown(): { kind: 'xdp' | 'xdpgeneric' | 'none'; progId: number } {
  const out = ip('-n', NS_A, '-d', 'link', 'show', 'dev', DEV_A);
  const id = /prog\/xdp id (\d+)/.exec(out);
  const kind = /\bxdpgeneric\b/.test(out) ? 'xdpgeneric' : /\bxdp\b/.test(out) ? 'xdp' : 'none';
  return { kind: id ? kind : 'none', progId: id ? Number(id[1]) : 0 };
}

const net = suite<State>('native: attach in netns', { dir: '', obj: '', bad: '' });

net.before((s) => {
  try {
    assert.is(process.getuid?.(), 0, 'the attach tests need root');
    s.dir = mkdtempSync(path.join(tmpdir(), 'xsift-native-net-'));
    s.obj = path.join(s.dir, 'xs_nt_test.o');
    compile(FIXTURE, s.obj);
    dropNamespaces();
    ip('netns', 'add', NS_A);
    ip('netns', 'add', NS_B);
    // Created inside A with its peer sent straight to B: neither end ever
    // exists in the root namespace.
    ip('-n', NS_A, 'link', 'add', DEV_A, 'type', 'veth', 'peer', 'name', DEV_B, 'netns', NS_B);
    ip('-n', NS_A, 'addr', 'add', '198.18.0.1/30', 'dev', DEV_A);
    ip('-n', NS_B, 'addr', 'add', '198.18.0.2/30', 'dev', DEV_B);
    ip('-n', NS_A, '-6', 'addr', 'add', '2001:db8::1/64', 'dev', DEV_A, 'nodad');
    ip('-n', NS_B, '-6', 'addr', 'add', '2001:db8::2/64', 'dev', DEV_B, 'nodad');
    ip('-n', NS_A, 'link', 'set', DEV_A, 'up');
    ip('-n', NS_B, 'link', 'set', DEV_B, 'up');
  } catch (e) {
    s.setupError = e;
    console.error('netns setup failed:', e);
  }
});

net.after((s) => {
  dropNamespaces();
  if (s.dir) rmSync(s.dir, { recursive: true, force: true });
});

function pingFromB(count: number): boolean {
  const r = spawnSync('ip', ['netns', 'exec', NS_B, 'ping', '-c', String(count), '-i', '0.2', '-W', '1', '198.18.0.1'], {
    stdio: 'ignore',
    timeout: 10_000,
  });
  return r.status === 0;
}

net('the namespaces exist and the root namespace has no such device', (s) => {
  need(s);
  assert.ok(existsSync(NETNS_A));
  expectNativeError(() => native().ifNameToIndex(DEV_A), 'ENODEV', new RegExp(`"${DEV_A}"`));
  assert.ok(native().ifNameToIndex(DEV_A, { netns: NETNS_A }) > 0);
});

net('native attach: shown by ip while open, gone after close; frames reach the ring', async (s) => {
  need(s);
  const selfNs = readlinkSync('/proc/thread-self/ns/net');
  const o = native().openObject(s.obj);
  o.setGlobal('.rodata', 'drop_first_byte', Buffer.from([0x01])); // no unicast MAC starts with 0x01
  o.load();
  try {
    const ifindex = native().ifNameToIndex(DEV_A, { netns: NETNS_A });
    const got: Buffer[] = [];
    o.openRing('events', (b, c) => got.push(...records(b, c)));
    const link = o.attachXdp('xs_test', DEV_A, { mode: 'native', netns: NETNS_A });
    assert.is(readlinkSync('/proc/thread-self/ns/net'), selfNs, 'back in the original namespace');
    const id = o.programInfo('xs_test').id;
    const li = link.info();
    assert.is(li.mode, 'native');
    assert.is(li.progId, id);
    assert.is(li.ifindex, ifindex);
    assert.ok(li.linkId > 0);
    assert.equal(xdpShown(), { kind: 'xdp', progId: id });
    const q = native().xdpQuery(DEV_A, { netns: NETNS_A });
    assert.is(q.drvProgId, id);
    assert.is(q.skbProgId, 0);

    // A second program on the same hook is refused, naming the interface.
    const again = expectNativeError(() => o.attachXdp('xs_pass', DEV_A, { mode: 'native', netns: NETNS_A }), 'EBUSY', new RegExp(`^attach xdp to "${DEV_A}"`));
    assert.is(again.syscall, 'attach xdp');
    assert.is(readlinkSync('/proc/thread-self/ns/net'), selfNs, 'back in the original namespace after an error');

    assert.ok(pingFromB(3), 'ping from B to A passes through the program');
    await until(() => got.map(decode).filter((r) => r.ifindex === ifindex).length >= 3, 'records from the veth');
    const fromVeth = got.map(decode).filter((r) => r.ifindex === ifindex);
    assert.ok(fromVeth.every((r) => r.verdict === XDP_PASS || r.head[0] === 0x01));
    const c = o.sumPercpuU64('counters');
    assert.ok(c[XDP_PASS]! >= 3n, `passed ${c[XDP_PASS]}`);

    link.close();
    assert.equal(xdpShown(), { kind: 'none', progId: 0 });
    assert.is(native().xdpQuery(DEV_A, { netns: NETNS_A }).progId, 0);
    link.close(); // idempotent
    expectNativeError(() => link.info(), 'EBADF', /closed/);
  } finally {
    o.close();
  }
  assert.equal(xdpShown(), { kind: 'none', progId: 0 });
});

net('skb and auto modes; a dropping program stops the ping', (s) => {
  need(s);
  const o = native().openObject(s.obj);
  // Drop every frame whose first byte is the first byte of A's MAC: B's pings to A.
  const mac = /link\/ether ([0-9a-f]{2}):/.exec(ip('-n', NS_A, 'link', 'show', 'dev', DEV_A));
  assert.ok(mac, 'the veth has a MAC');
  o.setGlobal('.rodata', 'drop_first_byte', Buffer.from([parseInt(mac![1]!, 16)]));
  o.load();
  try {
    const id = o.programInfo('xs_test').id;
    const skb = o.attachXdp('xs_test', DEV_A, { mode: 'skb', netns: NETNS_A });
    assert.is(skb.info().mode, 'skb');
    assert.equal(xdpShown(), { kind: 'xdpgeneric', progId: id });
    assert.is(native().xdpQuery(DEV_A, { netns: NETNS_A }).skbProgId, id);
    assert.not.ok(pingFromB(1), 'the program drops the echo requests');
    assert.ok(o.sumPercpuU64('counters')[XDP_DROP]! >= 1n);
    skb.close();
    assert.equal(xdpShown(), { kind: 'none', progId: 0 });
    assert.ok(pingFromB(1), 'detached: the ping passes again');

    const auto = o.attachXdp('xs_test', DEV_A, { netns: NETNS_A });
    assert.is(auto.info().mode, 'native', 'veth has native XDP');
    assert.equal(xdpShown(), { kind: 'xdp', progId: id });
  } finally {
    o.close(); // closes the auto link too
  }
  assert.equal(xdpShown(), { kind: 'none', progId: 0 });
});

net('a pinned link outlives close() until unpinned', (s) => {
  need(s);
  const o = native().openObject(s.obj);
  o.load();
  try {
    const link = o.attachXdp('xs_pass', DEV_A, { mode: 'native', netns: NETNS_A });
    link.pin(PIN);
    link.close();
    assert.is(xdpShown().kind, 'xdp', 'still attached through the pin');
    unlinkSync(PIN);
  } finally {
    o.close();
  }
  assert.equal(xdpShown(), { kind: 'none', progId: 0 });
});

net('errors inside a netns name the interface and leave the thread where it was', (s) => {
  need(s);
  const selfNs = readlinkSync('/proc/thread-self/ns/net');
  const o = native().openObject(s.obj);
  o.load();
  try {
    expectNativeError(() => o.attachXdp('xs_test', 'xs-none0', { netns: NETNS_A }), 'ENODEV', /^attach xdp to "xs-none0" in netns ".*": No such device/);
    expectNativeError(() => o.attachXdp('xs_test', DEV_A, { netns: '/run/netns/xs-nt-missing' }), 'ENOENT', new RegExp(`"${DEV_A}".*enter netns`));
    assert.is(readlinkSync('/proc/thread-self/ns/net'), selfNs);
  } finally {
    o.close();
  }
});

net.run();
