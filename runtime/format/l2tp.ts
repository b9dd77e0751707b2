/**
 * L2TP (RFC 2661; UDP port 1701) as tcpdump 4.99 prints it, the same at every -v level: the
 * header flags and ids, then a control message's AVPs or a data message's PPP frame in braces.
 */
import type { Ctx } from './context.js';
import { pppPrint } from './pppoe.js';
import { hex2, hex4, safeChar } from './util.js';

const MSG_TYPES = new Map([
  [1, 'SCCRQ'], [2, 'SCCRP'], [3, 'SCCCN'], [4, 'StopCCN'], [6, 'HELLO'], [7, 'OCRQ'], [8, 'OCRP'],
  [9, 'OCCN'], [10, 'ICRQ'], [11, 'ICRP'], [12, 'ICCN'], [14, 'CDN'], [15, 'WEN'], [16, 'SLI'],
]);

const AVP_NAMES = [
  'MSGTYPE', 'RESULT_CODE', 'PROTO_VER', 'FRAMING_CAP', 'BEARER_CAP', 'TIE_BREAKER', 'FIRM_VER',
  'HOST_NAME', 'VENDOR_NAME', 'ASSND_TUN_ID', 'RECV_WIN_SIZE', 'CHALLENGE', 'Q931_CC',
  'CHALLENGE_RESP', 'ASSND_SESS_ID', 'CALL_SER_NUM', 'MINIMUM_BPS', 'MAXIMUM_BPS', 'BEARER_TYPE',
  'FRAMING_TYPE', 'PACKET_PROC_DELAY', 'CALLED_NUMBER', 'CALLING_NUMBER', 'SUB_ADDRESS',
  'TX_CONN_SPEED', 'PHY_CHANNEL_ID', 'INI_RECV_LCP', 'LAST_SENT_LCP', 'LAST_RECV_LCP',
  'PROXY_AUTH_TYPE', 'PROXY_AUTH_NAME', 'PROXY_AUTH_CHAL', 'PROXY_AUTH_ID', 'PROXY_AUTH_RESP',
  'CALL_ERRORS', 'ACCM', 'RANDOM_VECTOR', 'PRIVATE_GRP_ID', 'RX_CONN_SPEED', 'SEQ_REQUIRED',
];
AVP_NAMES[46] = 'PPP_DISCON_CC';

const AUTH_TYPES = ['Reserved', 'Textual', 'CHAP', 'PAP', 'No Auth', 'MS-CHAPv1'];
const CC_DIRECTIONS = ['global error', 'at peer', 'at local'];

/** ` l2tp:[TLS](1/2)Ns=0,Nr=0 *MSGTYPE(SCCRQ) ...` (tcpdump's leading space included). */
export function l2tpPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'l2tp';
  const head = ctx.u16(p);
  const version = head & 0x000f;
  if (version === 1) {
    ctx.print(' l2f:');
    return;
  }
  if (version !== 2) {
    ctx.print(' Unknown Version, neither L2F(1) nor L2TP(2)');
    return;
  }
  const control = (head & 0x8000) !== 0;
  const hasLength = (head & 0x4000) !== 0;
  const hasSeq = (head & 0x0800) !== 0;
  const hasOffset = (head & 0x0200) !== 0;
  ctx.print(` l2tp:[${control ? 'T' : ''}${hasLength ? 'L' : ''}${hasSeq ? 'S' : ''}${hasOffset ? 'O' : ''}${head & 0x0100 ? 'P' : ''}]`);
  let cnt = 2;
  let l2tpLen = 0;
  if (hasLength) {
    l2tpLen = ctx.u16(p + cnt);
    cnt += 2;
  }
  ctx.print(`(${ctx.u16(p + cnt)}/`);
  cnt += 2;
  ctx.print(`${ctx.u16(p + cnt)})`);
  cnt += 2;
  if (hasSeq) {
    ctx.print(`Ns=${ctx.u16(p + cnt)},`);
    cnt += 2;
    ctx.print(`Nr=${ctx.u16(p + cnt)}`);
    cnt += 2;
  }
  if (hasOffset) {
    const pad = ctx.u16(p + cnt);
    ctx.check(p + cnt + 2, pad);
    cnt += 2 + pad;
  }
  if (hasLength) {
    if (length < l2tpLen) {
      ctx.print(` Length ${l2tpLen} larger than packet`);
      return;
    }
    length = l2tpLen;
  }
  if (length < cnt) {
    ctx.print(` Length ${length} smaller than header length`);
    return;
  }
  if (!control) {
    ctx.print(' {');
    pppPrint(ctx, p + cnt, length - cnt);
    ctx.print('}');
    return;
  }
  if (!hasLength) {
    ctx.print(' No length');
    return;
  }
  if (length === cnt) {
    ctx.print(' ZLB');
    return;
  }
  while (length !== cnt) {
    const n = avpPrint(ctx, p + cnt, length - cnt);
    if (n === 0) return;
    cnt += n;
  }
}

