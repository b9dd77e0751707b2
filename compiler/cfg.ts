/**
 * IR to a control-flow graph of tests, optimized the way libpcap's
 * optimizer (optimize.c) changes its programs, because those changes are
 * part of libpcap's decisions:
 *
 *  - jump threading: an edge whose target's test is already decided by a
 *    test that dominates the edge (the same field compared with the same
 *    constant, or an equality that held on the true branch) goes straight
 *    to the decided successor;
 *  - a test whose two branches lead to the same place is removed, and its
 *    load with it. A removed load can no longer fall off the end of a
 *    short frame, so "tcp or ip6" matches a 20-byte IPv6 frame in libpcap:
 *    the next-header loads of "tcp" no longer decide anything.
 *
 * An expression whose optimized graph is the reject leaf is what libpcap
 * refuses with "expression rejects all packets".
 *
 * The graph is built like libpcap's code generator builds it (backpatching:
 * "a and b" runs b on a's true branch, "not" swaps the branches), so the
 * tests and their order match libpcap's unoptimized program.
 */
import type { Cmp, Pred, Value } from './ir.js';

export type Node = Test | Leaf;

export interface Leaf {
  kind: 'leaf';
  match: boolean;
}

export interface Test {
  kind: 'test';
  id: number;
  cmp: Cmp;
  /**
   * A comparison libpcap decides only in its last optimizer phase (a late
   * constant): it takes the `decided` branch, is never folded or threaded
   * through, and disappears only at the root.
   */
  opaque?: { decided: boolean };
  /** Where the comparison came from (a primitive of the expression). */
  note?: string;
  jt: Node;
  jf: Node;
}

export const ACCEPT: Leaf = { kind: 'leaf', match: true };
export const REJECT: Leaf = { kind: 'leaf', match: false };

/** A stable key of a value: equal keys read equal values (loads are pure). */
export function valueKey(v: Value): string {
  switch (v.op) {
    case 'const':
      return `#${v.value}`;
    case 'len':
      return 'len';
    case 'meta':
      return v.field;
    case 'protochain':
      return `pc${v.v6 ? 6 : 4}:${v.net}:${v.target}`;
    case 'reg':
      return `$${v.name}`;
    case 'geneve':
      return `geneve(${valueKey(v.net)},${valueKey(v.base)})`;
    case 'load':
      return `${v.origin === 'arith' ? 'x' : ''}[${valueKey(v.offset)}:${v.size}]`;
    case 'bin':
      return `(${valueKey(v.a)}${v.fn}${valueKey(v.b)})`;
  }
}

const NEGATED = { '!=': '==', '<': '>=', '<=': '>' } as const;

/** A comparison as libpcap's jump instructions express it, and whether the branches swap. */
function normalize(c: Cmp): [Cmp, boolean] {
  if (c.rel === '!=' || c.rel === '<' || c.rel === '<=') return [{ ...c, rel: NEGATED[c.rel] }, true];
  return [c, false];
}

/** Build the graph: compile(p, T, F) is p's entry, branching to T on true and F on false. */
export function buildCfg(p: Pred): Node {
  let next = 0;
  // The first term of an "and"/"or" (and the operand of "not") is compiled
  // last, as a loop rather than a call: alternating chains of "and" and "or"
  // nest the IR as deep as the expression is long.
  const compile = (q0: Pred, t0: Node, f0: Node, note0: string | undefined): Node => {
    let q = q0;
    let t = t0;
    let f = f0;
    let note = note0;
    for (;;) {
      const n = q.note ?? note;
      switch (q.op) {
        case 'true':
        case 'false': {
          if (!q.late) return q.op === 'true' ? t : f;
          const decided = q.op === 'true';
          const cmp: Cmp = { op: 'cmp', rel: '==', a: { op: 'const', value: 0 }, b: { op: 'const', value: decided ? 0 : 1 } };
          return { kind: 'test', id: next++, cmp, opaque: { decided }, ...(n ? { note: n } : {}), jt: t, jf: f };
        }
        case 'not':
          [q, t, f, note] = [q.term, f, t, n];
          continue;
        case 'and': {
          if (q.terms.length === 0) return t;
          let entry = t;
          for (let i = q.terms.length - 1; i >= 1; i--) entry = compile(q.terms[i]!, entry, f, n);
          [q, t, note] = [q.terms[0]!, entry, n];
          continue;
        }
        case 'or': {
          if (q.terms.length === 0) return f;
          let entry = f;
          for (let i = q.terms.length - 1; i >= 1; i--) entry = compile(q.terms[i]!, t, entry, n);
          [q, f, note] = [q.terms[0]!, entry, n];
          continue;
        }
        case 'cmp': {
          // libpcap has only jeq, jgt and jge: "!=", "<" and "<=" are those with the branches swapped.
          const [cmp, swap] = normalize(q);
          return { kind: 'test', id: next++, cmp, ...(n ? { note: n } : {}), jt: swap ? f : t, jf: swap ? t : f };
        }
      }
    }
  };
  return compile(p, ACCEPT, REJECT, undefined);
}

