/**
 * DECnet Phase IV (EtherType 0x6003) as tcpdump 4.99 prints it: the routing header (short and
 * long data headers, padding, routing control messages: init, verification, test, level 1 and 2
 * routing, router and endnode hellos) and NSP (data, interrupt, link service, acks, connect and
 * disconnect messages). Fields are little-endian; addresses print as area.node (-n).
 *
 * tcpdump's DECnet printer gives up the whole packet when it reads past the capture (its GET_
 * macros): every read here is a bounds-checked {@link Ctx} read that throws Truncated.
 */
import type { Ctx } from './context.js';
import { hexAsciiDump } from './util.js';

/** A DECnet address as area.node. */
function dnAddr(a: number): string {
  return `${a >> 10}.${a & 0x3ff}`;
}

const SHORT_HDR = 6;
const LONG_HDR = 21;

const REASONS = new Map<number, string>([
  [0, 'object rejected connect'], [1, 'insufficient resources'], [2, 'unrecognized node name'],
  [3, 'node is shutting down'], [4, 'unrecognized object'], [5, 'invalid object name format'],
  [6, 'object too busy'], [7, 'protocol error discovered'], [8, 'third party abort'], [9, 'user abort'],
  [10, 'invalid node name format'], [11, 'local node shutting down'], [32, 'insufficient local resources'],
  [33, 'insufficient remote user resources'], [34, 'invalid access control information'],
  [36, 'bad ACCOUNT information'], [38, 'no response from object'], [39, 'node unreachable'],
  [41, 'no link terminate'], [42, 'disconnect complete'], [43, 'bad image data in connect'],
  [54, 'cryptographic service mismatch'],
]);

/** Prints the DECnet packet at `p`: `length` bytes on the wire after the Ethernet header. */
export function decnetPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'decnet';
  let caplen = ctx.avail(p);
  if (length < SHORT_HDR) {
    ctx.print(` (length ${length} < ${SHORT_HDR}) (invalid)`);
    return;
  }
  const pktlen = ctx.le16(p);
  if (pktlen < SHORT_HDR) {
    ctx.print(` (pktlen ${pktlen} < ${SHORT_HDR}) (invalid)`);
    return;
  }
  if (pktlen > length) {
    ctx.print(` (pktlen ${pktlen} > ${length}) (invalid)`);
    return;
  }
  length = pktlen;
  let rh = p + 2;
  let mflags = ctx.u8(rh);
  if (mflags & 0x80) {
    // Padding before the routing header: the flags byte's low bits count its bytes.
    const padlen = mflags & 0x7f;
    if (ctx.verbose) ctx.print(`[pad:${padlen}] `);
    if (length < padlen + 2) {
      ctx.print(` (length ${length} < ${padlen + 2}) (invalid)`);
      return;
    }
    ctx.check(rh, padlen);
    p += padlen;
    length -= padlen;
    caplen -= padlen;
    rh = p + 2;
    mflags = ctx.u8(rh);
  }
  if (mflags & 0x40) {
    ctx.print('future-version-decnet');
    hexAsciiDump(ctx, '\n\t', p, Math.min(length, caplen));
    return;
  }
  if (mflags & 0x01) {
    if (!controlMessage(ctx, rh, mflags, length, caplen)) ctx.print(' (invalid)');
    return;
  }
  let dst: number;
  let src: number;
  let hops: number;
  let nsp: number;
  let nsplen: number;
  switch (mflags & 7) {
    case 6:
      if (length < LONG_HDR) {
        ctx.print(` (length ${length} < ${LONG_HDR}) (invalid)`);
        return;
      }
      ctx.check(rh, LONG_HDR);
      dst = ctx.le16(rh + 7);
      src = ctx.le16(rh + 15);
      hops = ctx.u8(rh + 18);
      nsp = rh + LONG_HDR;
      nsplen = length - LONG_HDR;
      break;
    case 2:
      dst = ctx.le16(rh + 1);
      src = ctx.le16(rh + 3);
      hops = (ctx.u8(rh + 5) & 0x3f) + 1;
      nsp = rh + SHORT_HDR;
      nsplen = length - SHORT_HDR;
      break;
    default:
      ctx.print('unknown message flags under mask');
      hexAsciiDump(ctx, '\n\t', p, Math.min(length, caplen));
      return;
  }
  ctx.print(`${dnAddr(src)} > ${dnAddr(dst)} ${pktlen} `);
  if (ctx.verbose) {
    if (mflags & 0x08) ctx.print('RQR ');
    if (mflags & 0x10) ctx.print('RTS ');
    if (mflags & 0x20) ctx.print('IE ');
    ctx.print(`${hops} hops `);
  }
  if (!nspPrint(ctx, nsp, nsplen)) ctx.print(' (invalid)');
}

