/**
 * `npm run bench:compare -- EXPRESSION [ROUNDS]` (root): one expression's
 * cost per frame, for tuning the compiler and the template.
 *
 * The same four programs and method as part 1 of `npm run bench`
 * (programs.ts: amplified copies reloaded every round, each minus the floor
 * amplified alike), but per timing frame instead of the mean over them, and
 * nothing written: a table on stdout, medians over ROUNDS rounds (default 9).
 * Where a program's cost comes from shows up frame by frame (e.g. a frame
 * shorter than the guarded copy's guard, or one protocol's path).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writePcapFile } from '../runtime/pcap.js';
import { benchFrames, pick, TIMING_FRAMES } from './frames.js';
import { loadExpression, loadFloors, type Loaded } from './programs.js';
import { median } from './stats.js';

const REPEAT = 50000;

async function main(): Promise<void> {
  const [expr, roundsArg] = process.argv.slice(2);
  const rounds = Number(roundsArg ?? 9);
  if (expr === undefined || !Number.isInteger(rounds) || rounds < 1) {
    console.error('usage: npm run bench:compare -- EXPRESSION [ROUNDS]');
    process.exit(2);
  }
  if (process.getuid?.() !== 0) {
    console.error('bench: needs root (BPF_PROG_TEST_RUN); run as root');
    process.exit(1);
  }
  const work = mkdtempSync(path.join(os.tmpdir(), 'xsift-bench-'));
  const floors = await loadFloors();
  try {
    const all = benchFrames();
    const pcap = path.join(work, 'frames.pcap');
    writePcapFile(pcap, all.map((f, i) => ({ data: f.data, tsNs: BigInt(i) * 1000n })));
    const frames = pick(all, TIMING_FRAMES);
    const p = await loadExpression(expr, pcap);
    try {
      const programs: [string, Loaded][] = [['xsift', p.xsift], ['cbpf+h', p.cbpfShipped], ['bare', p.bare], ['cbpf', p.cbpf]];
      // samples[program][frame]: ns per run above the floor, one per round.
      const samples = programs.map(() => frames.map((): number[] => []));
      for (let r = 0; r < rounds; r++) {
        for (const [, l] of programs) l.timed.reload();
        for (const f of floors.values()) f.reload();
        frames.forEach((f, fi) => {
          const floor = new Map([...floors].map(([times, t]) => [times, t.obj.testRun(t.prog, f.data, { repeat: REPEAT }).durationNs]));
          // Rotate the order each round, as part 1 does.
          for (let j = 0; j < programs.length; j++) {
            const k = (j + r) % programs.length;
            const t = programs[k]![1].timed;
            const ns = t.obj.testRun(t.prog, f.data, { repeat: REPEAT }).durationNs;
            samples[k]![fi]!.push((ns - floor.get(t.times)!) / t.times);
          }
        });
      }
      const cell = (v: number) => v.toFixed(2).padStart(9);
      console.log(`${expr}\nns per frame above the floor, median of ${rounds} rounds (runs per test run: ${programs.map(([n, l]) => `${n} ${l.timed.times}`).join(', ')})\n`);
      console.log(['frame'.padEnd(34), ...programs.map(([n]) => n.padStart(9))].join(''));
      const medians = samples.map((perFrame) => perFrame.map((s) => median(s)));
      frames.forEach((f, fi) => console.log([f.name.slice(0, 33).padEnd(34), ...medians.map((m) => cell(m[fi]!))].join('')));
      console.log(['mean'.padEnd(34), ...medians.map((m) => cell(m.reduce((a, b) => a + b, 0) / m.length))].join(''));
    } finally {
      p.close();
    }
  } finally {
    for (const f of floors.values()) f.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});
