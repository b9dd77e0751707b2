/**
 * `xsift test -r FILE`: decide, for every frame of a capture file, whether a
 * filter matches it — in the kernel (BPF_PROG_TEST_RUN on the real compiled
 * program) where the kernel can run it, else with the TypeScript
 * interpreter of the same compiled filter — and say which engine decided.
 *
 * The kernel cannot run: frames shorter than an Ethernet header (the test
 * run refuses them), frames larger than the test run accepts even as
 * multi-buffer frames (E2BIG/EINVAL), frames whose captured length differs
 * from their wire length when the filter reads the wire length (the test
 * run only knows the bytes it is given), and anything at all without the
 * privilege to load XDP programs.
 *
 * The interpreter walks the optimized graph of tests (`Compiled.cfg`), the
 * same graph the C is emitted from, evaluating each comparison with the IR
 * interpreter (`matches`), so a load that falls off the frame rejects the
 * frame exactly where the kernel's program would.
 */
import { matches, type Compiled } from '../compiler/index.js';
import type { Pred, Value } from '../compiler/ir.js';
import type { Node } from '../compiler/cfg.js';
import { isNativeError, native, type NativeObject } from './native.js';
import { configure, PROGRAM } from './session.js';
import type { CaptureRecord } from './pcap.js';
import { XDP_DROP, XDP_PASS } from './events.js';

/** BPF_PROG_TEST_RUN refuses XDP data shorter than an Ethernet header. */
export const MIN_TEST_RUN_BYTES = 14;

export type Engine = 'kernel' | 'interpreter';

/** Why a frame was decided by the interpreter. */
export type InterpreterReason = 'no-kernel' | 'short' | 'too-big' | 'wire-length';

export interface Decision {
  matched: boolean;
  engine: Engine;
  reason?: InterpreterReason;
}

export interface TestSummary {
  frames: number;
  matched: number;
  byKernel: number;
  byInterpreter: number;
  /** Frames the interpreter decided, per reason. */
  reasons: Record<InterpreterReason, number>;
}

/** Does the filter read the frame's wire length anywhere? */
function readsWireLength(p: Pred): boolean {
  const v = (x: Value): boolean => x.op === 'len' || (x.op === 'load' && v(x.offset)) || (x.op === 'bin' && (v(x.a) || v(x.b)));
  switch (p.op) {
    case 'true':
    case 'false':
      return false;
    case 'cmp':
      return v(p.a) || v(p.b);
    case 'not':
      return readsWireLength(p.term);
    case 'and':
    case 'or':
      return p.terms.some(readsWireLength);
  }
}

/**
 * The optimized test graph on a frame. A comparison whose load falls off the
 * frame is neither true nor false (matches() is false for it and for its
 * negation): the whole filter rejects the frame, as libpcap does.
 */
export function interpret(compiled: Compiled, frame: Uint8Array, wireLen = frame.length): boolean {
  let n: Node = compiled.cfg;
  while (n.kind === 'test') {
    if (matches(n.cmp, frame, wireLen)) n = n.jt;
    else if (matches({ op: 'not', term: n.cmp }, frame, wireLen)) n = n.jf;
    else return false;
  }
  return n.match;
}

/** A loaded program that decides frames, falling back to the interpreter where the kernel cannot. */
export class FrameJudge {
  readonly summary: TestSummary = {
    frames: 0,
    matched: 0,
    byKernel: 0,
    byInterpreter: 0,
    reasons: { 'no-kernel': 0, short: 0, 'too-big': 0, 'wire-length': 0 },
  };
  private readonly wireSensitive: boolean;

  /** `object` (ELF bytes) is loaded once, in allow mode without reports; null: interpreter only. */
  constructor(private readonly compiled: Compiled, private readonly obj: NativeObject | null) {
    this.wireSensitive = readsWireLength(compiled.ir);
  }

  /** Load `object` for test runs: action allow (XDP_PASS = match), no reports, multi-buffer frames allowed. */
  static load(compiled: Compiled, object: Buffer): FrameJudge {
    const obj = native().openObject(object, 'xsift_test');
    try {
      configure(obj, { action: 'allow', report: false, ringBytes: 4096 });
      obj.setXdpFrags(PROGRAM, true);
      obj.load();
    } catch (e) {
      obj.close();
      throw e;
    }
    return new FrameJudge(compiled, obj);
  }

  static interpreterOnly(compiled: Compiled): FrameJudge {
    return new FrameJudge(compiled, null);
  }

  get usesKernel(): boolean {
    return this.obj !== null;
  }

  decide(rec: Pick<CaptureRecord, 'data' | 'len' | 'caplen'>): Decision {
    const d = this.decideInner(rec);
    const s = this.summary;
    s.frames++;
    if (d.matched) s.matched++;
    if (d.engine === 'kernel') s.byKernel++;
    else {
      s.byInterpreter++;
      s.reasons[d.reason!]++;
    }
    return d;
  }

  private decideInner(rec: Pick<CaptureRecord, 'data' | 'len' | 'caplen'>): Decision {
    const byInterpreter = (reason: InterpreterReason): Decision => ({
      matched: interpret(this.compiled, rec.data, Math.max(rec.len, rec.data.length)),
      engine: 'interpreter',
      reason,
    });
    if (!this.obj) return byInterpreter('no-kernel');
    if (rec.data.length < MIN_TEST_RUN_BYTES) return byInterpreter('short');
    if (this.wireSensitive && rec.len !== rec.data.length) return byInterpreter('wire-length');
    let retval: number;
    try {
      retval = this.obj.testRun(PROGRAM, rec.data).retval;
    } catch (e) {
      // Larger than the test run takes, even as a multi-buffer frame.
      if (isNativeError(e) && (e.code === 'E2BIG' || e.code === 'EINVAL' || e.code === 'ENOMEM') && rec.data.length > 3000) return byInterpreter('too-big');
      throw e;
    }
    if (retval !== XDP_PASS && retval !== XDP_DROP) throw new Error(`test run returned XDP action ${retval}, neither pass nor drop`);
    return { matched: retval === XDP_PASS, engine: 'kernel' };
  }

  close(): void {
    this.obj?.close();
  }
}

/** "N frames, M matched (K by the kernel, J by the interpreter: ...)". */
export function summaryLine(s: TestSummary): string {
  const why: string[] = [];
  const r = s.reasons;
  if (r['no-kernel']) why.push(`${r['no-kernel']} without the kernel`);
  if (r.short) why.push(`${r.short} shorter than ${MIN_TEST_RUN_BYTES} bytes`);
  if (r['too-big']) why.push(`${r['too-big']} too large for a test run`);
  if (r['wire-length']) why.push(`${r['wire-length']} truncated and the filter reads the wire length`);
  return `${s.frames} frames, ${s.matched} matched (${s.byKernel} by the kernel, ${s.byInterpreter} by the interpreter${why.length ? `: ${why.join(', ')}` : ''})`;
}
