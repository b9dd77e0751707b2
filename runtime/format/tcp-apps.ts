/**
 * What tcpdump prints after the TCP line for a segment's payload: the application printer its
 * tcp_print picks by port (either side; the first in its order wins), or with -v the data of a
 * reset. Decoded here: telnet (23), SMTP (25), whois (43), BGP (179, without -v; see
 * {@link bgpPrint}), PPTP (1723, pptp.ts), RESP/redis (6379), SSH (22), BEEP (10288),
 * OpenFlow (6633, 6653; message headers, see openflow.ts), FTP (21), HTTP (80, 8080), RTSP
 * (554, 8554), DNS over TCP (53), MSDP (639), RPKI-RTR (323, rpki-rtr.ts), LDP (646,
 * ldp.ts) and, last in tcpdump's order, NFS (2049: RPC calls to it and replies from it after
 * the record mark, nfs.ts).
 */
import type { Ctx } from './context.js';
import { domainPrint } from './dns.js';
import { ipPrint, type IpInfo } from './ip.js';
import { ldpPrint } from './ldp.js';
import { nfsTcpPrint } from './nfs.js';
import { openflowPrint } from './openflow.js';
import { pptpPrint } from './pptp.js';
import { rpkiRtrPrint } from './rpki-rtr.js';
import { ftpPrint, httpPrint, rtspPrint, smtpPrint, whoisPrint } from './txtproto.js';
import { ipv4Text, safeChar } from './util.js';

const enum App {
  None = 0,
  Telnet,
  Smtp,
  Whois,
  Bgp,
  Pptp,
  Resp,
  Ssh,
  Beep,
  Openflow,
  Ftp,
  Http,
  Rtsp,
  Domain,
  Msdp,
  RpkiRtr,
  Ldp,
  Nfs,
}

/**
 * Each port's printer, ranked in tcpdump's order (0: none): two loads per segment tell tcp.ts
 * whether a payload goes anywhere, with no Map or Set lookup on the common path. NetBIOS (139)
 * and SMB (445) come between SSH and BEEP in tcpdump's source, but only in a build with SMB
 * printing, which the reference tcpdump 4.99.3 is not: it prints nothing for them, and a port
 * of a later printer on the other side (80 > 445) gets that printer.
 */
export const TCP_APP_PORT = new Uint8Array(65536);
for (const [app, ports] of [
  [App.Telnet, [23]], [App.Smtp, [25]], [App.Whois, [43]], [App.Bgp, [179]], [App.Pptp, [1723]],
  [App.Resp, [6379]], [App.Ssh, [22]], [App.Beep, [10288]],
  [App.Openflow, [6633, 6653]], [App.Ftp, [21]], [App.Http, [80, 8080]], [App.Rtsp, [554, 8554]],
  [App.Domain, [53]], [App.Msdp, [639]], [App.RpkiRtr, [323]], [App.Ldp, [646]], [App.Nfs, [2049]],
] as [App, number[]][]) {
  for (const port of ports) TCP_APP_PORT[port] = app;
}

/**
 * Prints the payload at `bp` (`length` bytes by the IP length, its TCP header captured) of a
 * segment between `sport` and `dport`, at least one of which has a {@link TCP_APP_PORT} rank.
 */
