/**
 * Differential tests on the project's own capture (test/lib/capture-gen.ts):
 * a table of expressions covering every primitive, and random expressions
 * over the whole grammar (seed XSIFT_DIFF_SEED, count XSIFT_DIFF_COUNT), each
 * compared with libpcap on this machine: acceptance, then the decision for
 * every frame by the interpreter of the optimized graph and by the real
 * program in the kernel. A disagreement is shrunk to the smallest
 * sub-expression that still disagrees, and reported with the frame.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonical, compileExpression, ExpressionError, matchesCfg, parseExpression, type Compiled, type Expr } from '../compiler/index.js';
import { buildProgram } from '../runtime/build.js';
import { native, type NativeObject } from '../runtime/native.js';
import { writePcapFile } from '../runtime/pcap.js';
import { configure, PROGRAM } from '../runtime/session.js';
import { generateFrames } from './lib/capture-gen.js';
import { Rng } from './lib/gen.js';
import { randomFullExpression } from './lib/gen-full.js';
import { libpcapAccepts, libpcapMatches } from './lib/oracle.js';

const frames = generateFrames(Number(process.env.XSIFT_DIFF_SEED ?? 1));
const dir = mkdtempSync(path.join(os.tmpdir(), 'xsift-diff-'));
const pcap = path.join(dir, 'generated.pcap');
writePcapFile(pcap, frames.map((f, i) => ({ data: f.data, tsNs: BigInt(i) * 1000n })));
const XDP_PASS = 2;

/** Every primitive family of pcap-filter(7) on Ethernet. */
const TABLE = [
  '', 'ip', 'ip6', 'arp', 'rarp', 'tcp', 'udp', 'sctp', 'icmp', 'icmp6', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'ah', 'esp',
  'stp', 'ipx', 'netbeui', 'iso', 'esis', 'isis', 'clnp', 'l1', 'l2', 'iih', 'lsp', 'snp', 'csnp', 'psnp', 'decnet', 'lat', 'sca', 'moprc', 'mopdl', 'atalk', 'aarp',
  'host 198.18.0.1', 'src host 198.18.0.1', 'dst host 198.18.0.2', 'src and dst host 198.18.0.1', 'arp host 198.18.0.2', 'rarp host 198.18.0.1',
  'net 198.18.0.0/16', 'dst net 198.18.9.0/24', 'net 198.18.0.0 mask 255.255.255.0', 'net 198.18', 'host 198.18',
  'host 2001:db8::1', 'dst net 2001:db8::/32', 'ip6 src host 2001:db8::1', 'ip6 net ff00::/8',
  'port 80', 'tcp port 443', 'udp dst port 53', 'sctp port 80', 'port domain', 'port ssh', 'tcp port http', 'portrange 1-1023', 'udp portrange 50-60', 'src portrange ftp-ssh', 'tcp port 80 or 443',
  'ether host 02:00:00:00:00:01', 'ether src 02:00:00:00:00:01', 'ether dst ff:ff:ff:ff:ff:ff', 'ether broadcast', 'ether multicast', 'ip multicast', 'ip6 multicast', 'broadcast', 'multicast',
  'ether proto 0x88cc', 'ether proto \\arp', 'ip proto 6', 'ip proto \\udp', 'ip6 proto 58', 'proto 17', 'ip proto 51',
  'protochain 6', 'ip6 protochain 17', 'ip protochain 51', 'ip6 protochain 44', 'protochain 59',
  'vlan', 'vlan 100', 'vlan and ip', 'vlan 200 and ip6', 'vlan and vlan 20', 'vlan and arp', 'not vlan',
  'mpls', 'mpls 16', 'mpls and ip', 'mpls 16 and mpls 17 and ip', 'mpls and ip6',
  'pppoed', 'pppoes', 'pppoes 0x1234 and ip', 'pppoes and ip6', 'pppoes and udp port 53',
  'geneve', 'geneve 42', 'geneve and ip', 'geneve and tcp port 80', 'geneve and ether host 02:00:00:00:00:aa', 'geneve 9 and arp', 'geneve and ip host 198.18.0.2',
  'llc', 'llc i', 'llc s', 'llc u', 'llc rr', 'llc ui', 'llc xid',
  'less 64', 'greater 100', 'len > 100', 'len <= 60',
  'ip[0] & 0xf != 5', 'ip[6:2] & 0x1fff != 0', 'tcp[tcpflags] & tcp-syn != 0', 'tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn', 'icmp[icmptype] = icmp-echo',
  'udp[2:2] = 53', 'ip6[6] = 58', 'icmp6[0] = 128', 'ether[12:2] = 0x8100', 'ether[len - 1] = 0', 'ip[2:2] - 20 > 100', 'ip[9] * 2 = 12', 'ip[9] / 0x0 = 1 or ip',
  'ip[0] - tcp[0] != 0', 'tcp[0] - ip[0] != 0', 'udp[0] + ip[0] > 0 or arp',
  'inbound', 'not outbound', 'ifindex 1',
  'tcp or udp and ip', 'not (tcp or udp)', 'icmp or arp', 'ip and not tcp and not udp', 'ip or ip6 and tcp',
];

