/**
 * The live capture's text output in process: ring batches as the native reader hands them to JS
 * (runtime/events.ts: u32 LE length, a 32-byte struct xsift_record, the frame, padding to 4;
 * up to 1 MiB a batch, native/ring.cc kFlushBytes) fed to the capture's own printer
 * (runtime/capture.ts openPrinter), timed from batch to output bytes. No root, no kernel.
 *
 * ```sh
 * npm run build && node --import tsx bench/format-micro.ts     # 64 and 1500 B, default options
 * node --import tsx bench/format-micro.ts --modes all          # every output option too
 * node --import tsx bench/format-micro.ts --traffic udp4,udp6,tcp6   # IPv6 UDP and TCP frames too
 * node --import tsx bench/format-micro.ts --check              # a digest of each case's output, untimed
 * node --import tsx bench/format-micro.ts --sink devnull       # write the output to /dev/null as well
 * node --import tsx bench/format-micro.ts --dist ../old/dist   # another checkout's build (its package.json,
 *                                                              # templates/ and node_modules beside it)
 * node --import tsx bench/format-micro.ts --src                # the .ts sources through tsx
 * ```
 *
 * The runtime timed is the tsc build (dist/, refused when older than a source; the CLI runs an
 * esbuild bundle of the same modules, scripts/bundle-cli.mjs), not the sources through tsx:
 * esbuild's keepNames (tsx) adds a `__name(fn, "…")` call, a defineProperty, to every closure a
 * function creates, which cost ~10% of a line here and is not in the shipped code.
 *
 * Frames (`--traffic`, default udp4) are bench/capture.ts's traffic, Ethernet/IPv4/UDP 40000 → 9
 * (udp4), or the same over IPv6, 2001:db8::1 → 2001:db8::2 (udp6), or a TCP/IPv6 connection's
 * data segments both ways, 2001:db8::1.40000 ⇄ 2001:db8:0:1::2.5001, with ACK (tcp6: two
 * frames in turn; at least 74 bytes), or the same over IPv4, 198.18.0.1 ⇄ 198.18.1.2 (tcp4; at
 * least 54 bytes), or 256 such connections (tcp4x256, tcp6x256: 16 client addresses, ports
 * 40000-40255 ⇄ 5001-5016, 512 frames in turn): `--sizes` bytes on the wire, captured whole.
 * Timestamps advance 0.9-1.7 µs a frame (microsecond carries, and a second's change ~47 ms in);
 * the clock's offset is fixed, so `--check` digests are the same from run to run and from one
 * version of the code to the next (same TZ): compare them before and after a change to the
 * formatter. Each case: a warm-up, then `--runs` runs of at least `--ms`
 * milliseconds; ns per frame, median (min–max) over runs.
 *
 * Measured (2 cores, Node 20.20, default options, sink none; medians of 8 runs interleaved with
 * the other build): 1024 ns a 64-byte frame and 1047 a 1500-byte one at 0a9b2cb, before frames
 * were read in place with Number times; 407 and 415 at 41adf0a. At 64 B (74 B tcp6), medians of
 * 2-3 runs interleaved with the build before 90fb9f0 → after 85b0a09: -# 580-646 → 405-411 ns;
 * -i a -i b 730-766 → 368-382; udp6 680-735 → 373-418; tcp6 1422-1526 → 969-1051 (its connection
 * key is most of the rest); udp4 -v 622-741 → 600-659; default unchanged (343-407 either way).
 * TCP's connection key from numbers (a716402), medians of 2-3 runs interleaved with the build
 * before it: tcp4 976-1046 → 573-609 ns; tcp6 1051-1102 → 558-581; tcp4x256 980-1045 →
 * 547-625; tcp6x256 1121-1154 → 548-589; tcp4 -v 1453-1650 → 1030-1176; tcp6 -v 1353-1501 →
 * 881-895 (digests of every case identical).
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CaptureOptions } from '../runtime/capture.js';
import type { PrintOptions } from '../runtime/output.js';
import { eth, ipv4, ipv6, tcp, udp } from '../test/lib/packets.js';
import { median } from './stats.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The runtime to time: the sources (tsx), or a tsc build of them, checked to be newer. */
async function runtime(): Promise<{ from: string; capture: typeof import('../runtime/capture.js'); events: typeof import('../runtime/events.js') }> {
  if (process.argv.includes('--src')) return { from: 'runtime/ (tsx)', capture: await import('../runtime/capture.js'), events: await import('../runtime/events.js') };
  const given = arg('--dist', '');
  const dist = given ? path.resolve(given) : path.join(root, 'dist');
  if (!given) {
    for (const dir of ['runtime', 'runtime/format']) {
      for (const name of readdirSync(path.join(root, dir)).filter((n) => n.endsWith('.ts'))) {
        const built = path.join(dist, dir, name.replace(/\.ts$/, '.js'));
        let stale: boolean;
        try {
          stale = statSync(built).mtimeMs < statSync(path.join(root, dir, name)).mtimeMs;
        } catch {
          stale = true;
        }
        if (stale) throw new Error(`bench: ${path.relative(root, built)} is missing or older than ${dir}/${name}: run npm run build (or pass --src)`);
      }
    }
  }
  const load = (file: string) => import(pathToFileURL(path.join(dist, 'runtime', file)).href);
  return { from: path.relative(root, dist) || dist, capture: await load('capture.js'), events: await load('events.js') };
}

