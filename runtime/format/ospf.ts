/**
 * OSPFv2 (RFC 2328) and OSPFv3 (RFC 5340) as tcpdump 4.99 prints them: the first line
 * (`OSPFv2, Hello, length 88`) and, for OSPFv2 with -v, the header's router, area and
 * authentication, then the packet: hello timers and neighbours, database descriptions, requests,
 * updates with each LSA decoded (router, network, summary, external, NSSA, group membership,
 * opaque: traffic engineering, graceful restart, router information), acknowledgments, and the
 * link-local signalling block; -vv adds a hex dump of every LSA body. OSPFv3 likewise: with -v
 * the header, hello and database description, with -vv the LSA headers, requests and LSAs
 * (router, network, inter-area, external, link, intra-area prefix, grace, TE), then its
 * link-local signalling and authentication trailers.
 */
import { Truncated, type Ctx } from './context.js';
import { bitNames, hexDump, hexPad, ipv4Text, ipv6Text, safeChar, unknownData } from './util.js';

const TYPES = ['', 'Hello', 'Database Description', 'LS-Request', 'LS-Update', 'LS-Ack'];

const OPTIONS: [number, string][] = [
  [0x01, 'MultiTopology'], [0x02, 'External'], [0x04, 'Multicast'], [0x08, 'NSSA'], [0x10, 'LLS'],
  [0x20, 'Demand Circuit'], [0x40, 'Opaque'], [0x80, 'Up/Down'],
];
const AUTH_TYPES = ['none', 'simple', 'MD5'];
const RLA_FLAGS: [number, string][] = [[0x01, 'ABR'], [0x02, 'ASBR'], [0x04, 'Virtual'], [0x08, 'Wildcard'], [0x10, 'Nt'], [0x80, 'Host']];
const DD_FLAGS: [number, string][] = [[0x04, 'Init'], [0x02, 'More'], [0x01, 'Master'], [0x08, 'OOBResync']];
const LSA_NAMES = ['', 'Router', 'Network', 'Summary', 'ASBR Summary', 'External', 'Multicast Group', 'NSSA', '', 'Link Local Opaque', 'Area Local Opaque', 'Domain Wide Opaque'];
const OPAQUE_NAMES = ['', 'Traffic Engineering', '', 'Graceful restart', 'Router Information'];
const TOPOLOGIES = ['default', 'multicast', 'management'];
const GRACE_TLVS = ['', 'Grace Period', 'Graceful restart Reason', 'IPv4 interface address'];
const GRACE_REASONS = ['Unknown', 'Software Restart', 'Software Reload/Upgrade', 'Control Processor Switch'];
const TE_TLVS = ['', 'Router Address', 'Link'];
const TE_SUBTLVS: Record<number, string> = {
  1: 'Link Type', 2: 'Link ID', 3: 'Local Interface IP address', 4: 'Remote Interface IP address',
  5: 'Traffic Engineering Metric', 6: 'Maximum Bandwidth', 7: 'Maximum Reservable Bandwidth',
  8: 'Unreserved Bandwidth', 9: 'Administrative Group', 11: 'Link Local/Remote Identifier',
  14: 'Link Protection Type', 15: 'Interface Switching Capability', 16: 'Shared Risk Link Group',
  17: 'Bandwidth Constraints',
};
const TE_LINK_TYPES = ['', 'Point-to-point', 'Multi-Access'];
const RI_CAPS: [number, string][] = [
  [1, 'Reserved'], [2, 'Reserved'], [4, 'Reserved'], [8, 'Reserved'], [16, 'graceful restart capable'],
  [32, 'graceful restart helper'], [64, 'Stub router support'], [128, 'Traffic engineering'],
  [256, 'p2p over LAN'], [512, 'path computation server'],
];
const LINK_PROTECTION: [number, string][] = [
  [0x01, 'Extra Traffic'], [0x02, 'Unprotected'], [0x04, 'Shared'], [0x08, 'Dedicated 1:1'],
  [0x10, 'Dedicated 1+1'], [0x20, 'Enhanced'], [0x40, 'Reserved'], [0x80, 'Reserved'],
];
const SWITCH_CAPS: Record<number, string> = {
  1: 'Packet-Switch Capable-1', 2: 'Packet-Switch Capable-2', 3: 'Packet-Switch Capable-3',
  4: 'Packet-Switch Capable-4', 51: 'Layer-2 Switch Capable', 100: 'Time-Division-Multiplex',
  150: 'Lambda-Switch Capable', 200: 'Fiber-Switch Capable',
};
const ENCODINGS = ['', 'Packet', 'Ethernet V2/DIX', 'ANSI/ETSI PDH', 'Reserved', 'SDH ITU-T G.707/SONET ANSI T1.105', 'Reserved', 'Digital Wrapper', 'Lambda (photonic)', 'Fiber', 'Reserved', 'FiberChannel'];
const BC_MODELS: Record<number, string> = { 0: 'Russian dolls', 1: 'Maximum allocation', 254: 'Maximum allocation with E-LSP support' };

function ip(ctx: Ctx, off: number): string {
  ctx.check(off, 4);
  return ipv4Text(ctx.buf, off);
}

const f32 = new DataView(new ArrayBuffer(4));