function nodeTypeText(info: number): string {
  return ['reserved-ntype? ', 'l2rout ', 'l1rout ', 'endnode '][info & 3]!;
}

/** A routing control message at `rh` (the flags byte); false when too short (invalid). */
function controlMessage(ctx: Ctx, rh: number, mflags: number, length: number, caplen: number): boolean {
  switch (mflags & 0x0f) {
    case 0x01: {
      ctx.print('init ');
      if (length < 12) return false;
      ctx.check(rh, 12);
      const src = ctx.le16(rh + 1);
      const info = ctx.u8(rh + 3);
      ctx.print(nodeTypeText(info));
      if (info & 0x04) ctx.print('verif ');
      if (info & 0x08) ctx.print('blo ');
      // No space between the address and "blksize" (tcpdump's format).
      ctx.print(`src ${dnAddr(src)}blksize ${ctx.le16(rh + 4)} vers ${ctx.u8(rh + 6)} eco ${ctx.u8(rh + 7)} ueco ${ctx.u8(rh + 8)} hello ${ctx.le16(rh + 9)}`);
      return true;
    }
    case 0x03:
    case 0x05: {
      ctx.print(mflags & 0x04 ? 'test ' : 'verification ');
      if (length < 4) return false;
      const src = ctx.le16(rh + 1);
      const other = ctx.u8(rh + 3);
      ctx.print(`src ${dnAddr(src)} ${mflags & 0x04 ? 'data' : 'fcnval'} ${other.toString(8)}`);
      return true;
    }
    case 0x07:
    case 0x09: {
      const l2 = (mflags & 0x0f) === 0x09;
      ctx.print(l2 ? 'lev-2-routing ' : 'lev-1-routing ');
      if (length < 4) return false;
      ctx.check(rh, 4);
      ctx.print(`src ${dnAddr(ctx.le16(rh + 1))} `);
      // Segments of count, first id (or area), cost and hops; the last word is a checksum.
      let rp = rh + 4;
      for (let len = length - 4; len > 6; len -= 6, rp += 6) {
        ctx.check(rp, 6);
        const count = ctx.le16(rp);
        if (count > 1024) break;
        const id = ctx.le16(rp + 2);
        const info = ctx.le16(rp + 4);
        ctx.print(`{${l2 ? 'areas' : 'ids'} ${id}-${id + count} cost ${info & 0x1ff} hops ${(info >> 10) & 0x1f}} `);
      }
      return true;
    }
    case 0x0b: {
      ctx.print('router-hello ');
      if (length < 18) return false;
      ctx.check(rh, 18);
      const info = ctx.u8(rh + 10);
      infoFlags(ctx, info);
      ctx.print(
        `vers ${ctx.u8(rh + 1)} eco ${ctx.u8(rh + 2)} ueco ${ctx.u8(rh + 3)} src ${dnAddr(ctx.le16(rh + 8))} blksize ${ctx.le16(rh + 11)} pri ${ctx.u8(rh + 13)} hello ${ctx.le16(rh + 15)}`,
      );
      return true;
    }
    case 0x0d: {
      ctx.print('endnode-hello ');
      if (length < 32) return false;
      // Every field is read before anything of it is printed.
      const vers = ctx.u8(rh + 1);
      const eco = ctx.u8(rh + 2);
      const ueco = ctx.u8(rh + 3);
      const src = ctx.le16(rh + 8);
      const info = ctx.u8(rh + 10);
      const blksize = ctx.le16(rh + 11);
      const router = ctx.le16(rh + 26);
      const hello = ctx.le16(rh + 28);
      const data = ctx.u8(rh + 31);
      infoFlags(ctx, info);
      ctx.print(`vers ${vers} eco ${eco} ueco ${ueco} src ${dnAddr(src)} blksize ${blksize} rtr ${dnAddr(router)} hello ${hello} data ${data.toString(8)}`);
      return true;
    }
    default:
      ctx.print('unknown control message');
      hexAsciiDump(ctx, '\n\t', rh, Math.min(length, caplen));
      return true;
  }
}

