/**
 * The link layer (compiler/lower/link.ts) and the encapsulations
 * (compiler/lower/encap.ts) against libpcap: on frames built here (802.3/LLC,
 * SNAP, IPX, OSI, DECnet, VLAN, MPLS, PPPoE, MAC addresses; whole and
 * truncated) judged by the libpcap oracle, on the corpus when it exists,
 * and libpcap's errors.
 *
 * Until the full parser lands, expressions reach the lowering through a
 * small parser of this family's syntax (below): enough for and/or/not,
 * parentheses, qualifier heads, inherited ids and this family's primitives.
 * Each expression is lowered, optimized (compiler/cfg.ts, as the compiler
 * does) and the optimized graph is run on the frames with the interpreter.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddrQ, DirQ, Expr, IdAtom, ProtoQ, Qualified } from '../compiler/ast.js';
import { cfgOf, type Node } from '../compiler/cfg.js';
import { ExpressionError } from '../compiler/diagnostics.js';
import { matches } from '../compiler/interpret.js';
import { not, printPred, type Pred } from '../compiler/ir.js';
import { LowerContext } from '../compiler/lower/context.js';
import { lowerMpls, lowerPppoed, lowerPppoes, lowerVlan } from '../compiler/lower/encap.js';
import {
  decnetAddressOf, linktype, lookupLinkProtoName, lowerBroadcast, lowerDecnetHost, lowerLinkLevelProtoNumber, lowerLinkProto,
  lowerLlc, lowerMacQualified, lowerMulticast, parseDecnetAddress, parseMac,
} from '../compiler/lower/link.js';
import { Source } from '../compiler/source.js';
import { readCapture, writePcapFile } from '../runtime/pcap.js';
import { libpcapAccepts, libpcapMatches } from './lib/oracle.js';
import { arp, eth, hex, ipv4, ipv6, raw, tcp, truncate, udp, vlan, icmpEcho } from './lib/packets.js';

const S = { start: 0, end: 0 };

// ---------------------------------------------------------------------------------------------
// A parser of this family's expressions (test only; the real one is grammar/ + ast-builder).

class Unsupported extends Error {}

const PNAMES: Record<string, ProtoQ> = {
  ether: 'link', link: 'link', ppp: 'link', ip: 'ip', arp: 'arp', rarp: 'rarp', tcp: 'tcp', udp: 'udp', icmp: 'icmp', ip6: 'ip6',
  atalk: 'atalk', aarp: 'aarp', decnet: 'decnet', lat: 'lat', sca: 'sca', moprc: 'moprc', mopdl: 'mopdl', iso: 'iso', esis: 'esis',
  isis: 'isis', 'is-is': 'isis', l1: 'l1', l2: 'l2', iih: 'iih', lsp: 'lsp', snp: 'snp', psnp: 'psnp', csnp: 'csnp', clnp: 'clnp',
  stp: 'stp', ipx: 'ipx', netbeui: 'netbeui', radio: 'radio', sctp: 'sctp',
};

function parseNumber(w: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(w)) return parseInt(w.slice(2), 16);
  if (/^0[0-7]+$/.test(w)) return parseInt(w, 8);
  if (/^\d+$/.test(w)) return Number(w);
  return undefined;
}

function parse(text: string): Expr {
  const toks = text.match(/\(|\)|&&|\|\||!|[^\s()!]+/g) ?? [];
  let i = 0;
  let lastQ: Qualified['q'] | undefined;
  const peek = () => toks[i];
  const next = () => toks[i++];
  const isId = (w: string | undefined) =>
    w !== undefined && (parseNumber(w) !== undefined || /^\d+(\.\d+)+(\/\d+)?$/.test(w) || w.startsWith('\\') || (parseMac(w) !== undefined && /[:.-]|^[0-9a-f]{12}$/i.test(w)));
  const atom = (w: string): IdAtom => {
    if (/^[0-9a-f]{12}$|^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(w)) return { kind: 'mac', text: w, span: S };
    const n = parseNumber(w);
    if (n !== undefined) return { kind: 'number', value: n, span: S };
    if (/^\d+(\.\d+)+$/.test(w)) return { kind: 'ipv4', text: w, span: S };
    const prefix = /^(\d+(?:\.\d+)*)\/(\d+)$/.exec(w);
    if (prefix) return { kind: 'ipv4-prefix', text: prefix[1]!, len: Number(prefix[2]), span: S };
    if (w.startsWith('\\')) return { kind: 'name', text: w.slice(1), span: S };
    return { kind: 'mac', text: w, span: S };
  };
  const id = (q: Qualified['q']): Expr => {
    if (peek() === 'not' || peek() === '!') {
      next();
      return { kind: 'not', operand: id(q), span: S };
    }
    const w = next();
    if (!isId(w)) throw new Unsupported(`id ${w}`);
    lastQ = q;
    return { kind: 'qualified', q, id: atom(w!), inherited: false, span: S };
  };
  const primitive = (): Expr => {
    const w = next();
    if (w === undefined) throw new Unsupported('end');
    if (w === '(') {
      const e = expr();
      if (next() !== ')') throw new Unsupported(')');
      return e;
    }
    if (w === 'not' || w === '!') return { kind: 'not', operand: primitive(), span: S };
    const num = () => (peek() !== undefined && parseNumber(peek()!) !== undefined ? parseNumber(next()!) : undefined);
    switch (w) {
      case 'vlan':
        return { kind: 'vlan', id: num(), span: S };
      case 'mpls':
        return { kind: 'mpls', label: num(), span: S };
      case 'pppoed':
        return { kind: 'pppoed', span: S };
      case 'pppoes':
        return { kind: 'pppoes', session: num(), span: S };
      case 'llc': {
        const sub = peek() !== undefined && /^[a-z]+$/i.test(peek()!) && !['and', 'or', 'not'].includes(peek()!) ? next() : undefined;
        return { kind: 'llc', subtype: sub, span: S };
      }
      case 'broadcast':
      case 'multicast':
        return { kind: w, span: S };
    }
    let proto: ProtoQ | undefined = PNAMES[w];
    let dir: DirQ | undefined;
    let addr: AddrQ | undefined;
    if (proto === undefined) {
      if (isId(w)) {
        // An inherited id after "and"/"or".
        if (!lastQ) throw new Unsupported('id without qualifiers');
        i--;
        const e = id(lastQ);
        if (e.kind === 'qualified') e.inherited = true;
        return e;
      }
      if (!['src', 'dst', 'host', 'net', 'proto', 'addr1', 'addr2', 'addr3', 'addr4', 'ra', 'ta'].includes(w)) throw new Unsupported(w);
      i--;
    }
    if (peek() === 'broadcast' || peek() === 'multicast') return { kind: next() as 'broadcast', proto, span: S };
    if (peek() === 'src' || peek() === 'dst') {
      const d1 = next() as 'src' | 'dst';
      if ((peek() === 'or' || peek() === 'and') && (toks[i + 1] === 'src' || toks[i + 1] === 'dst')) {
        dir = next() === 'or' ? 'src or dst' : 'src and dst';
        next();
      } else dir = d1;
    }
    if (['addr1', 'addr2', 'addr3', 'addr4', 'ra', 'ta'].includes(peek()!)) dir = next() as DirQ;
    if (peek() === 'host' || peek() === 'net' || peek() === 'proto') addr = next() as AddrQ;
    // After "proto" a plain word is a protocol name ("ether proto loopback").
    if (addr === 'proto' && /^[a-z][a-z0-9]*$/.test(peek() ?? '') && !PNAMES[peek()!] && !['and', 'or', 'not'].includes(peek()!)) {
      return { kind: 'qualified', q: { ...(proto ? { proto } : {}), addr, span: S }, id: { kind: 'name', text: next()!, span: S }, inherited: false, span: S };
    }
    if (dir === undefined && addr === undefined && proto !== undefined && !isId(peek()) && peek() !== 'not') {
      return { kind: 'proto', proto, span: S };
    }
    return id({ ...(proto ? { proto } : {}), ...(dir ? { dir } : {}), ...(addr ? { addr } : {}), span: S });
  };
  const expr = (): Expr => {
    let left = primitive();
    for (;;) {
      const w = peek();
      if (w === 'and' || w === '&&') {
        next();
        left = { kind: 'and', left, right: primitive(), span: S };
      } else if (w === 'or' || w === '||') {
        next();
        left = { kind: 'or', left, right: primitive(), span: S };
      } else return left;
    }
  };
  const e = expr();
  if (i !== toks.length) throw new Unsupported(`trailing ${toks[i]}`);
  return e;
}

// ---------------------------------------------------------------------------------------------
// A dispatcher over this family (the real one is compiler/lower.ts), in source order.

function lowerNode(ctx: LowerContext, e: Expr): Pred {
  switch (e.kind) {
    case 'and':
      return { op: 'and', terms: [lowerNode(ctx, e.left), lowerNode(ctx, e.right)] };
    case 'or':
      return { op: 'or', terms: [lowerNode(ctx, e.left), lowerNode(ctx, e.right)] };
    case 'not':
      return not(lowerNode(ctx, e.operand));
    case 'vlan':
      return lowerVlan(ctx, e);
    case 'mpls':
      return lowerMpls(ctx, e);
    case 'pppoed':
      return lowerPppoed(ctx, e);
    case 'pppoes':
      return lowerPppoes(ctx, e);
    case 'llc':
      return lowerLlc(ctx, e);
    case 'broadcast':
      return lowerBroadcast(ctx, e);
    case 'multicast':
      return lowerMulticast(ctx, e);
    case 'proto': {
      const p = lowerLinkProto(ctx, e.proto, e.span);
      if (p) return p;
      // gen_proto_abbrev's Q_IP and Q_IPV6 are gen_linktype alone.
      if (e.proto === 'ip') return linktype(ctx, 0x0800, e.span);
      if (e.proto === 'ip6') return linktype(ctx, 0x86dd, e.span);
      throw new Unsupported(e.proto);
    }
    case 'qualified': {
      const { q, id } = e;
      if (id.kind === 'mac') return lowerMacQualified(ctx, e);
      if (q.proto === 'decnet' && (q.addr === undefined || q.addr === 'host' || q.addr === 'net')) {
        if (id.kind === 'number') return lowerDecnetHost(ctx, id.value, q.dir, e.span);
        if (id.kind === 'ipv4') return lowerDecnetHost(ctx, decnetAddressOf(ctx, id.text, id.span), q.dir, e.span);
        // "decnet net A.B.C.D/N": libpcap passes the IPv4 network number (its checks belong to the IPv4 lowering).
        if (id.kind === 'ipv4-prefix' && q.addr === 'net') {
          const parts = id.text.split('.').map(Number);
          const n = parts.reduce((a, b) => a * 256 + b, 0) * 256 ** (4 - parts.length);
          return lowerDecnetHost(ctx, n >>> 0, q.dir, e.span);
        }
      }
      if (q.addr === 'proto' && q.proto !== undefined) {
        const v = id.kind === 'number' ? id.value : id.kind === 'name' ? lookupLinkProtoName(ctx, q.proto, id.text, id.span) : undefined;
        if (v !== undefined) {
          const p = lowerLinkLevelProtoNumber(ctx, q.proto, v, e.span, q.dir);
          if (p) return p;
        }
      }
      throw new Unsupported(`qualified ${q.proto} ${q.addr}`);
    }
    default:
      throw new Unsupported(e.kind);
  }
}

function lowerText(text: string): Pred {
  return lowerNode(new LowerContext(new Source(text)), parse(text));
}

/** Run an optimized graph on a frame; a test whose load falls off the frame rejects it (libpcap's abort). */
function runCfg(root: Node, frame: Uint8Array): boolean {
  let n = root;
  while (n.kind === 'test') {
    const yes = matches(n.cmp, frame);
    if (!yes && !matches(not(n.cmp), frame)) return false;
    n = yes ? n.jt : n.jf;
  }
  return n.match;
}

