/**
 * `npm run bench [-- --quick] [-- --only perpacket,compile,capture]`
 *
 * Runs the three parts of issue 7's benchmark and writes
 * bench/results/latest.{md,json} and bench/results/overhead.svg (with
 * --quick: quick.{md,json} and quick-overhead.svg; with --only a subset of
 * the parts: partial.{md,json} and partial-overhead.svg; so that neither ever
 * overwrites the full run). Needs root (BPF, network namespaces), clang,
 * tcpdump and trafgen (netsniff-ng).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writePcapFile } from '../runtime/pcap.js';
import { runCapture } from './capture.js';
import { runCompile } from './compile.js';
import { benchFrames, pick, QUICK_TIMING_FRAMES, TIMING_FRAMES } from './frames.js';
import { runPerPacket } from './perpacket.js';
import { benchDir, loadFloors } from './programs.js';
import { evaluateTargets, markdown, svg, type Machine, type Results } from './report.js';
import { QUICK_SUITE, SUITE } from './suite.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only'));
const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1]! : args[args.indexOf(onlyArg) + 1] ?? '').split(',') : ['perpacket', 'compile', 'capture'];
const unknown = args.filter((a, i) => !['--quick'].includes(a) && !a.startsWith('--only') && !(args[i - 1] === '--only'));
if (unknown.length) {
  console.error(`bench: unknown argument(s) ${unknown.join(' ')}; usage: npm run bench [-- --quick] [-- --only perpacket,compile,capture]`);
  process.exit(2);
}

const log = (s: string) => console.log(s);

function machine(): Machine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown CPU';
  const first = (cmd: string, a: string[]) => {
    const r = spawnSync(cmd, a, { encoding: 'utf8' });
    return `${r.stdout}${r.stderr}`.split('\n').find((l) => l.trim())?.trim() ?? 'unknown';
  };
  const td = spawnSync('tcpdump', ['--version'], { encoding: 'utf8' });
  const tdText = `${td.stdout}${td.stderr}`;
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: model,
    cores: os.cpus().length,
    kernel: os.release(),
    node: process.version,
    clang: first(process.env.XSIFT_CLANG || 'clang', ['--version']),
    libpcap: tdText.match(/libpcap version [^\s]+/)?.[0] ?? 'libpcap ?',
    tcpdump: tdText.match(/tcpdump version [^\s]+/)?.[0] ?? 'tcpdump ?',
  };
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.error('bench: needs root (BPF_PROG_TEST_RUN, XDP, network namespaces); run as root');
    process.exit(1);
  }
  const t0 = Date.now();
  const work = mkdtempSync(path.join(os.tmpdir(), 'xsift-bench-'));
  try {
    const frames = benchFrames();
    const pcap = path.join(work, 'frames.pcap');
    writePcapFile(pcap, frames.map((f, i) => ({ data: f.data, tsNs: BigInt(i) * 1000n })));
    const suite = quick ? QUICK_SUITE : SUITE;
    const settings = {
      quick,
      repeat: quick ? 20000 : 50000,
      rounds: quick ? 3 : 7,
      timingFrames: quick ? QUICK_TIMING_FRAMES : TIMING_FRAMES,
      verdictFrames: frames.length,
    };
    const m = machine();
    log(`bench: ${m.cpu}, ${m.cores} cores, kernel ${m.kernel}${quick ? ' (--quick)' : ''}`);
    const partial: Omit<Results, 'targets' | 'seconds'> = { machine: m, settings };
    if (only.includes('perpacket')) {
      log(`§1 per-packet: ${suite.length} expressions, ${settings.rounds} rounds × ${settings.timingFrames.length} frames × repeat ${settings.repeat}`);
      const floors = await loadFloors();
      try {
        partial.perPacket = await runPerPacket({
          suite, frames, pcap, timing: pick(frames, settings.timingFrames), repeat: settings.repeat, rounds: settings.rounds, floors, log,
        });
      } finally {
        for (const f of floors.values()) f.close();
      }
    }
    if (only.includes('compile')) {
      log(`§2 compile latency: ${suite.length} expressions`);
      partial.compile = await runCompile({ suite, pcap, coldReps: quick ? 1 : 3, warmReps: quick ? 1 : 5, log });
    }
    if (only.includes('capture')) {
      const n = quick ? 50000 : 1000000;
      log(`§3 capture: ${n} frames per run, 64 and 1500 bytes`);
      partial.capture = await runCapture({ frames: n, sizes: [64, 1500], idleRuns: !quick, log });
    }
    const results: Results = { ...partial, targets: evaluateTargets(partial), seconds: (Date.now() - t0) / 1000 };
    const dir = path.join(benchDir, 'results');
    mkdirSync(dir, { recursive: true });
    const subset = !['perpacket', 'compile', 'capture'].every((p) => only.includes(p));
    const base = quick ? 'quick' : subset ? 'partial' : 'latest';
    const svgName = base === 'latest' ? 'overhead.svg' : `${base}-overhead.svg`;
    writeFileSync(path.join(dir, `${base}.json`), JSON.stringify(results, null, 2) + '\n');
    writeFileSync(path.join(dir, `${base}.md`), markdown(results, svgName));
    if (results.perPacket) writeFileSync(path.join(dir, svgName), svg(results));
    log('');
    for (const t of results.targets) log(`${t.met === null ? '—' : t.met ? 'MET   ' : 'MISSED'} ${t.what}: ${t.measured} (goal ${t.goal}; ${t.by})`);
    log(`bench: wrote bench/results/${base}.md, ${base}.json${results.perPacket ? `, ${svgName}` : ''} in ${results.seconds.toFixed(0)} s`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  process.exit(1);
});


