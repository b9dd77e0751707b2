/**
 * DNS and mDNS as tcpdump prints them without -v: the id, opcode and flags, the questions of
 * a query, the answer records of a response, and the length.
 */
import type { Ctx } from './context.js';
import { ipv4Text, ipv6Text, relTime, safeChar } from './util.js';

const OPCODES = [
  '', ' inv_q', ' stat', ' op3', ' notify', ' update', ' op6', ' op7', ' op8', ' updateA', ' updateD',
  ' updateDA', ' updateM', ' updateMA', ' zoneInit', ' zoneRef',
];

const RCODES = [
  '', ' FormErr', ' ServFail', ' NXDomain', ' NotImp', ' Refused', ' YXDomain', ' YXRRSet', ' NXRRSet',
  ' NotAuth', ' NotZone', ' Resp11', ' Resp12', ' Resp13', ' Resp14', ' NoChange', ' BadVers',
  'Resp17', ' Resp18', ' Resp19', ' Resp20', 'Resp21', ' Resp22', ' BadCookie',
];

const TYPES = new Map<number, string>(
  (
    'A=1 NS=2 MD=3 MF=4 CNAME=5 SOA=6 MB=7 MG=8 MR=9 NULL=10 WKS=11 PTR=12 HINFO=13 MINFO=14 MX=15 ' +
    'TXT=16 RP=17 AFSDB=18 X25=19 ISDN=20 RT=21 NSAP=22 NSAP_PTR=23 SIG=24 KEY=25 PX=26 GPOS=27 ' +
    'AAAA=28 LOC=29 NXT=30 EID=31 NIMLOC=32 SRV=33 ATMA=34 NAPTR=35 KX=36 CERT=37 A6=38 DNAME=39 ' +
    'SINK=40 OPT=41 APL=42 DS=43 SSHFP=44 IPSECKEY=45 RRSIG=46 NSEC=47 DNSKEY=48 SPF=99 UINFO=100 ' +
    'UID=101 GID=102 UNSPEC=103 UNSPECA=104 TKEY=249 TSIG=250 IXFR=251 AXFR=252 MAILB=253 MAILA=254 ' +
    'ANY=255 URI=256'
  )
    .split(' ')
    .map((kv) => {
      const [k, v] = kv.split('=');
      return [Number(v), k!] as [number, string];
    }),
);

const CLASSES = new Map<number, string>([
  [1, 'IN'], [3, 'CHAOS'], [4, 'HS'], [255, 'ANY'],
]);

function typeName(t: number): string {
  return TYPES.get(t) ?? `Type${t}`;
}

function className(c: number): string {
  return CLASSES.get(c) ?? `(Class ${c})`;
}

/** Length of the label at `cp` (as tcpdump's labellen), or -1 when invalid. */
function labelLen(ctx: Ctx, cp: number): number {
  if (!ctx.has(cp, 1)) return -1;
  const i = ctx.u8(cp);
  switch (i & 0xc0) {
    case 0x40: {
      const elt = i & 0x3f;
      if (elt !== 0x01) {
        ctx.print(`<ELT ${elt}>`);
        return -1;
      }
      if (!ctx.has(cp + 1, 1)) return -1;
      let bitlen = ctx.u8(cp + 1);
      if (bitlen === 0) bitlen = 256;
      return Math.floor((bitlen + 7) / 8) + 1;
    }
    case 0x80:
      ctx.print('<BAD LABEL TYPE>');
      return -1;
    default:
      return i;
  }
}

/** Skips a name; returns the offset after it, or -1. */
function skipName(ctx: Ctx, cp: number): number {
  if (!ctx.has(cp, 1)) return -1;
  let i = ctx.u8(cp);
  cp++;
  while (i > 0) {
    if ((i & 0xc0) === 0xc0) return cp + 1;
    if ((i & 0xc0) === 0x80) return -1;
    if ((i & 0xc0) === 0x40) {
      if ((i & 0x3f) !== 0x01) return -1;
      if (!ctx.has(cp, 1)) return -1;
      let bitlen = ctx.u8(cp);
      if (bitlen === 0) bitlen = 256;
      cp += Math.floor((bitlen + 7) / 8) + 1;
    } else cp += i;
    if (!ctx.has(cp, 1)) return -1;
    i = ctx.u8(cp);
    cp++;
  }
  return cp;
}