const { from, capture: { openPrinter }, events: { Clock, RECORD_HEADER_BYTES, XDP_PASS } } = await runtime();
type Clock = InstanceType<typeof Clock>;

/** The native reader's batch flush size (native/ring.cc kFlushBytes). */
const BATCH_BYTES = 1 << 20;
/** Wall minus monotonic time: a boot at 2025-01-15 08:00:00 UTC plus 0.123456789 s. */
const OFFSET_NS = 1_736_928_000_123_456_789n;
/** The first record's monotonic time (~1.4 days after boot; wall clock x.953 s). */
const START_NS = 123_456_830_012_345n;

interface Mode {
  name: string;
  print?: PrintOptions;
  link?: boolean;
  interfaces?: string[];
}

const DEFAULT_MODE: Mode = { name: 'default' };
const MODES: Mode[] = [
  DEFAULT_MODE,
  { name: '-t', print: { t: 1 } },
  { name: '-tt', print: { t: 2 } },
  { name: '-ttt', print: { t: 3 } },
  { name: '-tttt', print: { t: 4 } },
  { name: '-ttttt', print: { t: 5 } },
  { name: '-e', link: true },
  { name: '-q', print: { quick: true } },
  { name: '-v', print: { verbose: 1 } },
  { name: '-vv', print: { verbose: 2 } },
  { name: '-#', print: { number: true } },
  { name: '-x', print: { hex: 1 } },
  { name: '-XX', print: { hexAscii: 2 } },
  { name: '-A', print: { ascii: 1 } },
  { name: '--json', print: { json: true } },
  { name: '-i a -i b', interfaces: ['xs0', 'xs1'] },
  // With several interfaces the name goes after the timestamp (and -#'s number): these check it.
  { name: '-t -i a -i b', print: { t: 1 }, interfaces: ['xs0', 'xs1'] },
  { name: '-ttt -i a -i b', print: { t: 3 }, interfaces: ['xs0', 'xs1'] },
  { name: '-tttt -i a -i b', print: { t: 4 }, interfaces: ['xs0', 'xs1'] },
  { name: '-# -i a -i b', print: { number: true }, interfaces: ['xs0', 'xs1'] },
  { name: '-# -XX', print: { number: true, hexAscii: 2 } },
  { name: '-v -#', print: { verbose: 1, number: true } },
];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback;
}

const TRAFFIC = ['udp4', 'udp6', 'tcp4', 'tcp6', 'tcp4x256', 'tcp6x256'] as const;
type Traffic = (typeof TRAFFIC)[number];

