/**
 * VRRP v2 and v3 (RFC 3768, 5798) as tcpdump 4.99 prints it, over IPv4 and IPv6, in every mode:
 * -v adds the checksum, the virtual addresses and a simple authentication's text. And Cisco's
 * IGRP: header and routes. The other router protocols carried in IP have modules of their own
 * (ospf.ts, pim.ts, eigrp.ts).
 */
import type { Ctx } from './context.js';
import { transportCksum, type IpInfo } from './ip.js';
import { foldCksum, ipv4Text, ipv6Text, safeChar, sum16 } from './util.js';

const VRRP_AUTH = ['none', 'simple', 'ah'];

/** Prints a VRRP advertisement at `off`; `len` is the IP payload length. */
export function vrrpPrint(ctx: Ctx, off: number, len: number, ip: IpInfo): void {
  ctx.protocol = 'vrrp';
  ctx.print('VRRP');
  const b0 = ctx.u8(off);
  const version = b0 >> 4;
  const type = b0 & 0x0f;
  ctx.print(`v${version}, ${type === 1 ? 'Advertisement' : `unknown type (${type})`}`);
  // The TTL (hop limit) of the IP header: an advertisement's must be 255.
  const ttl = ctx.buf[ip.ipOff + (ip.version === 4 ? 8 : 7)]!;
  if (ttl !== 255) ctx.print(`, (ttl ${ttl})`);
  if (version < 2 || version > 3 || type !== 1) return;
  ctx.print(`, vrid ${ctx.u8(off + 1)}, prio ${ctx.u8(off + 2)}`);
  let auth = 0;
  if (version === 2) {
    auth = ctx.u8(off + 4);
    // tok2str with no default: an unknown type prints as "#N".
    ctx.print(`, authtype ${VRRP_AUTH[auth] ?? `#${auth}`}`);
    ctx.print(`, intvl ${ctx.u8(off + 5)}s, length ${len}`);
  } else {
    const intvl = ((ctx.u8(off + 4) & 0x0f) << 8) | ctx.u8(off + 5);
    ctx.print(`, intvl ${intvl}cs, length ${len}`);
  }
  if (!ctx.verbose) return;
  const naddrs = ctx.u8(off + 3);
  if (ctx.has(off, len)) {
    const sum = version === 2 ? foldCksum(sum16(ctx.buf, off, len)) : transportCksum(ctx, ip, off, len, 112);
    if (sum) ctx.print(`, (bad vrrp cksum ${ctx.u16(off + 6).toString(16)})`);
  }
  ctx.print(', addrs');
  if (naddrs > 1) ctx.print(`(${naddrs})`);
  ctx.print(':');
  let sep = ' ';
  let p = off + 8;
  const alen = ip.version === 4 ? 4 : 16;
  for (let i = 0; i < naddrs; i++) {
    ctx.check(p, alen);
    ctx.print(sep + (alen === 4 ? ipv4Text(ctx.buf, p) : ipv6Text(ctx.buf, p)));
    p += alen;
    sep = ',';
  }
  if (version === 2 && auth === 1) {
    ctx.print(' auth "');
    for (let i = 0; i < 8; i++) {
      const c = ctx.u8(p + i);
      if (c === 0) break;
      ctx.print(safeChar(c));
    }
    ctx.print('"');
  }
}

const IGRP_OPS = ['', 'update', 'request'];

/** Prints an IGRP packet at `off`; `length` is the IP payload length. */
export function igrpPrint(ctx: Ctx, off: number, length: number): void {
  ctx.protocol = 'igrp';
  ctx.print('igrp:');
  let nint = ctx.u16(off + 4);
  let nsys = ctx.u16(off + 6);
  let next = ctx.u16(off + 8);
  const vop = ctx.u8(off);
  ctx.print(` ${IGRP_OPS[vop & 0x0f] || `op-#${vop & 0x0f}`} V${vop >> 4} edit=${ctx.u8(off + 1)} AS=${ctx.u16(off + 2)} (${nint}/${nsys}/${next})`);
  const sum = ctx.u16(off + 10);
  if (ctx.verbose) ctx.print(` checksum=0x${sum.toString(16).padStart(4, '0')}`);
  // Unsigned in tcpdump: a packet shorter than the header wraps, and the routes run to the capture's end.
  length = (length - 12) >>> 0;
  let p = off + 12;
  while (length >= 14) {
    ctx.check(p, 3);
    const net = `${ctx.buf[p]}.${ctx.buf[p + 1]}.${ctx.buf[p + 2]}`;
    if (nint > 0) {
      ctx.print(` *.${net}`);
      nint--;
    } else if (nsys > 0) {
      ctx.print(` ${net}.0`);
      nsys--;
    } else if (next > 0) {
      ctx.print(` X${net}.0`);
      next--;
    } else {
      ctx.print(` [extra bytes ${length}]`);
      break;
    }
    const delay = ctx.u32(p + 2) & 0xffffff;
    const bw = ctx.u32(p + 5) & 0xffffff;
    const mtu = ctx.u16(p + 9);
    ctx.check(p + 11, 3);
    const b = ctx.buf;
    ctx.print(` d=${10 * delay} b=${bw === 0 ? 0 : Math.floor(10000000 / bw)} r=${b[p + 11]} l=${b[p + 12]} M=${Math.min(bw + delay, 0xffffff)} mtu=${mtu} in ${b[p + 13]} hops`);
    p += 14;
    length -= 14;
  }
  if (nint || nsys || next || length) ctx.print(' (invalid)');
}
