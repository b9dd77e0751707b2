/**
 * Rule "rejects-all-packets": libpcap refuses an expression its optimizer
 * proves can never match ("expression rejects all packets"), so xsift must
 * refuse exactly those too.
 *
 * The proof here is a tableau over the IR in negation normal form: a branch
 * closes when it needs one field (the same load: offset and size) to equal
 * two different constants, or to equal and not equal the same constant.
 * That is the reasoning libpcap's optimizer does for equality tests of
 * fields at fixed offsets. Comparisons it cannot reason about count as
 * satisfiable either way, so the rule never rejects what libpcap accepts
 * for that reason alone.
 */
import type { Pred, Value } from '../ir.js';

/** Bound on the branches explored; beyond it the expression is taken as satisfiable. */
const MAX_STEPS = 200_000;

interface Fact {
  eq?: number;
  ne: Set<number>;
}
type Facts = Map<string, Fact>;

function fieldKey(v: Value): string | undefined {
  if (v.op !== 'load' || v.offset.op !== 'const') return undefined;
  return `${v.offset.value}:${v.size}`;
}

/** A literal the tableau understands: field == value (positive) or field != value (negative). */
function literal(p: Pred, positive: boolean): { key: string; value: number; equal: boolean } | undefined {
  if (p.op !== 'cmp' || (p.rel !== '==' && p.rel !== '!=')) return undefined;
  let key = fieldKey(p.a);
  let c = p.b;
  if (!key) {
    key = fieldKey(p.b);
    c = p.a;
  }
  if (!key || c.op !== 'const') return undefined;
  return { key, value: c.value, equal: (p.rel === '==') === positive };
}

function assume(facts: Facts, lit: { key: string; value: number; equal: boolean }): Facts | undefined {
  const old = facts.get(lit.key) ?? { ne: new Set<number>() };
  if (lit.equal) {
    if (old.eq !== undefined && old.eq !== lit.value) return undefined;
    if (old.ne.has(lit.value)) return undefined;
  } else if (old.eq === lit.value) {
    return undefined;
  }
  const next = new Map(facts);
  next.set(lit.key, lit.equal ? { eq: lit.value, ne: old.ne } : { ...(old.eq !== undefined ? { eq: old.eq } : {}), ne: new Set([...old.ne, lit.value]) });
  return next;
}

/** True if some frame could satisfy the predicate, as far as equality reasoning can tell. */
export function satisfiable(p: Pred): boolean {
  let steps = 0;
  // Work items: a predicate with the polarity it must have.
  type Item = { p: Pred; positive: boolean };
  const search = (todo: Item[], facts: Facts): boolean => {
    if (++steps > MAX_STEPS) return true;
    if (todo.length === 0) return true;
    const [head, ...rest] = todo as [Item, ...Item[]];
    const { p: q, positive } = head;
    switch (q.op) {
      case 'true':
        return positive ? search(rest, facts) : false;
      case 'false':
        return positive ? false : search(rest, facts);
      case 'not':
        return search([{ p: q.term, positive: !positive }, ...rest], facts);
      case 'cmp': {
        const lit = literal(q, positive);
        if (!lit) return search(rest, facts);
        const next = assume(facts, lit);
        return next ? search(rest, next) : false;
      }
      case 'and':
      case 'or': {
        // Conjunctive when (and, positive) or (or, negative): all terms on this branch.
        const conjunctive = (q.op === 'and') === positive;
        if (conjunctive) return search([...q.terms.map((t) => ({ p: t, positive })), ...rest], facts);
        return q.terms.some((t) => search([{ p: t, positive }, ...rest], facts));
      }
    }
  };
  return search([{ p, positive: true }], new Map());
}
