/**
 * NFS over Sun RPC (runtime/format/nfs.ts) against tcpdump 4.99: NFSv3 and NFSv2 calls to port
 * 2049 and replies from it, over UDP (IPv4 and IPv6) and TCP (after the record mark), built
 * here, written to a pcap and printed by `tcpdump -n` in default, -q, -e, -v, -vv and -vvv
 * modes; each packet's text must equal Formatter's. Replies follow their calls (tcpdump prints
 * a reply's results only for a call it remembers); one reply has no call. Copies cut inside the
 * RPC and NFS headers check the ` [|nfs]` markers. tcpdump missing is a failure, not a skip.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Formatter } from '../runtime/format/index.js';
import { OutputPrinter } from '../runtime/output.js';
import { assertInPlaceSame, assertSameAsTcpdump, BASE_NS, compareWithTcpdump, MODE, requireTcpdump, tcpdumpPackets } from './lib/tcpdump.js';
import { eth, ipv4, ipv6, tcp, truncate, udp, wireLength } from './lib/packets.js';

process.env.TZ = 'UTC';

// ---- XDR pieces

const u32 = (...ns: number[]): Buffer => {
  const b = Buffer.alloc(4 * ns.length);
  ns.forEach((n, i) => b.writeUInt32BE(n >>> 0, 4 * i));
  return b;
};
const u64 = (n: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt.asUintN(64, n));
  return b;
};
const opaque = (body: Buffer): Buffer => Buffer.concat([u32(body.length), body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
const str = (s: string): Buffer => opaque(Buffer.from(s, 'latin1'));
const cat = (...parts: Buffer[]): Buffer => Buffer.concat(parts);

/** AUTH_UNIX credentials (stamp, machine name, uid, gid, no groups) and a null verifier. */
const AUTH = cat(u32(1), opaque(cat(u32(0x5f5e100), str('client'), u32(1000, 1000, 0))), u32(0, 0));

function call(xid: number, vers: number, proc: number, args: Buffer, auth = AUTH): Buffer {
  return cat(u32(xid, 0, 2, 100003, vers, proc), auth, args);
}

/** An accepted, successful reply; `astat` another accept status. */
function reply(xid: number, body: Buffer, astat = 0): Buffer {
  return cat(u32(xid, 1, 0, 0, 0, astat), body);
}

// File handles of the layouts tcpdump's parsenfsfh.c tells apart.
const FH_BSD = Buffer.from('0105000002000000' + '0a000000' + '39300000' + '0000000000000000', 'hex');
const FH_LINUX = Buffer.from('01000601' + 'aabbccdd' + '11223344' + '55667788' + '99aabbcc' + 'ddeeff00', 'hex');
const FH_SUNOS4 = Buffer.from('0000' + '0712' + '00000001' + '000a0000' + '00001234' + '0000000000000000' + '0000000000000000', 'hex');
const FH_AUSPEX = Buffer.from('00000000' + '00000305' + '00000000' + '00000777' + '00'.repeat(16), 'hex');
const FH_HPUX = Buffer.from('01020304' + '00000000' + '000a0000' + '00000042' + '00'.repeat(16), 'hex');
const FH_DECOSF = Buffer.from('0301a000' + '05000000' + '0c000000' + '78560000' + '00'.repeat(16), 'hex');
const FH_SUNOS5 = Buffer.from('04c0000a' + '00000002' + '000a0000' + '00000099' + '00'.repeat(16), 'hex');
const FH_ULTRIX = Buffer.from('0703' + '0000' + '44332211' + '01020304' + '0506070809' + '00ff00' + '00'.repeat(8), 'hex');
const FH_VMS = Buffer.concat([Buffer.from('\x01DISK USER\x00\x00\x00\x00', 'latin1'), Buffer.from('00'.repeat(8) + '3412' + '0000' + '0102' + '0000', 'hex')]);
const FH_SHORT = Buffer.from('0102030405060708', 'hex');
const fh3 = (b: Buffer): Buffer => opaque(b);
const fh2 = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc(32)]).subarray(0, 32);

const time = (s: number, ns: number): Buffer => u32(s, ns);
const fattr3 = (type = 1, size = 4096n): Buffer =>
  cat(u32(type, 0o644, 2, 1000, 0xfffffffe), u64(size), u64(8192n), u32(0, 0), u64(0x1234n), u64(0xabcdefn), time(1700000000, 5), time(1700000001, 123456), time(1700000002, 999999));