/** Indices (1-based) of the frames the expression matches, or 'rejects all' as libpcap's optimizer would say. */
function ourMatches(text: string, frames: readonly Uint8Array[]): number[] | 'rejects-all' {
  const root = cfgOf(lowerText(text));
  if (root.kind === 'leaf' && !root.match) return 'rejects-all';
  const out: number[] = [];
  frames.forEach((f, i) => {
    if (runCfg(root, f)) out.push(i + 1);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Frames

const MAC_A = '00:11:22:33:44:55';
const MAC_B = '02:00:00:00:00:02';
/** An 802.3 frame: the length field, then `llc` (LLC/SNAP header and payload), padded to 60 bytes. */
const dot3 = (llcBytes: Buffer, opts: { src?: string; dst?: string; pad?: boolean } = {}) =>
  eth({ type: llcBytes.length, pad: opts.pad ?? true, ...(opts.src ? { src: opts.src } : {}), ...(opts.dst ? { dst: opts.dst } : {}) }, raw(llcBytes));
/** A DECnet routing header: 2-byte length, optional pad byte (0x81), flags, addresses (little-endian). */
function decnet(opts: { pad: boolean; long: boolean; dst: number; src: number }): Buffer {
  const le = (a: number) => [a & 0xff, a >>> 8];
  const body = opts.long
    ? [0x06 | 0x20, 0, 0, 0xaa, 0, 4, 0, ...le(opts.dst), 0, 0, 0xaa, 0, 4, 0, ...le(opts.src), 0, 0, 0, 0]
    : [0x02, ...le(opts.dst), ...le(opts.src), 0];
  const bytes = [...(opts.pad ? [0x81] : []), ...body, 1, 2, 3, 4];
  return eth({ type: 0x6003, pad: true }, raw(Buffer.from([bytes.length >>> 8, bytes.length & 0xff, ...bytes])));
}
const dn = (area: number, node: number) => (area << 10) | node;
const ip4 = ipv4({ src: '198.18.0.1', dst: '198.18.0.2' }, icmpEcho({ id: 1, seq: 1, payload: 8 }));
const ip6 = ipv6({ src: '2001:db8::1', dst: '2001:db8::2' }, udp({ sport: 1, dport: 2, payload: 4 }));
const mplsLabel = (label: number, bos: boolean, ttl = 64) => [(label >>> 12) & 0xff, (label >>> 4) & 0xff, ((label & 0xf) << 4) | (bos ? 1 : 0), ttl];
const pppoeSession = (session: number, pppProto: number, payload: Buffer) =>
  Buffer.concat([Buffer.from([0x11, 0x00, session >>> 8, session & 0xff, (payload.length + 2) >>> 8, (payload.length + 2) & 0xff, pppProto >>> 8, pppProto & 0xff]), payload]);

function buildFrames(): Buffer[] {
  const f: Buffer[] = [];
  const ip4b = ip4.build();
  const ip6b = ip6.build();
  // Ethernet II, the usual and the link-level EtherTypes.
  f.push(eth({}, ip4), eth({}, ip6), eth({ dst: 'ff:ff:ff:ff:ff:ff', src: MAC_A }, arp({ op: 'request', spa: '198.18.0.1', tpa: '198.18.0.2' })));
  f.push(eth({ type: 0x8035, pad: true }, raw(arp({ op: 3, spa: '198.18.0.1', tpa: '198.18.0.2' }).build())));
  for (const type of [0x8137, 0x809b, 0x80f3, 0x6004, 0x6007, 0x6001, 0x6002, 0x9000, 0x88cc, 0x0600, 1501]) f.push(eth({ type, pad: true }, raw(40)));
  // MAC addresses: broadcast, multicast, ours as source / destination / both.
  f.push(eth({ dst: 'ff:ff:ff:ff:ff:ff' }, ip4), eth({ dst: '01:00:5e:00:00:01' }, ip4), eth({ dst: '33:33:00:00:00:01' }, ip6));
  f.push(eth({ src: MAC_A }, ip4), eth({ dst: MAC_A }, ip4), eth({ src: MAC_A, dst: MAC_A }, ip4), eth({ src: '00:11:22:33:44:56', dst: MAC_B }, ip4));
  // 802.3 with LLC: OSI (CLNP, ES-IS, IS-IS of every PDU type), STP, NetBEUI, IP over 802.2, other SAPs.
  for (const nlpid of [0x81, 0x82, 0x83]) f.push(dot3(hex(`fe fe 03 ${nlpid.toString(16)} 1b 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00`)));
  for (const pdu of [15, 16, 17, 18, 20, 24, 25, 26, 27, 19]) f.push(dot3(Buffer.from([0xfe, 0xfe, 0x03, 0x83, 0x1b, 0x01, 0x00, pdu, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])));
  f.push(dot3(hex('fe fd 03 83 1b 01 00 0f 01 00 00 00')), dot3(hex('fe fe 03 82')), dot3(hex('fe fe 03')));
  f.push(dot3(hex('42 42 03 00 00 00 00 00 80 00 00 11 22 33 44 55 00 00 00 00 80 00 00 11 22 33 44 55 80 01 00 00 14 00 02 00 0f 00')));
  f.push(dot3(hex('f0 f0 03 2c 00 ff ef 08 00 00 00 00 00 00')), dot3(hex('06 06 03 45 00 00 14')), dot3(hex('42 43 03 00 00')), dot3(hex('e0 e0 03 ff ff 00 1e 00 04')));
  // IPX: 802.2 (E0), raw 802.3 (FF FF), SNAP; and its Ethernet II EtherType above.
  f.push(dot3(hex('ff ff 00 1e 00 04 00 00 00 00')), dot3(hex('aa aa 03 00 00 00 81 37 ff ff 00 1e')), dot3(hex('aa aa 03 00 00 01 81 37 ff ff 00 1e')));
  // AppleTalk and AARP over SNAP, with the right and the wrong OUI.
  f.push(dot3(hex('aa aa 03 08 00 07 80 9b 00 10 00 00')), dot3(hex('aa aa 03 00 00 00 80 9b 00 10 00 00')));
  f.push(dot3(hex('aa aa 03 00 00 00 80 f3 00 01 80 9b')), dot3(hex('aa aa 03 08 00 07 80 f3 00 01 80 9b')), dot3(hex('aa aa 03 00 00 0c 20 00 01 02')));
  // LLC frame types: I (control even), S (RR, RNR, REJ), U (UI, UA, DISC, DM, SABME, TEST, XID, FRMR, with P/F set).
  for (const control of [0x00, 0x02, 0x01, 0x05, 0x09, 0x0d, 0x03, 0x63, 0x43, 0x0f, 0x6f, 0xe3, 0xaf, 0x87, 0x13, 0xf3, 0xbf, 0x1f]) f.push(dot3(Buffer.from([0x42, 0x42, control, 0, 0, 0])));
  // DECnet: the four layouts, addresses 1.2 -> 1.3 and 63.1023 -> 1.1, a broken pad byte, and ARP with the same bytes.
  for (const pad of [false, true]) for (const long of [false, true]) f.push(decnet({ pad, long, dst: dn(1, 3), src: dn(1, 2) }), decnet({ pad, long, dst: dn(63, 1023), src: dn(1, 1) }));
  f.push(decnet({ pad: false, long: false, dst: dn(1, 2), src: dn(1, 2) }), decnet({ pad: false, long: true, dst: 0x0003, src: 0x0300 }), decnet({ pad: true, long: false, dst: 0, src: dn(1, 1) }));
  // VLAN: each TPID, ids 0/10/100/4095, QinQ 100 outer 200 inner, tags around ARP and IPv6.
  for (const tpid of [0x8100, 0x88a8, 0x9100, 0x9200]) f.push(eth({}, vlan({ id: 10, tpid }, ip4)));
  for (const id of [0, 100, 200, 300, 4095]) f.push(eth({}, vlan({ id, pcp: 5 }, ip4)));
  f.push(eth({}, vlan({ id: 100, tpid: 0x88a8 }, vlan({ id: 200 }, ip4))), eth({}, vlan({ id: 100 }, vlan({ id: 300 }, ip6))), eth({}, vlan({ id: 200 }, vlan({ id: 100 }, ip4))));
  f.push(eth({}, vlan({ id: 100 }, arp({ op: 'reply', spa: '198.18.0.2', tpa: '198.18.0.1' }))), eth({}, vlan({ id: 100 }, ip6)), eth({ src: MAC_A }, vlan({ id: 100 }, ip4)));
  f.push(eth({}, vlan({ id: 100, type: 0x0026 }, raw(hex('42 42 03 00 00 00 00 00 80 00 00 11 22 33 44 55 00 00 00 00 80 00 00 11 22 33 44 55 80 01 00 00 14 00 02 00 0f 00')))));
  f.push(eth({ dst: '01:80:c2:00:00:00' }, vlan({ id: 5 }, ip4)), eth({ dst: '01:00:5e:00:00:fb' }, ipv4({ src: '198.18.0.1', dst: '224.0.0.251' }, udp({ sport: 5353, dport: 5353, payload: 8 }))));
  f.push(eth({ dst: '33:33:00:00:00:01' }, ipv6({ src: 'fe80::1', dst: 'ff02::1' }, udp({ sport: 1, dport: 2, payload: 4 }))), dot3(hex('00 00 03 00 00 00')));
  f.push(eth({}, vlan({ id: 7 }, raw(pppoeSession(0x1234, 0x0021, ip4b), { ethertype: 0x8864 }))));
  // MPLS: one label (bottom) over IPv4 / IPv6, two labels, a label stack without bottom, labels 16/17/100.
  f.push(eth({ type: 0x8847 }, raw(Buffer.concat([Buffer.from(mplsLabel(100, true)), ip4b]))), eth({ type: 0x8847 }, raw(Buffer.concat([Buffer.from(mplsLabel(100, true)), ip6b]))));
  f.push(eth({ type: 0x8847 }, raw(Buffer.concat([Buffer.from([...mplsLabel(16, false), ...mplsLabel(17, true)]), ip4b]))));
  f.push(eth({ type: 0x8847 }, raw(Buffer.concat([Buffer.from([...mplsLabel(16, false), ...mplsLabel(17, false), ...mplsLabel(18, true)]), ip6b]))));
  f.push(eth({ type: 0x8847 }, raw(Buffer.concat([Buffer.from(mplsLabel(1048575, false)), ip4b]))), eth({ type: 0x8848 }, raw(Buffer.concat([Buffer.from(mplsLabel(100, true)), ip4b]))));
  f.push(eth({ type: 0x8847, dst: 'ff:ff:ff:ff:ff:ff' }, raw(Buffer.concat([Buffer.from(mplsLabel(0, true)), ip4b]))));
  f.push(eth({}, vlan({ id: 100, type: 0x8847 }, raw(Buffer.concat([Buffer.from(mplsLabel(5, true)), ip4b])))));
  // PPPoE: discovery, sessions over IPv4 / IPv6 / other PPP protocols, session ids; a nested session.
  f.push(eth({ type: 0x8863, pad: true }, raw(hex('11 09 00 00 00 04 01 01 00 00'))));
  for (const [sess, proto, body] of [[0x1234, 0x0021, ip4b], [0x11, 0x0057, ip6b], [0x3b, 0x0023, hex('83 1b 01 00 0f 01')], [0xffff, 0xc021, hex('01 01 00 04')], [0, 0x0027, hex('00 00 00 00')], [5, 0x0031, hex('00 00 00 00')], [5, 0x0281, Buffer.concat([Buffer.from(mplsLabel(3, true)), ip4b])], [9, 0x8863, hex('11 09 00 00 00 00')],
    [9, 0x0027, hex('00 07 02 03 04 02 04 00 01 02')]] as const) {
    f.push(eth({ type: 0x8864 }, raw(pppoeSession(sess, proto, body))));
  }
  f.push(eth({ type: 0x8864 }, raw(pppoeSession(5, 0x8864, pppoeSession(6, 0x0021, ip4b)))));
  // Truncations: every interesting frame cut short at a few lengths (load aborts).
  const whole = f.slice();
  for (const fr of whole) {
    for (const n of [14, 15, 16, 17, 18, 20, 22, 24, 30]) if (fr.length > n && (fr.length - n) % 3 !== 1) f.push(truncate(fr, n));
  }
  // TCP for variety (a non-link frame).
  f.push(eth({}, ipv4({ src: '198.18.0.1', dst: '198.18.0.2' }, tcp({ sport: 1, dport: 80, flags: 'S' }))));
  return f;
}

const frames = buildFrames();
const dir = mkdtempSync(path.join(os.tmpdir(), 'xsift-lower-link-'));
const pcap = path.join(dir, 'link.pcap');
writePcapFile(pcap, frames.map((data, i) => ({ data, tsNs: BigInt(i) * 1000n })));

// ---------------------------------------------------------------------------------------------
// Tests: parsers

test('parseMac reads every EID form of the scanner, as pcap_ether_aton does', () => {
  const want = [0xab, 0xcd, 0xef, 0x00, 0x00, 0x01];
  for (const text of ['ab:cd:ef:00:00:01', 'AB:CD:EF:0:0:1', 'ab-cd-ef-00-00-01', 'Ab.cD.ef.00.0.01', 'abcd.ef00.0001', 'abcdef000001']) {
    assert.equal([...parseMac(text)!], want, text);
  }
  for (const text of ['ab:cd:ef:00:00', 'ab:cd:ef:00:00:01:02', 'ab:cd-ef:00:00:01', 'abc:cd:ef:00:00:01', 'abcdef00001', 'ab:cd:ef:0g:00:00', 'abcd:ef00:0001', '']) {
    assert.is(parseMac(text), undefined, text);
  }
});

test('parseDecnetAddress reads AREA.NODE as sscanf("%d.%d"): extra text ignored, fields masked', () => {
  const table: [string, number | undefined][] = [
    ['1.2', (1 << 10) | 2], ['50.764', (50 << 10) | 764], ['63.1023', 0xffff], ['1.2.3', (1 << 10) | 2], ['1.2.3.4', (1 << 10) | 2],
    ['64.1024', 0], ['65.1025', (1 << 10) | 1], ['1', undefined], ['a.b', undefined], ['', undefined],
  ];
  for (const [text, v] of table) assert.is(parseDecnetAddress(text), v, text);
});

// ---------------------------------------------------------------------------------------------
// Tests: the order of the tests (it decides which frames abort), pinned against tcpdump -d.

test('ipx: Ethernet II first, then on 802.3 frames SNAP, the 802.2 SAP, raw 802.3', () => {
  assert.is(
    printPred(lowerText('ipx')),
    [
      'or  ; ipx',
      '  pkt[12:2] == 0x8137',
      '  and',
      '    not',
      '      pkt[12:2] > 0x05dc',
      '    or',
      '      and',
      '        pkt[18:4] == 0x8137',
      '        pkt[14:4] == 0xaaaa0300',
      '      pkt[14:1] == 224',
      '      pkt[14:2] == 0xffff',
    ].join('\n'),
  );
});

test('ether src: the last four bytes of the address, then the first two (gen_bcmp)', () => {
  assert.is(printPred(lowerText('ether src 1:2:3:4:5:6')), ['and  ; ether src 01:02:03:04:05:06', '  pkt[8:4] == 0x3040506', '  pkt[6:2] == 0x0102'].join('\n'));
});

test('decnet host: short header without pad first, long header with pad last; the address byte-swapped', () => {
  const p = lowerText('decnet dst 1.2');
  const text = printPred(p);
  const order = [...text.matchAll(/pkt\[(\d+):2\]( & 0x[0-9a-f]+\))? == (0x[0-9a-f]+)/g)].map((m) => `${m[1]}=${m[3]}`);
  assert.equal(order, ['12=0x6003', '17=0x0204', '16=0x8102', '18=0x0204', '23=0x0204', '16=0x8106', '24=0x0204']);
});

test('mpls and mpls and ip: the second label, then bottom of stack and version behind two labels', () => {
  const text = printPred(lowerText('mpls 5 and mpls 7 and ip'));
  assert.match(text, /pkt\[14:4\] & 0xfffff000\) == 0x5000/);
  // (pkt[16] & 1) == 0, as libpcap's peephole leaves it: not (jset 1)
  assert.match(text, /not[^\n]*\n\s+pkt\[16:1\] & 1\n/);
  assert.match(text, /pkt\[18:4\] & 0xfffff000\) == 0x7000/);
  assert.match(text, /\(pkt\[20:1\] & 1\) == 1/);
  assert.match(text, /\(pkt\[22:1\] & 240\) == 64/);
});

