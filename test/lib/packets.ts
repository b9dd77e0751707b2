/**
 * Packet builder for tests: composable layers that end in an Ethernet frame.
 *
 * Every builder below `eth` returns a {@link Layer}: bytes that are produced only when the
 * enclosing layer asks for them, so that TCP/UDP/ICMPv6 checksums can use the IP pseudo-header
 * and so that an outer layer can infer its "next protocol" field (EtherType, IP protocol, IPv6
 * next header) from the layer inside it. `eth` returns the finished frame as a Buffer.
 *
 * ```ts
 * eth({}, ipv4({ src: '198.18.0.1', dst: '198.18.0.2' }, icmpEcho({ id: 7, seq: 1, payload: 56 })))
 * eth({}, vlan({ id: 10 }, ipv6({ src: '2001:db8::1', dst: '2001:db8::2' }, tcp({ sport: 4321, dport: 9999, flags: 'S' }))))
 * truncate(frame, 40) // keeps the wire length; see wireLength()
 * ```
 *
 * Lengths and checksums are correct unless an override (`totalLength`, `checksum`, ...) says
 * otherwise. Addresses used in tests come from 198.18.0.0/15 and 2001:db8::/32.
 */

/** IPv4/IPv6 pseudo-header facts a transport layer needs for its checksum. */
export interface IpContext {
  /** 4 or 6. */
  readonly version: 4 | 6;
  /** Source address, 4 or 16 bytes. */
  readonly src: Buffer;
  /** Destination address (final destination for IPv6), 4 or 16 bytes. */
  readonly dst: Buffer;
}

/** A protocol layer whose bytes are produced on demand by the enclosing layer. */
export interface Layer {
  /** EtherType to use when this layer is carried directly in Ethernet or a VLAN tag. */
  readonly ethertype?: number;
  /** IP protocol / IPv6 next-header number when this layer is carried in IP. */
  readonly proto?: number;
  /** The layer's bytes, including everything inside it. */
  build(ctx?: IpContext): Buffer;
}

/**
 * Payload bytes: a Layer, raw bytes, an array of byte values, or a count `n` meaning
 * n bytes of the pattern 0x00, 0x01, ... 0xff, 0x00, ...
 */
export type Payload = Layer | Uint8Array | readonly number[] | number;

function isLayer(p: unknown): p is Layer {
  return typeof p === 'object' && p !== null && typeof (p as Layer).build === 'function';
}

/** Produces the bytes of a payload in the given IP context. */
export function payloadBytes(p: Payload | undefined, ctx?: IpContext): Buffer {
  if (p === undefined) return Buffer.alloc(0);
  if (typeof p === 'number') return fill(p);
  if (isLayer(p)) return p.build(ctx);
  return Buffer.from(p as Uint8Array);
}

/** `n` bytes of the pattern 0x00, 0x01, ..., 0xff, 0x00, ... (or all `byte` if given). */
export function fill(n: number, byte?: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = byte ?? i & 0xff;
  return b;
}

/** Bytes from a hex string; spaces, colons and newlines are ignored (`hex('de ad be ef')`). */
export function hex(s: string): Buffer {
  const clean = s.replace(/[\s:]/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`hex: bad hex string "${s}"`);
  return Buffer.from(clean, 'hex');
}

/**
 * Escape hatch: raw bytes as a layer, optionally declaring the EtherType or IP protocol
 * an enclosing layer should use for it.
 */
export function raw(bytes: Payload, opts: { ethertype?: number; proto?: number } = {}): Layer {
  return { ...opts, build: (ctx) => payloadBytes(bytes, ctx) };
}

// ---------------------------------------------------------------------------------------------
// Addresses and checksums

/** Parses a MAC address `02:00:00:00:00:01` (also `-` separated) into 6 bytes. */
export function mac(s: string): Buffer {
  const parts = s.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw new Error(`mac: bad MAC address "${s}"`);
  }
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}

/** Parses a dotted-quad IPv4 address into 4 bytes. */
export function ip4(s: string): Buffer {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
    throw new Error(`ip4: bad IPv4 address "${s}"`);
  }
  return Buffer.from(parts.map(Number));
}

