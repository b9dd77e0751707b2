/**
 * xsift as a library: the CLI is a thin layer over these.
 *
 * ```ts
 * import { compile, attach } from 'xsift';
 * const program = await compile('icmp or icmp6');
 * const session = await attach(program, 'veth0', { netns: 'lab' });
 * for await (const frame of session) {
 *   console.log(frame.len, frame.data.subarray(0, 14));
 *   if (enough) break;            // leaving the loop closes the session
 * }
 * console.log(session.stats());   // counters; matched = reported + lost
 * ```
 */
import type { Action, Compiled } from '../compiler/index.js';
import { buildProgram } from './build.js';
import { checkAttachable } from './attach.js';
import type { Frame } from './events.js';
import type { XdpMode } from './native.js';
import { Session, type Counters } from './session.js';

export type { Action } from '../compiler/index.js';
export type { Frame } from './events.js';
export type { Counters } from './session.js';
export type { XdpMode } from './native.js';
export { ExpressionError } from '../compiler/index.js';
export { readCapture, PcapWriter, PcapngWriter, writePcapFile, writePcapngFile, type CaptureRecord } from './pcap.js';
export { FrameJudge, interpret } from './testrun.js';

/** A compiled filter: the expression, its generated C and the BPF object. */
export interface Program {
  /** The expression re-printed canonically. */
  expression: string;
  action: Action;
  /** The generated C. */
  c: string;
  /** The BPF object (ELF bytes), section "xdp", program "xsift_xdp". */
  object: Buffer;
  compiled: Compiled;
}

export interface CompileOptions {
  /** capture (default): pass all, report matches; allow: pass only matches; deny: drop matches. */
  action?: Action;
}

/** Compile an expression to a BPF object (clang, cached). Throws ExpressionError for a bad expression. */
export async function compile(expression: string, opts: CompileOptions = {}): Promise<Program> {
  const action = opts.action ?? 'capture';
  const built = await buildProgram(expression, action);
  return { expression: built.compiled.canonical, action, c: built.c, object: built.object, compiled: built.compiled };
}

export interface AttachOptions {
  /** Network namespace name (under /run/netns) of the interface. */
  netns?: string;
  mode?: XdpMode;
  /** Override the program's action. */
  action?: Action;
  /** Bytes of each frame reported (default 262144). */
  snaplen?: number;
  /** Ring buffer bytes (a power of two, at least a page; default 4 MiB). */
  ringBytes?: number;
  /** Replace a netlink-attached XDP program (not atomic; see runtime/attach.ts). */
  replace?: boolean;
}

/**
 * A live attachment: an async iterable of the frames the program reports.
 * Frames wait in memory until iterated; close() (or leaving a for-await
 * loop) detaches, drains the ring and ends the iteration.
 */
export class CaptureSession implements AsyncIterable<Frame> {
  #queue: Frame[] = [];
  #wake: (() => void) | undefined;
  #closed = false;
  #session!: Session;

  /** @internal */
  constructor() {}

  /** @internal */
  _start(program: Program | Buffer, iface: string, opts: AttachOptions): void {
    const replace = checkAttachable(iface, { ...(opts.netns ? { netns: opts.netns } : {}), ...(opts.replace ? { replace: true } : {}) });
    const object = Buffer.isBuffer(program) ? program : program.object;
    this.#session = Session.open(object, {
      iface,
      mode: opts.mode ?? 'auto',
      ...(opts.netns ? { netns: opts.netns } : {}),
      ...(opts.action ? { action: opts.action } : {}),
      ...(opts.snaplen ? { snaplen: opts.snaplen } : {}),
      ...(opts.ringBytes ? { ringBytes: opts.ringBytes } : {}),
      ...(replace ? { beforeAttach: () => void replace() } : {}),
    }, (frames) => {
      this.#queue.push(...frames);
      this.#wake?.();
    });
  }

  /** The mode the program was attached in, and the link and program ids. */
  get link() {
    return this.#session.linkInfo;
  }

  /** Kernel and user-space counters (final after close). */
  stats(): Counters {
    return this.#session.counters();
  }

  /** Detach, drain the ring (the drained frames can still be iterated), and free everything. Idempotent. */
  async close(): Promise<Counters> {
    const c = await this.#session.close();
    this.#closed = true;
    this.#wake?.();
    return c;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Frame> {
    try {
      for (;;) {
        while (this.#queue.length) yield this.#queue.shift()!;
        if (this.#closed) return;
        await new Promise<void>((r) => (this.#wake = r));
        this.#wake = undefined;
      }
    } finally {
      if (!this.#closed) await this.close();
    }
  }
}

/** Load a program and attach it to an interface through a bpf_link. */
export async function attach(program: Program | Buffer, iface: string, opts: AttachOptions = {}): Promise<CaptureSession> {
  const s = new CaptureSession();
  s._start(program, iface, opts);
  return s;
}
