/**
 * Conformance against ../shared/corpus (libpcap 1.10.3's decisions for
 * 2113 expressions and 204 Ethernet captures), whenever that folder exists
 * (it does in CI). Acceptance of every expression, the decisions of the
 * optimized test graph, and the real program's decisions in the kernel
 * (BPF_PROG_TEST_RUN) on every frame that can reach an XDP program.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { compileExpression, ExpressionError, lastReadUnsetRegister, matchesCfg, type Compiled } from '../compiler/index.js';
import { buildProgram } from '../runtime/build.js';
import { native } from '../runtime/native.js';
import { readCapture, type CaptureRecord } from '../runtime/pcap.js';
import { configure, PROGRAM } from '../runtime/session.js';
import { root } from './lib/oracle.js';

const corpus = path.resolve(root, '..', 'shared', 'corpus');
const XDP_PASS = 2;

interface Filter {
  expr: string;
  accepted: boolean;
  error: string;
  needs_resolution: boolean;
}
interface Expected {
  expr: string;
  pcap: string;
  matches: number[];
  no_decision?: number[];
}

if (!existsSync(path.join(corpus, 'filters.json'))) {
  // Not an error: the project's own tests stand alone. Say so loudly.
  console.log(`\n  corpus.test.ts: ${corpus} does not exist here, so the libpcap corpus conformance did not run (it runs in CI)\n`);
  test('corpus conformance: corpus absent (the suite\'s own libpcap tests still ran)', () => {
    assert.not.ok(existsSync(path.join(corpus, 'filters.json')));
  });
} else {
  const filters = JSON.parse(readFileSync(path.join(corpus, 'filters.json'), 'utf8')) as Filter[];
  const expected = readFileSync(path.join(corpus, 'expected.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Expected);
  const captures = new Map<string, CaptureRecord[]>();
  const capture = (name: string) => {
    let c = captures.get(name);
    if (!c) captures.set(name, (c = readCapture(path.join(corpus, 'pcaps', name))));
    return c;
  };
  const compiled = new Map<string, Compiled>();
  let undefinedDecisions = new Set<string>();

  test(`accepts and rejects exactly as libpcap (${filters.filter((f) => !f.needs_resolution).length} expressions that need no name lookup)`, () => {
    const wrong: string[] = [];
    let accepted = 0;
    for (const f of filters) {
      if (f.needs_resolution) continue;
      let ok = true;
      let why = '';
      try {
        compiled.set(f.expr, compileExpression(f.expr));
        accepted++;
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        ok = false;
        why = e.diagnostics[0]!.code;
      }
      if (ok !== f.accepted) wrong.push(`${JSON.stringify(f.expr)}: libpcap ${f.accepted ? 'accepts' : `rejects (${f.error})`}, xsift ${ok ? 'accepts' : `rejects (${why})`}`);
    }
    console.log(`\n  acceptance: ${accepted} accepted, ${wrong.length} disagreements`);
    assert.equal(wrong, [], wrong.slice(0, 20).join('\n'));
  });

  test(`the optimized test graph decides every frame as libpcap (${expected.length} expression × capture pairs)`, () => {
    let decisions = 0;
    const wrong: string[] = [];
    const undefinedInLibpcap: string[] = [];
    for (const e of expected) {
      const c = compiled.get(e.expr);
      if (!c) {
        wrong.push(`${JSON.stringify(e.expr)}: not compiled`);
        continue;
      }
      const want = new Set(e.matches);
      for (const r of capture(e.pcap)) {
        if (r.data.length < 14 || e.no_decision?.includes(r.index)) continue;
        decisions++;
        if (matchesCfg(c.cfg, r.data, r.len) === want.has(r.index)) continue;
        const line = `${JSON.stringify(e.expr)} on ${e.pcap} #${r.index}: libpcap ${want.has(r.index) ? 'matches' : 'does not match'}`;
        if (lastReadUnsetRegister()) undefinedInLibpcap.push(line);
        else wrong.push(line);
      }
    }
    console.log(`\n  interpreter: ${decisions} decisions compared, ${wrong.length} disagreements`);
    if (undefinedInLibpcap.length) {
      console.log(`  interpreter: ${undefinedInLibpcap.length} decisions where libpcap read uninitialised scratch memory (a Geneve offset on a frame that was not Geneve), so its answer depends on earlier frames:\n    ${undefinedInLibpcap.join('\n    ')}`);
      undefinedDecisions = new Set(undefinedInLibpcap);
    }
    assert.equal(wrong.slice(0, 20), [], `${wrong.length} disagreements`);
  });

  test('the kernel decides every frame as libpcap (BPF_PROG_TEST_RUN on the compiled programs)', async () => {
    const byExpr = new Map<string, Expected[]>();
    for (const e of expected) byExpr.set(e.expr, [...(byExpr.get(e.expr) ?? []), e]);
    let decisions = 0;
    let refused = 0;
    let longest = 0;
    const wrong: string[] = [];
    // XDP cannot read past offset 0xffff (bpf_xdp_load_bytes refuses it), so a load
    // there aborts in the kernel where libpcap reads the byte. Such frames are listed.
    const beyond64k: string[] = [];
    for (const [expr, lines] of byExpr) {
      if (!compiled.has(expr)) {
        wrong.push(`${JSON.stringify(expr)}: not compiled`);
        continue;
      }
      const t0 = Date.now();
      const { object } = await buildProgram(expr, 'allow');
      longest = Math.max(longest, Date.now() - t0);
      const obj = native().openObject(object, 'corpus');
      try {
        configure(obj, { report: false });
        obj.setXdpFrags(PROGRAM, true);
        obj.load();
        for (const e of lines) {
          const want = new Set(e.matches);
          for (const r of capture(e.pcap)) {
            if (r.data.length < 14 || e.no_decision?.includes(r.index)) continue;
            let got: boolean;
            try {
              got = obj.testRun(PROGRAM, r.data).retval === XDP_PASS;
            } catch (err) {
              // BPF_PROG_TEST_RUN takes at most one page plus 17 fragments of a frame.
              if (r.data.length <= 0x10000) throw err;
              refused++;
              continue;
            }
            decisions++;
            if (got === want.has(r.index)) continue;
            const line = `${JSON.stringify(expr)} on ${e.pcap} #${r.index} (${r.data.length} bytes): libpcap ${want.has(r.index) ? 'matches' : 'does not match'}`;
            if (r.data.length > 0x10000) beyond64k.push(line);
            else if (!undefinedDecisions.has(line.replace(/ \(\d+ bytes\)/, ''))) wrong.push(line);
          }
        }
      } finally {
        obj.close();
      }
    }
    console.log(`\n  kernel: ${byExpr.size} programs, ${decisions} decisions compared, ${wrong.length} disagreements, ${refused} frames over 64 KiB too large to test-run (decided by the interpreter test above), longest build ${longest} ms`);
    if (process.env.XSIFT_CORPUS_DEBUG) console.log(wrong.filter((w) => !w.includes('not compiled')).slice(0, 40).join('\n'));
    if (beyond64k.length) console.log(`  kernel: ${beyond64k.length} decisions differ on frames over 64 KiB, where XDP cannot read (the interpreter agrees with libpcap on them):\n    ${beyond64k.join('\n    ')}`);
    assert.equal(wrong.slice(0, 20), [], `${wrong.length} disagreements`);
  });
}

test.run();
