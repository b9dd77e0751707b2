/**
 * A live capture as the CLI runs it: one session per interface, frames
 * printed (tcpdump -n lines) or written to a file (pcap or pcapng, encoded
 * and written by the ring threads: capture-file.ts), counters on SIGUSR1,
 * every N seconds and at the end, and a clean stop on SIGINT/SIGTERM/SIGHUP
 * or after -c frames: detach, drain the ring, write what was drained, close
 * the file.
 */
import type { Action } from '../compiler/index.js';
import { OutputPrinter, type PrintOptions } from './output.js';
import { CaptureFile } from './capture-file.js';
import { Clock, forEachFrame, type Frame } from './events.js';
import { Session, type Counters } from './session.js';
import type { XdpMode } from './native.js';
import { SystemError } from './build.js';
import { checkAttachable, interfaceInfo } from './attach.js';
import { isNativeError, native } from './native.js';

export interface Io {
  /** Text, or bytes (the capture's printed lines, encoded as UTF-8). */
  stdout: (s: string | Uint8Array) => void;
  stderr: (s: string) => void;
}

export interface CaptureOptions {
  interfaces: string[];
  netns?: string;
  mode: XdpMode;
  action?: Action;
  /** Stop after this many frames printed or written. */
  count?: number;
  snaplen: number;
  /** Ring buffer bytes per interface (a power of two, at least a page). */
  ringBytes?: number;
  /** Print the counters every this many seconds. */
  statsEvery?: number;
  /** Write frames to this file ("-": standard output) instead of printing them. */
  write?: string;
  pcapng?: boolean;
  nano?: boolean;
  /** Print link-level headers (tcpdump -e). */
  link?: boolean;
  /** tcpdump's output options (runtime/output.ts). */
  print?: PrintOptions;
  /** The filter text, for the pcapng interface blocks. */
  filter?: string;
  /** Replace an XDP program already attached (see attach.ts). */
  replace?: boolean;
}

/**
 * The ring per interface when writing a file (the template's default, 4 MiB, when printing).
 * A file's writes can stall for the device (O_DIRECT writes wait for it) while frames keep
 * coming at line rate; 32 MiB holds 16k full-size frames (tens of milliseconds at the rates
 * a veth reaches), where 4 MiB held 2k. Measured (bench/README.md): 1500-byte frames at
 * ~570k/s, 86% written with 4 MiB, 95% with 32 MiB.
 */
export const FILE_RING_BYTES = 32 << 20;

/** Counters summed over sessions, with "captured" = frames printed or written. */
export function sumCounters(list: Counters[], captured: number): Counters {
  const z: Counters = { seen: 0n, matched: 0n, passed: 0n, dropped: 0n, reported: 0n, lost: 0n, read: 0, queueDropped: 0, delivered: 0 };
  for (const c of list) {
    z.seen += c.seen;
    z.matched += c.matched;
    z.passed += c.passed;
    z.dropped += c.dropped;
    z.reported += c.reported;
    z.lost += c.lost;
    z.read += c.read;
    z.queueDropped += c.queueDropped;
    z.delivered += c.delivered;
  }
  return { ...z, delivered: captured };
}

/**
 * tcpdump's closing lines, plus xsift's own counts. "dropped by kernel" is
 * exactly the reports the kernel could not hand over (ring full or copy
 * failed), plus records lost at teardown (0 in any clean run).
 */
export function counterLines(c: Counters, written?: boolean): string {
  const lostKernel = c.lost + BigInt(c.queueDropped);
  return [
    `${c.delivered} packets captured`,
    `${c.matched} packets received by filter`,
    `${lostKernel} packets dropped by kernel`,
    `xsift: ${c.seen} frames seen, ${c.matched} matched, ${c.passed} passed, ${c.dropped} dropped by XDP, ${c.reported} reported, ${c.lost} reports lost; ${c.read} records read, ${c.delivered} ${written ? 'written' : 'printed'}`,
  ].join('\n') + '\n';
}

/** Buffer's own UTF-8 writer (Buffer.write's argument handling cost more than the copy). */
type Utf8Writable = Buffer & { utf8Write(s: string, offset: number): number };

/**
 * Text output: the first `count` records of a ring batch printed as tcpdump -n lines (or --json),
 * formatted one by one straight from the batch and encoded into one output buffer (no frame
 * objects or line strings kept per batch: what survives a batch costs the collector most).
 * Exported for bench/format-micro.ts, which times it on built batches.
 */
