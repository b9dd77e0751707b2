/**
 * Where -x, -X, -xx and -A dumps begin, against tcpdump, for frames cut at every length.
 *
 * tcpdump dumps a frame from the link-layer header length its Ethernet printer reported
 * (ndo_ll_hdr_len), except when a printer gave the packet up through the longjmp of a GET_*
 * macro or nd_trunc_longjmp: print.c then dumps from the frame's first byte. Its printers also
 * truncate without a longjmp (ND_TCHECK_* or a length test, `goto trunc` to a label that prints
 * the marker and returns normally): the header length is kept. xsift models the first with a
 * Truncated that reaches the top (runtime/format/index.ts) and the second with the marker printed
 * in place (Ctx.tcheck, Ctx.need and GotoTrunc in runtime/format/context.ts); a mistake shows as a
 * dump that starts 14 (or 18, 22, 17 ...) bytes off.
 *
 * Every frame below is written whole and cut at every length from 1 byte on, so each field of each
 * header (Ethernet, VLAN tags, 802.3 LLC/SNAP, ARP, IPv4 and its options, IPv6 and its extension
 * headers, ICMP, ICMPv6, UDP, DNS, TCP and its options, SCTP, and a few tunnels and routing
 * protocols) ends a capture somewhere; `tcpdump -n` with -x, -X, -xx, -A (and -v -x, -e -x, -q -x)
 * prints them, and OutputPrinter (runtime/output.ts) must print every packet identically, the
 * line and the dump. The frames are built here (test/lib/packets.ts): no corpus needed. tcpdump
 * missing is a failure, not a skip.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Formatter } from '../runtime/format/index.js';
import { OutputPrinter, type PrintOptions } from '../runtime/output.js';
import { writePcapFile } from '../runtime/pcap.js';
import {
  arp,
  destOpts,
  dns,
  eth,
  fragment,
  hex,
  hopByHop,
  icmp,
  icmp6,
  icmp6Echo,
  icmp6NS,
  icmpEcho,
  icmpUnreach,
  ipv4,
  ipv6,
  raw,
  routing,
  tcp,
  tcpOpt,
  truncate,
  udp,
  vlan,
  wireLength,
} from './lib/packets.js';
import { requireTcpdump, tcpdumpPackets } from './lib/tcpdump.js';

process.env.TZ = 'UTC';

const A4 = { src: '198.18.0.1', dst: '198.18.0.2' };
const A6 = { src: '2001:db8::1', dst: '2001:db8::2' };

/** An SCTP packet: the common header (checksum left zero) and its chunks. */
function sctp(sport: number, dport: number, chunks: Buffer[]): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt32BE(0x01020304, 4);
  return Buffer.concat([h, ...chunks]);
}

/** An SCTP chunk of `type`, `flags` and value, padded to 4 bytes. */
function chunk(type: number, flags: number, value: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h[0] = type;
  h[1] = flags;
  h.writeUInt16BE(4 + value.length, 2);
  const pad = (4 - (value.length % 4)) % 4;
  return Buffer.concat([h, value, Buffer.alloc(pad)]);
}

/** An 802.3 frame: the length field, then `payload` (LLC first). */
function eth8023(payload: Buffer): Buffer {
  const h = Buffer.alloc(14);
  hex('01 80 c2 00 00 00').copy(h, 0);
  hex('02 00 00 00 00 01').copy(h, 6);
  h.writeUInt16BE(payload.length, 12);
  return Buffer.concat([h, payload]);
}

