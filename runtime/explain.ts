/**
 * `xsift explain` (alias `-d`): what a filter is at every stage — the AST with inherited
 * qualifiers explicit, the IR, the optimized test graph, the generated C — and, on request,
 * what the kernel makes of it (`--verifier`: processed instructions, translated and JITed
 * sizes) and what it costs (`--cost`: nanoseconds per packet through BPF_PROG_TEST_RUN, beside
 * an empty `return XDP_PASS` program built and measured the same way on the same frames).
 */
import { generateC, printAst, printCfg, printPred, type Action, type Compiled } from '../compiler/index.js';
import { buildObject, loadTemplate } from './build.js';
import { native, type NativeObject } from './native.js';
import { configure, PROGRAM } from './session.js';

/** The text sections of `explain`, in order. */
export function explainSections(compiled: Compiled, action: Action): { title: string; body: string }[] {
  return [
    { title: 'AST', body: printAst(compiled.ast) },
    { title: 'IR', body: printPred(compiled.ir) },
    { title: 'optimized test graph', body: printCfg(compiled.cfg, (c) => printPred(c)) },
    { title: 'C', body: generateC(compiled, loadTemplate(), action).trimEnd() },
  ];
}

/** The empty program --cost compares with: what any XDP program costs before it does anything. */
export const EMPTY_PROGRAM_C = `/* xsift explain --cost: the empty baseline program */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int xsift_empty(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
`;
export const EMPTY_PROGRAM = 'xsift_empty';

/** What the verifier and the JIT made of a program. */
export interface VerifierReport {
  /** Instructions the verifier processed (all paths), the number its complexity limit counts. */
  processedInsns: number;
  /** Program size after the verifier's rewrites, in BPF instructions (8 bytes each). */
  xlatedInsns: number;
  /** Machine code size after JIT (0 without a JIT). */
  jitedBytes: number;
}

/** Load `object` (root) and read the verifier's statistics. */
export function verifierReport(object: Buffer, program: string, action?: Action): VerifierReport {
  const obj = native().openObject(object, 'xsift_explain');
  try {
    if (action) configure(obj, { action, report: true, ringBytes: 4096 });
    obj.load({ logLevel: 4 });
    const info = obj.programInfo(program);
    return { processedInsns: info.verifiedInsns, xlatedInsns: info.xlatedInsns, jitedBytes: info.jitedBytes };
  } finally {
    obj.close();
  }
}

/** A frame to measure on. */
export interface CostFrame {
  name: string;
  data: Buffer;
}

/** One frame's measurement. */
export interface FrameCost {
  name: string;
  bytes: number;
  /** Did the filter match the frame (the allow-mode program passed it)? */
  matched: boolean;
  filterNs: number;
  emptyNs: number;
}

/**
 * Both programs on every frame, `repeat` runs each (the kernel averages them). The filter runs
 * in allow mode, so that its verdict says whether it matched; the action only changes the
 * value returned at the end, not the work.
 */
export async function measureCost(object: Buffer, frames: CostFrame[], repeat: number): Promise<FrameCost[]> {
  const { object: empty } = await buildObject(EMPTY_PROGRAM_C);
  const open = (bytes: Buffer, program: string, setup?: (o: NativeObject) => void): NativeObject => {
    const o = native().openObject(bytes, 'xsift_cost');
    try {
      setup?.(o);
      o.setXdpFrags(program, true);
      o.load();
    } catch (e) {
      o.close();
      throw e;
    }
    return o;
  };
  // Reports off: the cost of deciding, not of copying matched frames to the ring buffer.
  const filter = open(object, PROGRAM, (o) => configure(o, { action: 'allow', report: false, ringBytes: 4096 }));
  try {
    const base = open(empty, EMPTY_PROGRAM);
    try {
      return frames.map((f) => {
        const r = filter.testRun(PROGRAM, f.data, { repeat });
        const e = base.testRun(EMPTY_PROGRAM, f.data, { repeat });
        return { name: f.name, bytes: f.data.length, matched: r.retval === 2, filterNs: r.durationNs, emptyNs: e.durationNs };
      });
    } finally {
      base.close();
    }
  } finally {
    filter.close();
  }
}