/**
 * Prints a name (tcpdump's fqdn_print; compression pointers are offsets from `bp`); returns the
 * offset after it, or -1. DHCPv6 passes the end of its option as `bp`: the distance is then
 * unsigned, as in tcpdump.
 */
export function printName(ctx: Ctx, cp: number, bp: number): number {
  let l = labelLen(ctx, cp);
  if (l < 0 || !ctx.has(cp, 1)) return -1;
  let maxOffset = (cp - bp) >>> 0;
  let i = ctx.u8(cp);
  cp++;
  let rp = -1;
  let compress = false;
  if ((i & 0xc0) !== 0xc0) rp = cp + l;
  let chars = 0;
  if (i === 0) {
    ctx.print('.');
    return rp;
  }
  while (i && cp < ctx.snapend) {
    if ((i & 0xc0) === 0xc0) {
      if (!compress) {
        rp = cp + 1;
        compress = true;
      }
      if (!ctx.has(cp, 1)) return -1;
      const offset = ((i << 8) | ctx.u8(cp)) & 0x3fff;
      if (offset >= maxOffset) {
        ctx.print('<BAD PTR>');
        return -1;
      }
      maxOffset = offset;
      cp = bp + offset;
      if (!ctx.has(cp, 1)) return -1;
      i = ctx.u8(cp);
      l = labelLen(ctx, cp);
      if (l < 0) return -1;
      cp++;
      continue;
    }
    if ((i & 0xc0) === 0x40) {
      ctx.print('<EDNS0 bitlabel>');
      return -1; // bit labels are obsolete; not printed here
    }
    if ((i & 0xc0) === 0x80) {
      ctx.print('<BAD LABEL TYPE>');
      return -1;
    }
    const take = chars + l <= 255 ? l : chars < 255 ? 255 - chars : 0;
    for (let k = 0; k < take; k++) {
      if (!ctx.has(cp + k, 1)) return -1;
      ctx.print(safeChar(ctx.buf[cp + k]!));
    }
    chars += l;
    cp += l;
    if (chars <= 255) ctx.print('.');
    chars++;
    if (!ctx.has(cp, 1)) return -1;
    i = ctx.u8(cp);
    l = labelLen(ctx, cp);
    if (l < 0) return -1;
    cp++;
    if (!compress) rp += l + 1;
  }
  if (chars > 255) ctx.print('<DOMAIN NAME TOO LONG>');
  return rp;
}

function qprint(ctx: Ctx, cp: number, bp: number, mdns: boolean): number {
  const np = cp;
  cp = skipName(ctx, cp);
  if (cp < 0 || !ctx.has(cp, 4)) return -1;
  const t = ctx.u16(cp);
  const c = ctx.u16(cp + 2);
  ctx.print(` ${typeName(t)}`);
  const cls = mdns ? c & 0x7fff : c;
  if (cls !== 1) ctx.print(` ${className(cls)}`);
  if (mdns) ctx.print(c & 0x8000 ? ' (QU)' : ' (QM)');
  ctx.print('? ');
  const r = printName(ctx, np, bp);
  return r < 0 ? -1 : r + 4;
}

