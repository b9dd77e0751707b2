/**
 * Link-layer tests, as gencode.c builds them for DLT_EN10MB (and for the
 * PPP link type "pppoes" switches to): gen_linktype and the functions under
 * it (gen_ether_linktype, gen_mpls_linktype, gen_snap, gen_llc_linktype),
 * the protocol keywords that are link-level (gen_proto_abbrev_internal),
 * "ether proto", "iso proto", "isis proto" (gen_proto), "ether host"
 * (gen_ehostop), "broadcast"/"multicast" (gen_broadcast, gen_multicast),
 * DECnet addresses (gen_dnhostop) and "llc" (gen_llc*).
 *
 * Every function builds its tests in the order gencode.c does, because that
 * order decides which loads a short frame reaches (and so which frames
 * abort). Offsets: libpcap's OR_LINKPL is `off_linkpl + off_nl`, which is
 * the context's 'net' base; OR_LLC is the context's 'llc'; OR_LINKPL_NOSNAP
 * is 'net-nosnap'; OR_PREVMPLSHDR is 'net' minus 4.
 */
import type { Broadcast, DirQ, Llc, Multicast, ProtoQ, Qualified } from '../ast.js';
import { fail } from '../diagnostics.js';
import type { Pred } from '../ir.js';
import type { Span } from '../source.js';
import { all, any, ETHERMTU, ETHERTYPE, LLCSAP, not, rel, type LowerContext } from './context.js';

/** Protocol numbers gencode.c uses beyond those in context.ts (ethertype.h, llc.h, ppp.h, isis/iso headers). */
export const LINK = {
  /** ETHERTYPE_NS (Xerox NS), mapped to PPP_NS on PPP. */
  etherNs: 0x0600,
  etherLoopback: 0x9000,
  /** LLCSAP_8021D: the Spanning Tree SAP ("stp"). */
  sap8021d: 0x42,
  sapSnap: 0xaa,
  /** PPP_MPLS_UCAST: what "mpls" tests after "pppoes". */
  pppMplsUcast: 0x0281,
} as const;

/** ISO network-layer protocol ids (NLPIDs) and IS-IS PDU types. */
export const ISO = {
  clnp: 0x81, esis: 0x82, isis: 0x83,
  l1LanIih: 15, l2LanIih: 16, ptpIih: 17, l1Lsp: 18, l2Lsp: 20, l1Csnp: 24, l2Csnp: 25, l1Psnp: 26, l2Psnp: 27,
} as const;

/** ethertype_to_ppptype: libpcap's internal (Ethernet) protocol numbers as PPP protocol numbers. */
const PPP_OF: ReadonlyMap<number, number> = new Map([
  [ETHERTYPE.ip, 0x0021],
  [ETHERTYPE.ipv6, 0x0057],
  [ETHERTYPE.decnet, 0x0027],
  [ETHERTYPE.atalk, 0x0029],
  [LINK.etherNs, 0x0025],
  [LLCSAP.isons, 0x0023],
  [LINK.sap8021d, 0x0031],
  [LLCSAP.ipx, 0x002b],
]);

/** The predicate with a note naming the primitive it came from (an extra "and" only when it has one already). */
export function noted(p: Pred, note: string): Pred {
  return p.note ? all([p], note) : { ...p, note };
}

/** What a link-level error looks like in libpcap, as a note under ours. */
function failLibpcap(ctx: LowerContext, code: string, message: string, span: Span, libpcap: string): never {
  fail(ctx.source, code, message, span, { notes: [`libpcap: "${libpcap}"`] });
}

/** The type/length field is a length (an 802.3 frame): libpcap's `not (linktype > 1500)`. */
const is8023 = (ctx: LowerContext): Pred => not(ctx.cmpRel('linktype', 0, 2, '>', ETHERMTU));

/**
 * gen_bcmp: `bytes` at `off` from `base`, compared four bytes at a time from
 * the end, then two, then one, each new test after the ones before it.
 */
function bytesEqual(ctx: LowerContext, base: 'linkhdr' | 'llc', off: number, bytes: readonly number[]): Pred {
  const terms: Pred[] = [];
  let size = bytes.length;
  const word = (at: number, n: number) => bytes.slice(at, at + n).reduce((a, b) => a * 256 + b, 0);
  while (size >= 4) {
    terms.push(ctx.cmp(base, off + size - 4, 4, word(size - 4, 4)));
    size -= 4;
  }
  while (size >= 2) {
    terms.push(ctx.cmp(base, off + size - 2, 2, word(size - 2, 2)));
    size -= 2;
  }
  if (size > 0) terms.push(ctx.cmp(base, off, 1, bytes[0]!));
  return all(terms);
}

