/**
 * IEEE 802.1ag Connectivity Fault Management (EtherTypes 0x8902 and 0xabcd) as tcpdump 4.99
 * prints it: the common header; with -v the continuity check, linktrace message and reply
 * fields (other opcodes as hex) and the TLVs (port and interface status, sender ID, organisation
 * specific; -vv dumps every TLV). A header or TLV cut short ends the line with the marker
 * printed in place (tcpdump's ND_TCHECKs with their own trunc label); other reads past the
 * capture give up the packet.
 */
import type { Ctx } from './context.js';
import { OUI_NAMES } from './llc.js';
import { bitNames, hexDump, ipv4Text, ipv6Text, macText, printjnp, unknownData } from './util.js';

const OPCODES = new Map<number, string>([
  [1, 'Continuity Check Message'], [2, 'Loopback Reply'], [3, 'Loopback Message'], [4, 'Linktrace Reply'], [5, 'Linktrace Message'],
]);

/** CCM interval bases in seconds, as single-precision values (tcpdump's table is of floats). */
const INTERVALS = [0, 0.003333, 0.01, 0.1, 1, 10, 60, 600].map((x) => Math.fround(x));

const MD_FORMATS = new Map<number, string>([
  [0, 'IEEE 802.1'], [1, 'No MD Name present'], [2, 'DNS string'], [3, 'MAC + 16Bit Integer'], [4, 'Character string'],
]);

const MA_FORMATS = new Map<number, string>([
  [0, 'IEEE 802.1'], [1, 'Primary VID'], [2, 'Character string'], [3, '16Bit Integer'], [4, 'RFC2685 VPN-ID'],
]);

const TLV_NAMES = new Map<number, string>([
  [0, 'End'], [1, 'Sender ID'], [2, 'Port status'], [3, 'Interface status'], [4, 'Data'], [5, 'Reply Ingress'],
  [6, 'Reply Egress'], [31, 'Organization Specific'],
]);

const PORT_STATUS = new Map<number, string>([[1, 'Blocked'], [2, 'Up']]);

const INTERFACE_STATUS = new Map<number, string>([
  [1, 'Up'], [2, 'Down'], [3, 'Testing'], [5, 'Dormant'], [6, 'not present'], [7, 'lower Layer down'],
]);

const CHASSIS_ID_TYPES = new Map<number, string>([
  [0, 'Reserved'], [1, 'Chassis component'], [2, 'Interface alias'], [3, 'Port component'], [4, 'MAC address'],
  [5, 'Network address'], [6, 'Interface name'], [7, 'Locally assigned'],
]);

const LTR_FLAGS: [number, string][] = [[0x80, 'UseFDB Only'], [0x40, 'FwdYes'], [0x20, 'Terminal MEP']];

const REPLY_ACTIONS = new Map<number, string>([[1, 'Exact Match'], [2, 'Filtering DB'], [3, 'MIP CCM DB']]);

const AF_NAMES = new Map<number, string>([
  [0, 'Reserved'], [1, 'IPv4'], [2, 'IPv6'], [3, 'NSAP'], [4, 'HDLC'], [5, 'BBN 1822'], [6, '802'], [7, 'E.163'],
  [8, 'E.164'], [9, 'F.69'], [10, 'X.121'], [11, 'Novell IPX'], [12, 'Appletalk'], [13, 'Decnet IV'],
  [14, 'Banyan Vines'], [15, 'E.164 with NSAP subaddress'], [196, 'Layer-2 VPN'], [25, 'VPLS'],
]);

/** A sender ID's network address; true when the TLV should be dumped as hex too. */
function networkAddress(ctx: Ctx, p: number, length: number): boolean {
  if (length < 1) {
    ctx.print('\n\t  Network Address Type (invalid, no data');
    return false;
  }
  const type = ctx.u8(p);
  ctx.print(`\n\t  Network Address Type ${AF_NAMES.get(type) ?? 'Unknown'} (${type})`);
  if (type === 1) {
    if (length !== 5) {
      ctx.print(`(invalid IPv4 address length ${length - 1})`);
      return true;
    }
    ctx.check(p + 1, 4);
    ctx.print(`, ${ipv4Text(ctx.buf, p + 1)}`);
    return false;
  }
  if (type === 2) {
    if (length !== 17) {
      ctx.print(`(invalid IPv6 address length ${length - 1})`);
      return true;
    }
    ctx.check(p + 1, 16);
    ctx.print(`, ${ipv6Text(ctx.buf, p + 1)}`);
    return false;
  }
  return true;
}

const TOO_SHORT = '\n\t\t packet is too short';

