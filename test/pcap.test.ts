/**
 * runtime/pcap: round trips, incremental writing, and tcpdump (libpcap) as the judge of what the
 * writer produces; pcapng files are written by a minimal writer below (both byte orders) and
 * checked against libpcap's reading of the same file.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import {
  PcapWriter, encodePcapHeader, encodePcapRecord, parseCapture, readCapture, writePcapFile, type CaptureRecord,
} from '../runtime/pcap.js';
import { eth, icmpEcho, ipv4, ipv6, tcp, udp, icmp6Echo } from './lib/packets.js';

const frames = [
  eth({}, ipv4({ src: '198.18.0.1', dst: '198.18.0.2' }, icmpEcho({ id: 7, seq: 1, payload: 56 }))),
  eth({}, ipv4({ src: '198.18.0.2', dst: '198.18.0.1' }, udp({ sport: 40000, dport: 9999, payload: 300 }))),
  eth({}, ipv6({ src: '2001:db8::1', dst: '2001:db8::2' }, icmp6Echo({ id: 1, seq: 2, payload: 8 }))),
  eth({}, ipv4({ src: '198.18.0.1', dst: '198.18.0.2' }, tcp({ sport: 40000, dport: 9999, flags: 'S' }))),
];
const T0 = 1_764_067_387_123_456_789n;
const ts = (i: number): bigint => T0 + BigInt(i) * 1_000_000_123n;

let dir = '';
const file = (name: string): string => path.join(dir, name);

function tcpdump(args: string[]): { status: number; lines: string[]; stderr: string } {
  const r = spawnSync('tcpdump', ['-n', ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  if (r.error) {
    throw new Error(`tcpdump is not runnable (${r.error.message}): these tests use it as the oracle; install tcpdump`);
  }
  return { status: r.status ?? -1, lines: r.stdout.split('\n').filter((l) => l !== ''), stderr: r.stderr };
}

test.before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-pcap-'));
});

test.after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('microsecond pcap round-trips and tcpdump reads every packet', () => {
  writePcapFile(file('us.pcap'), frames.map((data, i) => ({ data, tsNs: ts(i) })));
  const recs = readCapture(file('us.pcap'));
  assert.is(recs.length, frames.length);
  recs.forEach((r, i) => {
    assert.is(r.index, i + 1);
    assert.is(r.tsNs, (ts(i) / 1000n) * 1000n, 'microsecond files keep whole microseconds');
    assert.is(r.caplen, frames[i]!.length);
    assert.is(r.len, frames[i]!.length);
    assert.is(r.linktype, 1);
    assert.ok(r.data.equals(frames[i]!));
  });
  const out = tcpdump(['-tt', '-r', file('us.pcap')]);
  assert.is(out.status, 0, out.stderr);
  assert.is(out.lines.length, frames.length);
  assert.ok(out.lines[0]!.startsWith('1764067387.123456 IP 198.18.0.1 > 198.18.0.2: ICMP echo request'), out.lines[0]);
  assert.ok(out.lines[1]!.startsWith('1764067388.123456 '), out.lines[1]);
});

test('nanosecond magic keeps nanoseconds; tcpdump --nano agrees', () => {
  writePcapFile(file('ns.pcap'), frames.map((data, i) => ({ data, tsNs: ts(i) })), { nanosecond: true });
  const buf = fs.readFileSync(file('ns.pcap'));
  assert.is(buf.readUInt32LE(0), 0xa1b23c4d);
  const recs = readCapture(file('ns.pcap'));
  recs.forEach((r, i) => assert.is(r.tsNs, ts(i)));
  const out = tcpdump(['-tt', '--nano', '-r', file('ns.pcap')]);
  assert.is(out.status, 0, out.stderr);
  assert.is(out.lines.length, frames.length);
  assert.ok(out.lines[0]!.startsWith('1764067387.123456789 '), out.lines[0]);
});

test('snaplen in the header; longer packets are cut, wire length kept', () => {
  writePcapFile(file('snap.pcap'), frames.map((data, i) => ({ data, tsNs: ts(i) })), { snaplen: 64 });
  const buf = fs.readFileSync(file('snap.pcap'));
  assert.is(buf.readUInt32LE(16), 64);
  const recs = readCapture(file('snap.pcap'));
  assert.is(recs[1]!.caplen, 64);
  assert.is(recs[1]!.len, frames[1]!.length);
  assert.ok(recs[1]!.data.equals(frames[1]!.subarray(0, 64)));
  const out = tcpdump(['-r', file('snap.pcap')]);
  assert.is(out.status, 0, out.stderr);
  assert.is(out.lines.length, frames.length);
});

test('a writer on a file descriptor appends records that readers see before close', () => {
  const fd = fs.openSync(file('live.pcap'), 'w');
  const w = new PcapWriter(fd);
  w.write(frames[0]!, { tsNs: ts(0) });
  w.write(frames[1]!, { tsNs: ts(1) });
  assert.is(w.count, 2);
  assert.is(tcpdump(['-r', file('live.pcap')]).lines.length, 2);
  assert.is(readCapture(file('live.pcap')).length, 2);
  w.write(frames[2]!, { tsNs: ts(2), len: 2000 });
  const out = tcpdump(['-r', file('live.pcap')]);
  assert.is(out.status, 0, out.stderr);
  assert.is(out.lines.length, 3);
  assert.is(readCapture(file('live.pcap'))[2]!.len, 2000);
  w.close();
  w.close();
  assert.throws(() => w.write(frames[0]!, { tsNs: 0n }), /write after close/);
  fs.fstatSync(fd); // still open: the writer does not close descriptors it was given
  fs.closeSync(fd);
});

test('PcapWriter.open owns its file; a stream sink gets the same bytes', () => {
  const w = PcapWriter.open(file('owned.pcap'), { nanosecond: true });
  const chunks: Buffer[] = [];
  const s = new PassThrough();
  s.on('data', (c: Buffer) => chunks.push(c));
  const ws = new PcapWriter(s, { nanosecond: true });
  frames.forEach((f, i) => {
    w.write(f, { tsNs: ts(i) });
    ws.write(f, { tsNs: ts(i) });
  });
  w.close();
  assert.ok(Buffer.concat(chunks).equals(fs.readFileSync(file('owned.pcap'))));
  const expected = Buffer.concat([
    encodePcapHeader({ nanosecond: true }),
    ...frames.map((f, i) => encodePcapRecord(f, { tsNs: ts(i) }, { nanosecond: true })),
  ]);
  assert.ok(expected.equals(fs.readFileSync(file('owned.pcap'))));
});

/** The same file in the other byte order (header and record headers swapped). */
function swapClassic(le: Buffer): Buffer {
  const b = Buffer.from(le);
  b.writeUInt32BE(le.readUInt32LE(0), 0);
  b.writeUInt16BE(le.readUInt16LE(4), 4);
  b.writeUInt16BE(le.readUInt16LE(6), 6);
  for (const o of [8, 12, 16, 20]) b.writeUInt32BE(le.readUInt32LE(o), o);
  let off = 24;
  while (off < le.length) {
    const caplen = le.readUInt32LE(off + 8);
    for (let k = 0; k < 16; k += 4) b.writeUInt32BE(le.readUInt32LE(off + k), off + k);
    off += 16 + caplen;
  }
  return b;
}

