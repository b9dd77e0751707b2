/**
 * IEEE 802.1AE MACsec (EtherType 0x88e5, right after the Ethernet addresses) as tcpdump 4.99
 * reads it: the SecTAG (with -e: association number, packet number, flags, short length, SCI);
 * an encrypted or changed payload is printed as data, a clear one is decoded by the Ethernet
 * printer from its own type field on, without the 16-byte ICV at the end.
 */
import type { Ctx } from './context.js';
import { macText } from './util.js';

/** What the Ethernet printer does after the SecTAG. */
export interface MacsecResult {
  /** -1: a marker was printed, the frame ends here; 0: encrypted payload (data); 1: clear payload, go on. */
  status: -1 | 0 | 1;
  /** Length of the SecTAG (6, or 14 with an SCI). */
  tagLen: number;
  /** For status 1: the wire and captured lengths left after the SecTAG, without the ICV. */
  length: number;
  caplen: number;
}

const ICV_LEN = 16;

function headerText(ctx: Ctx, p: number, shortLength: number): string {
  const tci = ctx.u8(p);
  let s = `an ${tci & 3}, pn ${ctx.u32(p + 2)}, flags `;
  let flags = '';
  if (tci & 0x08) flags += 'E';
  if (tci & 0x04) flags += 'C';
  if (tci & 0x40) flags += 'S';
  if (tci & 0x10) flags += 'B';
  if (tci & 0x20) flags += 'I';
  s += flags || 'none';
  if (shortLength) s += `, sl ${shortLength}`;
  if (tci & 0x20) {
    ctx.check(p + 6, 8);
    s += `, sci ${ctx.buf.toString('hex', p + 6, p + 14)}`;
  }
  return `${s}, `;
}

/**
 * The SecTAG at `p`, `length` and `caplen` bytes (wire, captured) from it; prints what tcpdump
 * prints of it. A clear payload's ICV is taken off the snap end.
 */
export function macsecPrint(ctx: Ctx, p: number, length: number, caplen: number): MacsecResult {
  const saved = ctx.protocol;
  ctx.protocol = 'macsec';
  // A read past the capture gives the packet up with the marker of MACsec (the name is not restored).
  const r = secTag(ctx, p, length, caplen);
  ctx.protocol = saved;
  return r;
}

function secTag(ctx: Ctx, p: number, length: number, caplen: number): MacsecResult {
  const stop: MacsecResult = { status: -1, tagLen: 0, length, caplen };
  if (caplen < 6 || length < 6) {
    ctx.trunc();
    return stop;
  }
  const tci = ctx.u8(p);
  const tagLen = tci & 0x20 ? 14 : 6;
  if (caplen < tagLen || length < tagLen) {
    ctx.trunc();
    return stop;
  }
  const sl = ctx.u8(p + 1);
  if (sl & ~0x3f || tci & 0x80) {
    ctx.print(' (invalid)');
    return stop;
  }
  if (ctx.eflag) ctx.print(headerText(ctx, p, sl));
  length -= tagLen;
  caplen -= tagLen;
  if (tci & 0x0c) {
    if (!ctx.eflag) ctx.print(`${macText(ctx.buf, ctx.start + 6)} > ${macText(ctx.buf, ctx.start)} 802.1AE MACsec, ${headerText(ctx, p, sl)}`);
    return { status: 0, tagLen, length, caplen };
  }
  if (length < ICV_LEN || caplen < ICV_LEN) {
    ctx.trunc();
    return stop;
  }
  length -= ICV_LEN;
  caplen -= ICV_LEN;
  ctx.snapend -= ICV_LEN;
  if (sl) {
    if (sl > length || sl > caplen) {
      ctx.trunc();
      return stop;
    }
    length = Math.min(length, sl);
    caplen = Math.min(caplen, sl);
  }
  return { status: 1, tagLen, length, caplen };
}
