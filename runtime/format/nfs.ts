/**
 * NFS (versions 2 and 3) over Sun RPC, port 2049, as tcpdump 4.99 prints it: RPC calls to the
 * port (`NFS request xid N LEN PROC args`) and replies from it (`NFS reply xid N reply ok LEN
 * PROC results`), over UDP (udp.ts, before its port tests) and over TCP after the record mark
 * (tcp-apps.ts, the last of its port tests).
 *
 * A reply carries no procedure number: tcpdump remembers the last 64 calls (xid, addresses,
 * procedure, version) and prints a reply's results only when it finds its call. That memory is
 * kept per Formatter (keyed by its cross-packet state object, ctx.tcp) and forgotten by its
 * reset(), as the ISAKMP cookies are.
 *
 * File handles are printed as tcpdump's parsenfsfh.c guesses their layout (`fh MAJ,MIN/INO`,
 * `fh Unknown/HEX`, VMS's `fh NAME/INO`).
 */
import { GotoTrunc, type Ctx } from './context.js';
import type { IpInfo } from './ip.js';
import { safeChar } from './util.js';

export const NFS_PORT = 2049;

const P_NULL = 0;
const P_GETATTR = 1;
const P_SETATTR = 2;
const P_LOOKUP = 3;
const P_ACCESS = 4;
const P_READLINK = 5;
const P_READ = 6;
const P_WRITE = 7;
const P_CREATE = 8;
const P_MKDIR = 9;
const P_SYMLINK = 10;
const P_MKNOD = 11;
const P_REMOVE = 12;
const P_RMDIR = 13;
const P_RENAME = 14;
const P_LINK = 15;
const P_READDIR = 16;
const P_READDIRPLUS = 17;
const P_FSSTAT = 18;
const P_FSINFO = 19;
const P_PATHCONF = 20;
const P_COMMIT = 21;
const P_NOOP = 25;

/** NFSv2 procedure numbers as their NFSv3 equivalents (26 entries, the rest no-ops). */
const V2_TO_V3: readonly number[] = [
  P_NULL, P_GETATTR, P_SETATTR, P_NOOP, P_LOOKUP, P_READLINK, P_READ, P_NOOP, P_WRITE, P_CREATE,
  P_REMOVE, P_RENAME, P_LINK, P_SYMLINK, P_MKDIR, P_RMDIR, P_READDIR, P_FSSTAT, P_NOOP, P_NOOP,
  P_NOOP, P_NOOP, P_NOOP, P_NOOP, P_NOOP, P_NOOP,
];

const PROC_NAMES = new Map<number, string>([
  [P_NOOP, 'nop'], [P_NULL, 'null'], [P_GETATTR, 'getattr'], [P_SETATTR, 'setattr'], [P_LOOKUP, 'lookup'],
  [P_ACCESS, 'access'], [P_READLINK, 'readlink'], [P_READ, 'read'], [P_WRITE, 'write'], [P_CREATE, 'create'],
  [P_MKDIR, 'mkdir'], [P_SYMLINK, 'symlink'], [P_MKNOD, 'mknod'], [P_REMOVE, 'remove'], [P_RMDIR, 'rmdir'],
  [P_RENAME, 'rename'], [P_LINK, 'link'], [P_READDIR, 'readdir'], [P_READDIRPLUS, 'readdirplus'],
  [P_FSSTAT, 'fsstat'], [P_FSINFO, 'fsinfo'], [P_PATHCONF, 'pathconf'], [P_COMMIT, 'commit'],
]);

const STATUS_NAMES = new Map<number, string>([
  [1, 'Operation not permitted'], [2, 'No such file or directory'], [5, 'Input/output error'],
  [6, 'Device not configured'], [11, 'Resource deadlock avoided'], [12, 'Cannot allocate memory'],
  [13, 'Permission denied'], [17, 'File exists'], [18, 'Cross-device link'],
  [19, 'Operation not supported by device'], [20, 'Not a directory'], [21, 'Is a directory'],
  [22, 'Invalid argument'], [26, 'Text file busy'], [27, 'File too large'], [28, 'No space left on device'],
  [30, 'Read-only file system'], [31, 'Too many links'], [45, 'Operation not supported'],
  [62, 'Too many levels of symbolic links'], [63, 'File name too long'], [66, 'Directory not empty'],
  [69, 'Disc quota exceeded'], [70, 'Stale NFS file handle'], [71, 'Too many levels of remote in path'],
  [99, 'Write cache flushed to disk'], [10001, 'Illegal NFS file handle'],
  [10002, 'Update synchronization mismatch'], [10003, 'READDIR/READDIRPLUS cookie is stale'],
  [10004, 'Operation not supported'], [10005, 'Buffer or request is too small'],
  [10006, 'Unspecified error on server'], [10007, 'Object of that type not supported'],
  [10008, "Request couldn't be completed in time"],
]);

const WRITE_MODES = ['unstable', 'datasync', 'filesync'];
const FILE_TYPES = ['NON', 'REG', 'DIR', 'BLK', 'CHR', 'LNK', undefined, 'FIFO'];
const AUTH_STATS = [
  'OK', 'Bogus Credentials (seal broken)', 'Rejected Credentials (client should begin new session)',
  'Bogus Verifier (seal broken)', 'Verifier expired or was replayed', 'Credentials are too weak',
  'Bogus response verifier', 'Unknown failure',
];
const ACCEPT_STATS = [undefined, 'PROG_UNAVAIL', 'PROG_MISMATCH', 'PROC_UNAVAIL', 'GARBAGE_ARGS', 'SYSTEM_ERR'];