test('big-endian classic pcap (usec and nsec) reads the same as little-endian', () => {
  for (const nanosecond of [false, true]) {
    const name = file(`be-${nanosecond}.pcap`);
    writePcapFile(file('le.pcap'), frames.map((data, i) => ({ data, tsNs: ts(i) })), { nanosecond });
    fs.writeFileSync(name, swapClassic(fs.readFileSync(file('le.pcap'))));
    assert.equal(strip(readCapture(name)), strip(readCapture(file('le.pcap'))));
    const out = tcpdump(['-tt', '-r', name]);
    assert.is(out.status, 0, out.stderr);
    assert.is(out.lines.length, frames.length);
    assert.ok(out.lines[0]!.startsWith('1764067387.123456 '), out.lines[0]);
  }
});

function strip(rs: CaptureRecord[]): unknown[] {
  return rs.map((r) => ({ ...r, data: r.data.toString('hex') }));
}

// ---------------------------------------------------------------------------------------------
// A minimal pcapng writer for the tests (either byte order).

function ngBlock(be: boolean, type: number, body: Buffer): Buffer {
  const padded = Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
  const len = 12 + padded.length;
  const h = Buffer.alloc(8);
  const t = Buffer.alloc(4);
  if (be) {
    h.writeUInt32BE(type, 0);
    h.writeUInt32BE(len, 4);
    t.writeUInt32BE(len, 0);
  } else {
    h.writeUInt32LE(type, 0);
    h.writeUInt32LE(len, 4);
    t.writeUInt32LE(len, 0);
  }
  return Buffer.concat([h, padded, t]);
}

