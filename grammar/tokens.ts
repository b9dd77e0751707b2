/**
 * Token types of pcap-filter(7), as libpcap's scanner.l defines them.
 *
 * Keyword families are Chevrotain categories (Pname, DirWord, ...), so a
 * parser rule can accept any member. The tokens are produced by
 * grammar/lexer.ts, which reproduces flex's longest-match rule; these
 * types therefore have no patterns of their own.
 */
import type { TokenType } from 'chevrotain';
import { createToken, Lexer } from './chevrotain.js';

const tok = (name: string, label: string, categories: TokenType[] = []): TokenType =>
  createToken({ name, pattern: Lexer.NA, label, categories });

// Categories
export const Pname = tok('Pname', 'a protocol name');
export const AddrWord = tok('AddrWord', '"host", "net", "port" or "portrange"');
export const LinkLevelOther = tok('LinkLevelOther', 'a primitive of another link type');
export const Relop = tok('Relop', 'a comparison');
export const ArithOp = tok('ArithOp', 'an arithmetic operator');
export const IdToken = tok('IdToken', 'an address or name');

/** Protocol keywords: spelling → the qualifier it stands for (several spellings share one). */
export const PNAME_WORDS: Record<string, string> = {
  link: 'link', ether: 'link', ppp: 'link', slip: 'link', fddi: 'link', tr: 'link', wlan: 'link',
  arp: 'arp', rarp: 'rarp', ip: 'ip', sctp: 'sctp', tcp: 'tcp', udp: 'udp', icmp: 'icmp', igmp: 'igmp',
  igrp: 'igrp', pim: 'pim', vrrp: 'vrrp', carp: 'carp', radio: 'radio', ip6: 'ip6', icmp6: 'icmp6',
  ah: 'ah', esp: 'esp', atalk: 'atalk', aarp: 'aarp', decnet: 'decnet', lat: 'lat', sca: 'sca',
  moprc: 'moprc', mopdl: 'mopdl', iso: 'iso', esis: 'esis', 'es-is': 'esis', isis: 'isis', 'is-is': 'isis',
  l1: 'l1', l2: 'l2', iih: 'iih', lsp: 'lsp', snp: 'snp', csnp: 'csnp', psnp: 'psnp', clnp: 'clnp',
  stp: 'stp', ipx: 'ipx', netbeui: 'netbeui',
};
export const PnameTok = tok('PnameTok', 'a protocol name', [Pname]);

export const Src = tok('Src', '"src"');
export const Dst = tok('Dst', '"dst"');
export const Host = tok('Host', '"host"', [AddrWord]);
export const Net = tok('Net', '"net"', [AddrWord]);
export const Port = tok('Port', '"port"', [AddrWord]);
export const Portrange = tok('Portrange', '"portrange"', [AddrWord]);
export const Mask = tok('Mask', '"mask"');
export const Proto = tok('Proto', '"proto"');
export const Protochain = tok('Protochain', '"protochain"');
export const Gateway = tok('Gateway', '"gateway"');
/** 802.11 direction qualifiers (addr1..addr4, ra, ta): parsed, then rejected on Ethernet. */
export const WlanDir = tok('WlanDir', 'an 802.11 address qualifier');
export const Less = tok('Less', '"less"');
export const Greater = tok('Greater', '"greater"');
export const Byte = tok('Byte', '"byte"');
export const Broadcast = tok('Broadcast', '"broadcast"');
export const Multicast = tok('Multicast', '"multicast"');
export const And = tok('And', '"and"');
export const Or = tok('Or', '"or"');
export const Not = tok('Not', '"not"');
export const Len = tok('Len', '"len"');
export const Inbound = tok('Inbound', '"inbound"');
export const Outbound = tok('Outbound', '"outbound"');
export const Ifindex = tok('Ifindex', '"ifindex"');
export const Vlan = tok('Vlan', '"vlan"');
export const Mpls = tok('Mpls', '"mpls"');
export const Pppoed = tok('Pppoed', '"pppoed"');
export const Pppoes = tok('Pppoes', '"pppoes"');
export const Geneve = tok('Geneve', '"geneve"');
export const Llc = tok('Llc', '"llc"');
/** pf, 802.11 type/subtype/dir, ATM and MTP keywords: other link types. */
export const OtherLinkWord = tok('OtherLinkWord', 'a keyword of another link type', [LinkLevelOther]);
/** "rnr" is also an LLC subtype ("llc rnr"). */
export const PfRnr = tok('PfRnr', '"rnr"', [LinkLevelOther]);

