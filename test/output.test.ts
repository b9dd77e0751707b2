/**
 * tcpdump's output options (-t… -e -# -x -xx -X -XX -A -AA -v -vv -q) through
 * `xsift test -r`, line for line against tcpdump on the same capture; and
 * the JSON form.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { writePcapFile } from '../runtime/pcap.js';
import { decodeLayers, expandTcpdumpFlags, OutputPrinter, type PrintOptions } from '../runtime/output.js';
import { openPrinter } from '../runtime/capture.js';
import { Clock, decodeBatch, RECORD_HEADER_BYTES, XDP_DROP, XDP_PASS } from '../runtime/events.js';
import { testFrames } from './lib/frames.js';
import { wireLength } from './lib/packets.js';
import { root } from './lib/oracle.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'xsift-output-'));
const pcap = path.join(dir, 'frames.pcap');
// Frames the formatter prints exactly as tcpdump (test/format.test.ts), at distinct times.
// Left out: the 802.3 frame (tcpdump decodes its LLC header, runtime/format does not) and frames cut
// inside their headers, where tcpdump's choice of the dump's first byte follows its printers' internals.
const frames = testFrames().filter((f) => f.data.length >= 14 && f.name !== '802.3 length field' && !/cut|only/.test(f.name));
writePcapFile(pcap, frames.map((f, i) => ({ data: f.data, tsNs: 1_700_000_000_000_000_000n + BigInt(i) * 1_234_567n })));

function tcpdump(flags: string[]): string {
  try {
    return execFileSync('tcpdump', ['-n', '-r', pcap, ...flags], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    throw new Error(`tcpdump is needed for this test (apt-get install tcpdump): ${(e as Error).message}`);
  }
}

for (const flags of [[], ['-x'], ['-xx'], ['-X'], ['-XX'], ['-A'], ['-AA'], ['-#'], ['-t'], ['-tt'], ['-ttt'], ['-tttt'], ['-ttttt'], ['-e'], ['-e', '-XX', '-#'], ['-v'], ['-vv'], ['-q'], ['-q', '-e'], ['-v', '-x']]) {
  test(`xsift test -r ${flags.join(' ')} prints what tcpdump ${flags.join(' ')} prints`, async () => {
    const r = await execa(process.execPath, [path.join(root, 'bin', 'xsift.js'), 'test', '-r', pcap, '-n', ...flags, '--engine', 'interpreter'], { reject: false, env: { TZ: 'UTC' } });
    assert.is(r.exitCode, 0, r.stderr);
    assert.fixture(r.stdout + '\n', tcpdump(flags));
  });
}

test('stacked tcpdump flags become countable options; nothing after "--" changes', () => {
  assert.equal(expandTcpdumpFlags(['capture', '-ttt', '-XX', '-#', '-i', 'x', '--', '-tt']), ['capture', '--ts-mode', '3', '--hex-ascii', '2', '--number', '-i', 'x', '--', '-tt']);
  assert.equal(expandTcpdumpFlags(['test', '-vv', '-q', '-v', '-vvv', '--', '-v']), ['test', '--verbose', '2', '--quick', '--verbose', '1', '--verbose', '3', '--', '-v']);
});

test('--json: index, ts, iface, verdict, lengths, decoded layers and the tcpdump line', () => {
  const f = frames.find((x) => x.name === 'tcp4 syn')!;
  const p = new OutputPrinter({ json: true });
  const o = JSON.parse(p.format({ data: f.data, tsNs: 1_700_000_000_123_456_789n, len: f.data.length, caplen: f.data.length }, { iface: 'xs1', verdict: 'pass' }));
  assert.is(o.index, 1);
  assert.is(o.ts, '1700000000.123456789');
  assert.is(o.iface, 'xs1');
  assert.is(o.verdict, 'pass');
  assert.equal(o.layers.map((l: { layer: string }) => l.layer), ['ethernet', 'ipv4', 'tcp']);
  assert.is(o.layers[2].dstPort, 80);
  assert.match(o.line, /IP 198\.18\.0\.1\.40000 > 198\.18\.0\.2\.80: Flags \[S\]/);
  assert.equal(decodeLayers(frames.find((x) => x.name === 'qinq tcp6')!.data).map((l) => l.layer), ['ethernet', 'vlan', 'vlan', 'ipv6', 'tcp']);
});

test('-# numbers lines as tcpdump\'s "%5u  ", past 1,000, 10,000 and 100,000, with and without dumps', () => {
  const f = frames.find((x) => x.name === 'tcp4 syn')!;
  for (const print of [{ number: true, t: 1 }, { number: true, t: 1, hex: 1 }]) {
    const p = new OutputPrinter(print);
    const plain = new OutputPrinter({ ...print, number: false });
    const line = plain.format({ data: f.data, tsNs: 0n, len: f.data.length, caplen: f.data.length });
    for (let i = 1; i <= 101_000; i++) {
      // Both ways in: a decoded frame, and one read in place.
      const got = i % 2
        ? p.format({ data: f.data, tsNs: 0n, len: f.data.length, caplen: f.data.length })
        : p.formatAt({ bytes: f.data, start: 0, caplen: f.data.length, len: f.data.length, sec: 0, nsec: 0 });
      if (got !== `${String(i).padStart(5)}  ${line}`) assert.is(got, `${String(i).padStart(5)}  ${line}`, `line ${i} ${JSON.stringify(print)}`);
    }
  }
});

/**
 * What stands before the frame's text for each timestamp mode (tcpdump's ts_print; before 1970 its
 * microseconds print negative, after 2^31 seconds its error text), -#'s number before it.
 */