/** A hello's routing layer information byte. */
function infoFlags(ctx: Ctx, info: number): void {
  ctx.print(nodeTypeText(info));
  if (info & 0x04) ctx.print('verif ');
  if (info & 0x20) ctx.print('nomcast ');
  if (info & 0x40) ctx.print('blo ');
}

/** An acknowledgement word: ack/nak (`n1`), or with `other` the other channel's (`n2`); '' when not flagged. */
function ackText(ack: number, other: boolean, names: [string, string]): string {
  if (other) {
    if (!(ack & 0xa000)) return '';
    return `${(ack & 0xb000) === 0xb000 ? names[1] : names[0]} ${ack & 0xfff} `;
  }
  if (!(ack & 0x8000)) return '';
  return `${(ack & 0x9000) === 0x9000 ? names[1] : names[0]} ${ack & 0xfff} `;
}

/** Sequence words of a data or interrupt segment, then its segment number; false when too short. */
function segment(ctx: Ctx, nsp: number, nsplen: number, otherNames: [string, string]): boolean {
  let dataOff = 7;
  if (nsplen < dataOff) return false;
  let ack = ctx.le16(nsp + 5);
  if (ack & 0x8000) {
    ctx.print(ackText(ack, false, ['ack', 'nak']));
    dataOff += 2;
    if (nsplen < dataOff) return false;
    ack = ctx.le16(nsp + 7);
    if (ack & 0xa000) {
      ctx.print(ackText(ack, true, otherNames));
      dataOff += 2;
      if (nsplen < dataOff) return false;
      ack = ctx.le16(nsp + 9);
    }
  }
  ctx.print(`seg ${ack & 0xfff} `);
  return true;
}

function servicesText(services: number, info: number, segsize: number): string {
  const fc = services & 0x0c;
  return `${fc === 4 ? 'seg ' : fc === 8 ? 'msg ' : ''}${['ver 3.2 ', 'ver 3.1 ', 'ver 4.0 ', 'ver 4.1 '][info & 3]}segsize ${segsize} `;
}

