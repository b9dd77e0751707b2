/**
 * IEEE 802.3 Slow Protocols (EtherType 0x8809) as tcpdump 4.99 prints them: LACP and Marker
 * (with -v their TLVs), Ethernet OAM (with -v information and link event TLVs, loopback control),
 * other subtypes as hex. Reads past the capture give up the packet.
 */
import type { Ctx } from './context.js';
import { OUI_NAMES } from './llc.js';
import { bitNames, macText, unknownData } from './util.js';

const SUBTYPES = new Map<number, string>([[1, 'LACP'], [2, 'MARKER'], [3, 'OAM']]);

const TLV_NAMES = new Map<number, string>([
  [0x100, 'Terminator'], [0x101, 'Actor Information'], [0x102, 'Partner Information'], [0x103, 'Collector Information'],
  [0x200, 'Terminator'], [0x201, 'Marker Information'],
]);

const LACP_STATE = bitTable(['Activity', 'Timeout', 'Aggregation', 'Synchronization', 'Collecting', 'Distributing', 'Default', 'Expired']);
const OAM_FLAGS = bitTable(['Link Fault', 'Dying Gasp', 'Critical Event', 'Local Evaluating', 'Local Stable', 'Remote Evaluating', 'Remote Stable']);
const OAM_CONFIG = bitTable(['Active', 'Unidirectional', 'Remote-Loopback', 'Link-Events', 'Variable-Retrieval']);

const OAM_CODES = new Map<number, string>([
  [0, 'Information'], [1, 'Event Notification'], [2, 'Variable Request'], [3, 'Variable Response'], [4, 'Loopback Control'],
  [0xfe, 'Vendor Private'],
]);

const INFO_TYPES = new Map<number, string>([[0, 'End of TLV marker'], [1, 'Local'], [2, 'Remote'], [0xfe, 'Organization specific']]);

const LINK_EVENTS = new Map<number, string>([
  [0, 'End of TLV marker'], [1, 'Errored Symbol Period Event'], [2, 'Errored Frame Event'], [3, 'Errored Frame Period Event'],
  [4, 'Errored Frame Seconds Summary Event'], [0xfe, 'Organization specific'],
]);

const PARSER_ACTIONS = ['forwarding', 'looping back', 'discarding', 'reserved'];

/** A table of bit names for bitNames, bit i named names[i]. */
function bitTable(names: readonly string[]): [number, string][] {
  return names.map((n, i) => [1 << i, n]);
}

const TOO_SHORT = '\n\t\t packet is too short';

/** Prints the Slow Protocols PDU at `p` (`len` bytes on the wire). */
export function slowPrint(ctx: Ctx, p: number, len: number): void {
  ctx.protocol = 'slow';
  const tooShort = (): void => ctx.print(ctx.verbose ? TOO_SHORT : ' (packet is too short)');
  if (len < 1) return tooShort();
  const subtype = ctx.u8(p);
  const name = SUBTYPES.get(subtype) ?? `unknown (${subtype})`;
  if (subtype === 1 || subtype === 2) {
    if (len < 2) return tooShort();
    const version = ctx.u8(p + 1);
    if (version !== 1) {
      ctx.print(`${name} version ${version} packet not supported`);
      return;
    }
    ctx.print(`${name}v${version}, length ${len}`);
    if (ctx.verbose) markerLacp(ctx, p + 2, len - 2, subtype);
    return;
  }
  ctx.print(`${name}, length ${len}`);
  if (subtype !== 3) {
    unknownData(ctx, p, '\n\t', len);
    return;
  }
  if (ctx.verbose) oam(ctx, p + 1, len - 1);
}

function markerLacp(ctx: Ctx, tp: number, tlen: number, subtype: number): void {
  while (tlen > 0) {
    if (tlen < 2) {
      ctx.print(TOO_SHORT);
      return;
    }
    const type = ctx.u8(tp);
    const tlvLen = ctx.u8(tp + 1);
    const key = (subtype << 8) + type;
    ctx.print(`\n\t${TLV_NAMES.get(key) ?? 'Unknown'} TLV (0x${type.toString(16).padStart(2, '0')}), length ${tlvLen}`);
    if (type === 0) return;
    if (tlvLen < 2) {
      ctx.print('\n\t    ERROR: illegal length - should be >= 2');
      return;
    }
    if (tlen < tlvLen) {
      ctx.print(TOO_SHORT);
      return;
    }
    ctx.check(tp, tlvLen);
    const v = tp + 2;
    const vlen = tlvLen - 2;
    switch (key) {
      case 0x101:
      case 0x102:
        if (vlen !== 18) {
          ctx.print('\n\t    ERROR: illegal length - should be 20');
          break;
        }
        ctx.print(
          `\n\t  System ${macText(ctx.buf, v + 2)}, System Priority ${ctx.u16(v)}, Key ${ctx.u16(v + 8)}, Port ${ctx.u16(v + 12)}, Port Priority ${ctx.u16(v + 10)}\n\t  State Flags [${bitNames(LACP_STATE, ctx.u8(v + 14), 'none')}]`,
        );
        break;
      case 0x103:
        if (vlen !== 14) {
          ctx.print('\n\t    ERROR: illegal length - should be 16');
          break;
        }
        ctx.print(`\n\t  Max Delay ${ctx.u16(v)}`);
        break;
      case 0x201:
        if (vlen !== 14) {
          ctx.print('\n\t    ERROR: illegal length - should be 16');
          break;
        }
        ctx.print(`\n\t  Request System ${macText(ctx.buf, v + 2)}, Request Port ${ctx.u16(v)}, Request Transaction ID 0x${ctx.u32(v + 8).toString(16).padStart(8, '0')}`);
        break;
      default:
        if (ctx.verbose <= 1) unknownData(ctx, v, '\n\t  ', vlen);
    }
    if (ctx.verbose > 1) unknownData(ctx, v, '\n\t  ', vlen);
    tp += tlvLen;
    tlen -= tlvLen;
  }
}