export const Plus = tok('Plus', '"+"', [ArithOp]);
export const Minus = tok('Minus', '"-"', [ArithOp]);
export const Star = tok('Star', '"*"', [ArithOp]);
export const Slash = tok('Slash', '"/"', [ArithOp]);
export const Percent = tok('Percent', '"%"', [ArithOp]);
export const Amp = tok('Amp', '"&"', [ArithOp]);
export const Pipe = tok('Pipe', '"|"', [ArithOp]);
export const Caret = tok('Caret', '"^"', [ArithOp]);
export const Lsh = tok('Lsh', '"<<"', [ArithOp]);
export const Rsh = tok('Rsh', '">>"', [ArithOp]);
export const Gt = tok('Gt', '">"', [Relop]);
export const Geq = tok('Geq', '">="', [Relop]);
export const Eq = tok('Eq', '"="', [Relop]);
export const Leq = tok('Leq', '"<="', [Relop]);
export const Lt = tok('Lt', '"<"', [Relop]);
export const Neq = tok('Neq', '"!="', [Relop]);
export const Colon = tok('Colon', '":"');
export const LBracket = tok('LBracket', '"["');
export const RBracket = tok('RBracket', '"]"');
export const LParen = tok('LParen', '"("');
export const RParen = tok('RParen', '")"');

export const Num = tok('Num', 'a number');
export const Hid = tok('Hid', 'an IPv4 address', [IdToken]);
export const Hid6 = tok('Hid6', 'an IPv6 address', [IdToken]);
export const Eid = tok('Eid', 'a MAC address', [IdToken]);
export const Aid = tok('Aid', 'an ARCnet address', [IdToken]);
export const Id = tok('Id', 'a name', [IdToken]);

/** Every token type the parser knows, categories first. */
export const allTokens: TokenType[] = [
  Pname, AddrWord, LinkLevelOther, Relop, ArithOp, IdToken,
  PnameTok, Src, Dst, Host, Net, Port, Portrange, Mask, Proto, Protochain, Gateway, WlanDir, Less, Greater, Byte,
  Broadcast, Multicast, And, Or, Not, Len, Inbound, Outbound, Ifindex, Vlan, Mpls, Pppoed, Pppoes, Geneve, Llc,
  OtherLinkWord, PfRnr,
  Plus, Minus, Star, Slash, Percent, Amp, Pipe, Caret, Lsh, Rsh, Gt, Geq, Eq, Leq, Lt, Neq, Colon, LBracket,
  RBracket, LParen, RParen, Num, Hid, Hid6, Eid, Aid, Id,
];

