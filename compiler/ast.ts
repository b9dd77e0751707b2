/**
 * The AST: a kind-tagged union; every node carries the span of the text it
 * came from, so every later stage can point at the user's words.
 *
 * The shapes follow libpcap's grammar (grammar.y): a qualified primitive is
 * the qualifiers (`head`) and the identifier (`id`) they apply to; an
 * identifier after "and"/"or" without qualifiers inherits the previous ones
 * (`inherited: true`), exactly as libpcap's grammar passes them on.
 */
import type { Span } from './source.js';

/** Protocol qualifiers (libpcap's pname). "ether", "ppp", "slip", "fddi", "tr" and "wlan" are all "link". */
export type ProtoQ =
  | 'link' | 'ip' | 'arp' | 'rarp' | 'sctp' | 'tcp' | 'udp' | 'icmp' | 'igmp' | 'igrp' | 'pim' | 'vrrp' | 'carp'
  | 'atalk' | 'aarp' | 'decnet' | 'lat' | 'sca' | 'moprc' | 'mopdl' | 'ip6' | 'icmp6' | 'ah' | 'esp'
  | 'iso' | 'esis' | 'isis' | 'l1' | 'l2' | 'iih' | 'lsp' | 'snp' | 'psnp' | 'csnp' | 'clnp' | 'stp' | 'ipx'
  | 'netbeui' | 'radio';

/** Direction qualifiers (libpcap's dqual). */
export type DirQ = 'src' | 'dst' | 'src or dst' | 'src and dst' | 'addr1' | 'addr2' | 'addr3' | 'addr4' | 'ra' | 'ta';

/** Address-type qualifiers (aqual, ndaqual, and the PROTO/PROTOCHAIN heads). */
export type AddrQ = 'host' | 'net' | 'port' | 'portrange' | 'gateway' | 'proto' | 'protochain';

/** The qualifiers of a primitive; an absent one is libpcap's Q_DEFAULT. */
export interface Qualifiers {
  proto?: ProtoQ;
  dir?: DirQ;
  addr?: AddrQ;
  /** The words of the qualifiers ("tcp dst port"), for carets. */
  span: Span;
}

/** The identifier a qualified primitive applies to (libpcap's nid/pnum tokens). */
export type IdAtom =
  | { kind: 'name'; text: string; span: Span } // ID, also a backslash-escaped word ("\tcp")
  | { kind: 'number'; value: number; span: Span } // NUM (decimal, 0x hex, 0 octal)
  | { kind: 'ipv4'; text: string; span: Span } // HID: 1 to 4 dotted numbers
  | { kind: 'ipv4-prefix'; text: string; len: number; span: Span } // HID '/' NUM
  | { kind: 'ipv4-mask'; text: string; mask: string; span: Span } // HID mask HID
  | { kind: 'ipv6'; text: string; span: Span } // HID6
  | { kind: 'ipv6-prefix'; text: string; len: number; span: Span } // HID6 '/' NUM
  | { kind: 'mac'; text: string; span: Span } // EID
  | { kind: 'arcnet'; text: string; span: Span }; // AID ("$" hex byte)

export type Expr =
  | MatchAll | And | Or | Not
  | Qualified | Proto | Relation | Broadcast | Multicast | LessGreater | ByteOp
  | Inbound | Outbound | IfIndex | Vlan | Mpls | Pppoed | Pppoes | Geneve | Llc | Unsupported;

/** The empty expression: every frame matches (tcpdump with no filter). */
export interface MatchAll { kind: 'all'; span: Span }
export interface And { kind: 'and'; left: Expr; right: Expr; span: Span }
export interface Or { kind: 'or'; left: Expr; right: Expr; span: Span }
export interface Not { kind: 'not'; operand: Expr; span: Span }

/** `head id`: "tcp dst port 80", "host 198.18.0.1", and inherited bare ids ("or 443"). */
export interface Qualified { kind: 'qualified'; q: Qualifiers; id: IdAtom; inherited: boolean; span: Span }
/** A protocol keyword standing alone: "icmp", "ip6", "stp", ... */
export interface Proto { kind: 'proto'; proto: ProtoQ; span: Span }

export type RelOp = '>' | '>=' | '=' | '<=' | '<' | '!=';
/** `arth relop arth`. */
export interface Relation { kind: 'relation'; op: RelOp; left: Arith; right: Arith; span: Span }
/** `[pqual] broadcast`. */
export interface Broadcast { kind: 'broadcast'; proto?: ProtoQ; span: Span }
/** `[pqual] multicast`. */
export interface Multicast { kind: 'multicast'; proto?: ProtoQ; span: Span }
/** `less N`, `greater N`. */
export interface LessGreater { kind: 'less' | 'greater'; value: number; span: Span }
/** `byte N op N`. */
export interface ByteOp { kind: 'byte'; offset: number; op: '&' | '|' | '<' | '>' | '='; value: number; span: Span }
export interface Inbound { kind: 'inbound'; span: Span }
export interface Outbound { kind: 'outbound'; span: Span }
export interface IfIndex { kind: 'ifindex'; value: number; span: Span }
export interface Vlan { kind: 'vlan'; id?: number; span: Span }
export interface Mpls { kind: 'mpls'; label?: number; span: Span }
export interface Pppoed { kind: 'pppoed'; span: Span }
export interface Pppoes { kind: 'pppoes'; session?: number; span: Span }
export interface Geneve { kind: 'geneve'; vni?: number; span: Span }
/** `llc`, `llc i|s|u`, `llc SUBTYPE` (the subtype word as written). */
export interface Llc { kind: 'llc'; subtype?: string; span: Span }
/** A primitive of another link type (802.11, ATM, MTP, pf): parsed to be rejected with libpcap's reason. */
export interface Unsupported { kind: 'unsupported'; what: string; message: string; span: Span }

/** Arithmetic (libpcap's arth). */
export type Arith =
  | { kind: 'num'; value: number; span: Span }
  | { kind: 'len'; span: Span }
  | { kind: 'load'; proto: ProtoQ; index: Arith; size: 1 | 2 | 4; span: Span }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>'; a: Arith; b: Arith; span: Span }
  | { kind: 'neg'; a: Arith; span: Span };


export function printArith(a: Arith): string {
  switch (a.kind) {
    case 'num':
      return String(a.value);
    case 'len':
      return 'len';
    case 'load':
      return `${a.proto === 'link' ? 'ether' : a.proto}[${printArith(a.index)}${a.size === 1 ? '' : `:${a.size}`}]`;
    case 'binary':
      return `(${printArith(a.a)} ${a.op} ${printArith(a.b)})`;
    case 'neg':
      return `-${printArith(a.a)}`;
  }
}

/** The qualifiers spelled out, with libpcap's defaults made explicit. */
export function printQualifiers(q: Qualifiers): string {
  return [q.proto === 'link' ? 'ether' : q.proto ?? '<any>', q.dir ?? 'src or dst', q.addr ?? 'host'].join(' ');
}
