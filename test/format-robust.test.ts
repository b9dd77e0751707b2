/**
 * No printer fails on any bytes: frames mutated and cut at random, printed in every verbosity and
 * with -e and -q, must never reach the formatter's safety net (Formatter.printerErrors, a line
 * ending in "xsift printer error": a printer that threw something other than its "truncated"
 * signal). Frames: the project's test frames, and every frame of ../shared/corpus/pcaps when that
 * folder exists (it holds the protocols the printers decode beyond IP: LLC, STP, CDP, MPLS, PPPoE,
 * PTP, GRE, OSPF, VXLAN, ...; its absence is said loudly). The text is not compared here (the
 * format tests compare it with tcpdump); only that every printer ends cleanly.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fs from 'node:fs';
import path from 'node:path';
import { Formatter, type FormatOptions } from '../runtime/format/index.js';
import { LINKTYPE_ETHERNET, readCapture } from '../runtime/pcap.js';
import { testFrames } from './lib/frames.js';
import { root } from './lib/oracle.js';

const CORPUS = path.resolve(root, '..', 'shared', 'corpus', 'pcaps');
const SEED = Number(process.env.XSIFT_FUZZ_SEED ?? 20261125);

function frames(): Buffer[] {
  const out = testFrames().map((f) => f.data);
  if (!fs.existsSync(CORPUS)) {
    console.error(`\n  !!! format-robust.test.ts: the corpus ${CORPUS} is ABSENT: only the project's own frames are mutated !!!\n`);
    return out;
  }
  for (const f of fs.readdirSync(CORPUS).sort()) {
    if (!/\.pcap(ng)?$/.test(f)) continue;
    for (const r of readCapture(path.join(CORPUS, f))) if (r.linktype === LINKTYPE_ETHERNET && r.data.length >= 14) out.push(r.data);
  }
  return out;
}

test('mutated and cut frames: no printer fails, in any mode', () => {
  let seed = SEED;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const originals = frames();
  const inputs: Buffer[] = [];
  for (const f of originals) {
    for (let k = 0; k < 3; k++) {
      const m = Buffer.from(f);
      for (let j = 0, n = 1 + rnd(4); j < n; j++) m[14 + rnd(m.length - 14 || 1)] = rnd(256);
      inputs.push(m);
    }
    inputs.push(f.subarray(0, 14 + rnd(f.length - 13)));
    // A byte that is often a length or a type: the first bytes after the link layer.
    const early = Buffer.from(f);
    if (early.length > 16) early[14 + rnd(Math.min(24, early.length - 14))] = [0, 1, 0x7f, 0x80, 0xff][rnd(5)]!;
    inputs.push(early);
  }
  const modes: FormatOptions[] = [{}, { verbose: 1 }, { verbose: 2 }, { verbose: 3 }, { link: true }, { quick: true }, { link: true, verbose: 2 }];
  let lines = 0;
  for (const opts of modes) {
    const f = new Formatter(opts);
    for (const data of inputs) {
      const before = f.printerErrors;
      f.format(data, { tsNs: 1_700_000_000_000_000_000n, len: data.length + rnd(2) * 4 });
      lines++;
      if (f.printerErrors !== before) {
        assert.unreachable(`${JSON.stringify(opts)}: a printer failed (${f.firstPrinterError}) on ${data.toString('hex')}`);
      }
    }
  }
  console.log(`  robust: ${originals.length} frames, ${inputs.length} mutated or cut, ${lines} lines in ${modes.length} modes, no printer failed`);
});

test.run();
