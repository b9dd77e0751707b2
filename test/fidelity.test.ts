/**
 * Fidelity: xsift's packet lines against tcpdump's, capture by capture.
 *
 * For every capture in ../shared/corpus/pcaps (when the corpus is present; its absence is said
 * loudly and only the project's own captures run) and the project's own generated captures,
 * the lines `xsift test -r F -n` prints — the same library path: runtime/pcap.ts reads the
 * file, runtime/testrun.ts decides every frame with the empty expression (every frame
 * matches, as in tcpdump), runtime/printer.ts formats it — must equal the lines
 * `TZ=UTC tcpdump -n -r F` prints, field for field.
 *
 * Each packet is classed from its bytes alone (test/lib/classify.ts: icmp, icmp6, arp, udp,
 * tcp basics, and the rest); the test prints the share of identical lines per class and fails
 * below 100% for icmp, icmp6, arp, udp and tcp. The other classes (application payloads over
 * UDP/TCP that runtime/format does not decode, other EtherTypes and IP protocols) are reported
 * and never fail the test.
 *
 * Splitting tcpdump's output into packets: tcpdump is run with `-#`, which prefixes the first
 * line of packet N with "%5u  " (N) and changes nothing else; the prefix is removed and the
 * lines up to the next packet's prefix are that packet's text. tcpdump missing is a failure.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileExpression } from '../compiler/index.js';
import { LINKTYPE_ETHERNET, readCapture, writePcapFile, type CaptureRecord } from '../runtime/pcap.js';
import { OutputPrinter } from '../runtime/output.js';
import { FramePrinter } from '../runtime/printer.js';
import { FrameJudge } from '../runtime/testrun.js';
import { classify, STRICT } from './lib/classify.js';
import { testFrames } from './lib/frames.js';
import { eth, fill, ipv4, ipv6, tcp, tcpOpt, udp } from './lib/packets.js';
import { root } from './lib/oracle.js';
import { requireTcpdump, tcpdumpPackets } from './lib/tcpdump.js';

process.env.TZ = 'UTC';

const CORPUS = path.resolve(root, '..', 'shared', 'corpus', 'pcaps');

interface Tally {
  same: number;
  total: number;
}

interface Mismatch {
  file: string;
  index: number;
  cls: string;
  tcpdump: string;
  xsift: string;
}

/** The lines `xsift test -r FILE -n` prints (empty expression: every frame). */
function xsiftPackets(records: CaptureRecord[]): string[] {
  const judge = FrameJudge.interpreterOnly(compileExpression(''));
  const printer = new FramePrinter();
  const out: string[] = [];
  for (const r of records) {
    if (!judge.decide(r).matched) throw new Error(`the empty expression rejected frame ${r.index}`);
    out.push(printer.line({ tsNs: r.tsNs, len: r.len, caplen: r.caplen, ifindex: 0, rxQueue: 0, verdict: 'pass', data: r.data }));
  }
  return out;
}

/** The project's own captures: the test frames, plus truncated records and TCP option forms. */
function generatedCaptures(dir: string): string[] {
  const T0 = 1_764_067_387_000_000_000n;
  const A = '198.18.0.1';
  const B = '198.18.0.2';
  const frames = testFrames().map((f) => ({ data: f.data, len: f.data.length }));
  const syn = eth({}, ipv4({ src: A, dst: B }, tcp({ sport: 40000, dport: 9999, flags: 'S', options: [tcpOpt.mss(1460), tcpOpt.sackOK(), tcpOpt.ts(1, 0), tcpOpt.nop(), tcpOpt.wscale(7)] })));
  const extra = [
    { data: syn.subarray(0, 40), len: syn.length },
    { data: syn.subarray(0, 60), len: syn.length },
    { data: eth({}, ipv6({ src: '2001:db8::1', dst: '2001:db8::2' }, udp({ sport: 40000, dport: 9999, payload: 300 }))).subarray(0, 64), len: 362 },
    { data: eth({}, ipv4({ src: A, dst: B }, tcp({ sport: 40000, dport: 9999, flags: 'S', options: [tcpOpt.other(30, Buffer.from([0x00, 0x81, 1, 2, 3, 4, 5, 6, 7, 8])), tcpOpt.other(34, Buffer.alloc(0)), tcpOpt.other(254, Buffer.from([0xf9, 0x89, 1, 2, 3, 4]))] }))), len: 0 },
    { data: eth({}, ipv4({ src: A, dst: B }, tcp({ sport: 40000, dport: 9999, flags: 'P.', seq: 1, ack: 1, options: [tcpOpt.other(19, fill(16)), tcpOpt.other(29, Buffer.from([1, 2, 3, 4])), tcpOpt.other(20, Buffer.from([7, 9]))], payload: 8 }))), len: 0 },
  ].map((p) => ({ data: p.data, len: p.len || p.data.length }));
  const file = path.join(dir, 'generated.pcap');
  writePcapFile(
    file,
    [...frames, ...extra].map((p, i) => ({ ...p, tsNs: T0 + BigInt(i) * 1_234_567_000n })),
  );
  return [file];
}

