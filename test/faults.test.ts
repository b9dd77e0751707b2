/**
 * Faults (issue 8, part 4): the CLI as a user runs it when the world fails
 * under it. clang missing or failing, an unknown interface, no privilege, the
 * interface removed while capturing, the disk full while writing -w, SIGKILL
 * during start-up and capture, two captures on one interface. Each ends with
 * a clear message and the right exit code, never a stack trace, never a
 * program left attached, and any file written stays readable by tcpdump.
 * Runs in a lab of two namespaces of its own (198.18.41.0/24,
 * 2001:db8:29::/64); the disk-full case mounts (and unmounts) a 64 KiB tmpfs.
 * Needs root.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa, type ResultPromise } from 'execa';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inNetns, Lab } from '../runtime/lab.js';
import { readCapture } from '../runtime/pcap.js';
import { root } from './lib/oracle.js';

const XSIFT = path.join(root, 'bin', 'xsift.js');
const prefix = `xs-fault-${process.pid}`;
const SUBNET = 41;
let lab: Lab;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'xsift-faults-'));
chmodSync(tmp, 0o755);
const started: ResultPromise[] = [];

test.before(async () => {
  if (process.getuid?.() !== 0) throw new Error('the fault tests need root (network namespaces, XDP, mount); CI runs them as root');
  lab = await Lab.create({ prefix, subnet: SUBNET, staticNeighbours: true });
});
test.after(async () => {
  for (const p of started) if (p.exitCode === null && p.pid) p.kill('SIGKILL');
  await lab?.close();
  await Lab.clean(prefix);
  rmSync(tmp, { recursive: true, force: true });
});

const xsift = (args: string[], env: Record<string, string> = {}) =>
  execa(process.execPath, [XSIFT, ...args], { reject: false, stdin: 'ignore', env, timeout: 120000 });

/** No stack trace, no "internal error" of ours, in what the CLI printed (shown in the test log, the measured outcome). */
function clean(stderr: string): void {
  console.log(`  | ${stderr.trim().split('\n').filter((l) => !l.includes('listening on')).join('\n  | ')}`);
  assert.not.match(stderr, /\n\s+at .+:\d+:\d+/, `stack trace:\n${stderr}`);
  assert.not.match(stderr, /internal error: (?!clang rejected)/, stderr);
}

