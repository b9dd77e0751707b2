/**
 * Lint "port-ipv6-ext": libpcap's `port`/`portrange` test for IPv6 reads the next-header field
 * of the fixed IPv6 header and the port right after it, so a TCP or UDP packet behind a
 * hop-by-hop, destination-options, routing or fragment header never matches it.
 *
 * Decided by evaluation: a frame the filter matches (an IPv6 TCP/UDP packet to the port) is
 * rebuilt with a hop-by-hop header, and with a fragment header (first fragment), in front of
 * the transport header; the warning is given when the filter rejects the rebuilt frame.
 */
import type { Expr } from '../ast.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Node } from '../cfg.js';
import type { Action } from '../emit-c.js';
import { accepts, candidateFrames, compileSub, shiftsOffsets, walk, type LintFrame } from './frames.js';

/** The frame with an 8-byte extension header `nh` inserted after the IPv6 header at 14. */
function withExtension(f: LintFrame, nh: 0 | 44): LintFrame {
  const d = f.data;
  const inner = d[20]!;
  const ext = nh === 0 ? [inner, 0, 1, 4, 0, 0, 0, 0] : [inner, 0, 0, 1, 0, 0, 0x12, 0x34];
  const out = Uint8Array.from([...d.subarray(0, 54), ...ext, ...d.subarray(54)]);
  const plen = ((d[18]! << 8) | d[19]!) + 8;
  out[18] = plen >> 8;
  out[19] = plen & 0xff;
  out[20] = nh;
  return { name: `the same packet behind a ${nh === 0 ? 'hop-by-hop options' : 'fragment'} header`, data: out };
}

function isPlainIpv6Transport(f: LintFrame): boolean {
  const d = f.data;
  return d.length >= 58 && d[12] === 0x86 && d[13] === 0xdd && (d[20] === 6 || d[20] === 17);
}

/** Does the expression name IPv6 (ip6, icmp6, an IPv6 address)? */
function namesIpv6(ast: Expr): boolean {
  for (const n of walk(ast)) {
    if (n.kind === 'proto' && (n.proto === 'ip6' || n.proto === 'icmp6')) return true;
    if (n.kind === 'qualified' && (n.q.proto === 'ip6' || n.q.proto === 'icmp6' || n.id.kind === 'ipv6' || n.id.kind === 'ipv6-prefix')) return true;
  }
  return false;
}

/**
 * Warnings for port tests that IPv6 extension headers defeat, in a filter that matches IPv6.
 * Given when the filter decides what passes (allow, deny) or names IPv6 itself; a plain
 * capture of "port 53" is not warned about.
 */
export function lintPortIpv6Ext(ast: Expr, cfg: Node, action: Action): Diagnostic[] {
  if (shiftsOffsets(ast)) return [];
  if (action === 'capture' && !namesIpv6(ast)) return [];
  const out: Diagnostic[] = [];
  for (const n of walk(ast)) {
    if (n.kind !== 'qualified' || (n.q.addr !== 'port' && n.q.addr !== 'portrange') || n.q.proto === 'ip') continue;
    const sub = compileSub(n);
    if (!sub) continue;
    for (const f of candidateFrames(sub.ir)) {
      if (!isPlainIpv6Transport(f) || !accepts(sub.cfg, f.data) || !accepts(cfg, f.data)) continue;
      const broken = ([0, 44] as const).map((nh) => withExtension(f, nh)).find((v) => !accepts(cfg, v.data) && !accepts(sub.cfg, v.data));
      if (!broken) continue;
      out.push({
        severity: 'warning',
        code: 'port-ipv6-ext',
        message: `"${sub.text}" never matches IPv6 packets with extension headers or fragments: it matches ${f.name} but not ${broken.name}`,
        span: n.span,
        notes: [
          "libpcap's IPv6 port test reads the next header of the fixed IPv6 header, and the port right after it",
          'fragments after the first (IPv4 or IPv6) carry no port and never match either',
        ],
        suggestion: 'silence this with --silence port-ipv6-ext if such packets do not matter here',
      });
      break;
    }
  }
  return out;
}