// ---- the memory of outstanding calls (tcpdump's xid map: 64 entries, a ring, a search hint)

const XID_MAP_SIZE = 64;

interface XidEntry {
  xid: number;
  ipver: number;
  client: string;
  server: string;
  proc: number;
  vers: number;
}

class XidMap {
  readonly entries: (XidEntry | undefined)[] = new Array(XID_MAP_SIZE);
  next = 0;
  hint = 0;
}

const MAPS = new WeakMap<object, XidMap>();

/** Forgets the NFS calls remembered for a Formatter (its reset()). */
export function forgetNfsCalls(key: object): void {
  MAPS.delete(key);
}

function xidMap(ctx: Ctx): XidMap {
  let m = MAPS.get(ctx.tcp);
  if (!m) {
    m = new XidMap();
    MAPS.set(ctx.tcp, m);
  }
  return m;
}

/** Remembers the call at `rp`; false when its procedure number was not captured. */
function xidEnter(ctx: Ctx, rp: number, ip: IpInfo): boolean {
  if (!ctx.has(rp + 20, 4)) return false;
  const m = xidMap(ctx);
  m.entries[m.next] = {
    xid: ctx.u32(rp), ipver: ip.version, client: ip.src, server: ip.dst, proc: ctx.u32(rp + 20), vers: ctx.u32(rp + 16),
  };
  if (++m.next >= XID_MAP_SIZE) m.next = 0;
  return true;
}

function xidFind(ctx: Ctx, rp: number, ip: IpInfo): XidEntry | undefined {
  const m = MAPS.get(ctx.tcp);
  if (!m) return undefined;
  const xid = ctx.u32(rp);
  let i = m.hint;
  do {
    const e = m.entries[i];
    if (e && e.ipver === ip.version && e.xid === xid && e.server === ip.src && e.client === ip.dst) {
      m.hint = i;
      return e;
    }
    if (++i >= XID_MAP_SIZE) i = 0;
  } while (i !== m.hint);
  return undefined;
}

// ---- entry points

/**
 * NFS over UDP (tcpdump's udp_print, without -q, before its port tests): prints and returns true
 * for an RPC call to port 2049 or a reply from it; false (nothing printed) otherwise.
 */
export function nfsUdpPrint(ctx: Ctx, cp: number, length: number, sport: number, dport: number, ip: IpInfo): boolean {
  if (!ctx.has(cp + 4, 4)) return false;
  const direction = ctx.u32(cp + 4);
  if (dport === NFS_PORT && direction === 0) {
    ctx.print(`NFS request xid ${ctx.u32(cp)} `);
    nfsRequest(ctx, cp, length, ip);
    return true;
  }
  if (sport === NFS_PORT && direction === 1) {
    ctx.print(`NFS reply xid ${ctx.u32(cp)} `);
    nfsReply(ctx, cp, length, ip);
    return true;
  }
  return false;
}

/** NFS over TCP (tcpdump's tcp_print, port 2049): the record mark at `bp`, then the RPC message. */
export function nfsTcpPrint(ctx: Ctx, bp: number, length: number, sport: number, dport: number, ip: IpInfo): void {
  if (length < 4 || !ctx.has(bp, 4)) return;
  let fraglen = ctx.u32(bp) & 0x7fffffff;
  if (fraglen > length - 4) fraglen = length - 4;
  const rp = bp + 4;
  if (!ctx.has(rp + 4, 4)) return;
  const direction = ctx.u32(rp + 4);
  if (dport === NFS_PORT && direction === 0) {
    ctx.print(`: NFS request xid ${ctx.u32(rp)} `);
    nfsRequest(ctx, rp, fraglen, ip);
  } else if (sport === NFS_PORT && direction === 1) {
    ctx.print(`: NFS reply xid ${ctx.u32(rp)} `);
    nfsReply(ctx, rp, fraglen, ip);
  }
}

// ---- calls

function procName(proc: number): string {
  return PROC_NAMES.get(proc) ?? `proc-${proc}`;
}

function roundup4(n: number): number {
  return ((n + 3) & ~3) >>> 0;
}

/** The words after an opaque body of `len` bytes and its 8-byte header (C's (len + 11) / 4). */
function skipOpaque(len: number): number {
  return Math.floor((len + 11) / 4) * 4;
}

/** tcpdump's parsereq: skips the call's credentials and verifier; the arguments' offset. */
function parseReq(ctx: Ctx, rp: number, length: number): number {
  let dp = rp + 24;
  if (length < 8) throw new GotoTrunc();
  let len = ctx.u32(dp + 4);
  let rounded = roundup4(len);
  ctx.need(dp + 8, rounded);
  if (8 + rounded <= length) {
    dp += skipOpaque(len);
    length -= 8 + rounded;
    if (length < 8) throw new GotoTrunc();
    len = ctx.u32(dp + 4);
    rounded = roundup4(len);
    ctx.need(dp + 8, rounded);
    if (8 + rounded < length) return dp + skipOpaque(len);
  }
  throw new GotoTrunc();
}

