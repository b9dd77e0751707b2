/**
 * IR to C: the predicate becomes one C expression placed into the template's
 * /*@PREDICATE@*\/ slot. Only numbers from the IR and comment text from the
 * lowering tables reach the C; nothing the user typed is copied verbatim
 * (the banner is re-printed from the AST, whose words are all validated).
 */
import type { Pred, Value } from './ir.js';
import { topoOrder, valueKey, type Node, type Test } from './cfg.js';

/** Actions and their numbers in templates/xsift_event.h (enum xsift_action). */
export const ACTIONS = { capture: 0, allow: 1, deny: 2 } as const;
export type Action = keyof typeof ACTIONS;

export interface EmitOptions {
  /** The expression re-printed from the AST (keywords, operators and numbers only). */
  canonical: string;
  action: Action;
}

const WIDTH = 72;

/**
 * Text for a C comment: printable ASCII without comment delimiters, quotes,
 * backslashes or '#'; anything else becomes a neutral placeholder. Notes come
 * from many lowering tables, so the emitter checks them once more here.
 */
export function commentText(text: string): string {
  return /^[\x20-\x7e]*$/.test(text) && !/\*\/|\/\*|\/\/|["'\\#]|\?\?\//.test(text) ? text : '(expression fragment)';
}

/** Small numbers in decimal, field-sized ones (EtherTypes, masks) in hex. */
export function constText(n: number): string {
  return n < 256 ? String(n) : `0x${n.toString(16).padStart(n < 0x10000 ? 4 : 8, '0')}`;
}

/** What a guard in the guarded copy has proved about the first buffer (see emitCfg). */
interface Direct {
  /** Bytes from the start of the frame that are in it. */
  bytes: number;
  /** Per run-time base offset (by valueKey): a pointer variable to it and the bytes in it from there. */
  ptrs?: ReadonlyMap<string, { name: string; bytes: number }>;
}

/** A variable load offset as base + constant. */
function splitOffset(off: Value): { base: Value; add: number } {
  return off.op === 'bin' && off.fn === '+' && off.b.op === 'const' ? { base: off.a, add: off.b.value } : { base: off, add: 0 };
}

/**
 * `names`: variables holding loads already made; `direct`: what guards have
 * proved, so that a load within it reads the packet without a check.
 */
function cValue(v: Value, names?: ReadonlyMap<string, string>, direct?: Direct): string {
  const c = (x: Value) => cValue(x, names, direct);
  switch (v.op) {
    case 'const':
      return constText(v.value);
    case 'load': {
      const cached = names?.get(valueKey(v));
      if (cached) return cached;
      const bits = v.size * 8;
      if (v.offset.op === 'const') {
        if (direct && v.offset.value + v.size <= direct.bytes) return `XS_DLD${bits}(${v.offset.value})`;
        return `XS_LD${bits}(${v.offset.value})`;
      }
      const { base, add } = splitOffset(v.offset);
      const p = direct?.ptrs?.get(valueKey(base));
      if (p && add + v.size <= p.bytes) return `XS_PLD${bits}(${p.name}, ${add})`;
      return `XS_LD${bits}(${c(v.offset)})`;
    }
    case 'len':
      return 'XS_WIRE_LEN()';
    case 'reg':
      return `xs_${v.name}`;
    case 'geneve':
      return `XS_GENEVE(${c(v.net)}, ${c(v.base)})`;
    case 'protochain':
      return `XS_PROTOCHAIN(${v.v6 ? 1 : 0}, ${v.net}, ${v.target})`;
    case 'meta':
      return v.field === 'ifindex' ? 'ctx->ingress_ifindex' : 'XS_PKTTYPE';
    case 'bin':
      switch (v.fn) {
        case '/':
          return `XS_DIV(${c(v.a)}, ${c(v.b)})`;
        case '%':
          return `XS_MOD(${c(v.a)}, ${c(v.b)})`;
        case '<<':
          return v.b.op === 'const' ? `(${c(v.a)} << ${v.b.value})` : `XS_SHL(${c(v.a)}, ${c(v.b)})`;
        case '>>':
          return v.b.op === 'const' ? `(${c(v.a)} >> ${v.b.value})` : `XS_SHR(${c(v.a)}, ${c(v.b)})`;
        default:
          return `(${c(v.a)} ${v.fn} ${c(v.b)})`;
      }
  }
}

/** One-line rendering, or undefined when it contains a comment (which forces a break). */
function flat(p: Pred): string {
  switch (p.op) {
    case 'true':
      return '1';
    case 'false':
      return '0';
    case 'cmp':
      return `${cValue(p.a)} ${p.rel} ${cValue(p.b)}`;
    case 'not':
      return `!(${flat(p.term)})`;
    case 'and':
    case 'or':
      return `(${p.terms.map(flat).join(p.op === 'and' ? ' && ' : ' || ')})`;
  }
}

function hasNotes(p: Pred): boolean {
  if (p.note) return true;
  if (p.op === 'and' || p.op === 'or') return p.terms.some(hasNotes);
  if (p.op === 'not') return hasNotes(p.term);
  return false;
}

/** Lines of C for a predicate, indented with tabs, each annotated by its note. */
function lines(p: Pred, depth: number): string[] {
  const ind = '\t'.repeat(depth);
  const comment = p.note ? [`${ind}/* ${commentText(p.note)} */`] : [];
  const one = flat(p);
  const inner = p.op === 'and' || p.op === 'or' ? p.terms.some(hasNotes) : p.op === 'not' ? hasNotes(p.term) : false;
  if (!inner && ind.length * 8 + one.length <= WIDTH) return [...comment, ind + one];
  if (p.op === 'not') return [...comment, `${ind}!(`, ...lines(p.term, depth + 1), `${ind})`];
  if (p.op === 'and' || p.op === 'or') {
    const sep = p.op === 'and' ? ' &&' : ' ||';
    const body: string[] = [];
    p.terms.forEach((t, i) => {
      const tl = lines(t, depth + 1);
      if (i < p.terms.length - 1) tl[tl.length - 1] += sep;
      body.push(...tl);
    });
    return [...comment, `${ind}(`, ...body, `${ind})`];
  }
  return [...comment, ind + one];
}

/** The predicate as the C expression for the template's slot. */
export function emitPredicate(p: Pred): string {
  const body = lines(p, 1);
  if (body.length === 1) return body[0]!.trim();
  // "return (" on the slot's line, the body below it, ")" aligned with "return".
  body[0] = body[0]!.trimStart();
  return body.join('\n');
}

/** Loads a test needs that no test dominating it has loaded already: variable name and load. */
interface LoadPlan {
  /** Every variable, for the declaration. */
  names: string[];
  /** Per test: the loads to make before its comparison, in evaluation order. */
  defs: Map<Test, { name: string; load: Value }[]>;
  /** Per test: the variables that hold loads already made on every path to it (and by itself). */
  avail: Map<Test, Map<string, string>>;
}

/** Above this many tests, loads are not shared (the plan's maps grow with tests × loads). */
const MAX_PLANNED_TESTS = 1500;

function hasRunTimeState(v: Value): boolean {
  switch (v.op) {
    case 'geneve':
    case 'reg':
    case 'protochain':
      return true;
    case 'load':
      return hasRunTimeState(v.offset);
    case 'bin':
      return hasRunTimeState(v.a) || hasRunTimeState(v.b);
    default:
      return false;
  }
}

function loadsOf(v: Value, out: Value[]): Value[] {
  if (v.op === 'load') {
    loadsOf(v.offset, out);
    out.push(v);
  } else if (v.op === 'bin') {
    loadsOf(v.a, out);
    loadsOf(v.b, out);
  }
  return out;
}

/** Immediate dominators in the DAG (`order` has parents before children); the root has none. */
function immediateDominators(order: Test[]): Map<Test, Test | undefined> {
  const preds = new Map<Test, Test[]>();
  for (const n of order) for (const c of [n.jt, n.jf]) if (c.kind === 'test' && c !== n) (preds.get(c) ?? preds.set(c, []).get(c)!).push(n);
  const idom = new Map<Test, Test | undefined>();
  const depth = new Map<Test, number>();
  const lca = (a: Test, b: Test): Test => {
    while (a !== b) {
      if (depth.get(a)! >= depth.get(b)!) a = idom.get(a)!;
      else b = idom.get(b)!;
    }
    return a;
  };
  for (const n of order) {
    const ps = [...new Set(preds.get(n) ?? [])];
    const d = ps.length === 0 ? undefined : ps.reduce(lca);
    idom.set(n, d);
    depth.set(n, d ? depth.get(d)! + 1 : 0);
  }
  return idom;
}

/**
 * libpcap loads a field once and compares it many times; so does the C: a
 * field read by two or more tests goes into a variable when first read, and
 * every test that test dominates reads the variable. (A load that fails
 * ends the filter, so a dominated test never runs without the value.)
 * Not done with Geneve offsets or protochain walks, whose values depend on
 * run-time state, nor for very large graphs.
 */
function planLoads(order: Test[]): LoadPlan | undefined {
  if (order.length > MAX_PLANNED_TESTS) return undefined;
  const loads = new Map<Test, Value[]>();
  const uses = new Map<string, number>();
  for (const n of order) {
    if (hasRunTimeState(n.cmp.a) || hasRunTimeState(n.cmp.b)) return undefined;
    const ls = loadsOf(n.cmp.b, loadsOf(n.cmp.a, []));
    loads.set(n, ls);
    for (const k of new Set(ls.map(valueKey))) uses.set(k, (uses.get(k) ?? 0) + 1);
  }
  const idom = immediateDominators(order);
  const plan: LoadPlan = { names: [], defs: new Map(), avail: new Map() };
  for (const n of order) {
    const d = idom.get(n);
    const avail = new Map(d ? plan.avail.get(d)! : []);
    const defs: { name: string; load: Value }[] = [];
    for (const l of loads.get(n)!) {
      const key = valueKey(l);
      if (avail.has(key) || (uses.get(key) ?? 0) < 2) continue;
      const name = `xs_v${plan.names.length}`;
      plan.names.push(name);
      defs.push({ name, load: l });
      avail.set(key, name);
    }
    plan.defs.set(n, defs);
    plan.avail.set(n, avail);
  }
  return plan;
}

/** Above this many tests (set tests counted once) there is no guarded copy (it doubles the code). */
const MAX_GUARDED_TESTS = 400;
/** Guards cover at most this many bytes (loads beyond are always checked). */
const MAX_GUARD = 0x1000;

/** Bytes from the start of the frame the fixed-offset loads of a test reach (0: none within MAX_GUARD). */
function reach(n: Test): number {
  let r = 0;
  for (const l of loadsOf(n.cmp.b, loadsOf(n.cmp.a, []))) {
    if (l.op !== 'load' || l.offset.op !== 'const') continue;
    const end = l.offset.value + l.size;
    if (end <= MAX_GUARD && end > r) r = end;
  }
  return r;
}

/** An Ethernet frame from a NIC has at least this many bytes (without FCS). */
const MIN_FRAME = 60;

/**
 * The guard of each test in the guarded copy: at least the bytes its own
 * fixed loads reach. Below it, on the paths that can end in a match, tests
 * reach further; the guard covers as much of that as rarely sends a frame
 * to the checked copy: all of it up to MIN_FRAME bytes (shorter frames come
 * only from virtual interfaces such as veth), beyond that the least any such
 * path reaches (a frame whose first buffer is shorter cannot match without
 * reading past it). A frame that fails a guard is decided by the checked
 * copy, alike; a guard only chooses the faster way.
 */
function guards(order: Test[]): Map<Test, number> {
  // Over the paths from a node that end in a match, the bytes reached: least and most (none: Infinity / -1).
  const least = new Map<Node, number>();
  const most = new Map<Node, number>();
  const lo = (x: Node) => (x.kind === 'leaf' ? (x.match ? 0 : Infinity) : least.get(x)!);
  const hi = (x: Node) => (x.kind === 'leaf' ? (x.match ? 0 : -1) : most.get(x)!);
  const out = new Map<Test, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    const r = reach(n);
    const belowLo = Math.min(lo(n.jt), lo(n.jf));
    const belowHi = Math.max(hi(n.jt), hi(n.jf));
    least.set(n, Math.max(r, belowLo));
    most.set(n, belowHi < 0 ? -1 : Math.max(r, belowHi));
    const covered = belowHi < 0 ? 0 : Math.max(belowLo, Math.min(belowHi, MIN_FRAME));
    out.set(n, Math.max(r, covered));
  }
  return out;
}

