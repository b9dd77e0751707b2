/**
 * Allow/deny safety (issue 8, part 5): a deny filter, or an allow filter that
 * drops ARP or neighbour discovery, is not attached to an interface with a
 * default route unless the user says so (--yes, or "y" on a terminal);
 * without it xsift exits 2 and says why and how to proceed. Capture and load
 * (the action from the object or --action), pinned or not. In a lab of its
 * own (198.18.42.0/24, 2001:db8:2a::/64) where host b gets a default route
 * through its peer. Also: the demo (whose lab has no default route) still
 * runs unattended. Needs root.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa, type ResultPromise } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab } from '../runtime/lab.js';
import { dropRisk } from '../runtime/safety.js';
import { root } from './lib/oracle.js';

const XSIFT = path.join(root, 'bin', 'xsift.js');
const prefix = `xs-safe-${process.pid}`;
let lab: Lab;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'xsift-safety-'));
const started: ResultPromise[] = [];

test.before(async () => {
  if (process.getuid?.() !== 0) throw new Error('the safety tests need root (network namespaces, XDP); CI runs them as root');
  lab = await Lab.create({ prefix, subnet: 42, staticNeighbours: true });
});
test.after(async () => {
  for (const p of started) if (p.exitCode === null && p.pid) p.kill('SIGKILL');
  await lab?.close();
  await Lab.clean(prefix);
  rmSync(tmp, { recursive: true, force: true });
});

const ipB = (...args: string[]) => execa('ip', ['-n', lab.b.netns, ...args], { reject: false });
const xsift = (args: string[]) => execa(process.execPath, [XSIFT, ...args], { reject: false, stdin: 'ignore', timeout: 120000 });
const onB = () => ['--netns', lab.b.netns, '-i', lab.b.iface];

/** Refused before attaching: exit 2, the reason, the way out, nothing attached. */
async function refused(args: string[], reason: RegExp): Promise<string> {
  const r = await xsift(args);
  assert.is(r.exitCode, 2, `${args.join(' ')}\n${r.stderr}`);
  assert.match(r.stderr, reason);
  assert.match(r.stderr, /not attaching: .* carries a default route: this host could lose its connectivity.*Pass --yes if you mean it/s);
  assert.not.match(r.stderr, /\n\s+at /);
  assert.is(await Lab.xdpProgId(lab.b), 0, 'nothing attached');
  console.log(`  | ${r.stderr.trim().split('\n').at(-1)}`);
  return r.stderr;
}

