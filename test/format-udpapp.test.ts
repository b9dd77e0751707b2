/**
 * UDP application printers (runtime/format/udp-apps.ts, vxlan.ts, ...) against tcpdump: every
 * frame of the table below is written to a pcap, `tcpdump -n` prints it in default, -q, -e, -v,
 * -vv and -vvv modes, and each packet's text must equal what Formatter prints. tcpdump missing
 * is a failure, not a skip. Rows cut inside the application headers check the ` [|proto]`
 * markers.
 *
 * Packets are split with tcpdump's `-#` (a number before each packet's first line), since VXLAN
 * and OTV print the inner frame on a line of its own that does not start with a tab.
 * KEEP_FORMAT_PCAP=1 keeps the captures; SHOW_DIFFS=1 prints the mutated frames that differ.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Formatter, UDP_DECODED_PORTS, type FormatOptions } from '../runtime/format/index.js';
import { UDP_APP_DST, UDP_APP_SRC } from '../runtime/format/udp-apps.js';
import { writePcapFile } from '../runtime/pcap.js';
import { udpPrinter } from './lib/classify.js';
import { BASE_NS, requireTcpdump, tcpdumpPackets } from './lib/tcpdump.js';
import { arp, eth, hex, icmpEcho, ip4, ip6, ipv4, ipv6, tcp, truncate, udp, wireLength, type Payload } from './lib/packets.js';

process.env.TZ = 'UTC';


interface Row {
  /** Protocol (for the per-protocol summary). */
  proto: string;
  name: string;
  frame: Buffer;
  /** Modes (by label) whose lines are not compared, with the reason in a comment at the row. */
  skip?: string[];
}

const rows: Row[] = [];

function v4(sport: number, dport: number, payload: Payload, opts: { ulen?: number } = {}): Buffer {
  return eth({}, ipv4({ src: '192.0.2.1', dst: '198.51.100.2', id: 7 }, udp({ sport, dport, payload, length: opts.ulen })));
}

function v6(sport: number, dport: number, payload: Payload): Buffer {
  return eth({}, ipv6({ src: '2001:db8::1', dst: 'ff02::1:2' }, udp({ sport, dport, payload })));
}

/** `n` bytes 0xa0, 0xa1, ... */
function fill16(n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, (_, i) => 0xa0 + i));
}

/** The 16 bytes of an IPv6 address (through the builder's own parser). */
function ip6bytes(a: string): Buffer {
  return ip6(a);
}

function add(proto: string, name: string, frame: Buffer, skip?: string[]): void {
  rows.push({ proto, name, frame, skip });
}

/** The frame and copies cut at each of `cuts` bytes into the UDP payload. */
function addCuts(proto: string, name: string, frame: Buffer, payloadOff: number, cuts: number[], skip?: string[]): void {
  add(proto, name, frame, skip);
  for (const c of cuts) add(proto, `${name} cut at ${c}`, truncate(frame, payloadOff + c), skip);
}

const V4_PAYLOAD = 14 + 20 + 8;

// ---------------------------------------------------------------------------------------------
// VXLAN, OTV, Geneve

const innerIcmp = eth(
  { src: '02:00:00:00:00:0a', dst: '02:00:00:00:00:0b' },
  ipv4({ src: '10.0.0.1', dst: '10.0.0.2', id: 1 }, icmpEcho({ id: 7, seq: 1, payload: 8 })),
);
const innerArp = eth({ dst: 'ff:ff:ff:ff:ff:ff' }, arp({ op: 1, sha: '02:00:00:00:00:0a', spa: '10.0.0.1', tha: '00:00:00:00:00:00', tpa: '10.0.0.2' }));
const innerTcp6 = eth({}, ipv6({ src: '2001:db8::a', dst: '2001:db8::b' }, tcp({ sport: 40000, dport: 80, seq: 1000, flags: "S", win: 64240 })));
const vxlanHdr = (flags: number, vni: number): Buffer => Buffer.from([flags, 0, 0, 0, vni >> 16, (vni >> 8) & 0xff, vni & 0xff, 0]);

addCuts('vxlan', 'ICMP inside', v4(45149, 4789, Buffer.concat([vxlanHdr(0x08, 100), innerIcmp])), V4_PAYLOAD, [0, 1, 5, 7, 8, 10, 20, 30]);
add('vxlan', 'ARP inside', v4(42710, 4789, Buffer.concat([vxlanHdr(0x08, 100), innerArp])));
add('vxlan', 'IPv6 TCP inside, from 4789', v4(4789, 50000, Buffer.concat([vxlanHdr(0x0c, 0xabcdef), innerTcp6])));
add('vxlan', 'flags without I', v6(1234, 4789, Buffer.concat([vxlanHdr(0x01, 1), innerArp])));
add('vxlan', 'header only', v4(1234, 4789, vxlanHdr(0x08, 5)));
add('vxlan', 'short header', v4(1234, 4789, [0x08, 0, 0, 0, 0]));
add('vxlan', 'UDP length shorter than the inner frame', v4(1234, 4789, Buffer.concat([vxlanHdr(0x08, 5), innerIcmp]), { ulen: 8 + 8 + 30 }));
add('vxlan', 'NetBIOS port does not win over VXLAN (tcpdump built without SMB)', v4(137, 4789, Buffer.concat([vxlanHdr(0x08, 7), innerArp])));
add('vxlan', 'DNS port wins over VXLAN', v4(53, 4789, hex('00010100000100000000000003777777076578616d706c650000010001')));
addCuts('otv', 'ICMP inside', v4(45149, 8472, Buffer.concat([Buffer.from([0x08, 0, 0, 1, 0, 0, 100, 0]), innerIcmp])), V4_PAYLOAD, [0, 3, 6, 7, 8]);
add('otv', 'short header', v4(1234, 8472, [0x08, 0, 0]));

const geneveHdr = (optWords: number, flags: number, proto: number, vni: number, rsvd = 0): Buffer =>
  Buffer.from([optWords & 0x3f, flags, proto >> 8, proto & 0xff, vni >> 16, (vni >> 8) & 0xff, vni & 0xff, rsvd]);
const innerIp4 = ipv4({ src: '10.0.0.1', dst: '10.0.0.2', id: 1 }, udp({ sport: 1000, dport: 9, payload: 4 })).build();
const geneveOpts = hex('0101 80 01 0000abcd  ffff 05 02 01020304 05060708  0103 00 00');
addCuts('geneve', 'IPv4 inside', v4(62974, 6081, Buffer.concat([geneveHdr(0, 0, 0x0800, 0x1389), innerIp4])), V4_PAYLOAD, [0, 4, 8, 12]);
addCuts(
  'geneve',
  'options, IPv4 inside',
  v4(62974, 6081, Buffer.concat([geneveHdr(geneveOpts.length / 4, 0xc0, 0x0800, 0, 3), geneveOpts, innerIp4])),
  V4_PAYLOAD,
  [9, 16, 20],
);
add('geneve', 'Ethernet inside', v6(6081, 6081, Buffer.concat([geneveHdr(0, 0x01, 0x6558, 0xffffff), innerIcmp])));
add('geneve', 'ARP inside', v4(1, 6081, Buffer.concat([geneveHdr(0, 0x3e, 0x0806, 1), innerArp.subarray(14)])));
add('geneve', 'IPv6 inside', v4(1, 6081, Buffer.concat([geneveHdr(0, 0, 0x86dd, 1), innerTcp6.subarray(14)])));
add('geneve', 'unknown protocol', v4(1, 6081, Buffer.concat([geneveHdr(1, 0, 0x0304, 1), hex('00000000 01020304')])));
add('geneve', 'version 1', v4(1, 6081, Buffer.concat([Buffer.from([0x40]), geneveHdr(0, 0, 0x0800, 1).subarray(1)])));
add('geneve', 'options longer than the datagram', v4(1, 6081, Buffer.concat([geneveHdr(8, 0, 0x0800, 1), hex('0101 00 1f')])));
add('geneve', 'option longer than the options', v4(1, 6081, Buffer.concat([geneveHdr(1, 0, 0x0800, 1), hex('0101 00 03'), innerIp4])));
add('geneve', 'short', v4(1, 6081, [0, 0, 0x08, 0]));

// ---------------------------------------------------------------------------------------------
// syslog, TFTP, RIP, RIPng, HSRP, BFD

const text = (s: string): Buffer => Buffer.from(s, 'latin1');
addCuts('syslog', 'local0.info', v4(40000, 514, text('<134>Nov 25 10:00:00 host app: hello\tworld\x01\xe9')), V4_PAYLOAD, [0, 2, 4, 10]);
add('syslog', 'kernel.emergency', v4(514, 514, text('<0>boot')));
add('syslog', 'unknown facility', v4(40000, 514, text('<999>x')));
add('syslog', 'four digits', v4(40000, 514, text('<1234>x')));
add('syslog', 'no bracket', v4(40000, 514, text('hello')));
add('syslog', 'empty message', v4(40000, 514, text('<13>')));
add('syslog', 'no closing bracket', v6(40000, 514, text('<13')));

const tftpReq = Buffer.concat([Buffer.from([0, 1]), text('boot/pxelinux.0\0octet\0blksize\x001428\0tsize\x000\0')]);
addCuts('tftp', 'RRQ with options', v4(1024, 69, tftpReq), V4_PAYLOAD, [0, 1, 2, 5, 18, 20, 30]);
add('tftp', 'WRQ', v4(1024, 69, Buffer.concat([Buffer.from([0, 2]), text('f\0netascii\0')])));
add('tftp', 'WRQ without mode', v4(1024, 69, Buffer.concat([Buffer.from([0, 2]), text('f\0')])));
add('tftp', 'RRQ name without NUL', v4(1024, 69, Buffer.concat([Buffer.from([0, 1]), text('file')])));
add('tftp', 'RRQ empty', v4(1024, 69, [0, 1]));
add('tftp', 'DATA', v4(69, 1024, Buffer.concat([Buffer.from([0, 3, 0, 7]), Buffer.alloc(20, 0x41)])));
add('tftp', 'ACK', v4(1024, 69, [0, 4, 0x12, 0x34]));
add('tftp', 'ACK short', v4(1024, 69, [0, 4, 0x12]));
add('tftp', 'ERROR', v4(69, 1024, Buffer.concat([Buffer.from([0, 5, 0, 1]), text('File not found\0')])));
add('tftp', 'ERROR unknown code', v4(69, 1024, Buffer.concat([Buffer.from([0, 5, 0, 9]), text('odd\0')])));
add('tftp', 'ERROR no message', v4(69, 1024, [0, 5, 0, 2]));
add('tftp', 'OACK', v4(69, 1024, Buffer.concat([Buffer.from([0, 6]), text('blksize\x001428\0\0x\0')])));
add('tftp', 'unknown opcode', v4(69, 1024, [0, 9, 1]));
add('tftp', 'one byte', v4(69, 1024, [0]));
add('tftp', 'TFTP port wins over BOOTP', v4(69, 67, [0, 4, 0, 1]));

