/**
 * LDP (port 646, RFC 5036; over TCP from tcp-apps.ts, over UDP from udp-apps.ts) as tcpdump
 * prints it: without -v the first PDU's LSR-ID, label space and length, right after the
 * transport line (tcpdump prints no separator); with -v every PDU and its messages and TLVs
 * (hello, session, address lists, FECs with prefixes and Martini pseudowires, labels, status,
 * fault tolerance, MTU), with -vv hex dumps.
 */
import { Truncated, type Ctx } from './context.js';
import { bitNames, hexDump, hexPad, ipv4Text, ipv6Text, safeChar } from './util.js';

const MSG_TYPES = new Map<number, string>([
  [0x0001, 'Notification'], [0x0100, 'Hello'], [0x0200, 'Initialization'], [0x0201, 'Keepalive'],
  [0x0300, 'Address'], [0x0301, 'Address Withdraw'], [0x0400, 'Label Mapping'], [0x0401, 'Label Request'],
  [0x0402, 'Label Withdraw'], [0x0403, 'Label Release'], [0x0404, 'Label Abort Request'],
]);

/** Message types whose TLVs tcpdump decodes (the others are dumped in hex with -v). */
const TLV_MESSAGES = new Set([0x0001, 0x0100, 0x0200, 0x0201, 0x0300, 0x0400, 0x0301, 0x0402]);

const TLV_TYPES = new Map<number, string>([
  [0x0100, 'FEC'], [0x0101, 'Address List'], [0x0103, 'Hop Count'], [0x0104, 'Path Vector'],
  [0x0200, 'Generic Label'], [0x0201, 'ATM Label'], [0x0202, 'Frame-Relay Label'], [0x0300, 'Status'],
  [0x0301, 'Extended Status'], [0x0302, 'Returned PDU'], [0x0303, 'Returned Message'],
  [0x0400, 'Common Hello Parameters'], [0x0401, 'IPv4 Transport Address'], [0x0402, 'Configuration Sequence Number'],
  [0x0403, 'IPv6 Transport Address'], [0x0500, 'Common Session Parameters'], [0x0501, 'ATM Session Parameters'],
  [0x0502, 'Frame-Relay Session Parameters'], [0x0503, 'Fault-Tolerant Session Parameters'],
  [0x0600, 'Label Request Message ID'], [0x0601, 'MTU'],
]);

const FEC_TYPES = new Map<number, string>([[0x01, 'Wildcard'], [0x02, 'Prefix'], [0x03, 'Host address'], [0x80, 'Martini VC']]);

/** Address family numbers (IANA) as tcpdump names them. */
const AF_NAMES = new Map<number, string>([
  [0, 'Reserved'], [1, 'IPv4'], [2, 'IPv6'], [3, 'NSAP'], [4, 'HDLC'], [5, 'BBN 1822'], [6, '802'], [7, 'E.163'],
  [8, 'E.164'], [9, 'F.69'], [10, 'X.121'], [11, 'Novell IPX'], [12, 'Appletalk'], [13, 'Decnet IV'],
  [14, 'Banyan Vines'], [15, 'E.164 with NSAP subaddress'], [196, 'Layer-2 VPN'], [25, 'VPLS'],
]);

/** MPLS pseudowire types. */
const PW_TYPES = new Map<number, string>([
  [0x00, 'Reserved'], [0x01, 'Frame Relay DLCI (Martini Mode)'], [0x02, 'ATM AAL5 SDU VCC transport'],
  [0x03, 'ATM transparent cell transport'], [0x04, 'Ethernet VLAN'], [0x05, 'Ethernet'], [0x06, 'Cisco-HDLC'],
  [0x07, 'PPP'], [0x08, 'SONET/SDH Circuit Emulation Service over MPLS'], [0x09, 'ATM n-to-one VCC cell transport'],
  [0x0a, 'ATM n-to-one VPC cell transport'], [0x0b, 'IP Layer2 Transport'], [0x0c, 'ATM one-to-one VCC Cell Mode'],
  [0x0d, 'ATM one-to-one VPC Cell Mode'], [0x0e, 'ATM AAL5 PDU VCC transport'], [0x0f, 'Frame-Relay Port mode'],
  [0x10, 'SONET/SDH Circuit Emulation over Packet'], [0x11, 'Structure-agnostic E1 over Packet'],
  [0x12, 'Structure-agnostic T1 (DS1) over Packet'], [0x13, 'Structure-agnostic E3 over Packet'],
  [0x14, 'Structure-agnostic T3 (DS3) over Packet'], [0x15, 'CESoPSN basic mode'], [0x16, 'TDMoIP basic mode'],
  [0x17, 'CESoPSN TDM with CAS'], [0x18, 'TDMoIP TDM with CAS'], [0x19, 'Frame Relay DLCI'], [0x40, 'IP-interworking'],
]);