/** A bandwidth field (an IEEE float of bytes per second) in Mbps as tcpdump's `%.3f` prints it (float arithmetic). */
function mbps(bits: number): string {
  f32.setUint32(0, bits >>> 0);
  const x = Math.fround(Math.fround(f32.getFloat32(0) * 8) / 1000000);
  if (Number.isNaN(x)) return bits & 0x80000000 ? '-nan' : 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  // A float times 1000 is exact in a double: ties are exact, and printf rounds them to even.
  const t = a * 1000;
  if (t >= 2 ** 53) return `${neg ? '-' : ''}${BigInt(a).toString()}.000`;
  let n = Math.floor(t);
  const frac = t - n;
  if (frac > 0.5 || (frac === 0.5 && n % 2 === 1)) n++;
  const int = Math.floor(n / 1000);
  return `${neg ? '-' : ''}${int}.${String(n - int * 1000).padStart(3, '0')}`;
}

/** Prints an OSPFv2 packet (over IPv4) at `off`; `length` is the IP payload length. */
export function ospfPrint(ctx: Ctx, off: number, length: number): void {
  ctx.protocol = 'ospf2';
  // Cryptographic authentication: tcpdump takes the 16-byte digest trailer off the length and
  // the capture before anything else (unsigned: a shorter packet's length wraps).
  if (ctx.u16(off + 14) === 2) {
    length = (length - 16) >>> 0;
    ctx.snapend -= 16;
  }
  const type = ctx.u8(off + 1);
  const name = TYPES[type] || `unknown LS-type ${type}`;
  ctx.print(`OSPFv${ctx.u8(off)}, ${name}, length ${length}`);
  if (!TYPES[type] || !ctx.verbose) return;
  const ospfLen = ctx.u16(off + 2);
  if (length !== ospfLen) ctx.print(` [len ${ospfLen}]`);
  const dataend = off + (length > ospfLen ? ospfLen : length);
  ctx.print(`\n\tRouter-ID ${ip(ctx, off + 4)}`);
  ctx.print(ctx.u32(off + 8) !== 0 ? `, Area ${ipv4Text(ctx.buf, off + 8)}` : ', Backbone Area');
  ctx.check(off + 16, 8);
  const auth = ctx.u16(off + 14);
  ctx.print(`, Authentication Type: ${AUTH_TYPES[auth] ?? 'unknown'} (${auth})`);
  if (auth === 1) {
    ctx.print('\n\tSimple text password: ');
    for (let i = 0; i < 8; i++) {
      const c = ctx.u8(off + 16 + i);
      if (c === 0) break;
      ctx.print(safeChar(c));
    }
  } else if (auth === 2) {
    ctx.print(`\n\tKey-ID: ${ctx.u8(off + 18)}, Auth-Length: ${ctx.u8(off + 19)}, Crypto Sequence Number: 0x${hexPad(ctx.u32(off + 20), 8)}`);
  } else if (auth !== 0) return;
  const version = ctx.u8(off);
  if (version !== 2) {
    ctx.print(` ospf [version ${version}]`);
    return;
  }
  decodeV2(ctx, off, type, dataend);
  if (length > ospfLen) decodeLls(ctx, off, type, length);
}

function decodeV2(ctx: Ctx, off: number, type: number, dataend: number): void {
  switch (type) {
    case 1: {
      ctx.print(`\n\tOptions [${bitNames(OPTIONS, ctx.u8(off + 30), 'none')}]`);
      const hello = ctx.u16(off + 28);
      const dead = ctx.u32(off + 32);
      ctx.print(`\n\t  Hello Timer ${hello}s, Dead Timer ${dead}s, Mask ${ip(ctx, off + 24)}, Priority ${ctx.u8(off + 31)}`);
      if (ctx.u32(off + 36) !== 0) ctx.print(`\n\t  Designated Router ${ipv4Text(ctx.buf, off + 36)}`);
      if (ctx.u32(off + 40) !== 0) ctx.print(`, Backup Designated Router ${ipv4Text(ctx.buf, off + 40)}`);
      let ap = off + 44;
      if (ap < dataend) ctx.print('\n\t  Neighbor List:');
      for (; ap < dataend; ap += 4) ctx.print(`\n\t    ${ip(ctx, ap)}`);
      return;
    }
    case 2: {
      ctx.print(`\n\tOptions [${bitNames(OPTIONS, ctx.u8(off + 26), 'none')}]`);
      ctx.print(`, DD Flags [${bitNames(DD_FLAGS, ctx.u8(off + 27), 'none')}]`);
      const mtu = ctx.u16(off + 24);
      if (mtu) ctx.print(`, MTU: ${mtu}`);
      ctx.print(`, Sequence: 0x${hexPad(ctx.u32(off + 28), 8)}`);
      for (let p = off + 32; p < dataend && lsHeader(ctx, p) !== -1; p += 20);
      return;
    }
    case 3:
      for (let p = off + 24; p < dataend; p += 12) {
        ctx.check(p, 12);
        const t = ctx.u32(p);
        ctx.print(`\n\t  Advertising Router: ${ipv4Text(ctx.buf, p + 8)}, ${LSA_NAMES[t] || 'unknown'} LSA (${t})`);
        if (t >= 9 && t <= 11) {
          const ot = ctx.u8(p + 4);
          ctx.print(`, Opaque-Type: ${OPAQUE_NAMES[ot] || 'unknown'} LSA (${ot}), Opaque-ID: ${ctx.u32(p + 4) & 0xffffff}`);
        } else ctx.print(`, LSA-ID: ${ipv4Text(ctx.buf, p + 4)}`);
      }
      return;
    case 4: {
      const count = ctx.u32(off + 24);
      ctx.print(`, ${count} LSA${count !== 1 ? 's' : ''}`);
      let p = off + 28;
      for (let i = 1; i <= count; i++) {
        ctx.print(`\n\t  LSA #${i}`);
        p = lsa(ctx, p);
      }
      return;
    }
    case 5:
      // No end test: tcpdump reads headers until one is bogus or the capture ends.
      for (let p = off + 24; lsHeader(ctx, p) !== -1; p += 20);
      return;
  }
}

