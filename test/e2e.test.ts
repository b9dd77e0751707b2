/**
 * End to end, as a user runs it: the built CLI (bin/xsift.js) in a lab of
 * two network namespaces joined by a veth pair (198.18.0.0/15 and
 * 2001:db8::/32 only). Needs root; without it these tests fail, loudly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa, type ResultPromise } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inNetns, Lab } from '../runtime/lab.js';
import { root } from './lib/oracle.js';

const XSIFT = path.join(root, 'bin', 'xsift.js');
const prefix = `xs-e2e-${process.pid}`;
let lab: Lab;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'xsift-e2e-'));

test.before(async () => {
  if (process.getuid?.() !== 0) throw new Error('the end-to-end tests need root (network namespaces, XDP); CI runs them as root');
  lab = await Lab.create({ prefix, subnet: 7, staticNeighbours: true });
});
test.after(async () => {
  await lab?.close();
  await Lab.clean(prefix);
  rmSync(tmp, { recursive: true, force: true });
});

const xsift = (args: string[]) => execa(process.execPath, [XSIFT, ...args], { reject: false, stdin: 'ignore', all: false });

/** Start `xsift capture` on host b and resolve once it says it is listening. */
async function startCapture(args: string[]): Promise<{ proc: ResultPromise; out: () => string; err: () => string }> {
  const proc = execa(process.execPath, [XSIFT, 'capture', '--netns', lab.b.netns, '-i', lab.b.iface, ...args], { reject: false, stdin: 'ignore', buffer: true });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 20000;
  while (!err.includes('listening on')) {
    if (Date.now() > deadline || proc.exitCode !== null) {
      proc.kill('SIGKILL');
      throw new Error(`xsift capture did not start: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { proc, out: () => out, err: () => err };
}

const ping = (v6: boolean) => inNetns(lab.a.netns, 'ping', [...(v6 ? ['-6'] : []), '-c', '2', '-i', '0.2', '-W', '2', v6 ? lab.b.ip6 : lab.b.ip4]);
const connect = () => inNetns(lab.a.netns, 'nc', ['-z', '-w', '2', lab.b.ip4, '8080']);

test('capture prints pings (IPv4 and IPv6) in tcpdump format, stops after -c, detaches', async () => {
  const cap = await startCapture(['-c', '4', 'icmp or icmp6']);
  assert.ok((await Lab.xdpProgId(lab.b)) > 0, 'attached while capturing');
  const p4 = await ping(false);
  const p6 = await ping(true);
  assert.is(p4.exitCode, 0, p4.all);
  assert.is(p6.exitCode, 0, p6.all);
  const r = await cap.proc;
  assert.is(r.exitCode, 0, cap.err());
  const lines = cap.out().trim().split('\n');
  assert.is(lines.length, 4, cap.out());
  const v4 = lines.filter((l) => / IP 198\.18\.7\.1 > 198\.18\.7\.2: ICMP echo request, id \d+, seq \d, length 64$/.test(l));
  assert.is(v4.length, 2, cap.out());
  assert.ok(lines.every((l) => /^\d\d:\d\d:\d\d\.\d{6} IP6? /.test(l)), cap.out());
  assert.ok(lines.some((l) => l.includes('IP6 ') && l.includes('ICMP6')), cap.out());
  assert.match(cap.err(), /4 packets captured\n\d+ packets received by filter\n0 packets dropped by kernel/);
  assert.is(await Lab.xdpProgId(lab.b), 0, 'detached after exit');
});

test('capture --json: one object per frame with the interface, the verdict and the decoded layers', async () => {
  const cap = await startCapture(['-c', '1', '--json', 'icmp']);
  await ping(false);
  const r = await cap.proc;
  assert.is(r.exitCode, 0, cap.err());
  const o = JSON.parse(cap.out().trim().split('\n')[0]!);
  assert.is(o.iface, lab.b.iface);
  assert.is(o.verdict, 'pass');
  assert.equal(o.layers.map((l: { layer: string }) => l.layer), ['ethernet', 'ipv4', 'icmp']);
  assert.is(o.layers[1].dst, lab.b.ip4);
  assert.match(o.line, /ICMP echo request/);
});

test('allow mode drops a TCP connection; capture mode lets it through', async () => {
  const listener = execa('ip', ['netns', 'exec', lab.b.netns, 'nc', '-l', '-k', lab.b.ip4, '8080'], { reject: false, stdin: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 200));
    const allow = await startCapture(['--action', 'allow', '--silence', 'allow-drops-arp', 'icmp or icmp6']);
    const blocked = await connect();
    const stillPings = await ping(false);
    allow.proc.kill('SIGINT');
    await allow.proc;
    assert.is.not(blocked.exitCode, 0, 'TCP connection refused by the drop');
    assert.is(stillPings.exitCode, 0, 'ICMP still answered');
    assert.match(allow.err(), /\d+ passed, [1-9]\d* dropped by XDP/);

    const capture = await startCapture(['icmp or icmp6']);
    const open = await connect();
    capture.proc.kill('SIGINT');
    await capture.proc;
    assert.is(open.exitCode, 0, `TCP connection in capture mode: ${open.all}`);
  } finally {
    listener.kill('SIGTERM');
    await listener;
  }
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
  test(`no XDP program left after ${signal}`, async () => {
    const cap = await startCapture(['icmp']);
    assert.ok((await Lab.xdpProgId(lab.b)) > 0, 'attached');
    cap.proc.kill(signal);
    const r = await cap.proc;
    if (signal !== 'SIGKILL') {
      assert.is(r.exitCode, 0, cap.err());
      assert.match(cap.err(), /packets captured/);
    }
    // The bpf_link goes with the process; give the kernel a moment after SIGKILL.
    const deadline = Date.now() + 3000;
    while ((await Lab.xdpProgId(lab.b)) !== 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    assert.is(await Lab.xdpProgId(lab.b), 0, `detached after ${signal}`);
  });
}

test('multi-buffer (jumbo) frames are seen whole: wire length and bytes past the first buffer', async () => {
  for (const h of [lab.a, lab.b]) {
    const r = await execa('ip', ['-n', h.netns, 'link', 'set', 'dev', h.iface, 'mtu', '9000'], { reject: false });
    assert.is(r.exitCode, 0, r.stderr);
  }
  try {
    const cap = await startCapture(['-c', '1', 'icmp and greater 8000 and ip[2:2] = 8028']);
    const p = await inNetns(lab.a.netns, 'ping', ['-c', '1', '-W', '2', '-s', '8000', lab.b.ip4]);
    assert.is(p.exitCode, 0, p.all);
    const r = await cap.proc;
    assert.is(r.exitCode, 0, cap.err());
    assert.match(cap.out(), /ICMP echo request, id \d+, seq 1, length 8008/);
  } finally {
    for (const h of [lab.a, lab.b]) await execa('ip', ['-n', h.netns, 'link', 'set', 'dev', h.iface, 'mtu', '1500'], { reject: false });
  }
});

test('compile -o writes an object that ip link attaches (section xdp)', async () => {
  const obj = path.join(tmp, 'f.o');
  const r = await xsift(['compile', 'icmp or icmp6', '-o', obj]);
  assert.is(r.exitCode, 0, r.stderr);
  const attach = await execa('ip', ['-n', lab.b.netns, 'link', 'set', 'dev', lab.b.iface, 'xdpgeneric', 'obj', obj, 'sec', 'xdp'], { reject: false });
  try {
    assert.is(attach.exitCode, 0, attach.stderr);
    assert.ok((await Lab.xdpProgId(lab.b)) > 0);
    const p = await ping(false);
    assert.is(p.exitCode, 0, 'capture action passes everything');
  } finally {
    await execa('ip', ['-n', lab.b.netns, 'link', 'set', 'dev', lab.b.iface, 'xdpgeneric', 'off'], { reject: false });
  }
  assert.is(await Lab.xdpProgId(lab.b), 0);
});

test('load attaches a compiled object and prints what it reports', async () => {
  const obj = path.join(tmp, 'g.o');
  assert.is((await xsift(['compile', 'icmp', '-o', obj])).exitCode, 0);
  const proc = execa(process.execPath, [XSIFT, 'load', obj, '--netns', lab.b.netns, '-i', lab.b.iface, '-c', '2'], { reject: false, stdin: 'ignore' });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 20000;
  while (!err.includes('listening on') && Date.now() < deadline && proc.exitCode === null) await new Promise((r) => setTimeout(r, 25));
  await ping(false);
  const r = await proc;
  assert.is(r.exitCode, 0, err);
  assert.is(r.stdout.trim().split('\n').length, 2, r.stdout);
  assert.match(r.stdout, /ICMP echo request/);
});

test('--emit-c - prints the C without running clang', async () => {
  const r = await execa(process.execPath, [XSIFT, 'compile', '--emit-c', '-', 'tcp'], { reject: false, env: { XSIFT_CLANG: '/nonexistent/clang' } });
  assert.is(r.exitCode, 0, r.stderr);
  assert.ok(r.stdout.startsWith('/* filter: tcp */'));
});

test('exit codes: 2 with a caret for a bad expression, 1 naming the interface for a missing one', async () => {
  const bad = await xsift(['compile', '--emit-c', '-', 'tcp port 80 or fooo 22']);
  assert.is(bad.exitCode, 2);
  assert.match(bad.stderr, /^error: unknown word "fooo"/);
  assert.match(bad.stderr, /\n  tcp port 80 or fooo 22\n {17}\^~~~/);
  assert.not.match(bad.stderr, /at .*\.js:\d+/, 'no stack trace');
  const usage = await xsift(['compile', 'icmp']);
  assert.is(usage.exitCode, 2, usage.stderr);
  const missing = await xsift(['capture', '--netns', lab.b.netns, '-i', 'nosuchif0', 'icmp']);
  assert.is(missing.exitCode, 1, missing.stderr);
  assert.match(missing.stderr, /"nosuchif0"/);
  assert.match(missing.stderr, /ENODEV|No such device/);
  assert.not.match(missing.stderr, /at .*\.js:\d+/, 'no stack trace');
});

test('a kernel older than 5.18 is refused in one line, naming what it lacks', async () => {
  const { checkKernel } = await import('../runtime/attach.js');
  assert.throws(() => checkKernel('5.15.0-91-generic'), /kernel 5\.15\.0-91-generic is too old: .*5\.18/);
  assert.not.throws(() => checkKernel('5.18.0'));
  assert.not.throws(() => checkKernel('6.18.44-fc'));
});

test.run();