/** The frames; each is also cut at every length. Payloads avoid newlines (tcpdump -A prints them as such). */
function frames(): Buffer[] {
  const text = Buffer.from('GET /index.html HTTP/1.0 xsift dump test');
  const dnsQuery = dns({ id: 0x1234, rd: true, questions: [{ name: 'www.example.test', type: 'A' }] });
  const dnsReply = dns({
    id: 0x1234,
    response: true,
    rd: true,
    ra: true,
    questions: [{ name: 'txt.example.test', type: 'TXT' }],
    answers: [
      { name: 'txt.example.test', type: 'TXT', data: 'v=spf1 -all' },
      { name: 'txt.example.test', type: 'A', data: '198.18.7.7' },
    ],
  });
  const rtrAdvert = Buffer.alloc(16);
  rtrAdvert.writeUInt32BE(0xc6120001, 0);
  rtrAdvert.writeUInt32BE(10, 4);
  rtrAdvert.writeUInt32BE(0xc6120002, 8);
  rtrAdvert.writeUInt32BE(20, 12);
  const tstamp = Buffer.alloc(12);
  tstamp.writeUInt32BE(1000, 0);
  tstamp.writeUInt32BE(2000, 4);
  tstamp.writeUInt32BE(3000, 8);
  const quoted4 = ipv4({ ...A4, ttl: 1 }, udp({ sport: 4000, dport: 33434, payload: 8 }));
  const quoted6 = ipv6({ ...A6 }, udp({ sport: 4000, dport: 33434, payload: 8 }));
  // A DATA chunk (TSN, stream id and sequence, PPID, payload) and an INIT chunk.
  const sctpPacket = sctp(5000, 6000, [
    chunk(0, 3, Buffer.concat([hex('00000001 0002 0003 00000000'), Buffer.from('abcdef')])),
    chunk(1, 0, hex('11223344 00010000 000a 000a 01020304')),
  ]);
  const mobilityBU = hex('3b 01 05 00 0000 0007 c000 0010 0000 0000 0000 0000');
  const eigrp = hex('02 05 0000 00000000 00000000 00000000 0000 0064 0001 000c 0000 0100 01 00 000f');
  return [
    // Ethernet II: TCP with options and data, UDP/DNS, ICMP, IPv4 options.
    eth({}, ipv4({ ...A4, id: 7, df: true }, tcp({ sport: 43210, dport: 80, flags: 'P.', seq: 1000, ack: 2000, options: [tcpOpt.nop(), tcpOpt.nop(), tcpOpt.ts(1, 2)], payload: text }))),
    eth({}, ipv4({ ...A4 }, tcp({ sport: 43210, dport: 8080, flags: 'S', options: [tcpOpt.mss(1460), tcpOpt.sackOK(), tcpOpt.wscale(7)] }))),
    // An end-of-list option before the header's end: a cut in the padding after it gives the packet up.
    eth({}, ipv4({ ...A4 }, tcp({ sport: 43211, dport: 8080, flags: 'P.', seq: 5, ack: 6, options: [tcpOpt.mss(1460), tcpOpt.eol()], payload: text }))),
    // CRs, LFs and tabs in the data (-A prints LF and tab, a CR as '.' unless it ends the dump or precedes LF).
    eth({}, ipv4({ ...A4 }, udp({ sport: 40000, dport: 9999, payload: Buffer.from('a\r\nb\rc\td\r\r\n\r') }))),
    eth({}, ipv4({ ...A4 }, udp({ sport: 5353, dport: 53, payload: dnsQuery }))),
    eth({}, ipv4({ ...A4 }, udp({ sport: 53, dport: 5353, payload: dnsReply }))),
    eth({}, ipv4({ ...A4 }, udp({ sport: 40000, dport: 9999, payload: text }))),
    eth({}, ipv4({ ...A4 }, icmpEcho({ id: 1, seq: 2, payload: text }))),
    eth({}, ipv4({ ...A4 }, icmpUnreach({ code: 3 }, quoted4))),
    eth({}, ipv4({ ...A4 }, icmp({ type: 11, code: 0 }, quoted4))),
    eth({}, ipv4({ ...A4 }, icmp({ type: 9, rest: 0x02020708 }, rtrAdvert))),
    eth({}, ipv4({ ...A4 }, icmp({ type: 14, rest: 0x00010002 }, tstamp))),
    eth({}, ipv4({ ...A4, options: [7, 11, 4, 198, 18, 0, 9, 0, 0, 0, 0] }, icmpEcho({ id: 3, seq: 4 }))),
    // IPv6: TCP, ICMPv6, extension headers (hop-by-hop, destination options, routing, fragment).
    eth({}, ipv6({ ...A6 }, tcp({ sport: 43210, dport: 443, flags: 'S', options: [tcpOpt.mss(1440)] }))),
    eth({}, ipv6({ ...A6 }, icmp6Echo({ id: 5, seq: 6, payload: 16 }))),
    eth({}, ipv6({ src: 'fe80::1', dst: 'ff02::1:ff00:2' }, icmp6NS({ target: 'fe80::2', srcLinkAddr: '02:00:00:00:00:01' }))),
    eth({}, ipv6({ ...A6 }, icmp6({ type: 4, code: 1 }, raw({ build: () => Buffer.concat([hex('00000028'), quoted6.build()]) })))),
    eth({}, ipv6({ ...A6 }, icmp6({ type: 1, code: 4 }, raw({ build: () => Buffer.concat([hex('00000000'), quoted6.build()]) })))),
    eth({}, ipv6({ ...A6 }, icmp6({ type: 139, code: 0 }, hex('0003 0000 0102030405060708 2001 0db8 0000 0000 0000 0000 0000 0009')))),
    eth({}, ipv6({ ...A6 }, hopByHop({ options: [5, 2, 0, 0] }, destOpts({ options: [0x1e, 2, 0, 0] }, routing({ addresses: ['2001:db8::99'] }, fragment({ id: 9 }, udp({ sport: 1, dport: 9999, payload: 12 }))))))),
    eth({}, ipv6({ ...A6 }, raw(mobilityBU, { proto: 135 }))),
    // SCTP, over IPv4 and IPv6.
    eth({}, ipv4({ ...A4 }, raw(sctpPacket, { proto: 132 }))),
    eth({}, ipv6({ ...A6 }, raw(sctpPacket, { proto: 132 }))),
    // ARP, VLAN tags (one, and QinQ), 802.3 with LLC (STP) and with LLC/SNAP (IPv4).
    eth({ dst: 'ff:ff:ff:ff:ff:ff' }, arp({ op: 'request', spa: '198.18.0.1', tpa: '198.18.0.2' })),
    eth({}, vlan({ id: 10 }, ipv4({ ...A4 }, udp({ sport: 40000, dport: 9999, payload: 8 })))),
    eth({}, vlan({ id: 100, tpid: 0x88a8 }, vlan({ id: 10 }, ipv6({ ...A6 }, tcp({ sport: 1, dport: 2, flags: 'S' }))))),
    eth8023(Buffer.concat([hex('42 42 03'), hex('0000 00 00 8000 020000000001 00000000 8000 020000000001 8001 0000 1400 0200 0f00')])),
    eth8023(Buffer.concat([hex('aa aa 03 000000 0800'), ipv4({ ...A4 }, udp({ sport: 40000, dport: 9999, payload: 8 })).build()])),
    // Tunnels and routing protocols with truncation checks of their own.
    eth({}, ipv4({ ...A4 }, raw(Buffer.concat([hex('2000 0800 0000002a'), ipv4({ src: '198.18.1.1', dst: '198.18.1.2' }, icmpEcho({ id: 9, seq: 9 })).build()]), { proto: 47 }))),
    eth({}, ipv4({ ...A4 }, udp({ sport: 40000, dport: 6081, payload: Buffer.concat([hex('0100 6558 00000a00 0000 0000'), eth({}, ipv4({ ...A4 }, icmpEcho({ id: 1, seq: 1 })))]) }))),
    eth({}, ipv4({ ...A4 }, raw(eigrp, { proto: 88 }))),
  ];
}