/** The frames of one kind of traffic, `size` bytes on the wire (tcp4, tcp6: at least their 54 and 74 bytes of headers). */
function frames(kind: Traffic, size: number): Buffer[] {
  const link = { src: '02:00:00:00:00:0a', dst: '02:00:00:00:00:0b' };
  const back = { src: link.dst, dst: link.src };
  switch (kind) {
    case 'udp4': // bench/capture.ts's frame
      return [eth(link, ipv4({ src: '198.18.0.1', dst: '198.18.0.2', ttl: 64 }, udp({ sport: 40000, dport: 9, checksum: 0, payload: size - 42 })))];
    case 'udp6':
      return [eth(link, ipv6({ src: '2001:db8::1', dst: '2001:db8::2' }, udp({ sport: 40000, dport: 9, payload: size - 62 })))];
    case 'tcp4':
    case 'tcp6':
    case 'tcp4x256':
    case 'tcp6x256': {
      const v6 = kind.startsWith('tcp6');
      const payload = Math.max(0, size - (v6 ? 74 : 54));
      const conns = kind.endsWith('x256') ? 256 : 1;
      const out: Buffer[] = [];
      for (let c = 0; c < conns; c++) {
        const a = v6 ? `2001:db8::${(1 + (c >> 4)).toString(16)}` : `198.18.0.${1 + (c >> 4)}`;
        const b = v6 ? '2001:db8:0:1::2' : '198.18.1.2';
        const ip = v6 ? ipv6 : ipv4;
        const sport = 40000 + c;
        const dport = 5001 + (c & 15);
        out.push(
          eth(link, ip({ src: a, dst: b }, tcp({ sport, dport, flags: 'P.', seq: 1000 + c, ack: 2000 + c, win: 502, payload }))),
          eth(back, ip({ src: b, dst: a }, tcp({ sport: dport, dport: sport, flags: 'P.', seq: 2000 + c, ack: 1000 + c + payload, win: 509, payload }))),
        );
      }
      return out;
    }
  }
}

/** A deterministic pseudo-random sequence (a 32-bit LCG). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
}

/** Batches of records holding `frames` in turn (all of one length), `total` records in all, timestamps from START_NS. */
function batches(frames: Buffer[], total: number): { batch: Buffer; count: number }[] {
  const data = frames[0]!;
  if (frames.some((f) => f.length !== data.length)) throw new Error('bench: frames of one kind have one length');
  const recordBytes = RECORD_HEADER_BYTES + data.length;
  const slot = 4 + ((recordBytes + 3) & ~3);
  const perBatch = Math.max(1, Math.floor(BATCH_BYTES / slot));
  const rand = lcg(9);
  const out: { batch: Buffer; count: number }[] = [];
  let ts = START_NS;
  for (let done = 0; done < total; ) {
    const count = Math.min(perBatch, total - done);
    const batch = Buffer.alloc(count * slot);
    for (let i = 0, off = 0; i < count; i++, off += slot) {
      batch.writeUInt32LE(recordBytes, off);
      const r = off + 4;
      batch.writeBigUInt64LE(ts, r);
      batch.writeUInt32LE(data.length, r + 8); // wire_len
      batch.writeUInt32LE(data.length, r + 12); // cap_len
      batch.writeUInt32LE(2, r + 16); // ifindex
      batch.writeUInt32LE(0, r + 20); // rx_queue
      batch.writeUInt32LE(XDP_PASS, r + 24);
      frames[(done + i) % frames.length]!.copy(batch, r + RECORD_HEADER_BYTES);
      ts += 900n + BigInt(rand() % 800);
    }
    out.push({ batch, count });
    done += count;
  }
  return out;
}

function optionsFor(mode: Mode): CaptureOptions {
  return {
    interfaces: mode.interfaces ?? ['xs0'],
    mode: 'auto',
    snaplen: 262144,
    ...(mode.link ? { link: true } : {}),
    ...(mode.print ? { print: mode.print } : {}),
  };
}

