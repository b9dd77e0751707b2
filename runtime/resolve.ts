/**
 * Name resolution for the compiler (compiler/lower/qualified.ts Resolver),
 * the way libpcap resolves on this machine: host names through
 * getaddrinfo (dns.lookup: hosts(5), then DNS, IPv4 and IPv6), network
 * names from networks(5), Ethernet names from ethers(5), and service names
 * missing from the built-in table from services(5). Lookups happen before
 * compiling (the compiler is synchronous and does no I/O).
 */
import { promises as dns } from 'node:dns';
import { readFileSync } from 'node:fs';
import { namesNeeded } from '../compiler/names/needed.js';
import { compileExpression, parseExpression, Source, type Compiled, type Expr } from '../compiler/index.js';
import type { Resolver } from '../compiler/lower/qualified.js';
import { parseIpv6 } from '../compiler/lower/qualified.js';

export interface ResolveOptions {
  /** Give up on one DNS lookup after this long (the name is then unknown). */
  timeoutMs?: number;
  /** Files, for tests. */
  files?: { networks?: string; ethers?: string; services?: string };
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
  } catch {
    return [];
  }
}

/** inet_network(): "10.20" is 0x0a14 (libpcap then shifts it to 10.20.0.0). */
function inetNetwork(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  let v = 0;
  for (const p of parts) {
    const n = /^0x/i.test(p) ? parseInt(p.slice(2), 16) : /^0\d/.test(p) ? parseInt(p, 8) : Number(p);
    if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
    v = ((v << 8) | n) >>> 0;
  }
  return v;
}

async function lookupHost(name: string, timeoutMs: number): Promise<{ v4: number[]; v6: Uint8Array[] } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), timeoutMs)));
  try {
    const found = await Promise.race([dns.lookup(name, { all: true, verbatim: true }).catch(() => undefined), timeout]);
    if (!found || found.length === 0) return undefined;
    const v4: number[] = [];
    const v6: Uint8Array[] = [];
    for (const a of found) {
      if (a.family === 4) {
        const n = a.address.split('.').reduce((acc, p) => ((acc << 8) | Number(p)) >>> 0, 0);
        if (!v4.includes(n)) v4.push(n);
      } else if (a.family === 6) v6.push(parseIpv6(a.address.replace(/%.*$/, '')));
    }
    return { v4, v6 };
  } finally {
    clearTimeout(timer);
  }
}

/** Look up every name the expression needs; the Resolver then answers from these results. */
export async function resolveNames(ast: Expr, opts: ResolveOptions = {}): Promise<Resolver> {
  const need = namesNeeded(ast);
  const hosts = new Map<string, { v4: number[]; v6: Uint8Array[] } | undefined>();
  await Promise.all(need.hosts.map(async (h) => hosts.set(h, await lookupHost(h, opts.timeoutMs ?? 5000))));
  const networks = new Map<string, number>();
  if (need.networks.length) {
    for (const line of readLines(opts.files?.networks ?? '/etc/networks')) {
      const [name, num, ...aliases] = line.split(/\s+/);
      const v = num ? inetNetwork(num) : undefined;
      if (v === undefined) continue;
      for (const n of [name!, ...aliases]) if (!networks.has(n)) networks.set(n, v);
    }
  }
  const ethers = new Map<string, Uint8Array>();
  if (need.ethers.length) {
    for (const line of readLines(opts.files?.ethers ?? '/etc/ethers')) {
      const [mac, name] = line.split(/\s+/);
      const bytes = mac?.split(':').map((b) => parseInt(b, 16));
      if (name && bytes && bytes.length === 6 && bytes.every((b) => b >= 0 && b <= 255) && !ethers.has(name)) ethers.set(name, Uint8Array.from(bytes));
    }
  }
  const services = new Map<string, { tcp?: number; udp?: number }>();
  if (need.services.length) {
    for (const line of readLines(opts.files?.services ?? '/etc/services')) {
      const [name, portProto, ...aliases] = line.split(/\s+/);
      const [port, proto] = (portProto ?? '').split('/');
      if (proto !== 'tcp' && proto !== 'udp') continue;
      for (const n of [name!, ...aliases]) {
        const entry = services.get(n) ?? {};
        entry[proto] ??= Number(port);
        services.set(n, entry);
      }
    }
  }
  return {
    host: (name) => hosts.get(name),
    network: (name) => networks.get(name),
    ether: (name) => ethers.get(name),
    service: (name) => services.get(name),
  };
}

/** Parse, resolve the names it uses on this machine, and compile. Throws ExpressionError. */
export async function compileResolved(expression: string | Source, opts: ResolveOptions = {}): Promise<Compiled> {
  const source = typeof expression === 'string' ? new Source(expression) : expression;
  const ast = parseExpression(source);
  const resolver = await resolveNames(ast, opts);
  return compileExpression(source, { ast, resolver });
}
