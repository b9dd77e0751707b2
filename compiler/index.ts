/**
 * compiler/: expression text to C source, pure (no files, no processes).
 *
 *   Source ─► AST (ast-builder) ─► checked AST (checks/) ─► IR (lower) ─► C (emit-c)
 */
import { buildAst } from './ast-builder.js';
import type { Expr } from './ast.js';
import { buildCfg, cfgOf, OPTIMIZER_BUDGET, OptimizerBudgetError, type Node } from './cfg.js';
import { ExpressionError } from './diagnostics.js';
import { emitProgram, type Action } from './emit-c.js';
import type { Pred } from './ir.js';
import { hasProtochain, lower, type Resolver } from './lower/index.js';
import { canonical } from './print.js';
import { Source } from './source.js';

export { Source } from './source.js';
export type { Resolver } from './lower/qualified.js';
export { namesNeeded, type NamesNeeded } from './names/needed.js';

/** Parse an expression to its AST (no lowering); throws ExpressionError. */
export function parseExpression(input: string | Source): Expr {
  return buildAst(typeof input === 'string' ? new Source(input) : input);
}
export type { Span } from './source.js';
export { ExpressionError, renderDiagnostic, type Diagnostic } from './diagnostics.js';
export { ACTIONS, type Action } from './emit-c.js';
export { printAst } from './print.js';
export type { Expr } from './ast.js';
export { printPred, printValue } from './ir.js';
export { printCfg } from './cfg.js';
export type { Pred } from './ir.js';
export { canonical } from './print.js';

export interface Compiled {
  source: Source;
  ast: Expr;
  ir: Pred;
  /** The IR as a graph of tests, optimized as libpcap's optimizer would. */
  cfg: Node;
  /** The expression re-printed from the AST. */
  canonical: string;
}

/** Parse, check and lower an expression. Throws ExpressionError for bad input. */
export function compileExpression(input: string | Source, opts: { resolver?: Resolver; ast?: Expr } = {}): Compiled {
  const source = typeof input === 'string' ? new Source(input) : input;
  const ast = opts.ast ?? buildAst(source);
  const ir = lower(source, ast, opts.resolver);
  // Like libpcap, no optimizer (and so no "rejects all packets") with protochain.
  const optimized = !hasProtochain(ast);
  let cfg: Node;
  try {
    cfg = optimized ? cfgOf(ir) : buildCfg(ir);
  } catch (e) {
    if (!(e instanceof OptimizerBudgetError)) throw e;
    throw new ExpressionError(source, [{ severity: 'error', code: 'too-complex', message: `expression too large to optimize: ${e.tests} tests, and the optimizer's limit of ${OPTIMIZER_BUDGET} steps was reached`, span: ast.span, notes: ['split it into several filters, or group alternatives (e.g. "host a or b" instead of separate primitives)'] }]);
  }
  if (optimized && cfg.kind === 'leaf' && !cfg.match) {
    throw new ExpressionError(source, [
      {
        severity: 'error',
        code: 'rejects-all-packets',
        message: 'expression rejects all packets: no frame can match it',
        span: ast.span,
        notes: ['libpcap refuses such expressions too ("expression rejects all packets")'],
      },
    ]);
  }
  return { source, ast, ir, cfg, canonical: canonical(ast) };
}

/** The complete C program for a compiled expression, given the template text (includes expanded). */
export function generateC(compiled: Compiled, template: string, action: Action): string {
  return emitProgram(template, compiled.cfg, { canonical: compiled.canonical, action });
}

export { lastReadUnsetRegister, matches, matchesCfg } from './interpret.js';
import { lintAllowNeighbours } from './lint/allow-drops-neighbours.js';
import { lintAlwaysMatches } from './lint/always-matches.js';
import { lintOrLoadRejects } from './lint/or-load-rejects.js';
import { lintPortIpv6Ext } from './lint/port-ipv6-ext.js';
import { lintVlanAfterTest } from './lint/vlan-after-test.js';
import type { Diagnostic } from './diagnostics.js';

/**
 * Warnings about what a compiled filter will do under an action (never errors), one rule per
 * file in lint/, each with a code that `--silence CODE` silences.
 */
export function lint(compiled: Compiled, action: Action): Diagnostic[] {
  const { ast, ir, cfg } = compiled;
  return [
    ...(action === 'allow' ? lintAllowNeighbours(ir, ast.span) : []),
    ...lintAlwaysMatches(ast, cfg),
    ...lintVlanAfterTest(ast),
    ...lintPortIpv6Ext(ast, cfg, action),
    ...lintOrLoadRejects(ast),
  ];
}
