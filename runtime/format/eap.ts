/**
 * EAPOL (802.1X, EtherType 0x888e) as tcpdump 4.99 prints it: the frame header, and with -v
 * the EAP packet inside (code, id, length, the request/response type and its first fields).
 */
import type { Ctx } from './context.js';
import { bitNames, hex2, printjnp } from './util.js';

const FRAME_TYPES = ['EAP packet', 'EAPOL start', 'EAPOL logoff', 'EAPOL key', 'Encapsulated ASF alert'];
const CODES = ['unknown', 'Request', 'Response', 'Success', 'Failure'];
const TYPES = new Map<number, string>([
  [0, 'No proposed'], [1, 'Identity'], [2, 'Notification'], [3, 'Nak'], [4, 'MD5-challenge'], [5, 'OTP'],
  [6, 'GTC'], [13, 'TLS'], [18, 'SIM'], [21, 'TTLS'], [23, 'AKA'], [43, 'FAST'], [254, 'Expanded types'],
  [255, 'Experimental'],
]);
const TLS_FLAGS: [number, string][] = [[0x80, 'L bit'], [0x40, 'More fragments bit'], [0x20, 'Start bit']];
const AKA_SUBTYPES = new Map<number, string>([
  [1, 'Challenge'], [2, 'Auth reject'], [4, 'Sync failure'], [5, 'Identity'], [10, 'Start'], [11, 'Challenge'],
  [12, 'Notification'], [13, 'Reauth'], [14, 'Client error'],
]);

/** Prints the EAPOL frame at `p`. */
export function eapolPrint(ctx: Ctx, p: number): void {
  ctx.protocol = 'eap';
  // Here and in eapPrint: tcpdump's ND_TCHECKs with eapol_print's and eap_print's own trunc
  // labels, the marker and no longjmp.
  if (!ctx.tcheck(p, 4)) return;
  const type = ctx.u8(p + 1);
  const len = ctx.u16(p + 2);
  ctx.print(`${FRAME_TYPES[type] ?? 'unknown'} (${type}) v${ctx.u8(p)}, len ${len}`);
  if (!ctx.verbose || type !== 0) return;
  if (len === 0) return ctx.trunc();
  ctx.print(', ');
  eapPrint(ctx, p + 4, len);
}

/** An EAP packet (RFC 3748) of `length` bytes at `p`, as tcpdump's eap_print. */
export function eapPrint(ctx: Ctx, p: number, length: number): void {
  const code = ctx.u8(p);
  const len = ctx.u16(p + 2);
  if (len !== length) return ctx.print('EAP fragment?');
  ctx.print(`${CODES[code] ?? 'unknown'} (${code}), id ${ctx.u8(p + 1)}, len ${len}`);
  if (len < 4) return ctx.print(' (too short for EAP header)');
  if (!ctx.tcheck(p, len)) return;
  if (code !== 1 && code !== 2) return;
  if (len < 5) return ctx.print(' (too short for EAP request/response)');
  const sub = ctx.u8(p + 4);
  ctx.print(`\n\t\t Type ${TYPES.get(sub) ?? 'unknown'} (${sub})`);
  switch (sub) {
    case 1:
      if (len > 5) {
        ctx.print(', Identity: ');
        printjnp(ctx, p + 5, len - 5);
      }
      break;
    case 2:
      if (len < 6) return ctx.print(' (too short for EAP Notification request/response)');
      ctx.print(', Notification: ');
      printjnp(ctx, p + 5, len - 5);
      break;
    case 3: {
      if (len < 6) return ctx.print(' (too short for EAP Legacy NAK request/response)');
      let sep = '';
      for (let i = 5; i < len; i++) {
        const t = ctx.u8(p + i);
        ctx.print(`${sep} ${TYPES.get(t) ?? 'unknown'} (${t})`);
        sep = ',';
      }
      break;
    }
    case 13:
    case 21:
    case 43: {
      const what = sub === 43 ? 'FAST' : 'TLS/TTLS';
      if (len < 6) return ctx.print(` (too short for EAP ${what} request/response)`);
      const flags = ctx.u8(p + 5);
      if (sub === 21) ctx.print(` TTLSv${flags & 7}`);
      if (sub === 43) ctx.print(` FASTv${flags & 7}`);
      ctx.print(` flags [${bitNames(TLS_FLAGS, flags, 'none')}] 0x${hex2(flags)}`);
      if (flags & 0x80) {
        if (len < 10) return ctx.print(` (too short for EAP ${what} request/response with length)`);
        ctx.print(`, len ${ctx.u32(p + 6)}`);
      }
      break;
    }
    case 18:
    case 23:
      if (len < 6) return ctx.print(' (too short for EAP SIM/AKA request/response)');
      ctx.print(` subtype [${AKA_SUBTYPES.get(ctx.u8(p + 5)) ?? 'unknown'}] 0x${hex2(ctx.u8(p + 5))}`);
      break;
  }
}