function rprint(ctx: Ctx, cp: number, bp: number, mdns: boolean): number {
  if (ctx.verbose) {
    ctx.print(' ');
    cp = printName(ctx, cp, bp);
    if (cp < 0) return -1;
  } else cp = skipName(ctx, cp);
  if (cp < 0 || !ctx.has(cp, 10)) return ctx.snapend;
  const typ = ctx.u16(cp);
  const c = ctx.u16(cp + 2);
  const cls = mdns ? c & 0x7fff : c;
  if (cls !== 1 && typ !== 41) ctx.print(` ${className(cls)}`);
  if (mdns && c & 0x8000) ctx.print(' (Cache flush)');
  const optFlags = typ === 41 ? ctx.u16(cp + 6) : 0;
  if (typ !== 41 && ctx.verbose > 2) ctx.print(` [${relTime(ctx.u32(cp + 4))}]`);
  cp += 8;
  const len = ctx.u16(cp);
  cp += 2;
  const rp = cp + len;
  ctx.print(` ${typeName(typ)}`);
  if (rp > ctx.snapend) return -1;
  switch (typ) {
    case 1:
      if (!ctx.has(cp, 4)) return -1;
      ctx.print(` ${ipv4Text(ctx.buf, cp)}`);
      break;
    case 2:
    case 5:
    case 12:
    case 39:
      ctx.print(' ');
      if (printName(ctx, cp, bp) < 0) return -1;
      break;
    case 15:
      ctx.print(' ');
      if (!ctx.has(cp, 2)) return -1;
      if (printName(ctx, cp + 2, bp) < 0) return -1;
      ctx.print(` ${ctx.u16(cp)}`);
      break;
    case 6:
      // With -v tcpdump prints the SOA names and the raw rest of the record; not done here (a gap).
      break;
    case 16:
      // tcpdump's ns_cprint: a string's length or bytes past the capture end the record (-1).
      while (cp < rp) {
        ctx.print(' "');
        if (!ctx.has(cp, 1)) return -1;
        const n = ctx.buf[cp]!;
        cp++;
        for (let k = 0; k < n; k++) {
          if (!ctx.has(cp + k, 1)) return -1;
          ctx.print(safeChar(ctx.buf[cp + k]!));
        }
        cp += n;
        ctx.print('"');
      }
      break;
    case 33:
      ctx.print(' ');
      if (!ctx.has(cp, 6)) return -1;
      if (printName(ctx, cp + 6, bp) < 0) return -1;
      ctx.print(`:${ctx.u16(cp + 4)} ${ctx.u16(cp)} ${ctx.u16(cp + 2)}`);
      break;
    case 28:
      if (!ctx.has(cp, 16)) return -1;
      ctx.print(` ${ipv6Text(ctx.buf, cp)}`);
      break;
    case 41:
      ctx.print(` UDPsize=${cls}`);
      if (optFlags & 0x8000) ctx.print(' DO');
      if (cp < rp) ctx.print(' [EDNS options not decoded]');
      break;
    default:
      break;
  }
  return rp;
}

/** Prints `count` records after `label` (" ns:", " ar:", or "" for answers); -1 when cut. */
function rsection(ctx: Ctx, cp: number, bp: number, mdns: boolean, count: number, label: string): number {
  if (!count) return cp;
  if (label && cp >= ctx.snapend) return -1;
  ctx.print(label);
  cp = rprint(ctx, cp, bp, mdns);
  if (cp < 0) return -1;
  count--;
  while (cp < ctx.snapend && count) {
    ctx.print(',');
    cp = rprint(ctx, cp, bp, mdns);
    if (cp < 0) return -1;
    count--;
  }
  return count ? -1 : cp;
}

/** Prints a DNS message at `bp` of `length` bytes (UDP only). */
export function domainPrint(ctx: Ctx, bp: number, length: number, mdns: boolean): void {
  ctx.protocol = 'domain';
  if (length < 12) {
    ctx.print(`domain [length ${length} < 12] (invalid)`);
    return;
  }
  domainBody(ctx, bp, length, mdns);
}

/**
 * The header and sections. Short records and names end with the marker printed here (tcpdump's
 * domain_print goes to its own trunc label, no longjmp: -x dumps keep the link-layer header off).
 */
