/**
 * Lint "or-load-rejects": a load beyond the end of the frame rejects the whole filter at once
 * (libpcap's abort), wherever it is, so in `A or B` a load of A past the end of a short frame
 * rejects frames that B alone accepts (`ip[60] = 1 or icmp` rejects small ICMP packets).
 *
 * Exact and conservative: the warning names a witness frame that B accepts on its own, that
 * `A or B` rejects, and on which A alone aborts (neither A nor "not A" holds). Expressions with
 * offset-shifting primitives (vlan, mpls, pppoes, geneve) are not checked.
 */
import type { Expr } from '../ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { matches } from '../interpret.js';
import { accepts, candidateFrames, compileSub, shiftsOffsets, walk } from './frames.js';

/** Warnings for or-branches whose out-of-bounds loads reject what the other branch accepts. */
export function lintOrLoadRejects(ast: Expr): Diagnostic[] {
  if (shiftsOffsets(ast)) return [];
  const ors = [...walk(ast)].filter((n) => n.kind === 'or');
  // Each "or" compiles its branches again: beyond this many, the rule stays silent (never wrong).
  if (ors.length > 32) return [];
  const out: Diagnostic[] = [];
  for (const n of ors) {
    if (n.kind !== 'or') continue;
    const whole = compileSub(n);
    const left = compileSub(n.left);
    const right = compileSub(n.right);
    if (!whole || !left || !right) continue;
    for (const [x, xNode, y] of [[left, n.left, right], [right, n.right, left]] as const) {
      if (out.some((d) => d.span.start === xNode.span.start && d.span.end === xNode.span.end)) continue;
      const witness = candidateFrames(y.ir).find(
        (f) =>
          accepts(y.cfg, f.data) &&
          !accepts(whole.cfg, f.data) &&
          !matches(x.ir, f.data) &&
          !matches({ op: 'not', term: x.ir }, f.data),
      );
      if (!witness) continue;
      out.push({
        severity: 'warning',
        code: 'or-load-rejects',
        message: `"${x.text}" reads beyond the end of frames that "${y.text}" accepts (e.g. ${witness.name}): such a load rejects the whole filter, so the "or" rejects them`,
        span: xNode.span,
        notes: ['a load beyond the end of the frame makes the whole filter reject the frame (libpcap\'s semantics)'],
        suggestion: `guard the load (e.g. with "greater N" or "len >= N") or silence this with --silence or-load-rejects`,
      });
    }
  }
  return out;
}