/** gen_snap: an 802.2 LLC header AA AA 03 and a SNAP header with this OUI and protocol id. */
export function snap(ctx: LowerContext, orgcode: number, ptype: number): Pred {
  const block = [LINK.sapSnap, LINK.sapSnap, 0x03, (orgcode >>> 16) & 0xff, (orgcode >>> 8) & 0xff, orgcode & 0xff, (ptype >>> 8) & 0xff, ptype & 0xff];
  return bytesEqual(ctx, 'llc', 0, block);
}

/** gen_ether_linktype: an EtherType (> 1500), or an 802.2 SAP (<= 1500) with libpcap's special cases. */
export function etherLinktype(ctx: LowerContext, llProto: number): Pred {
  switch (llProto) {
    case LLCSAP.isons:
    case LLCSAP.ip:
    case LLCSAP.netbeui:
      // OSI, IP over 802.2 and NetBEUI: DSAP and SSAP both equal the SAP.
      return all([is8023(ctx), ctx.cmp('llc', 0, 2, ((llProto << 8) | llProto) >>> 0)]);
    case LLCSAP.ipx:
      // Ethernet_II first, then on 802.3 frames: Ethernet_SNAP, Ethernet_802.2, Ethernet_802.3 ("raw", FF FF).
      return any([
        ctx.cmp('linktype', 0, 2, ETHERTYPE.ipx),
        all([is8023(ctx), any([snap(ctx, 0x000000, ETHERTYPE.ipx), ctx.cmp('llc', 0, 1, LLCSAP.ipx), ctx.cmp('llc', 0, 2, 0xffff)])]),
      ]);
    case ETHERTYPE.atalk:
    case ETHERTYPE.aarp:
      // EtherTalk phase 1 (the EtherType), or phase 2 (SNAP: Apple's OUI for AppleTalk, 0 for AARP).
      return any([
        ctx.cmp('linktype', 0, 2, llProto),
        all([is8023(ctx), llProto === ETHERTYPE.atalk ? snap(ctx, 0x080007, ETHERTYPE.atalk) : snap(ctx, 0x000000, ETHERTYPE.aarp)]),
      ]);
    default:
      if (llProto <= ETHERMTU) return all([is8023(ctx), ctx.cmp('linktype', 2, 1, llProto)]);
      return ctx.cmp('linktype', 0, 2, llProto);
  }
}

/**
 * gen_llc_linktype, for link types whose frames always carry an 802.2 LLC
 * header. gencode.c never uses it for Ethernet (nor for PPP): it is here for
 * completeness of the link layer, and for a future LLC-only link state.
 */
export function llcLinktype(ctx: LowerContext, llProto: number): Pred {
  switch (llProto) {
    case LLCSAP.ip:
    case LLCSAP.isons:
    case LLCSAP.netbeui:
      return ctx.cmp('llc', 0, 2, ((llProto << 8) | llProto) >>> 0);
    case LLCSAP.ipx:
      return ctx.cmp('llc', 0, 1, LLCSAP.ipx);
    case ETHERTYPE.atalk:
      return snap(ctx, 0x080007, ETHERTYPE.atalk);
    default:
      // A SAP: the DSAP. An EtherType: where SNAP with OUI 0 would carry it (libpcap checks nothing else).
      return llProto <= ETHERMTU ? ctx.cmp('llc', 0, 1, llProto) : ctx.cmp('llc', 6, 2, llProto);
  }
}

/** gen_mpls_linktype: after "mpls", only IPv4 and IPv6 can be asked for (bottom of stack, then the version nibble). */
function mplsLinktype(ctx: LowerContext, llProto: number, span: Span): Pred {
  const version = llProto === ETHERTYPE.ip ? 0x40 : llProto === ETHERTYPE.ipv6 ? 0x60 : undefined;
  if (version === undefined) {
    failLibpcap(ctx, 'unsupported-protocol-over-mpls', `only "ip" and "ip6" can follow "mpls" (protocol 0x${llProto.toString(16).padStart(4, '0')} cannot)`, span, 'unsupported protocol over mpls');
  }
  return all([ctx.mcmp('net', -2, 1, 0x01, 0x01, 'bottom of the label stack'), ctx.mcmp('net', 0, 1, version, 0xf0)]);
}

