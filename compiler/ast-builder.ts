/**
 * CST to AST, and lexer/parser errors to diagnostics.
 *
 * Qualifier inheritance follows libpcap's grammar exactly: an identifier
 * after "and"/"or" takes the qualifiers of the term before it; a
 * parenthesised expression passes on the qualifiers that were current
 * before its "(" ; "not" passes them through; a protocol name, a relation
 * or another primitive leaves none (a bare identifier after it is an error).
 */
import type { CstNode, IToken } from 'chevrotain';
import { KEYWORDS, NAMED_NUMBERS, parseFilter, PNAME_WORDS, tokenize, type NumToken } from '../grammar/index.js';
import type { Arith, DirQ, Expr, IdAtom, ProtoQ, Qualifiers, RelOp } from './ast.js';
import { didYouMean, ExpressionError, fail, type Diagnostic } from './diagnostics.js';
import { cover, type Source, type Span } from './source.js';

type Kids = Record<string, (CstNode | IToken)[] | undefined>;
const kids = (n: CstNode): Kids => n.children as Kids;
const node = (k: Kids, label: string, i = 0): CstNode | undefined => k[label]?.[i] as CstNode | undefined;
const tok = (k: Kids, label: string, i = 0): IToken | undefined => k[label]?.[i] as IToken | undefined;
const toks = (k: Kids, label: string): IToken[] => (k[label] ?? []) as IToken[];
const nodes = (k: Kids, label: string): CstNode[] => (k[label] ?? []) as CstNode[];

function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

/** The span of a CST node: from its first token to its last. */
function cstSpan(n: CstNode): Span {
  let start = Infinity;
  let end = -Infinity;
  const walk = (c: CstNode) => {
    for (const list of Object.values(c.children)) {
      for (const x of list as (CstNode | IToken)[]) {
        if ('image' in x) {
          start = Math.min(start, x.startOffset);
          end = Math.max(end, x.startOffset + x.image.length);
        } else walk(x);
      }
    }
  };
  walk(n);
  return { start, end };
}

/**
 * How deeply parentheses, brackets and runs of "not" and unary "-" may nest.
 * The parser and the later stages recurse once per level; past this they
 * would run out of stack, so deeper input is refused with a diagnostic
 * (libpcap's bison parser has a limit too, at a few thousand levels).
 */
export const MAX_NESTING = 256;

/**
 * How many arithmetic operators (binary and unary) one comparison may have:
 * its left-deep operator chains are walked recursively by every later stage.
 */
export const MAX_ARITH_OPERATORS = 1024;

/** Refuse input nested deeper than MAX_NESTING, pointing at the token that goes too deep. */
function checkNesting(source: Source): void {
  const { tokens } = tokenize(source.text);
  let open = 0;
  let run = 0;
  for (const t of tokens) {
    const name = t.tokenType.name;
    if (name === 'LParen' || name === 'LBracket') open++;
    else if (name === 'RParen' || name === 'RBracket') open = Math.max(0, open - 1);
    if (name === 'Not' || name === 'Minus') run++;
    else if (name !== 'LParen' && name !== 'LBracket') run = 0;
    if (open + run > MAX_NESTING) {
      fail(source, 'nesting-too-deep', `expression nested too deeply: parentheses, brackets, "not" and "-" may nest ${MAX_NESTING} levels`, tokenSpan(t));
    }
  }
}

/** Parse and build the AST of an expression; throws ExpressionError on bad input. */
export function buildAst(source: Source): Expr {
  checkNesting(source);
  const { cst, lexErrors, parseErrors } = parseFilter(source.text);
  if (lexErrors.length > 0) {
    const e = lexErrors[0]!;
    fail(source, e.code, e.message, { start: e.start, end: e.end });
  }
  if (parseErrors.length > 0) throw new ExpressionError(source, [unclosedParen(source) ?? parseDiagnostic(source, parseErrors[0]!)]);
  const expr = node(kids(cst), 'expr');
  if (!expr) return { kind: 'all', span: { start: 0, end: source.text.length } };
  return new Builder(source).expr(expr, null).e;
}