const US = '-?\\d{6}';
const STAMPS: Record<number, RegExp> = {
  0: new RegExp(`^(\\d\\d:\\d\\d:\\d\\d\\.${US}|\\[Error converting time\\]) $`),
  1: /^$/,
  2: new RegExp(`^(-?\\d+\\.${US}|\\[Error converting time\\]) $`),
  3: new RegExp(`^[ -](\\d\\d:\\d\\d:\\d\\d\\.${US}|\\[Error converting time\\]) $`),
  4: new RegExp(`^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.${US}|\\[Error converting time\\]) $`),
  5: new RegExp(`^[ -](\\d\\d:\\d\\d:\\d\\d\\.${US}|\\[Error converting time\\]) $`),
};

test('with several interfaces the name goes where tcpdump -i any prints it: after the timestamp and -#\'s number, with every option, past 10,000 lines', () => {
  const all = testFrames();
  const times = [[1_700_000_000, 999_999_999], [0, 0], [0x7fffffff, 5_000], [0x80000000, 0], [-5, 3_000]];
  for (const print of [{}, { t: 1 }, { t: 2 }, { t: 3 }, { t: 4 }, { t: 5 }, { number: true }, { number: true, t: 1 }, { number: true, hex: 1 },
    { hexAscii: 1 }, { ascii: 2, t: 3 }, { verbose: 2 }, { quick: true, link: true }] as PrintOptions[]) {
    const p = new OutputPrinter(print);
    const q = new OutputPrinter(print);
    for (let i = 0; i < 10_100; i++) {
      const f = all[i % all.length]!.data;
      // Some records claim no bytes or too many: "[Invalid header: ...]", printed before any
      // timestamp or link layer, so with no name (as tcpdump's pretty_print_packet).
      const [sec, nsec] = times[i % times.length]!;
      const at = { bytes: f, start: 0, caplen: i % 997 ? f.length : 0, len: i % 1009 ? wireLength(f) : 300_000, sec: sec!, nsec: nsec! };
      const plain = q.formatAt(at);
      const got = p.formatAt(at, {}, 'xs1 ');
      const where = `line ${i + 1} ${JSON.stringify(print)}`;
      const number = print.number ? `${String(i + 1).padStart(5)}  ` : '';
      if (plain.startsWith(`${number}[Invalid header`)) {
        assert.is(got, plain, where);
        continue;
      }
      const k = got.indexOf('xs1 ');
      if (k < 0 || got.slice(0, k) + got.slice(k + 4) !== plain) assert.is(got, plain, where);
      const before = got.slice(number.length, k);
      if (!got.startsWith(number) || !STAMPS[print.t ?? 0]!.test(before)) assert.ok(false, `${where}: "${before}" before the name in ${JSON.stringify(got)}`);
    }
  }
});

test('two interfaces: each line names its interface after the timestamp, whatever the name holds', () => {
  const f = frames.find((x) => x.name === 'tcp4 syn')!;
  const batch = ringBatch([{ data: f.data, len: f.data.length, monoNs: 5_000_000_000n, verdict: XDP_PASS }]);
  const clock = new Clock(1_700_000_000_000_000_000n);
  for (const [print, stampLength] of [[{}, 16], [{ t: 1 }, 0], [{ t: 4 }, 27], [{ number: true }, 7 + 16]] as [PrintOptions, number][]) {
    for (const name of ['xs1', 'a$&b', 'a$1', "x$'", 'x$$y', 'p$`q']) {
      const chunks: Buffer[] = [];
      openPrinter({ stdout: (s) => chunks.push(Buffer.from(s)), stderr: () => {} }, { interfaces: ['xs0', name], mode: 'auto', snaplen: 262144, print })(batch, 1, clock, 1);
      const line = new OutputPrinter(print).format(decodeBatch(batch, 1, clock)[0]!);
      assert.is(Buffer.concat(chunks).toString(), `${line.slice(0, stampLength)}${name.padEnd(5)} In  ${line.slice(stampLength)}\n`, `${name} ${JSON.stringify(print)}`);
    }
  }
});

