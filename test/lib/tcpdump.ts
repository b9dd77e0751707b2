/**
 * tcpdump 4.99 as the printers' oracle: its text for each packet of a capture file, and the
 * comparisons the printer tests make with it.
 */
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { Formatter, type FormatOptions } from '../../runtime/format/index.js';
import { writePcapFile } from '../../runtime/pcap.js';
import { wireLength } from './packets.js';

/** Throws, with what to install, when tcpdump cannot run: the printer tests need it (never a skip). */
export function requireTcpdump(testFile: string): void {
  const r = spawnSync('tcpdump', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    const msg = `tcpdump is not runnable (${r.error?.message ?? `exit ${r.status}`}): ${testFile} uses tcpdump 4.99 as its oracle; install it (apt-get install tcpdump)`;
    console.error(`\n  ${msg}\n`);
    throw new Error(msg);
  }
}

/**
 * `TZ=UTC tcpdump -n -# FLAGS -r FILE`, one text per packet: tcpdump's `-#` number removed, a
 * packet's further lines (-v, dumps, multi-line decodes) joined to its first with newlines.
 */
export function tcpdumpPackets(file: string, flags: string[]): string[] {
  const r = spawnSync('tcpdump', ['-n', '-#', ...flags, '-r', file], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 28 });
  if (r.error || r.status !== 0) throw new Error(`tcpdump ${flags.join(' ')} -r ${file} failed: ${r.error?.message ?? r.stderr}`);
  const out: string[] = [];
  const lines = r.stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const prefix = `${String(out.length + 1).padStart(5)}  `;
    if (line.startsWith(prefix)) out.push(line.slice(prefix.length));
    else if (out.length) out[out.length - 1] += '\n' + line;
    else throw new Error(`tcpdump -r ${file}: output does not start with packet 1: ${JSON.stringify(line)}`);
  }
  return out;
}

/** An output mode: tcpdump's flags and the Formatter options that print the same. */
export interface Mode {
  flags: string[];
  opts: FormatOptions;
}

/** The modes the printer tests compare. */
export const MODE = {
  plain: { flags: [], opts: {} },
  quick: { flags: ['-q'], opts: { quick: true } },
  link: { flags: ['-e'], opts: { link: true } },
  v: { flags: ['-v'], opts: { verbose: 1 } },
  vv: { flags: ['-vv'], opts: { verbose: 2 } },
  vvv: { flags: ['-vvv'], opts: { verbose: 3 } },
  linkV: { flags: ['-e', '-v'], opts: { link: true, verbose: 1 } },
} satisfies Record<string, Mode>;

/** The printer tests' capture times: one frame a millisecond from 2023-11-14. */
export const BASE_NS = 1_700_000_000_000_000_000n;
const frameTime = (i: number): bigint => BASE_NS + BigInt(i) * 1_000_000n;

/** One mode's comparison: what tcpdump printed per packet, the differences, how many compared. */
export interface ModeResult {
  mode: Mode;
  expected: string[];
  diffs: string[];
  compared: number;
}

/**
 * Writes `frames` to `file` (their wire lengths from the headers, test/lib/packets.ts
 * wireLength) and compares, mode by mode, each packet's text from `tcpdump -n FLAGS` with a
 * Formatter's. `skip(i, mode)` leaves a pair out (a documented gap); `name(i)` labels a difference.
 */
export function compareWithTcpdump(
  file: string,
  frames: readonly Buffer[],
  modes: readonly Mode[],
  o: { name?: (i: number) => string; skip?: (i: number, mode: Mode) => boolean } = {},
): ModeResult[] {
  writePcapFile(file, frames.map((data, i) => ({ data, len: wireLength(data), tsNs: frameTime(i) })));
  return modes.map((mode) => {
    const expected = tcpdumpPackets(file, mode.flags);
    if (expected.length !== frames.length) throw new Error(`tcpdump ${mode.flags.join(' ')} printed ${expected.length} packets of ${frames.length}`);
    const f = new Formatter(mode.opts);
    const diffs: string[] = [];
    let compared = 0;
    frames.forEach((data, i) => {
      // Every frame is printed (TCP sequence state carries over), compared unless skipped.
      const got = f.format(data, { tsNs: frameTime(i), len: wireLength(data) });
      if (o.skip?.(i, mode)) return;
      compared++;
      if (got !== expected[i]) diffs.push(`#${i + 1}${o.name ? ` ${o.name(i)}` : ''}\n    tcpdump: ${JSON.stringify(expected[i])}\n    xsift:   ${JSON.stringify(got)}`);
    });
    return { mode, expected, diffs, compared };
  });
}

/** Fails with the first differences of every mode that has any. */
export function assertSameAsTcpdump(results: readonly ModeResult[], shown = 8): void {
  const bad = results.filter((r) => r.diffs.length);
  assert.is(
    bad.length,
    0,
    bad.map((r) => `tcpdump ${r.mode.flags.join(' ') || '(default)'}: ${r.diffs.length} of ${r.compared} lines differ:\n${r.diffs.slice(0, shown).join('\n')}`).join('\n'),
  );
}

/**
 * Each frame read in place amid other bytes (Formatter.formatAt, as the live capture reads ring
 * batches) prints as it does alone (format), in each option set; returns how many were compared.
 */
export function assertInPlaceSame(frames: readonly Buffer[], optionSets: readonly FormatOptions[], fill: { before?: number; after?: number } = {}): number {
  let compared = 0;
  const sec = Number(BASE_NS / 1_000_000_000n);
  for (const opts of optionSets) {
    const whole = new Formatter(opts);
    const inPlace = new Formatter(opts);
    for (const data of frames) {
      const len = wireLength(data);
      // Bytes around the frame that a printer reading outside it would print or trip on.
      const batch = Buffer.concat([Buffer.alloc(37, fill.before ?? 0x45), data, Buffer.alloc(64, fill.after ?? 0x11)]);
      assert.is(inPlace.formatAt({ bytes: batch, start: 37, caplen: data.length, len, sec, nsec: 0 }), whole.format(data, { tsNs: BASE_NS, len }), JSON.stringify(opts));
      compared++;
    }
  }
  return compared;
}