/** Prints an LSA header; returns the LSA's length, or -1 (having said so) when shorter than the header. */
function lsHeader(ctx: Ctx, p: number): number {
  const len = ctx.u16(p + 18);
  if (len < 20) {
    ctx.print(`\n\t    Bogus length ${len} < header (20)`);
    return -1;
  }
  ctx.check(p + 8, 8);
  ctx.print(`\n\t  Advertising Router ${ipv4Text(ctx.buf, p + 8)}, seq 0x${hexPad(ctx.u32(p + 12), 8)}, age ${ctx.u16(p)}s, length ${len - 20}`);
  const type = ctx.u8(p + 3);
  if (type >= 9 && type <= 11) {
    const ot = ctx.u8(p + 4);
    ctx.print(`\n\t    ${LSA_NAMES[type]} LSA (${type}), Opaque-Type ${OPAQUE_NAMES[ot] || 'unknown'} LSA (${ot}), Opaque-ID ${ctx.u32(p + 4) & 0xffffff}`);
  } else ctx.print(`\n\t    ${LSA_NAMES[type] || 'unknown'} LSA (${type}), LSA-ID: ${ip(ctx, p + 4)}`);
  ctx.print(`\n\t    Options: [${bitNames(OPTIONS, ctx.u8(p + 2), 'none')}]`);
  return len;
}

/** Prints one LSA at `p`; returns where the next starts. Throws Truncated where tcpdump gives up on the packet. */
function lsa(ctx: Ctx, p: number): number {
  const total = lsHeader(ctx, p);
  if (total < 0) throw new Truncated();
  const end = p + total;
  const len = total - 20;
  const body = p + 20;
  switch (ctx.u8(p + 3)) {
    case 1: {
      ctx.print(`\n\t    Router LSA Options: [${bitNames(RLA_FLAGS, ctx.u8(body), 'none')}]`);
      const count = ctx.u16(body + 2);
      ctx.check(body + 4, 12);
      let l = body + 4;
      for (let i = count; i !== 0; i--) {
        ctx.check(l, 12);
        const lt = ctx.buf[l + 8]!;
        const id = ipv4Text(ctx.buf, l);
        const data = ipv4Text(ctx.buf, l + 4);
        if (lt === 4) ctx.print(`\n\t      Virtual Link: Neighbor Router-ID: ${id}, Interface Address: ${data}`);
        else if (lt === 1) ctx.print(`\n\t      Neighbor Router-ID: ${id}, Interface Address: ${data}`);
        else if (lt === 2) ctx.print(`\n\t      Neighbor Network-ID: ${id}, Interface Address: ${data}`);
        else if (lt === 3) ctx.print(`\n\t      Stub Network: ${id}, Mask: ${data}`);
        else {
          ctx.print(`\n\t      Unknown Router Link Type (${lt})`);
          return end;
        }
        const tosCount = ctx.buf[l + 9]!;
        for (let k = 0, t = l + 8; k <= tosCount; k++, t += 4) {
          const topo = k ? ctx.u8(t) : 0;
          ctx.print(`\n\t\ttopology ${TOPOLOGIES[topo] ?? 'Unknown'} (${topo}), metric ${ctx.u16(t + 2)}`);
        }
        l += 12 + tosCount * 4;
      }
      break;
    }
    case 2:
      ctx.print(`\n\t    Mask ${ip(ctx, body)}\n\t    Connected Routers:`);
      for (let a = body + 4; a < end; a += 4) ctx.print(`\n\t      ${ip(ctx, a)}`);
      break;
    case 3:
    case 4: {
      if (ctx.u8(p + 3) === 3) ctx.print(`\n\t    Mask ${ip(ctx, body)}`);
      ctx.check(body + 4, 4);
      for (let m = body + 4; m < end; m += 4) {
        const ul = ctx.u32(m);
        const topo = (ul >>> 24) & 0x7f;
        ctx.print(`\n\t\ttopology ${TOPOLOGIES[topo] ?? 'Unknown'} (${topo}) metric ${ul & 0xffffff}`);
      }
      break;
    }
    case 5:
    case 7: {
      ctx.print(`\n\t    Mask ${ip(ctx, body)}`);
      ctx.check(body + 4, 4);
      for (let m = body + 4; m < end; m += 12) {
        const ul = ctx.u32(m);
        const topo = (ul >>> 24) & 0x7f;
        const metric = ul & 0xffffff;
        ctx.print(`\n\t\ttopology ${TOPOLOGIES[topo] ?? 'Unknown'} (${topo}), type ${ul & 0x80000000 ? 2 : 1}, metric`);
        ctx.print(metric === 0xffffff ? ' infinite' : ` ${metric}`);
        if (ctx.u32(m + 4) !== 0) ctx.print(`, forward ${ipv4Text(ctx.buf, m + 4)}`);
        if (ctx.u32(m + 8) !== 0) ctx.print(`, tag ${ipv4Text(ctx.buf, m + 8)}`);
      }
      break;
    }
    case 6:
      for (let m = body; m < end; m += 8) {
        const vt = ctx.u32(m);
        if (vt === 1) ctx.print(`\n\t    Router Router-ID ${ip(ctx, m + 4)}`);
        else if (vt === 2) ctx.print(`\n\t    Network Designated Router ${ip(ctx, m + 4)}`);
        else ctx.print(`\n\t    unknown VertexType (${vt})`);
      }
      break;
    case 9:
    case 10:
    case 11:
      switch (ctx.u8(p + 4)) {
        case 4:
          if (!routerInfo(ctx, body, len)) return end;
          break;
        case 3:
          if (!graceLsa(ctx, body, len)) return end;
          break;
        case 1:
          if (!teLsa(ctx, body, len)) return end;
          break;
        default:
          if (ctx.verbose <= 1 && !unknownData(ctx, body, '\n\t    ', len)) return end;
      }
      break;
  }
  if (ctx.verbose > 1) unknownData(ctx, body, '\n\t    ', len);
  return end;
}

