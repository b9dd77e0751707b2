/**
 * The IR: what the program computes, in libpcap's terms, without C syntax.
 *
 * Values are unsigned 32-bit. A Load reads `size` bytes in network byte order
 * at an absolute offset from the start of the frame; a load beyond the end
 * of the frame aborts the whole filter with "no match" (libpcap's semantics,
 * even inside an "or" or under a "not"). Predicates are evaluated left to
 * right with short circuits, so the loads a frame reaches, and therefore the
 * aborts, are exactly those of libpcap's program for the same expression.
 */

export type Value = Const | Load | FrameLen | Binary | Meta | Protochain | Reg | GeneveSetup;

export interface Const {
  op: 'const';
  value: number;
}
export interface Load {
  op: 'load';
  offset: Value;
  size: 1 | 2 | 4;
  /**
   * 'arith' for loads written by the user ("ip[9]", "ether[12:2]"): libpcap
   * computes their offsets at run time (an indexed load), so its optimizer
   * never takes them for the same value as the fixed loads of primitives,
   * and never threads jumps between the two. Only the optimizer model reads it.
   */
  origin?: 'arith';
}
/**
 * Facts about the frame that are not in its bytes: the packet type (0 for
 * every frame at the XDP hook: received for this host; libpcap's
 * "outbound" tests for 4, PACKET_OUTGOING) and the receiving interface.
 */
export interface Meta {
  op: 'meta';
  field: 'pkttype' | 'ifindex';
}
/**
 * The protocol libpcap's "protochain" loop stops at (gencode.c
 * gen_protochain): starting from the IPv4 protocol field (header length from
 * IHL) or the IPv6 next header (header length 40), it follows IPv6
 * extension headers (hop-by-hop 0, destination options 60, routing 43,
 * fragment 44: advance by (len + 1) * 8) and AH (51: the next header, then
 * the offset becomes (len + 2) * 4, absolute, as libpcap has it) until it
 * reaches `target`, "no next header" (59) or another protocol. Loads out of
 * the frame abort; a walk that does not end (libpcap's can loop forever)
 * aborts too, after a bound no terminating walk can reach.
 */
export interface Protochain {
  op: 'protochain';
  v6: boolean;
  /** Offset of the network header from the frame start. */
  net: number;
  target: number;
}
/**
 * A run-time offset libpcap keeps in a scratch register after "geneve":
 * where the encapsulated frame's link header, EtherType and payload start.
 * 0 until a Geneve setup has run (so a frame that did not pass the Geneve
 * test reads from offset 0, as libpcap does with its zeroed memory).
 */
export interface Reg {
  op: 'reg';
  name: 'linkhdr' | 'linktype' | 'linkpl';
}
/**
 * The statements libpcap runs once a frame passed the Geneve test
 * (gencode.c gen_geneve_offsets): from the UDP payload at net + base + 8 it
 * sets the three Reg offsets (the inner frame is Ethernet when the Geneve
 * protocol is 0x6558, else it is the network layer itself). Evaluates to 1;
 * its loads can abort.
 */
export interface GeneveSetup {
  op: 'geneve';
  /** The IP header length: 4 * IHL for IPv4 (a value), 40 for IPv6. */
  base: Value;
  /** The offset of the outer network header. */
  net: Value;
}
/** The frame's full (wire) length. */
export interface FrameLen {
  op: 'len';
}
export type BinaryFn = '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>';
export interface Binary {
  op: 'bin';
  fn: BinaryFn;
  a: Value;
  b: Value;
}

/** '&' is libpcap's jset: true when (a & b) != 0. */
export type Relation = '==' | '!=' | '>' | '>=' | '<' | '<=' | '&';

export type Pred = True | False | Cmp | Conj | Disj | Neg;

/**
 * Constant predicates. `late` marks a comparison that became constant only
 * through folding (e.g. "ip[1] * 0 = 0"): libpcap's optimizer decides those
 * in its last phase, where it no longer removes or threads around tests, so
 * the test stays in the graph (compiler/cfg.ts makes it an opaque node).
 */