function ngOption(be: boolean, code: number, value: Buffer): Buffer {
  const h = Buffer.alloc(4);
  if (be) {
    h.writeUInt16BE(code, 0);
    h.writeUInt16BE(value.length, 2);
  } else {
    h.writeUInt16LE(code, 0);
    h.writeUInt16LE(value.length, 2);
  }
  return Buffer.concat([h, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
}

const u32 = (be: boolean, v: number): Buffer => {
  const b = Buffer.alloc(4);
  if (be) b.writeUInt32BE(v >>> 0);
  else b.writeUInt32LE(v >>> 0);
  return b;
};
const u16 = (be: boolean, v: number): Buffer => {
  const b = Buffer.alloc(2);
  if (be) b.writeUInt16BE(v);
  else b.writeUInt16LE(v);
  return b;
};

interface NgIface {
  tsresol?: number;
  snaplen?: number;
}

function pcapng(be: boolean, ifaces: NgIface[], packets: { iface: number; ticks: bigint; data: Buffer; len?: number }[], spb?: Buffer): Buffer {
  const shb = ngBlock(be, 0x0a0d0d0a, Buffer.concat([u32(be, 0x1a2b3c4d), u16(be, 1), u16(be, 0), Buffer.alloc(8, 0xff)]));
  const idbs = ifaces.map((f) => {
    const opts =
      f.tsresol !== undefined
        ? Buffer.concat([ngOption(be, 9, Buffer.from([f.tsresol])), ngOption(be, 0, Buffer.alloc(0))])
        : Buffer.alloc(0);
    return ngBlock(be, 1, Buffer.concat([u16(be, 1), u16(be, 0), u32(be, f.snaplen ?? 0), opts]));
  });
  const unknown = ngBlock(be, 0x0bad, Buffer.from('ignored'));
  const epbs = packets.map((p) =>
    ngBlock(
      be,
      6,
      Buffer.concat([
        u32(be, p.iface),
        u32(be, Number(p.ticks >> 32n)),
        u32(be, Number(p.ticks & 0xffffffffn)),
        u32(be, p.data.length),
        u32(be, p.len ?? p.data.length),
        p.data,
      ]),
    ),
  );
  const spbs = spb ? [ngBlock(be, 3, Buffer.concat([u32(be, spb.length), spb]))] : [];
  return Buffer.concat([shb, ...idbs, unknown, ...epbs, ...spbs]);
}

test('pcapng (both byte orders, usec/nsec/binary resolutions, SPB) reads as libpcap reads it', () => {
  for (const be of [false, true]) {
    const name = file(`x-${be ? 'be' : 'le'}.pcapng`);
    const pkts = [
      { iface: 0, ticks: ts(0) / 1000n, data: frames[0]! },
      { iface: 1, ticks: ts(1), data: frames[1]! },
      { iface: 0, ticks: ts(2) / 1000n, data: frames[2]!.subarray(0, 40), len: frames[2]!.length },
    ];
    fs.writeFileSync(name, pcapng(be, [{}, { tsresol: 9 }], pkts, frames[3]));
    const recs = readCapture(name);
    assert.is(recs.length, 4);
    assert.equal(recs.map((r) => r.index), [1, 2, 3, 4]);
    assert.is(recs[0]!.tsNs, (ts(0) / 1000n) * 1000n);
    assert.is(recs[1]!.tsNs, ts(1));
    assert.is(recs[2]!.caplen, 40);
    assert.is(recs[2]!.len, frames[2]!.length);
    assert.ok(recs[3]!.data.equals(frames[3]!));
    assert.is(recs[3]!.tsNs, 0n, 'simple packet blocks carry no timestamp');
    // libpcap reads the same file: same packet count, same timestamps.
    const out = tcpdump(['-tt', '--nano', '-r', name]);
    assert.is(out.status, 0, out.stderr);
    assert.is(out.lines.length, 4);
    for (let i = 0; i < 3; i++) {
      const t = recs[i]!.tsNs;
      const text = `${t / 1_000_000_000n}.${String(t % 1_000_000_000n).padStart(9, '0')} `;
      assert.ok(out.lines[i]!.startsWith(text), `${out.lines[i]} vs ${text}`);
    }
  }
  // A binary resolution (2^-10 s per tick).
  const bin = pcapng(false, [{ tsresol: 0x80 | 10 }], [{ iface: 0, ticks: 1024n * 5n + 512n, data: frames[0]! }]);
  assert.is(parseCapture(bin, 'bin.pcapng')[0]!.tsNs, 5_500_000_000n);
});

test('malformed files: errors name the file and the offset', () => {
  const good = fs.readFileSync(file('us.pcap'));
  const cases: [string, Buffer, RegExp][] = [
    ['empty.pcap', Buffer.alloc(0), /empty\.pcap: offset 0: file too short/],
    ['magic.pcap', Buffer.from('not a capture file'), /magic\.pcap: offset 0: not a pcap or pcapng file/],
    ['hdr.pcap', good.subarray(0, 20), /hdr\.pcap: offset 0: truncated pcap file header/],
    ['rec.pcap', good.subarray(0, 24 + 10), /rec\.pcap: offset 24: truncated record header/],
    ['data.pcap', good.subarray(0, 24 + 16 + 5), /data\.pcap: offset 24: truncated record \(caplen 98/],
  ];
  const ng = pcapng(false, [{}], [{ iface: 0, ticks: 1n, data: frames[0]! }]);
  const badLen = Buffer.from(ng);
  badLen.writeUInt32LE(13, 28 + 4); // first IDB length (SHB is 28 bytes)
  cases.push(['len.pcapng', badLen, /len\.pcapng: offset 28: bad pcapng block length 13/]);
  cases.push(['cut.pcapng', ng.subarray(0, ng.length - 8), /cut\.pcapng: offset \d+: truncated pcapng block/]);
  const noIface = pcapng(false, [{}], [{ iface: 3, ticks: 1n, data: frames[0]! }]);
  cases.push(['iface.pcapng', noIface, /iface\.pcapng: offset \d+: packet refers to undefined interface 3/]);
  for (const [name, buf, re] of cases) {
    fs.writeFileSync(file(name), buf);
    assert.throws(() => readCapture(file(name)), (e: Error) => re.test(e.message), `${name}`);
  }
  assert.throws(() => readCapture(file('missing.pcap')), /missing\.pcap: cannot read capture file/);
});

test.run();
