/**
 * The programs the per-packet benchmark runs, built with the project's clang
 * invocation (runtime/build.ts: fixed flags, content-addressed cache):
 *
 *  - floor:      bench/floor.c, `return XDP_PASS`;
 *  - xsift:      the program xsift ships (templates/xdp_filter.c with the
 *                filter in its slot), action allow, reports off: counters,
 *                the wire length, the verdict;
 *  - xsift-bare: the same generated C with the template's entry point
 *                replaced by `return xs_match(...) ? XDP_PASS : XDP_DROP`,
 *                i.e. xsift's filter code alone, as the baseline has it;
 *  - cbpf:       the baseline, libpcap's classic BPF translated by bench/cbpf.ts;
 *  - cbpf-shipped: the baseline's filter in xsift's shipped program (the
 *                template's entry point, counters and verdict, around it in
 *                place of xsift's filter): what a peer-style translation
 *                would cost with the same harness.
 *
 * Timing runs use an amplified copy of each program (amplify()): its entry
 * point runs the original one AMPLIFY times on the frame, with a compiler
 * barrier between runs so that nothing is shared between them. The kernel
 * reports a test run's duration in whole nanoseconds per run, and a filter
 * costs about one: amplified, a program's cost above the floor is measured
 * in steps of 1/AMPLIFY ns. Verdicts and instruction counts come from the
 * programs as built.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildObject, buildProgram } from '../runtime/build.js';
import { isNativeError, native, type NativeObject } from '../runtime/native.js';
import { configure, PROGRAM } from '../runtime/session.js';
import { baselineC, baselineFilter, libpcapProgram, type Insn } from './cbpf.js';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));

export type Variant = 'floor' | 'xsift' | 'xsift-bare' | 'cbpf' | 'cbpf-shipped';

export interface Loaded {
  variant: Variant;
  obj: NativeObject;
  prog: string;
  c: string;
  info: { xlatedInsns: number; jitedBytes: number; verifiedInsns: number };
  /**
   * The program the timing runs on: the amplified copy (`times` runs of this
   * one per test run: AMPLIFY, or fewer where the verifier refuses that many,
   * down to 1, this one itself), loaded separately.
   */
  timed: Timed & { times: number };
}

/**
 * A program to time: an object and its entry point. reload() loads it again
 * (a new JIT image somewhere else in memory): where a program's code lands
 * moves its cost by up to ~0.6 ns per run here, so the benchmark loads every
 * program afresh each round and the medians over rounds average that out.
 */
export interface Timed {
  obj: NativeObject;
  prog: string;
  reload(): void;
  close(): void;
}

function timedOf(variant: Variant, object: Buffer, prog: string, knobs: boolean): Timed {
  const t: Timed = {
    obj: openLoaded(variant, object, knobs),
    prog,
    reload() {
      const fresh = openLoaded(variant, object, knobs);
      t.obj.close();
      t.obj = fresh;
    },
    close() {
      t.obj.close();
    },
  };
  return t;
}

/** Runs of the program per test run in the timing copies (see amplify()). */
export const AMPLIFY = 8;

/**
 * The program `c` with the body of its XDP entry point `entry` made an
 * always-inline function, and a new entry point of the same name that runs
 * it `times` times on the frame in a loop (one copy of the code, as large as
 * the original: unrolled copies of a large program would cost more per run
 * than the program alone, through the instruction cache and branch
 * predictor), returning the last verdict. Before each run, an empty asm with
 * ctx and the loop counter as in/out operands and a memory clobber stops
 * clang from reusing anything of one run in the next; after each run, an
 * empty asm that takes the verdict as an input stops clang from dropping a
 * run whose verdict is not used. The loop's own cost is taken out with a
 * floor amplified alike (loadFloors).
 *
 * Inlined, a run pays the program's body but not its prologue and epilogue
 * (the JIT's saving of the callee-saved registers it uses): those are paid
 * once per test run. With the body as a separate (__noinline) function
 * instead, every program measured 1.1-1.8 ns more per run above the floor
 * (e.g. `ip`: xsift's filter alone 1.69, the baseline 1.65 ns), and the
 * ratios move toward 1. The loop also keeps its counter and ctx in
 * registers, which leaves the body fewer: a body that needs many spills more
 * here than it would alone, in both xsift's programs and the baseline's.
 */
export function amplify(c: string, entry: string, times = AMPLIFY): string {
  const head = `SEC("xdp")\nint ${entry}(struct xdp_md *ctx)\n{`;
  const at = c.indexOf(head);
  if (at < 0 || c.indexOf(head, at + 1) >= 0) throw new Error(`bench: cannot find the one XDP entry point ${entry} to amplify`);
  const body = c.slice(at + head.length);
  const end = body.indexOf('\n}\n');
  if (end < 0) throw new Error(`bench: cannot find the end of ${entry} to amplify`);
  const once = `static __always_inline int bench_once(struct xdp_md *ctx)\n{${body.slice(0, end)}\n}\n`;
  const wrapper = `
/* bench/programs.ts amplify(): ${times} runs per test run, in a loop (one copy of the code). */
SEC("xdp")
int ${entry}(struct xdp_md *ctx)
{
	int v = 0;

#pragma clang loop unroll(disable)
	for (__u64 i = 0; i < ${times}; i++) {
		asm volatile("" : "+r"(ctx), "+r"(i) : : "memory");
		v = bench_once(ctx);
		asm volatile("" : : "r"(v));
	}
	return v;
}
`;
  return c.slice(0, at) + once + wrapper + body.slice(end + 3);
}