interface Verdict {
  accepted: boolean;
  error?: string;
}

function ours(expr: string): { compiled?: Compiled; error?: string } {
  try {
    return { compiled: compileExpression(expr) };
  } catch (e) {
    if (e instanceof ExpressionError) return { error: e.diagnostics[0]!.code };
    throw e;
  }
}

const kernelCache = new Map<string, NativeObject>();
async function kernelMatches(expr: string): Promise<number[]> {
  const { object } = await buildProgram(expr, 'allow');
  const obj = native().openObject(object, 'diff');
  try {
    configure(obj, { report: false });
    obj.setXdpFrags(PROGRAM, true);
    obj.load();
    return frames.flatMap((f, i) => (obj.testRun(PROGRAM, f.data).retval === XDP_PASS ? [i + 1] : []));
  } finally {
    obj.close();
  }
}
void kernelCache;

const interpMatches = (c: Compiled) => frames.flatMap((f, i) => (matchesCfg(c.cfg, f.data) ? [i + 1] : []));

/** Sub-expressions to try when shrinking: each operand of and/or, the operand of not. */
function children(e: Expr): Expr[] {
  if (e.kind === 'and' || e.kind === 'or') return [e.left, e.right];
  if (e.kind === 'not') return [e.operand];
  return [];
}

/** Describe the first difference between two sorted index lists. */
function firstDiff(ref: number[], got: number[]): string {
  const r = new Set(ref);
  const g = new Set(got);
  const i = [...new Set([...ref, ...got])].sort((a, b) => a - b).find((x) => r.has(x) !== g.has(x))!;
  return `frame #${i} "${frames[i - 1]!.name}" (${frames[i - 1]!.data.length} bytes): libpcap ${r.has(i) ? 'matches' : 'does not match'}`;
}

/** Compare one expression with libpcap; undefined when they agree, else the difference. */
async function compare(expr: string, kernel: boolean): Promise<string | undefined> {
  const ref: Verdict = (() => {
    const r = libpcapAccepts(expr);
    return { accepted: r.ok, error: r.message };
  })();
  const o = ours(expr);
  if (ref.accepted !== !!o.compiled) return `acceptance: libpcap ${ref.accepted ? 'accepts' : `rejects (${ref.error})`}, xsift ${o.compiled ? 'accepts' : `rejects (${o.error})`}`;
  if (!o.compiled) return undefined;
  // libpcap compiles inbound/outbound/ifindex only for live captures: no decisions on a file to compare.
  if (/\b(inbound|outbound|ifindex)\b/.test(expr)) return undefined;
  const want = libpcapMatches(pcap, expr);
  const got = interpMatches(o.compiled);
  if (JSON.stringify(want) !== JSON.stringify(got)) {
    // libpcap reads uninitialised memory for Geneve offsets on non-Geneve frames: no reference there.
    if (expr.includes('geneve')) return undefined;
    return `interpreter: ${firstDiff(want, got)}`;
  }
  if (kernel) {
    const k = await kernelMatches(expr);
    if (JSON.stringify(want) !== JSON.stringify(k)) return `kernel: ${firstDiff(want, k)}`;
  }
  return undefined;
}