/**
 * gen_linktype(ll_proto) for the current link state: `ll_proto` is an
 * EtherType (> 1500) or an 802.2 SAP (<= 1500). After "mpls" it asks the
 * label stack; after "pppoes" the PPP protocol field.
 */
export function linktype(ctx: LowerContext, llProto: number, span: Span = { start: 0, end: 0 }): Pred {
  if (ctx.labelStackDepth > 0) return mplsLinktype(ctx, llProto, span);
  if (ctx.linktype === 'ppp') return ctx.cmp('linktype', 0, 2, PPP_OF.get(llProto) ?? llProto);
  // gen_prevlinkhdr_check adds nothing on Ethernet (it matters only for ATM LANE), nor inside Geneve.
  return etherLinktype(ctx, llProto);
}

/** The EtherType or SAP a link-level protocol keyword stands for (gen_proto_abbrev_internal's gen_linktype cases). */
const LINKTYPE_OF: Partial<Record<ProtoQ, number>> = {
  arp: ETHERTYPE.arp,
  rarp: ETHERTYPE.revarp,
  atalk: ETHERTYPE.atalk,
  aarp: ETHERTYPE.aarp,
  decnet: ETHERTYPE.decnet,
  sca: ETHERTYPE.sca,
  lat: ETHERTYPE.lat,
  mopdl: ETHERTYPE.mopdl,
  moprc: ETHERTYPE.moprc,
  iso: LLCSAP.isons,
  stp: LINK.sap8021d,
  ipx: LLCSAP.ipx,
  netbeui: LLCSAP.netbeui,
};

/** gen_proto(v, Q_ISO): an OSI frame whose NLPID is v. */
function isoProto(ctx: LowerContext, v: number, span: Span): Pred {
  return all([linktype(ctx, LLCSAP.isons, span), ctx.cmp('net-nosnap', 0, 1, v)]);
}

/** gen_proto(v, Q_ISIS): an IS-IS PDU of type v. */
function isisProto(ctx: LowerContext, v: number, span: Span): Pred {
  return all([isoProto(ctx, ISO.isis, span), ctx.cmp('net-nosnap', 4, 1, v)]);
}

/**
 * An IS-IS keyword's PDU types in gencode.c's order: each gen_or there puts
 * the new test in front of the ones before it, except the second.
 */
const ISIS_PDUS: Partial<Record<ProtoQ, number[]>> = {
  l1: [ISO.l1Psnp, ISO.l1Csnp, ISO.l1Lsp, ISO.l1LanIih, ISO.ptpIih],
  l2: [ISO.l2Psnp, ISO.l2Csnp, ISO.l2Lsp, ISO.l2LanIih, ISO.ptpIih],
  iih: [ISO.ptpIih, ISO.l1LanIih, ISO.l2LanIih],
  lsp: [ISO.l1Lsp, ISO.l2Lsp],
  snp: [ISO.l2Psnp, ISO.l1Psnp, ISO.l1Csnp, ISO.l2Csnp],
  csnp: [ISO.l1Csnp, ISO.l2Csnp],
  psnp: [ISO.l1Psnp, ISO.l2Psnp],
};

/**
 * A protocol keyword standing alone ("stp", "isis", "rarp", ...) when it is
 * link-level: gen_proto_abbrev_internal. Returns undefined for the IP-level
 * keywords (ip, ip6, tcp, udp, icmp, ...), which are lowered elsewhere.
 * "ether"/"link" alone is an error, as in libpcap.
 */
export function lowerLinkProto(ctx: LowerContext, proto: ProtoQ, span: Span): Pred | undefined {
  const type = LINKTYPE_OF[proto];
  if (type !== undefined) return noted(linktype(ctx, type, span), proto);
  switch (proto) {
    case 'link':
      failLibpcap(ctx, 'link-proto-alone', '"ether" (or "link") needs something to apply to, e.g. "ether host", "ether proto" or "ether[0]"', span, 'link layer applied in wrong context');
    case 'radio':
      failLibpcap(ctx, 'radio-not-a-protocol', '"radio" is not a valid protocol type here', span, "'radio' is not a valid protocol type");
    case 'esis':
      return noted(isoProto(ctx, ISO.esis, span), proto);
    case 'isis':
      return noted(isoProto(ctx, ISO.isis, span), proto);
    case 'clnp':
      return noted(isoProto(ctx, ISO.clnp, span), proto);
    default: {
      const pdus = ISIS_PDUS[proto];
      if (pdus) return any(pdus.map((v) => isisProto(ctx, v, span)), proto);
      return undefined;
    }
  }
}

