/**
 * libpcap on this machine, through test/oracle/libpcap-match.c (built by
 * scripts/setup.sh into build/libpcap-match). Missing oracle: the tests
 * that need it fail loudly, they are never skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const ORACLE = path.join(root, '.build', 'libpcap-match');

function need(): void {
  if (!existsSync(ORACLE)) throw new Error(`libpcap oracle ${ORACLE} is missing: run "bash scripts/setup.sh" (it builds test/oracle/libpcap-match.c)`);
}

/** libpcap's verdict on an expression: accepted, or its error message. */
export function libpcapAccepts(expr: string): { ok: boolean; message: string } {
  need();
  const r = spawnSync(ORACLE, ['-c', expr], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 2) throw new Error(`libpcap-match -c ${JSON.stringify(expr)}: exit ${r.status}: ${r.stderr}`);
  return { ok: r.status === 0, message: r.stderr.trim() };
}

/** 1-based indices of the frames of a capture file that libpcap matches. */
export function libpcapMatches(file: string, expr: string): number[] {
  need();
  const out = execFileSync(ORACLE, [file, expr], { encoding: 'utf8' });
  return out.trim() === '' ? [] : out.trim().split(/\s+/).map(Number);
}
