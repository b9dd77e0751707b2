/**
 * `xsift test -r FILE`: the kernel (BPF_PROG_TEST_RUN) and the interpreter
 * against libpcap on capture files generated here — the project's test
 * frames, runts shorter than an Ethernet header, multi-buffer and oversized
 * frames, truncated records — in pcap and pcapng. Needs root (kernel test
 * runs) and the libpcap oracle: without them these tests fail, loudly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../runtime/cli.js';
import { encodePcapHeader, writePcapFile, writePcapngFile } from '../runtime/pcap.js';
import { libpcapMatches, root } from './lib/oracle.js';
import { testFrames } from './lib/frames.js';
import { eth, fill, ipv4, ipv6, tcp, udp } from './lib/packets.js';
import { randomExpression, Rng } from './lib/gen.js';
import { compileExpression, ExpressionError } from '../compiler/index.js';

const XSIFT = path.join(root, 'bin', 'xsift.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'xsift-testcmd-'));
chmodSync(dir, 0o755);
const T0 = 1_700_000_000_000_000_000n;

const big = (n: number) => Buffer.concat([eth({}, ipv4({ src: '198.18.0.1', dst: '198.18.0.2' }, udp({ sport: 1, dport: 2, payload: 100 }))), fill(n)]);
const syn6 = eth({}, ipv6({ src: '2001:db8::1', dst: '2001:db8::2' }, tcp({ sport: 4, dport: 5, flags: 'S' })));
const packets: { data: Buffer; tsNs: bigint; len?: number }[] = [
  ...testFrames().map((f) => ({ data: f.data })),
  // Runts: the test run refuses fewer than 14 bytes.
  { data: Buffer.alloc(0) },
  { data: Buffer.from([1, 2, 3, 4, 5]) },
  { data: syn6.subarray(0, 12) },
  { data: syn6.subarray(0, 13) },
  // Multi-buffer frames (larger than a page) and one too large for any test run.
  { data: big(5000) },
  { data: big(9000) },
  { data: big(100_000) },
  // Truncated records: caplen < len.
  { data: syn6.subarray(0, 40), len: syn6.length },
  { data: big(0).subarray(0, 30), len: 142 },
].map((p, i) => ({ ...p, tsNs: T0 + BigInt(i) * 1_234_567n }));
const pcap = path.join(dir, 'frames.pcap');
const pcapNs = path.join(dir, 'frames-ns.pcap');
const pcapng = path.join(dir, 'frames.pcapng');
writePcapFile(pcap, packets);
writePcapFile(pcapNs, packets, { nanosecond: true });
writePcapngFile(pcapng, packets, { interfaces: [{ name: 'xs0', filter: 'generated' }] });

/** Run the CLI in this process; stdout and stderr as text. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'xsift', ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  return { code, out, err };
}

async function jsonMatches(file: string, expr: string, engine = 'auto'): Promise<{ idx: number[]; rows: Record<string, unknown>[]; err: string }> {
  const r = await run(['test', '-r', file, '--json', '--engine', engine, ...(expr ? [expr] : [])]);
  assert.is(r.code, 0, r.err);
  const rows = r.out.trim() === '' ? [] : r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { idx: rows.map((x) => x.index as number), rows, err: r.err };
}

const fixed = [
  '', 'icmp', 'icmp6', 'ip', 'ip6', 'arp', 'tcp', 'udp', 'icmp or icmp6', 'not tcp', 'tcp or udp',
  'not (icmp or icmp6)', 'ip and not tcp', 'ip6 and not udp', 'tcp or ip6', 'arp or icmp',
];
const rng = new Rng(29);
const random: string[] = [];
while (random.length < 12) {
  const e = randomExpression(rng, 3);
  try {
    compileExpression(e);
    random.push(e);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
  }
}

test.before(() => {
  if (process.getuid?.() !== 0) throw new Error('xsift test -r needs root for kernel test runs; CI runs these tests as root');
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const expr of [...fixed, ...random]) {
  test(`test -r: kernel and interpreter = libpcap: ${JSON.stringify(expr)}`, async () => {
    const ref = libpcapMatches(pcap, expr);
    const k = await jsonMatches(pcap, expr);
    assert.equal(k.idx, ref, 'kernel (auto) vs libpcap');
    assert.match(k.err, new RegExp(`^xsift: ${packets.length} frames, ${ref.length} matched \\(\\d+ by the kernel, \\d+ by the interpreter: 4 shorter than 14 bytes, 1 too large for a test run\\)\\n$`));
    const i = await jsonMatches(pcap, expr, 'interpreter');
    assert.equal(i.idx, ref, 'interpreter vs libpcap');
    assert.match(i.err, new RegExp(`\\(0 by the kernel, ${packets.length} by the interpreter: ${packets.length} without the kernel\\)`));
  });
}

test('test -r: JSON rows carry index, ts, len, caplen and the engine', async () => {
  const { rows } = await jsonMatches(pcapNs, '');
  assert.is(rows.length, packets.length);
  for (const [n, row] of rows.entries()) {
    const p = packets[n]!;
    assert.is(row.index, n + 1);
    assert.is(row.ts, `${p.tsNs / 1_000_000_000n}.${(p.tsNs % 1_000_000_000n).toString().padStart(9, '0')}`);
    assert.is(row.caplen, p.data.length);
    assert.is(row.len, p.len ?? p.data.length);
    const small = p.data.length < 14;
    const huge = p.data.length > 70_000;
    assert.is(row.engine, small || huge ? 'interpreter' : 'kernel', `frame ${n + 1}`);
  }
});

test('test -r reads pcapng (same decisions as the pcap file) and microsecond pcap', async () => {
  for (const expr of ['tcp or udp', 'ip6', '']) {
    const ref = libpcapMatches(pcap, expr);
    assert.equal((await jsonMatches(pcapng, expr)).idx, ref, `pcapng ${expr}`);
    assert.equal(libpcapMatches(pcapng, expr), ref, `libpcap reads the pcapng alike: ${expr}`);
  }
  const us = (await jsonMatches(pcap, '')).rows[1]!.ts as string;
  assert.ok(us.endsWith('000'), `microsecond file: ${us}`);
});

test('test -r prints matched frames like capture does (tcpdump -n lines)', async () => {
  const r = await run(['test', '-r', pcap, '-n', 'icmp']);
  assert.is(r.code, 0, r.err);
  const lines = r.out.trim().split('\n');
  assert.is(lines.length, libpcapMatches(pcap, 'icmp').length);
  assert.ok(lines.some((l) => /^\d\d:\d\d:\d\d\.\d{6} IP 198\.18\.0\.1 > 198\.18\.0\.2: ICMP echo request, id 7, seq 1, length 64$/.test(l)), r.out);
});

test('test -r as an unprivileged user: every frame by the interpreter, said aloud', async () => {
  const r = await execa(process.execPath, [XSIFT, 'test', '-r', pcap, '--json', 'tcp or udp'], { reject: false, uid: 65534, gid: 65534, cwd: '/' });
  assert.is(r.exitCode, 0, r.stderr);
  assert.match(r.stderr, /not root: every frame is decided by the interpreter/);
  assert.match(r.stderr, new RegExp(`\\(0 by the kernel, ${packets.length} by the interpreter`));
  const idx = r.stdout.trim().split('\n').map((l) => JSON.parse(l).index as number);
  assert.equal(idx, libpcapMatches(pcap, 'tcp or udp'));
});

test('test -r errors: bad expression (2, caret), missing file, not a capture, not Ethernet (1, no stack)', async () => {
  const bad = await run(['test', '-r', pcap, 'tcp or fooo']);
  assert.is(bad.code, 2);
  assert.match(bad.err, /\n  tcp or fooo\n         \^~~~/);
  const missing = await run(['test', '-r', path.join(dir, 'nope.pcap'), 'tcp']);
  assert.is(missing.code, 1);
  assert.match(missing.err, /nope\.pcap.*ENOENT|no such file/);
  const junk = path.join(dir, 'junk.pcap');
  writeFileSync(junk, 'not a capture file at all');
  const notCap = await run(['test', '-r', junk, 'tcp']);
  assert.is(notCap.code, 1);
  assert.match(notCap.err, /junk\.pcap: offset 0: not a pcap or pcapng file/);
  const raw = path.join(dir, 'raw.pcap');
  const rec = Buffer.alloc(16 + 20);
  rec.writeUInt32LE(20, 8);
  rec.writeUInt32LE(20, 12);
  writeFileSync(raw, Buffer.concat([encodePcapHeader({ linktype: 101 }), rec]));
  const notEth = await run(['test', '-r', raw, 'ip']);
  assert.is(notEth.code, 1);
  assert.match(notEth.err, /frame 1 has link type 101; xsift filters Ethernet frames/);
  for (const r of [bad, missing, notCap, notEth]) assert.not.match(r.err, /at .*\.[jt]s:\d+/, 'no stack trace');
});

test.run();
