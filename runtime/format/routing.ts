/**
 * Router protocols carried directly in IP, as tcpdump 4.99 prints them: VRRP v2 and v3 (all
 * modes, with -v's checksum, addresses and simple-auth text) and the first line of PIM
 * (`PIMv2, Register, length 108`). OSPF is in ospf.ts.
 *
 * Not here: PIMv2's -v detail (tcpdump prints the message body over further lines: hello
 * options, join lists, ...); with -v this printer prints the first line only (a documented gap).
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

const PIMV2_TYPES = [
  'Hello', 'Register', 'Register Stop', 'Join / Prune', 'Bootstrap', 'Assert', 'Graft',
  'Graft Acknowledgement', 'Candidate RP Advertisement', 'Prune Refresh', 'DF Election', 'ECMP Redirect',
];

/** Prints the first line of a PIM message at `off`; `len` is the IP payload length. */
export function pimPrint(ctx: Ctx, off: number, len: number): void {
  ctx.protocol = 'pim';
  const tv = ctx.u8(off);
  const version = tv >> 4;
  const type = PIMV2_TYPES[tv & 0x0f] ?? 'Unknown Type';
  if (version !== 2) ctx.print(`PIMv${version}, length ${len}`);
  else if (!ctx.verbose) ctx.print(`PIMv2, ${type}, length ${len}`);
  else ctx.print(`PIMv2, length ${len}\n\t${type}`);
}