/**
 * `ether proto N` / `link proto N`: gen_proto(v, Q_LINK) = gen_linktype(v).
 * With a protocol qualifier before the span it is lowerLinkLevelProtoNumber
 * (undefined for the IP-level qualifiers).
 */
export function lowerLinkProtoNumber(ctx: LowerContext, v: number, span: Span): Pred;
export function lowerLinkProtoNumber(ctx: LowerContext, v: number, proto: ProtoQ, span: Span): Pred | undefined;
export function lowerLinkProtoNumber(ctx: LowerContext, v: number, a: Span | ProtoQ, b?: Span): Pred | undefined {
  if (typeof a === 'string') return lowerLinkLevelProtoNumber(ctx, a, v, b ?? { start: 0, end: 0 });
  return noted(linktype(ctx, v >>> 0, a), `ether proto ${v}`);
}

/** The gen_proto errors for "PROTO proto N" with a link-level PROTO (libpcap's wording). */
const PROTO_BOGUS: Partial<Record<ProtoQ, string>> = {
  arp: 'arp does not encapsulate another protocol',
  rarp: 'rarp does not encapsulate another protocol',
  atalk: 'AppleTalk encapsulation is not specifiable',
  decnet: 'DECNET encapsulation is not specifiable',
  lat: 'LAT does not encapsulate another protocol',
  sca: 'SCA does not encapsulate another protocol',
  moprc: 'MOPRC does not encapsulate another protocol',
  mopdl: 'MOPDL does not encapsulate another protocol',
  aarp: "'aarp proto' is bogus",
  esis: "'esis proto' is bogus",
  clnp: "'clnp proto' is not supported",
  stp: "'stp proto' is bogus",
  ipx: "'ipx proto' is bogus",
  netbeui: "'netbeui proto' is bogus",
  l1: "'l1 proto' is bogus",
  l2: "'l2 proto' is bogus",
  iih: "'iih proto' is bogus",
  snp: "'snp proto' is bogus",
  csnp: "'csnp proto' is bogus",
  psnp: "'psnp proto' is bogus",
  lsp: "'lsp proto' is bogus",
  radio: "'radio proto' is bogus",
};

/**
 * `PROTO proto N` for a link-level PROTO (gen_proto): "ether"/"link" (the
 * link type), "iso" (the NLPID), "isis" (the PDU type), and libpcap's
 * errors for the link-level protocols that carry no protocol field. Returns
 * undefined for the default and the IP-level protocols (lowered elsewhere).
 * `dir` is the direction qualifier, if any: libpcap refuses it first.
 */
export function lowerLinkLevelProtoNumber(ctx: LowerContext, proto: ProtoQ, v: number, span: Span, dir?: DirQ): Pred | undefined {
  const linkLevel = proto === 'link' || proto === 'iso' || proto === 'isis' || PROTO_BOGUS[proto] !== undefined;
  if (!linkLevel) return undefined;
  if (dir !== undefined) failLibpcap(ctx, 'direction-on-proto', `a direction ("${dir}") cannot qualify "proto"`, span, "direction applied to 'proto'");
  switch (proto) {
    case 'link':
      return lowerLinkProtoNumber(ctx, v, span);
    case 'iso':
      return noted(isoProto(ctx, v >>> 0, span), `iso proto ${v}`);
    case 'isis':
      return noted(isisProto(ctx, v >>> 0, span), `isis proto ${v}`);
    default: {
      const libpcap = PROTO_BOGUS[proto]!;
      failLibpcap(ctx, 'proto-not-applicable', `"${proto} proto" is not supported: ${proto} has no protocol field to test`, span, libpcap);
    }
  }
}

/** Link-level protocol names after "ether proto" (pcap_nametoeproto, then pcap_nametollc): "ether proto \arp". */
export const LINK_PROTO_NAMES: ReadonlyMap<string, number> = new Map([
  ['aarp', ETHERTYPE.aarp], ['arp', ETHERTYPE.arp], ['atalk', ETHERTYPE.atalk], ['decnet', ETHERTYPE.decnet],
  ['ip', ETHERTYPE.ip], ['ip6', ETHERTYPE.ipv6], ['lat', ETHERTYPE.lat], ['loopback', LINK.etherLoopback],
  ['mopdl', ETHERTYPE.mopdl], ['moprc', ETHERTYPE.moprc], ['rarp', ETHERTYPE.revarp], ['sca', ETHERTYPE.sca],
  ['iso', LLCSAP.isons], ['stp', LINK.sap8021d], ['ipx', LLCSAP.ipx], ['netbeui', LLCSAP.netbeui],
]);

