/**
 * IP protocols other than the transports, against tcpdump 4.99 (default, -q, -e, -v, -vv): IGMP
 * (every query version, reports, leaves, v3 group records, mtrace, DVMRP, PIMv1, bad checksums),
 * VRRP v2 and v3 over IPv4 and IPv6, GRE (flags, key, sequence, source routes, IPv4, IPv6,
 * bridged Ethernet and MPLS payloads, version 1 with PPP), ESP, AH followed by what it protects,
 * IPComp, Ethernet in IPv6, the IPv6 mobility header, minimal encapsulation, PGM (with -v: every
 * type and option), IGRP, EGP, EIGRP (with -v: every TLV it decodes), OSPFv2 and v3 (with -v and
 * -vv: every packet and LSA type, LLS, authentication trailers), PIM (with -v: every message
 * type, hello options, encoded addresses, checksums) and RSVP's one-line form; whole and cut
 * inside their headers, seeded mutations of them, and read in place amid other bytes. Frames are
 * built here; tcpdump missing is a failure.
 *
 * RSVP is printed in its one-line form only: its -v lines are not compared. Not compared either:
 * GRE's OSI payloads with -v, which runtime/format leaves undecoded: those print as
 * ` ip-proto-47 LEN`, which the last test checks (GRE's IPX, AppleTalk and OSI without -v are in
 * format-ethertypes.test.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatPacket } from '../runtime/format/index.js';
import {
  arp, eth, fill, raw, icmp, icmpEcho, inetChecksum, ip4, ip6, ipv4, ipv6, routing, tcp, truncate, udp,
  type IpContext, type Layer, type Payload, payloadBytes,
} from './lib/packets.js';
import { assertInPlaceSame, assertSameAsTcpdump, BASE_NS, compareWithTcpdump, MODE, requireTcpdump } from './lib/tcpdump.js';

process.env.TZ = 'UTC';
const A = '198.18.0.1';
const B = '198.18.0.2';
const A6 = '2001:db8::1';
const B6 = '2001:db8::2';

const be16 = (v: number): Buffer => Buffer.from([(v >> 8) & 0xff, v & 0xff]);
const be32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
};
const bytes = (...parts: (Buffer | number[])[]): Buffer => Buffer.concat(parts.map((p) => Buffer.from(p)));

/** A message whose Internet checksum (no pseudo-header) is at `at`, set unless `bad`. */
function withCksum(msg: Buffer, at: number, bad?: number): Buffer {
  const b = Buffer.from(msg);
  b.writeUInt16BE(0, at);
  b.writeUInt16BE(bad ?? inetChecksum(b), at);
  return b;
}

function proto(p: number, build: (ctx?: IpContext) => Buffer): Layer {
  return { proto: p, build };
}

// IGMP --------------------------------------------------------------------------------------

function igmp(type: number, code: number, group: string, rest: Buffer = Buffer.alloc(0), bad?: number): Layer {
  return proto(2, () => withCksum(bytes([type, code, 0, 0], ip4(group), rest), 2, bad));
}

function igmpV3Query(mrc: number, group: string, sources: string[]): Layer {
  return igmp(0x11, mrc, group, bytes([0x02, 125], be16(sources.length), ...sources.map(ip4)));
}

function igmpV3Report(records: { type: number; group: string; sources: string[]; aux?: number }[]): Layer {
  const recs = records.map((r) => bytes([r.type, r.aux ?? 0], be16(r.sources.length), ip4(r.group), ...r.sources.map(ip4), Buffer.alloc((r.aux ?? 0) * 4)));
  return proto(2, () => withCksum(bytes([0x22, 0, 0, 0, 0, 0], be16(records.length), ...recs), 2));
}

/** An IGMP message of type `type` with `code`, the 4 bytes after the checksum (`word`) and a body. */
function igmpRaw(type: number, code: number, word: Buffer, body: Buffer = Buffer.alloc(0)): Layer {
  return proto(2, () => withCksum(bytes([type, code, 0, 0], word, body), 2));
}

function dvmrpFrames(): Layer[] {
  const d = (code: number, body: Buffer, word = Buffer.from([0, 0, 3, 255])): Layer => igmpRaw(0x13, code, word, body);
  return [
    d(1, bytes(be32(77), ip4('198.18.1.1'), ip4('198.18.1.2'))),
    d(1, Buffer.from([1, 2])),
    d(1, bytes(be32(77), [1, 2])),
    d(2, bytes([255, 0, 0], [198, 18, 0x81], [255, 255, 255], [198, 18, 2, 3, 0x05], [10, 0, 0, 0x82], [0, 0, 0], [10, 0x83])),
    d(2, bytes([255, 255, 0], [198, 18, 1])),
    d(2, bytes([255, 255])),
    d(3, Buffer.alloc(0)),
    d(4, bytes(ip4('198.18.0.1'), [1, 16, 2], ip4('198.18.0.2'), ip4('198.18.0.3'), ip4('198.18.0.9'), [3, 1, 0])),
    d(4, bytes(ip4('198.18.0.1'), [1, 16, 2], ip4('198.18.0.2'))),
    d(5, Buffer.alloc(0)),
    d(6, bytes(ip4('198.18.0.1'), [1, 16, 0x73, 1], ip4('198.18.0.2'), ip4('198.18.0.9'), [3, 1, 0, 0])),
    d(6, bytes(ip4('198.18.0.1'), [1, 16, 0, 3], ip4('198.18.0.2'))),
    d(7, bytes(ip4('198.18.5.5'), ip4('239.1.1.1'), be32(7200))),
    d(8, bytes(ip4('198.18.5.5'), ip4('239.1.1.1'))),
    d(9, bytes(ip4('198.18.5.5'), ip4('239.1.1.1'))),
    d(20, fill(4)),
  ];
}

function pimv1Frames(): Layer[] {
  const m = (code: number, body: Buffer, version = 1): Layer => igmpRaw(0x14, code, Buffer.from([version << 4, 0, 0, 0]), body);
  const oneLine = (hold: number, njoin: number, nprune: number, f24: number, f25: number): Buffer =>
    bytes(ip4('198.18.0.9'), [0, 0], be16(hold), [0, 0, 0, 1], ip4('239.1.1.1'), ip4('255.255.255.255'), be16(njoin), be16(nprune), [f24, f25], ip4('198.19.0.1'));
  return [
    m(0, bytes([0x10, 0, 0, 105])),
    m(0, bytes([0x20, 0, 0, 0])),
    m(0, bytes([0x70, 0, 1, 0])),
    m(0, Buffer.alloc(0)),
    m(1, bytes([0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0], ip4('198.19.0.1'), ip4('239.1.1.1'))),
    m(1, fill(4)),
    m(2, bytes(ip4('239.1.1.1'), ip4('198.19.0.1'))),
    m(3, oneLine(180, 1, 0, 1, 0xc8)),
    m(3, oneLine(210, 0, 1, 0, 0x18), 2),
    m(3, bytes(ip4('198.18.0.9'), [0, 0], be16(300), [0, 0, 0, 2], ip4('239.1.1.1'), ip4('255.255.0.0'), be16(1), be16(1), [1, 0xc8], ip4('198.19.0.1'), [0, 0x18], ip4('198.19.0.2'), ip4('239.2.2.2'), ip4('255.255.255.255'), be16(0), be16(0))),
    m(3, bytes(ip4('198.18.0.9'), [0, 0], be16(300), [0, 0, 0, 3], ip4('239.1.1.1'), ip4('255.255.0.0'), be16(0), be16(2), [1, 0x08], ip4('198.19.0.1'))),
    m(3, Buffer.alloc(0)),
    m(4, bytes(ip4('239.1.1.1'), ip4('255.255.255.0'), ip4('198.18.0.3'), [0, 0], be16(270))),
    m(4, bytes(ip4('239.1.1.1'), ip4('255.255.255.255'), ip4('198.18.0.3'), [0, 0], be16(0))),
    m(5, bytes(ip4('239.1.1.1'), ip4('255.255.255.255'), ip4('198.19.0.1'), be32(0x80000010), be32(5))),
    m(5, bytes(ip4('239.1.1.1'), ip4('255.0.0.0'), ip4('198.19.0.1'), be32(0x00000010), be32(5))),
    m(6, oneLine(180, 1, 0, 1, 0x20)),
    m(7, bytes(ip4('198.18.0.9'), [0, 0], be16(30))),
    m(9, fill(4), 3),
  ];
}

/** An EIGRP packet: the 20-byte header and TLVs. */
function eigrp(opcode: number, tlvs: Buffer[], o: { version?: number; flags?: number } = {}): Layer {
  return proto(88, () => withCksum(bytes([o.version ?? 2, opcode, 0, 0], be32(o.flags ?? 0), be32(0x11), be32(0x22), be16(0), be16(100), ...tlvs), 2));
}

