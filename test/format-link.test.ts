/**
 * Link-layer protocols against tcpdump 4.99 (default, -q, -e, -v, -vv, -e -v), on frames built
 * here: 802.3/LLC (I, S and U frames, XID, SAP names, group/response bits), SNAP (EtherTypes
 * inside, unknown OUIs and PIDs), Spanning Tree (802.1D config and TCN, RSTP, MSTP with MSTIs,
 * SPB, PVST+), CDP, DTP, UDLD, VTP, IPv4 over the IP SAP, IPX (raw 802.3, 802.2, Ethernet II,
 * SNAP, PPP; SAP and RIP), OSI (IS-IS, ES-IS, CLNP), jumbo frames, MPLS stacks and their
 * payload guess, PPPoE discovery and session (LCP, IPCP, IP6CP, CCP and BACP with their -v
 * options, PAP, CHAP, MLPPP, IPv4, IPv6, unknown protocols, HDLC escapes), PPP (EtherType
 * 0x880b), LLDP (with -v every TLV tcpdump decodes: addresses, IEEE 802.1/802.3, LLDP-MED,
 * DCBX, MUD-URL) and EAPOL (EAP inside with -v); behind VLAN tags too; and several of them cut
 * after every byte, so that tcpdump's `[|proto]` markers are checked. Every frame is compared
 * in every mode but the OSI PDUs, which tcpdump decodes in full with -v and runtime/format
 * only without it (with -v xsift prints them as undecoded frames). tcpdump missing is a
 * failure.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eth, hex, ipv4, ipv6, raw, truncate, udp, vlan, icmpEcho } from './lib/packets.js';
import { assertInPlaceSame, assertSameAsTcpdump, compareWithTcpdump, MODE, requireTcpdump } from './lib/tcpdump.js';

process.env.TZ = 'UTC';

interface Row {
  name: string;
  frame: Buffer;
  /** Compared without -v only: OSI PDUs, which tcpdump decodes in full with -v and runtime/format does not. */
  brief?: boolean;
}

const SRC = '00:19:06:ea:b8:85';
const BPDU_DST = '01:80:c2:00:00:00';
const CISCO_DST = '01:00:0c:cc:cc:cc';

/** An 802.3 frame: the length field holds the payload's length (before `pad` bytes of padding). */
function e8023(payload: Buffer, o: { dst?: string; pad?: number; length?: number; tag?: number } = {}): Buffer {
  const hdr = Buffer.alloc(o.tag === undefined ? 14 : 18);
  hex(o.dst ?? '01:80:c2:00:00:14').copy(hdr, 0);
  hex(SRC).copy(hdr, 6);
  let off = 12;
  if (o.tag !== undefined) {
    hdr.writeUInt16BE(0x8100, 12);
    hdr.writeUInt16BE(o.tag, 14);
    off = 16;
  }
  hdr.writeUInt16BE(o.length ?? payload.length, off);
  return Buffer.concat([hdr, payload, Buffer.alloc(o.pad ?? 0)]);
}

const llc = (dsap: number, ssap: number, ctrl: number[], body: Buffer | number[] = []): Buffer =>
  Buffer.concat([Buffer.from([dsap, ssap, ...ctrl]), Buffer.from(body)]);
const snap = (oui: number, pid: number, body: Buffer | number[] = []): Buffer =>
  llc(0xaa, 0xaa, [0x03], Buffer.concat([Buffer.from([oui >> 16, (oui >> 8) & 0xff, oui & 0xff, pid >> 8, pid & 0xff]), Buffer.from(body)]));
const text = (s: string): Buffer => Buffer.from(s, 'latin1');
const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** A Spanning Tree BPDU's first 36 bytes (protocol 0, the version and type given). */
function bpdu(version: number, type: number, flags: number, extra: Buffer = Buffer.alloc(0), v1len = 0): Buffer {
  const b = Buffer.alloc(36);
  b[2] = version;
  b[3] = type;
  b[4] = flags;
  hex('8000 00 1a 2b 3c 4d 5e').copy(b, 5);
  b.writeUInt32BE(200019, 13);
  hex('7001 00 19 06 ea b8 80').copy(b, 17);
  b.writeUInt16BE(0x8005, 25);
  b.writeUInt16BE(1 * 256, 27);
  b.writeUInt16BE(20 * 256, 29);
  b.writeUInt16BE(2 * 256 + 32, 31); // 2.125 s: printf's %.2f rounds the half to even
  b.writeUInt16BE(15 * 256 + 96, 33);
  b[35] = v1len;
  return Buffer.concat([b, extra]);
}

/** MSTP's part after the v1 length: v3 length, MCID, CIST fields and `mstis` MSTI records. */
function mstpTail(mstis: number, spb = false): Buffer {
  const cfg = Buffer.alloc(64 + 2);
  cfg.writeUInt16BE(64 + 16 * mstis, 0);
  cfg[2] = 0;
  text('region-one\u00ff\u0001x').copy(cfg, 3);
  cfg.writeUInt16BE(7, 35);
  hex('00112233445566778899aabbccddeeff').copy(cfg, 37);
  cfg.writeUInt32BE(20000, 53);
  hex('8000 00 19 06 ea b8 80').copy(cfg, 57);
  cfg[65] = 20;
  const mstiBufs = Array.from({ length: mstis }, (_, i) => {
    const m = Buffer.alloc(16);
    m[0] = [0x7c, 0x01, 0x4e][i % 3]!;
    hex(`${(0x8000 | (i + 1)).toString(16)} 00 19 06 ea b8 8${i}`).copy(m, 1);
    m.writeUInt32BE(2000 * (i + 1), 9);
    m[13] = 0x80;
    m[14] = 0x90;
    m[15] = 19;
    return m;
  });
  const parts = [cfg, ...mstiBufs];
  if (spb) {
    const s = Buffer.alloc(2 + 85);
    s.writeUInt16BE(85, 0);
    text('aux-name').copy(s, 3);
    s.writeUInt16BE(3, 35);
    hex('ffeeddccbbaa99887766554433221100').copy(s, 37);
    s[53] = 0xdc;
    s[55] = 0x21;
    s[56] = 0x43;
    s.writeUInt16BE(9, 57);
    hex('0102030405060708090a0b0c0d0e0f1011121314').copy(s, 67);
    parts.push(s);
  }
  return Buffer.concat(parts);
}

function tlv(type: number, value: Buffer): Buffer {
  return Buffer.concat([u16(type), u16(value.length + 4), value]);
}

function cdp(tlvs: Buffer[], version = 2): Buffer {
  return Buffer.concat([Buffer.from([version, 180, 0xab, 0xcd]), ...tlvs]);
}