let dir = '';

test.before(() => {
  requireTcpdump('fidelity.test.ts');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-fidelity-'));
});

test.after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the classifier is decided by bytes: strict classes for the project frames', () => {
  const classes = new Set(testFrames().map((f) => classify(f.data)));
  for (const c of STRICT) assert.ok(classes.has(c), `no ${c} frame among the project's test frames`);
});

test('xsift test -r lines = tcpdump -n -r lines: 100% for icmp, icmp6, arp, udp and tcp basics', () => {
  const files: { file: string; source: 'corpus' | 'generated' }[] = [];
  if (fs.existsSync(CORPUS)) {
    for (const f of fs.readdirSync(CORPUS).sort()) if (/\.pcap(ng)?$/.test(f)) files.push({ file: path.join(CORPUS, f), source: 'corpus' });
  } else {
    console.error(
      `\n  !!! fidelity.test.ts: the corpus ${CORPUS} is ABSENT: only the project's own generated captures are compared !!!\n`,
    );
  }
  for (const file of generatedCaptures(dir)) files.push({ file, source: 'generated' });

  const tallies = { corpus: new Map<string, Tally>(), generated: new Map<string, Tally>() };
  const mismatches: Mismatch[] = [];
  const splitErrors: string[] = [];
  let packets = 0;
  for (const { file, source } of files) {
    const records = readCapture(file);
    const other = records.find((r) => r.linktype !== LINKTYPE_ETHERNET);
    assert.not.ok(other, `${file}: link type ${other?.linktype}; the corpus is Ethernet only`);
    const theirs = tcpdumpPackets(file, []);
    const ours = xsiftPackets(records);
    if (theirs.length !== ours.length) {
      splitErrors.push(`${path.basename(file)}: tcpdump printed ${theirs.length} packets, the file has ${ours.length}`);
      continue;
    }
    records.forEach((r, i) => {
      const cls = classify(r.data);
      const key = cls.startsWith('other:') ? 'other' : cls;
      const t = tallies[source].get(key) ?? { same: 0, total: 0 };
      t.total++;
      packets++;
      if (theirs[i] === ours[i]) t.same++;
      else mismatches.push({ file: path.basename(file), index: i + 1, cls, tcpdump: theirs[i]!, xsift: ours[i]! });
      tallies[source].set(key, t);
    });
  }

  const order = [...STRICT, 'udp-app', 'tcp-app', 'other'];
  for (const source of ['corpus', 'generated'] as const) {
    const m = tallies[source];
    if (m.size === 0) continue;
    const parts = order
      .filter((k) => m.has(k))
      .map((k) => {
        const t = m.get(k)!;
        return `${k} ${t.same}/${t.total} (${((100 * t.same) / t.total).toFixed(1)}%)`;
      });
    console.log(`  fidelity ${source}: ${parts.join(', ')}`);
  }
  console.log(`  fidelity: ${files.length} captures, ${packets} packets compared`);
  const byClass = new Map<string, number>();
  for (const x of mismatches) if (!(STRICT as readonly string[]).includes(x.cls)) byClass.set(x.cls, (byClass.get(x.cls) ?? 0) + 1);
  if (byClass.size) {
    const top = [...byClass].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, n]) => `${k} ${n}`);
    console.log(`  differing lines outside the strict classes (not failures), by class: ${top.join(', ')}`);
  }

  // XSIFT_FIDELITY_DUMP=FILE: every differing packet as JSON lines, for work on the printers.
  if (process.env.XSIFT_FIDELITY_DUMP) fs.writeFileSync(process.env.XSIFT_FIDELITY_DUMP, mismatches.map((x) => JSON.stringify(x)).join('\n') + '\n');
  assert.equal(splitErrors, [], 'tcpdump and the capture disagree on the packet count');
  const strict = mismatches.filter((x) => (STRICT as readonly string[]).includes(x.cls));
  const shown = strict
    .slice(0, 25)
    .map((x) => `[${x.cls}] ${x.file} #${x.index}\n    tcpdump: ${JSON.stringify(x.tcpdump)}\n    xsift:   ${JSON.stringify(x.xsift)}`);
  assert.is(strict.length, 0, `${strict.length} lines of the strict classes differ from tcpdump:\n${shown.join('\n')}`);
  for (const source of ['corpus', 'generated'] as const) {
    for (const c of STRICT) {
      const t = tallies[source].get(c);
      if (t) assert.is(t.same, t.total, `${source} ${c}`);
    }
  }
  // The project's frames exercise every strict class; the corpus must too when present.
  for (const c of STRICT) assert.ok(tallies.generated.get(c)?.total, `no generated ${c} packet was compared`);
  if (fs.existsSync(CORPUS)) for (const c of STRICT) assert.ok(tallies.corpus.get(c)?.total, `no corpus ${c} packet was compared`);
});

