/**
 * IPv4, IPv6 (with hop-by-hop, destination-options, routing and fragment headers) and the
 * dispatch on the IP protocol number.
 */
import { Truncated, type Ctx } from './context.js';
import { icmpPrint } from './icmp.js';
import { icmp6Print } from './icmp6.js';
import { tcpPrint } from './tcp.js';
import { udpPrint } from './udp.js';
import { ipv4Text, ipv6Text } from './util.js';

/** Where a transport header sits and what IP header it came in. */
export interface IpInfo {
  /** 4 or 6. */
  version: 4 | 6;
  /** Offset of the IP header. */
  ipOff: number;
  /** Text of the source and destination addresses. */
  src: string;
  dst: string;
  /** Raw address bytes (for TCP's connection key and its ordering). */
  srcBytes: Buffer;
  dstBytes: Buffer;
  /** The protocol / next-header field of the IP header itself (not after extension headers). */
  headerProto: number;
}

/** Prints an IPv4 packet at `off`; `length` is what the link layer carries. */
export function ipPrint(ctx: Ctx, off: number, length: number): void {
  ctx.protocol = 'ip';
  const vhl = ctx.u8(off);
  const v = vhl >> 4;
  if (v !== 4) {
    ctx.print(v === 6 ? 'IP6, wrong link-layer encapsulation' : `IP${v}`);
    ctx.print(' (invalid)');
    return;
  }
  if (!ctx.eflag) ctx.print('IP ');
  ctx.check(off, 20);
  if (length < 20) {
    ctx.print(`truncated-ip ${length}`);
    return;
  }
  const hlen = (vhl & 0xf) * 4;
  if (hlen < 20) {
    ctx.print(`bad-hlen ${hlen}`);
    return;
  }
  let len = ctx.u16(off + 2);
  if (length < len) ctx.print(`truncated-ip - ${len - length} bytes missing! `);
  if (len < hlen) {
    ctx.print(`bad-len ${len}`);
    return;
  }
  const saved = ctx.pushSnap(off, len);
  len -= hlen;
  const frag = ctx.u16(off + 6);
  const proto = ctx.u8(off + 9);
  const src = ipv4Text(ctx.buf, off + 12);
  const dst = ipv4Text(ctx.buf, off + 16);
  if ((frag & 0x1fff) === 0) {
    if (proto !== 6 && proto !== 17 && proto !== 132 && proto !== 33) ctx.print(`${src} > ${dst}: `);
    if (!ctx.has(off, hlen)) {
      ctx.print(` [remaining caplen(${ctx.avail(off)}) < header length(${hlen})]`);
      throw new Truncated();
    }
    const info: IpInfo = {
      version: 4,
      ipOff: off,
      src,
      dst,
      srcBytes: ctx.buf.subarray(off + 12, off + 16),
      dstBytes: ctx.buf.subarray(off + 16, off + 20),
      headerProto: proto,
    };
    demux(ctx, off + hlen, len, info, (frag & 0x2000) !== 0, proto);
  } else {
    ctx.print(`${src} > ${dst}: ip-proto-${proto}`);
  }
  ctx.snapend = saved;
}

