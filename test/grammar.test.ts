import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compileExpression, ExpressionError, printAst } from '../compiler/index.js';
import { FilterParser } from '../grammar/index.js';

// The shared parser skips Chevrotain's grammar checks (start-up time); a validating build of the
// same grammar must pass them (it throws on an ambiguity or left recursion).
test('the grammar passes Chevrotain\'s definition checks', () => {
  let p: FilterParser | undefined;
  assert.not.throws(() => (p = new FilterParser({ validate: true })));
  assert.is((p as unknown as { skipValidations: boolean }).skipValidations, false, 'the checks ran');
});

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
  // qualifier inheritance, as libpcap's grammar passes qualifiers on
  ['tcp port 80 or 443', '([tcp src or dst port] 80 or [tcp src or dst port] 443)'],
  ['host 198.18.0.1 or 198.18.0.2', '([<any> src or dst host] 198.18.0.1 or [<any> src or dst host] 198.18.0.2)'],
  ['not host 198.18.0.1 and 198.18.0.2', '((not [<any> src or dst host] 198.18.0.1) and [<any> src or dst host] 198.18.0.2)'],
  ['src net 10 and (host 1.2.3.4) and 5.6.7.8', '(([<any> src net] 10 and [<any> src or dst host] 1.2.3.4) and [<any> src net] 5.6.7.8)'],
  ['tcp dst port (80 or 443)', '([tcp dst port] 80 or [tcp dst port] 443)'],
  ['ether src 02:00:00:00:00:01', '[ether src host] 02:00:00:00:00:01'],
  ['ip proto \\tcp', '[ip src or dst proto] tcp'],
  ['tcp[tcpflags] & (tcp-syn|tcp-ack) != 0', '(tcp[13] & (2 | 16)) != 0'],
  ['1 + 2 * 3 = 7', '(1 + (2 * 3)) = 7'],
  ['len - 1 - 1 > 10', '((len - 1) - 1) > 10'],
  ['vlan 100 and ip', '(vlan 100 and ip)'],
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
  ['(icmp', 'unbalanced-parenthesis', '('],
  ['icmp)', 'unbalanced-parenthesis', ')'],
  ['foo', 'unknown-keyword', 'foo'],
  ['icmp or fooo', 'no-qualifier-to-inherit', 'fooo'],
  ['tcp port 80 or', 'unexpected-end', 'r'],
  ['port 99999', 'bad-port', '99999'],
  ['udp port ssh', 'port-protocol-mismatch', 'ssh'],
  ['net 10.0.0.1/8', 'host-bits-set', '10.0.0.1/8'],
  ['host 10.0/8', 'mask-needs-net', 'host 10.0/8'],
  ['ip[0:3] = 1', 'bad-load-size', '3'],
  ['ip[0] / 0 = 1', 'division-by-zero', '0'],
  ['ip broadcast', 'ip-broadcast-needs-netmask', 'ip broadcast'],
  ['gateway foo', 'gateway-not-supported', 'gateway foo'],
  ['1 = 2', 'rejects-all-packets', '1 = 2'],
  ['ip6 host 1.2.3.4', 'ip6-on-ip-host', 'ip6 host 1.2.3.4'],
  ['tcp host 2001:db8::1', 'proto-on-ip6-host', 'tcp host 2001:db8::1'],
  ['icmp or 1.2.3.4', 'no-qualifier-to-inherit', '1.2.3.4'],
  ['type mgt', 'other-link-type', 'type mgt'],
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

test('did you mean: service names and named constants', () => {
  for (const [expr, want] of [['tcp port htp', 'http'], ['icmp[icmptype] = icmp-ecoh', 'icmp-echo'], ['tcp[tcpflags] & tcp-synn != 0', 'tcp-syn']] as const) {
    try {
      compileExpression(expr);
      assert.unreachable(expr);
    } catch (e) {
      assert.instance(e, ExpressionError);
      assert.is((e as ExpressionError).diagnostics[0]!.suggestion, `did you mean "${want}"?`, expr);
    }
  }
});

test('did you mean', () => {
  try {
    compileExpression('tcp or portt 80');
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ExpressionError);
    assert.is((e as ExpressionError).diagnostics[0]!.suggestion, 'did you mean "port"?');
  }
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