/** The digest of one pass of a fresh printer over the batches. */
function digest(mode: Mode, input: { batch: Buffer; count: number }[], clock: Clock): { sha256: string; bytes: number; first: string } {
  const h = createHash('sha256');
  let bytes = 0;
  let first = '';
  const print = openPrinter({
    stdout: (s) => {
      const b = typeof s === 'string' ? Buffer.from(s) : Buffer.from(s);
      if (!first) first = b.toString('utf8').split('\n')[0]!;
      h.update(b);
      bytes += b.length;
    },
    stderr: () => {},
  }, optionsFor(mode));
  for (const { batch, count } of input) print(batch, count, clock, 0);
  return { sha256: h.digest('hex').slice(0, 16), bytes, first };
}

/** ns per frame of each of `runs` runs (after a warm-up) of one printer over the batches. */
function time(mode: Mode, input: { batch: Buffer; count: number }[], clock: Clock, runs: number, ms: number, sink: number | undefined): number[] {
  let bytes = 0;
  const print = openPrinter({
    stdout: sink === undefined
      ? (s) => {
        bytes += s.length;
      }
      : (s) => {
        if (typeof s === 'string') writeSync(sink, s);
        else writeSync(sink, s);
      },
    stderr: () => {},
  }, optionsFor(mode));
  const pass = (): number => {
    let frames = 0;
    for (const { batch, count } of input) {
      print(batch, count, clock, 0);
      frames += count;
    }
    return frames;
  };
  const warmUntil = performance.now() + Math.max(ms, 300);
  while (performance.now() < warmUntil) pass();
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    let frames = 0;
    const t0 = process.hrtime.bigint();
    const until = performance.now() + ms;
    do frames += pass();
    while (performance.now() < until);
    out.push(Number(process.hrtime.bigint() - t0) / frames);
  }
  if (bytes < 0) console.log(bytes); // keeps the counting sink from being optimised away
  return out;
}

function main(): void {
  const sizes = arg('--sizes', '64,1500').split(',').map(Number);
  const traffic = arg('--traffic', 'udp4').split(',').map((t) => {
    if (!(TRAFFIC as readonly string[]).includes(t)) throw new Error(`bench: no traffic "${t}" (have: ${TRAFFIC.join(' ')})`);
    return t as Traffic;
  });
  const wanted = arg('--modes', 'default');
  const modes = wanted === 'all' ? MODES : wanted.split(',').map((n) => {
    const m = MODES.find((x) => x.name === n || x.name === `-${n}` || x.name === `--${n}`);
    if (!m) throw new Error(`bench: no mode "${n}" (have: ${MODES.map((x) => x.name).join(' ')})`);
    return m;
  });
  const runs = Number(arg('--runs', '9'));
  const ms = Number(arg('--ms', '300'));
  const check = process.argv.includes('--check');
  const sinkName = arg('--sink', 'none');
  const sink = sinkName === 'devnull' ? openSync('/dev/null', 'w') : undefined;
  const clock = new Clock(OFFSET_NS);
  console.log(`${from}, node ${process.version}, TZ=${process.env.TZ ?? '(system)'}, ${check ? 'output digests' : `${runs} runs of >= ${ms} ms, sink ${sinkName}`}`);
  for (const kind of traffic) for (const size of sizes) {
    const data = frames(kind, size);
    // ~64k frames: several batches of 64-byte frames, ~100 of 1500-byte ones.
    const input = batches(data, 65536);
    for (const mode of modes) {
      const label = `${kind.padEnd(8)} ${String(data[0]!.length).padStart(4)} B  ${mode.name.padEnd(15)}`;
      if (check) {
        const d = digest(mode, input, clock);
        console.log(`${label} sha256 ${d.sha256}  ${d.bytes} bytes  ${d.first.slice(0, 90)}`);
        continue;
      }
      const ns = time(mode, input, clock, runs, ms, sink);
      console.log(`${label} ${median(ns).toFixed(0).padStart(6)} ns/frame  (${Math.min(...ns).toFixed(0)}–${Math.max(...ns).toFixed(0)})`);
    }
  }
  if (sink !== undefined) closeSync(sink);
}

main();