/** An upper bound of a value as an unsigned 32-bit number (Infinity: none known). */
function umax(v: Value): number {
  const cap = (x: number) => (x > 0xffffffff ? Infinity : x);
  switch (v.op) {
    case 'const':
      return v.value;
    case 'load':
      return 2 ** (8 * v.size) - 1;
    case 'bin': {
      const a = umax(v.a);
      const b = umax(v.b);
      switch (v.fn) {
        case '&':
          return Math.min(a, b);
        case '+':
          return cap(a + b);
        case '*':
          return cap(a * b);
        case '<<':
          return v.b.op === 'const' && v.b.value < 32 ? cap(a * 2 ** v.b.value) : Infinity;
        case '>>':
          return v.b.op === 'const' ? (v.b.value < 32 ? Math.floor(a / 2 ** v.b.value) : 0) : a;
        default:
          return Infinity;
      }
    }
    default:
      return Infinity;
  }
}

/** Bytes a run-time-offset guard covers past its base, at most (a transport header's fixed part). */
const MAX_PTR_GUARD = 24;

interface PtrPlan {
  names: string[];
  /** Per test: the pointers to set (and guard) before its loads: base, variable, bytes guarded. */
  defs: Map<Test, { key: string; base: Value; name: string; bytes: number }[]>;
  /** Per test: the pointers set on every path to it in the guarded copy (by base key). */
  avail: Map<Test, Map<string, { name: string; bytes: number }>>;
}