export function tcpAppPrint(ctx: Ctx, bp: number, length: number, sport: number, dport: number, ip: IpInfo): void {
  const a = TCP_APP_PORT[sport]!;
  const b = TCP_APP_PORT[dport]!;
  switch ((a === 0 ? b : b === 0 ? a : Math.min(a, b)) as App) {
    case App.Telnet:
      telnetPrint(ctx, bp, length);
      break;
    case App.Smtp:
      ctx.print(': ');
      smtpPrint(ctx, bp, length);
      break;
    case App.Whois:
      ctx.print(': ');
      whoisPrint(ctx, bp, length);
      break;
    case App.Bgp:
      bgpPrint(ctx);
      break;
    case App.Pptp:
      pptpPrint(ctx, bp);
      break;
    case App.Resp:
      respPrint(ctx, bp, length);
      break;
    case App.Ssh:
      sshPrint(ctx, bp, length);
      break;
    case App.Openflow:
      openflowPrint(ctx, bp, length);
      break;
    case App.Ftp:
      ctx.print(': ');
      ftpPrint(ctx, bp, length);
      break;
    case App.Http:
      ctx.print(': ');
      httpPrint(ctx, bp, length);
      break;
    case App.Rtsp:
      ctx.print(': ');
      rtspPrint(ctx, bp, length);
      break;
    case App.Domain:
      domainTcpPrint(ctx, bp, length);
      break;
    case App.Beep:
      beepPrint(ctx, bp, length);
      break;
    case App.Msdp:
      msdpPrint(ctx, bp, length);
      break;
    case App.RpkiRtr:
      rpkiRtrPrint(ctx, bp, length);
      break;
    case App.Ldp:
      ldpPrint(ctx, bp, length);
      break;
    case App.Nfs:
      nfsTcpPrint(ctx, bp, length, sport, dport, ip);
      break;
    default:
      break;
  }
}

/** tcpdump prints at most this many bytes of a reset's data. */
const MAX_RST_DATA = 30;

/**
 * A reset's payload with -v (before any application printer): ` [RST text]`, `[!RST` when not
 * all of it was captured, `RST+` when it is longer than 30 bytes (the first 30 printed).
 */
export function tcpRstData(ctx: Ctx, sp: number, length: number): void {
  let s = ctx.has(sp, length) ? ' [RST' : ' [!RST';
  if (length > MAX_RST_DATA) {
    length = MAX_RST_DATA;
    s += '+';
  }
  s += ' ';
  for (; length > 0 && sp < ctx.snapend; length--) s += safeChar(ctx.buf[sp++]!);
  ctx.print(s + ']');
}

/**
 * DNS over TCP: the two-byte length prefix must equal the rest of the payload (a segment that
 * continues a message, or holds several, prints as invalid), then the message as over UDP.
 */
function domainTcpPrint(ctx: Ctx, bp: number, length: number): void {
  ctx.protocol = 'domain';
  if (length < 2) {
    ctx.print(` [DNS over TCP: length ${length} < 2] (invalid)`);
    return;
  }
  length -= 2;
  const prefix = ctx.u16(bp);
  if (prefix !== length) {
    ctx.print(` [prefix length(${prefix}) != length(${length})] (invalid)`);
    return;
  }
  ctx.print(' ');
  domainPrint(ctx, bp + 2, length, false);
}

/**
 * SSH: the identification line (`SSH-2.0-...`) when the payload starts with one that ends
 * (LF or CR LF) within it and is printable ASCII throughout; nothing otherwise.
 */
function sshPrint(ctx: Ctx, bp: number, length: number): void {
  ctx.protocol = 'ssh';
  if (ctx.u8(bp) !== 0x53 || ctx.u8(bp + 1) !== 0x53 || ctx.u8(bp + 2) !== 0x48 || ctx.u8(bp + 3) !== 0x2d) return;
  for (let idx = 4; idx < length; idx++) {
    const c = ctx.u8(bp + idx);
    if (c === 0x0a || (c === 0x0d && idx + 1 < length && ctx.u8(bp + idx + 1) === 0x0a)) {
      ctx.print(`: SSH: ${ctx.buf.toString('latin1', bp, bp + idx)}`);
      return;
    }
    if (c < 0x20 || c > 0x7e) return;
  }
}

/**
 * BGP as tcpdump prints it without -v: just the name. With -v tcpdump decodes every message
 * (OPEN's capabilities, UPDATE's attributes and prefixes of every address family, ...), which
 * is not done here: the line ends after the name (a documented gap).
 */
