/**
 * AppleTalk over Ethernet (EtherType 0x809b, and SNAP with Apple's OUI): DDP with ATP, NBP and
 * EIGRP inside (other DDP types by name and length), and AARP (0x80f3), as tcpdump 4.99 prints
 * them with -n (addresses as net.node, sockets as numbers).
 */
import type { Ctx } from './context.js';
import { eigrpPrint } from './eigrp.js';
import { macText, safeChar } from './util.js';

const DDP_SIZE = 13;

const DDP_TYPES = new Map<number, string>([
  [1, 'rtmp'], [5, 'rtmpReq'], [4, 'echo'], [22, 'IP'], [23, 'ARP'], [0x4b, 'KLAP'],
]);

/** An AppleTalk address: net.node, or the net alone for node 255. */
function atAddr(net: number, node: number): string {
  return node === 255 ? `${net}` : `${net}.${node}`;
}

/** Prints the DDP datagram at `bp` (`length` bytes on the wire). */
export function atalkPrint(ctx: Ctx, bp: number, length: number): void {
  ctx.protocol = 'atalk';
  if (!ctx.eflag) ctx.print('AT ');
  if (length < DDP_SIZE) {
    ctx.print(` [|ddp ${length}]`);
    return;
  }
  if (!ctx.has(bp, DDP_SIZE)) {
    ctx.print(' [|ddp]');
    return;
  }
  const snet = ctx.u16(bp + 6);
  const snode = ctx.u8(bp + 9);
  const sskt = ctx.u8(bp + 11);
  ctx.print(`${atAddr(snet, snode)}.${sskt} > ${atAddr(ctx.u16(bp + 4), ctx.u8(bp + 8))}.${ctx.u8(bp + 10)}: `);
  const type = ctx.u8(bp + 12);
  bp += DDP_SIZE;
  length -= DDP_SIZE;
  switch (type) {
    case 2:
      nbpPrint(ctx, bp, length, snet, snode, sskt);
      break;
    case 3:
      atpPrint(ctx, bp, length);
      break;
    case 88:
      eigrpPrint(ctx, bp, length);
      break;
    default:
      ctx.print(` at-${DDP_TYPES.get(type) ?? `#${type}`} ${length}`);
  }
}

/** ATP's bitmap: a contiguous run from 0 as <0-n>, else every bit. */
function bitmapText(bm: number): string {
  if ((bm + 1) & bm) {
    let s = '';
    let c = '<';
    for (let i = 0; bm; i++, bm >>= 1) {
      if (bm & 1) {
        s += `${c}${i}`;
        c = ',';
      }
    }
    return `${s}>`;
  }
  let i = 0;
  for (; bm; i++) bm >>= 1;
  return i > 1 ? `<0-${i - 1}>` : '<0>';
}

function atpPrint(ctx: Ctx, ap: number, length: number): void {
  if (!ctx.has(ap, 8)) {
    ctx.trunc();
    return;
  }
  if (length < 8) {
    ctx.print(` [|atp ${length}]`);
    return;
  }
  length -= 8;
  const control = ctx.u8(ap);
  const tid = ctx.u16(ap + 2);
  const bitmap = ctx.u8(ap + 1);
  switch (control & 0xc0) {
    case 0x40:
      ctx.print(` atp-req${control & 0x20 ? ' ' : '*'} ${tid}${bitmapText(bitmap)}`);
      if (length !== 0) ctx.print(` [len=${length}]`);
      ctx.print(['', ' [STS]', ' [EOM]', ' [EOM,STS]'][(control >> 3) & 3]!);
      break;
    case 0x80:
      ctx.print(` atp-resp${control & 0x10 ? '*' : ' '}${tid}:${bitmap} (${length})`);
      ctx.print(['', ' [STS]', ' [XO]', ' [XO,STS]'][((control >> 4) & 2) | ((control >> 3) & 1)]!);
      break;
    case 0xc0: {
      ctx.print(` atp-rel  ${tid}${bitmapText(bitmap)}`);
      if (length) ctx.print(` [len=${length}]`);
      if (control & 0x38) {
        const flags: string[] = [];
        if (control & 0x20) flags.push('XO');
        if (control & 0x10) flags.push('EOM');
        if (control & 0x08) flags.push('STS');
        ctx.print(`[${flags.join(',')}]`);
      }
      break;
    }
    default:
      ctx.print(` atp-0x${control.toString(16)}  ${tid} (${length})`);
  }
  const data = ctx.u32(ap + 4);
  if (data !== 0) ctx.print(` 0x${data.toString(16)}`);
}

/** A counted string (at most 32 bytes); the offset after it, or -1 after a marker. */
function cstring(ctx: Ctx, cp: number): number {
  if (cp >= ctx.snapend) {
    ctx.trunc();
    return -1;
  }
  let length = ctx.u8(cp++);
  if (length > 32) {
    ctx.print(`[len=${length}]`);
    return -1;
  }
  for (; length; length--) {
    if (cp >= ctx.snapend) {
      ctx.trunc();
      return -1;
    }
    ctx.print(safeChar(ctx.u8(cp++)));
  }
  return cp;
}

/** An NBP entity name ("object:type@zone") after the tuple at `tp`; the offset after it, or -1. */
function nbpName(ctx: Ctx, tp: number): number {
  ctx.print(' "');
  let cp = cstring(ctx, tp + 5);
  if (cp < 0) return -1;
  ctx.print(':');
  cp = cstring(ctx, cp);
  if (cp < 0) return -1;
  ctx.print('@');
  cp = cstring(ctx, cp);
  if (cp < 0) return -1;
  ctx.print('"');
  return cp;
}

function nbpPrint(ctx: Ctx, np: number, length: number, snet: number, snode: number, skt: number): void {
  if (length < 2) {
    ctx.print(` truncated-nbp ${length}`);
    return;
  }
  length -= 2;
  if (length < 8) {
    ctx.print(` truncated-nbp ${length + 2}`);
    return;
  }
  let tp = np + 2;
  if (tp > ctx.snapend) {
    ctx.trunc();
    return;
  }
  const control = ctx.u8(np);
  const op = control & 0xf0;
  switch (op) {
    case 0x10:
    case 0x20: {
      ctx.print(`${op === 0x20 ? ' nbp-lkup' : ' nbp-brRq'} ${ctx.u8(np + 1)}:`);
      if (tp + 5 > ctx.snapend) {
        ctx.trunc();
        return;
      }
      nbpName(ctx, tp);
      // Anomalies: one tuple only, the source's own address, a zero enumerator.
      if ((control & 0xf) !== 1) ctx.print(` [ntup=${control & 0xf}]`);
      const enumerator = ctx.u8(tp + 4);
      if (enumerator) ctx.print(` [enum=${enumerator}]`);
      const net = ctx.u16(tp);
      const node = ctx.u8(tp + 2);
      const tskt = ctx.u8(tp + 3);
      if (net !== snet || node !== snode || tskt !== skt) ctx.print(` [addr=${atAddr(net, node)}.${tskt}]`);
      break;
    }
    case 0x30:
      ctx.print(` nbp-reply ${ctx.u8(np + 1)}:`);
      for (let i = control & 0xf; i !== 0 && tp > 0; i--) {
        if (tp + 5 > ctx.snapend) {
          ctx.trunc();
          break;
        }
        const next = nbpName(ctx, tp);
        const enumerator = ctx.u8(tp + 4);
        if (enumerator !== 1) ctx.print(`(${enumerator})`);
        const tskt = ctx.u8(tp + 3);
        if (tskt !== skt) ctx.print(` ${tskt}`);
        const net = ctx.u16(tp);
        const node = ctx.u8(tp + 2);
        if (net !== snet || node !== snode) ctx.print(` [addr=${atAddr(net, node)}]`);
        tp = next;
      }
      break;
    default:
      ctx.print(` nbp-0x${control.toString(16)}  ${ctx.u8(np + 1)} (${length})`);
  }
}

/** Prints the AARP packet at `bp` (`length` bytes on the wire). */
export function aarpPrint(ctx: Ctx, bp: number, length: number): void {
  ctx.protocol = 'aarp';
  ctx.print('aarp ');
  if (!ctx.has(bp, 28)) {
    ctx.trunc();
    return;
  }
  if (length < 28) {
    ctx.print(` [|aarp ${length}]`);
    return;
  }
  const htype = ctx.u16(bp);
  const ptype = ctx.u16(bp + 2);
  const halen = ctx.u8(bp + 4);
  const palen = ctx.u8(bp + 5);
  const op = ctx.u16(bp + 6);
  // Protocol addresses: a pad byte, the net, the node.
  const at = (off: number): string => atAddr(ctx.u16(off + 1), ctx.u8(off + 3));
  if (htype === 1 && ptype === 0x809b && halen === 6 && palen === 4) {
    switch (op) {
      case 1:
        ctx.print(`who-has ${at(bp + 24)} tell ${at(bp + 14)}`);
        return;
      case 2:
        ctx.print(`reply ${at(bp + 14)} is-at ${macText(ctx.buf, bp + 8)}`);
        return;
      case 3:
        ctx.print(`probe ${at(bp + 24)} tell ${at(bp + 14)}`);
        return;
    }
  }
  ctx.print(`len ${length} op ${op} htype ${htype} ptype ${ptype ? `0x${ptype.toString(16)}` : '0'} halen ${halen} palen ${palen}`);
}