function eigrpTlvs(): Buffer[] {
  const t = (type: number, v: Buffer, len?: number): Buffer => bytes(be16(type), be16(len ?? 4 + v.length), v);
  const metric = bytes(be32(2560000), be32(100000), [0, 0x05, 0xdc], [1, 255, 1], [0, 0]);
  return [
    t(1, Buffer.from([1, 0, 1, 0, 0, 0, 0, 15])),
    t(4, Buffer.from([12, 4, 1, 2])),
    t(0x102, bytes(ip4('0.0.0.0'), metric, [24, 198, 18, 7])),
    t(0x102, bytes(ip4('198.18.0.9'), metric, [0])),
    t(0x102, bytes(ip4('198.18.0.9'), metric, [32, 198, 18, 7, 9])),
    t(0x102, bytes(ip4('198.18.0.9'), metric, [33, 1])),
    t(0x103, bytes(ip4('0.0.0.0'), ip4('198.18.0.5'), be32(65000), be32(0xabc), be32(7), [0, 0, 3, 0x40], metric, [16, 10, 1])),
    t(0x204, bytes(be16(100), be16(110), be32(77))),
    t(0x202, bytes([0, 100, 0, 5], metric, be16(100), be16(110))),
    t(0x202, bytes([0, 0, 0, 0], metric, be16(1), be16(2))),
    t(0x203, bytes([0, 100, 0, 5], be32(9), be32(10), be32(11), [9, 1], be16(12), metric, be16(100), be16(110))),
    t(2, fill(6)),
    t(0x999, fill(3)),
    t(1, Buffer.from([1, 0, 1])),
    t(0x102, fill(10)),
  ];
}

/** An IGRP packet: version/opcode, edition, AS, the three route counts, and 14-byte routes. */
function igrp(vop: number, counts: [number, number, number], routes: Buffer[], extra: Buffer = Buffer.alloc(0)): Layer {
  return proto(9, () => withCksum(bytes([vop, 3], be16(109), be16(counts[0]), be16(counts[1]), be16(counts[2]), [0, 0], ...routes, extra), 10));
}
const igrpRoute = (net: number[], delay: number, bw: number, mtu: number, rel: number, load: number, hops: number): Buffer =>
  bytes(net, [delay >> 16, (delay >> 8) & 0xff, delay & 0xff], [bw >> 16, (bw >> 8) & 0xff, bw & 0xff], be16(mtu), [rel, load, hops]);

/** A PGM packet: ports, type, options flag, the global source ID, the TSDU length, a body and options. */
function pgm(type: number, body: Buffer, opts?: Buffer, data: Buffer = Buffer.alloc(0)): Layer {
  return proto(113, () => bytes(be16(3055), be16(7500), [type, opts ? 1 : 0, 0, 0], [0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6], be16(data.length), body, opts ?? Buffer.alloc(0), data));
}
const pgmOpt = (type: number, value: Buffer, len?: number): Buffer => bytes([type, len ?? 2 + value.length], value);
/** Options: the leading OPT_LENGTH with the total, then the given ones, the last marked as the end. */
function pgmOpts(list: Buffer[], total?: number): Buffer {
  const last = list.length - 1;
  const marked = list.map((o, i) => (i === last ? bytes([o[0]! | 0x80], o.subarray(1)) : o));
  const body = Buffer.concat(marked);
  return bytes([0, 4], be16(total ?? 4 + body.length), body);
}

function pgmFrames(): Layer[] {
  const nla4 = bytes(be16(1), be16(0), ip4('198.18.0.7'));
  const nla6 = bytes(be16(2), be16(0), ip6('2001:db8::7'));
  const allOpts = pgmOpts([
    pgmOpt(1, bytes([0, 0], be32(5), be32(6), be32(7))), pgmOpt(2, bytes([0, 0], be32(10), be32(11))), pgmOpt(3, bytes([0, 0], be32(12))),
    pgmOpt(4, bytes([0, 0], be32(13), be32(14))), pgmOpt(5, bytes([0, 0], be32(15), be32(16))), pgmOpt(7, bytes([0, 0], be16(1), be16(0), ip4('198.18.0.8'))),
    pgmOpt(7, bytes([0, 0], be16(2), be16(0), ip6('2001:db8::8'))), pgmOpt(8, bytes([0, 0], be32(17))), pgmOpt(9, bytes([0, 0], be32(18))),
    pgmOpt(10, bytes([0, 0], be32(19))), pgmOpt(11, Buffer.from([0, 0])), pgmOpt(12, fill(6)),
  ]);
  // After PATH_NLA, CR and unknown options tcpdump is two bytes off: those go last.
  const moreOpts = pgmOpts([
    pgmOpt(13, Buffer.from([0, 0])), pgmOpt(14, Buffer.from([0, 0])), pgmOpt(15, Buffer.from([0, 0])), pgmOpt(17, Buffer.from([0, 0])),
    pgmOpt(0x12, bytes([0, 0], be32(20), be16(1), be16(0), ip4('198.18.0.9'))), pgmOpt(0x13, bytes([0, 0], be32(21), be16(2), be16(0), ip6('2001:db8::9'))),
    pgmOpt(0x20, fill(2)), pgmOpt(16, fill(4)),
  ]);
  const odata = (opts?: Buffer) => pgm(4, bytes(be32(100), be32(90)), opts, fill(8));
  return [
    pgm(0, bytes(be32(1), be32(2), be32(3), nla4)),
    pgm(0, bytes(be32(1), be32(2), be32(3), nla6), pgmOpts([pgmOpt(13, Buffer.from([0, 0]))])),
    pgm(0, bytes(be32(1), be32(2), be32(3), be16(7), be16(0), fill(4))),
    pgm(1, bytes(be32(4), be16(5), be16(0), nla4, be32(6), be32(0xabc), be32(0xffff0000))),
    pgm(2, bytes(be32(4), be16(5), be16(0))),
    odata(),
    odata(allOpts),
    odata(moreOpts),
    odata(pgmOpts([pgmOpt(16, fill(4)), pgmOpt(13, Buffer.from([0, 0]))])),
    pgm(5, bytes(be32(100), be32(90)), pgmOpts([pgmOpt(1, bytes([0, 0], be32(5), be32(6), be32(7)))]), fill(8)),
    pgm(8, bytes(be32(50), be16(1), be16(0), ip4('198.18.0.7'), be16(1), be16(0), [0, 1, 2, 3], fill(4))),
    pgm(9, bytes(be32(50), be16(1), be16(0), ip4('198.18.0.7'), be16(0), be16(0), [0, 2], fill(14)), pgmOpts([pgmOpt(2, bytes([0, 0], be32(51)))])),
    pgm(10, bytes(be32(50), be16(2), be16(0), ip6('2001:db8::7'), be16(1), be16(0), [0, 1, 9, 9])),
    pgm(8, bytes(be32(50), be16(1), be16(0), ip4('198.18.0.7'), be16(1), be16(0), ip4('239.1.1.1'))),
    pgm(11, bytes(be32(77), be32(0xffffffff))),
    pgm(12, Buffer.alloc(0)),
    pgm(12, Buffer.alloc(0), Buffer.alloc(0)),
    pgm(7, fill(8)),
    odata(bytes([1, 4], be16(8))),
    odata(bytes([0, 5], be16(8))),
    odata(bytes([0, 4], be16(3))),
    odata(bytes([0, 4], be16(6), [1, 2])),
    odata(pgmOpts([pgmOpt(3, Buffer.from([0]), 3)])),
    odata(pgmOpts([pgmOpt(3, bytes([0, 0], be32(1)))], 8)),
    odata(pgmOpts([pgmOpt(3, bytes([0, 0], be32(1), be32(2)))])),
    odata(pgmOpts([pgmOpt(2, bytes([0, 0], be32(1), [1, 2]))])),
    odata(pgmOpts([pgmOpt(7, bytes([0, 0], be16(9), be16(0), fill(4)))])),
    odata(pgmOpts([pgmOpt(7, bytes([0, 0], be16(1), be16(0), fill(8)))])),
    odata(pgmOpts([pgmOpt(7, bytes([0, 0]))])),
    odata(pgmOpts([pgmOpt(0x13, bytes([0, 0], be32(1)))])),
    odata(pgmOpts([pgmOpt(0, be16(5)), pgmOpt(14, Buffer.from([0, 0]))])),
    odata(pgmOpts([pgmOpt(0, be16(5), 5)])),
    odata(pgmOpts([pgmOpt(13, Buffer.from([0, 0])), pgmOpt(14, Buffer.from([0, 0]))]).subarray(0, 8)),
  ];
}

/** An EGP packet: version 2, type, code, status, AS 65, sequence 9, then the two fields and a body. */
function egp(type: number, code: number, status: number, f10: Buffer, f12: Buffer, body: Buffer = Buffer.alloc(0), version = 2): Layer {
  const pands = Buffer.concat([f12, Buffer.alloc(4)]).subarray(0, 4);
  return proto(8, () => withCksum(bytes([version, type, code, status, 0, 0], be16(65), be16(9), f10, pands, body), 4));
}

/** A minimal encapsulation header (RFC 2004): protocol, the old source flag, addresses; right checksum unless `bad`. */
function mobile(inner: number, osrc: string | null, bad = false): Layer {
  return proto(55, () => {
    const h = bytes([inner, osrc ? 0x80 : 0], [0, 0], ip4('198.19.0.9'), osrc ? ip4(osrc) : Buffer.alloc(0));
    h.writeUInt16BE(bad ? 0x1234 : inetChecksum(h), 2);
    return Buffer.concat([h, Buffer.alloc(osrc ? 0 : 4)]);
  });
}

/** An IPv6 mobility header (next header 135, or 62): type, the 2 bytes after the checksum, then a body padded to 8-byte units. */
function mh(type: number, data: number[], body: Buffer = Buffer.alloc(0), nh = 135, lenUnits?: number): Layer {
  const raw0 = bytes([59, 0, type, 0, 0, 0], data, body);
  const pad = (8 - (raw0.length % 8)) % 8;
  const m = Buffer.concat([raw0, Buffer.alloc(pad)]);
  m[1] = lenUnits ?? m.length / 8 - 1;
  return proto(nh, () => m);
}

