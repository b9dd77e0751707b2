/**
 * EtherTypes decoded by runtime/format's decnet.ts, geonet.ts, tipc.ts, macsec.ts, atalk.ts,
 * loopback.ts, cfm.ts, slow.ts, aoe.ts, nsh.ts, mpcp.ts, realtek.ts and arista.ts against
 * tcpdump 4.99 (default, -q, -e, -v, -vv, -vvv, -e -v, -q -e; -x, -q -x and -e -X for where the
 * dumps start), on frames built here: DECnet routing control messages and NSP over short and long
 * headers (padding, invalid lengths), GeoNetworking and CALM FAST (also inside SNAP), TIPC
 * payload, internal and neighbour detection messages, MACsec SecTAGs (encrypted, clear with IPv4
 * and VLAN inside, short lengths, invalid), AppleTalk DDP (ATP, NBP, others; inside SNAP) and
 * AARP, Ethernet loopback, MS NLB heartbeats, CFM (CCM, LTM, LTR, LBM, TLVs), Slow Protocols
 * (LACP, Marker, OAM), ATA over Ethernet, NSH (also in VXLAN-GPE), MPCP, Realtek (RRCP, REP,
 * RLDP), Arista's timestamp header, RFC 2684 bridged Ethernet in SNAP, AppleTalk and IPX in GRE,
 * and the EtherTypes tcpdump names but prints as data; each whole and many cut after every byte,
 * so that tcpdump's `[|proto]` markers are checked. tcpdump missing is a failure.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OutputPrinter } from '../runtime/output.js';
import { eth, hex, ipv4, truncate, udp, wireLength } from './lib/packets.js';
import { assertInPlaceSame, assertSameAsTcpdump, BASE_NS, compareWithTcpdump, MODE, requireTcpdump, tcpdumpPackets } from './lib/tcpdump.js';

process.env.TZ = 'UTC';

interface Row {
  name: string;
  frame: Buffer;
  /** Compared without -v only: OSI inside GRE, which tcpdump decodes in full with -v and runtime/format only without it. */
  brief?: boolean;
}

const SRC = '00:0c:42:6d:54:db';
const DST = 'ab:00:00:03:00:00';

const frameOf = (type: number, body: Buffer, dst = DST): Buffer => eth({ src: SRC, dst, type }, body);
const le16 = (n: number): Buffer => Buffer.from([n & 0xff, n >> 8]);
const be16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const be32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
const cat = (...parts: (Buffer | number[])[]): Buffer => Buffer.concat(parts.map((p) => Buffer.from(p)));
/** A DECnet address area.node, little-endian. */
const dn = (area: number, node: number): Buffer => le16((area << 10) | node);

/** A DECnet packet: the little-endian length of `body` first (or `pktlen`). */
const decnet = (body: Buffer, pktlen = body.length): Buffer => cat(le16(pktlen), body);

/** A short data header (flags, dst, src, visits) and the NSP message. */
const shortData = (nsp: Buffer, flags = 0x02, visits = 3): Buffer => cat([flags], dn(1, 5), dn(2, 7), [visits], nsp);

/** An 802.3 frame carrying a SNAP header with `oui` and `pid`. */
function snapFrame(oui: number, pid: number, body: Buffer): Buffer {
  const payload = cat([0xaa, 0xaa, 0x03, oui >> 16, (oui >> 8) & 0xff, oui & 0xff], be16(pid), body);
  return cat(hex(DST), hex(SRC), be16(payload.length), payload);
}

