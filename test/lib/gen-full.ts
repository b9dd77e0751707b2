/**
 * Random expressions over the whole pcap-filter grammar on Ethernet, for
 * property tests against libpcap. Values come from the lab ranges and the
 * frames test/lib/capture-gen.ts builds, so that expressions match some
 * frames and not others. Many generated expressions are ones libpcap
 * rejects; that is part of what is compared.
 */
import { Rng } from './gen.js';

const PROTOS = ['ip', 'ip6', 'arp', 'rarp', 'tcp', 'udp', 'sctp', 'icmp', 'icmp6', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'ah', 'esp',
  'stp', 'ipx', 'netbeui', 'iso', 'esis', 'isis', 'clnp', 'l1', 'l2', 'iih', 'lsp', 'snp', 'csnp', 'psnp', 'decnet', 'lat', 'sca',
  'moprc', 'mopdl', 'atalk', 'aarp'] as const;
const HOSTS4 = ['198.18.0.1', '198.18.0.2', '198.18.9.1', '224.0.0.251', '198.18'];
const NETS4 = ['198.18.0.0/24', '198.18.0.0/16', '198.18.9.0/24', '224.0.0.0/4', '198.18.0.0 mask 255.255.255.0', '198.18'];
const HOSTS6 = ['2001:db8::1', '2001:db8::2', 'ff02::fb'];
const NETS6 = ['2001:db8::/32', '2001:db8::/64', 'ff00::/8'];
const PORTS = ['80', '443', '53', '22', '6081', '123', '67', 'domain', 'http', 'ssh', 'bootps'];
const RANGES = ['1-1023', '50-60', '6000-7000', 'ftp-ssh'];
const MACS = ['02:00:00:00:00:01', '02:00:00:00:00:02', 'ff:ff:ff:ff:ff:ff', '01:80:c2:00:00:00', '33:33:00:00:00:fb'];
const DIRS = ['', 'src ', 'dst ', 'src or dst ', 'src and dst '];
const LOADS = ['ether[0]', 'ether[12:2]', 'ip[0]', 'ip[9]', 'ip[6:2]', 'ip[2:2]', 'tcp[13]', 'tcp[tcpflags]', 'tcp[0:2]', 'udp[2:2]', 'icmp[icmptype]', 'ip6[6]', 'ip6[40]', 'icmp6[0]', 'arp[7]', 'ether[len - 1]', 'len'];
const NUMS = ['0', '1', '2', '6', '17', '58', '80', '0x45', '0xff', '255', '1000', '0x800', 'tcp-syn', 'tcp-ack', 'icmp-echo'];
const OPS = ['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>'];
const RELS = ['=', '!=', '>', '<', '>=', '<=', '=='];

function primitive(rng: Rng): string {
  const pick = <T>(xs: readonly T[]) => rng.pick(xs);
  switch (rng.int(20)) {
    case 0:
    case 1:
      return pick(PROTOS);
    case 2:
      return `${pick(['', 'ip ', 'arp ', 'rarp '])}${pick(DIRS)}host ${pick(HOSTS4)}`;
    case 3:
      return `${pick(['', 'ip '])}${pick(DIRS)}net ${pick(NETS4)}`;
    case 4:
      return `${pick(['', 'ip6 '])}${pick(DIRS)}${pick(['host ', 'net '])}${rng.next() < 0.5 ? pick(HOSTS6) : pick(NETS6)}`;
    case 5:
      return `${pick(['', 'tcp ', 'udp ', 'sctp '])}${pick(DIRS)}port ${pick(PORTS)}`;
    case 6:
      return `${pick(['', 'tcp ', 'udp '])}${pick(DIRS)}portrange ${pick(RANGES)}`;
    case 7:
      return `ether ${pick(['', 'src ', 'dst '])}${pick(['host ', ''])}${pick(MACS)}`;
    case 8:
      return pick(['ether broadcast', 'ether multicast', 'broadcast', 'multicast', 'ip multicast', 'ip6 multicast']);
    case 9:
      return `${pick(['ip proto', 'ip6 proto', 'proto', 'ether proto'])} ${pick(['6', '17', '1', '58', '132', '0x800', '0x86dd', '\\tcp', '\\udp', '\\icmp'])}`;
    case 10:
      return `${pick(['', 'ip ', 'ip6 '])}protochain ${pick(['6', '17', '58', '51', '44', '0'])}`;
    case 11:
      return pick(['vlan', 'vlan 100', 'vlan 200', 'vlan 10', 'mpls', 'mpls 16', 'mpls 17', 'pppoed', 'pppoes', 'pppoes 0x1234', 'geneve', 'geneve 42', 'geneve 7']);
    case 12:
      return pick(['llc', 'llc i', 'llc s', 'llc u', 'llc rr', 'llc ui', 'llc xid']);
    case 13:
      return `${pick(['less', 'greater'])} ${pick(['60', '64', '100', '1500'])}`;
    case 14:
    case 15:
    case 16: {
      const lhs = rng.next() < 0.6 ? pick(LOADS) : `${pick(LOADS)} ${pick(OPS)} ${pick(NUMS)}`;
      return `${lhs} ${pick(RELS)} ${pick(NUMS)}`;
    }
    case 17:
      return `${pick(['tcp', 'udp', 'ip', 'host 198.18.0.1'])} and ${pick(['80', '443', '198.18.0.2', '53'])}`;
    case 18:
      return pick(['inbound', 'ifindex 1', 'tcp[tcpflags] & (tcp-syn|tcp-ack) != 0', 'icmp[icmptype] = icmp-echo', 'ip[6:2] & 0x1fff != 0']);
    default:
      return `${pick(['src', 'dst'])} ${pick(HOSTS4)}`;
  }
}

/** A random expression of up to `depth` levels of and/or/not/parentheses. */
export function randomFullExpression(rng: Rng, depth = 3): string {
  const r = rng.next();
  if (depth <= 0 || r < 0.35) return primitive(rng);
  if (r < 0.45) return `${rng.pick(['not ', '!'])}${randomFullExpression(rng, depth - 1)}`;
  if (r < 0.55) return `(${randomFullExpression(rng, depth - 1)})`;
  return `${randomFullExpression(rng, depth - 1)} ${rng.pick(['and', 'or', '&&', '||'])} ${randomFullExpression(rng, depth - 1)}`;
}