export function openPrinter(io: Io, opts: CaptureOptions, macs: readonly (string | undefined)[] = []): ((batch: Buffer, count: number, clock: Clock, iface: number) => void) & { printer: OutputPrinter } {
  const printer = new OutputPrinter({ ...opts.print, link: !!opts.link });
  // With several interfaces, each line says where a frame came from as tcpdump -i any does,
  // after the timestamp (and -#'s number), before the frame's text: the interface (%-5s) and the
  // direction (%-3s) the kernel gives a received frame, from its destination address.
  const columns = opts.interfaces.length > 1 ? opts.interfaces.map((name, i) => directionColumns(name, macs[i])) : undefined;
  return Object.assign((batch: Buffer, count: number, clock: Clock, iface: number) => {
    const name = opts.interfaces[iface]!;
    const cols = columns?.[iface];
    const extra = { iface: name, verdict: 'pass' as Frame['verdict'] };
    let out = Buffer.allocUnsafe(Math.min(count * 128 + 4096, 4 << 20));
    let at = 0;
    forEachFrame(batch, count, clock, (r) => {
      extra.verdict = r.verdict;
      const line = printer.formatAt(r, extra, cols && cols.text[cols.of(r.bytes, r.start, r.caplen)]);
      // A UTF-16 unit is at most 3 bytes of UTF-8.
      if (at + line.length * 3 + 1 > out.length) {
        if (at > 0) io.stdout(out.subarray(0, at));
        out = Buffer.allocUnsafe(Math.max(out.length, line.length * 3 + 1));
        at = 0;
      }
      at += (out as Utf8Writable).utf8Write(line, at);
      out[at++] = 0x0a;
    });
    if (at > 0) io.stdout(out.subarray(0, at));
  }, { printer });
}

/** tcpdump's names of the packet types a received frame can have (In, B, M, P), and unknown. */
const DIRECTIONS = ['In', 'B', 'M', 'P', '?'] as const;

/**
 * An interface's line prefixes, one per direction, and which one a frame gets: broadcast,
 * multicast (the group bit), to the interface's own address, or to another host (the kernel's
 * eth_type_trans); unknown when fewer than 6 bytes were captured, all "In" when the interface has
 * no Ethernet address.
 */
function directionColumns(name: string, mac: string | undefined): { text: string[]; of: (b: Buffer, start: number, caplen: number) => number } {
  const text = DIRECTIONS.map((d) => `${name.padEnd(5)} ${d.padEnd(3)} `);
  const own = mac ? Buffer.from(mac.split(':').map((x) => parseInt(x, 16))) : undefined;
  const of = (b: Buffer, s: number, caplen: number): number => {
    if (caplen < 6) return 4;
    if (b[s]! & 1) return b[s] === 0xff && b[s + 1] === 0xff && b[s + 2] === 0xff && b[s + 3] === 0xff && b[s + 4] === 0xff && b[s + 5] === 0xff ? 1 : 2;
    if (!own) return 0;
    for (let i = 0; i < 6; i++) if (b[s + i] !== own[i]) return 3;
    return 0;
  };
  return { text, of };
}

/** Why a -w capture ended on a failed write, for the user. */
function writeFailure(file: string, failure: unknown, written: number): SystemError {
  const err = failure as NodeJS.ErrnoException;
  let why: string;
  if (err.code === 'ENOSPC') why = 'no space left on device (ENOSPC)';
  else if (isNativeError(failure)) why = failure.message.replace(/^write "(?:[^"]|"(?!: ))*": /, '');
  else why = err.message.replace(/^\w+: /, '');
  return new SystemError(`write "${file}": ${why}; the file is closed and holds the ${written} frames written before, each whole`, err.code);
}