function mtrace(type: number, raddr: string): Layer {
  return igmp(type, 8, '239.1.2.3', bytes(ip4('198.18.5.5'), ip4('198.18.6.6'), ip4(raddr), [32, 0x01, 0x02, 0x03]));
}

// VRRP --------------------------------------------------------------------------------------

function vrrp2(o: { vrid?: number; prio?: number; auth?: number; addrs?: string[]; intvl?: number; authData?: Buffer; bad?: number; type?: number; version?: number }): Layer {
  const addrs = o.addrs ?? [A];
  return proto(112, () => withCksum(bytes([((o.version ?? 2) << 4) | (o.type ?? 1), o.vrid ?? 1, o.prio ?? 100, addrs.length, o.auth ?? 0, o.intvl ?? 1, 0, 0], ...addrs.map(ip4), o.authData ?? Buffer.alloc(8)), 6, o.bad));
}

/** VRRPv3: the checksum covers the IP pseudo-header. */
function vrrp3(o: { vrid?: number; prio?: number; addrs?: string[]; intvl?: number; bad?: boolean }): Layer {
  return proto(112, (ctx) => {
    const v6 = ctx?.version === 6;
    const addrs = o.addrs ?? [v6 ? A6 : A];
    const intvl = o.intvl ?? 100;
    const msg = bytes([0x31, o.vrid ?? 7, o.prio ?? 200, addrs.length, (intvl >> 8) & 0x0f, intvl & 0xff, 0, 0], ...addrs.map(v6 ? ip6 : ip4));
    const ph = v6 ? bytes(ctx!.src, ctx!.dst, be32(msg.length), [0, 0, 0, 112]) : bytes(ctx!.src, ctx!.dst, [0, 112], be16(msg.length));
    msg.writeUInt16BE(o.bad ? 0x1234 : inetChecksum(ph, msg), 6);
    return msg;
  });
}

// GRE ---------------------------------------------------------------------------------------

interface GreOpts {
  version?: number;
  prot: number;
  csum?: boolean;
  key?: number;
  seq?: number;
  ack?: number;
  /** Source route entries (sets the routing-present bit), the terminating null entry added. */
  routes?: { af: number; off: number; data: Buffer }[];
  flags?: number;
}

function gre(o: GreOpts, payload?: Payload): Layer {
  return proto(47, () => {
    let flags = o.flags ?? 0;
    if (o.csum) flags |= 0x8000;
    if (o.routes) flags |= 0x4000;
    if (o.key !== undefined) flags |= 0x2000;
    if (o.seq !== undefined) flags |= 0x1000;
    if (o.ack !== undefined) flags |= 0x0080;
    flags |= o.version ?? 0;
    const parts = [be16(flags), be16(o.prot)];
    if (o.csum || o.routes) parts.push(be16(o.csum ? 0xabcd : 0), be16(o.routes ? 4 : 0));
    if (o.key !== undefined) parts.push(be32(o.key));
    if (o.seq !== undefined) parts.push(be32(o.seq));
    if (o.ack !== undefined) parts.push(be32(o.ack));
    for (const r of o.routes ?? []) parts.push(be16(r.af), Buffer.from([r.off, r.data.length]), r.data);
    if (o.routes) parts.push(Buffer.alloc(4));
    return Buffer.concat([...parts, payloadBytes(payload)]);
  });
}

// IPsec -------------------------------------------------------------------------------------

function esp(spi: number, seq: number, n: number): Layer {
  return proto(50, () => bytes(be32(spi), be32(seq), fill(n)));
}

function ah(o: { spi?: number; seq?: number; icv?: number; reserved?: number; next?: number }, payload?: Layer): Layer {
  return proto(51, (ctx) => {
    const icv = o.icv ?? 12;
    const next = o.next ?? payload?.proto ?? 59;
    return bytes([next, (12 + icv) / 4 - 2], be16(o.reserved ?? 0), be32(o.spi ?? 0x1000), be32(o.seq ?? 1), fill(icv, 0xa5), payloadBytes(payload, ctx));
  });
}

function ipcomp(next: number, cpi: number, n: number): Layer {
  return proto(108, () => bytes([next, 0], be16(cpi), fill(n)));
}

// OSPF and PIM -----------------------------------------------------------------------------

function ospf2(type: number, o: { auth?: number; body?: Buffer; version?: number; password?: string; trailer?: Buffer } = {}): Layer {
  return proto(89, () => {
    const body = o.body ?? Buffer.alloc(20);
    const auth = o.auth ?? 0;
    const digest = auth === 2 ? fill(16, 0x77) : Buffer.alloc(0);
    const authData = auth === 2 ? Buffer.from([0, 0, 7, 16, 0, 0, 0, 5]) : auth === 1 ? Buffer.concat([Buffer.from(o.password ?? 'pw'), Buffer.alloc(8)]).subarray(0, 8) : Buffer.alloc(8);
    const h = bytes([o.version ?? 2, type], be16(24 + body.length), ip4('198.18.9.9'), ip4(type === 3 ? '0.0.0.1' : '0.0.0.0'), [0, 0], be16(auth), authData);
    const m = Buffer.concat([h, body]);
    if (auth !== 2) m.writeUInt16BE(inetChecksum(m), 12);
    return Buffer.concat([m, digest, o.trailer ?? Buffer.alloc(0)]);
  });
}

/** An LSA: the 20-byte header (length from the body) and the body. */
function lsa(type: number, id: string, body: Buffer, o: { age?: number; options?: number; length?: number } = {}): Buffer {
  return bytes(be16(o.age ?? 30), [o.options ?? 0x22, type], ip4(id), ip4('198.18.9.9'), be32(0x80000001), [0, 0], be16(o.length ?? 20 + body.length), body);
}

const f32 = (x: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeFloatBE(x);
  return b;
};
const tlv = (type: number, value: Buffer, length = value.length): Buffer => {
  const pad = (4 - (value.length % 4)) % 4;
  return bytes(be16(type), be16(length), value, Buffer.alloc(pad));
};

function ospfLsas(): Buffer[] {
  const link = (id: string, data: string, type: number, metric: number, tos: [number, number][] = []): Buffer =>
    bytes(ip4(id), ip4(data), [type, tos.length], be16(metric), ...tos.map(([t, m]) => bytes([t, 0], be16(m))));
  const router = lsa(1, '198.18.9.9', bytes([0x03, 0], be16(4), link('198.18.9.1', '198.18.0.1', 1, 10), link('198.18.10.0', '198.18.10.1', 2, 1, [[1, 20], [7, 30]]), link('198.18.11.0', '255.255.255.0', 3, 5), link('198.18.12.1', '198.18.0.9', 4, 100)));
  const routerBadLink = lsa(1, '198.18.9.9', bytes([0x80, 0], be16(2), link('1.1.1.1', '2.2.2.2', 9, 1), link('3.3.3.3', '4.4.4.4', 1, 1)));
  const network = lsa(2, '198.18.10.1', bytes(ip4('255.255.255.0'), ip4('198.18.9.9'), ip4('198.18.9.8')));
  const summary = lsa(3, '198.18.20.0', bytes(ip4('255.255.255.0'), be32(0x00000040), be32(0x01000010)));
  const asbr = lsa(4, '198.18.21.1', bytes(ip4('0.0.0.0'), be32(0x02000007)));
  const external = lsa(5, '203.0.113.0', bytes(ip4('255.255.255.0'), be32(0x80000014), ip4('198.18.0.5'), ip4('0.0.0.9'), be32(0x00ffffff), ip4('0.0.0.0'), ip4('0.0.0.0')));
  const nssa = lsa(7, '203.0.114.0', bytes(ip4('255.255.254.0'), be32(0x00000003), ip4('0.0.0.0'), ip4('0.0.0.0')));
  const group = lsa(6, '239.1.1.1', bytes(be32(1), ip4('198.18.9.1'), be32(2), ip4('198.18.9.2'), be32(7), ip4('0.0.0.0')));
  const ri = lsa(10, '4.0.0.0', bytes(tlv(1, be32(0x0000007c)), tlv(9, Buffer.from([1, 2, 3, 4, 5, 6]))));
  const grace = lsa(9, '3.0.0.0', bytes(tlv(1, be32(120)), tlv(2, Buffer.from([1])), tlv(3, ip4('198.18.0.1')), tlv(7, Buffer.from([9, 9]))));
  const graceBad = lsa(9, '3.0.0.0', bytes(tlv(2, Buffer.from([4, 0])), tlv(1, be32(1))));
  const te = lsa(10, '1.0.0.7', bytes(
    tlv(1, ip4('198.18.9.9')),
    tlv(2, bytes(
      tlv(1, Buffer.from([1])), tlv(2, ip4('198.18.9.1')), tlv(3, ip4('198.18.0.1')), tlv(4, ip4('198.18.0.2')),
      tlv(5, be32(10)), tlv(6, f32(1.25e9)), tlv(7, f32(7812.5)), tlv(8, bytes(...[1e6, 2e6, 0, 125000, 1, 3.3e38, 7, 8].map(f32))),
      tlv(9, be32(0xf0)), tlv(11, bytes(be32(5), be32(6))), tlv(14, Buffer.from([0x12, 0, 0, 0])),
      tlv(15, bytes([51, 2, 0, 0], ...[1, 2, 3, 4, 5, 6, 7, 8].map((x) => f32(x * 1000)))),
      tlv(17, bytes([1, 0, 0, 0], f32(100), f32(200))), tlv(33, Buffer.from([1, 2, 3])),
      tlv(16, bytes(be32(1), be32(2))), tlv(1, Buffer.from([2])),
    )),
    tlv(5, Buffer.from([1, 2, 3, 4, 5])),
  ));
  const teBad = lsa(10, '1.0.0.8', bytes(tlv(2, bytes(tlv(6, Buffer.from([1, 2]))))));
  const opaqueOther = lsa(11, '200.0.0.1', fill(10));
  const type8 = lsa(8, '1.2.3.4', fill(8));
  return [router, routerBadLink, network, summary, asbr, external, nssa, group, ri, grace, graceBad, te, teBad, opaqueOther, type8];
}