/** Prints an IPv6 packet at `off`; `length` is what the link layer carries. */
export function ip6Print(ctx: Ctx, off: number, length: number): void {
  ctx.protocol = 'ip6';
  ctx.check(off, 40);
  if (length < 40) {
    ctx.print(`truncated-ip6 ${length}`);
    return;
  }
  if (!ctx.eflag) ctx.print('IP6 ');
  const v = ctx.u8(off) >> 4;
  if (v !== 6) {
    ctx.print(`version error: ${v} != 6`);
    return;
  }
  const payloadLen = ctx.u16(off + 4);
  let len: number;
  if (payloadLen !== 0) {
    len = payloadLen + 40;
    if (length < len) ctx.print(`truncated-ip6 - ${len - length} bytes missing!`);
  } else len = length + 40;
  let nh = ctx.u8(off + 6);
  const saved = ctx.pushSnap(off, len);
  const info: IpInfo = {
    version: 6,
    ipOff: off,
    src: ipv6Text(ctx.buf, off + 8),
    dst: ipv6Text(ctx.buf, off + 24),
    srcBytes: ctx.buf.subarray(off + 8, off + 24),
    dstBytes: ctx.buf.subarray(off + 24, off + 40),
    headerProto: nh,
  };
  let cp = off;
  let advance = 40;
  let fragmented = false;
  let foundExt = false;
  let foundHbh = false;
  let ph = 255;
  /** The Jumbo Payload length of a valid hop-by-hop option (0: none). */
  let jumbo = 0;
  while (cp < ctx.snapend && advance > 0) {
    if (len < advance) throw new Truncated();
    cp += advance;
    len -= advance;
    if (cp === off + 40 && nh !== 6 && nh !== 17 && nh !== 33 && nh !== 132) ctx.print(`${info.src} > ${info.dst}: `);
    switch (nh) {
      case 0: {
        if (foundHbh) {
          ctx.print('[The Hop-by-Hop Options header was already found] (invalid)');
          return;
        }
        if (ph !== 255) {
          ctx.print("[The Hop-by-Hop Options header don't follow the IPv6 header] (invalid)");
          return;
        }
        ctx.protocol = 'hbhopt';
        const hl = (ctx.u8(cp + 1) + 1) * 8;
        let hbhAdvance = -1;
        if (!ctx.has(cp, hl)) ctx.trunc();
        else {
          ctx.print('HBH ');
          const r = optionsProcess(ctx, cp + 2, hl - 2, payloadLen === 0);
          if (r < 0) ctx.trunc();
          else {
            hbhAdvance = hl;
            if (r > 0) jumbo = r;
          }
        }
        if (payloadLen === 0 && jumbo === 0) {
          ctx.print('[No valid Jumbo Payload Hop-by-Hop option found] (invalid)');
          return;
        }
        if (hbhAdvance < 0) {
          ctx.snapend = saved;
          return;
        }
        advance = hbhAdvance;
        foundExt = true;
        foundHbh = true;
        nh = ctx.u8(cp);
        break;
      }
      case 60: {
        ctx.protocol = 'dstopt';
        const hl = (ctx.u8(cp + 1) + 1) * 8;
        ctx.check(cp, hl);
        ctx.print('DSTOPT ');
        advance = hl;
        foundExt = true;
        nh = ctx.u8(cp);
        break;
      }
      case 44: {
        ctx.protocol = 'frag6';
        const offlg = ctx.u16(cp + 2);
        ctx.print(`frag (${offlg & 0xfff8}|${40 + payloadLen - (cp - off) - 8})`);
        if ((offlg & 0xfff8) !== 0) {
          ctx.snapend = saved;
          return;
        }
        ctx.print(' ');
        advance = 8;
        if (ctx.snapend <= cp + advance) {
          ctx.snapend = saved;
          return;
        }
        foundExt = true;
        fragmented = true;
        nh = ctx.u8(cp);
        break;
      }
      case 43: {
        ctx.protocol = 'rt6';
        ctx.check(cp, 1);
        advance = rt6Print(ctx, cp);
        if (advance < 0) return;
        foundExt = true;
        nh = ctx.u8(cp);
        break;
      }
      default: {
        const totalAdvance = cp - off;
        if (jumbo > 0) {
          len = jumbo + 40;
          if (len < totalAdvance) throw new Truncated();
          if (length < len) ctx.print(`truncated-ip6 - ${len - length} bytes missing!`);
          ctx.snapend = Math.min(off + len, saved);
          len -= totalAdvance;
        } else if (payloadLen === 0) {
          if (foundExt) throw new Truncated();
          ctx.snapend = Math.min(off + 40, saved);
          len = 0;
        }
        demux(ctx, cp, len, info, fragmented, nh);
        ctx.snapend = saved;
        return;
      }
    }
    ph = nh;
    ctx.protocol = 'ip6';
  }
  ctx.snapend = saved;
}

/**
 * Walks hop-by-hop options the way tcpdump does without -v (ip6_opt_process): -1 when malformed
 * or truncated, else the length of a valid Jumbo Payload option (`jumboAllowed`: the IPv6
 * payload length was zero), or 0.
 */
