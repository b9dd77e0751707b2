/**
 * The state libpcap's code generator (gencode.c) carries while it reduces
 * an expression from left to right, and the helpers every lowering file
 * uses. "vlan", "mpls", "pppoes" and "geneve" change this state for the
 * rest of the expression; lowering visits the AST in source order so that
 * each primitive sees the state libpcap's would.
 */
import { fail } from '../diagnostics.js';
import { all, any, k, ld, not, type Cmp, type Pred, type Relation, type Value } from '../ir.js';
import type { Source, Span } from '../source.js';
import { binary, compare } from './values.js';

/** Where an offset is counted from (libpcap's enum e_offrel). */
export type OffsetBase =
  | 'packet' // OR_PACKET: the start of the frame
  | 'linkhdr' // OR_LINKHDR: the current link-layer header (after vlan/mpls shifts)
  | 'linktype' // OR_LINKTYPE: the current EtherType / PPP protocol field
  | 'linkpl' // OR_LINKPL: the link-layer payload
  | 'llc' // OR_LLC: the 802.2 LLC header (= linkpl on Ethernet)
  | 'net' // OR_LINKPL_NOSNAP... no: OR_LINKPL + off_nl: the network-layer header
  | 'net-nosnap' // the network header when 802.2 without SNAP (off_nl_nosnap)
  | 'tran4' // OR_TRAN_IPV4: the transport header after an IPv4 header of IHL*4 bytes
  | 'tran6'; // OR_TRAN_IPV6: the transport header after the fixed 40-byte IPv6 header

/** Link-layer protocol numbers libpcap uses (ethertype.h, llc.h). */
export const ETHERTYPE = {
  ip: 0x0800, arp: 0x0806, revarp: 0x8035, ipv6: 0x86dd, atalk: 0x809b, aarp: 0x80f3, ipx: 0x8137,
  decnet: 0x6003, lat: 0x6004, sca: 0x6007, moprc: 0x6002, mopdl: 0x6001, vlan: 0x8100, qinq: 0x88a8,
  qinqOld: 0x9100, mpls: 0x8847, mplsMulti: 0x8848, pppoed: 0x8863, pppoes: 0x8864,
} as const;
export const LLCSAP = { ip: 0x06, isons: 0xfe, netbeui: 0xf0, ipx: 0xe0, eightotwoone: 0x42 /* STP */ } as const;
export const ETHERMTU = 1500;

export class LowerContext {
  /** Offset of the current link-layer header from the frame start (grows with vlan/mpls/pppoes). */
  offLinkhdr = 0;
  /** Offset of the EtherType field from the link header. */
  offLinktype = 12;
  /** Offset of the link-layer payload from the link header. */
  offLinkpl = 14;
  /** Offset of the network header from the link-layer payload (Ethernet II: 0). */
  offNl = 0;
  /** Same, for 802.2 frames without SNAP. */
  offNlNosnap = 3;
  /** "ether" until "pppoes" makes the following link type PPP. */
  linktype: 'ether' | 'ppp' = 'ether';
  /** MPLS labels seen so far ("mpls and mpls and ip"). */
  labelStackDepth = 0;
  /** VLAN tags seen so far. */
  vlanStackDepth = 0;
  /** After "geneve": offsets become relative to the encapsulated frame. */
  isGeneve = false;
  /** False when libpcap's optimizer will not run (the expression has "protochain" or "geneve"). */
  optimize = true;
  /**
   * Run-time parts of the offsets after "geneve" (libpcap's is_variable
   * offsets): when set, linkhdr, linktype and linkpl are each that register
   * plus their constant part, independently of one another.
   */
  varLinkhdr: Value | undefined;
  varLinktype: Value | undefined;
  varLinkpl: Value | undefined;

  constructor(readonly source: Source) {}

  /** Stop with an error pointing at the primitive that caused it. */
  fail(code: string, message: string, span: Span): never {
    fail(this.source, code, message, span);
  }