export interface True {
  op: 'true';
  note?: string;
  late?: boolean;
}
export interface False {
  op: 'false';
  note?: string;
  late?: boolean;
}
export interface Cmp {
  op: 'cmp';
  rel: Relation;
  a: Value;
  b: Value;
  note?: string;
}
export interface Conj {
  op: 'and';
  terms: Pred[];
  note?: string;
}
export interface Disj {
  op: 'or';
  terms: Pred[];
  note?: string;
}
export interface Neg {
  op: 'not';
  term: Pred;
  note?: string;
}

// Constructors: short to call from the lowering tables.
export const k = (value: number): Const => ({ op: 'const', value: value >>> 0 });
export const ld = (offset: number | Value, size: 1 | 2 | 4): Load => ({ op: 'load', offset: typeof offset === 'number' ? k(offset) : offset, size });
export const eq = (a: Value, value: number, note?: string): Cmp => ({ op: 'cmp', rel: '==', a, b: k(value), ...(note ? { note } : {}) });
export const all = (terms: Pred[], note?: string): Pred => flatten('and', terms, note);
export const any = (terms: Pred[], note?: string): Pred => flatten('or', terms, note);
export const not = (term: Pred, note?: string): Neg => ({ op: 'not', term, ...(note ? { note } : {}) });

function flatten(op: 'and' | 'or', terms: Pred[], note?: string): Pred {
  const flat: Pred[] = [];
  for (const t of terms) {
    if (t.op === op && !t.note) flat.push(...t.terms);
    else flat.push(t);
  }
  if (flat.length === 1 && !note) return flat[0]!;
  return { op, terms: flat, ...(note ? { note } : {}) } as Conj | Disj;
}

/** A readable one-line rendering of a value (explain, tests). */
export function printValue(v: Value): string {
  switch (v.op) {
    case 'const':
      return v.value < 256 ? String(v.value) : `0x${v.value.toString(16).padStart(4, '0')}`;
    case 'load':
      return `pkt[${v.offset.op === 'const' ? v.offset.value : printValue(v.offset)}:${v.size}]`;
    case 'len':
      return 'len';
    case 'meta':
      return v.field;
    case 'protochain':
      return `protochain${v.v6 ? '6' : '4'}(net ${v.net}, until ${v.target})`;
    case 'reg':
      return `$${v.name}`;
    case 'geneve':
      return `geneve_setup(net ${printValue(v.net)}, iphdr ${printValue(v.base)})`;
    case 'bin':
      return `(${printValue(v.a)} ${v.fn} ${printValue(v.b)})`;
  }
}

/** The IR as indented text, one predicate node per line (explain, tests). */
export function printPred(p: Pred, indent = ''): string {
  const note = p.note ? `  ; ${p.note}` : '';
  switch (p.op) {
    case 'true':
    case 'false':
      return `${indent}${p.op}${note}`;
    case 'cmp':
      return `${indent}${printValue(p.a)} ${p.rel} ${printValue(p.b)}${note}`;
    case 'not':
      return `${indent}not${note}\n${printPred(p.term, indent + '  ')}`;
    case 'and':
    case 'or':
      return `${indent}${p.op}${note}\n${p.terms.map((t) => printPred(t, indent + '  ')).join('\n')}`;
  }
}

/**
 * a FN b in unsigned 32-bit arithmetic, as libpcap's interpreter computes
 * it: shifts by 32 or more give 0; division and modulo by zero have no
 * value (undefined): the filter aborts there at run time, and the compiler
 * refuses it when both sides are constants.
 */
export function evalBinary(fn: BinaryFn, a: number, b: number): number | undefined {
  switch (fn) {
    case '+':
      return (a + b) >>> 0;
    case '-':
      return (a - b) >>> 0;
    case '*':
      return Math.imul(a, b) >>> 0;
    case '/':
      return b === 0 ? undefined : Math.floor(a / b) >>> 0;
    case '%':
      return b === 0 ? undefined : a % b >>> 0;
    case '&':
      return (a & b) >>> 0;
    case '|':
      return (a | b) >>> 0;
    case '^':
      return (a ^ b) >>> 0;
    case '<<':
      return b > 31 ? 0 : (a << b) >>> 0;
    case '>>':
      return b > 31 ? 0 : a >>> b;
  }
}