const fattr2 = (type = 1): Buffer => cat(u32(type, 0o100755, 1, 0, 0, 512, 4096, 0x301, 1, 0x11, 0x22), time(1, 2), time(3, 4), time(5, 6));
const postOp = (a?: Buffer): Buffer => (a ? cat(u32(1), a) : u32(0));
const preOp = cat(u32(1), u64(100n), time(10, 20), time(30, 40));
const wcc = (pre = true, post = true): Buffer => cat(pre ? preOp : u32(0), postOp(post ? fattr3() : undefined));
const sattr3 = cat(u32(1, 0o600), u32(1, 500), u32(0), u32(1), u64(0n).subarray(4), u32(2), time(7, 8), u32(1));

// ---- frames

interface Item {
  name: string;
  frame: Buffer;
}

const items: Item[] = [];

const CLIENT4 = '192.0.2.10';
const SERVER4 = '192.0.2.20';

function udp4(toServer: boolean, rpc: Buffer, port = 700): Buffer {
  return eth({}, ipv4({ src: toServer ? CLIENT4 : SERVER4, dst: toServer ? SERVER4 : CLIENT4, id: 9 }, udp(toServer ? { sport: port, dport: 2049, payload: rpc } : { sport: 2049, dport: port, payload: rpc })));
}

function udp6(toServer: boolean, rpc: Buffer): Buffer {
  const [a, b] = ['2001:db8::10', '2001:db8::20'];
  return eth({}, ipv6({ src: toServer ? a : b, dst: toServer ? b : a }, udp(toServer ? { sport: 801, dport: 2049, payload: rpc } : { sport: 2049, dport: 801, payload: rpc })));
}

let tcpSeq = 1000;
function tcp4(toServer: boolean, rpc: Buffer, mark = (0x80000000 | rpc.length) >>> 0): Buffer {
  const payload = cat(u32(mark), rpc);
  tcpSeq += payload.length;
  const ends = toServer ? { sport: 1023, dport: 2049 } : { sport: 2049, dport: 1023 };
  return eth({}, ipv4({ src: toServer ? CLIENT4 : SERVER4, dst: toServer ? SERVER4 : CLIENT4, id: 3 }, tcp({ ...ends, seq: tcpSeq, ack: 77, flags: 'P.', payload })));
}

const UDP4_OFF = 14 + 20 + 8;

function add(name: string, frame: Buffer): void {
  items.push({ name, frame });
}

/** A call and its reply, over UDP/IPv4 (and cut copies of each at `cuts` bytes into the RPC message). */
function pair(name: string, xid: number, vers: number, proc: number, args: Buffer, res: Buffer, cuts: number[] = []): void {
  const c = udp4(true, call(xid, vers, proc, args));
  const r = udp4(false, reply(xid, res));
  add(`${name} call`, c);
  add(`${name} reply`, r);
  for (const n of cuts) {
    if (UDP4_OFF + n < c.length) add(`${name} call cut at ${n}`, truncate(c, UDP4_OFF + n));
  }
  // The cut replies after a full call each (a cut call may not have been remembered).
  for (const n of cuts) {
    if (UDP4_OFF + n < r.length) {
      add(`${name} call again`, c);
      add(`${name} reply cut at ${n}`, truncate(r, UDP4_OFF + n));
    }
  }
}

const everyFour = (n: number): number[] => Array.from({ length: Math.ceil(n / 4) }, (_, i) => i * 4 + (i % 3));

let xid = 0x1000;
const next = (): number => ++xid;

