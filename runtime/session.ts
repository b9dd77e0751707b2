/**
 * A live attachment: load an object, attach it through a bpf_link, read
 * what it reports, count, and close. Every live object has close(); closing
 * drains the ring first, so that "captured" equals "reported" after a clean
 * stop.
 */
import { ACTIONS, type Action } from '../compiler/index.js';
import { elfGlobalU32 } from './elf.js';
import { Clock, decodeBatch, type Frame } from './events.js';
import { isNativeError, native, type LinkInfo, type NativeLink, type NativeObject, type NativeRing, type NativeWriter, type XdpMode } from './native.js';

/** Names in the object that the runtime relies on (templates/xdp_filter.c). */
export const PROGRAM = 'xsift_xdp';
export const RING_MAP = 'xs_events';
export const STATS_MAP = 'xs_stats';

export interface SessionOptions {
  iface: string;
  /** Network namespace name (under /run/netns) to find the interface in. */
  netns?: string;
  mode?: XdpMode;
  /** Override the object's compiled-in action. */
  action?: Action;
  snaplen?: number;
  /** Ring buffer size in bytes (a power of two, at least a page). */
  ringBytes?: number;
  /** Whether to read reports at all. */
  report?: boolean;
  /** Called after load, right before the link is created (e.g. to detach a program being replaced). */
  beforeAttach?: () => void;
  /**
   * Write every reported record into this capture-file writer, as interface `interfaceId`, on
   * the ring's own thread (capture-file.ts); no frames are delivered to onFrames then.
   */
  writer?: { writer: NativeWriter; interfaceId: number };
  /**
   * Take the ring's batches as they come (`count` records, events.ts forEachFrame reads them
   * with the session's clock) instead of decoded frames; onFrames is not called then. A batch
   * is valid during the call only (then detached, its memory reused): copy what you keep.
   */
  onRecords?: (batch: Buffer, count: number, clock: Clock) => void;
}

/** Kernel counters (summed over CPUs) and user-space ones. */
export interface Counters {
  seen: bigint;
  matched: bigint;
  passed: bigint;
  dropped: bigint;
  reported: bigint;
  lost: bigint;
  /** Records read from the ring by the native thread. */
  read: number;
  /** Records the native thread dropped because JS fell behind. */
  queueDropped: number;
  /** Frames handed to the consumer (with a writer: records handed to it). */
  delivered: number;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** Set the template's knobs on an opened object. */
export function configure(obj: NativeObject, opts: { action?: Action; snaplen?: number; ringBytes?: number; report?: boolean }): void {
  if (opts.action !== undefined) obj.setGlobal('.rodata', 'xs_action', u32(ACTIONS[opts.action]));
  if (opts.snaplen !== undefined) obj.setGlobal('.rodata', 'xs_snaplen', u32(opts.snaplen));
  if (opts.report !== undefined) obj.setGlobal('.rodata', 'xs_report', u32(opts.report ? 1 : 0));
  if (opts.ringBytes !== undefined) obj.setMapMaxEntries(RING_MAP, opts.ringBytes);
}

/** The action compiled into an object (the initial value of its xs_action knob); 'capture' if unreadable. */
export function objectAction(object: Buffer): Action {
  const v = elfGlobalU32(object, 'xs_action');
  return (Object.keys(ACTIONS) as Action[]).find((a) => ACTIONS[a] === v) ?? 'capture';
}

/**
 * The counters from the words of xs_stats (enum xsift_stat: matched,
 * unmatched, reported, lost). The program counts each frame once, as matched
 * or not; seen is their sum, and the frames passed and dropped follow from
 * the action.
 */
export function countersFromWords(s: bigint[], action: Action): Pick<Counters, 'seen' | 'matched' | 'passed' | 'dropped' | 'reported' | 'lost'> {
  const at = (i: number) => s[i] ?? 0n;
  const matched = at(0);
  const unmatched = at(1);
  const seen = matched + unmatched;
  const passed = action === 'capture' ? seen : action === 'allow' ? matched : unmatched;
  const dropped = action === 'capture' ? 0n : action === 'allow' ? unmatched : matched;
  return { seen, matched, passed, dropped, reported: at(2), lost: at(3) };
}

export function readCounters(obj: NativeObject, action: Action): Pick<Counters, 'seen' | 'matched' | 'passed' | 'dropped' | 'reported' | 'lost'> {
  return countersFromWords(obj.sumPercpuU64(STATS_MAP), action);
}

export class Session {
  private ring: NativeRing | undefined;
  private link: NativeLink | undefined;
  private delivered = 0;
  readonly clock = new Clock();
  readonly linkInfo: LinkInfo;

