/**
 * `xsift demo`: the main job with no setup. Two network namespaces joined by
 * a veth pair; `icmp or icmp6` attached in allow mode on one end; IPv4 and
 * IPv6 pings (answered and printed) and a TCP connection (dropped) from the
 * other end; then the same connection under capture mode (it succeeds).
 * Everything is removed at the end, also on Ctrl-C.
 */
import { execa, type ResultPromise } from 'execa';
import { lint, renderDiagnostic } from '../compiler/index.js';
import { buildProgram } from './build.js';
import type { Io } from './cli.js';
import { counterLines } from './cli.js';
import { inNetns, Lab } from './lab.js';
import { FramePrinter } from './printer.js';
import { Session } from './session.js';

const EXPRESSION = 'icmp or icmp6';
const TCP_PORT = '8080';

export async function runDemo(io: Io): Promise<number> {
  if (process.getuid?.() !== 0) {
    io.stderr('xsift demo: needs root (it creates network namespaces and attaches XDP programs); run it as root, e.g. sudo npm run demo\n');
    return 1;
  }
  const say = (s: string) => io.stdout(s + '\n');
  const prefix = `xsift-demo-${process.pid}`;
  let lab: Lab | undefined;
  let listener: ResultPromise | undefined;
  let session: Session | undefined;
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
  try {
    say(`== xsift demo: "${EXPRESSION}" in allow mode at the XDP hook`);
    lab = await Lab.create({ prefix, staticNeighbours: true });
    const { a, b } = lab;
    say(`lab: netns ${a.netns} ${a.iface} ${a.ip4} ${a.ip6}  <-veth->  netns ${b.netns} ${b.iface} ${b.ip4} ${b.ip6}`);

    const built = await buildProgram(EXPRESSION, 'allow');
    for (const w of lint(built.compiled, 'allow')) io.stdout(renderDiagnostic(built.compiled.source, w) + '\n');
    say(`note: this filter drops ARP, so the lab gave both hosts permanent neighbour entries;`);
    say(`      on a real network allow "${EXPRESSION} or arp" instead. IPv6 neighbour discovery is ICMPv6 and passes.`);

    listener = execa('ip', ['netns', 'exec', b.netns, 'nc', '-l', '-k', b.ip4, TCP_PORT], { reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' });
    await new Promise((r) => setTimeout(r, 200));

    const printer = new FramePrinter();
    session = Session.open(built.object, { iface: b.iface, netns: b.netns, mode: 'auto' }, (frames) => {
      for (const f of frames) say('  ' + printer.line(f));
    });
    say(`\n== attached to ${b.iface} in ${b.netns} (XDP ${session.linkInfo.mode} mode, program id ${session.linkInfo.progId}); frames it reports:`);

    const ping4 = await inNetns(a.netns, 'ping', ['-c', '3', '-i', '0.2', '-W', '1', b.ip4]);
    const ping6 = await inNetns(a.netns, 'ping', ['-6', '-c', '3', '-i', '0.2', '-W', '1', b.ip6]);
    const tcpAllow = await inNetns(a.netns, 'nc', ['-z', '-w', '2', b.ip4, TCP_PORT]);
    await new Promise((r) => setTimeout(r, 100));
    const counters = await session.close();
    session = undefined;
    if (interrupted) throw new Error('interrupted');

    say('\n== results in allow mode');
    say(`IPv4 ping ${b.ip4}: ${summary(ping4.stdout)}`);
    say(`IPv6 ping ${b.ip6}: ${summary(ping6.stdout)}`);
    say(`TCP connect ${b.ip4}:${TCP_PORT}: ${tcpAllow.exitCode === 0 ? 'connected (unexpected!)' : 'failed: the SYN was dropped at the XDP hook (timed out after 2 s)'}`);
    io.stdout(counterLines(counters));

    say('\n== the same TCP connection with --action capture (pass everything, report matches)');
    const capture = await buildProgram(EXPRESSION, 'capture');
    session = Session.open(capture.object, { iface: b.iface, netns: b.netns, mode: 'auto' }, () => {});
    const tcpCapture = await inNetns(a.netns, 'nc', ['-z', '-w', '2', b.ip4, TCP_PORT]);
    const c2 = await session.close();
    session = undefined;
    say(`TCP connect ${b.ip4}:${TCP_PORT}: ${tcpCapture.exitCode === 0 ? 'connected' : `failed (${tcpCapture.all?.trim() || 'exit ' + tcpCapture.exitCode})`}`);
    say(`xsift: ${c2.seen} frames seen, ${c2.matched} matched, ${c2.passed} passed, ${c2.dropped} dropped by XDP`);

    const ok = ping4.exitCode === 0 && ping6.exitCode === 0 && tcpAllow.exitCode !== 0 && tcpCapture.exitCode === 0;
    say(ok ? '\ndemo: all as expected' : '\ndemo: something did not behave as expected (see above)');
    return ok ? 0 : 1;
  } finally {
    if (session) await session.close().catch(() => {});
    if (listener?.pid) listener.kill('SIGTERM');
    await listener?.catch(() => {});
    if (lab) await lab.close();
    else await Lab.clean(prefix).catch(() => {});
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
    say(`lab removed (netns ${prefix}-a, ${prefix}-b)`);
  }
}

/** "3 packets transmitted, 3 received, 0% packet loss" from ping's output. */
function summary(pingOut: string): string {
  const m = pingOut.match(/(\d+) packets transmitted, (\d+) received[^\n]*/);
  return m ? m[0] : 'no summary from ping';
}

