/**
 * Frames the lint rules evaluate filters on (pure: built in memory). Rules never guess from
 * the expression's shape alone: each warning is backed by a frame on which the compiled filter
 * does what the warning says (a witness), found among these frames.
 *
 * The samples are the common protocols at their smallest real sizes (no payload, no Ethernet
 * padding, as XDP sees frames from veth or loopback) and padded to 60 bytes, untagged, behind
 * an 802.1Q tag and behind two tags. {@link withConstraints} writes the constants a filter
 * compares fixed-offset loads with into a sample (hosts, ports, protocol numbers), so that a
 * filter finds the frames it is about.
 */
import { buildAst } from '../ast-builder.js';
import type { Expr } from '../ast.js';
import { cfgOf, type Node } from '../cfg.js';
import { matchesCfg } from '../interpret.js';
import type { Pred, Value } from '../ir.js';
import { lower } from '../lower/index.js';
import { canonical } from '../print.js';
import { Source } from '../source.js';

function sum16(b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i + 1 < b.length; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  if (b.length & 1) s += b[b.length - 1]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

const MAC_DST = [0x02, 0, 0, 0, 0, 2];
const MAC_SRC = [0x02, 0, 0, 0, 0, 1];
const IP4_SRC = [198, 18, 0, 1];
const IP4_DST = [198, 18, 0, 2];
const IP6_SRC = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
const IP6_DST = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2];

function ip4(proto: number, payload: number[]): number[] {
  const h = [0x45, 0, (20 + payload.length) >> 8, (20 + payload.length) & 0xff, 0, 1, 0x40, 0, 64, proto, 0, 0, ...IP4_SRC, ...IP4_DST];
  const c = sum16(Uint8Array.from(h));
  h[10] = c >> 8;
  h[11] = c & 0xff;
  return [...h, ...payload];
}

function ip6(nh: number, payload: number[]): number[] {
  return [0x60, 0, 0, 0, payload.length >> 8, payload.length & 0xff, nh, 64, ...IP6_SRC, ...IP6_DST, ...payload];
}

const TCP_SYN = [0x9c, 0x40, 0, 80, 0, 0, 3, 0xe8, 0, 0, 0, 0, 0x50, 0x02, 0xfa, 0xf0, 0, 0, 0, 0];
const UDP_DNS = [0x9c, 0x40, 0, 53, 0, 8, 0, 0];
const ICMP_ECHO = [8, 0, 0xf7, 0xf8, 0, 7, 0, 0];
const ICMP6_ECHO = [128, 0, 0, 0, 0, 7, 0, 1];
const NS = [135, 0, 0, 0, 0, 0, 0, 0, ...IP6_DST];
const ARP = [0, 1, 8, 0, 6, 4, 0, 1, ...MAC_SRC, ...IP4_SRC, 0, 0, 0, 0, 0, 0, ...IP4_DST];

/** Network-layer payloads by EtherType (the part after the EtherType field). */
const L3: [string, number, number[]][] = [
  ['arp request', 0x0806, ARP],
  ['ipv4 icmp echo', 0x0800, ip4(1, ICMP_ECHO)],
  ['ipv4 tcp syn', 0x0800, ip4(6, TCP_SYN)],
  ['ipv4 udp', 0x0800, ip4(17, UDP_DNS)],
  ['ipv6 icmp6 echo', 0x86dd, ip6(58, ICMP6_ECHO)],
  ['ipv6 neighbour solicitation', 0x86dd, ip6(58, NS)],
  ['ipv6 tcp syn', 0x86dd, ip6(6, TCP_SYN)],
  ['ipv6 udp', 0x86dd, ip6(17, UDP_DNS)],
];

/** A named frame. */
export interface LintFrame {
  name: string;
  data: Uint8Array;
}

let samplesCache: LintFrame[] | undefined;

/** The sample frames: every protocol, unpadded and padded, with 0, 1 and 2 VLAN tags. */
export function sampleFrames(): LintFrame[] {
  if (samplesCache) return samplesCache;
  const out: LintFrame[] = [];
  const tags: [string, number[]][] = [
    ['', []],
    [' in vlan 10', [0x81, 0x00, 0, 10]],
    [' in vlan 100/10', [0x88, 0xa8, 0, 100, 0x81, 0x00, 0, 10]],
  ];
  for (const [tagName, tag] of tags) {
    for (const [name, type, l3] of L3) {
      const f = [...MAC_DST, ...MAC_SRC, ...tag, type >> 8, type & 0xff, ...l3];
      out.push({ name: `${name}${tagName} (${f.length} bytes)`, data: Uint8Array.from(f) });
      if (f.length < 60) out.push({ name: `${name}${tagName} (padded to 60 bytes)`, data: Uint8Array.from([...f, ...new Array(60 - f.length).fill(0)]) });
    }
  }
  samplesCache = out;
  return out;
}

