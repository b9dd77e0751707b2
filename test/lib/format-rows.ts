/**
 * The frames the format tests print with tcpdump and with runtime/format (test/format.test.ts,
 * test/format-verbose.test.ts): one row per frame, grouped by protocol, at distinct times.
 */
import {
  arp, destOpts, dns, eth, fill, fragment, hex, hopByHop, icmp, icmp6, icmp6Echo, icmp6NA, icmp6NS,
  icmp6RA, icmp6RS, icmp6Unreach, icmpEcho, icmpTimeExceeded, icmpUnreach, ipv4, ipv6, raw, routing,
  tcp, tcpOpt, truncate, udp, vlan,
} from './packets.js';
export const A = '198.18.0.1';
export const B = '198.18.0.2';
const C = '198.18.1.200';
export const A6 = '2001:db8::1';
export const B6 = '2001:db8::2';
const MAC_A = '02:00:00:00:00:01';
const MAC_B = '02:00:00:00:00:02';

export interface Row {
  proto: string;
  name: string;
  frame: Buffer;
  /** Timestamp offset in µs from the base (default: 1.5 s per row, in order). */
  dtUs?: number;
}

export const synOpts = [tcpOpt.mss(1460), tcpOpt.sackOK(), tcpOpt.ts(1, 0), tcpOpt.nop(), tcpOpt.wscale(7)];
const bootpReq = (() => {
  const b = Buffer.alloc(240);
  b[0] = 1;
  b[1] = 1;
  b[2] = 6;
  b.writeUInt32BE(0xdeadbeef, 4);
  Buffer.from([2, 0, 0, 0, 0, 0x33]).copy(b, 28);
  b.writeUInt32BE(0x63825363, 236);
  return Buffer.concat([b, hex('35 01 01 ff')]);
})();
const ntpClient = Buffer.concat([Buffer.from([0x23, 0, 6, 0xec]), Buffer.alloc(44)]);
const ntpServer = Buffer.concat([Buffer.from([0x24, 2, 6, 0xe9]), Buffer.alloc(44)]);
export const v4udp = (o: { sport: number; dport: number; payload?: Buffer | number }): Buffer =>
  eth({}, ipv4({ src: A, dst: B }, udp(o)));