/** The TLVs of a router information LSA; false where tcpdump stops printing the LSA. */
function routerInfo(ctx: Ctx, p: number, rem: number): boolean {
  while (rem !== 0) {
    ctx.check(p, 4);
    if (rem < 4) {
      ctx.print(`\n\t    Remaining LS length ${rem} < 4`);
      return false;
    }
    const type = ctx.u16(p);
    const len = ctx.u16(p + 2);
    p += 4;
    rem -= 4;
    ctx.print(`\n\t    ${type === 1 ? 'Router Capabilities' : 'unknown'} TLV (${type}), length: ${len}, value: `);
    if (len > rem) {
      ctx.print(`\n\t    Bogus length ${len} > remaining LS length ${rem}`);
      return false;
    }
    ctx.check(p, len);
    if (type === 1) {
      if (len !== 4) {
        ctx.print(`\n\t    Bogus length ${len} != 4`);
        return false;
      }
      ctx.print(`Capabilities: ${bitNames(RI_CAPS, ctx.u32(p), 'Unknown')}`);
    } else if (ctx.verbose <= 1 && !unknownData(ctx, p, '\n\t      ', len)) return false;
    p += len;
    rem -= len;
  }
  return true;
}

/** The TLVs of a grace LSA (RFC 3623); false where tcpdump stops printing the LSA (a cut included). */
function graceLsa(ctx: Ctx, p: number, rem: number): boolean {
  while (rem > 0) {
    if (!ctx.has(p, 4)) return false;
    if (rem < 4) {
      ctx.print(`\n\t    Remaining LS length ${rem} < 4`);
      return false;
    }
    const type = ctx.u16(p);
    let len = ctx.u16(p + 2);
    p += 4;
    rem -= 4;
    ctx.print(`\n\t    ${GRACE_TLVS[type] || 'unknown'} TLV (${type}), length ${len}, value: `);
    if (len > rem) {
      ctx.print(`\n\t    Bogus length ${len} > ${rem}`);
      return false;
    }
    if (type === 0 || len === 0) return false;
    if (!ctx.has(p, len)) return false;
    if (type === 1 || type === 3) {
      if (len !== 4) {
        ctx.print(`\n\t    Bogus length ${len} != 4`);
        return false;
      }
      ctx.print(type === 1 ? `${ctx.u32(p)}s` : ipv4Text(ctx.buf, p));
    } else if (type === 2) {
      if (len !== 1) {
        ctx.print(`\n\t    Bogus length ${len} != 1`);
        return false;
      }
      const r = ctx.u8(p);
      ctx.print(`${GRACE_REASONS[r] ?? 'Unknown'} (${r})`);
    } else if (ctx.verbose <= 1 && !unknownData(ctx, p, '\n\t      ', len)) return false;
    if (len % 4) len += 4 - (len % 4);
    // Unsigned in tcpdump: padding past the end wraps the remainder, and the next header is cut.
    rem = (rem - len) >>> 0;
    p += len;
  }
  return true;
}

/** The TLVs of a traffic engineering LSA (RFC 3630, 4203, 4124); false where tcpdump stops printing the LSA. */
function teLsa(ctx: Ctx, p: number, rem: number): boolean {
  while (rem !== 0) {
    if (!ctx.has(p, 4)) return false;
    if (rem < 4) {
      ctx.print(`\n\t    Remaining LS length ${rem} < 4`);
      return false;
    }
    const type = ctx.u16(p);
    let len = ctx.u16(p + 2);
    p += 4;
    rem -= 4;
    ctx.print(`\n\t    ${TE_TLVS[type] || 'unknown'} TLV (${type}), length: ${len}`);
    if (len > rem) {
      ctx.print(`\n\t    Bogus length ${len} > ${rem}`);
      return false;
    }
    if (type === 0 || len === 0) return false;
    if (type === 2) {
      let tlen = len;
      let q = p;
      while (tlen !== 0) {
        if (tlen < 4) {
          ctx.print(`\n\t    Remaining TLV length ${tlen} < 4`);
          return false;
        }
        const st = ctx.u16(q);
        let sl = ctx.u16(q + 2);
        q += 4;
        tlen -= 4;
        if (st === 0 || sl === 0) {
          ctx.print(' (invalid)');
          return false;
        }
        ctx.print(`\n\t      ${TE_SUBTLVS[st] ?? 'unknown'} subTLV (${st}), length: ${sl}`);
        if (tlen < sl) {
          ctx.print(`\n\t    Remaining TLV length ${tlen + 4} < ${sl + 4}`);
          return false;
        }
        if (!ctx.has(q, sl)) return false;
        const skip = teSubTlv(ctx, st, q, sl);
        if (skip < 0) {
          ctx.print(' (invalid)');
          return false;
        }
        q += skip;
        if (sl % 4) sl += 4 - (sl % 4);
        if (tlen < sl) {
          ctx.print(`\n\t    Remaining TLV length ${tlen + 4} < ${sl + 4}`);
          return false;
        }
        tlen -= sl;
        q += sl;
      }
    } else if (type === 1) {
      if (len < 4) {
        ctx.print(`\n\t    TLV length ${len} < 4`);
        return false;
      }
      ctx.print(`, ${ip(ctx, p)}`);
    } else if (ctx.verbose <= 1 && !unknownData(ctx, p, '\n\t      ', len)) return false;
    if (len % 4) len += 4 - (len % 4);
    if (len > rem) {
      ctx.print(`\n\t    Bogus padded length ${len} > ${rem}`);
      return false;
    }
    rem -= len;
    p += len;
  }
  return true;
}