/**
 * Run-time offsets in the guarded copy: a load at base + k whose base (e.g.
 * the IPv4 header length) is bounded and computed from bytes already checked
 * gets a pointer to data + base, set and guarded once for every load from that
 * base in the tests the setting test dominates (k + size up to MAX_PTR_GUARD).
 */
function planPointers(order: Test[], plan: LoadPlan, fixed: Map<Test, number>): PtrPlan {
  const idom = immediateDominators(order);
  const dominates = (n: Test, m: Test) => {
    for (let x: Test | undefined = m; x; x = idom.get(x)) if (x === n) return true;
    return false;
  };
  const varLoads = new Map<Test, { key: string; base: Value; end: number }[]>();
  for (const n of order) {
    const ls: { key: string; base: Value; end: number }[] = [];
    for (const l of loadsOf(n.cmp.b, loadsOf(n.cmp.a, []))) {
      if (l.op !== 'load' || l.offset.op === 'const') continue;
      const { base, add } = splitOffset(l.offset);
      const end = add + l.size;
      if (end <= MAX_PTR_GUARD && umax(base) + MAX_PTR_GUARD <= 0x7fff) ls.push({ key: valueKey(base), base, end });
    }
    varLoads.set(n, ls);
  }
  const out: PtrPlan = { names: [], defs: new Map(), avail: new Map() };
  for (const n of order) {
    const d = idom.get(n);
    const avail = new Map(d ? out.avail.get(d)! : []);
    const defs: { key: string; base: Value; name: string; bytes: number }[] = [];
    const names = plan.avail.get(n)!;
    for (const v of varLoads.get(n)!) {
      if (avail.has(v.key)) continue;
      // The base must be computable here without a check that could end the filter.
      const inner = loadsOf(v.base, []);
      if (!inner.every((l) => names.has(valueKey(l)) || (l.op === 'load' && l.offset.op === 'const' && l.offset.value + l.size <= fixed.get(n)!))) continue;
      let bytes = 0;
      for (const m of order) if (dominates(n, m)) for (const w of varLoads.get(m)!) if (w.key === v.key && w.end > bytes) bytes = w.end;
      const name = `xs_p${out.names.length}`;
      out.names.push(name);
      defs.push({ key: v.key, base: v.base, name, bytes });
      avail.set(v.key, { name, bytes });
    }
    out.defs.set(n, defs);
    out.avail.set(n, avail);
  }
  return out;
}

