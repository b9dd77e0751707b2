/**
 * The protocol class of an Ethernet frame, decided from its bytes alone (never from what any
 * printer makes of it), for the fidelity test's per-protocol shares.
 *
 * The walk: Ethernet II, any number of 802.1Q/802.1ad tags (TPIDs 0x8100, 0x88a8, 0x9100,
 * 0x9200), then the EtherType: ARP/RARP → `arp`; IPv4 → its protocol field unless the packet
 * is a later fragment (offset ≠ 0); IPv6 → the next header after hop-by-hop, destination
 * options, routing and first-fragment headers. IPv4-in-IP and IPv6-in-IP are followed to the
 * inner packet. Then:
 *
 * - `icmp`: IPv4 protocol 1; `icmp6`: IPv6 next header 58.
 * - `udp`: UDP datagrams for which tcpdump 4.99.3's udp_print (its dispatch order, ports and
 *   payload tests written out in {@link udpPrinter}) picks no application printer, or one whose
 *   default line runtime/format prints (UDP_IMPLEMENTED: DNS, mDNS, BOOTP/DHCP, NTP, timed, TFTP,
 *   RIP, RIPng, HSRP, BFD, syslog, DHCPv6, ISAKMP, RADIUS, L2TP, Kerberos, SNMP, SIP, LDP, PTP,
 *   sFlow, SOME/IP, Auto-RP, BCM-LI, LWAPP, LISP, NFS). `udp-app`: the others (AODV, ..., and VXLAN,
 *   VXLAN-GPE, Geneve, OTV and MPLS, whose inner frames or packets may be of any protocol).
 * - `tcp`: TCP "basics": every segment without payload, and segments whose payload tcpdump's
 *   tcp_print hands to no application printer ({@link tcpPrinter}), or to one whose default
 *   line runtime/format prints (TCP_IMPLEMENTED: every one, NFS included); the TCP line itself,
 *   with all its options (MPTCP, TCP-AO, MD5, Fast Open, ...), is part of the class. `tcp-app`:
 *   a payload tcpdump decodes that runtime/format does not, after the TCP line (none now).
 * - everything else (other EtherTypes, 802.3/LLC, other IP protocols, later fragments, IP
 *   headers too short to hold the field the walk needs) is `other:<what>`.
 *
 * A frame whose bytes stop before the walk reaches the transport header's class-deciding bytes
 * is classed by what was reached: a TCP segment whose ports were not captured is `tcp`.
 */

/** The strict classes: the fidelity test fails below 100% for these. */
export const STRICT = ['icmp', 'icmp6', 'arp', 'udp', 'tcp'] as const;
export type StrictClass = (typeof STRICT)[number];

const VLAN_TPIDS = new Set([0x8100, 0x88a8, 0x9100, 0x9200]);

/** The class of one Ethernet frame (see the module comment). */
export function classify(b: Buffer): string {
  if (b.length < 14) return 'other:runt';
  let p = 12;
  let type = b.readUInt16BE(p);
  p += 2;
  while (VLAN_TPIDS.has(type)) {
    if (b.length < p + 4) return 'other:vlan-truncated';
    type = b.readUInt16BE(p + 2);
    p += 4;
  }
  if (type === 0x0806 || type === 0x8035) return 'arp';
  if (type === 0x0800) return ipv4(b, p, 0);
  if (type === 0x86dd) return ipv6(b, p, 0);
  if (type <= 1500) return 'other:llc';
  return `other:ethertype-0x${type.toString(16).padStart(4, '0')}`;
}

function ipv4(b: Buffer, p: number, depth: number): string {
  if (b.length < p + 20) return 'other:ip-truncated';
  if (b[p]! >> 4 !== 4) return 'other:ip-bad-version';
  const hlen = (b[p]! & 0xf) * 4;
  const total = b.readUInt16BE(p + 2);
  if ((b.readUInt16BE(p + 6) & 0x1fff) !== 0) return 'other:ip-fragment';
  return transport(b, p + hlen, total - hlen, 4, b[p + 9]!, depth);
}

