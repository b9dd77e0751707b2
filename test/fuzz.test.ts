/**
 * Input fuzzing (issue 8, part 1): hostile text through the API and, for a
 * sample, the CLI. Every input must end in a compiled filter or an
 * ExpressionError (exit 2 with a diagnostic) — never another exception, a
 * stack trace or a hang. Fixed seed in CI; XSIFT_FUZZ_SEED and
 * XSIFT_FUZZ_COUNT for long runs. Also: the fast optimizer against the
 * reference one (test/lib/cfg-reference.ts) on every accepted corpus
 * expression and on mutations.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { compileExpression, ExpressionError, printValue, type Compiled } from '../compiler/index.js';
import { buildCfg, optimizeCfg, printCfg } from '../compiler/cfg.js';
import { hasProtochain } from '../compiler/lower/index.js';
import { KEYWORD_TOKENS, NAMED_NUMBERS } from '../grammar/index.js';
import { Rng } from './lib/gen.js';
import { optimizeCfgReference } from './lib/cfg-reference.js';
import { root } from './lib/oracle.js';

const SEED = Number(process.env.XSIFT_FUZZ_SEED ?? 20260801);
const COUNT = Number(process.env.XSIFT_FUZZ_COUNT ?? 400);
const corpusFile = path.resolve(root, '..', 'shared', 'corpus', 'filters.json');
const corpus = existsSync(corpusFile) ? (JSON.parse(readFileSync(corpusFile, 'utf8')) as { expr: string; accepted: boolean; needs_resolution: boolean }[]) : [];

let slowest = { ms: 0, input: '' };
const outcomes = { accepted: 0, rejected: 0 };

/** Compile one input; fail the test on anything but success or an ExpressionError. */
function check(input: string, label: string): Compiled | undefined {
  const t0 = performance.now();
  try {
    const c = compileExpression(input);
    outcomes.accepted++;
    return c;
  } catch (e) {
    if (!(e instanceof ExpressionError)) {
      assert.unreachable(`${label}: ${JSON.stringify(input.slice(0, 200))} threw ${(e as Error)?.name}: ${(e as Error)?.message}`);
    }
    // The rendering (what the CLI prints) must not throw either.
    assert.type(e.render(), 'string');
    outcomes.rejected++;
    return undefined;
  } finally {
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { ms, input: `${label}: ${input.slice(0, 60)}${input.length > 60 ? `… (${input.length} chars)` : ''}` };
  }
}

const VOCAB = [
  ...Object.keys(KEYWORD_TOKENS), ...Object.keys(NAMED_NUMBERS).slice(0, 20),
  '(', ')', '[', ']', ':', '!', '&&', '||', '=', '==', '!=', '<', '>', '<=', '>=', '+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>',
  '0', '1', '80', '0x800', '4294967295', '4294967296', '08', '198.18.0.1', '198.18', '2001:db8::1', '::', '1:2:3:4:5:6:7:8:9', '02:00:5e:00:00:01',
  '0200.5e00.0001', '$ab', 'eth0', 'localhost', '\\foo', '\\*/', '"', "'", '#include', '\u00e9', '\u0000', '\n', '*/', '/*',
];

test('random byte strings', () => {
  const rng = new Rng(SEED);
  for (let i = 0; i < COUNT; i++) {
    const len = rng.int(60);
    let s = '';
    for (let j = 0; j < len; j++) s += String.fromCharCode(rng.next() < 0.8 ? 32 + rng.int(95) : rng.int(256));
    check(s, 'bytes');
  }
});

test('token soups from the grammar vocabulary', () => {
  const rng = new Rng(SEED + 1);
  for (let i = 0; i < COUNT * 2; i++) {
    const n = 1 + rng.int(12);
    check(Array.from({ length: n }, () => rng.pick(VOCAB)).join(rng.next() < 0.9 ? ' ' : ''), 'soup');
  }
});

test('huge expressions: 10,000 terms, 1,000-deep nesting', () => {
  const huge: [string, string][] = [
    ['10,000 protocol terms', Array(10000).fill('tcp').join(' or ')],
    ['10,000 mixed terms', Array.from({ length: 10000 }, (_, i) => `${i ? (i % 2 ? ' and not ' : ' or ') : ''}${['tcp', 'udp', 'icmp', 'arp', 'ip6'][i % 5]}`).join('')],
    ['10,000-term identifier group', `host 198.18.0.1 and (${Array.from({ length: 10000 }, (_, i) => `198.18.${(i >> 8) & 255}.${i & 255}`).join(' or ')})`],
    ['1,000-deep parentheses', `${'('.repeat(1000)}tcp${')'.repeat(1000)}`],
    ['1,000-deep arithmetic parentheses', `${'('.repeat(1000)}1${')'.repeat(1000)} > 0`],
    ['1,000 nested loads', `${'ip['.repeat(1000)}0${']'.repeat(1000)} = 5`],
    ['10,000 nots', `${'not '.repeat(10000)}tcp`],
    ['10,000 unary minus', `${'-'.repeat(10000)}1 = 1`],
    ['10,000-operand arithmetic', `ip[0] + ${Array(10000).fill('1').join(' + ')} = 5`],
    ['a 100,000-character name', `host ${'a'.repeat(100000)}`],
    ['a 100,000-digit number', `port ${'1'.repeat(100000)}`],
    ['100,000 unclosed parentheses', '('.repeat(100000)],
  ];
  for (const [label, input] of huge) {
    const c = check(input, label);
    // Every one of these either compiles or gets a diagnostic; note which.
    console.log(`  ${label}: ${c ? 'compiled' : 'diagnostic'}`);
  }
});

