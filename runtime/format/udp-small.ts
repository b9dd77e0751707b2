/**
 * Small UDP application printers, as tcpdump 4.99 prints them: syslog, TFTP, RIP, RIPng, HSRP,
 * BFD, Kerberos, timed, sFlow, SOME/IP, Cisco Auto-RP, LWAPP and LISP. Each reads through the
 * context (a read past the snap end ends the line with ` [|proto]`) and prints every -v level
 * tcpdump distinguishes.
 */
import type { Ctx } from './context.js';
import { hexDump, hexPad, ipv4Text, ipv6Text, macText, printjnp, printn, relTime, safeChar, unknownData } from './util.js';

/** tcpdump's tok2str: the name of `v` in `names`, else `fallback` with `%u` replaced by v. */
function tok(names: ReadonlyMap<number, string>, fallback: string, v: number): string {
  return names.get(v) ?? fallback.replace('%u', String(v));
}

/** tcpdump's bittok2str: the names of the bits set in `v`, joined by `sep`, else `none`. */
function bits(names: readonly [number, string][], none: string, v: number, sep = ', '): string {
  let s = '';
  for (const [bit, name] of names) {
    if ((v & bit) === bit) s += s ? sep + name : name;
  }
  return s || none;
}

/**
 * A NUL-terminated string of at most `n` bytes (nd_printztn): the bytes used, NUL included, or
 * 0 when no NUL came before `n` bytes or the snap end.
 */
function printztn(ctx: Ctx, p: number, n: number): number {
  let s = '';
  let used = 0;
  for (;;) {
    if (n === 0 || p + used >= ctx.snapend) {
      used = 0;
      break;
    }
    const c = ctx.buf[p + used]!;
    used++;
    n--;
    if (c === 0) break;
    s += safeChar(c);
  }
  ctx.print(s);
  return used;
}