const ripV2Resp = hex(
  '02 02 0000' +
    '0002 0000 c0000200 ffffff00 00000000 00000001' +
    '0002 0007 c6336400 ffff0000 c0000201 00000002' +
    '0002 0000 0a000000 ff00ff00 00000000 00000010' +
    '0000 0000 00000000 00000000 00000000 00000010',
);
addCuts('rip', 'v2 response', v4(520, 520, ripV2Resp), V4_PAYLOAD, [0, 2, 4, 10, 30, 44]);
add('rip', 'v2 request whole table', v4(520, 520, hex('01 02 0000 0000 0000 00000000 00000000 00000000 00000010')));
add('rip', 'v2 simple auth', v4(520, 520, Buffer.concat([hex('02 02 0000 ffff 0002'), text('secret\0\0\0\0\0\0\0\0\0\0'), ripV2Resp.subarray(4, 24)])));
add('rip', 'v2 crypto auth', v4(520, 520, Buffer.concat([hex('02 02 0000 ffff 0003 0030 01 10 00000005 00000000 00000000'), ripV2Resp.subarray(4, 24), hex('ffff 0001'), fill16(16)])));
add('rip', 'v2 unknown auth', v4(520, 520, hex('02 02 0000 ffff 0009 01020304 05060708')));
add('rip', 'v2 other family', v4(520, 520, hex('02 02 0000 001c 0000 01020304 05060708 090a0b0c 0d0e0f10')));
add('rip', 'v2 entry cut by the UDP length', v4(520, 520, ripV2Resp.subarray(0, 30)));
add('rip', 'v1 response', v4(520, 520, hex('02 01 0000 0002 0000 c0000200 00000000 00000000 00000001 0000 0000 0a000000 00000000 00000000 00000002 0002 0000 0a000000 00000001 00000000 00000002 0006 0000 01020304 05060708 090a0b0c 0d0e0f10')));
add('rip', 'v1 short entry', v4(520, 520, hex('02 01 0000 0002 0000 c0000200 00000000')));
add('rip', 'version 0', v4(520, 520, hex('02 00 0000 01020304')));
add('rip', 'version 3', v4(520, 520, hex('02 03 0000 01020304')));
add('rip', 'trace on', v4(520, 520, hex('03 02 0000 01020304')));
add('rip', 'poll', v4(520, 520, hex('05 02 0000')));
add('rip', 'unknown command', v4(520, 520, hex('09 02 0000 0102')));
add('rip', 'three bytes', v4(520, 520, hex('02 02 00')));

const ripngEntry = (addr: string, tag: number, plen: number, metric: number): Buffer =>
  Buffer.concat([Buffer.from(new Uint8Array(ip6bytes(addr))), Buffer.from([tag >> 8, tag & 0xff, plen, metric])]);
const ripngResp = Buffer.concat([hex('02 01 0000'), ripngEntry('2001:db8:1::', 0, 48, 1), ripngEntry('2001:db8:2::', 7, 64, 0), ripngEntry('::', 0, 0, 16)]);
addCuts('ripng', 'response', v6(521, 521, ripngResp), 14 + 40 + 8, [0, 1, 2, 10, 24, 30]);
add('ripng', 'request dump', v6(521, 521, Buffer.concat([hex('01 01 0000'), ripngEntry('::', 0, 0, 16)])));
add('ripng', 'request', v6(521, 521, Buffer.concat([hex('01 01 0000'), ripngEntry('2001:db8::', 3, 32, 16)])));
add('ripng', 'request, odd length', v6(521, 521, Buffer.concat([hex('01 01 0000'), ripngEntry('2001:db8::', 0, 32, 1), hex('0102')])));
add('ripng', 'version 2', v6(521, 521, hex('02 02 0000')));
add('ripng', 'unknown command', v6(521, 521, hex('07 01 0000')));
add('ripng', 'header cut by the UDP length', v6(521, 521, hex('02 01 00')));

const hsrp = (version: number, op: number, state: number, reserved = 0): Buffer =>
  Buffer.concat([Buffer.from([version, op, state, 3, 10, 100, 1, reserved]), text('cisco\0\0\0'), Buffer.from([192, 0, 2, 254])]);
addCuts('hsrp', 'hello active', v4(1985, 1985, hsrp(0, 0, 16)), V4_PAYLOAD, [0, 1, 3, 7, 18]);
add('hsrp', 'coup, reserved set', v4(1985, 1985, hsrp(0, 1, 8, 5)));
add('hsrp', 'unknown op and state', v4(1985, 1985, hsrp(0, 7, 3)));
add('hsrp', 'version 1', v4(1985, 1985, hsrp(1, 0, 16)));
add('hsrp', 'long times, full auth', v4(1985, 1985, Buffer.concat([Buffer.from([0, 0, 16, 200, 255, 100, 1, 0]), text('abcdefgh'), Buffer.from([192, 0, 2, 1])])));
add('hsrp', 'from 1985 only (no HSRP)', v4(1985, 2000, hsrp(0, 0, 16)));

const bfdCtl = (version: number, diag: number, flags: number, extra: Buffer = Buffer.alloc(0)): Buffer =>
  Buffer.concat([hex(`${((version << 5) | diag).toString(16).padStart(2, '0')} ${flags.toString(16).padStart(2, '0')} 03 18 00000001 00000002 000f4240 000f4240 00000000`), extra]);
addCuts('bfd', 'v1 up', v4(50000, 3784, bfdCtl(1, 0, 0xc0)), V4_PAYLOAD, [0, 10, 23]);
add('bfd', 'v1 down, diag, poll final', v4(49153, 4784, bfdCtl(1, 3, 0x70)));
add('bfd', 'v1 lag, unknown diag', v4(49153, 6784, bfdCtl(1, 20, 0x83)));
add('bfd', 'v0', v4(50000, 3784, bfdCtl(0, 1, 0xa1)));
add('bfd', 'v2', v4(50000, 3784, bfdCtl(2, 0, 0)));
add('bfd', 'echo', v4(3785, 3785, hex('0102030405060708')));
add('bfd', 'simple password', v4(50000, 3784, bfdCtl(1, 0, 0xc4, Buffer.concat([hex('01 0b 02'), text('password')]))));
add('bfd', 'password length bad', v4(50000, 3784, bfdCtl(1, 0, 0xc4, hex('01 02 02 00'))));
add('bfd', 'keyed md5', v4(50000, 3784, bfdCtl(1, 0, 0xc4, Buffer.concat([hex('02 18 01 00 00000010'), fill16(16)]))));
add('bfd', 'keyed sha1', v4(50000, 3784, bfdCtl(1, 0, 0xc4, Buffer.concat([hex('05 1c 01 00 00000010'), fill16(20)]))));
add('bfd', 'sha1 cut', v4(50000, 3784, bfdCtl(1, 0, 0xc4, Buffer.concat([hex('04 1c 01 00 00000010'), fill16(10)]))));
add('bfd', 'md5 wrong length', v4(50000, 3784, bfdCtl(1, 0, 0xc4, hex('03 10 01 00'))));
add('bfd', 'unknown auth', v4(50000, 3784, bfdCtl(1, 0, 0xc4, hex('09 10 01 00'))));
add('bfd', 'auth flag, no section', v4(50000, 3784, bfdCtl(1, 0, 0xc4)));
add('bfd', 'from 3784 only (no BFD)', v4(3784, 49152, bfdCtl(1, 0, 0xc0)));

// ---------------------------------------------------------------------------------------------
// DHCPv6

/** A DHCPv6 option: type, length, body. */
const opt6 = (type: number, body: Buffer | string): Buffer => {
  const b = typeof body === 'string' ? hex(body) : body;
  return Buffer.concat([Buffer.from([type >> 8, type & 0xff, b.length >> 8, b.length & 0xff]), b]);
};
const a6 = (a: string): string => ip6(a).toString('hex');
const dhcp6msg = (type: number, ...opts: Buffer[]): Buffer => Buffer.concat([Buffer.from([type, 0x12, 0x34, 0x56]), ...opts]);
const duidLlt = opt6(1, '0001 0001 2a3b4c5d 020000000001');
const solicit = dhcp6msg(
  1,
  duidLlt,
  opt6(6, '0017 0018 0040 0038 0063'),
  opt6(8, '0000'),
  opt6(3, Buffer.concat([hex('00000001 00000e10 00001518'), opt6(5, `${a6('2001:db8::100')} 00001c20 00002a30`)])),
  opt6(14, ''),
);
addCuts('dhcp6', 'solicit', v6(546, 547, solicit), 14 + 40 + 8, [0, 3, 4, 6, 10, 30, 50, 70]);
add('dhcp6', 'advertise', v6(547, 546, dhcp6msg(
  2,
  opt6(2, '0003 0001 020000000002'),
  duidLlt,
  opt6(7, 'ff'),
  opt6(13, Buffer.concat([hex('0000'), text('all good')])),
  opt6(23, `${a6('2001:db8::53')}${a6('2001:db8::54')}`),
  opt6(24, Buffer.concat([hex('076578616d706c6503636f6d00'), hex('036c616e00')])),
  opt6(21, hex('03736970076578616d706c6500')),
  opt6(25, Buffer.concat([hex('00000002 00000000 00000000'), opt6(26, `00001c20 00002a30 38 ${a6('2001:db8:100::')}`)])),
  opt6(4, Buffer.concat([hex('00000009'), opt6(5, `${a6('2001:db8::9')} 00000000 00000000`)])),
)));
add('dhcp6', 'reply, status codes and odd options', v6(547, 546, dhcp6msg(
  7,
  opt6(2, '0002 00000009 0102030405060708'),
  opt6(2, '0004 0102'),
  opt6(1, '0001 0001'),
  opt6(13, '0002'),
  opt6(13, '0100'),
  opt6(13, '0042'),
  opt6(13, '00'),
  opt6(32, '00000e10'),
  opt6(32, '0e10'),
  opt6(7, '0102'),
  opt6(8, '00'),
  opt6(6, '001700'),
  opt6(22, '0102'),
  opt6(12, a6('2001:db8::1')),
  opt6(16, '00000009 0004 74657374'),
  opt6(99, '01020304'),
)));
add('dhcp6', 'relay-forward', v6(547, 547, Buffer.concat([
  hex('0c 01'),
  ip6('2001:db8:1::1'),
  ip6('fe80::1'),
  opt6(18, '0102030405060708090a0b0c'),
  opt6(37, '00000009 01020304050607080910111213'),
  opt6(38, '6162'),
  opt6(9, dhcp6msg(11, duidLlt, opt6(6, '0017'))),
  opt6(19, '05'),
])));
add('dhcp6', 'relay-reply', v6(547, 547, Buffer.concat([hex('0d 00'), ip6('::'), ip6('fe80::2'), opt6(9, dhcp6msg(7, opt6(13, '0000')))])));
add('dhcp6', 'relay-forward, cut addresses', v6(547, 547, Buffer.concat([hex('0c 01'), ip6('2001:db8:1::1').subarray(0, 10)])));
add('dhcp6', 'authentication and reconfigure', v6(547, 546, dhcp6msg(
  10,
  opt6(11, '02 01 00 0000000000000001 61626364 0000abcd 00112233 44556677 8899aabb ccddeeff'),
  opt6(11, '03 01 00 0000000000000002 01 00112233 44556677 8899aabb ccddeeff'),
  opt6(11, '03 07 01 0000000000000003 02 00112233'),
  opt6(11, '09 01 00 0000000000000004'),
  opt6(11, '02 01 00 0000000000000004 0102'),
  opt6(11, '02 01 00'),
  opt6(19, '0b'),
  opt6(19, '07'),
  opt6(20, ''),
)));
add('dhcp6', 'leasequery', v6(547, 547, dhcp6msg(
  14,
  opt6(44, Buffer.concat([hex('01'), ip6('2001:db8::5'), opt6(6, '002f')])),
  opt6(44, Buffer.concat([hex('07'), ip6('2001:db8::5')])),
  opt6(45, Buffer.concat([opt6(46, '00000005'), opt6(48, a6('2001:db8::6'))])),
  opt6(47, Buffer.concat([ip6('2001:db8::7'), hex('0102030405060708090a0b0c')])),
)));
add('dhcp6', 'NTP, AFTR, timezones', v6(547, 546, dhcp6msg(
  7,
  opt6(56, Buffer.concat([opt6(1, a6('2001:db8::123')), opt6(2, '0102'), opt6(3, hex('036e7470076578616d706c6500')), opt6(9, '00')])),
  opt6(64, hex('04616674720765 78616d706c6500')),
  opt6(64, hex('0961667472')),
  opt6(41, text('EST5EDT,M3.2.0/2:00:00,M11.1.0/2:00:00')),
  opt6(42, text('Europe/Zurich\0xx')),
  opt6(112, text('http')),
  opt6(112, text('https://mud.example/\x01')),
)));
add('dhcp6', 'NTP sub-option past its option', v6(547, 546, dhcp6msg(7, opt6(56, '0001 0020 0000'), opt6(8, '0000'))));
add('dhcp6', 'option past the datagram', v6(546, 547, dhcp6msg(1, opt6(8, '0000'), hex('0003 0010 0000'))));
add('dhcp6', 'sub-option past its option', v6(546, 547, dhcp6msg(1, opt6(3, Buffer.concat([hex('00000001 00000e10 00001518'), hex('0005 0030 0000')])), opt6(8, '0000'))));
add('dhcp6', 'domain list with a bad pointer', v6(547, 546, dhcp6msg(7, opt6(24, hex('03616263 c000')), opt6(8, '0001'))));
add('dhcp6', 'unknown message type', v6(546, 547, dhcp6msg(42)));
add('dhcp6', 'three bytes', v6(546, 547, hex('010203')));
add('dhcp6', 'from 547 to a DNS port', v6(547, 53, dhcp6msg(1)));