/**
 * One sub-TLV of a TE link TLV (captured): -1 when its length is wrong (tcpdump then says
 * "invalid"), else how far tcpdump has already moved past it (its shared-risk-group loop
 * advances over the values, and the caller then skips the sub-TLV again: kept, as tcpdump).
 */
function teSubTlv(ctx: Ctx, type: number, q: number, len: number): number {
  switch (type) {
    case 9:
      if (len !== 4) return bad(ctx, ' != 4');
      ctx.print(`, 0x${hexPad(ctx.u32(q), 8)}`);
      return 0;
    case 2:
    case 11:
      if (len !== 4 && len !== 8) return bad(ctx, ' != 4 && != 8');
      ctx.print(`, ${ipv4Text(ctx.buf, q)} (0x${hexPad(ctx.u32(q), 8)})`);
      if (len === 8) ctx.print(`, ${ipv4Text(ctx.buf, q + 4)} (0x${hexPad(ctx.u32(q + 4), 8)})`);
      return 0;
    case 3:
    case 4:
      if (len !== 4) return bad(ctx, ' != 4');
      ctx.print(`, ${ipv4Text(ctx.buf, q)}`);
      return 0;
    case 6:
    case 7:
      if (len !== 4) return bad(ctx, ' != 4');
      ctx.print(`, ${mbps(ctx.u32(q))} Mbps`);
      return 0;
    case 8:
      if (len !== 32) return bad(ctx, ' != 32');
      for (let c = 0; c < 8; c++) ctx.print(`\n\t\tTE-Class ${c}: ${mbps(ctx.u32(q + c * 4))} Mbps`);
      return 0;
    case 17: {
      if (len < 4) return bad(ctx, ' < 4');
      const model = ctx.u8(q);
      ctx.print(`\n\t\tBandwidth Constraints Model ID: ${BC_MODELS[model] ?? 'unknown'} (${model})`);
      if (len % 4) return bad(ctx, `\n\t\tlength ${len} != N x 4`);
      if (len > 36) return bad(ctx, `\n\t\tlength ${len} > 36`);
      for (let c = 0; c < (len - 4) / 4; c++) ctx.print(`\n\t\t  Bandwidth constraint CT${c}: ${mbps(ctx.u32(q + 4 + c * 4))} Mbps`);
      return 0;
    }
    case 5:
      if (len !== 4) return bad(ctx, ' != 4');
      ctx.print(`, Metric ${ctx.u32(q)}`);
      return 0;
    case 14:
      if (len !== 4) return bad(ctx, ' != 4');
      ctx.print(`, ${bitNames(LINK_PROTECTION, ctx.u8(q), 'none')}`);
      return 0;
    case 15: {
      if (len < 36) return bad(ctx, ' < 36');
      ctx.print(`\n\t\tInterface Switching Capability: ${SWITCH_CAPS[ctx.u8(q)] ?? 'Unknown'}`);
      ctx.print(`\n\t\tLSP Encoding: ${ENCODINGS[ctx.u8(q + 1)] || 'Unknown'}\n\t\tMax LSP Bandwidth:`);
      for (let l = 0; l < 8; l++) ctx.print(`\n\t\t  priority level ${l}: ${mbps(ctx.u32(q + 4 + l * 4))} Mbps`);
      return 0;
    }
    case 1: {
      if (len !== 1) return bad(ctx, ' != 1');
      const t = ctx.u8(q);
      ctx.print(`, ${TE_LINK_TYPES[t] || 'unknown'} (${t})`);
      return 0;
    }
    case 16: {
      if (len % 4) return bad(ctx, ' != N x 4');
      let n = len / 4;
      if (n) ctx.print('\n\t\t  Shared risk group: ');
      for (let at = q; n > 0; n--, at += 4) ctx.print(`${ctx.u32(at)}${n > 1 ? ', ' : ''}`);
      return len;
    }
    default:
      if (ctx.verbose <= 1) unknownData(ctx, q, '\n\t\t', len);
      return 0;
  }
}

function bad(ctx: Ctx, what: string): -1 {
  ctx.print(what);
  return -1;
}

const LLS_TLVS = ['', 'Extended Options', 'MD5 Authentication'];
const LLS_EO: [number, string][] = [[1, 'LSDB resync'], [2, 'Restart']];

