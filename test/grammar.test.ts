import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileExpression, ExpressionError, printAst } from '../compiler/index.js';

// expression → fully parenthesised AST
const accepted: [string, string][] = [
  ['icmp', 'icmp'],
  ['icmp or icmp6', '(icmp or icmp6)'],
  ['icmp || icmp6', '(icmp or icmp6)'],
  ['ip and icmp', '(ip and icmp)'],
  ['ip && icmp', '(ip and icmp)'],
  ['not arp', '(not arp)'],
  ['! arp', '(not arp)'],
  ['!arp', '(not arp)'],
  ['not not icmp', '(not (not icmp))'],
  // "and" and "or" have equal precedence and associate to the left, as in libpcap
  ['tcp or udp and ip', '((tcp or udp) and ip)'],
  ['ip and tcp or udp', '((ip and tcp) or udp)'],
  ['tcp or (udp and ip)', '(tcp or (udp and ip))'],
  ['not tcp and ip', '((not tcp) and ip)'],
  ['not (tcp or udp)', '(not (tcp or udp))'],
  ['((icmp))', 'icmp'],
  ['', '<all>'],
  ['   ', '<all>'],
  ['icmp\tor\nicmp6', '(icmp or icmp6)'],
];

for (const [expr, ast] of accepted) {
  test(`parses ${JSON.stringify(expr)}`, () => {
    assert.is(printAst(compileExpression(expr).ast), ast);
  });
}

// expression → error code and the text under the caret
const rejected: [string, string, string][] = [
  ['icmp and', 'unexpected-end', 'd'],
  ['tcp or', 'unexpected-end', 'r'],
  ['(icmp', 'unexpected-end', 'p'],
  ['icmp)', 'unbalanced-parenthesis', ')'],
  ['foo', 'unknown-keyword', 'foo'],
  ['icmp or fooo', 'unknown-keyword', 'fooo'],
  ['ICMP', 'unknown-keyword', 'ICMP'],
  ['icmp $ tcp', 'unexpected-character', '$'],
  ['and icmp', 'unexpected-token', 'and'],
  ['icmp icmp6', 'unexpected-token', 'icmp6'],
  ['ip and ip6', 'rejects-all-packets', 'ip and ip6'],
  ['tcp and udp', 'rejects-all-packets', 'tcp and udp'],
];

for (const [expr, code, caret] of rejected) {
  test(`rejects ${JSON.stringify(expr)} with ${code}`, () => {
    try {
      compileExpression(expr);
      assert.unreachable('accepted');
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      const d = e.diagnostics[0]!;
      assert.is(d.code, code);
      assert.is(expr.slice(d.span.start, d.span.end), caret);
      const text = e.render();
      assert.ok(text.startsWith('error: '), text);
      assert.ok(text.includes('^'), text);
    }
  });
}

test('did you mean', () => {
  try {
    compileExpression('icmpp');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ExpressionError);
    assert.is((e as ExpressionError).diagnostics[0]!.suggestion, 'did you mean "icmp"?');
    assert.ok((e as ExpressionError).render().includes('  icmpp\n  ^~~~~'));
  }
});

test.run();