const CDP_FULL = cdp([
  tlv(1, text('Switch')),
  tlv(5, text('Cisco IOS Software, C3560\nCopyright (c) 1986-2005\x01\xe9')),
  tlv(6, text('cisco WS-C3560-24PS')),
  tlv(2, Buffer.concat([u32(2), hex('01 01 cc 00 04 c6 12 00 01'), hex('02 08 aaaa0300000086dd 0010 20010db8000000000000000000000001')])),
  tlv(3, text('FastEthernet0/13')),
  tlv(4, u32(0x28)),
  tlv(7, hex('c6120000 18 c6120100 10')),
  tlv(9, text('lab')),
  tlv(0x0a, u16(5)),
  tlv(0x0b, Buffer.from([1])),
  tlv(0x0e, hex('01 0064')),
  tlv(0x0f, hex('2000')),
  tlv(0x10, hex('3a98')),
  tlv(0x11, u32(1500)),
  tlv(0x12, Buffer.from([0])),
  tlv(0x13, Buffer.from([0])),
  tlv(0x14, text('sysname')),
  tlv(0x15, hex('060a2b')),
  tlv(0x16, Buffer.concat([u32(1), hex('01 01 cc 00 04 c6 12 00 02')])),
  tlv(0x17, Buffer.concat([Buffer.from([3]), text('rack 4')])),
  tlv(0x0c, hex('0102')),
  tlv(0x30, hex('010203')),
  tlv(0x02, Buffer.concat([u32(1), hex('05 02 abcd 0003 010203')])),
]);

/** An MPLS label stack entry; the last one given gets the bottom-of-stack bit. */
function mpls(labels: [number, number?][], payload: Buffer): Buffer {
  const out = labels.map(([label, ttl], i) => u32((label << 12) | (i === labels.length - 1 ? 0x100 : 0) | ((i % 8) << 9) | (ttl ?? 64)));
  return Buffer.concat([...out, payload]);
}

const V4 = (): Buffer => ipv4({ src: '198.18.0.1', dst: '198.18.0.2' }, udp({ sport: 4000, dport: 5000, payload: 8 })).build();
const V6 = (): Buffer => ipv6({ src: '2001:db8::1', dst: '2001:db8::2' }, udp({ sport: 4000, dport: 5000, payload: 8 })).build();
const PING = (): Buffer => ipv4({ src: '198.18.0.1', dst: '198.18.0.2' }, icmpEcho({ id: 7, seq: 1, payload: 8 })).build();

/** A PPPoE header (version and type 1 unless given) and payload. */
function pppoe(code: number, session: number, payload: Buffer, o: { vt?: number; length?: number } = {}): Buffer {
  const h = Buffer.alloc(6);
  h[0] = o.vt ?? 0x11;
  h[1] = code;
  h.writeUInt16BE(session, 2);
  h.writeUInt16BE(o.length ?? payload.length, 4);
  return Buffer.concat([h, payload]);
}
const tag = (type: number, value: Buffer | string = Buffer.alloc(0)): Buffer => {
  const v = typeof value === 'string' ? text(value) : value;
  return Buffer.concat([u16(type), u16(v.length), v]);
};
/** A PPP control packet (code, id, length) after a 2-byte protocol field. */
const cp = (proto: number, code: number, id: number, data: Buffer = Buffer.alloc(0)): Buffer =>
  Buffer.concat([u16(proto), Buffer.from([code, id]), u16(data.length + 4), data]);

const lldpTlv = (type: number, value: Buffer): Buffer => Buffer.concat([u16((type << 9) | value.length), value]);
const LLDP = Buffer.concat([
  lldpTlv(1, Buffer.concat([Buffer.from([4]), hex('001906eab885')])),
  lldpTlv(2, Buffer.concat([Buffer.from([5]), text('Gi0/1')])),
  lldpTlv(3, u16(120)),
  lldpTlv(4, text('uplink\x02port')),
  lldpTlv(5, text('switch-1')),
  lldpTlv(6, text('Cisco IOS\nrelease 15')),
  lldpTlv(7, hex('0014 0004')),
  lldpTlv(1, Buffer.concat([Buffer.from([7]), text('chassis-7')])),
  lldpTlv(2, Buffer.concat([Buffer.from([3]), hex('001906eab886')])),
  lldpTlv(2, Buffer.concat([Buffer.from([9]), hex('0102')])),
  lldpTlv(0x50, hex('010203')),
  lldpTlv(0, Buffer.alloc(0)),
]);

/** An IPX packet: header (checksum 0xffff, length covering `data` unless given) and data. */
function ipx(dstSkt: number, data: Buffer, o: { length?: number; srcSkt?: number } = {}): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt16BE(0xffff, 0);
  h.writeUInt16BE(o.length ?? 30 + data.length, 2);
  h[5] = 4;
  h.writeUInt32BE(0x00000001, 6);
  hex('000c29310d01').copy(h, 10);
  h.writeUInt16BE(dstSkt, 16);
  h.writeUInt32BE(0xc0a80000, 18);
  hex('000c298e87a6').copy(h, 22);
  h.writeUInt16BE(o.srcSkt ?? 0x4003, 28);
  return Buffer.concat([h, data]);
}
const sapEntry = (type: number, name: string): Buffer =>
  Buffer.concat([u16(type), Buffer.concat([text(name), Buffer.alloc(48 - name.length)]), hex('0000abcd 001122334455 0451 0001')]);

const frameOf = (type: number, payload: Buffer, dst = '01:80:c2:00:00:0e'): Buffer =>
  eth({ src: SRC, dst }, raw(payload, { ethertype: type }));