function ospf3(type: number, body: Buffer = fill(20), o: { trailer?: Buffer; instance?: number; area?: string; length?: number } = {}): Layer {
  return proto(89, () => bytes([3, type], be16(o.length ?? 16 + body.length), ip4('198.18.9.9'), ip4(o.area ?? '0.0.0.1'), [0, 0, o.instance ?? 0, 0], body, o.trailer ?? Buffer.alloc(0)));
}

/** An OSPFv3 LSA: header (type with its scope bits) and body. */
function lsa6(type: number, id: string, body: Buffer, length?: number): Buffer {
  return bytes(be16(3600), be16(type), ip4(id), ip4('198.18.9.9'), be32(0x80000002), [0, 0], be16(length ?? 20 + body.length), body);
}

function ospf3Lsas(): Buffer[] {
  const pfx = (len: number, opt: number, metric: number, addr: string): Buffer => bytes([len, opt], be16(metric), ip6(addr).subarray(0, Math.ceil(len / 32) * 4));
  const rlink = (type: number, metric: number, ifid: number, nifid: number, nrtid: string): Buffer => bytes([type, 0], be16(metric), be32(ifid), be32(nifid), ip4(nrtid));
  return [
    lsa6(0x2001, '0.0.0.0', bytes([0x03, 0, 0, 0x33], rlink(1, 10, 5, 6, '198.18.9.1'), rlink(2, 1, 7, 8, '198.18.9.2'), rlink(4, 9, 1, 2, '198.18.9.3'))),
    lsa6(0x2001, '0.0.0.0', bytes([0, 0, 0, 0x13], rlink(3, 10, 5, 6, '198.18.9.1'))),
    lsa6(0x2002, '0.0.0.7', bytes(be32(0x33), ip4('198.18.9.9'), ip4('198.18.9.1'))),
    lsa6(0x2003, '0.0.0.1', bytes(be32(0x00000040), pfx(64, 0, 0, '2001:db8:1::'), pfx(128, 0x0a, 0, '2001:db8::1'), pfx(0, 0, 0, '::'))),
    lsa6(0x4005, '0.0.0.2', bytes(be32(0x83000014), pfx(48, 0, 0, '2001:db8:5::'), ip6('2001:db8::ff'), ip4('0.0.0.7'))),
    lsa6(0x4005, '0.0.0.3', bytes(be32(0x00000001), pfx(56, 0, 0x2001, '2001:db8:6::'), ip4('1.2.3.4'))),
    lsa6(0x0008, '0.0.0.5', bytes([1, 0, 0, 0x13], ip6('fe80::1'), be32(2), pfx(64, 0, 0, '2001:db8:7::'), pfx(64, 0x10, 0, '2001:db8:8::'))),
    lsa6(0x2009, '0.0.0.1', bytes(be16(1), be16(0x2001), ip4('0.0.0.0'), ip4('198.18.9.9'), pfx(64, 0, 10, '2001:db8:9::'))),
    lsa6(0x000b, '0.0.0.0', bytes(tlv(1, be32(60)), tlv(2, Buffer.from([2])))),
    lsa6(0x000a, '0.0.0.0', bytes(tlv(1, ip4('198.18.9.9')))),
    lsa6(0x200c, '0.0.0.0', fill(6)),
    lsa6(0xa00e, '0.0.0.0', fill(4)),
    lsa6(0x2003, '0.0.0.1', bytes(be32(1), [200, 0, 0, 0])),
  ];
}

/** A PIMv2 message; the checksum covers the message (and IPv6's pseudo-header), or the 4-byte header and `head` more for a register. */
function pimMsg(type: number, body: Buffer, o: { rsv?: number; sum?: 'zero' | 'bad' | 'head' } = {}): Layer {
  return proto(103, (ctx) => {
    const m = bytes([0x20 | type, o.rsv ?? 0, 0, 0], body);
    if (o.sum === 'zero') return m;
    const covered = o.sum === 'head' ? m.subarray(0, 8) : m;
    const ph = ctx?.version === 6 ? bytes(ctx.src, ctx.dst, be32(covered.length), [0, 0, 0, 103]) : Buffer.alloc(0);
    m.writeUInt16BE(o.sum === 'bad' ? 0x1234 : inetChecksum(ph, covered), 2);
    return m;
  });
}
const encU = (a: string): Buffer => (a.includes(':') ? bytes([2, 0], ip6(a)) : bytes([1, 0], ip4(a)));
const encG = (a: string, mask?: number, flags = 0): Buffer => (a.includes(':') ? bytes([2, 0, flags, mask ?? 128], ip6(a)) : bytes([1, 0, flags, mask ?? 32], ip4(a)));

function pimFrames(): { v4: Layer[]; v6: Layer[]; other: Buffer[] } {
  const opt = (t: number, v: Buffer): Buffer => bytes(be16(t), be16(v.length), v);
  const hello = (addr: (a: string) => Buffer, a1: string, a2: string) => pimMsg(0, bytes(
    opt(1, be16(105)), opt(2, bytes(be16(0x81f4), be16(2500))), opt(19, be32(1)), opt(18, Buffer.alloc(0)),
    opt(20, be32(0x1234abcd)), opt(21, Buffer.from([1, 60, 0, 7])), opt(22, Buffer.alloc(0)),
    opt(24, bytes(addr(a1), addr(a2))), opt(99, Buffer.from([1, 2, 3])), opt(65001, addr(a1)),
  ));
  const inner4 = ipv4({ src: '198.19.0.1', dst: '239.1.2.3' }, icmpEcho({ id: 3, seq: 0, payload: 8 }));
  const jp = (u: (a: string) => Buffer, up: string, g1: string, g2: string, s1: string, s2: string, type = 3) => pimMsg(type, bytes(
    ...(type === 7 ? [] : [u(up)]), [0, 2], be16(210),
    encG(g1, undefined, 0), be16(2), be16(1), encG(s1, undefined, 0x07), encG(s2, 24, 0xfc), encG(s1, undefined, 0x04),
    encG(g2, 16, 0x80), be16(0), be16(0),
  ));
  const v4: Layer[] = [
    hello(encU, '198.18.0.1', '198.18.0.7'),
    pimMsg(0, bytes(opt(1, Buffer.from([1, 2, 3])))),
    pimMsg(0, bytes(opt(19, Buffer.from([1, 2])))),
    pimMsg(0, bytes(opt(1, be16(0xffff))), { sum: 'zero' }),
    pimMsg(0, bytes(opt(1, be16(30))), { sum: 'bad' }),
    pimMsg(1, bytes(be32(0), payloadBytes(inner4)), { sum: 'head' }),
    pimMsg(1, bytes(be32(0x40000000), payloadBytes(inner4))),
    pimMsg(1, bytes(be32(0x80000000), Buffer.alloc(20)), { sum: 'bad' }),
    pimMsg(1, bytes(be32(0xc0000000), [0x70], Buffer.alloc(19))),
    pimMsg(1, be32(0)),
    pimMsg(2, bytes(encG('239.1.2.3'), encU('198.19.0.1'))),
    jp(encU, '198.18.0.9', '239.1.1.1', '239.2.0.0', '198.19.0.1', '198.19.1.0'),
    jp(encU, '198.18.0.9', '239.1.1.1', '239.2.0.0', '198.19.0.1', '198.19.1.0', 6),
    jp(encU, '198.18.0.9', '239.1.1.1', '239.2.0.0', '198.19.0.1', '198.19.1.0', 7),
    pimMsg(3, bytes(encU('198.18.0.9'), [0, 0], be16(0xffff))),
    pimMsg(4, bytes(be16(0xbeef), [30, 7], encU('198.18.0.3'), encG('239.0.0.0', 8), [2, 2, 0, 0], encU('198.18.0.4'), be16(150), [1, 0], encU('198.18.0.5'), be16(0), [9, 0], encG('239.9.0.0', 16), [0, 0, 0, 0])),
    pimMsg(5, bytes(encG('239.1.2.3'), encU('198.19.0.1'), be32(0x80000065), be32(20))),
    pimMsg(5, bytes(encG('239.1.2.3'), encU('198.19.0.1'), be32(5), be32(20))),
    pimMsg(8, bytes([2, 192], be16(150), encU('198.18.0.3'), encG('239.0.0.0', 8), encG('239.128.0.0', 9, 1))),
    pimMsg(9, bytes(encU('198.19.0.1'), encG('239.1.2.3'), encU('198.18.0.3'), be16(60))),
    pimMsg(10, bytes(encU('198.18.0.3'), be32(100), be32(10)), { rsv: 0x10 }),
    pimMsg(10, bytes(encU('198.18.0.3'), be32(100), be32(10), encU('198.18.0.4'), be32(90), be32(9), be16(250)), { rsv: 0x30 }),
    pimMsg(10, bytes(encU('198.18.0.3'), be32(100), be32(10), encU('198.18.0.4'), be32(90), be32(9)), { rsv: 0x40 }),
    pimMsg(10, bytes(encU('198.18.0.3'), be32(100), be32(10)), { rsv: 0x90 }),
    pimMsg(12, fill(4)),
    pimMsg(15, fill(4)),
    pimMsg(2, bytes([0, 4, 0, 32], ip4('239.1.2.3'), ip4('198.19.0.1')), { rsv: 4 }),
    pimMsg(2, bytes(encG('239.1.2.3')), { rsv: 5 }),
    pimMsg(2, bytes([3, 0, 0, 32], ip4('239.1.2.3'))),
    pimMsg(2, bytes([1, 1, 0, 32], ip4('239.1.2.3'))),
  ];
  const v6: Layer[] = [
    hello(encU, '2001:db8::1', 'fe80::7'),
    pimMsg(1, bytes(be32(0), payloadBytes(ipv6({ src: '2001:db8:1::1', dst: 'ff0e::1' }, udp({ sport: 1, dport: 2, payload: 4 })))), { sum: 'head' }),
    pimMsg(2, bytes(encG('ff0e::1'), encU('2001:db8:1::1'))),
    jp(encU, 'fe80::9', 'ff0e::1', 'ff0e::', '2001:db8:1::1', '2001:db8:2::'),
    pimMsg(0, bytes(opt(1, be16(105))), { sum: 'bad' }),
  ];
  const cutJoin = eth({}, ipv4({ src: A, dst: '224.0.0.13' }, v4[11]!));
  const other: Buffer[] = [];
  for (let n = 34; n < cutJoin.length; n++) other.push(truncate(cutJoin, n));
  const cutBsr = eth({}, ipv4({ src: A, dst: '224.0.0.13' }, v4[15]!));
  for (let n = 38; n < cutBsr.length; n += 2) other.push(truncate(cutBsr, n));
  other.push(eth({}, ipv4({ src: A, dst: B, totalLength: 23 }, pimMsg(0, fill(4)))));
  other.push(eth({}, ipv4({ src: A, dst: B, totalLength: 21 }, pimMsg(0, fill(4)))));
  other.push(eth({}, ipv4({ src: A, dst: B, totalLength: 30 }, pimMsg(10, bytes(encU('198.18.0.3'), be32(100), be32(10)), { rsv: 0x30 }))));
  return { v4, v6, other };
}

