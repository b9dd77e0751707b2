/**
 * ISAKMP / IKE (ports 500, 7500, 8500; 4500 with RFC 3948's non-ESP marker) as tcpdump 4.99
 * prints it: `isakmp: phase 1 I ident`, `isakmp: parent_sa ikev2_init[I]`, and from -v the
 * header fields and every payload, one a line, nested as tcpdump nests them.
 *
 * IKEv1's "I" / "R" needs what tcpdump remembers across packets: the initiator cookies of the
 * last 20 exchanges and the addresses they came from (per Formatter here, as per process
 * there). IKEv2's encrypted payload is printed as tcpdump prints it without -E secrets.
 *
 * tcpdump's payload printers stop in two ways: a failed capture check prints ` [|payload]` and
 * ends the list the payload is in (written here as returning -1); a read past the snap end ends
 * the line (ctx's Truncated).
 */
import type { Ctx } from './context.js';
import { addrLen, type IpInfo } from './ip.js';
import { espPrint } from './ipsec.js';
import { ipv4Text, ipv6Text, safeChar } from './util.js';

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
  else payloadChain(ctx, np, bp + 28, phase1 ? 1 : 2, 0, 0, 0, major === 2);
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

// ---------------------------------------------------------------------------------------------
// IKEv1 payloads (-v)

const PROTO_IDS: (string | undefined)[] = [undefined, 'isakmp', 'ipsec-ah', 'ipsec-esp', 'ipcomp'];
const V1_P_MAP: (string | undefined)[] = [undefined, 'ike'];
const AH_P_MAP: (string | undefined)[] = [undefined, '(reserved)', 'md5', 'sha', '1des', 'sha2-256', 'sha2-384', 'sha2-512'];
const ESP_P_MAP: (string | undefined)[] = [
  undefined, '1des-iv64', '1des', '3des', 'rc5', 'idea', 'cast', 'blowfish', '3idea', '1des-iv32', 'rc4', 'null', 'aes',
];
const IPCOMP_P_MAP: (string | undefined)[] = [undefined, 'oui', 'deflate', 'lzs'];
const GROUPS: (string | undefined)[] = [
  undefined, 'modp768', 'modp1024', 'EC2N 2^155', 'EC2N 2^185', 'modp1536', 'iana-grp06', 'iana-grp07',
  'iana-grp08', 'iana-grp09', 'iana-grp10', 'iana-grp11', 'iana-grp12', 'iana-grp13', 'modp2048', 'modp3072',
  'modp4096', 'modp6144', 'modp8192',
];

/** An attribute map: per attribute type, its name and the names of its values. */
type AttrMap = [string | undefined, (string | undefined)[]][];