const IFPARM_TYPES = new Map<number, string>([[0x01, 'MTU'], [0x03, 'Description'], [0x0c, 'VCCV']]);
const VCCV_CC: [number, string][] = [[0x01, 'PWE3 control word'], [0x02, 'MPLS Router Alert Label'], [0x04, 'MPLS inner label TTL = 1']];
const VCCV_CV: [number, string][] = [[0x01, 'ICMP Ping'], [0x02, 'LSP Ping'], [0x04, 'BFD']];

/**
 * The prefix at `p` (a length byte, then the bytes it needs; `itemlen` bytes are the most it
 * may take) as `address/length`, and the bytes it took; -1 for a length past the address's,
 * and a throw (tcpdump's truncation) when the item is too short.
 */
function decodePrefix(ctx: Ctx, p: number, itemlen: number, v6: boolean): [string, number] | -1 {
  if (itemlen < 1) throw new Truncated();
  const plen = ctx.u8(p);
  const size = v6 ? 16 : 4;
  if (plen > size * 8) return -1;
  const bytes = (plen + 7) >> 3;
  if (itemlen - 1 < bytes) throw new Truncated();
  ctx.check(p + 1, bytes);
  const addr = Buffer.alloc(size);
  ctx.buf.copy(addr, 0, p + 1, p + 1 + bytes);
  if (plen % 8) addr[bytes - 1]! &= (0xff00 >> (plen % 8)) & 0xff;
  return [`${v6 ? ipv6Text(addr, 0) : ipv4Text(addr, 0)}/${plen}`, 1 + bytes];
}

/** Prints the TLV at `p` with `msgLen` bytes of the message left; the bytes it took, or 0 to stop. */
function tlvPrint(ctx: Ctx, p: number, msgLen: number): number {
  ctx.check(p, 4);
  const tlvLen = ctx.u16(p + 2);
  if (tlvLen + 4 > msgLen) {
    ctx.print('\n\t\t TLV contents go past end of message');
    return 0;
  }
  const raw = ctx.u16(p);
  const type = raw & 0x3fff;
  ctx.print(
    `\n\t    ${TLV_TYPES.get(type) ?? 'Unknown'} TLV (0x${hexPad(type, 4)}), length: ${tlvLen}, Flags: [${raw & 0x8000 ? 'continue processing' : 'ignore'} and ${raw & 0x4000 ? 'do' : "don't"} forward if unknown]`,
  );
  let t = p + 4;
  let left = tlvLen;
  const done = tlvLen + 4;
  /** False (printing why) when fewer than `min` bytes of the TLV are left. */
  const need = (min: number): boolean => {
    if (left >= min) return true;
    ctx.print(` [tlv length ${left} < ${min}] (invalid)`);
    return false;
  };
  switch (type) {
    case 0x0400: {
      if (!need(4)) break;
      const hold = ctx.u16(t);
      const flags = ctx.u16(t + 2);
      ctx.print(`\n\t      Hold Time: ${hold}s, Flags: [${flags & 0x8000 ? 'Targeted' : 'Link'} Hello${flags & 0x4000 ? ', Request for targeted Hellos' : ''}]`);
      break;
    }
    case 0x0401:
      if (!need(4)) break;
      ctx.check(t, 4);
      ctx.print(`\n\t      IPv4 Transport Address: ${ipv4Text(ctx.buf, t)}`);
      break;
    case 0x0403:
      if (!need(16)) break;
      ctx.check(t, 16);
      ctx.print(`\n\t      IPv6 Transport Address: ${ipv6Text(ctx.buf, t)}`);
      break;
    case 0x0402:
      if (!need(4)) break;
      ctx.print(`\n\t      Sequence Number: ${ctx.u32(t)}`);
      break;
    case 0x0101: {
      if (!need(2)) break;
      const af = ctx.u16(t);
      t += 2;
      left -= 2;
      ctx.print(`\n\t      Address Family: ${AF_NAMES.get(af) ?? `Unknown (${af})`}, addresses`);
      if (af === 1 || af === 2) {
        const size = af === 1 ? 4 : 16;
        for (; left >= size; left -= size, t += size) {
          ctx.check(t, size);
          ctx.print(` ${size === 4 ? ipv4Text(ctx.buf, t) : ipv6Text(ctx.buf, t)}`);
        }
      }
      break;
    }
    case 0x0500: {
      if (!need(8)) break;
      const version = ctx.u16(t);
      const keepalive = ctx.u16(t + 2);
      const flags = ctx.u16(t + 6);
      ctx.print(`\n\t      Version: ${version}, Keepalive: ${keepalive}s, Flags: [Downstream ${flags & 0x8000 ? 'On Demand' : 'Unsolicited'}, Loop Detection ${flags & 0x4000 ? 'Enabled' : 'Disabled'}]`);
      break;
    }
    case 0x0100:
      fecPrint(ctx, t, left, need);
      break;
    case 0x0200:
      if (!need(4)) break;
      ctx.print(`\n\t      Label: ${ctx.u32(t) & 0xfffff}`);
      break;
    case 0x0300: {
      if (!need(8)) break;
      const status = ctx.u32(t);
      const msgId = ctx.u32(t + 4);
      ctx.print(`\n\t      Status: 0x${hexPad(status & 0x3fffffff, 2)}, Flags: [${status & 0x80000000 ? 'Fatal error' : 'Advisory Notification'} and ${status & 0x40000000 ? 'do' : "don't"} forward]`);
      if (msgId) ctx.print(`, causing Message ID: 0x${msgId.toString(16).padStart(8, '0')}`);
      break;
    }
    case 0x0503: {
      if (!need(12)) break;
      const f = ctx.u16(t);
      ctx.print(
        `\n\t      Flags: [${f & 0x8000 ? '' : 'No '}Reconnect, ${f & 0x8 ? '' : "Don't "}Save State, ${f & 0x4 ? '' : 'No '}All-Label Protection, ${f & 0x2 ? 'Sequence Numbered Label' : 'All Labels'} Checkpoint, ${f & 0x1 ? '' : "Don't "}Re-Learn State]`,
      );
      const reconnect = ctx.u32(t + 4);
      if (reconnect) ctx.print(`, Reconnect Timeout: ${reconnect}ms`);
      const recovery = ctx.u32(t + 8);
      if (recovery) ctx.print(`, Recovery Time: ${recovery}ms`);
      break;
    }
    case 0x0601:
      if (!need(2)) break;
      ctx.print(`\n\t      MTU: ${ctx.u16(t)}`);
      break;
    default:
      if (ctx.verbose <= 1) hexDump(ctx, '\n\t      ', t, left);
  }
  return done;
}