/** The link-local signalling block after a hello or database description with the L option (RFC 5613). */
function decodeLls(ctx: Ctx, off: number, type: number, length: number): void {
  if (type === 1) {
    if (!(ctx.u8(off + 30) & 0x10)) return;
  } else if (type === 2) {
    if (!(ctx.u8(off + 26) & 0x10)) return;
  } else return;
  let len2 = ctx.u16(off + 2);
  let d = off + len2;
  const dataend = off + length;
  if (ctx.u16(off + 14) === 2) {
    const authLen = ctx.u8(off + 19);
    d += authLen;
    len2 += authLen;
  }
  if (len2 >= length) {
    ctx.print('\n\t[LLS truncated]');
    return;
  }
  ctx.print(`\n\t  LLS: checksum: 0x${ctx.u16(d).toString(16).padStart(4, '0')}`);
  d += 2;
  ctx.print(`, length: ${ctx.u16(d)}`);
  d += 2;
  while (d < dataend) {
    const t = ctx.u16(d);
    ctx.print(`\n\t    ${LLS_TLVS[t] || 'Unknown TLV'} (${t})`);
    d += 2;
    let l = ctx.u16(d);
    ctx.print(`, length: ${l}`);
    d += 2;
    if (t === 1) {
      if (l !== 4) {
        ctx.print(' [should be 4]');
        l = 4;
      }
      const flags = ctx.u32(d);
      ctx.print(`\n\t      Options: 0x${hexPad(flags, 8)} [${bitNames(LLS_EO, flags, '?')}]`);
    } else if (t === 2) {
      if (l !== 20) {
        ctx.print(' [should be 20]');
        l = 20;
      }
      ctx.print(`\n\t      Sequence number: 0x${hexPad(ctx.u32(d), 8)}`);
    }
    d += l;
  }
}

const OPTIONS6: [number, string][] = [
  [0x01, 'V6'], [0x02, 'External'], [0x04, 'Deprecated'], [0x08, 'NSSA'], [0x10, 'Router'],
  [0x20, 'Demand Circuit'], [0x100, 'AFs Support'], [0x200, 'LLS'], [0x400, 'Authentication Trailer'],
];
const RLA6_FLAGS: [number, string][] = [[0x01, 'ABR'], [0x02, 'External'], [0x04, 'Virtual-Link Endpoint'], [0x08, 'Deprecated'], [0x10, 'NSSA Translator']];
const ASLA6_FLAGS: [number, string][] = [[0x80000000, 'External Type 2'], [0x02000000, 'Forwarding'], [0x01000000, 'Tag']];
const DD6_FLAGS: [number, string][] = [[0x04, 'Init'], [0x02, 'More'], [0x01, 'Master'], [0x10, 'IPv6 MTU']];
const PREFIX_OPTIONS: [number, string][] = [[0x01, 'No Unicast'], [0x02, 'Local address'], [0x04, 'Deprecated'], [0x08, 'Propagate'], [0x10, 'Down'], [0x20, 'N-bit']];
const LSA6_NAMES = ['', 'Router', 'Network', 'Inter-Area Prefix', 'Inter-Area Router', 'External', 'Deprecated', 'NSSA', 'Link', 'Intra-Area Prefix', 'Intra-Area TE', 'Grace', 'Router Information', 'Inter-AS-TE', 'Layer 1 VPN'];
const SCOPES = ['Link Local', 'Area Local', 'Domain Wide'];

/**
 * Prints an OSPFv3 packet (over IPv6) at `off`; `length` is the IP payload length. With -v the
 * header and the hello or database description; with -vv the LSA headers, requests and LSAs
 * too; then the link-local signalling and authentication trailers.
 */
export function ospf6Print(ctx: Ctx, off: number, length: number): void {
  ctx.protocol = 'ospf3';
  const type = ctx.u8(off + 1);
  const name = TYPES[type] || `unknown packet type (${type})`;
  ctx.print(`OSPFv${ctx.u8(off)}, ${name}, length ${length}`);
  if (!TYPES[type] || !ctx.verbose) return;
  const datalen = ctx.u16(off + 2);
  if (datalen > length) {
    ctx.print(` [len ${datalen}]`);
    return;
  }
  const dataend = off + datalen;
  ctx.print(`\n\tRouter-ID ${ip(ctx, off + 4)}`);
  ctx.print(ctx.u32(off + 8) !== 0 ? `, Area ${ipv4Text(ctx.buf, off + 8)}` : ', Backbone Area');
  const instance = ctx.u8(off + 14);
  if (instance) ctx.print(`, Instance ${instance}`);
  if (ctx.u8(off) !== 3) return;
  decodeV3(ctx, off, type, dataend);
  trailer6(ctx, off, type, dataend, length - datalen);
}

/** tcpdump's `%zu` of a 16-bit length minus the 20-byte header: below 20 it wraps as a 64-bit size. */
function lengthAfterHeader(len: number): string {
  return len >= 20 ? String(len - 20) : (2n ** 64n - BigInt(20 - len)).toString();
}

function lsType6(ctx: Ctx, type: number, idOff: number): void {
  const t = type & 0x1fff;
  ctx.print(`\n\t    ${LSA6_NAMES[t] || 'Unknown'} LSA (${t}), ${SCOPES[(type & 0x6000) >> 13] ?? 'Unknown'} Scope${type & 0x8000 ? ', transitive' : ''}, LSA-ID ${ip(ctx, idOff)}`);
}

/** An OSPFv3 LSA header; throws Truncated past `dataend` (where tcpdump stops the packet). */
function lsHeader6(ctx: Ctx, p: number, dataend: number): void {
  if (p + 20 > dataend) throw new Truncated();
  ctx.check(p + 8, 8);
  ctx.print(`\n\t  Advertising Router ${ipv4Text(ctx.buf, p + 8)}, seq 0x${hexPad(ctx.u32(p + 12), 8)}, age ${ctx.u16(p)}s, length ${lengthAfterHeader(ctx.u16(p + 18))}`);
  lsType6(ctx, ctx.u16(p + 2), p + 4);
}