/** Start a capture on host b; resolve once it says it is listening. */
async function startCapture(args: string[], l: Lab = lab): Promise<{ proc: ResultPromise; out: () => string; err: () => string }> {
  const proc = execa(process.execPath, [XSIFT, 'capture', '--netns', l.b.netns, '-i', l.b.iface, ...args], { reject: false, stdin: 'ignore', buffer: true, timeout: 120000 });
  started.push(proc);
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 30000;
  while (!err.includes('listening on')) {
    if (Date.now() > deadline || proc.exitCode !== null) {
      proc.kill('SIGKILL');
      throw new Error(`xsift capture did not start: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { proc, out: () => out, err: () => err };
}

const ping = (count: number, size = 56, interval = '0.2') => inNetns(lab.a.netns, 'ping', ['-c', String(count), '-i', interval, '-s', String(size), '-W', '1', lab.b.ip4], { timeout: 60000 });

/** tcpdump reads the whole file without complaint; returns how many records it printed. */
async function tcpdumpReads(file: string): Promise<number> {
  const r = await execa('tcpdump', ['-n', '-r', file], { reject: false, stdin: 'ignore' });
  assert.is(r.exitCode, 0, `tcpdump -r ${file}: ${r.stderr}`);
  assert.not.match(r.stderr, /truncated|bad dump file|cut short/i, r.stderr);
  return r.stdout.trim() === '' ? 0 : r.stdout.trim().split('\n').length;
}

test('clang missing (cold cache): exit 1, one clear line, no stack', async () => {
  const cache = path.join(tmp, 'cold-cache');
  for (const args of [['compile', '-o', path.join(tmp, 'x.o'), 'tcp port 80'], ['capture', '--netns', lab.b.netns, '-i', lab.b.iface, 'tcp port 80']]) {
    const r = await xsift(args, { XSIFT_CLANG: '/nonexistent', XSIFT_CACHE_DIR: cache });
    assert.is(r.exitCode, 1, r.stderr);
    assert.match(r.stderr, /run clang "\/nonexistent": not found \(install it: apt-get install clang llvm\)/);
    clean(r.stderr);
  }
  assert.is(await Lab.xdpProgId(lab.b), 0);
});

test('clang failing: exit 1, the kept C and clang\'s own words, no stack', async () => {
  const fake = path.join(tmp, 'bad-clang');
  writeFileSync(fake, '#!/bin/sh\necho "fatal error: simulated failure" >&2\nexit 1\n');
  chmodSync(fake, 0o755);
  const r = await xsift(['compile', '-o', path.join(tmp, 'y.o'), 'udp'], { XSIFT_CLANG: fake, XSIFT_CACHE_DIR: path.join(tmp, 'cold-cache-2') });
  assert.is(r.exitCode, 1, r.stderr);
  assert.match(r.stderr, /clang rejected the generated C \(kept at \S+filter\.c\)/);
  assert.match(r.stderr, /fatal error: simulated failure/);
  clean(r.stderr);
  const kept = /kept at (\S+filter\.c)\)/.exec(r.stderr)![1]!;
  assert.ok(existsSync(kept), 'the C is kept for the report');
  rmSync(path.dirname(kept), { recursive: true, force: true });
  // A clang killed by a signal is a failure too, not a hang or a crash.
  const killed = path.join(tmp, 'killed-clang');
  writeFileSync(killed, '#!/bin/sh\nkill -9 $$\n');
  chmodSync(killed, 0o755);
  const k = await xsift(['compile', '-o', path.join(tmp, 'z.o'), 'udp'], { XSIFT_CLANG: killed, XSIFT_CACHE_DIR: path.join(tmp, 'cold-cache-3') });
  assert.is(k.exitCode, 1, k.stderr);
  assert.match(k.stderr, /run clang "\S+killed-clang": killed by SIGKILL/);
  clean(k.stderr);
  // Not executable at all: a system failure that names the file.
  const noexec = path.join(tmp, 'noexec-clang');
  writeFileSync(noexec, 'not a program\n');
  chmodSync(noexec, 0o644);
  const n = await xsift(['compile', '-o', path.join(tmp, 'w.o'), 'udp'], { XSIFT_CLANG: noexec, XSIFT_CACHE_DIR: path.join(tmp, 'cold-cache-4') });
  assert.is(n.exitCode, 1, n.stderr);
  assert.match(n.stderr, /run clang "\S+noexec-clang": cannot execute it \(EACCES\)$/m, n.stderr);
  clean(n.stderr);
});

test('unknown interface: exit 1, names it and the namespace', async () => {
  const r = await xsift(['capture', '--netns', lab.b.netns, '-i', 'nosuch0', 'icmp']);
  assert.is(r.exitCode, 1, r.stderr);
  assert.match(r.stderr, /nosuch0/);
  assert.match(r.stderr, /no such device|ENODEV/i);
  clean(r.stderr);
});

test('no privilege (nobody): exit 1, names CAP_BPF and CAP_NET_ADMIN', async () => {
  const r = await execa('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, XSIFT, 'capture', '--netns', lab.b.netns, '-i', lab.b.iface, 'icmp'], {
    reject: false, stdin: 'ignore', timeout: 120000, env: { XSIFT_CACHE_DIR: path.join(tmp, 'nobody-cache'), HOME: tmp },
  });
  assert.is(r.exitCode, 1, r.stderr);
  assert.match(r.stderr, /CAP_BPF/);
  assert.match(r.stderr, /CAP_NET_ADMIN/);
  clean(r.stderr);
  assert.is(await Lab.xdpProgId(lab.b), 0);
  // Loading a program (no interface involved) is refused the same way.
  const v = await execa('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, XSIFT, 'explain', '--verifier', 'icmp'], {
    reject: false, stdin: 'ignore', timeout: 120000, env: { XSIFT_CACHE_DIR: path.join(tmp, 'nobody-cache'), HOME: tmp },
  });
  assert.is(v.exitCode, 1, v.stderr);
  assert.match(v.stderr, /CAP_BPF and CAP_NET_ADMIN/);
  clean(v.stderr);
});

test('two captures on one interface: the second says it is busy and by what', async () => {
  const first = await startCapture(['icmp']);
  try {
    const r = await xsift(['capture', '--netns', lab.b.netns, '-i', lab.b.iface, 'tcp']);
    assert.is(r.exitCode, 1, r.stderr);
    assert.match(r.stderr, /already has an XDP program \(id \d+ "xsift_xdp", \w+ mode, held by bpf_link id \d+/);
    assert.match(r.stderr, new RegExp(`process ${first.proc.pid}\\b`), 'names the process holding the link');
    assert.match(r.stderr, /held open by process \d+ \(xsift capture --netns \S+ -i xs1 icmp\)/);
    clean(r.stderr);
    assert.ok((await Lab.xdpProgId(lab.b)) > 0, 'the first capture is still attached');
  } finally {
    first.proc.kill('SIGINT');
    await first.proc;
  }
  assert.is(await Lab.xdpProgId(lab.b), 0);
});

test('SIGKILL during start-up and capture: nothing stays attached', async () => {
  const cache = path.join(tmp, 'kill-cache');
  // At several moments of start-up (compiling, clang, loading, attaching: a cold cache makes them slow enough to hit).
  for (const ms of [50, 300, 600, 900, 1200, 1600]) {
    rmSync(cache, { recursive: true, force: true });
    const p = execa(process.execPath, [XSIFT, 'capture', '--netns', lab.b.netns, '-i', lab.b.iface, `icmp or tcp port ${1000 + ms}`], { reject: false, stdin: 'ignore', env: { XSIFT_CACHE_DIR: cache } });
    started.push(p);
    await new Promise((r) => setTimeout(r, ms));
    p.kill('SIGKILL');
    await p;
    assert.is(await Lab.xdpProgId(lab.b), 0, `attached after SIGKILL at ${ms} ms`);
  }
  // While capturing, with traffic flowing and with -w.
  for (const w of [[], ['-w', path.join(tmp, 'killed.pcap')]]) {
    const cap = await startCapture(['icmp', ...w]);
    assert.ok((await Lab.xdpProgId(lab.b)) > 0);
    const pinging = ping(20, 56, '0.05');
    await new Promise((r) => setTimeout(r, 300));
    cap.proc.kill('SIGKILL');
    await cap.proc;
    await pinging;
    assert.is(await Lab.xdpProgId(lab.b), 0, 'attached after SIGKILL while capturing');
    if (w.length) await tcpdumpReads(w[1]!);
  }
  const ip = await execa('ip', ['-n', lab.b.netns, '-d', 'link', 'show'], { reject: false });
  assert.not.match(ip.stdout, /prog\/xdp|xdpgeneric|xdp id/);
});

test('disk full while writing -w: clear error, counters, file valid up to the last whole record', async () => {
  const mnt = path.join(tmp, 'full');
  mkdirSync(mnt);
  const m = await execa('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt], { reject: false });
  assert.is(m.exitCode, 0, m.stderr);
  try {
    for (const format of [[], ['--pcapng']]) {
      const file = path.join(mnt, `full${format.length ? '.pcapng' : '.pcap'}`);
      const cap = await startCapture(['-w', file, ...format, 'icmp']);
      // 1400-byte pings both ways: 64 KiB fill after about twenty.
      await ping(60, 1400, '0.02');
      const r = await Promise.race([cap.proc, new Promise<undefined>((res) => setTimeout(() => res(undefined), 20000))]);
      if (r === undefined) {
        cap.proc.kill('SIGKILL');
        assert.unreachable(`the capture did not end on a full disk:\n${cap.err()}`);
      }
      const err = cap.err();
      assert.is(cap.proc.exitCode, 1, err);
      assert.match(err, /write ".*full\.pcap(ng)?": no space left on device/i);
      assert.match(err, /\d+ packets captured\n\d+ packets received by filter/);
      clean(err);
      const written = Number(/(\d+) packets captured/.exec(err)![1]);
      assert.ok(written > 0, 'some records were written before the disk filled');
      // Every record the file holds is whole, and it holds what was reported written.
      assert.is(readCapture(file).length, written, `records in ${file} (${statSync(file).size} bytes)`);
      assert.is(await tcpdumpReads(file), written);
      rmSync(file);
    }
  } finally {
    await execa('umount', [mnt], { reject: false });
  }
  assert.not.match(readFileSync('/proc/mounts', 'utf8'), new RegExp(mnt), 'unmounted');
});

test('interface removed while capturing: the capture ends with a message and the counters, the file stays valid', async () => {
  const file = path.join(tmp, 'removed.pcap');
  const cap = await startCapture(['-w', file, 'icmp']);
  const p = await ping(4, 56, '0.1');
  assert.is(p.exitCode, 0, p.all);
  const del = await execa('ip', ['-n', lab.b.netns, 'link', 'del', lab.b.iface], { reject: false });
  assert.is(del.exitCode, 0, del.stderr);
  try {
    const r = await Promise.race([cap.proc, new Promise<undefined>((res) => setTimeout(() => res(undefined), 20000))]);
    if (r === undefined) {
      cap.proc.kill('SIGKILL');
      assert.unreachable(`the capture did not end when its interface went away:\n${cap.err()}`);
    }
    const err = cap.err();
    assert.is(cap.proc.exitCode, 1, err);
    assert.match(err, /interface "xs1" in netns "[^"]+" went away while capturing/);
    assert.match(err, /4 packets captured\n\d+ packets received by filter\n0 packets dropped by kernel/, err);
    clean(err);
    assert.is(await tcpdumpReads(file), 4, "the 4 echo requests seen at ingress");
  } finally {
    // The rest of the suite needs the lab whole again.
    await lab.close();
    lab = await Lab.create({ prefix, subnet: SUBNET, staticNeighbours: true });
  }
});

test.run();
