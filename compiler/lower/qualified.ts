/**
 * "head id" primitives: an identifier with its qualifiers (gencode.c:
 * gen_scode for names, gen_ncode for numbers and IPv4 addresses, gen_mcode
 * for IPv4 networks with a prefix or mask, gen_mcode6 for IPv6, gen_ecode
 * for MAC addresses), with libpcap's checks and in libpcap's order.
 */
import type { Qualified } from '../ast.js';
import type { Pred } from '../ir.js';
import { PROTOCOLS } from '../names/protocols.js';
import { SERVICES } from '../names/services.js';
import type { Span } from '../source.js';
import type { LowerContext } from './context.js';
import { didYouMean, fail } from '../diagnostics.js';
import { lowerHost4, lowerHost6, lowerPort, lowerProtoNumber, type PortProto } from './ip.js';
import { decnetAddressOf, lookupLinkProtoName, lowerDecnetHost, lowerMacQualified } from './link.js';
import { lowerProtochain } from './protochain.js';

/** Name resolution the compiler asks for; the runtime supplies it (hosts(5), DNS, ethers(5), networks(5)). */
export interface Resolver {
  host?(name: string): { v4: number[]; v6: Uint8Array[] } | undefined;
  network?(name: string): number | undefined;
  ether?(name: string): Uint8Array | undefined;
  /** A service the built-in table lacks (services(5) of this machine). */
  service?(name: string): { tcp?: number; udp?: number } | undefined;
}

/** __pcap_atoin: dotted decimal with 1 to 4 parts; returns the value and its length in bits, or -1. */
export function atoin(s: string): { value: number; bits: number } | undefined {
  let addr = 0;
  let bits = 0;
  let i = 0;
  for (;;) {
    let n = 0;
    while (i < s.length && s[i] !== '.') {
      if (n > 25) return undefined;
      n = n * 10 + (s.charCodeAt(i++) - 48);
    }
    if (n > 255) return undefined;
    addr = ((addr << 8) | (n & 0xff)) >>> 0;
    bits += 8;
    if (i >= s.length) return { value: addr, bits };
    i++;
  }
}