/** A "(" that is never closed (or a ")" never opened) explains a syntax error better than the parser's guess. */
function unclosedParen(source: Source): Diagnostic | undefined {
  const open: number[] = [];
  const { tokens } = tokenize(source.text);
  for (const t of tokens) {
    if (t.tokenType.name === 'LParen') open.push(t.startOffset);
    else if (t.tokenType.name === 'RParen') {
      if (open.length === 0) return { severity: 'error', code: 'unbalanced-parenthesis', message: 'this ")" closes nothing', span: { start: t.startOffset, end: t.startOffset + 1 } };
      open.pop();
    }
  }
  const at = open.pop();
  return at === undefined ? undefined : { severity: 'error', code: 'unbalanced-parenthesis', message: 'this "(" is never closed', span: { start: at, end: at + 1 } };
}

function parseDiagnostic(source: Source, err: { token: IToken; message: string }): Diagnostic {
  const t = err.token;
  if (t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset)) {
    const end = source.text.trimEnd().length;
    return {
      severity: 'error',
      code: 'unexpected-end',
      message: 'unexpected end of expression: something must follow the last word',
      span: { start: Math.max(0, end - 1), end: Math.max(1, end) },
    };
  }
  const span = tokenSpan(t);
  // A misspelt keyword often parses as a name and the error surfaces at the next word.
  const { tokens } = tokenize(source.text);
  const at = tokens.findIndex((x) => x.startOffset === t.startOffset);
  const prev = at > 0 ? tokens[at - 1] : undefined;
  if (prev && prev.tokenType.name === 'Id') {
    const guess = didYouMean(prev.image, KEYWORDS);
    return {
      severity: 'error',
      code: 'unknown-keyword',
      message: `unknown word "${prev.image}": a keyword of pcap-filter(7) was expected before "${t.image}"`,
      span: tokenSpan(prev),
      ...(guess && guess !== prev.image ? { suggestion: `did you mean "${guess}"?` } : {}),
    };
  }
  if (t.tokenType.name === 'Id') {
    // After a comparison operator a number is expected: the named constants are the likely intent.
    const afterRelop = prev !== undefined && ['Gt', 'Geq', 'Eq', 'Leq', 'Lt', 'Neq', 'Amp', 'Pipe', 'Plus', 'Minus', 'Star', 'Slash', 'Percent', 'Caret', 'Lsh', 'Rsh', 'LBracket'].includes(prev.tokenType.name);
    if (afterRelop) {
      const guess = didYouMean(t.image, Object.keys(NAMED_NUMBERS));
      return {
        severity: 'error',
        code: 'unknown-constant',
        message: `"${t.image}" is not a number or a named constant (such as tcp-syn, icmp-echo, tcpflags)`,
        span,
        ...(guess ? { suggestion: `did you mean "${guess}"?` } : {}),
      };
    }
    const guess = didYouMean(t.image, KEYWORDS);
    const lower = t.image.toLowerCase();
    return {
      severity: 'error',
      code: 'unknown-keyword',
      message: `unexpected name "${t.image}": a name or address needs a qualifier before it, such as "host ${t.image}"`,
      span,
      ...(guess && guess !== t.image ? { suggestion: `did you mean "${guess}"?` } : {}),
      ...(lower !== t.image && KEYWORDS.includes(lower) ? { notes: ['keywords are lower case, as in tcpdump'] } : {}),
    };
  }
  if (t.tokenType.name === 'RParen') return { severity: 'error', code: 'unbalanced-parenthesis', message: 'unexpected ")" with no matching "("', span };
  return { severity: 'error', code: 'unexpected-token', message: `unexpected "${t.image}" here`, span };
}

type BinaryOp = Extract<Arith, { kind: 'binary' }>['op'];

/** Qualifiers in force, or null where libpcap has none to pass on (qerr). */
type Q = Qualifiers | null;

/** bison's precedences for arithmetic; '%' and '^' have none (bison then always shifts). */
const PREC: Record<string, number | undefined> = { '|': 1, '&': 2, '<<': 3, '>>': 3, '+': 4, '-': 4, '*': 5, '/': 5 };
const UMINUS = 6;

class Builder {
  constructor(readonly source: Source) {}

  private fail(code: string, message: string, span: Span): never {
    fail(this.source, code, message, span);
  }

