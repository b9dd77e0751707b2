/**
 * The project's own test frames: a table of named Ethernet frames covering
 * the protocols of the supported grammar, their usual encapsulations and
 * their truncation points. Judged by libpcap on this machine, never by
 * hand-written expectations.
 */
import {
  arp, eth, fragment, hopByHop, icmp6Echo, icmp6NS, icmpEcho, ipv4, ipv6, raw, tcp, truncate, udp, vlan,
} from './packets.js';

const A4 = '198.18.0.1';
const B4 = '198.18.0.2';
const A6 = '2001:db8::1';
const B6 = '2001:db8::2';

export interface NamedFrame {
  name: string;
  data: Buffer;
}

/** Every frame is at least 14 bytes (shorter frames never reach an XDP program). */
export function testFrames(): NamedFrame[] {
  const f: NamedFrame[] = [];
  const add = (name: string, data: Buffer) => f.push({ name, data });
  const echo4 = eth({}, ipv4({ src: A4, dst: B4 }, icmpEcho({ id: 7, seq: 1, payload: 56 })));
  const echo6 = eth({}, ipv6({ src: A6, dst: B6 }, icmp6Echo({ id: 7, seq: 1, payload: 56 })));
  const syn4 = eth({}, ipv4({ src: A4, dst: B4 }, tcp({ sport: 40000, dport: 80, flags: 'S' })));
  const syn6 = eth({}, ipv6({ src: A6, dst: B6 }, tcp({ sport: 40000, dport: 80, flags: 'S' })));
  const udp4 = eth({}, ipv4({ src: A4, dst: B4 }, udp({ sport: 5353, dport: 53, payload: 20 })));
  const udp6 = eth({}, ipv6({ src: A6, dst: B6 }, udp({ sport: 5353, dport: 53, payload: 20 })));
  add('icmp echo', echo4);
  add('icmp echo padded', eth({ pad: true }, ipv4({ src: A4, dst: B4 }, icmpEcho({ id: 1, seq: 2 }))));
  add('icmp6 echo', echo6);
  add('icmp6 neighbour solicitation', eth({ dst: '33:33:ff:00:00:02' }, ipv6({ src: A6, dst: 'ff02::1:ff00:2', hopLimit: 255 }, icmp6NS({ target: B6, srcLinkAddr: '02:00:00:00:00:01' }))));
  add('tcp4 syn', syn4);
  add('tcp6 syn', syn6);
  add('udp4', udp4);
  add('udp6', udp6);
  add('arp request', eth({ dst: 'ff:ff:ff:ff:ff:ff', pad: true }, arp({ op: 'request', spa: A4, tpa: B4 })));
  add('arp reply', eth({ pad: true }, arp({ op: 'reply', spa: B4, tpa: A4, sha: '02:00:00:00:00:02', tha: '02:00:00:00:00:01' })));
  add('ipv4 fragment (not first) of tcp', eth({}, ipv4({ src: A4, dst: B4, protocol: 6, fragOffset: 1480 }, 40)));
  add('ipv4 with options, icmp', eth({}, ipv4({ src: A4, dst: B4, options: [1, 1, 1, 0] }, icmpEcho({ id: 3, seq: 3 }))));
  add('ipv6 fragment header then tcp', eth({}, ipv6({ src: A6, dst: B6 }, fragment({ offset: 0, mf: true, id: 9 }, tcp({ sport: 1, dport: 2, flags: 'S' })))));
  add('ipv6 fragment header then icmp6', eth({}, ipv6({ src: A6, dst: B6 }, fragment({ offset: 0, id: 9 }, icmp6Echo({ id: 1, seq: 1 })))));
  add('ipv6 fragment header then udp', eth({}, ipv6({ src: A6, dst: B6 }, fragment({ offset: 8, id: 9 }, raw(udp({ sport: 1, dport: 2 }).build({ version: 6, src: Buffer.alloc(16), dst: Buffer.alloc(16) }), { proto: 17 })))));
  add('ipv6 hop-by-hop then tcp (not followed)', eth({}, ipv6({ src: A6, dst: B6 }, hopByHop({}, tcp({ sport: 1, dport: 2, flags: 'S' })))));
  add('vlan 10 icmp', eth({}, vlan({ id: 10 }, ipv4({ src: A4, dst: B4 }, icmpEcho({ id: 7, seq: 1 })))));
  add('qinq tcp6', eth({}, vlan({ id: 100, tpid: 0x88a8 }, vlan({ id: 10 }, ipv6({ src: A6, dst: B6 }, tcp({ sport: 1, dport: 2, flags: 'S' }))))));
  add('ipv4 proto 99', eth({}, ipv4({ src: A4, dst: B4, protocol: 99 }, 20)));
  add('ethertype 0x88b5', eth({ type: 0x88b5, pad: true }, raw([1, 2, 3, 4])));
  add('802.3 length field', eth({ type: 46, pad: true }, raw(new Array(46).fill(0xaa))));
  // Truncation points: every load the filters make can fall off the end.
  add('ipv4 ethertype only (14 bytes)', truncate(echo4, 14));
  add('ipv4 cut before protocol (23 bytes)', truncate(echo4, 23));
  add('ipv4 cut after protocol (24 bytes)', truncate(syn4, 24));
  add('ipv6 cut before next header (20 bytes)', truncate(echo6, 20));
  add('ipv6 cut after next header (21 bytes)', truncate(syn6, 21));
  add('ipv6 frag header cut before its next header (54 bytes)', truncate(f.find((x) => x.name === 'ipv6 fragment header then tcp')!.data, 54));
  add('ipv6 frag header cut after its next header (55 bytes)', truncate(f.find((x) => x.name === 'ipv6 fragment header then tcp')!.data, 55));
  add('arp cut (14 bytes)', truncate(f.find((x) => x.name === 'arp request')!.data, 14));
  add('jumbo udp4 (9000 bytes)', eth({}, ipv4({ src: A4, dst: B4 }, udp({ sport: 1, dport: 2, payload: 8958 }))));
  return f;
}
