/**
 * §3 of the benchmark: capture throughput and cost. A lab of two network
 * namespaces (runtime/lab.ts: both veth ends inside namespaces created here,
 * addresses from 198.18.0.0/15 and 2001:db8::/32); trafgen in the sender
 * namespace floods the veth with identical UDP frames as fast as it can;
 * in the receiver namespace one consumer at a time captures them on the
 * same interface: xsift with -w FILE, xsift printing text to /dev/null,
 * tcpdump -w FILE, tcpdump printing text to /dev/null. Both tools run with
 * their defaults (tcpdump: 2 MiB buffer; xsift: 4 MiB ring, 32 MiB with -w, XDP auto mode).
 *
 * Each consumer runs as a child of `bash -c 'CMD & wait; times'`, so its CPU
 * time (user + system, from the shell's `times` after the wait) covers its
 * whole life. The machine's busy time (/proc/stat, all CPUs, including the
 * sender and the kernel's softirq work) is reported beside it. The
 * consumer is stopped with SIGTERM (by its PID) once its CPU time has
 * stopped growing after the sender finished.
 *
 * Accounting per run: sent (trafgen's count), at the interface (the
 * receiver's rx_packets delta, or xsift's XDP "seen"), captured (records in
 * the file, or the tool's "packets captured" for text), counted loss (the
 * tool's "dropped by kernel"), and uncounted = at the interface − captured −
 * counted (must be 0).
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab } from '../runtime/lab.js';
import { round } from './stats.js';
import { benchDir } from './programs.js';

export type Tool = 'xsift' | 'tcpdump';
export type Output = 'file' | 'text';

export interface CaptureRun {
  tool: Tool;
  output: Output;
  size: number;
  sent: number;
  senderSeconds: number;
  senderPps: number;
  atInterface: number;
  captured: number;
  countedLoss: number;
  uncounted: number;
  cpuSeconds: number;
  cpuPerMillion: number;
  /** CPU above the same consumer's idle run (start, listen, stop, no traffic): the per-frame cost without start-up. */
  cpuAboveIdlePerMillion: number;
  machineCpuSeconds: number;
  machineCpuPerMillion: number;
  note: string;
}

export interface CaptureResult {
  frames: number;
  filter: string;
  runs: CaptureRun[];
  /** CPU seconds of each consumer's idle run (start, listen 0.3 s, stop; no traffic). */
  idle: { tool: Tool; output: Output; cpuSeconds: number }[];
  ratios: { size: number; output: Output; cpuRatio: number; cpuAboveIdleRatio: number; machineCpuRatio: number }[];
  skipped?: string;
}

const FILTER = 'udp and dst port 9';

function ipChecksum(h: Buffer): number {
  let s = 0;
  for (let i = 0; i < h.length; i += 2) s += h.readUInt16BE(i);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

/** One Ethernet/IPv4/UDP frame of `size` bytes from a to b, as a trafgen packet. */
function trafgenConfig(size: number, lab: Lab): string {
  const f = Buffer.alloc(size);
  const mac = (s: string) => Buffer.from(s.split(':').map((x) => parseInt(x, 16)));
  mac(lab.b.mac).copy(f, 0);
  mac(lab.a.mac).copy(f, 6);
  f.writeUInt16BE(0x0800, 12);
  const ip = f.subarray(14, 34);
  ip[0] = 0x45;
  ip.writeUInt16BE(size - 14, 2);
  ip[8] = 64;
  ip[9] = 17;
  Buffer.from(lab.a.ip4.split('.').map(Number)).copy(ip, 12);
  Buffer.from(lab.b.ip4.split('.').map(Number)).copy(ip, 16);
  ip.writeUInt16BE(ipChecksum(ip), 10);
  f.writeUInt16BE(40000, 34);
  f.writeUInt16BE(9, 36);
  f.writeUInt16BE(size - 34, 38);
  return `{ ${[...f].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ')} }\n`;
}

/** Busy jiffies of the whole machine (all CPUs, everything but idle and iowait). */
function machineBusy(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = cpu as number[];
  return user! + nice! + system! + irq! + softirq! + (steal ?? 0);
}

const HZ = 100; // USER_HZ, what /proc reports in

/** utime + stime of a process in seconds, or undefined when it is gone. */
function procCpu(pid: number): number | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / HZ;
  } catch {
    return undefined;
  }
}

