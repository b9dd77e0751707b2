/**
 * LLDP (EtherType 0x88cc) as tcpdump 4.99 prints it: `LLDP, length N` and the system name
 * without -v; with -v the TLV lines of the basic TLVs (chassis and port IDs, TTL, descriptions,
 * system name, capabilities). With -v tcpdump also decodes management addresses, network
 * address IDs and the organisation-specific TLVs, which this module does not (a documented gap:
 * it prints their TLV line and, as for unknown TLVs, a hex dump).
 */
import type { Ctx } from './context.js';
import { flagNames, printjnp } from './llc.js';
import { hex4, hexDump, macText } from './util.js';

const TLV_NAMES = new Map<number, string>([
  [0, 'End'], [1, 'Chassis ID'], [2, 'Port ID'], [3, 'Time to Live'], [4, 'Port Description'],
  [5, 'System Name'], [6, 'System Description'], [7, 'System Capabilities'], [8, 'Management Address'],
  [127, 'Organization specific'],
]);
const CHASSIS_SUBTYPES = new Map<number, string>([
  [1, 'Chassis component'], [2, 'Interface alias'], [3, 'Port component'], [4, 'MAC address'],
  [5, 'Network address'], [6, 'Interface name'], [7, 'Local'],
]);
const PORT_SUBTYPES = new Map<number, string>([
  [1, 'Interface alias'], [2, 'Port component'], [3, 'MAC address'], [4, 'Network Address'],
  [5, 'Interface Name'], [6, 'Agent circuit ID'], [7, 'Local'],
]);
const CAPS: [number, string][] = [
  [1, 'Other'], [2, 'Repeater'], [4, 'Bridge'], [8, 'WLAN AP'], [16, 'Router'], [32, 'Telephone'],
  [64, 'Docsis'], [128, 'Station Only'],
];

/** Prints an LLDP PDU of `len` bytes at `p`. */
export function lldpPrint(ctx: Ctx, p: number, len: number): void {
  ctx.protocol = 'lldp';
  ctx.print(`LLDP, length ${len}`);
  let tlen = len;
  while (tlen >= 2) {
    const tlv = ctx.u16(p);
    const type = tlv >> 9;
    const tlvLen = tlv & 0x1ff;
    let hexdump = false;
    tlen -= 2;
    p += 2;
    if (ctx.verbose) ctx.print(`\n\t${TLV_NAMES.get(type) ?? 'Unknown'} TLV (${type}), length ${tlvLen}`);
    if (!type || !tlvLen) break;
    ctx.check(p, tlvLen);
    if (tlen < tlvLen) return ctx.trunc();
    switch (type) {
      case 1:
      case 2:
        if (ctx.verbose) {
          if (tlvLen < 2) return ctx.trunc();
          const subtype = ctx.u8(p);
          const names = type === 1 ? CHASSIS_SUBTYPES : PORT_SUBTYPES;
          ctx.print(`\n\t  Subtype ${names.get(subtype) ?? 'Unknown'} (${subtype}): `);
          const mac = type === 1 ? 4 : 3;
          if (subtype === mac) {
            if (tlvLen < 7) return ctx.trunc();
            ctx.print(macText(ctx.buf, p + 1));
          } else if (subtype >= 1 && subtype <= 7 && subtype !== (type === 1 ? 5 : 4)) printjnp(ctx, p + 1, tlvLen - 1);
          else hexdump = true;
        }
        break;
      case 3:
        if (ctx.verbose) {
          if (tlvLen < 2) return ctx.trunc();
          ctx.print(`: TTL ${ctx.u16(p)}s`);
        }
        break;
      case 4:
        if (ctx.verbose) {
          ctx.print(': ');
          printjnp(ctx, p, tlvLen);
        }
        break;
      case 5:
        ctx.print(': ');
        printjnp(ctx, p, tlvLen);
        break;
      case 6:
        if (ctx.verbose) {
          ctx.print('\n\t  ');
          printjnp(ctx, p, tlvLen);
        }
        break;
      case 7:
        if (ctx.verbose) {
          if (tlvLen < 4) return ctx.trunc();
          const cap = ctx.u16(p);
          const ena = ctx.u16(p + 2);
          ctx.print(`\n\t  System  Capabilities [${flagNames(CAPS, cap, 'none')}] (0x${hex4(cap)})`);
          ctx.print(`\n\t  Enabled Capabilities [${flagNames(CAPS, ena, 'none')}] (0x${hex4(ena)})`);
        }
        break;
      default:
        hexdump = true;
    }
    if (ctx.verbose > 1 || (ctx.verbose && hexdump)) hexDump(ctx, '\n\t  ', p, tlvLen);
    tlen -= tlvLen;
    p += tlvLen;
  }
}