// NFSv3
pair('v3 null', next(), 3, 0, Buffer.alloc(0), Buffer.alloc(0), [2, 8, 20]);
pair('v3 getattr', next(), 3, 1, fh3(FH_LINUX), cat(u32(0), fattr3()), everyFour(140));
pair('v3 setattr', next(), 3, 2, cat(fh3(FH_BSD), sattr3, u32(0)), cat(u32(0), wcc()), [60, 90, 100, 150]);
pair('v3 lookup', next(), 3, 3, cat(fh3(FH_LINUX), str('passwd')), cat(u32(0), fh3(FH_BSD), postOp(fattr3()), postOp(fattr3(2))), everyFour(180));
pair('v3 lookup ENOENT', next(), 3, 3, cat(fh3(FH_LINUX), str('nope')), cat(u32(2), postOp(fattr3(2))), [30, 36]);
pair('v3 access', next(), 3, 4, cat(fh3(FH_LINUX), u32(0x1f)), cat(u32(0), postOp(fattr3()), u32(0x0d)), [72, 80, 130]);
pair('v3 access full', next(), 3, 4, cat(fh3(FH_LINUX), u32(0x3f)), cat(u32(0), postOp(), u32(0x3f)));
pair('v3 access odd bits', next(), 3, 4, cat(fh3(FH_LINUX), u32(0x140)), cat(u32(13), postOp()));
pair('v3 read', next(), 3, 6, cat(fh3(FH_LINUX), u64(0x100000000n), u32(8192)), cat(u32(0), postOp(fattr3()), u32(8192, 1), opaque(Buffer.alloc(16))), [84, 90, 130]);
pair('v3 write', next(), 3, 7, cat(fh3(FH_LINUX), u64(4096n), u32(512, 2), opaque(Buffer.alloc(8))), cat(u32(0), wcc(), u32(512, 1), u64(0xdeadbeefn)), [84, 92, 96]);
pair('v3 write unstable', next(), 3, 7, cat(fh3(FH_SUNOS4), u64(0n), u32(4, 0), opaque(Buffer.alloc(4))), cat(u32(0), wcc(false, false), u32(4, 0), u64(1n)));
pair('v3 create', next(), 3, 8, cat(fh3(FH_LINUX), str('newfile'), u32(0), sattr3), cat(u32(0), u32(1), fh3(FH_BSD), postOp(fattr3()), wcc()), everyFour(80).slice(15));
pair('v3 create exists', next(), 3, 8, cat(fh3(FH_LINUX), str('old'), u32(1)), cat(u32(17), wcc(true, false)));
pair('v3 mkdir', next(), 3, 9, cat(fh3(FH_LINUX), str('dir'), sattr3), cat(u32(0), u32(0), postOp(), wcc()));
pair('v3 symlink', next(), 3, 10, cat(fh3(FH_LINUX), str('ln'), sattr3, str('/target')), cat(u32(0), u32(1), fh3(FH_AUSPEX), postOp(), wcc()));
pair('v3 mknod', next(), 3, 11, cat(fh3(FH_LINUX), str('dev'), u32(4), sattr3, u32(1, 3)), cat(u32(0), u32(0), postOp(), wcc()));
pair('v3 remove', next(), 3, 12, cat(fh3(FH_LINUX), str('gone')), cat(u32(0), wcc()), [64, 68, 72]);
pair('v3 rmdir', next(), 3, 13, cat(fh3(FH_LINUX), str('d')), cat(u32(66), wcc()));
pair('v3 rename', next(), 3, 14, cat(fh3(FH_LINUX), str('a'), fh3(FH_BSD), str('b')), cat(u32(0), wcc(), wcc()));
pair('v3 link', next(), 3, 15, cat(fh3(FH_LINUX), fh3(FH_BSD), str('hard')), cat(u32(0), postOp(fattr3()), wcc()));
pair('v3 readlink', next(), 3, 5, fh3(FH_HPUX), cat(u32(0), postOp(fattr3(5)), str('../x')));
pair('v3 readdir', next(), 3, 16, cat(fh3(FH_LINUX), u64(-5n), u32(0x11, 0x22), u32(4096)), cat(u32(0), postOp(fattr3(2)), u32(0xcafe, 0xf00d), u32(0), u32(1)), [84, 100, 120]);
pair('v3 readdirplus', next(), 3, 17, cat(fh3(FH_DECOSF), u64(3n), u32(0, 0), u32(1024, 8192)), cat(u32(0), postOp(fattr3(2)), u32(1, 2), u32(0, 1)), [88, 100, 112, 120, 200]);
pair('v3 fsstat', next(), 3, 18, fh3(FH_LINUX), cat(u32(0), postOp(fattr3(2)), u64(1n << 40n), u64(1000n), u64(999n), u64(10n), u64(9n), u64(8n), u32(0)), [150, 160, 180]);
pair('v3 fsinfo', next(), 3, 19, fh3(FH_SUNOS5), cat(u32(0), postOp(), u32(65536, 4096, 512, 65536, 4096, 512, 8192), u64(0xffffffffffffn), time(0, 1), u32(0x1b)), [20, 30, 40, 60]);
pair('v3 pathconf', next(), 3, 20, fh3(FH_ULTRIX), cat(u32(0), postOp(fattr3(2)), u32(32000, 255, 1, 0, 0, 1)), [110, 120]);
pair('v3 commit', next(), 3, 21, cat(fh3(FH_VMS), u64(0n), u32(0)), cat(u32(0), wcc(), u64(0x1122334455667788n)), [40, 60]);
pair('v3 short and odd handles', next(), 3, 1, fh3(FH_SHORT), cat(u32(70)));
pair('v3 empty handle', next(), 3, 1, fh3(Buffer.alloc(0)), cat(u32(10001)));
pair('v3 procedure 30', next(), 3, 30, Buffer.alloc(8), Buffer.alloc(8));