const RELTS: [string, number][] = [['y', 31536000], ['w', 604800], ['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];

// ---------------------------------------------------------------------------------------------
// syslog (RFC 3164), port 514

const SYSLOG_SEVERITY = new Map([
  [0, 'emergency'], [1, 'alert'], [2, 'critical'], [3, 'error'], [4, 'warning'], [5, 'notice'],
  [6, 'info'], [7, 'debug'],
]);

const SYSLOG_FACILITY = new Map([
  [0, 'kernel'], [1, 'user'], [2, 'mail'], [3, 'daemon'], [4, 'auth'], [5, 'syslog'], [6, 'lpr'],
  [7, 'news'], [8, 'uucp'], [9, 'cron'], [10, 'authpriv'], [11, 'ftp'], [12, 'ntp'],
  [13, 'security'], [14, 'console'], [15, 'cron'], [16, 'local0'], [17, 'local1'], [18, 'local2'],
  [19, 'local3'], [20, 'local4'], [21, 'local5'], [22, 'local6'], [23, 'local7'],
]);

/** `SYSLOG local0.info, length: 60`; -v: facility, severity and the message. */
export function syslogPrint(ctx: Ctx, p: number, len: number): void {
  ctx.protocol = 'syslog';
  if (ctx.u8(p) !== 0x3c) {
    ctx.print(' (invalid)');
    return;
  }
  let off = 1;
  let pri = 0;
  for (; off <= 3; off++) {
    const c = ctx.u8(p + off);
    if (c < 0x30 || c > 0x39) break;
    pri = pri * 10 + c - 0x30;
  }
  if (ctx.u8(p + off) !== 0x3e) {
    ctx.print(' (invalid)');
    return;
  }
  off++;
  const facility = (pri & 0x3f8) >> 3;
  const severity = pri & 7;
  const fac = tok(SYSLOG_FACILITY, 'unknown (%u)', facility);
  const sev = tok(SYSLOG_SEVERITY, 'unknown (%u)', severity);
  if (!ctx.verbose) {
    ctx.print(`SYSLOG ${fac}.${sev}, length: ${len}`);
    return;
  }
  ctx.print(`SYSLOG, length: ${len}\n\tFacility ${fac} (${facility}), Severity ${sev} (${severity})\n\tMsg: `);
  if (len > off) printn(ctx, p + off, len - off);
  if (ctx.verbose > 1) unknownData(ctx, p, '\n\t', len);
}

// ---------------------------------------------------------------------------------------------
// TFTP (RFC 1350, 2347), port 69

const TFTP_OPS = new Map([[1, 'RRQ'], [2, 'WRQ'], [3, 'DATA'], [4, 'ACK'], [5, 'ERROR'], [6, 'OACK']]);
const TFTP_ERRORS = new Map([
  [0, 'EUNDEF'], [1, 'ENOTFOUND'], [2, 'EACCESS'], [3, 'ENOSPACE'], [4, 'EBADOP'], [5, 'EBADID'],
  [6, 'EEXISTS'], [7, 'ENOUSER'],
]);

/** `TFTP, length 22, RRQ "file" octet`. */
export function tftpPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'tftp';
  ctx.print(`TFTP, length ${length}`);
  if (length < 2) return ctx.trunc();
  const op = ctx.u16(p);
  const name = TFTP_OPS.get(op);
  if (name === undefined) {
    ctx.print(`, tftp-#${op}`);
    return;
  }
  ctx.print(`, ${name}`);
  p += 2;
  length -= 2;
  // Each string: false when it ran out (tcpdump's trunc marker follows).
  const str = (): boolean => {
    const used = printztn(ctx, p, length);
    if (used === 0) return false;
    p += used;
    length -= used;
    return true;
  };
  const options = (): boolean => {
    while (length !== 0) {
      if (ctx.u8(p) !== 0) ctx.print(' ');
      if (!str()) return false;
    }
    return true;
  };
  switch (op) {
    case 1:
    case 2: {
      if (length === 0) return ctx.trunc();
      ctx.print(' "');
      const ok = str();
      ctx.print('"');
      if (!ok || length === 0) return ctx.trunc();
      ctx.print(' ');
      if (!str() || !options()) return ctx.trunc();
      return;
    }
    case 6:
      if (!options()) ctx.trunc();
      return;
    case 3:
    case 4:
      if (length < 2) return ctx.trunc();
      ctx.print(` block ${ctx.u16(p)}`);
      return;
    case 5: {
      if (length < 2) return ctx.trunc();
      const code = ctx.u16(p);
      ctx.print(` ${TFTP_ERRORS.get(code) ?? `tftp-err-#${code} "`}`);
      p += 2;
      length -= 2;
      if (length === 0) return ctx.trunc();
      ctx.print(' "');
      const ok = str();
      ctx.print('"');
      if (!ok) ctx.trunc();
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// RIP (RFC 1058, 2453), port 520

const RIP_COMMANDS = new Map([[1, 'Request'], [2, 'Response'], [3, 'Trace on'], [4, 'Trace off'], [5, 'Poll'], [6, 'Poll Entry']]);
const BSD_AF = new Map([[2, 'IPv4'], [6, 'NS'], [7, 'ISO'], [16, 'Appletalk'], [23, 'IPX'], [24, 'IPv6'], [28, 'IPv6'], [30, 'IPv6']]);

/** `RIPv2, Response, length: 44`; -v: the entries (and from -vv a hex dump). */
export function ripPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'rip';
  if (ctx.snapend < p) return ctx.trunc();
  let len = Math.min(ctx.avail(p), length);
  if (len < 4) return ctx.trunc();
  len -= 4;
  ctx.check(p, 4);
  const vers = ctx.u8(p + 1);
  ctx.print(`${ctx.verbose ? '\n\t' : ''}RIPv${vers}`);
  if (vers === 0) {
    unknownData(ctx, p, '\n\t', length);
    return;
  }
  const cmd = ctx.u8(p);
  ctx.print(`, ${tok(RIP_COMMANDS, 'unknown command (%u)', cmd)}, length: ${length}`);
  if (!ctx.verbose) return;
  switch (cmd) {
    case 1:
    case 2:
      if (vers === 1 || vers === 2) {
        ctx.print(`, routes: ${Math.floor(length / 20)}${vers === 2 ? ' or less' : ''}`);
        let e = p + 4;
        while (len !== 0) {
          const size = vers === 1 ? ripEntryV1(ctx, e, len) : ripEntryV2(ctx, e, len);
          if (size === 0) {
            ctx.trunc();
            break;
          }
          if (len < size) {
            ctx.print(` [remaining entries length ${len} < ${size}] (invalid)`);
            break;
          }
          e += size;
          len -= size;
        }
      } else ctx.print(', unknown version');
      break;
    case 4:
    case 5:
    case 6:
      break;
    default:
      if (ctx.verbose <= 1) unknownData(ctx, p, '\n\t', length);
  }
  if (ctx.verbose > 1) unknownData(ctx, p, '\n\t', length);
}

/** A RIPv1 entry: its size (20), or 0 when it is cut short. */
function ripEntryV1(ctx: Ctx, p: number, remaining: number): number {
  if (remaining < 20 || !ctx.has(p, 20)) return 0;
  const family = ctx.u16(p);
  if (family !== 2 && family !== 0) {
    ctx.print(`\n\t AFI ${tok(BSD_AF, 'Unknown (%u)', family)}, `);
    unknownData(ctx, p + 4, '\n\t  ', 16);
    return 20;
  }
  if (ctx.u16(p + 2) || ctx.u32(p + 8) || ctx.u32(p + 12)) {
    unknownData(ctx, p, '\n\t  ', 20);
    return 20;
  }
  ctx.print(`\n\t  ${family === 0 ? 'AFI 0, ' : ''}${ipv4Text(ctx.buf, p + 4)}, metric: ${ctx.u32(p + 16)}`);
  return 20;
}

/** A RIPv2 entry or authentication entry: its size, or 0 when it is cut short. */
function ripEntryV2(ctx: Ctx, p: number, remaining: number): number {
  if (remaining < 4 || !ctx.has(p, 4)) return 0;
  const family = ctx.u16(p);
  if (family === 0xffff) {
    const authType = ctx.u16(p + 2);
    p += 4;
    remaining -= 4;
    if (authType === 2) {
      ctx.print('\n\t  Simple Text Authentication data: ');
      printjnp(ctx, p, 16);
    } else if (authType === 3) {
      if (!ctx.has(p, 16) || remaining < 16) return 0;
      ctx.print(
        `\n\t  Auth header: Packet Len ${ctx.u16(p)}, Key-ID ${ctx.u8(p + 2)}, Auth Data Len ${ctx.u8(p + 3)},` +
          ` SeqNo ${ctx.u32(p + 4)}, MBZ ${ctx.u32(p + 8)}, MBZ ${ctx.u32(p + 12)}`,
      );
    } else {
      ctx.print(authType === 1 ? '\n\t  Auth trailer:' : `\n\t  Unknown (${authType}) Authentication data:`);
      unknownData(ctx, p, '\n\t  ', remaining);
      return 4 + remaining;
    }
  } else if (family !== 2 && family !== 0) {
    ctx.print(`\n\t  AFI ${tok(BSD_AF, 'Unknown (%u)', family)}`);
    unknownData(ctx, p + 4, '\n\t  ', 16);
  } else {
    if (!ctx.has(p, 20) || remaining < 20) return 0;
    const plen = mask2plen(ctx.u32(p + 8));
    const router = ctx.u32(p + 12);
    ctx.print(
      `\n\t  AFI ${tok(BSD_AF, '%u', family)}, ${ipv4Text(ctx.buf, p + 4).padStart(15)}/${String(plen).padEnd(2)},` +
        ` tag 0x${ctx.u16(p + 2).toString(16).padStart(4, '0')}, metric: ${ctx.u32(p + 16)}, next-hop: ${router ? ipv4Text(ctx.buf, p + 12) : 'self'}`,
    );
  }
  return 20;
}

/** The prefix length of a contiguous netmask, else -1. */
function mask2plen(mask: number): number {
  for (let n = 32; n >= 0; n--) if (mask === (n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0)) return n;
  return -1;
}

// ---------------------------------------------------------------------------------------------
// RIPng (RFC 2080), port 521

/** ` ripng-resp 2: 2001:db8::/32 (1) ...` (tcpdump prints no protocol name first). */
export function ripngPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'ripng';
  const vers = ctx.u8(p + 1);
  if (vers !== 1) {
    ctx.print(` [vers ${vers}] (invalid)`);
    return;
  }
  const cmd = ctx.u8(p);
  if (cmd !== 1 && cmd !== 2) {
    ctx.print(` ripng-${cmd} ?? ${length} (invalid)`);
    return;
  }
  if (length < 4) {
    ctx.print(' (invalid)');
    return;
  }
  let left = length - 4;
  const n = Math.floor(left / 20);
  const what = cmd === 1 ? 'req' : 'resp';
  if (cmd === 1 && n === 1 && ctx.u8(p + 4 + 19) === 16 && ctx.buf.subarray(p + 4, p + 20).every((b) => b === 0)) {
    ctx.print(' ripng-req dump');
    return;
  }
  ctx.print(n * 20 !== left ? ` ripng-${what} ${n}[${length}]:` : ` ripng-${what} ${n}:`);
  for (let e = p + 4; left >= 20; left -= 20, e += 20) {
    ctx.print(ctx.verbose > 1 ? '\n\t' : ' ');
    ctx.check(e, 16);
    const plen = ctx.u8(e + 18);
    ctx.print(`${ipv6Text(ctx.buf, e)}/${plen}`);
    const tag = ctx.u16(e + 16);
    if (tag) ctx.print(` [${tag}]`);
    const metric = ctx.u8(e + 19);
    if (metric && cmd === 2) ctx.print(` (${metric})`);
  }
  if (left !== 0) ctx.print(' (invalid)');
}

// ---------------------------------------------------------------------------------------------
// HSRP (RFC 2281), destination port 1985

const HSRP_OPS = ['hello', 'coup', 'resign'];
const HSRP_STATES = new Map([[0, 'initial'], [1, 'learn'], [2, 'listen'], [4, 'speak'], [8, 'standby'], [16, 'active']]);

/** `HSRPv0-hello 20: state=active group=1 addr=192.0.2.254`. */
export function hsrpPrint(ctx: Ctx, p: number, len: number): void {
  ctx.protocol = 'hsrp';
  const version = ctx.u8(p);
  ctx.print(`HSRPv${version}`);
  if (version !== 0) return;
  ctx.print('-');
  const op = ctx.u8(p + 1);
  ctx.print(`${HSRP_OPS[op] ?? `unknown (${op})`} `);
  ctx.print(`${len}: `);
  ctx.print(`state=${tok(HSRP_STATES, 'Unknown (%u)', ctx.u8(p + 2))} `);
  ctx.print(`group=${ctx.u8(p + 6)} `);
  const reserved = ctx.u8(p + 7);
  if (reserved) ctx.print(`[reserved=${reserved}!] `);
  ctx.check(p + 16, 4);
  ctx.print(`addr=${ipv4Text(ctx.buf, p + 16)}`);
  if (ctx.verbose) {
    ctx.print(` hellotime=${relTime(ctx.u8(p + 3))}`);
    ctx.print(` holdtime=${relTime(ctx.u8(p + 4))}`);
    ctx.print(` priority=${ctx.u8(p + 5)}`);
    ctx.print(' auth="');
    printjnp(ctx, p + 8, 8);
    ctx.print('"');
  }
}

// ---------------------------------------------------------------------------------------------
// BFD (RFC 5880, 5881, 5883, 7130), destination ports 3784, 4784, 6784 (control), 3785 (echo)

const BFD_DIAG = new Map([
  [0, 'No Diagnostic'], [1, 'Control Detection Time Expired'], [2, 'Echo Function Failed'],
  [3, 'Neighbor Signaled Session Down'], [4, 'Forwarding Plane Reset'], [5, 'Path Down'],
  [6, 'Concatenated Path Down'], [7, 'Administratively Down'], [8, 'Reverse Concatenated Path Down'],
]);
const BFD_PORTS = new Map([[3784, 'Control'], [4784, 'Multihop'], [6784, 'Lag']]);
const BFD_V0_FLAGS: [number, string][] = [
  [0x80, 'I Hear You'], [0x40, 'Demand'], [0x20, 'Poll'], [0x10, 'Final'], [0x08, 'Control Plane Independent'],
  [0x04, 'Authentication Present'], [0x02, 'Reserved'], [0x01, 'Reserved'],
];
const BFD_V1_FLAGS: [number, string][] = [
  [0x20, 'Poll'], [0x10, 'Final'], [0x08, 'Control Plane Independent'], [0x04, 'Authentication Present'],
  [0x02, 'Demand'], [0x01, 'Multipoint'],
];
const BFD_STATES = new Map([[0, 'AdminDown'], [1, 'Down'], [2, 'Init'], [3, 'Up']]);
const BFD_AUTH = new Map([
  [1, 'Simple Password'], [2, 'Keyed MD5'], [3, 'Meticulous Keyed MD5'], [4, 'Keyed SHA1'], [5, 'Meticulous Keyed SHA1'],
]);

/** `BFDv1, Control, State Up, Flags: [none], length: 24`; -v: the fields, one group a line. */
export function bfdPrint(ctx: Ctx, p: number, len: number, port: number): void {
  ctx.protocol = 'bfd';
  if (port === 3785) {
    ctx.print(`BFD, Echo, length: ${len}`);
    if (ctx.verbose) unknownData(ctx, p, '\n\t', len);
    return;
  }
  ctx.check(p, 24);
  const versionDiag = ctx.u8(p);
  const version = versionDiag >> 5;
  const diag = versionDiag & 0x1f;
  const flags = ctx.u8(p + 1);
  if (version > 1) {
    ctx.print(`BFDv${version}, Control, length: ${len}`);
    if (ctx.verbose) unknownData(ctx, p, '\n\t', len);
    return;
  }
  const portName = tok(BFD_PORTS, 'unknown (%u)', port);
  const state = tok(BFD_STATES, 'unknown (%u)', flags >> 6);
  if (!ctx.verbose) {
    if (version === 0) ctx.print(`BFDv0, Control, Flags: [${bits(BFD_V0_FLAGS, 'none', flags)}], length: ${len}`);
    else ctx.print(`BFDv1, ${portName}, State ${state}, Flags: [${bits(BFD_V1_FLAGS, 'none', flags & 0x3f)}], length: ${len}`);
    return;
  }
  const diagText = `Diagnostic: ${tok(BFD_DIAG, 'unknown', diag)} (0x${diag.toString(16).padStart(2, '0')})`;
  if (version === 0) ctx.print(`BFDv0, length: ${len}\n\tControl, Flags: [${bits(BFD_V0_FLAGS, 'none', flags)}], ${diagText}`);
  else ctx.print(`BFDv1, length: ${len}\n\t${portName}, State ${state}, Flags: [${bits(BFD_V1_FLAGS, 'none', flags & 0x3f)}], ${diagText}`);
  const mult = ctx.u8(p + 2);
  const tx = ctx.u32(p + 12);
  // tcpdump multiplies in 32 bits (unsigned) before dividing.
  ctx.print(`\n\tDetection Timer Multiplier: ${mult} (${Math.floor(((mult * tx) >>> 0) / 1000)} ms Detection time), BFD Length: ${ctx.u8(p + 3)}`);
  ctx.print(`\n\tMy Discriminator: 0x${hexPad(ctx.u32(p + 4), 8)}, Your Discriminator: 0x${hexPad(ctx.u32(p + 8), 8)}`);
  ctx.print(`\n\t  Desired min Tx Interval:    ${ms4(tx)} ms`);
  ctx.print(`\n\t  Required min Rx Interval:   ${ms4(ctx.u32(p + 16))} ms`);
  ctx.print(`\n\t  Required min Echo Interval: ${ms4(ctx.u32(p + 20))} ms`);
  if (flags & 0x04) bfdAuthPrint(ctx, p + 24);
}

function bfdAuthPrint(ctx: Ctx, p: number): void {
  ctx.check(p, 4);
  const type = ctx.u8(p);
  const len = ctx.u8(p + 1);
  ctx.print(`\n\tAuthentication: ${tok(BFD_AUTH, 'Unknown', type)} (${type}), length: ${len}`);
  ctx.print(`\n\t  Auth Key ID: ${ctx.u8(p + 2)}`);
  switch (type) {
    case 1:
      if (len < 4 || len > 19) {
        ctx.print(`[invalid length ${len}]`);
        return;
      }
      ctx.print(', Password: ');
      printn(ctx, p + 3, len - 3);
      return;
    case 2:
    case 3:
    case 4:
    case 5: {
      const field = type < 4 ? 24 : 28;
      const hash = type < 4 ? 16 : 20;
      if (len !== field) {
        ctx.print(`[invalid length ${len}]`);
        return;
      }
      ctx.print(`, Sequence Number: 0x${hexPad(ctx.u32(p + 4), 8)}`);
      ctx.check(p + 8, hash);
      ctx.print(`\n\t  ${type < 4 ? 'Digest' : 'Hash'}: ${ctx.buf.subarray(p + 8, p + 8 + hash).toString('hex')}`);
    }
  }
}

/** `%4u` of microseconds as milliseconds. */
function ms4(us: number): string {
  return String(Math.floor(us / 1000)).padStart(4);
}

// ---------------------------------------------------------------------------------------------
// Kerberos (ports 88, 750): version 4 decoded; version 5 named only (" v5" for AS-REQ and
// AS-REP, nothing for its other messages), as tcpdump

const KRB4_TYPES = new Map([
  [2, 'KDC_REQUEST'], [4, 'KDC_REPLY'], [6, 'APPL_REQUEST'], [8, 'APPL_REQUEST_MUTUAL'], [10, 'ERR_REPLY'],
  [12, 'PRIVATE'], [14, 'SAFE'], [16, 'APPL_ERR'], [126, 'DIE'],
]);
const KRB4_ERRORS = [
  'OK', 'NAME_EXP', 'SERVICE_EXP', 'AUTH_EXP', 'PKT_VER', 'NAME_MAST_KEY_VER', 'SERV_MAST_KEY_VER',
  'BYTE_ORDER', 'PRINCIPAL_UNKNOWN', 'PRINCIPAL_NOT_UNIQUE', 'NULL_KEY',
];

/** ` v4 be KDC_REQUEST: user.@REALM 60min krbtgt.REALM`, ` v5`. */
export function krbPrint(ctx: Ctx, p: number): void {
  ctx.protocol = 'krb';
  if (p >= ctx.snapend) return ctx.trunc();
  const pvno = ctx.u8(p);
  if (pvno >= 1 && pvno <= 4) ctx.print(` v${pvno}`);
  else if (pvno === 106 || pvno === 107) ctx.print(' v5');
  if (pvno === 4) krb4Print(ctx, p);
}

/** A NUL-terminated string up to the snap end; the offset after its NUL, or -1 (none: truncated). */
function cString(ctx: Ctx, p: number): number {
  let s = '';
  try {
    while (p < ctx.snapend) {
      const c = ctx.u8(p++);
      if (c === 0) return p;
      s += safeChar(c);
    }
    return -1;
  } finally {
    ctx.print(s);
  }
}

function krb4Print(ctx: Ctx, p: number): void {
  const typeByte = ctx.u8(p + 1);
  const le = (typeByte & 1) !== 0;
  const type = typeByte & 0xfe;
  const u16 = (o: number): number => (le ? ctx.u8(o) | (ctx.u8(o + 1) << 8) : ctx.u16(o));
  ctx.print(` ${le ? 'le' : 'be'} ${tok(KRB4_TYPES, '#%u', type)}: `);
  let cp = p;
  // name.instance@realm; false (after the marker) when a string runs past the snap end.
  const header = (): boolean => {
    cp += 2;
    for (const sep of ['.', '@', '']) {
      cp = cString(ctx, cp);
      if (cp < 0) {
        ctx.trunc();
        return false;
      }
      ctx.print(sep);
    }
    return true;
  };
  const str = (): boolean => {
    cp = cString(ctx, cp);
    if (cp < 0) ctx.trunc();
    return cp >= 0;
  };
  switch (type) {
    case 2:
      if (!header()) return;
      cp += 4;
      ctx.print(` ${ctx.u8(cp) * 5}min `);
      cp++;
      if (!str()) return;
      ctx.print('.');
      str();
      return;
    case 6:
      cp += 2;
      ctx.print(`v${ctx.u8(cp)} `);
      cp++;
      if (!str()) return;
      ctx.print(` (${ctx.u8(cp)})`);
      cp++;
      ctx.print(` (${ctx.u8(cp)})`);
      return;
    case 4:
      if (!header()) return;
      cp += 10;
      ctx.print(` (${u16(cp)})`);
      return;
    case 10: {
      if (!header()) return;
      cp += 4;
      const code = u16(cp);
      ctx.print(` ${KRB4_ERRORS[code] ?? `#${code}`} `);
      cp += 4;
      str();
      return;
    }
    default:
      ctx.print('(unknown)');
  }
}

// ---------------------------------------------------------------------------------------------
// timed (BSD time synchronisation), port 525

const TSP_TYPES = [
  'TSP_ANY', 'TSP_ADJTIME', 'TSP_ACK', 'TSP_MASTERREQ', 'TSP_MASTERACK', 'TSP_SETTIME', 'TSP_MASTERUP',
  'TSP_SLAVEUP', 'TSP_ELECTION', 'TSP_ACCEPT', 'TSP_REFUSE', 'TSP_CONFLICT', 'TSP_RESOLVE', 'TSP_QUIT',
  'TSP_DATE', 'TSP_DATEREQ', 'TSP_DATEACK', 'TSP_TRACEON', 'TSP_TRACEOFF', 'TSP_MSITE', 'TSP_MSITEREQ',
  'TSP_TEST', 'TSP_SETDATE', 'TSP_SETDATEREQ', 'TSP_LOOP',
];

/** `TSP_ADJTIME vers 2 seq 7 time 1.000500 name host`. */
export function timedPrint(ctx: Ctx, p: number): void {
  ctx.protocol = 'timed';
  const type = ctx.u8(p);
  ctx.print(TSP_TYPES[type] ?? `(tsp_type 0x${type.toString(16)})`);
  ctx.print(` vers ${ctx.u8(p + 1)}`);
  ctx.print(` seq ${ctx.u16(p + 2)}`);
  if (type === 24) ctx.print(` hopcnt ${ctx.u8(p + 4)}`);
  else if (type === 5 || type === 1 || type === 22 || type === 23) {
    let sec = ctx.u32(p + 4) | 0;
    let usec = ctx.u32(p + 8) | 0;
    if (usec < 0) return;
    ctx.print(' time ');
    if (sec < 0 && usec !== 0) {
      sec++;
      if (sec === 0) ctx.print('-');
      usec = 1000000 - usec;
    }
    // printf's %06d: zero padding after a minus sign.
    const micro = usec < 0 ? `-${String(-usec).padStart(5, '0')}` : String(usec).padStart(6, '0');
    ctx.print(`${sec}.${micro}`);
  }
  ctx.print(' name ');
  printjnp(ctx, p + 12, 256);
}

// ---------------------------------------------------------------------------------------------
// sFlow version 5 (port 6343)

const SFLOW_SAMPLES = new Map([[1, 'flow sample'], [2, 'counter sample'], [3, 'expanded flow sample'], [4, 'expanded counter sample']]);
const SFLOW_FLOW_TYPES = new Map([
  [1, 'Raw packet'], [2, 'Ethernet frame'], [3, 'IPv4 Data'], [4, 'IPv6 Data'], [1001, 'Extended Switch data'],
  [1002, 'Extended Router data'], [1003, 'Extended Gateway data'], [1004, 'Extended User data'],
  [1005, 'Extended URL data'], [1006, 'Extended MPLS data'], [1007, 'Extended NAT data'],
  [1008, 'Extended MPLS tunnel'], [1009, 'Extended MPLS VC'], [1010, 'Extended MPLS FEC'],
  [1011, 'Extended MPLS LVP FEC'], [1012, 'Extended VLAN Tunnel'],
]);
const SFLOW_RAW_PROTOCOLS = new Map([[1, 'Ethernet'], [11, 'IPv4'], [12, 'IPv6']]);
const SFLOW_COUNTER_TYPES = new Map([
  [1, 'Generic counter'], [2, 'Ethernet counter'], [3, 'Token ring counter'], [4, '100 BaseVG counter'],
  [5, 'Vlan counter'], [1001, 'Processor counter'],
]);
const SFLOW_DIRECTIONS = new Map([[0, 'unknown'], [1, 'full-duplex'], [2, 'half-duplex'], [3, 'in'], [4, 'out']]);

/**
 * `sFlowv5, IPv4 agent 192.0.2.1, agent-id 0, length 1200`; -v: sequence number, uptime and
 * every sample with its records.
 */
export function sflowPrint(ctx: Ctx, p: number, len: number): void {
  ctx.protocol = 'sflow';
  const ipVersion = ctx.u32(p + 4);
  if ((len < 28 && ipVersion === 1) || (len < 40 && ipVersion === 2)) {
    ctx.print(`sFlowv${ctx.u32(p)} [length ${len} < 28] (invalid)`);
    return;
  }
  ctx.check(p, 28);
  const version = ctx.u32(p);
  if (version !== 5) {
    ctx.print(`sFlow version ${version} packet not supported`);
    return;
  }
  const v4 = ipVersion === 1;
  let agent: string;
  if (v4) agent = ipv4Text(ctx.buf, p + 8);
  else {
    ctx.check(p + 8, 16);
    agent = ipv6Text(ctx.buf, p + 8);
  }
  const q = v4 ? p + 12 : p + 24;
  const head = `sFlowv${version}, ${v4 ? 'IPv4' : 'IPv6'} agent ${agent}, agent-id ${ctx.u32(q)}`;
  if (!ctx.verbose) {
    ctx.print(`${head}, length ${len}`);
    return;
  }
  let nsamples = ctx.u32(q + 12);
  ctx.print(`${head}, seqnum ${ctx.u32(q + 4)}, uptime ${ctx.u32(q + 8)}, samples ${nsamples}, length ${len}`);
  let t = p;
  let tlen = len;
  const invalid = (): void => {
    ctx.print(' (invalid)');
    ctx.check(t, tlen);
  };
  const hs = q + 16 - p;
  if (tlen < hs) return invalid();
  t += hs;
  tlen -= hs;
  while (nsamples > 0 && tlen > 0) {
    const type = ctx.u32(t) & 0x0fff;
    const slen = ctx.u32(t + 4);
    if (tlen < 8) return invalid();
    t += 8;
    tlen -= 8;
    ctx.print(`\n\t${tok(SFLOW_SAMPLES, 'Unknown', type)} (${type}), length ${slen},`);
    if (type === 0 || slen === 0) return;
    if (tlen < slen) return invalid();
    ctx.check(t, slen);
    let bad = false;
    switch (type) {
      case 1:
      case 3: {
        const expanded = type === 3;
        const size = expanded ? 44 : 32;
        if (tlen < size) {
          bad = true;
          break;
        }
        const records = ctx.u32(t + size - 4);
        if (expanded) {
          ctx.print(
            ` seqnum ${ctx.u32(t)}, type ${ctx.u32(t + 4)}, idx ${ctx.u32(t + 8)}, rate ${ctx.u32(t + 12)},` +
              ` pool ${ctx.u32(t + 16)}, drops ${ctx.u32(t + 20)}, records ${records}`,
          );
        } else {
          ctx.print(
            ` seqnum ${ctx.u32(t)}, type ${ctx.u8(t + 4)}, idx ${ctx.u24(t + 5)}, rate ${ctx.u32(t + 8)},` +
              ` pool ${ctx.u32(t + 12)}, drops ${ctx.u32(t + 16)}, input ${ctx.u32(t + 20)} output ${ctx.u32(t + 24)} records ${records}`,
          );
        }
        bad = sflowFlowRecords(ctx, t + size, tlen - size, records);
        break;
      }
      case 2:
      case 4: {
        const expanded = type === 4;
        const size = expanded ? 16 : 12;
        if (tlen < size) {
          bad = true;
          break;
        }
        const records = ctx.u32(t + size - 4);
        const kind = expanded ? ctx.u32(t + 4) : ctx.u8(t + 4);
        const idx = expanded ? ctx.u32(t + 8) : ctx.u24(t + 5);
        ctx.print(` seqnum ${ctx.u32(t)}, type ${kind}, idx ${idx}, records ${records}`);
        bad = sflowCounterRecords(ctx, t + size, tlen - size, records);
        break;
      }
      default:
        if (ctx.verbose <= 1) unknownData(ctx, t, '\n\t    ', slen);
    }
    if (bad) return invalid();
    t += slen;
    tlen -= slen;
    nsamples--;
  }
}

/** The records of a flow sample; true when one does not fit (tcpdump's "invalid"). */
function sflowFlowRecords(ctx: Ctx, t: number, tlen: number, n: number): boolean {
  for (; n > 0; n--) {
    if (tlen < 8) return true;
    const format = ctx.u32(t);
    const type = format & 0x0fff;
    const enterprise = format >>> 12;
    const rlen = ctx.u32(t + 4);
    ctx.print(`\n\t    enterprise ${enterprise} ${enterprise === 0 ? tok(SFLOW_FLOW_TYPES, 'Unknown', type) : 'Unknown'} (${type}) length ${rlen}`);
    t += 8;
    tlen -= 8;
    if (tlen < rlen) return true;
    if (enterprise === 0) {
      switch (type) {
        case 1:
          if (tlen < 16) return true;
          ctx.print(
            `\n\t      protocol ${tok(SFLOW_RAW_PROTOCOLS, 'Unknown', ctx.u32(t))} (${ctx.u32(t)}), length ${ctx.u32(t + 4)},` +
              ` stripped bytes ${ctx.u32(t + 8)}, header_size ${ctx.u32(t + 12)}`,
          );
          break;
        case 1001:
          if (tlen < 16) return true;
          ctx.print(`\n\t      src vlan ${ctx.u32(t)}, src pri ${ctx.u32(t + 4)}, dst vlan ${ctx.u32(t + 8)}, dst pri ${ctx.u32(t + 12)}`);
          break;
        case 2:
          if (tlen < 24) return true;
          ctx.print(`\n\t      frame len ${ctx.u32(t)}, type ${ctx.u32(t + 20)}`);
          break;
        case 3:
        case 4:
        case 1002:
        case 1003:
        case 1004:
        case 1005:
        case 1006:
        case 1007:
        case 1008:
        case 1009:
        case 1010:
        case 1011:
        case 1012:
          break;
        default:
          if (ctx.verbose <= 1) unknownData(ctx, t, '\n\t\t', rlen);
      }
    }
    t += rlen;
    tlen -= rlen;
  }
  return false;
}

/** The records of a counter sample; true when one does not fit. */
function sflowCounterRecords(ctx: Ctx, t: number, tlen: number, n: number): boolean {
  const u64 = (o: number): bigint => (BigInt(ctx.u32(o)) << 32n) | BigInt(ctx.u32(o + 4));
  for (; n > 0; n--) {
    if (tlen < 8) return true;
    const format = ctx.u32(t);
    const type = format & 0x0fff;
    const enterprise = format >>> 20;
    const rlen = ctx.u32(t + 4);
    ctx.print(`\n\t    enterprise ${enterprise}, ${enterprise === 0 ? tok(SFLOW_COUNTER_TYPES, 'Unknown', type) : 'Unknown'} (${type}) length ${rlen}`);
    t += 8;
    tlen -= 8;
    if (tlen < rlen) return true;
    if (enterprise === 0) {
      const line = (s: string): void => ctx.print(`\n\t      ${s}`);
      const w = (o: number): number => ctx.u32(t + o);
      switch (type) {
        case 1: {
          if (tlen < 88) return true;
          const dir = w(16);
          line(`ifindex ${w(0)}, iftype ${w(4)}, ifspeed ${u64(t + 8)}, ifdirection ${dir} (${tok(SFLOW_DIRECTIONS, 'Unknown', dir)})`);
          const st = w(20);
          line(`ifstatus ${st}, adminstatus: ${st & 1 ? 'up' : 'down'}, operstatus: ${(st >>> 1) & 1 ? 'up' : 'down'}`);
          line(`In octets ${u64(t + 24)}, unicast pkts ${w(32)}, multicast pkts ${w(36)}, broadcast pkts ${w(40)}, discards ${w(44)}`);
          line(`In errors ${w(48)}, unknown protos ${w(52)}`);
          line(`Out octets ${u64(t + 56)}, unicast pkts ${w(64)}, multicast pkts ${w(68)}, broadcast pkts ${w(72)}, discards ${w(76)}`);
          line(`Out errors ${w(80)}, promisc mode ${w(84)}`);
          break;
        }
        case 2:
          if (tlen < 52) return true;
          line(`align errors ${w(0)}, fcs errors ${w(4)}, single collision ${w(8)}, multiple collision ${w(12)}, test error ${w(16)}`);
          line(`deferred ${w(20)}, late collision ${w(24)}, excessive collision ${w(28)}, mac trans error ${w(32)}`);
          line(`carrier error ${w(36)}, frames too long ${w(40)}, mac receive errors ${w(44)}, symbol errors ${w(48)}`);
          break;
        case 3:
          break;
        case 4:
          if (tlen < 80) return true;
          line(`in high prio frames ${w(0)}, in high prio octets ${u64(t + 4)}`);
          line(`in norm prio frames ${w(12)}, in norm prio octets ${u64(t + 16)}`);
          line(`in ipm errors ${w(24)}, oversized ${w(28)}, in data errors ${w(32)}, null addressed frames ${w(36)}`);
          line(`out high prio frames ${w(40)}, out high prio octets ${u64(t + 44)}, trans into frames ${w(52)}`);
          line(`in hc high prio octets ${u64(t + 56)}, in hc norm prio octets ${u64(t + 64)}, out hc high prio octets ${u64(t + 72)}`);
          break;
        case 5:
          if (tlen < 28) return true;
          line(`vlan_id ${w(0)}, octets ${u64(t + 4)}, unicast_pkt ${w(12)}, multicast_pkt ${w(16)}, broadcast_pkt ${w(20)}, discards ${w(24)}`);
          break;
        case 1001:
          if (tlen < 28) return true;
          // tcpdump labels the free memory "total_mem" too.
          line(`5sec ${w(0)}, 1min ${w(4)}, 5min ${w(8)}, total_mem ${u64(t + 12)}, total_mem ${u64(t + 20)}`);
          break;
        default:
          if (ctx.verbose <= 1) unknownData(ctx, t, '\n\t\t', rlen);
      }
    }
    t += rlen;
    tlen -= rlen;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// SOME/IP (port 30490)

const SOMEIP_TYPES = new Map([
  [0x00, 'REQUEST'], [0x01, 'REQUEST_NO_RETURN'], [0x02, 'NOTIFICATION'], [0x80, 'RESPONSE'], [0x81, 'ERROR'],
  [0x20, 'TP_REQUEST'], [0x21, 'TP_REQUEST_NO_RETURN'], [0x22, 'TP_NOTIFICATION'], [0xa0, 'TP_RESPONSE'],
  [0xa1, 'TP_ERROR'],
]);
const SOMEIP_CODES = [
  'E_OK', 'E_NOT_OK', 'E_UNKNOWN_SERVICE', 'E_UNKNOWN_METHOD', 'E_NOT_READY', 'E_NOT_REACHABLE', 'E_TIMEOUT',
  'E_WRONG_PROTOCOL_VERSION', 'E_WRONG_INTERFACE_VERSION', 'E_MALFORMED_MESSAGE', 'E_WRONG_MESSAGE_TYPE',
  'E_E2E_REPEATED', 'E_E2E_WRONG_SEQUENCE', 'E_E2E', 'E_E2E_NOT_AVAILABLE', 'E_E2E_NO_NEW_DATA',
];

/** `SOMEIP, service 4660, method 1, len 8, ...` (tcpdump ends the header with a newline). */
export function someipPrint(ctx: Ctx, p: number, len: number): void {
  ctx.protocol = 'someip';
  ctx.print('SOMEIP');
  if (len < 16) {
    ctx.print(' (invalid)');
    return;
  }
  const msgId = ctx.u32(p);
  ctx.print(`, service ${msgId >>> 16}, ${msgId & 0x8000 ? 'event' : 'method'} ${msgId & 0x7fff}`);
  ctx.print(`, len ${ctx.u32(p + 4)}`);
  const req = ctx.u32(p + 8);
  ctx.print(`, client ${req >>> 16}, session ${req & 0xffff}`);
  ctx.print(`, pver ${ctx.u8(p + 12)}`);
  ctx.print(`, iver ${ctx.u8(p + 13)}`);
  ctx.print(`, msgtype ${tok(SOMEIP_TYPES, 'Unknown', ctx.u8(p + 14))}`);
  ctx.print(`, retcode ${SOMEIP_CODES[ctx.u8(p + 15)] ?? 'Unknown'}\n`);
}

// ---------------------------------------------------------------------------------------------
// Cisco Auto-RP (port 496)

/** ` auto-rp candidate-advert Hold 3m RP 192.0.2.1 PIMv2 224.0.0.0/4`. */
export function autorpPrint(ctx: Ctx, p: number, len: number): void {
  ctx.protocol = 'cisco_autorp';
  if (len < 8) return ctx.trunc();
  ctx.print(' auto-rp ');
  const type = ctx.u8(p);
  ctx.print(type === 0x11 ? 'candidate-advert' : type === 0x12 ? 'mapping' : `type-0x${type.toString(16).padStart(2, '0')}`);
  let numrps = ctx.u8(p + 1);
  ctx.print(' Hold ');
  const hold = ctx.u16(p + 2);
  ctx.print(hold ? relTime(hold) : 'FOREVER');
  p += 8;
  len -= 8;
  for (; numrps !== 0; numrps--) {
    if (len < 4) return ctx.trunc();
    ctx.check(p, 4);
    ctx.print(` RP ${ipv4Text(ctx.buf, p)}`);
    p += 4;
    len -= 4;
    if (len < 1) return ctx.trunc();
    const v = ctx.u8(p);
    ctx.print([' PIMv?', ' PIMv1', ' PIMv2', ' PIMv1+2'][v & 3]!);
    if (v & 0xfc) ctx.print(` [rsvd=0x${(v & 0xfc).toString(16).padStart(2, '0')}]`);
    p++;
    len--;
    if (len < 1) return ctx.trunc();
    let n = ctx.u8(p);
    p++;
    len--;
    let sep = ' ';
    for (; n !== 0; n--) {
      if (len < 6) return ctx.trunc();
      const f = ctx.u8(p);
      ctx.check(p + 2, 4);
      ctx.print(`${sep}${f & 1 ? '!' : ''}${ipv4Text(ctx.buf, p + 2)}/${ctx.u8(p + 1)}`);
      if (f & 0x02) ctx.print(' bidir');
      if (f & 0xfc) ctx.print(`[rsvd=0x${(f & 0xfc).toString(16).padStart(2, '0')}]`);
      sep = ',';
      p += 6;
      len -= 6;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// LWAPP (RFC 5412; control on port 12223, data on 12222)

const LWAPP_FLAGS: [number, string][] = [[0x01, 'Last Fragment Bit'], [0x02, 'Fragment Bit'], [0x04, 'Control Bit']];
const LWAPP_MSG_TYPES = new Map([
  [1, 'Discovery req'], [2, 'Discovery resp'], [3, 'Join req'], [4, 'Join resp'], [5, 'Join ack'], [6, 'Join confirm'],
  [10, 'Configure req'], [11, 'Configure resp'], [12, 'Update req'], [13, 'Update resp'], [14, 'WTP event req'],
  [15, 'WTP event resp'], [16, 'Change state event req'], [17, 'Change state event resp'], [22, 'Echo req'],
  [23, 'Echo resp'], [24, 'Image data req'], [25, 'Image data resp'], [26, 'Channel status req'],
  [27, 'Channel status resp'], [30, 'Key update req'], [31, 'Key update resp'], [32, 'Primary discovery req'],
  [33, 'Primary discovery resp'], [34, 'Data transfer req'], [35, 'Data transfer resp'], [36, 'Clear config ind'],
  [37, 'Wlan config req'], [38, 'Wlan config resp'], [39, 'Mobile config req'], [40, 'Mobile config resp'],
]);

/**
 * The transport header's version byte, or null after printing that the version is unsupported
 * or the marker (a header cut short: tcpdump's ND_TCHECK with its functions' trunc label, no
 * longjmp; so are the other checks of the LWAPP printers).
 */
function lwappVersion(ctx: Ctx, h: number): number | null {
  if (!ctx.tcheck(h, 6)) return null;
  const v = ctx.u8(h);
  if (v >> 6 !== 0) {
    ctx.print(`LWAPP version ${v >> 6} packet not supported`);
    return null;
  }
  return v;
}

function lwappKind(v: number): string {
  return `LWAPPv${v >> 6}, ${v & 0x04 ? 'Control' : 'Data'} frame`;
}

/** `LWAPPv0, Control frame, Flags [Control Bit], length 52`; -v: the messages. */
export function lwappControlPrint(ctx: Ctx, p: number, len: number, hasApIdent: boolean): void {
  ctx.protocol = 'lwapp_control';
  if (hasApIdent && !ctx.tcheck(p, 6)) return;
  const h = hasApIdent ? p + 6 : p;
  const v = lwappVersion(ctx, h);
  if (v === null) return;
  const flags = bits(LWAPP_FLAGS, 'none', v & 7);
  if (!ctx.verbose) {
    ctx.print(`${lwappKind(v)}, Flags [${flags}], length ${len}`);
    return;
  }
  let tlen = ctx.u16(h + 2);
  ctx.print(`${lwappKind(v)}, Radio-id ${(v & 0x38) >> 3}, Flags [${flags}], Frag-id ${ctx.u8(h + 1)}, length ${tlen}`);
  let t = h + 6;
  if (hasApIdent) {
    ctx.print(`\n\tAP identity: ${macText(ctx.buf, p)}`);
  }
  while (tlen !== 0) {
    if (!ctx.tcheck(t, 8)) return;
    if (tlen < 8) {
      ctx.print('\n\t  Msg goes past end of PDU');
      break;
    }
    const msgLen = ctx.u16(t + 2);
    if (tlen < 8 + msgLen) {
      ctx.print('\n\t  Msg goes past end of PDU');
      break;
    }
    const type = ctx.u8(t);
    ctx.print(
      `\n\t  Msg type: ${tok(LWAPP_MSG_TYPES, 'Unknown', type)} (${type}), Seqnum: ${ctx.u8(t + 1)}, Msg len: ${msgLen},` +
        ` Session: 0x${hexPad(ctx.u32(t + 4), 8)}`,
    );
    if (!ctx.tcheck(t, msgLen)) return;
    t += 8 + msgLen;
    tlen -= 8 + msgLen;
  }
}

/** `LWAPPv0, Data frame, Flags [none], length 52`; -v: the header fields and a hex dump. */
export function lwappDataPrint(ctx: Ctx, p: number, len: number): void {
  ctx.protocol = 'lwapp_data';
  const v = lwappVersion(ctx, p);
  if (v === null) return;
  const flags = bits(LWAPP_FLAGS, 'none', v & 7);
  if (!ctx.verbose) {
    ctx.print(`${lwappKind(v)}, Flags [${flags}], length ${len}`);
    return;
  }
  const tlen = ctx.u16(p + 2);
  if (tlen < 6) {
    ctx.print(`${lwappKind(v)}, Radio-id  ${(v & 0x38) >> 3}, Flags [${flags}], length ${tlen} < transport header length`);
    return;
  }
  ctx.print(`${lwappKind(v)}, Radio-id  ${(v & 0x38) >> 3}, Flags [${flags}], Frag-id  ${ctx.u8(p + 1)}, length ${tlen}`);
  unknownData(ctx, p + 6, '\n\t', tlen - 6);
}

// ---------------------------------------------------------------------------------------------
// LISP control (port 4342): map-register and map-notify decoded, the other types named

const LISP_TYPES = new Map([
  [0, 'LISP-Reserved'], [1, 'LISP-Map-Request'], [2, 'LISP-Map-Reply'], [3, 'LISP-Map-Register'], [4, 'LISP-Map-Notify'],
  [8, 'LISP-Encapsulated-Contol-Message'],
]);
const LISP_REGISTER_FLAGS: [number, string][] = [
  [0x08000000, 'P-Proxy-Map-Reply'], [0x04000000, 'S-LISP-SEC-Capable'], [0x02000000, 'I-xTR-ID-Present'],
  [0x01000000, 'R-Build-For-RTR'], [0x00000100, 'M-Want-Map-Notify'],
];
const LISP_NOTIFY_FLAGS: [number, string][] = [[0x08000000, 'I-xTR-ID-Present'], [0x04000000, 'R-Build-For-RTR']];
const LISP_AUTH = new Map([[0, 'None'], [1, 'SHA1'], [2, 'SHA256']]);
const LISP_ACTIONS = ['No-Action', 'Natively-Forward', 'Send-Map-Request', 'Drop'];
const LISP_LOC_FLAGS: [number, string][] = [[0x0004, 'Local-Locator'], [0x0002, 'RLoc-Probed'], [0x0001, 'Reachable']];

/** tcpdump's hex_print: what was captured of `len` bytes, and the truncation marker if not all. */
function hexPrint(ctx: Ctx, indent: string, p: number, len: number): void {
  hexDump(ctx, indent, p, len);
  if (len > ctx.avail(p)) ctx.check(p, len);
}

/** `LISP-Map-Register, 1 record(s), ...`. */
export function lispPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'lisp';
  // Here and for records and locators: tcpdump's ND_TCHECKs with lisp_print's trunc label, the
  // marker and no longjmp (its address reads and hex_print do longjmp).
  if (!ctx.tcheck(p, 16)) return;
  const tf = ctx.u8(p);
  const type = tf >> 4;
  ctx.print(`${tok(LISP_TYPES, 'unknown-type-%u', type)},`);
  if (ctx.verbose && (type === 3 || type === 4)) {
    ctx.print(` flags [${bits(type === 3 ? LISP_REGISTER_FLAGS : LISP_NOTIFY_FLAGS, 'none', ctx.u32(p))}],`);
  }
  if (type !== 3 && type !== 4) return;
  const xtr = type === 3 ? tf & 2 : tf & 8;
  const authLen = ctx.u16(p + 14);
  let records = ctx.u8(p + 3);
  if (ctx.verbose) {
    ctx.print(`\n    ${records} record(s), `);
    ctx.print(`Authentication ${tok(LISP_AUTH, 'unknown-type', ctx.u16(p + 12))},`);
    hexPrint(ctx, '\n    Authentication-Data: ', p + 16, authLen);
  } else ctx.print(` ${records} record(s),`);
  // tcpdump keeps the offset in 16 bits.
  let off = (16 + authLen) & 0xffff;
  if (records === 0) {
    ctx.print(' (invalid)');
    return;
  }
  while (length > off && records !== 0) {
    records--;
    if (!ctx.tcheck(p + off, 12)) return;
    ctx.print('\n');
    const eid = p + off;
    off = (off + 12) & 0xffff;
    const mask = ctx.u8(eid + 5);
    const afi = ctx.u16(eid + 10);
    let locs = ctx.u8(eid + 4);
    if (ctx.verbose) {
      ctx.print(`      Record TTL ${ctx.u32(eid)},`);
      const a = ctx.u8(eid + 6);
      ctx.print((a >> 4) & 1 ? ' Authoritative,' : ' Non-Authoritative,');
      ctx.print(` ${LISP_ACTIONS[a >> 5] ?? 'unknown'},`);
      ctx.print(` Map Version: ${ctx.u16(eid + 8) & 0x0fff},`);
    }
    if (afi === 1) {
      ctx.check(p + off, 4);
      ctx.print(` EID ${ipv4Text(ctx.buf, p + off)}/${mask},`);
      off = (off + 4) & 0xffff;
    } else if (afi === 2) {
      ctx.check(p + off, 16);
      ctx.print(` EID ${ipv6Text(ctx.buf, p + off)}/${mask},`);
      off = (off + 16) & 0xffff;
    } else return;
    ctx.print(` ${locs} locator(s)`);
    for (; locs !== 0; locs--) {
      if (!ctx.tcheck(p + off, 8)) return;
      const loc = p + off;
      off = (off + 8) & 0xffff;
      const lafi = ctx.u16(loc + 6);
      if (ctx.verbose) ctx.print('\n       ');
      if (lafi === 1) {
        if (!ctx.tcheck(p + off, 4)) return;
        ctx.print(` LOC ${ipv4Text(ctx.buf, loc + 8)}`);
        off = (off + 4) & 0xffff;
      } else if (lafi === 2) {
        if (!ctx.tcheck(p + off, 16)) return;
        ctx.print(` LOC ${ipv6Text(ctx.buf, loc + 8)}`);
        off = (off + 16) & 0xffff;
      }
      if (ctx.verbose) {
        ctx.print(
          `\n          Priority/Weight ${ctx.u8(loc)}/${ctx.u8(loc + 1)}, Multicast Priority/Weight ${ctx.u8(loc + 2)}/${ctx.u8(loc + 3)},`,
        );
        ctx.print(` flags [${bits(LISP_LOC_FLAGS, 'none', ctx.u16(loc + 4))}],`);
      }
    }
  }
  if (xtr) {
    if (!ctx.has(p + off, 24)) {
      ctx.print(' (invalid)');
      return;
    }
    hexPrint(ctx, '\n    xTR-ID: ', p + off, 16);
    ctx.print(`\n    SITE-ID: ${(BigInt(ctx.u32(p + off + 16)) << 32n) | BigInt(ctx.u32(p + off + 20))}`);
  } else if (p + off < ctx.snapend) hexPrint(ctx, '\n    Data: ', p + off, ctx.avail(p + off));
}