/** A fact known on an edge: the test `cmp` took branch `sense`. */
interface Fact {
  a: string;
  rel: string;
  b: string;
  /** The constant, when the right-hand side is one. */
  k: number | undefined;
  sense: boolean;
}

function factOf(t: Test, sense: boolean): Fact {
  if (t.opaque) return { a: `opaque${t.id}`, rel: '?', b: '', k: undefined, sense };
  return { a: valueKey(t.cmp.a), rel: t.cmp.rel, b: valueKey(t.cmp.b), k: t.cmp.b.op === 'const' ? t.cmp.b.value : undefined, sense };
}
const factKey = (f: Fact) => `${f.a}${f.rel}${f.b}:${f.sense ? 'T' : 'F'}`;

/**
 * Nodes reachable from the root, parents before children: the reverse
 * postorder of a depth-first walk that takes jt before jf. Iterative, so
 * that long chains of tests do not exhaust the stack.
 */
export function topoOrder(root: Node): Test[] {
  const order: Test[] = [];
  if (root.kind === 'leaf') return order;
  const seen = new Set<Node>([root]);
  // Each frame: a node and how many of its branches (jt, then jf) have been entered.
  const stack: [Test, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [n, done] = top;
    if (done === 2) {
      stack.pop();
      order.push(n);
      continue;
    }
    top[1] = done + 1;
    const child = done === 0 ? n.jt : n.jf;
    if (child.kind === 'test' && !seen.has(child)) {
      seen.add(child);
      stack.push([child, 0]);
    }
  }
  return order.reverse();
}

/**
 * Optimize in place until nothing changes; returns the new root. After an
 * edge moves, the facts below it are recomputed before the next move.
 */
export function optimizeCfg(root: Node): Node {
  work = 0;
  for (let round = 0; round < 10_000; round++) {
    root = threadJumps(root);
    if (root.kind === 'leaf' || !pullUp(root)) break;
  }
  // libpcap's opt_root: a root whose branches agree is skipped, and a late
  // constant's branches agree by then.
  while (root.kind === 'test' && (root.opaque || root.jt === root.jf)) root = root.opaque ? (root.opaque.decided ? root.jt : root.jf) : root.jt;
  return root;
}

/** A fact in a set, with its place in the set's order (facts met earlier on the way down come first). */
interface Entry {
  key: string;
  fact: Fact;
  stamp: number;
}

// ---- persistent fact sets ---------------------------------------------------------------------
//
// The facts on entry to a node are those on every path from the root; along a
// chain of n tests each node has O(n) of them, so copying a set per edge is
// quadratic. Sets are persistent hash tries instead: adding a fact copies one
// path, and intersecting two sets that share structure only visits where they
// differ.

type Trie = Branch | Leaf1 | Bucket | undefined;
interface Branch {
  t: 'b';
  kids: Trie[];
}
interface Leaf1 {
  t: 'l';
  key: string;
  hash: number;
  value: Entry | Entry[];
}
interface Bucket {
  t: 'k';
  hash: number;
  leaves: Leaf1[];
}

