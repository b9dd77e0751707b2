/**
 * Arithmetic values as libpcap's optimizer leaves them (optimize.c,
 * opt_stmt and fold_op): constants fold; with a constant right operand,
 * "+ 0", "<< 0", ">> 0", "| 0" and "^ 0" disappear and "* 0" and "& 0"
 * become 0 — dropping the loads of the left operand, so those loads can no
 * longer abort the filter on a short frame. A constant left operand folds
 * nothing (libpcap only simplifies when the right side is constant).
 */
import { evalBinary, k, not, type BinaryFn, type Pred, type Relation, type Value } from '../ir.js';

export class ArithmeticError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

function fold(fn: BinaryFn, a: number, b: number): number {
  const v = evalBinary(fn, a, b);
  if (v === undefined) throw fn === '/' ? new ArithmeticError('division-by-zero', 'division by zero') : new ArithmeticError('modulus-by-zero', 'modulus by zero');
  return v;
}

/**
 * a FN b, simplified as libpcap's optimizer simplifies it. With `optimize`
 * false (libpcap's optimizer is off, as with "protochain"), only constants
 * fold: dropping the loads of "x * 0" would change which frames abort.
 */
export function binary(fn: BinaryFn, a: Value, b: Value, optimize = true): Value {
  if (b.op === 'const') {
    if ((fn === '<<' || fn === '>>') && b.value > 31) throw new ArithmeticError('shift-too-large', `shift by ${b.value} bits: at most 31`);
    if (a.op === 'const') return k(fold(fn, a.value, b.value));
    if (b.value === 0 && optimize) {
      if (fn === '+' || fn === '<<' || fn === '>>' || fn === '|' || fn === '^') return a;
      if (fn === '*' || fn === '&') return k(0);
      if (fn === '/') throw new ArithmeticError('division-by-zero', 'division by zero');
      if (fn === '%') throw new ArithmeticError('modulus-by-zero', 'modulus by zero');
    }
  }
  return { op: 'bin', fn, a, b };
}

/** -a (0 - a), folded for constants. */
export function negate(a: Value): Value {
  return a.op === 'const' ? k((0 - a.value) >>> 0) : { op: 'bin', fn: '-', a: k(0), b: a };
}

/** A comparison with a constant, with libpcap's peephole rules: "(x & m) == 0" is "not jset m"; constants decide. */
export function compare(a: Value, relation: Relation, v: number, early = false): Pred {
  if (a.op === 'const') {
    const x = a.value;
    const r = relation === '==' ? x === v : relation === '>' ? x > v : relation === '>=' ? x >= v : (x & v) !== 0;
    // Only a literal compared with a literal is decided in libpcap's first optimizer phase.
    return early ? { op: r ? 'true' : 'false' } : { op: r ? 'true' : 'false', late: true };
  }
  if (relation === '==' && v === 0 && a.op === 'bin' && a.fn === '&' && a.b.op === 'const') {
    return not({ op: 'cmp', rel: '&', a: a.a, b: k(a.b.value) });
  }
  return { op: 'cmp', rel: relation, a, b: k(v) };
}