/** OSI protocol names after "iso proto" (lookup_proto's Q_ISO case). */
export const ISO_PROTO_NAMES: ReadonlyMap<string, number> = new Map([['esis', ISO.esis], ['isis', ISO.isis], ['clnp', ISO.clnp]]);

/**
 * The number of a protocol name after "PROTO proto" (lookup_proto, names
 * case-sensitive as libpcap's strcmp): link-layer names after "ether"/"link",
 * OSI names after "iso"; any other link-level PROTO has no names at all.
 * Undefined for the default and "ip"/"ip6" (IP protocol names, resolved
 * elsewhere).
 */
export function lookupLinkProtoName(ctx: LowerContext, proto: ProtoQ | undefined, name: string, span: Span): number | undefined {
  if (proto === undefined || proto === 'ip' || proto === 'ip6') return undefined;
  const table = proto === 'link' ? LINK_PROTO_NAMES : proto === 'iso' ? ISO_PROTO_NAMES : undefined;
  const v = table?.get(name);
  if (v !== undefined) return v;
  if (proto === 'link') failLibpcap(ctx, 'unknown-ether-proto', `unknown link-layer protocol name "${name}"`, span, `unknown ether proto '${name}'`);
  if (proto === 'iso') failLibpcap(ctx, 'unknown-osi-proto', `unknown OSI protocol name "${name}" (known: esis, isis, clnp)`, span, `unknown osi proto '${name}'`);
  failLibpcap(ctx, 'unknown-protocol-name', `"${name}" is not a protocol name "${proto} proto" knows (it knows none: give a number)`, span, `unknown protocol: ${name}`);
}

// ---------------------------------------------------------------------------------------------
// Addresses

const DIR_ERRORS_802_11: Partial<Record<DirQ, string>> = {
  addr1: "'addr1' and 'address1' are only supported on 802.11 with 802.11 headers",
  addr2: "'addr2' and 'address2' are only supported on 802.11 with 802.11 headers",
  addr3: "'addr3' and 'address3' are only supported on 802.11 with 802.11 headers",
  addr4: "'addr4' and 'address4' are only supported on 802.11 with 802.11 headers",
  ra: "'ra' is only supported on 802.11 with 802.11 headers",
  ta: "'ta' is only supported on 802.11 with 802.11 headers",
};

/** Split a direction into libpcap's four cases, failing for the 802.11-only ones with `errors`' wording. */
function direction(ctx: LowerContext, dir: DirQ | undefined, span: Span, errors: Partial<Record<DirQ, string>>): 'src' | 'dst' | 'and' | 'or' {
  switch (dir) {
    case undefined:
    case 'src or dst':
      return 'or';
    case 'src and dst':
      return 'and';
    case 'src':
    case 'dst':
      return dir;
    default:
      failLibpcap(ctx, 'direction-802-11-only', `the direction "${dir}" exists only on 802.11 frames, not on Ethernet`, span, errors[dir]!);
  }
}

const macText = (mac: Uint8Array) => [...mac].map((b) => b.toString(16).padStart(2, '0')).join(':');

/**
 * `ether [src|dst|...] host MAC` (gen_ecode, gen_ehostop): the source
 * (bytes 6-11) and/or destination (bytes 0-5) address of the link header.
 * After "pppoes" the link is PPP and has no MAC addresses: an error.
 */
export function lowerEtherHost(ctx: LowerContext, mac: Uint8Array, dir: DirQ | undefined, span: Span): Pred {
  if (ctx.linktype === 'ppp') {
    failLibpcap(ctx, 'no-mac-on-ppp', 'mac addresses cannot be tested after "pppoes": the link layer there is PPP', span, 'ethernet addresses supported only on ethernet/FDDI/token ring/802.11/ATM LANE/Fibre Channel');
  }
  const bytes = [...mac];
  const src = () => bytesEqual(ctx, 'linkhdr', 6, bytes);
  const dst = () => bytesEqual(ctx, 'linkhdr', 0, bytes);
  const d = direction(ctx, dir, span, DIR_ERRORS_802_11);
  const note = `ether ${d === 'or' ? 'host' : d === 'and' ? 'src and dst' : d} ${macText(mac)}`;
  switch (d) {
    case 'src':
      return noted(src(), note);
    case 'dst':
      return noted(dst(), note);
    case 'and':
      return all([src(), dst()], note);
    case 'or':
      return any([src(), dst()], note);
  }
}

