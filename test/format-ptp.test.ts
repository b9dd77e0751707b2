/**
 * PTP (EtherType 0x88f7) lines against tcpdump 4.99 (default, -q, -e, -v), on frames built here:
 * every message type, flags, versions 1, 2 and others, messages shorter than the header, and a
 * message of each type cut after every byte. tcpdump missing is a failure.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eth, raw, truncate } from './lib/packets.js';
import { assertSameAsTcpdump, compareWithTcpdump, MODE, requireTcpdump } from './lib/tcpdump.js';

process.env.TZ = 'UTC';

/** A PTPv2 message: the 34-byte header, then `body`. */
function ptp(type: number, body: Buffer, o: { version?: number; flags?: number; control?: number; v1compat?: boolean; length?: number } = {}): Buffer {
  const h = Buffer.alloc(34);
  h[0] = type | (o.v1compat ? 0x10 : 0);
  h[1] = o.version ?? 2;
  h.writeUInt16BE(o.length ?? 34 + body.length, 2);
  h[4] = 24;
  h[5] = 7;
  h.writeUInt16BE(o.flags ?? 0x0200, 6);
  h.writeUIntBE(0x123456789a, 8, 6);
  h.writeUInt16BE(0xfedc, 14);
  h.writeUInt32BE(0xdeadbeef, 16);
  h.writeBigUInt64BE(0x7483efffff01ac16n, 20);
  h.writeUInt16BE(274, 28);
  h.writeUInt16BE(4242, 30);
  h[32] = o.control ?? 0;
  h[33] = 0xfd;
  return Buffer.concat([h, body]);
}

const bytes = (n: number, start: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (start + i * 37) & 0xff));

function frames(): Buffer[] {
  const frame = (m: Buffer) => eth({ src: '02:00:00:00:00:01', dst: '01:1b:19:00:00:00' }, raw(m, { ethertype: 0x88f7 }));
  const messages = [
    ptp(0x0, bytes(10, 1)),
    ptp(0x1, bytes(10, 2), { control: 1, flags: 0 }),
    ptp(0x2, bytes(20, 3), { control: 5 }),
    ptp(0x3, bytes(20, 4), { control: 6, v1compat: true }),
    ptp(0x8, bytes(10, 5), { control: 2, flags: 0xffff }),
    ptp(0x9, bytes(20, 6), { control: 3, flags: 0x18c0 }),
    ptp(0xa, bytes(20, 7), { control: 255, flags: 0x7f3f }),
    ptp(0xb, bytes(30, 8), { flags: 0x0401 }),
    ptp(0xc, bytes(10, 9)),
    ptp(0xd, bytes(14, 10), { control: 4 }),
    ptp(0x5, bytes(4, 11)),
    ptp(0xf, Buffer.alloc(0)),
    ptp(0x0, bytes(10, 12), { version: 1 }),
    ptp(0x0, bytes(10, 13), { version: 0x12 }),
    ptp(0x0, bytes(10, 14), { version: 3 }),
  ];
  const out = messages.map(frame);
  // Messages shorter than the header, and each type cut after every byte of its body and header.
  out.push(frame(ptp(0x0, bytes(10, 1)).subarray(0, 33)), frame(Buffer.from([0x00])));
  for (const m of messages.slice(0, 10)) {
    const whole = frame(m);
    for (let cut = 14; cut < whole.length; cut++) out.push(truncate(whole, cut));
  }
  return out;
}

let dir = '';
test.before(() => {
  requireTcpdump('format-ptp.test.ts');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-ptp-'));
});
test.after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('PTP lines = tcpdump -n (default, -q, -e, -v), whole and cut after every byte', () => {
  const results = compareWithTcpdump(path.join(dir, 'ptp.pcap'), frames(), [MODE.plain, MODE.quick, MODE.link, MODE.v]);
  assertSameAsTcpdump(results);
  // tcpdump decoded them (the comparison is not of two fallbacks).
  for (const r of results) assert.ok(r.expected.filter((l) => l.includes('PTPv2, v1 compat')).length > 200, 'few decoded PTP lines');
});

test.run();
