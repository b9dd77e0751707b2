/**
 * The optimizer as first written in compiler/cfg.ts: one edge move per
 * round with every fact set recomputed, dominators and predecessor lists
 * rebuilt per pull-up. Slow (cubic on long chains) but plain; kept as the
 * reference the fast optimizer must agree with (test/fuzz.test.ts).
 */
import { topoOrder, valueKey, type Node, type Test } from '../../compiler/cfg.js';

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

/** libpcap's fold_edge: the successor of `child` decided by `fact`, if any. */
function fold(child: Test, fact: Fact): Node | undefined {
  if (child.opaque) return undefined;
  if (child.cmp.rel !== fact.rel || valueKey(child.cmp.a) !== fact.a) return undefined;
  if (valueKey(child.cmp.b) === fact.b) return fact.sense ? child.jt : child.jf;
  // Only an equality that held tells the value: a different constant is unequal.
  if (fact.sense && fact.rel === '==' && fact.k !== undefined && child.cmp.b.op === 'const') return child.jf;
  return undefined;
}

/**
 * Nodes reachable from the root, parents before children: the reverse
 * postorder of a depth-first walk that takes jt before jf. Iterative, so
 * that long chains of tests do not exhaust the stack.
 */
function topoOrderUnused(root: Node): Test[] {
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

/** Facts that hold on entry to each node: those on every path from the root. */
function dominatingFacts(root: Node): Map<Test, Map<string, Fact>> {
  const inFacts = new Map<Test, Map<string, Fact>>();
  if (root.kind === 'leaf') return inFacts;
  inFacts.set(root, new Map());
  for (const n of topoOrder(root)) {
    const mine = inFacts.get(n)!;
    for (const sense of [true, false]) {
      const child = sense ? n.jt : n.jf;
      if (child.kind === 'leaf') continue;
      const edge = new Map(mine);
      const f = factOf(n, sense);
      edge.set(factKey(f), f);
      const prev = inFacts.get(child);
      if (!prev) inFacts.set(child, edge);
      else for (const key of [...prev.keys()]) if (!edge.has(key)) prev.delete(key);
    }
  }
  return inFacts;
}

/**
 * Optimize in place until nothing changes; returns the new root. After an
 * edge moves, the facts below it are recomputed before the next move.
 */
export function optimizeCfgReference(root: Node): Node {
  for (let round = 0; round < 10_000; round++) {
    root = threadJumps(root);
    if (root.kind === 'leaf' || !pullUp(root)) break;
  }
  // libpcap's opt_root: a root whose branches agree is skipped, and a late
  // constant's branches agree by then.
  while (root.kind === 'test' && (root.opaque || root.jt === root.jf)) root = root.opaque ? (root.opaque.decided ? root.jt : root.jf) : root.jt;
  return root;
}

/** Jump threading and removal of tests whose branches agree, to a fixpoint. */
function threadJumps(root: Node): Node {
  for (let round = 0; round < 1_000_000; round++) {
    let changed = false;
    // A root whose branches agree is removed too.
    while (root.kind === 'test' && root.jt === root.jf) {
      root = root.jt;
    }
    if (root.kind === 'leaf') return root;
    const facts = dominatingFacts(root);
    for (const n of topoOrder(root)) {
      if (changed) break;
      for (const sense of [true, false]) {
        let target = sense ? n.jt : n.jf;
        const edge = new Map(facts.get(n)!);
        const own = factOf(n, sense);
        edge.set(factKey(own), own);
        for (let steps = 0; target.kind === 'test' && steps < 10000; steps++) {
          if (target.jt === target.jf) {
            target = target.jt;
            continue;
          }
          let folded: Node | undefined;
          for (const f of edge.values()) {
            folded = fold(target, f);
            if (folded) break;
          }
          if (!folded) break;
          target = folded;
        }
        if (target !== (sense ? n.jt : n.jf)) {
          if (sense) n.jt = target;
          else n.jf = target;
          changed = true;
        }
      }
    }
    if (!changed) return root;
  }
  return root;
}

/** The value a test leaves in libpcap's accumulator: the one it compares. */
const accValue = (n: Test): string => (n.opaque ? `opaque${n.id}` : valueKey(n.cmp.a));

/** Each node's dominators (every path from the root passes through them), the node included. */
function dominators(root: Test): Map<Test, Set<Test>> {
  const dom = new Map<Test, Set<Test>>();
  for (const n of topoOrder(root)) {
    if (!dom.has(n)) dom.set(n, new Set([n]));
    for (const c of [n.jt, n.jf]) {
      if (c.kind === 'leaf') continue;
      const mine = dom.get(n)!;
      const prev = dom.get(c);
      if (!prev) dom.set(c, new Set([...mine, c]));
      else for (const d of [...prev]) if (d !== c && !mine.has(d)) prev.delete(d);
    }
  }
  return dom;
}

/** libpcap's levels: leaves 0, a test one more than its deeper child; each level in its DFS order. */
function levels(root: Test): Test[][] {
  const level = new Map<Node, number>();
  const byLevel: Test[][] = [];
  const visit = (n: Node): number => {
    if (n.kind === 'leaf') return 0;
    const seen = level.get(n);
    if (seen !== undefined) return seen;
    const l = Math.max(visit(n.jt), visit(n.jf)) + 1;
    level.set(n, l);
    (byLevel[l] ??= []).unshift(n);
    return l;
  };
  visit(root);
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
  const dom = dominators(root);
  const preds = new Map<Test, Test[]>();
  for (const n of topoOrder(root)) {
    for (const c of [n.jt, n.jf]) if (c.kind === 'test') preds.set(c, [...(preds.get(c) ?? []), n]);
  }
  const byLevel = levels(root);
  for (const or of [true, false]) {
    for (let l = 1; l < byLevel.length; l++) {
      for (const b of byLevel[l] ?? []) {
        if (pullOne(b, or, preds.get(b) ?? [], dom, root)) return true;
      }
    }
  }
  return false;
}

function pullOne(b: Test, or: boolean, inEdges: Test[], dom: Map<Test, Set<Test>>, root: Test): boolean {
  if (inEdges.length === 0 || b === root) return false;
  const val = accValue(inEdges[0]!);
  if (inEdges.some((p) => accValue(p) !== val)) return false;
  const same = (n: Test) => (or ? n.jt : n.jf);
  const next = (n: Test) => (or ? n.jf : n.jt);
  const setNext = (n: Test, to: Node) => (or ? (n.jf = to) : (n.jt = to));
  // Walk down the chain from b while the tests look at the same value.
  let prev: Test | undefined; // the node whose chain pointer leads to diff (undefined: at the top)
  let diff: Node = b;
  for (;;) {
    if (diff.kind === 'leaf' || same(diff) !== same(b) || !dom.get(diff)?.has(b)) return false;
    if (accValue(diff) !== val) break;
    prev = diff;
    diff = next(diff);
  }
  // Below it, find a test of the original value to pull up.
  let before: Test = diff as Test;
  let pull: Node = next(before);
  for (;;) {
    if (pull.kind === 'leaf' || same(pull) !== same(b) || !dom.get(pull)?.has(b)) return false;
    if (accValue(pull) === val) break;
    before = pull;
    pull = next(pull);
  }
  const p = pull as Test;
  setNext(before, next(p));
  setNext(p, diff);
  if (prev === undefined) {
    for (const e of inEdges) {
      if (e.jt === b) e.jt = p;
      if (e.jf === b) e.jf = p;
    }
  } else setNext(prev, p);
  return true;
}

