/**
 * IPsec headers as tcpdump 4.99 prints them without keys: AH (RFC 4302), whose next header the
 * IP dispatch goes on to print, ESP (RFC 4303), of which only the SPI and sequence number are
 * shown (tcpdump decrypts with -E only, which xsift does not offer), and IPComp (RFC 3173), whose
 * compressed payload is not printed.
 */
import type { Ctx } from './context.js';
import { hex2 } from './util.js';

/**
 * Prints the AH header at `off` (`AH(spi=...,seq=...,icv=...): `) and returns its length in
 * bytes, where the next header starts; throws Truncated where the capture ends inside it.
 */
export function ahPrint(ctx: Ctx, off: number): number {
  ctx.protocol = 'ah';
  ctx.print('AH');
  const words = ctx.u8(off + 1);
  const hdrLen = (words + 2) * 4;
  ctx.print('(');
  if (ctx.verbose) ctx.print(`length=${words}(${hdrLen}-bytes),`);
  const reserved = ctx.u16(off + 2);
  if (reserved) ctx.print(`reserved=0x${reserved.toString(16)}[MustBeZero],`);
  ctx.print(`spi=0x${ctx.u32(off + 4).toString(16).padStart(8, '0')},`);
  ctx.print(`seq=0x${ctx.u32(off + 8).toString(16)},`);
  ctx.print('icv=0x');
  // Byte by byte, as tcpdump: a cut inside the ICV shows the bytes before it.
  for (let p = off + 12; p < off + hdrLen; p++) ctx.print(hex2(ctx.u8(p)));
  ctx.print('): ');
  return hdrLen;
}

/** Prints an ESP header at `off`; `length` is the IP payload length. */
export function espPrint(ctx: Ctx, off: number, length: number): void {
  ctx.protocol = 'esp';
  // tcpdump wants more than the 8 header bytes before it prints anything.
  if (off + 8 >= ctx.snapend) {
    ctx.trunc();
    return;
  }
  ctx.print(`ESP(spi=0x${ctx.u32(off).toString(16).padStart(8, '0')},seq=0x${ctx.u32(off + 4).toString(16)}), length ${length}`);
}

/** Prints an IPComp header at `off` (its compression parameter index). */
export function ipcompPrint(ctx: Ctx, off: number): void {
  ctx.protocol = 'ipcomp';
  ctx.print(`IPComp(cpi=0x${ctx.u16(off + 2).toString(16).padStart(4, '0')})`);
}
