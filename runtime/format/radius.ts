/**
 * RADIUS (RFC 2865, 2866, 5176; ports 1645, 1646, 1700, 1812, 1813, 3799) as tcpdump 4.99
 * prints it: `RADIUS, Access-Request (1), id: 0x2a length: 80`, and from -v the authenticator
 * and every attribute, decoded by type as tcpdump does (-vv adds each one's hex dump).
 *
 * tcpdump's attribute printers stop in two ways: a failed capture check prints ` [|radius]` and
 * ends only that attribute (the next one is still tried), written here as `ctx.trunc(); return`;
 * a read past the snap end ends the line (ctx's Truncated).
 */
import type { Ctx } from './context.js';
import { eapPrint } from './eap.js';
import { hexAsciiDump, hexDump, hexPad, ipv4Text, ipv6Text, printn, safeChar, unknownData } from './util.js';

const CODES = new Map([
  [1, 'Access-Request'], [2, 'Access-Accept'], [3, 'Access-Reject'], [4, 'Accounting-Request'],
  [5, 'Accounting-Response'], [11, 'Access-Challenge'], [12, 'Status-Server'], [13, 'Status-Client'],
  [40, 'Disconnect-Request'], [41, 'Disconnect-ACK'], [42, 'Disconnect-NAK'], [43, 'CoA-Request'],
  [44, 'CoA-ACK'], [45, 'CoA-NAK'], [255, 'Reserved'],
]);

// How an attribute's value is printed (tcpdump's print functions).
const STRING = 1;
const ADDR = 2;
const NUM = 3;
const VENDOR = 4;
const TIME = 5;
const STRANGE = 6;
const ADDR6 = 7;
const NETMASK6 = 8;
const VECTOR64 = 9;
const MIP6PREFIX = 10;
const OPNAME = 11;
const LOCINFO = 12;
const LOCDATA = 13;
const BLPR = 14;

