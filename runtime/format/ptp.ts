/**
 * PTP (IEEE 1588, EtherType 0x88f7 and UDP ports 319/320) as tcpdump 4.99 prints it: version 2
 * headers field by field and the timestamps and identities of each message type, in the same
 * words, order and quirks (a management message's four byte fields all print the byte at the
 * start of its target port identity, and their labels carry tcpdump's doubled ", "); version 1
 * as `PTPv1 (not implemented)`. The same text whatever -v says.
 */
import type { Ctx } from './context.js';
import { bitNames } from './util.js';

const MSG_TYPES = new Map<number, string>([
  [0x0, 'sync msg'], [0x1, 'delay req msg'], [0x2, 'peer delay req msg'], [0x3, 'peer delay resp msg'],
  [0x8, 'follow up msg'], [0x9, 'delay resp msg'], [0xa, 'pdelay resp fup msg'], [0xb, 'announce msg'],
  [0xc, 'signalling msg'], [0xd, 'management msg'],
]);

const CONTROL = ['Sync', 'Delay_Req', 'Follow_Up', 'Delay_Resp', 'Management', 'Other'];

/** Flag names in tcpdump's order; a name is printed when all its bits are set. */
const FLAGS: [number, string][] = [
  [0x1, 'l1 61'], [0x2, 'l1 59'], [0x4, 'utc reasonable'], [0x8, 'timescale'], [0x10, 'time tracable'],
  [0x20, 'frequency tracable'], [0x100, 'alternate master'], [0x200, 'two step'], [0x400, 'unicast'],
  [0x1000, 'profile specific 1'], [0x2000, 'profile specific 2'], [0x4000, 'security mask'], [0x18c0, 'unknown'],
];

/** An unsigned big-endian number of `n` bytes (up to 8) as a BigInt. */
function big(ctx: Ctx, off: number, n: number): bigint {
  ctx.check(off, n);
  let v = 0n;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(ctx.buf[off + i]!);
  return v;
}

/** Prints a PTP message at `off` of `length` bytes. */
export function ptpPrint(ctx: Ctx, off: number, length: number): void {
  ctx.protocol = 'ptp';
  if (length < 34) {
    ctx.print(` [length ${length} < 34] (invalid)`);
    return;
  }
  const version = ctx.u8(off + 1);
  ctx.print(`PTPv${version}`);
  if (version === 1) ctx.print(' (not implemented)');
  else if (version === 2) v2(ctx, off);
}

function v2(ctx: Ctx, off: number): void {
  // Field by field, each printed once read, so that a cut message ends where tcpdump's does.
  const first = ctx.u8(off);
  const type = first & 0x0f;
  ctx.print(`, v1 compat : ${first & 0x10 ? 'yes' : 'no'}, msg type : ${MSG_TYPES.get(type) ?? 'Reserved'}`);
  ctx.print(`, length : ${ctx.u16(off + 2)}`);
  ctx.print(`, domain : ${ctx.u16(off + 4) >> 8}`);
  ctx.print(`, reserved1 : ${ctx.u8(off + 5)}`);
  ctx.print(`, Flags [${bitNames(FLAGS, ctx.u16(off + 6), 'none')}]`);
  ctx.print(`, NS correction : ${big(ctx, off + 8, 6)}`);
  ctx.print(`, sub NS correction : ${ctx.u16(off + 14)}`);
  ctx.print(`, reserved2 : ${ctx.u32(off + 16)}`);
  ctx.print(`, clock identity : 0x${big(ctx, off + 20, 8).toString(16)}`);
  ctx.print(`, port id : ${ctx.u16(off + 28)}`);
  ctx.print(`, seq id : ${ctx.u16(off + 30)}`);
  const control = ctx.u8(off + 32);
  ctx.print(`, control : ${control} (${CONTROL[control] ?? 'Reserved'})`);
  ctx.print(`, log message interval : ${ctx.u16(off + 32) & 0xff}`);
  const p = off + 34;
  switch (type) {
    case 0x0:
    case 0x1:
      timestamp(ctx, p, 'originTimeStamp');
      break;
    case 0x8:
      timestamp(ctx, p, 'preciseOriginTimeStamp');
      break;
    case 0x2:
    case 0xa:
      timestamp(ctx, p, 'preciseOriginTimeStamp');
      portIdentity(ctx, p + 10);
      break;
    case 0x3:
    case 0x9:
      timestamp(ctx, p, 'receiveTimeStamp');
      portIdentity(ctx, p + 10);
      break;
    case 0xb:
      announce(ctx, p);
      break;
    case 0xc:
      portIdentity(ctx, p);
      break;
    case 0xd: {
      portIdentity(ctx, p);
      // tcpdump reads each of these at the same place (its pointer is passed by value).
      for (const label of ['start boundary hops', 'boundary hops']) ctx.print(`, , ${label}  ${ctx.u8(p)}`);
      for (const label of ['flags', 'reserved']) ctx.print(`, , ${label}  0x${ctx.u8(p).toString(16)}`);
      break;
    }
  }
}

function timestamp(ctx: Ctx, p: number, label: string): void {
  ctx.print(`, ${label} :`);
  ctx.print(` ${big(ctx, p, 6)} seconds,`);
  ctx.print(` ${ctx.u32(p + 6)} nanoseconds`);
}

function portIdentity(ctx: Ctx, p: number): void {
  ctx.print(`, port identity : 0x${big(ctx, p, 8).toString(16)}`);
  ctx.print(`, port id : ${ctx.u16(p + 8)}`);
}

function announce(ctx: Ctx, p: number): void {
  ctx.print(', originTimeStamp :');
  ctx.print(` ${big(ctx, p, 6)} seconds`);
  ctx.print(` ${ctx.u32(p + 6)} nanoseconds`);
  ctx.print(`, origin cur utc :${ctx.u16(p + 10)}`);
  ctx.print(`, rsvd : ${ctx.u8(p + 12)}`);
  ctx.print(`, gm priority_1 : ${ctx.u8(p + 13)}`);
  ctx.print(`, gm clock class : ${ctx.u8(p + 14)}`);
  ctx.print(`, gm clock accuracy : ${ctx.u8(p + 15)}`);
  ctx.print(`, gm clock variance : ${ctx.u16(p + 16)}`);
  ctx.print(`, gm priority_2 : ${ctx.u8(p + 18)}`);
  ctx.print(`, gm clock id : 0x${big(ctx, p + 19, 8).toString(16)}`);
  ctx.print(`, steps removed : ${ctx.u16(p + 27)}`);
  ctx.print(`, time source : 0x${ctx.u8(p + 29).toString(16)}`);
}