/** Parses an IPv6 address (with `::` and an optional trailing dotted quad) into 16 bytes. */
export function ip6(s: string): Buffer {
  let text = s;
  const tail: number[] = [];
  const m = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (m) {
    const v4 = ip4(m[2]!);
    tail.push(v4.readUInt16BE(0), v4.readUInt16BE(2));
    text = m[1]!.endsWith('::') ? m[1]! : m[1]!.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) throw new Error(`ip6: bad IPv6 address "${s}"`);
  const groups = (h: string): number[] =>
    h === ''
      ? []
      : h.split(':').map((g) => {
          if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new Error(`ip6: bad IPv6 address "${s}"`);
          return parseInt(g, 16);
        });
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  const given = head.length + rest.length + tail.length;
  let words: number[];
  if (halves.length === 2) {
    if (given > 7) throw new Error(`ip6: bad IPv6 address "${s}"`);
    words = [...head, ...new Array<number>(8 - given).fill(0), ...rest, ...tail];
  } else {
    words = [...head, ...tail];
  }
  if (words.length !== 8) throw new Error(`ip6: bad IPv6 address "${s}"`);
  const b = Buffer.alloc(16);
  words.forEach((w, i) => b.writeUInt16BE(w, i * 2));
  return b;
}

/** The Internet checksum (RFC 1071) of the concatenated buffers. */
export function inetChecksum(...parts: Buffer[]): number {
  let sum = 0;
  let odd: number | undefined;
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      if (odd === undefined) odd = p[i]!;
      else {
        sum += (odd << 8) | p[i]!;
        odd = undefined;
      }
    }
  }
  if (odd !== undefined) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function pseudoHeader(ctx: IpContext, proto: number, length: number): Buffer {
  if (ctx.version === 4) {
    const b = Buffer.alloc(12);
    ctx.src.copy(b, 0);
    ctx.dst.copy(b, 4);
    b[9] = proto;
    b.writeUInt16BE(length & 0xffff, 10);
    return b;
  }
  const b = Buffer.alloc(40);
  ctx.src.copy(b, 0);
  ctx.dst.copy(b, 16);
  b.writeUInt32BE(length >>> 0, 32);
  b[39] = proto;
  return b;
}

/** Writes the checksum at `offset` of `seg`, computed over the pseudo-header (if any) and `seg`. */
function setChecksum(seg: Buffer, offset: number, proto: number, ctx: IpContext | undefined): void {
  seg.writeUInt16BE(0, offset);
  const ph = ctx ? pseudoHeader(ctx, proto, seg.length) : Buffer.alloc(0);
  seg.writeUInt16BE(inetChecksum(ph, seg), offset);
}

// ---------------------------------------------------------------------------------------------
// Link layer

/** Ethernet II header fields. */
export interface EthOptions {
  /** Source MAC; default 02:00:00:00:00:01. */
  src?: string;
  /** Destination MAC; default 02:00:00:00:00:02. */
  dst?: string;
  /** EtherType; default inferred from the payload layer (0x0800 for ipv4(), ...). */
  type?: number;
  /** Pad the frame with zeros to this many bytes (true = 60, the Ethernet minimum without FCS). */
  pad?: boolean | number;
}

/** Builds an Ethernet II frame around `payload`. */
export function eth(opts: EthOptions, payload?: Payload): Buffer {
  const type = opts.type ?? (isLayer(payload) ? payload.ethertype : undefined);
  if (type === undefined) throw new Error('eth: no EtherType given and the payload does not imply one');
  const hdr = Buffer.alloc(14);
  mac(opts.dst ?? '02:00:00:00:00:02').copy(hdr, 0);
  mac(opts.src ?? '02:00:00:00:00:01').copy(hdr, 6);
  hdr.writeUInt16BE(type, 12);
  let frame = Buffer.concat([hdr, payloadBytes(payload)]);
  const pad = opts.pad === true ? 60 : opts.pad === false ? 0 : opts.pad ?? 0;
  if (frame.length < pad) frame = Buffer.concat([frame, Buffer.alloc(pad - frame.length)]);
  return frame;
}

/** An 802.1Q / 802.1ad tag. */
export interface VlanOptions {
  /** VLAN id, 0..4095. */
  id: number;
  /** Priority code point, 0..7; default 0. */
  pcp?: number;
  /** Drop eligible indicator; default false. */
  dei?: boolean;
  /** The TPID this tag is announced with (the EtherType of the enclosing layer); default 0x8100. */
  tpid?: number;
  /** EtherType after the tag; default inferred from the payload layer. */
  type?: number;
}

/**
 * A VLAN tag as a layer: the enclosing Ethernet header (or outer tag) carries `tpid` as its
 * EtherType, and this layer holds the TCI and the inner EtherType. Nest for QinQ:
 * `eth({}, vlan({ id: 100, tpid: 0x88a8 }, vlan({ id: 10 }, ipv4(...))))`.
 */
