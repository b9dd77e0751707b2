/**
 * Lint "vlan-after-test": `vlan` makes every test after it read the frame past the tag, and
 * every test before it reads the untagged offsets. `udp and vlan` therefore tests the outer
 * EtherType for IPv4 and then for 802.1Q, and misses the tagged UDP frames it was meant for.
 *
 * Decided by evaluation: for a conjunction `X and ...vlan...` (nothing before it shifting
 * offsets), the swapped `...vlan... and X` is compiled too, and the warning is given only
 * with a frame on which the two orders disagree. (When the written order matches nothing at
 * all, libpcap's optimizer usually proves it, and the expression is an error instead.)
 */
import type { Expr } from '../ast.js';
import type { Diagnostic } from '../diagnostics.js';
import { canonical } from '../print.js';
import { accepts, candidateFrames, compileSub, walk } from './frames.js';

const SHIFTS = new Set(['vlan', 'mpls', 'pppoes', 'geneve']);

/** Warnings for vlan tests written after tests they were meant to precede. */
export function lintVlanAfterTest(ast: Expr): Diagnostic[] {
  const out: Diagnostic[] = [];
  const shifters = [...walk(ast)].filter((n) => SHIFTS.has(n.kind));
  for (const n of walk(ast)) {
    if (n.kind !== 'and') continue;
    const vlan = [...walk(n.right)].find((x) => x.kind === 'vlan');
    if (!vlan) continue;
    if ([...walk(n.left)].some((x) => SHIFTS.has(x.kind))) continue;
    if (shifters.some((s) => s.span.end <= n.span.start)) continue;
    if (out.some((d) => d.span.start === vlan.span.start)) continue;
    const written = compileSub(n);
    const swapped = compileSub({ kind: 'and', left: n.right, right: n.left, span: n.span });
    if (!written || !swapped) continue;
    const frames = [...candidateFrames(swapped.ir), ...candidateFrames(written.ir)];
    const witness = frames.find((f) => accepts(swapped.cfg, f.data) !== accepts(written.cfg, f.data));
    if (!witness) continue;
    const what = accepts(written.cfg, witness.data) ? 'matches' : 'does not match';
    out.push({
      severity: 'warning',
      code: 'vlan-after-test',
      message: `"vlan" comes after "${canonical(n.left)}", which is therefore tested on the untagged frame: as written the filter ${what} ${witness.name}, unlike "${swapped.text}"`,
      span: vlan.span,
      notes: ['tests after "vlan" read the frame past the tag; tests before it read the untagged offsets (libpcap\'s semantics)'],
      suggestion: `write the vlan test first ("${swapped.text}"), or silence this with --silence vlan-after-test`,
    });
  }
  return out;
}