test('two interfaces: the columns of tcpdump -i any, name and direction (In, B, M, P), line for line as tcpdump prints an SLL2 capture', () => {
  process.env.TZ = 'UTC'; // tcpdump's side runs with TZ=UTC (Node re-reads TZ when it is assigned)
  // tcpdump names an SLL2 record's interface by its index on this machine: 1 is the loopback.
  const lo = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout.match(/^1: ([^:@]+)[:@]/m)?.[1];
  assert.ok(lo, 'no interface with index 1 here');
  const own = '02:00:00:00:00:02';
  const base = frames.find((x) => x.name === 'tcp4 syn')!.data;
  const withDst = (dst: string) => Buffer.concat([Buffer.from(dst.split(':').map((x) => parseInt(x, 16))), base.subarray(6)]);
  // Destination, the kernel's packet type (what tcpdump prints from it), and a caplen.
  const cases: [string, number][] = [[own, 0], ['ff:ff:ff:ff:ff:ff', 1], ['01:00:5e:00:00:fb', 2], ['33:33:00:00:00:01', 2], ['ff:ff:ff:ff:ff:fe', 2], ['02:00:00:00:00:03', 3], ['03:00:00:00:00:02', 2]];
  const sll2 = (f: Buffer, pkttype: number) => {
    const h = Buffer.alloc(20);
    h.writeUInt16BE(f.readUInt16BE(12), 0);
    h.writeUInt32BE(1, 4);
    h.writeUInt16BE(1, 8);
    h[10] = pkttype;
    h[11] = 6;
    f.copy(h, 12, 6, 12);
    return Buffer.concat([h, f.subarray(14)]);
  };
  const file = path.join(dir, 'any.pcap');
  const ts = (i: number) => 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000_000n;
  writePcapFile(file, cases.map(([dst, t], i) => ({ data: sll2(withDst(dst), t), tsNs: ts(i) })), { linktype: 276 });
  const want = execFileSync('tcpdump', ['-n', '-r', file], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, stdio: ['ignore', 'pipe', 'ignore'] });
  const chunks: Buffer[] = [];
  const print = openPrinter({ stdout: (x) => chunks.push(Buffer.from(x)), stderr: () => {} }, { interfaces: ['xs0', lo!], mode: 'auto', snaplen: 262144, print: {} }, [undefined, own]);
  const clock = new Clock(1_700_000_000_000_000_000n - 5_000_000_000n);
  cases.forEach(([dst], i) => print(ringBatch([{ data: withDst(dst), len: base.length, monoNs: 5_000_000_000n + BigInt(i) * 1_000_000_000n, verdict: XDP_PASS }]), 1, clock, 1));
  assert.fixture(Buffer.concat(chunks).toString(), want);
  assert.match(want, / In  IP /);
  assert.match(want, / P   IP /);
  // Fewer than 6 bytes captured: the direction is unknown ("?", as tcpdump prints an unknown type).
  const short: Buffer[] = [];
  openPrinter({ stdout: (x) => short.push(Buffer.from(x)), stderr: () => {} }, { interfaces: ['xs0', 'xs1'], mode: 'auto', snaplen: 4, print: { t: 1 } }, [own, own])(
    ringBatch([{ data: base.subarray(0, 4), len: base.length, monoNs: 1n, verdict: XDP_PASS }]), 1, clock, 1);
  assert.is(Buffer.concat(short).toString(), 'xs1   ?    [|ether]\n');
});

/** A native ring batch of `frames` (runtime/events.ts): u32 LE length, struct xsift_record, bytes, padding to 4. */
function ringBatch(frames: { data: Buffer; len: number; monoNs: bigint; verdict: number }[]): Buffer {
  return Buffer.concat(frames.map((f) => {
    const rec = Buffer.alloc(4 + ((RECORD_HEADER_BYTES + f.data.length + 3) & ~3));
    rec.writeUInt32LE(RECORD_HEADER_BYTES + f.data.length, 0);
    rec.writeBigUInt64LE(f.monoNs, 4);
    rec.writeUInt32LE(f.len, 12);
    rec.writeUInt32LE(f.data.length, 16);
    rec.writeUInt32LE(f.verdict, 28);
    f.data.copy(rec, 4 + RECORD_HEADER_BYTES);
    return rec;
  }));
}