/** The cost table and its summary line. */
export function costLines(costs: FrameCost[], repeat: number): string[] {
  const w = Math.max(5, ...costs.map((c) => c.name.length));
  const lines = [`${'frame'.padEnd(w)}  bytes  matched  filter ns  empty ns`];
  for (const c of costs) {
    lines.push(
      `${c.name.padEnd(w)}  ${String(c.bytes).padStart(5)}  ${(c.matched ? 'yes' : 'no').padEnd(7)}  ${String(c.filterNs).padStart(9)}  ${String(c.emptyNs).padStart(8)}`,
    );
  }
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const f = mean(costs.map((c) => c.filterNs));
  const e = mean(costs.map((c) => c.emptyNs));
  lines.push(
    `mean over ${costs.length} frames, ${repeat} runs each: filter ${f.toFixed(1)} ns/packet, empty program ${e.toFixed(1)} ns/packet, ` +
      `filter minus empty ${(f - e).toFixed(1)} ns/packet (BPF_PROG_TEST_RUN on this machine; reports to the ring buffer not included)`,
  );
  return lines;
}

// ---- representative frames (built here: runtime/ cannot use the test builders) ----

function checksum(b: Buffer): number {
  let s = 0;
  for (let i = 0; i + 1 < b.length; i += 2) s += b.readUInt16BE(i);
  if (b.length & 1) s += b[b.length - 1]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

function ether(type: number, payload: Buffer, vlan?: number): Buffer {
  const h = Buffer.from([0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1]);
  const tag = vlan === undefined ? Buffer.alloc(0) : Buffer.from([0x81, 0, vlan >> 8, vlan & 0xff]);
  const t = Buffer.from([type >> 8, type & 0xff]);
  const f = Buffer.concat([h, tag, t, payload]);
  return f.length < 60 ? Buffer.concat([f, Buffer.alloc(60 - f.length)]) : f;
}

function ip4(proto: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h[0] = 0x45;
  h.writeUInt16BE(20 + payload.length, 2);
  h[8] = 64;
  h[9] = proto;
  Buffer.from([198, 18, 0, 1, 198, 18, 0, 2]).copy(h, 12);
  h.writeUInt16BE(checksum(h), 10);
  return Buffer.concat([h, payload]);
}

function ip6(nh: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(40);
  h[0] = 0x60;
  h.writeUInt16BE(payload.length, 4);
  h[6] = nh;
  h[7] = 64;
  Buffer.from('20010db8000000000000000000000001', 'hex').copy(h, 8);
  Buffer.from('20010db8000000000000000000000002', 'hex').copy(h, 24);
  return Buffer.concat([h, payload]);
}

function l4(sport: number, dport: number, kind: 'tcp' | 'udp', data = 0): Buffer {
  if (kind === 'udp') {
    const u = Buffer.alloc(8 + data);
    u.writeUInt16BE(sport, 0);
    u.writeUInt16BE(dport, 2);
    u.writeUInt16BE(8 + data, 4);
    return u;
  }
  const t = Buffer.alloc(20 + data);
  t.writeUInt16BE(sport, 0);
  t.writeUInt16BE(dport, 2);
  t.writeUInt32BE(1000, 4);
  t[12] = 0x50;
  t[13] = 0x02;
  t.writeUInt16BE(64240, 14);
  return t;
}

/** A small mix of common frames: ARP, ICMP/ICMPv6 echo, TCP and UDP over both IPs, a VLAN tag. */
export function representativeFrames(): CostFrame[] {
  const echo = Buffer.concat([Buffer.from([8, 0, 0, 0, 0, 7, 0, 1]), Buffer.alloc(56)]);
  echo.writeUInt16BE(checksum(echo), 2);
  const arp = Buffer.from('0001080006040001020000000001c6120001000000000000c6120002', 'hex');
  return [
    { name: 'arp request', data: ether(0x0806, arp) },
    { name: 'ipv4 icmp echo', data: ether(0x0800, ip4(1, echo)) },
    { name: 'ipv4 tcp syn', data: ether(0x0800, ip4(6, l4(40000, 443, 'tcp'))) },
    { name: 'ipv4 udp dns', data: ether(0x0800, ip4(17, l4(40000, 53, 'udp', 40))) },
    { name: 'ipv4 tcp 1400 bytes', data: ether(0x0800, ip4(6, l4(443, 40000, 'tcp', 1380))) },
    { name: 'ipv6 icmp6 echo', data: ether(0x86dd, ip6(58, Buffer.concat([Buffer.from([128, 0, 0, 0, 0, 7, 0, 1]), Buffer.alloc(56)]))) },
    { name: 'ipv6 tcp syn', data: ether(0x86dd, ip6(6, l4(40000, 443, 'tcp'))) },
    { name: 'ipv6 udp', data: ether(0x86dd, ip6(17, l4(40000, 4789, 'udp', 50))) },
    { name: 'vlan ipv4 udp', data: ether(0x0800, ip4(17, l4(40000, 123, 'udp', 48)), 10) },
  ];
}