function bgpPrint(ctx: Ctx): void {
  ctx.protocol = 'bgp';
  ctx.print(': BGP');
}

/**
 * BEEP (TCP port 10288): the frame's keyword. tcpdump compares four bytes with "MSG" and "END"
 * too, their terminating NUL included: those two match only when a NUL follows.
 */
function beepPrint(ctx: Ctx, bp: number, length: number): void {
  ctx.protocol = 'beep';
  const starts = (word: string): boolean => {
    if (!ctx.has(bp, 4) || length < 4) return false;
    for (let i = 0; i < 4; i++) if (ctx.buf[bp + i] !== (word.charCodeAt(i) || 0)) return false;
    return true;
  };
  let what = '(payload or undecoded)';
  for (const w of ['MSG', 'RPY ', 'ERR ', 'ANS ', 'NUL ', 'SEQ ', 'END']) {
    if (starts(w)) {
      what = w.trimEnd();
      break;
    }
  }
  ctx.print(` BEEP ${what}`);
}

/**
 * MSDP (TCP port 639, RFC 3618): each message's type (and its length with -v); with -vv the IP
 * packet a Source-Active message carries, printed by ip.ts (whose protocol name then stays for
 * a later truncation marker, as in tcpdump).
 */
function msdpPrint(ctx: Ctx, sp: number, length: number): void {
  ctx.protocol = 'msdp';
  ctx.print(': msdp');
  let type = ctx.u8(sp);
  let len = ctx.u16(sp + 1);
  if (len > 1500 || len < 3 || type === 0 || type > 7) return ctx.trunc();
  while (length !== 0) {
    type = ctx.u8(sp);
    len = ctx.u16(sp + 1);
    if (len > 1400 || ctx.verbose) ctx.print(` [len ${len}]`);
    if (len < 3 || length < len) return ctx.trunc();
    sp += 3;
    length -= 3;
    switch (type) {
      case 1:
      case 3: {
        ctx.print(type === 1 ? ' SA' : ' SA-Response');
        const entries = ctx.u8(sp);
        ctx.print(` ${entries} entries`);
        if (entries * 12 + 8 < len) {
          ctx.print(' [w/data]');
          if (ctx.verbose > 1) {
            ctx.print(' ');
            const at = sp - 3 + entries * 12 + 8;
            ctx.protocol = 'ip';
            // tcpdump's IPv4 printer returns (not unwinds) when its header was not all captured,
            // and the messages after it are read on; ip.ts throws there, which suits a top level.
            if (ctx.u8(at) >> 4 === 4 && !ctx.has(at, 20)) {
              ctx.print(ctx.eflag ? '' : 'IP ');
              ctx.trunc();
            } else ipPrint(ctx, at, len - (entries * 12 + 8));
          }
        }
        break;
      }
      case 2:
        ctx.check(sp + 1, 4);
        ctx.print(` SA-Request for ${ipv4Text(ctx.buf, sp + 1)}`);
        break;
      case 4:
        ctx.print(' Keepalive');
        if (len !== 3) ctx.print(`[len=${len}] `);
        break;
      case 5:
        ctx.print(' Notification');
        break;
      default:
        ctx.print(` [type=${type} len=${len}]`);
    }
    sp += len - 3;
    length -= len - 3;
  }
}

// Telnet (RFC 854): the commands at the start of the payload.

const IAC = 255;
const SB = 250;
const SE = 240;

/** Command names from 236 (EOF) to 255 (IAC). */
const TELNET_CMDS = [
  'EOF', 'SUSP', 'ABORT', 'EOR', 'SE', 'NOP', 'DMARK', 'BRK', 'IP', 'AO', 'AYT', 'EC', 'EL', 'GA', 'SB',
  'WILL', 'WONT', 'DO', 'DONT', 'IAC',
];