const IPSEC_T_MAP: AttrMap = [
  [undefined, []], ['lifetype', [undefined, 'sec', 'kb']], ['life', []], ['group desc', GROUPS],
  ['enc mode', [undefined, 'tunnel', 'transport']], ['auth', [undefined, 'hmac-md5', 'hmac-sha1', '1des-mac', 'keyed']],
  ['keylen', []], ['rounds', []], ['dictsize', []], ['privalg', []],
];
const OAKLEY_T_MAP: AttrMap = [
  [undefined, []], ['enc', [undefined, '1des', 'idea', 'blowfish', 'rc5', '3des', 'cast', 'aes']],
  ['hash', [undefined, 'md5', 'sha1', 'tiger', 'sha2-256', 'sha2-384', 'sha2-512']],
  ['auth', [undefined, 'preshared', 'dss', 'rsa sig', 'rsa enc', 'rsa enc revised']], ['group desc', GROUPS],
  ['group type', [undefined, 'MODP', 'ECP', 'EC2N']], ['group prime', []], ['group gen1', []], ['group gen2', []],
  ['group curve A', []], ['group curve B', []], ['lifetype', [undefined, 'sec', 'kb']], ['lifeduration', []],
  ['prf', []], ['keylen', []], ['field', []], ['order', []],
];
const IPSEC_ID_TYPES: (string | undefined)[] = [
  undefined, 'IPv4', 'FQDN', 'user FQDN', 'IPv4net', 'IPv6', 'IPv6net', 'IPv4range', 'IPv6range', 'ASN1 DN',
  'ASN1 GN', 'keyid',
];
const CERT_TYPES = ['none', 'pkcs7', 'pgp', 'dns', 'x509sign', 'x509ke', 'kerberos', 'crl', 'arl', 'spki', 'x509attr'];
const NOTIFY_ERRORS: (string | undefined)[] = [
  undefined, 'INVALID-PAYLOAD-TYPE', 'DOI-NOT-SUPPORTED', 'SITUATION-NOT-SUPPORTED', 'INVALID-COOKIE',
  'INVALID-MAJOR-VERSION', 'INVALID-MINOR-VERSION', 'INVALID-EXCHANGE-TYPE', 'INVALID-FLAGS', 'INVALID-MESSAGE-ID',
  'INVALID-PROTOCOL-ID', 'INVALID-SPI', 'INVALID-TRANSFORM-ID', 'ATTRIBUTES-NOT-SUPPORTED', 'NO-PROPOSAL-CHOSEN',
  'BAD-PROPOSAL-SYNTAX', 'PAYLOAD-MALFORMED', 'INVALID-KEY-INFORMATION', 'INVALID-ID-INFORMATION',
  'INVALID-CERT-ENCODING', 'INVALID-CERTIFICATE', 'CERT-TYPE-UNSUPPORTED', 'INVALID-CERT-AUTHORITY',
  'INVALID-HASH-INFORMATION', 'AUTHENTICATION-FAILED', 'INVALID-SIGNATURE', 'ADDRESS-NOTIFICATION',
  'NOTIFY-SA-LIFETIME', 'CERTIFICATE-UNAVAILABLE', 'UNSUPPORTED-EXCHANGE-TYPE', 'UNEQUAL-PAYLOAD-LENGTHS',
];
const IPSEC_NOTIFY_STATUS = ['RESPONDER-LIFETIME', 'REPLAY-STATUS', 'INITIAL-CONTACT'];


/** hexprint of `n` captured bytes; false (nothing printed) when they were not captured. */
function raw(ctx: Ctx, p: number, n: number): boolean {
  if (!ctx.has(p, n)) return false;
  ctx.print(hexText(ctx, p, n));
  return true;
}

/**
 * tcpdump's ikev1_sub_print / ikev2_sub_print: the chain of payloads from type `np` at `p`,
 * each on its own line, indented by depth. Returns the offset after the last, or -1 when the
 * chain stopped. `v2`: an IKEv2 message's chain (its encrypted payload ends it).
 */
function payloadChain(ctx: Ctx, np: number, p: number, phase: number, doi: number, proto: number, depth: number, v2: boolean): number {
  let cp = p;
  while (np) {
    if (!ctx.has(p, 4)) {
      ctx.print(` [|${strOrId(PAYLOAD_NAMES, np)}]`);
      return -1;
    }
    const itemLen = ctx.u16(p + 2);
    if (!ctx.has(p, itemLen)) {
      ctx.print(` [|${strOrId(PAYLOAD_NAMES, np)}]`);
      return -1;
    }
    depth++;
    ctx.print(`\n${'    '.repeat(depth)}(`);
    cp = payloadPrint(ctx, np, p, phase, doi, proto, depth, v2);
    ctx.print(')');
    depth--;
    if (cp < 0) return -1;
    np = ctx.u8(p);
    p = cp;
  }
  return cp;
}

/** tcpdump's ike_sub0_print / ikev2_sub0_print: one payload; the offset after it, or -1. */
function payloadPrint(ctx: Ctx, np: number, p: number, phase: number, doi: number, proto: number, depth: number, v2: boolean): number {
  const itemLen = ctx.u16(p + 2);
  if (itemLen <= 4) return -1;
  let r: number;
  if (np >= 1 && np <= 13) {
    ctx.print(`${PAYLOAD_NAMES[np]}:`);
    r = v1Body(ctx, np, p, itemLen, phase, doi, proto, depth);
    if (r === -1) ctx.print(` [|${PAYLOAD_NAMES[np]}]`);
  } else if (np >= 33 && np <= 48 && (np !== 46 || v2)) {
    r = v2Body(ctx, np, p, itemLen, depth);
    if (r === -1) ctx.print(` [|${PAYLOAD_NAMES[np]}]`);
  } else {
    ctx.print(strOrId(PAYLOAD_NAMES, np));
    return p + itemLen;
  }
  return r < 0 ? -1 : r;
}

