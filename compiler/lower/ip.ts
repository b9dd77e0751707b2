/**
 * The network and transport layers (gencode.c: gen_proto_abbrev_internal,
 * gen_proto, gen_host, gen_hostop, gen_host6, gen_hostop6, gen_port*,
 * gen_portrange*, gen_ipfrag, gen_multicast for ip/ip6). Tests are built
 * in gencode's order.
 */
import type { DirQ, ProtoQ } from '../ast.js';
import { all, any, not, type Pred } from '../ir.js';
import type { Span } from '../source.js';
import { ETHERTYPE, rel, type LowerContext } from './context.js';
import { linktype, lowerLinkProtoNumber } from './link.js';

export const IPPROTO = { icmp: 1, igmp: 2, tcp: 6, igrp: 9, udp: 17, fragment: 44, icmp6: 58, pim: 103, vrrp: 112, carp: 112, sctp: 132, ah: 51, esp: 50 } as const;
/** PROTO_UNDEF: tcp, udp and sctp. */
export type PortProto = 6 | 17 | 132 | 'any';

/** ip proto P (gen_proto Q_IP): the EtherType, then the protocol byte. */
function ipv4Proto(ctx: LowerContext, p: number): Pred {
  return all([linktype(ctx, ETHERTYPE.ip), ctx.cmp('net', 9, 1, p)]);
}

/** ip6 proto P (gen_proto Q_IPV6): the next header, or P behind exactly one fragment header. */
function ipv6Proto(ctx: LowerContext, p: number): Pred {
  return all([linktype(ctx, ETHERTYPE.ipv6), any([ctx.cmp('net', 6, 1, p), all([ctx.cmp('net', 6, 1, IPPROTO.fragment), ctx.cmp('net', 40, 1, p)])])]);
}

/** gen_proto(v, proto): "ip proto", "ip6 proto", "proto", "ether proto", "iso proto", ... */
export function lowerProtoNumber(ctx: LowerContext, v: number, proto: ProtoQ | undefined, dir: DirQ | undefined, span: Span): Pred {
  if (dir !== undefined) ctx.fail('direction-on-proto', `a direction ("${dir}") cannot qualify "proto"`, span);
  switch (proto) {
    case undefined:
      return any([ipv4Proto(ctx, v), ipv6Proto(ctx, v)]);
    case 'ip':
      return ipv4Proto(ctx, v);
    case 'ip6':
      return ipv6Proto(ctx, v);
    case 'link':
      return linktype(ctx, v);
    default: {
      const other = lowerLinkProtoNumber(ctx, v, proto, span);
      if (other) return other;
      return ctx.fail('bogus-proto', protoError(proto), span);
    }
  }
}

function protoError(proto: ProtoQ): string {
  switch (proto) {
    case 'arp':
    case 'rarp':
    case 'lat':
    case 'sca':
    case 'moprc':
    case 'mopdl':
      return `${proto} does not carry another protocol, so "${proto} proto" means nothing`;
    case 'atalk':
      return 'AppleTalk encapsulation cannot be specified with "proto"';
    case 'decnet':
      return 'DECnet encapsulation cannot be specified with "proto"';
    default:
      return `"${proto} proto" is not meaningful: ${proto} does not carry a protocol field libpcap can test`;
  }
}

/** gen_proto_abbrev_internal for the network-layer names; link-layer names go to link.ts. */
export function protoAbbrev(ctx: LowerContext, proto: ProtoQ, span: Span): Pred {
  const dual = (p: number) => any([ipv4Proto(ctx, p), ipv6Proto(ctx, p)]);
  switch (proto) {
    case 'sctp':
      return dual(IPPROTO.sctp);
    case 'tcp':
      return dual(IPPROTO.tcp);
    case 'udp':
      return dual(IPPROTO.udp);
    case 'icmp':
      return ipv4Proto(ctx, IPPROTO.icmp);
    case 'igmp':
      return ipv4Proto(ctx, IPPROTO.igmp);
    case 'igrp':
      return ipv4Proto(ctx, IPPROTO.igrp);
    case 'pim':
      return dual(IPPROTO.pim);
    case 'vrrp':
      return ipv4Proto(ctx, IPPROTO.vrrp);
    case 'carp':
      return ipv4Proto(ctx, IPPROTO.carp);
    case 'ip':
      return linktype(ctx, ETHERTYPE.ip);
    case 'arp':
      return linktype(ctx, ETHERTYPE.arp);
    case 'rarp':
      return linktype(ctx, ETHERTYPE.revarp);
    case 'ip6':
      return linktype(ctx, ETHERTYPE.ipv6);
    case 'icmp6':
      return ipv6Proto(ctx, IPPROTO.icmp6);
    case 'ah':
      return dual(IPPROTO.ah);
    case 'esp':
      return dual(IPPROTO.esp);
    case 'link':
      return ctx.fail('link-in-wrong-context', '"ether" (link layer) alone is not a protocol test; use "ether proto N", "ether host ..." or "ether[...]"', span);
    default:
      return ctx.fail('internal', `internal error: ${proto} is a link-layer protocol`, span);
  }
}

