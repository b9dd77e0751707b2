/**
 * §1 of the benchmark: what the generated program costs per packet, beside
 * the floor (an XDP program that only returns XDP_PASS) and the baseline
 * (libpcap's classic BPF translated to XDP, bench/cbpf.ts), all through
 * BPF_PROG_TEST_RUN with a large repeat count (durationNs is the kernel's
 * average per run).
 *
 * Per expression: every program's verdicts are first compared with
 * libpcap's on every frame of the verdict set. Then in each round, for each
 * timing frame, the programs run one after the other (the floors, xsift,
 * xsift-bare, cbpf, cbpf-shipped), the starting one rotating with the round
 * (A B C D E, B C D E A, ...). A round's sample for a program is its mean ns
 * over the frames (each round loads every program afresh, so that where its
 * code lands in memory varies); overheads are paired with the floor of the same round,
 * and the medians over rounds are reported with their quartiles. The runs
 * time amplified programs (bench/programs.ts amplify(): AMPLIFY runs of the
 * program in a loop per test run), because the kernel reports whole
 * nanoseconds per run; the loop's own cost is taken out with a floor
 * amplified alike.
 */
import type { NamedFrame } from '../test/lib/frames.js';
import { libpcapMatches } from '../test/lib/oracle.js';
import { loadExpression, type Loaded, type Timed } from './programs.js';
import type { SuiteEntry } from './suite.js';
import { median, round, spread, type Spread } from './stats.js';

const XDP_DROP = 1;
const XDP_PASS = 2;

export interface PerPacketOptions {
  suite: SuiteEntry[];
  /** Frames whose verdicts are checked (written to `pcap`, in this order). */
  frames: NamedFrame[];
  pcap: string;
  /** Frames the timing runs on. */
  timing: NamedFrame[];
  repeat: number;
  rounds: number;
  /** The floor by runs per test run (see programs.ts loadFloors). */
  floors: Map<number, Timed>;
  log: (s: string) => void;
}

export interface InsnCounts {
  verified: number;
  xlated: number;
  jitedBytes: number;
}

export interface ExprResult {
  group: string;
  expr: string;
  /** Median over rounds of the mean ns per packet over the timing frames. */
  ns: { floor: number; xsift: number; bare: number; cbpf: number; cbpfShipped: number };
  /** Paired overhead above the floor, ns per packet. */
  overhead: { xsift: Spread; bare: Spread; cbpf: Spread; cbpfShipped: Spread };
  /**
   * Median of paired differences, ns per packet: xsift's program minus the
   * baseline's (xsift, bare), and the shipped program minus the baseline in
   * the same harness (harness).
   */
  slowerThanBaseline: { xsift: number; bare: number; harness: number };
  /** Overhead ratios: xsift and bare over the baseline's; harness: xsift over the baseline in the same harness. */
  ratio: { xsift: number; bare: number; harness: number };
  insns: { xsift: InsnCounts; bare: InsnCounts; cbpf: InsnCounts; cbpfShipped: InsnCounts; cbpfClassic: number };
  /** Runs of each program per timed test run (AMPLIFY, or fewer where the verifier refuses that many). */
  runsPerTestRun: { xsift: number; bare: number; cbpf: number; cbpfShipped: number };
  /** Frames (by name) where a program's verdict differs from libpcap's. */
  verdictMismatches: { xsift: string[]; bare: string[]; cbpf: string[]; cbpfShipped: string[] };
}

function counts(l: Loaded): InsnCounts {
  return { verified: l.info.verifiedInsns, xlated: l.info.xlatedInsns, jitedBytes: l.info.jitedBytes };
}

function mismatches(l: Loaded, frames: NamedFrame[], ref: Set<number>): string[] {
  const bad: string[] = [];
  frames.forEach((f, i) => {
    const r = l.obj.testRun(l.prog, f.data);
    if (r.retval !== XDP_PASS && r.retval !== XDP_DROP) throw new Error(`${l.variant} on "${f.name}": XDP action ${r.retval}`);
    if ((r.retval === XDP_PASS) !== ref.has(i + 1)) bad.push(f.name);
  });
  return bad;
}