  // expr: term | expr and term | expr and id | expr or term | expr or id
  expr(cst: CstNode, qBefore: Q): { e: Expr; q: Q } {
    const k = kids(cst);
    let { e, q } = this.term(node(k, 'first')!, qBefore);
    const ops = toks(k, 'operators');
    nodes(k, 'rest').forEach((rest, i) => {
      let right: Expr;
      if (rest.name === 'id') {
        right = this.id(rest, q, true);
      } else {
        const r = this.term(rest, q);
        right = r.e;
        q = r.q;
      }
      const kind = ops[i]!.tokenType.name === 'And' ? 'and' : 'or';
      e = { kind, left: e, right, span: cover(e.span, right.span) };
    });
    return { e, q };
  }

  // term: rterm | not term
  term(cst: CstNode, qBefore: Q): { e: Expr; q: Q } {
    const k = kids(cst);
    const neg = node(k, 'negated');
    if (neg) {
      const r = this.term(neg, qBefore);
      return { e: { kind: 'not', operand: r.e, span: cover(tokenSpan(tok(k, 'Not')!), r.e.span) }, q: r.q };
    }
    return this.rterm(node(k, 'rterm')!, qBefore);
  }

  // rterm: head id | paren expr ')' | pname | arth relop arth | arth irelop arth | other
  rterm(cst: CstNode, qBefore: Q): { e: Expr; q: Q } {
    const k = kids(cst);
    const head = node(k, 'head');
    if (head) {
      const q = this.head(head);
      return { e: this.id(node(k, 'target')!, q, false), q };
    }
    const inner = node(k, 'inner');
    if (inner) {
      const r = this.expr(inner, qBefore);
      return { e: { ...r.e, span: cover(tokenSpan(tok(k, 'LParen')!), tokenSpan(tok(k, 'RParen')!)) }, q: qBefore };
    }
    const pname = tok(k, 'pname');
    if (pname) return { e: { kind: 'proto', proto: protoOf(pname), span: tokenSpan(pname) }, q: null };
    const rel = node(k, 'relation');
    if (rel) return { e: this.relation(rel), q: null };
    return { e: this.other(node(k, 'other')!), q: null };
  }

  // head: pqual dqual aqual | pqual dqual | pqual aqual | pqual PROTO | pqual PROTOCHAIN | pqual ndaqual
  head(cst: CstNode): Qualifiers {
    const k = kids(cst);
    const q: Qualifiers = { span: cstSpan(cst) };
    const p = tok(k, 'pqual');
    if (p) q.proto = protoOf(p);
    const d = node(k, 'dqual');
    if (d) q.dir = dirOf(toks(kids(d), 'words'));
    const a = tok(k, 'aqual');
    if (a) q.addr = a.image as Qualifiers['addr'];
    if (tok(k, 'proto')) q.addr = 'proto';
    if (tok(k, 'protochain')) q.addr = 'protochain';
    if (tok(k, 'gateway')) q.addr = 'gateway';
    return q;
  }

  /** id: nid | pnum | paren pid ')' — every identifier in a group gets the same qualifiers. */
  id(cst: CstNode, q: Q, inherited: boolean): Expr {
    const k = kids(cst);
    const span = cstSpan(cst);
    const neg = node(k, 'negated');
    if (neg) {
      const operand = this.id(neg, q, inherited);
      return { kind: 'not', operand, span: cover(tokenSpan(tok(k, 'Not')!), operand.span) };
    }
    const group = nodes(k, 'group');
    if (group.length > 0) {
      const ops = toks(k, 'operators');
      let e = this.id(group[0]!, q, inherited);
      group.slice(1).forEach((g, i) => {
        const right = this.id(g, q, inherited);
        e = { kind: ops[i]!.tokenType.name === 'And' ? 'and' : 'or', left: e, right, span: cover(e.span, right.span) };
      });
      return { ...e, span };
    }
    const atom = this.atom(k, span);
    if (!q) {
      const text = this.source.slice(atom.span);
      const guess = atom.kind === 'name' ? didYouMean(text, KEYWORDS) : undefined;
      fail(this.source, 'no-qualifier-to-inherit', `"${text}" has no qualifier to inherit: after a protocol name, a comparison or a parenthesis, write the qualifier, e.g. "host ${text}"`, atom.span, guess ? { suggestion: `did you mean "${guess}"?` } : {});
    }
    return { kind: 'qualified', q, id: atom, inherited, span: inherited ? atom.span : cover(q.span, atom.span) };
  }

