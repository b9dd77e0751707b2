/**
 * Live capture through the CLI in a lab of two namespaces (198.18.33.0/24,
 * 2001:db8:21::/64 only): the counters' invariant under a flood into a tiny
 * ring, files (pcap, pcapng, stdout) read by tcpdump and tshark with exactly
 * "captured" records, periodic and SIGUSR1 counters, attach refusals and
 * --replace, several -i in one process. Needs root, tcpdump and tshark:
 * without them these tests fail, loudly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa, type ResultPromise } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inNetns, Lab } from '../runtime/lab.js';
import { readCapture } from '../runtime/pcap.js';
import { root } from './lib/oracle.js';

const XSIFT = path.join(root, 'bin', 'xsift.js');
const prefix = `xs-cap-${process.pid}`;
let lab: Lab;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'xsift-capture-'));
chmodSync(tmp, 0o755);
const SENDER = path.join(tmp, 'sender.mjs');

/** Sends N UDP datagrams as fast as Node can to HOST:9999; prints {"sent": N}. */
writeFileSync(SENDER, `import dgram from 'node:dgram';
const [host, n] = [process.argv[2], Number(process.argv[3])];
const s = dgram.createSocket('udp4');
const buf = Buffer.alloc(64, 0x5a);
let queued = 0, done = 0, errors = 0;
function burst() {
  for (let i = 0; i < 256 && queued < n; i++) {
    queued++;
    s.send(buf, 9999, host, (e) => { if (e) errors++; if (++done === n) { s.close(); console.log(JSON.stringify({ sent: n - errors })); } });
  }
  if (queued < n) setImmediate(burst);
}
burst();
`);

test.before(async () => {
  if (process.getuid?.() !== 0) throw new Error('the capture tests need root (network namespaces, XDP); CI runs them as root');
  for (const tool of ['tcpdump', 'tshark']) {
    const r = await execa(tool, ['--version'], { reject: false });
    if (r.exitCode !== 0) throw new Error(`${tool} is needed to check the files xsift writes (apt-get install -y ${tool})`);
  }
  lab = await Lab.create({ prefix, subnet: 33, staticNeighbours: true });
});
test.after(async () => {
  await lab?.close();
  await Lab.clean(prefix);
  rmSync(tmp, { recursive: true, force: true });
});

interface Running {
  proc: ResultPromise;
  out: () => Buffer;
  err: () => string;
}