function pim(version: number, type: number, n = 12): Layer {
  return proto(103, () => bytes([(version << 4) | type, 0, 0, 0], fill(n)));
}

// -------------------------------------------------------------------------------------------

const v4 = (l: Layer, ttl?: number, dst = B): Buffer => eth({}, ipv4({ src: A, dst, ttl }, l));
const v6 = (l: Layer, hopLimit?: number): Buffer => eth({}, ipv6({ src: A6, dst: B6, hopLimit }, l));

interface Frame {
  data: Buffer;
  /** -v/-vv text differs from tcpdump's (a documented gap): compared in the other modes only. */
  noVerbose?: boolean;
}

/** Every frame of the whole-and-cut table. */
function frames(): Frame[] {
  const out: Frame[] = [];
  const add = (data: Buffer, noVerbose = false): void => void out.push({ data, noVerbose });
  /** The frame, and copies cut at each of `cuts` bytes past the start of the IP payload (`at`). */
  const cuts = (data: Buffer, at: number, upto: number, noVerbose = false): void => {
    add(data, noVerbose);
    for (let n = 0; n < upto && at + n < data.length; n++) add(truncate(data, at + n), noVerbose);
  };

  // IGMP
  cuts(v4(igmp(0x11, 0, '0.0.0.0'), 1, '224.0.0.1'), 34, 8);
  add(v4(igmp(0x11, 100, '0.0.0.0'), 1, '224.0.0.1'));
  add(v4(igmp(0x11, 50, '239.1.1.1'), 1, '239.1.1.1'));
  add(v4(igmp(0x11, 0, '239.1.1.1', Buffer.alloc(2))));
  cuts(v4(igmpV3Query(100, '0.0.0.0', []), 1, '224.0.0.1'), 34, 12);
  for (const mrc of [10, 99, 127, 128, 200, 255, 0]) add(v4(igmpV3Query(mrc, '0.0.0.0', [])));
  add(v4(igmpV3Query(100, '239.9.9.9', [])));
  cuts(v4(igmpV3Query(20, '239.9.9.9', ['198.18.1.1', '198.18.1.2', '198.18.1.3'])), 34, 24);
  add(v4(igmp(0x11, 100, '239.9.9.9', bytes([0, 0], be16(5), ip4('198.18.1.1')))));
  add(v4(igmp(0x11, 100, '239.9.9.9', bytes([0, 0], be16(1), ip4('198.18.1.1'), [1, 2]))));
  cuts(v4(igmp(0x12, 0, '239.2.2.2')), 34, 8);
  add(v4(igmp(0x12, 0, '239.2.2.2', Buffer.alloc(4))));
  cuts(v4(igmp(0x16, 0, '239.3.3.3'), 1), 34, 8);
  cuts(v4(igmp(0x17, 0, '239.4.4.4'), 1, '224.0.0.2'), 34, 8);
  add(v4(igmp(0x16, 0, '239.3.3.3', Buffer.alloc(0), 0x1234)));
  add(v4(igmp(0x33, 5, '1.2.3.4')));
  const report = v4(igmpV3Report([
    { type: 1, group: '239.5.5.5', sources: ['198.18.2.1', '198.18.2.2'] },
    { type: 4, group: '239.6.6.6', sources: [] },
    { type: 6, group: '239.7.7.7', sources: ['198.18.2.3'], aux: 1 },
    { type: 9, group: '239.8.8.8', sources: [] },
  ]), 1, '224.0.0.22');
  cuts(report, 34, 60);
  add(v4(igmpV3Report([{ type: 2, group: '239.5.5.5', sources: [] }])));
  add(v4(proto(2, () => withCksum(bytes([0x22, 0, 0, 0, 0, 0], be16(3), [1, 0], be16(0), ip4('239.1.1.1')), 2))));
  add(v4(proto(2, () => withCksum(bytes([0x22, 0, 0, 0, 0, 0], be16(1), [1, 0], be16(9), ip4('239.1.1.1')), 2))));
  add(v4(proto(2, () => withCksum(bytes([0x22, 0, 0, 0, 0, 0, 0, 1], [1, 0, 0, 0, 239, 1, 1, 1, 0, 0]), 2))));
  add(v4(proto(2, () => withCksum(bytes([0x22, 0, 0, 0, 0, 0, 0, 0]), 2))));
  cuts(v4(mtrace(0x1f, '198.18.7.7')), 34, 30);
  add(v4(mtrace(0x1e, '239.7.7.7')));
  add(v4(igmp(0x1f, 0, '239.1.1.1', Buffer.alloc(8))));
  add(v6(igmp(0x11, 0, '0.0.0.0')));
  for (const l of dvmrpFrames()) add(v4(l, 1, '224.0.0.4'));
  for (const l of pimv1Frames()) add(v4(l, 1, '224.0.0.2'));
  const dvmrpLong = v4(dvmrpFrames()[3]!, 1, '224.0.0.4');
  for (let n = 34; n < dvmrpLong.length; n++) add(truncate(dvmrpLong, n));
  const pimv1Long = v4(pimv1Frames()[9]!, 1, '224.0.0.2');
  for (let n = 34; n < pimv1Long.length; n += 2) add(truncate(pimv1Long, n));
  add(eth({}, ipv4({ src: A, dst: B, totalLength: 26 }, igmpRaw(0x13, 7, Buffer.alloc(4)))));
  add(eth({}, ipv4({ src: A, dst: B, totalLength: 32 }, igmpRaw(0x14, 3, Buffer.from([0x10, 0, 0, 0])))));
  add(eth({}, ipv4({ src: A, dst: B, totalLength: 36 }, igmpRaw(0x14, 1, Buffer.from([0x10, 0, 0, 0]), fill(20)))));

  // VRRP
  const vrrpSimple = v4(vrrp2({ vrid: 42, prio: 191, auth: 1, intvl: 10, authData: Buffer.from('secret\0\0') }), 255, '224.0.0.18');
  cuts(vrrpSimple, 34, 30);
  add(v4(vrrp2({ auth: 1, authData: Buffer.from('12345678') }), 255, '224.0.0.18'));
  add(v4(vrrp2({ auth: 1, authData: Buffer.from([0x41, 0x7f, 0x01, 0xc1, 0x42, 0, 0, 0]) }), 255, '224.0.0.18'));
  add(v4(vrrp2({ vrid: 43, addrs: [] }), 255, '224.0.0.18'));
  add(v4(vrrp2({ addrs: ['198.18.3.1', '198.18.3.2', '198.18.3.3'], auth: 2 }), 64));
  add(v4(vrrp2({ auth: 7, bad: 0xbeef }), 255));
  add(v4(vrrp2({ type: 2 }), 255));
  add(v4(vrrp2({ version: 1 }), 255));
  add(v4(vrrp2({ version: 3, type: 0 }), 255));
  cuts(v4(vrrp3({ addrs: ['198.18.4.1', '198.18.4.2'] }), 255, '224.0.0.18'), 34, 20);
  add(v4(vrrp3({ intvl: 0xfff, bad: true }), 255));
  cuts(v6(vrrp3({ addrs: ['fe80::1', '2001:db8::10'] }), 255), 54, 20);
  add(v6(vrrp3({ bad: true }), 64));
  add(v6(vrrp2({ addrs: [] }), 255));

  // GRE
  const inner4 = ipv4({ src: '198.19.0.1', dst: '198.19.0.2' }, icmpEcho({ id: 3, seq: 4, payload: 8 }));
  const inner6 = ipv6({ src: '2001:db8:1::1', dst: '2001:db8:1::2' }, udp({ sport: 4000, dport: 5000, payload: 6 }));
  cuts(v4(gre({ prot: 0x0800 }, inner4)), 34, 30);
  add(v4(gre({ prot: 0x86dd }, inner6)));
  add(v6(gre({ prot: 0x0800, key: 5 }, inner4)));
  cuts(v4(gre({ prot: 0x0800, key: 0x1234, seq: 77, csum: true }, inner4)), 34, 18);
  add(v4(gre({ prot: 0x86dd, seq: 0xffffffff }, inner6)));
  add(v4(gre({ prot: 0x2001, key: 2 }, fill(20))));
  add(v4(gre({ prot: 0x88be, seq: 9 }, fill(20))));
  add(v4(gre({ prot: 0x0800, flags: 0x0f78 }, inner4)));
  const teb = eth({ src: '02:00:00:00:00:0a', dst: '02:00:00:00:00:0b' }, arp({ op: 'request', spa: '198.19.1.1', tpa: '198.19.1.2' }));
  cuts(v4(gre({ prot: 0x6558, key: 5 }, teb)), 34, 30);
  add(v4(gre({ prot: 0x6558 }, eth({}, ipv4({ src: '198.19.2.1', dst: '198.19.2.2' }, tcp({ sport: 1000, dport: 2000, flags: 'S', seq: 5 }))))));
  add(v4(gre({ prot: 0x6558 }, eth({ type: 0x88b5 }, fill(20)))));
  add(v4(gre({ prot: 0x6558 }, fill(10))));
  // ICMP errors quoting a packet whose length field is below 4 (tcpdump's cut is then ICMP's).
  for (const q of [[0, 0, 0, 0], [0x45, 0, 0, 3], [0x45, 0, 0, 4], [0x45, 0, 0, 20]]) {
    add(v4(gre({ prot: 0x0800 }, ipv4({ src: '198.19.0.1', dst: '198.19.0.2' }, icmp({ type: 4 }, Buffer.from(q))))));
    add(v4(icmp({ type: 3, code: 3 }, Buffer.from(q))));
  }
  const bridged6 = eth({}, ipv6({ src: A6, dst: B6 }, raw(eth({ src: '02:00:00:00:00:0c', dst: '02:00:00:00:00:0d' }, ipv6({ src: '2001:db8:2::1', dst: '2001:db8:2::2' }, udp({ sport: 7, dport: 9, payload: 3 }))), { proto: 143 })));
  cuts(bridged6, 54, 20);
  add(v4(raw(teb, { proto: 143 })));
  const route = gre({ prot: 0x0800, routes: [
    { af: 0x0800, off: 4, data: bytes(ip4('198.18.8.1'), ip4('198.18.8.2')) },
    { af: 0xfffe, off: 0, data: bytes(be16(0xfd00), be16(0x00aa)) },
    { af: 0x1234, off: 0, data: Buffer.alloc(4) },
  ] }, inner4);
  cuts(v4(route), 34, 36);
  add(v4(gre({ prot: 0x0800, routes: [{ af: 0x0800, off: 2, data: Buffer.alloc(8) }] }, inner4)));
  add(v4(gre({ prot: 0x0800, routes: [{ af: 0x0800, off: 0, data: Buffer.alloc(6) }] }, inner4)));
  add(v4(gre({ prot: 0x0800, routes: [{ af: 0xfffe, off: 4, data: Buffer.alloc(4) }] }, inner4)));
  add(v4(gre({ prot: 0x0800, routes: [{ af: 0xfffe, off: 1, data: Buffer.alloc(4) }] }, inner4)));
  add(v4(gre({ prot: 0x0800, routes: [{ af: 0xfffe, off: 0, data: Buffer.alloc(3) }] }, inner4)));
  cuts(v4(gre({ version: 1, prot: 0x880b, key: 0x00050007, ack: 4 })), 34, 14);
  add(v4(gre({ version: 1, prot: 0x2222, key: 9, seq: 3, ack: 2 }, fill(8))));
  const label = (l: number, bos: boolean, ttl = 64): Buffer => be32(((l << 12) | (bos ? 0x100 : 0) | ttl) >>> 0);
  cuts(v4(gre({ prot: 0x8847, key: 3 }, bytes(label(100, false), label(0, true), payloadBytes(inner4)))), 34, 20);
  add(v4(gre({ prot: 0x8847 }, bytes(label(200, true), payloadBytes(inner6)))));
  add(v4(gre({ prot: 0x8848 }, bytes(label(200, true), payloadBytes(inner6)))));
  const lcp = bytes([0xff, 0x03, 0xc0, 0x21, 1, 7, 0, 18, 1, 4, 0x05, 0xdc, 5, 6, 0x12, 0x34, 0x56, 0x78, 7, 2, 8, 2]);
  cuts(v4(gre({ version: 1, prot: 0x880b, key: 0x00050007, seq: 9 }, lcp)), 50, 24);
  add(v4(gre({ version: 1, prot: 0x880b, key: 6, seq: 10, ack: 9 }, bytes([0x21], payloadBytes(inner4)))));
  add(v4(gre({ version: 1, prot: 0x880b, key: 6, seq: 11 }, bytes([0xff, 0x03, 0x00, 0x57], payloadBytes(inner6)))));
  add(v4(gre({ version: 2, prot: 0x0800 }, inner4)));
  add(eth({}, ipv4({ src: A, dst: B, totalLength: 22 }, gre({ prot: 0x0800 }, inner4))));
  add(eth({}, ipv4({ src: A, dst: B, totalLength: 25 }, gre({ prot: 0x0800, key: 1 }, inner4))));

  // EIGRP
  const etlvs = eigrpTlvs();
  const eUpdate = v4(eigrp(1, etlvs.slice(0, 11), { flags: 0x0b }), 2, '224.0.0.10');
  cuts(eUpdate, 34, eUpdate.length - 34);
  for (const t of etlvs.slice(11)) add(v4(eigrp(5, [t]), 2, '224.0.0.10'));
  add(v4(eigrp(5, [etlvs[0]!, bytes(be16(1), be16(2))]), 2, '224.0.0.10'));
  add(v4(eigrp(5, [etlvs[0]!, bytes(be16(1), be16(90), fill(4))]), 2, '224.0.0.10'));
  for (const op of [3, 4, 6, 7, 9]) add(v4(eigrp(op, [etlvs[0]!]), 2, '224.0.0.10'));
  add(v4(eigrp(5, [], { version: 1 })));
  add(v6(eigrp(5, [etlvs[0]!, etlvs[1]!]), 2));
  add(eth({}, ipv4({ src: A, dst: B, totalLength: 38 }, eigrp(5, [etlvs[0]!]))));

  // IGRP
  const routesI = [igrpRoute([10, 1, 2], 2000, 1544, 1500, 255, 1, 0), igrpRoute([198, 18, 0], 0xffffff, 0, 576, 200, 9, 3), igrpRoute([203, 0, 113], 100, 0xfffff0, 1500, 255, 1, 7)];
  cuts(v4(igrp(0x11, [1, 1, 1], routesI)), 34, 60);
  add(v4(igrp(0x11, [1, 0, 0], routesI)));
  add(v4(igrp(0x11, [2, 1, 1], routesI)));
  add(v4(igrp(0x11, [0, 1, 1], routesI.slice(0, 2), fill(5))));
  add(v4(igrp(0x12, [0, 0, 0], [])));
  add(v4(igrp(0x27, [0, 0, 0], [], fill(3))));
  add(eth({}, ipv4({ src: A, dst: B, totalLength: 28 }, igrp(0x11, [1, 0, 0], routesI))));

  // PGM
  const pgms = pgmFrames();
  for (const l of pgms) {
    add(v4(l, 16, '239.1.2.3'));
    add(v6(l));
  }
  cuts(v4(pgms[6]!), 34, 220);
  add(v4(ah({}, pgms[5]!)));

  // EGP
  const egpNets = bytes([2], [0x11, 0x22, 0x33], [2], [5, 2], [10, 0x90, 1], [7, 1], [0xc8, 1, 2], [0x44, 0x55, 0x66], [1], [3, 1], [20]);
  const egps = [
    egp(3, 0, 1, be16(30), be16(120)), egp(3, 1, 2, be16(30), be16(120)), egp(3, 1, 5, be16(30), be16(120)),
    egp(3, 2, 3, be16(0), be16(0)), egp(3, 3, 5, be16(0), be16(0)), egp(3, 4, 1, be16(0), be16(0)), egp(3, 9, 0, be16(0), be16(0)),
    egp(5, 0, 1, be16(0), be16(0)), egp(5, 1, 2, be16(0), be16(0)), egp(5, 1, 7, be16(0), be16(0)), egp(5, 4, 0, be16(0), be16(0)),
    egp(2, 0, 1, be16(0), ip4('10.0.0.0')), egp(2, 0, 9, be16(0), ip4('10.0.0.0')),
    egp(1, 0, 0x81, Buffer.from([2, 1]), ip4('10.0.0.0'), egpNets),
    egp(1, 0, 1, Buffer.from([2, 1]), ip4('172.16.0.0'), egpNets),
    egp(1, 0, 1, Buffer.from([2, 1]), ip4('192.168.5.0'), egpNets),
    egp(1, 0, 1, Buffer.from([1, 0]), ip4('10.0.0.128'), egpNets),
    egp(1, 0, 1, Buffer.from([1, 0]), ip4('10.0.0.200'), egpNets),
    egp(1, 0, 4, Buffer.from([1, 0]), ip4('10.0.0.230'), egpNets),
    egp(1, 0, 2, Buffer.from([3, 0]), ip4('10.0.0.0'), bytes([2], [0x11, 0x22, 0x33], [1], [5, 9], [10])),
    egp(8, 0, 1, be16(3), be16(0)), egp(8, 0, 1, be16(9), be16(0)), egp(9, 0, 0, be16(0), be16(0)),
    egp(3, 0, 1, be16(30), be16(120), Buffer.alloc(0), 3),
  ];
  for (const l of egps) add(v4(l));
  cuts(v4(egps[13]!), 34, 40);
  add(eth({}, ipv4({ src: A, dst: B, totalLength: 34 }, egps[0]!)));

  // Minimal encapsulation
  for (const l of [mobile(6, null), mobile(17, '198.19.0.1'), mobile(1, null, true), mobile(1, '198.19.0.1', true), proto(55, () => fill(6))]) add(v4(l));
  cuts(v4(mobile(6, '198.19.0.1')), 34, 12);

  // IPv6 mobility
  const mopts = bytes([0], [1, 0], [2, 2, 0, 9], [3, 16], ip6('2001:db8::c0a'), [4, 4, 0, 1, 0, 2], [5, 10], fill(10), [9, 1, 7], [0, 0, 0]);
  const mhs = [
    mh(0, [0, 0]), mh(1, [0, 0], fill(8)), mh(2, [0, 0], fill(8)), mh(3, [0x12, 0x34], fill(16)), mh(4, [0, 7], fill(16)),
    mh(5, [0, 42], bytes([0xf0, 0, 0, 100])), mh(5, [0, 43], bytes([0x50, 0, 1, 0]), 62), mh(5, [0, 44], bytes([0, 0, 0, 1], mopts)),
    mh(6, [3, 0x80], bytes(be16(42), be16(100))), mh(6, [0, 0], bytes(be16(1), be16(0), [1, 0])),
    mh(7, [1, 0], ip6('2001:db8::99')), mh(9, [0, 0], fill(6)),
    mh(1, [0, 0], Buffer.alloc(0), 135, 0), mh(5, [0, 1], Buffer.alloc(0), 135, 0),
    mh(5, [0, 44], bytes([0, 0, 0, 1], [2, 1, 0])), mh(5, [0, 44], bytes([0, 0, 0, 1], [3, 2, 0, 0])), mh(5, [0, 44], bytes([0, 0, 0, 1], [8])),
  ];
  for (const l of mhs) add(v6(l));
  const mhLong = v6(mhs[7]!);
  for (let n = 54; n < mhLong.length; n += 3) add(truncate(mhLong, n));
  add(v4(raw(fill(8), { proto: 135 })));

  // RSVP: the one-line form (-v not compared: its objects are not decoded)
  const rsvp = (vf: number, type: number, body: Buffer = fill(12)): Layer => proto(46, () => bytes([vf, type, 0, 0, 64, 0], be16(8 + body.length), body));
  for (const t of [1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 20, 9]) add(v4(rsvp(0x10, t)), true);
  add(v4(rsvp(0x11, 1)), true);
  add(v4(rsvp(0x20, 1)), true);
  add(v6(rsvp(0x10, 2)), true);
  cuts(v4(rsvp(0x10, 1)), 34, 9, true);

  // ESP
  cuts(v4(esp(0x12345678, 1, 100)), 34, 10);
  add(v6(esp(0xd1234567, 0xabcdef, 40)));
  add(eth({}, ipv4({ src: A, dst: B, mf: true }, esp(1, 2, 10))));

  // AH
  const ahTcp = v4(ah({ spi: 0xc67ceadf, seq: 1 }, tcp({ sport: 1026, dport: 80, flags: 'S', seq: 100 })));
  cuts(ahTcp, 34, 30);
  add(v4(ah({ reserved: 0x55 }, udp({ sport: 53, dport: 4000, payload: 4 }))));
  add(v4(ah({ icv: 0 }, icmpEcho({ id: 1, seq: 2 }))));
  add(v4(ah({ icv: 4 }, ipv4({ src: '198.19.0.1', dst: '198.19.0.2' }, icmpEcho({ id: 1, seq: 2 })))));
  add(v4(ah({}, esp(5, 6, 20))));
  add(v4(ah({}, vrrp2({}))));
  add(v4(ah({ next: 59 })));
  add(v4(ah({}, ah({}, udp({ sport: 9, dport: 7 })))));
  add(v6(ah({ spi: 0x12345678, icv: 8 }, udp({ sport: 12345, dport: 54321, payload: 30 }))));
  add(v6(ah({ icv: 8 }, ipv6({ src: '2001:db8::3', dst: '2001:db8::4' }, udp({ sport: 12345, dport: 54321, payload: 3 })))));
  add(eth({}, ipv6({ src: A6, dst: B6 }, routing({ segmentsLeft: 1, addresses: ['2001:db8::99'] }, ah({}, igmp(0x16, 0, '239.1.1.1'))))));
  add(eth({}, ipv4({ src: A, dst: B, totalLength: 40 }, ah({}, udp({ sport: 9, dport: 7, payload: 4 })))));

  // IPComp
  cuts(v4(ipcomp(4, 0xeed1, 30)), 34, 5);
  add(v4(ah({}, ipcomp(6, 0x63e1, 20))));
  add(v6(ipcomp(17, 7, 10)));

  // OSPF (OSPFv3 and PIM: -v not compared)
  const hello = bytes(ip4('255.255.255.0'), be16(10), [0x02, 1], be32(40), ip4('198.18.0.1'), ip4('0.0.0.0'), ip4('198.18.9.8'));
  cuts(v4(ospf2(1, { body: hello }), 1, '224.0.0.5'), 34, 46);
  add(v4(ospf2(1, { body: bytes(ip4('255.255.255.0'), be16(10), [0xff, 1], be32(40), ip4('0.0.0.0'), ip4('198.18.0.3')) }), 1, '224.0.0.5'));
  for (const t of [2, 3, 4, 5, 0, 9]) add(v4(ospf2(t), 1, '224.0.0.5'));
  cuts(v4(ospf2(1, { auth: 2, body: hello }), 1, '224.0.0.5'), 34, 20);
  add(v4(ospf2(1, { auth: 1, password: 'secret\x01' })));
  add(v4(ospf2(1, { auth: 1, password: '12345678' })));
  add(v4(ospf2(1, { auth: 9 })));
  add(v4(ospf2(1, { auth: 1, version: 3 })));
  add(eth({}, ipv4({ src: A, dst: B, totalLength: 30 }, ospf2(4, { auth: 2 }))));
  const llsHello = bytes(ip4('255.255.255.0'), be16(10), [0x12, 1], be32(40), ip4('0.0.0.0'), ip4('0.0.0.0'));
  const lls = bytes([0xab, 0xcd], be16(9), be16(1), be16(4), be32(3), be16(2), be16(20), be32(77), fill(16), be16(9), be16(0));
  cuts(v4(ospf2(1, { body: llsHello, trailer: lls }), 1, '224.0.0.5'), 58, 40);
  add(v4(ospf2(2, { body: bytes(be16(1500), [0x52, 0x07], be32(0x1234), lsa(1, '1.1.1.1', Buffer.alloc(0)).subarray(0, 20)), trailer: bytes([0, 0], be16(3), be16(1), be16(3), be32(1)) })));
  add(v4(ospf2(1, { body: llsHello, auth: 2, trailer: lls })));
  add(v4(ospf2(1, { body: llsHello, trailer: Buffer.alloc(2) })));
  add(v4(ospf2(1, { body: hello, trailer: fill(8) })));
  const lsas = ospfLsas();
  const hdrs = lsas.map((l) => l.subarray(0, 20));
  cuts(v4(ospf2(2, { body: bytes(be16(0), [0x42, 0x0f], be32(0xdeadbeef), ...hdrs.slice(0, 4)) })), 58, 90);
  add(v4(ospf2(2, { body: bytes(be16(1500), [0, 0], be32(1), bytes(hdrs[0]!.subarray(0, 18), be16(8)), hdrs[1]!) })));
  cuts(v4(ospf2(3, { body: bytes(be32(1), ip4('198.18.9.9'), ip4('198.18.9.9'), be32(10), [4, 0, 0, 7], ip4('198.18.9.8'), be32(99), ip4('1.1.1.1'), ip4('1.1.1.2')) })), 58, 40);
  cuts(v4(ospf2(5, { body: bytes(...hdrs) })), 58, 50);
  add(v4(ospf2(5, { body: bytes(hdrs[0]!, hdrs[1]!) }), 1, '224.0.0.5'));
  add(v4(ospf2(5, { body: bytes(hdrs[0]!, bytes(hdrs[1]!.subarray(0, 18), be16(4))) })));
  for (const l of lsas) cuts(v4(ospf2(4, { body: bytes(be32(1), l) })), 62, l.length + 1);
  add(v4(ospf2(4, { body: bytes(be32(lsas.length), ...lsas) })));
  add(v4(ospf2(4, { body: bytes(be32(3), lsas[2]!) })));
  add(v4(ospf2(4, { body: bytes(be32(2), lsa(2, '1.1.1.1', Buffer.alloc(0), { length: 12 }), lsas[2]!) })));
  add(v4(ospf2(4, { body: bytes(be32(0)) })));
  const hello6 = bytes(be32(5), [1, 0, 0x02, 0x13], be16(10), be16(40), ip4('198.18.9.9'), ip4('198.18.9.8'), ip4('198.18.9.7'), ip4('198.18.9.6'));
  cuts(v6(ospf3(1, hello6, { instance: 3 }), 1), 54, 44);
  add(v6(ospf3(1, bytes(be32(5), [1, 0, 0, 0], be16(10), be16(40), ip4('0.0.0.0'), ip4('0.0.0.0')), { area: '0.0.0.0' }), 1));
  for (const t of [2, 3, 4, 5, 6]) add(v6(ospf3(t), 1));
  add(v6(ospf3(1, hello6, { length: 200 }), 1));
  const at = bytes(be16(1), be16(32), be16(0), be16(7), be32(0), be32(99), fill(16));
  const lls6 = bytes([0x12, 0x34], be16(8), be32(0));
  cuts(v6(ospf3(1, bytes(be32(5), [1, 0, 0x06, 0x13], be16(10), be16(40), ip4('0.0.0.0'), ip4('0.0.0.0')), { trailer: bytes(lls6, at) }), 1), 90, 40);
  add(v6(ospf3(2, bytes(be32(0x213), be16(1500), [0, 7], be32(1)), { trailer: bytes(lls6) }), 1));
  add(v6(ospf3(2, bytes(be32(0x213), be16(1500), [0, 7], be32(1)), { trailer: bytes([0, 0], be16(2)) }), 1));
  add(v6(ospf3(3, fill(4), { trailer: bytes(be16(9), be16(16), fill(12)) }), 1));
  add(v6(ospf3(3, fill(4), { trailer: bytes(be16(9), be16(40), fill(12)) }), 1));
  add(v6(ospf3(3, fill(4), { trailer: fill(6) }), 1));
  const lsas6 = ospf3Lsas();
  const hdrs6 = lsas6.map((l) => l.subarray(0, 20));
  cuts(v6(ospf3(2, bytes(be32(0x13), be16(1500), [0, 0x17], be32(0x1234), ...hdrs6.slice(0, 3))), 1), 70, 70);
  add(v6(ospf3(2, bytes(be32(0x13), be16(1500), [0, 0], be32(1), bytes(hdrs6[0]!.subarray(0, 18), be16(3)))), 1));
  cuts(v6(ospf3(3, bytes(be16(0), be16(0x2001), ip4('0.0.0.0'), ip4('198.18.9.9'), be16(0), be16(0xc009), ip4('0.0.0.1'), ip4('198.18.9.8'))), 1), 70, 26);
  add(v6(ospf3(5, bytes(...hdrs6)), 1));
  for (const l of lsas6) cuts(v6(ospf3(4, bytes(be32(1), l)), 1), 74, l.length);
  add(v6(ospf3(4, bytes(be32(lsas6.length), ...lsas6)), 1));
  add(v6(ospf3(4, bytes(be32(0xffffffff), lsas6[2]!, lsas6[3]!)), 1));
  add(v6(ospf3(4, bytes(be32(2), lsa6(0x2002, '0.0.0.1', Buffer.alloc(0), 12), lsas6[2]!)), 1));
  add(v6(ospf3(4, bytes(be32(2), lsa6(0x2002, '0.0.0.1', fill(8), 90))), 1));
  add(v6(ospf3(4, bytes(be32(1), lsa6(0x2001, '0.0.0.1', fill(2)))), 1));
  add(v6(ospf3(4, bytes(be32(1), lsa6(0x2002, '0.0.0.1', fill(6)))), 1));
  // PIM
  for (let t = 0; t < 16; t++) add(v4(pim(2, t)));
  cuts(v4(pim(2, 1, 100)), 34, 2);
  add(v6(pim(2, 0, 20)));
  add(v4(pim(1, 0)));
  add(v6(pim(3, 2)));
  const pims = pimFrames();
  for (const l of pims.v4) add(v4(l, 1, '224.0.0.13'));
  for (const l of pims.v6) add(v6(l, 1));
  for (const d of pims.other) add(d);
  return out;
}