// ---------------------------------------------------------------------------------------------
// RADIUS, every attribute printer (-v)


const radius = (code: number, id: number, attrs: Buffer, lenField?: number): Buffer => {
  const b = Buffer.concat([Buffer.from([code, id, 0, 0]), fill16(16), attrs]);
  b.writeUInt16BE(lenField ?? b.length, 2);
  return b;
};
/** An attribute: type, length, value. */
const ra = (type: number, value: Buffer | string): Buffer => {
  const v = typeof value === 'string' ? hex(value) : value;
  return Buffer.concat([Buffer.from([type, v.length + 2]), v]);
};
const radiusAttrs = Buffer.concat([ra(1, text('alice')), ra(4, 'c0000201'), ra(5, '00000007')]);
addCuts('radius', 'Access-Request', v4(40000, 1812, radius(1, 0x2a, radiusAttrs)), V4_PAYLOAD, [0, 4, 19, 25, 30]);
add('radius', 'Accounting-Response, no attributes', v4(1813, 40000, radius(5, 7, Buffer.alloc(0))));
add('radius', 'CoA-NAK on 3799', v4(3799, 40000, radius(45, 0xff, Buffer.alloc(0))));
add('radius', 'unknown code, old port', v4(1645, 40000, radius(99, 1, Buffer.alloc(0))));
add('radius', 'length field too small', v4(1812, 40000, radius(2, 1, Buffer.alloc(0), 12)));
add('radius', 'length field past the datagram', v4(1812, 40000, radius(3, 1, ra(18, text('ok')), 200)));
add('radius', 'Cisco CoA port 1700', v4(40000, 1700, radius(43, 9, Buffer.alloc(0))));
add('radius', 'numbers, standard values and times', v4(40000, 1813, radius(4, 3, Buffer.concat([
  ra(6, '00000002'), ra(6, '00000063'), ra(6, '00000000'), ra(7, '00000001'), ra(10, '00000003'), ra(13, '00000001'),
  ra(15, '00000008'), ra(29, '00000001'), ra(40, '00000003'), ra(45, '00000004'), ra(49, '00000017'), ra(57, '00000002'),
  ra(61, '00000021'), ra(64, '0100000d'), ra(64, '00000009'), ra(65, '05000001'), ra(72, '00000004'), ra(76, '00000001'),
  ra(23, 'fffffffe'), ra(23, '00000005'), ra(27, '0000003b'), ra(28, '00000e0f'), ra(41, '00015180'), ra(46, 'ffffffff'),
  ra(85, '00000258'), ra(37, '00000000'), ra(37, '00000002'), ra(38, '00000000'), ra(38, '00000003'), ra(83, '02000010'),
  ra(83, '00000010'), ra(56, '31000064'), ra(56, '99000064'), ra(12, '000005dc'), ra(12, '0005'), ra(55, '5f5e1000'),
  ra(55, '0000'),
]))));
add('radius', 'addresses and strings', v4(1812, 40000, radius(2, 4, Buffer.concat([
  ra(8, 'ffffffff'), ra(8, 'fffffffe'), ra(8, '0a000001'), ra(14, 'ffffffff'), ra(9, 'ffffff00'), ra(4, '0102'),
  ra(95, ip6('2001:db8::1')), ra(95, '0102'), ra(98, ip6('fe80::2')), ra(97, '0040 20010db8 00000001'), ra(97, '0081 2001'),
  ra(97, '00'), ra(123, '0030 20010db8 0001'), ra(123, '0080 20010db8'), ra(125, Buffer.concat([hex('30'), ip6('2001:db8:5::')])),
  ra(125, '30'), ra(125, Buffer.concat([hex('90'), ip6('2001:db8:5::')])),
  ra(18, text('Welcome\x01 home\0tail')), ra(69, Buffer.concat([hex('05 1234'), text('secret')])), ra(69, '00 0001 41'), ra(69, '0101'),
  ra(66, Buffer.concat([hex('02'), text('tun.example')])), ra(67, text('server')), ra(81, Buffer.concat([hex('00'), text('grp')])),
  ra(58, Buffer.concat([hex('31'), text('vlan10')])), ra(58, Buffer.concat([hex('40'), text('x')])),
  ra(79, hex('02010009016a6f686e')), ra(79, hex('01')),
]))));
add('radius', 'vendor-specific', v4(1812, 40000, radius(2, 5, Buffer.concat([
  ra(26, Buffer.concat([hex('00000009'), hex('01 0c'), text('shell:x=1\x02'), hex('02 02')])),
  ra(26, Buffer.concat([hex('00003a8c 01 03 41')])),
  ra(26, Buffer.concat([hex('00000137 05 01')])),
  ra(26, Buffer.concat([hex('0000ffff 05 09 4141')])),
  ra(26, '0102'),
]))));
add('radius', 'vector, strange, location and names', v4(1812, 40000, radius(2, 6, Buffer.concat([
  ra(124, '0000830000000003'), ra(124, '0000'), ra(70, '00112233445566778899aabbccddeeff'), ra(70, '00'),
  ra(71, '0106 01020304 05060708 090a0b0c'), ra(71, '00'), ra(84, '0102030405060708090a'), ra(84, '01'),
  ra(101, '000001f5'), ra(101, '00000001'), ra(101, '01'),
  ra(126, Buffer.concat([hex('31'), text('example.org')])), ra(126, Buffer.concat([hex('39'), text('x\x7f')])), ra(126, '30'),
  ra(127, Buffer.concat([hex('0001 01 00 e3d4a5b6 80000000 00000000 00000000'), text('GPS')])), ra(127, '00'),
  ra(128, Buffer.concat([hex('0002'), text('some location data here')])), ra(128, '00'),
  ra(129, Buffer.concat([hex('8001 e3d4a5b6 00000000'), text('keep')])), ra(129, '0000 00000000 00000000'), ra(129, '00'),
  ra(2, '0102'), ra(17, '00'), ra(0, '01'), ra(200, '0203'),
]))));
add('radius', 'attribute length 1', v4(1812, 40000, radius(2, 7, hex('0101 0000'))));
add('radius', 'attribute past the packet', v4(1812, 40000, radius(2, 7, hex('0109 4142'))));
add('radius', 'attribute cut by the capture', truncate(v4(1812, 40000, radius(2, 7, ra(1, text('a long user name')))), V4_PAYLOAD + 26));
add('radius', 'vendor attribute cut by the capture', truncate(v4(1812, 40000, radius(2, 7, ra(26, hex('00000009 01 0c 414243444546474849')))), V4_PAYLOAD + 30));

// ---------------------------------------------------------------------------------------------
// ISAKMP / IKE: the default line; from -v tcpdump prints every payload, not decoded here (-v
// and -vv are compared for encrypted messages, which it does not decode either). The rows run
// in order through one Formatter, as through one tcpdump: IKEv1's I/R marks depend on them.