/**
 * -x: each packet's line and its hex dump, from where tcpdump's dump begins (after the link-layer
 * header its Ethernet printer reported, or at the frame's first byte when a printer gave the
 * packet up; see test/format-dump.test.ts), through OutputPrinter as `xsift test -r -x` prints.
 * Reported per class as above; fails below 100% for the strict classes only.
 */
test('xsift test -r -x = tcpdump -n -x -r, line and dump: 100% for icmp, icmp6, arp, udp and tcp basics', () => {
  const files: { file: string; source: 'corpus' | 'generated' }[] = [];
  if (fs.existsSync(CORPUS)) {
    for (const f of fs.readdirSync(CORPUS).sort()) if (/\.pcap(ng)?$/.test(f)) files.push({ file: path.join(CORPUS, f), source: 'corpus' });
  }
  for (const file of generatedCaptures(dir)) files.push({ file, source: 'generated' });
  const tallies = { corpus: new Map<string, Tally>(), generated: new Map<string, Tally>() };
  const strict: Mismatch[] = [];
  for (const { file, source } of files) {
    const records = readCapture(file);
    const theirs = tcpdumpPackets(file, ['-x']);
    assert.is(theirs.length, records.length, `${path.basename(file)}: tcpdump -x printed ${theirs.length} packets, the file has ${records.length}`);
    const printer = new OutputPrinter({ hex: 1 });
    records.forEach((r, i) => {
      const ours = printer.format({ data: r.data, tsNs: r.tsNs, len: r.len, caplen: r.caplen });
      const cls = classify(r.data);
      const key = cls.startsWith('other:') ? 'other' : cls;
      const t = tallies[source].get(key) ?? { same: 0, total: 0 };
      t.total++;
      if (theirs[i] === ours) t.same++;
      else if ((STRICT as readonly string[]).includes(cls)) strict.push({ file: path.basename(file), index: i + 1, cls, tcpdump: theirs[i]!, xsift: ours });
      tallies[source].set(key, t);
    });
  }
  const order = [...STRICT, 'udp-app', 'tcp-app', 'other'];
  for (const source of ['corpus', 'generated'] as const) {
    const m = tallies[source];
    if (m.size === 0) continue;
    const parts = order.filter((k) => m.has(k)).map((k) => {
      const t = m.get(k)!;
      return `${k} ${t.same}/${t.total} (${((100 * t.same) / t.total).toFixed(1)}%)`;
    });
    console.log(`  fidelity -x ${source}: ${parts.join(', ')}`);
  }
  const shown = strict.slice(0, 10).map((x) => `[${x.cls}] ${x.file} #${x.index}\n    tcpdump: ${JSON.stringify(x.tcpdump)}\n    xsift:   ${JSON.stringify(x.xsift)}`);
  assert.is(strict.length, 0, `${strict.length} packets of the strict classes differ from tcpdump -x:\n${shown.join('\n')}`);
});

test.run();