/** Attach `object` to every interface and print or write what it reports until a signal or the count. */
export async function runCapture(io: Io, object: Buffer, opts: CaptureOptions, describe: string): Promise<number> {
  const replacers = opts.interfaces.map((iface) => checkAttachable(iface, opts));
  const written = !!opts.write;
  let failure: unknown;
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  // -w: the ring threads encode and write every record (capture-file.ts); JS only hears of the
  // limit (-c) and of a failed write. Text: frames come to JS in batches and are printed.
  const file = opts.write !== undefined
    ? CaptureFile.open({
      path: opts.write,
      ...(opts.pcapng ? { pcapng: true } : {}),
      ...(opts.nano ? { nano: true } : {}),
      snaplen: opts.snaplen,
      interfaces: opts.interfaces.map((name) => ({ name: opts.netns ? `${name}@${opts.netns}` : name, ...(opts.filter !== undefined ? { filter: opts.filter } : {}) })),
      offsetNs: new Clock().offsetNs,
      ...(opts.count !== undefined ? { limit: opts.count } : {}),
    }, (event) => {
      if (event === 'error') failure ??= file?.stats().error;
      stop();
    })
    : undefined;
  const print = file ? undefined : openPrinter(io, opts, opts.interfaces.length > 1 ? opts.interfaces.map((i) => interfaceInfo(i, opts.netns).mac) : []);
  // Frames printed (text); a file counts its own.
  let total = 0;
  const captured = () => (file ? file.stats().frames : total);
  const sessions: Session[] = [];
  const onRecords = (iface: number) => (batch: Buffer, count: number, clock: Clock) => {
    if (failure !== undefined || !print) return;
    const n = opts.count !== undefined ? Math.min(count, Math.max(0, opts.count - total)) : count;
    if (n > 0) {
      try {
        print(batch, n, clock, iface);
      } catch (e) {
        failure = e;
        return stop();
      }
      total += n;
    }
    if (opts.count !== undefined && total >= opts.count) stop();
  };
  try {
    opts.interfaces.forEach((name, i) => {
      const session = Session.open(object, {
        iface: name,
        mode: opts.mode,
        snaplen: opts.snaplen,
        ...(opts.ringBytes || file ? { ringBytes: opts.ringBytes ?? FILE_RING_BYTES } : {}),
        ...(opts.netns ? { netns: opts.netns } : {}),
        ...(opts.action ? { action: opts.action } : {}),
        ...(file ? { writer: file.target(i) } : { onRecords: onRecords(i) }),
        beforeAttach: () => {
          const said = replacers[i]?.();
          if (said) io.stderr(said + '\n');
        },
      }, () => {});
      sessions.push(session);
      const where = opts.netns ? `${name} (netns ${opts.netns})` : name;
      // tcpdump's start line, then what only XDP has: the attach mode and the action.
      io.stderr(
        `xsift: listening on ${where}, link-type EN10MB (Ethernet), snapshot length ${opts.snaplen} bytes, ` +
          `mode ${session.linkInfo.mode}${opts.mode === 'auto' ? ' (auto)' : ''}, ${describe}\n`,
      );
    });
  } catch (e) {
    for (const s of sessions) await s.close();
    try {
      file?.close();
    } catch {
      // The attach failure is the one to report.
    }
    throw e;
  }
  const live = () => sumCounters(sessions.map((s) => s.counters()), captured());
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const onSignal = () => stop();
  for (const s of signals) process.on(s, onSignal);
  const onUsr1 = () => io.stderr(counterLines(live(), written));
  process.on('SIGUSR1', onUsr1);
  const timer = opts.statsEvery ? setInterval(onUsr1, opts.statsEvery * 1000) : undefined;
  // An interface deleted under a capture leaves its bpf_link defunct (ifindex 0) and the ring
  // silent: notice it, and end the capture as if stopped, with a message.
  const watch = setInterval(() => {
    if (failure !== undefined) return;
    let links;
    try {
      links = native().xdpLinks();
    } catch {
      return;
    }
    sessions.forEach((s, i) => {
      const l = links.find((x) => x.linkId === s.linkInfo.linkId);
      if (failure === undefined && (!l || l.ifindex === 0)) {
        const name = opts.interfaces[i]!;
        failure = new SystemError(`interface "${name}"${opts.netns ? ` in netns "${opts.netns}"` : ''} went away while capturing; the capture ended there`, 'ENODEV');
        stop();
      }
    });
  }, 250);
  try {
    await stopped;
  } finally {
    for (const s of signals) process.off(s, onSignal);
    process.off('SIGUSR1', onUsr1);
    if (timer) clearInterval(timer);
    clearInterval(watch);
  }
  // Closing drains the rings (into the file, on their threads); then the file's last records
  // and its statistics are written and it is closed.
  const finals = [];
  for (const s of sessions) finals.push(await s.close());
  if (file) {
    try {
      file.close(finals.map((c) => ({ received: c.seen, accepted: c.matched, dropped: c.lost + BigInt(c.queueDropped) })));
    } catch (e) {
      // The last records or the closing statistics did not fit (the disk is full): the file is closed anyway.
      failure ??= e;
    }
    failure ??= file.stats().error;
  }
  const capturedFrames = captured();
  io.stderr(counterLines(sumCounters(finals, capturedFrames), written));
  const bugs = print?.printer.printerErrorReport();
  if (bugs) io.stderr(bugs);
  if (failure instanceof SystemError) throw failure;
  if (failure !== undefined) throw writeFailure(opts.write ?? 'standard output', failure, capturedFrames);
  return 0;
}
