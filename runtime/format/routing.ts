/**
 * VRRP v2 and v3 (RFC 3768, 5798) as tcpdump 4.99 prints it, over IPv4 and IPv6, in every mode:
 * -v adds the checksum, the virtual addresses and a simple authentication's text. And Cisco's
 * IGRP (header and routes), EGP (RFC 904: acquisition, reachability, polls, errors, and with -v
 * updates' gateway and network lists), and RSVP's one-line form (`RSVPv1 Path Message, length
 * N`). The other router protocols carried in IP have modules of their own (ospf.ts, pim.ts,
 * eigrp.ts).
 *
 * Not here: RSVP's -v detail (tcpdump prints the header fields and every object over further
 * lines); with -v this module prints the one-line form (a documented gap).
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

const EGP_ACQUIRE_CODES = ['request', 'confirm', 'refuse', 'cease', 'cease_ack'];
const EGP_ACQUIRE_STATUS = ['unspecified', 'active_mode', 'passive_mode', 'insufficient_resources', 'administratively_prohibited', 'going_down', 'parameter_violation', 'protocol_violation'];
const EGP_UPDOWN = ['indeterminate', 'up', 'down'];
const EGP_REASONS = ['unspecified', 'bad_EGP_header_format', 'bad_EGP_data_field_format', 'reachability_info_unavailable', 'excessive_polling_rate', 'no_response', 'unsupported_version'];

function egpState(status: number): string {
  return status <= 2 ? ` state:${EGP_UPDOWN[status]}` : ` [status ${status}]`;
}

/** Prints an EGP packet at `off`; `length` is the IP payload length. */
export function egpPrint(ctx: Ctx, off: number, length: number): void {
  ctx.protocol = 'egp';
  if (length < 16 || !ctx.has(off, 16)) {
    ctx.trunc();
    return;
  }
  const b = ctx.buf;
  const version = b[off]!;
  if (!ctx.verbose) {
    ctx.print(`EGPv${version}, AS ${ctx.u16(off + 6)}, seq ${ctx.u16(off + 8)}, length ${length}`);
    return;
  }
  ctx.print(`EGPv${version}, length ${length}`);
  if (version !== 2) {
    ctx.print(`[version ${version}]`);
    return;
  }
  const type = b[off + 1]!;
  const code = b[off + 2]!;
  let status = b[off + 3]!;
  switch (type) {
    case 3:
      ctx.print(' acquire');
      if (code <= 1) {
        ctx.print(` ${EGP_ACQUIRE_CODES[code]}`);
        ctx.print(status <= 2 ? ` ${EGP_ACQUIRE_STATUS[status]}` : ` [status ${status}]`);
        ctx.print(` hello:${ctx.u16(off + 10)} poll:${ctx.u16(off + 12)}`);
      } else if (code <= 4) {
        ctx.print(` ${EGP_ACQUIRE_CODES[code]}`);
        ctx.print(status === 0 || (status >= 3 && status <= 7) ? ` ${EGP_ACQUIRE_STATUS[status]}` : `[status ${status}]`);
      } else ctx.print(`[code ${code}]`);
      return;
    case 5:
      if (code <= 1) ctx.print(` ${code ? 'i-h-u' : 'hello'}${egpState(status)}`);
      else ctx.print(`[reach code ${code}]`);
      return;
    case 2:
      ctx.print(` poll${egpState(status)} net:${ipv4Text(b, off + 12)}`);
      return;
    case 1:
      ctx.print(' update');
      if (status & 0x80) {
        status &= 0x7f;
        ctx.print(' unsolicited');
      }
      ctx.print(`${egpState(status)} ${ipv4Text(b, off + 12)} int ${b[off + 10]} ext ${b[off + 11]}`);
      egpNetworks(ctx, off, length);
      return;
    case 8: {
      const reason = ctx.u16(off + 10);
      ctx.print(` error${egpState(status)}${reason <= 6 ? ` ${EGP_REASONS[reason]}` : ` [reason ${reason}]`}`);
      return;
    }
    default:
      ctx.print(`[type ${type}]`);
  }
}

/**
 * An address held as tcpdump holds it on a little-endian machine (the 32-bit value's low byte
 * first in memory), as its ipaddr_string prints it.
 */