test('pppoes moves the link header past PPPoE: ip is PPP protocol 0x0021, a second pppoes 8 bytes later', () => {
  const ctx = new LowerContext(new Source('pppoes 5 and pppoes and ip'));
  const text = printPred(lowerNode(ctx, parse('pppoes 5 and pppoes and ip')));
  assert.match(text, /pkt\[12:2\] == 0x8864/);
  assert.match(text, /\(pkt\[14:4\] & 0xffff\) == 5/);
  assert.match(text, /pkt\[20:2\] == 0x8864/);
  assert.match(text, /pkt\[28:2\] == 33/);
  assert.is(ctx.linktype, 'ppp');
  assert.is(ctx.offLinkhdr + ctx.offLinkpl, 30);
});

test('vlan shifts the EtherType and the payload by 4 per tag, not the MAC addresses', () => {
  const ctx = new LowerContext(new Source('vlan and vlan'));
  lowerVlan(ctx, { kind: 'vlan', span: S });
  lowerVlan(ctx, { kind: 'vlan', id: 3, span: S });
  assert.is(ctx.offset('linktype', 0).op === 'const' && (ctx.offset('linktype', 0) as { value: number }).value, 20);
  assert.is(ctx.offLinkhdr, 0);
  assert.is(ctx.vlanStackDepth, 2);
  assert.match(printPred(lowerText('vlan and vlan 3 and ether src 1:2:3:4:5:6')), /pkt\[8:4\] == 0x3040506/);
});