/**
 * A chain of at least this many == tests of one value becomes one set test
 * (a bitmap in .rodata: one load, one shift, one AND). Measured with
 * bench/'s harness (filter alone, mean over its 12 frames): `tcp dst port`
 * with 4 ports, tree 0.98 ns against bitmap 0.85; 8 ports 1.09 against 0.89;
 * 12 ports 1.43 against 0.95; `port` with 16, 2.43 against 1.46. Below 6 the
 * difference is within the noise, and comparisons keep the C readable.
 * Long chains also need it for size: a chain of 200 ports in each of 12
 * places as comparisons is ~56,500 instructions, beyond BPF's jump range.
 */
const MIN_SET = 6;

/** A chain of tests `v == k1`, `v == k2`, ... that all go to one place when true. */
interface SetTest {
  name: string;
  value: Value;
  /** The bitmap covers values up to mask (a power of two minus one); the chain's constants above it never match. */
  mask: number;
  members: number[];
  jt: Node;
  jf: Node;
}

function sameTarget(a: Node, b: Node): boolean {
  return a === b || (a.kind === 'leaf' && b.kind === 'leaf' && a.match === b.match);
}

/** A test `v == k` (either side constant, the other not) as v and k; not an opaque one. */
function constEquality(n: Test): { value: Value; k: number } | undefined {
  if (n.cmp.rel !== '==' || n.opaque) return undefined;
  if (n.cmp.b.op === 'const' && n.cmp.a.op !== 'const') return { value: n.cmp.a, k: n.cmp.b.value };
  if (n.cmp.a.op === 'const' && n.cmp.b.op !== 'const') return { value: n.cmp.b, k: n.cmp.a.value };
  return undefined;
}

/**
 * Long chains of equality tests of one value against constants, each taken
 * only from the one before it and all going to the same place when true (what
 * "port 21 or port 22 or ..." becomes): one bitmap test each, in place of the
 * comparisons (the value is read once either way, and a read that fails ends
 * the filter before the first comparison as before). Values up to 16 bits.
 */
function findSets(order: Test[]): { heads: Map<Test, SetTest>; absorbed: Set<Test> } {
  const preds = new Map<Node, number>();
  for (const n of order) for (const c of new Set([n.jt, n.jf])) preds.set(c, (preds.get(c) ?? 0) + 1);
  const eq = constEquality;
  const heads = new Map<Test, SetTest>();
  const absorbed = new Set<Test>();
  const names = new Map<string, string>();
  for (const n of order) {
    if (absorbed.has(n)) continue;
    const first = eq(n);
    if (!first || umax(first.value) > 0xffff || hasRunTimeState(first.value)) continue;
    const key = valueKey(first.value);
    const chain = [n];
    const values = [first.k];
    for (let cur = n; cur.jf.kind === 'test' && preds.get(cur.jf) === 1; ) {
      const m = cur.jf;
      const e = eq(m);
      if (!e || valueKey(e.value) !== key || !sameTarget(m.jt, n.jt)) break;
      chain.push(m);
      values.push(e.k);
      cur = m;
    }
    if (chain.length < MIN_SET) continue;
    const max = umax(first.value);
    const mask = max < 8 ? 7 : 2 ** Math.ceil(Math.log2(max + 1)) - 1;
    const members = [...new Set(values.filter((v) => v <= max))].sort((a, b) => a - b);
    // Chains with the same values share one bitmap.
    const same = `${mask}:${members.join(',')}`;
    const name = names.get(same) ?? `xs_set${names.size}`;
    names.set(same, name);
    heads.set(n, { name, value: first.value, mask, members, jt: n.jt, jf: chain[chain.length - 1]!.jf });
    for (const m of chain.slice(1)) absorbed.add(m);
  }
  return { heads, absorbed };
}