// Standard values of numeric attributes, indexed by value (null: not a value).
const SERV_TYPE: (string | null)[] = [
  null, 'Login', 'Framed', 'Callback Login', 'Callback Framed', 'Outbound', 'Administrative',
  'NAS Prompt', 'Authenticate Only', 'Callback NAS Prompt', 'Call Check',
  'Callback Administrative', 'Voice', 'Fax', 'Modem Relay', 'IAPP-Register', 'IAPP-AP-Check',
  'Authorize Only', 'Framed-Management', 'Additional-Authorization',
];
const FRM_PROTO: (string | null)[] = [
  null, 'PPP', 'SLIP', 'ARAP', 'Gandalf proprietary', 'Xylogics IPX/SLIP', 'X.75 Synchronous',
  'GPRS PDP Context',
];
const FRM_ROUTING: (string | null)[] = [
  'None', 'Send', 'Listen', 'Send&Listen',
];
const FRM_COMP: (string | null)[] = [
  'None', 'VJ TCP/IP', 'IPX', 'Stac-LZS',
];
const LOGIN_SERV: (string | null)[] = [
  'Telnet', 'Rlogin', 'TCP Clear', 'PortMaster(proprietary)', 'LAT', 'X.25-PAD', 'X.25-T3POS',
  'Unassigned', 'TCP Clear Quiet',
];
const TERM_ACTION: (string | null)[] = [
  'Default', 'RADIUS-Request',
];
const INGRESS_FILTERS: (string | null)[] = [
  null, 'Enabled', 'Disabled',
];
const NAS_PORT_TYPE: (string | null)[] = [
  'Async', 'Sync', 'ISDN Sync', 'ISDN Async V.120', 'ISDN Async V.110', 'Virtual', 'PIAFS',
  'HDLC Clear Channel', 'X.25', 'X.75', 'G.3 Fax', 'SDSL', 'ADSL-CAP', 'ADSL-DMT', 'ISDN-DSL',
  'Ethernet', 'xDSL', 'Cable', 'Wireless - Other', 'Wireless - IEEE 802.11', 'Token-Ring', 'FDDI',
  'Wireless - CDMA200', 'Wireless - UMTS', 'Wireless - 1X-EV', 'IAPP', 'FTTP',
  'Wireless - IEEE 802.16', 'Wireless - IEEE 802.20', 'Wireless - IEEE 802.22', 'PPPoA', 'PPPoEoA',
  'PPPoEoE', 'PPPoEoVLAN', 'PPPoEoQinQ', 'xPON', 'Wireless - XGP',
  'WiMAX Pre-Release 8 IWK Function', 'WIMAX-WIFI-IWK', 'WIMAX-SFF', 'WIMAX-HA-LMA', 'WIMAX-DHCP',
  'WIMAX-LBS', 'WIMAX-WVS',
];
const ACCT_STATUS: (string | null)[] = [
  null, 'Start', 'Stop', 'Interim-Update', 'Unassigned', 'Unassigned', 'Unassigned',
  'Accounting-On', 'Accounting-Off', 'Tunnel-Start', 'Tunnel-Stop', 'Tunnel-Reject',
  'Tunnel-Link-Start', 'Tunnel-Link-Stop', 'Tunnel-Link-Reject', 'Failed',
];
const ACCT_AUTH: (string | null)[] = [
  null, 'RADIUS', 'Local', 'Remote', 'Diameter',
];
const ACCT_TERM: (string | null)[] = [
  null, 'User Request', 'Lost Carrier', 'Lost Service', 'Idle Timeout', 'Session Timeout',
  'Admin Reset', 'Admin Reboot', 'Port Error', 'NAS Error', 'NAS Request', 'NAS Reboot',
  'Port Unneeded', 'Port Preempted', 'Port Suspended', 'Service Unavailable', 'Callback',
  'User Error', 'Host Request', 'Supplicant Restart', 'Reauthentication Failure',
  'Port Reinitialized', 'Port Administratively Disabled', 'Lost Power',
];
const TUNNEL_TYPE: (string | null)[] = [
  null, 'PPTP', 'L2F', 'L2TP', 'ATMP', 'VTP', 'AH', 'IP-IP', 'MIN-IP-IP', 'ESP', 'GRE', 'DVS',
  'IP-in-IP Tunneling', 'VLAN',
];
const TUNNEL_MEDIUM: (string | null)[] = [
  null, 'IPv4', 'IPv6', 'NSAP', 'HDLC', 'BBN 1822', '802', 'E.163', 'E.164', 'F.69', 'X.121',
  'IPX', 'Appletalk', 'Decnet IV', 'Banyan Vines', 'E.164 with NSAP subaddress',
];
const ARAP_ZONE: (string | null)[] = [
  null, 'Only access to dfl zone', 'Use zone filter inc.', 'Not used', 'Use zone filter exc.',
];
const PROMPT: (string | null)[] = [
  'No Echo', 'Echo',
];

