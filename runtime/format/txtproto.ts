/**
 * The text protocols tcpdump prints with one routine (its txtproto_print): HTTP, RTSP, FTP,
 * SMTP and whois. The protocol's name in capitals, then the payload's first line (`HTTP: GET /
 * HTTP/1.1`), or with -v the payload's length and every line up to the first that is not
 * printable text (`HTTP, length: 78` then each line after a newline and a tab).
 *
 * HTTP and RTSP print a line only when the payload starts like a request (a method name, any
 * case) or a response (a three-digit code as the second word); the others always print one.
 */
import type { Ctx } from './context.js';

/** HTTP methods, WebDAV's included, as tcpdump knows them (upper case). */
const HTTP_METHODS: ReadonlySet<string> = new Set([
  'GET', 'PUT', 'COPY', 'HEAD', 'LOCK', 'MOVE', 'POLL', 'POST', 'BCOPY', 'BMOVE', 'MKCOL', 'TRACE',
  'LABEL', 'MERGE', 'DELETE', 'SEARCH', 'UNLOCK', 'REPORT', 'UPDATE', 'NOTIFY', 'BDELETE', 'CONNECT',
  'OPTIONS', 'CHECKIN', 'PROPFIND', 'CHECKOUT', 'CCM_POST', 'SUBSCRIBE', 'PROPPATCH', 'BPROPFIND',
  'BPROPPATCH', 'UNCHECKOUT', 'MKACTIVITY', 'MKWORKSPACE', 'UNSUBSCRIBE', 'RPC_CONNECT',
  'VERSION-CONTROL', 'BASELINE-CONTROL',
]);

const RTSP_METHODS: ReadonlySet<string> = new Set([
  'DESCRIBE', 'ANNOUNCE', 'GET_PARAMETER', 'OPTIONS', 'PAUSE', 'PLAY', 'RECORD', 'REDIRECT', 'SETUP',
  'SET_PARAMETER', 'TEARDOWN',
]);

/** tcpdump's token buffer holds 129 bytes, the terminating NUL's included: words of 128 at most. */
const MAX_TOKEN = 128;

/** A printable ASCII character (space to tilde). */
function printable(c: number): boolean {
  return c >= 0x20 && c <= 0x7e;
}

/** The word fetchToken last found (upper case), or '' for none. */
let token = '';

/**
 * Reads the word at `idx` of the payload at `p` (`len` bytes): printable ASCII up to a space,
 * tab, CR or LF, never past the snap end. Sets {@link token}; returns the index after the word
 * and the blanks that follow it (stopping at a line end or anything not printable), or 0 when
 * there is no word (a blank first, non-ASCII or control text, too long, or not captured).
 */
function fetchToken(ctx: Ctx, p: number, idx: number, len: number): number {
  const start = idx;
  for (; idx < len; idx++) {
    if (!ctx.has(p + idx, 1)) return 0;
    const c = ctx.buf[p + idx]!;
    if (c >= 0x80) return 0;
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) break;
    if (!printable(c)) return 0;
    if (idx - start >= MAX_TOKEN) return 0;
  }
  if (idx === start) return 0;
  token = ctx.buf.toString('latin1', p + start, p + idx).toUpperCase();
  for (; idx < len; idx++) {
    if (!ctx.has(p + idx, 1)) break;
    // Only spaces are skipped: a tab (not printable) ends the blanks, and the next word is empty.
    if (ctx.buf[p + idx] !== 0x20) break;
  }
  return idx;
}

/**
 * Prints the line at `idx` after `prefix` and returns the index after its end (LF or CR LF), or
 * 0 (printing nothing) at a character that is neither printable nor a tab, or a CR not followed
 * by LF. Text running to the payload's end without a line end is printed with the truncation
 * marker. Reading past the snap end throws, as tcpdump does.
 */
function txtLine(ctx: Ctx, prefix: string, p: number, idx: number, len: number): number {
  const start = idx;
  while (idx < len) {
    const c = ctx.u8(p + idx);
    if (c === 0x0a) {
      ctx.print(prefix + ctx.buf.toString('latin1', p + start, p + idx));
      return idx + 1;
    }
    if (c === 0x0d) {
      if (idx + 1 >= len) return 0;
      if (ctx.u8(p + idx + 1) !== 0x0a) return 0;
      ctx.print(prefix + ctx.buf.toString('latin1', p + start, p + idx));
      return idx + 2;
    }
    if (!printable(c) && c !== 0x09) return 0;
    idx++;
  }
  ctx.print(prefix + ctx.buf.toString('latin1', p + start, p + idx));
  ctx.trunc();
  return 0;
}

/**
 * tcpdump's txtproto_print for the payload at `p` of `len` bytes: `name` (lower case, the
 * truncation marker's) printed in capitals, then the first line (all lines with -v) when the
 * payload looks like a request or response of `methods`' protocol, or always when `methods` is
 * null. `respSecond`: a response's code is its second word (HTTP/1.1 200 OK).
 */
function txtprotoPrint(ctx: Ctx, p: number, len: number, name: string, methods: ReadonlySet<string> | null, respSecond: boolean): void {
  ctx.protocol = name;
  let show = methods === null;
  if (methods !== null) {
    let idx = fetchToken(ctx, p, 0, len);
    if (idx !== 0) {
      if (methods.has(token)) show = true;
      if (respSecond) idx = fetchToken(ctx, p, idx, len);
      if (idx !== 0 && token.length === 3 && isDigit(token, 0) && isDigit(token, 1) && isDigit(token, 2)) show = true;
    }
  }
  ctx.print(name.toUpperCase());
  if (!show) return;
  if (ctx.verbose) {
    ctx.print(`, length: ${len}`);
    for (let idx = 0; idx < len; ) {
      idx = txtLine(ctx, '\n\t', p, idx, len);
      if (idx === 0) break;
    }
  } else txtLine(ctx, ': ', p, 0, len);
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** HTTP (TCP ports 80 and 8080). */
export function httpPrint(ctx: Ctx, p: number, len: number): void {
  txtprotoPrint(ctx, p, len, 'http', HTTP_METHODS, true);
}

/** RTSP (TCP ports 554 and 8554). */
export function rtspPrint(ctx: Ctx, p: number, len: number): void {
  txtprotoPrint(ctx, p, len, 'rtsp', RTSP_METHODS, true);
}

/** FTP's control connection (TCP port 21). */
export function ftpPrint(ctx: Ctx, p: number, len: number): void {
  txtprotoPrint(ctx, p, len, 'ftp', null, false);
}

/** SMTP (TCP port 25). */
export function smtpPrint(ctx: Ctx, p: number, len: number): void {
  txtprotoPrint(ctx, p, len, 'smtp', null, false);
}

/** whois (TCP port 43). */
export function whoisPrint(ctx: Ctx, p: number, len: number): void {
  txtprotoPrint(ctx, p, len, 'whois', null, false);
}

/** SIP's methods, as tcpdump knows them. */
const SIP_METHODS: ReadonlySet<string> = new Set([
  'ACK', 'BYE', 'CANCEL', 'DO', 'INFO', 'INVITE', 'MESSAGE', 'NOTIFY', 'OPTIONS', 'PRACK', 'QAUTH',
  'REFER', 'REGISTER', 'SPRACK', 'SUBSCRIBE', 'UPDATE', 'PUBLISH',
]);

/** SIP (UDP port 5060, dispatched from udp-apps.ts). */
export function sipPrint(ctx: Ctx, p: number, len: number): void {
  txtprotoPrint(ctx, p, len, 'sip', SIP_METHODS, true);
}