function rows(): Row[] {
  const r: Row[] = [];
  const add = (name: string, frame: Buffer, brief?: boolean): void => {
    r.push({ name, frame, brief });
  };

  // DECnet routing control messages.
  const ehello = cat([0x0d, 2, 0, 0], hex('aa00 0400 0104'), [0x03], le16(1498), [0], Buffer.alloc(8), hex('aa00 0400 0108'), le16(10), [0, 0xaa]);
  add('decnet endnode hello', frameOf(0x6003, decnet(ehello)));
  add('decnet endnode hello padded', frameOf(0x6003, cat(decnet(ehello), Buffer.alloc(12))));
  const rhello = cat([0x0b, 2, 0, 0], hex('aa00 0400 0304'), [0x62], le16(1498), [64, 0], le16(15), [0], hex('0000 0000'));
  add('decnet router hello', frameOf(0x6003, decnet(rhello)));
  add('decnet init', frameOf(0x6003, decnet(cat([0x01], dn(1, 9), [0x0e], le16(576), [2, 0, 0], le16(15), [0]))));
  add('decnet verification', frameOf(0x6003, decnet(cat([0x03], dn(3, 1), [0o17, 0, 0]))));
  add('decnet test', frameOf(0x6003, decnet(cat([0x05], dn(3, 1), [0xaa, 0xaa, 0xaa]))));
  const routes = cat(le16(4), le16(1), le16((2 << 10) | 5), le16(2), le16(10), le16((31 << 10) | 0x1ff), le16(2000), le16(3), le16(7), le16(0xbeef));
  add('decnet level 1 routing', frameOf(0x6003, decnet(cat([0x07], dn(1, 1), [0], routes))));
  add('decnet level 2 routing', frameOf(0x6003, decnet(cat([0x09], dn(1, 1), [0], routes))));
  add('decnet unknown control', frameOf(0x6003, decnet(cat([0x0f], hex('0102 0304 0506')))));
  add('decnet init too short', frameOf(0x6003, decnet(cat([0x01], dn(1, 9), [0x0e, 0, 0, 0]))));
  add('decnet endnode hello too short', frameOf(0x6003, decnet(ehello.subarray(0, 20))));
  // NSP over short and long data headers.
  const nsp = (flags: number, body: Buffer | number[] = []): Buffer => cat([flags], le16(0x1234), le16(0x0567), body);
  const nsps: [string, Buffer][] = [
    ['data bom', nsp(0x20, le16(17))],
    ['data ack oack', nsp(0x60, cat(le16(0x8000 | 5), le16(0xa000 | 6), le16(7), hex('68656c6c6f')))],
    ['data nak onak', nsp(0x40, cat(le16(0x9000 | 5), le16(0xb000 | 6), le16(7)))],
    ['data ack only', nsp(0x00, cat(le16(0x8000 | 5), le16(9)))],
    ['data too short', nsp(0x20)],
    ['intr', nsp(0x30, cat(le16(0x8000 | 1), le16(0xa000 | 2), le16(3), [1, 2]))],
    ['link service data', nsp(0x10, cat(le16(0x8000 | 1), le16(0xb000 | 2), le16(3), [0x01, 4]))],
    ['link service send', nsp(0x10, cat(le16(4), le16(0), le16(0), [0x02, 1]))],
    ['link service fcmod', nsp(0x10, cat(le16(4), le16(0), le16(0), [0x03, 1]))],
    ['link service intr', nsp(0x10, cat(le16(4), le16(0), le16(0), [0x04, 2]))],
    ['link service reserved', nsp(0x10, cat(le16(4), le16(0), le16(0), [0x0c, 2]))],
    ['link service short', nsp(0x10, cat(le16(4)))],
    ['data reserved subtype', nsp(0x50)],
    ['data-ack', nsp(0x04, cat(le16(0x8000 | 3), le16(0xa000 | 4)))],
    ['ils-ack', nsp(0x14, cat(le16(0x9000 | 3), le16(0xb000 | 4)))],
    ['data-ack short', nsp(0x04, le16(0x8000 | 3))],
    ['conn-ack', cat([0x24], le16(0x1234))],
    ['ack reserved', nsp(0x34)],
    ['conn-initiate', nsp(0x18, cat([0x05, 0x02], le16(1459), [1, 2, 3]))],
    ['retrans conn-initiate', nsp(0x68, cat([0x09, 0x01], le16(230)))],
    ['conn-confirm', nsp(0x28, cat([0x01, 0x03], le16(1459), [4]))],
    ['conn-confirm no options', nsp(0x28, cat([0x0c, 0x00], le16(512), [0]))],
    ['disconn-initiate', nsp(0x38, cat(le16(9), [3, 1, 2, 3]))],
    ['disconn-initiate unknown reason', nsp(0x38, cat(le16(99), [0]))],
    ['disconn-confirm', nsp(0x48, le16(42))],
    ['ctl reserved', nsp(0x78)],
    ['reserved type', nsp(0x0c)],
    ['nsp too short', cat([0x20], le16(1))],
  ];
  for (const [name, m] of nsps) add(`decnet nsp ${name}`, frameOf(0x6003, decnet(shortData(m))));
  add('decnet short header flags', frameOf(0x6003, decnet(shortData(nsps[1]![1], 0x3a))));
  const longHdr = cat([0x26, 0, 0], hex('aa00 0400'), dn(1, 5), [0, 0], hex('aa00 0400'), dn(2, 7), [0, 9, 0, 0]);
  add('decnet long header', frameOf(0x6003, decnet(cat(longHdr, nsps[0]![1]))));
  add('decnet long header too short', frameOf(0x6003, decnet(longHdr.subarray(0, 12))));
  add('decnet padding', frameOf(0x6003, decnet(cat([0x83, 0, 0], shortData(nsps[5]![1])))));
  add('decnet padding too long', frameOf(0x6003, decnet(cat([0xa0, 0, 0, 0, 0, 0]))));
  add('decnet future version', frameOf(0x6003, decnet(cat([0x42], hex('0102 0304 0506')))));
  add('decnet unknown mask', frameOf(0x6003, decnet(cat([0x04], hex('0102 0304 0506')))));
  add('decnet pktlen too small', frameOf(0x6003, decnet(cat([0x02], hex('0102 0304 0506')), 3)));
  add('decnet pktlen too large', frameOf(0x6003, decnet(cat([0x02], hex('0102 0304 0506')), 300)));
  add('decnet too short', frameOf(0x6003, hex('0300 02')));
  add('decnet in snap', snapFrame(0, 0x6003, decnet(ehello)));

  // GeoNetworking and CALM FAST.
  const gnCommon = (nh: number, ht: number, payload: number, rest: Buffer = Buffer.alloc(0)): Buffer =>
    cat([0x00 | nh, ht, 0, 0], be16(payload), [0, 1], hex('0000 000c 426d 54db'), be32(0x11223344), be32(514769562), be32(56597275), Buffer.alloc(8), rest);
  const btp = cat(be16(2001), be16(0), [1, 2, 3, 4, 5]);
  add('geonet beacon', frameOf(0x8947, gnCommon(0, 0x10, 0), 'ff:ff:ff:ff:ff:ff'));
  add('geonet tsb single hop btp-b cam', frameOf(0x8947, gnCommon(2, 0x50, btp.length, btp), 'ff:ff:ff:ff:ff:ff'));
  add('geonet tsb multi hop btp-a', frameOf(0x8947, gnCommon(1, 0x51, 36, cat(Buffer.alloc(32, 7), be16(2002), be16(2003), [1, 150])), 'ff:ff:ff:ff:ff:ff'));
  add('geonet btp short', frameOf(0x8947, gnCommon(1, 0x50, 2, be16(2001))));
  add('geonet btp no its header', frameOf(0x8947, gnCommon(2, 0x50, 5, cat(be16(2001), be16(0), [1]))));
  add('geonet multi hop too short', frameOf(0x8947, gnCommon(1, 0x51, 4, Buffer.alloc(10))));
  add('geonet geobroadcast', frameOf(0x8947, gnCommon(1, 0x41, 8, Buffer.alloc(20, 3))));
  add('geonet unknown types', frameOf(0x8947, gnCommon(7, 0x93, 0, Buffer.alloc(4))));
  add('geonet locservice', frameOf(0x0707, gnCommon(3, 0x61, 0, Buffer.alloc(4))));
  add('geonet unicast its unknown', frameOf(0x8947, gnCommon(1, 0x20, 6, cat(be16(1), be16(2), [2, 77]))));
  add('geonet too short', frameOf(0x8947, hex('0010 0000 0000 0001')));
  add('geonet in snap', snapFrame(0, 0x8947, gnCommon(2, 0x50, btp.length, btp)));
  add('calm fast', frameOf(0x1111, hex('0102 0304 0506')));
  add('calm fast short', frameOf(0x1111, hex('01')));
  add('calm fast in snap', snapFrame(0, 0x1111, hex('0102 0304')));

  // TIPC.
  const tipcW0 = (user: number, hsize: number, msize: number, ver = 2): Buffer => be32((ver << 29) | (user << 25) | (hsize << 21) | msize);
  const tipcWords = (...w: number[]): Buffer => cat(...w.map(be32));
  add('tipc payload short header', frameOf(0x88ca, cat(tipcW0(0, 6, 40), tipcWords(0x4000_0010, 0x0005_0006, 0x0100_1001, 1234, 5678), Buffer.alloc(16))));
  add('tipc payload named', frameOf(0x88ca, cat(tipcW0(2, 10, 60), tipcWords(0x4000_0011, 0x0003_0004, 0x0100_1001, 1234, 5678, 0x0100_1002, 0x0100_1003, 77, 0, 0), Buffer.alloc(20))));
  add('tipc name distributor', frameOf(0x88ca, cat(tipcW0(11, 10, 40), tipcWords(0x6000_0000, 0, 0x0100_1001, 0, 0, 0x0100_1002, 0x0100_1003, 0, 0, 0))));
  add('tipc link config', frameOf(0x88ca, cat(tipcW0(13, 9, 60), tipcWords(0x2000_1234, 0x0100_0000, 0x0100_1001, 4711, 1), Buffer.alloc(16))));
  add('tipc link state', frameOf(0x88ca, cat(tipcW0(7, 10, 40), tipcWords(0x8123_0045, 0x0006_0007, 0x0100_1001, 0x0008_0009, 0x000a_0000, 0x0100_1002, 0x0100_1003, 99, 0x000b_000c))));
  add('tipc bundler', frameOf(0x88ca, cat(tipcW0(6, 10, 40), tipcWords(0, 0, 0, 0, 0, 0, 0, 0, 0))));
  add('tipc unknown user', frameOf(0x88ca, cat(tipcW0(4, 6, 24), tipcWords(0, 0, 0, 0, 0))));
  add('tipc in snap', snapFrame(0, 0x88ca, cat(tipcW0(0, 6, 24), tipcWords(0x4000_0010, 0, 0x0100_1001, 1, 2))));

  // MACsec.
  const udpIp = hex('4500 0024 0001 0000 4011 0000 c000 0201 c000 0202 04d2 162e 0010 0000 6162 6364 6566 6768');
  const icv = Buffer.alloc(16, 0xee);
  add('macsec encrypted sci', frameOf(0x88e5, cat([0x2c, 0], be32(77), hex('0012 3456 789a 0001'), Buffer.alloc(40, 0x5a), icv)));
  add('macsec encrypted no sci', frameOf(0x88e5, cat([0x49, 0], be32(1), Buffer.alloc(20, 0x33))));
  add('macsec clear ipv4', frameOf(0x88e5, cat([0x20, 0], be32(5), hex('0012 3456 789a 0001'), be16(0x0800), udpIp, icv)));
  add('macsec clear short length', frameOf(0x88e5, cat([0x52, 38], be32(6), be16(0x0800), udpIp, Buffer.alloc(4), icv)));
  add('macsec clear vlan', frameOf(0x88e5, cat([0x00, 0], be32(7), be16(0x8100), be16(0x2005), be16(0x0800), udpIp, icv)));
  add('macsec clear unknown type', frameOf(0x88e5, cat([0x00, 0], be32(7), be16(0x88b5), Buffer.alloc(6, 1), icv)));
  add('macsec clear 802.3', frameOf(0x88e5, cat([0x00, 0], be32(7), be16(7), hex('4242 0300 0000 00'), icv)));
  add('macsec invalid version', frameOf(0x88e5, cat([0x80, 0], be32(7), Buffer.alloc(30))));
  add('macsec invalid short length', frameOf(0x88e5, cat([0x00, 0x40], be32(7), Buffer.alloc(30))));
  add('macsec no room for icv', frameOf(0x88e5, cat([0x00, 0], be32(7), be16(0x0800), Buffer.alloc(6))));
  add('macsec short length too large', frameOf(0x88e5, cat([0x00, 40], be32(7), be16(0x0800), Buffer.alloc(20), icv)));
  add('macsec short length one', frameOf(0x88e5, cat([0x00, 1], be32(7), be16(0x0800), icv)));

  // AppleTalk and AARP.
  const ddp = (type: number, body: Buffer, o: { snet?: number; snode?: number; sskt?: number } = {}): Buffer =>
    cat(be16(13 + body.length), be16(0), be16(0xff00), be16(o.snet ?? 0x1234), [255, o.snode ?? 42, 2, o.sskt ?? 253, type], body);
  const atp = (control: number, bitmap: number, tid: number, user = 0, data: Buffer = Buffer.alloc(0)): Buffer => cat([control, bitmap], be16(tid), be32(user), data);
  const cstr = (s: string): Buffer => cat([s.length], Buffer.from(s, 'latin1'));
  const tuple = (net: number, node: number, skt: number, en: number, o: string, t: string, z: string): Buffer => cat(be16(net), [node, skt, en], cstr(o), cstr(t), cstr(z));
  add('atalk atp request', frameOf(0x809b, ddp(3, atp(0x40, 0xff, 1234))));
  add('atalk atp request xo data', frameOf(0x809b, ddp(3, atp(0x78, 0x05, 1, 0x01020304, hex('0102')))));
  add('atalk atp response', frameOf(0x809b, ddp(3, atp(0x90, 0x03, 99, 0, Buffer.alloc(20)))));
  add('atalk atp response flags', frameOf(0x809b, ddp(3, atp(0xa8, 0x01, 99))));
  add('atalk atp release', frameOf(0x809b, ddp(3, atp(0xc0, 0x01, 77))));
  add('atalk atp release flags', frameOf(0x809b, ddp(3, atp(0xf8, 0x00, 77, 0, hex('01')))));
  add('atalk atp other', frameOf(0x809b, ddp(3, atp(0x00, 0x00, 7))));
  add('atalk atp short', frameOf(0x809b, ddp(3, hex('4001 00'))));
  add('atalk nbp lookup', frameOf(0x809b, ddp(2, cat([0x21, 7], tuple(0x1234, 42, 253, 0, 'printer', 'LaserWriter', '*')))));
  add('atalk nbp broadcast anomalies', frameOf(0x809b, ddp(2, cat([0x12, 7], tuple(0x1000, 3, 4, 2, 'a', 'b', 'c')))));
  add('atalk nbp reply', frameOf(0x809b, ddp(2, cat([0x32, 8], tuple(0x1234, 42, 253, 1, 'x\u00e9', 'AFPServer', 'Zone'), tuple(0x1000, 9, 128, 3, 'y', 'T', '*')))));
  add('atalk nbp reply long name', frameOf(0x809b, ddp(2, cat([0x31, 8], be16(1), [2, 3, 1], [40], Buffer.alloc(40, 0x41)))));
  add('atalk nbp other', frameOf(0x809b, ddp(2, cat([0x52, 8], Buffer.alloc(10)))));
  add('atalk nbp short', frameOf(0x809b, ddp(2, cat([0x21, 8], Buffer.alloc(4)))));
  add('atalk rtmp', frameOf(0x809b, ddp(1, Buffer.alloc(10, 1))));
  add('atalk unknown type', frameOf(0x809b, ddp(99, Buffer.alloc(3))));
  add('atalk ddp short', frameOf(0x809b, hex('0001 0002 0003')));
  add('atalk in snap', snapFrame(0x080007, 0x809b, ddp(3, atp(0x40, 0x01, 5))));
  const aarp = (op: number, o: { htype?: number; halen?: number } = {}): Buffer =>
    cat(be16(o.htype ?? 1), be16(0x809b), [o.halen ?? 6, 4], be16(op), hex('0800 0701 0203'), [0, 0x12, 0x34, 42], hex('0000 0000 0000'), [0, 0xff, 0x00, 7]);
  add('aarp request', frameOf(0x80f3, aarp(1), 'ff:ff:ff:ff:ff:ff'));
  add('aarp reply', frameOf(0x80f3, aarp(2)));
  add('aarp probe', frameOf(0x80f3, aarp(3)));
  add('aarp unknown op', frameOf(0x80f3, aarp(9)));
  add('aarp other htype', frameOf(0x80f3, aarp(1, { htype: 6 })));
  add('aarp in snap', snapFrame(0, 0x80f3, aarp(1)));

  // Loopback and MS NLB.
  add('loopback reply', frameOf(0x9000, cat(le16(0), le16(1), le16(7), Buffer.alloc(10, 0x61))));
  add('loopback forward', frameOf(0x9000, cat(le16(8), hex('0000 0000 0000 0000'), le16(2), hex('0000 0c07 ac01'), le16(1), le16(7), Buffer.alloc(4)), 'cf:00:00:00:00:00'));
  add('loopback bogus skip', frameOf(0x9000, cat(le16(3), hex('000000'), le16(5), Buffer.alloc(4))));
  add('loopback skip too large', frameOf(0x9000, cat(le16(64), Buffer.alloc(8))));
  add('loopback short message', frameOf(0x9000, cat(le16(0), [1])));
  add('loopback reply short', frameOf(0x9000, cat(le16(0), le16(1), [7])));
  add('loopback forward short', frameOf(0x9000, cat(le16(0), le16(2), hex('0000 0c'))));
  add('loopback too short', frameOf(0x9000, hex('00')));
  add('ms nlb heartbeat', frameOf(0x886f, cat(hex('0000 0000 0101 0000'), le16(3), le16(0), hex('0a00 0064 0a00 0065'), Buffer.alloc(20))));

  // CFM.
  const cfm = (opcode: number, flags: number, body: Buffer, tlvs: Buffer, o: { first?: number; level?: number; version?: number } = {}): Buffer =>
    cat([((o.level ?? 5) << 5) | (o.version ?? 0), opcode, flags, o.first ?? body.length], body, tlvs);
  const tlv = (type: number, value: Buffer): Buffer => cat([type], be16(value.length), value);
  const ccmNames = (md: Buffer, ma: Buffer): Buffer => {
    const names = Buffer.alloc(48);
    cat(md, ma).copy(names);
    return names;
  };
  const ccm = (flags: number, names: Buffer, tlvs: Buffer = Buffer.from([0])): Buffer =>
    cfm(1, flags, cat(be32(0x1234), be16(0x0042), names, Buffer.alloc(16)), tlvs);
  add('cfm ccm char names', frameOf(0x8902, ccm(0x84, ccmNames(cat([4, 6], Buffer.from('domain')), cat([2, 4], Buffer.from('asso'))), cat(tlv(2, hex('02')), tlv(3, hex('01')), [0])), '01:80:c2:00:00:35'));
  add('cfm ccm mac name', frameOf(0x8902, ccm(0x07, ccmNames(cat([3, 8], hex('0012 3456 789a 0001')), cat([3, 2], hex('0102'))))));
  add('cfm ccm mac name bad length', frameOf(0x8902, ccm(0x01, ccmNames(cat([3, 4], hex('0012 3456')), cat([1, 2], hex('0102'))))));
  add('cfm ccm no md name', frameOf(0x8902, ccm(0x03, ccmNames(hex('01'), cat([0, 3], hex('010203'))), tlv(31, hex('0080c2 07 aabb')))));
  add('cfm ccm name with nul', frameOf(0x8902, ccm(0x04, ccmNames(cat([4, 6], Buffer.from('dom\0in')), cat([2, 4], Buffer.from('as\0o'))))));
  add('cfm ccm dns and unknown ma', frameOf(0x8902, ccm(0x02, ccmNames(cat([2, 3], Buffer.from('a.b')), cat([9, 1], hex('ff'))))));
  add('cfm ccm md name too large', frameOf(0x8902, ccm(0x02, ccmNames(cat([4, 44], Buffer.alloc(44, 0x41)), Buffer.alloc(0)))));
  add('cfm ccm ma name too large', frameOf(0x8902, ccm(0x02, ccmNames(cat([4, 2], Buffer.from('ab')), cat([2, 60]), ))));
  add('cfm ccm first tlv small', frameOf(0x8902, cfm(1, 0, Buffer.alloc(70), Buffer.from([0]), { first: 20 })));
  add('cfm first tlv too large', frameOf(0x8902, cfm(1, 0, Buffer.alloc(10), Buffer.alloc(0), { first: 200 })));
  add('cfm ltm', frameOf(0x8902, cfm(5, 0x80, cat(be32(0xdeadbeef), [64], hex('0012 3456 789a'), hex('0012 3456 789b')), cat(tlv(7, hex('00 0012 3456 789a')), [0]))));
  add('cfm ltr', frameOf(0x8902, cfm(4, 0xe0, cat(be32(7), [63, 2]), cat(tlv(5, hex('01 0012 3456 789a')), [0]))));
  add('cfm ltr no flags', frameOf(0x8902, cfm(4, 0x00, cat(be32(7), [63, 9]), Buffer.from([0]))));
  add('cfm lbm data', frameOf(0x8902, cfm(3, 0, be32(99), cat(tlv(4, hex('0102 0304 05')), [0]))));
  add('cfm lbr', frameOf(0x8902, cfm(2, 0, be32(99), Buffer.from([0]))));
  add('cfm unknown opcode', frameOf(0x8902, cfm(47, 0, hex('0102 0304'), Buffer.from([0]), { level: 7 })));
  add('cfm v1', frameOf(0x8902, cfm(1, 0, Buffer.alloc(4), Buffer.alloc(0), { version: 1 })));
  add('cfm too short', frameOf(0x8902, hex('a0')));
  const sender = (chassis: Buffer, mgmt: Buffer = Buffer.alloc(0)): Buffer => tlv(1, cat(chassis, mgmt));
  add('cfm sender id mac', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([6, 4], hex('0012 3456 789a')), cat([3], hex('2b0601'), [4], hex('0a000001'))), [0]))));
  add('cfm sender id ipv4', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([5, 5, 1], hex('0a000001'))), [0]))));
  add('cfm sender id ipv6', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([17, 5, 2], hex('2001 0db8 0000 0000 0000 0000 0000 0001'))), [0]))));
  add('cfm sender id bad ipv4', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([3, 5, 1], hex('0a00'))), [0]))));
  add('cfm sender id other af', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([3, 5, 6], hex('0a00'))), [0]))));
  add('cfm sender id name', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([4, 7], Buffer.from('sw01'))), [0]))));
  add('cfm sender id bad mac', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([2, 4], hex('0012'))), [0]))));
  add('cfm sender id unknown type', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([2, 9], hex('0012'))), [0]))));
  add('cfm sender id no chassis', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([0], [2], hex('2b06'))), [0]))));
  add('cfm sender id chassis only length', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([4])), [0]))));
  add('cfm sender id chassis too long', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([9, 4], hex('0012'))), [0]))));
  add('cfm sender id domain too long', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([0], [9], hex('2b06'))), [0]))));
  add('cfm sender id no address length', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([0], [2], hex('2b06'))), [0]))));
  add('cfm sender id address too long', frameOf(0x8902, cfm(3, 0, be32(1), cat(sender(cat([0], [1], hex('2b'), [9], hex('0a00'))), [0]))));
  add('cfm sender id empty', frameOf(0x8902, cfm(3, 0, be32(1), cat(tlv(1, Buffer.alloc(0)), [0]))));
  add('cfm status empty', frameOf(0x8902, cfm(3, 0, be32(1), cat(tlv(2, Buffer.alloc(0)), [0]))));
  add('cfm org short', frameOf(0x8902, cfm(3, 0, be32(1), cat(tlv(31, hex('0080')), [0]))));
  add('cfm tlv too long', frameOf(0x8902, cfm(3, 0, be32(1), tlv(4, hex('0102')).subarray(0, 4))));
  add('cfm tlv header short', frameOf(0x8902, cfm(3, 0, be32(1), hex('04 00'))));
  add('cfm old ethertype', frameOf(0xabcd, cfm(3, 0, be32(1), Buffer.from([0]))));

  // Slow protocols: LACP, Marker, OAM.
  const actor = (type: number, state: number): Buffer => cat([type, 20], be16(32768), hex('0012 3456 789a'), be16(13), be16(255), be16(7), [state, 0, 0, 0]);
  const lacp = cat([1, 1], actor(1, 0x3d), actor(2, 0x00), cat([3, 16], be16(50), Buffer.alloc(12)), [0, 0], Buffer.alloc(50));
  add('lacp', frameOf(0x8809, lacp, '01:80:c2:00:00:02'));
  add('lacp bad actor length', frameOf(0x8809, cat([1, 1], [1, 10], Buffer.alloc(8), [3, 4], be16(7), [9, 4], be16(1), [0, 0])));
  add('lacp illegal tlv length', frameOf(0x8809, cat([1, 1], [1, 1], Buffer.alloc(20))));
  add('lacp tlv too long', frameOf(0x8809, cat([1, 1], [9, 200], Buffer.alloc(4))));
  add('lacp version 2', frameOf(0x8809, cat([1, 2], Buffer.alloc(20))));
  add('marker', frameOf(0x8809, cat([2, 1], [1, 16], be16(7), hex('0012 3456 789a'), be32(0xabcdef01), [0, 0], [2, 16], Buffer.alloc(14), [0, 0])));
  add('marker version 3', frameOf(0x8809, cat([2, 3], Buffer.alloc(4))));
  const oamInfo = (type: number): Buffer => cat([type, 16, 1], be16(2), [0x05, 0x1f], be16(1518), hex('0080c2'), be32(0x01020304));
  add('oam information', frameOf(0x8809, cat([3], be16(0x0058), [0], oamInfo(1), oamInfo(2), [0xfe, 6, 0, 0x80, 0xc2, 9], [0, 0])));
  add('oam information bad length', frameOf(0x8809, cat([3], be16(0x0001), [0], [1, 8], Buffer.alloc(6), [7, 3, 1])));
  add('oam information illegal tlv', frameOf(0x8809, cat([3], be16(0), [0], [1, 1], Buffer.alloc(6))));
  const linkEvent = (type: number): Buffer => cat([type, 40], be16(12), Buffer.from('00000000000000010000000000000002000000000000000300000000000000ff', 'hex'), be32(9));
  add('oam event notification', frameOf(0x8809, cat([3], be16(0x0002), [1], be16(77), linkEvent(1), linkEvent(4), [0xfe, 4, 1, 2], [9, 2], [0, 0])));
  add('oam event bad length', frameOf(0x8809, cat([3], be16(0), [1], be16(77), [2, 6], Buffer.alloc(4))));
  add('oam loopback control', frameOf(0x8809, cat([3], be16(0), [4], [1])));
  add('oam loopback control unknown', frameOf(0x8809, cat([3], be16(0x7f), [4], [9])));
  add('oam variable request', frameOf(0x8809, cat([3], be16(0), [2], hex('0700 0200'))));
  add('oam short', frameOf(0x8809, cat([3], be16(0))));
  add('slow unknown subtype', frameOf(0x8809, cat([10], hex('0019 a700 0110 0000 0001'))));
  add('slow empty', cat(hex(DST), hex(SRC), be16(0x8809)));

  // ATA over Ethernet.
  const aoeHdr = (flags: number, command: number, err = 0): Buffer => cat([0x10 | flags, err], be16(0x0102), [3, command], be32(0xdeadbeef));
  add('aoe ata', frameOf(0x88a2, cat(aoeHdr(0x08, 0), [0x53, 0, 1, 0xec, 1, 2, 3, 4, 5, 6, 0, 0], Buffer.alloc(20))));
  add('aoe ata short', frameOf(0x88a2, cat(aoeHdr(0, 0), [0x53, 0, 1])));
  add('aoe query', frameOf(0x88a2, cat(aoeHdr(0x0c, 1, 3), be16(16), be16(0x4019), [2, 0x12], be16(5), Buffer.from('conf\x01', 'latin1'))));
  add('aoe query bad length', frameOf(0x88a2, cat(aoeHdr(0x0c, 1, 9), be16(16), be16(0x4019), [2, 0x19], be16(50), Buffer.from('x'))));
  add('aoe mac mask', frameOf(0x88a2, cat(aoeHdr(0x03, 2), [0, 1, 2, 2], [0, 1], hex('0012 3456 789a'), [0, 7], hex('0012 3456 789b'))));
  add('aoe mac mask too many', frameOf(0x88a2, cat(aoeHdr(0, 2), [0, 5, 9, 3], Buffer.alloc(8))));
  add('aoe reserve', frameOf(0x88a2, cat(aoeHdr(0, 3), [1, 2], hex('0012 3456 789a 0012 3456 789b'))));
  add('aoe reserve bad count', frameOf(0x88a2, cat(aoeHdr(0, 3), [7, 3], hex('0012 3456 789a'))));
  add('aoe unknown command', frameOf(0x88a2, cat(aoeHdr(0, 9), Buffer.alloc(4))));
  add('aoe version 2', frameOf(0x88a2, cat([0x20, 0], Buffer.alloc(10))));
  add('aoe too short', frameOf(0x88a2, cat([0x10], Buffer.alloc(4))));

  // NSH.
  const nsh = (o: { ver?: number; flags?: number; ttl?: number; length: number; md: number; next: number }, rest: Buffer): Buffer =>
    cat(be32((((o.ver ?? 0) << 30) | ((o.flags ?? 0) << 28) | ((o.ttl ?? 63) << 22) | (o.length << 16) | (o.md << 8) | o.next) >>> 0), be32((0x00abcd << 8) | 0xfe), rest);
  const innerEth = eth({ src: '02:00:00:00:00:0a', dst: '02:00:00:00:00:0b', type: 0x0800 }, udpIp);
  add('nsh md1 ipv4', frameOf(0x894f, nsh({ flags: 2, length: 6, md: 1, next: 1 }, cat(be32(1), be32(2), be32(3), be32(0xffffffff), udpIp))));
  add('nsh md2 ethernet', frameOf(0x894f, nsh({ length: 5, md: 2, next: 3 }, cat(be16(0x0102), [3, 5], hex('0102 0304 0500 0000'), be16(9), [1, 0], innerEth))));
  add('nsh md2 tlv too long', frameOf(0x894f, nsh({ length: 3, md: 2, next: 1 }, cat(be16(1), [3, 9], Buffer.alloc(12)))));
  add('nsh md1 bad length', frameOf(0x894f, nsh({ length: 3, md: 1, next: 1 }, Buffer.alloc(8))));
  add('nsh unknown md ipv6', frameOf(0x894f, nsh({ length: 2, md: 15, next: 2 }, hex('6000 0000 0000 3b40 2001 0db8 0000 0000 0000 0000 0000 0001 2001 0db8 0000 0000 0000 0000 0000 0002'))));
  add('nsh unknown next', frameOf(0x894f, nsh({ length: 2, md: 0, next: 0x77 }, Buffer.alloc(4))));
  add('nsh version 1', frameOf(0x894f, nsh({ ver: 1, length: 2, md: 1, next: 1 }, Buffer.alloc(4))));
  add('nsh too many headers', frameOf(0x894f, nsh({ length: 40, md: 1, next: 1 }, Buffer.alloc(4))));
  add('nsh less than two', frameOf(0x894f, nsh({ length: 1, md: 1, next: 1 }, Buffer.alloc(4))));
  add('nsh too short', frameOf(0x894f, hex('0006 0101')));
  const gpe = (body: Buffer): Buffer => eth({ src: SRC, dst: DST }, ipv4({ src: '192.0.2.1', dst: '192.0.2.2' }, udp({ sport: 5000, dport: 4790, payload: cat([0x0c, 0, 0, 4], be32(0x00123400), body) })));
  add('vxlan-gpe nsh ipv4', gpe(nsh({ length: 6, md: 1, next: 1 }, cat(be32(1), be32(2), be32(3), be32(4), udpIp))));
  add('vxlan-gpe nsh ethernet', gpe(nsh({ length: 2, md: 2, next: 3 }, innerEth)));

  // MPCP.
  const mpcp = (op: number, body: Buffer | number[]): Buffer => cat(be16(op), be32(123456), body);
  add('mpcp pause', frameOf(0x8808, mpcp(1, Buffer.alloc(10))));
  add('mpcp gate', frameOf(0x8808, mpcp(2, cat([0x1a], be32(1000), be16(20), be32(2000), be16(30), be16(77)))));
  add('mpcp gate no flags', frameOf(0x8808, mpcp(2, cat([0x00], be16(5)))));
  add('mpcp report', frameOf(0x8808, mpcp(3, cat([3, 0x05], be16(100), be16(200), [0x80], be16(300), Buffer.alloc(4)))));
  add('mpcp register request', frameOf(0x8808, mpcp(4, [3, 9])));
  add('mpcp register', frameOf(0x8808, mpcp(5, cat(be16(17), [0x07], be16(400), [2]))));
  add('mpcp register ack', frameOf(0x8808, mpcp(6, cat([0x01], be16(17), be16(400)))));
  add('mpcp register ack nack', frameOf(0x8808, mpcp(6, cat([0x00], be16(17), be16(400)))));
  add('mpcp unknown', frameOf(0x8808, mpcp(9, hex('0102 0304 05'))));

  // Realtek.
  add('rrcp hello', frameOf(0x8899, hex('0100 2379')));
  add('rrcp hello reply', frameOf(0x8899, cat(hex('0180 2379 0304'), hex('0012 3456 789a'), be16(0x8316), be32(0x10ec0000))));
  add('rrcp get', frameOf(0x8899, cat(hex('0101 2379'), le16(0x0218), Buffer.from([4, 3, 2, 1]), be32(0xaabbccdd), be32(0x11223344))));
  add('rrcp set reply', frameOf(0x8899, cat(hex('0182 2379'), le16(0x0218), Buffer.from([4, 3, 2, 1]), be32(1), be32(2))));
  add('rrcp unknown opcode', frameOf(0x8899, hex('0105 2379')));
  for (const [name, b] of [['rep', 0x02], ['rldp', 0x03], ['rldp2', 0x23], ['dsa', 0x04], ['rtl8306 dsa', 0x93], ['rtl8366rb dsa', 0xa5], ['unknown', 0x55]] as const) {
    add(`realtek ${name}`, frameOf(0x8899, cat([b], Buffer.alloc(20))));
  }
  add('realtek in snap', snapFrame(0, 0x8899, hex('0100 2379')));

  // Arista's timestamp header, then the frame's own type field.
  add('arista 64-bit ipv4', frameOf(0xd28b, cat(be16(1), [0, 0x10], be32(1700000000), be32(1234567891), be16(0x0800), udpIp)));
  add('arista 48-bit utc r3 vlan', frameOf(0xd28b, cat(be16(1), [1, 0x21], be16(300), be32(2500000001), be16(0x8100), be16(0x0064), be16(0x0800), udpIp)));
  add('arista unknown subtype', frameOf(0xd28b, cat(be16(2), Buffer.alloc(12, 0x41))));
  add('arista unknown format', frameOf(0xd28b, cat(be16(1), [7, 0x37], Buffer.alloc(12))));
  add('arista then unknown type', frameOf(0xd28b, cat(be16(1), [0, 0x10], be32(1), be32(2), be16(0x88b5), Buffer.alloc(8, 3))));
  add('arista then arista', frameOf(0xd28b, cat(be16(1), [0, 0x20], be16(1), be32(2), be16(0xd28b), be16(1), [0, 0x10], be32(3), be32(4), be16(0x0806), Buffer.alloc(28))));
  add('arista after vlan', eth({ src: SRC, dst: DST, type: 0x8100 }, cat(be16(5), be16(0xd28b), be16(1), [0, 0x10], be32(1), be32(2), be16(0x0800), udpIp)));
  add('arista too short', cat(hex(DST), hex(SRC), be16(0xd28b), [0]));

  // EtherTypes tcpdump names but prints as data, also inside SNAP.
  for (const type of [0x6001, 0x6002, 0x6004, 0x6007, 0x893a, 0x88e5]) {
    add(`plain ${type.toString(16)}`, frameOf(type, hex('0102 0304 0506 0708 090a')));
    add(`plain ${type.toString(16)} in snap`, snapFrame(0, type, hex('0102 0304 0506 0708 090a')));
  }

  // RFC 2684 bridged Ethernet inside SNAP (two bytes of padding, then the frame), and 802.6, which
  // tcpdump leaves as data (bridged Token Ring and FDDI frames, which it decodes with printers
  // runtime/format does not have, are not compared).
  add('bridged ethernet', snapFrame(0x0080c2, 0x0007, cat([0, 0], innerEth)));
  add('bridged ethernet fcs', snapFrame(0x0080c2, 0x0001, cat([0, 0], innerEth, hex('01020304'))));
  add('bridged ethernet short', snapFrame(0x0080c2, 0x0007, hex('00')));
  // Novell's raw 802.3 IPX whose header looks like an OSI UI frame (0xffff 0x03...): IPX, also with -v.
  add('raw ipx like osi', cat(hex(DST), hex(SRC), be16(18), hex('ffff 0300 0026 1111 ff02 0300 0000 0000 0000 0000'), Buffer.alloc(10)));
  add('bridged 802.6', snapFrame(0x0080c2, 0x000b, hex('0000 1040 0102 0304 0506')));

  // AppleTalk, IPX and OSI inside GRE (tcpdump's GRE printer calls their printers itself; OSI
  // only without -v, as runtime/format decodes it).
  const greOf = (prot: number, body: Buffer): Buffer => eth({ src: SRC, dst: DST }, ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 47 }, cat(be16(0), be16(prot), body)));
  add('gre appletalk', greOf(0x809b, ddp(3, atp(0x40, 0x07, 42))));
  add('gre appletalk short', greOf(0x809b, hex('0001 0002')));
  const ipxPkt = cat(be16(0xffff), be16(40), [0, 4], be32(1), hex('0000 0000 0001'), be16(0x0452), be32(2), hex('0000 0000 0002'), be16(0x4000), be16(2), be16(4), Buffer.alloc(6));
  add('gre ipx', greOf(0x8137, ipxPkt));
  const esh = hex('8210 0100 0200 0a00 0001 0549 0001 0001');
  add('gre osi', greOf(0x00fe, esh), true);

  // Cut after every byte from the type field on.
  const cuts = [
    'decnet endnode hello', 'decnet router hello', 'decnet init', 'decnet level 1 routing', 'decnet unknown control', 'decnet nsp data ack oack',
    'decnet nsp intr', 'decnet nsp link service data', 'decnet nsp data-ack', 'decnet nsp conn-confirm', 'decnet nsp disconn-initiate', 'decnet nsp disconn-confirm',
    'decnet long header', 'decnet padding', 'decnet future version', 'decnet in snap', 'geonet tsb single hop btp-b cam', 'geonet tsb multi hop btp-a',
    'geonet in snap', 'calm fast', 'tipc payload named', 'tipc link config', 'tipc link state', 'macsec encrypted sci', 'macsec clear ipv4',
    'macsec clear short length', 'macsec clear vlan', 'atalk atp request xo data', 'atalk nbp lookup', 'atalk nbp reply', 'atalk in snap', 'aarp reply',
    'loopback forward', 'ms nlb heartbeat', 'cfm ccm char names', 'cfm ccm mac name', 'cfm ltm', 'cfm ltr', 'cfm lbm data', 'cfm sender id mac', 'cfm sender id ipv6',
    'lacp', 'marker', 'oam information', 'oam event notification', 'oam loopback control', 'aoe ata', 'aoe query', 'aoe mac mask', 'aoe reserve', 'nsh md1 ipv4', 'nsh md2 ethernet', 'vxlan-gpe nsh ipv4', 'mpcp gate', 'mpcp report', 'mpcp register', 'rrcp hello reply', 'rrcp get', 'arista 64-bit ipv4', 'arista 48-bit utc r3 vlan', 'arista then arista', 'bridged ethernet', 'gre appletalk', 'gre ipx', 'gre osi',
  ];
  for (const name of cuts) {
    const row = r.find((x) => x.name === name);
    if (!row) throw new Error(`no row ${name}`);
    for (let n = 12; n < row.frame.length; n++) add(`${name} cut ${n}`, truncate(row.frame, n), row.brief);
  }
  return r;
}