function rows(): Row[] {
  const r: Row[] = [];
  const add = (name: string, frame: Buffer, brief = false): void => void r.push({ name, frame, brief });
  // LLC: U, S and I frames, the generic line with SAP names and unknown SAPs.
  add('llc netbeui ui', e8023(llc(0xf0, 0xf0, [0x03], text('\x2c\x00\xff\xefWFW_HOST_1     ')), { dst: '00:0c:29:31:0d:01' }));
  add('llc sabme poll', e8023(llc(0xf0, 0xf0, [0x7f]), { pad: 43 }));
  add('llc ua final response', e8023(llc(0xf0, 0xf1, [0x73]), { pad: 43 }));
  add('llc xid fi', e8023(llc(0x42, 0x43, [0xbf], [0x81, 0x01, 0x02, 0x03]), { pad: 20 }));
  add('llc xid empty', e8023(llc(0x04, 0x04, [0xaf])));
  add('llc xid other', e8023(llc(0x04, 0x05, [0xaf], [0x11, 0x22])));
  add('llc xid fi short', e8023(llc(0x04, 0x04, [0xaf], [0x81, 0x01])));
  add('llc test group', e8023(llc(0x07, 0x06, [0xe3], text('hello'))));
  add('llc disc dm frmr', e8023(llc(0x0e, 0x0e, [0x43], [1, 2])));
  add('llc unknown cmd', e8023(llc(0x10, 0x44, [0x27], [1, 2, 3])));
  add('llc info', e8023(llc(0x10, 0x44, [0x00, 0x34], text('payload bytes'))));
  add('llc info poll', e8023(llc(0xf0, 0xf1, [0x0a, 0x35], [1, 2, 3])));
  add('llc rr', e8023(llc(0xf0, 0xf0, [0x01, 0x0b]), { pad: 42 }));
  add('llc rnr', e8023(llc(0xf0, 0xf0, [0x05, 0x0a])));
  add('llc rej', e8023(llc(0xfe, 0x06, [0x09, 0x00]), { pad: 42 }));
  add('llc sup 3', e8023(llc(0x00, 0x00, [0x0d, 0x00])));
  add('llc short', e8023(llc(0xf0, 0xf0, [0x03]).subarray(0, 2), { pad: 44 }));
  add('llc i short', e8023(llc(0xf0, 0xf0, [0x00, 0x00]).subarray(0, 3), { pad: 43 }));
  add('llc length > frame', e8023(llc(0xf0, 0xf0, [0x03], [1, 2]), { length: 200 }));
  add('llc length 0', e8023(Buffer.alloc(46), { length: 0 }));
  add('llc in vlan', e8023(llc(0xf0, 0xf0, [0x03], [9, 8, 7]), { tag: 0x2005, pad: 30 }));
  add('llc ip sap', e8023(llc(0x06, 0x06, [0x03], V4())));
  add('jumbo llc', eth({ src: SRC, dst: '02:00:00:00:00:02' }, raw(llc(0xf0, 0xf0, [0x03], [1, 2, 3, 4]), { ethertype: 0x8870 })));
  // SNAP
  add('snap ipv4', e8023(snap(0, 0x0800, V4())));
  add('snap ipv6', e8023(snap(0, 0x86dd, V6())));
  add('snap unknown ethertype', e8023(snap(0, 0x1234, [1, 2, 3, 4]), { pad: 20 }));
  add('snap lat', e8023(snap(0, 0x6004, [1, 2, 3, 4])));
  add('snap vlan type', e8023(snap(0, 0x8100, [1, 2, 3, 4])));
  add('snap cisco bridged mpls', e8023(snap(0xf8, 0x8847, mpls([[16]], V4()))));
  add('snap unknown oui', e8023(snap(0x123456, 0x0001, [5, 6])));
  add('snap cisco unknown pid', e8023(snap(0x00000c, 0x0003, [0, 0, 0, 0]), { dst: '01:00:0c:00:00:00' }));
  add('snap bridged 802.4', e8023(snap(0x0080c2, 0x0002, [0, 0, 1, 2])));
  add('snap appletalk other', e8023(snap(0x080007, 0x1234, [0, 0])));
  add('snap short', e8023(llc(0xaa, 0xaa, [0x03], [0, 0, 0x0c, 0x20])));
  // Spanning Tree
  add('stp config', e8023(llc(0x42, 0x42, [0x03], bpdu(0, 0, 0x81).subarray(0, 35)), { dst: BPDU_DST, pad: 8 }));
  add('stp config no flags', e8023(llc(0x42, 0x42, [0x03], bpdu(0, 0, 0).subarray(0, 35)), { dst: BPDU_DST }));
  add('stp tcn', e8023(llc(0x42, 0x42, [0x03], Buffer.from([0, 0, 0, 0x80])), { dst: BPDU_DST, pad: 39 }));
  add('rstp', e8023(llc(0x42, 0x42, [0x03], bpdu(2, 2, 0x7e)), { dst: BPDU_DST }));
  add('rstp alternate', e8023(llc(0x42, 0x42, [0x03], bpdu(2, 2, 0x05)), { dst: BPDU_DST }));
  add('rstp as config', e8023(llc(0x42, 0x42, [0x03], bpdu(2, 0, 0x3c)), { dst: BPDU_DST }));
  add('mstp', e8023(llc(0x42, 0x42, [0x03], bpdu(3, 2, 0x3c, mstpTail(3))), { dst: BPDU_DST }));
  add('mstp no msti', e8023(llc(0x42, 0x42, [0x03], bpdu(3, 2, 0x00, mstpTail(0))), { dst: BPDU_DST }));
  add('mstp v1 length', e8023(llc(0x42, 0x42, [0x03], bpdu(3, 2, 0x00, mstpTail(1), 1)), { dst: BPDU_DST }));
  add('mstp short v3', e8023(llc(0x42, 0x42, [0x03], bpdu(3, 2, 0x00, mstpTail(2).subarray(0, 80))), { dst: BPDU_DST }));
  add('spb', e8023(llc(0x42, 0x42, [0x03], bpdu(4, 2, 0x3c, mstpTail(1, true))), { dst: BPDU_DST }));
  add('stp unknown version', e8023(llc(0x42, 0x42, [0x03], bpdu(7, 0, 0)), { dst: BPDU_DST }));
  add('stp unknown type', e8023(llc(0x42, 0x42, [0x03], bpdu(0, 0x33, 0)), { dst: BPDU_DST }));
  add('stp bad protocol', e8023(llc(0x42, 0x42, [0x03], Buffer.concat([u16(1), bpdu(0, 0, 0).subarray(2)])), { dst: BPDU_DST }));
  add('stp short config', e8023(llc(0x42, 0x42, [0x03], bpdu(0, 0, 0).subarray(0, 20)), { dst: BPDU_DST, pad: 23 }));
  add('stp 3 bytes', e8023(llc(0x42, 0x42, [0x03], [0, 0, 0]), { dst: BPDU_DST, pad: 40 }));
  add('pvst', e8023(snap(0x00000c, 0x010b, Buffer.concat([bpdu(2, 2, 0x3c), hex('0000 0002 0005')])), { dst: '01:00:0c:cc:cc:cd' }));
  add('bridged bpdu', e8023(snap(0x0080c2, 0x000e, bpdu(0, 0, 1).subarray(0, 35))));
  // CDP, DTP, UDLD
  add('cdp full', e8023(snap(0x00000c, 0x2000, CDP_FULL), { dst: CISCO_DST }));
  add('cdp device only', e8023(snap(0x00000c, 0x2000, cdp([tlv(1, text('R1'))], 1)), { dst: CISCO_DST, pad: 10 }));
  add('cdp malformed', e8023(snap(0x00000c, 0x2000, cdp([tlv(1, text('R1')), tlv(4, hex('0102')), tlv(0x0b, hex('0102'))])), { dst: CISCO_DST }));
  add('cdp tlv too short', e8023(snap(0x00000c, 0x2000, cdp([tlv(1, text('R1')), hex('0003 0002')])), { dst: CISCO_DST }));
  add('cdp tlv too long', e8023(snap(0x00000c, 0x2000, cdp([tlv(1, text('R1')), hex('0003 0040 4142')])), { dst: CISCO_DST }));
  add('cdp stray bytes', e8023(snap(0x00000c, 0x2000, cdp([tlv(1, text('R1')), hex('0003')])), { dst: CISCO_DST }));
  add('cdp short', e8023(snap(0x00000c, 0x2000, [2, 180]), { dst: CISCO_DST }));
  add('cdp addr odd', e8023(snap(0x00000c, 0x2000, cdp([tlv(2, hex('00000002 01 01 cc 0004 01020304 0101')), tlv(7, hex('01020304'))])), { dst: CISCO_DST }));
  add('dtp', e8023(snap(0x00000c, 0x2004, hex('01 0001 000d 4c61620000000000 0002 0005 04 0003 0005 40 0004 000a 001906eab885')), { dst: CISCO_DST }));
  add('dtp zero type', e8023(snap(0x00000c, 0x2004, hex('01 0001 0008 6c616200 0000 0000')), { dst: CISCO_DST }));
  add('dtp bad status', e8023(snap(0x00000c, 0x2004, hex('01 0002 0006 0400')), { dst: CISCO_DST }));
  add('udld', e8023(snap(0x00000c, 0x0111, hex('21 01 3956 0001 000f 464f433130333157374a 0002 0009 4661302f31 0003 000c 00000001 414243 0004 0005 07 0005 0005 05 0006 000a 53773130303130 0007 0008 00000007 0009 0006 abcd')), { dst: CISCO_DST }));
  add('udld bad interval', e8023(snap(0x00000c, 0x0111, hex('42 83 3956 0004 0006 0102')), { dst: CISCO_DST }));
  // IPX: raw 802.3, 802.2, Ethernet II, SNAP, PPP
  add('ipx raw netbios', e8023(ipx(0x0455, Buffer.alloc(20, 0x41))));
  add('ipx raw ncp', e8023(ipx(0x0451, Buffer.alloc(10)), { pad: 6 }));
  add('ipx raw sap req', e8023(ipx(0x0452, hex('0001 0004')), { pad: 12 }));
  add('ipx raw sap nearest req', e8023(ipx(0x0452, hex('0003 0278')), { pad: 12 }));
  add('ipx raw sap resp', e8023(ipx(0x0452, Buffer.concat([u16(2), sapEntry(4, 'FILESERVER1'), sapEntry(0x278, 'tree\x01')]))));
  add('ipx raw sap nearest resp short', e8023(ipx(0x0452, Buffer.concat([u16(4), sapEntry(4, 'FS').subarray(0, 30)]))));
  add('ipx raw sap unknown', e8023(ipx(0x0452, hex('0009')), { pad: 14 }));
  add('ipx raw sap empty', e8023(ipx(0x0452, hex('0001'), { length: 31 }), { pad: 14 }));
  add('ipx raw rip req', e8023(ipx(0x0453, hex('0001 ffffffff ffff ffff')), { pad: 6 }));
  add('ipx raw rip resp', e8023(ipx(0x0453, hex('0002 00000001 0001 0002 c0a80000 0002 0007 0000 0003'))));
  add('ipx raw rip resp odd', e8023(ipx(0x0453, hex('0002 00000001 0001 0002 c0a8'))));
  add('ipx raw rip other', e8023(ipx(0x0453, hex('0005')), { pad: 14 }));
  add('ipx raw diag', e8023(ipx(0x0456, Buffer.alloc(4)), { pad: 12 }));
  add('ipx raw nwlink', e8023(ipx(0x0553, Buffer.alloc(4)), { pad: 12 }));
  add('ipx raw other socket', e8023(ipx(0x4000, Buffer.alloc(4)), { pad: 12 }));
  add('ipx raw short length', e8023(ipx(0x0455, Buffer.alloc(4), { length: 20 }), { pad: 12 }));
  add('ipx 802.2', e8023(llc(0xe0, 0xe0, [0x03], ipx(0x0452, hex('0001 0004')))));
  add('ipx ethernet ii', frameOf(0x8137, ipx(0x0455, Buffer.alloc(8))));
  add('ipx snap', e8023(snap(0, 0x8137, ipx(0x0453, hex('0001')))));
  add('ipx ppp', frameOf(0x8864, pppoe(0, 5, Buffer.concat([u16(0x002b), ipx(0x0451, Buffer.alloc(2))]))));
  // OSI: IS-IS, ES-IS, CLNP and the other NLPIDs, over LLC, SNAP, EtherType 0xfefe, MPLS and PPP
  const isis = (type: number, fixed: number, hdr: string, o: { version?: number; idLen?: number; pduVersion?: number; maxArea?: number } = {}): Buffer =>
    Buffer.concat([Buffer.from([0x83, fixed, o.version ?? 1, o.idLen ?? 0, type, o.pduVersion ?? 1, 0, o.maxArea ?? 0]), hex(hdr), Buffer.alloc(20, 0x01)]);
  const osi = (name: string, pdu: Buffer): void => add(name, e8023(llc(0xfe, 0xfe, [0x03], pdu), { dst: '01:80:c2:00:00:14' }), true);
  const LAN = '01 333333333333 001e 05d9 40 33333333333302';
  osi('isis l1 lan iih', isis(15, 27, LAN));
  osi('isis l2 lan iih', isis(16, 27, LAN, { idLen: 6 }));
  osi('isis p2p iih', isis(17, 20, '03 888888888888 001e 05d4 01'));
  osi('isis l1 lsp', isis(18, 27, '0040 04b0 0100140100010014 0000000b abcd 03'));
  osi('isis l2 lsp', isis(20, 27, '0040 fffe 1920000000080000 00000031 abcd 03'));
  osi('isis l1 csnp', isis(24, 33, '0053 33333333333300 0000000000000000 ffffffffffffffff'));
  osi('isis l2 csnp', isis(25, 33, '0053 33333333333300 0000000000000000 ffffffffffffffff'));
  osi('isis l1 psnp', isis(26, 17, '0023 44444444444400'));
  osi('isis l2 psnp', isis(27, 17, '0023 44444444444400'));
  osi('isis unknown type', isis(9, 8, ''));
  osi('isis bogus lan', isis(15, 20, LAN));
  osi('isis bogus p2p', isis(17, 27, LAN));
  osi('isis bogus lsp', isis(18, 20, LAN));
  osi('isis bogus csnp', isis(24, 20, LAN));
  osi('isis bogus psnp', isis(26, 20, LAN));
  osi('isis version', isis(15, 27, LAN, { version: 0 }));
  osi('isis pdu version', isis(15, 27, LAN, { pduVersion: 2 }));
  osi('isis id length', isis(15, 27, LAN, { idLen: 4 }));
  osi('isis 255 areas', isis(15, 27, LAN, { maxArea: 255 }));
  osi('isis fixed > length', Buffer.from([0x83, 200, 1, 0, 15, 1, 0, 0, 1, 2, 3]));
  osi('isis fixed < 8', isis(15, 4, LAN));
  osi('esis esh', hex('82 0f 01 00 02 0258 abcd 01 02 4900010000000000000000000001'));
  osi('esis ish', hex('82 0f 01 00 04 0258 abcd 08 490001 1921680010 0100'));
  osi('esis redirect', hex('82 0f 01 00 06 0258 abcd 00000000000000000000'));
  osi('esis unknown', hex('82 0f 01 00 10 0258 abcd 000000000000000000'));
  osi('esis short li', hex('82 05 01 00 02 0258 abcd 0000'));
  osi('esis li > length', hex('82 40 01 00 02 0258 abcd 0000'));
  osi('esis version', hex('82 0f 02 00 02 0258 abcd 0000'));
  osi('esis 2 bytes', hex('82 0f'));
  osi('clnp data', hex('81 26 01 20 1c 0040 abcd 0a 49000100000000000001 0a 49000200000000000002 00000000000000'));
  osi('clnp echo odd nsap', hex('81 1c 01 20 1e 0040 abcd 03 490001 05 4900020000 00 000000000000000000000000000000'));
  osi('clnp illegal nsap', hex('81 0b 01 20 1c 0040 abcd 00 00 0000'));
  osi('clnp unknown type', hex('81 10 01 20 07 0040 abcd 02 4900 02 4901 000000000000000000000000000000'));
  osi('clnp short li', hex('81 05 01 20 1c 0040 abcd 00'));
  osi('clnp li > length', hex('81 f0 01 20 1c 0040 abcd 00'));
  osi('clnp version', hex('81 10 02 20 1c 0040 abcd 00'));
  osi('clnp no addresses', hex('81 09 01 20 1c 0040 abcd 00 00'));
  osi('clnp dst past li', hex('81 0c 01 20 1c 0040 abcd 05 4900010000 000000'));
  osi('osi ip', Buffer.concat([Buffer.from([0xcc]), V4()]));
  osi('osi ipv6', Buffer.concat([Buffer.from([0x8e]), V6()]));
  osi('osi null', hex('00 0102 0304'));
  osi('osi ppp', Buffer.concat([hex('cf ff03 0021'), PING()]));
  osi('osi unknown nlpid', hex('99 0102 0304'));
  osi('osi unknown nlpid 1 byte', hex('99'));
  add('osi ethertype fefe', frameOf(0xfefe, Buffer.concat([Buffer.from([0x03]), isis(17, 20, '03 888888888888 001e 05d4 01')])), true);
  add('osi ethertype fefe empty', frameOf(0xfefe, Buffer.alloc(0)), true);
  add('osi snap fefe', e8023(snap(0, 0xfefe, Buffer.concat([Buffer.from([0x03]), isis(24, 33, '0053 33333333333300 0000000000000000 ffffffffffffffff')]))), true);
  add('osi mpls', frameOf(0x8847, mpls([[16]], isis(17, 20, '03 888888888888 001e 05d4 01'))), true);
  add('osi ppp', frameOf(0x8864, pppoe(0, 3, Buffer.concat([u16(0x0023), hex('82 0f 01 00 02 0258 abcd 00000000000000000000')]))), true);
  // VTP
  const vtp = (type: number, third: number, domainLen: number, body: string): Buffer => {
    const h = Buffer.alloc(36);
    h[0] = 1;
    h[1] = type;
    h[2] = third;
    h[3] = domainLen;
    text('cisco').copy(h, 4);
    return e8023(snap(0x00000c, 0x2003, Buffer.concat([h, hex(body)])), { dst: CISCO_DST });
  };
  const vlanInfo = (id: number, name: string, tlvs: string, status = 0, type = 1): string => {
    const padded = Buffer.concat([text(name), Buffer.alloc((4 - (name.length % 4)) % 4)]);
    const t = hex(tlvs);
    const len = 12 + padded.length + t.length;
    return Buffer.concat([Buffer.from([len, status, type, name.length]), u16(id), u16(1500), u32(100000 + id), padded, t]).toString('hex');
  };
  add('vtp summary', vtp(1, 1, 5, '00000025 c6120001 393330333031303030393030 00112233445566778899aabbccddeeff'));
  add('vtp subset', vtp(2, 1, 5, '00000025' + vlanInfo(1, 'default', '') + vlanInfo(1002, 'fddi-default', '0301 0001 0601 0001 0701 0002 0a01 0001 0901 0007 0401 03ea', 1, 2) + vlanInfo(5, 'v5', '0101 0010')));
  add('vtp subset bad tlv', vtp(2, 2, 5, '00000025' + vlanInfo(7, 'abc', '0302 00010002')));
  add('vtp subset tlv past end', vtp(2, 2, 5, '00000025' + vlanInfo(7, 'abc', '03').slice(0, -2) + '08'));
  add('vtp subset short vlan', vtp(2, 2, 5, '00000025 08000000 00000000'));
  add('vtp request', vtp(3, 0, 5, '00000001'));
  add('vtp join', vtp(4, 0, 5, '00000001'));
  add('vtp unknown', vtp(9, 0, 5, '00000001'));
  add('vtp bad domain length', vtp(1, 0, 40, '00000001'));
  add('vtp short', e8023(snap(0x00000c, 0x2003, hex('0101 0005')), { dst: CISCO_DST, pad: 20 }));
  // MPLS
  add('mpls v4', frameOf(0x8847, mpls([[16]], V4())));
  add('mpls stack v6', frameOf(0x8847, mpls([[16, 255], [17, 1], [100000, 64]], V6())));
  add('mpls explicit null v4', frameOf(0x8848, mpls([[0]], PING())));
  add('mpls explicit null v6', frameOf(0x8847, mpls([[2]], V6())));
  add('mpls implicit null', frameOf(0x8847, mpls([[1], [3]], PING())));
  add('mpls reserved labels', frameOf(0x8847, mpls([[4], [9], [15], [16], [1048575]], V4())));
  add('mpls unknown payload', frameOf(0x8847, mpls([[16]], hex('abcdef000002abcdef0000030800'))));
  add('mpls nothing after', frameOf(0x8847, mpls([[16]], Buffer.alloc(0))));
  add('mpls no bottom', frameOf(0x8847, hex('00010040 00011040')));
  add('mpls 2 bytes', frameOf(0x8847, hex('0001')));
  add('mpls in vlan', eth({ src: SRC, dst: '02:00:00:00:00:02' }, vlan({ id: 7, type: 0x8847 }, raw(mpls([[16]], V4())))));
  // PPPoE discovery
  add('padi', frameOf(0x8863, pppoe(0x09, 0, Buffer.concat([tag(0x0101), tag(0x0103, hex('deadbeef'))])), 'ff:ff:ff:ff:ff:ff'));
  add('pado', frameOf(0x8863, pppoe(0x07, 0, Buffer.concat([tag(0x0102, 'access-concentrator-1'), tag(0x0101, 'isp'), tag(0x0104, hex('00112233445566778899')), tag(0x0105, 'ab\x01\x02')]))));
  add('padr', frameOf(0x8863, pppoe(0x19, 0, tag(0x0101))));
  add('pads', frameOf(0x8863, pppoe(0x65, 0x1234, Buffer.concat([tag(0x0101), tag(0x0120, hex('05dc')), tag(0x0110, 'x'.repeat(100))]))));
  add('padt', frameOf(0x8863, pppoe(0xa7, 0x1234, Buffer.concat([tag(0x0203, 'bye'), tag(0, ''), tag(0x0101)]))));
  add('pppoe unknown code and tags', frameOf(0x8863, pppoe(0x33, 0, Buffer.concat([tag(0x0201), tag(0x0202, 'x'), tag(0x0999, 'zz')]))));
  add('pppoe ver type', frameOf(0x8863, pppoe(0x09, 0, tag(0x0101), { vt: 0x23 })));
  add('padi long', frameOf(0x8863, pppoe(0x09, 0, tag(0x0101), { length: 1500 })));
  add('pppoe short', frameOf(0x8863, hex('1109 00')));
  // PPPoE session and PPP
  add('lcp echo', frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 9, 106, hex('12345678')))));
  add('lcp echo reply data', frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 10, 106, hex('12345678 0102030405')))));
  add('lcp conf-request options', frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 1, 1, hex('0104 05d4 0506 01020304 0206 000a0000 0304 c023 0305 c223 05 0305 c223 81 0304 c227 0304 1234 0404 c025 0404 0001 0702 0802 1104 05dc 1304 0a0b 1703 00 0d05 0161 62 1303 00 1303 01 1307 02 c6120001 1309 03 001906eab885 1303 04 1303 05 1303 09 0003 0000 0900 0a03 ff 1f02 0006 00000c01')))));
  add('lcp option bogus lengths', frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 2, 1, hex('0105 05d4 00 0205 0000 00 0300 1234')))));
  add('lcp option bogus mru', frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 3, 1, hex('0102 0702')))));
  add('lcp option magic bogus', frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 4, 1, hex('0504 0000 0702')))));
  add('lcp option past end', frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 1, 1, hex('0702 0140 0102')))));
  add('lcp option over remaining', frameOf(0x8864, pppoe(0, 0x17, Buffer.concat([u16(0xc021), hex('01 01 000a 0104 05d4 0106 0203')]))));
  add('lcp option cut', truncate(frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 1, 1, hex('0104 05d4 0506 01020304')))), 36));
  add('lcp conf-request empty', frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 1, 1))));
  add('lcp term', frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 5, 2, text('bye')))));
  add('lcp prot-reject', frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 8, 3, hex('8057 0102030405')))));
  add('lcp time-rem', frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 13, 3, hex('12345678 00000e10')))));
  add('lcp code-reject', frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 7, 3, hex('0901 0008')))));
  add('lcp unknown code', frameOf(0x8864, pppoe(0, 0x17, cp(0xc021, 0x42, 3, hex('0102')))));
  add('lcp short encoded', frameOf(0x8864, pppoe(0, 0x17, Buffer.concat([u16(0xc021), hex('09 01 0002 0000')]))));
  add('lcp long encoded', frameOf(0x8864, pppoe(0, 0x17, Buffer.concat([u16(0xc021), hex('09 01 0040 0000')]))));
  add('lcp 3 bytes', frameOf(0x8864, pppoe(0, 0x17, Buffer.concat([u16(0xc021), hex('09 01 00')]))));
  add('ipcp ack', frameOf(0x8864, pppoe(0, 0x3b, cp(0x8021, 2, 7))));
  add('ip6cp request', frameOf(0x8864, pppoe(0, 0x3b, cp(0x8057, 1, 7, hex('010a 0011223344556677 0203 01 0108 0102')))));
  add('ip6cp bogus', frameOf(0x8864, pppoe(0, 0x3b, cp(0x8057, 3, 7, hex('0104 0011 0101')))));
  add('ipcp request', frameOf(0x8864, pppoe(0, 0x3b, cp(0x8021, 1, 8, hex('0306 c6120001 8106 08080808 8206 00000000 8306 08080404 8406 01020304 0406 0a000001 010a c6120001c6120002 0206 002d 0f01 0214 0061 000f 0010 0011 0012 0013 0104 0206 0000 0903 0102')))));
  add('ipcp bogus', frameOf(0x8864, pppoe(0, 0x3b, cp(0x8021, 4, 8, hex('0105 c6120001 00')))));
  add('ipcp bogus addr', frameOf(0x8864, pppoe(0, 0x3b, cp(0x8021, 4, 8, hex('0305 c6120001 0102')))));
  add('ipcp iphc short', frameOf(0x8864, pppoe(0, 0x3b, cp(0x8021, 1, 8, hex('020a 0061 00010002 0003')))));
  add('ipcp iphc subopts over', frameOf(0x8864, pppoe(0, 0x3b, cp(0x8021, 1, 8, hex('0212 0061 000f 0010 0011 0012 0013 0106 0000')))));
  add('ipcp comp short', frameOf(0x8864, pppoe(0, 0x3b, cp(0x8021, 1, 8, hex('0203 00')))));
  add('ccp request', frameOf(0x8864, pppoe(0, 0x3b, cp(0x80fd, 1, 9, hex('1503 2f 1804 a5 03 1a04 78 05 1a04 7a 00 1203 01 1502 1802 1a03 00 0004 0102')))));
  add('bacp request', frameOf(0x8864, pppoe(0, 0x3b, cp(0xc02b, 1, 9, hex('0106 01020304 0105 0102 03 0203 00')))));
  add('ccp reset', frameOf(0x8864, pppoe(0, 0x3b, cp(0x80fd, 14, 7))));
  add('pap request', frameOf(0x8864, pppoe(0, 0x3b, Buffer.concat([u16(0xc023), hex('01 05 0011 04 75736572 07 7365637265740a')]))));
  add('pap ack', frameOf(0x8864, pppoe(0, 0x3b, Buffer.concat([u16(0xc023), hex('02 05 0008 03 6f6b21')]))));
  add('chap challenge', frameOf(0x8864, pppoe(0, 0x3b, Buffer.concat([u16(0xc223), hex('01 09 0014 04 01020304 7365727665722d6e616d65')]))));
  add('chap success', frameOf(0x8864, pppoe(0, 0x3b, Buffer.concat([u16(0xc223), hex('03 09 0008 57656c63')]))));
  add('mlppp', frameOf(0x8864, pppoe(0, 0x3b, Buffer.concat([u16(0x003d), hex('c0 0123 0102')]))));
  add('ppp ipv4', frameOf(0x8864, pppoe(0, 0x1234, Buffer.concat([u16(0x0021), PING()]))));
  add('ppp ipv6', frameOf(0x8864, pppoe(0, 0x1234, Buffer.concat([u16(0x0057), V6()]))));
  add('ppp pfc ipv4', frameOf(0x8864, pppoe(0, 0, Buffer.concat([Buffer.from([0x21]), V4()]))));
  add('ppp address control', frameOf(0x8864, pppoe(0, 1, Buffer.concat([hex('ff03 0021'), V4()]))));
  add('ppp mpls', frameOf(0x8864, pppoe(0, 1, Buffer.concat([u16(0x0281), mpls([[16]], V4())]))));
  add('ppp compressed', frameOf(0x8864, pppoe(0, 1, Buffer.concat([u16(0x00fd), hex('0102')]))));
  add('ppp unknown', frameOf(0x8864, pppoe(0, 1, Buffer.concat([u16(0x4321), hex('0102030405060708090a0b0c0d0e0f1011')]))));
  add('ppp brpdu', frameOf(0x8864, pppoe(0, 0, Buffer.concat([u16(0x0031), Buffer.alloc(20)]))));
  add('ppp 1 byte', frameOf(0x8864, pppoe(0, 0, Buffer.from([0xc0]))));
  add('pppoe session len mismatch', frameOf(0x8864, pppoe(0, 0x27, cp(0x8021, 0xaa, 240, Buffer.alloc(36)), { length: 48416 })));
  add('pppoe session in vlan', eth({ src: SRC, dst: '02:00:00:00:00:02' }, vlan({ id: 100, type: 0x8864 }, raw(pppoe(0, 0x1234, Buffer.concat([u16(0x0021), PING()]))))));
  const escape = (b: Buffer): Buffer => {
    const out: number[] = [];
    for (const c of b) {
      if (c === 0x7e || c === 0x7d || c < 0x20) out.push(0x7d, c ^ 0x20);
      else out.push(c);
    }
    return Buffer.from(out);
  };
  const pingWithFlags = ipv4({ src: '198.18.0.1', dst: '198.18.0.2' }, icmpEcho({ id: 0x7e7d, seq: 0x7d7e, payload: [0x7e, 0x7d, 1, 2] })).build();
  add('ppp hdlc ipv4', frameOf(0x8864, pppoe(0, 9, Buffer.concat([hex('7e 21'), escape(pingWithFlags)]))));
  add('ppp hdlc ipv6', frameOf(0x8864, pppoe(0, 9, Buffer.concat([hex('7e 57'), escape(V6())]))));
  add('ppp hdlc address control', frameOf(0x8864, pppoe(0, 9, Buffer.concat([hex('7e ff 7d23 7d20 21'), escape(PING())]))));
  add('ppp hdlc lcp', frameOf(0x8864, pppoe(0, 9, Buffer.concat([hex('7e c0 21'), escape(hex('09 01 0008 12345678'))]))));
  add('ppp hdlc invalid', frameOf(0x8864, pppoe(0, 9, hex('7e 7e 7e 01 02'))));
  add('ppp hdlc escape at end', frameOf(0x8864, pppoe(0, 9, hex('7e 80 7d'))));
  add('ppp hdlc one byte', frameOf(0x8864, pppoe(0, 9, hex('7e 80'))));
  add('ppp ethertype', frameOf(0x880b, Buffer.concat([hex('ff03'), u16(0xc021), hex('09 01 0008 12345678')])));
  add('ppp ethertype empty', frameOf(0x880b, Buffer.alloc(0)));
  // LLDP, EAPOL
  add('lldp', frameOf(0x88cc, LLDP));
  const org = (oui: number, subtype: number, body: string): Buffer =>
    lldpTlv(127, Buffer.concat([Buffer.from([oui >> 16, (oui >> 8) & 0xff, oui & 0xff, subtype]), hex(body)]));
  add('lldp -v everything', frameOf(0x88cc, Buffer.concat([
    lldpTlv(1, hex('05 01 c6120001')),
    lldpTlv(2, hex('04 02 20010db8000000000000000000000001')),
    lldpTlv(2, hex('04 06 001906eab885')),
    lldpTlv(2, hex('04 09 0102')),
    lldpTlv(8, hex('05 01 c6120001 02 00000003 00')),
    lldpTlv(8, hex('07 06 001122334455 03 00000004 06 2b0601020304')),
    lldpTlv(8, hex('02 09 aa 01 00000001')),
    org(0x0080c2, 1, '0005'),
    org(0x0080c2, 2, '06 0007'),
    org(0x0080c2, 3, '000a 05 766c616e31'),
    org(0x0080c2, 4, '02 88cc'),
    org(0x0080c2, 7, '03 00000005'),
    org(0x0080c2, 8, 'a5 0f'),
    org(0x0080c2, 9, 'c3 01234567 0a141e28323c4650 0001020304050607'),
    org(0x0080c2, 10, '00 76543210 0a0a0a0a0a0a0a28 0202020202020202'),
    org(0x0080c2, 11, 'c8 81'),
    org(0x0080c2, 12, '00 a1 0cea 62 0050'),
    org(0x0080c2, 13, 'ff 1d 45 9f c4'),
    org(0x0080c2, 14, 'b8 00 0fff 001002 002003'),
    org(0x0080c2, 42, '0102'),
    org(0x00120f, 1, '03 6c03 0010'),
    org(0x00120f, 2, '0f 01 03'),
    org(0x00120f, 3, '01 00000009'),
    org(0x00120f, 4, '05ee'),
    org(0x00120f, 9, '00'),
    org(0x0012bb, 1, '0033 03'),
    org(0x0012bb, 2, '01 40c8 2e00'),
    org(0x0012bb, 3, '01 28e5 6f2a 1b 4d18 e800 00 2f0000 01'),
    org(0x0012bb, 3, '02 10 02 5553 01 05 42617965 06 04 4d61696e 00 01'),
    org(0x0012bb, 3, '03 3132333435'),
    org(0x0012bb, 3, '09 0102'),
    org(0x0012bb, 4, '53 00fa'),
    org(0x0012bb, 4, '10 0400'),
    org(0x0012bb, 5, '72657620312e30'),
    org(0x0012bb, 11, '61737365742d37'),
    org(0x0012bb, 20, '0102'),
    org(0x00005e, 1, '68747470733a2f2f6d7564'),
    org(0x00005e, 2, '01020304'),
    org(0x001b21, 2, '020a 0102 00000001 00000002 0411 0203 e0 00 12345678 0a141e28323c4650 08 0606 0102 a0 00 ff 08 0810 0102 c000 88cc 800000 0c 0050 000000 01 0c02 0102'),
    org(0x001b21, 1, '0102'),
    org(0x123456, 1, '0102'),
    lldpTlv(0, Buffer.alloc(0)),
  ])));
  add('lldp mgmt short', frameOf(0x88cc, Buffer.concat([lldpTlv(8, hex('05 01 c6120001 02 0000'))])));
  add('lldp network addr short', frameOf(0x88cc, Buffer.concat([lldpTlv(1, hex('05 01 c612'))])));
  add('lldp dcbx inner too long', frameOf(0x88cc, Buffer.concat([org(0x001b21, 2, '0220 0102'), lldpTlv(5, text('x'))])));
  add('lldp truncated tlv', frameOf(0x88cc, Buffer.concat([lldpTlv(5, text('sw')), u16((5 << 9) | 40), text('abc')])));
  add('lldp no end', frameOf(0x88cc, Buffer.concat([lldpTlv(3, u16(60)), lldpTlv(5, text('name\x00tail'))])));
  add('eapol start', frameOf(0x888e, hex('0101 0000'), '01:80:c2:00:00:03'));
  add('eapol logoff', frameOf(0x888e, hex('0102 0000'), '01:80:c2:00:00:03'));
  add('eapol key', frameOf(0x888e, hex('0203 005f 02'), '01:80:c2:00:00:03'));
  add('eapol unknown', frameOf(0x888e, hex('0309 0000'), '01:80:c2:00:00:03'));
  add('eap empty', frameOf(0x888e, hex('0100 0000'), '01:80:c2:00:00:03'));
  const eap = (name: string, body: string): void => {
    const b = hex(body);
    add(name, frameOf(0x888e, Buffer.concat([hex('0100'), u16(b.length), b]), '01:80:c2:00:00:03'));
  };
  eap('eap identity empty', '0101 0005 01');
  eap('eap identity', '0201 000a 01 75736572');
  eap('eap notification', '0102 0009 02 68692100');
  eap('eap notification short', '0102 0005 02');
  eap('eap nak', '0203 0008 03 0d 15 63');
  eap('eap tls', '0104 000a 0d a0 00001000');
  eap('eap tls short length', '0104 0008 0d 80 0000');
  eap('eap ttls', '0105 0006 15 21');
  eap('eap fast', '0106 000a 2b 81 00000020');
  eap('eap sim', '0107 0008 12 0a 0000');
  eap('eap aka', '0107 0008 17 03 0000');
  eap('eap md5', '0108 0016 04 10 00112233445566778899aabbccddeeff');
  eap('eap success', '0309 0004');
  eap('eap short header', '0309 0002');
  eap('eap fragment', '0101 0040 01 41');
  eap('eap request too short', '0101 0004');
  add('eap cut inside', truncate(frameOf(0x888e, hex('0100 000a 0201 000a 01 75736572'), '01:80:c2:00:00:03'), 24));
  // Cut after every byte (from the type field on).
  const cuts = ['llc info', 'llc xid fi', 'snap ipv4', 'stp config', 'rstp', 'mstp', 'pvst', 'cdp full', 'dtp', 'udld', 'mpls stack v6', 'pads', 'lcp echo', 'pap request', 'chap challenge', 'ppp ipv4', 'lcp conf-request options', 'ipcp request', 'lldp', 'eapol key', 'eap tls', 'ppp hdlc ipv4', 'ppp hdlc lcp', 'vtp subset', 'isis l1 lan iih', 'isis l2 lsp', 'clnp data', 'esis ish', 'lldp -v everything', 'ipx raw sap resp', 'ipx 802.2', 'ipx raw rip resp'];
  for (const name of cuts) {
    const row = r.find((x) => x.name === name)!;
    for (let n = 12; n < row.frame.length; n++) add(`${name} cut ${n}`, truncate(row.frame, n), row.brief);
  }
  return r;
}