/** Attribute names, value printers and standard values by type (tcpdump's attr_type). */
const ATTRS: [string | null, number, (string | null)[]?][] = [
  /* 0 */ [null, 0],
  /* 1 */ ['User-Name', STRING],
  /* 2 */ ['User-Password', 0],
  /* 3 */ ['CHAP-Password', 0],
  /* 4 */ ['NAS-IP-Address', ADDR],
  /* 5 */ ['NAS-Port', NUM],
  /* 6 */ ['Service-Type', NUM, SERV_TYPE],
  /* 7 */ ['Framed-Protocol', NUM, FRM_PROTO],
  /* 8 */ ['Framed-IP-Address', ADDR],
  /* 9 */ ['Framed-IP-Netmask', ADDR],
  /* 10 */ ['Framed-Routing', NUM, FRM_ROUTING],
  /* 11 */ ['Filter-Id', STRING],
  /* 12 */ ['Framed-MTU', NUM],
  /* 13 */ ['Framed-Compression', NUM, FRM_COMP],
  /* 14 */ ['Login-IP-Host', ADDR],
  /* 15 */ ['Login-Service', NUM, LOGIN_SERV],
  /* 16 */ ['Login-TCP-Port', NUM],
  /* 17 */ ['Unassigned', 0],
  /* 18 */ ['Reply-Message', STRING],
  /* 19 */ ['Callback-Number', STRING],
  /* 20 */ ['Callback-Id', STRING],
  /* 21 */ ['Unassigned', 0],
  /* 22 */ ['Framed-Route', STRING],
  /* 23 */ ['Framed-IPX-Network', NUM],
  /* 24 */ ['State', STRING],
  /* 25 */ ['Class', STRING],
  /* 26 */ ['Vendor-Specific', VENDOR],
  /* 27 */ ['Session-Timeout', NUM],
  /* 28 */ ['Idle-Timeout', NUM],
  /* 29 */ ['Termination-Action', NUM, TERM_ACTION],
  /* 30 */ ['Called-Station-Id', STRING],
  /* 31 */ ['Calling-Station-Id', STRING],
  /* 32 */ ['NAS-Identifier', STRING],
  /* 33 */ ['Proxy-State', STRING],
  /* 34 */ ['Login-LAT-Service', STRING],
  /* 35 */ ['Login-LAT-Node', STRING],
  /* 36 */ ['Login-LAT-Group', STRING],
  /* 37 */ ['Framed-AppleTalk-Link', NUM],
  /* 38 */ ['Framed-AppleTalk-Network', NUM],
  /* 39 */ ['Framed-AppleTalk-Zone', STRING],
  /* 40 */ ['Acct-Status-Type', NUM, ACCT_STATUS],
  /* 41 */ ['Acct-Delay-Time', NUM],
  /* 42 */ ['Acct-Input-Octets', NUM],
  /* 43 */ ['Acct-Output-Octets', NUM],
  /* 44 */ ['Acct-Session-Id', STRING],
  /* 45 */ ['Acct-Authentic', NUM, ACCT_AUTH],
  /* 46 */ ['Acct-Session-Time', NUM],
  /* 47 */ ['Acct-Input-Packets', NUM],
  /* 48 */ ['Acct-Output-Packets', NUM],
  /* 49 */ ['Acct-Terminate-Cause', NUM, ACCT_TERM],
  /* 50 */ ['Acct-Multi-Session-Id', STRING],
  /* 51 */ ['Acct-Link-Count', NUM],
  /* 52 */ ['Acct-Input-Gigawords', NUM],
  /* 53 */ ['Acct-Output-Gigawords', NUM],
  /* 54 */ ['Unassigned', 0],
  /* 55 */ ['Event-Timestamp', TIME],
  /* 56 */ ['Egress-VLANID', NUM],
  /* 57 */ ['Ingress-Filters', NUM, INGRESS_FILTERS],
  /* 58 */ ['Egress-VLAN-Name', STRING],
  /* 59 */ ['User-Priority-Table', 0],
  /* 60 */ ['CHAP-Challenge', STRING],
  /* 61 */ ['NAS-Port-Type', NUM, NAS_PORT_TYPE],
  /* 62 */ ['Port-Limit', NUM],
  /* 63 */ ['Login-LAT-Port', STRING],
  /* 64 */ ['Tunnel-Type', NUM, TUNNEL_TYPE],
  /* 65 */ ['Tunnel-Medium-Type', NUM, TUNNEL_MEDIUM],
  /* 66 */ ['Tunnel-Client-Endpoint', STRING],
  /* 67 */ ['Tunnel-Server-Endpoint', STRING],
  /* 68 */ ['Acct-Tunnel-Connection', STRING],
  /* 69 */ ['Tunnel-Password', STRING],
  /* 70 */ ['ARAP-Password', STRANGE],
  /* 71 */ ['ARAP-Features', STRANGE],
  /* 72 */ ['ARAP-Zone-Access', NUM, ARAP_ZONE],
  /* 73 */ ['ARAP-Security', STRING],
  /* 74 */ ['ARAP-Security-Data', STRING],
  /* 75 */ ['Password-Retry', NUM],
  /* 76 */ ['Prompt', NUM, PROMPT],
  /* 77 */ ['Connect-Info', STRING],
  /* 78 */ ['Configuration-Token', STRING],
  /* 79 */ ['EAP-Message', STRING],
  /* 80 */ ['Message-Authenticator', STRING],
  /* 81 */ ['Tunnel-Private-Group-ID', STRING],
  /* 82 */ ['Tunnel-Assignment-ID', STRING],
  /* 83 */ ['Tunnel-Preference', NUM],
  /* 84 */ ['ARAP-Challenge-Response', STRANGE],
  /* 85 */ ['Acct-Interim-Interval', NUM],
  /* 86 */ ['Acct-Tunnel-Packets-Lost', NUM],
  /* 87 */ ['NAS-Port-Id', STRING],
  /* 88 */ ['Framed-Pool', STRING],
  /* 89 */ ['CUI', STRING],
  /* 90 */ ['Tunnel-Client-Auth-ID', STRING],
  /* 91 */ ['Tunnel-Server-Auth-ID', STRING],
  /* 92 */ ['NAS-Filter-Rule', STRING],
  /* 93 */ ['Unassigned', 0],
  /* 94 */ ['Originating-Line-Info', 0],
  /* 95 */ ['NAS-IPv6-Address', ADDR6],
  /* 96 */ ['Framed-Interface-ID', 0],
  /* 97 */ ['Framed-IPv6-Prefix', NETMASK6],
  /* 98 */ ['Login-IPv6-Host', ADDR6],
  /* 99 */ ['Framed-IPv6-Route', STRING],
  /* 100 */ ['Framed-IPv6-Pool', STRING],
  /* 101 */ ['Error-Cause', STRANGE],
  /* 102 */ ['EAP-Key-Name', 0],
  /* 103 */ ['Digest-Response', STRING],
  /* 104 */ ['Digest-Realm', STRING],
  /* 105 */ ['Digest-Nonce', STRING],
  /* 106 */ ['Digest-Response-Auth', STRING],
  /* 107 */ ['Digest-Nextnonce', STRING],
  /* 108 */ ['Digest-Method', STRING],
  /* 109 */ ['Digest-URI', STRING],
  /* 110 */ ['Digest-Qop', STRING],
  /* 111 */ ['Digest-Algorithm', STRING],
  /* 112 */ ['Digest-Entity-Body-Hash', STRING],
  /* 113 */ ['Digest-CNonce', STRING],
  /* 114 */ ['Digest-Nonce-Count', STRING],
  /* 115 */ ['Digest-Username', STRING],
  /* 116 */ ['Digest-Opaque', STRING],
  /* 117 */ ['Digest-Auth-Param', STRING],
  /* 118 */ ['Digest-AKA-Auts', STRING],
  /* 119 */ ['Digest-Domain', STRING],
  /* 120 */ ['Digest-Stale', STRING],
  /* 121 */ ['Digest-HA1', STRING],
  /* 122 */ ['SIP-AOR', STRING],
  /* 123 */ ['Delegated-IPv6-Prefix', NETMASK6],
  /* 124 */ ['MIP6-Feature-Vector', VECTOR64],
  /* 125 */ ['MIP6-Home-Link-Prefix', MIP6PREFIX],
  /* 126 */ ['Operator-Name', OPNAME],
  /* 127 */ ['Location-Information', LOCINFO],
  /* 128 */ ['Location-Data', LOCDATA],
  /* 129 */ ['Basic-Location-Policy-Rules', BLPR],
];

