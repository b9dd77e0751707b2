/**
 * Address text, hex dumps and character escaping in the forms tcpdump prints them.
 */
import { Truncated, type Ctx } from './context.js';

/** The big-endian 32-bit word at `off` (bounds checked by the caller), as an Int32 (no validation, no allocation). */
export function i32(b: Buffer, off: number): number {
  return (b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!;
}

/**
 * The texts of the last IPv4 addresses printed, in 256 slots by a hash of the address: a
 * capture's addresses repeat, and building the text costs more than a fifth of a line
 * (measured: bench/format-micro.ts), a hit one compare.
 */
const v4Memo = { addrs: new Float64Array(256).fill(-1), texts: new Array<string>(256).fill('') };

/** Dotted-quad text of the 4 bytes at `off` (which the caller has checked were captured). */
export function ipv4Text(b: Buffer, off: number): string {
  const addr = i32(b, off) >>> 0;
  // Fibonacci hashing: the top 8 bits of the address times 2^32 / golden ratio.
  const slot = Math.imul(addr, 0x9e3779b1) >>> 24;
  if (v4Memo.addrs[slot] === addr) return v4Memo.texts[slot]!;
  const text = `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
  v4Memo.addrs[slot] = addr;
  v4Memo.texts[slot] = text;
  return text;
}

/**
 * The texts of the last IPv6 addresses printed, in 256 slots by a hash of the address: each
 * slot's 16 bytes as four 32-bit words in `addrs`, its text in `texts`. Building a text costs
 * more than a fifth of an IPv6 line (measured: bench/format-micro.ts), a hit four compares.
 * Every slot starts as the all-zero address, whose text is '::'.
 */
const v6Memo = { addrs: new Int32Array(256 * 4), texts: new Array<string>(256).fill('::') };

/** IPv6 text of the 16 bytes at `off` (which the caller has checked were captured); see {@link ipv6Build}. */
export function ipv6Text(b: Buffer, off: number): string {
  const x0 = i32(b, off);
  const x1 = i32(b, off + 4);
  const x2 = i32(b, off + 8);
  const x3 = i32(b, off + 12);
  // The low words (interface identifiers) vary most: they are mixed in first, every word multiplied on.
  let h = Math.imul(x3, 0x9e3779b1) ^ x2;
  h = Math.imul(h, 0x9e3779b1) ^ x1;
  h = Math.imul(h, 0x9e3779b1) ^ x0;
  const slot = Math.imul(h, 0x9e3779b1) >>> 24;
  const a = v6Memo.addrs;
  const k = slot * 4;
  if (a[k] === x0 && a[k + 1] === x1 && a[k + 2] === x2 && a[k + 3] === x3) return v6Memo.texts[slot]!;
  const text = ipv6Build(b, off);
  a[k] = x0;
  a[k + 1] = x1;
  a[k + 2] = x2;
  a[k + 3] = x3;
  v6Memo.texts[slot] = text;
  return text;
}

/** The eight 16-bit words of the address being built (one array for every call). */
const words = new Uint16Array(8);

/**
 * IPv6 text of the 16 bytes at `off`, as tcpdump's addrtostr6 (and inet_ntop) writes it: the
 * longest run (first on ties) of two or more zero words becomes `::`; ::a.b.c.d and
 * ::ffff:a.b.c.d keep a dotted quad.
 */
function ipv6Build(b: Buffer, off: number): string {
  for (let i = 0; i < 8; i++) words[i] = (b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!;
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase === -1) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ':';
      continue;
    }
    if (i !== 0) s += ':';
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) return s + ipv4Text(b, off + 12);
    s += words[i]!.toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) s += ':';
  return s;
}

/** '00' to 'ff' (toString and padStart per byte cost more than the rest of an -e line, measured). */
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Two lower-case hex digits of a byte. */
export function hex2(n: number): string {
  return HEX2[n]!;
}

/** Four lower-case hex digits of a 16-bit value. */
export function hex4(n: number): string {
  return HEX2[n >>> 8]! + HEX2[n & 0xff]!;
}

/** Colon-separated lower-case MAC text of the 6 bytes at `off`. */
export function macText(b: Buffer, off: number): string {
  return `${HEX2[b[off]!]}:${HEX2[b[off + 1]!]}:${HEX2[b[off + 2]!]}:${HEX2[b[off + 3]!]}:${HEX2[b[off + 4]!]}:${HEX2[b[off + 5]!]}`;
}

/** A byte as tcpdump prints untrusted text: `M-` for the high bit, `^X` for controls. */
export function safeChar(c: number): string {
  let s = '';
  if (c & 0x80) {
    s += 'M-';
    c &= 0x7f;
  }
  if (c < 0x20 || c === 0x7f) return `${s}^${String.fromCharCode(c ^ 0x40)}`;
  return s + String.fromCharCode(c);
}

function isGraph(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

/**
 * Hex and ASCII dump of `length` bytes at `off`, each line starting with `indent`
 * (tcpdump's default printer for payloads it cannot decode). Throws Truncated (after printing
 * what was captured) when fewer than `length` bytes are available.
 */
export function hexAsciiDump(ctx: Ctx, indent: string, off: number, length: number): void {
  const cap = ctx.avail(off);
  const truncated = length > cap;
  if (truncated) length = cap;
  let oset = 0;
  for (let line = 0; line < length; line += 16) {
    const n = Math.min(16, length - line);
    let hexs = '';
    let asc = '';
    for (let i = 0; i < n; i += 2) {
      const a = ctx.buf[off + line + i]!;
      if (i + 1 < n) {
        const b = ctx.buf[off + line + i + 1]!;
        hexs += ` ${hex2(a)}${hex2(b)}`;
        asc += (isGraph(a) ? String.fromCharCode(a) : '.') + (isGraph(b) ? String.fromCharCode(b) : '.');
      } else {
        hexs += ` ${hex2(a)}`;
        asc += isGraph(a) ? String.fromCharCode(a) : '.';
      }
    }
    ctx.print(`${indent}0x${oset.toString(16).padStart(4, '0')}: ${hexs.padEnd(40)}  ${asc}`);
    oset += 16;
  }
  if (truncated) throw new Truncated();
}

/** Hex-only dump (tcpdump's print_unknown_data), 16 bytes a line. */
export function hexDump(ctx: Ctx, indent: string, off: number, length: number): void {
  length = Math.min(length, ctx.avail(off));
  let s = '';
  for (let i = 0; i + 1 < length; i += 2) {
    if (i % 16 === 0) s += `${indent}0x${i.toString(16).padStart(4, '0')}: `;
    s += ` ${hex2(ctx.buf[off + i]!)}${hex2(ctx.buf[off + i + 1]!)}`;
  }
  if (length & 1) {
    if ((length - 1) % 16 === 0) s += `${indent}0x${(length - 1).toString(16).padStart(4, '0')}: `;
    s += ` ${hex2(ctx.buf[off + length - 1]!)}`;
  }
  ctx.print(s);
}

/** One's-complement sum of 16-bit big-endian words (an odd last byte padded with zero), unfolded. */
export function sum16(b: Buffer, off: number, len: number, acc = 0): number {
  let i = 0;
  for (; i + 1 < len; i += 2) acc += (b[off + i]! << 8) | b[off + i + 1]!;
  if (i < len) acc += b[off + i]! << 8;
  return acc;
}

/** Folds a sum and complements it: 0 when the data (checksum field included) verifies. */
export function foldCksum(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 0x10000);
  return ~acc & 0xffff;
}

/** The checksum the field should have held, given the field and the computed (non-zero) result. */
export function cksumShouldBe(field: number, computed: number): number {
  let s = field + computed;
  s = (s & 0xffff) + (s >>> 16);
  s = (s & 0xffff) + (s >>> 16);
  return s;
}

/** `n` in hex, at least `width` digits (printf's %0Nx). */
export function hexPad(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** `n` bytes at `off` as hex digits, no separator (a byte past the snap end throws). */
export function hexBytes(ctx: Ctx, off: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += HEX2[ctx.u8(off + i)]!;
  return s;
}

/**
 * tcpdump's print_unknown_data: a hex dump of what was captured of `len` bytes at `off`, or its
 * complaint when `off` is past the snap end; false then.
 */
export function unknownData(ctx: Ctx, off: number, indent: string, len: number): boolean {
  if (off > ctx.snapend) {
    ctx.print(`${indent}Dissector error: print_unknown_data called with pointer past end of packet`);
    return false;
  }
  hexDump(ctx, indent, off, len);
  return true;
}

/**
 * tcpdump's bittok2str: the names of the table's entries whose bits are all set in `v` (entries
 * of 0 never), joined by `sep`, or `none`.
 */
export function bitNames(table: readonly (readonly [number, string])[], v: number, none: string, sep = ', '): string {
  let s = '';
  for (const [bit, name] of table) {
    if (bit && ((v & bit) >>> 0) === bit) s += s ? sep + name : name;
  }
  return s || none;
}

const RELTS: readonly (readonly [number, string])[] = [[31536000, 'y'], [604800, 'w'], [86400, 'd'], [3600, 'h'], [60, 'm'], [1, 's']];

/** tcpdump's unsigned_relts_print: seconds as years, weeks, days, hours, minutes, seconds (`1h2m3s`). */
export function relTime(secs: number): string {
  if (secs === 0) return '0s';
  let s = '';
  for (const [n, unit] of RELTS) {
    if (secs >= n) {
      s += `${Math.floor(secs / n)}${unit}`;
      secs %= n;
    }
  }
  return s;
}

/** tcpdump's nd_printn: `n` bytes at `off` as untrusted text; a byte past the snap end throws after the rest is printed. */
export function printn(ctx: Ctx, off: number, n: number): void {
  let s = '';
  try {
    for (let i = 0; i < n; i++) s += safeChar(ctx.u8(off + i));
  } finally {
    ctx.print(s);
  }
}

/** tcpdump's nd_printjnp: up to `n` bytes at `off`, stopping at a NUL, as untrusted text (throws as printn). */
export function printjnp(ctx: Ctx, off: number, n: number): void {
  let s = '';
  try {
    for (let i = 0; i < n; i++) {
      const c = ctx.u8(off + i);
      if (c === 0) break;
      s += safeChar(c);
    }
  } finally {
    ctx.print(s);
  }
}