/** A file handle (v3: length-prefixed; v2: 32 bytes), printed; the offset after it. */
function parseFh(ctx: Ctx, dp: number, v3: boolean): number {
  let words = 8;
  if (v3) {
    words = Math.floor(ctx.u32(dp) / 4);
    dp += 4;
  }
  if (!ctx.has(dp, words * 4)) throw new GotoTrunc();
  printFh(ctx, dp, words);
  return dp + words * 4;
}

/** A file name, printed quoted; the offset after it. */
function parseFn(ctx: Ctx, dp: number): number {
  const len = ctx.u32(dp);
  dp += 4;
  if (0xffffffff - len < 3) {
    ctx.print('[cannot pad to 32-bit boundaries] (invalid)');
    throw new GotoTrunc();
  }
  const rounded = roundup4(len);
  ctx.need(dp, rounded);
  let s = '"';
  for (let i = 0; i < len; i++) s += safeChar(ctx.buf[dp + i]!);
  ctx.print(`${s}"`);
  return dp + rounded;
}

function parseFhn(ctx: Ctx, dp: number, v3: boolean): number {
  dp = parseFh(ctx, dp, v3);
  ctx.print(' ');
  return parseFn(ctx, dp);
}

interface Sattr3 {
  mode?: number;
  uid?: number;
  gid?: number;
  atime?: [number, number];
  mtime?: [number, number];
}

function parseSattr3(ctx: Ctx, dp: number, sa: Sattr3): number {
  if (ctx.u32(dp)) {
    sa.mode = ctx.u32(dp + 4);
    dp += 4;
  }
  dp += 4;
  if (ctx.u32(dp)) {
    sa.uid = ctx.u32(dp + 4);
    dp += 4;
  }
  dp += 4;
  if (ctx.u32(dp)) {
    sa.gid = ctx.u32(dp + 4);
    dp += 4;
  }
  dp += 4;
  if (ctx.u32(dp)) {
    ctx.u32(dp + 4);
    dp += 4;
  }
  dp += 4;
  if (ctx.u32(dp) === 2) {
    sa.atime = [ctx.u32(dp + 4), ctx.u32(dp + 8)];
    dp += 8;
  }
  dp += 4;
  if (ctx.u32(dp) === 2) {
    sa.mtime = [ctx.u32(dp + 4), ctx.u32(dp + 8)];
    dp += 8;
  }
  return dp + 4;
}

function printSattr3(ctx: Ctx, sa: Sattr3, verbose: number): void {
  if (sa.mode !== undefined) ctx.print(` mode ${sa.mode.toString(8)}`);
  if (sa.uid !== undefined) ctx.print(` uid ${sa.uid}`);
  if (sa.gid !== undefined) ctx.print(` gid ${sa.gid}`);
  if (verbose > 1) {
    if (sa.atime) ctx.print(` atime ${sa.atime[0]}.${usec6(sa.atime[1])}`);
    if (sa.mtime) ctx.print(` mtime ${sa.mtime[0]}.${usec6(sa.mtime[1])}`);
  }
}

function usec6(n: number): string {
  return String(n).padStart(6, '0');
}

function s64(ctx: Ctx, off: number): bigint {
  return BigInt.asIntN(64, ctx.u64(off));
}

const ACCESS_BITS: readonly [number, string][] = [
  [0x01, 'NFS_ACCESS_READ'], [0x02, 'NFS_ACCESS_LOOKUP'], [0x04, 'NFS_ACCESS_MODIFY'],
  [0x08, 'NFS_ACCESS_EXTEND'], [0x10, 'NFS_ACCESS_DELETE'], [0x20, 'NFS_ACCESS_EXECUTE'],
];