/**
 * The checks gen_ecode makes on the qualifiers of a MAC address, then
 * gen_ehostop: only "ether [dir] [host] MAC" is meaningful.
 */
export function lowerMacQualified(ctx: LowerContext, node: Qualified): Pred {
  if (node.id.kind !== 'mac') throw new Error(`internal error: lowerMacQualified on a ${node.id.kind}`);
  if (node.q.proto !== 'link' || (node.q.addr !== undefined && node.q.addr !== 'host')) {
    failLibpcap(ctx, 'mac-needs-ether', `a MAC address ("${node.id.text}") can only be used as "ether [src|dst] [host] ${node.id.text}"`, node.span, 'ethernet address used in non-ether expression');
  }
  const mac = parseMac(node.id.text);
  if (!mac) ctx.fail('bad-mac-address', `bad MAC address "${node.id.text}"`, node.id.span);
  return lowerEtherHost(ctx, mac, node.q.dir, node.span);
}

/** The EID forms of libpcap's scanner: six 1-2 digit groups with ':', '-' or '.', three 4-digit groups with '.', or 12 digits. */
const MAC_FORMS = [
  /^[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}$/i,
  /^[0-9a-f]{1,2}(-[0-9a-f]{1,2}){5}$/i,
  /^[0-9a-f]{1,2}(\.[0-9a-f]{1,2}){5}$/i,
  /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i,
  /^[0-9a-f]{12}$/i,
];

/**
 * A MAC address in any form libpcap's scanner accepts as an EID
 * (aa:bb:cc:dd:ee:ff, a:b:c:d:e:f, aa-bb-..., aa.bb...., aabb.ccdd.eeff,
 * aabbccddeeff), read as pcap_ether_aton does: one or two hex digits per
 * byte, separators skipped. Undefined for anything else.
 */
export function parseMac(text: string): Uint8Array | undefined {
  if (!MAC_FORMS.some((re) => re.test(text))) return undefined;
  const out: number[] = [];
  for (let i = 0; i < text.length; ) {
    if (':-.'.includes(text[i]!)) i++;
    const one = text.slice(i, i + 2).match(/^[0-9a-f]{1,2}/i)![0];
    out.push(parseInt(one, 16));
    i += one.length;
  }
  return out.length === 6 ? Uint8Array.from(out) : undefined;
}

/** gen_broadcast for "[ether|link] broadcast" and the bare "broadcast"; other qualifiers are errors, as in libpcap. */
export function lowerBroadcast(ctx: LowerContext, node: Broadcast): Pred {
  const proto = node.proto;
  if (proto === undefined || proto === 'link') {
    if (ctx.linktype === 'ppp') {
      failLibpcap(ctx, 'not-a-broadcast-link', '"broadcast" cannot be tested after "pppoes": PPP has no broadcast address', node.span, 'not a broadcast link');
    }
    return noted(bytesEqual(ctx, 'linkhdr', 0, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), 'ether broadcast');
  }
  if (proto === 'ip') {
    failLibpcap(ctx, 'ip-broadcast-needs-netmask', '"ip broadcast" needs the network\'s netmask, which a compiled filter does not know', node.span, "netmask not known, so 'ip broadcast' not supported");
  }
  failLibpcap(ctx, 'broadcast-qualifier', `"${proto} broadcast" does not exist: only "ether broadcast" (or "broadcast") and "ip broadcast"`, node.span, 'only link-layer/IP broadcast filters supported');
}

/** `ether broadcast` (= `link broadcast` = `broadcast`), for callers without the AST node. */
export function lowerEtherBroadcast(ctx: LowerContext, span: Span): Pred {
  return lowerBroadcast(ctx, { kind: 'broadcast', proto: 'link', span });
}

/** `ether multicast` (= `link multicast` = `multicast`), for callers without the AST node. */
export function lowerEtherMulticast(ctx: LowerContext, span: Span): Pred {
  return lowerMulticast(ctx, { kind: 'multicast', proto: 'link', span });
}

