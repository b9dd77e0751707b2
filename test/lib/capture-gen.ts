/**
 * The project's own differential capture: frames for every primitive of
 * pcap-filter on Ethernet — Ethernet II and 802.3/LLC/SNAP (IPX in its four
 * encapsulations, STP, NetBEUI, ISO/CLNP/ES-IS/IS-IS), ARP/RARP, DECnet and
 * the other DEC types, AppleTalk/AARP, VLAN and QinQ with every TPID, MPLS
 * stacks, PPPoE discovery and sessions, IPv4 with options and fragments,
 * IPv6 with extension-header chains, fragments and AH, TCP, UDP, SCTP,
 * ICMP, ICMPv6, IGMP, GRE, PIM, VRRP, ESP, Geneve (Ethernet and IP inside),
 * broadcast and multicast addresses — then truncations of them at many
 * lengths and seeded random mutations. libpcap on this machine judges them.
 * Addresses: 198.18.0.0/15 and 2001:db8::/32 (and the multicast/broadcast
 * groups protocols require).
 */
import {
  arp, destOpts, eth, fragment, hopByHop, icmp, icmp6Echo, icmp6NS, icmpEcho, ipv4, ipv6, raw, routing, tcp, truncate, udp, vlan,
} from './packets.js';
import { Rng } from './gen.js';

const A4 = '198.18.0.1';
const B4 = '198.18.0.2';
const A6 = '2001:db8::1';
const B6 = '2001:db8::2';

const bytes = (...xs: (number | number[])[]): number[] => xs.flat();
const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const be32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** An 802.3 frame: length field, then the payload (LLC etc.). */
function dot3(payload: number[], dst = '01:80:c2:00:00:00'): Buffer {
  return eth({ dst, type: payload.length, pad: true }, raw(payload));
}

function transports(ip: 4 | 6): { name: string; layer: ReturnType<typeof udp> }[] {
  const t = (name: string, layer: ReturnType<typeof udp>) => ({ name, layer });
  void ip;
  return [
    t('tcp syn 80', tcp({ sport: 40000, dport: 80, flags: 'S' })),
    t('tcp ack 443', tcp({ sport: 443, dport: 50000, flags: 'A', payload: 20 })),
    t('tcp fin/psh 22', tcp({ sport: 22, dport: 60000, flags: 'FP', payload: 8 })),
    t('tcp rst 25', tcp({ sport: 25, dport: 1024, flags: 'R' })),
    t('udp 53', udp({ sport: 5353, dport: 53, payload: 12 })),
    t('udp 67/68', udp({ sport: 68, dport: 67, payload: 30 })),
    t('udp 6081 geneve', udp({ sport: 1234, dport: 6081, payload: [0, 0, 0x65, 0x58, 0, 0, 0x2a, 0, ...new Array(14).fill(0xaa), 0x08, 0, ...new Array(20).fill(0)] })),
    t('udp 123', udp({ sport: 123, dport: 123, payload: 48 })),
  ];
}

/** Raw IP payloads for the protocols packets.ts has no builder for. */
const SCTP = raw(bytes(be16(3868), be16(80), be32(1), be32(0), 1, 0, be16(20), ...new Array(16).fill(0)), { proto: 132 });
const IGMP = raw(bytes(0x11, 100, 0, 0, 224, 0, 0, 1), { proto: 2 });
const GRE = raw(bytes(0, 0, 0x08, 0x00, 0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 198, 18, 0, 5, 198, 18, 0, 6), { proto: 47 });
const PIM = raw(bytes(0x20, 0, 0, 0, 0, 1, 0, 2), { proto: 103 });
const VRRP = raw(bytes(0x21, 1, 100, 1, 0, 1, 0, 0, 198, 18, 0, 254), { proto: 112 });
const ESP = raw(bytes(be32(0x1000), be32(1), ...new Array(16).fill(0x55)), { proto: 50 });
const AH = (next: number, inner: number[]) => raw(bytes(next, 4, 0, 0, be32(0x2000), be32(1), ...new Array(12).fill(0x11), inner), { proto: 51 });

export interface GeneratedFrame {
  name: string;
  data: Buffer;
}