const ike = (ick: string, rck: string, np: number, vers: number, etype: number, flags: number, msgid: number, body: Buffer, lenAdjust = 0): Buffer => {
  const h = Buffer.concat([hex(ick), hex(rck), Buffer.from([np, vers, etype, flags, msgid >>> 24, (msgid >> 16) & 0xff, (msgid >> 8) & 0xff, msgid & 0xff]), Buffer.alloc(4)]);
  h.writeUInt32BE(28 + body.length + lenAdjust, 24);
  return Buffer.concat([h, body]);
};
const ikeBody = hex('00000034 00000001 00000001 00000028 01010001 00000020 01010000 800b0001 800c0e10 80010005 80030001 80020002 80040002');
const ICK = '1122334455667788';
const RCK = 'a1a2a3a4a5a6a7a8';
const fromInit = (sport: number, dport: number, p: Buffer): Buffer => eth({}, ipv4({ src: '192.0.2.1', dst: '198.51.100.2', id: 9 }, udp({ sport, dport, payload: p })));
const fromResp = (sport: number, dport: number, p: Buffer): Buffer => eth({}, ipv4({ src: '198.51.100.2', dst: '192.0.2.1', id: 9 }, udp({ sport, dport, payload: p })));
add('isakmp', 'v1 main mode, first packet', fromInit(500, 500, ike(ICK, '0000000000000000', 1, 0x10, 2, 0, 0, ikeBody)));
add('isakmp', 'v1 main mode, response', fromResp(500, 500, ike(ICK, RCK, 1, 0x10, 2, 0, 0, ikeBody)));
add('isakmp', 'v1 main mode, initiator again', fromInit(500, 500, ike(ICK, RCK, 4, 0x10, 2, 0, 0, ikeBody)));
add('isakmp', 'v1 quick mode, encrypted', fromInit(500, 500, ike(ICK, RCK, 8, 0x10, 32, 1, 0x01020304, fill16(40))));
add('isakmp', 'v1 informational, encrypted, commit, length mismatch', fromResp(500, 500, ike(ICK, RCK, 8, 0x10, 5, 3, 0xdeadbeef, fill16(40), 4)));
add('isakmp', 'v1 from a third address', eth({}, ipv4({ src: '203.0.113.5', dst: '192.0.2.1' }, udp({ sport: 500, dport: 500, payload: ike(ICK, RCK, 8, 0x10, 2, 1, 0, fill16(8)) }))));
add('isakmp', 'v1 unknown cookie, responder set', fromInit(500, 500, ike('0102030405060708', RCK, 8, 0x10, 4, 1, 0, fill16(8))));
add('isakmp', 'v1 zero cookie', fromInit(500, 500, ike('0000000000000000', RCK, 8, 0x10, 2, 1, 0, fill16(8))));
add('isakmp', 'v1 over IPv6', v6(500, 500, ike('3132333435363738', '0000000000000000', 1, 0x10, 2, 0, 0, ikeBody)));
add('isakmp', 'v1 over IPv6, response', eth({}, ipv6({ src: 'ff02::1:2', dst: '2001:db8::1' }, udp({ sport: 500, dport: 500, payload: ike('3132333435363738', RCK, 8, 0x10, 2, 1, 0, fill16(8)) }))));
add('isakmp', 'v1 unknown exchange type', fromInit(500, 500, ike(ICK, RCK, 8, 0x10, 77, 1, 0, fill16(8))));
add('isakmp', 'v2 IKE_SA_INIT', fromInit(500, 500, ike('c1c2c3c4c5c6c7c8', '0000000000000000', 33, 0x20, 34, 0x08, 0, ikeBody)));
/** An IKEv2 payload: next payload, critical bit, body. */
const v2p = (np: number, body: Buffer | string, critical = 0): Buffer => {
  const b = typeof body === 'string' ? hex(body) : body;
  return Buffer.concat([Buffer.from([np, critical, (b.length + 4) >> 8, (b.length + 4) & 0xff]), b]);
};
const v2sa = v2p(34, Buffer.concat([
  v2p(2, Buffer.concat([hex('01 01 00 04'),
    v2p(3, '01 00 000c 800e0100'), v2p(3, '02 00 0005'), v2p(3, '03 00 000c'), v2p(0, '04 00 000e')])),
  v2p(0, Buffer.concat([hex('02 03 04 02 11223344'), v2p(3, '01 00 0003 000e0002 0080'), v2p(0, '05 00 0001')])),
]));
const v2init = Buffer.concat([
  v2sa,
  v2p(40, Buffer.concat([hex('000e 0000'), fill16(16)])),
  v2p(41, fill16(20)),
  v2p(41, Buffer.concat([hex('00 00 4004'), fill16(20)])),
  v2p(41, Buffer.concat([hex('00 00 4006'), fill16(8)])),
  v2p(43, Buffer.concat([hex('00 00 0001'), text('ver7')]), 0x80),
  v2p(0, text('strongSwan\x01')),
]);
add('isakmp', 'v2 IKE_SA_INIT with SA, KE, nonce, notifies, vendor IDs', fromInit(500, 500, ike('d1d2d3d4d5d6d7d8', '0000000000000000', 33, 0x20, 34, 0x08, 0, v2init)));
/** Payloads in order: [type, body]; each header names the next one's type (the message header the first's). */
const chain = (...items: [number, Buffer | string][]): Buffer =>
  Buffer.concat(items.map(([, body], i) => v2p(items[i + 1]?.[0] ?? 0, body)));
const v2auth = chain(
  [35, Buffer.concat([hex('02 000000'), text('client.example')])],
  [36, Buffer.concat([hex('01 000000'), ip4('192.0.2.9')])],
  [37, hex('04 0102')],
  [38, hex('04 0102')],
  [39, Buffer.concat([hex('02 000000'), fill16(20)])],
  [44, hex('01 000000 07 00 0010 0000 ffff c0000200 c00002ff')],
  [45, hex('01 000000')],
  [47, hex('01 000000')],
  [48, hex('01 02 0005 01')],
  [42, hex('03 04 0001 11223344')],
  [41, hex('03 04 4009 aabbccdd')],
  [43, Buffer.concat([hex('00 00 0018'), fill16(8)])],
  [33, hex('0000 0000')],
);
add('isakmp', 'v2 IKE_AUTH in the clear', fromInit(500, 500, ike('d1d2d3d4d5d6d7d8', RCK, 35, 0x20, 35, 0x08, 1, v2auth)));
add('isakmp', 'v2 encrypted payload', fromResp(500, 500, ike('d1d2d3d4d5d6d7d8', RCK, 46, 0x20, 35, 0x20, 1, v2p(36, fill16(40)))));
add('isakmp', 'v2 short ID and auth', fromInit(500, 500, ike('d1d2d3d4d5d6d7d8', RCK, 35, 0x20, 35, 0x08, 2, Buffer.concat([v2p(39, hex('01')), v2p(0, hex('01'))]))));
add('isakmp', 'v2 proposal longer than its SA', fromInit(500, 500, ike('d1d2d3d4d5d6d7d8', RCK, 33, 0x20, 34, 0x08, 3, v2p(41, hex('0000 0040 01 01 00 00')))));
add('isakmp', 'v2 transform with a zero length', fromInit(500, 500, ike('d1d2d3d4d5d6d7d8', RCK, 33, 0x20, 34, 0x08, 3, v2p(0, Buffer.concat([hex('0000 0010 01 01 00 01'), hex('0000 0000 01 00 0003')])))));
add('isakmp', 'v1 payload types in a v2 message and the reverse', fromInit(500, 500, ike('d1d2d3d4d5d6d7d8', RCK, 11, 0x20, 37, 0x08, 4, Buffer.concat([v2p(43, '00000001 00 04 6001'), v2p(46, 'aabb'), v2p(0, text('x'))]))));
add('isakmp', 'v1 message with v2 payload types', fromInit(500, 500, ike('e1e2e3e4e5e6e7e8', RCK, 40, 0x10, 5, 0, 9, Buffer.concat([v2p(46, fill16(8)), v2p(14, 'aa'), v2p(0, Buffer.concat([hex('0000 0000'), fill16(4)]))]))));
const v1notify = Buffer.concat([
  v2p(11, '00000001 03 04 6000 01020304 800b0001 000c0004 00000e10'),
  v2p(11, '00000001 01 00 6001 00000001'),
  v2p(11, '00000001 01 00 0012'),
  v2p(11, '00000001 01 00 2001'),
  v2p(11, '00000001 01 00 4000'),
  v2p(11, '00000001 01 00 6002'),
  v2p(11, '00000002 01 02 4000 abcd'),
  v2p(12, '00000001 03 04 0002 11111111 22222222'),
  v2p(12, '00000009 07 00 0000'),
  v2p(5, '01 11 01f4 c0000201'),
  v2p(5, '02 00 0000 76706e2e6578616d706c65'),
  v2p(5, '04 00 0000 0a000000 ffffff00'),
  v2p(5, Buffer.concat([hex('05 00 0000'), ip6('2001:db8::1')])),
  v2p(5, Buffer.concat([hex('06 00 0000'), ip6('2001:db8::'), ip6('ffff:ffff::')])),
  v2p(5, '07 00 0000 0a000001 0a0000ff'),
  v2p(5, Buffer.concat([hex('08 00 0000'), ip6('2001:db8::1'), ip6('2001:db8::ff')])),
  v2p(5, '09 00 0000 3000'),
  v2p(5, '01 00 0000 0102'),
  v2p(6, '04 3082'),
  v2p(7, '04'),
  v2p(8, fill16(20)),
  v2p(9, fill16(8)),
  v2p(10, fill16(16)),
  v2p(0, fill16(16)),
]);
add('isakmp', 'v1 informational payloads', fromInit(500, 500, ike('f1f2f3f4f5f6f7f8', RCK, 11, 0x10, 5, 0, 7, v1notify)));
add('isakmp', 'v1 SA with other DOI, situations and proposals', fromInit(500, 500, ike('f1f2f3f4f5f6f7f8', RCK, 1, 0x10, 32, 0, 8, Buffer.concat([
  v2p(1, '00000002 00000001'),
  v2p(0, Buffer.concat([hex('00000001 00000007'), v2p(0, Buffer.concat([hex('01 03 04 02 aabbccdd'),
    v2p(3, '01 03 0000 80010001 80020e10 80040002 80050001 00060004 01020304 80630005'),
    v2p(0, '02 0c 0000 80060080 8007000a'),
  ]))])),
]))));
add('isakmp', 'v1 AH and IPComp transforms, unknown protocol', fromInit(500, 500, ike('f1f2f3f4f5f6f7f8', RCK, 1, 0x10, 32, 0, 8, v2p(0, Buffer.concat([hex('00000001 00000001'),
  v2p(2, Buffer.concat([hex('01 02 00 01'), v2p(0, '01 05 0000 80030002')])),
  v2p(2, Buffer.concat([hex('02 04 00 01'), v2p(0, '01 02 0000 80030001')])),
  v2p(0, Buffer.concat([hex('03 09 00 01'), v2p(0, '01 07 0000 80030001 00630002 0102')])),
])))));
add('isakmp', 'v1 transform attribute past its transform', fromInit(500, 500, ike('f1f2f3f4f5f6f7f8', RCK, 1, 0x10, 32, 0, 8, v2p(0, Buffer.concat([hex('00000001 00000001'),
  v2p(0, Buffer.concat([hex('01 01 00 01'), v2p(0, '01 01 0000 000b0010 0102')])),
])))));
add('isakmp', 'v1 zero-length payload', fromInit(500, 500, ike('f1f2f3f4f5f6f7f8', RCK, 13, 0x10, 5, 0, 7, hex('0000 0004 0000 0000'))));
add('isakmp', 'v1 payload past the capture', truncate(fromInit(500, 500, ike('f1f2f3f4f5f6f7f8', RCK, 13, 0x10, 5, 0, 7, v2p(0, fill16(40)))), V4_PAYLOAD + 28 + 20));
add('isakmp', 'v2 response, flag bits', fromResp(500, 500, ike('c1c2c3c4c5c6c7c8', RCK, 46, 0x20, 35, 0x39, 1, fill16(20))));
add('isakmp', 'v2 child SA, no flags', fromResp(500, 500, ike('c1c2c3c4c5c6c7c8', RCK, 46, 0x20, 36, 0x01, 2, fill16(20))));
add('isakmp', 'version 3', fromInit(500, 500, ike(ICK, RCK, 1, 0x30, 2, 0, 0, fill16(8))));
add('isakmp', 'port 7500', fromInit(40000, 7500, ike(ICK, RCK, 8, 0x10, 32, 1, 5, fill16(8))));
addCuts('isakmp', 'cut header', fromInit(500, 500, ike(ICK, RCK, 8, 0x10, 32, 1, 5, fill16(8))), V4_PAYLOAD, [0, 20, 27, 28]);
add('isakmp-natt', 'keepalive', fromInit(4500, 4500, [0xff]));
add('isakmp-natt', 'one other byte', fromInit(4500, 4500, [0x00]));
add('isakmp-natt', 'three bytes', fromInit(4500, 4500, [0, 0, 0]));
add('isakmp-natt', 'non-ESP marker, IKEv2', fromInit(4500, 4500, Buffer.concat([Buffer.alloc(4), ike('c1c2c3c4c5c6c7c8', RCK, 46, 0x20, 37, 0x09, 3, fill16(20))])));
add('isakmp-natt', 'non-ESP marker, cut IKE header', fromInit(4500, 4500, Buffer.concat([Buffer.alloc(4), hex(ICK)])));
add('isakmp-natt', 'ESP', fromInit(4500, 4500, Buffer.concat([hex('0000abcd 00000017'), fill16(40)])));
add('isakmp-natt', 'ESP, eight bytes', fromInit(4500, 4500, hex('0000abcd 00000017')));
add('isakmp-natt', 'ESP over IPv6', v6(4500, 4500, Buffer.concat([hex('12345678 00000001'), fill16(12)])));