/** The table: one line per frame. Addresses only from 198.18.0.0/15 and 2001:db8::/32. */
export const rows: Row[] = [
  // ICMP
  { proto: 'icmp', name: 'echo request', frame: eth({}, ipv4({ src: A, dst: B }, icmpEcho({ id: 7, seq: 1, payload: 56 }))) },
  { proto: 'icmp', name: 'echo reply', frame: eth({}, ipv4({ src: B, dst: A }, icmpEcho({ id: 7, seq: 1, payload: 56, reply: true }))) },
  { proto: 'icmp', name: 'port unreachable (udp)', frame: eth({}, ipv4({ src: B, dst: A }, icmpUnreach({ code: 3 }, ipv4({ src: A, dst: B }, udp({ sport: 40000, dport: 33434, payload: 4 }))))) },
  { proto: 'icmp', name: 'port unreachable (tcp)', frame: eth({}, ipv4({ src: B, dst: A }, icmpUnreach({ code: 3 }, ipv4({ src: A, dst: B }, tcp({ sport: 40000, dport: 9999 }))))) },
  { proto: 'icmp', name: 'host unreachable', frame: eth({}, ipv4({ src: C, dst: A }, icmpUnreach({ code: 1 }, ipv4({ src: A, dst: B }, udp({ sport: 1, dport: 2 }))))) },
  { proto: 'icmp', name: 'net unreachable', frame: eth({}, ipv4({ src: C, dst: A }, icmpUnreach({ code: 0 }, ipv4({ src: A, dst: B }, udp({ sport: 1, dport: 2 }))))) },
  { proto: 'icmp', name: 'protocol unreachable', frame: eth({}, ipv4({ src: B, dst: A }, icmpUnreach({ code: 2 }, ipv4({ src: A, dst: B, protocol: 99 }, fill(8))))) },
  { proto: 'icmp', name: 'need to frag', frame: eth({}, ipv4({ src: C, dst: A }, icmpUnreach({ code: 4, nextMtu: 1400 }, ipv4({ src: A, dst: B, df: true }, udp({ sport: 1, dport: 2 }))))) },
  { proto: 'icmp', name: 'admin prohibited filter', frame: eth({}, ipv4({ src: C, dst: A }, icmpUnreach({ code: 13 }, ipv4({ src: A, dst: B }, udp({ sport: 1, dport: 2 }))))) },
  { proto: 'icmp', name: 'time exceeded in transit', frame: eth({}, ipv4({ src: C, dst: A }, icmpTimeExceeded({}, ipv4({ src: A, dst: B, ttl: 1 }, udp({ sport: 40000, dport: 33435 }))))) },
  { proto: 'icmp', name: 'reassembly time exceeded', frame: eth({}, ipv4({ src: C, dst: A }, icmpTimeExceeded({ code: 1 }, ipv4({ src: A, dst: B }, udp({ sport: 1, dport: 2 }))))) },
  { proto: 'icmp', name: 'source quench / unknown type', frame: eth({}, ipv4({ src: A, dst: B }, icmp({ type: 42, code: 0 }, fill(4)))) },
  { proto: 'icmp', name: 'timestamp request', frame: eth({}, ipv4({ src: A, dst: B }, icmp({ type: 13, rest: (3 << 16) | 4 }, fill(12, 0)))) },
  // ICMPv6
  { proto: 'icmp6', name: 'echo request', frame: eth({}, ipv6({ src: A6, dst: B6 }, icmp6Echo({ id: 7, seq: 1, payload: 56 }))) },
  { proto: 'icmp6', name: 'echo reply', frame: eth({}, ipv6({ src: B6, dst: A6 }, icmp6Echo({ id: 7, seq: 1, payload: 56, reply: true }))) },
  { proto: 'icmp6', name: 'neighbor solicitation', frame: eth({}, ipv6({ src: A6, dst: B6, hopLimit: 255 }, icmp6NS({ target: B6, srcLinkAddr: MAC_A }))) },
  { proto: 'icmp6', name: 'neighbor advertisement', frame: eth({}, ipv6({ src: B6, dst: A6, hopLimit: 255 }, icmp6NA({ target: B6, solicited: true, override: true, tgtLinkAddr: MAC_B }))) },
  { proto: 'icmp6', name: 'router solicitation', frame: eth({}, ipv6({ src: A6, dst: '2001:db8::ff', hopLimit: 255 }, icmp6RS({ srcLinkAddr: MAC_A }))) },
  { proto: 'icmp6', name: 'router advertisement', frame: eth({}, ipv6({ src: '2001:db8::ff', dst: A6, hopLimit: 255 }, icmp6RA({ managed: true }))) },
  { proto: 'icmp6', name: 'port unreachable', frame: eth({}, ipv6({ src: B6, dst: A6 }, icmp6Unreach({ code: 4 }, ipv6({ src: A6, dst: B6 }, udp({ sport: 40000, dport: 33434 }))))) },
  { proto: 'icmp6', name: 'address unreachable', frame: eth({}, ipv6({ src: B6, dst: A6 }, icmp6Unreach({ code: 3 }, ipv6({ src: A6, dst: '2001:db8:0:1::9' }, udp({ sport: 1, dport: 2 }))))) },
  { proto: 'icmp6', name: 'packet too big', frame: eth({}, ipv6({ src: B6, dst: A6 }, icmp6({ type: 2 }, Buffer.concat([hex('000005dc'), fill(40)])))) },
  { proto: 'icmp6', name: 'time exceeded', frame: eth({}, ipv6({ src: B6, dst: A6 }, icmp6({ type: 3 }, Buffer.concat([Buffer.alloc(4), ipv6({ src: A6, dst: '2001:db8:1:2:3:4:5:6', hopLimit: 1 }, udp({ sport: 1, dport: 2 })).build()])))) },
  { proto: 'icmp6', name: 'MLD report', frame: eth({}, ipv6({ src: A6, dst: '2001:db8::1:2' }, hopByHop({ options: [5, 2, 0, 0] }, icmp6({ type: 131 }, Buffer.concat([Buffer.alloc(4), Buffer.from('2001:0db8:0000:0000:0000:0000:0001:0002'.replace(/:/g, ''), 'hex')]))))) },
  // TCP: a handshake, data both ways, and the close, so that relative numbers show
  { proto: 'tcp', name: 'SYN with options', frame: eth({}, ipv4({ src: A, dst: B }, tcp({ sport: 40000, dport: 9999, flags: 'S', seq: 1000, win: 64240, options: synOpts }))) },
  { proto: 'tcp', name: 'SYN-ACK', frame: eth({}, ipv4({ src: B, dst: A }, tcp({ sport: 9999, dport: 40000, flags: 'S.', seq: 5000, ack: 1001, options: [tcpOpt.mss(1460), tcpOpt.nop(), tcpOpt.nop(), tcpOpt.sackOK(), tcpOpt.nop(), tcpOpt.wscale(7)] }))) },
  { proto: 'tcp', name: 'ACK', frame: eth({}, ipv4({ src: A, dst: B }, tcp({ sport: 40000, dport: 9999, flags: '.', seq: 1001, ack: 5001, win: 502 }))) },
  { proto: 'tcp', name: 'PSH data', frame: eth({}, ipv4({ src: A, dst: B }, tcp({ sport: 40000, dport: 9999, flags: 'P.', seq: 1001, ack: 5001, win: 502, payload: 100 }))) },
  { proto: 'tcp', name: 'data back with TS', frame: eth({}, ipv4({ src: B, dst: A }, tcp({ sport: 9999, dport: 40000, flags: 'P.', seq: 5001, ack: 1101, options: [tcpOpt.nop(), tcpOpt.nop(), tcpOpt.ts(200, 100)], payload: 1448 }))) },
  { proto: 'tcp', name: 'SACK', frame: eth({}, ipv4({ src: A, dst: B }, tcp({ sport: 40000, dport: 9999, flags: '.', seq: 1101, ack: 5001, options: [tcpOpt.nop(), tcpOpt.nop(), tcpOpt.sack([7449, 8897])] }))) },
  { proto: 'tcp', name: 'FIN', frame: eth({}, ipv4({ src: A, dst: B }, tcp({ sport: 40000, dport: 9999, flags: 'F.', seq: 1101, ack: 6449 }))) },
  { proto: 'tcp', name: 'RST', frame: eth({}, ipv4({ src: B, dst: A }, tcp({ sport: 9999, dport: 40000, flags: 'R', seq: 6449 }))) },
  { proto: 'tcp', name: 'URG + ECE + CWR', frame: eth({}, ipv4({ src: A, dst: C }, tcp({ sport: 40001, dport: 9998, flags: 'SEW', seq: 77 }))) },
  { proto: 'tcp', name: 'urgent pointer', frame: eth({}, ipv4({ src: A, dst: C }, tcp({ sport: 40001, dport: 9998, flags: 'PU.', seq: 78, ack: 1, urg: 3, payload: 3 }))) },
  { proto: 'tcp', name: 'no flags', frame: eth({}, ipv4({ src: A, dst: C }, tcp({ sport: 40002, dport: 9998, flags: 0, seq: 5 }))) },
  { proto: 'tcp', name: 'unknown option + eol', frame: eth({}, ipv4({ src: A, dst: C }, tcp({ sport: 40003, dport: 9998, flags: 'S', options: [tcpOpt.other(99, hex('abcd')), tcpOpt.eol()] }))) },
  { proto: 'tcp', name: 'bad header length', frame: eth({}, ipv4({ src: A, dst: C }, tcp({ sport: 40004, dport: 9998, flags: 'S', doff: 4 }))) },
  { proto: 'tcp', name: 'IPv6 SYN', frame: eth({}, ipv6({ src: A6, dst: B6 }, tcp({ sport: 40000, dport: 9999, flags: 'S', seq: 123456789, win: 64800, options: synOpts }))) },
  { proto: 'tcp', name: 'IPv6 ACK data', frame: eth({}, ipv6({ src: B6, dst: A6 }, tcp({ sport: 9999, dport: 40000, flags: 'P.', seq: 42, ack: 123456790, payload: 10 }))) },
  // UDP
  { proto: 'udp', name: 'plain', frame: v4udp({ sport: 40000, dport: 9999, payload: 20 }) },
  { proto: 'udp', name: 'empty', frame: v4udp({ sport: 40000, dport: 9999 }) },
  { proto: 'udp', name: 'bad length', frame: eth({}, ipv4({ src: A, dst: B }, udp({ sport: 40000, dport: 9999, payload: 20, length: 40 }))) },
  { proto: 'udp', name: 'IPv6', frame: eth({}, ipv6({ src: A6, dst: B6 }, udp({ sport: 40000, dport: 9999, payload: 33 }))) },
  { proto: 'udp', name: 'DNS query', frame: v4udp({ sport: 40000, dport: 53, payload: dns({ id: 0x1234, rd: true, questions: [{ name: 'www.example.test', type: 'A' }] }) }) },
  { proto: 'udp', name: 'DNS AAAA query over IPv6', frame: eth({}, ipv6({ src: A6, dst: B6 }, udp({ sport: 40000, dport: 53, payload: dns({ id: 7, rd: true, questions: [{ name: 'example.test', type: 'AAAA' }] }) }))) },
  { proto: 'udp', name: 'DNS response', frame: v4udp({ sport: 53, dport: 40000, payload: dns({ id: 0x1234, response: true, rd: true, ra: true, questions: [{ name: 'www.example.test', type: 'A' }], answers: [{ name: 'www.example.test', type: 'CNAME', data: 'web.example.test' }, { name: 'web.example.test', type: 'A', data: '198.18.0.3' }] }) }) },
  { proto: 'udp', name: 'DNS NXDomain', frame: v4udp({ sport: 53, dport: 40000, payload: dns({ id: 9, response: true, rcode: 3, aa: true, questions: [{ name: 'nope.example.test', type: 'MX' }] }) }) },
  { proto: 'udp', name: 'DNS AAAA/MX/TXT answers', frame: v4udp({ sport: 53, dport: 40000, payload: dns({ id: 10, response: true, ra: true, questions: [{ name: 'example.test', type: 'ANY' }], answers: [{ name: 'example.test', type: 'AAAA', data: '2001:db8::53' }, { name: 'example.test', type: 'MX', data: 'mx.example.test' }, { name: 'example.test', type: 'TXT', data: 'v=spf1 -all' }] }) }) },
  { proto: 'udp', name: 'DNS query with EDNS', frame: v4udp({ sport: 40000, dport: 53, payload: dns({ id: 11, rd: true, ad: true, questions: [{ name: 'example.test', type: 'SOA', class: 3 }], additional: [{ name: '', type: 'OPT', class: 1232 }] }) }) },
  { proto: 'udp', name: 'mDNS query', frame: eth({}, ipv4({ src: A, dst: B }, udp({ sport: 5353, dport: 5353, payload: dns({ id: 0, questions: [{ name: 'printer.local', type: 'PTR' }] }) }))) },
  { proto: 'udp', name: 'BOOTP request', frame: eth({}, ipv4({ src: A, dst: B }, udp({ sport: 68, dport: 67, payload: bootpReq }))) },
  { proto: 'udp', name: 'NTP client', frame: v4udp({ sport: 40000, dport: 123, payload: ntpClient }) },
  { proto: 'udp', name: 'NTP server', frame: v4udp({ sport: 123, dport: 40000, payload: ntpServer }) },
  // ARP
  { proto: 'arp', name: 'request', frame: eth({ dst: 'ff:ff:ff:ff:ff:ff' }, arp({ op: 'request', spa: A, tpa: B })) },
  { proto: 'arp', name: 'reply', frame: eth({ src: MAC_B, dst: MAC_A }, arp({ op: 'reply', sha: MAC_B, spa: B, tha: MAC_A, tpa: A })) },
  { proto: 'arp', name: 'request padded to 60', frame: eth({ pad: true }, arp({ op: 'request', spa: A, tpa: B })) },
  { proto: 'arp', name: 'request with target MAC', frame: eth({}, arp({ op: 'request', spa: A, tpa: B, tha: MAC_B })) },
  { proto: 'arp', name: 'reverse request', frame: eth({}, arp({ op: 3, spa: A, tpa: B, tha: MAC_B })) },
  // VLAN
  { proto: 'vlan', name: '802.1Q icmp', frame: eth({}, vlan({ id: 10, pcp: 3 }, ipv4({ src: A, dst: B }, icmpEcho({ id: 1, seq: 2, payload: 8 })))) },
  { proto: 'vlan', name: 'QinQ 88a8 + 8100', frame: eth({}, vlan({ id: 100, tpid: 0x88a8 }, vlan({ id: 10, dei: true }, ipv4({ src: A, dst: B }, udp({ sport: 40000, dport: 9999, payload: 4 }))))) },
  { proto: 'vlan', name: 'TPID 0x9100 + arp', frame: eth({}, vlan({ id: 4094, tpid: 0x9100 }, arp({ op: 'request', spa: A, tpa: B }))) },
  { proto: 'vlan', name: 'IPv6 in vlan', frame: eth({}, vlan({ id: 5 }, ipv6({ src: A6, dst: B6 }, icmp6Echo({ id: 3, seq: 4 })))) },
  { proto: 'vlan', name: 'truncated tag', frame: truncate(eth({}, vlan({ id: 5 }, ipv4({ src: A, dst: B }, icmpEcho({})))), 16) },
  // IPv4 odds and ends
  { proto: 'ip', name: 'unknown protocol', frame: eth({}, ipv4({ src: A, dst: B, protocol: 99 }, fill(20))) },
  { proto: 'ip', name: 'first fragment (udp)', frame: eth({}, ipv4({ src: A, dst: B, id: 5, mf: true }, raw(udp({ sport: 40000, dport: 9999, payload: 1472 }).build({ version: 4, src: Buffer.from([198, 18, 0, 1]), dst: Buffer.from([198, 18, 0, 2]) }).subarray(0, 1480), { proto: 17 }))) },
  { proto: 'ip', name: 'later fragment', frame: eth({}, ipv4({ src: A, dst: B, id: 5, fragOffset: 1480, protocol: 17 }, fill(100))) },
  { proto: 'ip', name: 'with options', frame: eth({}, ipv4({ src: A, dst: B, options: [0x94, 4, 0, 0] }, icmpEcho({ id: 1, seq: 1 }))) },
  { proto: 'ip', name: 'IP in IP', frame: eth({}, ipv4({ src: A, dst: B }, ipv4({ src: C, dst: '198.19.255.254' }, icmpEcho({ id: 2, seq: 3 })))) },
  { proto: 'ip', name: 'bad header length', frame: eth({}, ipv4({ src: A, dst: B, ihl: 4 }, icmpEcho({}))) },
  { proto: 'ip', name: 'total length beyond frame', frame: eth({}, ipv4({ src: A, dst: B, totalLength: 200 }, icmpEcho({ id: 1, seq: 1 }))) },
  { proto: 'ip', name: 'version 5', frame: eth({ type: 0x0800 }, ipv4({ src: A, dst: B, version: 5 }, icmpEcho({}))) },
  { proto: 'ip', name: 'padded frame', frame: eth({ pad: true }, ipv4({ src: A, dst: B }, udp({ sport: 40000, dport: 9999, payload: 2 }))) },
  // IPv6 extension headers and addresses
  { proto: 'ip6', name: 'hop-by-hop + udp', frame: eth({}, ipv6({ src: A6, dst: B6 }, hopByHop({}, udp({ sport: 40000, dport: 9999, payload: 8 })))) },
  { proto: 'ip6', name: 'dest opts + tcp', frame: eth({}, ipv6({ src: A6, dst: B6 }, destOpts({}, tcp({ sport: 40000, dport: 9999, flags: 'S' })))) },
  { proto: 'ip6', name: 'routing type 0', frame: eth({}, ipv6({ src: A6, dst: B6 }, routing({ addresses: ['2001:db8:1::1', '2001:db8:2::2'] }, udp({ sport: 1, dport: 2 })))) },
  { proto: 'ip6', name: 'first fragment', frame: eth({}, ipv6({ src: A6, dst: B6 }, fragment({ id: 0x1234, mf: true }, udp({ sport: 40000, dport: 9999, payload: 16 })))) },
  { proto: 'ip6', name: 'later fragment', frame: eth({}, ipv6({ src: A6, dst: B6 }, fragment({ id: 0x1234, offset: 1448, nextHeader: 17 }, fill(64)))) },
  { proto: 'ip6', name: 'no next header', frame: eth({}, ipv6({ src: A6, dst: B6, nextHeader: 59 })) },
  { proto: 'ip6', name: 'unknown next header', frame: eth({}, ipv6({ src: A6, dst: B6, nextHeader: 253 }, fill(12))) },
  { proto: 'ip6', name: 'address forms', frame: eth({}, ipv6({ src: '2001:db8:0:1:2:3:4:5', dst: '2001:db8:1:0:0:1:0:1' }, udp({ sport: 1, dport: 2 }))) },
  { proto: 'ip6', name: 'address forms 2', frame: eth({}, ipv6({ src: '2001:db8:0:0:1:0:0:0', dst: '2001:db8:1:2:3:4:5:6' }, udp({ sport: 1, dport: 2 }))) },
  { proto: 'ip6', name: 'IPv6 in IPv4', frame: eth({}, ipv4({ src: A, dst: B }, ipv6({ src: A6, dst: B6 }, icmp6Echo({ id: 1, seq: 1 })))) },
  // Fallbacks
  { proto: 'ether', name: 'unknown ethertype', frame: eth({ type: 0x88b5, pad: true }, fill(10)) },
  { proto: 'ether', name: 'unknown ethertype, odd length', frame: eth({ type: 0x88b6 }, hex('01 02 03 41 42 43 7e 7f 80')) },
  { proto: 'ether', name: 'unknown ethertype behind vlan', frame: eth({}, vlan({ id: 7 }, raw(fill(30), { ethertype: 0x88b5 }))) },
  { proto: 'ether', name: 'short frame', frame: truncate(eth({}, ipv4({ src: A, dst: B }, icmpEcho({}))), 10) },
  // Truncated packets
  { proto: 'trunc', name: 'ip header', frame: truncate(eth({}, ipv4({ src: A, dst: B }, icmpEcho({ payload: 8 }))), 20) },
  { proto: 'trunc', name: 'ipv6 header', frame: truncate(eth({}, ipv6({ src: A6, dst: B6 }, icmp6Echo({}))), 40) },
  { proto: 'trunc', name: 'tcp ports only', frame: truncate(eth({}, ipv4({ src: A, dst: B }, tcp({ sport: 40000, dport: 9999 }))), 38) },
  { proto: 'trunc', name: 'tcp one byte', frame: truncate(eth({}, ipv4({ src: A, dst: B }, tcp({ sport: 40000, dport: 9999 }))), 35) },
  { proto: 'trunc', name: 'tcp options', frame: truncate(eth({}, ipv4({ src: A, dst: B }, tcp({ sport: 40000, dport: 9999, options: synOpts }))), 60) },
  { proto: 'trunc', name: 'tcp payload', frame: truncate(eth({}, ipv4({ src: A, dst: B }, tcp({ sport: 40000, dport: 9999, flags: 'P.', seq: 1, ack: 1, payload: 500 }))), 96) },
  { proto: 'trunc', name: 'udp header', frame: truncate(eth({}, ipv4({ src: A, dst: B }, udp({ sport: 40000, dport: 9999, payload: 10 }))), 37) },
  { proto: 'trunc', name: 'udp payload', frame: truncate(eth({}, ipv4({ src: A, dst: B }, udp({ sport: 40000, dport: 9999, payload: 100 }))), 50) },
  { proto: 'trunc', name: 'icmp echo', frame: truncate(eth({}, ipv4({ src: A, dst: B }, icmpEcho({ id: 7, seq: 1, payload: 56 }))), 36) },
  { proto: 'trunc', name: 'icmp unreachable quote', frame: truncate(eth({}, ipv4({ src: B, dst: A }, icmpUnreach({ code: 3 }, ipv4({ src: A, dst: B }, udp({ sport: 1, dport: 2 }))))), 50) },
  { proto: 'trunc', name: 'icmp6 ns target', frame: truncate(eth({}, ipv6({ src: A6, dst: B6 }, icmp6NS({ target: B6 }))), 70) },
  { proto: 'trunc', name: 'arp', frame: truncate(eth({}, arp({ op: 'request', spa: A, tpa: B })), 30) },
  { proto: 'trunc', name: 'dns question', frame: truncate(v4udp({ sport: 40000, dport: 53, payload: dns({ id: 1, rd: true, questions: [{ name: 'www.example.test', type: 'A' }] }) }), 52) },
  { proto: 'trunc', name: 'unknown ethertype dump', frame: truncate(eth({ type: 0x88b5 }, fill(40)), 30) },
  { proto: 'trunc', name: 'hop-by-hop', frame: truncate(eth({}, ipv6({ src: A6, dst: B6 }, hopByHop({}, udp({ sport: 1, dport: 2 })))), 58) },
  // Out-of-order timestamp: -ttt prints a negative delta
  { proto: 'icmp', name: 'earlier timestamp', frame: eth({}, ipv4({ src: A, dst: B }, icmpEcho({ id: 7, seq: 2 }))), dtUs: -250 },
];

export const BASE_NS = 1_764_067_387_123_456_000n;

export function timestamps(): bigint[] {
  let t = BASE_NS;
  return rows.map((r) => {
    t += BigInt(r.dtUs ?? 1_500_001) * 1000n;
    return t;
  });
}