// NFSv2 (procedure numbers of version 2)
pair('v2 null', next(), 2, 0, Buffer.alloc(0), Buffer.alloc(0));
pair('v2 getattr', next(), 2, 1, fh2(FH_BSD), cat(u32(0), fattr2()), [60, 64, 100]);
pair('v2 setattr', next(), 2, 2, cat(fh2(FH_BSD), u32(0o644, 0, 0, 0xffffffff, 0, 0, 0, 0)), cat(u32(0), fattr2()));
pair('v2 root (no-op)', next(), 2, 3, Buffer.alloc(0), Buffer.alloc(0));
pair('v2 lookup', next(), 2, 4, cat(fh2(FH_BSD), str('etc')), cat(u32(0), fh2(FH_SUNOS4), fattr2(2)), [60, 100, 110, 140]);
pair('v2 readlink', next(), 2, 5, fh2(FH_BSD), cat(u32(0), str('/a/b')));
pair('v2 read', next(), 2, 6, cat(fh2(FH_BSD), u32(4096, 1024, 0)), cat(u32(0), fattr2(), opaque(Buffer.alloc(4))));
pair('v2 write', next(), 2, 8, cat(fh2(FH_BSD), u32(0, 512, 0, 4), opaque(Buffer.alloc(4))), cat(u32(0), fattr2()));
pair('v2 create', next(), 2, 9, cat(fh2(FH_BSD), str('f'), u32(0o644, 0, 0, 0, 0, 0, 0, 0)), cat(u32(0), fh2(FH_BSD), fattr2()));
pair('v2 remove', next(), 2, 10, cat(fh2(FH_BSD), str('f')), u32(0));
pair('v2 rename', next(), 2, 11, cat(fh2(FH_BSD), str('f'), fh2(FH_BSD), str('g')), u32(30));
pair('v2 readdir', next(), 2, 16, cat(fh2(FH_BSD), u32(0, 8192)), cat(u32(0), u32(1, 5), str('x'), u32(6, 0), u32(1)), [60, 64, 70]);
pair('v2 statfs', next(), 2, 17, fh2(FH_BSD), cat(u32(0), u32(8192, 4096, 1000, 500, 400)), [36, 40]);
pair('v2 statfs error', next(), 2, 17, fh2(FH_BSD), u32(5));

// RPC-level replies
{
  const x = next();
  add('call for a PROC_UNAVAIL reply', udp4(true, call(x, 3, 1, fh3(FH_LINUX))));
  add('PROC_UNAVAIL reply', udp4(false, reply(x, Buffer.alloc(0), 3)));
  const y = next();
  add('call for a garbage-args reply', udp4(true, call(y, 3, 6, fh3(FH_LINUX))));
  add('GARBAGE_ARGS reply', udp4(false, reply(y, Buffer.alloc(0), 4)));
}
add('reply without a call', udp4(false, reply(0xdead, cat(u32(0), fattr3()))));
add('reply from another client', udp4(false, reply(0x1002, cat(u32(0), fattr3())), 999));
add('denied: RPC mismatch', udp4(false, u32(next(), 1, 1, 0, 2, 2)));
add('denied: auth error', udp4(false, u32(next(), 1, 1, 1, 5)));
add('denied: auth error 42', udp4(false, u32(next(), 1, 1, 1, 42)));
add('denied: other', udp4(false, u32(next(), 1, 1, 7)));
add('reply status 9', udp4(false, u32(next(), 1, 9)));
add('call from 2049 (not NFS)', udp4(false, call(next(), 3, 1, fh3(FH_LINUX))));
add('reply to 2049 (not NFS)', udp4(true, reply(next(), u32(0))));
add('short datagram', udp4(true, u32(1)));
{
  const big = call(next(), 3, 1, fh3(FH_LINUX), cat(u32(1), opaque(Buffer.alloc(400, 0x41)), u32(0, 0)));
  add('large credentials', big);
  add('large credentials cut', truncate(udp4(true, big), UDP4_OFF + 200));
  add('credentials longer than the message', udp4(true, call(next(), 3, 1, Buffer.alloc(0), u32(1, 0x7ffffff0))));
}

