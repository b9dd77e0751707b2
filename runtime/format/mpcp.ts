/**
 * IEEE 802.3ah Multi-Point Control Protocol (EtherType 0x8808) as tcpdump 4.99 prints it: the
 * opcode and timestamp; with -v gates, reports and the registration messages. Reads past the
 * capture give up the packet.
 */
import type { Ctx } from './context.js';
import { bitNames, unknownData } from './util.js';

const OPCODES = new Map<number, string>([
  [1, 'Pause'], [2, 'Gate'], [3, 'Report'], [4, 'Register Request'], [5, 'Register'], [6, 'Register ACK'],
]);

const GRANT_FLAGS: [number, string][] = [[0x08, 'Discovery'], [0x10, 'Force Grant #1'], [0x20, 'Force Grant #2'], [0x40, 'Force Grant #3'], [0x80, 'Force Grant #4']];
const REG_REQ_FLAGS: [number, string][] = [[1, 'Register'], [3, 'De-Register']];
const REG_FLAGS: [number, string][] = [[1, 'Re-Register'], [2, 'De-Register'], [3, 'ACK'], [4, 'NACK']];
const REG_ACK_FLAGS: [number, string][] = [[0, 'NACK'], [1, 'ACK']];
const QUEUES: [number, string][] = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => [1 << i, `Q${i}`]);

/** Prints the MPCP PDU at `p` (`length` bytes on the wire). */
export function mpcpPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'mpcp';
  const opcode = ctx.u16(p);
  const timestamp = ctx.u32(p + 2);
  ctx.print(`MPCP, Opcode ${OPCODES.get(opcode) ?? `Unknown (${opcode})`}`);
  if (opcode !== 1) ctx.print(`, Timestamp ${timestamp} ticks`);
  ctx.print(`, length ${length}`);
  if (!ctx.verbose) return;
  let tp = p + 6;
  switch (opcode) {
    case 1:
      break;
    case 2: {
      const b = ctx.u8(tp);
      const grants = b & 7;
      ctx.print(`\n\tGrant Numbers ${grants}, Flags [ ${bitNames(GRANT_FLAGS, b & ~7, '?')} ]`);
      tp++;
      for (let g = 1; g <= grants; g++, tp += 6) ctx.print(`\n\tGrant #${g}, Start-Time ${ctx.u32(tp)} ticks, duration ${ctx.u16(tp + 4)} ticks`);
      ctx.print(`\n\tSync-Time ${ctx.u16(tp)} ticks`);
      break;
    }
    case 3: {
      const sets = ctx.u8(tp++);
      ctx.print(`\n\tTotal Queue-Sets ${sets}`);
      // tcpdump numbers every set with the total and skips the last one.
      for (let set = 1; set < sets; set++) {
        let bitmap = ctx.u8(tp);
        ctx.print(`\n\t  Queue-Set #${sets}, Report-Bitmap [ ${bitNames(QUEUES, bitmap, 'Unknown')} ]`);
        tp++;
        for (let report = 1; bitmap !== 0; report++, bitmap >>= 1) {
          if (bitmap & 1) {
            ctx.print(`\n\t    Q${report} Report, Duration ${ctx.u16(tp)} ticks`);
            tp += 2;
          }
        }
      }
      break;
    }
    case 4:
      ctx.print(`\n\tFlags [ ${bitNames(REG_REQ_FLAGS, ctx.u8(tp), 'Reserved')} ], Pending-Grants ${ctx.u8(tp + 1)}`);
      break;
    case 5: {
      const port = ctx.u16(tp);
      const flags = bitNames(REG_FLAGS, ctx.u8(tp + 2), 'Reserved');
      ctx.print(`\n\tAssigned-Port ${port}, Flags [ ${flags} ]\n\tSync-Time ${ctx.u16(tp + 3)} ticks, Echoed-Pending-Grants ${ctx.u8(tp + 5)}`);
      break;
    }
    case 6: {
      const port = ctx.u16(tp + 1);
      const flags = bitNames(REG_ACK_FLAGS, ctx.u8(tp), 'Reserved');
      ctx.print(`\n\tEchoed-Assigned-Port ${port}, Flags [ ${flags} ]\n\tEchoed-Sync-Time ${ctx.u16(tp + 3)} ticks`);
      break;
    }
    default:
      unknownData(ctx, p, '\n\t', length);
  }
}