/** gen_ipfrag: not a later fragment (fragment offset 0). */
export function ipFragCheck(ctx: LowerContext): Pred {
  return not(rel(ctx.load('net', 6, 2), '&', 0x1fff));
}

const WLAN_DIRS = new Set(['addr1', 'addr2', 'addr3', 'addr4', 'ra', 'ta']);

function checkDir(ctx: LowerContext, dir: DirQ | undefined, what: string, span: Span): void {
  if (dir && WLAN_DIRS.has(dir)) ctx.fail('wlan-qualifier', `"${dir}" is a qualifier for 802.11 MAC addresses, not for ${what}`, span);
}

/** Source/destination combination per libpcap: src, dst, and (both), or (either; the default). */
function byDir(dir: DirQ | undefined, src: () => Pred, dst: () => Pred): Pred {
  switch (dir) {
    case 'src':
      return src();
    case 'dst':
      return dst();
    case 'src and dst':
      return all([src(), dst()]);
    default:
      return any([src(), dst()]);
  }
}

/** gen_hostop for IPv4/ARP/RARP: the EtherType, then the masked address word. */
function hostop(ctx: LowerContext, addr: number, mask: number, dir: DirQ | undefined, llProto: number, srcOff: number, dstOff: number): Pred {
  return byDir(
    dir,
    () => all([linktype(ctx, llProto), ctx.mcmp('net', srcOff, 4, addr, mask)]),
    () => all([linktype(ctx, llProto), ctx.mcmp('net', dstOff, 4, addr, mask)]),
  );
}

/** gen_host: IPv4 host or net, with a protocol qualifier or ip/arp/rarp by default. */
export function lowerHost4(ctx: LowerContext, addr: number, mask: number, proto: ProtoQ | undefined, dir: DirQ | undefined, type: 'host' | 'net', span: Span, dnHost?: (ctx: LowerContext, addr: number, dir: DirQ | undefined) => Pred): Pred {
  checkDir(ctx, dir, `${type === 'net' ? 'networks' : 'hosts'}`, span);
  switch (proto) {
    case undefined: {
      const ip = hostop(ctx, addr, mask, dir, ETHERTYPE.ip, 12, 16);
      if (ctx.labelStackDepth > 0) return ip;
      return any([ip, hostop(ctx, addr, mask, dir, ETHERTYPE.arp, 14, 24), hostop(ctx, addr, mask, dir, ETHERTYPE.revarp, 14, 24)]);
    }
    case 'ip':
      return hostop(ctx, addr, mask, dir, ETHERTYPE.ip, 12, 16);
    case 'arp':
      return hostop(ctx, addr, mask, dir, ETHERTYPE.arp, 14, 24);
    case 'rarp':
      return hostop(ctx, addr, mask, dir, ETHERTYPE.revarp, 14, 24);
    case 'decnet':
      if (dnHost) return dnHost(ctx, addr, dir);
      return ctx.fail('internal', 'internal error: decnet host', span);
    case 'link':
      return ctx.fail('link-on-ip-host', `"ether ${type}" takes a MAC address, not an IPv4 address`, span);
    case 'ip6':
      return ctx.fail('ip6-on-ip-host', `"ip6 ${type}" takes an IPv6 address, not an IPv4 address`, span);
    case 'atalk':
    case 'lat':
    case 'sca':
    case 'moprc':
    case 'mopdl':
    case 'aarp':
    case 'iso':
    case 'ipx':
      return ctx.fail('host-not-implemented', `${proto} ${type} filtering is not implemented (in libpcap either)`, span);
    default:
      return ctx.fail('proto-on-host', `"${proto}" cannot qualify an address: ${proto} has no addresses of its own (use "${proto} and ${type} ...")`, span);
  }
}

