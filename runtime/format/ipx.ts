/**
 * Novell IPX as tcpdump 4.99 prints it with -n: addresses and sockets, then the socket's
 * protocol (SAP and RIP decoded; NCP, NetBIOS, diagnostics and NWLink datagrams by name and
 * length). Reached from 802.3 frames (raw and 802.2), SNAP, EtherType 0x8137 and PPP. IPX's
 * EIGRP (socket 0x85be), which tcpdump hands to its EIGRP printer, is printed as an unknown
 * socket here (a documented gap).
 */
import type { Ctx } from './context.js';
import { hex4, macText, printjnp } from './util.js';

function ipxAddr(ctx: Ctx, off: number): string {
  ctx.check(off, 10);
  return `${ctx.u32(off).toString(16).padStart(8, '0')}.${macText(ctx.buf, off + 4)}`;
}

/**
 * Prints the IPX packet at `p`. As in tcpdump, the packet's own length field, not what the link
 * layer says, bounds what follows, so the link layer's length is not taken.
 */
export function ipxPrint(ctx: Ctx, p: number): void {
  ctx.protocol = 'ipx';
  if (!ctx.eflag) ctx.print('IPX ');
  ctx.print(`${ipxAddr(ctx, p + 18)}.${hex4(ctx.u16(p + 28))} > `);
  ctx.print(`${ipxAddr(ctx, p + 6)}.${hex4(ctx.u16(p + 16))}: `);
  const len = ctx.u16(p + 2);
  if (len < 30) {
    ctx.print(`[length ${len} < 30] (invalid)`);
    return;
  }
  const data = p + 30;
  const dlen = len - 30;
  const socket = ctx.u16(p + 16);
  switch (socket) {
    case 0x0451:
      return ctx.print(`ipx-ncp ${dlen}`);
    case 0x0452:
      return sapPrint(ctx, data, dlen);
    case 0x0453:
      return ripPrint(ctx, data, dlen);
    case 0x0455:
      return ctx.print(`ipx-netbios ${dlen}`);
    case 0x0456:
      return ctx.print(`ipx-diags ${dlen}`);
    case 0x0553:
      return ctx.print(`ipx-nwlink-dgm ${dlen}`);
    default:
      return ctx.print(`ipx-#${socket.toString(16)} ${dlen}`);
  }
}

function sapPrint(ctx: Ctx, p: number, length: number): void {
  const command = ctx.u16(p);
  if (length < 2) return ctx.print(` [length ${length} < 2] (invalid)`);
  p += 2;
  length -= 2;
  switch (command) {
    case 1:
    case 3:
      ctx.print(command === 1 ? 'ipx-sap-req' : 'ipx-sap-nearest-req');
      ctx.print(` ${hex4(ctx.u16(p))}`);
      return;
    case 2:
    case 4:
      ctx.print(command === 2 ? 'ipx-sap-resp' : 'ipx-sap-nearest-resp');
      for (let i = 0; i < 8 && length !== 0; i++) {
        ctx.check(p, 2);
        if (length < 2) return ctx.print(' (invalid)');
        ctx.print(` ${hex4(ctx.u16(p))} '`);
        p += 2;
        length -= 2;
        if (length < 48) return ctx.print("' (invalid)");
        printjnp(ctx, p, 48);
        ctx.print("'");
        p += 48;
        length -= 48;
        ctx.check(p, 10);
        if (length < 10) return ctx.print(' (invalid)');
        ctx.print(` addr ${ipxAddr(ctx, p)}`);
        p += 10;
        length -= 10;
        ctx.check(p, 4);
        if (length < 4) return ctx.print(' (invalid)');
        p += 4;
        length -= 4;
      }
      return;
    default:
      ctx.print(`ipx-sap-?${command.toString(16)}`);
  }
}

function ripPrint(ctx: Ctx, p: number, length: number): void {
  const command = ctx.u16(p);
  if (length < 2) return ctx.print(` [length ${length} < 2] (invalid)`);
  p += 2;
  length -= 2;
  const entry = (): string => ` ${ctx.u32(p).toString(16).padStart(8, '0')}/${ctx.u16(p + 4)}.${ctx.u16(p + 6)}`;
  switch (command) {
    case 1:
      ctx.print('ipx-rip-req');
      if (length !== 0) {
        if (length < 8) return ctx.print(' (invalid)');
        ctx.print(entry());
      }
      return;
    case 2:
      ctx.print('ipx-rip-resp');
      for (let i = 0; i < 50 && length !== 0; i++) {
        if (length < 8) return ctx.print(' (invalid)');
        ctx.print(entry());
        p += 8;
        length -= 8;
      }
      return;
    default:
      ctx.print(`ipx-rip-?${command.toString(16)}`);
  }
}