/** The bitmap of a set test as a C array. */
function setDecl(t: SetTest): string[] {
  const bytes = new Map<number, number>();
  for (const v of t.members) bytes.set(v >> 3, (bytes.get(v >> 3) ?? 0) | (1 << (v & 7)));
  const items = [...bytes].sort((a, b) => a[0] - b[0]).map(([i, b]) => `[${i}] = 0x${b.toString(16).padStart(2, '0')}`);
  const rows: string[] = [];
  for (let i = 0; i < items.length; i += 6) rows.push(`\t\t${items.slice(i, i + 6).join(', ')},`);
  return [`\t/* ${t.name}: ${t.members.length} values (${t.members.slice(0, 8).join(', ')}${t.members.length > 8 ? ', ...' : ''}) */`, `\tstatic const __u8 ${t.name}[${(t.mask + 1) / 8}] = {`, ...rows, '\t};'];
}

/**
 * The optimized graph as C statements: one `if` per test, in topological
 * order, falling through where the next test comes next. Every test is
 * commented with the primitive it comes from.
 *
 * Small graphs get two copies. The guarded copy runs first: before a test
 * it checks once that the first buffer holds the bytes the test and the
 * tests below it read at fixed offsets (the guard), and then reads them
 * without a check each (XS_DLD); a frame shorter than a guard continues in
 * the checked copy (XS_LD, the libpcap semantics of a load past the end) at
 * the same test. Both copies make the same loads and tests in the same
 * order, so they decide every frame alike; the guarded one does fewer
 * bounds checks.
 */
/** At most this many tests in a threaded fast copy, and at most this many times the graph's. */
const MAX_THREADED_TESTS = 1200;
const MAX_THREADED_GROWTH = 3;

/** What the tests made so far on a path say about values: `v == k` held, or which `v == k` failed. */
interface Facts {
  eq: ReadonlyMap<string, number>;
  ne: ReadonlyMap<string, ReadonlySet<number>>;
  /** Outcomes of other comparisons, by comparison key. */
  other: ReadonlyMap<string, boolean>;
}

/** A test as `value == k` on a value without run-time state, for facts. */
function equality(n: Test): { key: string; k: number } | undefined {
  const e = constEquality(n);
  return e && !hasRunTimeState(e.value) ? { key: valueKey(e.value), k: e.k } : undefined;
}

function comparisonKey(n: Test): string | undefined {
  if (n.opaque || hasRunTimeState(n.cmp.a) || hasRunTimeState(n.cmp.b)) return undefined;
  return `${valueKey(n.cmp.a)} ${n.cmp.rel} ${valueKey(n.cmp.b)}`;
}

/** A node of the threaded fast copy: a test of the graph, and where each outcome goes. */
interface Threaded {
  label: string;
  /** The test of the graph this node makes (groupChains may swap the tests of a chain). */
  test: Test;
  jt: Threaded | boolean;
  jf: Threaded | boolean;
}

/**
 * The fast copy of a graph whose loads all lie under one guard, with tests
 * whose outcome is known skipped (jump threading). In the graph a test is
 * shared by paths that know different things: in `ip6 host A or B or ...`
 * the test of the source address's first word follows both the paths where
 * it held and those where it did not, so every host tests it again. Here
 * each test is copied per what the paths reaching it know about the values
 * it and the tests after it compare (`v == k` held, or failed for some k;
 * other comparisons made), and a test that knowledge decides is left out.
 * Tests are never reordered: the frame is read in the same order as by the
 * graph, minus reads already made (a division by zero still ends the filter
 * where it did). Undefined when it would exceed the limits above.
 */