  /** Absolute offset (from the frame start) of `off` counted from `base`, as an IR value. */
  offset(base: OffsetBase, off: Value | number): Value {
    const o = typeof off === 'number' ? k(off) : off;
    const plus = (c: number): Value => (o.op === 'const' ? k(o.value + c) : c === 0 ? o : { op: 'bin', fn: '+', a: o, b: k(c) });
    switch (base) {
      case 'packet':
        return o;
      case 'linkhdr':
        return this.abs(this.varLinkhdr, this.offLinkhdr, o);
      case 'linktype':
        return this.varLinktype ? this.abs(this.varLinktype, this.offLinktype, o) : this.abs(this.varLinkhdr, this.offLinkhdr + this.offLinktype, o);
      case 'linkpl':
      case 'llc':
        return this.linkpl(0, o);
      case 'net':
        return this.linkpl(this.offNl, o);
      case 'net-nosnap':
        return this.linkpl(this.offNlNosnap, o);
      case 'tran4':
        // libpcap: ldxb 4*([net]&0xf), then [x + net + off]
        return { op: 'bin', fn: '+', a: this.ipHeaderLength(), b: this.linkpl(this.offNl, o) };
      case 'tran6':
        return this.linkpl(this.offNl + 40, o);
    }
    void plus;
  }

  /** 4 * IHL of the IPv4 header at the network layer (libpcap's ldxb 4*([net]&0xf)). */
  ipHeaderLength(): Value {
    return { op: 'bin', fn: '<<', a: { op: 'bin', fn: '&', a: ld(this.linkpl(this.offNl, k(0)), 1), b: k(0xf) }, b: k(2) };
  }

  /** The network header's absolute offset as a value. */
  netOffset(): Value {
    return this.linkpl(this.offNl, k(0));
  }

  private linkpl(extra: number, o: Value): Value {
    return this.varLinkpl ? this.abs(this.varLinkpl, this.offLinkpl + extra, o) : this.abs(this.varLinkhdr, this.offLinkhdr + this.offLinkpl + extra, o);
  }

  /** reg + c + o, folded when everything is constant. */
  private abs(reg: Value | undefined, c: number, o: Value): Value {
    const constant: Value = o.op === 'const' ? k(o.value + c) : c === 0 ? o : { op: 'bin', fn: '+', a: o, b: k(c) };
    if (!reg) return constant;
    return constant.op === 'const' && constant.value === 0 ? reg : { op: 'bin', fn: '+', a: reg, b: constant };
  }

  /** Load `size` bytes at `off` from `base`. */
  load(base: OffsetBase, off: Value | number, size: 1 | 2 | 4): Value {
    return ld(this.offset(base, off), size);
  }

  /** gen_cmp: the field equals v. */
  cmp(base: OffsetBase, off: number, size: 1 | 2 | 4, v: number, note?: string): Pred {
    return rel(this.load(base, off, size), '==', v, note);
  }

  /**
   * gen_mcmp: (field & mask) == v; a full mask is a plain comparison, and a
   * zero mask compares the constant 0 (libpcap's optimizer then drops the
   * load and decides the test at compile time).
   */
  mcmp(base: OffsetBase, off: number, size: 1 | 2 | 4, v: number, mask: number, note?: string): Pred {
    const full = size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
    const field = this.load(base, off, size);
    // "and #0; jeq #0" is libpcap's peephole "jset #0" negated, decided in its first optimizer
    // phase (an IPv6 net's masked-out words): as if the test were not there. Other zero masks are
    // decided late (compare).
    const early = (mask >>> 0) === 0 && v >>> 0 === 0 && this.optimize;
    const p = compare((mask >>> 0) === full ? field : binary('&', field, k(mask), this.optimize), '==', v >>> 0, early);
    return note ? { ...p, note } : p;
  }

  /** gen_cmp_gt and friends: the field compared with v. */
  cmpRel(base: OffsetBase, off: number, size: 1 | 2 | 4, relation: Relation, v: number, note?: string): Pred {
    return rel(this.load(base, off, size), relation, v, note);
  }
}

/** A comparison of a value with a constant. */
export function rel(a: Value, relation: Relation, v: number, note?: string): Cmp {
  return { op: 'cmp', rel: relation, a, b: k(v), ...(note ? { note } : {}) };
}

export { all, any, not };