export function generateFrames(seed = 1): GeneratedFrame[] {
  const f: GeneratedFrame[] = [];
  const add = (name: string, data: Buffer) => f.push({ name, data });

  // IPv4 and IPv6 with every transport, plain and behind VLAN/QinQ/MPLS/PPPoE
  for (const { name, layer } of transports(4)) add(`ip4 ${name}`, eth({}, ipv4({ src: A4, dst: B4 }, layer)));
  for (const { name, layer } of transports(6)) add(`ip6 ${name}`, eth({}, ipv6({ src: A6, dst: B6 }, layer)));
  for (const [n, l] of [['sctp', SCTP], ['igmp', IGMP], ['gre', GRE], ['pim', PIM], ['vrrp', VRRP], ['esp', ESP]] as const) {
    add(`ip4 ${n}`, eth({}, ipv4({ src: A4, dst: n === 'igmp' ? '224.0.0.1' : B4 }, l)));
    add(`ip6 ${n}`, eth({}, ipv6({ src: A6, dst: B6 }, l)));
  }
  add('ip4 icmp echo', eth({}, ipv4({ src: A4, dst: B4 }, icmpEcho({ id: 7, seq: 1, payload: 56 }))));
  add('ip4 icmp unreach', eth({}, ipv4({ src: B4, dst: A4 }, icmp({ type: 3, code: 3 }, 28))));
  add('ip6 icmp6 echo', eth({}, ipv6({ src: A6, dst: B6 }, icmp6Echo({ id: 7, seq: 1, payload: 8 }))));
  add('ip6 icmp6 ns', eth({ dst: '33:33:ff:00:00:02' }, ipv6({ src: A6, dst: 'ff02::1:ff00:2', hopLimit: 255 }, icmp6NS({ target: B6 }))));
  add('ip4 options tcp', eth({}, ipv4({ src: A4, dst: B4, options: [0x94, 4, 0, 0] }, tcp({ sport: 1, dport: 80, flags: 'S' }))));
  add('ip4 first fragment udp', eth({}, ipv4({ src: A4, dst: B4, mf: true, id: 9 }, udp({ sport: 53, dport: 53, payload: 40 }))));
  add('ip4 later fragment udp', eth({}, ipv4({ src: A4, dst: B4, fragOffset: 48, id: 9, protocol: 17 }, 40)));
  add('ip4 broadcast udp', eth({ dst: 'ff:ff:ff:ff:ff:ff' }, ipv4({ src: A4, dst: '198.18.255.255' }, udp({ sport: 137, dport: 137 }))));
  add('ip4 multicast udp', eth({ dst: '01:00:5e:00:00:fb' }, ipv4({ src: A4, dst: '224.0.0.251' }, udp({ sport: 5353, dport: 5353 }))));
  add('ip6 multicast udp', eth({ dst: '33:33:00:00:00:fb' }, ipv6({ src: A6, dst: 'ff02::fb' }, udp({ sport: 5353, dport: 5353 }))));
  add('ip4 ah tcp', eth({}, ipv4({ src: A4, dst: B4 }, AH(6, bytes(be16(1), be16(80), ...new Array(16).fill(0))))));
  add('ip4 ipip', eth({}, ipv4({ src: A4, dst: B4 }, ipv4({ src: '198.18.1.1', dst: '198.18.1.2' }, udp({ sport: 1, dport: 2 })))));
  // IPv6 extension header chains
  add('ip6 hbh tcp', eth({}, ipv6({ src: A6, dst: B6 }, hopByHop({}, tcp({ sport: 1, dport: 80, flags: 'S' })))));
  add('ip6 hbh dst routing udp', eth({}, ipv6({ src: A6, dst: B6 }, hopByHop({}, destOpts({}, routing({ addresses: ['2001:db8::9'] }, udp({ sport: 53, dport: 53 })))))));
  add('ip6 frag first tcp', eth({}, ipv6({ src: A6, dst: B6 }, fragment({ id: 1, mf: true }, tcp({ sport: 1, dport: 80, flags: 'S' })))));
  add('ip6 frag later', eth({}, ipv6({ src: A6, dst: B6 }, fragment({ id: 1, offset: 64, nextHeader: 17 }, 24))));
  add('ip6 frag icmp6', eth({}, ipv6({ src: A6, dst: B6 }, fragment({ id: 2 }, icmp6Echo({ id: 1, seq: 1 })))));
  add('ip6 ah udp', eth({}, ipv6({ src: A6, dst: B6 }, AH(17, bytes(be16(53), be16(53), be16(8), be16(0))))));
  add('ip6 dst ah tcp', eth({}, ipv6({ src: A6, dst: B6 }, destOpts({}, AH(6, bytes(be16(2), be16(22), ...new Array(16).fill(0)))))));
  add('ip6 no next header', eth({}, ipv6({ src: A6, dst: B6, nextHeader: 59 }, 8)));
  add('ip6 in ip4', eth({}, ipv4({ src: A4, dst: B4 }, ipv6({ src: A6, dst: B6 }, udp({ sport: 1, dport: 2 })))));
  // ARP, RARP
  add('arp request', eth({ dst: 'ff:ff:ff:ff:ff:ff', pad: true }, arp({ op: 'request', spa: A4, tpa: B4 })));
  add('arp reply', eth({ pad: true }, arp({ op: 'reply', spa: B4, tpa: A4, sha: '02:00:00:00:00:02', tha: '02:00:00:00:00:01' })));
  add('rarp', eth({ type: 0x8035, pad: true }, raw(bytes(0, 1, 8, 0, 6, 4, 0, 3, 2, 0, 0, 0, 0, 1, 198, 18, 0, 1, 2, 0, 0, 0, 0, 2, 198, 18, 0, 2))));
  // VLAN, QinQ, every TPID
  for (const tpid of [0x8100, 0x88a8, 0x9100]) add(`vlan ${tpid.toString(16)} id 100 ip4 udp`, eth({}, vlan({ id: 100, tpid }, ipv4({ src: A4, dst: B4 }, udp({ sport: 53, dport: 53 })))));
  add('vlan 200 ip6 tcp', eth({}, vlan({ id: 200 }, ipv6({ src: A6, dst: B6 }, tcp({ sport: 1, dport: 443, flags: 'S' })))));
  add('vlan 300 arp', eth({ pad: true }, vlan({ id: 300 }, arp({ op: 'request', spa: A4, tpa: B4 }))));
  add('qinq 10/20 ip4 tcp', eth({}, vlan({ id: 10, tpid: 0x88a8 }, vlan({ id: 20 }, ipv4({ src: A4, dst: B4 }, tcp({ sport: 1, dport: 80, flags: 'S' }))))));
  // MPLS: one and two labels, IPv4 and IPv6 inside
  const mpls = (label: number, bos: boolean) => bytes(be32(((label << 12) | (bos ? 0x100 : 0) | 64) >>> 0));
  const inner4 = [...ipv4({ src: A4, dst: B4 }, udp({ sport: 53, dport: 53 })).build()];
  const inner6 = [...ipv6({ src: A6, dst: B6 }, tcp({ sport: 1, dport: 80, flags: 'S' })).build()];
  add('mpls 16 ip4', eth({ type: 0x8847 }, raw(bytes(mpls(16, true), inner4))));
  add('mpls 16/17 ip4', eth({ type: 0x8847 }, raw(bytes(mpls(16, false), mpls(17, true), inner4))));
  add('mpls 18 ip6', eth({ type: 0x8847 }, raw(bytes(mpls(18, true), inner6))));
  // PPPoE discovery and session with IPv4/IPv6 inside
  add('pppoed padi', eth({ dst: 'ff:ff:ff:ff:ff:ff', type: 0x8863, pad: true }, raw(bytes(0x11, 0x09, 0, 0, be16(4), 1, 1, 0, 0))));
  add('pppoes 0x1234 ip4', eth({ type: 0x8864 }, raw(bytes(0x11, 0, be16(0x1234), be16(inner4.length + 2), 0x00, 0x21, inner4))));
  add('pppoes 0x0042 ip6', eth({ type: 0x8864 }, raw(bytes(0x11, 0, be16(0x42), be16(inner6.length + 2), 0x00, 0x57, inner6))));
  // Geneve: Ethernet inside, and IPv4 directly inside
  const innerEth = [...eth({ dst: '02:00:00:00:00:aa', src: '02:00:00:00:00:bb' }, ipv4({ src: '198.18.9.1', dst: '198.18.9.2' }, tcp({ sport: 5, dport: 80, flags: 'S' })))];
  add('geneve vni 42 eth ip4 tcp', eth({}, ipv4({ src: A4, dst: B4 }, udp({ sport: 1, dport: 6081, payload: bytes(0, 0, 0x65, 0x58, 0, 0, 42, 0, innerEth) }))));
  add('geneve vni 7 opts ip4', eth({}, ipv4({ src: A4, dst: B4 }, udp({ sport: 1, dport: 6081, payload: bytes(0x01, 0, 0x08, 0x00, 0, 0, 7, 0, 0, 1, 2, 0, inner4) }))));
  add('geneve6 vni 9 eth arp', eth({}, ipv6({ src: A6, dst: B6 }, udp({ sport: 1, dport: 6081, payload: bytes(0, 0, 0x65, 0x58, 0, 0, 9, 0, [...eth({ pad: true }, arp({ op: 'request', spa: A4, tpa: B4 }))]) }))));
  // 802.3 / LLC / SNAP
  add('stp', dot3(bytes(0x42, 0x42, 0x03, 0, 0, 0, 0, 0, ...new Array(32).fill(0))));
  add('netbeui', dot3(bytes(0xf0, 0xf0, 0x03, ...new Array(20).fill(0)), '03:00:00:00:00:01'));
  add('iso clnp', dot3(bytes(0xfe, 0xfe, 0x03, 0x81, 0x30, 1, 0, 0x1c, ...new Array(20).fill(0))));
  add('iso esis', dot3(bytes(0xfe, 0xfe, 0x03, 0x82, 0x10, 1, 0, 0x02, ...new Array(20).fill(0))));
  for (const pdu of [15, 16, 17, 18, 20, 24, 25, 26, 27]) add(`iso isis pdu ${pdu}`, dot3(bytes(0xfe, 0xfe, 0x03, 0x83, 0x1b, 1, 0, pdu, 1, 0, 0, ...new Array(20).fill(0))));
  add('ipx ethernet ii', eth({ type: 0x8137, pad: true }, raw(bytes(0xff, 0xff, 0, 30, ...new Array(26).fill(0)))));
  add('ipx 802.3 raw', dot3(bytes(0xff, 0xff, 0, 30, ...new Array(26).fill(0))));
  add('ipx 802.2', dot3(bytes(0xe0, 0xe0, 0x03, 0xff, 0xff, 0, 30, ...new Array(26).fill(0))));
  add('ipx snap', dot3(bytes(0xaa, 0xaa, 0x03, 0, 0, 0, 0x81, 0x37, 0xff, 0xff, 0, 30, ...new Array(26).fill(0))));
  add('atalk snap', dot3(bytes(0xaa, 0xaa, 0x03, 0x08, 0x00, 0x07, 0x80, 0x9b, ...new Array(20).fill(0))));
  add('atalk ethernet ii', eth({ type: 0x809b, pad: true }, raw(new Array(20).fill(0))));
  add('aarp snap', dot3(bytes(0xaa, 0xaa, 0x03, 0, 0, 0, 0x80, 0xf3, ...new Array(28).fill(0))));
  add('llc u ui', dot3(bytes(0x06, 0x06, 0x03, ...new Array(20).fill(0))));
  add('llc s rr', dot3(bytes(0x06, 0x06, 0x01, 0x02, ...new Array(20).fill(0))));
  add('llc i', dot3(bytes(0x06, 0x06, 0x00, 0x02, ...new Array(20).fill(0))));
  add('llc u xid', dot3(bytes(0x00, 0x01, 0xaf, ...new Array(20).fill(0))));
  // DEC protocols, DECnet with short and long headers
  add('decnet short', eth({ type: 0x6003, pad: true }, raw(bytes(0x20, 0, 0x02, 0x04, 0x01, 0x04, ...new Array(20).fill(0)))));
  add('decnet long padded', eth({ type: 0x6003, pad: true }, raw(bytes(0x10, 0x00, 0x81, 0x26, ...new Array(6).fill(0), 0x02, 0x04, ...new Array(6).fill(0), 0x01, 0x04, ...new Array(20).fill(0)))));
  for (const [n, t] of [['lat', 0x6004], ['sca', 0x6007], ['moprc', 0x6002], ['mopdl', 0x6001]] as const) add(n, eth({ type: t, pad: true }, raw(new Array(30).fill(0))));
  add('lldp (other ethertype)', eth({ dst: '01:80:c2:00:00:0e', type: 0x88cc, pad: true }, raw(new Array(30).fill(1))));
  add('ether broadcast other', eth({ dst: 'ff:ff:ff:ff:ff:ff', type: 0x9000, pad: true }, raw([1])));

  // Truncations: cut every base frame at several lengths (never below 14 bytes)
  const base = f.slice();
  for (const b of base) {
    for (const n of [14, 15, 18, 22, 24, 30, 34, 38, 42, 54, 56, 62]) if (n < b.data.length) add(`${b.name} cut ${n}`, truncate(b.data, n));
  }
  // Seeded random mutations of the base frames
  const rng = new Rng(seed);
  for (let i = 0; i < 400; i++) {
    const b = base[rng.int(base.length)]!;
    const d = Buffer.from(b.data);
    for (let m = 0, n = 1 + rng.int(4); m < n; m++) d[rng.int(d.length)] = rng.int(256);
    add(`${b.name} mutated ${i}`, rng.next() < 0.2 ? d.subarray(0, 14 + rng.int(d.length - 13)) : d);
  }
  return f;
}
