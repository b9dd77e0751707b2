/**
 * Filters that outlive the process, in a lab of two namespaces
 * (198.18.35.0/24 only): `load --pin` survives xsift's exit, `status` shows
 * it with its action, expression and counters, `--replace` swaps the
 * program atomically through the pinned link, `unload` detaches it. Needs
 * root: without it these tests fail, loudly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inNetns, Lab } from '../runtime/lab.js';
import { root } from './lib/oracle.js';
import { pinDir } from '../runtime/pin.js';

const XSIFT = path.join(root, 'bin', 'xsift.js');
const prefix = `xs-pin-${process.pid}`;
let lab: Lab;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'xsift-pin-'));
const xsift = (...args: string[]) => execa(process.execPath, [XSIFT, ...args], { reject: false, stdin: 'ignore' });

test.before(async () => {
  if (process.getuid?.() !== 0) throw new Error('the pinning tests need root (bpffs, XDP); CI runs them as root');
  lab = await Lab.create({ prefix, subnet: 35, staticNeighbours: true });
});
test.after(async () => {
  // Whatever a failed test left pinned on the lab's interface.
  await xsift('unload', '--netns', lab.b.netns, '-i', lab.b.iface);
  await lab?.close();
  await Lab.clean(prefix);
  rmSync(tmp, { recursive: true, force: true });
});

interface Status {
  iface: string;
  netns: string | null;
  mode: string;
  progId: number;
  linkId?: number;
  pinned: boolean;
  action?: string;
  expression?: string;
  counters?: { seen: number; matched: number; passed: number; dropped: number };
}

async function statusOfLab(): Promise<Status[]> {
  const r = await xsift('status', '--json');
  assert.is(r.exitCode, 0, r.stderr);
  return r.stdout.trim() === '' ? [] : r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Status).filter((s) => s.netns === lab.b.netns);
}

test('load --pin outlives xsift; status shows it; --replace swaps atomically; unload detaches', async () => {
  const allowIcmp = path.join(tmp, 'allow-icmp.o');
  const allowUdp = path.join(tmp, 'allow-udp.o');
  assert.is((await xsift('compile', '--action', 'allow', '--silence', 'allow-drops-nd', 'icmp or arp', '-o', allowIcmp)).exitCode, 0);
  assert.is((await xsift('compile', '--action', 'allow', '--silence', 'allow-drops-nd', '--silence', 'allow-drops-arp', 'udp', '-o', allowUdp)).exitCode, 0);

  const pin = await xsift('load', allowIcmp, '--netns', lab.b.netns, '-i', lab.b.iface, '--pin');
  assert.is(pin.exitCode, 0, pin.stderr);
  assert.match(pin.stderr, /pinned .*allow-icmp\.o on "xs1" in netns "[^"]+" \(XDP (native|skb) mode, link id \d+, program id \d+\) at \/sys\/fs\/bpf\/xsift\//);
  const progId = await Lab.xdpProgId(lab.b);
  assert.ok(progId > 0, 'still attached after xsift exited');
  assert.ok(existsSync(path.join(pinDir(lab.b.iface, lab.b.netns), 'link')));

  // The filter works without xsift: pings pass (allow icmp), and are counted.
  const ping = await inNetns(lab.a.netns, 'ping', ['-c', '2', '-i', '0.2', '-W', '2', lab.b.ip4]);
  assert.is(ping.exitCode, 0, ping.all);
  let st = await statusOfLab();
  assert.is(st.length, 1, JSON.stringify(st));
  assert.is(st[0]!.iface, lab.b.iface);
  assert.is(st[0]!.progId, progId);
  assert.ok(st[0]!.pinned);
  assert.is(st[0]!.action, 'allow');
  assert.is(st[0]!.expression, 'icmp or arp');
  assert.ok(st[0]!.counters!.matched >= 2, JSON.stringify(st[0]));
  assert.ok(st[0]!.counters!.seen >= st[0]!.counters!.matched);
  const text = await xsift('status');
  assert.match(text.stdout, new RegExp(`^xs1 \\(netns ${lab.b.netns}\\): program ${progId}, XDP \\w+ mode, pinned, link \\d+; action allow; filter "icmp or arp"; \\d+ seen, \\d+ matched`, 'm'));

  const again = await xsift('load', allowIcmp, '--netns', lab.b.netns, '-i', lab.b.iface, '--pin');
  assert.is(again.exitCode, 1);
  assert.match(again.stderr, /already pinned .*use --replace/);
  const cap = await xsift('capture', '--netns', lab.b.netns, '-i', lab.b.iface, 'icmp');
  assert.is(cap.exitCode, 1, 'a capture is refused while the pinned filter holds the hook');
  assert.match(cap.stderr, /already has an XDP program \(id \d+ "xsift_xdp", \w+ mode, held by bpf_link id \d+\)/);

  const linkId = st[0]!.linkId;
  const rep = await xsift('load', allowUdp, '--netns', lab.b.netns, '-i', lab.b.iface, '--pin', '--replace');
  assert.is(rep.exitCode, 0, rep.stderr);
  assert.match(rep.stderr, /replaced the pinned filter .* atomically/);
  st = await statusOfLab();
  assert.is(st.length, 1);
  assert.is(st[0]!.linkId, linkId, 'the same link');
  assert.is.not(st[0]!.progId, progId, 'a new program');
  assert.is(st[0]!.expression, 'udp');
  const blocked = await inNetns(lab.a.netns, 'ping', ['-c', '1', '-W', '1', lab.b.ip4]);
  assert.is.not(blocked.exitCode, 0, 'allow udp drops pings');

  const un = await xsift('unload', '--netns', lab.b.netns, '-i', lab.b.iface);
  assert.is(un.exitCode, 0, un.stderr);
  assert.is(await Lab.xdpProgId(lab.b), 0, 'detached');
  assert.equal(await statusOfLab(), []);
  assert.ok(!existsSync(path.join(pinDir(lab.b.iface, lab.b.netns), 'link')));
  const un2 = await xsift('unload', '--netns', lab.b.netns, '-i', lab.b.iface);
  assert.is(un2.exitCode, 1);
  assert.match(un2.stderr, /no xsift filter is pinned there/);
});

test('status lists an xsift program held by a running capture (not pinned)', async () => {
  const proc = execa(process.execPath, [XSIFT, 'capture', '--netns', lab.b.netns, '-i', lab.b.iface, 'icmp'], { reject: false, stdin: 'ignore' });
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 20000;
  while (!err.includes('listening on') && Date.now() < deadline && proc.exitCode === null) await new Promise((r) => setTimeout(r, 20));
  try {
    const st = await statusOfLab();
    assert.is(st.length, 1, err);
    assert.is(st[0]!.pinned, false);
    assert.ok(st[0]!.linkId! > 0);
    const text = await xsift('status');
    assert.match(text.stdout, /xs1 \(netns [^)]+\): program \d+, XDP \w+ mode, bpf_link \d+ held by a process/);
  } finally {
    proc.kill('SIGINT');
    await proc;
  }
});

test.run();