/** Option names 0 to 39. */
const TELNET_OPTS = [
  'BINARY', 'ECHO', 'RCP', 'SUPPRESS GO AHEAD', 'NAME', 'STATUS', 'TIMING MARK', 'RCTE', 'NAOL', 'NAOP',
  'NAOCRD', 'NAOHTS', 'NAOHTD', 'NAOFFD', 'NAOVTS', 'NAOVTD', 'NAOLFD', 'EXTEND ASCII', 'LOGOUT',
  'BYTE MACRO', 'DATA ENTRY TERMINAL', 'SUPDUP', 'SUPDUP OUTPUT', 'SEND LOCATION', 'TERMINAL TYPE',
  'END OF RECORD', 'TACACS UID', 'OUTPUT MARKING', 'TTYLOC', '3270 REGIME', 'X.3 PAD', 'NAWS', 'TSPEED',
  'LFLOW', 'LINEMODE', 'XDISPLOC', 'OLD-ENVIRON', 'AUTHENTICATION', 'ENCRYPT', 'NEW-ENVIRON',
];

/** Sub-negotiation qualifiers: of most options, of AUTHENTICATION (37) and of ENCRYPT (38), and their types. */
const SB_QUALIFIERS = ['IS', 'SEND', 'INFO'];
const AUTH_CMDS = ['IS', 'SEND', 'REPLY', 'NAME'];
const AUTH_TYPES = ['NULL', 'KERBEROS_V4', 'KERBEROS_V5', 'SPX', 'MINK', 'SRP', 'RSA', 'SSL', '', '', 'LOKI', 'SSA', 'KEA_SJ', 'KEA_SJ_INTEG', 'DSS', 'NTLM'];
const ENC_CMDS = ['IS', 'SUPPORT', 'REPLY', 'START', 'END', 'REQUEST-START', 'REQUEST-END', 'END_KEYID', 'DEC_KEYID'];
const ENC_TYPES = ['NULL', 'DES_CFB64', 'DES_OFB64', 'DES3_CFB64', 'DES3_OFB64', '', 'CAST5_40_CFB64', 'CAST5_40_OFB64', 'CAST128_CFB64', 'CAST128_OFB64'];

/** C's "%#x": 0 is "0", anything else 0x and lower-case hex digits. */
function altHex(x: number): string {
  return x === 0 ? '0' : `0x${x.toString(16)}`;
}

function nameOrHex(x: number, names: readonly string[]): string {
  return names[x] || altHex(x);
}

/**
 * One command at `sp` (its IAC), with `length` bytes left: its length in bytes (a sub-negotiation
 * counts its closing IAC SE, even one past the payload's end, as tcpdump does), or -1 when it is
 * incomplete or not a command. With `print`, its text.
 */
function telnetParse(ctx: Ctx, sp: number, length: number, print: boolean): number {
  const osp = sp;
  let s = '';
  const fetch = (): number => {
    if (length < 1) return -1;
    const c = ctx.u8(sp);
    sp++;
    length--;
    return c;
  };
  let c = fetch();
  if (c !== IAC) return -1;
  c = fetch();
  if (c < 0) return -1;
  if (c === IAC) {
    if (print) ctx.print('IAC IAC');
    return sp - osp;
  }
  if (c < 236) return -1;
  const cmd = TELNET_CMDS[c - 236]!;
  if (c < SB) {
    if (print) ctx.print(cmd);
    return sp - osp;
  }
  const x = fetch();
  if (x < 0) return -1;
  s += x < TELNET_OPTS.length ? `${cmd} ${TELNET_OPTS[x]}` : `${cmd} ${altHex(x)}`;
  if (c === SB) {
    // Up to the IAC SE that ends the sub-negotiation, or the payload's last byte.
    let p = sp;
    while (length > p + 1 - sp) {
      if (ctx.u8(p) === IAC && ctx.u8(p + 1) === SE) break;
      p++;
    }
    if (ctx.u8(p) !== IAC) return -1;
    const [cmds, types] = x === 37 ? [AUTH_CMDS, AUTH_TYPES] : x === 38 ? [ENC_CMDS, ENC_TYPES] : [SB_QUALIFIERS, null];
    if (p > sp) {
      const q = fetch();
      if (q < 0) return -1;
      s += ` ${nameOrHex(q, cmds)}`;
      if (types && p > sp) {
        const t = fetch();
        if (t < 0) return -1;
        s += ` ${nameOrHex(t, types)}`;
      }
    }
    while (p > sp) {
      const v = fetch();
      if (v < 0) return -1;
      s += ` ${altHex(v)}`;
    }
    s += ' SE';
    sp += 2;
  }
  if (print) ctx.print(s);
  return sp - osp;
}