function domainBody(ctx: Ctx, bp: number, length: number, mdns: boolean): void {
  if (!ctx.tcheck(bp, 12)) return;
  const id = ctx.u16(bp);
  const flags = ctx.u16(bp + 2);
  const qd = ctx.u16(bp + 4);
  let an = ctx.u16(bp + 6);
  const ns = ctx.u16(bp + 8);
  const ar = ctx.u16(bp + 10);
  let rcode = flags & 0xf;
  // Look for an OPT record: its extended rcode bits count.
  scan: {
    let cp = bp + 12;
    for (let i = 0; i < qd; i++) {
      cp = skipName(ctx, cp);
      if (cp < 0) break scan;
      cp += 4;
      if (cp >= ctx.snapend) break scan;
    }
    for (let i = 0; i < an + ns; i++) {
      cp = skipName(ctx, cp);
      if (cp < 0) break scan;
      cp += 8;
      if (cp + 2 > ctx.snapend) break scan;
      cp += 2 + ctx.u16(cp);
      if (cp >= ctx.snapend) break scan;
    }
    for (let i = 0; i < ar; i++) {
      cp = skipName(ctx, cp);
      if (cp < 0) break scan;
      if (cp + 2 > ctx.snapend) break scan;
      const type = ctx.u16(cp);
      cp += 4;
      if (cp + 1 > ctx.snapend) break scan;
      if (type === 41) {
        rcode |= ctx.u8(cp) << 4;
        break scan;
      }
      cp += 4;
      if (cp + 2 > ctx.snapend) break scan;
      cp += 2 + ctx.u16(cp);
      if (cp >= ctx.snapend) break scan;
    }
  }
  const opcode = OPCODES[(flags >> 11) & 0xf]!;
  const trunc = (): void => ctx.trunc();
  if (flags & 0x8000) {
    const rc = rcode < RCODES.length ? RCODES[rcode]! : ` Resp${rcode & 0xfff}`;
    ctx.print(
      `${id}${opcode}${rc}${flags & 0x0400 ? '*' : ''}${flags & 0x0080 ? '' : '-'}${flags & 0x0200 ? '|' : ''}${flags & 0x0020 ? '$' : ''}`,
    );
    if (qd !== 1) ctx.print(` [${qd}q]`);
    let cp = bp + 12;
    for (let i = 0; i < qd; i++) {
      if (i !== 0) ctx.print(',');
      if (ctx.verbose > 1) {
        ctx.print(' q:');
        cp = qprint(ctx, cp, bp, mdns);
        if (cp < 0) return trunc();
        continue;
      }
      cp = skipName(ctx, cp);
      if (cp < 0) return trunc();
      cp += 4;
    }
    ctx.print(` ${an}/${ns}/${ar}`);
    if (an) {
      cp = rprint(ctx, cp, bp, mdns);
      if (cp < 0) return trunc();
      an--;
      while (cp < ctx.snapend && an) {
        ctx.print(',');
        cp = rprint(ctx, cp, bp, mdns);
        if (cp < 0) return trunc();
        an--;
      }
    }
    if (an) return trunc();
    if (ctx.verbose > 1) {
      if ((cp = rsection(ctx, cp, bp, mdns, ns, ' ns:')) < 0) return trunc();
      if ((cp = rsection(ctx, cp, bp, mdns, ar, ' ar:')) < 0) return trunc();
    }
  } else {
    ctx.print(`${id}${opcode}${flags & 0x0100 ? '+' : ''}${flags & 0x0010 ? '%' : ''}`);
    const b2 = flags;
    if (b2 & 0x6cf) ctx.print(` [b2&3=0x${b2.toString(16)}]`);
    if (((flags >> 11) & 0xf) === 1) {
      if (qd) ctx.print(` [${qd}q]`);
      if (an !== 1) ctx.print(` [${an}a]`);
    } else {
      if (an) ctx.print(` [${an}a]`);
      if (qd !== 1) ctx.print(` [${qd}q]`);
    }
    if (ns) ctx.print(` [${ns}n]`);
    if (ar) ctx.print(` [${ar}au]`);
    let cp = bp + 12;
    let q = qd;
    if (q) {
      cp = qprint(ctx, cp, bp, mdns);
      if (cp < 0) return trunc();
      q--;
      while (cp < ctx.snapend && q) {
        cp = qprint(ctx, cp, bp, mdns);
        if (cp < 0) return trunc();
        q--;
      }
    }
    if (q) return trunc();
    if (ctx.verbose > 1) {
      if ((cp = rsection(ctx, cp, bp, mdns, an, '')) < 0) return trunc();
      if ((cp = rsection(ctx, cp, bp, mdns, ns, ' ns:')) < 0) return trunc();
      if ((cp = rsection(ctx, cp, bp, mdns, ar, ' ar:')) < 0) return trunc();
    }
  }
  ctx.print(` (${length})`);
}