let dir = '';
test.before(() => {
  requireTcpdump('format-ethertypes.test.ts');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-ethertypes-'));
});
test.after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('DECnet, GeoNet, CALM FAST, TIPC, MACsec, AppleTalk, AARP, loopback, MS NLB, CFM, slow protocols, AoE, NSH, MPCP, Realtek and Arista lines = tcpdump -n, whole and cut', () => {
  const all = rows();
  const modes = [MODE.plain, MODE.quick, MODE.link, MODE.v, MODE.vv, MODE.vvv, MODE.linkV, { flags: ['-q', '-e'], opts: { quick: true, link: true } }];
  const results = compareWithTcpdump(path.join(dir, 'ethertypes.pcap'), all.map((x) => x.frame), modes, {
    name: (i) => all[i]!.name,
    skip: (i, mode) => !!all[i]!.brief && !!mode.opts.verbose,
  });
  assertSameAsTcpdump(results);
  // tcpdump decoded them (the comparison is not of two fallbacks).
  for (const res of results) {
    const words = ['SubType Timestamp (0x0001), Timescale TAI (0), Format 64-bit (1), HwInfo R/R2 (0), Timestamp 2023-11-14 22:13:21.234567891: ', 'MPCP, Opcode Gate', 'RRCP reply: hello', 'service-path-id 0x00abcd, service-index 0xfe', 'LACPv1, length', 'OAM, length', 'AoE length', 'endnode-hello', 'lev-2-routing', 'conn-confirm', 'GeoNet src:', 'CALM FAST src:', 'TIPC v2.0', 'aarp who-has', 'atp-req', 'nbp-reply', 'Loopback, skipCount', 'MS NLB heartbeat', 'CFMv0 Continuity Check Message'];
    if (res.mode.opts.link) words.push('802.1AE MACsec (0x88e5), length', 'an 0, pn 77, flags ECI, sci 00123456789a0001');
    else words.push('802.1AE MACsec, an 0, pn 77');
    if (res.mode.opts.verbose) words.push('Management Address Domain: ', 'Chassis-ID Type MAC address', 'Replay-Action Filtering DB', 'Previous Node', 'State Flags [Activity, Aggregation, Synchronization, Collecting, Distributing]', 'Errored Frame Seconds Summary Event', 'Config String (length 5)', 'Q8 Report, Duration 300 ticks');
    for (const w of words) assert.ok(res.expected.some((l) => l.includes(w)), `tcpdump ${res.mode.flags.join(' ')} printed no "${w}"`);
  }
  console.log(`  format-ethertypes: ${all.length} frames, ${results.reduce((n, x) => n + x.compared, 0)} lines compared over ${modes.length} modes`);
});