/** Keyword spellings → token type (scanner.l's keyword rules). */
export const KEYWORD_TOKENS: Record<string, TokenType> = {
  src: Src, dst: Dst, host: Host, net: Net, port: Port, portrange: Portrange, mask: Mask, proto: Proto,
  protochain: Protochain, gateway: Gateway, address1: WlanDir, addr1: WlanDir, address2: WlanDir, addr2: WlanDir,
  address3: WlanDir, addr3: WlanDir, address4: WlanDir, addr4: WlanDir, ra: WlanDir, ta: WlanDir,
  less: Less, greater: Greater, byte: Byte, broadcast: Broadcast, multicast: Multicast, and: And, or: Or, '&&': And, '||': Or,
  not: Not, len: Len, length: Len, inbound: Inbound, outbound: Outbound, ifindex: Ifindex, vlan: Vlan,
  mpls: Mpls, pppoed: Pppoed, pppoes: Pppoes, geneve: Geneve, llc: Llc, rnr: PfRnr, rulenum: PfRnr,
};
for (const w of Object.keys(PNAME_WORDS)) KEYWORD_TOKENS[w] = PnameTok;
/** Keywords of other link types (pf, 802.11, ATM, MTP): they lex as keywords, so they are never names. */
export const OTHER_LINK_WORDS = [
  'type', 'subtype', 'direction', 'dir', 'lane', 'metac', 'bcc', 'oam', 'oamf4', 'oamf4ec', 'oamf4sc', 'sc',
  'ilmic', 'vpi', 'vci', 'connectmsg', 'metaconnect', 'on', 'ifname', 'rset', 'ruleset', 'srnr', 'subrulenum',
  'reason', 'action', 'fisu', 'lssu', 'lsu', 'msu', 'hfisu', 'hlssu', 'hmsu', 'sio', 'opc', 'dpc', 'sls', 'hsio',
  'hopc', 'hdpc', 'hsls',
];
for (const w of OTHER_LINK_WORDS) KEYWORD_TOKENS[w] = OtherLinkWord;

/** Words the scanner turns into numbers (scanner.l): offsets and values for packet-data tests. */
export const NAMED_NUMBERS: Record<string, number> = {
  icmptype: 0, icmpcode: 1, 'icmp-echoreply': 0, 'icmp-unreach': 3, 'icmp-sourcequench': 4, 'icmp-redirect': 5,
  'icmp-echo': 8, 'icmp-routeradvert': 9, 'icmp-routersolicit': 10, 'icmp-timxceed': 11, 'icmp-paramprob': 12,
  'icmp-tstamp': 13, 'icmp-tstampreply': 14, 'icmp-ireq': 15, 'icmp-ireqreply': 16, 'icmp-maskreq': 17,
  'icmp-maskreply': 18, icmp6type: 0, icmp6code: 1, 'icmp6-destinationunreach': 1, 'icmp6-packettoobig': 2,
  'icmp6-timeexceeded': 3, 'icmp6-parameterproblem': 4, 'icmp6-echo': 128, 'icmp6-echoreply': 129,
  'icmp6-multicastlistenerquery': 130, 'icmp6-multicastlistenerreportv1': 131, 'icmp6-multicastlistenerdone': 132,
  'icmp6-routersolicit': 133, 'icmp6-routeradvert': 134, 'icmp6-neighborsolicit': 135, 'icmp6-neighboradvert': 136,
  'icmp6-redirect': 137, 'icmp6-routerrenum': 138, 'icmp6-nodeinformationquery': 139,
  'icmp6-nodeinformationresponse': 140, 'icmp6-ineighbordiscoverysolicit': 141,
  'icmp6-ineighbordiscoveryadvert': 142, 'icmp6-multicastlistenerreportv2': 143,
  'icmp6-homeagentdiscoveryrequest': 144, 'icmp6-homeagentdiscoveryreply': 145, 'icmp6-mobileprefixsolicit': 146,
  'icmp6-mobileprefixadvert': 147, 'icmp6-certpathsolicit': 148, 'icmp6-certpathadvert': 149,
  'icmp6-multicastrouteradvert': 151, 'icmp6-multicastroutersolicit': 152, 'icmp6-multicastrouterterm': 153,
  tcpflags: 13, 'tcp-fin': 0x01, 'tcp-syn': 0x02, 'tcp-rst': 0x04, 'tcp-push': 0x08, 'tcp-ack': 0x10,
  'tcp-urg': 0x20, 'tcp-ece': 0x40, 'tcp-cwr': 0x80,
};

/** Every keyword spelling, for "did you mean" suggestions. */
export const KEYWORDS: readonly string[] = Object.keys(KEYWORD_TOKENS).filter((w) => !OTHER_LINK_WORDS.includes(w) && /^[a-z]/.test(w));
