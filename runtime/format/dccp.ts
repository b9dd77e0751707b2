/**
 * DCCP (IP protocol 33) as tcpdump 4.99 prints it: the addresses with their ports (the IP
 * printer leaves them to this one), `DCCP`, the packet type with its service or reset code and
 * the acknowledgement number; -q the payload length instead; -v the CCVal, the checksum
 * coverage and the checksum; -vv the sequence number and the options.
 */
import type { Ctx } from './context.js';
import { cksumShouldBe, transportCksum, type IpInfo } from './ip.js';
import { hexBytes } from './util.js';

const TYPE_NAMES = [
  'DCCP-Request', 'DCCP-Response', 'DCCP-Data', 'DCCP-Ack', 'DCCP-DataAck', 'DCCP-CloseReq',
  'DCCP-Close', 'DCCP-Reset', 'DCCP-Sync', 'DCCP-SyncAck',
];

/** Bytes of each type's fixed part after the generic header (Request 4, Response 12, Data 0, ...). */
const TYPE_EXTRA = [4, 12, 0, 8, 8, 8, 8, 12, 8, 8];

const RESET_CODES = [
  'unspecified', 'closed', 'aborted', 'no_connection', 'packet_error', 'option_error',
  'mandatory_error', 'connection_refused', 'bad_service_code', 'too_busy', 'bad_init_cookie',
  'aggression_penalty',
];

const FEATURES = [
  'reserved', 'ccid', 'allow_short_seqno', 'sequence_window', 'ecn_incapable', 'ack_ratio',
  'send_ack_vector', 'send_ndp_count', 'minimum checksum coverage', 'check data checksum',
];

const OPTION_NAMES = new Map<number, string>([
  [0, 'nop'], [1, 'mandatory'], [2, 'slowreceiver'], [32, 'change_l'], [33, 'confirm_l'], [34, 'change_r'],
  [35, 'confirm_r'], [36, 'initcookie'], [37, 'ndp_count'], [38, 'ack_vector0'], [39, 'ack_vector1'],
  [40, 'data_dropped'], [41, 'timestamp'], [42, 'timestamp_echo'], [43, 'elapsed_time'], [44, 'data_checksum'],
]);

/** A 48-bit (6 bytes) or 24-bit (3 bytes) big-endian number. */
function uN(ctx: Ctx, off: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + ctx.u8(off + i);
  return v;
}

/** Prints a DCCP packet at `off`; `length` is the IP payload length. */
export function dccpPrint(ctx: Ctx, off: number, length: number, ip: IpInfo): void {
  ctx.protocol = 'dccp';
  // Here, for the whole generic header and for the type's fixed part: tcpdump's tests with
  // dccp_print's own trunc label, the marker and no longjmp (its other reads do longjmp).
  if (!ctx.tcheck(off, 12)) return;
  if (length < 12) {
    ctx.print(`truncated-dccp - ${12 - length} bytes missing!`);
    return;
  }
  const xtr = ctx.u8(off + 8);
  const extended = (xtr & 1) !== 0;
  let fixed = extended ? 16 : 12;
  if (length < fixed) {
    ctx.print(`truncated-dccp - ${fixed - length} bytes missing!`);
    return;
  }
  if (!ctx.tcheck(off, fixed)) return;
  const sport = ctx.u16(off);
  const dport = ctx.u16(off + 2);
  let hlen = ctx.u8(off + 4) * 4;
  ctx.print(`${ip.src}.${sport} > ${ip.dst}.${dport}: DCCP`);
  if (ctx.quick) {
    // tcpdump prints the difference as an unsigned int.
    ctx.print(` ${(length - hlen) >>> 0}`);
    if (hlen > length) ctx.print(` [bad hdr length ${hlen} - too long, > ${length}]`);
    return;
  }
  const ccvalCscov = ctx.u8(off + 5);
  if (ctx.verbose) ctx.print(` (CCVal ${ccvalCscov >> 4}, CsCov ${ccvalCscov & 0xf}`);
  if (ctx.verbose && ctx.has(off, length)) {
    const field = ctx.u16(off + 6);
    ctx.print(`, cksum 0x${field.toString(16).padStart(4, '0')} `);
    const cscov = ccvalCscov & 0xf;
    const cover = cscov === 0 ? length : Math.min(length, (ctx.u8(off + 4) + cscov - 1) * 4);
    const sum = transportCksum(ctx, ip, off, length, 33, cover);
    ctx.print(sum ? `(incorrect -> 0x${cksumShouldBe(field, sum).toString(16).padStart(4, '0')})` : '(correct)');
  }
  if (ctx.verbose) ctx.print(')');
  ctx.print(' ');

  const type = (xtr >> 1) & 0xf;
  const name = TYPE_NAMES[type];
  if (name === undefined) {
    ctx.print(`unknown-type-${type} `);
  } else {
    const extra = TYPE_EXTRA[type]!;
    if (length < fixed + extra) {
      ctx.print(`truncated-${name} - ${fixed + extra - length} bytes missing!`);
      return;
    }
    if (type === 0) {
      if (!ctx.tcheck(off + fixed, 4)) return;
      ctx.print(`${name} (service=${ctx.u32(off + fixed)}) `);
    } else if (type === 1) {
      if (!ctx.tcheck(off + fixed, 12)) return;
      ctx.print(`${name} (service=${ctx.u32(off + fixed + 8)}) `);
    } else if (type === 7) {
      if (!ctx.tcheck(off + fixed, 12)) return;
      const code = ctx.u8(off + fixed + 8);
      ctx.print(`${name} (code=${RESET_CODES[code] ?? 'invalid'}) `);
    } else ctx.print(`${name} `);
    fixed += extra;
  }
  if (type !== 2 && type !== 0) {
    // The acknowledgement number follows the generic header (after 2 reserved bytes when extended).
    const ack = extended ? off + 16 + 2 : off + 12 + 1;
    ctx.print(`(ack=${uN(ctx, ack, extended ? 6 : 3)}) `);
  }
  if (ctx.verbose < 2) return;
  ctx.print(`seq ${extended ? uN(ctx, off + 10, 6) : uN(ctx, off + 9, 3)}`);
  if (hlen > fixed) {
    let cp = off + fixed;
    ctx.print(' <');
    hlen -= fixed;
    for (;;) {
      const n = optionPrint(ctx, cp, hlen);
      if (!n || hlen <= n) break;
      hlen -= n;
      cp += n;
      ctx.print(', ');
    }
    ctx.print('>');
  }
}