function ipv6(b: Buffer, p: number, depth: number): string {
  if (b.length < p + 40) return 'other:ip6-truncated';
  if (b[p]! >> 4 !== 6) return 'other:ip6-bad-version';
  // A zero payload length is a jumbogram's: the length is in a hop-by-hop option; the
  // captured bytes stand in for it (only TCP's payload test uses the length).
  let len = b.readUInt16BE(p + 4) || b.length - p - 40;
  let nh = b[p + 6]!;
  p += 40;
  for (;;) {
    if (nh === 0 || nh === 60 || nh === 43) {
      if (b.length < p + 2) return 'other:ip6-ext-truncated';
      const hl = (b[p + 1]! + 1) * 8;
      nh = b[p]!;
      p += hl;
      len -= hl;
    } else if (nh === 44) {
      if (b.length < p + 4) return 'other:ip6-ext-truncated';
      if ((b.readUInt16BE(p + 2) & 0xfff8) !== 0) return 'other:ip6-fragment';
      nh = b[p]!;
      p += 8;
      len -= 8;
    } else break;
  }
  return transport(b, p, len, 6, nh, depth);
}

function transport(b: Buffer, p: number, len: number, version: 4 | 6, proto: number, depth: number): string {
  if (proto === 4 && depth < 4) return ipv4(b, p, depth + 1);
  if (proto === 41 && depth < 4) return ipv6(b, p, depth + 1);
  if (proto === 1 && version === 4) return 'icmp';
  if (proto === 58 && version === 6) return 'icmp6';
  if (proto === 17 || proto === 6) {
    if (b.length < p + 4) return proto === 6 ? 'tcp' : 'udp';
    const sport = b.readUInt16BE(p);
    const dport = b.readUInt16BE(p + 2);
    // What tcpdump may read: the captured bytes, narrowed to the IP packet.
    const end = Math.min(b.length, p + len);
    const word = (off: number): number | null => (off + 4 <= end ? b.readUInt32BE(off) : null);
    if (proto === 17) {
      const printer = udpPrinter(sport, dport, (i) => (p + 8 + i < end ? b[p + 8 + i]! : null), (i) => word(p + 8 + i));
      return printer === null || UDP_IMPLEMENTED.has(printer) ? 'udp' : 'udp-app';
    }
    if (b.length < p + 13) return 'tcp';
    const hlen = (b[p + 12]! >> 4) * 4;
    const payload = len - hlen;
    if (payload <= 0) return 'tcp';
    const printer = tcpPrinter(sport, dport, payload, (i) => word(p + hlen + i));
    return printer === null || TCP_IMPLEMENTED.has(printer) ? 'tcp' : 'tcp-app';
  }
  return `other:ip-proto-${proto}`;
}

/** UDP printers runtime/format implements (the others print "UDP, length N" there). */
/** TCP printers whose default line runtime/format prints (tcp-apps.ts, nfs.ts). */
const TCP_IMPLEMENTED = new Set([
  'telnet', 'smtp', 'whois', 'bgp', 'pptp', 'resp', 'ssh', 'beep', 'openflow', 'ftp', 'http', 'rtsp', 'domain', 'msdp', 'rpki-rtr', 'ldp',
  'nfs',
]);

const UDP_IMPLEMENTED = new Set([
  'domain', 'mdns', 'bootp', 'ntp', 'tftp', 'rip', 'ripng', 'hsrp', 'bfd', 'syslog', 'dhcp6', 'isakmp',
  'isakmp-natt', 'radius', 'l2tp', 'krb', 'snmp', 'sip', 'timed', 'ldp', 'ptp', 'sflow', 'someip', 'autorp',
  'bcm-li', 'lwapp-control', 'lwapp-data', 'lisp', 'nfs',
]);

const inRange = (p: number, lo: number, n: number): boolean => p >= lo && p < lo + n;
const atalkPort = (p: number): boolean => inRange(p, 16512, 128) || inRange(p, 200, 128) || inRange(p, 768, 128);

/**
 * The application printer tcpdump 4.99.3's udp_print (no -T, no -q) chooses, in its order, or
 * null for "UDP, length N". `byte(i)` / `word(i)`: the payload's byte / 32-bit word at i, null
 * when not captured.
 */
