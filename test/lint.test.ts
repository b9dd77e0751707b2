/**
 * Lint rules (compiler/lint/, one per file): expression and action → warning codes, each with
 * a span inside the expression; and the CLI prints them (compile, explain) as
 * "warning[CODE]: ..." with a caret, silenced by --silence CODE.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileExpression, lint, renderDiagnostic, type Action } from '../compiler/index.js';
import { main } from '../runtime/cli.js';

const table: [string, Action, string[]][] = [
  // always-matches (never-matching expressions are errors, not warnings)
  ['tcp or not tcp', 'capture', ['always-matches']],
  ['', 'capture', []],
  ['tcp', 'capture', []],
  ['icmp or icmp6', 'capture', []],
  // allow-drops-arp / allow-drops-nd
  ['tcp', 'allow', ['allow-drops-arp', 'allow-drops-nd']],
  ['icmp or arp', 'allow', ['allow-drops-nd']],
  ['arp or icmp6', 'allow', []],
  ['udp', 'deny', []],
  // vlan-after-test: the written order and "vlan and X" disagree on some frame
  ['not tcp and vlan', 'capture', ['vlan-after-test']],
  ['not ip and vlan', 'capture', ['vlan-after-test']],
  ['vlan and not tcp', 'capture', []],
  ['vlan and udp', 'capture', []],
  ['ether host 02:00:00:00:00:01 and vlan', 'capture', []],
  ['less 100 and vlan', 'capture', []],
  // port-ipv6-ext: in allow/deny, or when the expression names IPv6
  ['ip6 and port 53', 'capture', ['port-ipv6-ext']],
  ['ip6 and tcp port 80', 'capture', ['port-ipv6-ext']],
  ['port 53', 'capture', []],
  ['port 53 or arp or icmp6', 'allow', ['port-ipv6-ext']],
  ['portrange 1-100 or arp or icmp6', 'deny', ['port-ipv6-ext']],
  ['ip and port 53', 'deny', []],
  ['ip and port 53', 'capture', []],
  // or-load-rejects: a witness frame the other branch accepts, rejected by the abort
  ['ip[60] = 1 or icmp', 'capture', ['or-load-rejects']],
  ['udp[100] = 1 or udp port 53', 'capture', ['or-load-rejects']],
  ['icmp or ip[60] = 1', 'capture', []],
  ['tcp[20] = 1 or tcp', 'capture', []],
  ['tcp[13] = 2 or udp', 'capture', []],
  ['ip6[40] = 1 or icmp6', 'capture', []],
  // a host list reads the second address only of frames whose whole IPv6 header is there
  ['ip6 host 2001:db8::10 or 2001:db8::11 or 2001:db8::12', 'capture', []],
  ['host 198.18.0.1 or host 198.18.0.2', 'capture', []],
];

for (const [expr, action, codes] of table) {
  test(`lint ${JSON.stringify(expr)} (${action}) → [${codes.join(', ')}]`, () => {
    const c = compileExpression(expr);
    const ws = lint(c, action);
    assert.equal(ws.map((w) => w.code).sort(), [...codes].sort());
    for (const w of ws) {
      assert.is(w.severity, 'warning');
      assert.ok(w.span.start >= 0 && w.span.end <= expr.length && w.span.start < w.span.end, `span ${JSON.stringify(w.span)}`);
      assert.match(renderDiagnostic(c.source, w), /\^/);
      assert.ok(w.suggestion?.includes(`--silence ${w.code}`) || w.suggestion?.includes('silence'), w.suggestion);
    }
  });
}

test('the spans point at the culprit: the vlan keyword, the port primitive, the or branch', () => {
  const span = (expr: string, code: string, action: Action = 'capture'): string => {
    const w = lint(compileExpression(expr), action).find((x) => x.code === code)!;
    return expr.slice(w.span.start, w.span.end);
  };
  assert.is(span('not tcp and vlan', 'vlan-after-test'), 'vlan');
  assert.is(span('ip6 and tcp port 80', 'port-ipv6-ext'), 'tcp port 80');
  assert.is(span('ip[60] = 1 or icmp', 'or-load-rejects'), 'ip[60] = 1');
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'xsift', ...args], { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
  return { code, out, err };
}

test('compile prints the warnings with their code and a caret; --silence removes one', async () => {
  const r = await run(['compile', '--emit-c', '-', 'ip[60] = 1 or icmp']);
  assert.is(r.code, 0, r.err);
  assert.match(r.err, /^warning\[or-load-rejects\]: /m);
  assert.match(r.err, /^  \^~+$/m);
  const s = await run(['compile', '--emit-c', '-', '--silence', 'or-load-rejects', 'ip[60] = 1 or icmp']);
  assert.is(s.err, '');
  const e = await run(['explain', 'tcp or not tcp']);
  assert.match(e.err, /^warning\[always-matches\]: /m);
});

test('load prints the warnings of the expression embedded in the object', async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xsift-lint-'));
  try {
    const obj = path.join(dir, 'f.o');
    const c = await run(['compile', '--silence', 'or-load-rejects', '-o', obj, 'ip[60] = 1 or icmp']);
    assert.is(c.code, 0, c.err);
    // No interface: load stops with a usage error, after the warnings.
    const l = await run(['load', obj]);
    assert.is(l.code, 2);
    assert.match(l.err, /^warning\[or-load-rejects\]: /m);
    const q = await run(['load', '--silence', 'or-load-rejects', obj]);
    assert.not.match(q.err, /warning/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
