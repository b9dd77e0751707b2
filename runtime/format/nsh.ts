/**
 * Network Service Header (EtherType 0x894f, VXLAN-GPE's next protocol 4) as tcpdump 4.99
 * prints it: flags and the service path (with -vv the version and next protocol, with -vvv TTL,
 * length, MD type and the context headers), then the IPv4, IPv6 or Ethernet payload. Reads past
 * the capture give up the packet.
 */
import type { Ctx } from './context.js';
import { innerEtherPrint } from './ether.js';
import { ip6Print, ipPrint } from './ip.js';
import { hex2 } from './util.js';

const MD_TYPES = new Map<number, string>([[0, 'reserved'], [1, '1'], [2, '2'], [0x0f, 'experimental']]);
const NEXT_PROTOCOLS = new Map<number, string>([
  [1, 'IPv4'], [2, 'IPv6'], [3, 'Ethernet'], [4, 'NSH'], [5, 'MPLS'], [0xfe, 'Experiment 1'], [0xff, 'Experiment 2'],
]);

/** Prints the NSH packet at `bp` (`len` bytes on the wire). */
export function nshPrint(ctx: Ctx, bp: number, len: number): void {
  ctx.protocol = 'nsh';
  if (len < 8) {
    ctx.print(` (packet length ${len} < 8) (invalid)`);
    return;
  }
  const base = ctx.u32(bp);
  bp += 4;
  const ver = base >>> 30;
  const length = (base >>> 16) & 0x3f;
  const mdType = (base >>> 8) & 0x0f;
  const next = base & 0xff;
  ctx.print('NSH, ');
  if (ctx.verbose > 1) ctx.print(`ver ${ver}, `);
  if (ver !== 0) return;
  ctx.print(`flags [${(base >>> 28) & 2 ? 'O' : 'none'}], `);
  if (ctx.verbose > 2) ctx.print(`TTL ${(base >>> 22) & 0x3f}, length ${length}, md type ${MD_TYPES.get(mdType) ?? `unknown (0x${hex2(mdType)})`}, `);
  if (ctx.verbose > 1) ctx.print(`next-protocol ${NEXT_PROTOCOLS.get(next) ?? `unknown (0x${hex2(next)})`}, `);
  if (len < length * 4) {
    ctx.print(` (too many headers for packet length ${len}) (invalid)`);
    return;
  }
  ctx.print(`service-path-id 0x${((ctx.u8(bp) << 16) | ctx.u16(bp + 1)).toString(16).padStart(6, '0')}, `);
  ctx.print(`service-index 0x${ctx.u8(bp + 3).toString(16)}`);
  bp += 4;
  if (length < 2) {
    ctx.print(' (less than two headers) (invalid)');
    return;
  }
  let pastHeaders = false;
  if (ctx.verbose > 2) {
    if (mdType === 1) {
      if (length !== 6) {
        ctx.print(' (invalid length for the MD type) (invalid)');
        return;
      }
      for (let n = 0; n < 4; n++, bp += 4) ctx.print(`\n        Context[${String(n).padStart(2, '0')}]: 0x${ctx.u32(bp).toString(16).padStart(8, '0')}`);
      pastHeaders = true;
    } else if (mdType === 2) {
      for (let n = 0; n < length - 2; ) {
        const tlvClass = ctx.u16(bp);
        const tlvType = ctx.u8(bp + 2);
        const tlvLen = ctx.u8(bp + 3) & 0x7f;
        bp += 4;
        const padded = (tlvLen + 3) & ~3;
        ctx.print(`\n        TLV Class ${tlvClass}, Type ${tlvType}, Len ${tlvLen}`);
        n += 1;
        if (length - 2 < n + padded / 4) {
          ctx.print(' (length too big) (invalid)');
          return;
        }
        if (tlvLen) {
          ctx.print('\n            Value: ');
          for (let i = 0; i < tlvLen; i++) ctx.print(`${i ? ':' : '0x'}${hex2(ctx.u8(bp + i))}`);
          bp += tlvLen;
          ctx.check(bp, padded - tlvLen);
          bp += padded - tlvLen;
          n += padded / 4;
        }
      }
      pastHeaders = true;
    }
  }
  if (!pastHeaders) {
    ctx.check(bp, (length - 2) * 4);
    bp += (length - 2) * 4;
  }
  ctx.print(ctx.verbose ? '\n    ' : ': ');
  const nextLen = len - length * 4;
  switch (next) {
    case 1:
      ipPrint(ctx, bp, nextLen);
      break;
    case 2:
      ip6Print(ctx, bp, nextLen);
      break;
    case 3:
      innerEtherPrint(ctx, bp, nextLen);
      break;
    default:
      ctx.print('ERROR: unknown-next-protocol');
  }
}