/** One AVP (` *NAME(value)`): its length, or 0 when it is cut short (after the marker). */
function avpPrint(ctx: Ctx, p: number, length: number): number {
  ctx.print(' ');
  const head = ctx.u16(p);
  const len = head & 0x03ff;
  if (len < 6 || len > length || !ctx.has(p, len)) {
    ctx.trunc();
    return 0;
  }
  if (head & 0x8000) ctx.print('*');
  const hidden = (head & 0x4000) !== 0;
  if (hidden) ctx.print('?');
  const vendor = ctx.u16(p + 2);
  const type = ctx.u16(p + 4);
  const v = p + 6;
  const n = len - 6;
  if (vendor) {
    ctx.print(`VENDOR${hex4(vendor)}:ATTR${hex4(type)}(${octets(ctx, v, n)})`);
    return len;
  }
  ctx.print(`${AVP_NAMES[type] ?? `AVP-#${type}`}(`);
  if (hidden) ctx.print('???');
  else ctx.print(avpValue(ctx, type, v, n));
  ctx.print(')');
  return len;
}

const SHORT = 'AVP too short';

/** The value of an IETF AVP of `type` (all of it captured: avpPrint checked). */
function avpValue(ctx: Ctx, type: number, v: number, n: number): string {
  const u16 = (o: number): number => ctx.u16(v + o);
  const u32 = (o: number): number => ctx.u32(v + o);
  switch (type) {
    case 0:
      return n < 2 ? SHORT : MSG_TYPES.get(u16(0)) ?? `MSGTYPE-#${u16(0)}`;
    case 1: {
      if (n < 2) return SHORT;
      let s = `${u16(0)}`;
      if (n === 2) return s;
      if (n < 4) return `${s} AVP too short`;
      s += `/${u16(2)}`;
      return n === 4 ? s : `${s} ${text(ctx, v + 4, n - 4)}`;
    }
    case 2:
      return n < 2 ? SHORT : `${ctx.u8(v)}.${ctx.u8(v + 1)}`;
    case 3:
    case 19:
      return n < 4 ? SHORT : `${u32(0) & 2 ? 'A' : ''}${u32(0) & 1 ? 'S' : ''}`;
    case 4:
    case 18:
      return n < 4 ? SHORT : `${u32(0) & 2 ? 'A' : ''}${u32(0) & 1 ? 'D' : ''}`;
    case 5:
      return n < 8 ? SHORT : octets(ctx, v, 8);
    case 6:
    case 9:
    case 10:
    case 14:
      return n < 2 ? SHORT : `${u16(0)}`;
    case 7:
    case 8:
    case 21:
    case 22:
    case 23:
    case 30:
    case 37:
      return text(ctx, v, n);
    case 11:
    case 26:
    case 27:
    case 28:
    case 31:
    case 33:
    case 36:
      return octets(ctx, v, n);
    case 12:
      if (n < 3) return SHORT;
      return `${u16(0)}, ${hex2(ctx.u8(v + 2))}${n > 3 ? ` ${text(ctx, v + 3, n - 3)}` : ''}`;
    case 13:
      return n < 16 ? SHORT : octets(ctx, v, 16);
    case 15:
    case 16:
    case 17:
    case 24:
    case 25:
    case 38:
      return n < 4 ? SHORT : `${u32(0)}`;
    case 20:
      return 'obsolete';
    case 29:
      return n < 2 ? SHORT : AUTH_TYPES[u16(0)] ?? `AuthType-#${u16(0)}`;
    case 32:
      return n < 2 ? SHORT : `${u16(0) & 0xff}`;
    case 34: {
      if (n < 2) return SHORT;
      let s = '';
      let o = 2;
      for (const name of ['CRCErr', 'FrameErr', 'HardOver', 'BufOver', 'Timeout', 'AlignErr']) {
        if (n - o < 4) return s + SHORT;
        s += `${name}=${u32(o)} `;
        o += 4;
      }
      return s;
    }
    case 35: {
      if (n < 2) return SHORT;
      if (n < 6) return SHORT;
      let s = `send=${u32(2).toString(16).padStart(8, '0')} `;
      if (n < 10) return s + SHORT;
      s += `recv=${u32(6).toString(16).padStart(8, '0')} `;
      return s;
    }
    case 46: {
      if (n < 5) return SHORT;
      const dir = ctx.u8(v + 4);
      const s = `${hex4(u16(0))}, ${hex4(u16(2))} ${CC_DIRECTIONS[dir] ?? `Direction-#${dir}`}`;
      return n > 5 ? `${s} ${text(ctx, v + 5, n - 5)}` : s;
    }
    default:
      return '';
  }
}

function octets(ctx: Ctx, p: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += hex2(ctx.u8(p + i));
  return s;
}

function text(ctx: Ctx, p: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += safeChar(ctx.u8(p + i));
  return s;
}