// ---------------------------------------------------------------------------------------------
// Tests: decisions on our frames, judged by libpcap.

const EXPRESSIONS = [
  // Link-level protocol keywords.
  'rarp', 'atalk', 'aarp', 'decnet', 'lat', 'sca', 'moprc', 'mopdl', 'iso', 'esis', 'isis', 'clnp', 'stp', 'ipx', 'netbeui',
  'l1', 'l2', 'iih', 'lsp', 'snp', 'psnp', 'csnp', 'not stp', 'iso and not isis', 'lsp or csnp', 'atalk or aarp',
  // ether proto (EtherTypes and SAPs, names), iso proto, isis proto.
  'ether proto 0x0800', 'ether proto 0x86dd', 'ether proto 0x88cc', 'ether proto 1501', 'ether proto 1500', 'ether proto 0', 'ether proto 6',
  'ether proto 0x42', 'ether proto 0xe0', 'ether proto 0xf0', 'ether proto 0xfe', 'ether proto 0xaa', 'ether proto 0x809b', 'ether proto 0x80f3',
  'ether proto 65536', 'link proto 0x6003', 'ether proto \\loopback', 'ether proto \\ipx', 'ether proto \\stp', 'ether proto \\rarp', 'ether proto \\ip6',
  'iso proto 0x81', 'iso proto \\esis', 'iso proto 300', 'isis proto 0x1a or 0x18 or 0x12 or 0x0f or 0x11', 'isis proto 0x18 or 0x19', 'isis proto 19',
  // MAC addresses, broadcast, multicast.
  `ether host ${MAC_A}`, `ether src ${MAC_A}`, `ether dst ${MAC_A}`, `ether src and dst ${MAC_A}`, `ether src or dst ${MAC_A}`,
  'ether src host 00-11-22-33-44-55', 'ether dst 0011.2233.4455', 'ether dst 001122334455', `ether src ${MAC_A} or 00:11:22:33:44:56`,
  'ether broadcast', 'link broadcast', 'broadcast', 'multicast', 'ether multicast', 'not ether multicast', 'ether multicast and not ether broadcast',
  'ip multicast', 'ip6 multicast', 'ether host ff:ff:ff:ff:ff:ff or ether multicast',
  // DECnet.
  'decnet host 1.2', 'decnet src 1.2', 'decnet dst 1.3', 'decnet host 63.1023', 'decnet dst not 63.1023', 'decnet src and dst 1.2',
  'decnet host 1.2.3', 'decnet host 1.2.3.4', 'decnet host 1026', 'decnet net 1.1', 'decnet src not 1.1', 'decnet net 1.2.3.0/24', 'decnet dst net 0.0.0.0/0',
  // LLC.
  'llc', 'llc i', 'llc s', 'llc u', 'llc rr', 'llc rnr', 'llc rej', 'llc ui', 'llc ua', 'llc disc', 'llc dm', 'llc sabme', 'llc test', 'llc xid',
  'llc frmr', 'llc XID', 'not llc', 'llc and stp',
  // VLAN.
  'vlan', 'vlan 0', 'vlan 10', 'vlan 100', 'vlan 4095', 'not vlan', 'vlan and ip', 'vlan and ip6', 'vlan and arp', 'vlan and not ip',
  'vlan 100 and vlan 200', 'vlan and vlan and ip', 'vlan and vlan 300 and ip6', 'vlan or ip', 'vlan or arp', 'vlan 100 or ip', 'not vlan and ip',
  'vlan and stp', 'vlan and llc', 'vlan and pppoes', 'vlan and pppoes and ip', 'vlan and mpls and ip', `vlan and ether src ${MAC_A}`, 'vlan and multicast',
  // MPLS.
  'mpls', 'mpls 100', 'mpls 0', 'mpls 1048575', 'mpls and ip', 'mpls and ip6', 'mpls 16 and mpls 17', 'mpls and mpls and ip', 'mpls and mpls and mpls and ip6',
  'mpls or ip', 'ip or mpls and ip', 'not mpls', 'mpls and llc', 'mpls and broadcast', 'mpls and ether host 02:00:00:00:00:02',
  // PPPoE.
  'pppoed', 'pppoes', 'pppoes 0x1234', 'pppoes 65535', 'pppoes 0x3b', 'pppoes and ip', 'pppoes and ip6', 'pppoes and iso', 'pppoes and isis',
  'pppoes and decnet', 'pppoes and stp', 'pppoes and mpls', 'pppoes and mpls and ip', 'pppoes and pppoes and ip', 'pppoed or pppoes', 'not pppoes',
  'pppoes and decnet host 1.2', 'pppoes and ether proto 0xc021', 'pppoes and pppoed',
];