/** A FEC TLV's element at `t` (`left` bytes): its type, and a prefix or a Martini pseudowire. */
function fecPrint(ctx: Ctx, t: number, left: number, need0: (min: number) => boolean): void {
  let rest = left;
  const need = (min: number): boolean => {
    if (rest >= min) return true;
    ctx.print(` [tlv length ${rest} < ${min}] (invalid)`);
    return false;
  };
  if (!need0(1)) return;
  const fec = ctx.u8(t);
  ctx.print(`\n\t      ${FEC_TYPES.get(fec) ?? 'Unknown'} FEC (0x${hexPad(fec, 2)})`);
  t++;
  rest--;
  if (fec === 0x02) {
    if (!need(2)) return;
    const af = ctx.u16(t);
    t += 2;
    rest -= 2;
    if (af === 1 || af === 2) {
      const r = decodePrefix(ctx, t, rest, af === 2);
      const name = af === 1 ? 'IPv4' : 'IPv6';
      ctx.print(r === -1 ? `: ${name} prefix (invalid length)` : `: ${name} prefix ${r[0]}`);
    } else ctx.print(`: Address family ${af} prefix`);
  } else if (fec === 0x80) {
    if (!need(7)) return;
    let infoLen = ctx.u8(t + 2);
    const pw = ctx.u16(t);
    const kind = `${PW_TYPES.get(pw & 0x7fff) ?? 'Unknown'}, ${pw & 0x8000 ? '' : 'no '}control word`;
    if (infoLen === 0) {
      ctx.print(`: ${kind}, group-ID ${ctx.u32(t + 3)}, VC-info-length: ${infoLen}`);
      return;
    }
    if (!need(11)) return;
    ctx.print(`: ${kind}, group-ID ${ctx.u32(t + 3)}, VC-ID ${ctx.u32(t + 7)}, VC-info-length: ${infoLen}`);
    if (infoLen < 4) {
      // tcpdump's text lacks the closing parenthesis.
      ctx.print(' (invalid, < 4');
      return;
    }
    infoLen -= 4;
    t += 11;
    rest -= 11;
    if (!need(infoLen)) return;
    while (infoLen > 2) {
      const type = ctx.u8(t);
      const len = ctx.u8(t + 1);
      if (len < 2 || infoLen < len) break;
      ctx.print(`\n\t\tInterface Parameter: ${IFPARM_TYPES.get(type) ?? 'Unknown'} (0x${hexPad(type, 2)}), len ${len}`);
      switch (type) {
        case 0x01:
          ctx.print(`: ${ctx.u16(t + 2)}`);
          break;
        case 0x03: {
          let s = ': ';
          for (let i = 2; i < len; i++) {
            if (!ctx.has(t + i, 1)) {
              ctx.print(s);
              throw new Truncated();
            }
            s += safeChar(ctx.buf[t + i]!);
          }
          ctx.print(s);
          break;
        }
        case 0x0c: {
          const cc = ctx.u8(t + 2);
          ctx.print(`\n\t\t  Control Channels (0x${hexPad(cc, 2)}) = [${bitNames(VCCV_CC, cc, 'none')}]`);
          const cv = ctx.u8(t + 3);
          ctx.print(`\n\t\t  CV Types (0x${hexPad(cv, 2)}) = [${bitNames(VCCV_CV, cv, 'none')}]`);
          break;
        }
        default:
          hexDump(ctx, '\n\t\t  ', t + 2, len - 2);
      }
      infoLen -= len;
      t += len;
    }
  }
}