let dir = '';
test.before(() => {
  requireTcpdump('format-ipproto.test.ts');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-ipproto-'));
});
test.after(() => {
  if (dir && !process.env.KEEP_IPPROTO_PCAP) fs.rmSync(dir, { recursive: true, force: true });
});

const MODES = [MODE.plain, MODE.quick, MODE.link, MODE.v, MODE.vv, MODE.linkV];

test('IGMP, VRRP, GRE, ESP, AH, IPComp, PGM, IGRP, EGP, mobile, EIGRP, OSPF, PIM lines = tcpdump -n (default, -q, -e, -v, -vv), whole and cut', () => {
  const all = frames();
  const results = compareWithTcpdump(path.join(dir, 'ipproto.pcap'), all.map((f) => f.data), MODES, { skip: (i, mode) => !!all[i]!.noVerbose && !!mode.opts.verbose });
  assertSameAsTcpdump(results, 10);
  const seen = new Map<string, number>();
  for (const { expected } of results) {
    for (const line of expected) for (const w of ['igmp', 'VRRP', 'GREv', 'ESP(', 'AH(', 'IPComp(', 'PGM,', 'igrp:', 'EGPv', 'mobile:', 'mobility', 'RSVPv', 'EIGRP', 'OSPFv', 'PIMv', '[|']) if (line.includes(w)) seen.set(w, (seen.get(w) ?? 0) + 1);
  }
  // What tcpdump printed was these protocols' decodes (not a fallback both sides share).
  for (const [w, min] of [['igmp', 200], ['VRRP', 150], ['GREv', 400], ['ESP(', 30], ['AH(', 150], ['IPComp(', 20], ['PGM,', 200], ['igrp:', 100], ['EGPv', 150], ['mobile:', 25], ['mobility', 100], ['RSVPv', 50], ['EIGRP', 200], ['OSPFv', 50], ['PIMv', 50], ['[|', 500]] as const) {
    assert.ok((seen.get(w) ?? 0) >= min, `only ${seen.get(w) ?? 0} lines with ${w}`);
  }
});