/** Prints the CFM PDU at `p` (`length` bytes on the wire). */
export function cfmPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'cfm';
  if (length < 4) {
    ctx.print(TOO_SHORT);
    return;
  }
  if (!ctx.tcheck(p, 4)) return;
  const mdVersion = ctx.u8(p);
  const version = mdVersion & 0x1f;
  if (version !== 0) {
    ctx.print(`CFMv${version} not supported, length ${length}`);
    return;
  }
  const opcode = ctx.u8(p + 1);
  ctx.print(`CFMv${version} ${OPCODES.get(opcode) ?? `unknown (${opcode})`}, MD Level ${mdVersion >> 5}, length ${length}`);
  if (ctx.verbose < 1) return;
  const flags = ctx.u8(p + 2);
  const firstTlv = ctx.u8(p + 3);
  ctx.print(`\n\tFirst TLV offset ${firstTlv}`);
  let tp = p + 4;
  let tlen = length - 4;
  if (firstTlv > tlen) {
    ctx.print(` (too large, must be <= ${tlen})`);
    return;
  }
  switch (opcode) {
    case 1: {
      if (firstTlv < 70) {
        ctx.print(' (too small 1, must be >= 70)');
        return;
      }
      if (tlen < 70) {
        ctx.print(TOO_SHORT);
        return;
      }
      if (!ctx.tcheck(tp, 70)) return;
      const interval = flags & 7;
      ctx.print(`, Flags [CCM Interval ${interval}${flags & 0x80 ? ', RDI' : ''}]`);
      if (interval) {
        const base = INTERVALS[interval]!;
        ctx.print(`\n\t  CCM Interval ${base.toFixed(3)}s, min CCM Lifetime ${(base * 3.25).toFixed(3)}s, max CCM Lifetime ${(base * 3.5).toFixed(3)}s`);
      }
      ctx.print(`\n\t  Sequence Number 0x${ctx.u32(tp).toString(16).padStart(8, '0')}, MA-End-Point-ID 0x${ctx.u16(tp + 4).toString(16).padStart(4, '0')}`);
      let names = tp + 6;
      let remaining = 48;
      const mdFormat = ctx.u8(names++);
      remaining--;
      if (mdFormat !== 1) {
        const mdLen = ctx.u8(names++);
        remaining--;
        ctx.print(`\n\t  MD Name Format ${MD_FORMATS.get(mdFormat) ?? 'Unknown'} (${mdFormat}), MD Name length ${mdLen}`);
        // Room for the MA name's format, length and one byte of it.
        if (mdLen > remaining - 3) {
          ctx.print(` (too large, must be <= ${remaining - 2})`);
          return;
        }
        ctx.print('\n\t  MD Name: ');
        if (mdFormat === 2 || mdFormat === 4) printjnp(ctx, names, mdLen);
        else if (mdFormat === 3) {
          if (mdLen === 6) ctx.print(`\n\t  MAC ${macText(ctx.buf, names)}`);
          else ctx.print('\n\t  MAC (length invalid)');
        } else unknownData(ctx, names, '\n\t    ', mdLen);
        names += mdLen;
        remaining -= mdLen;
      } else {
        ctx.print(`\n\t  MD Name Format ${MD_FORMATS.get(mdFormat)} (${mdFormat})`);
      }
      const maFormat = ctx.u8(names++);
      remaining--;
      const maLen = ctx.u8(names++);
      remaining--;
      ctx.print(`\n\t  MA Name-Format ${MA_FORMATS.get(maFormat) ?? 'Unknown'} (${maFormat}), MA name length ${maLen}`);
      if (maLen > remaining) {
        ctx.print(` (too large, must be <= ${remaining})`);
        return;
      }
      ctx.print('\n\t  MA Name: ');
      if (maFormat === 2) printjnp(ctx, names, maLen);
      else unknownData(ctx, names, '\n\t    ', maLen);
      break;
    }
    case 5: {
      if (firstTlv < 17) {
        ctx.print(' (too small 4, must be >= 17)');
        return;
      }
      if (tlen < 17) {
        ctx.print(TOO_SHORT);
        return;
      }
      if (!ctx.tcheck(tp, 17)) return;
      ctx.print(`, Flags [${flags & 0x80 ? 'Use Forwarding-DB only' : 'none'}]`);
      ctx.print(`\n\t  Transaction-ID 0x${ctx.u32(tp).toString(16).padStart(8, '0')}, ttl ${ctx.u8(tp + 4)}`);
      ctx.print(`\n\t  Original-MAC ${macText(ctx.buf, tp + 5)}, Target-MAC ${macText(ctx.buf, tp + 11)}`);
      break;
    }
    case 4: {
      if (firstTlv < 6) {
        ctx.print(' (too small 5, must be >= 6)');
        return;
      }
      if (tlen < 6) {
        ctx.print(TOO_SHORT);
        return;
      }
      if (!ctx.tcheck(tp, 6)) return;
      ctx.print(`, Flags [${bitNames(LTR_FLAGS, flags, 'none')}]`);
      ctx.print(`\n\t  Transaction-ID 0x${ctx.u32(tp).toString(16).padStart(8, '0')}, ttl ${ctx.u8(tp + 4)}`);
      const action = ctx.u8(tp + 5);
      ctx.print(`\n\t  Replay-Action ${REPLY_ACTIONS.get(action) ?? 'Unknown'} (${action})`);
      break;
    }
    default:
      // Loopback messages and replies, unknown opcodes: hex up to the TLVs.
      unknownData(ctx, tp, '\n\t  ', tlen - firstTlv);
  }
  tp += firstTlv;
  tlen -= firstTlv;
  while (tlen > 0) {
    const type = ctx.u8(tp);
    ctx.print(`\n\t${TLV_NAMES.get(type) ?? 'Unknown'} TLV (0x${type.toString(16).padStart(2, '0')})`);
    if (type === 0) return;
    if (tlen < 3) {
      ctx.print(TOO_SHORT);
      return;
    }
    if (!ctx.tcheck(tp, 3)) return;
    let tlvLen = ctx.u16(tp + 1);
    ctx.print(`, length ${tlvLen}`);
    tp += 3;
    tlen -= 3;
    const tlvStart = tp;
    if (tlen < tlvLen) {
      ctx.print(TOO_SHORT);
      return;
    }
    if (!ctx.tcheck(tp, tlvLen)) return;
    let hexdump = false;
    let dumpIt = true;
    switch (type) {
      case 2:
      case 3: {
        if (tlvLen < 1) {
          ctx.print(' (too short, must be >= 1)');
          return;
        }
        const status = ctx.u8(tp);
        ctx.print(`, Status: ${(type === 2 ? PORT_STATUS : INTERFACE_STATUS).get(status) ?? 'Unknown'} (${status})`);
        break;
      }
      case 31: {
        if (tlvLen < 4) {
          ctx.print(' (too short, must be >= 4)');
          return;
        }
        const oui = (ctx.u8(tp) << 16) | ctx.u16(tp + 1);
        ctx.print(`, Vendor: ${OUI_NAMES.get(oui) ?? 'Unknown'} (${oui}), Sub-Type ${ctx.u8(tp + 3)}`);
        hexdump = true;
        break;
      }
      case 1: {
        // Moves tp, tlen and tlvLen through the TLV as tcpdump does; the next TLV follows what is left.
        if (tlvLen < 1) {
          ctx.print(' (too short, must be >= 1)');
          dumpIt = false;
          break;
        }
        const chassisLen = ctx.u8(tp);
        tp++;
        tlen--;
        tlvLen--;
        if (chassisLen) {
          if (tlvLen < 1) {
            ctx.print('\n\t  (TLV too short)');
            dumpIt = false;
            break;
          }
          const chassisType = ctx.u8(tp);
          tlvLen--;
          ctx.print(`\n\t  Chassis-ID Type ${CHASSIS_ID_TYPES.get(chassisType) ?? 'Unknown'} (${chassisType}), Chassis-ID length ${chassisLen}`);
          if (tlvLen < chassisLen) {
            ctx.print('\n\t  (TLV too short)');
            dumpIt = false;
            break;
          }
          switch (chassisType) {
            case 4:
              if (chassisLen !== 6) {
                ctx.print(' (invalid MAC address length)');
                hexdump = true;
                break;
              }
              ctx.check(tp + 1, 6);
              ctx.print(`\n\t  MAC ${macText(ctx.buf, tp + 1)}`);
              break;
            case 5:
              if (networkAddress(ctx, tp + 1, chassisLen)) hexdump = true;
              break;
            case 1:
            case 2:
            case 3:
            case 6:
            case 7:
              printjnp(ctx, tp + 1, chassisLen);
              break;
            default:
              hexdump = true;
          }
          tlvLen -= chassisLen;
          tp += 1 + chassisLen;
          tlen -= 1 + chassisLen;
        }
        if (tlvLen === 0) break;
        let mgmtLen = ctx.u8(tp);
        tp++;
        tlen--;
        tlvLen--;
        ctx.print(`\n\t  Management Address Domain Length ${mgmtLen}`);
        if (mgmtLen) {
          if (tlvLen < mgmtLen) {
            ctx.print('\n\t  (TLV too short)');
            dumpIt = false;
            break;
          }
          tlvLen -= mgmtLen;
          hexDump(ctx, '\n\t  Management Address Domain: ', tp, mgmtLen);
          tp += mgmtLen;
          tlen -= mgmtLen;
          if (tlvLen < 1) {
            ctx.print(' (Management Address Length is missing)');
            hexdump = true;
            break;
          }
          mgmtLen = ctx.u8(tp);
          tp++;
          tlen--;
          tlvLen--;
          ctx.print(`\n\t  Management Address Length ${mgmtLen}`);
          if (mgmtLen) {
            if (tlvLen < mgmtLen) {
              ctx.print('\n\t  (TLV too short)');
              return;
            }
            tlvLen -= mgmtLen;
            hexDump(ctx, '\n\t  Management Address: ', tp, mgmtLen);
            tp += mgmtLen;
            tlen -= mgmtLen;
          }
        }
        break;
      }
      default:
        hexdump = true;
    }
    if (dumpIt && (hexdump || ctx.verbose > 1)) unknownData(ctx, tlvStart, '\n\t  ', tlvLen);
    tp += tlvLen;
    tlen -= tlvLen;
  }
}