/** Prints one option; its length, or 0 where tcpdump stops. */
function optionPrint(ctx: Ctx, cp: number, hlen: number): number {
  const code = ctx.u8(cp);
  const label = code >= 128 ? `CCID option ${code}` : (OPTION_NAMES.get(code) ?? `Option ${code}`);
  let optlen = 1;
  if (code >= 32) {
    optlen = ctx.u8(cp + 1);
    if (optlen < 2) {
      ctx.print(`${label} optlen too short`);
      return 0;
    }
  }
  if (hlen < optlen) {
    ctx.print(`${label} optlen goes past header length`);
    return 0;
  }
  if (!ctx.has(cp, optlen)) {
    // tcpdump marks the truncation here and ends the options (its '>' still follows).
    ctx.trunc();
    return 0;
  }
  ctx.print(label);
  if (code >= 128) {
    if (optlen === 4) ctx.print(` ${ctx.u16(cp + 2)}`);
    else if (optlen === 6) ctx.print(` ${ctx.u32(cp + 2)}`);
    return optlen;
  }
  switch (code) {
    case 32:
    case 33:
    case 34:
    case 35:
      if (optlen < 3) {
        ctx.print(' optlen too short');
        return optlen;
      }
      if (ctx.u8(cp + 2) < 10) {
        ctx.print(` ${FEATURES[ctx.u8(cp + 2)]}`);
        for (let i = 0; i < optlen - 3; i++) ctx.print(` ${ctx.u8(cp + 3 + i)}`);
      }
      break;
    case 36:
    case 38:
    case 39:
    case 40:
      if (optlen > 2) ctx.print(` 0x${hexBytes(ctx, cp + 2, optlen - 2)}`);
      break;
    case 37:
      for (let i = 0; i < optlen - 2; i++) ctx.print(` ${ctx.u8(cp + 2 + i)}`);
      break;
    case 41:
      ctx.print(optlen === 6 ? ` ${ctx.u32(cp + 2)}` : ' [optlen != 6]');
      break;
    case 42:
      if (optlen === 6) ctx.print(` ${ctx.u32(cp + 2)}`);
      else if (optlen === 8) ctx.print(` ${ctx.u32(cp + 2)} (elapsed time ${ctx.u16(cp + 6)})`);
      else if (optlen === 10) ctx.print(` ${ctx.u32(cp + 2)} (elapsed time ${ctx.u32(cp + 6)})`);
      else ctx.print(' [optlen != 6 or 8 or 10]');
      break;
    case 43:
      if (optlen === 6) ctx.print(` ${ctx.u32(cp + 2)}`);
      else if (optlen === 4) ctx.print(` ${ctx.u16(cp + 2)}`);
      else ctx.print(' [optlen != 4 or 6]');
      break;
    case 44:
      if (optlen > 2) ctx.print(` ${hexBytes(ctx, cp + 2, optlen - 2)}`);
      break;
  }
  return optlen;
}
