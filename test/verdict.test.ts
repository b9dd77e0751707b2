/**
 * Verdicts through the real kernel (BPF_PROG_TEST_RUN) against libpcap's
 * decisions on the project's own frames, and against the IR interpreter.
 * Needs root and the native addon: without them these tests fail, loudly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { matches } from '../compiler/index.js';
import { buildProgram } from '../runtime/build.js';
import { native, type NativeObject } from '../runtime/native.js';
import { configure, objectAction, PROGRAM, readCounters } from '../runtime/session.js';
import { writePcapFile } from '../runtime/pcap.js';
import { libpcapMatches } from './lib/oracle.js';
import { testFrames } from './lib/frames.js';
import { randomExpression, Rng } from './lib/gen.js';
import { eth, ipv6, tcp, truncate } from './lib/packets.js';
import { ExpressionError } from '../compiler/index.js';

const XDP_DROP = 1;
const XDP_PASS = 2;
const frames = testFrames();
const dir = mkdtempSync(path.join(os.tmpdir(), 'xsift-verdict-'));
const pcap = path.join(dir, 'frames.pcap');
writePcapFile(pcap, frames.map((f, i) => ({ data: f.data, tsNs: BigInt(i) * 1000n })));

async function load(expr: string, action: 'capture' | 'allow' | 'deny', report = false): Promise<NativeObject> {
  const { object } = await buildProgram(expr, action);
  const obj = native().openObject(object, 'verdict');
  configure(obj, { report });
  obj.load();
  return obj;
}

/** 1-based indices of the frames the kernel program matches (allow mode: XDP_PASS = match). */
async function kernelMatches(expr: string): Promise<number[]> {
  const obj = await load(expr, 'allow');
  try {
    const out: number[] = [];
    frames.forEach((f, i) => {
      const r = obj.testRun(PROGRAM, f.data);
      if (r.retval !== XDP_PASS && r.retval !== XDP_DROP) throw new Error(`${expr} on ${f.name}: unexpected XDP action ${r.retval}`);
      if (r.retval === XDP_PASS) out.push(i + 1);
    });
    return out;
  } finally {
    obj.close();
  }
}

const names = (idx: number[]) => idx.map((i) => frames[i - 1]!.name);

const fixed = [
  'icmp', 'icmp6', 'ip', 'ip6', 'arp', 'tcp', 'udp', 'icmp or icmp6', 'not tcp', 'tcp or udp',
  'not (icmp or icmp6)', 'ip and not tcp', 'ip6 and not udp', 'arp or icmp', 'icmp or arp', '',
];
for (const expr of fixed) {
  test(`kernel = libpcap = interpreter: ${JSON.stringify(expr)}`, async () => {
    const ref = libpcapMatches(pcap, expr);
    const kern = await kernelMatches(expr);
    assert.equal(names(kern), names(ref), 'kernel vs libpcap');
    const { compiled } = await buildProgram(expr, 'allow');
    const interp = frames.flatMap((f, i) => (matches(compiled.ir, f.data) ? [i + 1] : []));
    assert.equal(names(interp), names(ref), 'interpreter vs libpcap');
  });
}