test('the capture prints its ring batches as the printer prints decoded frames, with every option', () => {
  // The capture reads records in place (no views, no BigInt); decoded frames take the library's way.
  const all = testFrames();
  const clock = new Clock(1_700_000_000_999_999_500n);
  const records = all.map((f, i) => ({ data: f.data, len: wireLength(f.data), monoNs: 86_400_000_000_000n * 200n + BigInt(i) * 333_333_337n, verdict: i % 3 ? XDP_PASS : XDP_DROP }));
  const half = Math.floor(records.length / 2);
  const batches = [ringBatch(records.slice(0, half)), ringBatch(records.slice(half))];
  const sets: { print?: PrintOptions; link?: boolean; interfaces?: string[] }[] = [
    {}, { print: { t: 1 } }, { print: { t: 2 } }, { print: { t: 3 } }, { print: { t: 4 } }, { print: { t: 5 } }, { link: true },
    { print: { verbose: 2 } }, { print: { quick: true } }, { print: { number: true, hexAscii: 2 } }, { print: { hex: 1 } }, { print: { ascii: 1 } },
    { print: { json: true } }, { interfaces: ['xs0', 'xs1'] }, { interfaces: ['xs0', 'xs1'], print: { t: 4 } },
  ];
  for (const set of sets) {
    const interfaces = set.interfaces ?? ['xs0'];
    const chunks: Buffer[] = [];
    const print = openPrinter({ stdout: (s) => chunks.push(Buffer.from(s)), stderr: () => {} }, { interfaces, mode: 'auto', snaplen: 262144, link: !!set.link, print: set.print ?? {} });
    for (const b of batches) print(b, b === batches[0] ? half : records.length - half, clock, interfaces.length - 1);
    const name = interfaces.at(-1)!;
    const printer = new OutputPrinter({ ...set.print, link: !!set.link });
    const want = batches.flatMap((b, k) => decodeBatch(b, k ? records.length - half : half, clock)).map((f) => {
      const line = printer.format(f, { iface: name, verdict: f.verdict });
      if (interfaces.length === 1 || set.print?.json) return `${line}\n`;
      // The name after the timestamp: its clock time, or its date and clock time with -tttt.
      const stamp = line.match(set.print?.t === 4 ? /^\S+ \S+ / : /^\S+ /)![0].length;
      // No interface address was given: "In" unless the destination is a group address.
      const dir = f.data[0]! & 1 ? (f.data.subarray(0, 6).equals(Buffer.alloc(6, 0xff)) ? 'B  ' : 'M  ') : 'In ';
      return `${line.slice(0, stamp)}${name.padEnd(5)} ${dir} ${line.slice(stamp)}\n`;
    });
    assert.fixture(Buffer.concat(chunks).toString('utf8'), want.join(''), JSON.stringify(set));
  }
});

test('a printer bug costs its line\'s end, not the capture: marked, counted, the first kept', () => {
  // A frame whose byte 23 (the IPv4 protocol field) throws when a printer reads it.
  const frame = testFrames().find((f) => f.data.length > 40 && f.data.readUInt16BE(12) === 0x0800)!.data;
  const bomb = new Proxy(Buffer.from(frame), {
    get(target, key, receiver) {
      if (key === '23') throw new RangeError('boom');
      const v = Reflect.get(target, key, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  }) as Buffer;
  const p = new OutputPrinter({});
  const line = p.format({ data: bomb, tsNs: 1_700_000_000_000_000_000n, len: frame.length, caplen: frame.length });
  assert.match(line, /^\S+ IP  ?\[\|ip: xsift printer error\]$|^\S+ IP .*\[\|\w+: xsift printer error\]$/);
  assert.equal(p.printerErrors, { count: 1, first: 'ip: boom' });
  assert.is(p.printerErrorReport(), 'xsift: 1 lines were cut short by a printer error (the first: ip: boom); please report it with the frame\n');
  assert.is(new OutputPrinter({}).printerErrorReport(), '');
  // The next frame prints whole.
  assert.not.match(p.format({ data: frame, tsNs: 1_700_000_000_000_000_000n, len: frame.length, caplen: frame.length }), /printer error/);
  assert.is(p.printerErrors.count, 1);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