// ---------------------------------------------------------------------------------------------
// L2TP (the same at every -v level, but for the PPP inside data messages)

/** An IETF AVP (mandatory unless `flags` says otherwise). */
const avp = (type: number, value: Buffer | string, flags = 0x8000, vendor = 0): Buffer => {
  const v = typeof value === 'string' ? hex(value) : value;
  const b = Buffer.concat([Buffer.alloc(6), v]);
  b.writeUInt16BE(flags | (6 + v.length), 0);
  b.writeUInt16BE(vendor, 2);
  b.writeUInt16BE(type, 4);
  return b;
};
const l2tpCtl = (tunnel: number, session: number, ns: number, nr: number, avps: Buffer[]): Buffer => {
  const body = Buffer.concat(avps);
  const h = Buffer.alloc(12);
  h.writeUInt16BE(0xc802, 0);
  h.writeUInt16BE(12 + body.length, 2);
  h.writeUInt16BE(tunnel, 4);
  h.writeUInt16BE(session, 6);
  h.writeUInt16BE(ns, 8);
  h.writeUInt16BE(nr, 10);
  return Buffer.concat([h, body]);
};
const sccrq = l2tpCtl(0, 0, 0, 0, [
  avp(0, '0001'), avp(2, '0100'), avp(3, '00000003'), avp(4, '00000003'), avp(5, '0102030405060708', 0),
  avp(6, '0680', 0), avp(7, text('lac.example')), avp(8, text('xsift\x01'), 0), avp(9, '1234'), avp(10, '0004'),
  avp(11, '0a0b0c0d'),
]);
addCuts('l2tp', 'SCCRQ', v4(1701, 1701, sccrq), V4_PAYLOAD, [0, 1, 5, 11, 12, 14, 20, 40]);
add('l2tp', 'StopCCN, result codes', v4(1701, 1701, l2tpCtl(7, 0, 3, 2, [avp(0, '0004'), avp(9, '0007'), avp(1, '0002'), avp(1, '0002 0006'), avp(1, Buffer.concat([hex('0002 0001'), text('bye')])), avp(1, '000200'), avp(1, '00')])));
add('l2tp', 'ICRQ, call AVPs', v4(1701, 1701, l2tpCtl(7, 0, 4, 3, [
  avp(0, '000a'), avp(14, '0009'), avp(15, '00000001'), avp(18, '00000001'), avp(21, text('5551234')), avp(22, text('5556789')),
  avp(23, text('sub')), avp(25, '00000007'), avp(16, '00000100'), avp(17, '00100000'),
])));
add('l2tp', 'ICCN, proxy and LCP AVPs', v4(1701, 1701, l2tpCtl(7, 9, 5, 4, [
  avp(0, '000c'), avp(24, '05f5e100'), avp(19, '00000002'), avp(26, '0203040506'), avp(27, '01'), avp(28, '02'),
  avp(29, '0002'), avp(29, '0009'), avp(30, text('alice')), avp(31, 'aabb'), avp(32, '1234'), avp(33, 'ccdd'),
  avp(38, '00002000'), avp(39, ''), avp(36, '99'), avp(37, text('grp')), avp(20, ''),
])));
add('l2tp', 'CDN, cause codes', v4(1701, 1701, l2tpCtl(7, 9, 6, 5, [
  avp(0, '000e'), avp(12, Buffer.concat([hex('0010 05'), text('busy')])), avp(12, '0010'), avp(46, Buffer.concat([hex('0001 c021 01'), text('x')])),
  avp(46, '0001 c021 07'), avp(46, '0001'), avp(13, '00112233445566778899aabbccddeeff'), avp(13, '0011'),
])));
add('l2tp', 'WEN and SLI', v4(1701, 1701, l2tpCtl(7, 9, 7, 6, [
  avp(0, '000f'), avp(34, '0000 00000001 00000002 00000003 00000004 00000005 00000006'), avp(34, '0000 00000001'), avp(34, '00'),
  avp(0, '0010'), avp(35, '0000 ffffffff 0000000a'), avp(35, '0000 ffffffff'), avp(35, '0000'),
])));
add('l2tp', 'short AVPs', v4(1701, 1701, l2tpCtl(1, 0, 0, 0, [
  avp(0, '00'), avp(2, '01'), avp(3, '0000'), avp(4, '00'), avp(5, '01'), avp(6, ''), avp(15, '01'), avp(29, ''), avp(32, ''), avp(0, '0063'),
])));
add('l2tp', 'hidden, vendor and unknown AVPs', v4(1701, 1701, l2tpCtl(1, 0, 0, 0, [avp(9, '1234', 0xc000), avp(7, 'abcd', 0, 9), avp(99, '01020304')])));
add('l2tp', 'AVP longer than the message', v4(1701, 1701, l2tpCtl(1, 0, 0, 0, [avp(0, '0006'), hex('8010 0000 0007')])));
add('l2tp', 'AVP shorter than its header', v4(1701, 1701, l2tpCtl(1, 0, 0, 0, [hex('8004 0000 0000')])));
add('l2tp', 'HELLO, ZLB', v4(1701, 1701, l2tpCtl(3, 0, 9, 9, [])));
add('l2tp', 'length field larger than the datagram', v4(1701, 1701, hex('c802 0100 0001 0000 0000 0000')));
add('l2tp', 'length field smaller than the header', v4(1701, 1701, hex('c802 0004 0001 0000 0000 0000')));
add('l2tp', 'control without length', v4(1701, 1701, hex('8802 0001 0000 0000 0000')));
const lcp = hex('ff03 c021 01 01 000e 0104 05dc 0506 01020304');
add('l2tp', 'data, LCP', v4(1701, 1701, Buffer.concat([hex('0002 0007 0009'), lcp])));
add('l2tp', 'data with length, sequence, offset and priority', v4(1701, 1701, Buffer.concat([hex('4b02 001c 0007 0009 0001 0002 0002 0000'), lcp])));
add('l2tp', 'data, IPv4', v4(1701, 1701, Buffer.concat([hex('0002 0007 0009 ff03 0021'), innerIp4])));
add('l2tp', 'data, offset padding cut', truncate(v4(1701, 1701, hex('0202 0007 0009 0010 0000')), V4_PAYLOAD + 9));
add('l2tp', 'L2F', v4(1701, 1701, hex('0001 0000')));
add('l2tp', 'version 3', v4(1701, 1701, hex('0003 0000')));

// ---------------------------------------------------------------------------------------------
// Kerberos: version 4 decoded, version 5 named (AS-REQ and AS-REP only)

const z = (s: string): Buffer => text(`${s}\0`);
const krbReq = Buffer.concat([hex('04 02'), z('alice'), z(''), z('EXAMPLE.ORG'), hex('5f000000 0c'), z('krbtgt'), z('EXAMPLE.ORG')]);
addCuts('krb', 'v4 KDC request', v4(40000, 88, krbReq), V4_PAYLOAD, [0, 1, 2, 5, 9, 21, 26, 30]);
add('krb', 'v4 KDC request, little endian, port 750', v4(750, 40000, Buffer.concat([hex('04 03'), krbReq.subarray(2)])));
add('krb', 'v4 KDC reply, little endian', v4(88, 40000, Buffer.concat([hex('04 05'), z('alice'), z('x'), z('R'), hex('01020304 05 06070809 0a 3412'), fill16(8)])));
add('krb', 'v4 KDC reply, big endian', v4(88, 40000, Buffer.concat([hex('04 04'), z('alice'), z('x'), z('R'), hex('01020304 05 06070809 0a 1234')])));
add('krb', 'v4 error reply', v4(88, 40000, Buffer.concat([hex('04 0a'), z('bob'), z(''), z('R'), hex('00000000 00000008'), z('unknown principal')])));
add('krb', 'v4 error reply, odd code, little endian', v4(88, 40000, Buffer.concat([hex('04 0b'), z('bob'), z(''), z('R'), hex('00000000 63000000'), z('x')])));
add('krb', 'v4 application request', v4(40000, 88, Buffer.concat([hex('04 06 07'), z('R'), hex('05 09'), fill16(4)])));
add('krb', 'v4 unknown type', v4(40000, 88, hex('04 20 00')));
add('krb', 'v4 string without NUL', v4(40000, 88, Buffer.concat([hex('04 02'), text('alice')])));
add('krb', 'v5 AS-REQ', v4(40000, 88, hex('6a81 9030 818d a103 0201 05')));
add('krb', 'v5 AS-REP', v4(88, 40000, hex('6b81 9030 818d')));
add('krb', 'v5 TGS-REQ (tcpdump prints nothing)', v4(40000, 88, hex('6c81 9030 818d')));
add('krb', 'version 2', v4(40000, 88, hex('02 00')));
add('krb', 'empty', v4(40000, 88, []));

// ---------------------------------------------------------------------------------------------
// SNMP (object identifiers in numbers, as with -n)