/** Shrink a disagreeing expression to the smallest sub-expression that still disagrees. */
async function shrink(expr: string, kernel: boolean): Promise<string> {
  let current = expr;
  for (let round = 0; round < 50; round++) {
    let ast: Expr;
    try {
      ast = parseExpression(current);
    } catch {
      return current;
    }
    let smaller: string | undefined;
    for (const c of children(ast)) {
      const text = canonical(c);
      if (text && (await compare(text, kernel)) !== undefined) {
        smaller = text;
        break;
      }
    }
    if (!smaller) return current;
    current = smaller;
  }
  return current;
}

test(`every primitive family: libpcap's acceptance and decisions on ${frames.length} generated frames (kernel and interpreter)`, async () => {
  const wrong: string[] = [];
  let accepted = 0;
  for (const expr of TABLE) {
    const d = await compare(expr, true);
    if (ours(expr).compiled) accepted++;
    if (d) wrong.push(`${JSON.stringify(expr)} → ${d}`);
  }
  console.log(`\n  differential table: ${TABLE.length} expressions (${accepted} accepted) × ${frames.length} frames, ${wrong.length} disagreements`);
  assert.equal(wrong, [], wrong.join('\n'));
});

const count = Number(process.env.XSIFT_DIFF_COUNT ?? 120);
const seed = Number(process.env.XSIFT_DIFF_SEED ?? 1);
test(`random expressions over the whole grammar (seed ${seed}, ${count}): libpcap's acceptance and decisions`, async () => {
  const rng = new Rng(seed);
  const wrong: string[] = [];
  let accepted = 0;
  for (let i = 0; i < count; i++) {
    const expr = randomFullExpression(rng, 3);
    const kernel = i % 3 === 0; // a third also through the kernel, to bound the time
    const d = await compare(expr, kernel);
    if (ours(expr).compiled) accepted++;
    if (d) {
      const small = await shrink(expr, kernel);
      wrong.push(`${JSON.stringify(expr)}\n    smallest: ${JSON.stringify(small)} → ${(await compare(small, kernel)) ?? d}`);
    }
  }
  console.log(`\n  differential random: ${count} expressions (${accepted} accepted), ${wrong.length} disagreements`);
  assert.equal(wrong, [], wrong.join('\n'));
});

test('inbound, outbound and ifindex at the XDP hook: every frame is inbound, none outbound, ifindex is the receiving interface', async () => {
  const all = frames.map((_, i) => i + 1);
  assert.equal(interpMatches(compileExpression('inbound')), all);
  assert.equal(await kernelMatches('inbound'), all);
  assert.equal(await kernelMatches('outbound'), []);
  assert.equal(await kernelMatches('not outbound and ip'), libpcapMatches(pcap, 'ip'));
  // ifindex: BPF_PROG_TEST_RUN receives frames on loopback (ifindex 1) unless told otherwise.
  for (const [expr, want] of [['ifindex 1', true], ['ifindex 4242', false], ['not ifindex 4242', true]] as const) {
    const { object } = await buildProgram(expr, 'allow');
    const obj = native().openObject(object, 'ifindex');
    try {
      configure(obj, { report: false });
      obj.load();
      assert.is(obj.testRun(PROGRAM, frames[0]!.data, { ifindex: 1 }).retval === XDP_PASS, want, expr);
    } finally {
      obj.close();
    }
  }
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
test.run();