export function vlan(opts: VlanOptions, payload?: Payload): Layer {
  return {
    ethertype: opts.tpid ?? 0x8100,
    build: () => {
      const type = opts.type ?? (isLayer(payload) ? payload.ethertype : undefined);
      if (type === undefined) throw new Error('vlan: no inner EtherType given and the payload does not imply one');
      const b = Buffer.alloc(4);
      b.writeUInt16BE((((opts.pcp ?? 0) & 7) << 13) | (opts.dei ? 0x1000 : 0) | (opts.id & 0xfff), 0);
      b.writeUInt16BE(type, 2);
      return Buffer.concat([b, payloadBytes(payload)]);
    },
  };
}

/** ARP (Ethernet/IPv4) fields. */
export interface ArpOptions {
  /** 'request' (1), 'reply' (2) or any opcode number. */
  op: 'request' | 'reply' | number;
  /** Sender MAC; default 02:00:00:00:00:01. */
  sha?: string;
  /** Sender IPv4 address. */
  spa: string;
  /** Target MAC; default 00:00:00:00:00:00. */
  tha?: string;
  /** Target IPv4 address. */
  tpa: string;
}

/** An ARP packet for Ethernet/IPv4 (EtherType 0x0806). */
export function arp(opts: ArpOptions): Layer {
  return {
    ethertype: 0x0806,
    build: () => {
      const b = Buffer.alloc(28);
      b.writeUInt16BE(1, 0);
      b.writeUInt16BE(0x0800, 2);
      b[4] = 6;
      b[5] = 4;
      b.writeUInt16BE(opts.op === 'request' ? 1 : opts.op === 'reply' ? 2 : opts.op, 6);
      mac(opts.sha ?? '02:00:00:00:00:01').copy(b, 8);
      ip4(opts.spa).copy(b, 14);
      mac(opts.tha ?? '00:00:00:00:00:00').copy(b, 18);
      ip4(opts.tpa).copy(b, 24);
      return b;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// IPv4

/** IPv4 header fields. */
export interface Ipv4Options {
  src: string;
  dst: string;
  /** Default 64. */
  ttl?: number;
  /** Identification; default 0. */
  id?: number;
  /** Type of service byte; default 0. */
  tos?: number;
  /** Don't-fragment flag. */
  df?: boolean;
  /** More-fragments flag. */
  mf?: boolean;
  /** The reserved ("evil") flag bit. */
  rf?: boolean;
  /** Fragment offset in bytes (a multiple of 8). */
  fragOffset?: number;
  /** Protocol; default inferred from the payload layer. */
  protocol?: number;
  /** Options, padded with zeros (EOL) to a multiple of 4 bytes. */
  options?: Uint8Array | readonly number[];
  /** Override the total-length field. */
  totalLength?: number;
  /** Override the header-length field (in 32-bit words). */
  ihl?: number;
  /** Override the header checksum. */
  checksum?: number;
  /** Override the version nibble (default 4). */
  version?: number;
}

/** An IPv4 packet (EtherType 0x0800, IP protocol 4 when nested in IP). */
export function ipv4(opts: Ipv4Options, payload?: Payload): Layer {
  return {
    ethertype: 0x0800,
    proto: 4,
    build: () => {
      const src = ip4(opts.src);
      const dst = ip4(opts.dst);
      const proto = opts.protocol ?? (isLayer(payload) ? payload.proto : undefined);
      if (proto === undefined) throw new Error('ipv4: no protocol given and the payload does not imply one');
      let options = Buffer.from((opts.options ?? []) as Uint8Array);
      if (options.length % 4) options = Buffer.concat([options, Buffer.alloc(4 - (options.length % 4))]);
      const hlen = 20 + options.length;
      const body = payloadBytes(payload, { version: 4, src, dst });
      const h = Buffer.alloc(hlen);
      h[0] = ((opts.version ?? 4) << 4) | ((opts.ihl ?? hlen / 4) & 0xf);
      h[1] = opts.tos ?? 0;
      h.writeUInt16BE(opts.totalLength ?? hlen + body.length, 2);
      h.writeUInt16BE(opts.id ?? 0, 4);
      const off = opts.fragOffset ?? 0;
      if (off % 8) throw new Error(`ipv4: fragment offset ${off} is not a multiple of 8`);
      h.writeUInt16BE((opts.rf ? 0x8000 : 0) | (opts.df ? 0x4000 : 0) | (opts.mf ? 0x2000 : 0) | (off / 8), 6);
      h[8] = opts.ttl ?? 64;
      h[9] = proto;
      src.copy(h, 12);
      dst.copy(h, 16);
      options.copy(h, 20);
      h.writeUInt16BE(opts.checksum ?? inetChecksum(h), 10);
      return Buffer.concat([h, body]);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// IPv6 and its extension headers

/** IPv6 header fields. */
export interface Ipv6Options {
  src: string;
  dst: string;
  /** Default 64. */
  hopLimit?: number;
  /** Traffic class; default 0. */
  tc?: number;
  /** Flow label; default 0. */
  flow?: number;
  /** Next header; default inferred from the payload layer. */
  nextHeader?: number;
  /** Override the payload-length field. */
  payloadLength?: number;
}

/** An IPv6 packet (EtherType 0x86dd, IP protocol 41 when nested in IP). */
export function ipv6(opts: Ipv6Options, payload?: Payload): Layer {
  return {
    ethertype: 0x86dd,
    proto: 41,
    build: () => {
      const src = ip6(opts.src);
      let dst = ip6(opts.dst);
      // A routing header changes the pseudo-header destination to the final one.
      if (isLayer(payload) && (payload as ExtLayer).finalDst) dst = ip6((payload as ExtLayer).finalDst!);
      const nh = opts.nextHeader ?? (isLayer(payload) ? payload.proto : undefined);
      if (nh === undefined) throw new Error('ipv6: no next header given and the payload does not imply one');
      const body = payloadBytes(payload, { version: 6, src, dst });
      const h = Buffer.alloc(40);
      h.writeUInt32BE(((6 << 28) | ((opts.tc ?? 0) << 20) | ((opts.flow ?? 0) & 0xfffff)) >>> 0, 0);
      h.writeUInt16BE(opts.payloadLength ?? body.length, 4);
      h[6] = nh;
      h[7] = opts.hopLimit ?? 64;
      ip6(opts.src).copy(h, 8);
      ip6(opts.dst).copy(h, 24);
      return Buffer.concat([h, body]);
    },
  };
}

interface ExtLayer extends Layer {
  readonly finalDst?: string;
}

function nextOf(payload: Payload | undefined, given: number | undefined, who: string): number {
  const nh = given ?? (isLayer(payload) ? payload.proto : payload === undefined ? 59 : undefined);
  if (nh === undefined) throw new Error(`${who}: no next header given and the payload does not imply one`);
  return nh;
}

/** Options of a hop-by-hop or destination-options header. */
export interface OptionsHeaderOptions {
  /** Option bytes (TLVs); padded with PadN/Pad1 to a multiple of 8 with the 2-byte header. */
  options?: Uint8Array | readonly number[];
  /** Next header; default inferred from the payload (59, no next header, when there is none). */
  nextHeader?: number;
}

function optionsHeader(proto: number, who: string, opts: OptionsHeaderOptions, payload?: Payload): ExtLayer {
  return {
    proto,
    finalDst: isLayer(payload) ? (payload as ExtLayer).finalDst : undefined,
    build: (ctx) => {
      let o = Buffer.from((opts.options ?? []) as Uint8Array);
      const padLen = (8 - ((o.length + 2) % 8)) % 8;
      if (padLen === 1) o = Buffer.concat([o, Buffer.from([0])]);
      else if (padLen > 1) o = Buffer.concat([o, Buffer.from([1, padLen - 2]), Buffer.alloc(padLen - 2)]);
      const h = Buffer.alloc(2);
      h[0] = nextOf(payload, opts.nextHeader, who);
      h[1] = (o.length + 2) / 8 - 1;
      return Buffer.concat([h, o, payloadBytes(payload, ctx)]);
    },
  };
}

/** An IPv6 hop-by-hop options header (next header 0). */
export function hopByHop(opts: OptionsHeaderOptions = {}, payload?: Payload): Layer {
  return optionsHeader(0, 'hopByHop', opts, payload);
}

/** An IPv6 destination options header (next header 60). */
export function destOpts(opts: OptionsHeaderOptions = {}, payload?: Payload): Layer {
  return optionsHeader(60, 'destOpts', opts, payload);
}

/** An IPv6 Type 0 / Type 2 style routing header with a list of addresses. */
export interface RoutingOptions {
  /** Routing type; default 0. */
  type?: number;
  /** Segments left; default the number of addresses. */
  segmentsLeft?: number;
  /** Addresses carried in the header. */
  addresses: string[];
  /** Next header; default inferred from the payload. */
  nextHeader?: number;
}

/** An IPv6 routing header (next header 43); the last address is the pseudo-header destination. */
export function routing(opts: RoutingOptions, payload?: Payload): Layer {
  const layer: ExtLayer = {
    proto: 43,
    finalDst: opts.addresses.length ? opts.addresses[opts.addresses.length - 1] : undefined,
    build: (ctx) => {
      const h = Buffer.alloc(8 + 16 * opts.addresses.length);
      h[0] = nextOf(payload, opts.nextHeader, 'routing');
      h[1] = 2 * opts.addresses.length;
      h[2] = opts.type ?? 0;
      h[3] = opts.segmentsLeft ?? opts.addresses.length;
      opts.addresses.forEach((a, i) => ip6(a).copy(h, 8 + 16 * i));
      return Buffer.concat([h, payloadBytes(payload, ctx)]);
    },
  };
  return layer;
}

/** IPv6 fragment header fields. */
export interface FragmentOptions {
  /** Identification. */
  id: number;
  /** Fragment offset in bytes (a multiple of 8); default 0. */
  offset?: number;
  /** More-fragments flag. */
  mf?: boolean;
  /** Next header; default inferred from the payload. */
  nextHeader?: number;
}

/** An IPv6 fragment header (next header 44). */
export function fragment(opts: FragmentOptions, payload?: Payload): Layer {
  return {
    proto: 44,
    finalDst: isLayer(payload) ? (payload as ExtLayer).finalDst : undefined,
    build: (ctx) => {
      const off = opts.offset ?? 0;
      if (off % 8) throw new Error(`fragment: offset ${off} is not a multiple of 8`);
      const h = Buffer.alloc(8);
      h[0] = nextOf(payload, opts.nextHeader, 'fragment');
      h.writeUInt16BE(off | (opts.mf ? 1 : 0), 2);
      h.writeUInt32BE(opts.id >>> 0, 4);
      return Buffer.concat([h, payloadBytes(payload, ctx)]);
    },
  } as ExtLayer;
}

// ---------------------------------------------------------------------------------------------
// ICMP

/** A generic ICMPv4 message: type, code, the 4 "rest of header" bytes, then the body. */
export function icmp(opts: { type: number; code?: number; rest?: number; checksum?: number }, body?: Payload): Layer {
  return {
    proto: 1,
    build: () => {
      const h = Buffer.alloc(8);
      h[0] = opts.type;
      h[1] = opts.code ?? 0;
      h.writeUInt32BE((opts.rest ?? 0) >>> 0, 4);
      const seg = Buffer.concat([h, payloadBytes(body)]);
      if (opts.checksum !== undefined) seg.writeUInt16BE(opts.checksum, 2);
      else setChecksum(seg, 2, 1, undefined);
      return seg;
    },
  };
}

/** ICMP echo request (or reply with `reply: true`). */
export function icmpEcho(opts: { id?: number; seq?: number; payload?: Payload; reply?: boolean }): Layer {
  return icmp(
    { type: opts.reply ? 0 : 8, rest: (((opts.id ?? 0) & 0xffff) << 16) | ((opts.seq ?? 0) & 0xffff) },
    opts.payload,
  );
}

/**
 * ICMP destination unreachable (type 3) quoting `original` (usually an ipv4() layer).
 * `nextMtu` fills the MTU field for code 4 (fragmentation needed).
 */
export function icmpUnreach(opts: { code: number; nextMtu?: number }, original?: Payload): Layer {
  return icmp({ type: 3, code: opts.code, rest: opts.nextMtu ?? 0 }, original);
}

/** ICMP time exceeded (type 11; code 0 in transit, 1 reassembly) quoting `original`. */
export function icmpTimeExceeded(opts: { code?: number }, original?: Payload): Layer {
  return icmp({ type: 11, code: opts.code ?? 0 }, original);
}

// ---------------------------------------------------------------------------------------------
// ICMPv6

/** A generic ICMPv6 message: type, code, then `body` (which starts at byte 4). */
export function icmp6(opts: { type: number; code?: number; checksum?: number }, body?: Payload): Layer {
  return {
    proto: 58,
    build: (ctx) => {
      const seg = Buffer.concat([Buffer.from([opts.type, opts.code ?? 0, 0, 0]), payloadBytes(body)]);
      if (opts.checksum !== undefined) seg.writeUInt16BE(opts.checksum, 2);
      else setChecksum(seg, 2, 58, ctx);
      return seg;
    },
  };
}

function u16pair(a: number, b: number): Buffer {
  const x = Buffer.alloc(4);
  x.writeUInt16BE(a & 0xffff, 0);
  x.writeUInt16BE(b & 0xffff, 2);
  return x;
}

/** ICMPv6 echo request (or reply with `reply: true`). */
export function icmp6Echo(opts: { id?: number; seq?: number; payload?: Payload; reply?: boolean }): Layer {
  return icmp6(
    { type: opts.reply ? 129 : 128 },
    raw({ build: () => Buffer.concat([u16pair(opts.id ?? 0, opts.seq ?? 0), payloadBytes(opts.payload)]) }),
  );
}

/** A link-layer address option (type 1 source, 2 target) for neighbour discovery. */
export function ndLinkAddr(type: 1 | 2, addr: string): Buffer {
  return Buffer.concat([Buffer.from([type, 1]), mac(addr)]);
}

/** ICMPv6 neighbour solicitation for `target`, with an optional source link-layer address option. */
export function icmp6NS(opts: { target: string; srcLinkAddr?: string }): Layer {
  return icmp6(
    { type: 135 },
    Buffer.concat([
      Buffer.alloc(4),
      ip6(opts.target),
      opts.srcLinkAddr ? ndLinkAddr(1, opts.srcLinkAddr) : Buffer.alloc(0),
    ]),
  );
}

/** ICMPv6 neighbour advertisement for `target` (flags R, S, O), optional target link-layer option. */
export function icmp6NA(opts: {
  target: string;
  router?: boolean;
  solicited?: boolean;
  override?: boolean;
  tgtLinkAddr?: string;
}): Layer {
  const flags = Buffer.alloc(4);
  flags[0] = (opts.router ? 0x80 : 0) | (opts.solicited ? 0x40 : 0) | (opts.override ? 0x20 : 0);
  return icmp6(
    { type: 136 },
    Buffer.concat([flags, ip6(opts.target), opts.tgtLinkAddr ? ndLinkAddr(2, opts.tgtLinkAddr) : Buffer.alloc(0)]),
  );
}

/** ICMPv6 router solicitation, with an optional source link-layer address option. */
export function icmp6RS(opts: { srcLinkAddr?: string } = {}): Layer {
  return icmp6(
    { type: 133 },
    Buffer.concat([Buffer.alloc(4), opts.srcLinkAddr ? ndLinkAddr(1, opts.srcLinkAddr) : Buffer.alloc(0)]),
  );
}

/** ICMPv6 router advertisement (hop limit, M/O flags, lifetimes), with optional raw ND options. */
export function icmp6RA(
  opts: {
    hopLimit?: number;
    managed?: boolean;
    other?: boolean;
    lifetime?: number;
    reachable?: number;
    retrans?: number;
    options?: Uint8Array;
  } = {},
): Layer {
  const b = Buffer.alloc(12);
  b[0] = opts.hopLimit ?? 64;
  b[1] = (opts.managed ? 0x80 : 0) | (opts.other ? 0x40 : 0);
  b.writeUInt16BE(opts.lifetime ?? 1800, 2);
  b.writeUInt32BE(opts.reachable ?? 0, 4);
  b.writeUInt32BE(opts.retrans ?? 0, 8);
  return icmp6({ type: 134 }, Buffer.concat([b, Buffer.from(opts.options ?? [])]));
}

/** ICMPv6 destination unreachable (type 1) quoting `original` (usually an ipv6() layer). */
export function icmp6Unreach(opts: { code: number }, original?: Payload): Layer {
  return icmp6({ type: 1, code: opts.code }, raw({ build: () => Buffer.concat([Buffer.alloc(4), payloadBytes(original)]) }));
}

// ---------------------------------------------------------------------------------------------
// TCP and UDP

/** TCP option encoders, for `tcp({ options: [tcpOpt.mss(1460), tcpOpt.sackOK(), ...] })`. */
export const tcpOpt = {
  /** End of option list (kind 0). */
  eol: (): Buffer => Buffer.from([0]),
  /** No-operation (kind 1). */
  nop: (): Buffer => Buffer.from([1]),
  /** Maximum segment size (kind 2). */
  mss: (v: number): Buffer => Buffer.from([2, 4, (v >> 8) & 0xff, v & 0xff]),
  /** Window scale shift (kind 3). */
  wscale: (v: number): Buffer => Buffer.from([3, 3, v]),
  /** SACK permitted (kind 4). */
  sackOK: (): Buffer => Buffer.from([4, 2]),
  /** SACK blocks (kind 5), each [left, right]. */
  sack: (...blocks: [number, number][]): Buffer => {
    const b = Buffer.alloc(2 + 8 * blocks.length);
    b[0] = 5;
    b[1] = b.length;
    blocks.forEach(([l, r], i) => {
      b.writeUInt32BE(l >>> 0, 2 + 8 * i);
      b.writeUInt32BE(r >>> 0, 6 + 8 * i);
    });
    return b;
  },
  /** Timestamps (kind 8). */
  ts: (val: number, ecr: number): Buffer => {
    const b = Buffer.alloc(10);
    b[0] = 8;
    b[1] = 10;
    b.writeUInt32BE(val >>> 0, 2);
    b.writeUInt32BE(ecr >>> 0, 6);
    return b;
  },
  /** Any option as kind + data (the length byte is computed). */
  other: (kind: number, data: Uint8Array = Buffer.alloc(0)): Buffer =>
    Buffer.concat([Buffer.from([kind, data.length + 2]), data]),
};

/** TCP header fields. */
export interface TcpOptions {
  sport: number;
  dport: number;
  /**
   * Flags in tcpdump's letters: S(YN) F(IN) R(ST) P(SH) U(RG) E(CE) W(CWR), and `.` or `A` for
   * ACK — `'S'`, `'S.'`, `'P.'`, `'F.'` — or the flag byte as a number. Default `'S'`.
   */
  flags?: string | number;
  /** Sequence number; default 0. */
  seq?: number;
  /** Acknowledgment number; default 0. */
  ack?: number;
  /** Window; default 65535. */
  win?: number;
  /** Urgent pointer; default 0. */
  urg?: number;
  /** Options: buffers concatenated (see tcpOpt) and padded with EOL to a multiple of 4. */
  options?: Uint8Array[] | Uint8Array;
  /** Override the data offset (in 32-bit words). */
  doff?: number;
  /** Override the checksum. */
  checksum?: number;
  payload?: Payload;
}

/** Parses tcpdump-style flag letters into the TCP flag byte. */
export function tcpFlags(f: string | number): number {
  if (typeof f === 'number') return f;
  const bits: Record<string, number> = { F: 1, S: 2, R: 4, P: 8, '.': 16, A: 16, U: 32, E: 64, W: 128 };
  let v = 0;
  for (const c of f) {
    const b = bits[c];
    if (b === undefined) throw new Error(`tcp: unknown flag letter "${c}" in "${f}"`);
    v |= b;
  }
  return v;
}

/** A TCP segment (IP protocol 6); the checksum uses the enclosing IP pseudo-header. */
export function tcp(opts: TcpOptions): Layer {
  return {
    proto: 6,
    build: (ctx) => {
      const optList = opts.options ?? [];
      let o = Array.isArray(optList) ? Buffer.concat(optList as Uint8Array[]) : Buffer.from(optList as Uint8Array);
      if (o.length % 4) o = Buffer.concat([o, Buffer.alloc(4 - (o.length % 4))]);
      const h = Buffer.alloc(20 + o.length);
      h.writeUInt16BE(opts.sport, 0);
      h.writeUInt16BE(opts.dport, 2);
      h.writeUInt32BE((opts.seq ?? 0) >>> 0, 4);
      h.writeUInt32BE((opts.ack ?? 0) >>> 0, 8);
      h[12] = (opts.doff ?? h.length / 4) << 4;
      h[13] = tcpFlags(opts.flags ?? 'S');
      h.writeUInt16BE(opts.win ?? 65535, 14);
      h.writeUInt16BE(opts.urg ?? 0, 18);
      o.copy(h, 20);
      const seg = Buffer.concat([h, payloadBytes(opts.payload)]);
      if (opts.checksum !== undefined) seg.writeUInt16BE(opts.checksum, 16);
      else setChecksum(seg, 16, 6, ctx);
      return seg;
    },
  };
}

/** UDP header fields. */
export interface UdpOptions {
  sport: number;
  dport: number;
  payload?: Payload;
  /** Override the checksum (0 = none, allowed over IPv4). */
  checksum?: number;
  /** Override the length field. */
  length?: number;
}

/** A UDP datagram (IP protocol 17); the checksum uses the enclosing IP pseudo-header. */
export function udp(opts: UdpOptions): Layer {
  return {
    proto: 17,
    build: (ctx) => {
      const body = payloadBytes(opts.payload);
      const h = Buffer.alloc(8);
      h.writeUInt16BE(opts.sport, 0);
      h.writeUInt16BE(opts.dport, 2);
      h.writeUInt16BE(opts.length ?? 8 + body.length, 4);
      const seg = Buffer.concat([h, body]);
      if (opts.checksum !== undefined) seg.writeUInt16BE(opts.checksum, 6);
      else {
        setChecksum(seg, 6, 17, ctx);
        if (seg.readUInt16BE(6) === 0) seg.writeUInt16BE(0xffff, 6);
      }
      return seg;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Truncation

const wireLengths = new WeakMap<Buffer, number>();

/**
 * The first `n` bytes of `frame`, as a capture with a snap length would hold them. The original
 * length is remembered: {@link wireLength} of the result gives it back.
 */
export function truncate(frame: Buffer, n: number): Buffer {
  const out = Buffer.from(frame.subarray(0, n));
  wireLengths.set(out, wireLength(frame));
  return out;
}

/** The on-the-wire length of a frame: its own length unless it came from {@link truncate}. */
export function wireLength(frame: Buffer): number {
  return wireLengths.get(frame) ?? frame.length;
}

// ---------------------------------------------------------------------------------------------
// DNS payloads (for udp({ payload }))

const DNS_TYPES: Record<string, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, OPT: 41, ANY: 255 };

/** A DNS name in wire form (no compression): `dnsName('www.example.test')`. */
export function dnsName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter((l) => l.length);
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);
}

/** One resource record for {@link dns}; `data` is an address, a name, or raw bytes. */
export interface DnsRecord {
  name: string;
  type: keyof typeof DNS_TYPES | number;
  class?: number;
  ttl?: number;
  data?: string | Uint8Array;
}

function rrType(t: DnsRecord['type']): number {
  return typeof t === 'number' ? t : DNS_TYPES[t]!;
}

function rdata(r: DnsRecord): Buffer {
  const t = rrType(r.type);
  if (r.data === undefined) return Buffer.alloc(0);
  if (typeof r.data !== 'string') return Buffer.from(r.data);
  if (t === 1) return ip4(r.data);
  if (t === 28) return ip6(r.data);
  if (t === 16) return Buffer.concat([Buffer.from([r.data.length]), Buffer.from(r.data, 'latin1')]);
  if (t === 15) return Buffer.concat([Buffer.from([0, 10]), dnsName(r.data)]);
  return dnsName(r.data);
}

/**
 * A DNS message: header flags by name, questions and answer/authority/additional records.
 * `dns({ id: 0x1234, rd: true, questions: [{ name: 'example.test', type: 'A' }] })`.
 */
export function dns(opts: {
  id: number;
  response?: boolean;
  opcode?: number;
  aa?: boolean;
  tc?: boolean;
  rd?: boolean;
  ra?: boolean;
  ad?: boolean;
  cd?: boolean;
  rcode?: number;
  questions?: { name: string; type: DnsRecord['type']; class?: number }[];
  answers?: DnsRecord[];
  authority?: DnsRecord[];
  additional?: DnsRecord[];
}): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(opts.id, 0);
  const flags =
    (opts.response ? 0x8000 : 0) |
    ((opts.opcode ?? 0) << 11) |
    (opts.aa ? 0x400 : 0) |
    (opts.tc ? 0x200 : 0) |
    (opts.rd ? 0x100 : 0) |
    (opts.ra ? 0x80 : 0) |
    (opts.ad ? 0x20 : 0) |
    (opts.cd ? 0x10 : 0) |
    ((opts.rcode ?? 0) & 0xf);
  h.writeUInt16BE(flags, 2);
  const qs = opts.questions ?? [];
  const sections = [opts.answers ?? [], opts.authority ?? [], opts.additional ?? []];
  h.writeUInt16BE(qs.length, 4);
  sections.forEach((s, i) => h.writeUInt16BE(s.length, 6 + 2 * i));
  const parts: Buffer[] = [h];
  for (const q of qs) {
    const tc = Buffer.alloc(4);
    tc.writeUInt16BE(rrType(q.type), 0);
    tc.writeUInt16BE(q.class ?? 1, 2);
    parts.push(dnsName(q.name), tc);
  }
  for (const r of sections.flat()) {
    const d = rdata(r);
    const f = Buffer.alloc(10);
    f.writeUInt16BE(rrType(r.type), 0);
    f.writeUInt16BE(r.class ?? 1, 2);
    f.writeUInt32BE(r.ttl ?? 300, 4);
    f.writeUInt16BE(d.length, 8);
    parts.push(dnsName(r.name), f, d);
  }
  return Buffer.concat(parts);
}