  private constructor(
    private readonly obj: NativeObject,
    link: NativeLink,
    readonly options: SessionOptions,
    /** The action the program runs with (the override, else the object's own). */
    readonly action: Action,
  ) {
    this.link = link;
    this.linkInfo = link.info();
  }

  /**
   * Load `object` (ELF bytes), attach it to the interface, and start
   * delivering reported frames to `onFrames` in batches.
   */
  static open(object: Buffer, opts: SessionOptions, onFrames: (frames: Frame[]) => void): Session {
    // Multi-buffer frames (jumbo frames, GRO/LRO aggregates) need BPF_F_XDP_HAS_FRAGS, so that
    // the program sees them at all and reports their whole wire length. A driver that cannot
    // run such programs refuses the attach: then try again without it.
    try {
      return Session.openWith(object, opts, onFrames, true);
    } catch (e) {
      if (!isNativeError(e) || !['EINVAL', 'EOPNOTSUPP', 'ENOTSUPP'].includes(e.code) || e.syscall.startsWith('load')) throw e;
      return Session.openWith(object, opts, onFrames, false);
    }
  }

  private static openWith(object: Buffer, opts: SessionOptions, onFrames: (frames: Frame[]) => void, frags: boolean): Session {
    const obj = native().openObject(object, 'xsift');
    try {
      configure(obj, opts);
      obj.setXdpFrags(PROGRAM, frags);
      obj.load();
      opts.beforeAttach?.();
      const link = obj.attachXdp(PROGRAM, opts.iface, {
        mode: opts.mode ?? 'auto',
        ...(opts.netns ? { netns: `/run/netns/${opts.netns}` } : {}),
      });
      const session = new Session(obj, link, opts, opts.action ?? objectAction(object));
      session.frags = frags;
      if (opts.report !== false && opts.writer) {
        session.ring = obj.openRing(RING_MAP, () => {}, { writer: opts.writer.writer, interfaceId: opts.writer.interfaceId });
        session.writes = true;
      } else if (opts.report !== false && opts.onRecords) {
        const onRecords = opts.onRecords;
        session.ring = obj.openRing(RING_MAP, (batch, count) => {
          session.delivered += count;
          onRecords(batch, count, session.clock);
        }, { transient: true });
      } else if (opts.report !== false) {
        session.ring = obj.openRing(RING_MAP, (batch, count) => {
          const frames = decodeBatch(batch, count, session.clock);
          session.delivered += frames.length;
          onFrames(frames);
        });
      }
      return session;
    } catch (e) {
      obj.close();
      throw e;
    }
  }

  /** Whether the program runs with BPF_F_XDP_HAS_FRAGS (sees multi-buffer frames whole). */
  frags = false;
  /** Records go into a writer on the ring's thread (every record read is handed over at once). */
  private writes = false;

  counters(): Counters {
    if (this.final) return this.final;
    const k = readCounters(this.obj, this.action);
    const r = this.ring?.stats() ?? { read: 0, queueDropped: 0 };
    return { ...k, read: r.read, queueDropped: r.queueDropped, delivered: this.writes ? r.read : this.delivered };
  }

  /**
   * Detach, drain the ring, wait until every record read has been delivered
   * to the consumer, and free everything; returns the final counters.
   * Idempotent.
   */
  async close(): Promise<Counters> {
    if (this.final) return this.final;
    if (this.closing) return this.closing;
    this.closing = (async () => {
      // Detach first so nothing new is reported, then let the reader take
      // everything the program reported (a program instance still running on
      // another CPU may submit a last record just after the detach).
      this.link?.close();
      this.link = undefined;
      const tick = () => new Promise((r) => setImmediate(r));
      let deadline = Date.now() + 2000;
      while (this.ring && Date.now() < deadline) {
        const c = this.counters();
        if (BigInt(c.read) >= c.reported) break;
        await tick();
      }
      // Then stop the reader (a final drain) and wait for every batch to reach the consumer.
      this.ring?.close();
      deadline = Date.now() + 2000;
      for (;;) {
        const c = this.counters();
        if (c.delivered + c.queueDropped >= c.read || Date.now() > deadline) break;
        await tick();
      }
      const final = this.counters();
      this.ring = undefined;
      this.obj.close();
      this.final = final;
      return final;
    })();
    return this.closing;
  }

  private final: Counters | undefined;
  private closing: Promise<Counters> | undefined;
}