function hashOf(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const slot = (hash: number, shift: number) => (hash >>> shift) & 31;

function trieGet(t: Trie, key: string, hash: number, shift = 0): Leaf1 | undefined {
  for (;;) {
    if (!t) return undefined;
    if (t.t === 'l') return t.key === key ? t : undefined;
    if (t.t === 'k') return t.leaves.find((l) => l.key === key);
    t = t.kids[slot(hash, shift)];
    shift += 5;
  }
}

function trieSet(t: Trie, leaf: Leaf1, shift = 0): Trie {
  if (!t) return leaf;
  if (t.t === 'l') {
    if (t.key === leaf.key) return leaf;
    if (shift >= 30 || t.hash === leaf.hash) return { t: 'k', hash: leaf.hash, leaves: [t, leaf] };
    const b: Branch = { t: 'b', kids: new Array<Trie>(32) };
    b.kids[slot(t.hash, shift)] = t;
    return trieSet(b, leaf, shift);
  }
  if (t.t === 'k') {
    if (t.hash === leaf.hash) return { t: 'k', hash: t.hash, leaves: [...t.leaves.filter((l) => l.key !== leaf.key), leaf] };
    const b: Branch = { t: 'b', kids: new Array<Trie>(32) };
    b.kids[slot(t.hash, shift)] = t;
    return trieSet(b, leaf, shift);
  }
  const kids = t.kids.slice();
  const i = slot(leaf.hash, shift);
  kids[i] = trieSet(kids[i], leaf, shift + 5);
  return { t: 'b', kids };
}

/** a's leaf kept where b has the key too (for lists: a's entries that b's list has). */
function keepLeaf(la: Leaf1, lb: Leaf1 | undefined): Leaf1 | undefined {
  if (!lb) return undefined;
  if (!Array.isArray(la.value)) return la;
  const other = lb.value as Entry[];
  const kept = la.value.filter((x) => other.some((y) => y.key === x.key));
  if (kept.length === la.value.length) return la;
  return kept.length === 0 ? undefined : { ...la, value: kept };
}

/** The entries of `a` whose keys `b` has too (a's order and stamps). */
function trieIntersect(a: Trie, b: Trie, shift = 0): Trie {
  if (a === b) return a;
  if (!a || !b) return undefined;
  if (a.t === 'l') return keepLeaf(a, trieGet(b, a.key, a.hash, shift));
  if (a.t === 'k') {
    const leaves = a.leaves.map((l) => keepLeaf(l, trieGet(b, l.key, l.hash, shift))).filter((l): l is Leaf1 => l !== undefined);
    if (leaves.length === a.leaves.length && leaves.every((l, i) => l === a.leaves[i])) return a;
    return leaves.length === 0 ? undefined : leaves.length === 1 ? leaves[0] : { t: 'k', hash: a.hash, leaves };
  }
  if (b.t !== 'b') {
    // b is one leaf or one bucket: keep what of it a has.
    let out: Trie;
    for (const lb of b.t === 'l' ? [b] : b.leaves) {
      const la = trieGet(a, lb.key, lb.hash, shift);
      const kept = la && keepLeaf(la, lb);
      if (kept) out = trieSet(out, kept, shift);
    }
    return out;
  }
  let same = true;
  let any = false;
  const kids = new Array<Trie>(32);
  for (let i = 0; i < 32; i++) {
    const k = a.kids[i] && trieIntersect(a.kids[i], b.kids[i], shift + 5);
    kids[i] = k;
    if (k !== a.kids[i]) same = false;
    if (k) any = true;
  }
  if (same) return a;
  return any ? { t: 'b', kids } : undefined;
}

/** What threading needs of a test, computed once per node. */
interface TestKeys {
  b: string;
  facts: [Fact, Fact];
  keys: [string, string];
  hashes: [number, number];
  /** Key of the list of equalities with constants that held, for this left-hand side. */
  eqKey: string;
  eqHash: number;
}

/**
 * Jump threading and removal of tests whose branches agree, to a fixpoint.
 *
 * Each pass visits the reachable tests parents first. The facts on entry to
 * a test are those on every edge into it (edges already moved in this pass
 * included); each of its edges is then moved past every test the edge's
 * facts decide (fold_edge: the first fact, in the order met on the way down,
 * that decides it) and every test whose branches agree. Passes repeat until
 * none moves an edge. Fact sets are persistent (see above), so a pass costs
 * about the graph's size, not its size times its depth.
 */
/**
 * How many tests the optimizer may visit (summed over its passes) before it
 * gives up on an expression: the pull-ups move one test per round, so a huge
 * expression of many alternatives would take minutes. Deterministic.
 */
export const OPTIMIZER_BUDGET = 20_000_000;

/** Thrown when an expression needs more than OPTIMIZER_BUDGET steps of the optimizer. */
export class OptimizerBudgetError extends Error {
  constructor(readonly tests: number) {
    super(`the optimizer gave up after ${OPTIMIZER_BUDGET} steps on a graph of ${tests} tests`);
    this.name = 'OptimizerBudgetError';
  }
}

let work = 0;
function spend(order: Test[]): Test[] {
  work += order.length;
  if (work > OPTIMIZER_BUDGET) throw new OptimizerBudgetError(order.length);
  return order;
}

/** Keys of tests, kept across passes and rounds (a test's comparison never changes). */
const testKeys = new WeakMap<Test, TestKeys>();

function threadJumps(root: Node): Node {
  const info = testKeys;
  const keysOf = (n: Test): TestKeys => {
    let k = info.get(n);
    if (!k) {
      const facts: [Fact, Fact] = [factOf(n, true), factOf(n, false)];
      const keys: [string, string] = [factKey(facts[0]), factKey(facts[1])];
      const eqKey = `=T|${facts[0].a}`;
      k = { b: facts[0].b, facts, keys, hashes: [hashOf(keys[0]), hashOf(keys[1])], eqKey, eqHash: hashOf(eqKey) };
      info.set(n, k);
    }
    return k;
  };
  let stamp = 0;
  /** The facts of an edge: those on entry to its test, and the test's own outcome. */
  const withFact = (set: Trie, n: Test, sense: boolean): Trie => {
    const k = keysOf(n);
    const i = sense ? 0 : 1;
    if (trieGet(set, k.keys[i], k.hashes[i])) return set;
    const entry: Entry = { key: k.keys[i], fact: k.facts[i], stamp: stamp++ };
    let out = trieSet(set, { t: 'l', key: entry.key, hash: k.hashes[i], value: entry });
    const f = entry.fact;
    if (f.sense && f.rel === '==' && f.k !== undefined) {
      const list = trieGet(out, k.eqKey, k.eqHash)?.value as Entry[] | undefined;
      out = trieSet(out, { t: 'l', key: k.eqKey, hash: k.eqHash, value: [...(list ?? []), entry] });
    }
    return out;
  };
  /** fold() over a set: the successor of `child` decided by the first fact (in order) that decides it. */
  const foldBy = (set: Trie, child: Test): Node | undefined => {
    if (child.opaque) return undefined;
    const k = keysOf(child);
    let best: Entry | undefined;
    let to: Node | undefined;
    const consider = (e: Entry | undefined, dest: Node) => {
      if (e && (!best || e.stamp < best.stamp)) {
        best = e;
        to = dest;
      }
    };
    consider(trieGet(set, k.keys[0], k.hashes[0])?.value as Entry | undefined, child.jt);
    consider(trieGet(set, k.keys[1], k.hashes[1])?.value as Entry | undefined, child.jf);
    // Only an equality that held tells the value: a different constant is unequal.
    if (child.cmp.rel === '==' && child.cmp.b.op === 'const') {
      const list = trieGet(set, k.eqKey, k.eqHash)?.value as Entry[] | undefined;
      consider(list?.find((e) => e.fact.b !== k.b), child.jf);
    }
    return to;
  };

  for (;;) {
    while (root.kind === 'test' && root.jt === root.jf) root = root.jt;
    if (root.kind === 'leaf') return root;
    let changed = false;
    const inFacts = new Map<Test, Trie>([[root, undefined]]);
    for (const n of spend(topoOrder(root))) {
      if (!inFacts.has(n)) continue; // no longer reachable: an edge above moved past it
      const mine = inFacts.get(n);
      for (const sense of [true, false]) {
        const edge = withFact(mine, n, sense);
        const start = sense ? n.jt : n.jf;
        let target = start;
        for (let steps = 0; target.kind === 'test' && steps < 10000; steps++) {
          if (target.jt === target.jf) {
            target = target.jt;
            continue;
          }
          const folded = foldBy(edge, target);
          if (!folded) break;
          target = folded;
        }
        if (target !== start) {
          if (sense) n.jt = target;
          else n.jf = target;
          changed = true;
        }
        if (target.kind === 'test') inFacts.set(target, inFacts.has(target) ? trieIntersect(inFacts.get(target), edge) : edge);
      }
    }
    if (!changed) return root;
  }
}

/** The value a test leaves in libpcap's accumulator: the one it compares. */
const accValues = new WeakMap<Test, string>();
const accValue = (n: Test): string => {
  let v = accValues.get(n);
  if (v === undefined) accValues.set(n, (v = n.opaque ? `opaque${n.id}` : valueKey(n.cmp.a)));
  return v;
};

/**
 * Dominance (every path from the root to a node passes through the
 * dominator; a node dominates itself), as an immediate-dominator tree
 * (Cooper, Harvey and Kennedy's algorithm on the DAG in topological order)
 * numbered so that a query is two comparisons.
 */
interface Dominance {
  dominates(d: Test, n: Test): boolean;
}

function dominators(root: Test): Dominance {
  const order = spend(topoOrder(root));
  const index = new Map<Test, number>(order.map((n, i) => [n, i]));
  const idom = new Int32Array(order.length).fill(-1);
  idom[0] = 0;
  const intersect = (x: number, y: number): number => {
    while (x !== y) {
      while (x > y) x = idom[x]!;
      while (y > x) y = idom[y]!;
    }
    return x;
  };
  order.forEach((n, i) => {
    for (const c of [n.jt, n.jf]) {
      if (c.kind === 'leaf') continue;
      const j = index.get(c)!;
      idom[j] = idom[j] === -1 ? i : intersect(idom[j]!, i);
    }
  });
  // Pre/post numbers of the dominator tree.
  const kids: number[][] = order.map(() => []);
  for (let i = 1; i < order.length; i++) kids[idom[i]!]!.push(i);
  const pre = new Int32Array(order.length);
  const post = new Int32Array(order.length);
  let clock = 0;
  const stack: [number, number][] = [[0, 0]];
  pre[0] = clock++;
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const next = kids[top[0]]![top[1]++];
    if (next === undefined) {
      post[top[0]] = clock++;
      stack.pop();
    } else {
      pre[next] = clock++;
      stack.push([next, 0]);
    }
  }
  return {
    dominates(d, n) {
      const i = index.get(d);
      const j = index.get(n);
      if (i === undefined || j === undefined) return false;
      return pre[i]! <= pre[j]! && post[j]! <= post[i]!;
    },
  };
}