function constOffset(v: Value): number | null {
  if (v.op === 'const') return v.value;
  if (v.op === 'bin' && v.fn === '+') {
    const a = constOffset(v.a);
    const b = constOffset(v.b);
    return a !== null && b !== null ? a + b : null;
  }
  return null;
}

/** The equalities "fixed-offset load == constant" a predicate contains, in order. */
function equalities(p: Pred, out: { off: number; size: number; value: number }[] = []): { off: number; size: number; value: number }[] {
  switch (p.op) {
    case 'cmp': {
      if (p.rel !== '==') break;
      const [l, c] = p.a.op === 'load' ? [p.a, p.b] : [p.b, p.a];
      if (l.op !== 'load' || c.op !== 'const') break;
      const off = constOffset(l.offset);
      if (off !== null) out.push({ off, size: l.size, value: c.value >>> 0 });
      break;
    }
    case 'not':
      break;
    case 'and':
    case 'or':
      for (const t of p.terms) equalities(t, out);
      break;
    default:
      break;
  }
  return out;
}

/** Each sample, and each sample with the filter's fixed-offset equalities written into it. */
export function candidateFrames(ir: Pred): LintFrame[] {
  const eq = equalities(ir);
  const out = [...sampleFrames()];
  if (eq.length === 0) return out;
  for (const s of sampleFrames()) {
    const d = Uint8Array.from(s.data);
    let wrote = false;
    for (const { off, size, value } of eq) {
      if (off < 0 || off + size > d.length) continue;
      for (let i = 0; i < size; i++) d[off + i] = (value >>> (8 * (size - 1 - i))) & 0xff;
      wrote = true;
    }
    if (wrote && wellFormed(d)) out.push({ name: `${s.name}, with the filter's constants`, data: d });
  }
  return out;
}

/**
 * Whether a frame holds the whole network header its EtherType announces (IPv4: its IHL,
 * IPv6: 40 bytes). Writing a filter's constants into a sample can make, e.g., a 42-byte ARP
 * request into an "IPv6" frame cut inside its addresses: a frame no host sends, and no
 * witness worth a warning.
 */
function wellFormed(d: Uint8Array): boolean {
  let at = 12;
  let type = d.length >= 14 ? (d[12]! << 8) | d[13]! : -1;
  while ((type === 0x8100 || type === 0x88a8 || type === 0x9100) && d.length >= at + 6) {
    at += 4;
    type = (d[at]! << 8) | d[at + 1]!;
  }
  const net = at + 2;
  if (type === 0x0800) return d.length >= net + 20 && d[net]! >> 4 === 4 && d.length >= net + (d[net]! & 0xf) * 4;
  if (type === 0x86dd) return d.length >= net + 40;
  return type >= 0;
}

/** A compiled sub-expression: its IR and optimized graph; null when it cannot stand alone. */
export interface SubFilter {
  ir: Pred;
  cfg: Node;
  text: string;
}

/**
 * Compile an AST subtree on its own (its canonical text, inherited qualifiers spelled out);
 * null when that fails (a name needing resolution, ...). Only meaningful where nothing before
 * the subtree changes offsets (vlan, mpls, pppoes, geneve): callers check that.
 */
export function compileSub(e: Expr): SubFilter | null {
  const text = canonical(e);
  try {
    const source = new Source(text);
    const ir = lower(source, buildAst(source));
    return { ir, cfg: cfgOf(ir), text };
  } catch {
    return null;
  }
}

/** Does the filter's graph accept the frame (a load off the end rejects, as in the kernel)? */
export function accepts(cfg: Node, frame: Uint8Array): boolean {
  return matchesCfg(cfg, frame, frame.length);
}

/** Every node of the AST, parents before children. */
export function* walk(e: Expr): Generator<Expr> {
  yield e;
  if (e.kind === 'and' || e.kind === 'or') {
    yield* walk(e.left);
    yield* walk(e.right);
  } else if (e.kind === 'not') yield* walk(e.operand);
}

/** True if some primitive changes the offsets of what follows it (vlan, mpls, pppoes, geneve). */
export function shiftsOffsets(e: Expr): boolean {
  for (const n of walk(e)) if (n.kind === 'vlan' || n.kind === 'mpls' || n.kind === 'pppoes' || n.kind === 'geneve') return true;
  return false;
}
