/**
 * PPTP's control connection (TCP port 1723, RFC 2637) as tcpdump prints it: the control message
 * type and every field of the message (with -v also the length, message type, magic cookie and
 * the meanings of result, error and reason codes). Fields are printed as they are read: a cut
 * message ends with what was printed and ` [|pptp]`.
 */
import { Truncated, type Ctx } from './context.js';
import { safeChar } from './util.js';

const MSG_TYPES = [
  'NOT_DEFINED', 'SCCRQ', 'SCCRP', 'StopCCRQ', 'StopCCRP', 'ECHORQ', 'ECHORP', 'OCRQ', 'OCRP', 'ICRQ',
  'ICRP', 'ICCN', 'CCRQ', 'CDN', 'WEN', 'SLI',
];

const SCCRP = 2;
const STOPCCRP = 4;
const ECHORP = 6;
const OCRP = 8;
const ICRP = 10;
const CDN = 13;

const ERR_CODES = ['None', 'Not-Connected', 'Bad-Format', 'Bad-Value', 'No-Resource', 'Bad-Call-ID', 'PAC-Error'];

/** Result code meanings (-v) by message type; index = code. */
const RESULTS = new Map<number, readonly string[]>([
  [SCCRP, ['', 'Successful channel establishment', 'General error', 'Command channel already exists', 'Requester is not authorized to establish a command channel', 'The protocol version of the requester is not supported']],
  [STOPCCRP, ['', 'OK', 'General Error']],
  [ECHORP, ['', 'OK', 'General Error']],
  [OCRP, ['', 'Connected', 'General Error', 'No Carrier', 'Busy', 'No Dial Tone', 'Time-out', 'Do Not Accept']],
  [ICRP, ['', 'Connect', 'General Error', 'Do Not Accept']],
  [CDN, ['', 'Lost Carrier', 'General Error', 'Admin Shutdown', 'Request']],
]);

const BEARER_TYPES = ['?', 'A', 'D', 'Any'];
const FRAMING_TYPES = ['?', 'A', 'S', 'E'];
const STOP_REASONS = ['?', 'None', 'Stop-Protocol', 'Stop-Local-Shutdown'];

function named(names: readonly string[], v: number): string {
  return (v < names.length && names[v]) || '?';
}

/** Prints the text at `p` up to a NUL or `n` bytes, escaped; what was captured is printed before a cut. */
function text(ctx: Ctx, p: number, n: number): void {
  let s = '';
  for (; n > 0; n--, p++) {
    if (!ctx.has(p, 1)) {
      ctx.print(s);
      throw new Truncated();
    }
    const c = ctx.buf[p]!;
    if (c === 0) break;
    s += safeChar(c);
  }
  ctx.print(s);
}

/** A NUL-padded text field with its label: ` LABEL(text)`. */
function field(ctx: Ctx, label: string, p: number, n: number): void {
  ctx.print(` ${label}(`);
  text(ctx, p, n);
  ctx.print(')');
}

function reserved1(ctx: Ctx, p: number): void {
  const v = ctx.u8(p);
  if (v) ctx.print(` [ERROR: reserved=${v} must be zero]`);
}

function reserved2(ctx: Ctx, p: number): void {
  const v = ctx.u16(p);
  if (v) ctx.print(` [ERROR: reserved=${v} must be zero]`);
}

function resultCode(ctx: Ctx, p: number, msgType: number): void {
  const v = ctx.u8(p);
  const names = RESULTS.get(msgType);
  ctx.print(` RESULT_CODE(${v}${ctx.verbose && names ? `:${named(names, v)}` : ''})`);
}

function errCode(ctx: Ctx, p: number): void {
  const v = ctx.u8(p);
  ctx.print(` ERR_CODE(${v}${ctx.verbose ? `:${named(ERR_CODES, v)}` : ''})`);
}

function protoVer(ctx: Ctx, p: number): void {
  const v = ctx.u16(p);
  ctx.print(` PROTO_VER(${v >> 8}.${v & 0xff})`);
}