const prefixBuf = Buffer.alloc(16);

/** One address prefix (RFC 5340 A.4.1) with `len` bytes left; its length, or -1 where tcpdump gives up. */
function prefix6(ctx: Ctx, p: number, len: number): number {
  if (len < 4) return -1;
  len -= 4;
  ctx.check(p, 4);
  const plen = ctx.buf[p]!;
  const words = Math.floor((plen + 31) / 32);
  if (words * 4 > 16) {
    ctx.print(` bogus prefixlen /${plen}`);
    return -1;
  }
  if (len < words * 4) return -1;
  ctx.check(p + 4, words * 4);
  prefixBuf.fill(0);
  ctx.buf.copy(prefixBuf, 0, p + 4, p + 4 + words * 4);
  ctx.print(`\n\t\t${ipv6Text(prefixBuf, 0)}/${plen}`);
  const opt = ctx.buf[p + 1]!;
  if (opt) ctx.print(`, Options [${bitNames(PREFIX_OPTIONS, opt, 'none')}]`);
  ctx.print(`, metric ${ctx.u16(p + 2)}`);
  return 4 + words * 4;
}

/** Prints `count` prefixes (or as many as `len` holds, count < 0) at `p`; throws Truncated where tcpdump gives up. */
function prefixes6(ctx: Ctx, p: number, len: number, count: number): void {
  while (count < 0 ? len !== 0 : count-- > 0) {
    const n = prefix6(ctx, p, len);
    if (n < 0) throw new Truncated();
    len -= n;
    p += n;
  }
}

/** One OSPFv3 LSA; throws Truncated where tcpdump ends the packet with its marker. */
function lsa6(ctx: Ctx, p: number, dataend: number): void {
  lsHeader6(ctx, p, dataend);
  const length = ctx.u16(p + 18);
  if (length < 20 || p + length > dataend) throw new Truncated();
  let len = length - 20;
  const t = p + 20;
  switch (ctx.u16(p + 2)) {
    case 0x2001: {
      if (len < 4) throw new Truncated();
      len -= 4;
      ctx.print(`\n\t      Options [${bitNames(OPTIONS6, ctx.u32(t), 'none')}]`);
      ctx.print(`, RLA-Flags [${bitNames(RLA6_FLAGS, ctx.u8(t), 'none')}]`);
      for (let l = t + 4; len !== 0; l += 16) {
        if (len < 16) throw new Truncated();
        len -= 16;
        ctx.check(l, 16);
        const lt = ctx.buf[l]!;
        const ids = `${ipv4Text(ctx.buf, l + 12)}\n\t      Neighbor Interface-ID ${ipv4Text(ctx.buf, l + 8)}, Interface ${ipv4Text(ctx.buf, l + 4)}`;
        if (lt === 4) ctx.print(`\n\t      Virtual Link: Neighbor Router-ID ${ids}`);
        else if (lt === 1) ctx.print(`\n\t      Neighbor Router-ID ${ids}`);
        else if (lt === 2) ctx.print(`\n\t      Neighbor Network-ID ${ids}`);
        else {
          ctx.print(`\n\t      Unknown Router Links Type 0x${lt.toString(16).padStart(2, '0')}`);
          return;
        }
        ctx.print(`, metric ${ctx.u16(l + 2)}`);
      }
      return;
    }
    case 0x2002:
      if (len < 4) throw new Truncated();
      len -= 4;
      ctx.print(`\n\t      Options [${bitNames(OPTIONS6, ctx.u32(t), 'none')}]`);
      ctx.print('\n\t      Connected Routers:');
      for (let a = t + 4; len !== 0; a += 4) {
        if (len < 4) throw new Truncated();
        len -= 4;
        ctx.print(`\n\t\t${ip(ctx, a)}`);
      }
      return;
    case 0x2003:
      if (len < 4) throw new Truncated();
      ctx.print(`, metric ${ctx.u32(t) & 0xffffff}`);
      prefixes6(ctx, t + 4, len - 4, -1);
      return;
    case 0x4005: {
      if (len < 4) throw new Truncated();
      len -= 4;
      const flags = ctx.u32(t);
      ctx.print(`\n\t     Flags [${bitNames(ASLA6_FLAGS, flags, 'none')}]`);
      ctx.print(` metric ${flags & 0xffffff}`);
      const pfx = t + 4;
      const n = prefix6(ctx, pfx, len);
      if (n < 0) throw new Truncated();
      len -= n;
      let q = pfx + n;
      if (flags & 0x02000000) {
        if (len < 16) throw new Truncated();
        len -= 16;
        ctx.check(q, 16);
        ctx.print(` forward ${ipv6Text(ctx.buf, q)}`);
        q += 16;
      }
      if (flags & 0x01000000) {
        if (len < 4) throw new Truncated();
        len -= 4;
        ctx.print(` tag ${ip(ctx, q)}`);
        q += 4;
      }
      // The referenced LS type's first byte (tcpdump reads one byte of the 16-bit field).
      if (ctx.u8(pfx + 2)) {
        if (len < 4) throw new Truncated();
        ctx.print(` RefLSID: ${ip(ctx, q)}`);
      }
      return;
    }
    case 0x0008: {
      if (len < 4) throw new Truncated();
      len -= 4;
      ctx.check(t, 4);
      ctx.print(`\n\t      Options [${bitNames(OPTIONS6, ctx.u32(t), 'none')}]`);
      if (len < 20) throw new Truncated();
      len -= 20;
      const count = ctx.u32(t + 20);
      ctx.check(t + 4, 16);
      ctx.print(`\n\t      Priority ${ctx.u8(t)}, Link-local address ${ipv6Text(ctx.buf, t + 4)}, Prefixes ${count}:`);
      prefixes6(ctx, t + 24, len, count);
      return;
    }
    case 0x2009: {
      // tcpdump checks room for the router ID, then for the prefix count, and starts the prefixes after all four fields.
      if (len < 4) throw new Truncated();
      len -= 4;
      ctx.check(t + 8, 4);
      lsType6(ctx, ctx.u16(t + 2), t + 4);
      if (len < 2) throw new Truncated();
      len -= 2;
      const count = ctx.u16(t);
      ctx.print(`\n\t      Prefixes ${count}:`);
      prefixes6(ctx, t + 12, len, count);
      return;
    }
    case 0x000b:
      if (!graceLsa(ctx, t, len)) throw new Truncated();
      return;
    case 0x000a:
      if (!teLsa(ctx, t, len)) throw new Truncated();
      return;
    default:
      if (!unknownData(ctx, t, '\n\t      ', len)) throw new Truncated();
  }
}