test('-x and -q -x dumps start where tcpdump starts them (link-layer header, or the frame after a give-up)', () => {
  const all = rows();
  const file = path.join(dir, 'ethertypes-x.pcap');
  // compareWithTcpdump wrote the frames in the first test; write them again here (each test stands alone).
  compareWithTcpdump(file, all.map((x) => x.frame), []);
  for (const [flags, opts] of [
    [['-x'], { hex: 1 }],
    [['-q', '-x'], { hex: 1, quick: true }],
    [['-e', '-X'], { hexAscii: 1, link: true }],
  ] as const) {
    const expected = tcpdumpPackets(file, [...flags]);
    assert.is(expected.length, all.length);
    const printer = new OutputPrinter({ t: 0, ...opts });
    const diffs: string[] = [];
    all.forEach((row, i) => {
      const got = printer.format({ data: row.frame, tsNs: BASE_NS + BigInt(i) * 1_000_000n, len: wireLength(row.frame), caplen: row.frame.length });
      if (got !== expected[i]) diffs.push(`#${i + 1} ${row.name}\n    tcpdump: ${JSON.stringify(expected[i])}\n    xsift:   ${JSON.stringify(got)}`);
    });
    assert.is(diffs.length, 0, `tcpdump ${flags.join(' ')}: ${diffs.length} differ:\n${diffs.slice(0, 8).join('\n')}`);
  }
});