/** A payload printer stopped inside a nested chain, which printed its own marker. */
const STOPPED = -2;

function v1Body(ctx: Ctx, np: number, p: number, itemLen: number, phase: number, doi0: number, proto0: number, depth: number): number {
  const ep = ctx.snapend;
  const dataLen = itemLen - 4;
  // KE, HASH, SIG and VID: the length, and with -vvv the data.
  const lenAndData = (label: string): number => {
    ctx.print(` ${label}=${dataLen}`);
    if (ctx.verbose > 2 && itemLen > 4) {
      ctx.print(' ');
      if (!raw(ctx, p + 4, dataLen)) return -1;
    }
    return p + itemLen;
  };
  switch (np) {
    case 1: {
      if (!ctx.has(p, 12)) return -1;
      const doi = ctx.u32(p + 4);
      const sit = ctx.u32(p + 8);
      if (doi !== 1) {
        ctx.print(` doi=${doi} situation=${sit}`);
        return p + 12;
      }
      ctx.print(' doi=ipsec situation=');
      const parts: string[] = [];
      if (sit & 1) parts.push('identity');
      if (sit & 2) parts.push('secrecy');
      if (sit & 4) parts.push('integrity');
      ctx.print(parts.join('+'));
      let next = p + 12;
      if (sit !== 1) {
        // tcpdump reads the "ident" four bytes into the payload: the DOI again.
        ctx.print(` ident=${ctx.u32(p + 4)}`);
        next += 4;
      }
      if (!ctx.has(next, 4)) return -1;
      const r = payloadChain(ctx, 2, next, phase, doi, proto0, depth, false);
      return r < 0 ? STOPPED : r;
    }
    case 2: {
      if (!ctx.has(p, 8)) return -1;
      const protoId = ctx.u8(p + 5);
      ctx.print(` #${ctx.u8(p + 4)} protoid=${strOrId(PROTO_IDS, protoId)} transform=${ctx.u8(p + 7)}`);
      const spiSize = ctx.u8(p + 6);
      if (spiSize) {
        ctx.print(' spi=');
        if (!raw(ctx, p + 8, spiSize)) return -1;
      }
      const next = p + 8 + spiSize;
      if (!ctx.has(next, 4)) return -1;
      const r = payloadChain(ctx, 3, next, phase, doi0, protoId, depth, false);
      return r < 0 ? STOPPED : r;
    }
    case 3: {
      if (!ctx.has(p, 8)) return -1;
      const tno = ctx.u8(p + 4);
      const tid = ctx.u8(p + 5);
      let map: AttrMap | null = null;
      let idstr: string | null = null;
      if (proto0 === 1) [idstr, map] = [strOrId(V1_P_MAP, tid), OAKLEY_T_MAP];
      else if (proto0 === 2) [idstr, map] = [strOrId(AH_P_MAP, tid), IPSEC_T_MAP];
      else if (proto0 === 3) [idstr, map] = [strOrId(ESP_P_MAP, tid), IPSEC_T_MAP];
      else if (proto0 === 4) [idstr, map] = [strOrId(IPCOMP_P_MAP, tid), IPSEC_T_MAP];
      ctx.print(idstr ? ` #${tno} id=${idstr} ` : ` #${tno} id=${tid} `);
      let cp = p + 8;
      const ep2 = p + itemLen;
      while (cp < ep && cp < ep2) {
        cp = attrPrint(ctx, cp, ep2, map);
        if (cp < 0) return -1;
      }
      if (ep < ep2) ctx.print('...');
      return cp;
    }
    case 4:
      if (!ctx.has(p, 4)) return -1;
      return lenAndData('key len');
    case 5:
      return idPrint(ctx, p, itemLen);
    case 6:
    case 7: {
      if (!ctx.has(p, 6)) return -1;
      ctx.print(` len=${dataLen} type=${CERT_TYPES[ctx.u8(p + 4)] ?? `#${ctx.u8(p + 4)}`}`);
      if (ctx.verbose > 2 && itemLen > 4) {
        ctx.print(' ');
        if (!raw(ctx, p + 4, dataLen)) return -1;
      }
      return p + itemLen;
    }
    case 8:
    case 9:
    case 13:
      if (!ctx.has(p, 4)) return -1;
      return lenAndData('len');
    case 10:
      if (!ctx.has(p, 4)) return -1;
      ctx.print(` n len=${dataLen}`);
      if (itemLen > 4) {
        if (ctx.verbose > 2) {
          ctx.print(' ');
          if (!raw(ctx, p + 4, dataLen)) return -1;
        } else if (ctx.verbose > 1) {
          ctx.print(' ');
          if (!someData(ctx, p + 4, ep)) return -1;
        }
      }
      return p + itemLen;
    case 11:
      return notifyPrint(ctx, p, itemLen);
    case 12: {
      if (!ctx.has(p, 12)) return -1;
      const doi = ctx.u32(p + 4);
      const proto = ctx.u8(p + 8);
      ctx.print(doi !== 1 ? ` doi=${doi} proto=${proto}` : ` doi=ipsec proto=${strOrId(PROTO_IDS, proto)}`);
      const spiSize = ctx.u8(p + 9);
      ctx.print(` spilen=${spiSize}`);
      const n = ctx.u16(p + 10);
      ctx.print(` nspi=${n} spi=`);
      let q = p + 12;
      for (let i = 0; i < n; i++) {
        if (i !== 0) ctx.print(',');
        if (!raw(ctx, q, spiSize)) return -1;
        q += spiSize;
      }
      return q;
    }
  }
  return p + itemLen;
}

/** tcpdump's ike_show_somedata: ` data=(` ten bytes `...` the last twenty before `ep` `)`. */
function someData(ctx: Ctx, cp: number, ep: number): boolean {
  let end = ep - 20;
  let elen = 20;
  let len = ep - cp;
  if (len > 10) len = 10;
  if (end < cp + len) {
    end = cp + len;
    elen = ep - end;
  }
  ctx.print(' data=(');
  if (!raw(ctx, cp, len)) return false;
  ctx.print('...');
  if (elen && !raw(ctx, end, elen)) return false;
  ctx.print(')');
  return true;
}

/** One data attribute (`(type=enc value=3des)`), named by `map` if any; the offset after it, or -1. */
function attrPrint(ctx: Ctx, p: number, ep2: number, map: AttrMap | null): number {
  const tv = (ctx.u8(p) & 0x80) !== 0;
  const totlen = tv ? 4 : 4 + ctx.u16(p + 2);
  if (ep2 < p + totlen) {
    ctx.print('[|attr]');
    return ep2 + 1;
  }
  ctx.print('(');
  const t = ctx.u16(p) & 0x7fff;
  const entry = map && t < map.length ? map[t]! : null;
  ctx.print(entry?.[0] ? `type=${entry[0]} ` : `type=#${t} `);
  if (tv) {
    ctx.print('value=');
    const v = ctx.u16(p + 2);
    const name = entry ? entry[1][v] : undefined;
    if (name) ctx.print(name);
    else if (!raw(ctx, p + 2, 2)) {
      ctx.print(')');
      return -1;
    }
  } else {
    ctx.print(`len=${totlen - 4} value=`);
    if (!raw(ctx, p + 4, totlen - 4)) {
      ctx.print(')');
      return -1;
    }
  }
  ctx.print(')');
  return p + totlen;
}

function idPrint(ctx: Ctx, p: number, itemLen: number): number {
  if (!ctx.has(p, 8)) return -1;
  let len = itemLen > 8 ? itemLen - 8 : 0;
  const data = p + 8;
  const type = ctx.u8(p + 4);
  ctx.print(` idtype=${strOrId(IPSEC_ID_TYPES, type)}`);
  ctx.print(` protoid=${ctx.u8(p + 5)}`);
  ctx.print(` port=${ctx.u16(p + 6)}`);
  if (len) {
    if (!ctx.has(data, len)) return -1;
    const a4 = (o: number): string => ipv4At(ctx, o);
    const a6 = (o: number): string => ipv6At(ctx, o);
    switch (type) {
      case 1:
        ctx.print(len < 4 ? ` len=${len} [bad: < 4]` : ` len=${len} ${a4(data)}`);
        len = 0;
        break;
      case 2:
      case 3: {
        let s = '';
        for (let i = 0; i < len; i++) s += safeChar(ctx.u8(data + i));
        ctx.print(` len=${len} ${s}`);
        len = 0;
        break;
      }
      case 4:
        ctx.print(len < 8 ? ` len=${len} [bad: < 8]` : ` len=${len} ${a4(data)}/${[4, 5, 6, 7].map((i) => ctx.u8(data + i)).join('.')}`);
        len = 0;
        break;
      case 5:
        ctx.print(len < 16 ? ` len=${len} [bad: < 16]` : ` len=${len} ${a6(data)}`);
        len = 0;
        break;
      case 6:
        ctx.print(len < 32 ? ` len=${len} [bad: < 32]` : ` len=${len} ${a6(data)}/0x${hexText(ctx, data + 16, 16)}`);
        len = 0;
        break;
      case 7:
        ctx.print(len < 8 ? ` len=${len} [bad: < 8]` : ` len=${len} ${a4(data)}-${a4(data + 4)}`);
        len = 0;
        break;
      case 8:
        ctx.print(len < 32 ? ` len=${len} [bad: < 32]` : ` len=${len} ${a6(data)}-${a6(data + 16)}`);
        len = 0;
        break;
    }
  }
  if (itemLen > 8 && len) {
    ctx.print(` len=${len}`);
    if (ctx.verbose > 2) {
      ctx.print(' ');
      if (!raw(ctx, data, len)) return -1;
    }
  }
  return p + itemLen;
}

function notifyPrint(ctx: Ctx, p: number, itemLen: number): number {
  if (!ctx.has(p, 12)) return -1;
  const ep = ctx.snapend;
  const doi = ctx.u32(p + 4);
  const proto = ctx.u8(p + 8);
  const type = ctx.u16(p + 10);
  const spiSize = ctx.u8(p + 9);
  const spi = (): boolean => {
    if (!spiSize) return true;
    ctx.print(' spi=');
    return raw(ctx, p + 12, spiSize);
  };
  if (doi !== 1) {
    const name =
      type < 8192 ? strOrId(NOTIFY_ERRORS, type) : type >= 16384 && type < 24576 ? strOrId(['CONNECTED'], type - 16384) : `#${type}`;
    ctx.print(` doi=${doi} proto=${proto} type=${name}`);
    if (!spi()) return -1;
    return p + 12 + spiSize;
  }
  let name: string;
  if (type < 8192) name = strOrId(NOTIFY_ERRORS, type);
  else if (type < 16384) name = strOrId(['RESERVED'], type - 8192);
  else if (type < 24576) name = strOrId(['CONNECTED'], type - 16384);
  else if (type < 32768) name = strOrId(IPSEC_NOTIFY_STATUS, type - 24576);
  else name = `#${type}`;
  ctx.print(` doi=ipsec proto=${strOrId(PROTO_IDS, proto)} type=${name}`);
  if (!spi()) return -1;
  let cp = p + 12 + spiSize;
  const ep2 = p + itemLen;
  if (cp < ep) {
    if (type === 24576) {
      ctx.print(' attrs=(');
      while (cp < ep && cp < ep2) {
        cp = attrPrint(ctx, cp, ep2, OAKLEY_T_MAP);
        if (cp < 0) {
          ctx.print(')');
          return -1;
        }
      }
      ctx.print(')');
    } else if (type === 24577) {
      ctx.print(' status=(');
      ctx.print(`replay detection ${ctx.u32(cp) ? 'en' : 'dis'}abled)`);
    } else if (!someData(ctx, cp, ep)) return -1;
  }
  return p + itemLen;
}

function ipv4At(ctx: Ctx, off: number): string {
  ctx.check(off, 4);
  return ipv4Text(ctx.buf, off);
}

function ipv6At(ctx: Ctx, off: number): string {
  ctx.check(off, 16);
  return ipv6Text(ctx.buf, off);
}

// ---------------------------------------------------------------------------------------------
// IKEv2 payloads (-v)

const V2_T_TYPES: (string | undefined)[] = [undefined, 'encr', 'prf', 'integ', 'dh', 'esn'];
const PRF_P_MAP: (string | undefined)[] = [undefined, 'hmac-md5', 'hmac-sha', 'hmac-tiger', 'aes128_xcbc'];
const INTEG_P_MAP: (string | undefined)[] = [undefined, 'hmac-md5', 'hmac-sha', 'dec-mac', 'kpdk-md5', 'aes-xcbc'];
const ESN_P_MAP: (string | undefined)[] = ['no-esn', 'esn'];
const ENCR_T_MAP: AttrMap = [];
ENCR_T_MAP[14] = ['keylen', []];
for (let i = 0; i < 14; i++) ENCR_T_MAP[i] = [undefined, []];
const V2_AUTH = ['invalid', 'rsasig', 'shared-secret', 'dsssig'];
const V2_ID_TYPES = new Map<number, [string, boolean]>([
  [1, [' ipv4:', false]], [2, [' fqdn:', true]], [3, [' rfc822:', true]], [5, [' ipv6:', false]],
  [9, [' dn:', false]], [10, [' gn:', false]], [11, [' keyid:', false]],
]);
/** Notify types tcpdump names, and whether it shows their SPI. */
const V2_NOTIFIES = new Map<number, [string, boolean]>([
  [1, ['unsupported_critical_payload', false]], [4, ['invalid_ike_spi', true]], [5, ['invalid_major_version', false]],
  [7, ['invalid_syntax', true]], [9, ['invalid_message_id', true]], [11, ['invalid_spi', true]],
  [14, ['no_protocol_chosen', true]], [17, ['invalid_ke_payload', true]], [24, ['authentication_failed', true]],
  [34, ['single_pair_required', true]], [35, ['no_additional_sas', false]], [36, ['internal_address_failure', false]],
  [37, ['failed:cp_required', false]], [39, ['invalid_selectors', false]], [16384, ['initial_contact', false]],
  [16385, ['set_window_size', false]], [16386, ['additional_ts_possible', false]], [16387, ['ipcomp_supported', false]],
  [16388, ['nat_detection_source_ip', true]], [16389, ['nat_detection_destination_ip', true]], [16390, ['cookie', true]],
  [16391, ['use_transport_mode', false]], [16392, ['http_cert_lookup_supported', false]], [16393, ['rekey_sa', true]],
  [16394, ['tfc_padding_not_supported', false]], [16395, ['non_first_fragment_also', false]],
]);

/** `name[C]:` (the critical bit). */
function v2Name(ctx: Ctx, name: string, p: number): void {
  ctx.print(`${name}${ctx.u8(p + 1) & 0x80 ? '[C]' : ''}:`);
}

/** Printable bytes as themselves, others as dots. */
function dotted(ctx: Ctx, p: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const c = ctx.u8(p + i);
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  return s;
}

/** An IKEv2 payload after its type; its end, -1 (marker to print) or STOPPED. */
function v2Body(ctx: Ctx, np: number, p: number, itemLen: number, depth: number): number {
  const ep = ctx.snapend;
  const name = PAYLOAD_NAMES[np]!;
  const dataLen = itemLen - 4;
  switch (np) {
    case 33:
      return v2SaPrint(ctx, p, depth);
    case 34: {
      if (!ctx.has(p, 8)) return -1;
      v2Name(ctx, name, p);
      if (itemLen < 8) {
        ctx.print(` len=${itemLen} < 8`);
        return p + itemLen;
      }
      ctx.print(` len=${itemLen - 8} group=${strOrId(GROUPS, ctx.u16(p + 4))}`);
      if (ctx.verbose > 2 && itemLen > 8) {
        ctx.print(' ');
        if (!raw(ctx, p + 8, itemLen - 8)) return -1;
      }
      return p + itemLen;
    }
    case 35:
    case 36: {
      if (!ctx.has(p, 8)) return -1;
      v2Name(ctx, name, p);
      ctx.print(` len=${dataLen}`);
      if (ctx.verbose > 2 && itemLen > 4) {
        ctx.print(' ');
        if (!raw(ctx, p + 4, dataLen)) return -1;
      }
      const idLen = (itemLen - 8) >>> 0;
      const kind = V2_ID_TYPES.get(ctx.u8(p + 4));
      if (kind) {
        ctx.print(kind[0]);
        if (kind[1]) {
          if (!ctx.has(p + 8, idLen)) return -1;
          ctx.print(dotted(ctx, p + 8, idLen));
        } else if (!raw(ctx, p + 8, idLen)) return -1;
      }
      return p + itemLen;
    }
    case 39: {
      if (!ctx.has(p, 8)) return -1;
      v2Name(ctx, name, p);
      ctx.print(` len=${dataLen} method=${strOrId(V2_AUTH, ctx.u8(p + 4))}`);
      if (itemLen > 4) {
        if (ctx.verbose > 1) {
          ctx.print(' authdata=(');
          if (!raw(ctx, p + 8, (itemLen - 8) >>> 0)) return -1;
          ctx.print(') ');
        } else if (!someData(ctx, p + 8, ep)) return -1;
      }
      return p + itemLen;
    }
    case 40:
      if (!ctx.has(p, 4)) return -1;
      v2Name(ctx, 'nonce', p);
      ctx.print(` len=${dataLen}`);
      if (ctx.verbose > 1 && itemLen > 4) {
        ctx.print(' nonce=(');
        if (!raw(ctx, p + 4, dataLen)) return -1;
        ctx.print(') ');
      } else if (itemLen > 4 && !someData(ctx, p + 4, ep)) return -1;
      return p + itemLen;
    case 41: {
      if (!ctx.has(p, 8)) return -1;
      v2Name(ctx, 'n', p);
      ctx.print(` prot_id=${strOrId(PROTO_IDS, ctx.u8(p + 4))}`);
      const type = ctx.u16(p + 6);
      const known = V2_NOTIFIES.get(type);
      const tname = known ? known[0] : type < 8192 ? 'error' : type < 16384 ? 'private-error' : type < 40960 ? 'status' : 'private-status';
      const showSpi = known ? known[1] : true;
      const someDataToo = type === 16390;
      ctx.print(` type=${type}(${tname})`);
      const spiSize = ctx.u8(p + 5);
      if (showSpi && spiSize) {
        ctx.print(' spi=');
        if (!raw(ctx, p + 8, spiSize)) return -1;
      }
      const cp = p + 8 + spiSize;
      if (cp < ep) {
        if (someDataToo && ep - cp < 30) {
          ctx.print(' data=(');
          if (!raw(ctx, cp, ep - cp)) return -1;
          ctx.print(')');
        } else if (someDataToo && !someData(ctx, cp, ep)) return -1;
      }
      return p + itemLen;
    }
    case 43: {
      if (!ctx.has(p, 4)) return -1;
      v2Name(ctx, name, p);
      ctx.print(` len=${dataLen} vid=`);
      if (!ctx.has(p + 4, dataLen)) return -1;
      ctx.print(dotted(ctx, p + 4, dataLen));
      if (ctx.verbose > 2 && dataLen > 4) {
        ctx.print(' ');
        if (!raw(ctx, p + 4, dataLen)) return -1;
      }
      return p + itemLen;
    }
    case 46:
      if (!ctx.has(p, 4)) return -1;
      v2Name(ctx, name, p);
      ctx.print(` len=${dataLen}`);
      if (ctx.verbose > 2 && dataLen > 4) {
        ctx.print(' ');
        if (!raw(ctx, p + 4, dataLen)) return -1;
      }
      if (!ctx.has(p + 4, dataLen)) return -1;
      // Nothing follows an encrypted payload (tcpdump decrypts only with -E secrets).
      return STOPPED;
    default:
      // CERT, CR, D, TSi, TSr, CP, EAP: the generic form.
      if (!ctx.has(p, 4)) return -1;
      v2Name(ctx, name, p);
      ctx.print(` len=${dataLen}`);
      if (ctx.verbose > 2 && itemLen > 4) {
        ctx.print(' ');
        if (!raw(ctx, p + 4, dataLen)) return -1;
      }
      return p + itemLen;
  }
}

function v2SaPrint(ctx: Ctx, p: number, depth: number): number {
  if (!ctx.has(p, 4)) return -1;
  v2Name(ctx, 'sa', p);
  const saLen = ctx.u16(p + 2) - 4;
  ctx.print(` len=${saLen}`);
  return v2ListEnd(ctx, 'v2sa', v2ListRun(ctx, 2, p + 4, saLen, depth, (ext, itemLen, count) => v2ProposalPrint(ctx, ext, itemLen, count, depth + 1)));
}

function v2ProposalPrint(ctx: Ctx, p: number, oplen: number, _count: number, depth: number): number {
  if (!ctx.has(p, 8)) {
    ctx.print(' [|p]');
    return -1;
  }
  v2Name(ctx, 'p', p);
  let plen = oplen - 4;
  ctx.print(` #${ctx.u8(p + 4)} protoid=${strOrId(PROTO_IDS, ctx.u8(p + 5))} transform=${ctx.u8(p + 7)} len=${oplen}`);
  let cp = p + 8;
  const spiSize = ctx.u8(p + 6);
  if (spiSize) {
    if (plen < spiSize) {
      ctx.print(' [|p]');
      return cp + plen;
    }
    ctx.print(' spi=');
    if (!raw(ctx, cp, spiSize)) {
      ctx.print(' [|p]');
      return -1;
    }
    cp += spiSize;
    plen -= spiSize;
  }
  return v2ListEnd(ctx, 'p', v2ListRun(ctx, 3, cp, plen, depth, (ext, itemLen, count) => v2TransformPrint(ctx, ext, itemLen, count)));
}

/** The outcome of a sub-structure list. */
interface ListRun {
  end: number;
  /** A length ran past the list (tcpdump's "toolong"). */
  tooLong: boolean;
  /** A check failed (tcpdump's "trunc"). */
  trunc: boolean;
  /** An item stopped after printing its own marker. */
  stopped: boolean;
}

function v2ListRun(ctx: Ctx, first: number, cp: number, len: number, depth: number, item: (ext: number, itemLen: number, count: number) => number): ListRun {
  let count = 0;
  let ext = cp;
  for (let np = first; np !== 0; np = ctx.u8(ext)) {
    count++;
    ext = cp;
    if (len < 4) return { end: cp + len, tooLong: true, trunc: false, stopped: false };
    if (!ctx.has(ext, 4)) return { end: -1, tooLong: false, trunc: true, stopped: false };
    const itemLen = ctx.u16(ext + 2);
    if (itemLen <= 4) return { end: -1, tooLong: false, trunc: true, stopped: false };
    if (len < itemLen) return { end: cp + len, tooLong: true, trunc: false, stopped: false };
    if (!ctx.has(cp, itemLen)) return { end: -1, tooLong: false, trunc: true, stopped: false };
    depth++;
    ctx.print(`\n${'    '.repeat(depth)}(`);
    if (np === first) {
      cp = item(ext, itemLen, count);
      if (cp < 0) return { end: -1, tooLong: false, trunc: false, stopped: true };
    } else {
      ctx.print(strOrId(PAYLOAD_NAMES, np));
      cp += itemLen;
    }
    ctx.print(')');
    depth--;
    len -= itemLen;
  }
  return { end: cp, tooLong: false, trunc: false, stopped: false };
}

/** A list's end as its container returns it, with the container's marker where tcpdump prints one. */
function v2ListEnd(ctx: Ctx, name: string, run: ListRun): number {
  if (run.stopped) return STOPPED;
  if (run.tooLong || run.trunc) ctx.print(` [|${name}]`);
  return run.trunc ? STOPPED : run.end;
}

function v2TransformPrint(ctx: Ctx, p: number, itemLen: number, count: number): number {
  const ep = ctx.snapend;
  if (!ctx.has(p, 8)) {
    ctx.print(' [|t]');
    return -1;
  }
  v2Name(ctx, 't', p);
  const tid = ctx.u16(p + 6);
  const type = ctx.u8(p + 4);
  let map: AttrMap | null = null;
  let idstr: string | null = null;
  if (type === 1) [idstr, map] = [strOrId(ESP_P_MAP, tid), ENCR_T_MAP];
  else if (type === 2) idstr = strOrId(PRF_P_MAP, tid);
  else if (type === 3) idstr = strOrId(INTEG_P_MAP, tid);
  else if (type === 4) idstr = strOrId(GROUPS, tid);
  else if (type === 5) idstr = strOrId(ESN_P_MAP, tid);
  const tname = strOrId(V2_T_TYPES, type);
  ctx.print(idstr ? ` #${count} type=${tname} id=${idstr} ` : ` #${count} type=${tname} id=${tid} `);
  let cp = p + 8;
  const ep2 = p + itemLen;
  while (cp < ep && cp < ep2) {
    cp = attrPrint(ctx, cp, ep2, map);
    if (cp < 0) {
      ctx.print(' [|t]');
      return -1;
    }
  }
  if (ep < ep2) ctx.print('...');
  return cp;
}