function decodeV3(ctx: Ctx, off: number, type: number, dataend: number): void {
  const b = off + 16;
  const vv = ctx.verbose > 1;
  switch (type) {
    case 1: {
      ctx.print(`\n\tOptions [${bitNames(OPTIONS6, ctx.u32(b + 4), 'none')}]`);
      const hello = ctx.u16(b + 8);
      const dead = ctx.u16(b + 10);
      ctx.print(`\n\t  Hello Timer ${hello}s, Dead Timer ${dead}s, Interface-ID ${ip(ctx, b)}, Priority ${ctx.u8(b + 4)}`);
      if (ctx.u32(b + 12) !== 0) ctx.print(`\n\t  Designated Router ${ipv4Text(ctx.buf, b + 12)}`);
      if (ctx.u32(b + 16) !== 0) ctx.print(`, Backup Designated Router ${ipv4Text(ctx.buf, b + 16)}`);
      if (vv) {
        ctx.print('\n\t  Neighbor List:');
        for (let a = b + 20; a < dataend; a += 4) ctx.print(`\n\t    ${ip(ctx, a)}`);
      }
      return;
    }
    case 2: {
      ctx.print(`\n\tOptions [${bitNames(OPTIONS6, ctx.u32(b), 'none')}]`);
      ctx.print(`, DD Flags [${bitNames(DD6_FLAGS, ctx.u8(b + 7), 'none')}]`);
      const mtu = ctx.u16(b + 4);
      ctx.print(`, MTU ${mtu}, DD-Sequence 0x${hexPad(ctx.u32(b + 8), 8)}`);
      if (vv) for (let h = b + 12; h < dataend; h += 20) lsHeader6(ctx, h, dataend);
      return;
    }
    case 3:
      if (vv) {
        for (let r = b; r < dataend; r += 12) {
          ctx.check(r, 12);
          ctx.print(`\n\t  Advertising Router ${ipv4Text(ctx.buf, r + 8)}`);
          lsType6(ctx, ctx.u16(r + 2), r + 4);
        }
      }
      return;
    case 4:
      if (vv) {
        // A signed count in tcpdump: one of 2^31 or more means "until the end".
        let i = ctx.u32(b) | 0;
        for (let l = b + 4; l < dataend && i-- !== 0; l += ctx.u16(l + 18)) lsa6(ctx, l, dataend);
      }
      return;
    case 5:
      if (vv) for (let h = b; h < dataend; h += 20) lsHeader6(ctx, h, dataend);
      return;
  }
}

/** What follows the OSPFv3 packet: link-local signalling (hello, database description with L) and an authentication trailer. */
function trailer6(ctx: Ctx, off: number, type: number, cp: number, len: number): void {
  let lls = false;
  if (type === 1) lls = (ctx.u32(off + 20) & 0x200) !== 0;
  else if (type === 2) lls = (ctx.u32(off + 16) & 0x200) !== 0;
  let llsLen = 0;
  if (lls && len !== 0) {
    if (len < 4) throw new Truncated();
    ctx.print(`\n\tLLS Checksum 0x${ctx.u16(cp).toString(16).padStart(4, '0')}`);
    llsLen = ctx.u16(cp + 2);
    ctx.print(`, Data Length ${llsLen}`);
    if (llsLen < 4 || llsLen > len) throw new Truncated();
    ctx.check(cp + 4, llsLen - 4);
  }
  cp += llsLen;
  len -= llsLen;
  if (len === 0) return;
  if (len < 16) throw new Truncated();
  const at = ctx.u16(cp);
  ctx.print(`\n\tAuthentication Type ${at === 1 ? 'HMAC' : `unknown (0x${at.toString(16).padStart(4, '0')})`}`);
  const atLen = ctx.u16(cp + 2);
  ctx.print(`, Length ${atLen}`);
  if (atLen < 16 || atLen > len) throw new Truncated();
  ctx.print(`, SAID ${ctx.u16(cp + 6)}`);
  ctx.print(`, CSN 0x${hexPad(ctx.u32(cp + 8), 8)}`);
  ctx.print(`:${hexPad(ctx.u32(cp + 12), 8)}`);
  ctx.check(cp + 16, atLen - 16);
  if (ctx.verbose > 1) unknownData(ctx, cp + 16, '\n\tAuthentication Data ', atLen - 16);
}