/** A BER element: tag byte(s), length (long form past 127), contents. */
const tlv = (tag: number | number[], ...parts: (Buffer | number[])[]): Buffer => {
  const body = Buffer.concat(parts.map((x) => Buffer.from(x)));
  const n = body.length;
  const len = n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from(typeof tag === 'number' ? [tag] : tag), Buffer.from(len), body]);
};
const int = (v: number): Buffer => {
  const b: number[] = [];
  let x = v;
  do {
    b.unshift(x & 0xff);
    x >>= 8;
  } while (x !== 0 && x !== -1);
  if (v >= 0 && b[0]! & 0x80) b.unshift(0);
  if (v < 0 && !(b[0]! & 0x80)) b.unshift(0xff);
  return tlv(2, b);
};
const oid = (...arcs: number[]): Buffer => {
  const out: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const a of arcs.slice(2)) {
    const enc: number[] = [a & 0x7f];
    for (let x = a >>> 7; x; x >>>= 7) enc.unshift((x & 0x7f) | 0x80);
    out.push(...enc);
  }
  return tlv(6, out);
};
const octs = (v: string | Buffer): Buffer => tlv(4, typeof v === 'string' ? text(v) : v);
const nul = tlv(5);
const seq = (...parts: Buffer[]): Buffer => tlv(0x30, ...parts);
const pdu = (tag: number, ...parts: Buffer[]): Buffer => tlv(0xa0 | tag, ...parts);
const snmp = (version: number, community: string, p: Buffer): Buffer => seq(int(version), octs(community), p);
const sysDescr = oid(1, 3, 6, 1, 2, 1, 1, 1, 0);
const ifIn = oid(1, 3, 6, 1, 2, 1, 2, 2, 1, 10, 3);
const getReq = snmp(0, 'public', pdu(0, int(28), int(0), int(0), seq(seq(sysDescr, nul), seq(ifIn, nul))));
addCuts('snmp', 'v1 GetRequest', v4(40000, 161, getReq), V4_PAYLOAD, [0, 1, 2, 8, 14, 20, 30, 40]);
add('snmp', 'v2c GetResponse, private community', v4(161, 40000, snmp(1, 'private', pdu(2, int(28), int(0), int(0), seq(
  seq(sysDescr, octs('Linux router 6.1')),
  seq(ifIn, tlv(0x41, [0x01, 0x02, 0x03, 0x04])),
  seq(oid(1, 3, 6, 1, 2, 1, 1, 3, 0), tlv(0x43, [0x00, 0xff, 0xff, 0xff, 0xff])),
  seq(oid(1, 3, 6, 1, 2, 1, 4, 20, 1, 1, 192, 0, 2, 1), tlv(0x40, [192, 0, 2, 1])),
  seq(oid(1, 3, 6, 1, 2, 1, 31, 1, 1, 1, 6, 1), tlv(0x46, [0x01, 0, 0, 0, 0, 0, 0, 0, 5])),
  seq(oid(1, 3, 6, 1, 4, 1, 2021, 4, 5, 0), int(-5)),
  seq(oid(1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0), oid(1, 3, 6, 1, 3, 99)),
  seq(oid(2, 999, 3), octs(Buffer.from([0x00, 0x01, 0xfe]))),
  seq(oid(1, 3, 6, 1, 2, 1, 1, 9, 0), tlv(0x80, [])),
  seq(oid(1, 3, 6, 1, 2, 1, 1, 9, 1), tlv(0x81, [])),
  seq(oid(1, 3, 6, 1, 2, 1, 1, 9, 2), tlv(0x82, [])),
)))));
add('snmp', 'v2c GetBulk', v4(40000, 161, snmp(1, 'public', pdu(5, int(7), int(0), int(10), seq(seq(ifIn, nul))))));
add('snmp', 'v2c GetNext, non-null value', v4(40000, 161, snmp(1, 'public', pdu(1, int(7), int(0), int(0), seq(seq(ifIn, int(1)))))));
add('snmp', 'v1 SetRequest with an error status', v4(40000, 161, snmp(0, 'secret', pdu(3, int(9), int(3), int(1), seq(seq(sysDescr, octs('x')))))));
add('snmp', 'v1 GetResponse, noSuchName @1', v4(161, 40000, snmp(0, 'public', pdu(2, int(9), int(2), int(1), seq(seq(sysDescr, nul))))));
add('snmp', 'v1 GetResponse, odd error index', v4(161, 40000, snmp(0, 'public', pdu(2, int(9), int(0), int(4), seq()))));
add('snmp', 'v1 GetResponse, error without index', v4(161, 40000, snmp(0, 'public', pdu(2, int(9), int(42), int(0), seq()))));
add('snmp', 'v1 Trap', v4(40000, 162, snmp(0, 'public', pdu(4, oid(1, 3, 6, 1, 4, 1, 8072, 3, 2, 10), tlv(0x40, [192, 0, 2, 9]), int(6), int(17), tlv(0x43, [0x12, 0x34]), seq(seq(sysDescr, octs('up')))))));
add('snmp', 'v1 Trap, linkDown with a specific code', v4(40000, 162, snmp(0, 'public', pdu(4, oid(1, 3, 6, 1, 4, 1, 9), tlv(0x40, [10, 0, 0, 1, 5]), int(2), int(3), tlv(0x43, [0x01]), seq()))));
add('snmp', 'v2c Trap', v4(40000, 162, snmp(1, 'public', pdu(7, int(1), int(0), int(0), seq(seq(oid(1, 3, 6, 1, 2, 1, 1, 3, 0), tlv(0x43, [0x10])), seq(oid(1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0), oid(1, 3, 6, 1, 6, 3, 1, 1, 5, 1)))))));
add('snmp', 'v2c Inform with error status', v4(40000, 162, snmp(1, 'public', pdu(6, int(1), int(5), int(2), seq()))));
add('snmp', 'v2 PDU in a v1 message', v4(40000, 161, snmp(0, 'public', pdu(5, int(1), int(0), int(0), seq()))));
add('snmp', 'v1 PDU in a v2 message', v4(40000, 162, snmp(1, 'public', pdu(4, int(1)))));
add('snmp', 'version 2 (SNMPv2u)', v4(40000, 161, snmp(2, 'public', pdu(0))));
add('snmp', 'version 9', v4(40000, 161, snmp(9, 'public', pdu(0))));
add('snmp', 'not a sequence', v4(40000, 161, int(5)));
add('snmp', 'community not a string', v4(40000, 161, seq(int(0), int(1))));
add('snmp', 'no PDU', v4(40000, 161, seq(int(0), octs('public'), int(1))));
add('snmp', 'extra bytes after the message', v4(40000, 161, Buffer.concat([getReq, hex('0000')])));
add('snmp', 'length longer than the datagram', v4(40000, 161, hex('30 20 02 01 00')));
add('snmp', 'long length, too many octets', v4(40000, 161, hex('30 84 00 00')));
add('snmp', 'unknown universal and application types', v4(161, 40000, snmp(1, 'public', pdu(2, int(1), int(0), int(0), seq(
  seq(sysDescr, tlv(0x01, [1])), seq(sysDescr, tlv(0x44, [1, 2])), seq(sysDescr, tlv(0x31, [])), seq(sysDescr, tlv(0x61, [])),
)))));
add('snmp', 'private class, unknown id', v4(161, 40000, snmp(1, 'public', pdu(2, int(1), int(0), int(0), seq(seq(sysDescr, tlv(0xc0, [7])))))));
add('snmp', 'private class, bad id', v4(161, 40000, snmp(1, 'public', pdu(2, int(1), int(0), int(0), seq(seq(sysDescr, tlv(0xc3, [7])))))));
add('snmp', 'extended tag', v4(161, 40000, snmp(1, 'public', pdu(2, int(1), int(0), int(0), seq(seq(sysDescr, tlv([0x1f, 0x81, 0x02], [7])))))));
add('snmp', 'empty integer', v4(161, 40000, snmp(1, 'public', pdu(2, tlv(2, [])))));
add('snmp', 'context primitive 5', v4(161, 40000, snmp(1, 'public', pdu(2, int(1), int(0), int(0), seq(seq(sysDescr, tlv(0x85, [])))))));
const v3 = (flags: number, model: number, user: string, scoped: Buffer): Buffer =>
  seq(int(3), seq(int(0x1234), int(65507), octs(Buffer.from([flags])), int(model)), octs(seq(octs(Buffer.from([0x80, 0, 0x1f, 0x88, 4])), int(3), int(12345), octs(user), octs(''), octs(''))), scoped);
const scopedGet = seq(octs(Buffer.from([0x80, 0, 0x1f, 0x88, 4])), octs('ctx'), pdu(0, int(5), int(0), int(0), seq(seq(sysDescr, nul))));
addCuts('snmp', 'v3 GetRequest', v4(40000, 161, v3(4, 3, 'admin', scopedGet)), V4_PAYLOAD, [10, 30, 50, 70]);
add('snmp', 'v3 auth, report', v4(161, 40000, v3(1, 3, 'admin', seq(octs(''), octs(''), pdu(8, int(5), int(0), int(0), seq(seq(oid(1, 3, 6, 1, 6, 3, 15, 1, 1, 4, 0), tlv(0x41, [3]))))))));
add('snmp', 'v3 bad flags', v4(40000, 161, v3(2, 3, 'admin', scopedGet)));
add('snmp', 'v3 other security model', v4(40000, 161, v3(7, 2, 'admin', scopedGet)));
add('snmp', 'v3 encrypted scoped PDU', v4(40000, 161, v3(7, 3, 'admin', octs(fill16(24)))));

// ---------------------------------------------------------------------------------------------
// SIP (tcpdump's text-protocol printer, txtproto.ts)

const invite = text('INVITE sip:bob@example.org SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1:5060\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n');
addCuts('sip', 'INVITE', v4(5060, 5060, invite), V4_PAYLOAD, [0, 3, 10, 40, 60]);
add('sip', '200 OK', v4(5060, 40000, text('SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\n')));
add('sip', 'lower-case method', v4(40000, 5060, text('register sip:example.org SIP/2.0\r\n')));
add('sip', 'not a request', v4(40000, 5060, text('hello there\r\n')));
add('sip', 'no line end', v4(40000, 5060, text('OPTIONS sip:x SIP/2.0')));
add('sip', 'binary after the first line', v4(40000, 5060, Buffer.concat([text('BYE sip:x SIP/2.0\r\n'), hex('0001 0203'), text('\r\n')])));
add('sip', 'keepalive', v4(40000, 5060, text('\r\n\r\n')));

// ---------------------------------------------------------------------------------------------
// timed

const tsp = (type: number, u: Buffer, name: string): Buffer => Buffer.concat([Buffer.from([type, 2, 0x03, 0x04]), u, text(`${name}\0`)]);
addCuts('timed', 'adjtime', v4(525, 525, tsp(1, hex('00000001 000001f4'), 'host.example')), V4_PAYLOAD, [0, 1, 3, 10, 14]);
add('timed', 'settime, negative', v4(525, 525, tsp(5, hex('ffffffff 000001f4'), 'h')));
add('timed', 'setdate, negative whole seconds', v4(525, 525, tsp(22, hex('fffffffe 000f4000'), 'h')));
add('timed', 'negative seconds, microseconds past a million', v4(525, 525, tsp(1, hex('fffffffb 7fffffff'), 'h')));
add('timed', 'negative microseconds', v4(525, 525, tsp(23, hex('00000001 ffffffff'), 'h')));
add('timed', 'loop', v4(525, 525, tsp(24, hex('07000000 00000000'), 'h')));
add('timed', 'master request', v4(525, 525, tsp(3, hex('00000000 00000000'), 'h\x01')));
add('timed', 'unknown type', v4(525, 525, tsp(0x30, hex('00000000 00000000'), '')));
add('timed', 'name without NUL', v4(525, 525, Buffer.concat([hex('0202 0001 00000000 00000000'), text('abc')])));