function threadGraph(root: Test, order: Test[]): { root: Threaded; count: number; skipped: number } | undefined {
  // Per node: the constants each value is compared with at or after it, and the other comparisons.
  const below = new Map<Node, { eq: Map<string, Set<number>>; other: Set<string> }>();
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    const eqs = new Map<string, Set<number>>();
    const other = new Set<string>();
    for (const c of [n.jt, n.jf]) {
      const b = c.kind === 'test' ? below.get(c)! : undefined;
      if (!b) continue;
      for (const [k, set] of b.eq) {
        const mine = eqs.get(k) ?? new Set<number>();
        for (const x of set) mine.add(x);
        eqs.set(k, mine);
      }
      for (const k of b.other) other.add(k);
    }
    const e = equality(n);
    if (e) eqs.set(e.key, (eqs.get(e.key) ?? new Set<number>()).add(e.k));
    else {
      const k = comparisonKey(n);
      if (k) other.add(k);
    }
    below.set(n, { eq: eqs, other });
  }
  const limit = Math.min(MAX_THREADED_TESTS, order.length * MAX_THREADED_GROWTH);
  const memo = new Map<string, Threaded | boolean>();
  let count = 0;
  let skipped = 0;
  const outcome = (n: Test, f: Facts): boolean | undefined => {
    const e = equality(n);
    if (e) {
      const v = f.eq.get(e.key);
      if (v !== undefined) return v === e.k;
      return f.ne.get(e.key)?.has(e.k) ? false : undefined;
    }
    const k = comparisonKey(n);
    return k === undefined ? undefined : f.other.get(k);
  };
  const learn = (n: Test, f: Facts, held: boolean): Facts => {
    const e = equality(n);
    if (e) {
      if (held) return { ...f, eq: new Map(f.eq).set(e.key, e.k) };
      return { ...f, ne: new Map(f.ne).set(e.key, new Set(f.ne.get(e.key)).add(e.k)) };
    }
    const k = comparisonKey(n);
    return k === undefined ? f : { ...f, other: new Map(f.other).set(k, held) };
  };
  // What of `f` can decide a test at or after n: the memo key.
  const relevant = (n: Test, f: Facts): string => {
    const b = below.get(n)!;
    const parts: string[] = [];
    for (const [k, consts] of b.eq) {
      const v = f.eq.get(k);
      if (v !== undefined) parts.push(`${k}=${v}`);
      else {
        const no = [...(f.ne.get(k) ?? [])].filter((x) => consts.has(x)).sort((x, y) => x - y);
        if (no.length) parts.push(`${k}!${no.join(',')}`);
      }
    }
    for (const k of b.other) if (f.other.has(k)) parts.push(`${k}?${f.other.get(k) ? 1 : 0}`);
    return `${n.id}|${parts.sort().join('|')}`;
  };
  const visit = (x: Node, f: Facts): Threaded | boolean | undefined => {
    if (x.kind === 'leaf') return x.match;
    const known = outcome(x, f);
    if (known !== undefined) {
      skipped++;
      return visit(known ? x.jt : x.jf, f);
    }
    const key = relevant(x, f);
    const seen = memo.get(key);
    if (seen !== undefined) return seen;
    if (++count > limit) return undefined;
    const t: Threaded = { label: `t${count - 1}`, test: x, jt: false, jf: false };
    memo.set(key, t);
    const jf = visit(x.jf, learn(x, f, false));
    const jt = jf === undefined ? undefined : visit(x.jt, learn(x, f, true));
    if (jt === undefined || jf === undefined) return undefined;
    t.jt = jt;
    t.jf = jf;
    return t;
  };
  const r = visit(root, { eq: new Map(), ne: new Map(), other: new Map() });
  if (r === undefined || typeof r === 'boolean') return undefined;
  groupChains(r);
  return { root: r, count, skipped };
}

/** Whether a value can end the filter early (XS_DIV, XS_MOD: a division by zero). */
function mayAbort(v: Value): boolean {
  if (v.op === 'bin') return v.fn === '/' || v.fn === '%' || mayAbort(v.a) || mayAbort(v.b);
  if (v.op === 'load') return mayAbort(v.offset);
  return false;
}

/**
 * In the threaded fast copy every load is under the guard, so a chain of
 * tests that each end the filter with the same verdict when they hold (an
 * "or" of tests; or, ending it when they fail, an "and") decides the same
 * whatever the order of its tests, as long as none can abort. Reordered so
 * that tests of one value come together (`host` lists alternate the
 * source's and the destination's), which clang then makes one search per
 * value.
 */
function groupChains(root: Threaded): void {
  const all: Threaded[] = [];
  const preds = new Map<Threaded, number>();
  const walk = (t: Threaded) => {
    if (preds.has(t)) return;
    preds.set(t, 0);
    all.push(t);
    for (const c of [t.jt, t.jf]) if (typeof c !== 'boolean') walk(c);
  };
  walk(root);
  for (const t of all) for (const c of [t.jt, t.jf]) if (typeof c !== 'boolean') preds.set(c, preds.get(c)! + 1);
  const inChain = new Set<Threaded>();
  for (const head of all) {
    if (inChain.has(head)) continue;
    for (const [ends, on] of [[true, 'jt'], [false, 'jf']] as const) {
      const via = on === 'jt' ? 'jf' : 'jt';
      if (head[on] !== ends) continue;
      const chain = [head];
      for (let cur = head; ; ) {
        const next = cur[via];
        if (typeof next === 'boolean' || next[on] !== ends || preds.get(next) !== 1 || inChain.has(next)) break;
        chain.push(next);
        cur = next;
      }
      if (chain.length < 3 || chain.some((t) => mayAbort(t.test.cmp.a) || mayAbort(t.test.cmp.b))) continue;
      const key = (t: Threaded) => {
        const e = equality(t.test);
        return e ? e.key : `~${t.test.id}`;
      };
      const first = new Map<string, number>();
      chain.forEach((t, i) => first.has(key(t)) || first.set(key(t), i));
      const tests = chain.map((t, i) => ({ test: t.test, i, g: first.get(key(t))! })).sort((x, y) => x.g - y.g || x.i - y.i);
      chain.forEach((t, i) => {
        t.test = tests[i]!.test;
        inChain.add(t);
      });
      break;
    }
  }
}