test('frames with a few bytes changed (and some cut) = tcpdump -n (default, -v, -vvv, -e, -q)', () => {
  // A fixed linear congruential sequence: the same frames every run.
  let seed = 20261125;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
  const frames: Buffer[] = [];
  const names: string[] = [];
  const brief: boolean[] = [];
  for (const row of rows().filter((x) => !x.name.includes(' cut '))) {
    for (let k = 0; k < 6; k++) {
      const f = Buffer.from(row.frame);
      for (let j = 1 + Math.floor(rnd() * 3); j > 0; j--) {
        const o = 14 + Math.floor(rnd() * Math.max(1, f.length - 14));
        if (o < f.length) f[o] = rnd() < 0.3 ? 0 : rnd() < 0.5 ? 0xff : Math.floor(rnd() * 256);
      }
      frames.push(rnd() < 0.3 ? truncate(f, Math.max(14, Math.floor(rnd() * f.length))) : f);
      names.push(`${row.name} changed ${k}`);
      brief.push(!!row.brief);
    }
  }
  const results = compareWithTcpdump(path.join(dir, 'ethertypes-changed.pcap'), frames, [MODE.plain, MODE.v, MODE.vvv, MODE.link, MODE.quick], {
    name: (i) => names[i]!,
    skip: (i, mode) => brief[i]! && !!mode.opts.verbose,
  });
  assertSameAsTcpdump(results);
});

test('a frame read in place amid other bytes (formatAt) prints as format() does', () => {
  const n = assertInPlaceSame(rows().map((x) => x.frame), [{}, { link: true }, { verbose: 2 }, { quick: true }]);
  assert.ok(n > 1000, `${n} lines`);
});

test.run();