function hostOrderText(v: number): string {
  return `${v & 0xff}.${(v >>> 8) & 0xff}.${(v >>> 16) & 0xff}.${v >>> 24}`;
}

/**
 * An update's gateways and the networks at each distance. tcpdump reads the source network as
 * the bytes in memory and tests its class on the value as a little-endian machine holds it (the
 * last byte's high bits), and builds and prints addresses the same way: kept, as this is what
 * tcpdump prints on x86 and ARM.
 */
function egpNetworks(ctx: Ctx, off: number, length: number): void {
  const b = ctx.buf;
  const host = (b[off + 12]! | (b[off + 13]! << 8) | (b[off + 14]! << 16) | (b[off + 15]! << 24)) >>> 0;
  let net = 0;
  let netlen = 0;
  if ((host & 0x80000000) === 0) {
    net = host & 0xff000000;
    netlen = 1;
  } else if (((host & 0xc0000000) >>> 0) === 0x80000000) {
    net = host & 0xffff0000;
    netlen = 2;
  } else if (((host & 0xe0000000) >>> 0) === 0xc0000000) {
    net = host & 0xffffff00;
    netlen = 3;
  }
  let p = off + 16;
  length -= 16;
  const intgw = b[off + 10]!;
  const gateways = intgw + b[off + 11]!;
  for (let g = 0; g < gateways; g++) {
    let addr = 0;
    if (length < 4 - netlen) return ctx.trunc();
    // egpnr_print's ND_TCHECK_LEN and trunc label: the marker, no longjmp.
    if (!ctx.tcheck(p, 4 - netlen)) return;
    // The host part: as many bytes as the network part leaves (none read for an unclassed network).
    if (netlen >= 1 && netlen <= 3) {
      for (let i = 0; i < 4 - netlen; i++) addr = (addr << 8) | b[p++]!;
    }
    addr = (addr | net) >>> 0;
    length -= 4 - netlen;
    if (length < 1) return ctx.trunc();
    let distances = ctx.u8(p++);
    length--;
    ctx.print(` ${g < intgw ? 'int' : 'ext'} ${hostOrderText(addr)} `);
    let comma = '';
    ctx.print('(');
    while (distances !== 0) {
      if (length < 2) return ctx.trunc();
      ctx.print(`${comma}d${ctx.u8(p++)}:`);
      comma = ', ';
      let networks = ctx.u8(p++);
      length -= 2;
      while (networks !== 0) {
        if (length < 1) return ctx.trunc();
        let a = (ctx.u8(p++) << 24) >>> 0;
        length--;
        if (((a & 0xc0000000) >>> 0) === 0x80000000) {
          if (length < 1) return ctx.trunc();
          a = (a | (ctx.u8(p++) << 16)) >>> 0;
          length--;
        } else if (a & 0x80000000) {
          if (length < 2) return ctx.trunc();
          a = (a | (ctx.u8(p++) << 16)) >>> 0;
          a = (a | (ctx.u8(p++) << 8)) >>> 0;
          length -= 2;
        }
        ctx.print(` ${hostOrderText(a)}`);
        networks--;
      }
      distances--;
    }
    ctx.print(')');
  }
}

const RSVP_TYPES: Record<number, string> = {
  1: 'Path', 2: 'Resv', 3: 'PathErr', 4: 'ResvErr', 5: 'PathTear', 6: 'ResvTear', 7: 'ResvConf',
  12: 'Bundle', 13: 'Acknowledgement', 14: 'Hello (Old)', 15: 'Refresh', 20: 'Hello',
};

/** Prints an RSVP message's one-line form at `off`; `len` is the IP payload length. */
export function rsvpPrint(ctx: Ctx, off: number, len: number): void {
  ctx.protocol = 'rsvp';
  // rsvp_print's ND_TCHECK_SIZE and trunc label: the marker, no longjmp.
  if (!ctx.tcheck(off, 8)) return;
  const version = ctx.buf[off]! >> 4;
  if (version !== 1) {
    ctx.print(`ERROR: RSVP version ${version} packet not supported`);
    return;
  }
  const type = ctx.buf[off + 1]!;
  ctx.print(`RSVPv${version} ${RSVP_TYPES[type] ?? `unknown (${type})`} Message, length: ${len}`);
}
