/**
 * The benchmark's fixed suite of expressions, from trivial to heavy. The
 * group decides which target applies: "list" expressions (long or-chains of
 * hosts, nets and ports) have the stricter one.
 */
export type Group = 'trivial' | 'medium' | 'list' | 'vlan' | 'ipv6-ext' | 'protochain' | 'arith';

export interface SuiteEntry {
  group: Group;
  expr: string;
}

const hosts4 = Array.from({ length: 16 }, (_, i) => `198.18.0.${10 + i}`);
const hosts6 = Array.from({ length: 8 }, (_, i) => `2001:db8::${(0x10 + i).toString(16)}`);
const ports = [21, 22, 23, 25, 110, 143, 389, 443, 465, 587, 993, 995, 3306, 5432, 6379, 8080];

export const SUITE: SuiteEntry[] = [
  { group: 'trivial', expr: 'ip' },
  { group: 'trivial', expr: 'arp' },
  { group: 'trivial', expr: 'tcp' },
  { group: 'trivial', expr: 'icmp or icmp6' },
  { group: 'trivial', expr: 'tcp or udp' },
  { group: 'trivial', expr: 'not (icmp or icmp6)' },
  { group: 'trivial', expr: 'ip6 and not udp' },
  { group: 'medium', expr: 'host 198.18.0.1' },
  { group: 'medium', expr: 'src host 198.18.0.1 and dst host 198.18.0.2' },
  { group: 'medium', expr: 'net 198.18.0.0/15' },
  { group: 'medium', expr: 'tcp port 80' },
  { group: 'medium', expr: 'port 53' },
  { group: 'medium', expr: 'tcp dst portrange 8000-8100 or udp dst portrange 8000-8100' },
  { group: 'medium', expr: 'ip6 host 2001:db8::1' },
  { group: 'medium', expr: 'ether host 02:00:00:00:00:01 and not ether broadcast' },
  { group: 'medium', expr: 'ip[8] < 64 and len > 100' },
  { group: 'medium', expr: 'ip[6:2] & 0x1fff != 0' },
  { group: 'list', expr: hosts4.map((h) => `host ${h}`).join(' or ') },
  { group: 'list', expr: `src net 10.0.0.0/8 or src net 172.16.0.0/12 or src net 192.168.0.0/16 or src net 100.64.0.0/10 or src net 169.254.0.0/16 or src net 192.0.2.0/24 or src net 203.0.113.0/24 or src net 198.51.100.0/24` },
  { group: 'list', expr: ports.map((p) => `port ${p}`).join(' or ') },
  { group: 'list', expr: `tcp dst port ${ports.slice(0, 12).join(' or ')}` },
  { group: 'list', expr: `ip6 host ${hosts6.join(' or ')}` },
  { group: 'list', expr: `(host 198.18.0.1 and port 80) or (host 198.18.0.2 and port 53) or (net 2001:db8::/32 and tcp) or (ether broadcast and udp port 67) or arp` },
  { group: 'vlan', expr: 'vlan 10 and icmp' },
  { group: 'vlan', expr: 'vlan and (tcp or udp)' },
  { group: 'vlan', expr: 'vlan 100 and vlan 10 and ip6' },
  { group: 'vlan', expr: 'vlan and tcp dst port 80' },
  { group: 'ipv6-ext', expr: 'ip6[6] == 44 and ip6[40] == 6' },
  { group: 'ipv6-ext', expr: 'ip6[6] == 0 or ip6[6] == 43 or ip6[6] == 44 or ip6[6] == 60' },
  { group: 'ipv6-ext', expr: 'ip6 and ip6[6] == 0 and ip6[40] == 60 and ip6[48] == 6' },
  { group: 'protochain', expr: 'ip6 protochain 6' },
  { group: 'protochain', expr: 'protochain 17' },
  { group: 'arith', expr: 'tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn' },
  { group: 'arith', expr: 'tcp[tcpflags] & (tcp-fin|tcp-rst) != 0 and not src net 198.18.0.0/24' },
  { group: 'arith', expr: 'tcp and (tcp[12] & 0xf0) >> 2 >= 20 and ip[2:2] - ((ip[0] & 0xf) << 2) > 40' },
  { group: 'arith', expr: 'icmp[icmptype] == icmp-echo or icmp6[icmp6type] == icmp6-echo' },
  { group: 'arith', expr: 'udp dst port 53 and udp[10] & 0x80 == 0 and ip[2:2] * 8 / 8 > 40' },
];

/** The reduced suite of `--quick`: one or two of each group. */
export const QUICK_SUITE: SuiteEntry[] = SUITE.filter((_, i) => [0, 3, 10, 17, 19, 22, 23, 27, 30, 32, 34].includes(i));