let dir = '';
test.before(() => {
  requireTcpdump('format-link.test.ts');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-link-'));
});
test.after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('link-layer lines = tcpdump -n (default, -q, -e, -v, -vv, -e -v), whole and cut', () => {
  const all = rows();
  const modes = [MODE.plain, MODE.quick, MODE.link, MODE.v, MODE.vv, MODE.linkV];
  const results = compareWithTcpdump(path.join(dir, 'link.pcap'), all.map((r) => r.frame), modes, {
    name: (i) => all[i]!.name,
    skip: (i, mode) => !!all[i]!.brief && !!mode.opts.verbose,
  });
  assertSameAsTcpdump(results, 10);
  for (const { mode, expected } of results) {
    // tcpdump decoded them (the comparison is not of two fallbacks).
    for (const word of ['STP 802.1d', 'CDPv2', 'MPLS (label', 'PPPoE PADI', 'PPPoE  [ses', 'LLDP, length', 'EAPOL start', 'Unnumbered, ', 'ipx-sap-resp 0004', '(NOV-ETHII) ']) {
      assert.ok(expected.some((l) => l.includes(word)), `tcpdump ${mode.flags.join(' ')} printed no "${word}"`);
    }
    if (!mode.opts.verbose) {
      for (const word of ['L1 Lan IIH, src-id', ', Data, length', 'ESH, length']) {
        assert.ok(expected.some((l) => l.includes(word)), `tcpdump ${mode.flags.join(' ')} printed no "${word}"`);
      }
    }
    if (mode.opts.verbose) {
      for (const word of ['Magic-Num Option', 'End-Disc Option', 'MSTI 3', 'Type Identity', 'Enabled Capabilities', 'Rejected IP6CP', 'MAU type 100BASETX fdx', 'PgId_7', 'CA type', 'Pri-DNS Option', 'Deflate Option', 'Interface-ID Option', 'Pruning TLV (0x0006) TLV, Enabled']) {
        assert.ok(expected.some((l) => l.includes(word)), `tcpdump ${mode.flags.join(' ')} printed no "${word}"`);
      }
    }
  }
  const compared = results.reduce((n, r) => n + r.compared, 0);
  console.log(`  format-link: ${all.length} frames, ${compared} lines compared over ${modes.length} modes`);
});

test('a frame read in place amid other bytes (formatAt) prints as format() does', () => {
  // Bytes around the frame that a printer reading outside it would trip on (0x7e: PPP's flag).
  const compared = assertInPlaceSame(rows().map((r) => r.frame), [{}, { link: true }, { verbose: 1 }, { verbose: 2, link: true }, { quick: true }], { before: 0x7e, after: 0xaa });
  assert.ok(compared > 10_000, `${compared} lines`);
});

test.run();