const SMI_NAMES = new Map<number, string>([
  [0, 'IETF (reserved)'], [5, 'ACC'], [9, 'Cisco'], [11, 'Hewlett Packard'],
  [42, 'Sun Microsystems'], [61, 'Merit'], [74, 'AT&T'], [161, 'Motorola'], [166, 'Shiva'],
  [193, 'Ericsson AB'], [255, 'Cisco VPN 5000'], [307, 'Livingston'], [311, 'Microsoft'],
  [429, '3Com'], [529, 'Ascend'], [1584, 'Bay Networks'], [1991, 'Foundry'], [2180, 'Versanet'],
  [2352, 'Redback'], [2636, 'Juniper Networks'], [2637, 'Aptis'], [2937, 'Deutsche Telekom AG'],
  [3054, 'Ixia Communications'], [3076, 'Cisco VPN 3000'], [3085, 'CoSine Communications'],
  [3224, 'Netscreen'], [3199, 'Shasta'], [3309, 'Nomadix'], [3414, 'T-Mobile'],
  [3561, 'The Broadband Forum'], [3902, 'ZTE'], [4329, 'Siemens'], [4491, 'CableLabs'],
  [4874, 'Unisphere Networks'], [5263, 'Cisco BBSM'],
  [5535, '3rd Generation Partnership Project 2 (3GPP2)'], [5806, 'SK Telecom'],
  [5925, 'ipUnplugged'], [5948, 'Issanni Communications'], [5951, 'Netscaler'], [6490, 'T-Mobile'],
  [6618, 'Quintum'], [6728, 'Interlink'], [7951, 'CNCTC'], [8164, 'Starent Networks'],
  [8744, 'Colubris'], [10415, '3GPP'], [10529, 'Gemtek-Systems'], [10704, 'Barracuda Networks'],
  [10923, 'Ericsson AB - Packet Core Networks'], [11665, 'dacom'], [11862, 'Columbia University'],
  [12356, 'Fortinet'], [12951, 'Verizon Wireless'], [13745, 'Plixer'], [14122, 'Wi-Fi Alliance'],
  [16787, 'T-Systems Nova'], [20942, 'China Telecom - Guangzhou Research Institute'],
  [26866, 'Gigamon Systems'], [32622, 'CACE Technologies'], [35632, 'ntop'],
  [46098, 'Ericsson Canada'],
]);

