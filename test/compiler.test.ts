import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { compileExpression, ExpressionError, generateC, printPred } from '../compiler/index.js';
import { loadTemplate } from '../runtime/build.js';
import { libpcapAccepts, root } from './lib/oracle.js';
import { randomExpression, Rng } from './lib/gen.js';

const cOf = (expr: string, action: 'capture' | 'allow' | 'deny' = 'capture') => generateC(compileExpression(expr), loadTemplate(), action);

// Spellings that must give identical C (libpcap's TESTrun checks the same for its bytecode).
const aliases: string[][] = [
  ['not tcp', '! tcp', '!tcp', 'not (tcp)', '((not tcp))'],
  ['icmp or icmp6', 'icmp || icmp6', '(icmp) or (icmp6)'],
  ['ip and udp', 'ip && udp', '(ip && udp)'],
  ['tcp or udp or icmp', '(tcp or udp) or icmp', 'tcp || udp || icmp'],
];
for (const group of aliases) {
  test(`aliases give identical C: ${group.join(' = ')}`, () => {
    const first = cOf(group[0]!);
    for (const other of group.slice(1)) assert.is(cOf(other), first, other);
  });
}

test('different expressions give different C', () => {
  assert.is.not(cOf('tcp or udp and ip'), cOf('tcp or (udp and ip)'));
});

test('IR of tcp follows libpcap: IPv4 first, then IPv6 with one fragment header', () => {
  assert.is(
    printPred(compileExpression('tcp').ir),
    [
      'or  ; tcp',
      '  and',
      '    pkt[12:2] == 0x0800',
      '    pkt[23:1] == 6',
      '  and',
      '    pkt[12:2] == 0x86dd',
      '    or',
      '      pkt[20:1] == 6',
      '      and',
      '        pkt[20:1] == 44',
      '        pkt[54:1] == 6',
    ].join('\n'),
  );
});

test('the action is a validated number in the C', () => {
  assert.match(cOf('icmp', 'allow'), /const volatile __u32 xs_action = 1 \/\* allow \*\/;/);
  assert.match(cOf('icmp', 'deny'), /const volatile __u32 xs_action = 2 \/\* deny \*\/;/);
  assert.match(cOf('icmp'), /const volatile __u32 xs_action = 0 \/\* capture \*\/;/);
});

test('the banner is re-printed from the AST, not copied from the input', () => {
  const c = cOf('icmp\t||\n!(tcp)');
  assert.ok(c.startsWith('/* filter: icmp or not tcp */\n'), c.slice(0, 80));
});

// Golden files: test/golden/NAME.c, updated only with UPDATE_GOLDEN=1 and reviewed as a diff.
const golden: [string, string, 'capture' | 'allow' | 'deny'][] = [
  ['icmp-or-icmp6-allow', 'icmp or icmp6', 'allow'],
  ['tcp', 'tcp', 'capture'],
  ['not-arp-deny', 'not arp', 'deny'],
  ['empty', '', 'capture'],
];
for (const [name, expr, action] of golden) {
  test(`golden C: ${name}`, () => {
    const file = path.join(root, 'test', 'golden', `${name}.c`);
    const c = cOf(expr, action);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, c);
    }
    assert.ok(existsSync(file), `${file} is missing: run UPDATE_GOLDEN=1 npm test and review the diff`);
    assert.fixture(c, readFileSync(file, 'utf8'));
  });
}

test('generated C is deterministic', () => {
  assert.is(cOf('tcp or udp'), cOf('tcp or udp'));
});

// Acceptance equals libpcap's, on random expressions of the supported grammar.
test('accepts exactly what libpcap accepts (400 random expressions, seed 7)', () => {
  const rng = new Rng(7);
  const mismatches: string[] = [];
  let accepted = 0;
  for (let i = 0; i < 400; i++) {
    const expr = randomExpression(rng, 4);
    const ref = libpcapAccepts(expr);
    let ours = true;
    try {
      compileExpression(expr);
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      ours = false;
    }
    if (ours) accepted++;
    if (ours !== ref.ok) mismatches.push(`${expr}: libpcap ${ref.ok ? 'accepts' : `rejects (${ref.message})`}, xsift ${ours ? 'accepts' : 'rejects'}`);
  }
  assert.ok(accepted > 50 && accepted < 390, `a useful mix of accepted (${accepted}) and rejected expressions`);
  assert.equal(mismatches, [], mismatches.slice(0, 10).join('\n'));
});

test.run();