test('every expression libpcap rejects (corpus) ends in a diagnostic', () => {
  const rejected = corpus.filter((f) => !f.accepted && !f.needs_resolution);
  for (const f of rejected) assert.is(check(f.expr, 'corpus-rejected'), undefined, f.expr);
  console.log(`  corpus: ${rejected.length} rejected expressions, all diagnosed`);
  assert.ok(corpus.length === 0 || rejected.length > 1000);
});

const show = (c: { a: Parameters<typeof printValue>[0]; rel: string; b: Parameters<typeof printValue>[0] }) => `${printValue(c.a)} ${c.rel} ${printValue(c.b)}`;

/** The fast optimizer must build exactly the graph the reference builds. */
function sameAsReference(c: Compiled, label: string): void {
  if (hasProtochain(c.ast)) return;
  const fast = printCfg(optimizeCfg(buildCfg(c.ir)), show);
  const ref = printCfg(optimizeCfgReference(buildCfg(c.ir)), show);
  assert.fixture(fast, ref, `${label}: ${c.source.text}`);
}

test('mutations of accepted corpus expressions; optimizer identical to the reference', () => {
  const accepted = corpus.filter((f) => f.accepted && !f.needs_resolution).map((f) => f.expr);
  for (const e of accepted) {
    const c = check(e, 'corpus-accepted');
    assert.ok(c, e);
    sameAsReference(c!, 'corpus');
  }
  const rng = new Rng(SEED + 2);
  const base = accepted.length ? accepted : ['tcp port 80', 'host 198.18.0.1 and not arp', 'ip[2:2] > 100'];
  for (let i = 0; i < COUNT * 2; i++) {
    let s = rng.pick(base);
    for (let m = 1 + rng.int(3); m > 0; m--) {
      const at = rng.int(s.length + 1);
      const r = rng.next();
      if (r < 0.3) s = s.slice(0, at) + s.slice(at + 1 + rng.int(3));
      else if (r < 0.6) s = s.slice(0, at) + rng.pick(VOCAB) + s.slice(at);
      else if (r < 0.8) s = s.slice(0, at) + ` ${rng.pick(['and', 'or', 'not', '(', ')'])} ` + s.slice(at);
      else s = `${s} ${rng.pick(['and', 'or'])} ${rng.pick(base)}`;
    }
    const c = check(s, 'mutation');
    if (c) sameAsReference(c, 'mutation');
  }
});

test('the CLI: a sample ends in exit 0 with C or exit 2 with a diagnostic, never a stack trace', async () => {
  const rng = new Rng(SEED + 3);
  const sample = [
    '', 'tcp', 'tcp or', '((((', `${'('.repeat(1000)}tcp${')'.repeat(1000)}`, 'host \\foo*/', 'proto \\*/#include', 'host "x"', 'port 99999999999',
    ...Array.from({ length: 12 }, () => Array.from({ length: 1 + rng.int(6) }, () => rng.pick(VOCAB)).join(' ')),
  ];
  for (const expr of sample) {
    const r = await execa(process.execPath, [path.join(root, 'bin/xsift.js'), 'compile', '--emit-c', '-', '--', expr], { reject: false, timeout: 120_000, stdin: 'ignore' });
    assert.ok(r.exitCode === 0 || r.exitCode === 2, `${JSON.stringify(expr)}: exit ${r.exitCode}\n${r.stderr}`);
    assert.not.match(r.stderr, /\n\s+at .+:\d+:\d+/, `stack trace for ${JSON.stringify(expr)}`);
    assert.not.match(r.stderr, /internal error/, `internal error for ${JSON.stringify(expr)}`);
    if (r.exitCode === 0) assert.match(r.stdout, /xs_match|SEC\("xdp"\)/);
    else assert.match(r.stderr, /^error: /m, `no diagnostic for ${JSON.stringify(expr)}`);
  }
});

test('summary', () => {
  console.log(`  fuzz seed ${SEED}, count ${COUNT}: ${outcomes.accepted} compiled, ${outcomes.rejected} diagnosed; slowest ${slowest.ms.toFixed(0)} ms (${slowest.input})`);
  assert.ok(outcomes.accepted + outcomes.rejected > 0);
});

test.run();
