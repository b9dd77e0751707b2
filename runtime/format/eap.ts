/**
 * EAPOL (802.1X, EtherType 0x888e) frames' header as tcpdump 4.99 prints it. With -v tcpdump
 * also decodes the EAP packet inside; this module does not (a documented gap).
 */
import type { Ctx } from './context.js';

const FRAME_TYPES = ['EAP packet', 'EAPOL start', 'EAPOL logoff', 'EAPOL key', 'Encapsulated ASF alert'];

/** Prints the EAPOL frame at `p`. */
export function eapolPrint(ctx: Ctx, p: number): void {
  ctx.protocol = 'eap';
  ctx.check(p, 4);
  const type = ctx.u8(p + 1);
  const len = ctx.u16(p + 2);
  ctx.print(`${FRAME_TYPES[type] ?? 'unknown'} (${type}) v${ctx.u8(p)}, len ${len}`);
  // -v: tcpdump decodes the EAP packet after ", " (not done here); an empty one is its truncation.
  if (ctx.verbose && type === 0 && len === 0) ctx.trunc();
}