/** gen_host6: IPv6 host or net; every protocol qualifier that is not refused means IPv6. */
export function lowerHost6(ctx: LowerContext, addr: Uint8Array, mask: Uint8Array, proto: ProtoQ | undefined, dir: DirQ | undefined, type: 'host' | 'net', span: Span): Pred {
  checkDir(ctx, dir, `${type === 'net' ? 'networks' : 'hosts'}`, span);
  if (proto !== undefined && proto !== 'ip6') {
    return ctx.fail('proto-on-ip6-host', `"${proto === 'link' ? 'ether' : proto} ${type}" cannot take an IPv6 address: only "ip6 ${type}" (or "${type}") can`, span);
  }
  const word = (b: Uint8Array, i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
  const one = (off: number) => all([linktype(ctx, ETHERTYPE.ipv6), ...[0, 4, 8, 12].map((i) => ctx.mcmp('net', off + i, 4, word(addr, i), word(mask, i)))]);
  return byDir(dir, () => one(8), () => one(24));
}

/** gen_portop / gen_portop6 and the range forms: one transport protocol on one IP version. */
function portOp(ctx: LowerContext, v6: boolean, proto: number, dir: DirQ | undefined, lo: number, hi: number, range: boolean): Pred {
  const base = v6 ? 'tran6' : 'tran4';
  const atom = (off: number): Pred => {
    if (!range) return ctx.cmp(base, off, 2, lo);
    const [a, b] = lo > hi ? [hi, lo] : [lo, hi];
    return all([ctx.cmpRel(base, off, 2, '>=', a), not(ctx.cmpRel(base, off, 2, '>', b))]);
  };
  const ports = byDir(dir, () => atom(0), () => atom(2));
  if (v6) return all([ctx.cmp('net', 6, 1, proto), ports]);
  return all([ctx.cmp('net', 9, 1, proto), ipFragCheck(ctx), ports]);
}

/** gen_port / gen_port6 (and ranges): the EtherType, then the protocols in libpcap's order (sctp, tcp, udp when undefined). */
function portIp(ctx: LowerContext, v6: boolean, proto: PortProto, dir: DirQ | undefined, lo: number, hi: number, range: boolean): Pred {
  const lt = linktype(ctx, v6 ? ETHERTYPE.ipv6 : ETHERTYPE.ip);
  const op = (p: number) => portOp(ctx, v6, p, dir, lo, hi, range);
  const body = proto === 'any' ? any([op(IPPROTO.sctp), op(IPPROTO.tcp), op(IPPROTO.udp)]) : op(proto);
  return all([lt, body]);
}

/** One port test on one IP version (gen_port / gen_port6): EtherType, protocol, port. */
export function portTest(ctx: LowerContext, v6: boolean, proto: 6 | 17 | 132, dir: DirQ | undefined, port: number): Pred {
  return portIp(ctx, v6, proto, dir, port, port, false);
}

/** port / portrange: IPv6 first, then IPv4 (gen_scode/gen_ncode: gen_or(gen_port6(...), gen_port(...))). */
export function lowerPort(ctx: LowerContext, proto: PortProto, dir: DirQ | undefined, lo: number, hi: number, range: boolean, span: Span): Pred {
  checkDir(ctx, dir, range ? 'port ranges' : 'ports', span);
  return any([portIp(ctx, true, proto, dir, lo, hi, range), portIp(ctx, false, proto, dir, lo, hi, range)]);
}

/** ip multicast / ip6 multicast. */
export function lowerIpMulticast(ctx: LowerContext, v6: boolean): Pred {
  if (v6) return all([linktype(ctx, ETHERTYPE.ipv6), ctx.cmp('net', 24, 1, 255)]);
  return all([linktype(ctx, ETHERTYPE.ip), ctx.cmpRel('net', 16, 1, '>=', 224)]);
}
