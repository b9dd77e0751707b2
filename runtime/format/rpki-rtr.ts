/**
 * The RPKI-to-Router protocol (TCP port 323, RFC 6810) as tcpdump prints it: `, RPKI-RTR`
 * without -v; with -v each PDU on its own line (type, length, session, serial, prefixes and
 * origin AS, error reports with the PDU they carry and their text), with -vv a hex dump of each.
 */
import { Truncated, type Ctx } from './context.js';
import { hexDump, hexPad, ipv4Text, ipv6Text, safeChar } from './util.js';

const PDU_TYPES = new Map<number, string>([
  [0, 'Serial Notify'], [1, 'Serial Query'], [2, 'Reset Query'], [3, 'Cache Response'], [4, 'IPV4 Prefix'],
  [6, 'IPV6 Prefix'], [7, 'End of Data'], [8, 'Cache Reset'], [10, 'Error Report'],
]);

const ERROR_CODES = [
  'Corrupt Data', 'Internal Error', 'No Data Available', 'Invalid Request', 'Unsupported Protocol Version',
  'Unsupported PDU Type', 'Withdrawal of Unknown Record', 'Duplicate Announcement Received',
];

/** A new line indented by `n` columns: a tab for each 8, then spaces. */
function indent(n: number): string {
  return '\n' + '\t'.repeat(n >> 3) + ' '.repeat(n & 7);
}

/** The PDU header's size: version, type, session id or error code, length. */
const HEADER = 8;

/**
 * Prints the PDU at `p` with `len` bytes left (the whole rest when it is not valid); returns the
 * bytes it took. An Error Report's carried PDU is printed when `recurse`, one level deep.
 */
function pduPrint(ctx: Ctx, p: number, len: number, recurse: boolean, ind: number): number {
  const version = ctx.u8(p);
  if (version !== 0) {
    ctx.print(`${indent(8)}RPKI-RTRv${version} (unknown)`);
    return len;
  }
  const invalid = (): number => {
    ctx.print(' (invalid)');
    ctx.check(p, len);
    return len;
  };
  if (len < HEADER) {
    ctx.print(`(${len} bytes is too few to decode)`);
    return invalid();
  }
  ctx.check(p, HEADER);
  const type = ctx.u8(p + 1);
  const pduLen = ctx.u32(p + 4);
  ctx.print(`${indent(8)}RPKI-RTRv${version}, ${PDU_TYPES.get(type) ?? 'Unknown'} PDU (${type}), length: ${pduLen}`);
  if (pduLen < HEADER || pduLen > len) return invalid();
  let hexdump = false;
  switch (type) {
    case 0:
    case 1:
    case 7:
      if (pduLen !== HEADER + 4) return invalid();
      ctx.print(`${indent(ind + 2)}Session ID: 0x${hexPad(ctx.u16(p + 2), 4)}, Serial: ${ctx.u32(p + 8)}`);
      break;
    case 2:
    case 8:
      if (pduLen !== HEADER) return invalid();
      break;
    case 3:
      if (pduLen !== HEADER) return invalid();
      ctx.print(`${indent(ind + 2)}Session ID: 0x${hexPad(ctx.u16(p + 2), 4)}`);
      break;
    case 4: {
      if (pduLen !== HEADER + 12) return invalid();
      ctx.check(p + 12, 4);
      const prefix = ipv4Text(ctx.buf, p + 12);
      ctx.print(`${indent(ind + 2)}IPv4 Prefix ${prefix}/${ctx.u8(p + 9)}-${ctx.u8(p + 10)}, origin-as ${ctx.u32(p + 16)}, flags 0x${ctx.u8(p + 8).toString(16).padStart(2, '0')}`);
      break;
    }
    case 6: {
      if (pduLen !== HEADER + 24) return invalid();
      ctx.check(p + 12, 16);
      const prefix = ipv6Text(ctx.buf, p + 12);
      ctx.print(`${indent(ind + 2)}IPv6 Prefix ${prefix}/${ctx.u8(p + 9)}-${ctx.u8(p + 10)}, origin-as ${ctx.u32(p + 28)}, flags 0x${ctx.u8(p + 8).toString(16).padStart(2, '0')}`);
      break;
    }
    case 10: {
      let tlen = HEADER;
      if (pduLen < tlen + 4) return invalid();
      ctx.check(p, tlen + 4);
      const encapsulated = ctx.u32(p + 8);
      tlen += 4;
      const code = ctx.u16(p + 2);
      ctx.print(`${indent(ind + 2)}Error code: ${ERROR_CODES[code] ?? 'Unknown'} (${code}), Encapsulated PDU length: ${encapsulated}`);
      if (encapsulated) {
        if (pduLen < tlen + encapsulated) return invalid();
        if (!recurse) ctx.check(p, tlen + encapsulated);
        else {
          ctx.print(`${indent(ind + 4)}-----encapsulated PDU-----`);
          pduPrint(ctx, p + tlen, encapsulated, false, ind + 2);
        }
        tlen += encapsulated;
      }
      if (pduLen < tlen + 4) return invalid();
      ctx.check(p, tlen + 4);
      const textLen = ctx.u32(p + tlen);
      tlen += 4;
      if (textLen) {
        if (pduLen < tlen + textLen) return invalid();
        ctx.print(`${indent(ind + 2)}Error text: `);
        let s = '';
        for (let i = 0; i < textLen; i++) {
          if (!ctx.has(p + tlen + i, 1)) {
            ctx.print(s);
            throw new Truncated();
          }
          s += safeChar(ctx.buf[p + tlen + i]!);
        }
        ctx.print(s);
      }
      break;
    }
    default:
      ctx.check(p, pduLen);
      hexdump = true;
  }
  if (ctx.verbose > 1 || (ctx.verbose && hexdump)) hexDump(ctx, '\n\t  ', p, pduLen);
  return pduLen;
}

/** Prints the RPKI-RTR PDUs of a segment's payload at `p` (`len` bytes). */
export function rpkiRtrPrint(ctx: Ctx, p: number, len: number): void {
  ctx.protocol = 'rpki_rtr';
  if (!ctx.verbose) {
    ctx.print(', RPKI-RTR');
    return;
  }
  while (len) {
    const n = pduPrint(ctx, p, len, true, 8);
    len -= n;
    p += n;
  }
}
