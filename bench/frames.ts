/**
 * The fixed set of frames every per-packet measurement runs on: the project's
 * own test frames (test/lib/frames.ts, every protocol of the grammar and its
 * truncation points) plus frames that the heavier expressions of the suite
 * reach deep into (VLAN-tagged TCP, IPv6 extension header chains, TCP with
 * payload and flags, addresses and ports from the suite's lists).
 */
import { testFrames, type NamedFrame } from '../test/lib/frames.js';
import {
  destOpts, eth, hopByHop, icmpEcho, ipv4, ipv6, routing, tcp, udp, vlan,
} from '../test/lib/packets.js';

export function benchFrames(): NamedFrame[] {
  const f: NamedFrame[] = testFrames();
  const add = (name: string, data: Buffer) => f.push({ name, data });
  add('tcp4 443 ack with 100 bytes', eth({}, ipv4({ src: '198.18.0.15', dst: '198.18.1.2' }, tcp({ sport: 51000, dport: 443, flags: 'P.', payload: 100 }))));
  add('tcp4 syn-ack from 80', eth({}, ipv4({ src: '198.18.0.2', dst: '198.18.0.1' }, tcp({ sport: 80, dport: 40000, flags: 'S.' }))));
  add('tcp4 rst', eth({}, ipv4({ src: '198.18.0.3', dst: '198.18.0.4' }, tcp({ sport: 22, dport: 50000, flags: 'R' }))));
  add('tcp4 fin from 10.1.2.3', eth({}, ipv4({ src: '10.1.2.3', dst: '198.18.0.2' }, tcp({ sport: 8080, dport: 41000, flags: 'F.' }))));
  add('udp4 dns query to 53', eth({}, ipv4({ src: '192.168.1.7', dst: '198.18.0.53' }, udp({ sport: 33000, dport: 53, payload: 30 }))));
  add('udp4 8000-range', eth({}, ipv4({ src: '198.18.0.1', dst: '203.0.113.9' }, udp({ sport: 1024, dport: 8053, payload: 200 }))));
  add('vlan 10 tcp4 80', eth({}, vlan({ id: 10 }, ipv4({ src: '198.18.0.1', dst: '198.18.0.2' }, tcp({ sport: 40000, dport: 80, flags: 'S' })))));
  add('vlan 20 udp6', eth({}, vlan({ id: 20 }, ipv6({ src: '2001:db8::1', dst: '2001:db8::2' }, udp({ sport: 1, dport: 53, payload: 10 })))));
  add('ipv6 hop-by-hop, dest-opts, tcp', eth({}, ipv6({ src: '2001:db8::10', dst: '2001:db8::2' }, hopByHop({}, destOpts({}, tcp({ sport: 1, dport: 443, flags: 'S' }))))));
  add('ipv6 routing then udp', eth({}, ipv6({ src: '2001:db8::1', dst: '2001:db8::2' }, routing({ addresses: ['2001:db8::3'] }, udp({ sport: 5, dport: 53, payload: 8 })))));
  add('ipv6 tcp 443 with 200 bytes', eth({}, ipv6({ src: '2001:db8::13', dst: '2001:db8:1::2' }, tcp({ sport: 52000, dport: 443, flags: 'P.', payload: 200 }))));
  add('ipv4 icmp ttl 1', eth({}, ipv4({ src: '198.18.0.9', dst: '198.18.0.1', ttl: 1 }, icmpEcho({ id: 2, seq: 2, payload: 32 }))));
  add('broadcast ipv4 udp', eth({ dst: 'ff:ff:ff:ff:ff:ff' }, ipv4({ src: '198.18.0.1', dst: '198.18.0.255' }, udp({ sport: 68, dport: 67, payload: 240 }))));
  return f;
}

/**
 * The frames the timing runs on, by name: one of each kind of traffic the
 * suite looks at. BPF_PROG_TEST_RUN with a repeat count costs ~20 ms per call
 * whatever the count (the kernel switches its XDP dispatcher to the program
 * and back, two RCU grace periods), so timing every frame of the verdict set
 * would not fit the time budget; verdicts are checked on all of them.
 */
export const TIMING_FRAMES = [
  'icmp echo', 'tcp4 syn', 'tcp6 syn', 'udp4', 'udp6', 'arp request', 'ipv6 fragment header then tcp', 'qinq tcp6',
  'tcp4 443 ack with 100 bytes', 'udp4 dns query to 53', 'vlan 10 tcp4 80', 'ipv6 hop-by-hop, dest-opts, tcp',
];
export const QUICK_TIMING_FRAMES = ['icmp echo', 'tcp4 syn', 'udp6', 'arp request', 'vlan 10 tcp4 80', 'ipv6 hop-by-hop, dest-opts, tcp'];

export function pick(frames: NamedFrame[], names: string[]): NamedFrame[] {
  return names.map((n) => {
    const f = frames.find((x) => x.name === n);
    if (!f) throw new Error(`bench: no frame named "${n}"`);
    return f;
  });
}
