/**
 * ETSI ITS GeoNetworking (EtherTypes 0x8947 and 0x0707: the common header, the extended header
 * lengths tcpdump knows, BTP-A/B ports and the ITS PDU header) and CALM FAST (0x1111), as
 * tcpdump 4.99 prints them; with -v both dump their payload. Both name the link-layer source
 * when there is one (Ethernet, and SNAP inside it). Reads past the capture give up the packet.
 */
import type { Ctx } from './context.js';
import { hex2, hexAsciiDump, macText } from './util.js';

const ITS_MESSAGES = new Map<number, string>([
  [0, 'CAM'], [1, 'DENM'], [101, 'TPEGM'], [102, 'TSPDM'], [103, 'VPM'], [104, 'SRM'], [105, 'SLAM'],
  [106, 'ecoCAM'], [107, 'ITM'], [150, 'SA'],
]);

const NEXT_HEADERS = ['Any', 'BTP-A', 'BTP-B', 'IPv6'];

/** Header type names by type and subtype. */
const HEADER_TYPES: readonly (readonly string[])[] = [
  [], [], [],
  ['GeoAnycastCircle', 'GeoAnycastRect', 'GeoAnycastElipse'],
  ['GeoBroadcastCircle', 'GeoBroadcastRect', 'GeoBroadcastElipse'],
  ['TopoScopeBcast-SH', 'TopoScopeBcast-MH'],
  ['LocService-Request', 'LocService-Reply'],
];

function headerTypeText(type: number, subtype: number): string {
  if (type === 0) return 'Any';
  if (type === 1) return 'Beacon';
  if (type === 2) return 'GeoUnicast';
  return HEADER_TYPES[type]?.[subtype] ?? 'Unknown';
}

/** Length of the extended header after the common one, or -1 where tcpdump does not know it. */
function extendedHeaderSize(type: number, subtype: number): number {
  if (type === 0 || type === 1) return 0;
  if (type === 5) return subtype === 0 ? 0 : subtype === 1 ? 68 - 36 : -1;
  return -1;
}

/**
 * Prints the GeoNetworking packet at `bp` (`length` bytes on the wire); `src`: the offset of the
 * link-layer source address, -1 when there is none.
 */
export function geonetPrint(ctx: Ctx, bp: number, length: number, src: number): void {
  ctx.protocol = 'geonet';
  ctx.print('GeoNet ');
  if (src >= 0) ctx.print(`src:${macText(ctx.buf, src)}`);
  ctx.print('; ');
  if (length < 36) {
    ctx.print(` (common header length ${length} < 36) (invalid)`);
    return;
  }
  const b0 = ctx.u8(bp);
  const b1 = ctx.u8(bp + 1);
  const version = b0 >> 4;
  const nextHdr = b0 & 0x0f;
  const type = b1 >> 4;
  const subtype = b1 & 0x0f;
  const payload = ctx.u16(bp + 4);
  const hopLimit = ctx.u8(bp + 7);
  ctx.print(
    `v:${version} NH:${nextHdr}-${NEXT_HEADERS[nextHdr] ?? 'Unknown'} HT:${type}-${subtype}-${headerTypeText(type, subtype)} HopLim:${hopLimit} Payload:${payload} `,
  );
  // The long position vector: the GeoNetworking address, latitude and longitude.
  const a = bp + 8;
  ctx.check(a, 8);
  let addr = hex2(ctx.buf[a]!);
  for (let i = 1; i < 8; i++) addr += `:${hex2(ctx.buf[a + i]!)}`;
  ctx.print(`GN_ADDR:${addr} `);
  ctx.print(`lat:${ctx.u32(bp + 20)} `);
  ctx.print(`lon:${ctx.u32(bp + 24)}`);
  ctx.check(bp, 36);
  length -= 36;
  bp += 36;
  const hdrSize = extendedHeaderSize(type, subtype);
  if (hdrSize >= 0) {
    if (length < hdrSize) {
      ctx.print(` (header size ${hdrSize} > ${length}) (invalid)`);
      return;
    }
    ctx.check(bp, hdrSize);
    length -= hdrSize;
    bp += hdrSize;
    if (nextHdr === 1 || nextHdr === 2) {
      if (length < 4) {
        ctx.print(` (BTP length ${length} < 4) (invalid)`);
        return;
      }
      ctx.print(`; BTP Dst:${ctx.u16(bp)}`);
      ctx.print(` Src:${ctx.u16(bp + 2)}`);
      length -= 4;
      bp += 4;
      if (length >= 2) {
        ctx.print(`; ItsPduHeader v:${ctx.u8(bp)}`);
        const msg = ctx.u8(bp + 1);
        ctx.print(` t:${msg}-${ITS_MESSAGES.get(msg) ?? `unknown (${msg})`}`);
      }
    }
  }
  if (ctx.verbose) hexAsciiDump(ctx, '\n\t', bp, length);
}

/** Prints the CALM FAST packet at `bp` (`length` bytes on the wire); `src` as {@link geonetPrint}'s. */
export function calmFastPrint(ctx: Ctx, bp: number, length: number, src: number): void {
  ctx.protocol = 'calm_fast';
  ctx.print('CALM FAST');
  if (src >= 0) ctx.print(` src:${macText(ctx.buf, src)}`);
  ctx.print('; ');
  if (length < 2) {
    ctx.print(` (length ${length} < 2) (invalid)`);
    ctx.check(bp, length);
    return;
  }
  ctx.print(`SrcNwref:${ctx.u8(bp)}; `);
  ctx.print(`DstNwref:${ctx.u8(bp + 1)}; `);
  if (ctx.verbose) hexAsciiDump(ctx, '\n\t', bp + 2, length - 2);
}
