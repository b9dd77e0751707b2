/**
 * SCTP and DCCP lines against tcpdump 4.99 (default, -q, -e, -v, -vv), on frames built here: every
 * chunk type SCTP's printer details, bad chunk lengths and frames cut inside the chunks; every DCCP
 * packet type, short and extended sequence numbers, options, checksum coverage, right and wrong
 * checksums, short headers. tcpdump missing is a failure.
 *
 * Not compared: SCTP with ForCES ports or payload identifiers, and M3UA payloads from -vv, which
 * tcpdump decodes and runtime/format/sctp.ts does not.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eth, inetChecksum, ipv4, ipv6, truncate, type IpContext, type Layer } from './lib/packets.js';
import { assertSameAsTcpdump, compareWithTcpdump, MODE, requireTcpdump } from './lib/tcpdump.js';

process.env.TZ = 'UTC';

const be16 = (v: number): Buffer => Buffer.from([v >> 8, v & 0xff]);
const be32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
};

/** An SCTP chunk: type, flags, value; the length field covers the value (or `length`), padded to 4. */
function chunk(type: number, flags: number, value: Buffer, length?: number): Buffer {
  const len = length ?? 4 + value.length;
  const body = Buffer.concat([Buffer.from([type, flags]), be16(len), value]);
  const pad = (4 - (body.length % 4)) % 4;
  return Buffer.concat([body, Buffer.alloc(pad)]);
}

/** An SCTP packet (IP protocol 132); the CRC32c is not checked by tcpdump and left 0. */
function sctp(sport: number, dport: number, ...chunks: Buffer[]): Layer {
  return { proto: 132, build: () => Buffer.concat([be16(sport), be16(dport), be32(0xdeadbeef), be32(0), ...chunks]) };
}

const data = (flags: number, tsn: number, sid: number, sseq: number, ppid: number, payload: number): Buffer =>
  chunk(0, flags, Buffer.concat([be32(tsn), be16(sid), be16(sseq), be32(ppid), Buffer.alloc(payload, 0x61)]));
const init = (type: 1 | 2, params = 0): Buffer =>
  chunk(type, 0, Buffer.concat([be32(0x1234), be32(65536), be16(10), be16(2048), be32(99), Buffer.alloc(params, 1)]));
const sack = (cum: number, gaps: [number, number][], dups: number[]): Buffer =>
  chunk(3, 0, Buffer.concat([be32(cum), be32(4096), be16(gaps.length), be16(dups.length), ...gaps.map(([s, e]) => Buffer.concat([be16(s), be16(e)])), ...dups.map(be32)]));

/** A DCCP packet (IP protocol 33) with a checksum over the pseudo-header (or `badSum`). */
function dccp(o: { sport?: number; dport?: number; type: number; x?: boolean; seq?: number; ack?: number; extra?: Buffer; options?: Buffer; payload?: number; cscov?: number; ccval?: number; badSum?: boolean; doff?: number }): Layer {
  return {
    proto: 33,
    build: (ctx?: IpContext) => {
      const x = o.x ?? false;
      const generic = Buffer.alloc(x ? 16 : 12);
      generic.writeUInt16BE(o.sport ?? 5001, 0);
      generic.writeUInt16BE(o.dport ?? 6001, 2);
      generic[5] = ((o.ccval ?? 0) << 4) | (o.cscov ?? 0);
      generic[8] = (o.type << 1) | (x ? 1 : 0);
      if (x) generic.writeUIntBE(o.seq ?? 0x0102030405, 10, 6);
      else generic.writeUIntBE(o.seq ?? 0x010203, 9, 3);
      let ackPart = Buffer.alloc(0);
      if (o.type !== 0 && o.type !== 2) {
        ackPart = Buffer.alloc(x ? 8 : 4);
        if (x) ackPart.writeUIntBE(o.ack ?? 0x0a0b0c0d0e, 2, 6);
        else ackPart.writeUIntBE(o.ack ?? 0x0a0b0c, 1, 3);
      }
      const head = Buffer.concat([generic, ackPart, o.extra ?? Buffer.alloc(0), o.options ?? Buffer.alloc(0)]);
      head[4] = o.doff ?? head.length / 4;
      const seg = Buffer.concat([head, Buffer.alloc(o.payload ?? 0, 0x41)]);
      if (ctx) {
        const len = seg.length;
        const pseudo = ctx.version === 4
          ? Buffer.concat([ctx.src, ctx.dst, Buffer.from([0, 33]), be16(len)])
          : Buffer.concat([ctx.src, ctx.dst, be32(len), Buffer.from([0, 0, 0, 33])]);
        const cov = o.cscov ? Math.min(len, (head[4]! + o.cscov - 1) * 4) : len;
        const sum = inetChecksum(pseudo, seg.subarray(0, cov));
        seg.writeUInt16BE(o.badSum ? sum ^ 0x1111 : sum, 6);
      }
      return seg;
    },
  };
}

