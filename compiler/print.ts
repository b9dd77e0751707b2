/**
 * The AST re-printed as pcap-filter text with the fewest parentheses that
 * keep its meaning ("and"/"or": equal precedence, left-associative).
 */
import type { Expr } from './ast.js';

function needsParens(e: Expr): boolean {
  return e.kind === 'and' || e.kind === 'or';
}

/** Canonical text of an expression: validated keywords, operators and numbers only. */
export function canonical(e: Expr): string {
  switch (e.kind) {
    case 'all':
      return '';
    case 'and':
    case 'or': {
      const right = needsParens(e.right) ? `(${canonical(e.right)})` : canonical(e.right);
      return `${canonical(e.left)} ${e.kind} ${right}`;
    }
    case 'not':
      return needsParens(e.operand) ? `not (${canonical(e.operand)})` : `not ${canonical(e.operand)}`;
    case 'proto':
      return e.proto;
    default:
      throw new Error(`internal error: cannot print ${e.kind}`);
  }
}
