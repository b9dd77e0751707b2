/**
 * Lint "allow-drops-arp" / "allow-drops-nd": an allow filter passes only
 * what it matches, so a filter that does not match ARP (IPv4) or ICMPv6
 * neighbour discovery (IPv6) cuts the interface off from its neighbours:
 * pings and connections stall once the neighbour caches expire.
 */
import type { Diagnostic } from '../diagnostics.js';
import { matches } from '../interpret.js';
import type { Pred } from '../ir.js';
import type { Span } from '../source.js';

/** A broadcast ARP request (who-has 198.18.0.2 tell 198.18.0.1). */
const ARP_REQUEST = Uint8Array.from([
  0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0, 0, 0, 0, 1, 0x08, 0x06,
  0, 1, 0x08, 0, 6, 4, 0, 1, 0x02, 0, 0, 0, 0, 1, 198, 18, 0, 1, 0, 0, 0, 0, 0, 0, 198, 18, 0, 2,
  ...new Array(18).fill(0),
]);

/** An ICMPv6 neighbour solicitation (hop limit 255, type 135). */
const NEIGHBOUR_SOLICITATION = Uint8Array.from([
  0x33, 0x33, 0xff, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x86, 0xdd,
  0x60, 0, 0, 0, 0, 32, 58, 255,
  0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
  0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0, 0, 2,
  135, 0, 0, 0, 0, 0, 0, 0,
  0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
  1, 1, 0x02, 0, 0, 0, 0, 1,
]);

/** Warnings for an allow filter that drops ARP or neighbour discovery. */
export function lintAllowNeighbours(ir: Pred, span: Span): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!matches(ir, ARP_REQUEST)) {
    out.push({
      severity: 'warning',
      code: 'allow-drops-arp',
      message: 'this allow filter drops ARP: IPv4 neighbours become unreachable once their cache entries expire',
      span,
      suggestion: 'add "or arp" to the expression, or silence this with --silence allow-drops-arp',
    });
  }
  if (!matches(ir, NEIGHBOUR_SOLICITATION)) {
    out.push({
      severity: 'warning',
      code: 'allow-drops-nd',
      message: 'this allow filter drops IPv6 neighbour discovery: IPv6 neighbours become unreachable',
      span,
      suggestion: 'add "or icmp6" to the expression, or silence this with --silence allow-drops-nd',
    });
  }
  return out;
}