/** Telnet: ` [telnet WILL ECHO, DO NAWS]` for the commands that start the payload, nothing for data. */
function telnetPrint(ctx: Ctx, sp: number, length: number): void {
  ctx.protocol = 'telnet';
  let first = true;
  while (length > 0 && ctx.u8(sp) === IAC) {
    const l = telnetParse(ctx, sp, length, false);
    if (l < 0) break;
    ctx.print(first ? ' [telnet ' : ', ');
    telnetParse(ctx, sp, length, true);
    first = false;
    sp += l;
    // tcpdump's unsigned count: a sub-negotiation whose IAC SE lies past the end wraps it.
    length = (length - l) >>> 0;
  }
  if (!first) ctx.print(']');
}

// RESP, the redis protocol: every item of the payload, pipelined ones too.

/** Thrown where tcpdump's RESP printer gives up (truncated or invalid): the marker ends the line. */
class RespStop extends Error {}
const STOP = new RespStop();

/** Prints ` "text"` for `n` bytes at `p`, each escaped as tcpdump escapes untrusted text; gives up at the snap end. */
function respSegment(ctx: Ctx, p: number, n: number): void {
  let s = ' "';
  for (; n > 0 && p < ctx.snapend; n--) s += safeChar(ctx.buf[p++]!);
  ctx.print(s);
  if (n > 0) throw STOP;
  ctx.print('"');
}

/** The offset of the CR LF at or after `p`, `len` bytes being left; gives up when none is left. */
function findCrLf(ctx: Ctx, p: number, len: number): number {
  for (;;) {
    if (len < 2) throw STOP;
    if (!ctx.has(p, 2)) throw STOP;
    if (ctx.buf[p] === 0x0d && ctx.buf[p + 1] === 0x0a) return p;
    p++;
    len--;
  }
}

/** The length after a `$` or `*`: the number, -1 (null), or -2 truncated, -3 too large, -4 negative, -5 invalid; sets {@link lenEnd}. */
let lenEnd = 0;
function respLength(ctx: Ctx, p: number, len: number): number {
  const INT_MAX = 0x7fffffff;
  if (len === 0) {
    lenEnd = p;
    return -2;
  }
  let tooLarge = false;
  let neg = false;
  if (ctx.u8(p) === 0x2d) {
    neg = true;
    p++;
    len--;
  }
  let result = 0;
  let sawDigit = false;
  for (;;) {
    if (len === 0) {
      lenEnd = p;
      return -2;
    }
    let c = ctx.u8(p);
    if (!(c >= 0x30 && c <= 0x39)) {
      if (!sawDigit) {
        lenEnd = p + 1;
        return -5;
      }
      break;
    }
    c -= 0x30;
    if (result > Math.floor(INT_MAX / 10)) tooLarge = true;
    else {
      result *= 10;
      if (result === Math.floor(INT_MAX / 10) * 10 && c > INT_MAX % 10) tooLarge = true;
      else result += c;
    }
    p++;
    len--;
    sawDigit = true;
  }
  if (ctx.u8(p) !== 0x0d) {
    lenEnd = p + 1;
    return -5;
  }
  p++;
  len--;
  if (len === 0) {
    lenEnd = p;
    return -2;
  }
  if (ctx.u8(p) !== 0x0a) {
    lenEnd = p + 1;
    return -5;
  }
  p++;
  lenEnd = p;
  if (neg) return tooLarge || result !== 1 ? -4 : -1;
  return tooLarge ? -3 : result;
}