/** gen_multicast for "[ether|link|ip|ip6] multicast"; other qualifiers are errors, as in libpcap. */
export function lowerMulticast(ctx: LowerContext, node: Multicast): Pred {
  const proto = node.proto;
  if (proto === undefined || proto === 'link') {
    if (ctx.linktype === 'ether') {
      // ether[0] & 1 != 0: the group bit of the destination address.
      return rel(ctx.load('linkhdr', 0, 1), '&', 1, 'ether multicast');
    }
  } else if (proto === 'ip') {
    return all([linktype(ctx, ETHERTYPE.ip, node.span), ctx.cmpRel('net', 16, 1, '>=', 224)], 'ip multicast');
  } else if (proto === 'ip6') {
    return all([linktype(ctx, ETHERTYPE.ipv6, node.span), ctx.cmp('net', 24, 1, 255)], 'ip6 multicast');
  }
  const what = proto === undefined || proto === 'link' ? '"multicast" cannot be tested after "pppoes": PPP has no multicast addresses' : `"${proto} multicast" does not exist: only "ether", "ip" and "ip6" multicast`;
  failLibpcap(ctx, 'multicast-qualifier', what, node.span, 'link-layer multicast filters supported only on ethernet/FDDI/token ring/ARCNET/802.11/ATM LANE/Fibre Channel');
}

// ---------------------------------------------------------------------------------------------
// DECnet

const DIR_ERRORS_DECNET: Partial<Record<DirQ, string>> = {
  addr1: "'addr1' and 'address1' are not valid qualifiers for addresses other than 802.11 MAC addresses",
  addr2: "'addr2' and 'address2' are not valid qualifiers for addresses other than 802.11 MAC addresses",
  addr3: "'addr3' and 'address3' are not valid qualifiers for addresses other than 802.11 MAC addresses",
  addr4: "'addr4' and 'address4' are not valid qualifiers for addresses other than 802.11 MAC addresses",
  ra: "'ra' is not a valid qualifier for addresses other than 802.11 MAC addresses",
  ta: "'ta' is not a valid qualifier for addresses other than 802.11 MAC addresses",
};

/** A C `%d` conversion of a run of decimal digits (glibc: strtol to a 64-bit long, clamped, then cut to int). */
function cInt(digits: string): number {
  let v = BigInt(digits);
  const max = (1n << 63n) - 1n;
  if (v > max) v = max;
  return Number(BigInt.asIntN(32, v));
}

/**
 * A DECnet address "AREA.NODE" as libpcap reads it (__pcap_atodn: sscanf
 * "%d.%d", anything after the node ignored, so "1.2.3" is 1.2): the 16-bit
 * value (area << 10) | node, area kept to 6 bits and node to 10. Undefined
 * when the text does not start with two dot-separated numbers.
 */
export function parseDecnetAddress(text: string): number | undefined {
  const m = /^\s*([+-]?\d+)\.\s*([+-]?\d+)/.exec(text);
  if (!m) return undefined;
  const area = cInt(m[1]!);
  const node = cInt(m[2]!);
  return ((((area << 10) >>> 0) & 0o176000) | (node & 0o1777)) >>> 0;
}

/**
 * `decnet [src|dst] [host] ADDR` (gen_dnhostop): the DECnet routing header
 * in its four layouts (short or long header, with or without a padding
 * byte), the address little-endian. `addr` is libpcap's 32-bit value; only
 * its low 16 bits are compared (a "decnet net 1.2.3.0/24" passes the IPv4
 * network number, as libpcap does).
 */
export function lowerDecnetHost(ctx: LowerContext, addr: number, dir: DirQ | undefined, span: Span): Pred {
  const d = direction(ctx, dir, span, DIR_ERRORS_DECNET);
  const note = `decnet ${d === 'or' ? 'host' : d === 'and' ? 'src and dst' : d} ${(addr >>> 10) & 63}.${addr & 1023}`;
  if (d === 'and') return all([lowerDecnetHost(ctx, addr, 'src', span), lowerDecnetHost(ctx, addr, 'dst', span)], note);
  if (d === 'or') return any([lowerDecnetHost(ctx, addr, 'src', span), lowerDecnetHost(ctx, addr, 'dst', span)], note);
  // Offsets of the address after the flags byte: short header, and long header (past area, subarea, HIORD).
  const sh = d === 'dst' ? 1 : 3;
  const lh = d === 'dst' ? 7 : 15;
  // The address is little-endian on the wire; libpcap compares a big-endian halfword with it swapped.
  const a = ((addr & 0xff) << 8) | ((addr >>> 8) & 0xff);
  // The flags byte follows the 2-byte length; a padding byte (0x81 with its high bit) may precede it.
  const padded = (flags: number, off: number) => all([ctx.mcmp('net', 2, 2, 0x8100 | flags, 0xff07), ctx.cmp('net', 2 + 1 + off, 2, a)]);
  const plain = (flags: number, off: number) => all([ctx.mcmp('net', 2, 1, flags, 0x07), ctx.cmp('net', 2 + off, 2, a)]);
  return all([
    linktype(ctx, ETHERTYPE.decnet, span),
    any([plain(0x02, sh), padded(0x02, sh), plain(0x06, lh), padded(0x06, lh)]),
  ], note);
}

