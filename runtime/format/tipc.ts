/**
 * TIPC (EtherType 0x88ca) as tcpdump 4.99 prints it: payload messages, internal (link,
 * broadcast, bundler, changeover, fragmenter) messages and neighbour detection, with -v their
 * further header words. Users tcpdump has no printer for print nothing. Reads past the capture
 * give up the packet.
 */
import type { Ctx } from './context.js';

const USERS = new Map<number, string>([
  [0, 'Low Importance Data payload'], [1, 'Medium Importance Data payload'], [2, 'High Importance Data payload'],
  [3, 'Critical Importance Data payload'], [5, 'Broadcast Link Protocol internal'], [6, 'Message Bundler Protocol internal'],
  [7, 'Link State Protocol internal'], [8, 'Connection Manager internal'], [10, 'Link Changeover Protocol internal'],
  [11, 'Name Table Update Protocol internal'], [12, 'Message Fragmentation Protocol internal'],
  [13, 'Neighbor Detection Protocol internal'],
]);

// tcpdump's table swaps the names of types 1 and 3.
const MESSAGE_TYPES = ['CONN_MSG', 'MCAST_MSG', 'NAMED_MSG', 'DIRECT_MSG'];
const LINK_CONF_TYPES = ['Link request', 'Link response'];

/** zone.cluster.node of a TIPC address. */
function addr(a: number): string {
  return `${a >>> 24}.${(a >>> 12) & 0xfff}.${a & 0xfff}`;
}

/** The version, header and message sizes, user and message type of the common words. */
function common(w0: number, user: number, type: string): string {
  return `headerlength ${((w0 >>> 21) & 0x0f) * 4} bytes, MessageSize ${w0 & 0x1ffff} bytes, ${USERS.get(user) ?? 'unknown'}, messageType ${type}`;
}

/** Prints the TIPC message at `bp`. */
export function tipcPrint(ctx: Ctx, bp: number): void {
  ctx.protocol = 'tipc';
  const w0 = ctx.u32(bp);
  const user = (w0 >>> 25) & 0x0f;
  const version = `TIPC v${(w0 >>> 29) & 7}.0`;
  switch (user) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 11:
    case 8: {
      const w1 = ctx.u32(bp + 4);
      const type = MESSAGE_TYPES[w1 >>> 29] ?? 'Unknown';
      const prev = ctx.u32(bp + 12);
      const origPort = ctx.u32(bp + 16);
      const destPort = ctx.u32(bp + 20);
      if (((w0 >>> 21) & 0x0f) <= 6) {
        ctx.print(`${version} ${addr(prev)}:${origPort} > ${destPort}, ${common(w0, user, type)}`);
        return;
      }
      const orig = ctx.u32(bp + 24);
      const dest = ctx.u32(bp + 28);
      ctx.print(`${version} ${addr(orig)}:${origPort} > ${addr(dest)}:${destPort}, ${common(w0, user, type)}`);
      if (ctx.verbose) {
        const w2 = ctx.u32(bp + 8);
        ctx.print(`\n\tPrevious Node ${addr(prev)}, Broadcast Ack ${w1 & 0xffff}, Link Ack ${w2 >>> 16}, Link Sequence ${w2 & 0xffff}`);
      }
      return;
    }
    case 13: {
      const w1 = ctx.u32(bp + 4);
      const domain = ctx.u32(bp + 8);
      const prev = ctx.u32(bp + 12);
      ctx.print(`${version} ${addr(prev)} > ${addr(domain)}, ${common(w0, user, LINK_CONF_TYPES[w1 >>> 29] ?? 'Unknown')}`);
      if (ctx.verbose) {
        const network = ctx.u32(bp + 16);
        const w5 = ctx.u32(bp + 20);
        ctx.print(`\n\tNodeSignature ${w1 & 0xffff}, network_id ${network}, media_id ${w5 & 0xff}`);
      }
      return;
    }
    case 5:
    case 6:
    case 7:
    case 10:
    case 12: {
      const w1 = ctx.u32(bp + 4);
      const orig = ctx.u32(bp + 24);
      const dest = ctx.u32(bp + 28);
      const type = MESSAGE_TYPES[w1 >>> 29] ?? 'Unknown';
      ctx.print(`${version} ${addr(orig)} > ${addr(dest)}, ${common(w0, user, type)} (0x${w1.toString(16).padStart(8, '0')})`);
      if (ctx.verbose) {
        const w2 = ctx.u32(bp + 8);
        const prev = ctx.u32(bp + 12);
        const w4 = ctx.u32(bp + 16);
        const w5 = ctx.u32(bp + 20);
        const transSeq = ctx.u32(bp + 32);
        const w9 = ctx.u32(bp + 36);
        ctx.print(
          `\n\tPrevious Node ${addr(prev)}, Session No. ${w5 >>> 16}, Broadcast Ack ${w1 & 0xffff}, Sequence Gap ${(w1 >>> 16) & 0x1fff},  Broadcast Gap After ${w2 >>> 16}, Broadcast Gap To ${w2 & 0xffff}, Last Sent Packet No. ${w4 >>> 16}, Next sent Packet No. ${w4 & 0xffff}, Transport Sequence ${transSeq}, msg_count ${w9 >>> 16}, Link Tolerance ${w9 & 0xffff}`,
        );
      }
      return;
    }
    default:
  }
}
