/**
 * IR to C: the predicate becomes one C expression placed into the template's
 * /*@PREDICATE@*\/ slot. Only numbers from the IR and comment text from the
 * lowering tables reach the C; nothing the user typed is copied verbatim
 * (the banner is re-printed from the AST, whose words are all validated).
 */
import type { Pred, Value } from './ir.js';
import { topoOrder, type Node } from './cfg.js';

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

function cValue(v: Value): string {
  switch (v.op) {
    case 'const':
      return constText(v.value);
    case 'load': {
      const macro = v.size === 1 ? 'XS_LD8' : v.size === 2 ? 'XS_LD16' : 'XS_LD32';
      return `${macro}(${v.offset.op === 'const' ? String(v.offset.value) : cValue(v.offset)})`;
    }
    case 'len':
      return 'XS_WIRE_LEN()';
    case 'reg':
      return `xs_${v.name}`;
    case 'geneve':
      return `XS_GENEVE(${cValue(v.net)}, ${cValue(v.base)})`;
    case 'protochain':
      return `XS_PROTOCHAIN(${v.v6 ? 1 : 0}, ${v.net}, ${v.target})`;
    case 'meta':
      return v.field === 'ifindex' ? 'ctx->ingress_ifindex' : 'XS_PKTTYPE';
    case 'bin':
      switch (v.fn) {
        case '/':
          return `XS_DIV(${cValue(v.a)}, ${cValue(v.b)})`;
        case '%':
          return `XS_MOD(${cValue(v.a)}, ${cValue(v.b)})`;
        case '<<':
          return v.b.op === 'const' ? `(${cValue(v.a)} << ${v.b.value})` : `XS_SHL(${cValue(v.a)}, ${cValue(v.b)})`;
        case '>>':
          return v.b.op === 'const' ? `(${cValue(v.a)} >> ${v.b.value})` : `XS_SHR(${cValue(v.a)}, ${cValue(v.b)})`;
        default:
          return `(${cValue(v.a)} ${v.fn} ${cValue(v.b)})`;
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

/**
 * The optimized graph as C statements: one `if` per test, in topological
 * order, falling through to the false branch where it comes next. Every
 * test is commented with the primitive it comes from.
 */
export function emitCfg(root: Node): string {
  if (root.kind === 'leaf') return `\treturn ${root.match ? 1 : 0};`;
  const order = topoOrder(root);
  const index = new Map(order.map((n, i) => [n, i]));
  const targets = new Set<Node>();
  order.forEach((n, i) => {
    targets.add(n.jt);
    if (order[i + 1] !== n.jf) targets.add(n.jf);
  });
  const go = (n: Node) => (n.kind === 'leaf' ? `return ${n.match ? 1 : 0};` : `goto l${index.get(n)};`);
  const out: string[] = [];
  let lastNote: string | undefined;
  order.forEach((n, i) => {
    if (i > 0 && targets.has(n)) out.push(`l${i}:`);
    if (n.note && n.note !== lastNote) out.push(`\t/* ${commentText(n.note)} */`);
    lastNote = n.note;
    const cond = n.cmp.rel === '&' ? `(${cValue(n.cmp.a)} & ${cValue(n.cmp.b)}) != 0` : `${cValue(n.cmp.a)} ${n.cmp.rel} ${cValue(n.cmp.b)}`;
    out.push(`\tif (${cond})`);
    out.push(`\t\t${go(n.jt)}`);
    if (order[i + 1] !== n.jf) out.push(`\t${go(n.jf)}`);
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