export function emitCfg(root: Node): string {
  if (root.kind === 'leaf') return `\treturn ${root.match ? 1 : 0};`;
  const order = topoOrder(root);
  const plan = planLoads(order);
  const index = new Map(order.map((n, i) => [n, i]));
  const sets = findSets(order);
  const guard = order.length - sets.absorbed.size <= MAX_GUARDED_TESTS ? guards(order) : undefined;
  const guarded = guard && order.some((n) => guard.get(n)! > 0) ? guard : undefined;
  const ptrs = guarded && plan ? planPointers(order, plan, guarded) : undefined;
  const out: string[] = [];
  const declared = new Set<string>();
  for (const t of sets.heads.values()) if (!declared.has(t.name)) out.push(...setDecl(t)), declared.add(t.name);
  if (plan && plan.names.length) out.push(`\t__u32 ${plan.names.map((v) => `${v} = 0`).join(', ')};`);
  if (ptrs && ptrs.names.length) out.push(`\tvoid ${ptrs.names.map((v) => `*${v} = data`).join(', ')};`);
  if (out.length) out.push('');

  // Blocks in emission order: [label, lines]; a goto to the next block's label is left out.
  interface Block {
    label?: string;
    lines: string[];
    next?: string;
    /** A guard block: left out when nothing jumps to it. */
    guard?: boolean;
  }
  const blocks: Block[] = [];
  const leaf = (n: Node) => (n.kind === 'leaf' ? `return ${n.match ? 1 : 0};` : undefined);

  const emitTest = (n: Test, bytes: number, label: string, to: (c: Test) => string, lastNote: { v?: string }, fast: boolean) => {
    if (sets.absorbed.has(n)) return;
    const set = sets.heads.get(n);
    const lines: string[] = [];
    if (n.note && n.note !== lastNote.v) lines.push(`\t/* ${commentText(n.note)} */`);
    lastNote.v = n.note;
    const names = plan?.avail.get(n);
    const here = fast ? (ptrs?.defs.get(n) ?? []) : [];
    const before = fast && ptrs ? new Map([...(ptrs.avail.get(n) ?? [])].filter(([k]) => !here.some((p) => p.key === k))) : undefined;
    // Each variable's load reads the variables defined before it (its own offset's loads).
    const defined = new Map(names ? [...names].filter(([, v]) => !plan!.defs.get(n)!.some((d) => d.name === v)) : []);
    // A pointer this test sets is set and guarded right before the first load from it.
    const setPointers = (v: Value) => {
      for (const l of loadsOf(v, [])) {
        if (l.op !== 'load' || l.offset.op === 'const') continue;
        const key = valueKey(splitOffset(l.offset).base);
        const p = here.find((x) => x.key === key);
        if (!p || before!.has(key)) continue;
        lines.push(`\t${p.name} = XS_PTR(${cValue(p.base, defined, { bytes, ptrs: before })});`);
        lines.push(`\tif (XS_UNLIKELY(${p.name} + ${p.bytes} > data_end))`, `\t\tgoto l${index.get(n)};`);
        before!.set(key, { name: p.name, bytes: p.bytes });
      }
    };
    for (const d of plan?.defs.get(n) ?? []) {
      if (fast) setPointers(d.load);
      lines.push(`\t${d.name} = ${cValue(d.load, defined, fast ? { bytes, ptrs: before } : undefined)};`);
      defined.set(valueKey(d.load), d.name);
    }
    if (fast) {
      setPointers(n.cmp.a);
      setPointers(n.cmp.b);
    }
    const dv: Direct | undefined = fast ? { bytes, ptrs: before } : undefined;
    const a = cValue(n.cmp.a, names, dv);
    const b = cValue(n.cmp.b, names, dv);
    const cond = set
      ? `XS_IN_SET(${cValue(set.value, names, dv)}, ${set.name}, 0x${set.mask.toString(16)})`
      : n.cmp.rel === '&' ? `(${a} & ${b}) != 0` : `${a} ${n.cmp.rel} ${b}`;
    lines.push(`\tif (${cond})`);
    const jt = set ? set.jt : n.jt;
    const jf = set ? set.jf : n.jf;
    const t = leaf(jt) ?? `goto ${to(jt as Test)};`;
    lines.push(`\t\t${t}`);
    const f = leaf(jf);
    blocks.push(f ? { label, lines: [...lines, `\t${f}`] } : { label, lines, next: to(jf as Test) });
  };

  // A graph read entirely under its first guard, with fixed offsets, gets a threaded fast copy.
  const g0 = guarded?.get(order[0]!) ?? 0;
  const fixedUnder = (n: Test) =>
    !hasRunTimeState(n.cmp.a) && !hasRunTimeState(n.cmp.b) &&
    loadsOf(n.cmp.b, loadsOf(n.cmp.a, [])).every((l) => l.op === 'load' && l.offset.op === 'const' && l.offset.value + l.size <= g0);
  const threaded = guarded && sets.heads.size === 0 && !ptrs?.names.length && order.every(fixedUnder) ? threadGraph(order[0]!, order) : undefined;
  if (threaded && threaded.skipped > 0) {
    blocks.push({
      lines: [
        `\t/* Guarded copy: the first ${g0} bytes are in the first buffer; tests already decided are left out. */`,
        `\tif (XS_UNLIKELY(data + ${g0} > data_end))`,
        '\t\tgoto l0;',
      ],
      next: threaded.root.label,
    });
    const direct: Direct = { bytes: g0 };
    const done = new Set<Threaded>();
    const note = { v: undefined as string | undefined };
    const go = (x: Threaded | boolean) => (typeof x === 'boolean' ? `return ${x ? 1 : 0};` : `goto ${x.label};`);
    const emitThreaded = (t: Threaded) => {
      if (done.has(t)) return;
      done.add(t);
      const n = t.test;
      const lines: string[] = [];
      if (n.note && n.note !== note.v) lines.push(`\t/* ${commentText(n.note)} */`);
      note.v = n.note;
      const a = cValue(n.cmp.a, undefined, direct);
      const b = cValue(n.cmp.b, undefined, direct);
      lines.push(`\tif (${n.cmp.rel === '&' ? `(${a} & ${b}) != 0` : `${a} ${n.cmp.rel} ${b}`})`, `\t\t${go(t.jt)}`);
      blocks.push(typeof t.jf === 'boolean' ? { label: t.label, lines: [...lines, `\t${go(t.jf)}`] } : { label: t.label, lines, next: t.jf.label });
      if (typeof t.jf !== 'boolean') emitThreaded(t.jf);
      if (typeof t.jt !== 'boolean') emitThreaded(t.jt);
    };
    emitThreaded(threaded.root);
    blocks.push({ lines: ['', '\t/* Checked copy: every load checks the end of the frame. */'] });
  } else if (guarded) {
    // Guarded copy: g<i> checks test i's guard (falling back to l<i>), f<i> runs it.
    const to = (from: Test) => (c: Test) => (guarded.get(from)! >= guarded.get(c)! ? `f${index.get(c)}` : `g${index.get(c)}`);
    const note = { v: undefined as string | undefined };
    order.forEach((n, i) => {
      const g = guarded.get(n)!;
      if (g > 0 && !sets.absorbed.has(n)) {
        blocks.push({
          ...(i === 0 ? {} : { label: `g${i}`, guard: true }),
          lines: [
            ...(i === 0 ? [`\t/* Guarded copy: the first ${g} bytes are in the first buffer. */`] : []),
            `\tif (XS_UNLIKELY(data + ${g} > data_end))`,
            `\t\tgoto l${i};`,
          ],
          next: `f${i}`,
        });
      }
      emitTest(n, g, `f${i}`, to(n), note, true);
    });
    blocks.push({ lines: ['', '\t/* Checked copy: every load checks the end of the frame. */'] });
  }
  const note = { v: undefined as string | undefined };
  order.forEach((n, i) => emitTest(n, 0, `l${i}`, (c) => `l${index.get(c)}`, note, false));

  // Lay out: guard blocks and labels that nothing jumps to are left out, as are gotos to the next block.
  const gotos = (b: Block) => b.lines.flatMap((l) => /goto (\w+);/.exec(l)?.[1] ?? []);
  const referenced = new Set(blocks.flatMap((b) => [...gotos(b), ...(b.next ? [b.next] : [])]));
  const kept = blocks.filter((b) => !b.guard || referenced.has(b.label!));
  const fallsInto = (k: number) => kept[k]!.next !== undefined && kept[k + 1]?.label === kept[k]!.next;
  const used = new Set(kept.flatMap((b, k) => [...gotos(b), ...(b.next && !fallsInto(k) ? [b.next] : [])]));
  kept.forEach((b, k) => {
    if (b.label && used.has(b.label)) out.push(`${b.label}:`);
    out.push(...b.lines);
    if (b.next && !fallsInto(k)) out.push(`\tgoto ${b.next};`);
  });
  return out.join('\n');
}

/**
 * Fill the template. `template` is the text of templates/xdp_filter.c with
 * its local includes already expanded by the caller.
 */
export function emitProgram(template: string, cfg: Node, opts: EmitOptions): string {
  if (commentText(opts.canonical) !== opts.canonical) throw new Error(`internal error: canonical expression is not safe for a C comment`);
  const slots: Record<string, string> = {
    '/*@FILTER_BANNER@*/': `/* filter: ${opts.canonical || '(empty: every frame)'} */`,
    '/*@ACTION@*/': `${ACTIONS[opts.action]} /* ${opts.action} */`,
    '/*@PREDICATE@*/': emitCfg(cfg),
  };
  let out = template;
  for (const [slot, text] of Object.entries(slots)) {
    if (!out.includes(slot)) throw new Error(`internal error: template has no slot ${slot}`);
    out = out.split(slot).join(text);
  }
  return out;
}