/** The modes compared: tcpdump's flags and the matching OutputPrinter options. */
const MODES: { flags: string[]; opts: PrintOptions }[] = [
  { flags: ['-x'], opts: { hex: 1 } },
  { flags: ['-X'], opts: { hexAscii: 1 } },
  { flags: ['-xx'], opts: { hex: 2 } },
  { flags: ['-A'], opts: { ascii: 1 } },
  { flags: ['-v', '-x'], opts: { verbose: 1, hex: 1 } },
  { flags: ['-e', '-x'], opts: { link: true, hex: 1 } },
  { flags: ['-q', '-X'], opts: { quick: true, hexAscii: 1 } },
];

let dir = '';
let file = '';
let packets: { data: Buffer; len: number; tsNs: bigint }[] = [];

test.before(() => {
  requireTcpdump('format-dump.test.ts');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-format-dump-'));
  file = path.join(dir, 'cuts.pcap');
  packets = [];
  let ts = 1_700_000_000_000_000_000n;
  for (const whole of frames()) {
    for (let n = 1; n <= whole.length; n++) {
      const data = n < whole.length ? truncate(whole, n) : whole;
      packets.push({ data, len: wireLength(data), tsNs: ts });
      ts += 1_000_000n;
    }
  }
  writePcapFile(file, packets);
});