/** libpcap's levels: leaves 0, a test one more than its deeper child; each level in its DFS order. */
function levels(root: Test): Test[][] {
  const level = new Map<Node, number>();
  const byLevel: Test[][] = [];
  // Depth-first, jt then jf; a node's level is known once both children are done.
  const stack: [Test, number][] = [[root, 0]];
  const onStack = new Set<Test>([root]);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [n, done] = top;
    if (done < 2) {
      top[1] = done + 1;
      const c = done === 0 ? n.jt : n.jf;
      if (c.kind === 'test' && !level.has(c) && !onStack.has(c)) {
        onStack.add(c);
        stack.push([c, 0]);
      }
      continue;
    }
    stack.pop();
    const lv = (c: Node) => (c.kind === 'leaf' ? 0 : level.get(c)!);
    const l = Math.max(lv(n.jt), lv(n.jf)) + 1;
    level.set(n, l);
    (byLevel[l] ??= []).push(n);
  }
  // The recursive form put each node in front of its level as it finished.
  for (const list of byLevel) list?.reverse();
  return byLevel;
}

/**
 * libpcap's or_pullup and and_pullup (optimize.c): in a chain of tests that
 * share their true target ("or") or their false target ("and"), a test of
 * the value the chain's predecessors tested is moved up before the tests of
 * other values. This changes which loads a frame reaches first: after
 * "tcp port 80 or 443" fails its first source-port test, libpcap tests the
 * source port against 443 before it loads the destination port. One pull
 * per call; true if something moved.
 */