const TAGGED = new Map([[0x31, 'Tagged'], [0x32, 'Untagged']]);
const OPERATOR_NAMESPACES = new Map([[0x30, 'TADIG'], [0x31, 'REALM'], [0x32, 'E212'], [0x33, 'ICC']]);
const LOCATION_CODES = new Map([[0, 'Civic'], [1, 'Geospatial']]);
const LOCATION_ENTITIES = new Map([[0, 'User'], [1, 'RADIUS']]);
const ERROR_CAUSES = new Map([
  [201, 'Residual Session Context Removed'], [202, 'Invalid EAP Packet (Ignored)'], [401, 'Unsupported Attribute'],
  [402, 'Missing Attribute'], [403, 'NAS Identification Mismatch'], [404, 'Invalid Request'],
  [405, 'Unsupported Service'], [406, 'Unsupported Extension'], [407, 'Invalid Attribute Value'],
  [501, 'Administratively Prohibited'], [502, 'Request Not Routable (Proxy)'], [503, 'Session Context Not Found'],
  [504, 'Session Context Not Removable'], [505, 'Other Proxy Processing Error'], [506, 'Resources Unavailable'],
  [507, 'Request Initiated'], [508, 'Multiple Session Selection Unsupported'], [509, 'Location Info Required'],
]);
const MIP6_FEATURES: [bigint, string][] = [
  [0x1n, 'MIP6_INTEGRATED'], [0x2n, 'LOCAL_HOME_AGENT_ASSIGNMENT'], [0x10000000000n, 'PMIP6_SUPPORTED'],
  [0x20000000000n, 'IP4_HOA_SUPPORTED'], [0x40000000000n, 'LOCAL_MAG_ROUTING_SUPPORTED'],
  [0x80000000000n, 'ASSIGN_LOCAL_IP'], [0x100000000000n, 'MIP4_SUPPORTED'],
  [0x200000000000n, 'OPTIMIZED_IDLE_MODE_MOBILITY'], [0x400000000000n, 'GTPv2_SUPPORTED'],
  [0x800000000000n, 'IP4_TRANSPORT_SUPPORTED'], [0x1000000000000n, 'IP4_HOA_ONLY_SUPPORTED'],
  [0x2000000000000n, 'INTER_MAG_ROUTING_SUPPORTED'],
];
const BLPR_FLAGS: [number, string][] = [
  [0x0001, 'MBZ-15'], [0x0002, 'MBZ-14'], [0x0004, 'MBZ-13'], [0x0008, 'MBZ-12'], [0x0010, 'MBZ-11'],
  [0x0020, 'MBZ-10'], [0x0040, 'MBZ-9'], [0x0080, 'MBZ-8'], [0x0100, 'MBZ-7'], [0x0200, 'MBZ-6'],
  [0x0400, 'MBZ-5'], [0x0800, 'MBZ-4'], [0x1000, 'MBZ-3'], [0x2000, 'MBZ-2'], [0x4000, 'MBZ-1'],
  [0x8000, 'Retransmission Allowed'],
];

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `RADIUS, Access-Request (1), id: 0x2a length: 80`; -v: the length, code, id and authenticator,
 * then every attribute.
 */
export function radiusPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'radius';
  if (!ctx.has(p, 20)) return ctx.trunc();
  let len = ctx.u16(p + 2);
  if (len < 20) return ctx.trunc();
  if (len > length) len = length;
  const code = ctx.u8(p);
  const name = CODES.get(code) ?? 'Unknown Command';
  const id = hexPad(ctx.u8(p + 1), 2);
  if (!ctx.verbose) {
    ctx.print(`RADIUS, ${name} (${code}), id: 0x${id} length: ${len}`);
    return;
  }
  ctx.print(`RADIUS, length: ${len}\n\t${name} (${code}), id: 0x${id}, Authenticator: ${ctx.buf.toString('hex', p + 4, p + 20)}`);
  if (len > 20) attrsPrint(ctx, p + 20, len - 20);
}