/** tcpdump's nfsreq_noaddr_print: `LEN PROC args` for the call at `rp` (`length` bytes). */
function nfsRequest(ctx: Ctx, rp: number, length: number, ip: IpInfo): void {
  ctx.protocol = 'nfs';
  ctx.print(`${length}`);
  try {
    if (!xidEnter(ctx, rp, ip)) throw new GotoTrunc();
    const v3 = ctx.u32(rp + 16) === 3;
    let proc = ctx.u32(rp + 20);
    if (!v3 && proc < V2_TO_V3.length) proc = V2_TO_V3[proc]!;
    ctx.print(` ${procName(proc)}`);
    let dp: number;
    switch (proc) {
      case P_GETATTR:
      case P_SETATTR:
      case P_READLINK:
      case P_FSSTAT:
      case P_FSINFO:
      case P_PATHCONF:
        parseFh(ctx, parseReq(ctx, rp, length), v3);
        break;
      case P_LOOKUP:
      case P_CREATE:
      case P_MKDIR:
      case P_REMOVE:
      case P_RMDIR:
        parseFhn(ctx, parseReq(ctx, rp, length), v3);
        break;
      case P_ACCESS: {
        dp = parseFh(ctx, parseReq(ctx, rp, length), v3);
        const flags = ctx.u32(dp);
        if (flags & ~0x3f) ctx.print(` ${flags.toString(16).padStart(4, '0')}`);
        else if ((flags & 0x3f) === 0x3f) ctx.print(' NFS_ACCESS_FULL');
        else {
          let sep = ' ';
          for (const [bit, name] of ACCESS_BITS) {
            if (flags & bit) {
              ctx.print(sep + name);
              sep = '|';
            }
          }
        }
        break;
      }
      case P_READ:
        dp = parseFh(ctx, parseReq(ctx, rp, length), v3);
        if (v3) ctx.print(` ${ctx.u32(dp + 8)} bytes @ ${ctx.u64(dp)}`);
        else ctx.print(` ${ctx.u32(dp + 4)} bytes @ ${ctx.u32(dp)}`);
        break;
      case P_WRITE:
        dp = parseFh(ctx, parseReq(ctx, rp, length), v3);
        if (v3) {
          ctx.print(` ${ctx.u32(dp + 16)} (${ctx.u32(dp + 8)}) bytes @ ${ctx.u64(dp)}`);
          if (ctx.verbose) ctx.print(` <${writeMode(ctx.u32(dp + 12))}>`);
        } else {
          ctx.print(` ${ctx.u32(dp + 12)} (${ctx.u32(dp + 8)}) bytes @ ${ctx.u32(dp + 4)} (${ctx.u32(dp)})`);
        }
        break;
      case P_SYMLINK: {
        dp = parseFhn(ctx, parseReq(ctx, rp, length), v3);
        ctx.print(' ->');
        const sa: Sattr3 = {};
        if (v3) dp = parseSattr3(ctx, dp, sa);
        parseFn(ctx, dp);
        if (v3 && ctx.verbose) printSattr3(ctx, sa, ctx.verbose);
        break;
      }
      case P_MKNOD: {
        dp = parseFhn(ctx, parseReq(ctx, rp, length), v3);
        const type = ctx.u32(dp);
        const sa: Sattr3 = {};
        dp = parseSattr3(ctx, dp + 4, sa);
        ctx.print(` ${FILE_TYPES[type] ?? `unk-ft ${type}`}`);
        if (ctx.verbose && (type === 4 || type === 3)) ctx.print(` ${ctx.u32(dp)}/${ctx.u32(dp + 4)}`);
        if (ctx.verbose) printSattr3(ctx, sa, ctx.verbose);
        break;
      }
      case P_RENAME:
        dp = parseFhn(ctx, parseReq(ctx, rp, length), v3);
        ctx.print(' ->');
        parseFhn(ctx, dp, v3);
        break;
      case P_LINK:
        dp = parseFh(ctx, parseReq(ctx, rp, length), v3);
        ctx.print(' ->');
        parseFhn(ctx, dp, v3);
        break;
      case P_READDIR:
        dp = parseFh(ctx, parseReq(ctx, rp, length), v3);
        if (v3) {
          ctx.print(` ${ctx.u32(dp + 16)} bytes @ ${s64(ctx, dp)}`);
          if (ctx.verbose) ctx.print(` verf ${hex8(ctx.u32(dp + 8))}${hex8(ctx.u32(dp + 12))}`);
        } else {
          ctx.print(` ${ctx.u32(dp + 4)} bytes @ ${ctx.u32(dp)}`);
        }
        break;
      case P_READDIRPLUS:
        dp = parseFh(ctx, parseReq(ctx, rp, length), v3);
        ctx.print(` ${ctx.u32(dp + 16)} bytes @ ${s64(ctx, dp)}`);
        if (ctx.verbose) {
          ctx.print(` max ${ctx.u32(dp + 20)} verf ${hex8(ctx.u32(dp + 8))}${hex8(ctx.u32(dp + 12))}`);
        }
        break;
      case P_COMMIT:
        dp = parseFh(ctx, parseReq(ctx, rp, length), v3);
        ctx.print(` ${ctx.u32(dp + 8)} bytes @ ${ctx.u64(dp)}`);
        break;
      default:
        break;
    }
  } catch (e) {
    if (!(e instanceof GotoTrunc)) throw e;
    ctx.trunc();
  }
}