function pullUp(root: Test): boolean {
  let moved = false;
  const predsOf = (): Map<Test, Test[]> => {
    const preds = new Map<Test, Test[]>();
    for (const n of topoOrder(root)) {
      for (const c of [n.jt, n.jf]) {
        if (c.kind !== 'test') continue;
        const list = preds.get(c);
        if (list) list.push(n);
        else preds.set(c, [n]);
      }
    }
    return preds;
  };
  // One pass over every node, as libpcap's opt_blks does: at each node, every pull its chain
  // allows (a stable partition: the tests of the predecessors' value first). Moves inside a
  // chain keep the chain's nodes dominated by its head, so the dominators are recomputed only
  // between nodes, and the predecessors after each move.
  for (const or of [true, false]) {
    let dom = dominators(root);
    const byLevel = levels(root);
    const preds = predsOf();
    // Keep the predecessor lists true as pullOne rewires edges.
    const retarget = (n: Test, from: Node, to: Node) => {
      if (from === to) return;
      if (from.kind === 'test') {
        const list = preds.get(from)!;
        list.splice(list.indexOf(n), 1);
      }
      if (to.kind === 'test') {
        const list = preds.get(to);
        if (list) list.push(n);
        else preds.set(to, [n]);
      }
    };
    for (let l = 1; l < byLevel.length; l++) {
      for (const b of byLevel[l] ?? []) {
        let changed = false;
        while (pullOne(b, or, [...(preds.get(b) ?? [])], dom, root, retarget)) changed = true;
        if (changed) {
          moved = true;
          dom = dominators(root);
        }
      }
    }
  }
  return moved;
}

