/**
 * Realtek's protocols (EtherType 0x8899) as tcpdump 4.99 prints them: RRCP queries and replies,
 * REP, RLDP and the DSA tags by name. Reads past the capture give up the packet.
 */
import type { Ctx } from './context.js';
import { hexPad as hex, macText } from './util.js';

function rrcp(ctx: Ctx, cp: number): void {
  ctx.protocol = 'rrcp';
  const b = ctx.u8(cp + 1);
  const op = b & 0x7f;
  const reply = (b & 0x80) !== 0;
  ctx.print(`RRCP ${reply ? 'reply' : 'query'}: ${['hello', 'get', 'set'][op] ?? `unknown opcode (0x${hex(op, 2)})`}`);
  const config = op === 1 || op === 2;
  if (config) {
    ctx.print(` addr=0x${hex(ctx.le16(cp + 4), 4)}, data=0x${hex(ctx.le32(cp + 6), 8)}`);
  }
  ctx.print(`, auth=0x${hex(ctx.u16(cp + 2), 4)}`);
  if (op === 0 && reply) {
    const down = ctx.u8(cp + 4);
    const up = ctx.u8(cp + 5);
    ctx.check(cp + 6, 6);
    const mac = macText(ctx.buf, cp + 6);
    const vendor = ctx.u32(cp + 14);
    ctx.print(` downlink_port=${down}, uplink_port=${up}, uplink_mac=${mac}, vendor_id=${hex(vendor, 8)} ,chip_id=${hex(ctx.u16(cp + 12), 4)} `);
  } else if (config) {
    const cookie2 = ctx.u32(cp + 14);
    ctx.print(`, cookie=0x${hex(cookie2, 8)}${hex(ctx.u32(cp + 10), 8)} `);
  }
}

/**
 * Prints the Realtek packet at `cp`; `src`: the offset of the link-layer source address (the
 * destination's precedes it), -1 when there is none.
 */
export function rtlPrint(ctx: Ctx, cp: number, src: number): void {
  ctx.protocol = 'rtl';
  if (src >= 0) ctx.print(`${macText(ctx.buf, src)} > ${macText(ctx.buf, src - 6)}, `);
  const proto = ctx.u8(cp);
  if (proto === 0x01) rrcp(ctx, cp);
  else if (proto === 0x02) ctx.print('REP');
  else if (proto === 0x03 || proto === 0x23) ctx.print('RLDP');
  else if (proto === 0x04) ctx.print('Realtek 8-byte DSA tag');
  else if ((proto & 0xf0) === 0x90) ctx.print('Realtek RTL8306 4-byte DSA tag');
  else if ((proto & 0xf0) === 0xa0) ctx.print('Realtek RTL8366RB 4-byte DSA tag');
  else ctx.print(`Realtek unknown type 0x${hex(proto, 2)}`);
}