// ---------------------------------------------------------------------------------------------
// PTP, LDP and MPLS over UDP (printers shared with their EtherType and TCP forms)

const ptpSync = hex('00 02 002c 00 00 0200 0000000000000000 00000000 0011223344556677 0001 0005 00 00 000065000000 00000001');
addCuts('ptp', 'sync on 319', v4(319, 319, ptpSync), V4_PAYLOAD, [0, 10, 40]);
add('ptp', 'announce on 320', v6(320, 320, hex('0b 02 0040 00 00 0000 0000000000000000 00000000 0011223344556677 0001 0009 05 01 000065000000 00000001 0000 00 80 f8 fe ffff 80 0011223344556677 0000 a0')));
add('ptp', 'short', v4(40000, 319, hex('00 02 0010')));
const ldpHello = hex('0001 001e c0000201 0000 0100 0014 00000001 0400 0004 000f 0000 0401 0004 c0000201');
addCuts('ldp', 'hello', v4(646, 646, ldpHello), V4_PAYLOAD, [0, 6, 12, 20]);
add('mpls', 'MPLS over UDP, IPv4 inside', v4(40000, 6635, Buffer.concat([hex('00064140'), innerIp4])));
add('mpls', 'MPLS over UDP, two labels, cut', truncate(v4(40000, 6635, Buffer.concat([hex('00064040 000c8140'), innerIp4])), V4_PAYLOAD + 6));

// ---------------------------------------------------------------------------------------------
// sFlow version 5

const u32s = (...v: number[]): Buffer => {
  const b = Buffer.alloc(4 * v.length);
  v.forEach((x, i) => b.writeUInt32BE(x >>> 0, 4 * i));
  return b;
};
const rec = (format: number, body: Buffer): Buffer => Buffer.concat([u32s(format, body.length), body]);
const sample = (format: number, body: Buffer): Buffer => Buffer.concat([u32s(format, body.length), body]);
const sflowHead = (samples: number, agent = u32s(0xc0000201), ipv = 1): Buffer => Buffer.concat([u32s(5, ipv), agent, u32s(0, 1234, 987654, samples)]);
const flowSample = sample(1, Buffer.concat([
  u32s(7, 0x00000003, 512, 1000, 2, 3, 4, 4),
  rec(1, Buffer.concat([u32s(1, 1514, 4, 8), fill16(8)])),
  rec(2, Buffer.concat([u32s(1500), fill16(16), u32s(0x0800)])),
  rec(1001, u32s(10, 0, 20, 7)),
  rec(1002, u32s(1, 2)),
  rec(77, u32s(9)),
]));
const counterSample = sample(2, Buffer.concat([
  u32s(8, 0x00000005, 6),
  rec(1, Buffer.concat([u32s(5, 6), u32s(0, 1000000000), u32s(1, 3), u32s(0xffffffff, 0xfffffff0), u32s(1, 2, 3, 4, 5, 6), u32s(1, 2), u32s(7, 8, 9, 10, 11, 1)])),
  rec(2, u32s(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13)),
  rec(3, Buffer.alloc(0)),
  rec(4, Buffer.concat([u32s(1), u32s(0, 2), u32s(3), u32s(0, 4), u32s(5, 6, 7, 8, 9), u32s(0, 10), u32s(11), u32s(0, 12), u32s(0, 13), u32s(0, 14)])),
  rec(5, Buffer.concat([u32s(100), u32s(1, 0), u32s(1, 2, 3, 4)])),
  rec(1001, Buffer.concat([u32s(10, 20, 30), u32s(1, 0), u32s(0, 5)])),
]));
const expandedFlow = sample(3, Buffer.concat([u32s(9, 0, 5, 256, 100, 0, 0, 3, 0, 4, 1), rec(1001, u32s(1, 2, 3, 4))]));
const expandedCounter = sample(4, Buffer.concat([u32s(10, 0, 5, 2), rec((1 << 20) | 9, u32s(1)), rec(1001, u32s(1, 2, 3, 0, 5, 0, 6))]));
const sflowAll = Buffer.concat([sflowHead(4), flowSample, counterSample, expandedFlow, expandedCounter]);
addCuts('sflow', 'all sample kinds', v4(40000, 6343, sflowAll), V4_PAYLOAD, [0, 6, 20, 30, 60, 200]);
add('sflow', 'IPv6 agent', v6(40000, 6343, Buffer.concat([sflowHead(1, ip6('2001:db8::9'), 2), expandedFlow])));
add('sflow', 'unknown sample type', v4(40000, 6343, Buffer.concat([sflowHead(2), sample(9, u32s(1, 2)), sample(0, Buffer.alloc(0))])));
add('sflow', 'sample longer than the datagram', v4(40000, 6343, Buffer.concat([sflowHead(1), u32s(1, 200), u32s(1, 2)])));
add('sflow', 'record longer than its sample', v4(40000, 6343, Buffer.concat([sflowHead(1), sample(2, Buffer.concat([u32s(8, 5, 1), u32s(2, 60), u32s(1, 2)]))])));
add('sflow', 'short generic counters', v4(40000, 6343, Buffer.concat([sflowHead(1), sample(2, Buffer.concat([u32s(8, 5, 1), rec(1, u32s(1, 2))]))])));
add('sflow', 'short header', v4(40000, 6343, u32s(5, 1, 1, 2)));
add('sflow', 'short IPv6 header', v4(40000, 6343, Buffer.concat([u32s(5, 2), Buffer.alloc(24)])));
add('sflow', 'IP version 3, short', v4(40000, 6343, Buffer.concat([u32s(5, 3), Buffer.alloc(24)])));
add('sflow', 'version 4', v4(40000, 6343, Buffer.concat([u32s(4, 1), Buffer.alloc(20)])));

// ---------------------------------------------------------------------------------------------
// VXLAN-GPE and SOME/IP

const gpe = (flags: number, next: number, vni: number): Buffer => Buffer.from([flags, 0, 0, next, vni >> 16, (vni >> 8) & 0xff, vni & 0xff, 0]);
addCuts('vxlan-gpe', 'IPv4 inside', v4(40000, 4790, Buffer.concat([gpe(0x0c, 1, 77), innerIp4])), V4_PAYLOAD, [0, 3, 5, 7, 8, 12]);
add('vxlan-gpe', 'IPv6 inside', v4(40000, 4790, Buffer.concat([gpe(0x08, 2, 1), innerTcp6.subarray(14)])));
add('vxlan-gpe', 'Ethernet inside', v6(4790, 4790, Buffer.concat([gpe(0x0f, 3, 0xffffff), innerArp])));
add('vxlan-gpe', 'unknown next protocol', v4(40000, 4790, Buffer.concat([gpe(0x00, 9, 1), innerIp4])));
add('vxlan-gpe', 'short', v4(40000, 4790, [0x08, 0, 0, 1]));
const someip = (msgId: number, type: number, code: number, body: Buffer = Buffer.alloc(0)): Buffer =>
  Buffer.concat([u32s(msgId, 8 + body.length, 0x00010002), Buffer.from([1, 3, type, code]), body]);
addCuts('someip', 'request', v4(40000, 30490, someip(0x12340001, 0x00, 0x00, fill16(4))), V4_PAYLOAD, [0, 3, 8, 14, 15]);
add('someip', 'event notification', v4(30490, 40000, someip(0xffff8100, 0x02, 0x00)));
add('someip', 'TP error, odd code', v4(30490, 40000, someip(0x00010002, 0xa1, 0x0f)));
add('someip', 'unknown type and code', v4(30490, 40000, someip(0x00010002, 0x55, 0x33)));
add('someip', 'short', v4(30490, 40000, fill16(10)));

// ---------------------------------------------------------------------------------------------
// Cisco Auto-RP

const autorp = Buffer.concat([
  hex('11 02 00b4 00000000'),
  hex('c0000201 02 02'), hex('00 04 e0000000'), hex('03 08 ef000000'),
  hex('c0000202 fd 01'), hex('fc 10 e1010000'),
]);
addCuts('autorp', 'candidate advertisement', v4(496, 496, autorp), V4_PAYLOAD, [0, 7, 10, 12, 13, 18, 30]);
add('autorp', 'mapping, hold forever, no RPs', v4(496, 496, hex('12 00 0000 00000000')));
add('autorp', 'unknown type', v4(496, 496, hex('33 00 0e10 00000000')));
add('autorp', 'RP count past the datagram', v4(496, 496, hex('11 03 00b4 00000000 c0000201 02')));
add('autorp', 'short', v4(496, 496, hex('11 00 00b4')));

// ---------------------------------------------------------------------------------------------
// Broadcom LI shim (source port 49152; wins over BFD's destination ports)

const shim = (direction: number, type: number, subtype: number, id: number): Buffer => u32s(((direction << 29) | (type << 25) | (subtype << 22) | id) >>> 0);
addCuts('bcm-li', 'ethernet', v4(49152, 3784, Buffer.concat([shim(3, 7, 3, 42), innerIcmp])), V4_PAYLOAD, [0, 2, 4, 10]);
add('bcm-li', 'ipv4', v4(49152, 5000, Buffer.concat([shim(2, 5, 1, 0x3fffff), innerIp4])));
add('bcm-li', 'ipv6', v4(49152, 5000, Buffer.concat([shim(1, 6, 2, 7), innerTcp6.subarray(14)])));
add('bcm-li', 'undecided, IPv4 inside', v4(49152, 5000, Buffer.concat([shim(0, 4, 0, 7), innerIp4])));
add('bcm-li', 'undecided, IPv6 inside', v4(49152, 5000, Buffer.concat([shim(0, 4, 0, 7), innerTcp6.subarray(14)])));
add('bcm-li', 'undecided, neither', v4(49152, 5000, Buffer.concat([shim(0, 4, 0, 7), hex('00')])));
add('bcm-li', 'unknown type', v4(49152, 5000, Buffer.concat([shim(5, 9, 6, 7), hex('00')])));
add('bcm-li', 'short', v4(49152, 5000, hex('0102')));

// ---------------------------------------------------------------------------------------------
// LWAPP