test('decisions on our frames equal libpcap\'s', () => {
  const failures: string[] = [];
  for (const expr of EXPRESSIONS) {
    let ours: number[] | 'rejects-all';
    try {
      ours = ourMatches(expr, frames);
    } catch (e) {
      failures.push(`${expr}: ${(e as Error).message}`);
      continue;
    }
    const theirs = libpcapAccepts(expr).ok ? libpcapMatches(pcap, expr) : 'rejects-all';
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
      failures.push(`${expr}: ours ${JSON.stringify(ours)}\n    libpcap ${JSON.stringify(theirs)}`);
    }
  }
  assert.equal(failures, [], failures.join('\n'));
});

/** Expressions no frame can match (a 16-bit field against 65536, a SAP byte against 1500, ...): libpcap accepts them all the same. */
const NEVER = ['ether proto 1500', 'ether proto 65536', 'iso proto 300', 'mpls and llc'];

test('the frames exercise the expressions (each matches some frames and misses others)', () => {
  const trivial = EXPRESSIONS.filter((e) => {
    const m = ourMatches(e, frames);
    return m === 'rejects-all' || (m.length === 0) !== NEVER.includes(e) || m.length === frames.length;
  });
  assert.equal(trivial, []);
});

// ---------------------------------------------------------------------------------------------
// Tests: errors, as libpcap raises them.