test.after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

for (const { flags, opts } of MODES) {
  test(`frames cut at every length: tcpdump -n ${flags.join(' ')} and OutputPrinter agree on every line and dump`, () => {
    const want = tcpdumpPackets(file, flags);
    assert.is(want.length, packets.length, 'tcpdump printed one text per packet');
    const printer = new OutputPrinter(opts);
    const bad: string[] = [];
    packets.forEach((p, i) => {
      const got = printer.format({ data: p.data, tsNs: p.tsNs, len: p.len, caplen: p.data.length });
      if (got !== want[i]) bad.push(`packet ${i + 1} (${p.data.length} of ${p.len} bytes):\n  tcpdump: ${JSON.stringify(want[i])}\n  xsift:   ${JSON.stringify(got)}`);
    });
    assert.is(bad.length, 0, `${bad.length} of ${packets.length} packets differ; first ones:\n${bad.slice(0, 4).join('\n')}`);
  });
}

test('the dump starts after the link-layer header when a printer marks the truncation itself, at byte 0 when it gives the packet up', () => {
  const f = new Formatter();
  const meta = (b: Buffer): { tsNs: bigint; len: number } => ({ tsNs: 0n, len: wireLength(b) });
  // TCP options: MSS, then end of list and 3 bytes of padding (the header ends at byte 62).
  const v4 = eth({}, ipv4({ ...A4 }, tcp({ sport: 1, dport: 2, flags: 'P.', options: [tcpOpt.mss(1460), tcpOpt.eol()], payload: 4 })));
  // IPv4 header cut (ip_print's ND_TCHECK_SIZE and trunc label): 14.
  assert.match(f.format(truncate(v4, 30), meta(truncate(v4, 30))), / \[\|ip\]$/);
  assert.is(f.linkHeaderLength, 14);
  // The MSS option cut (tcp_print's LENCHECK, its trunc label): 14; its kind byte cut (a GET): 0.
  assert.match(f.format(truncate(v4, 56), meta(truncate(v4, 56))), /options \[mss \[\|tcp\]$/);
  assert.is(f.linkHeaderLength, 14);
  f.format(truncate(v4, 54), meta(truncate(v4, 54)));
  assert.is(f.linkHeaderLength, 0);
  // The padding after them cut ([remaining caplen ...] and nd_trunc_longjmp): 0.
  assert.match(f.format(truncate(v4, 60), meta(truncate(v4, 60))), /\[remaining caplen\(26\) < header length\(28\)\] \[\|tcp\]$/);
  assert.is(f.linkHeaderLength, 0);
  // A VLAN tag: 18; an 802.3 frame's LLC/SNAP header counts, even when cut (22, past the capture).
  const tagged = eth({}, vlan({ id: 10 }, ipv4({ ...A4 }, udp({ sport: 1, dport: 2 }))));
  f.format(truncate(tagged, 25), meta(truncate(tagged, 25)));
  assert.is(f.linkHeaderLength, 18);
  const snap = eth8023(Buffer.concat([hex('aa aa 03 000000 0800'), fill8()]));
  f.format(truncate(snap, 19), meta(truncate(snap, 19)));
  assert.is(f.linkHeaderLength, 22);
});

function fill8(): Buffer {
  return Buffer.alloc(8);
}

test.run();