function frames(): Buffer[] {
  const v4 = (l: Layer) => eth({}, ipv4({ src: '198.18.0.1', dst: '198.18.0.2' }, l));
  const v6 = (l: Layer) => eth({}, ipv6({ src: '2001:db8::1', dst: '2001:db8::2' }, l));
  const out: Buffer[] = [];
  const sctpPackets: Layer[] = [
    sctp(2905, 2905, data(3, 1822994892, 6, 42, 3, 20)),
    sctp(36412, 36412, data(0, 1, 0, 0, 18, 7), data(4, 2, 1, 0, 0x99, 1), data(1, 3, 1, 1, 27, 64)),
    sctp(5060, 5060, init(1), init(2, 12)),
    sctp(1, 2, sack(100, [[2, 5], [7, 9]], [98, 99]), chunk(4, 0, Buffer.alloc(8, 7)), chunk(5, 0, Buffer.alloc(8, 7))),
    sctp(1, 2, sack(0xfffffffe, [[1, 3]], [])),
    sctp(1, 2, ...[6, 7, 8, 9, 10, 11, 12, 13, 14, 0xc0, 0xc1, 0xc2, 0x80].map((t) => chunk(t, 1, Buffer.alloc(3, 2)))),
    sctp(1, 2, chunk(0, 3, Buffer.alloc(12), 16)),
    sctp(1, 2, chunk(0, 0, Buffer.alloc(4))),
    sctp(1, 2, chunk(1, 0, Buffer.alloc(8))),
    sctp(1, 2, chunk(3, 0, Buffer.concat([be32(1), be32(2), be16(3), be16(0), be16(1)]))),
    sctp(1, 2, chunk(7, 0, Buffer.alloc(0), 2)),
    sctp(1, 2, chunk(7, 0, be32(5)), Buffer.from([0, 0])),
    sctp(1, 2, chunk(7, 0, Buffer.alloc(40), 400)),
    sctp(1, 2),
  ];
  for (const p of sctpPackets) {
    out.push(v4(p), v6(p));
  }
  const whole = v4(sctpPackets[1]!);
  for (const cut of [20, 34, 40, 46, 47, 50, 58, 62, 70, 80, 100]) if (cut < whole.length) out.push(truncate(whole, cut));
  const shortIp = eth({}, ipv4({ src: '198.18.0.1', dst: '198.18.0.2', totalLength: 28 }, sctp(1, 2, data(3, 1, 2, 3, 4, 8))));
  out.push(shortIp);

  const opt = (...b: number[]) => Buffer.from(b);
  const options = Buffer.concat([
    opt(0, 1, 2),
    opt(32, 4, 1, 7), opt(33, 5, 3, 0, 9), opt(34, 3, 12), opt(35, 2),
    opt(36, 6, 0xde, 0xad, 0xbe, 0xef), opt(37, 4, 1, 2), opt(38, 3, 0xaa), opt(39, 2), opt(40, 4, 1, 2),
    opt(41, 6, 0, 0, 1, 0), opt(41, 4, 0, 1), opt(42, 6, 0, 0, 0, 9), opt(42, 8, 0, 0, 0, 9, 1, 2), opt(42, 10, 0, 0, 0, 9, 0, 0, 1, 2), opt(42, 5, 1, 2, 3),
    opt(43, 6, 0, 0, 2, 0), opt(43, 4, 3, 0), opt(43, 3, 1), opt(44, 6, 1, 2, 3, 4),
    opt(128, 4, 1, 2), opt(200, 6, 0, 0, 0, 5), opt(129, 3, 1), opt(0, 0),
  ]);
  const dccpPackets: Layer[] = [
    dccp({ type: 0, extra: be32(4105078398), x: true }),
    dccp({ type: 0, extra: be32(42) }),
    dccp({ type: 1, x: true, extra: Buffer.concat([Buffer.alloc(4), be32(7)]) }),
    dccp({ type: 2, payload: 20, ccval: 5 }),
    dccp({ type: 3, x: true, options }),
    dccp({ type: 4, payload: 9, cscov: 1 }),
    dccp({ type: 4, x: true, payload: 30, cscov: 3, badSum: true }),
    dccp({ type: 5, x: true }),
    dccp({ type: 6, x: true }),
    dccp({ type: 7, x: true, extra: Buffer.from([2, 0, 0, 0]) }),
    dccp({ type: 7, x: true, extra: Buffer.from([40, 0, 0, 0]) }),
    dccp({ type: 8, x: true, options: opt(32, 2, 44, 2) }),
    dccp({ type: 9, x: true, options: opt(41, 40, 1, 2) }),
    dccp({ type: 12, x: true }),
    dccp({ type: 3, x: true, doff: 2 }),
    dccp({ type: 3, x: true, doff: 60, badSum: true }),
  ];
  for (const p of dccpPackets) out.push(v4(p), v6(p));
  const dwhole = v4(dccpPackets[4]!);
  for (const cut of [34, 40, 45, 46, 50, 54, 60, 70, 80]) if (cut < dwhole.length) out.push(truncate(dwhole, cut));
  out.push(eth({}, ipv4({ src: '198.18.0.1', dst: '198.18.0.2', totalLength: 30 }, dccp({ type: 2, payload: 10 }))));
  out.push(eth({}, ipv4({ src: '198.18.0.1', dst: '198.18.0.2', totalLength: 34 }, dccp({ type: 3, x: true }))));
  out.push(eth({}, ipv4({ src: '198.18.0.1', dst: '198.18.0.2', totalLength: 40 }, dccp({ type: 1, x: true, extra: Buffer.alloc(12) }))));
  return out;
}

let dir = '';
test.before(() => {
  requireTcpdump('format-sctp-dccp.test.ts');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-sctp-dccp-'));
});
test.after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('SCTP and DCCP lines = tcpdump -n (default, -q, -e, -v, -vv), whole and cut', () => {
  const results = compareWithTcpdump(path.join(dir, 'sctp-dccp.pcap'), frames(), [MODE.plain, MODE.quick, MODE.link, MODE.v, MODE.vv]);
  assertSameAsTcpdump(results);
  // What tcpdump printed was SCTP and DCCP (not a fallback both sides share).
  for (const r of results) {
    assert.ok(r.expected.filter((l) => /: sctp/.test(l)).length >= 30, `${r.mode.flags}: few sctp lines`);
    assert.ok(r.expected.filter((l) => /: DCCP/.test(l)).length >= 30, `${r.mode.flags}: few DCCP lines`);
  }
});

test.run();
