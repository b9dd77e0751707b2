/**
 * Diagnostics are data: a stable code, a message and a span. Rendering to
 * the compiler-style text with a caret happens only at the edge (the CLI).
 */
import type { Source, Span } from './source.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable kebab-case id, e.g. "unexpected-token", "rejects-all-packets". */
  code: string;
  /** Lower case; user text in double quotes. */
  message: string;
  span: Span;
  notes?: string[];
  suggestion?: string;
}

/** Thrown by every compiler stage for a problem with the user's expression (exit code 2). */
export class ExpressionError extends Error {
  constructor(readonly source: Source, readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('; '));
    this.name = 'ExpressionError';
  }

  /** The diagnostics rendered like a compiler's. */
  render(): string {
    return this.diagnostics.map((d) => renderDiagnostic(this.source, d)).join('\n');
  }
}

/** Render one diagnostic with the offending line and a caret under the span. */
export function renderDiagnostic(source: Source, d: Diagnostic): string {
  const out: string[] = [`${d.severity}: ${d.message}`];
  const { line, column } = source.position(d.span.start);
  const text = source.lineText(line).replace(/\t/g, ' ');
  const lineEnd = text.length;
  const width = Math.max(1, Math.min(d.span.end - d.span.start, lineEnd - column) || 1);
  out.push(`  ${text}`);
  out.push(`  ${' '.repeat(column)}^${'~'.repeat(Math.max(0, width - 1))}`);
  for (const n of d.notes ?? []) out.push(`  = note: ${n}`);
  if (d.suggestion) out.push(`  = ${d.suggestion}`);
  return out.join('\n');
}

/** Shorthand for a single-error failure. */
export function fail(source: Source, code: string, message: string, span: Span, extra: Partial<Diagnostic> = {}): never {
  throw new ExpressionError(source, [{ severity: 'error', code, message, span, ...extra }]);
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within distance 2, if any (ties go to a word with the same first letter, then the shorter). */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  const w = word.toLowerCase();
  const first = w[0];
  const sub = (a: string, b: string) => {
    let i = 0;
    for (const ch of b) if (ch === a[i]) i++;
    return i === a.length;
  };
  // Ties: a missing or extra letter first (one is a subsequence of the other), then the same first letter, then the shorter.
  const rank = (c: string) => (sub(w, c) || sub(c, w) ? 0 : 10000) + (c[0] === first ? 0 : 1000) + c.length;
  for (const c of [...candidates].sort((x, y) => rank(x) - rank(y))) {
    const d = editDistance(word.toLowerCase(), c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