function writeMode(m: number): string {
  return WRITE_MODES[m] ?? `#${m | 0}`;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

// ---- file handles (tcpdump's parsenfsfh.c heuristic)

const FHT_UNKNOWN = 0;
const FHT_AUSPEX = 1;
const FHT_DECOSF = 2;
const FHT_IRIX4 = 3;
const FHT_SUNOS4 = 5;
const FHT_SUNOS5 = 6;
const FHT_ULTRIX = 7;
const FHT_BSD44 = 8;
const FHT_HPUX9 = 9;
const FHT_VMSUCX = 10;

function isUcx(b: Buffer, fh: number, words: number): boolean {
  if (words < 7) return false;
  let seenNull = false;
  for (let i = 1; i < 14; i++) {
    const c = b[fh + i]!;
    if (c >= 0x20 && c < 0x7f) {
      if (seenNull) return false;
    } else if (c === 0) seenNull = true;
    else return false;
  }
  return true;
}

function fhType(b: Buffer, fh: number, words: number): number {
  if (words < 4) return FHT_UNKNOWN;
  const at = (i: number): number => b[fh + i]!;
  if (at(0) === 0 && at(1) === 0) {
    if (at(2) === 0 && at(3) === 0) return FHT_AUSPEX;
    if (at(4) !== 0 && at(5) === 0 && at(8) === 12 && at(9) === 0) return FHT_DECOSF;
    if (at(4) === 0 && at(5) === 8 && at(6) === 0 && at(7) === 0) return FHT_IRIX4;
    return FHT_SUNOS4;
  }
  if (at(2) === 0 && at(3) === 0) {
    if (at(6) === 0 && at(7) === 0) return FHT_BSD44;
    if (words >= 6 && at(21) === 0 && at(23) === 0) return FHT_ULTRIX;
    return at(9) === 10 ? FHT_SUNOS5 : FHT_UNKNOWN;
  }
  if (at(8) === 12 && at(9) === 0) return FHT_DECOSF;
  if (at(8) === 0 && at(9) === 10) {
    if (at(7) === 0 && at(6) === 0 && at(5) === 0 && at(4) === 0) return FHT_HPUX9;
    return FHT_SUNOS5;
  }
  return isUcx(b, fh, words) ? FHT_VMSUCX : FHT_UNKNOWN;
}

/** ` fh MAJ,MIN/INO` (or a server name, or the opaque bytes) for the `words`-word handle at `fh`. */
function printFh(ctx: Ctx, fh: number, words: number): void {
  const b = ctx.buf;
  const be32 = (i: number): number => b.readUInt32BE(fh + i);
  const le32 = (i: number): number => b.readUInt32LE(fh + i);
  const be24 = (i: number): number => (b[fh + i]! << 16) | (b[fh + i + 1]! << 8) | b[fh + i + 2]!;
  let major = 0;
  let minor = 0;
  let ino = 0;
  let fsname: string | undefined;
  let opaque = '';
  switch (fhType(b, fh, words)) {
    case FHT_AUSPEX:
      minor = b[fh + 7]!;
      major = b[fh + 6]!;
      ino = be32(12);
      break;
    case FHT_BSD44:
      minor = b[fh]!;
      major = b[fh + 1]!;
      ino = le32(12);
      break;
    case FHT_DECOSF: {
      const t = le32(0);
      minor = t & 0xfffff;
      major = (t >>> 20) & 0xfff;
      ino = le32(12);
      break;
    }
    case FHT_IRIX4:
      minor = b[fh + 3]!;
      major = b[fh + 2]!;
      ino = be32(8);
      break;
    case FHT_SUNOS4:
      minor = b[fh + 3]!;
      major = b[fh + 2]!;
      ino = be32(12);
      break;
    case FHT_SUNOS5:
      major = (b.readUInt16BE(fh) >> 2) & 0x3fff;
      minor = be24(1) & 0x3ffff;
      ino = be32(12);
      break;
    case FHT_ULTRIX:
      minor = b[fh]!;
      major = b[fh + 1]!;
      ino = le32(4);
      break;
    case FHT_VMSUCX: {
      // tcpdump copies the handle's first 14 bytes over its (zeroed) fsid structure.
      minor = le32(0);
      major = le32(4);
      for (let i = 8; i < 14 && b[fh + i] !== 0; i++) opaque += String.fromCharCode(b[fh + i]!);
      ino = ((b[fh + 26]! << 24) | (b[fh + 27]! << 16) | b.readUInt16LE(fh + 22)) >>> 0;
      fsname = '';
      for (let i = 1; i < 1 + Math.min(words, 64); i++) {
        const c = b[fh + i]!;
        if (c === 0) break;
        fsname += String.fromCharCode(c);
      }
      break;
    }
    case FHT_HPUX9:
      major = b[fh]!;
      minor = be24(1);
      ino = be32(12);
      break;
    default:
      for (let i = 0; i < words * 4 && i < 32; i++) opaque += b[fh + i]!.toString(16).toUpperCase().padStart(2, '0');
      minor = 257;
      major = 257;
      ino = 1;
      fsname = 'Unknown'.slice(0, Math.min(words, 64));
      break;
  }
  if (fsname !== undefined) {
    const space = fsname.indexOf(' ');
    ctx.print(` fh ${space >= 0 ? fsname.slice(0, space) : fsname}/`);
  } else {
    ctx.print(` fh ${major},${minor}/`);
  }
  ctx.print(minor === 257 ? opaque : String(ino));
}

// ---- replies

/** tcpdump's nfsreply_noaddr_print: `reply ok LEN PROC results` for the reply at `rp`. */
function nfsReply(ctx: Ctx, rp: number, length: number, ip: IpInfo): void {
  ctx.protocol = 'nfs';
  if (!ctx.tcheck(rp + 8, 4)) return;
  const stat = ctx.u32(rp + 8);
  if (stat === 0) {
    ctx.print(`reply ok ${length}`);
    const call = xidFind(ctx, rp, ip);
    if (call) interpReply(ctx, rp, call.proc, call.vers, length);
  } else if (stat === 1) {
    ctx.print(`reply ERR ${length}: `);
    if (!ctx.tcheck(rp + 12, 4)) return;
    const rstat = ctx.u32(rp + 12);
    if (rstat === 0) {
      if (!ctx.tcheck(rp + 20, 4)) return;
      ctx.print(`RPC Version mismatch (${ctx.u32(rp + 16)}-${ctx.u32(rp + 20)})`);
    } else if (rstat === 1) {
      if (!ctx.tcheck(rp + 16, 4)) return;
      const why = ctx.u32(rp + 16);
      ctx.print(`Auth ${AUTH_STATS[why] ?? `Invalid failure code ${why}`}`);
    } else {
      ctx.print(`Unknown reason for rejecting rpc message ${rstat}`);
    }
  } else {
    ctx.print(`reply Unknown rpc response code=${stat} ${length}`);
  }
}

/** The reply's parse state: an NFS or RPC error was printed (no truncation marker then). */
interface RepState {
  err: boolean;
}

/** tcpdump's parserep: skips the verifier; the results' offset (after an accepted status). */
function parseRep(ctx: Ctx, rp: number, length: number, st: RepState): number {
  let dp = rp + 12;
  const len = ctx.u32(dp + 4);
  if (len >= length) throw new GotoTrunc();
  dp += skipOpaque(len);
  const astat = ctx.u32(dp);
  if (astat !== 0) {
    ctx.print(` ${ACCEPT_STATS[astat] ?? `ar_stat ${astat}`}`);
    st.err = true;
    throw new GotoTrunc();
  }
  return dp + 4;
}

/** tcpdump's parsestatus: the NFS status (printed when an error); returns it. */
function parseStatus(ctx: Ctx, dp: number, st: RepState): number {
  const er = ctx.u32(dp);
  if (er !== 0) {
    if (!ctx.quick) ctx.print(` ERROR: ${STATUS_NAMES.get(er) ?? `unk ${er}`}`);
    st.err = true;
  }
  return er;
}

function parseFattr(ctx: Ctx, dp: number, verbose: number, v3: boolean): number {
  ctx.need(dp + 16, 4);
  if (verbose) {
    const type = ctx.u32(dp);
    ctx.print(` ${FILE_TYPES[type] ?? `unk-ft ${type} `} ${ctx.u32(dp + 4).toString(8)} ids ${ctx.u32(dp + 12) | 0}/${ctx.u32(dp + 16) | 0}`);
    ctx.print(v3 ? ` sz ${ctx.u64(dp + 20)}` : ` sz ${ctx.u32(dp + 20)}`);
  }
  if (verbose > 1) {
    if (v3) {
      ctx.need(dp + 76, 8);
      ctx.print(` nlink ${ctx.u32(dp + 8)} rdev ${ctx.u32(dp + 36)}/${ctx.u32(dp + 40)}`);
      ctx.print(` fsid ${ctx.u64(dp + 44).toString(16)}`);
      ctx.print(` fileid ${ctx.u64(dp + 52).toString(16)}`);
      ctx.print(` a/m/ctime ${ctx.u32(dp + 60)}.${usec6(ctx.u32(dp + 64))}`);
      ctx.print(` ${ctx.u32(dp + 68)}.${usec6(ctx.u32(dp + 72))}`);
      ctx.print(` ${ctx.u32(dp + 76)}.${usec6(ctx.u32(dp + 80))}`);
    } else {
      ctx.need(dp + 60, 8);
      ctx.print(` nlink ${ctx.u32(dp + 8)} rdev 0x${ctx.u32(dp + 28).toString(16)} fsid 0x${ctx.u32(dp + 36).toString(16)}`);
      ctx.print(` nodeid 0x${ctx.u32(dp + 40).toString(16)} a/m/ctime`);
      ctx.print(` ${ctx.u32(dp + 44)}.${usec6(ctx.u32(dp + 48))}`);
      ctx.print(` ${ctx.u32(dp + 52)}.${usec6(ctx.u32(dp + 56))}`);
      ctx.print(` ${ctx.u32(dp + 60)}.${usec6(ctx.u32(dp + 64))}`);
    }
  }
  return dp + (v3 ? 84 : 68);
}

function parseAttrStat(ctx: Ctx, dp: number, verbose: number, v3: boolean, st: RepState): void {
  if (parseStatus(ctx, dp, st)) return;
  parseFattr(ctx, dp + 4, verbose, v3);
}

function parseDirOpRes(ctx: Ctx, dp: number, st: RepState): void {
  if (parseStatus(ctx, dp, st)) return;
  dp = parseFh(ctx, dp + 4, false);
  parseFattr(ctx, dp, ctx.verbose, false);
}

function parseLinkRes(ctx: Ctx, dp: number, v3: boolean, st: RepState): void {
  if (parseStatus(ctx, dp, st)) return;
  dp += 4;
  if (v3) dp = parsePostOpAttr(ctx, dp, ctx.verbose);
  ctx.print(' ');
  parseFn(ctx, dp);
}

function parseStatfs(ctx: Ctx, dp: number, v3: boolean, st: RepState): void {
  const er = parseStatus(ctx, dp, st);
  dp += 4;
  if (!v3 && er) return;
  if (ctx.quick) return;
  if (v3) {
    if (ctx.verbose) ctx.print(' POST:');
    dp = parsePostOpAttr(ctx, dp, ctx.verbose);
  }
  ctx.need(dp, v3 ? 52 : 20);
  if (v3) {
    ctx.print(` tbytes ${ctx.u64(dp)} fbytes ${ctx.u64(dp + 8)} abytes ${ctx.u64(dp + 16)}`);
    if (ctx.verbose) {
      ctx.print(` tfiles ${ctx.u64(dp + 24)} ffiles ${ctx.u64(dp + 32)} afiles ${ctx.u64(dp + 40)} invar ${ctx.u32(dp + 48)}`);
    }
  } else {
    ctx.print(` tsize ${ctx.u32(dp)} bsize ${ctx.u32(dp + 4)} blocks ${ctx.u32(dp + 8)} bfree ${ctx.u32(dp + 12)} bavail ${ctx.u32(dp + 16)}`);
  }
}

function parseRddirRes(ctx: Ctx, dp: number, st: RepState): void {
  if (parseStatus(ctx, dp, st)) return;
  if (ctx.quick) return;
  dp += 4;
  ctx.print(` offset 0x${ctx.u32(dp).toString(16)} size ${ctx.u32(dp + 4)} `);
  if (ctx.u32(dp + 8) !== 0) ctx.print(' eof');
}

function parsePreOpAttr(ctx: Ctx, dp: number, verbose: number): number {
  if (!ctx.u32(dp)) return dp + 4;
  dp += 4;
  ctx.need(dp, 24);
  if (verbose > 1) {
    ctx.print(` sz ${ctx.u64(dp)}`);
    ctx.print(` mtime ${ctx.u32(dp + 8)}.${usec6(ctx.u32(dp + 12))} ctime ${ctx.u32(dp + 16)}.${usec6(ctx.u32(dp + 20))}`);
  }
  return dp + 24;
}

function parsePostOpAttr(ctx: Ctx, dp: number, verbose: number): number {
  if (!ctx.u32(dp)) return dp + 4;
  dp += 4;
  if (verbose) return parseFattr(ctx, dp, verbose, true);
  return dp + 84;
}

function parseWccData(ctx: Ctx, dp: number, verbose: number): number {
  if (verbose > 1) ctx.print(' PRE:');
  dp = parsePreOpAttr(ctx, dp, verbose);
  if (verbose) ctx.print(' POST:');
  return parsePostOpAttr(ctx, dp, verbose);
}

function parseCreateOpRes(ctx: Ctx, dp: number, verbose: number, st: RepState): number {
  if (parseStatus(ctx, dp, st)) return parseWccData(ctx, dp + 4, verbose);
  dp += 4;
  if (!ctx.u32(dp)) return dp + 4;
  dp = parseFh(ctx, dp + 4, true);
  if (verbose) {
    dp = parsePostOpAttr(ctx, dp, verbose);
    if (ctx.verbose > 1) {
      ctx.print(' dir attr:');
      dp = parseWccData(ctx, dp, verbose);
    }
  }
  return dp;
}

function parseWccRes(ctx: Ctx, dp: number, verbose: number, st: RepState): number {
  parseStatus(ctx, dp, st);
  return parseWccData(ctx, dp + 4, verbose);
}

function parseV3RddirRes(ctx: Ctx, dp: number, verbose: number, st: RepState): void {
  const er = parseStatus(ctx, dp, st);
  if (ctx.verbose) ctx.print(' POST:');
  dp = parsePostOpAttr(ctx, dp + 4, verbose);
  if (er) return;
  if (ctx.verbose) ctx.print(` verf ${hex8(ctx.u32(dp))}${hex8(ctx.u32(dp + 4))}`);
}

function parseFsinfo(ctx: Ctx, dp: number, st: RepState): void {
  const er = parseStatus(ctx, dp, st);
  if (ctx.verbose) ctx.print(' POST:');
  dp = parsePostOpAttr(ctx, dp + 4, ctx.verbose);
  if (er) return;
  ctx.need(dp, 48);
  ctx.print(` rtmax ${ctx.u32(dp)} rtpref ${ctx.u32(dp + 4)} wtmax ${ctx.u32(dp + 12)} wtpref ${ctx.u32(dp + 16)} dtpref ${ctx.u32(dp + 24)}`);
  if (ctx.verbose) {
    ctx.print(` rtmult ${ctx.u32(dp + 8)} wtmult ${ctx.u32(dp + 20)} maxfsz ${ctx.u64(dp + 28)}`);
    ctx.print(` delta ${ctx.u32(dp + 36)}.${usec6(ctx.u32(dp + 40))} `);
  }
}

function parsePathconf(ctx: Ctx, dp: number, st: RepState): void {
  const er = parseStatus(ctx, dp, st);
  if (ctx.verbose) ctx.print(' POST:');
  dp = parsePostOpAttr(ctx, dp + 4, ctx.verbose);
  if (er) return;
  ctx.need(dp, 24);
  ctx.print(` linkmax ${ctx.u32(dp)} namemax ${ctx.u32(dp + 4)} ${ctx.u32(dp + 8) ? 'notrunc' : ''}`);
  ctx.print(` ${ctx.u32(dp + 12) ? 'chownres' : ''} ${ctx.u32(dp + 16) ? 'igncase' : ''} ${ctx.u32(dp + 20) ? 'keepcase' : ''}`);
}

/** tcpdump's interp_reply: ` PROC results` for a reply whose call was remembered. */
function interpReply(ctx: Ctx, rp: number, proc: number, vers: number, length: number): void {
  const v3 = vers === 3;
  if (!v3 && proc < V2_TO_V3.length) proc = V2_TO_V3[proc]!;
  ctx.print(` ${procName(proc)}`);
  const st: RepState = { err: false };
  const vb = ctx.verbose;
  try {
    let dp: number;
    switch (proc) {
      case P_GETATTR:
        parseAttrStat(ctx, parseRep(ctx, rp, length, st), ctx.quick ? 0 : 1, v3, st);
        break;
      case P_SETATTR:
        dp = parseRep(ctx, rp, length, st);
        if (v3) parseWccRes(ctx, dp, vb, st);
        else parseAttrStat(ctx, dp, ctx.quick ? 0 : 1, false, st);
        break;
      case P_LOOKUP:
        dp = parseRep(ctx, rp, length, st);
        if (v3) {
          const er = parseStatus(ctx, dp, st);
          dp += 4;
          if (er) {
            if (vb > 1) {
              ctx.print(' post dattr:');
              parsePostOpAttr(ctx, dp, vb);
            }
          } else {
            dp = parseFh(ctx, dp, true);
            dp = parsePostOpAttr(ctx, dp, vb);
            if (vb > 1) {
              ctx.print(' post dattr:');
              parsePostOpAttr(ctx, dp, vb);
            }
          }
        } else {
          parseDirOpRes(ctx, dp, st);
        }
        break;
      case P_ACCESS: {
        dp = parseRep(ctx, rp, length, st);
        const er = parseStatus(ctx, dp, st);
        if (vb) ctx.print(' attr:');
        dp = parsePostOpAttr(ctx, dp + 4, vb);
        if (!er) ctx.print(` c ${ctx.u32(dp).toString(16).padStart(4, '0')}`);
        break;
      }
      case P_READLINK:
        parseLinkRes(ctx, parseRep(ctx, rp, length, st), v3, st);
        break;
      case P_READ:
        dp = parseRep(ctx, rp, length, st);
        if (v3) {
          const er = parseStatus(ctx, dp, st);
          dp = parsePostOpAttr(ctx, dp + 4, vb);
          if (!er && vb) {
            ctx.print(` ${ctx.u32(dp)} bytes`);
            if (ctx.u32(dp + 4)) ctx.print(' EOF');
          }
        } else {
          parseAttrStat(ctx, dp, vb, false, st);
        }
        break;
      case P_WRITE:
        dp = parseRep(ctx, rp, length, st);
        if (v3) {
          const er = parseStatus(ctx, dp, st);
          dp = parseWccData(ctx, dp + 4, vb);
          if (!er && vb) {
            ctx.print(` ${ctx.u32(dp)} bytes`);
            if (vb > 1) {
              ctx.print(` <${writeMode(ctx.u32(dp + 4))}>`);
              ctx.print(` verf ${ctx.u64(dp + 8).toString(16)}`);
            }
          }
        } else {
          parseAttrStat(ctx, dp, vb, false, st);
        }
        break;
      case P_CREATE:
      case P_MKDIR:
        dp = parseRep(ctx, rp, length, st);
        if (v3) parseCreateOpRes(ctx, dp, vb, st);
        else parseDirOpRes(ctx, dp, st);
        break;
      case P_SYMLINK:
        dp = parseRep(ctx, rp, length, st);
        if (v3) parseCreateOpRes(ctx, dp, vb, st);
        else parseStatus(ctx, dp, st);
        break;
      case P_MKNOD:
        parseCreateOpRes(ctx, parseRep(ctx, rp, length, st), vb, st);
        break;
      case P_REMOVE:
      case P_RMDIR:
        dp = parseRep(ctx, rp, length, st);
        if (v3) parseWccRes(ctx, dp, vb, st);
        else parseStatus(ctx, dp, st);
        break;
      case P_RENAME:
        dp = parseRep(ctx, rp, length, st);
        parseStatus(ctx, dp, st);
        if (v3 && vb) {
          ctx.print(' from:');
          dp = parseWccData(ctx, dp + 4, vb);
          ctx.print(' to:');
          parseWccData(ctx, dp, vb);
        }
        break;
      case P_LINK:
        dp = parseRep(ctx, rp, length, st);
        parseStatus(ctx, dp, st);
        if (v3 && vb) {
          ctx.print(' file POST:');
          dp = parsePostOpAttr(ctx, dp + 4, vb);
          ctx.print(' dir:');
          parseWccData(ctx, dp, vb);
        }
        break;
      case P_READDIR:
        dp = parseRep(ctx, rp, length, st);
        if (v3) parseV3RddirRes(ctx, dp, vb, st);
        else parseRddirRes(ctx, dp, st);
        break;
      case P_READDIRPLUS:
        parseV3RddirRes(ctx, parseRep(ctx, rp, length, st), vb, st);
        break;
      case P_FSSTAT:
        parseStatfs(ctx, parseRep(ctx, rp, length, st), v3, st);
        break;
      case P_FSINFO:
        parseFsinfo(ctx, parseRep(ctx, rp, length, st), st);
        break;
      case P_PATHCONF:
        parsePathconf(ctx, parseRep(ctx, rp, length, st), st);
        break;
      case P_COMMIT:
        dp = parseWccRes(ctx, parseRep(ctx, rp, length, st), vb, st);
        if (vb > 1) ctx.print(` verf ${ctx.u64(dp).toString(16)}`);
        break;
      default:
        break;
    }
  } catch (e) {
    if (!(e instanceof GotoTrunc)) throw e;
    if (!st.err) ctx.trunc();
  }
}