/** Let through: it starts listening (or, with --pin, pins); then stopped and detached. */
async function attaches(args: string[]): Promise<void> {
  const proc = execa(process.execPath, [XSIFT, ...args], { reject: false, stdin: 'ignore', timeout: 120000 });
  started.push(proc);
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 30000;
  while (!err.includes('listening on')) {
    if (Date.now() > deadline || proc.exitCode !== null) {
      proc.kill('SIGKILL');
      throw new Error(`${args.join(' ')}: did not start: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  assert.ok((await Lab.xdpProgId(lab.b)) > 0);
  proc.kill('SIGINT');
  const r = await proc;
  assert.is(r.exitCode, 0, err);
  assert.is(await Lab.xdpProgId(lab.b), 0);
}

test('which filters count as dangerous (lint codes and actions)', () => {
  assert.ok(dropRisk('deny', []));
  assert.ok(dropRisk('allow', [{ severity: 'warning', code: 'allow-drops-arp', message: '', span: { start: 0, end: 0 } }]));
  assert.ok(dropRisk('allow', [{ severity: 'warning', code: 'allow-drops-nd', message: '', span: { start: 0, end: 0 } }]));
  assert.ok(dropRisk('allow', undefined), 'an allow object whose expression is unknown');
  assert.is(dropRisk('allow', [{ severity: 'warning', code: 'always-matches', message: '', span: { start: 0, end: 0 } }]), undefined);
  assert.is(dropRisk('capture', undefined), undefined);
  assert.is(dropRisk(undefined, undefined), undefined);
});

test('IPv4 default route: deny and neighbour-dropping allow need --yes; safe filters do not', async () => {
  const add = await ipB('route', 'add', 'default', 'via', lab.a.ip4, 'dev', lab.b.iface);
  assert.is(add.exitCode, 0, add.stderr);
  try {
    const err = await refused(['capture', ...onB(), '--action', 'deny', 'udp'], /a deny filter drops the frames it matches/);
    assert.match(err, new RegExp(`"xs1" in netns "${lab.b.netns}" \\(default via ${lab.a.ip4.replace(/\./g, '\\.')}\\b`));
    await refused(['capture', ...onB(), '--action', 'allow', 'icmp'], /drops ARP and IPv6 neighbour discovery/);
    await refused(['capture', ...onB(), '--action', 'allow', 'icmp or icmp6'], /drops ARP,|drops ARP\b/);
    await attaches(['capture', ...onB(), '--action', 'allow', 'icmp or arp or icmp6']);
    await attaches(['capture', ...onB(), 'udp']);
    await attaches(['capture', ...onB(), '--action', 'deny', '--yes', 'udp']);
    await attaches(['capture', ...onB(), '--action', 'allow', '--yes', '--silence', 'allow-drops-arp', '--silence', 'allow-drops-nd', 'icmp']);

    // load: the action comes from the object, or from --action.
    const deny = path.join(tmp, 'deny.o');
    const c = await xsift(['compile', '--action', 'deny', '-o', deny, 'udp port 9']);
    assert.is(c.exitCode, 0, c.stderr);
    await refused(['load', deny, ...onB()], /a deny filter/);
    await refused(['load', deny, ...onB(), '--pin'], /a deny filter/);
    await attaches(['load', deny, ...onB(), '--action', 'capture']);
    await attaches(['load', deny, ...onB(), '--yes']);
    const capture = path.join(tmp, 'capture.o');
    assert.is((await xsift(['compile', '-o', capture, 'icmp'])).exitCode, 0);
    await refused(['load', capture, ...onB(), '--action', 'allow'], /drops ARP/);
    await attaches(['load', capture, ...onB()]);
  } finally {
    await ipB('route', 'del', 'default', 'via', lab.a.ip4, 'dev', lab.b.iface);
  }
});

test('IPv6 default route counts too; without a default route nothing is asked', async () => {
  const add = await ipB('-6', 'route', 'add', 'default', 'via', lab.a.ip6, 'dev', lab.b.iface);
  assert.is(add.exitCode, 0, add.stderr);
  try {
    await refused(['capture', ...onB(), '--action', 'deny', 'tcp port 7'], /IPv6 default via 2001:db8:2a::1\b/);
  } finally {
    await ipB('-6', 'route', 'del', 'default', 'via', lab.a.ip6, 'dev', lab.b.iface);
  }
  assert.is((await ipB('route', 'show', 'default')).stdout.trim(), '');
  await attaches(['capture', ...onB(), '--action', 'deny', 'tcp port 7']);
  await attaches(['capture', ...onB(), '--action', 'allow', 'icmp']);
});

test('on a terminal it asks: "n" refuses, "y" attaches', async () => {
  const add = await ipB('route', 'add', 'default', 'via', lab.a.ip4, 'dev', lab.b.iface);
  assert.is(add.exitCode, 0, add.stderr);
  try {
    const cmd = (extra: string) => [process.execPath, XSIFT, 'capture', ...onB(), '--action', 'deny', '-c', '1', extra].map((a) => `'${a}'`).join(' ');
    // script(1) gives xsift a pseudo-terminal; the answer is typed into it.
    const no = await execa('script', ['-qec', cmd('udp'), '/dev/null'], { reject: false, input: 'n\n', timeout: 60000 });
    assert.match(no.stdout, /Attach anyway\? \[y\/N\]/);
    assert.match(no.stdout, /not attached \(answer "y" to attach, or pass --yes\)/);
    assert.is(no.exitCode, 2, no.stdout);
    assert.is(await Lab.xdpProgId(lab.b), 0);
    const yes = execa('script', ['-qec', cmd('icmp'), '/dev/null'], { reject: false, input: 'y\n', timeout: 60000 });
    started.push(yes);
    const deadline = Date.now() + 30000;
    while ((await Lab.xdpProgId(lab.b)) === 0) {
      assert.ok(Date.now() < deadline && yes.exitCode === null, 'attached after "y"');
      await new Promise((r) => setTimeout(r, 50));
    }
    // One ping ends the -c 1 capture.
    await execa('ip', ['netns', 'exec', lab.a.netns, 'ping', '-c', '3', '-i', '0.2', '-W', '1', lab.b.ip4], { reject: false });
    const r = await yes;
    assert.is(r.exitCode, 0, r.stdout);
    assert.is(await Lab.xdpProgId(lab.b), 0);
  } finally {
    await ipB('route', 'del', 'default', 'via', lab.a.ip4, 'dev', lab.b.iface);
  }
});

test('the demo runs unattended (its lab has no default route)', async () => {
  const r = await execa(process.execPath, [XSIFT, 'demo'], { reject: false, stdin: 'ignore', timeout: 300000 });
  assert.is(r.exitCode, 0, `${r.stdout}\n${r.stderr}`);
  assert.not.match(r.stderr, /--yes|not attaching/);
});

test.run();