  private atom(k: Kids, span: Span): IdAtom {
    const hid = tok(k, 'hid');
    const prefix = tok(k, 'prefix') as NumToken | undefined;
    if (hid) {
      const mask = tok(k, 'mask');
      if (prefix) return { kind: 'ipv4-prefix', text: hid.image, len: prefix.payload, span };
      if (mask) return { kind: 'ipv4-mask', text: hid.image, mask: mask.image, span };
      return { kind: 'ipv4', text: hid.image, span };
    }
    const hid6 = tok(k, 'hid6');
    if (hid6) return prefix ? { kind: 'ipv6-prefix', text: hid6.image, len: prefix.payload, span } : { kind: 'ipv6', text: hid6.image, span };
    const name = tok(k, 'name');
    if (name) return { kind: 'name', text: name.image.startsWith('\\') ? name.image.slice(1) : name.image, span };
    const eid = tok(k, 'eid');
    if (eid) return { kind: 'mac', text: eid.image, span };
    const aid = tok(k, 'aid');
    if (aid) return { kind: 'arcnet', text: aid.image, span };
    return { kind: 'number', value: this.pnum(node(k, 'pnum')!), span };
  }

  // pnum: NUM | paren pnum ')'
  pnum(cst: CstNode): number {
    const k = kids(cst);
    const n = tok(k, 'num') as NumToken | undefined;
    return n ? n.payload : this.pnum(node(k, 'inner')!);
  }

  /** Arithmetic operators seen so far in the current comparison (see MAX_ARITH_OPERATORS). */
  private arithOps = 0;

  relation(cst: CstNode): Expr {
    const k = kids(cst);
    this.arithOps = 0;
    const op = tok(k, 'op')!;
    const left = this.arith(node(k, 'left')!);
    const right = this.arith(node(k, 'right')!);
    const rel = (op.image === '==' ? '=' : op.image) as RelOp;
    return { kind: 'relation', op: rel, left, right, span: cover(left.span, right.span) };
  }

  /** Operands and operators in source order, given bison's precedences (see PREC). */
  arith(cst: CstNode): Arith {
    const k = kids(cst);
    const operands = nodes(k, 'operands');
    const operators = toks(k, 'operators');
    this.countArith(operators.length + operands.reduce((n, o) => n + toks(kids(o), 'negations').length, 0), cst);
    type Op = { op: string; tok: IToken };
    const values: Arith[] = [];
    const stack: Op[] = [];
    const reduce = () => {
      const top = stack.pop()!;
      if (top.op === 'neg') {
        const a = values.pop()!;
        values.push({ kind: 'neg', a, span: cover(tokenSpan(top.tok), a.span) });
      } else {
        const b = values.pop()!;
        const a = values.pop()!;
        values.push({ kind: 'binary', op: top.op as BinaryOp, a, b, span: cover(a.span, b.span) });
      }
    };
    const precOf = (o: Op) => (o.op === 'neg' ? UMINUS : PREC[o.op]);
    const shouldReduce = (top: Op, la: string) => {
      const pt = precOf(top);
      const pl = PREC[la];
      if (pt === undefined || pl === undefined) return false; // no precedence: bison shifts
      return pt >= pl; // all declared operators are left-associative
    };
    operands.forEach((o, i) => {
      if (i > 0) {
        const op = operators[i - 1]!;
        while (stack.length && shouldReduce(stack[stack.length - 1]!, op.image)) reduce();
        stack.push({ op: op.image, tok: op });
      }
      const ok = kids(o);
      for (const m of toks(ok, 'negations')) stack.push({ op: 'neg', tok: m });
      values.push(this.primary(o));
    });
    while (stack.length) reduce();
    return values[0]!;
  }

  private countArith(n: number, cst: CstNode): void {
    this.arithOps += n;
    if (this.arithOps > MAX_ARITH_OPERATORS) {
      this.fail('arithmetic-too-long', `comparison too long: at most ${MAX_ARITH_OPERATORS} arithmetic operators in one comparison`, cstSpan(cst));
    }
  }