function linkStats(netns: string, iface: string): { rx: number; rxDropped: number; tx: number; txDropped: number } {
  const r = spawnSync('ip', ['-n', netns, '-s', '-j', 'link', 'show', 'dev', iface], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip -n ${netns} -s link show dev ${iface}: ${r.stderr}`);
  const j = JSON.parse(r.stdout)[0].stats64;
  return { rx: j.rx.packets, rxDropped: j.rx.dropped, tx: j.tx.packets, txDropped: j.tx.dropped };
}

/** Records in a classic pcap file, reading only the record headers. */
function countPcap(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const hdr = Buffer.alloc(16);
    readSync(fd, hdr, 0, 4, 0);
    const magic = hdr.readUInt32LE(0);
    const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
    let off = 24;
    let n = 0;
    while (off + 16 <= size) {
      readSync(fd, hdr, 0, 16, off);
      const incl = le ? hdr.readUInt32LE(8) : hdr.readUInt32BE(8);
      off += 16 + incl;
      if (off > size) break;
      n++;
    }
    return n;
  } finally {
    closeSync(fd);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Child {
  pid: number;
  stderr: () => string;
  done: Promise<{ code: number | null; cpu: number; stdout: string }>;
}

/** `ip netns exec NS bash -c 'CMD & echo $!; wait $!; times'`: the consumer's PID and, at its end, its CPU time. */
function startConsumer(netns: string, cmd: string): Promise<Child> {
  const script = `${cmd} & pid=$!; echo "PID $pid"; wait $pid; rc=$?; times; exit $rc`;
  const p = spawn('ip', ['netns', 'exec', netns, 'bash', '-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stdout.on('data', (d) => (out += d));
  p.stderr.on('data', (d) => (err += d));
  const done = new Promise<{ code: number | null; cpu: number; stdout: string }>((resolve) => {
    p.on('close', (code) => {
      const lines = out.trim().split('\n');
      const last = lines[lines.length - 1] ?? '';
      const sec = (t: string) => {
        const m = t.match(/(\d+)m([\d.]+)s/);
        return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
      };
      const [u, s] = last.trim().split(/\s+/);
      resolve({ code, cpu: sec(u ?? '') + sec(s ?? ''), stdout: out });
    });
  });
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const poll = setInterval(() => {
      const m = out.match(/PID (\d+)/);
      if (m) {
        clearInterval(poll);
        resolve({ pid: Number(m[1]), stderr: () => err, done });
      } else if (Date.now() - t0 > 10000 || p.exitCode !== null) {
        clearInterval(poll);
        reject(new Error(`consumer did not start: ${err}`));
      }
    }, 20);
  });
}

async function waitFor(pred: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pred()) return true;
    await sleep(50);
  }
  return pred();
}

function num(text: string, re: RegExp): number {
  const m = text.match(re);
  return m ? Number(m[1]) : NaN;
}

async function oneRun(lab: Lab, tool: Tool, output: Output, size: number, frames: number, cfg: string, dir: string, log: (s: string) => void, idle?: number): Promise<CaptureRun> {
  const file = path.join(dir, `${tool}-${size}.pcap`);
  const root = path.resolve(benchDir, '..');
  const ns = lab.b.netns;
  const cmd =
    tool === 'xsift'
      ? `exec node ${root}/bin/xsift.js capture -i ${lab.b.iface} ${output === 'file' ? `-w ${file}` : '>/dev/null'} '${FILTER}'`
      : `exec tcpdump -n -i ${lab.b.iface} ${output === 'file' ? `-w ${file}` : '>/dev/null'} '${FILTER}'`;
  // `exec` inside a subshell: the background job is the tool itself, so $! is its PID.
  const child = await startConsumer(ns, `(${cmd})`);
  let note = '';
  try {
    const ready = await waitFor(() => /listening on/.test(child.stderr()), 15000);
    if (!ready) throw new Error(`${tool} did not start listening: ${child.stderr()}`);
    await sleep(300);
    const before = linkStats(ns, lab.b.iface);
    const busy0 = machineBusy();
    const t0 = performance.now();
    const tg = frames === 0 ? { status: 0, stderr: '' } : spawnSync('ip', ['netns', 'exec', lab.a.netns, 'trafgen', '--dev', lab.a.iface, '--conf', cfg, '--num', String(frames), '--cpus', '1', '--no-sock-mem', '--notouch-irq', '--no-cpu-stats'], { encoding: 'utf8', timeout: 120000 });
    const senderSeconds = (performance.now() - t0) / 1000;
    if (tg.status !== 0) throw new Error(`trafgen: exit ${tg.status}: ${tg.stderr}`);
    // Drained when the consumer's CPU time has not grown for 1.5 s (longer than tcpdump's 1 s
    // buffer timeout, after which the kernel hands over a partly filled block), or after 60 s.
    let last = procCpu(child.pid) ?? 0;
    let still = 0;
    const end = Date.now() + 60000;
    while (still < 10 && Date.now() < end) {
      await sleep(150);
      const c = procCpu(child.pid);
      if (c === undefined) break;
      still = c === last ? still + 1 : 0;
      last = c;
    }
    if (Date.now() >= end) note = 'consumer still busy 60 s after the sender ended; ';
    const after = linkStats(ns, lab.b.iface);
    process.kill(child.pid, 'SIGTERM');
    const killer = setTimeout(() => {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 30000);
    const res = await child.done;
    clearTimeout(killer);
    const busy1 = machineBusy();
    const err = child.stderr();
    const toolCaptured = num(err, /(\d+) packets captured/);
    const countedLoss = num(err, /(\d+) packets dropped by kernel/);
    const captured = output === 'file' && existsSync(file) ? countPcap(file) : toolCaptured;
    if (output === 'file' && captured !== toolCaptured) note += `file holds ${captured}, tool said ${toolCaptured}; `;
    const atInterface = tool === 'xsift' ? num(err, /(\d+) matched/) : Math.min(frames, after.rx - before.rx);
    const uncounted = atInterface - captured - countedLoss;
    const cpu = res.cpu;
    const run: CaptureRun = {
      tool,
      output,
      size,
      sent: frames,
      senderSeconds: round(senderSeconds, 3),
      senderPps: frames ? Math.round(frames / senderSeconds) : 0,
      atInterface,
      captured,
      countedLoss,
      uncounted,
      cpuSeconds: round(cpu, 2),
      cpuPerMillion: frames ? round(cpu / (captured / 1e6), 3) : 0,
      cpuAboveIdlePerMillion: frames ? round((cpu - (idle ?? NaN)) / (captured / 1e6), 3) : 0,
      machineCpuSeconds: round((busy1 - busy0) / HZ, 2),
      machineCpuPerMillion: frames ? round((busy1 - busy0) / HZ / (frames / 1e6), 3) : 0,
      note: note + (frames - atInterface > 0 ? `${frames - atInterface} frames did not reach the ${tool === 'xsift' ? 'XDP program' : 'interface'} (veth rx_dropped +${after.rxDropped - before.rxDropped}); ` : ''),
    };
    if (frames === 0) {
      log(`capture ${tool} ${output}: idle run (start, listen, stop): CPU ${run.cpuSeconds} s`);
      return run;
    }
    log(`capture ${tool} ${output} ${size} B: sent ${frames} (${run.senderPps} pps), at interface ${atInterface}, captured ${captured}, counted loss ${countedLoss}, uncounted ${uncounted}, CPU ${run.cpuSeconds} s (${run.cpuPerMillion} s/M)`);
    return run;
  } finally {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await child.done;
    rmSync(file, { force: true });
  }
}

export async function runCapture(o: { frames: number; sizes: number[]; idleRuns: boolean; log: (s: string) => void }): Promise<CaptureResult> {
  if (spawnSync('which', ['trafgen']).status !== 0 && spawnSync('which', ['apt-get']).status === 0) {
    o.log('capture: installing netsniff-ng (trafgen) with apt-get');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let r = spawnSync('apt-get', ['install', '-y', '-qq', 'netsniff-ng'], { stdio: ['ignore', 'ignore', 'inherit'], env, timeout: 300000 });
    if (r.status !== 0) {
      spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env, timeout: 300000 });
      r = spawnSync('apt-get', ['install', '-y', '-qq', 'netsniff-ng'], { stdio: ['ignore', 'ignore', 'inherit'], env, timeout: 300000 });
    }
  }
  if (spawnSync('which', ['trafgen']).status !== 0) {
    return { frames: o.frames, filter: FILTER, runs: [], idle: [], ratios: [], skipped: 'trafgen is not installed (apt-get install -y netsniff-ng)' };
  }
  const prefix = `xs-bench-${process.pid}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xsift-bench-cap-'));
  const lab = await Lab.create({ prefix, subnet: 77, staticNeighbours: true });
  const cleanup = () => {
    spawnSync('ip', ['netns', 'delete', lab.a.netns]);
    spawnSync('ip', ['netns', 'delete', lab.b.netns]);
  };
  process.once('exit', cleanup);
  const runs: CaptureRun[] = [];
  const idle: CaptureResult['idle'] = [];
  try {
    for (const output of o.idleRuns ? (['file', 'text'] as Output[]) : []) {
      for (const tool of ['xsift', 'tcpdump'] as Tool[]) {
        const r = await oneRun(lab, tool, output, 0, 0, '', dir, o.log);
        idle.push({ tool, output, cpuSeconds: r.cpuSeconds });
      }
    }
    for (const size of o.sizes) {
      const cfg = path.join(dir, `udp-${size}.cfg`);
      writeFileSync(cfg, trafgenConfig(size, lab));
      for (const output of ['file', 'text'] as Output[]) {
        for (const tool of ['xsift', 'tcpdump'] as Tool[]) {
          const i = idle.find((x) => x.tool === tool && x.output === output)?.cpuSeconds ?? NaN;
          runs.push(await oneRun(lab, tool, output, size, o.frames, cfg, dir, o.log, i));
        }
      }
    }
  } finally {
    await lab.close();
    process.off('exit', cleanup);
    rmSync(dir, { recursive: true, force: true });
  }
  const ratios = [];
  for (const size of o.sizes) {
    for (const output of ['file', 'text'] as Output[]) {
      const x = runs.find((r) => r.tool === 'xsift' && r.size === size && r.output === output)!;
      const t = runs.find((r) => r.tool === 'tcpdump' && r.size === size && r.output === output)!;
      ratios.push({ size, output, cpuRatio: round(x.cpuPerMillion / t.cpuPerMillion, 3), cpuAboveIdleRatio: round(x.cpuAboveIdlePerMillion / t.cpuAboveIdlePerMillion, 3), machineCpuRatio: round(x.machineCpuPerMillion / t.machineCpuPerMillion, 3) });
    }
  }
  return { frames: o.frames, filter: FILTER, runs, idle, ratios };
}