test('chains of six or more tests of one field become bitmap set tests, and decide as libpcap does', async () => {
  const list = (word: string, from: number, n: number) => Array.from({ length: n }, (_, i) => `${word} ${from + i}`).join(' or ');
  const exprs = [
    list('port', 1, 80), // low ports: DNS, DHCP, echo, ssh... in the test frames
    list('port', 2000, 70), // none of the frames
    `tcp dst port ${Array.from({ length: 70 }, (_, i) => 20 + i).join(' or ')}`,
    list('ip proto', 0, 70), // 8-bit field
    `not (${list('udp port', 40, 65)})`,
    'port 53 or port 67 or port 68 or port 7 or port 22 or port 123', // six: the shortest chain that becomes a set
    'tcp dst port 80 or 443 or 8080 or 22 or 25 or 53 or 8443', // the `or` shorthand, dst only
  ];
  for (const expr of exprs) {
    const { c } = await buildProgram(expr, 'allow');
    assert.match(c, /XS_IN_SET\(\w+, xs_set\d+,/, `${expr.slice(0, 40)}...: the C tests a set`);
    const ref = libpcapMatches(pcap, expr);
    const kern = await kernelMatches(expr);
    assert.equal(names(kern), names(ref), `kernel vs libpcap: ${expr.slice(0, 60)}...`);
  }
  const { c: five } = await buildProgram(list('port', 20, 5), 'allow');
  assert.not.match(five, /XS_IN_SET\(\w+, xs_set\d+,/, 'five ports stay comparisons');
});

test('address lists get a threaded fast copy (decided tests left out), and decide as libpcap does', async () => {
  const v6 = (n: number) => Array.from({ length: n }, (_, i) => `2001:db8::${(i + 1).toString(16)}`);
  const exprs = [
    `ip6 host ${v6(8).join(' or ')}`, // the test frames' ::1 and ::2 among them
    `ip6 host ${v6(8).slice(2).join(' or ')}`, // none of them
    `ip6 host ${v6(3).reverse().join(' or ')} or ip6 dst host 2001:db8::7`,
    `not (ip6 host ${v6(6).join(' or ')})`,
  ];
  for (const expr of exprs) {
    const { c } = await buildProgram(expr, 'allow');
    assert.match(c, /^t\d+:$/m, `${expr.slice(0, 40)}...: the C has a threaded fast copy`);
    const ref = libpcapMatches(pcap, expr);
    const kern = await kernelMatches(expr);
    assert.equal(names(kern), names(ref), `kernel vs libpcap: ${expr.slice(0, 60)}...`);
  }
});

test('a net\'s zero-mask words are decided at once, as libpcap does (frames cut inside the IPv6 addresses)', async () => {
  // `ip6 net .../64` masks the address's last two words with 0: libpcap's peephole makes those tests
  // `jset #0` (never) in its first phase, so it needs no more of the frame than the /64; reading the
  // source host's third word would abort.
  const whole = eth({}, ipv6({ src: '2001:db8::1', dst: '2001:db8::2' }, tcp({ sport: 1, dport: 2, flags: 'S' })));
  const cut = [30, 34, 38, 42, 54].map((n) => ({ name: `ipv6 cut at ${n}`, data: truncate(whole, n) }));
  const file = path.join(dir, 'cut.pcap');
  writePcapFile(file, cut.map((f, i) => ({ data: f.data, tsNs: BigInt(i) * 1000n })));
  for (const expr of ['ip6 src host 2001:db8::4 or ip6 net 2001:db8::/64', 'ip6 host 2001:db8::4 or ip6 src net 2001:db8::/64']) {
    const obj = await load(expr, 'allow');
    try {
      const kern = cut.flatMap((f, i) => (obj.testRun(PROGRAM, f.data).retval === XDP_PASS ? [i + 1] : []));
      const ref = libpcapMatches(file, expr);
      assert.ok(ref.length > 0, `libpcap matches some of the cut frames for ${expr}`);
      assert.equal(kern, ref, `kernel vs libpcap: ${expr}`);
    } finally {
      obj.close();
    }
  }
});

test('kernel = libpcap on 60 random expressions (seed 11)', async () => {
  const rng = new Rng(11);
  let tried = 0;
  const bad: string[] = [];
  while (tried < 60) {
    const expr = randomExpression(rng, 3);
    try {
      await buildProgram(expr, 'allow');
    } catch (e) {
      if (e instanceof ExpressionError) continue; // rejected like libpcap (checked in compiler.test.ts)
      throw e;
    }
    tried++;
    const ref = libpcapMatches(pcap, expr);
    const kern = await kernelMatches(expr);
    if (JSON.stringify(ref) !== JSON.stringify(kern)) bad.push(`${expr}: libpcap ${ref.join(',')} kernel ${kern.join(',')}`);
  }
  assert.equal(bad, [], bad.slice(0, 5).join('\n'));
});

test('actions: capture passes all, allow passes matches, deny drops matches', async () => {
  const icmp = frames.find((f) => f.name === 'icmp echo')!.data;
  const syn = frames.find((f) => f.name === 'tcp4 syn')!.data;
  const expect: [string, number, number][] = [
    ['capture', XDP_PASS, XDP_PASS],
    ['allow', XDP_PASS, XDP_DROP],
    ['deny', XDP_DROP, XDP_PASS],
  ];
  for (const [action, onMatch, onOther] of expect) {
    const obj = await load('icmp', action as 'capture');
    try {
      assert.is(obj.testRun(PROGRAM, icmp).retval, onMatch, `${action} on a match`);
      assert.is(obj.testRun(PROGRAM, syn).retval, onOther, `${action} on a non-match`);
    } finally {
      obj.close();
    }
  }
});

test('counters: passed and dropped follow from seen, matched and the action; the object knows its action', async () => {
  const frames = testFrames();
  const icmp = frames.find((f) => f.name === 'icmp echo')!.data;
  const syn = frames.find((f) => f.name === 'tcp4 syn')!.data;
  const want = {
    capture: { seen: 3n, matched: 2n, passed: 3n, dropped: 0n },
    allow: { seen: 3n, matched: 2n, passed: 2n, dropped: 1n },
    deny: { seen: 3n, matched: 2n, passed: 1n, dropped: 2n },
  } as const;
  for (const action of ['capture', 'allow', 'deny'] as const) {
    const built = await buildProgram('icmp', action);
    assert.is(objectAction(built.object), action, 'xs_action read from the ELF object');
    const obj = await load('icmp', action);
    try {
      let passed = 0n;
      let dropped = 0n;
      for (const d of [icmp, syn, icmp]) (obj.testRun(PROGRAM, d).retval === XDP_PASS ? passed++ : dropped++);
      const c = readCounters(obj, action);
      assert.equal({ seen: c.seen, matched: c.matched, passed: c.passed, dropped: c.dropped }, want[action], action);
      assert.equal({ passed, dropped }, { passed: c.passed, dropped: c.dropped }, `${action}: derived counts equal the verdicts returned`);
    } finally {
      obj.close();
    }
  }
});

test('counters and ring records: seen, matched, passed, dropped, reported', async () => {
  const obj = await load('icmp or icmp6', 'allow', true);
  const got: Buffer[] = [];
  const ring = obj.openRing('xs_events', (batch, count) => {
    let off = 0;
    for (let i = 0; i < count; i++) {
      const len = batch.readUInt32LE(off);
      got.push(Buffer.from(batch.subarray(off + 4, off + 4 + len)));
      off += 4 + ((len + 3) & ~3);
    }
  });
  try {
    const echo = frames.find((f) => f.name === 'icmp echo')!.data;
    const jumbo = frames.find((f) => f.name === 'jumbo udp4 (9000 bytes)')!.data;
    const echo6 = frames.find((f) => f.name === 'icmp6 echo')!.data;
    for (const d of [echo, jumbo, echo6, jumbo]) obj.testRun(PROGRAM, d);
    const deadline = Date.now() + 3000;
    while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const c = readCounters(obj, 'allow');
    assert.equal(c, { seen: 4n, matched: 2n, passed: 2n, dropped: 2n, reported: 2n, lost: 0n });
    assert.is(got.length, 2);
    // struct xsift_record: ts, wire_len, cap_len, ifindex, rx_queue, verdict, flags; then the bytes
    assert.is(got[0]!.readUInt32LE(8), echo.length, 'wire_len');
    assert.is(got[0]!.readUInt32LE(12), echo.length, 'cap_len');
    assert.is(got[0]!.readUInt32LE(24), XDP_PASS, 'verdict');
    assert.ok(got[0]!.subarray(32, 32 + echo.length).equals(echo), 'frame bytes');
    assert.ok(got[1]!.subarray(32, 32 + echo6.length).equals(echo6), 'frame bytes (v6)');
  } finally {
    ring.close();
    obj.close();
  }
});

test('snaplen is applied in the kernel', async () => {
  const { object } = await buildProgram('udp', 'capture');
  const obj = native().openObject(object, 'snap');
  configure(obj, { snaplen: 100 });
  obj.load();
  const got: Buffer[] = [];
  const ring = obj.openRing('xs_events', (batch) => got.push(Buffer.from(batch)));
  try {
    const jumbo = frames.find((f) => f.name === 'jumbo udp4 (9000 bytes)')!.data;
    obj.testRun(PROGRAM, jumbo);
    const deadline = Date.now() + 3000;
    while (got.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.is(got.length, 1);
    const rec = got[0]!.subarray(4);
    assert.is(rec.readUInt32LE(8), jumbo.length, 'wire length is the whole frame');
    assert.is(rec.readUInt32LE(12), 100, 'captured length is the snaplen');
    assert.ok(rec.subarray(32, 132).equals(jumbo.subarray(0, 100)));
  } finally {
    ring.close();
    obj.close();
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