function optionsProcess(ctx: Ctx, p: number, len: number, jumboAllowed: boolean): number {
  let optlen = 0;
  let foundJumbo = false;
  let jumbo = 0;
  for (let i = 0; i < len; i += optlen) {
    const t = ctx.u8(p + i);
    if (t === 0) optlen = 1;
    else if (i + 1 < len) optlen = ctx.u8(p + i + 1) + 2;
    else return -1;
    if (i + optlen > len) return -1;
    switch (t) {
      case 0:
        break;
      case 1:
        if (len - i < 2) {
          ctx.print('(padn: trunc)');
          return -1;
        }
        break;
      case 5:
        if (len - i < 4) {
          ctx.print('(rtalert: trunc)');
          return -1;
        }
        if (ctx.u8(p + i + 1) !== 2) {
          ctx.print(`(rtalert: invalid len ${ctx.u8(p + i + 1)})`);
          return -1;
        }
        break;
      case 0xc2: {
        if (len - i < 6) {
          ctx.print('(jumbo: trunc)');
          return -1;
        }
        if (ctx.u8(p + i + 1) !== 4) {
          ctx.print(`(jumbo: invalid len ${ctx.u8(p + i + 1)})`);
          return -1;
        }
        const jl = ctx.u32(p + i + 2);
        if (!foundJumbo) {
          foundJumbo = true;
          if (jumboAllowed && jl >= 65536) jumbo = jl;
        }
        break;
      }
      case 0xc9:
        if (len - i < 18) {
          ctx.print('(homeaddr: trunc)');
          return -1;
        }
        if (ctx.u8(p + i + 1) < 16) {
          ctx.print(`(homeaddr: invalid len ${ctx.u8(p + i + 1)})`);
          return -1;
        }
        break;
      default:
        if (len - i < 2) {
          ctx.print(`(type ${t}: trunc)`);
          return -1;
        }
    }
  }
  return jumbo;
}

function rt6Print(ctx: Ctx, cp: number): number {
  ctx.print('RT6');
  let len = ctx.u8(cp + 1);
  ctx.print(` (len=${len}`);
  const type = ctx.u8(cp + 2);
  ctx.print(`, type=${type}`);
  if (type === 0) ctx.print(' [Deprecated]');
  ctx.print(`, segleft=${ctx.u8(cp + 3)}`);
  if (type === 0 || type === 2 || type === 4) {
    if (type === 4) {
      ctx.print(`, last-entry=${ctx.u8(cp + 4)}`);
      const flags = ctx.u8(cp + 5);
      if (flags) ctx.print(`, flags=0x${flags.toString(16)}`);
      ctx.print(`, tag=${ctx.u16(cp + 6).toString(16)}`);
    } else {
      const rsv = ctx.u32(cp + 4);
      if (rsv) ctx.print(`, rsv=0x${rsv.toString(16)}`);
    }
    if (len % 2 === 1) {
      ctx.print(` (invalid length ${len}) (invalid)`);
      return -1;
    }
    len >>= 1;
    for (let i = 0; i < len; i++) {
      ctx.check(cp + 8 + 16 * i, 16);
      ctx.print(`, [${i}]${ipv6Text(ctx.buf, cp + 8 + 16 * i)}`);
    }
    ctx.print(') ');
    return (ctx.u8(cp + 1) + 1) * 8;
  }
  ctx.print(' (unknown type) (invalid)');
  return -1;
}

/** Dispatch on the IP protocol number (tcpdump's ip_demux_print). */
export function demux(ctx: Ctx, off: number, length: number, info: IpInfo, fragmented: boolean, nh: number): void {
  switch (nh) {
    case 6:
      tcpPrint(ctx, off, length, info);
      return;
    case 17:
      udpPrint(ctx, off, length, info, fragmented);
      return;
    case 1:
      if (info.version === 4) icmpPrint(ctx, off, length);
      else ctx.print('[ICMP requires IPv4] (invalid)');
      return;
    case 58:
      if (info.version === 6) icmp6Print(ctx, off, length, info, fragmented);
      else ctx.print('[ICMPv6 requires IPv6] (invalid)');
      return;
    case 4:
      ipPrint(ctx, off, length);
      return;
    case 41:
      ip6Print(ctx, off, length);
      return;
    case 77:
      ctx.print(` nd ${length}`);
      return;
    case 59:
      ctx.print('no next header');
      return;
    default:
      ctx.print(` ip-proto-${nh} ${length}`);
  }
}

/**
 * IP protocols tcpdump decodes with printers this module does not have (AH, ESP, IPComp, SCTP,
 * DCCP, IGRP, EIGRP, EGP, OSPF, IGMP, RSVP, GRE, mobile, PIM, VRRP, PGM, Ethernet-in-IPv6):
 * they print as ` ip-proto-N LEN`, unlike tcpdump (a documented gap).
 */
export const UNDECODED_KNOWN_PROTOCOLS: ReadonlySet<number> = new Set([
  51, 50, 108, 132, 33, 9, 88, 8, 89, 2, 46, 47, 55, 103, 112, 113, 97,
]);
