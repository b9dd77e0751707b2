/**
 * Name resolution: behind the Resolver interface (fixtures here), and
 * through this machine's resolver compared with libpcap's on this machine.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileExpression, ExpressionError, matchesCfg, type Resolver } from '../compiler/index.js';
import { compileResolved, resolveNames } from '../runtime/resolve.js';
import { parseExpression } from '../compiler/index.js';
import { eth, ipv4, ipv6, udp, arp } from './lib/packets.js';
import { libpcapAccepts, root } from './lib/oracle.js';

const fixture: Resolver = {
  host: (n) =>
    n === 'www.lab.test'
      ? { v4: [(198 << 24) | (18 << 16) | (3 << 8) | 7].map((x) => x >>> 0), v6: [Uint8Array.from([0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 7])] }
      : n === 'v4only.lab.test'
        ? { v4: [((198 << 24) | (18 << 16) | (3 << 8) | 8) >>> 0], v6: [] }
        : undefined,
  network: (n) => (n === 'labnet' ? (198 << 8) | 18 : undefined),
  ether: (n) => (n === 'router' ? Uint8Array.from([2, 0, 0, 0, 0, 0x99]) : undefined),
};

const to = (dst: string) => eth({}, ipv4({ src: '198.18.0.1', dst }, udp({ sport: 1, dport: 2 })));
const to6 = (dst: string) => eth({}, ipv6({ src: '2001:db8::1', dst }, udp({ sport: 1, dport: 2 })));
const run = (expr: string, frame: Buffer) => matchesCfg(compileExpression(expr, { resolver: fixture }).cfg, frame);

test('host NAME: every address the resolver gives, IPv4 and IPv6', () => {
  assert.ok(run('host www.lab.test', to('198.18.3.7')));
  assert.ok(run('host www.lab.test', to6('2001:db8::7')));
  assert.not.ok(run('host www.lab.test', to('198.18.3.8')));
  assert.ok(run('dst host v4only.lab.test', to('198.18.3.8')));
  assert.ok(run('host v4only.lab.test', eth({ pad: true }, arp({ op: 'request', spa: '198.18.0.1', tpa: '198.18.3.8' }))), 'host also tests ARP addresses');
});

test('net NAME from networks(5), shifted as libpcap shifts it', () => {
  assert.ok(run('dst net labnet', to('198.18.200.1')));
  assert.not.ok(run('dst net labnet', to('198.19.0.1')));
});

test('ether host NAME from ethers(5)', () => {
  assert.ok(run('ether host router', eth({ dst: '02:00:00:00:00:99' }, ipv4({ src: '198.18.0.1', dst: '198.18.0.2' }, udp({ sport: 1, dport: 2 })))));
});

const errors: [string, string][] = [
  ['host nowhere.lab.test', 'unknown-host'],
  ['net nonet', 'unknown-network'],
  ['ether host nobody', 'unknown-ether-host'],
  ['ip6 host v4only.lab.test', 'unknown-host'],
  ['port nosuchservice', 'unknown-port'],
];
for (const [expr, code] of errors) {
  test(`unresolvable name: ${expr} → ${code}`, () => {
    try {
      compileExpression(expr, { resolver: fixture });
      assert.unreachable('accepted');
    } catch (e) {
      assert.instance(e, ExpressionError);
      assert.is((e as ExpressionError).diagnostics[0]!.code, code);
    }
  });
}

test('this machine: hosts(5) names resolve, unknown names are errors naming them (as libpcap here)', async () => {
  const c = await compileResolved('host localhost');
  assert.ok(matchesCfg(c.cfg, to('127.0.0.1')));
  for (const expr of ['host localhost', 'host no-such-host.invalid', 'net loopback', 'net no-such-net', 'ether host no-such-ether']) {
    let ours = true;
    try {
      await compileResolved(expr);
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      ours = false;
    }
    assert.is(ours, libpcapAccepts(expr).ok, expr);
  }
});

test('files: networks(5), ethers(5), services(5) formats', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'xsift-names-'));
  try {
    writeFileSync(path.join(dir, 'networks'), '# comment\nlabnet 198.18 lab\n');
    writeFileSync(path.join(dir, 'ethers'), '02:00:00:00:00:99 router\n');
    writeFileSync(path.join(dir, 'services'), 'labsvc 4242/tcp\n');
    const files = { networks: path.join(dir, 'networks'), ethers: path.join(dir, 'ethers'), services: path.join(dir, 'services') };
    const r = await resolveNames(parseExpression('net lab or ether host router or tcp port labsvc'), { files });
    assert.is(r.network!('lab'), (198 << 8) | 18);
    assert.equal([...r.ether!('router')!], [2, 0, 0, 0, 0, 0x99]);
    assert.equal(r.service!('labsvc'), { tcp: 4242 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const corpus = path.resolve(root, '..', 'shared', 'corpus', 'filters.json');
if (existsSync(corpus)) {
  test('corpus expressions that need name lookups: xsift decides as libpcap does on this machine', async () => {
    const filters = (JSON.parse(readFileSync(corpus, 'utf8')) as { expr: string; needs_resolution: boolean }[]).filter((f) => f.needs_resolution);
    const wrong: string[] = [];
    for (const f of filters) {
      let ours = true;
      try {
        await compileResolved(f.expr, { timeoutMs: 2000 });
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        ours = false;
      }
      const ref = libpcapAccepts(f.expr);
      if (ours !== ref.ok) wrong.push(`${JSON.stringify(f.expr)}: libpcap ${ref.ok ? 'accepts' : `rejects (${ref.message})`}, xsift ${ours ? 'accepts' : 'rejects'}`);
    }
    console.log(`\n  names: ${filters.length} corpus expressions with name lookups compared with libpcap on this machine, ${wrong.length} disagreements`);
    assert.equal(wrong, [], wrong.slice(0, 10).join('\n'));
  });
} else {
  console.log(`\n  resolve.test.ts: ${corpus} is absent, so the corpus name-lookup comparison did not run (it runs in CI)\n`);
}

test.run();
