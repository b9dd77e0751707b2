/**
 * Arista's vendor-specific header (EtherType 0xd28b) as tcpdump 4.99 prints it: the subtype and,
 * for the TapAgg timestamp, its timescale, format, hardware and time. The Ethernet printer goes
 * on from the type field after it. Reads past the capture give up the packet.
 */
import type { Ctx } from './context.js';

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/** UTC date and time of `sec` with nine decimals of `nsec`, as tcpdump's strftime and %09u. */
function dateText(sec: number, nsec: number): string {
  const d = new Date((sec + Math.floor(nsec / 1e9)) * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(nsec % 1e9, 9)}`;
}

/** Prints the Arista header at `bp`; the bytes it took (the caller reads a type field next), or -1 for one it does not know. */
export function aristaPrint(ctx: Ctx, bp: number): number {
  ctx.protocol = 'arista';
  const subtype = ctx.u16(bp);
  ctx.print(`SubType ${subtype === 1 ? 'Timestamp' : 'Unknown'} (0x${subtype.toString(16).padStart(4, '0')}), `);
  if (subtype !== 1) return -1;
  const timescale = ctx.u8(bp + 2);
  ctx.print(`Timescale ${['TAI', 'UTC'][timescale] ?? 'Unknown'} (${timescale}), `);
  const b = ctx.u8(bp + 3);
  const format = b >> 4;
  const hw = b & 0x0f;
  ctx.print(`Format ${['', '64-bit', '48-bit'][format] || 'Unknown'} (${format}), HwInfo ${['R/R2', 'R3'][hw] ?? 'Unknown'} (${hw}), Timestamp `);
  let used = 4;
  if (format === 1) {
    const sec = ctx.u32(bp + 4);
    const nsec = ctx.u32(bp + 8);
    ctx.print(dateText(sec, nsec));
    used += 8;
  } else if (format === 2) {
    const sec = ctx.u16(bp + 4);
    const nsec = ctx.u32(bp + 6);
    ctx.print(`${sec + Math.floor(nsec / 1e9)}.${pad(nsec % 1e9, 9)}`);
    used += 6;
  } else return -1;
  ctx.print(': ');
  return used;
}
