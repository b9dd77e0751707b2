/**
 * CST to AST, and the translation of lexer/parser errors into diagnostics.
 */
import type { IToken } from 'chevrotain';
import { KEYWORDS, parseFilter, type ExprCst, type PrimitiveCst, type TermCst, type ProtoWord } from '../grammar/index.js';
import type { Expr } from './ast.js';
import { didYouMean, ExpressionError, fail, type Diagnostic } from './diagnostics.js';
import { cover, type Source, type Span } from './source.js';

function tokenSpan(t: IToken): Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

/** Parse and build the AST of an expression; throws ExpressionError on bad input. */
export function buildAst(source: Source): Expr {
  const { cst, lexErrors, parseErrors } = parseFilter(source.text);
  if (lexErrors.length > 0) {
    const e = lexErrors[0]!;
    const ch = source.text.slice(e.offset, e.offset + 1);
    fail(source, 'unexpected-character', `unexpected character "${ch}"`, { start: e.offset, end: e.offset + Math.max(1, e.length) });
  }
  if (parseErrors.length > 0) throw new ExpressionError(source, [parseDiagnostic(source, parseErrors[0]!)]);
  const expr = cst.children.expr?.[0];
  if (!expr) return { kind: 'all', span: { start: 0, end: source.text.length } };
  return buildExpr(expr);
}

function parseDiagnostic(source: Source, err: { token: IToken; message: string; name: string }): Diagnostic {
  const t = err.token;
  if (t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset)) {
    const end = source.text.trimEnd().length;
    return {
      severity: 'error',
      code: 'unexpected-end',
      message: 'unexpected end of expression: expected a primitive such as "icmp" or "tcp" after the last operator',
      span: { start: Math.max(0, end - 1), end: Math.max(1, end) },
    };
  }
  const span = tokenSpan(t);
  if (t.tokenType.name === 'Name') {
    const guess = didYouMean(t.image, KEYWORDS);
    return {
      severity: 'error',
      code: 'unknown-keyword',
      message: `unknown or unsupported primitive "${t.image}"`,
      span,
      ...(guess ? { suggestion: `did you mean "${guess}"?` } : {}),
      notes: t.image.toLowerCase() !== t.image && KEYWORDS.includes(t.image.toLowerCase()) ? ['keywords are lower case, as in tcpdump'] : [],
    };
  }
  if (t.tokenType.name === 'RParen') {
    return { severity: 'error', code: 'unbalanced-parenthesis', message: 'unexpected ")" with no matching "("', span };
  }
  return { severity: 'error', code: 'unexpected-token', message: `unexpected "${t.image}"`, span, notes: [describeExpected(err.message)] };
}

/** Chevrotain's "Expecting ..." message, trimmed to one line. */
function describeExpected(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/^Expecting:?\s*/i, 'expected ').replace(/but found:.*$/, '').trim();
}

// expr: term ((and | or) term)*  — left-associative, equal precedence
function buildExpr(cst: ExprCst): Expr {
  const operands = cst.children.operands.map(buildTerm);
  const operators = cst.children.operators ?? [];
  let acc = operands[0]!;
  operators.forEach((op, i) => {
    const right = operands[i + 1]!;
    const kind = op.tokenType.name === 'And' ? 'and' : 'or';
    acc = { kind, left: acc, right, span: cover(acc.span, right.span) };
  });
  return acc;
}

// term: not term | '(' expr ')' | primitive
function buildTerm(cst: TermCst): Expr {
  const c = cst.children;
  if (c.Not && c.negated) {
    const operand = buildTerm(c.negated[0]!);
    return { kind: 'not', operand, span: cover(tokenSpan(c.Not[0]!), operand.span) };
  }
  if (c.inner) {
    const inner = buildExpr(c.inner[0]!);
    // The parentheses belong to the span, so a caret covers them too.
    return { ...inner, span: cover(tokenSpan(c.LParen![0]!), tokenSpan(c.RParen![0]!)) };
  }
  return buildPrimitive(c.primitive![0]!);
}

// primitive: pname
function buildPrimitive(cst: PrimitiveCst): Expr {
  const t = cst.children.proto[0]!;
  return { kind: 'proto', proto: t.image as ProtoWord, span: tokenSpan(t) };
}