test('mutated frames (seeded) = tcpdump -n (default, -v, -vv, -e)', () => {
  // One to three bytes past the Ethernet and IPv4 headers changed in copies of the table's
  // frames, a fifth of them also cut: lengths, counts, types and flags that no table row has.
  let seed = 1;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const base = frames();
  const all: Buffer[] = [];
  /** Mutations of frames whose -v text is not compared (RSVP's). */
  const noVerbose = new Set<number>();
  for (let k = 0; k < 2000; k++) {
    const from = base[rnd(base.length)]!;
    if (from.noVerbose) noVerbose.add(k);
    const b = Buffer.from(from.data);
    for (let m = 1 + rnd(3); m > 0; m--) {
      const i = 34 + rnd(Math.max(1, b.length - 34));
      if (i < b.length) b[i] = rnd(4) === 0 ? b[i]! ^ (1 << rnd(8)) : rnd(256);
    }
    all.push(rnd(5) === 0 ? b.subarray(0, 14 + rnd(b.length - 14)) : b);
  }
  assertSameAsTcpdump(compareWithTcpdump(path.join(dir, 'mutated.pcap'), all, [MODE.plain, MODE.v, MODE.vv, MODE.link], { skip: (i, mode) => !!mode.opts.verbose && noVerbose.has(i) }), 6);
});

test('a frame read in place amid other bytes (formatAt) prints as format() does', () => {
  const compared = assertInPlaceSame(frames().map((f) => f.data), [{}, { link: true }, { verbose: 1 }, { verbose: 2 }, { quick: true }]);
  assert.ok(compared > 5_000, `${compared} lines`);
});

test('payloads left undecoded print as the IP protocol number and length', () => {
  const line = (d: Buffer): string => formatPacket(d, { tsNs: BASE_NS, len: d.length }, { timestamp: 'none' });
  // OSI inside GRE with -v: tcpdump decodes it in full (isoclns_print), runtime/format only without -v.
  const osi = v4(gre({ prot: 0x00fe, key: 1 }, fill(12)));
  const lineV = (d: Buffer): string => formatPacket(d, { tsNs: BASE_NS, len: d.length }, { timestamp: 'none', verbose: 1 });
  assert.ok(lineV(osi).endsWith(`${A} > ${B}:  ip-proto-47 20`), lineV(osi));
});

test.run();
