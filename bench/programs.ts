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
 *  - cbpf:       the baseline, libpcap's classic BPF translated by bench/cbpf.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildObject, buildProgram } from '../runtime/build.js';
import { native, type NativeObject } from '../runtime/native.js';
import { configure, PROGRAM } from '../runtime/session.js';
import { baselineC, libpcapProgram, type Insn } from './cbpf.js';

export const benchDir = path.dirname(fileURLToPath(import.meta.url));

export type Variant = 'floor' | 'xsift' | 'xsift-bare' | 'cbpf';

export interface Loaded {
  variant: Variant;
  obj: NativeObject;
  prog: string;
  c: string;
  info: { xlatedInsns: number; jitedBytes: number; verifiedInsns: number };
}

function load(variant: Variant, object: Buffer, prog: string, c: string, knobs = false): Loaded {
  const obj = native().openObject(object, `bench-${variant}`);
  try {
    if (knobs) configure(obj, { report: false });
    obj.load({ logLevel: 4 });
    const i = obj.programInfo(prog);
    return { variant, obj, prog, c, info: { xlatedInsns: i.xlatedInsns, jitedBytes: i.jitedBytes, verifiedInsns: i.verifiedInsns } };
  } catch (e) {
    obj.close();
    throw e;
  }
}

export async function loadFloor(): Promise<Loaded> {
  const c = readFileSync(path.join(benchDir, 'floor.c'), 'utf8');
  const { object } = await buildObject(c);
  return load('floor', object, 'bench_floor', c);
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

export interface ExprPrograms {
  xsift: Loaded;
  bare: Loaded;
  cbpf: Loaded;
  cbpfInsns: Insn[];
  close(): void;
}

/** Build and load the three programs of one expression. */
export async function loadExpression(expr: string, pcapFile: string): Promise<ExprPrograms> {
  const built = await buildProgram(expr, 'allow');
  const bareC = bareXsiftC(built.c);
  const insns = libpcapProgram(expr, pcapFile);
  const cC = baselineC(expr, insns);
  const [bareObj, cbpfObj] = await Promise.all([buildObject(bareC), buildObject(cC)]);
  const opened: Loaded[] = [];
  try {
    opened.push(load('xsift', built.object, PROGRAM, built.c, true));
    opened.push(load('xsift-bare', bareObj.object, PROGRAM, bareC));
    opened.push(load('cbpf', cbpfObj.object, 'cbpf_xdp', cC));
  } catch (e) {
    for (const l of opened) l.obj.close();
    throw e;
  }
  const [xsift, bare, cbpf] = opened as [Loaded, Loaded, Loaded];
  return { xsift, bare, cbpf, cbpfInsns: insns, close: () => opened.forEach((l) => l.obj.close()) };
}
