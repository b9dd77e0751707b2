/**
 * The benchmark's baseline (bench/cbpf.ts: libpcap's classic BPF translated
 * to XDP C) gives libpcap's verdicts, through the kernel, on the
 * benchmark's frames. Needs root, clang and tcpdump; fails loudly without.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baselineC, libpcapProgram, translate } from '../bench/cbpf.js';
import { benchFrames } from '../bench/frames.js';
import { buildObject } from '../runtime/build.js';
import { native } from '../runtime/native.js';
import { writePcapFile } from '../runtime/pcap.js';
import { libpcapMatches } from './lib/oracle.js';

const frames = benchFrames();
const dir = mkdtempSync(path.join(os.tmpdir(), 'xsift-bench-translator-'));
const pcap = path.join(dir, 'frames.pcap');
writePcapFile(pcap, frames.map((f, i) => ({ data: f.data, tsNs: BigInt(i) * 1000n })));

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('translate: one statement per instruction, labels only on jump targets', () => {
  const c = translate([
    { code: 0x28, jt: 0, jf: 0, k: 12 }, // ldh [12]
    { code: 0x15, jt: 0, jf: 1, k: 0x800 }, // jeq #0x800 jt 2 jf 3
    { code: 0x06, jt: 0, jf: 0, k: 262144 }, // ret #262144
    { code: 0x06, jt: 0, jf: 0, k: 0 }, // ret #0
  ]);
  assert.match(c, /A = CB_LD16\(12\);/);
  assert.match(c, /if \(A == 0x800\) goto L2; goto L3;/);
  assert.match(c, /L2:\treturn 1;/);
  assert.match(c, /L3:\treturn 0;/);
  assert.not.match(c, /L0:|L1:/);
});

const exprs = [
  '', 'ip', 'tcp port 80', 'port 21 or port 22 or port 443', 'vlan and tcp dst port 80', 'ip6 protochain 6',
  'tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn', 'ip[2:2] / (ip[8] - 64) == 1', 'ip[0] - tcp[0] != 0',
  'len > 100 and ip[8] << 30 > 0', 'ether broadcast or ip6 multicast', 'udp[8:4] % 7 == 3',
];
for (const expr of exprs) {
  test(`baseline = libpcap: ${JSON.stringify(expr)}`, async () => {
    const { object } = await buildObject(baselineC(expr, libpcapProgram(expr, pcap)));
    const obj = native().openObject(object, 'bench-translator');
    try {
      obj.load();
      const got = frames.flatMap((f, i) => (obj.testRun('cbpf_xdp', f.data).retval === 2 ? [i + 1] : []));
      assert.equal(got, libpcapMatches(pcap, expr));
    } finally {
      obj.close();
    }
  });
}

test.run();