export function udpPrinter(
  sport: number,
  dport: number,
  byte: (i: number) => number | null,
  word: (i: number) => number | null,
): string | null {
  const either = (...ports: number[]): boolean => ports.includes(sport) || ports.includes(dport);
  const direction = word(4);
  if (direction !== null) {
    if (dport === 2049 && direction === 0) return 'nfs';
    if (sport === 2049 && direction === 1) return 'nfs';
  }
  const table: [string, boolean][] = [
    ['domain', either(53)],
    ['mdns', either(5353)],
    ['timed', either(525)],
    ['tftp', either(69)],
    ['bootp', either(67, 68)],
    ['rip', either(520)],
    ['aodv', either(654)],
    ['isakmp', either(500)],
    ['isakmp-natt', either(4500)],
    ['isakmp', either(7500, 8500)],
    ['snmp', either(161, 162)],
    ['ntp', either(123)],
    ['krb', either(88, 750)],
    ['l2tp', either(1701)],
    // NetBIOS (137, 138) is decoded only by tcpdump built with SMB support, and the reference
    // 4.99.3 is not: those ports fall through to the tests below.
    ['vat', dport === 3456],
    ['zephyr', either(2103, 2104)],
    ['rx', inRange(sport, 7000, 10) || inRange(dport, 7000, 10)],
    ['ripng', either(521)],
    ['dhcp6', either(546, 547)],
    ['ahcp', either(5359)],
    ['babel', either(6696, 6697)],
    ['hncp', either(8231)],
    ['wb', dport === 4567],
    ['autorp', either(496)],
    ['radius', either(1645, 1812, 1646, 1813, 1700, 3799)],
    ['hsrp', dport === 1985],
    ['lwres', either(921)],
    ['ldp', either(646)],
    ['olsr', either(698)],
    ['lspping', either(3503)],
    ['bcm-li', sport === 49152],
    ['bfd', [3784, 4784, 6784, 3785].includes(dport)],
    ['lmp', either(701)],
    ['vqp', either(1589)],
    ['sflow', either(6343)],
    ['lwapp-control', dport === 12223 || sport === 12223],
    ['lwapp-data', either(12222)],
    ['sip', either(5060)],
    ['syslog', either(514)],
    ['otv', either(8472)],
    ['vxlan', either(4789)],
    ['geneve', either(6081)],
    ['lisp', either(4342)],
    ['vxlan-gpe', either(4790)],
    ['zep', either(17754)],
    ['mpls', either(6635)],
    ['llap', byte(2) === 2 && (atalkPort(sport) || atalkPort(dport))],
    ['ptp', either(319, 320)],
    ['someip', either(30490)],
  ];
  for (const [name, hit] of table) if (hit) return name;
  return null;
}

/**
 * The application printer tcpdump 4.99.3's tcp_print chooses for a segment with `payload`
 * bytes after the header, or null. `word(i)`: the payload's 32-bit word at i, null when not
 * captured.
 */
export function tcpPrinter(sport: number, dport: number, payload: number, word: (i: number) => number | null): string | null {
  const either = (...ports: number[]): boolean => ports.includes(sport) || ports.includes(dport);
  const table: [string, boolean][] = [
    ['telnet', either(23)],
    ['smtp', either(25)],
    ['whois', either(43)],
    ['bgp', either(179)],
    ['pptp', either(1723)],
    ['resp', either(6379)],
    ['ssh', either(22)],
    // NetBIOS (139) and SMB (445) come here in tcpdump's source, in builds with SMB printing
    // only: the reference tcpdump 4.99.3 has none, and prints nothing for them.
    ['beep', either(10288)],
    ['openflow', either(6633, 6653)],
    ['ftp', either(21)],
    ['http', either(80, 8080)],
    ['rtsp', either(554, 8554)],
    ['domain', either(53)],
    ['msdp', either(639)],
    ['rpki-rtr', either(323)],
    ['ldp', either(646)],
  ];
  for (const [name, hit] of table) if (hit) return name;
  if (either(2049) && payload >= 4 && word(0) !== null) {
    const direction = word(8);
    if (direction !== null && ((dport === 2049 && direction === 0) || (sport === 2049 && direction === 1))) return 'nfs';
  }
  return null;
}
