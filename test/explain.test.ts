/**
 * `xsift explain` / `xsift -d`: the sections (AST with inherited qualifiers, IR, optimized test
 * graph, C), lint warnings on stderr, and --verifier / --cost through the kernel (root; CI runs
 * as root, and without it these fail loudly). No timing thresholds: numbers must be positive
 * and consistent, nothing more.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../runtime/cli.js';
import { writePcapFile } from '../runtime/pcap.js';
import { testFrames } from './lib/frames.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'xsift', ...args], { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
  return { code, out, err };
}

function section(out: string, title: string): string {
  const start = out.indexOf(`== ${title}\n`);
  assert.ok(start >= 0, `no "== ${title}" section in:\n${out.slice(0, 400)}`);
  const rest = out.slice(start + title.length + 4);
  const next = rest.search(/^== /m);
  return next < 0 ? rest : rest.slice(0, next);
}

function requireRoot(what: string): void {
  if (process.getuid?.() !== 0) throw new Error(`explain ${what} loads BPF programs and needs root; CI runs these tests as root`);
}

test('explain prints the AST, the IR, the optimized graph and the C, in that order', async () => {
  const r = await run(['explain', 'icmp', 'or', 'icmp6']);
  assert.is(r.code, 0, r.err);
  const titles = [...r.out.matchAll(/^== (.*)$/gm)].map((m) => m[1]);
  assert.equal(titles, ['AST', 'IR', 'optimized test graph', 'C']);
  assert.is(section(r.out, 'AST').trim(), '(icmp or icmp6)');
  assert.match(section(r.out, 'IR'), /pkt\[12:2\] == 0x0800/);
  const graph = section(r.out, 'optimized test graph');
  assert.match(graph, /^L0: if pkt\[12:2\] == 0x0800 then L\d+ else L\d+/m);
  assert.match(graph, /then accept/);
  assert.ok(section(r.out, 'C').startsWith('/* filter: icmp or icmp6 */'));
});

test('the AST shows inherited qualifiers explicitly', async () => {
  const r = await run(['explain', 'host 198.18.0.1 or 198.18.0.2 and tcp port 80']);
  assert.is(r.code, 0, r.err);
  const ast = section(r.out, 'AST');
  assert.is((ast.match(/src or dst host\] /g) ?? []).length, 2, ast);
  assert.match(ast, /\[tcp src or dst port\] 80/);
});

test('xsift -d EXPRESSION is explain', async () => {
  const a = await run(['-d', 'tcp', 'or', 'udp']);
  const b = await run(['explain', 'tcp', 'or', 'udp']);
  assert.is(a.code, 0, a.err);
  assert.is(a.out, b.out);
});

test('an always-true graph prints as a single accept', async () => {
  const r = await run(['explain', 'tcp or not tcp', '--silence', 'always-matches']);
  assert.is(r.code, 0, r.err);
  assert.is(section(r.out, 'optimized test graph').trim(), 'accept');
});

test('a bad expression: exit 2 and a caret, nothing on stdout', async () => {
  const r = await run(['explain', 'tcp or fooo']);
  assert.is(r.code, 2);
  assert.is(r.out, '');
  assert.match(r.err, /\^/);
});

test('explain prints lint warnings on stderr (with --action allow), and --silence removes them', async () => {
  const r = await run(['explain', '--action', 'allow', 'tcp']);
  assert.is(r.code, 0, r.err);
  assert.match(r.err, /^warning\[allow-drops-arp\]: /m);
  const s = await run(['explain', '--action', 'allow', '--silence', 'allow-drops-arp', '--silence', 'allow-drops-nd', 'tcp']);
  assert.is(s.err, '');
});

test('--verifier: processed instructions and sizes, positive, more than the empty program', async () => {
  requireRoot('--verifier');
  const r = await run(['explain', '--verifier', 'icmp or icmp6']);
  assert.is(r.code, 0, r.err);
  const v = section(r.out, 'verifier');
  const num = (re: RegExp): number => Number(v.match(re)?.[1] ?? NaN);
  const processed = num(/^processed instructions: (\d+)$/m);
  const xlated = num(/^translated size: (\d+) instructions/m);
  const jited = num(/^JITed size: (\d+) bytes$/m);
  const empty = num(/empty program: (\d+) processed/);
  for (const [k, n] of Object.entries({ processed, xlated, jited, empty })) assert.ok(n > 0, `${k} = ${n}\n${v}`);
  assert.ok(processed > empty, v);
  assert.ok(processed >= xlated, 'the verifier walks every instruction at least once');
});

test('--cost: ns/packet for the filter and the empty program on representative frames', async () => {
  requireRoot('--cost');
  const r = await run(['explain', '--cost', '--repeat', '1000', 'icmp']);
  assert.is(r.code, 0, r.err);
  const c = section(r.out, 'cost (representative frames)');
  const rows = c.trim().split('\n').slice(1, -1);
  assert.ok(rows.length >= 5, c);
  let matched = 0;
  for (const row of rows) {
    const m = row.match(/\s(\d+)\s+(yes|no)\s+(\d+)\s+(\d+)$/);
    assert.ok(m, row);
    assert.ok(Number(m![3]) > 0 && Number(m![4]) > 0, row);
    if (m![2] === 'yes') matched++;
  }
  assert.is(matched, 1, 'icmp matches only the ICMP echo among the representative frames');
  assert.match(c, /mean over \d+ frames, 1000 runs each: filter [\d.]+ ns\/packet, empty program [\d.]+ ns\/packet/);
});

test('--cost -r FILE measures on the capture\'s frames', async () => {
  requireRoot('--cost -r');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-explain-'));
  try {
    const file = path.join(dir, 'f.pcap');
    const frames = testFrames().filter((f) => f.data.length >= 14 && f.data.length <= 3000);
    writePcapFile(file, frames.map((f, i) => ({ data: f.data, tsNs: BigInt(i) * 1000n })));
    const r = await run(['explain', '--cost', '--repeat', '100', '-r', file, 'udp']);
    assert.is(r.code, 0, r.err);
    const n = Math.min(64, frames.length);
    const c = section(r.out, `cost (${n} of the ${frames.length} frames of ${file})`);
    assert.is(c.trim().split('\n').length, n + 2, c);
    const missing = await run(['explain', '--cost', '-r', path.join(dir, 'nope.pcap'), 'udp']);
    assert.is(missing.code, 1);
    assert.not.match(missing.err, /\n\s+at /, 'no stack trace');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