const ERRORS: [string, string][] = [
  ['vlan 4096', 'vlan-id-too-large'], ['vlan 70000', 'vlan-id-too-large'], ['mpls 1048576', 'mpls-label-too-large'],
  ['pppoes 65536', 'pppoe-session-too-large'], ['mpls and vlan', 'vlan-after-mpls'], ['pppoes and vlan', 'vlan-after-pppoes'],
  ['pppoes and vlan 5000', 'vlan-after-pppoes'], ['mpls and arp', 'unsupported-protocol-over-mpls'], ['mpls and pppoes', 'unsupported-protocol-over-mpls'],
  ['mpls and stp', 'unsupported-protocol-over-mpls'], ['mpls and ether proto 5', 'unsupported-protocol-over-mpls'],
  ['mpls and decnet host 1.2', 'unsupported-protocol-over-mpls'], ['mpls and pppoed', 'unsupported-protocol-over-mpls'],
  ['pppoes and ether broadcast', 'not-a-broadcast-link'], ['pppoes and broadcast', 'not-a-broadcast-link'],
  ['pppoes and multicast', 'multicast-qualifier'], ['tcp multicast', 'multicast-qualifier'], ['pppoes and llc', 'llc-on-ppp'],
  ['pppoes and llc i', 'llc-on-ppp'], ['pppoes and ether host 1:2:3:4:5:6', 'no-mac-on-ppp'], ['ip broadcast', 'ip-broadcast-needs-netmask'],
  ['tcp broadcast', 'broadcast-qualifier'], ['llc foo', 'unknown-llc-type'], ['ether', 'link-proto-alone'], ['link', 'link-proto-alone'],
  ['radio', 'radio-not-a-protocol'], ['ether net 1:2:3:4:5:6', 'mac-needs-ether'], ['ip host 1:2:3:4:5:6', 'mac-needs-ether'],
  ['host 1:2:3:4:5:6', 'mac-needs-ether'], ['ether proto \\lldp', 'unknown-ether-proto'], ['iso proto \\foo', 'unknown-osi-proto'],
  ['stp proto 5', 'proto-not-applicable'], ['arp proto 5', 'proto-not-applicable'], ['clnp proto 5', 'proto-not-applicable'],
  ['decnet proto 5', 'proto-not-applicable'], ['l1 proto 5', 'proto-not-applicable'], ['ether src proto 5', 'direction-on-proto'],
  ['stp proto \\bpdu', 'unknown-protocol-name'], ['isis proto \\isis', 'unknown-protocol-name'], ['ether addr1 1:2:3:4:5:6', 'direction-802-11-only'],
  ['ether ta 1:2:3:4:5:6', 'direction-802-11-only'], ['decnet addr2 1.2', 'direction-802-11-only'], ['decnet ra 1.2', 'direction-802-11-only'],
];