function oam(ctx: Ctx, tp: number, tlen: number): void {
  if (tlen < 3) {
    ctx.print(TOO_SHORT);
    return;
  }
  ctx.check(tp, 3);
  const code = ctx.u8(tp + 2);
  ctx.print(`\n\tCode ${OAM_CODES.get(code) ?? `Unknown (${code})`} OAM PDU, Flags [${bitNames(OAM_FLAGS, ctx.u16(tp), 'none')}]`);
  tp += 3;
  tlen -= 3;
  switch (code) {
    case 0:
    case 1: {
      const info = code === 0;
      if (!info) {
        if (tlen < 2) {
          ctx.print(TOO_SHORT);
          return;
        }
        ctx.print(`\n\t  Sequence Number ${ctx.u16(tp)}`);
        tlen -= 2;
        tp += 2;
      }
      while (tlen > 0) {
        if (tlen < 2) {
          ctx.print(TOO_SHORT);
          return;
        }
        if (info) ctx.check(tp, 2);
        const type = ctx.u8(tp);
        const length = ctx.u8(tp + 1);
        if (info) ctx.print(`\n\t  ${INFO_TYPES.get(type) ?? 'Reserved'} Information Type (${type}), length ${length}`);
        else ctx.print(`\n\t  ${LINK_EVENTS.get(type) ?? 'Reserved'} Link Event Type (${type}), length ${length}`);
        if (type === 0) return;
        if (length < 2) {
          ctx.print('\n\t    ERROR: illegal length - should be >= 2');
          return;
        }
        if (tlen < length) {
          ctx.print(TOO_SHORT);
          return;
        }
        ctx.check(tp, length);
        let hexdump = true;
        if (info && (type === 1 || type === 2)) {
          if (ctx.u8(tp + 1) !== 16) ctx.print('\n\t    ERROR: illegal length - should be 16');
          else {
            hexdump = false;
            ctx.print(`\n\t    OAM-Version ${ctx.u8(tp + 2)}, Revision ${ctx.u16(tp + 3)}`);
            const state = ctx.u8(tp + 5);
            ctx.print(`\n\t    State-Parser-Action ${PARSER_ACTIONS[state & 3]}, State-MUX-Action ${state & 4 ? 'discarding' : 'forwarding'}`);
            ctx.print(`\n\t    OAM-Config Flags [${bitNames(OAM_CONFIG, ctx.u8(tp + 6), 'none')}], OAM-PDU-Config max-PDU size ${ctx.u16(tp + 7) & 0x7ff}`);
            const oui = (ctx.u8(tp + 9) << 16) | ctx.u16(tp + 10);
            ctx.print(`\n\t    OUI ${OUI_NAMES.get(oui) ?? 'Unknown'} (0x${oui.toString(16).padStart(6, '0')}), Vendor-Private 0x${ctx.u32(tp + 12).toString(16).padStart(8, '0')}`);
          }
        } else if (!info && type >= 1 && type <= 4) {
          if (ctx.u8(tp + 1) !== 40) ctx.print('\n\t    ERROR: illegal length - should be 40');
          else {
            hexdump = false;
            ctx.print(
              `\n\t    Timestamp ${ctx.u16(tp + 2) * 100} ms, Errored Window ${ctx.u64(tp + 4)}\n\t    Errored Threshold ${ctx.u64(tp + 12)}\n\t    Errors ${ctx.u64(tp + 20)}\n\t    Error Running Total ${ctx.u64(tp + 28)}\n\t    Event Running Total ${ctx.u32(tp + 36)}`,
            );
          }
        }
        if (ctx.verbose > 1 || hexdump) unknownData(ctx, tp, '\n\t  ', length);
        tlen -= length;
        tp += length;
      }
      return;
    }
    case 4: {
      if (tlen < 1) {
        ctx.print(TOO_SHORT);
        return;
      }
      const command = ctx.u8(tp);
      ctx.print(`\n\t  Command ${command === 1 ? 'Enable OAM Remote Loopback' : command === 2 ? 'Disable OAM Remote Loopback' : 'Unknown'} (${command})`);
      return;
    }
    default:
      if (ctx.verbose <= 1) unknownData(ctx, tp, '\n\t  ', tlen);
  }
}
