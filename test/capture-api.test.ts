/**
 * The library API (runtime/index.ts, the package's entry): compile(),
 * attach() → an async iterable of frames with stats() and close(), in a lab
 * of two namespaces (198.18.36.0/24 only). Needs root: without it these
 * tests fail, loudly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inNetns, Lab } from '../runtime/lab.js';
import { attach, compile, ExpressionError } from '../runtime/index.js';

const prefix = `xs-api-${process.pid}`;
let lab: Lab;

test.before(async () => {
  if (process.getuid?.() !== 0) throw new Error('the API tests need root (network namespaces, XDP); CI runs them as root');
  lab = await Lab.create({ prefix, subnet: 36, staticNeighbours: true });
});
test.after(async () => {
  await lab?.close();
  await Lab.clean(prefix);
});

test('compile → attach → for await frames → stats; leaving the loop detaches', async () => {
  // Only IPv4 ICMP: a fresh veth also sends ICMPv6 (router and multicast listener messages).
  const program = await compile('icmp');
  assert.is(program.expression, 'icmp');
  assert.is(program.action, 'capture');
  assert.ok(program.c.startsWith('/* filter: icmp */'));
  const session = await attach(program, lab.b.iface, { netns: lab.b.netns, mode: 'skb' });
  assert.is(session.link.mode, 'skb');
  assert.ok((await Lab.xdpProgId(lab.b)) > 0);
  const pinging = inNetns(lab.a.netns, 'ping', ['-c', '3', '-i', '0.2', '-W', '2', lab.b.ip4]);
  const got = [];
  for await (const f of session) {
    got.push(f);
    if (got.length === 3) break;
  }
  assert.is((await pinging).exitCode, 0);
  assert.is(got.length, 3);
  for (const f of got) {
    assert.is(f.data.readUInt16BE(12), 0x0800, 'IPv4');
    assert.is(f.data[23], 1, 'ICMP');
    assert.is(f.caplen, f.data.length);
    assert.ok(f.tsNs > 1_600_000_000_000_000_000n, 'wall-clock time');
  }
  const s = session.stats();
  assert.is(s.matched, s.reported + s.lost);
  assert.ok(s.matched >= 3n);
  assert.is(await Lab.xdpProgId(lab.b), 0, 'detached after the loop');
});

test('close() ends the iteration; a bad expression throws ExpressionError', async () => {
  const session = await attach(await compile('udp'), lab.b.iface, { netns: lab.b.netns });
  const it = session[Symbol.asyncIterator]();
  const next = it.next();
  const c = await session.close();
  assert.equal(await next, { value: undefined, done: true });
  assert.is(c.matched, c.reported + c.lost);
  try {
    await compile('tcp and (');
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, ExpressionError);
  }
});

test.run();