/** What an invalid length prints (the truncated case, -2, gives up instead). */
function respBadLength(ctx: Ctx, n: number): void {
  if (n === -2) throw STOP;
  ctx.print(n === -1 ? ' null' : n === -3 ? ' length too large' : n === -4 ? ' length negative and not -1' : ' invalid');
}

/** One item at `p` with `length` bytes left (a C int: it may have gone negative); the bytes it took. */
function respParse(ctx: Ctx, p: number, length: number): number {
  if (length < 1) throw STOP;
  const op = ctx.u8(p);
  let cur = length;
  switch (op) {
    case 0x2b: // + simple string
    case 0x2d: // - error
    case 0x3a: {
      // : integer
      p++;
      cur--;
      const end = findCrLf(ctx, p, cur);
      respSegment(ctx, p, end - p);
      return 1 + (end - p) + 2;
    }
    case 0x24: {
      // $ bulk string
      p++;
      cur--;
      const n = respLength(ctx, p, cur);
      cur -= lenEnd - p;
      p = lenEnd;
      if (n >= 0) {
        if (n === 0) ctx.print(' empty');
        else {
          if (cur < n) throw STOP;
          if (!ctx.has(p, n)) throw STOP;
          respSegment(ctx, p, n);
          p += n;
          cur -= n;
        }
        const end = findCrLf(ctx, p, cur);
        cur -= end - p + 2;
      } else respBadLength(ctx, n);
      return length - cur;
    }
    case 0x2a: {
      // * array; tcpdump keeps this count unsigned (and passes it on as an int)
      p++;
      cur = (cur - 1) >>> 0;
      const n = respLength(ctx, p, cur | 0);
      cur = (cur - (lenEnd - p)) >>> 0;
      p = lenEnd;
      if (n > 0) {
        for (let i = 0; i < n; i++) {
          const taken = respParse(ctx, p, cur | 0);
          p += taken;
          cur = (cur - taken) >>> 0;
        }
      } else if (n === 0) ctx.print(' empty');
      else respBadLength(ctx, n);
      return (length - cur) | 0;
    }
    default: {
      // an inline command: text up to CR or LF, after and before any number of them
      p = skipCrLf(ctx, p, cur);
      cur -= skipped;
      let q = p;
      for (;;) {
        if (cur < 1) throw STOP;
        const c = ctx.u8(q);
        if (c === 0x0d || c === 0x0a) break;
        q++;
        cur--;
      }
      respSegment(ctx, p, q - p);
      skipCrLf(ctx, q, cur);
      cur -= skipped;
      return length - cur;
    }
  }
}

/** How many bytes the last skipCrLf skipped. */
let skipped = 0;

/** Skips CR and LF bytes at `p` (`len` left); gives up when the data ends before anything else and none was seen. */
function skipCrLf(ctx: Ctx, p: number, len: number): number {
  let seen = false;
  skipped = 0;
  for (;;) {
    if (len === 0 || !ctx.has(p, 1)) {
      if (seen) return p;
      throw STOP;
    }
    const c = ctx.buf[p]!;
    if (c !== 0x0d && c !== 0x0a) return p;
    seen = true;
    p++;
    len--;
    skipped++;
  }
}

/** RESP (redis, TCP port 6379): `: RESP` and each item's text, ` [|resp]` where it gives up. */
function respPrint(ctx: Ctx, bp: number, length: number): void {
  ctx.protocol = 'resp';
  ctx.print(': RESP');
  try {
    while (length > 0) {
      const n = respParse(ctx, bp, length);
      bp += n;
      length = (length - n) >>> 0;
    }
  } catch (e) {
    if (e !== STOP) throw e;
    ctx.trunc();
  }
}