/** The DECnet address of a qualified primitive's identifier: "a.b" text, or a number taken as the 16-bit value. */
export function decnetAddressOf(ctx: LowerContext, text: string, span: Span): number {
  const v = parseDecnetAddress(text);
  if (v === undefined) failLibpcap(ctx, 'bad-decnet-address', `bad DECnet address "${text}" (expected AREA.NODE, e.g. 1.2)`, span, `malformed decnet address '${text}'`);
  return v;
}

// ---------------------------------------------------------------------------------------------
// 802.2 LLC

/** LLC S-frame and U-frame command names (llc.h), as "llc NAME" accepts them (case-insensitive). */
export const LLC_S_SUBTYPES: ReadonlyMap<string, number> = new Map([['rr', 0x01], ['rnr', 0x05], ['rej', 0x09]]);
export const LLC_U_SUBTYPES: ReadonlyMap<string, number> = new Map([
  ['ui', 0x03], ['ua', 0x63], ['disc', 0x43], ['dm', 0x0f], ['sabme', 0x6f], ['test', 0xe3], ['xid', 0xaf], ['frmr', 0x87],
]);
const LLC_S_CMD_MASK = 0x0f;
const LLC_U_CMD_MASK = 0xef;

/** gen_llc_internal on Ethernet: an 802.3 frame whose DSAP/SSAP are not FF FF (Novell raw 802.3). */
function llcFrame(ctx: LowerContext, span: Span): Pred {
  if (ctx.linktype === 'ppp') failLibpcap(ctx, 'llc-on-ppp', '"llc" cannot be tested after "pppoes": PPP frames have no 802.2 header', span, "'llc' not supported for PPP");
  return all([is8023(ctx), not(ctx.cmp('llc', 0, 2, 0xffff))]);
}

/** `llc`, `llc i|s|u`, `llc rr|rnr|rej|ui|ua|disc|dm|sabme|test|xid|frmr` (gen_llc, gen_llc_i, ...). */
export function lowerLlc(ctx: LowerContext, node: Llc): Pred {
  const sub = node.subtype;
  if (sub === undefined) return noted(llcFrame(ctx, node.span), 'llc');
  const word = sub.toLowerCase();
  const note = `llc ${word}`;
  // The subtype's name is checked by libpcap's parser before any code is generated.
  const s = LLC_S_SUBTYPES.get(word);
  const u = LLC_U_SUBTYPES.get(word);
  if (word !== 'i' && word !== 's' && word !== 'u' && s === undefined && u === undefined) {
    const known = ['i', 's', 'u', ...LLC_S_SUBTYPES.keys(), ...LLC_U_SUBTYPES.keys()].join(', ');
    failLibpcap(ctx, 'unknown-llc-type', `unknown LLC frame type "${sub}" (known: ${known})`, node.span, `unknown LLC type name "${sub}"`);
  }
  const frame = llcFrame(ctx, node.span);
  switch (word) {
    case 'i':
      // I frames: the low bit of the control byte is clear.
      return all([frame, not(rel(ctx.load('llc', 2, 1), '&', 0x01))], note);
    case 's':
      return all([frame, ctx.mcmp('llc', 2, 1, 0x01, 0x03)], note);
    case 'u':
      return all([frame, ctx.mcmp('llc', 2, 1, 0x03, 0x03)], note);
    default:
      return s !== undefined
        ? all([frame, ctx.mcmp('llc', 2, 1, s, LLC_S_CMD_MASK)], note)
        : all([frame, ctx.mcmp('llc', 2, 1, u!, LLC_U_CMD_MASK)], note);
  }
}
