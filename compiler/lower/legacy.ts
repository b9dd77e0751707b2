/**
 * AST to IR for Ethernet (DLT_EN10MB), following the tests libpcap's
 * gencode.c generates, in the same order (the order decides which loads a
 * frame reaches, and so which frames abort).
 */
import type { Expr, Proto } from '../ast.js';
import { all, any, eq, ld, not, type Pred } from '../ir.js';

/** EtherTypes, IP protocol numbers and fixed offsets on Ethernet. */
export const ETHERTYPE = { ip: 0x0800, arp: 0x0806, ip6: 0x86dd } as const;
export const IPPROTO = { icmp: 1, tcp: 6, udp: 17, fragment: 44, icmp6: 58 } as const;
const OFF_ETHERTYPE = 12;
const OFF_NET = 14;
const OFF_IP_PROTO = OFF_NET + 9;
const OFF_IP6_NEXT = OFF_NET + 6;
/** The next-header byte of a fragment header directly after the fixed IPv6 header. */
const OFF_IP6_FRAG_NEXT = OFF_NET + 40;

const etherType = (type: number, note?: string): Pred => eq(ld(OFF_ETHERTYPE, 2), type, note);

/** `ip proto P`: any fragment, options or not. */
const ip4Proto = (p: number): Pred => all([etherType(ETHERTYPE.ip), eq(ld(OFF_IP_PROTO, 1), p)]);

/** `ip6 proto P`: the fixed next header, or P behind exactly one fragment header. */
const ip6Proto = (p: number): Pred =>
  all([
    etherType(ETHERTYPE.ip6),
    any([eq(ld(OFF_IP6_NEXT, 1), p), all([eq(ld(OFF_IP6_NEXT, 1), IPPROTO.fragment), eq(ld(OFF_IP6_FRAG_NEXT, 1), p)])]),
  ]);

function lowerProto(e: Proto): Pred {
  switch (e.proto) {
    case 'ip':
      return etherType(ETHERTYPE.ip, 'ip');
    case 'ip6':
      return etherType(ETHERTYPE.ip6, 'ip6');
    case 'arp':
      return etherType(ETHERTYPE.arp, 'arp');
    case 'icmp':
      return all([ip4Proto(IPPROTO.icmp)], 'icmp');
    case 'icmp6':
      return all([ip6Proto(IPPROTO.icmp6)], 'icmp6');
    case 'tcp':
      return any([ip4Proto(IPPROTO.tcp), ip6Proto(IPPROTO.tcp)], 'tcp');
    case 'udp':
      return any([ip4Proto(IPPROTO.udp), ip6Proto(IPPROTO.udp)], 'udp');
    default:
      throw new Error(`internal error: ${e.proto} not lowered`);
  }
}

/** Lower an expression to the predicate the XDP program evaluates. */
export function lower(e: Expr): Pred {
  switch (e.kind) {
    case 'all':
      return { op: 'true', note: 'empty expression: every frame' };
    case 'and':
      return all([lower(e.left), lower(e.right)]);
    case 'or':
      return any([lower(e.left), lower(e.right)]);
    case 'not':
      return not(lower(e.operand));
    case 'proto':
      return lowerProto(e);
    default:
      throw new Error(`internal error: ${e.kind} not lowered`);
  }
}

