/**
 * §2 of the benchmark: expression → loadable object (runtime/build.ts
 * buildProgram: parse, lower, optimize, emit C, clang or the cache), in this
 * process. Cold: XSIFT_CACHE_DIR points at a new empty directory, so clang
 * runs. Warm: the same expression again, a cache hit. Beside it, `tcpdump -d`
 * on the same expression (a whole process: start, pcap_compile, print), for
 * reference.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProgram } from '../runtime/build.js';
import type { SuiteEntry } from './suite.js';
import { median, round } from './stats.js';

export interface CompileRow {
  expr: string;
  coldMs: number;
  warmMs: number;
  tcpdumpMs: number;
  cBytes: number;
}

export interface CompileResult {
  rows: CompileRow[];
  cold: { median: number; max: number };
  warm: { median: number; max: number };
  tcpdump: { median: number; max: number };
  coldReps: number;
  warmReps: number;
}

export async function runCompile(o: { suite: SuiteEntry[]; pcap: string; coldReps: number; warmReps: number; log: (s: string) => void }): Promise<CompileResult> {
  const saved = process.env.XSIFT_CACHE_DIR;
  const dirs: string[] = [];
  const fresh = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'xsift-bench-cache-'));
    dirs.push(d);
    process.env.XSIFT_CACHE_DIR = d;
  };
  const rows: CompileRow[] = [];
  try {
    // Warm up the compiler's modules (first-call JIT and table loading are not what is measured).
    fresh();
    await buildProgram('tcp and port 1', 'capture');
    for (const { expr } of o.suite) {
      const cold: number[] = [];
      let cBytes = 0;
      for (let i = 0; i < o.coldReps; i++) {
        fresh();
        const t = performance.now();
        const b = await buildProgram(expr, 'capture');
        cold.push(performance.now() - t);
        if (b.cached) throw new Error(`bench: "${expr}" came from the cache in a cold run`);
        cBytes = b.c.length;
      }
      const warm: number[] = [];
      for (let i = 0; i < o.warmReps; i++) {
        const t = performance.now();
        const b = await buildProgram(expr, 'capture');
        warm.push(performance.now() - t);
        if (!b.cached) throw new Error(`bench: "${expr}" missed the cache in a warm run`);
      }
      const td: number[] = [];
      for (let i = 0; i < o.coldReps; i++) {
        const t = performance.now();
        const r = spawnSync('tcpdump', ['-d', '-r', o.pcap, expr], { encoding: 'utf8' });
        td.push(performance.now() - t);
        if (r.status !== 0) throw new Error(`tcpdump -d ${JSON.stringify(expr)}: ${r.stderr}`);
      }
      rows.push({ expr, coldMs: round(median(cold), 1), warmMs: round(median(warm), 2), tcpdumpMs: round(median(td), 1), cBytes });
    }
  } finally {
    if (saved === undefined) delete process.env.XSIFT_CACHE_DIR;
    else process.env.XSIFT_CACHE_DIR = saved;
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  const agg = (xs: number[]) => ({ median: round(median(xs), 2), max: round(Math.max(...xs), 2) });
  const res: CompileResult = {
    rows,
    cold: agg(rows.map((r) => r.coldMs)),
    warm: agg(rows.map((r) => r.warmMs)),
    tcpdump: agg(rows.map((r) => r.tcpdumpMs)),
    coldReps: o.coldReps,
    warmReps: o.warmReps,
  };
  o.log(`compile: cold median ${res.cold.median} ms (max ${res.cold.max}), warm median ${res.warm.median} ms (max ${res.warm.max}), tcpdump -d median ${res.tcpdump.median} ms`);
  return res;
}