function attrsPrint(ctx: Ctx, p: number, length: number): void {
  while (length > 0) {
    if (length < 2 || !ctx.has(p, 2)) return ctx.trunc();
    const type = ctx.u8(p);
    const len = ctx.u8(p + 1);
    const attr = type !== 0 && type < ATTRS.length ? ATTRS[type]! : null;
    ctx.print(`\n\t  ${attr ? attr[0] : 'Unknown'} Attribute (${type}), length: ${len}`);
    if (len < 2) return ctx.print(' (bogus, must be >= 2)');
    if (len > length) return ctx.print(' (bogus, goes past end of packet)');
    ctx.print(', Value: ');
    if (type < ATTRS.length && len > 2) valuePrint(ctx, type, ATTRS[type]![1], ATTRS[type]![2], p + 2, len - 2);
    if (ctx.verbose > 1) unknownData(ctx, p + 2, '\n\t    ', len - 2);
    length -= len;
    p += len;
  }
}

function hexUpper(ctx: Ctx, p: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += hexPad(ctx.u8(p + i), 2).toUpperCase();
  return s;
}

function u64(ctx: Ctx, p: number): bigint {
  return (BigInt(ctx.u32(p)) << 32n) | BigInt(ctx.u32(p + 4));
}

/** tcpdump's p_ntp_time: seconds.nanoseconds since 1900, and the UTC date when not zero. */
function ntpTime(ctx: Ctx, p: number): string {
  const i = ctx.u32(p);
  const uf = ctx.u32(p + 4);
  const f = Math.floor((uf / 4294967296) * 1000000000);
  let s = `${i}.${String(f).padStart(9, '0')}`;
  if (i) {
    const d = new Date((i - 2208988800) * 1000);
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
    s += ` (${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z)`;
  }
  return s;
}

