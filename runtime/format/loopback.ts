/**
 * The Ethernet configuration testing protocol (EtherType 0x9000, "Loopback") and the Microsoft
 * NLB heartbeat (0x886f), as tcpdump 4.99 prints them. Fields of both are little-endian. Reads
 * past the capture give up the packet.
 */
import type { Ctx } from './context.js';
import { ipv4Text, macText } from './util.js';

/** Prints the loopback packet at `cp` (`len` bytes on the wire): the skip count, then the first message. */
export function loopbackPrint(ctx: Ctx, cp: number, len: number): void {
  ctx.protocol = 'loopback';
  ctx.print('Loopback');
  if (len >= 2) {
    const skip = ctx.le16(cp);
    cp += 2;
    len -= 2;
    ctx.print(`, skipCount ${skip}`);
    if (skip % 8) ctx.print(' (bogus)');
    if (skip <= len) {
      ctx.check(cp, skip);
      message(ctx, cp + skip, len - skip);
      return;
    }
  }
  ctx.print(' (invalid)');
  ctx.check(cp, len);
}

function message(ctx: Ctx, cp: number, len: number): void {
  if (len >= 2) {
    const fn = ctx.le16(cp);
    cp += 2;
    len -= 2;
    ctx.print(`, ${fn === 1 ? 'Reply' : fn === 2 ? 'Forward Data' : ` invalid (${fn})`}`);
    if (fn === 1) {
      if (len >= 2) {
        ctx.print(`, receipt number ${ctx.le16(cp)}`);
        ctx.print(`, data (${len - 2} octets)`);
        ctx.check(cp + 2, len - 2);
        return;
      }
    } else if (fn === 2) {
      if (len >= 6) {
        ctx.check(cp, 6);
        ctx.print(`, forwarding address ${macText(ctx.buf, cp)}`);
        ctx.print(`, data (${len - 6} octets)`);
        ctx.check(cp + 6, len - 6);
        return;
      }
    } else {
      ctx.check(cp, len);
      return;
    }
  }
  ctx.print(' (invalid)');
  ctx.check(cp, len);
}

/** Prints the MS NLB heartbeat at `bp`. */
export function msnlbPrint(ctx: Ctx, bp: number): void {
  ctx.protocol = 'msnlb';
  ctx.print('MS NLB heartbeat');
  ctx.print(`, host priority: ${ctx.le32(bp + 8)}`);
  ctx.check(bp + 12, 4);
  ctx.print(`, cluster IP: ${ipv4Text(ctx.buf, bp + 12)}`);
  ctx.check(bp + 16, 4);
  ctx.print(`, host IP: ${ipv4Text(ctx.buf, bp + 16)}`);
}