function pullOne(b: Test, or: boolean, inEdges: Test[], dom: Dominance, root: Test, retarget: (n: Test, from: Node, to: Node) => void): boolean {
  if (inEdges.length === 0 || b === root) return false;
  const val = accValue(inEdges[0]!);
  if (inEdges.some((p) => accValue(p) !== val)) return false;
  const same = (n: Test) => (or ? n.jt : n.jf);
  const next = (n: Test) => (or ? n.jf : n.jt);
  const setNext = (n: Test, to: Node) => {
    retarget(n, or ? n.jf : n.jt, to);
    if (or) n.jf = to;
    else n.jt = to;
  };
  // Walk down the chain from b while the tests look at the same value.
  let prev: Test | undefined; // the node whose chain pointer leads to diff (undefined: at the top)
  let diff: Node = b;
  for (;;) {
    if (diff.kind === 'leaf' || same(diff) !== same(b) || !dom.dominates(b, diff)) return false;
    if (accValue(diff) !== val) break;
    prev = diff;
    diff = next(diff);
  }
  // Below it, find a test of the original value to pull up.
  let before: Test = diff as Test;
  let pull: Node = next(before);
  for (;;) {
    if (pull.kind === 'leaf' || same(pull) !== same(b) || !dom.dominates(b, pull)) return false;
    if (accValue(pull) === val) break;
    before = pull;
    pull = next(pull);
  }
  const p = pull as Test;
  setNext(before, next(p));
  setNext(p, diff);
  if (prev === undefined) {
    for (const e of inEdges) {
      if (e.jt === b) {
        retarget(e, b, p);
        e.jt = p;
      }
      if (e.jf === b) {
        retarget(e, b, p);
        e.jf = p;
      }
    }
  } else setNext(prev, p);
  return true;
}

/** IR to the optimized graph. */
export function cfgOf(p: Pred): Node {
  return optimizeCfg(buildCfg(p));
}

/** The graph as numbered lines (explain, tests). */
export function printCfg(root: Node, show: (c: Cmp) => string): string {
  if (root.kind === 'leaf') return root.match ? 'accept' : 'reject';
  const order = topoOrder(root);
  const label = new Map(order.map((n, i) => [n, `L${i}`]));
  const dest = (n: Node) => (n.kind === 'leaf' ? (n.match ? 'accept' : 'reject') : label.get(n)!);
  return order
    .map((n) => `${label.get(n)}: if ${show(n.cmp)} then ${dest(n.jt)} else ${dest(n.jf)}${n.note ? `  ; ${n.note}` : ''}`)
    .join('\n');
}