  private primary(cst: CstNode): Arith {
    const k = kids(cst);
    const span = cstSpan(cst);
    const num = tok(k, 'num') as NumToken | undefined;
    if (num) return { kind: 'num', value: num.payload, span: tokenSpan(num) };
    const len = tok(k, 'len');
    if (len) return { kind: 'len', span: tokenSpan(len) };
    const inner = node(k, 'inner');
    if (inner) return this.arith(inner);
    const pname = tok(k, 'pname')!;
    const size = tok(k, 'size') as NumToken | undefined;
    const n = size ? size.payload : 1;
    if (n !== 1 && n !== 2 && n !== 4) this.fail('bad-load-size', `a packet-data load takes 1, 2 or 4 bytes, not ${n}`, tokenSpan(size!));
    const index = this.arith(node(k, 'index')!);
    return { kind: 'load', proto: protoOf(pname), index, size: n, span: { start: tokenSpan(pname).start, end: span.end } };
  }

  other(cst: CstNode): Expr {
    const k = kids(cst);
    const span = cstSpan(cst);
    const kw = tok(k, 'keyword');
    const pq = tok(k, 'pqual');
    const nums = (toks(k, 'num') as NumToken[]).map((t) => t.payload);
    const pnumNode = node(k, 'pnum');
    const arg = pnumNode ? this.pnum(pnumNode) : undefined;
    const foreign = tok(k, 'foreign');
    if (foreign) return { kind: 'unsupported', what: foreign.image, message: foreignMessage(foreign.image, pq?.image), span };
    switch (kw!.tokenType.name) {
      case 'Broadcast':
      case 'Multicast':
        return kw!.tokenType.name === 'Broadcast'
          ? { kind: 'broadcast', ...(pq ? { proto: protoOf(pq) } : {}), span }
          : { kind: 'multicast', ...(pq ? { proto: protoOf(pq) } : {}), span };
      case 'Less':
        return { kind: 'less', value: nums[0]!, span };
      case 'Greater':
        return { kind: 'greater', value: nums[0]!, span };
      case 'Ifindex':
        return { kind: 'ifindex', value: nums[0]!, span };
      case 'Byte':
        return { kind: 'byte', offset: nums[0]!, op: tok(k, 'byteop')!.image as '&', value: nums[1]!, span };
      case 'Inbound':
        return { kind: 'inbound', span };
      case 'Outbound':
        return { kind: 'outbound', span };
      case 'Pppoed':
        return { kind: 'pppoed', span };
      case 'Vlan':
        return { kind: 'vlan', ...(arg !== undefined ? { id: arg } : {}), span };
      case 'Mpls':
        return { kind: 'mpls', ...(arg !== undefined ? { label: arg } : {}), span };
      case 'Pppoes':
        return { kind: 'pppoes', ...(arg !== undefined ? { session: arg } : {}), span };
      case 'Geneve':
        return { kind: 'geneve', ...(arg !== undefined ? { vni: arg } : {}), span };
      case 'Llc': {
        const t = tok(k, 'llcType');
        return { kind: 'llc', ...(t ? { subtype: t.image } : {}), span };
      }
    }
    throw new Error(`internal error: unhandled primitive ${kw!.image}`);
  }
}

function protoOf(t: IToken): ProtoQ {
  return PNAME_WORDS[t.image] as ProtoQ;
}

function dirOf(words: IToken[]): DirQ {
  const w = words.map((t) => t.tokenType.name);
  if (w.length === 3) return w[1] === 'Or' ? 'src or dst' : 'src and dst';
  if (w[0] === 'Src') return 'src';
  if (w[0] === 'Dst') return 'dst';
  const image = words[0]!.image;
  return (image.startsWith('address') ? `addr${image.slice(-1)}` : image) as DirQ;
}

function foreignMessage(word: string, pqual: string | undefined): string {
  if (['type', 'subtype', 'direction', 'dir'].includes(word)) return `"${pqual ? `${pqual} ` : ''}${word}" tests 802.11 headers, which Ethernet frames do not have`;
  if (['on', 'ifname', 'rset', 'ruleset', 'rnr', 'rulenum', 'srnr', 'subrulenum', 'reason', 'action'].includes(word)) return `"${word}" tests OpenBSD pf log headers, which Ethernet frames do not have`;
  if (['fisu', 'lssu', 'lsu', 'msu', 'hfisu', 'hlssu', 'hmsu', 'sio', 'opc', 'dpc', 'sls', 'hsio', 'hopc', 'hdpc', 'hsls'].includes(word)) return `"${word}" tests SS7 MTP headers, which Ethernet frames do not have`;
  return `"${word}" tests ATM headers, which Ethernet frames do not have`;
}