export async function runPerPacket(o: PerPacketOptions): Promise<ExprResult[]> {
  const out: ExprResult[] = [];
  for (const [n, entry] of o.suite.entries()) {
    const t0 = Date.now();
    const p = await loadExpression(entry.expr, o.pcap);
    try {
      const ref = new Set(libpcapMatches(o.pcap, entry.expr));
      const verdictMismatches = {
        xsift: mismatches(p.xsift, o.frames, ref),
        bare: mismatches(p.bare, o.frames, ref),
        cbpf: mismatches(p.cbpf, o.frames, ref),
        cbpfShipped: mismatches(p.cbpfShipped, o.frames, ref),
      };
      // What each round times: the floors the programs need (the plain one for
      // the floor column, and one per number of runs the programs' timed
      // copies make), then the four programs.
      const loaded = [p.xsift, p.bare, p.cbpf, p.cbpfShipped];
      const times = [...new Set([1, ...loaded.map((l) => l.timed.times)])].sort((a, b) => a - b);
      const timed: Timed[] = [...times.map((t) => o.floors.get(t)!), ...loaded.map((l) => l.timed)];
      const samples: number[][] = timed.map(() => []);
      for (let r = 0; r < o.rounds; r++) {
        // Every program loaded afresh each round: a new place for its code (see programs.ts Timed).
        if (r > 0) for (const t of timed) t.reload();
        const sum = timed.map(() => 0);
        for (const f of o.timing) {
          for (let j = 0; j < timed.length; j++) {
            const k = (j + r) % timed.length;
            const l = timed[k]!;
            sum[k]! += l.obj.testRun(l.prog, f.data, { repeat: o.repeat }).durationNs;
          }
        }
        sum.forEach((s, k) => samples[k]!.push(s / o.timing.length));
      }
      // Per run of a program: its timed cost above the floor timed alike
      // (same round), divided by its runs per test run, on top of the plain floor.
      const floorOf = (t: number) => samples[times.indexOf(t)]!;
      const fl = floorOf(1);
      const [xs, bare, cb, cbs] = loaded.map((l, j) => {
        const ft = floorOf(l.timed.times);
        return samples[times.length + j]!.map((v, i) => fl[i]! + (v - ft[i]!) / l.timed.times);
      }) as [number[], number[], number[], number[]];
      const over = (xsamp: number[]) => xsamp.map((v, i) => v - fl[i]!);
      const ov = { xsift: spread(over(xs)), bare: spread(over(bare)), cbpf: spread(over(cb)), cbpfShipped: spread(over(cbs)) };
      const res: ExprResult = {
        group: entry.group,
        expr: entry.expr,
        ns: { floor: round(median(fl), 3), xsift: round(median(xs), 3), bare: round(median(bare), 3), cbpf: round(median(cb), 3), cbpfShipped: round(median(cbs), 3) },
        overhead: ov,
        slowerThanBaseline: {
          xsift: round(median(xs.map((v, i) => v - cb[i]!)), 3),
          bare: round(median(bare.map((v, i) => v - cb[i]!)), 3),
          harness: round(median(xs.map((v, i) => v - cbs[i]!)), 3),
        },
        ratio: {
          xsift: round(ov.xsift.median / ov.cbpf.median, 3),
          bare: round(ov.bare.median / ov.cbpf.median, 3),
          harness: round(ov.xsift.median / ov.cbpfShipped.median, 3),
        },
        insns: { xsift: counts(p.xsift), bare: counts(p.bare), cbpf: counts(p.cbpf), cbpfShipped: counts(p.cbpfShipped), cbpfClassic: p.cbpfInsns.length },
        runsPerTestRun: { xsift: p.xsift.timed.times, bare: p.bare.timed.times, cbpf: p.cbpf.timed.times, cbpfShipped: p.cbpfShipped.timed.times },
        verdictMismatches,
      };
      out.push(res);
      const bad = Object.entries(verdictMismatches).filter(([, v]) => v.length).map(([k, v]) => `${k} differs from libpcap on ${v.length}`);
      o.log(
        `[${n + 1}/${o.suite.length}] ${short(entry.expr)}: floor ${res.ns.floor.toFixed(2)} ns, overhead xsift ${ov.xsift.median.toFixed(2)} / bare ${ov.bare.median.toFixed(2)} / cbpf ${ov.cbpf.median.toFixed(2)} / cbpf in harness ${ov.cbpfShipped.median.toFixed(2)} ns` +
          ` (${((Date.now() - t0) / 1000).toFixed(1)} s)${bad.length ? `  VERDICTS: ${bad.join(', ')}` : ''}`,
      );
    } finally {
      p.close();
    }
  }
  return out;
}

export function short(expr: string, n = 60): string {
  return expr.length > n ? `${expr.slice(0, n - 1)}…` : expr;
}
