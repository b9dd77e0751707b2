/**
 * ISAKMP / IKE (ports 500, 7500, 8500; 4500 with RFC 3948's non-ESP marker) as tcpdump 4.99
 * prints it by default: `isakmp: phase 1 I ident`, `isakmp: parent_sa ikev2_init[I]`.
 *
 * IKEv1's "I" / "R" needs what tcpdump remembers across packets: the initiator cookies of the
 * last 20 exchanges and the addresses they came from (per Formatter here, as per process
 * there). From -v tcpdump prints every payload; this module prints the header fields -v adds
 * and stops there (a documented gap), except for encrypted messages, which tcpdump does not
 * decode either.
 */
import type { Ctx } from './context.js';
import { addrLen, type IpInfo } from './ip.js';
import { espPrint } from './ipsec.js';

/** tcpdump's cookie cache: initiator cookie and the initiator's and responder's addresses. */
interface CookieEntry {
  initiator: string;
  version: number;
  iaddr: string;
  raddr: string;
}

class Cookies {
  // Zeroed, as tcpdump's static array: an all-zero cookie "matches" an entry of version 0.
  entries: CookieEntry[] = Array.from({ length: 20 }, () => ({ initiator: '0'.repeat(16), version: 0, iaddr: '', raddr: '' }));
  next = 0;

  find(cookie: string): number {
    return this.entries.findIndex((e) => e.initiator === cookie);
  }
}

/** Cookie caches by the Formatter's cross-packet state object (ctx.tcp): one per Formatter. */
const CACHES = new WeakMap<object, Cookies>();

/** Forgets the cookies remembered for a Formatter (its reset()). */
export function forgetIsakmpCookies(key: object): void {
  CACHES.delete(key);
}

function cookies(ctx: Ctx): Cookies {
  let c = CACHES.get(ctx.tcp);
  if (!c) {
    c = new Cookies();
    CACHES.set(ctx.tcp, c);
  }
  return c;
}

function hexText(ctx: Ctx, off: number, n: number): string {
  return ctx.buf.toString('hex', off, off + n);
}

const EXCHANGE_TYPES: (string | undefined)[] = [
  'none', 'base', 'ident', 'auth', 'agg', 'inf',
];
EXCHANGE_TYPES[32] = 'oakley-quick';
EXCHANGE_TYPES[33] = 'oakley-newgroup';
EXCHANGE_TYPES[34] = 'ikev2_init';
EXCHANGE_TYPES[35] = 'ikev2_auth';
EXCHANGE_TYPES[36] = 'child_sa';
EXCHANGE_TYPES[37] = 'inf2';

const PAYLOAD_NAMES = [
  'none', 'sa', 'p', 't', 'ke', 'id', 'cert', 'cr', 'hash', 'sig', 'nonce', 'n', 'd', 'vid',
  'pay14', 'pay15', 'pay16', 'pay17', 'pay18', 'pay19', 'pay20', 'pay21', 'pay22', 'pay23',
  'pay24', 'pay25', 'pay26', 'pay27', 'pay28', 'pay29', 'pay30', 'pay31', 'pay32', 'v2sa',
  'v2ke', 'v2IDi', 'v2IDr', 'v2cert', 'v2cr', 'v2auth', 'v2nonce', 'v2n', 'v2d', 'v2vid',
  'v2TSi', 'v2TSr', 'v2e', 'v2cp', 'v2eap',
];

function strOrId(table: readonly (string | undefined)[], x: number): string {
  return table[x] ?? `#${x}`;
}

/** `isakmp: phase 1 I ident`: the ISAKMP header at `bp` (`length` bytes by the UDP header). */
export function isakmpPrint(ctx: Ctx, bp: number, length: number, ip: IpInfo): void {
  ctx.protocol = 'isakmp';
  if (ctx.snapend < bp + 28) return ctx.trunc();
  ctx.print('isakmp');
  const vers = ctx.u8(bp + 17);
  const major = vers >> 4;
  if (ctx.verbose) ctx.print(` ${major}.${vers & 0xf} msgid ${hexText(ctx, bp + 20, 4)}`);
  if (ctx.verbose > 1) ctx.print(` cookie ${hexText(ctx, bp, 8)}->${hexText(ctx, bp + 8, 8)}`);
  ctx.print(':');
  if (major !== 1 && major !== 2) return;
  const phase1 = ctx.u32(bp + 20) === 0;
  if (major === 1) {
    ctx.print(phase1 ? ' phase 1' : ' phase 2/others');
    ctx.print(initiatorMark(ctx, bp, ip));
  } else ctx.print(phase1 ? ' parent_sa' : ' child_sa ');
  ctx.print(` ${strOrId(EXCHANGE_TYPES, ctx.u8(bp + 18))}`);
  const flags = ctx.u8(bp + 19);
  if (flags) {
    if (major === 1) ctx.print(`[${flags & 0x01 ? 'E' : ''}${flags & 0x02 ? 'C' : ''}]`);
    else ctx.print(`[${flags & 0x08 ? 'I' : ''}${flags & 0x10 ? 'V' : ''}${flags & 0x20 ? 'R' : ''}]`);
  }
  if (!ctx.verbose) return;
  ctx.print(':');
  const np = ctx.u8(bp + 16);
  if (flags & 0x01) ctx.print(` [encrypted ${strOrId(PAYLOAD_NAMES, np)}]`);
  // Else tcpdump prints the payloads here; they are not decoded (a documented gap).
  const len = ctx.u32(bp + 24);
  if (len !== length) ctx.print(` (len mismatch: isakmp ${len}/ip ${length})`);
}

/** IKEv1's " I", " R" or " ?", remembering a first packet's cookie as tcpdump does. */
function initiatorMark(ctx: Ctx, bp: number, ip: IpInfo): string {
  const cache = cookies(ctx);
  const cookie = hexText(ctx, bp, 8);
  const n = addrLen(ip);
  const src = hexText(ctx, ip.srcOff, n);
  const i = cache.find(cookie);
  if (i < 0) {
    let zero = true;
    for (let k = 0; k < 8; k++) if (ctx.u8(bp + 8 + k)) zero = false;
    if (!zero) return ' ?';
    const e = cache.entries[cache.next]!;
    e.version = ip.version;
    e.iaddr = src;
    e.raddr = hexText(ctx, ip.dstOff, n);
    e.initiator = cookie;
    cache.next = (cache.next + 1) % 20;
    return ' I';
  }
  const e = cache.entries[i]!;
  if (e.version !== ip.version) return ' ?';
  if (src === e.iaddr) return ' I';
  if (src === e.raddr) return ' R';
  return ' ?';
}

/**
 * Port 4500 (RFC 3948): a NAT keepalive, IKE after four zero bytes, or ESP
 * (`UDP-encap: ESP(spi=0x...,seq=0x...), length N`).
 */
export function isakmpNattPrint(ctx: Ctx, bp: number, length: number, ip: IpInfo): void {
  ctx.protocol = 'isakmp_rfc3948';
  if (length === 1 && ctx.u8(bp) === 0xff) {
    ctx.print('isakmp-nat-keep-alive');
    return;
  }
  if (length < 4) return ctx.trunc();
  if (ctx.u32(bp) === 0) {
    ctx.print('NONESP-encap: ');
    isakmpPrint(ctx, bp + 4, length - 4, ip);
    return;
  }
  ctx.print('UDP-encap: ');
  espPrint(ctx, bp, length);
}