/** Prints the PDU at `p`; the bytes it took (its length and the 4 before it), or 0 to stop. */
function pduPrint(ctx: Ctx, p: number): number {
  ctx.check(p, 10);
  const sep = ctx.verbose ? '\n\t' : '';
  const version = ctx.u16(p);
  if (version !== 1) {
    ctx.print(`${sep}LDP version ${version} packet not supported`);
    return 0;
  }
  const pduLen = ctx.u16(p + 2);
  if (pduLen < 6) {
    ctx.print(`${sep}LDP, pdu-length: ${pduLen} (too short, < 6)`);
    return 0;
  }
  ctx.print(`${sep}LDP, Label-Space-ID: ${ipv4Text(ctx.buf, p + 4)}:${ctx.u16(p + 8)}, pdu-length: ${pduLen}`);
  if (!ctx.verbose) return 0;
  let t = p + 10;
  // tcpdump's count is 16 bits: a message longer than what is left wraps it, and reading goes on.
  let tlen = pduLen - 6;
  while (tlen > 0) {
    ctx.check(t, 8);
    const msgLen = ctx.u16(t + 2);
    const msgType = ctx.u16(t) & 0x7fff;
    if (msgLen < 4) {
      ctx.print(`\n\t  ${MSG_TYPES.get(msgType) ?? 'Unknown'} Message (0x${hexPad(msgType, 4)}), length: ${msgLen} (too short, < 4)`);
      return 0;
    }
    const raw = ctx.u16(t);
    ctx.print(
      `\n\t  ${MSG_TYPES.get(msgType) ?? 'Unknown'} Message (0x${hexPad(msgType, 4)}), length: ${msgLen}, Message ID: 0x${ctx.u32(t + 4).toString(16).padStart(8, '0')}, Flags: [${raw & 0x8000 ? 'continue processing' : 'ignore'} if unknown]`,
    );
    ctx.check(t, msgLen);
    let m = t + 8;
    let mlen = msgLen - 4;
    if (TLV_MESSAGES.has(msgType)) {
      while (mlen >= 4) {
        const n = tlvPrint(ctx, m, mlen);
        if (n === 0) break;
        mlen -= n;
        m += n;
      }
    } else if (ctx.verbose <= 1) hexDump(ctx, '\n\t  ', m, mlen);
    if (ctx.verbose > 1) hexDump(ctx, '\n\t  ', t + 8, msgLen);
    t += msgLen + 4;
    tlen = (tlen - (msgLen + 4)) & 0xffff;
  }
  return pduLen + 4;
}

/** Prints the LDP PDUs of a segment's payload at `p` (`len` bytes). */
export function ldpPrint(ctx: Ctx, p: number, len: number): void {
  ctx.protocol = 'ldp';
  // tcpdump looks at PDUs while more than a common and a message header remain.
  while (len > 18) {
    const n = pduPrint(ctx, p);
    if (n === 0) return;
    if (len < n) {
      ctx.print(` [remaining length ${len} < ${n}] (invalid)`);
      return;
    }
    len -= n;
    p += n;
  }
}