/** Parse an IPv6 address text (already checked by the lexer) into 16 bytes. */
export function parseIpv6(text: string): Uint8Array {
  let body = text;
  const tail: number[] = [];
  const v4 = text.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    body = v4[1]!.endsWith('::') ? v4[1]! : v4[1]!.slice(0, -1);
    tail.push(...v4[2]!.split('.').map(Number));
  }
  const [l, r] = body.includes('::') ? body.split('::') : [body, undefined];
  const words = (s: string | undefined) => (s ? s.split(':').filter((x) => x !== '').map((w) => parseInt(w, 16)) : []);
  const left = words(l);
  const right = words(r);
  const totalWords = 8 - tail.length / 2;
  const mid = r === undefined ? [] : new Array(totalWords - left.length - right.length).fill(0);
  const all = [...left, ...mid, ...right];
  const out = new Uint8Array(16);
  all.forEach((w, i) => {
    out[i * 2] = w >> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  tail.forEach((b, i) => (out[12 + i] = b));
  return out;
}

function prefixMask6(len: number): Uint8Array {
  const m = new Uint8Array(16);
  for (let i = 0; i < 16; i++) m[i] = len >= (i + 1) * 8 ? 0xff : len > i * 8 ? (0xff << (8 - (len - i * 8))) & 0xff : 0;
  return m;
}

const PORT_PROTOS: Record<string, PortProto> = { tcp: 6, udp: 17, sctp: 132 };

/** pcap_nametoport: a service name (or a decimal string, as getaddrinfo takes it) → port and transport. */
export function nameToPort(name: string, resolver: Resolver = {}): { port: number; proto: PortProto } | undefined {
  if (/^\d+$/.test(name)) return { port: Number(BigInt(name) & 0xffffn), proto: 'any' };
  const s = SERVICES[name] ?? resolver.service?.(name);
  if (!s) return undefined;
  if (s.tcp !== undefined) return { port: s.tcp, proto: s.udp === s.tcp ? 'any' : 6 };
  if (s.udp !== undefined) return { port: s.udp, proto: 17 };
  return undefined;
}

/** sscanf("%d-%d"): two decimal numbers separated by '-', anything after ignored. */
function scanRange(name: string): [number, number] | undefined {
  const m = name.match(/^\s*([+-]?\d+)-\s*([+-]?\d+)/);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

const protoName = (p: PortProto) => (p === 6 ? 'tcp' : p === 17 ? 'udp' : 'sctp');

/** The transport a port name means under a qualifier, with libpcap's refusals ("port 'domain' is tcp" ...). */
function portProto(ctx: LowerContext, qualifier: string | undefined, found: PortProto, what: string, span: Span): PortProto {
  if (qualifier === undefined) return found;
  const want = PORT_PROTOS[qualifier]!;
  if (found !== 'any' && found !== want) ctx.fail('port-protocol-mismatch', `${what} is ${protoName(found)} only, not ${qualifier}`, span);
  return want;
}

function checkPortQualifier(ctx: LowerContext, n: Qualified, kind: 'port' | 'portrange'): void {
  const p = n.q.proto;
  if (p !== undefined && !(p in PORT_PROTOS)) ctx.fail('bad-port-qualifier', `"${p} ${kind}" is not valid: ports belong to tcp, udp and sctp`, n.q.span);
}

function checkPortNumber(ctx: LowerContext, v: number, span: Span): void {
  if (v < 0) ctx.fail('bad-port', `port ${v} is negative`, span);
  if (v > 65535) ctx.fail('bad-port', `port ${v} is out of range (0-65535)`, span);
}

function lookupProto(ctx: LowerContext, n: Qualified, name: string): number {
  const p = n.q.proto;
  if (p === undefined || p === 'ip' || p === 'ip6') {
    const v = PROTOCOLS[name];
    if (v === undefined) ctx.fail('unknown-ip-proto', `unknown IP protocol name "${name}"`, n.id.span);
    return v;
  }
  if (p === 'link' || p === 'iso') {
    const v = lookupLinkProtoName(ctx, p, name, n.id.span);
    if (v === undefined) ctx.fail('unknown-osi-proto', `unknown OSI protocol name "${name}" (esis, isis or clnp)`, n.id.span);
    return v;
  }
  return ctx.fail('unknown-protocol', `"${p}" has no protocol names: "${name}" means nothing after "${p} ${n.q.addr}"`, n.id.span);
}

/** Lower one qualified identifier. */
export function lowerQualified(ctx: LowerContext, n: Qualified, resolver: Resolver = {}): Pred {
  const { proto, dir, addr } = n.q;
  const id = n.id;
  switch (id.kind) {
    case 'mac':
      return lowerMacQualified(ctx, n);
    case 'arcnet':
      return ctx.fail('arcnet-address', `"${id.text}" is an ARCnet address; Ethernet frames have none`, id.span);
    case 'ipv6':
    case 'ipv6-prefix': {
      const len = id.kind === 'ipv6' ? 128 : id.len;
      if (len > 128) ctx.fail('bad-prefix', `prefix length ${len} is longer than 128`, id.span);
      const a = parseIpv6(id.text);
      const m = prefixMask6(len);
      if (a.some((b, i) => (b & ~m[i]!) !== 0)) ctx.fail('host-bits-set', `"${id.text}/${len}" has bits set outside its /${len} prefix`, id.span);
      if (addr === undefined || addr === 'host') {
        if (len !== 128) ctx.fail('prefix-on-host', `a prefix length needs "net": "net ${id.text}/${len}"`, id.span);
        return lowerHost6(ctx, a, m, proto, dir, 'host', n.span);
      }
      if (addr === 'net') return lowerHost6(ctx, a, m, proto, dir, 'net', n.span);
      return ctx.fail('bad-ipv6-qualifier', `"${addr}" cannot take an IPv6 address`, n.span);
    }
    case 'ipv4-prefix':
    case 'ipv4-mask': {
      const a = atoin(id.text);
      if (!a) return ctx.fail('bad-ipv4-address', `"${id.text}" is not a valid IPv4 address`, id.span);
      const net = a.bits === 32 ? a.value : (a.value << (32 - a.bits)) >>> 0;
      let mask: number;
      if (id.kind === 'ipv4-mask') {
        const m = atoin(id.mask);
        if (!m) return ctx.fail('bad-ipv4-address', `"${id.mask}" is not a valid IPv4 mask`, id.span);
        mask = m.bits === 32 ? m.value : (m.value << (32 - m.bits)) >>> 0;
        if ((net & ~mask) >>> 0 !== 0) ctx.fail('host-bits-set', `"${id.text} mask ${id.mask}" has bits set outside the mask`, id.span);
      } else {
        if (id.len > 32) ctx.fail('bad-prefix', `prefix length ${id.len} is longer than 32`, id.span);
        mask = id.len === 0 ? 0 : (0xffffffff << (32 - id.len)) >>> 0;
        if ((net & ~mask) >>> 0 !== 0) ctx.fail('host-bits-set', `"${id.text}/${id.len}" has bits set outside its /${id.len} prefix`, id.span);
      }
      if (addr !== 'net') ctx.fail('mask-needs-net', `a mask or prefix length needs "net": "net ${ctx.source.slice(id.span)}"`, n.span);
      return lowerHost4(ctx, net, mask, proto, dir, 'net', n.span, (c, x, d) => lowerDecnetHost(c, x, d, n.span));
    }
    case 'ipv4': {
      if (addr === 'port' || addr === 'portrange' || addr === 'proto' || addr === 'protochain') {
        ctx.fail('address-with-' + addr, `"${addr}" takes a number or a name, not an IPv4 address`, n.span);
      }
      if (proto === 'decnet') {
        const v = decnetAddressOf(ctx, id.text, id.span);
        return addr === 'gateway' ? gatewayNeedsName(ctx, n) : lowerDecnetHost(ctx, v, dir, n.span);
      }
      const a = atoin(id.text);
      if (!a) return ctx.fail('bad-ipv4-address', `"${id.text}" is not a valid IPv4 address (each part 0-255)`, id.span);
      if (addr === 'gateway') return gatewayNeedsName(ctx, n);
      if (proto === 'link') return ctx.fail('link-with-ipv4', `"ether" takes a MAC address, not "${id.text}"`, n.span);
      const shift = 32 - a.bits;
      const v = shift === 0 ? a.value : (a.value << shift) >>> 0;
      const mask = shift === 0 ? 0xffffffff : (0xffffffff << shift) >>> 0;
      return lowerHost4(ctx, v, mask, proto, dir, addr === 'net' ? 'net' : 'host', n.span, (c, x, d) => lowerDecnetHost(c, x, d, n.span));
    }
    case 'number':
      return lowerNumber(ctx, n, id.value);
    case 'name':
      return lowerName(ctx, n, id.text, resolver);
  }
}

function gatewayNeedsName(ctx: LowerContext, n: Qualified): never {
  return ctx.fail('gateway-needs-name', '"gateway" takes a host name (and is not supported in this configuration anyway, as in libpcap)', n.span);
}

/** gen_ncode with a number (pnum). */
function lowerNumber(ctx: LowerContext, n: Qualified, v: number): Pred {
  const { proto, dir, addr } = n.q;
  switch (addr) {
    case undefined:
    case 'host':
    case 'net': {
      if (proto === 'decnet') return lowerDecnetHost(ctx, v, dir, n.span);
      if (proto === 'link') return ctx.fail('link-with-number', `"ether ${addr ?? 'host'}" takes a MAC address, not the number ${v}`, n.span);
      let value = v >>> 0;
      let mask = 0xffffffff;
      if (addr === 'net') {
        while (value !== 0 && (value & 0xff000000) === 0) {
          value = (value << 8) >>> 0;
          mask = (mask << 8) >>> 0;
        }
      }
      return lowerHost4(ctx, value, mask, proto, dir, addr === 'net' ? 'net' : 'host', n.span, (c, x, d) => lowerDecnetHost(c, x, d, n.span));
    }
    case 'port':
    case 'portrange': {
      checkPortQualifier(ctx, n, addr);
      checkPortNumber(ctx, v, n.id.span);
      const p = proto === undefined ? 'any' : PORT_PROTOS[proto]!;
      return lowerPort(ctx, p, dir, v, v, addr === 'portrange', n.span);
    }
    case 'gateway':
      return gatewayNeedsName(ctx, n);
    case 'proto':
      return lowerProtoNumber(ctx, v, proto, dir, n.span);
    case 'protochain':
      return lowerProtochain(ctx, v, proto, n.span);
  }
}

/** gen_scode with a name. */
function lowerName(ctx: LowerContext, n: Qualified, name: string, resolver: Resolver): Pred {
  const { proto, dir, addr } = n.q;
  switch (addr) {
    case 'net': {
      const found = resolver.network?.(name);
      if (found === undefined || found === 0) return ctx.fail('unknown-network', `unknown network name "${name}" (looked up in networks(5))`, n.id.span);
      let value = found >>> 0;
      let mask = 0xffffffff;
      while (value !== 0 && (value & 0xff000000) === 0) {
        value = (value << 8) >>> 0;
        mask = (mask << 8) >>> 0;
      }
      return lowerHost4(ctx, value, mask, proto, dir, 'net', n.span);
    }
    case undefined:
    case 'host': {
      if (proto === 'link') {
        const mac = resolver.ether?.(name);
        if (!mac) return ctx.fail('unknown-ether-host', `unknown Ethernet host name "${name}" (looked up in ethers(5))`, n.id.span);
        return lowerMacQualified(ctx, { ...n, id: { kind: 'mac', text: [...mac].map((b) => b.toString(16)).join(':'), span: n.id.span } });
      }
      if (proto === 'decnet') return ctx.fail('decnet-name', `DECnet host names cannot be looked up ("${name}"): use an address such as 1.2`, n.id.span);
      const found = resolver.host?.(name);
      if (!found || found.v4.length + found.v6.length === 0) return ctx.fail('unknown-host', `unknown host "${name}"`, n.id.span);
      const parts: Pred[] = [];
      if (proto !== 'ip6') for (const a of found.v4) parts.push(lowerHost4(ctx, a, 0xffffffff, proto, dir, 'host', n.span));
      if (proto === undefined || proto === 'ip6') for (const a of found.v6) parts.push(lowerHost6(ctx, a, new Uint8Array(16).fill(0xff), proto, dir, 'host', n.span));
      if (parts.length === 0) return ctx.fail('unknown-host', `host "${name}" has no address of the requested family`, n.id.span);
      return parts.length === 1 ? parts[0]! : { op: 'or', terms: parts };
    }
    case 'port': {
      checkPortQualifier(ctx, n, 'port');
      const r = nameToPort(name, resolver);
      if (!r) {
        const guess = didYouMean(name, Object.keys(SERVICES));
        fail(ctx.source, 'unknown-port', `unknown port name "${name}" (not in the services database)`, n.id.span, guess ? { suggestion: `did you mean "${guess}"?` } : {});
      }
      const p = portProto(ctx, proto, r.proto, `port "${name}"`, n.id.span);
      checkPortNumber(ctx, r.port, n.id.span);
      return lowerPort(ctx, p, dir, r.port, r.port, false, n.span);
    }
    case 'portrange': {
      checkPortQualifier(ctx, n, 'portrange');
      let lo: number;
      let hi: number;
      let found: PortProto;
      const nums = scanRange(name);
      if (nums) {
        [lo, hi] = nums;
        found = 'any';
      } else {
        const dash = name.indexOf('-');
        const a = dash < 0 ? undefined : nameToPort(name.slice(0, dash), resolver);
        const b = dash < 0 ? undefined : nameToPort(name.slice(dash + 1), resolver);
        if (!a || !b) return ctx.fail('unknown-port', `unknown port range "${name}": write PORT-PORT with numbers or service names`, n.id.span);
        [lo, hi] = [a.port, b.port];
        found = a.proto === b.proto ? a.proto : 'any';
      }
      const p = portProto(ctx, proto, found, `port range "${name}"`, n.id.span);
      checkPortNumber(ctx, lo, n.id.span);
      checkPortNumber(ctx, hi, n.id.span);
      return lowerPort(ctx, p, dir, lo, hi, true, n.span);
    }
    case 'gateway':
      return ctx.fail('gateway-not-supported', '"gateway" is not supported: libpcap refuses it in this configuration (it needs both the MAC and the IP address of the gateway)', n.span);
    case 'proto':
      return lowerProtoNumber(ctx, lookupProto(ctx, n, name), proto, dir, n.span);
    case 'protochain':
      return lowerProtochain(ctx, lookupProto(ctx, n, name), proto, n.span);
  }
}