/** ctime's text (local time) without its newline. */
function ctimeText(secs: number): string {
  const d = new Date(secs * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2)} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getFullYear()}`;
}

function valuePrint(ctx: Ctx, type: number, kind: number, subtypes: (string | null)[] | undefined, p: number, length: number): void {
  switch (kind) {
    case STRING:
      return stringPrint(ctx, type, p, length);
    case VENDOR:
      return vendorPrint(ctx, p, length);
    case NUM:
      return numPrint(ctx, type, subtypes, p, length);
    case ADDR: {
      if (length !== 4) return ctx.print(`ERROR: length ${length} != 4`);
      const v = ctx.u32(p);
      if ((type === 8 || type === 14) && v === 0xffffffff) ctx.print('User Selected');
      else if ((type === 8 || type === 14) && v === 0xfffffffe) ctx.print('NAS Select');
      else ctx.print(ipv4Text(ctx.buf, p));
      return;
    }
    case ADDR6:
      if (length !== 16) return ctx.print(`ERROR: length ${length} != 16`);
      ctx.check(p, 16);
      return ctx.print(ipv6Text(ctx.buf, p));
    case NETMASK6: {
      if (length < 2 || length > 18) return ctx.print(`ERROR: length ${length} not in range (2..18)`);
      if (!ctx.has(p, length)) return ctx.trunc();
      const plen = ctx.u8(p + 1);
      if (plen > 128) return ctx.print(`ERROR: netmask ${plen} not in range (0..128)`);
      const addr = Buffer.alloc(16);
      ctx.buf.copy(addr, 0, p + 2, p + length);
      ctx.print(`${ipv6Text(addr, 0)}/${plen}`);
      if (plen > 8 * (length - 2)) ctx.print(' (inconsistent prefix length)');
      return;
    }
    case MIP6PREFIX: {
      if (length !== 17) return ctx.print(`ERROR: length ${length} != 17`);
      if (!ctx.has(p, length)) return ctx.trunc();
      const plen = ctx.u8(p);
      if (plen > 128) return ctx.print(`ERROR: netmask ${plen} not in range (0..128)`);
      return ctx.print(`${ipv6Text(ctx.buf, p + 1)}/${plen}`);
    }
    case TIME:
      if (length !== 4) return ctx.print(`ERROR: length ${length} != 4`);
      return ctx.print(ctimeText(ctx.u32(p)));
    case VECTOR64: {
      if (length !== 8) return ctx.print(`ERROR: length ${length} != 8`);
      const v = u64(ctx, p);
      return ctx.print(`[${MIP6_FEATURES.filter(([bit]) => v & bit).map(([, n]) => n).join(', ')}]`);
    }
    case STRANGE:
      return strangePrint(ctx, type, p, length);
    case OPNAME: {
      if (!ctx.has(p, length)) return ctx.trunc();
      if (length < 2) return ctx.print(`ERROR: length ${length} < 2`);
      const ns = ctx.u8(p);
      ctx.print(`[${OPERATOR_NAMESPACES.get(ns) ?? `unknown namespace ${ns}`}] `);
      return printn(ctx, p + 1, length - 1);
    }
    case LOCINFO: {
      if (!ctx.has(p, length)) return ctx.trunc();
      if (length < 21) return ctx.print(`ERROR: length ${length} < 21`);
      const code = ctx.u8(p + 2);
      const entity = ctx.u8(p + 3);
      ctx.print(
        `index ${ctx.u16(p)}, code ${LOCATION_CODES.get(code) ?? `Unknown (${code})`}, entity ${LOCATION_ENTITIES.get(entity) ?? `Unknown (${entity})`}, `,
      );
      ctx.print(`sighting time ${ntpTime(ctx, p + 4)}, `);
      ctx.print(`time to live ${ntpTime(ctx, p + 12)}, `);
      ctx.print('method "');
      printn(ctx, p + 20, length - 20);
      return ctx.print('"');
    }
    case LOCDATA:
      if (!ctx.has(p, length)) return ctx.trunc();
      if (length < 3) return ctx.print(`ERROR: length ${length} < 3`);
      ctx.print(`index ${ctx.u16(p)}, location`);
      return hexAsciiDump(ctx, '\n\t    ', p + 2, length - 2);
    case BLPR: {
      if (!ctx.has(p, length)) return ctx.trunc();
      if (length < 10) return ctx.print(`ERROR: length ${length} < 10`);
      const flags = ctx.u16(p);
      const names = BLPR_FLAGS.filter(([bit]) => (flags & bit) === bit).map(([, n]) => n);
      ctx.print(`flags [${names.length ? names.join(', ') : 'none'}], `);
      ctx.print(`retention expires ${ntpTime(ctx, p + 2)}`);
      if (length > 10) {
        ctx.print(', note well "');
        printn(ctx, p + 10, length - 10);
        ctx.print('"');
      }
      return;
    }
  }
}

function stringPrint(ctx: Ctx, type: number, p: number, length: number): void {
  if (!ctx.has(p, length)) return ctx.trunc();
  switch (type) {
    case 69: {
      if (length < 3) return ctx.trunc();
      const tag = ctx.u8(p);
      ctx.print(tag && tag <= 0x1f ? `Tag[${tag}] ` : 'Tag[Unused] ');
      ctx.print(`Salt ${ctx.u16(p + 1)} `);
      p += 3;
      length -= 3;
      break;
    }
    case 66:
    case 67:
    case 81:
    case 82:
    case 90:
    case 91: {
      const tag = ctx.u8(p);
      if (tag <= 0x1f) {
        ctx.print(tag ? `Tag[${tag}] ` : 'Tag[Unused] ');
        p++;
        length--;
      }
      break;
    }
    case 58: {
      const tag = ctx.u8(p);
      ctx.print(`${TAGGED.get(tag) ?? 'Unknown tag'} (0x${hexPad(tag, 2)}) `);
      p++;
      length--;
      break;
    }
    case 79:
      return eapPrint(ctx, p, length);
  }
  let s = '';
  for (let i = 0; i < length; i++) {
    const c = ctx.u8(p + i);
    if (c === 0) break;
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  ctx.print(s);
}

function vendorPrint(ctx: Ctx, p: number, length: number): void {
  if (length < 4) return ctx.trunc();
  const vendor = ctx.u32(p);
  p += 4;
  length -= 4;
  ctx.print(`Vendor: ${SMI_NAMES.get(vendor) ?? 'Unknown'} (${vendor})`);
  while (length >= 2) {
    const vtype = ctx.u8(p);
    let vlen = ctx.u8(p + 1);
    if (vlen < 2) return ctx.print(`\n\t    Vendor Attribute: ${vtype}, Length: ${vlen} (bogus, must be >= 2)`);
    if (vlen > length) return ctx.print(`\n\t    Vendor Attribute: ${vtype}, Length: ${vlen} (bogus, goes past end of vendor-specific attribute)`);
    p += 2;
    vlen -= 2;
    length -= 2;
    if (!ctx.has(p, vlen)) return ctx.trunc();
    let s = '';
    for (let i = 0; i < vlen; i++) {
      const c = ctx.buf[p + i]!;
      s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
    }
    ctx.print(`\n\t    Vendor Attribute: ${vtype}, Length: ${vlen}, Value: ${s}`);
    p += vlen;
    length -= vlen;
  }
}

function numPrint(ctx: Ctx, type: number, subtypes: (string | null)[] | undefined, p: number, length: number): void {
  if (length !== 4) return ctx.print(`ERROR: length ${length} != 4`);
  if (subtypes) {
    let v: number;
    if (type === 64 || type === 65) {
      const tag = ctx.u8(p);
      ctx.print(tag ? `Tag[${tag}] ` : 'Tag[Unused] ');
      v = (ctx.u16(p + 1) << 8) | ctx.u8(p + 3);
    } else v = ctx.u32(p);
    const name = v < subtypes.length ? subtypes[v] : null;
    return ctx.print(name ?? `#${v}`);
  }
  const v = ctx.u32(p);
  switch (type) {
    case 23:
      return ctx.print(v === 0xfffffffe ? 'NAS Select' : `${v}`);
    case 27:
    case 28:
    case 41:
    case 46:
    case 85: {
      const pad = (n: number): string => String(n).padStart(2, '0');
      if (v < 60) return ctx.print(`${pad(v)} secs`);
      if (v < 3600) return ctx.print(`${pad(Math.floor(v / 60))}:${pad(v % 60)} min`);
      return ctx.print(`${pad(Math.floor(v / 3600))}:${pad(Math.floor((v % 3600) / 60))}:${pad(v % 60)} hours`);
    }
    case 37:
      return ctx.print(v ? `${v}` : 'Unnumbered');
    case 38:
      return ctx.print(v ? `${v}` : 'NAS assigned');
    case 83: {
      const tag = ctx.u8(p);
      ctx.print(tag ? `Tag[${tag}] ` : 'Tag[Unused] ');
      return ctx.print(`${(ctx.u16(p + 1) << 8) | ctx.u8(p + 3)}`);
    }
    case 56: {
      const tag = ctx.u8(p);
      ctx.print(`${TAGGED.get(tag) ?? 'Unknown tag'} (0x${hexPad(tag, 2)}) `);
      return ctx.print(`${(ctx.u16(p + 1) << 8) | ctx.u8(p + 3)}`);
    }
    default:
      return ctx.print(`${v}`);
  }
}