// IPv6
{
  const x = next();
  add('v6 lookup call', udp6(true, call(x, 3, 3, cat(fh3(FH_LINUX), str('a b\x01\xff')))));
  add('v6 lookup reply', udp6(false, reply(x, cat(u32(0), fh3(FH_BSD), postOp(fattr3()), postOp()))));
}

// TCP: the record mark first
{
  const x = next();
  add('tcp getattr call', tcp4(true, call(x, 3, 1, fh3(FH_LINUX))));
  add('tcp getattr reply', tcp4(false, reply(x, cat(u32(0), fattr3()))));
  const y = next();
  const c = tcp4(true, call(y, 3, 3, cat(fh3(FH_LINUX), str('file'))));
  add('tcp lookup call', c);
  const TCP4_OFF = 14 + 20 + 20;
  for (const n of [2, 4, 6, 8, 12, 30, 70, 90]) add(`tcp lookup call cut at ${n}`, truncate(c, TCP4_OFF + n));
  add('tcp lookup reply, record mark shorter', tcp4(false, reply(y, cat(u32(0), fh3(FH_BSD), postOp(fattr3()), postOp())), 0x80000010));
  add('tcp readdirplus reply, record mark longer', tcp4(false, reply(next(), u32(0)), 0xffffffff));
  add('tcp 2-byte payload', eth({}, ipv4({ src: CLIENT4, dst: SERVER4 }, tcp({ sport: 1023, dport: 2049, seq: 5, ack: 1, flags: 'P.', payload: Buffer.from([0x80, 0]) }))));
}

// The memory of calls: 70 outstanding (tcpdump keeps 64: the oldest 6 replies find none), and
// two calls with one xid (the search starts where the last one was found).
{
  const base = 0x90000;
  const fsstat = cat(u32(0), postOp(), u64(1n), u64(2n), u64(3n), u64(4n), u64(5n), u64(6n), u32(7));
  for (let k = 0; k < 70; k++) add(`call ${k} of 70`, udp4(true, call(base + k, 3, 18, fh3(FH_BSD))));
  for (let k = 0; k < 70; k++) add(`reply ${k} of 70`, udp4(false, reply(base + k, fsstat)));
  add('one xid: getattr call', udp4(true, call(0x95000, 3, 1, fh3(FH_BSD))));
  add('one xid: access call', udp4(true, call(0x95000, 3, 4, cat(fh3(FH_BSD), u32(1)))));
  for (const n of [1, 2]) add(`one xid: reply ${n}`, udp4(false, reply(0x95000, cat(u32(0), postOp(), u32(1)))));
  add('one xid: a reply found earlier in the ring', udp4(false, reply(base + 69, fsstat)));
  add('one xid: reply 3', udp4(false, reply(0x95000, cat(u32(0), postOp(), u32(1)))));
}

// ---- tests

