/**
 * Lint "always-matches": an expression whose optimized test graph is the accept leaf matches
 * every frame (`tcp or not tcp`), like no expression at all. Never-matching expressions are
 * errors already ("rejects-all-packets"). The empty expression is tcpdump's "everything" and
 * gets no warning.
 */
import type { Expr } from '../ast.js';
import type { Node } from '../cfg.js';
import type { Diagnostic } from '../diagnostics.js';

/** A warning when the graph accepts every frame without a test. */
export function lintAlwaysMatches(ast: Expr, cfg: Node): Diagnostic[] {
  if (ast.kind === 'all' || cfg.kind !== 'leaf' || !cfg.match) return [];
  return [
    {
      severity: 'warning',
      code: 'always-matches',
      message: 'this expression matches every frame: its optimized test graph is a single "accept"',
      span: ast.span,
      suggestion: 'silence this with --silence always-matches if that is what you mean',
    },
  ];
}
