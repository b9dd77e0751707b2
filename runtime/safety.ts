/**
 * Allow/deny safety: a filter that drops frames, attached to the interface
 * that carries the host's default route, can cut the host off — and the
 * session that attached it. Before attaching an `allow` filter that drops
 * ARP or IPv6 neighbour discovery (lint codes allow-drops-arp,
 * allow-drops-nd), or any `deny` filter, to an interface with a default route
 * (IPv4 or IPv6), xsift asks: `--yes` says yes up front; on a terminal it
 * asks; otherwise it refuses (exit 2) and says why and how to proceed.
 */
import readline from 'node:readline/promises';
import type { Action, Diagnostic } from '../compiler/index.js';
import { UsageError } from './errors.js';

/** Lint codes of an allow filter that cuts the interface off from its neighbours. */
export const NEIGHBOUR_CODES = ['allow-drops-arp', 'allow-drops-nd'] as const;

/** The default routes (IPv4 and IPv6) that leave through an interface, as `ip route` prints them. */
export async function defaultRoutes(iface: string, netns?: string): Promise<string[]> {
  const routes: string[] = [];
  for (const family of ['-4', '-6']) {
    const { execa } = await import('execa'); // not at the top: ~130 modules at every start (build.ts)
    const r = await execa('ip', [...(netns ? ['-n', netns] : []), family, 'route', 'show', 'default', 'dev', iface], { reject: false, stdin: 'ignore' });
    // An interface that does not exist is refused later, with its own message.
    if (r.exitCode !== 0) continue;
    for (const line of r.stdout.split('\n')) if (line.trim()) routes.push(`${family === '-6' ? 'IPv6 ' : ''}${line.trim()}`);
  }
  return routes;
}

/**
 * Why this filter can drop the host's own traffic, or undefined when it cannot:
 * any deny; an allow whose lint says it drops ARP or ND (`warnings` undefined: the
 * expression is unknown, e.g. an object compiled elsewhere, so it may).
 */
export function dropRisk(action: Action | undefined, warnings: Diagnostic[] | undefined): string | undefined {
  if (action === 'deny') return 'a deny filter drops the frames it matches';
  if (action !== 'allow') return undefined;
  if (warnings === undefined) return 'an allow filter whose expression is not known here may drop ARP and neighbour discovery';
  const hits = warnings.filter((w) => (NEIGHBOUR_CODES as readonly string[]).includes(w.code));
  if (hits.length === 0) return undefined;
  const what = hits.map((w) => (w.code === 'allow-drops-arp' ? 'ARP' : 'IPv6 neighbour discovery')).join(' and ');
  return `this allow filter drops ${what}, so the host loses its neighbours on it`;
}

export interface SafetyOptions {
  interfaces: string[];
  netns?: string;
  action: Action | undefined;
  /** Lint warnings of the expression under `action`; undefined when the expression is unknown. */
  warnings: Diagnostic[] | undefined;
  yes: boolean;
  /** Ask on the terminal (defaults to: stdin and stderr are TTYs). */
  interactive?: boolean;
  stderr: (s: string) => void;
}

/** Refuse (UsageError, exit 2), ask, or let through an attach that may cut the host off. */
export async function confirmDropSafety(o: SafetyOptions): Promise<void> {
  const risk = dropRisk(o.action, o.warnings);
  if (!risk || o.yes) return;
  const routed: string[] = [];
  for (const iface of o.interfaces) {
    const routes = await defaultRoutes(iface, o.netns);
    if (routes.length) routed.push(`"${iface}"${o.netns ? ` in netns "${o.netns}"` : ''} (${routes.join('; ')})`);
  }
  if (routed.length === 0) return;
  const why = `${risk}, and ${routed.join(', ')} carr${routed.length > 1 ? 'y' : 'ies'} a default route: this host could lose its connectivity, and the session that started xsift with it`;
  const interactive = o.interactive ?? (!!process.stdin.isTTY && !!process.stderr.isTTY);
  if (interactive) {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = await rl.question(`xsift: ${why}.\nAttach anyway? [y/N] `);
      if (/^y(es)?$/i.test(answer.trim())) return;
    } finally {
      rl.close();
    }
    throw new UsageError('not attached (answer "y" to attach, or pass --yes)');
  }
  throw new UsageError(`not attaching: ${why}. Pass --yes if you mean it (or run xsift on a terminal to be asked); "--action capture" only watches`);
}