test('NFS over UDP and TCP prints as tcpdump does (default, -q, -e, -v, -vv, -vvv)', () => {
  requireTcpdump('test/format-nfs.test.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-nfs-'));
  try {
    const results = compareWithTcpdump(
      path.join(dir, 'nfs.pcap'),
      items.map((i) => i.frame),
      [MODE.plain, MODE.quick, MODE.link, MODE.v, MODE.vv, MODE.vvv],
      { name: (i) => items[i]!.name },
    );
    const nfsLines = results[0]!.expected.filter((l) => l.includes('NFS ')).length;
    assert.ok(nfsLines > 150, `only ${nfsLines} NFS lines`);
    assertSameAsTcpdump(results, 12);
  } finally {
    if (!process.env.KEEP_FORMAT_PCAP) fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('NFS frames with random bytes changed print as tcpdump prints them (default, -v, -vv)', () => {
  // The table's frames, each with one to four bytes of its RPC message changed (a fixed seed):
  // handles of other layouts, bad lengths, unknown procedures and statuses, calls and replies
  // out of step.
  requireTcpdump('test/format-nfs.test.ts');
  let seed = 2049;
  const rnd = (): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const frames: Buffer[] = [];
  for (let k = 0; k < 3000; k++) {
    const item = items[Math.floor(rnd() * items.length)]!;
    const data = Buffer.from(item.frame);
    const from = item.frame[12] === 0x86 ? 14 + 40 + 8 : item.frame[23] === 6 ? 14 + 20 + 20 : UDP4_OFF;
    for (let j = 0, n = 1 + Math.floor(rnd() * 4); j < n && data.length > from; j++) {
      // Mostly the RPC header and the first arguments, where the decisions are.
      const span = Math.min(data.length - from, rnd() < 0.7 ? 64 : data.length - from);
      data[from + Math.floor(rnd() * span)] = rnd() < 0.3 ? 0 : Math.floor(rnd() * 256);
    }
    frames.push(data);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-nfs-'));
  try {
    const results = compareWithTcpdump(path.join(dir, 'mutated.pcap'), frames, [MODE.plain, MODE.v, MODE.vv]);
    if (process.env.SHOW_DIFFS) for (const r of results) console.log(r.diffs.join('\n'));
    assertSameAsTcpdump(results, 12);
  } finally {
    if (!process.env.KEEP_FORMAT_PCAP) fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('-x and -v -X dumps start where tcpdump starts them (after a give-up: the frame\'s first byte)', () => {
  requireTcpdump('test/format-nfs.test.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-nfs-'));
  try {
    const file = path.join(dir, 'nfs-x.pcap');
    compareWithTcpdump(file, items.map((i) => i.frame), []);
    for (const [flags, opts] of [
      [['-x'], { hex: 1 }],
      [['-v', '-X'], { hexAscii: 1, verbose: 1 }],
    ] as const) {
      const expected = tcpdumpPackets(file, [...flags]);
      assert.is(expected.length, items.length);
      const printer = new OutputPrinter({ t: 0, ...opts });
      const diffs: string[] = [];
      items.forEach((item, i) => {
        const got = printer.format({ data: item.frame, tsNs: BASE_NS + BigInt(i) * 1_000_000n, len: wireLength(item.frame), caplen: item.frame.length });
        if (got !== expected[i]) diffs.push(`#${i + 1} ${item.name}\n    tcpdump: ${JSON.stringify(expected[i])}\n    xsift:   ${JSON.stringify(got)}`);
      });
      assert.is(diffs.length, 0, `tcpdump ${flags.join(' ')}: ${diffs.length} differ:\n${diffs.slice(0, 8).join('\n')}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('NFS frames read in place amid other bytes print as they do alone', () => {
  const frames = items.map((i) => i.frame);
  assert.ok(assertInPlaceSame(frames, [{}, { verbose: 2 }], { before: 0x30, after: 0x30 }) > 0);
  assert.ok(assertInPlaceSame(frames, [{}, { verbose: 2 }], { before: 0, after: 0 }) > 0);
});

test('Formatter.reset() forgets the outstanding NFS calls', () => {
  const x = 0x7777;
  const c = udp4(true, call(x, 3, 1, fh3(FH_LINUX)));
  const r = udp4(false, reply(x, cat(u32(0), fattr3())));
  const meta = (f: Buffer) => ({ tsNs: BASE_NS, len: wireLength(f) });
  const f = new Formatter({});
  f.format(c, meta(c));
  assert.match(f.format(r, meta(r)), /reply ok 112 getattr REG 644 ids 1000\/-2 sz 4096$/);
  f.format(c, meta(c));
  f.reset();
  assert.match(f.format(r, meta(r)), /reply ok 112$/);
  // Another Formatter has its own memory.
  f.format(c, meta(c));
  assert.match(new Formatter({}).format(r, meta(r)), /reply ok 112$/);
});

test.run();