test('errors: xsift refuses what libpcap refuses, with its own code', () => {
  for (const [expr, code] of ERRORS) {
    assert.is(libpcapAccepts(expr).ok, false, `libpcap accepts ${expr}`);
    try {
      lowerText(expr);
      assert.unreachable(`no error for ${expr}`);
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      assert.is(e.diagnostics[0]!.code, code, expr);
      assert.ok(/^[^A-Z]/.test(e.diagnostics[0]!.message), `${expr}: the message starts lower case: ${e.diagnostics[0]!.message}`);
    }
  }
});

test('errors name the value and the limit, and quote libpcap in a note', () => {
  try {
    lowerText('vlan 4096');
    assert.unreachable('no error');
  } catch (e) {
    if (!(e instanceof ExpressionError)) throw e;
    const d = e.diagnostics[0]!;
    assert.match(d.message, /4096/);
    assert.match(d.message, /4095/);
    assert.equal(d.notes, ['libpcap: "VLAN tag 4096 greater than maximum 4095"']);
  }
});

test('the range errors come at the limit, not before', () => {
  for (const ok of ['vlan 4095', 'mpls 1048575', 'pppoes 65535']) {
    assert.ok(libpcapAccepts(ok).ok, ok);
    assert.ok(lowerText(ok), ok);
  }
});