/** Start xsift capture on host b; resolve once it listens. */
async function start(args: string[], iface = ['-i', lab.b.iface]): Promise<Running> {
  const proc = execa(process.execPath, [XSIFT, 'capture', '--netns', lab.b.netns, ...iface, ...args], { reject: false, stdin: 'ignore', encoding: 'buffer' });
  const chunks: Buffer[] = [];
  let err = '';
  proc.stdout!.on('data', (d: Buffer) => chunks.push(d));
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const deadline = Date.now() + 20000;
  while ((err.match(/listening on/g)?.length ?? 0) < iface.filter((x) => x === '-i').length) {
    if (Date.now() > deadline || proc.exitCode !== null) {
      proc.kill('SIGKILL');
      throw new Error(`xsift capture did not start: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { proc, out: () => Buffer.concat(chunks), err: () => err };
}

async function stop(r: Running): Promise<string> {
  r.proc.kill('SIGINT');
  const res = await r.proc;
  assert.is(res.exitCode, 0, r.err());
  return r.err();
}

interface Final {
  captured: number;
  received: number;
  droppedKernel: number;
  seen: number;
  matched: number;
  reported: number;
  lost: number;
  read: number;
}

/** The last counter block of stderr. */
function finalCounters(err: string): Final {
  const m = [...err.matchAll(/(\d+) packets captured\n(\d+) packets received by filter\n(\d+) packets dropped by kernel\nxsift: (\d+) frames seen, (\d+) matched, \d+ passed, \d+ dropped by XDP, (\d+) reported, (\d+) reports lost; (\d+) records read/g)].at(-1);
  if (!m) throw new Error(`no counters in: ${err}`);
  const n = m.slice(1).map(Number);
  return { captured: n[0]!, received: n[1]!, droppedKernel: n[2]!, seen: n[3]!, matched: n[4]!, reported: n[5]!, lost: n[6]!, read: n[7]! };
}

async function flood(count: number): Promise<number> {
  const r = await inNetns(lab.a.netns, process.execPath, [SENDER, lab.b.ip4, String(count)]);
  assert.is(r.exitCode, 0, r.all);
  return JSON.parse(r.stdout).sent as number;
}

const tcpdumpCount = async (file: string) => {
  const r = await execa('tcpdump', ['-n', '-r', file], { reject: false, lines: false });
  assert.is(r.exitCode, 0, `tcpdump -r ${file}: ${r.stderr}`);
  return r.stdout === '' ? 0 : r.stdout.trim().split('\n').length;
};
const tsharkCount = async (file: string) => {
  const r = await execa('tshark', ['-n', '-r', file, '-T', 'fields', '-e', 'frame.number'], { reject: false });
  assert.is(r.exitCode, 0, `tshark -r ${file}: ${r.stderr}`);
  return r.stdout.trim() === '' ? 0 : r.stdout.trim().split('\n').length;
};

const FLOOD = 100_000;
let floodNumbers = '';

test('a flood into a 4 KiB ring: matched = reported + lost, captured = reported, the pcap holds exactly "captured" records', async () => {
  const file = path.join(tmp, 'flood.pcap');
  const cap = await start(['--ring-size', '4096', '-w', file, 'udp']);
  const sent = await flood(FLOOD);
  const c = finalCounters(await stop(cap));
  floodNumbers = `sent ${sent}, seen ${c.seen}, matched ${c.matched}, reported ${c.reported}, lost ${c.lost}, captured ${c.captured}`;
  console.log(`  flood: ${floodNumbers}`);
  assert.is(BigInt(c.matched), BigInt(c.reported) + BigInt(c.lost), 'matched = reported + lost');
  assert.is(c.captured, c.reported, 'captured = reported after a clean stop');
  assert.is(c.read, c.reported, 'every report was read');
  assert.is(c.droppedKernel, c.lost, '"dropped by kernel" is exactly the reports lost');
  assert.is(c.received, c.matched);
  assert.ok(c.lost > 0, `a 4 KiB ring under a flood must lose reports (${floodNumbers})`);
  assert.ok(c.matched <= sent && c.matched > 0, floodNumbers);
  assert.is(readCapture(file).length, c.captured, 'records in the file');
  assert.is(await tcpdumpCount(file), c.captured, 'tcpdump -r');
  assert.is(await tsharkCount(file), c.captured, 'tshark -r');
});

test('pcapng under a flood: SHB, IDB with if_name and if_filter, EPBs, ISB with the drop count; tcpdump and tshark read it', async () => {
  const file = path.join(tmp, 'flood.pcapng');
  const cap = await start(['--ring-size', '4096', '--pcapng', '--nano', '-w', file, 'udp or icmp']);
  await flood(20_000);
  const c = finalCounters(await stop(cap));
  assert.is(c.matched, c.reported + c.lost);
  assert.is(c.captured, c.reported);
  const blocks = pcapngBlocks(readFileSync(file));
  assert.is(blocks[0]!.type, 0x0a0d0d0a, 'section header first');
  const idb = blocks.filter((b) => b.type === 1);
  assert.is(idb.length, 1);
  assert.is(idb[0]!.options.get(2)?.toString(), `${lab.b.iface}@${lab.b.netns}`, 'if_name');
  assert.is(idb[0]!.options.get(11)?.toString(), '\0udp or icmp', 'if_filter');
  assert.equal(idb[0]!.options.get(9), Buffer.from([9]), 'if_tsresol: nanoseconds');
  assert.is(blocks.filter((b) => b.type === 6).length, c.captured, 'enhanced packet blocks');
  const isb = blocks.filter((b) => b.type === 5);
  assert.is(isb.length, 1, 'one statistics block');
  assert.is(isb[0]!.options.get(7)?.readBigUInt64LE(0), BigInt(c.lost), 'isb_osdrop = reports lost');
  assert.is(isb[0]!.options.get(6)?.readBigUInt64LE(0), BigInt(c.matched), 'isb_filteraccept = matched');
  assert.is(isb[0]!.options.get(8)?.readBigUInt64LE(0), BigInt(c.captured), 'isb_usrdeliv = captured');
  assert.is(await tcpdumpCount(file), c.captured, 'tcpdump -r');
  assert.is(await tsharkCount(file), c.captured, 'tshark -r');
});

test('-w - writes pcap to standard output; -c stops after n frames', async () => {
  const cap = await start(['-w', '-', '-c', '3', 'icmp']);
  const p = await inNetns(lab.a.netns, 'ping', ['-c', '5', '-i', '0.2', '-W', '2', lab.b.ip4]);
  assert.is(p.exitCode, 0, p.all);
  const r = await cap.proc;
  assert.is(r.exitCode, 0, cap.err());
  const file = path.join(tmp, 'stdout.pcap');
  writeFileSync(file, cap.out());
  const recs = readCapture(file);
  assert.is(recs.length, 3);
  assert.is(finalCounters(cap.err()).captured, 3);
  assert.is(await tcpdumpCount(file), 3);
  assert.is(await tsharkCount(file), 3);
  const text = (await execa('tcpdump', ['-n', '-r', file], { reject: false })).stdout;
  assert.match(text, new RegExp(`IP ${lab.a.ip4.replace(/\./g, '\\.')} > ${lab.b.ip4.replace(/\./g, '\\.')}: ICMP echo request`));
});

test('--stats N prints the counters periodically, SIGUSR1 on demand', async () => {
  const cap = await start(['--stats', '1', 'icmp']);
  const deadline = Date.now() + 10000;
  while ((cap.err().match(/packets captured/g)?.length ?? 0) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.ok((cap.err().match(/packets captured/g)?.length ?? 0) >= 2, cap.err());
  await stop(cap);
  const usr = await start(['icmp']);
  const before = usr.err().match(/packets captured/g)?.length ?? 0;
  usr.proc.kill('SIGUSR1');
  const d2 = Date.now() + 10000;
  while ((usr.err().match(/packets captured/g)?.length ?? 0) === before && Date.now() < d2) await new Promise((r) => setTimeout(r, 20));
  assert.is(usr.err().match(/packets captured/g)?.length, before + 1, usr.err());
  assert.is(usr.proc.exitCode, null, 'still running after SIGUSR1');
  await stop(usr);
});

test('--mode skb and auto are said aloud', async () => {
  const skb = await start(['--mode', 'skb', 'icmp']);
  assert.match(skb.err(), /link-type EN10MB \(Ethernet\), snapshot length \d+ bytes, mode skb, action /);
  await stop(skb);
  const auto = await start(['icmp']);
  assert.match(auto.err(), /, mode (native|skb) \(auto\), action /);
  await stop(auto);
});

test('an interface with an XDP program: refused naming it; --replace replaces it and says how', async () => {
  const obj = path.join(tmp, 'other.o');
  assert.is((await execa(process.execPath, [XSIFT, 'compile', 'arp', '-o', obj], { reject: false })).exitCode, 0);
  const ipl = (...a: string[]) => execa('ip', ['-n', lab.b.netns, 'link', 'set', 'dev', lab.b.iface, ...a], { reject: false });
  assert.is((await ipl('xdpgeneric', 'obj', obj, 'sec', 'xdp')).exitCode, 0);
  try {
    const id = await Lab.xdpProgId(lab.b);
    const r = await execa(process.execPath, [XSIFT, 'capture', '--netns', lab.b.netns, '-i', lab.b.iface, 'icmp'], { reject: false });
    assert.is(r.exitCode, 1, r.stderr);
    assert.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`already has an XDP program \\(id ${id} "xsift_xdp", skb mode, attached through netlink\\); use --replace`));
    assert.is(await Lab.xdpProgId(lab.b), id, 'left alone');
    const rep = await start(['--replace', 'icmp']);
    assert.match(rep.err(), new RegExp(`replaced XDP program id ${id} .*not atomically`));
    const now = await Lab.xdpProgId(lab.b);
    assert.ok(now > 0 && now !== id, 'our program holds the hook');
    await stop(rep);
    assert.is(await Lab.xdpProgId(lab.b), 0, 'nothing left after exit');
  } finally {
    await ipl('xdpgeneric', 'off');
  }
});

test('one-line errors: interface down, missing interface, no privilege (CAP_BPF, CAP_NET_ADMIN)', async () => {
  const ipn = (...a: string[]) => execa('ip', ['-n', lab.b.netns, ...a], { reject: false });
  assert.is((await ipn('link', 'add', 'xsdown0', 'type', 'veth', 'peer', 'name', 'xsdown1')).exitCode, 0);
  try {
    const down = await execa(process.execPath, [XSIFT, 'capture', '--netns', lab.b.netns, '-i', 'xsdown0', 'icmp'], { reject: false });
    assert.is(down.exitCode, 1);
    assert.match(down.stderr, /^xsift: attach xdp to "xsdown0" in netns "[^"]+": the interface is down \(bring it up: ip -n \S+ link set dev xsdown0 up\)$/);
  } finally {
    await ipn('link', 'del', 'xsdown0');
  }
  const missing = await execa(process.execPath, [XSIFT, 'capture', '--netns', lab.b.netns, '-i', 'nosuch0', 'icmp'], { reject: false });
  assert.is(missing.exitCode, 1);
  assert.match(missing.stderr, /"nosuch0".*No such device \(ENODEV\); interfaces in netns "[^"]+": (\S+, )*lo(, \S+)*$/m);
  assert.match(missing.stderr, new RegExp(`interfaces in netns "[^"]+": .*\\b${lab.b.iface}\\b`));
  // tcpdump's pseudo-interface: bad usage here, with what to do instead.
  const any = await execa(process.execPath, [XSIFT, 'capture', '--netns', lab.b.netns, '-i', 'any', 'icmp'], { reject: false });
  assert.is(any.exitCode, 2, any.stderr);
  assert.match(any.stderr, /^xsift: -i any: XDP attaches to one interface at a time, .*own -i \(interfaces in netns "[^"]+": .*\)/);
  const obj = path.join(tmp, 'np.o');
  assert.is((await execa(process.execPath, [XSIFT, 'compile', 'icmp', '-o', obj], { reject: false })).exitCode, 0);
  chmodSync(obj, 0o644);
  const eperm = await execa(process.execPath, [XSIFT, 'load', obj, '-i', 'lo'], { reject: false, uid: 65534, gid: 65534, cwd: '/' });
  assert.is(eperm.exitCode, 1, eperm.stderr);
  assert.match(eperm.stderr, /Operation not permitted \(EPERM\)/);
  assert.match(eperm.stderr, /CAP_BPF and CAP_NET_ADMIN/);
  for (const r of [missing, any, eperm]) assert.not.match(r.stderr, /at .*\.js:\d+/, 'no stack trace');
});

test('several -i in one process: frames from each, printed with the interface name, pcapng with one IDB each', async () => {
  const A2 = 'xs2';
  const B2 = 'xs3';
  const ipa = (...a: string[]) => execa('ip', ['-n', lab.a.netns, ...a], { reject: false });
  const ipb = (...a: string[]) => execa('ip', ['-n', lab.b.netns, ...a], { reject: false });
  assert.is((await ipa('link', 'add', A2, 'type', 'veth', 'peer', 'name', B2, 'netns', lab.b.netns)).exitCode, 0);
  try {
    await ipa('addr', 'add', '198.18.34.1/24', 'dev', A2);
    await ipb('addr', 'add', '198.18.34.2/24', 'dev', B2);
    await ipa('link', 'set', A2, 'up');
    await ipb('link', 'set', B2, 'up');
    const file = path.join(tmp, 'multi.pcapng');
    const cap = await start(['--pcapng', '-w', file, 'icmp'], ['-i', lab.b.iface, '-i', B2]);
    assert.is((await inNetns(lab.a.netns, 'ping', ['-c', '2', '-i', '0.2', '-W', '2', lab.b.ip4])).exitCode, 0);
    assert.is((await inNetns(lab.a.netns, 'ping', ['-c', '3', '-i', '0.2', '-W', '2', '198.18.34.2'])).exitCode, 0);
    const c = finalCounters(await stop(cap));
    assert.is(c.captured, 5);
    const blocks = pcapngBlocks(readFileSync(file));
    const idbs = blocks.filter((b) => b.type === 1).map((b) => b.options.get(2)?.toString());
    assert.equal(idbs, [`${lab.b.iface}@${lab.b.netns}`, `${B2}@${lab.b.netns}`]);
    const perIface = [0, 0];
    for (const b of blocks.filter((x) => x.type === 6)) perIface[b.body.readUInt32LE(0)]!++;
    assert.equal(perIface, [2, 3]);
    assert.is(await tsharkCount(file), 5);
    // Classic pcap: both rings write into the one file, record by whole record.
    const pcap = path.join(tmp, 'multi.pcap');
    const cap2 = await start(['-w', pcap, 'icmp'], ['-i', lab.b.iface, '-i', B2]);
    assert.is((await inNetns(lab.a.netns, 'ping', ['-c', '2', '-i', '0.2', '-W', '2', lab.b.ip4])).exitCode, 0);
    assert.is((await inNetns(lab.a.netns, 'ping', ['-c', '3', '-i', '0.2', '-W', '2', '198.18.34.2'])).exitCode, 0);
    assert.is(finalCounters(await stop(cap2)).captured, 5);
    assert.is(readCapture(pcap).length, 5);
    assert.is(await tcpdumpCount(pcap), 5);
    const text = await start(['icmp'], ['-i', lab.b.iface, '-i', B2]);
    assert.is((await inNetns(lab.a.netns, 'ping', ['-c', '1', '-W', '2', '198.18.34.2'])).exitCode, 0);
    const d = Date.now() + 5000;
    while (!text.out().toString().includes('echo request') && Date.now() < d) await new Promise((r) => setTimeout(r, 20));
    await stop(text);
    // tcpdump -i any's columns: the name (%-5s) and the direction, "In" for a frame to the interface's own address.
    assert.match(text.out().toString(), new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ${B2.padEnd(5)} In  IP 198\\.18\\.34\\.1 > 198\\.18\\.34\\.2: ICMP echo request`, 'm'));
  } finally {
    await ipa('link', 'del', A2);
  }
});

/** Blocks of a little-endian pcapng file with their options (for the IDB, ISB). */
function pcapngBlocks(buf: Buffer): { type: number; body: Buffer; options: Map<number, Buffer> }[] {
  const out: { type: number; body: Buffer; options: Map<number, Buffer> }[] = [];
  let off = 0;
  while (off < buf.length) {
    const type = buf.readUInt32LE(off);
    const len = buf.readUInt32LE(off + 4);
    const body = buf.subarray(off + 8, off + len - 4);
    const fixed = type === 0x0a0d0d0a ? 16 : type === 1 ? 8 : type === 5 ? 12 : type === 6 ? 20 + ((body.readUInt32LE(12) + 3) & ~3) : body.length;
    const options = new Map<number, Buffer>();
    let o = fixed;
    while (o + 4 <= body.length) {
      const code = body.readUInt16LE(o);
      const l = body.readUInt16LE(o + 2);
      if (code === 0) break;
      options.set(code, body.subarray(o + 4, o + 4 + l));
      o += 4 + ((l + 3) & ~3);
    }
    out.push({ type, body, options });
    off += len;
  }
  return out;
}

test.run();