function framingCap(ctx: Ctx, p: number): void {
  ctx.print(' FRAME_CAP(');
  const v = ctx.u32(p);
  ctx.print(`${v & 1 ? 'A' : ''}${v & 2 ? 'S' : ''})`);
}

function bearerCap(ctx: Ctx, p: number): void {
  const v = ctx.u32(p);
  ctx.print(` BEARER_CAP(${v & 2 ? 'D' : ''}${v & 1 ? 'A' : ''})`);
}

const u16f = (ctx: Ctx, label: string, p: number): void => ctx.print(` ${label}(${ctx.u16(p)})`);
const u32f = (ctx: Ctx, label: string, p: number): void => ctx.print(` ${label}(${ctx.u32(p)})`);

/** Start-Control-Connection-Request (1) and -Reply (2): the same fields but result and error codes. */
function sccr(ctx: Ctx, p: number, reply: boolean): void {
  protoVer(ctx, p);
  if (reply) {
    resultCode(ctx, p + 2, SCCRP);
    errCode(ctx, p + 3);
  } else reserved2(ctx, p + 2);
  framingCap(ctx, p + 4);
  bearerCap(ctx, p + 8);
  u16f(ctx, 'MAX_CHAN', p + 12);
  u16f(ctx, 'FIRM_REV', p + 14);
  field(ctx, 'HOSTNAME', p + 16, 64);
  field(ctx, 'VENDOR', p + 80, 64);
}

