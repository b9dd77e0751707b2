/**
 * Packet-data arithmetic and relations (gencode.c: gen_load, gen_arth,
 * gen_neg, gen_relation, gen_loadlen, gen_less, gen_greater, gen_byteop).
 *
 * A load "proto[i:n]" also carries the protocol checks libpcap attaches to
 * it (inst->b): "ip[...]" needs an IPv4 frame, "tcp[...]" an IPv4 TCP first
 * fragment, "icmp6[...]" an IPv6 frame whose next header is ICMPv6. A
 * relation runs the checks of its left side, then of its right side, then
 * the comparison (libpcap's gen_and order).
 */
import type { Arith, Relation as RelationNode } from '../ast.js';
import { all, k, ld, not, type Pred, type Relation, type Value } from '../ir.js';
import { rel, type LowerContext } from './context.js';
import { ipFragCheck, protoAbbrev } from './ip.js';
import { ArithmeticError, binary, compare, negate } from './values.js';

interface Lowered {
  value: Value;
  checks: Pred[];
}

function wrap<T>(ctx: LowerContext, span: { start: number; end: number }, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ArithmeticError) ctx.fail(e.code, e.message, span);
    throw e;
  }
}

export function lowerArith(ctx: LowerContext, a: Arith): Lowered {
  switch (a.kind) {
    case 'num':
      return { value: k(a.value), checks: [] };
    case 'len':
      return { value: { op: 'len' }, checks: [] };
    case 'neg': {
      const x = lowerArith(ctx, a.a);
      return { value: negate(x.value), checks: x.checks };
    }
    case 'binary': {
      const x = lowerArith(ctx, a.a);
      const y = lowerArith(ctx, a.b);
      // gen_arth refuses a literal 0 divisor and a literal shift over 31 before any optimization.
      if (a.b.kind === 'num') {
        if (a.op === '/' && a.b.value === 0) ctx.fail('division-by-zero', 'division by zero', a.b.span);
        if (a.op === '%' && a.b.value === 0) ctx.fail('modulus-by-zero', 'modulus by zero', a.b.span);
        if ((a.op === '<<' || a.op === '>>') && a.b.value > 31) ctx.fail('shift-too-large', `shift by ${a.b.value} bits: at most 31`, a.b.span);
      }
      const value = wrap(ctx, a.span, () => binary(a.op, x.value, y.value, ctx.optimize));
      // libpcap's gen_arth keeps only the left operand's checks: "ip[0] - tcp[0]" does not require TCP.
      return { value, checks: x.checks };
    }
    case 'load':
      return lowerLoad(ctx, a);
  }
}

/** gen_load_internal: proto[index:size] and the checks it implies. */
function lowerLoad(ctx: LowerContext, a: Extract<Arith, { kind: 'load' }>): Lowered {
  const idx = lowerArith(ctx, a.index);
  /** The load at index (+ extra) from an offset base, as libpcap's indexed load computes it. */
  const at = (base: 'linkhdr' | 'net', extra?: Value, plus = 0): Value => {
    const off = extra ? wrap(ctx, a.span, () => binary('+', idx.value, extra, ctx.optimize)) : idx.value;
    const abs = ctx.offset(base, plus);
    const sum = wrap(ctx, a.span, () => binary('+', off, abs, ctx.optimize));
    return { ...ld(sum, a.size), origin: 'arith' };
  };
  switch (a.proto) {
    case 'link':
      return { value: at('linkhdr'), checks: idx.checks };
    case 'ip':
    case 'arp':
    case 'rarp':
    case 'atalk':
    case 'decnet':
    case 'sca':
    case 'lat':
    case 'moprc':
    case 'mopdl':
    case 'ip6':
      return { value: at('net'), checks: [...idx.checks, protoAbbrev(ctx, a.proto, a.span)] };
    case 'sctp':
    case 'tcp':
    case 'udp':
    case 'icmp':
    case 'igmp':
    case 'igrp':
    case 'pim':
    case 'vrrp':
    case 'carp': {
      // X = 4*(ip[0]&0xf); A = index + X; load [A + net]
      const value = at('net', ctx.ipHeaderLength());
      const checks = [protoAbbrev(ctx, 'ip', a.span), ...idx.checks, all([protoAbbrev(ctx, a.proto, a.span), ipFragCheck(ctx)])];
      return { value, checks };
    }
    case 'icmp6': {
      const checks = [...idx.checks, protoAbbrev(ctx, 'ip6', a.span), ctx.cmp('net', 6, 1, 58)];
      return { value: at('net', undefined, 40), checks };
    }
    case 'radio':
      return ctx.fail('no-radio-header', '"radio[...]" reads a radiotap header, which Ethernet frames do not have', a.span);
    default:
      return ctx.fail('unsupported-index', `"${a.proto}[...]" is not supported: libpcap has no ${a.proto} header offsets`, a.span);
  }
}

const NEGATE: Record<string, Relation> = { '!=': '==', '<': '>=', '<=': '>' };

/** gen_relation: checks of both sides, then the comparison, as libpcap's optimizer leaves it. */
export function lowerRelation(ctx: LowerContext, r: RelationNode): Pred {
  const a0 = lowerArith(ctx, r.left);
  const a1 = lowerArith(ctx, r.right);
  const op: Relation = r.op === '=' ? '==' : (r.op as Relation);
  const reversed = op in NEGATE;
  const base: Relation = reversed ? NEGATE[op]! : op;
  let test: Pred;
  if (a1.value.op === 'const') {
    test = compare(a0.value, base, a1.value.value, r.left.kind === 'num' && r.right.kind === 'num');
  } else if (base === '==') {
    // A = a0 - a1; jeq #0
    test = compare(wrap(ctx, r.span, () => binary('-', a0.value, a1.value, ctx.optimize)), '==', 0);
  } else {
    test = { op: 'cmp', rel: base, a: a0.value, b: a1.value };
  }
  if (reversed) test = not(test);
  return all([...a0.checks, ...a1.checks, test]);
}

/** less N: len <= N;  greater N: len >= N. */
export function lowerLength(kind: 'less' | 'greater', n: number): Pred {
  return kind === 'greater' ? rel({ op: 'len' }, '>=', n) : not(rel({ op: 'len' }, '>', n));
}

/** byte N op V (gen_byteop). */
export function lowerByteOp(ctx: LowerContext, offset: number, op: '&' | '|' | '<' | '>' | '=', v: number): Pred {
  const field = ctx.load('linkhdr', offset, 1);
  switch (op) {
    case '=':
      return rel(field, '==', v);
    case '<':
      return not(rel(field, '>=', v));
    case '>':
      return rel(field, '>', v);
    // libpcap's own code for these two forgets to load the byte (its A register
    // holds whatever came before); xsift tests the byte, as the manual says.
    case '&':
      return rel(field, '&', v);
    case '|':
      return not(compare(binary('|', field, k(v)), '==', 0));
  }
}