const lwappMsgs = Buffer.concat([hex('16 07 0004 00000abc 01020304'), hex('63 08 0000 00000001')]);
const lwappCtl = Buffer.concat([hex('020000000001'), hex('0c 05'), Buffer.from([0, lwappMsgs.length]), hex('0000'), lwappMsgs]);
addCuts('lwapp', 'control to the controller, with the AP identity', v4(40000, 12223, lwappCtl), V4_PAYLOAD, [0, 5, 8, 14, 22]);
add('lwapp', 'control from the controller', v4(12223, 40000, lwappCtl.subarray(6)));
add('lwapp', 'control, message past the PDU', v4(12223, 40000, Buffer.concat([hex('04 00 000c 0000'), hex('01 01 0010 00000001 0000')])));
add('lwapp', 'control, short message', v4(12223, 40000, Buffer.concat([hex('04 00 0004 0000'), hex('01 01 0000 00000001')])));
add('lwapp', 'control, version 1', v4(12223, 40000, hex('44 00 0000 0000')));
add('lwapp', 'data', v4(12222, 12222, Buffer.concat([hex('0b 02 0016 0000'), fill16(16)])));
add('lwapp', 'data, length below the header', v4(12222, 40000, hex('00 00 0004 0000 0102')));
add('lwapp', 'data, version 2', v4(12222, 40000, hex('80 00 0006 0000')));
add('lwapp', 'data, short', v4(12222, 40000, hex('00 00 00')));

// ---------------------------------------------------------------------------------------------
// LISP control

const lispHdr = (typeFlags: number, flag2: number, records: number, auth: Buffer, keyId = 1): Buffer =>
  Buffer.concat([Buffer.from([typeFlags, 0, flag2, records]), hex('0102030405060708'), u32s((keyId << 16) | auth.length), auth]);
const lispRecord = (eid: Buffer, mask: number, act: number, locs: Buffer[]): Buffer =>
  Buffer.concat([u32s(1440), Buffer.from([locs.length, mask, act, 0]), hex('1005'), hex(eid.length === 4 ? '0001' : '0002'), eid, ...locs]);
const lispLoc = (addr: Buffer, flags: number): Buffer =>
  Buffer.concat([Buffer.from([1, 100, 255, 0, 0, flags]), hex(addr.length === 4 ? '0001' : '0002'), addr]);
const lispRegister = Buffer.concat([
  lispHdr(0x3a, 0x01, 2, fill16(20)),
  lispRecord(ip4('10.1.0.0'), 16, 0x10, [lispLoc(ip4('192.0.2.1'), 0x05), lispLoc(ip6('2001:db8::1'), 0x02)]),
  lispRecord(ip6('2001:db8:1::'), 48, 0x60, [lispLoc(ip4('192.0.2.2'), 0x00)]),
  fill16(16), hex('0000000000000042'),
]);
addCuts('lisp', 'map-register with xTR-ID', v4(40000, 4342, lispRegister), V4_PAYLOAD, [0, 10, 20, 40, 60, 90, 120]);
add('lisp', 'map-notify, trailing data', v4(4342, 40000, Buffer.concat([lispHdr(0x40, 0, 1, Buffer.alloc(0), 0), lispRecord(ip4('10.2.0.0'), 24, 0x20, [lispLoc(hex('0102'), 0)]), hex('aabbcc')])));
add('lisp', 'map-notify with the I bit, xTR-ID cut short', v4(4342, 40000, Buffer.concat([lispHdr(0x48, 0, 1, Buffer.alloc(0), 2), lispRecord(ip4('10.2.0.0'), 24, 0xe0, []), fill16(10)])));
add('lisp', 'LCAF EID', v4(4342, 40000, Buffer.concat([lispHdr(0x30, 0, 1, Buffer.alloc(0), 9), u32s(60), hex('00 08 00 00 0000 4003'), fill16(8)])));
add('lisp', 'no records', v4(4342, 40000, lispHdr(0x30, 0, 0, Buffer.alloc(0))));
add('lisp', 'map-request', v4(4342, 40000, Buffer.concat([hex('10000001'), fill16(12)])));
add('lisp', 'short', v4(4342, 40000, hex('30000001')));

// ---------------------------------------------------------------------------------------------

const MODES: { label: string; flags: string[]; opts: FormatOptions }[] = [
  { label: 'default', flags: [], opts: {} },
  { label: '-q', flags: ['-q'], opts: { quick: true } },
  { label: '-e', flags: ['-e'], opts: { link: true } },
  { label: '-v', flags: ['-v'], opts: { verbose: 1 } },
  { label: '-vv', flags: ['-vv'], opts: { verbose: 2 } },
  { label: '-vvv', flags: ['-vvv'], opts: { verbose: 3 } },
];

let dir = '';

test.before(() => {
  requireTcpdump('format-udpapp.test.ts');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-udpapp-'));
});

test.after(() => {
  if (dir && !process.env.KEEP_FORMAT_PCAP) fs.rmSync(dir, { recursive: true, force: true });
  else if (dir) console.log(`  kept ${dir}`);
});

function writeRows(file: string, frames: Buffer[]): void {
  writePcapFile(
    file,
    frames.map((f, i) => ({ data: f, len: wireLength(f), tsNs: BASE_NS + BigInt(i) * 1_000_000n })),
  );
}

test('every packet equals tcpdump -n (default, -q, -e, -v, -vv, -vvv)', () => {
  const file = path.join(dir, 'udpapp.pcap');
  writeRows(file, rows.map((r) => r.frame));
  const per = new Map<string, { same: number; total: number }>();
  const mismatches: string[] = [];
  for (const mode of MODES) {
    const expected = tcpdumpPackets(file, mode.flags);
    assert.is(expected.length, rows.length, `tcpdump ${mode.label} printed ${expected.length} packets`);
    const f = new Formatter(mode.opts);
    rows.forEach((row, i) => {
      const got = f.format(row.frame, { tsNs: BASE_NS + BigInt(i) * 1_000_000n, len: wireLength(row.frame) });
      if (row.skip?.includes(mode.label)) return;
      const t = per.get(row.proto) ?? { same: 0, total: 0 };
      t.total++;
      if (got === expected[i]) t.same++;
      else mismatches.push(`[${mode.label}] #${i + 1} ${row.proto}/${row.name}\n    tcpdump: ${JSON.stringify(expected[i])}\n    xsift:   ${JSON.stringify(got)}`);
      per.set(row.proto, t);
    });
  }
  console.log(`  udp apps: ${[...per].map(([p, t]) => `${p} ${t.same}/${t.total}`).join(', ')}`);
  assert.is(mismatches.length, 0, `${mismatches.length} packets differ from tcpdump:\n${mismatches.join('\n')}`);
});

test('the port ranks follow test/lib/classify.ts udpPrinter (tcpdump order) for every pair of listed ports', () => {
  // Every port either table knows, against every other and an unknown one, both ways round: the
  // better rank must name the printer udpPrinter picks (ports only: no NFS or LLAP payloads).
  const ports = [9];
  for (let p = 0; p < 65536; p++) if (UDP_APP_SRC[p] || UDP_APP_DST[p]) ports.push(p);
  const noByte = (): null => null;
  const rankOf = (s: number, d: number): number => {
    const a = UDP_APP_SRC[s]!;
    const b = UDP_APP_DST[d]!;
    return b !== 0 && (a === 0 || b < a) ? b : a;
  };
  // One printer name per rank, learnt from single-port pairs; then every pair must agree.
  const names = new Map<number, string | null>();
  for (const s of ports)
    for (const d of ports) {
      const name = udpPrinter(s, d, noByte, noByte);
      const r = rankOf(s, d);
      if (!names.has(r)) names.set(r, name);
      assert.is(names.get(r), name, `ports ${s} > ${d}: rank ${r} is ${names.get(r)}, udpPrinter says ${name}`);
    }
});

test('UDP_DECODED_PORTS are ports tcpdump decodes and this formatter prints as plain UDP', () => {
  const f = new Formatter({ timestamp: 'none' });
  for (const port of UDP_DECODED_PORTS) {
    assert.ok(UDP_APP_SRC[port] || UDP_APP_DST[port], `port ${port} has no printer rank`);
    const frame = v4(40000, port, fill16(12));
    assert.match(f.format(frame, { tsNs: BASE_NS, len: frame.length }), /: UDP, length 12$/, `port ${port}`);
  }
});

test('PTP ports are AppleTalk ports: tcpdump tests for LLAP first (not decoded here)', () => {
  const frame = v4(319, 319, hex('00 02 0200 00 00 0200 0000000000000000 00000000 0011223344556677 0001 0005 00 00 000065000000 00000001'));
  const file = path.join(dir, 'llap.pcap');
  writeRows(file, [frame]);
  const [theirs] = tcpdumpPackets(file, []);
  assert.match(theirs!, /319: 0\.0\.0 > 0\.0\.0: at-#0 28$/);
  const ours = new Formatter().format(frame, { tsNs: BASE_NS, len: frame.length });
  assert.match(ours, /319: UDP, length 44$/);
});

test('mutated frames: never a printer failure, and at least 99% identical to tcpdump (default, -v, -vv)', () => {
  // Deterministic byte mutations inside the UDP payloads of the table's frames reach paths the
  // table does not; what differs is printed (the documented gaps: inner protocols of tunnels,
  // AppleTalk's LLAP, ...).
  let seed = 4789;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const frames: Buffer[] = [];
  for (let k = 0; k < 3000; k++) {
    const row = rows[Math.floor(rnd() * rows.length)]!;
    const data = Buffer.from(row.frame);
    const from = row.frame[12] === 0x86 ? 14 + 40 + 8 : V4_PAYLOAD;
    for (let j = 0, n = 1 + Math.floor(rnd() * 4); j < n && data.length > from; j++) {
      data[from + Math.floor(rnd() * (data.length - from))] = Math.floor(rnd() * 256);
    }
    frames.push(data);
  }
  const file = path.join(dir, 'mutated.pcap');
  writePcapFile(file, frames.map((f, i) => ({ data: f, len: f.length, tsNs: BASE_NS + BigInt(i) * 1000n })));
  for (const mode of [MODES[0]!, MODES[3]!, MODES[4]!]) {
    const expected = tcpdumpPackets(file, mode.flags);
    assert.is(expected.length, frames.length);
    const f = new Formatter(mode.opts);
    const diffs: string[] = [];
    let compared = 0;
    frames.forEach((data, i) => {
      const got = f.format(data, { tsNs: BASE_NS + BigInt(i) * 1000n, len: data.length });
      assert.not.match(got, /xsift printer error/, `frame ${i + 1}: ${got}`);
      compared++;
      if (got !== expected[i]) diffs.push(`#${i + 1}\n    tcpdump: ${JSON.stringify(expected[i])}\n    xsift:   ${JSON.stringify(got)}`);
    });
    const share = (100 * (compared - diffs.length)) / compared;
    console.log(`  mutated ${mode.label}: ${compared - diffs.length}/${compared} identical (${share.toFixed(2)}%)`);
    if (process.env.SHOW_DIFFS) console.log(diffs.join("\n"));
    assert.ok(share >= 99, `only ${share.toFixed(2)}% identical:\n${diffs.slice(0, 30).join('\n')}`);
  }
});

test.run();