function strangePrint(ctx: Ctx, type: number, p: number, length: number): void {
  switch (type) {
    case 70:
      if (length !== 16) return ctx.print(`ERROR: length ${length} != 16`);
      ctx.print(`User_challenge (${hexUpper(ctx, p, 8)}`);
      return ctx.print(`) User_resp(${hexUpper(ctx, p + 8, 8)})`);
    case 71:
      if (length !== 14) return ctx.print(`ERROR: length ${length} != 14`);
      ctx.print(ctx.u8(p) ? 'User can change password' : 'User cannot change password');
      ctx.print(`, Min password length: ${ctx.u8(p + 1)}`);
      ctx.print(`, created at: ${hexUpper(ctx, p + 2, 4)}`);
      ctx.print(`, expires in: ${hexUpper(ctx, p + 6, 4)}`);
      return ctx.print(`, Current Time: ${hexUpper(ctx, p + 10, 4)}`);
    case 84:
      if (length < 8) return ctx.print(`ERROR: length ${length} != 8`);
      return ctx.print(hexUpper(ctx, p, 8));
    case 101: {
      if (length !== 4) return ctx.print(`Error: length ${length} != 4`);
      const v = ctx.u32(p);
      return ctx.print(`Error cause ${v}: ${ERROR_CAUSES.get(v) ?? `Error-Cause ${v} not known`}`);
    }
  }
}