// ---------------------------------------------------------------------------------------------
// The corpus: this family's expressions, checked against libpcap's recorded decisions.

const CORPUS = '/work/shared/corpus';

interface CorpusFilter {
  expr: string;
  accepted: boolean;
  error: string | null;
  needs_resolution: boolean;
}

if (existsSync(path.join(CORPUS, 'filters.json'))) {
  const FAMILY = /\b(vlan|mpls|pppoe[sd]|llc|stp|ipx|netbeui|iso|isis|esis|clnp|l1|l2|iih|lsp|snp|psnp|csnp|decnet|atalk|aarp|rarp|lat|sca|moprc|mopdl|ether|link|broadcast|multicast)\b/;
  const filters = (JSON.parse(readFileSync(path.join(CORPUS, 'filters.json'), 'utf8')) as CorpusFilter[]).filter((f) => !f.needs_resolution && FAMILY.test(f.expr));

  /** The family's expressions this test can lower, and what happened to the rest. */
  const lowerable = filters.filter((f) => {
    try {
      lowerText(f.expr);
      return true;
    } catch (e) {
      return e instanceof ExpressionError;
    }
  });

  test(`corpus: the family's expressions that parse here are accepted or refused as libpcap does (${lowerable.length} of ${filters.length})`, () => {
    const refused = lowerable.filter((f) => !f.accepted).length;
    console.log(`  corpus: ${lowerable.length} of ${filters.length} expressions of this family reach the lowering here (${lowerable.length - refused} accepted, ${refused} refused by libpcap)`);
    if (process.env.XSIFT_LIST_UNREACHED) for (const f of filters) if (!lowerable.includes(f)) console.log(`    not reached: ${f.expr}`);
    assert.ok(lowerable.length >= 100, `only ${lowerable.length} corpus expressions reached the lowering`);
    const wrong: string[] = [];
    for (const f of lowerable) {
      let ok: boolean;
      try {
        const root = cfgOf(lowerText(f.expr));
        ok = !(root.kind === 'leaf' && !root.match);
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        ok = false;
      }
      if (ok !== f.accepted) wrong.push(`${f.expr}: ours ${ok ? 'accepted' : 'refused'}, libpcap ${f.accepted ? 'accepted' : `refused (${f.error})`}`);
    }
    assert.equal(wrong, []);
  });

  test('corpus: decisions on every capture equal libpcap\'s recorded ones', () => {
    const wanted = new Set(lowerable.filter((f) => f.accepted).map((f) => f.expr));
    const captures = new Map<string, Buffer[]>();
    const capture = (name: string) => {
      let c = captures.get(name);
      if (!c) captures.set(name, (c = readCapture(path.join(CORPUS, 'pcaps', name)).map((r) => r.data)));
      return c;
    };
    const roots = new Map<string, Node>();
    const wrong = new Map<string, number>();
    let checked = 0;
    for (const line of readFileSync(path.join(CORPUS, 'expected.jsonl'), 'utf8').split('\n')) {
      if (!line) continue;
      const { expr, pcap: file, matches: want } = JSON.parse(line) as { expr: string; pcap: string; matches: number[] };
      if (!wanted.has(expr)) continue;
      let root = roots.get(expr);
      if (!root) roots.set(expr, (root = cfgOf(lowerText(expr))));
      const got: number[] = [];
      capture(file).forEach((fr, i) => {
        if (runCfg(root!, fr)) got.push(i + 1);
      });
      checked++;
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.set(expr, (wrong.get(expr) ?? 0) + 1);
    }
    console.log(`  corpus: ${wanted.size} accepted expressions of this family x ${captures.size} captures = ${checked} pairs compared`);
    assert.ok(checked >= 100 * 204, `only ${checked} (expression, capture) pairs checked`);
    assert.equal([...wrong].map(([e, n]) => `${e}: ${n} captures differ`), []);
  });
} else {
  test('corpus: not present here, only the generated frames are checked', () => {
    assert.not.ok(existsSync(path.join(CORPUS, 'filters.json')));
  });
}

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