function openLoaded(variant: Variant, object: Buffer, knobs: boolean): NativeObject {
  const obj = native().openObject(object, `bench-${variant}`);
  try {
    if (knobs) configure(obj, { report: false });
    obj.load({ logLevel: 4 });
    return obj;
  } catch (e) {
    obj.close();
    throw e;
  }
}

/**
 * Load a program and its amplified timing copy: AMPLIFY runs per test run,
 * or fewer (4, 2, then 1: the program itself) when the verifier finds the
 * amplified copy too large (the baseline's protochain loop, which the
 * verifier walks unrolled, is).
 */
async function load(variant: Variant, object: Buffer, prog: string, c: string, knobs = false): Promise<Loaded> {
  const obj = openLoaded(variant, object, knobs);
  const i = obj.programInfo(prog);
  const info = { xlatedInsns: i.xlatedInsns, jitedBytes: i.jitedBytes, verifiedInsns: i.verifiedInsns };
  try {
    for (let times = AMPLIFY; times >= 1; times /= 2) {
      const { object: timedObject } = times === 1 ? { object } : await buildObject(amplify(c, prog, times));
      try {
        return { variant, obj, prog, c, info, timed: Object.assign(timedOf(variant, timedObject, prog, knobs), { times }) };
      } catch (e) {
        if (times === 1 || !isNativeError(e) || e.code !== 'E2BIG') throw e;
      }
    }
    throw new Error('unreachable');
  } catch (e) {
    obj.close();
    throw e;
  }
}

/** Close a program and its timing copy. */
export function closeLoaded(l: Loaded): void {
  l.timed.close();
  l.obj.close();
}

/**
 * The floor once per number of runs per test run (1, 2, 4, AMPLIFY): an
 * amplified program's loop costs something itself, so its cost above the
 * floor is measured against the floor amplified alike.
 */
export async function loadFloors(): Promise<Map<number, Timed>> {
  const c = readFileSync(path.join(benchDir, 'floor.c'), 'utf8');
  const floors = new Map<number, Timed>();
  try {
    for (let times = 1; times <= AMPLIFY; times *= 2) {
      const { object } = await buildObject(times === 1 ? c : amplify(c, 'bench_floor', times));
      floors.set(times, timedOf('floor', object, 'bench_floor', false));
    }
  } catch (e) {
    for (const f of floors.values()) f.close();
    throw e;
  }
  return floors;
}

const ENTRY = /\nSEC\("xdp"\)\nint xsift_xdp\(struct xdp_md \*ctx\)\n\{[\s\S]*$/;

/** xsift's generated C with the template's entry point cut down to the filter and the verdict. */
export function bareXsiftC(c: string): string {
  if (!ENTRY.test(c)) throw new Error('bench: the generated C no longer ends with the xsift_xdp entry point bench/programs.ts expects');
  return c.replace(ENTRY, `
SEC("xdp")
int xsift_xdp(struct xdp_md *ctx)
{
	/* bench/programs.ts: the filter alone (no counters, no reports). */
	(void)xs_report_frame;
	return xs_match(ctx) ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
`);
}

const MATCH = /\nstatic __always_inline int xs_match\(struct xdp_md \*ctx\)\n\{[\s\S]*?\n\}\n/;

/** xsift's shipped program with the baseline's filter in place of its own. */
export function harnessedBaselineC(shippedC: string, prog: Insn[]): string {
  if (!MATCH.test(shippedC)) throw new Error('bench: the generated C no longer has the xs_match function bench/programs.ts replaces');
  return shippedC.replace(MATCH, () => `\n/* bench/programs.ts: the baseline's filter in xsift's harness. */\n${baselineFilter(prog)}static __always_inline int xs_match(struct xdp_md *ctx)\n{\n\treturn cb_filter(ctx);\n}\n`);
}

export interface ExprPrograms {
  xsift: Loaded;
  bare: Loaded;
  cbpf: Loaded;
  cbpfShipped: Loaded;
  cbpfInsns: Insn[];
  close(): void;
}

/** Build and load the three programs of one expression. */
export async function loadExpression(expr: string, pcapFile: string): Promise<ExprPrograms> {
  const built = await buildProgram(expr, 'allow');
  const bareC = bareXsiftC(built.c);
  const insns = libpcapProgram(expr, pcapFile);
  const cC = baselineC(expr, insns);
  const hC = harnessedBaselineC(built.c, insns);
  const [bareObj, cbpfObj, hObj] = await Promise.all([buildObject(bareC), buildObject(cC), buildObject(hC)]);
  const opened: Loaded[] = [];
  try {
    opened.push(await load('xsift', built.object, PROGRAM, built.c, true));
    opened.push(await load('xsift-bare', bareObj.object, PROGRAM, bareC));
    opened.push(await load('cbpf', cbpfObj.object, 'cbpf_xdp', cC));
    opened.push(await load('cbpf-shipped', hObj.object, PROGRAM, hC, true));
  } catch (e) {
    for (const l of opened) closeLoaded(l);
    throw e;
  }
  const [xsift, bare, cbpf, cbpfShipped] = opened as [Loaded, Loaded, Loaded, Loaded];
  return { xsift, bare, cbpf, cbpfShipped, cbpfInsns: insns, close: () => opened.forEach(closeLoaded) };
}