/** The NSP message at `nsp` (`nsplen` bytes by the routing header); false when too short (invalid). */
function nspPrint(ctx: Ctx, nsp: number, nsplen: number): boolean {
  if (nsplen < 5) {
    ctx.print(` (nsplen ${nsplen} < 5)`);
    return false;
  }
  const flags = ctx.u8(nsp);
  const dst = ctx.le16(nsp + 1);
  const src = ctx.le16(nsp + 3);
  const sub = flags & 0x70;
  switch (flags & 0x0c) {
    case 0x00:
      switch (sub) {
        case 0x00:
        case 0x20:
        case 0x40:
        case 0x60:
          ctx.print(`data ${src}>${dst} `);
          return segment(ctx, nsp, nsplen, ['oack', 'onak']);
        case 0x30:
          ctx.print('intr ');
          return segment(ctx, nsp, nsplen, ['ackdat', 'nakdat']);
        case 0x10: {
          ctx.print(`link-service ${src}>${dst} `);
          if (nsplen < 13) return false;
          let ack = ctx.le16(nsp + 5);
          if (ack & 0x8000) {
            ctx.print(ackText(ack, false, ['ack', 'nak']));
            ack = ctx.le16(nsp + 7);
            if (ack & 0xa000) {
              ctx.print(ackText(ack, true, ['ackdat', 'nakdat']));
              ack = ctx.le16(nsp + 9);
            }
          }
          ctx.print(`seg ${ack & 0xfff} `);
          const lsflags = ctx.u8(nsp + 11);
          const fcval = ctx.u8(nsp + 12);
          switch (lsflags & 0x0c) {
            case 0x00:
              ctx.print(`dat seg count ${fcval} `);
              switch (lsflags & 3) {
                case 0:
                  break;
                case 1:
                  ctx.print('donotsend-data ');
                  break;
                case 2:
                  ctx.print('send-data ');
                  break;
                default:
                  ctx.print(`reserved-fcmod? ${lsflags.toString(16)}`);
              }
              break;
            case 0x04:
              ctx.print(`intr req count ${fcval} `);
              break;
            default:
              ctx.print(`reserved-fcval-int? ${lsflags.toString(16)}`);
          }
          return true;
        }
        default:
          ctx.print(`reserved-subtype? ${flags.toString(16)} ${src} > ${dst}`);
          return true;
      }
    case 0x04:
      switch (sub) {
        case 0x00:
        case 0x10: {
          const ils = sub === 0x10;
          ctx.print(`${ils ? 'ils-ack' : 'data-ack'} ${src}>${dst} `);
          if (nsplen < 9) return false;
          ctx.check(nsp, 9);
          const ack = ctx.le16(nsp + 5);
          if (ack & 0x8000) {
            ctx.print(ackText(ack, false, ['ack', 'nak']));
            ctx.print(ackText(ctx.le16(nsp + 7), true, ils ? ['ackdat', 'nakdat'] : ['oack', 'onak']));
          }
          return true;
        }
        case 0x20:
          ctx.print(`conn-ack ${dst}`);
          return true;
        default:
          ctx.print(`reserved-acktype? ${flags.toString(16)} ${src} > ${dst}`);
          return true;
      }
    case 0x08:
      switch (sub) {
        case 0x10:
        case 0x60: {
          ctx.print(`${sub === 0x10 ? 'conn-initiate' : 'retrans-conn-initiate'} ${src}>${dst} `);
          if (nsplen < 9) return false;
          ctx.print(servicesText(ctx.u8(nsp + 5), ctx.u8(nsp + 6), ctx.le16(nsp + 7)));
          return true;
        }
        case 0x20: {
          ctx.print(`conn-confirm ${src}>${dst} `);
          if (nsplen < 10) return false;
          const services = ctx.u8(nsp + 5);
          const info = ctx.u8(nsp + 6);
          const segsize = ctx.le16(nsp + 7);
          const optlen = ctx.u8(nsp + 9);
          ctx.print(servicesText(services, info, segsize));
          if (optlen) ctx.print(`optlen ${optlen} `);
          return true;
        }
        case 0x30: {
          ctx.print(`disconn-initiate ${src}>${dst} `);
          if (nsplen < 8) return false;
          const reason = ctx.le16(nsp + 5);
          const optlen = ctx.u8(nsp + 7);
          ctx.print(`${REASONS.get(reason) ?? `reason-${reason}`} `);
          if (optlen) ctx.print(`optlen ${optlen} `);
          return true;
        }
        case 0x40: {
          ctx.print(`disconn-confirm ${src}>${dst} `);
          const reason = ctx.le16(nsp + 5);
          ctx.print(`${REASONS.get(reason) ?? `reason-${reason}`} `);
          return true;
        }
        default:
          ctx.print(`reserved-ctltype? ${flags.toString(16)} ${src} > ${dst}`);
          return true;
      }
    default:
      ctx.print(`reserved-type? ${flags.toString(16)} ${src} > ${dst}`);
      return true;
  }
}