/** The message body at `p` of control message type `type`. */
function body(ctx: Ctx, p: number, type: number): void {
  switch (type) {
    case 1:
      return sccr(ctx, p, false);
    case SCCRP:
      return sccr(ctx, p, true);
    case 3: {
      const reason = ctx.u8(p);
      ctx.print(` REASON(${reason}${ctx.verbose ? `:${named(STOP_REASONS, reason)}` : ''})`);
      reserved1(ctx, p + 1);
      return reserved2(ctx, p + 2);
    }
    case STOPCCRP:
      resultCode(ctx, p, STOPCCRP);
      errCode(ctx, p + 1);
      return reserved2(ctx, p + 2);
    case 5:
      return u32f(ctx, 'ID', p);
    case ECHORP:
      u32f(ctx, 'ID', p);
      resultCode(ctx, p + 4, ECHORP);
      errCode(ctx, p + 5);
      return reserved2(ctx, p + 6);
    case 7: {
      u16f(ctx, 'CALL_ID', p);
      u16f(ctx, 'CALL_SER_NUM', p + 2);
      u32f(ctx, 'MIN_BPS', p + 4);
      u32f(ctx, 'MAX_BPS', p + 8);
      ctx.print(` BEARER_TYPE(${named(BEARER_TYPES, ctx.u32(p + 12))})`);
      ctx.print(` FRAME_TYPE(${named(FRAMING_TYPES, ctx.u32(p + 16))})`);
      u16f(ctx, 'RECV_WIN', p + 20);
      u16f(ctx, 'PROC_DELAY', p + 22);
      u16f(ctx, 'PHONE_NO_LEN', p + 24);
      reserved2(ctx, p + 26);
      ctx.print(' PHONE_NO(');
      text(ctx, p + 28, Math.min(64, ctx.u16(p + 24)));
      ctx.print(')');
      return field(ctx, 'SUB_ADDR', p + 92, 64);
    }
    case OCRP:
      u16f(ctx, 'CALL_ID', p);
      u16f(ctx, 'PEER_CALL_ID', p + 2);
      resultCode(ctx, p + 4, OCRP);
      errCode(ctx, p + 5);
      u16f(ctx, 'CAUSE_CODE', p + 6);
      u32f(ctx, 'CONN_SPEED', p + 8);
      u16f(ctx, 'RECV_WIN', p + 12);
      u16f(ctx, 'PROC_DELAY', p + 14);
      return u32f(ctx, 'PHY_CHAN_ID', p + 16);
    case 9: {
      u16f(ctx, 'CALL_ID', p);
      u16f(ctx, 'CALL_SER_NUM', p + 2);
      ctx.print(` BEARER_TYPE(${named(BEARER_TYPES, ctx.u32(p + 4))})`);
      u32f(ctx, 'PHY_CHAN_ID', p + 8);
      u16f(ctx, 'DIALED_NO_LEN', p + 12);
      u16f(ctx, 'DIALING_NO_LEN', p + 14);
      ctx.print(' DIALED_NO(');
      text(ctx, p + 16, Math.min(64, ctx.u16(p + 12)));
      ctx.print(') DIALING_NO(');
      text(ctx, p + 80, Math.min(64, ctx.u16(p + 14)));
      ctx.print(')');
      return field(ctx, 'SUB_ADDR', p + 144, 64);
    }
    case ICRP:
      u16f(ctx, 'CALL_ID', p);
      u16f(ctx, 'PEER_CALL_ID', p + 2);
      resultCode(ctx, p + 4, ICRP);
      errCode(ctx, p + 5);
      u16f(ctx, 'RECV_WIN', p + 6);
      u16f(ctx, 'PROC_DELAY', p + 8);
      return reserved2(ctx, p + 10);
    case 11:
      u16f(ctx, 'PEER_CALL_ID', p);
      reserved2(ctx, p + 2);
      u32f(ctx, 'CONN_SPEED', p + 4);
      u16f(ctx, 'RECV_WIN', p + 8);
      u16f(ctx, 'PROC_DELAY', p + 10);
      return void ctx.print(` FRAME_TYPE(${named(FRAMING_TYPES, ctx.u32(p + 12))})`);
    case 12:
      u16f(ctx, 'CALL_ID', p);
      return reserved2(ctx, p + 2);
    case CDN:
      u16f(ctx, 'CALL_ID', p);
      resultCode(ctx, p + 2, CDN);
      errCode(ctx, p + 3);
      u16f(ctx, 'CAUSE_CODE', p + 4);
      reserved2(ctx, p + 6);
      return field(ctx, 'CALL_STATS', p + 8, 128);
    case 14:
      u16f(ctx, 'PEER_CALL_ID', p);
      reserved2(ctx, p + 2);
      u32f(ctx, 'CRC_ERR', p + 4);
      u32f(ctx, 'FRAMING_ERR', p + 8);
      u32f(ctx, 'HARDWARE_OVERRUN', p + 12);
      u32f(ctx, 'BUFFER_OVERRUN', p + 16);
      u32f(ctx, 'TIMEOUT_ERR', p + 20);
      return u32f(ctx, 'ALIGN_ERR', p + 24);
    case 15:
      u16f(ctx, 'PEER_CALL_ID', p);
      reserved2(ctx, p + 2);
      ctx.print(` SEND_ACCM(0x${ctx.u32(p + 4).toString(16).padStart(8, '0')})`);
      return void ctx.print(` RECV_ACCM(0x${ctx.u32(p + 8).toString(16).padStart(8, '0')})`);
    default:
  }
}

/** Prints the PPTP control message at `p` (the segment's payload; its length is not consulted, as in tcpdump). */
export function pptpPrint(ctx: Ctx, p: number): void {
  ctx.protocol = 'pptp';
  ctx.print(': pptp');
  if (ctx.verbose) {
    ctx.print(` Length=${ctx.u16(p)}`);
    const mt = ctx.u16(p + 2);
    ctx.print(mt === 1 ? ' CTRL-MSG' : mt === 2 ? ' MGMT-MSG' : ' UNKNOWN-MSG-TYPE');
  }
  const cookie = ctx.u32(p + 4);
  const cookieText = cookie.toString(16).padStart(8, '0');
  if (cookie !== 0x1a2b3c4d) ctx.print(` UNEXPECTED Magic-Cookie!!(${cookieText})`);
  if (ctx.verbose || cookie !== 0x1a2b3c4d) ctx.print(` Magic-Cookie=${cookieText}`);
  const type = ctx.u16(p + 8);
  ctx.print(type < MSG_TYPES.length ? ` CTRL_MSGTYPE=${MSG_TYPES[type]}` : ` UNKNOWN_CTRL_MSGTYPE(${type})`);
  reserved2(ctx, p + 10);
  body(ctx, p + 12, type);
}
