/**
 * ATA over Ethernet (EtherType 0x88a2) as tcpdump 4.99 prints it: the version and flags; with -v
 * version 1's header and its commands' arguments (ATA, query config, MAC mask list,
 * reserve/release). Reads past the capture give up the packet.
 */
import type { Ctx } from './context.js';
import { bitNames, hex2, macText, printn } from './util.js';

const COMMANDS = new Map<number, string>([[0, 'Issue ATA Command'], [1, 'Query Config Information'], [2, 'MAC Mask List'], [3, 'Reserve/Release']]);

const ERRORS = new Map<number, string>([
  [1, 'Unrecognized command code'], [2, 'Bad argument parameter'], [3, 'Device unavailable'], [4, 'Config string present'],
  [5, 'Unsupported version'], [6, 'Target is reserved'],
]);

const CCMDS = new Map<number, string>([
  [0, 'read config string'], [1, 'test config string'], [2, 'test config string prefix'], [3, 'set config string'], [4, 'force set config string'],
]);
const MCMDS = new Map<number, string>([[0, 'Read Mac Mask List'], [1, 'Edit Mac Mask List']]);
const MERRORS = new Map<number, string>([[1, 'Unspecified Error'], [2, 'Bad DCmd directive'], [3, 'Mask list full']]);
const DCMDS = new Map<number, string>([[0, 'No Directive'], [1, 'Add mac address to mask list'], [2, 'Delete mac address from mask list']]);
const RCMDS = new Map<number, string>([[0, 'Read reserve list'], [1, 'Set reserve list'], [2, 'Force set reserve list']]);

const FLAGS: [number, string][] = [[0x08, 'Response'], [0x04, 'Error'], [0x02, 'MBZ-1'], [0x01, 'MBZ-0']];
const AFLAGS: [number, string][] = [
  [0x80, 'MBZ-7'], [0x40, 'Ext48'], [0x20, 'MBZ-5'], [0x10, 'Device'], [0x08, 'MBZ-3'], [0x04, 'MBZ-2'], [0x02, 'Async'], [0x01, 'Write'],
];

/** " (invalid)", then the rest must have been captured. */
function invalid(ctx: Ctx, cp: number, len: number): void {
  ctx.print(' (invalid)');
  ctx.check(cp, len);
}

/** Prints the AoE PDU at `cp` (`len` bytes on the wire). */
export function aoePrint(ctx: Ctx, cp: number, len: number): void {
  ctx.protocol = 'aoe';
  ctx.print(`AoE length ${len}`);
  if (len < 1) return invalid(ctx, cp, len);
  const ver = ctx.u8(cp) >> 4;
  ctx.print(`, Ver ${ver}`);
  if (ver === 1) v1(ctx, cp, len);
}

function v1(ctx: Ctx, cp: number, len: number): void {
  if (len < 10) return invalid(ctx, cp, len);
  const flags = ctx.u8(cp) & 0x0f;
  ctx.print(`, Flags: [${bitNames(FLAGS, flags, 'none')}]`);
  if (!ctx.verbose) return;
  if (flags & 0x04) {
    const e = ctx.u8(cp + 1);
    ctx.print(`\n\tError: ${ERRORS.get(e) ?? `Invalid (${e})`}`);
  }
  ctx.print(`\n\tMajor: 0x${ctx.u16(cp + 2).toString(16).padStart(4, '0')}`);
  ctx.print(`, Minor: 0x${hex2(ctx.u8(cp + 4))}`);
  const command = ctx.u8(cp + 5);
  ctx.print(`, Command: ${COMMANDS.get(command) ?? `Unknown (0x${hex2(command)})`}`);
  ctx.print(`, Tag: 0x${ctx.u32(cp + 6).toString(16).padStart(8, '0')}`);
  cp += 10;
  len -= 10;
  switch (command) {
    case 0:
      return issue(ctx, cp, len);
    case 1:
      return query(ctx, cp, len);
    case 2:
      return macMask(ctx, cp, len);
    case 3:
      return reserve(ctx, cp, len);
  }
}

function issue(ctx: Ctx, cp: number, len: number): void {
  if (len < 12) return invalid(ctx, cp, len);
  ctx.print(`\n\tAFlags: [${bitNames(AFLAGS, ctx.u8(cp), 'none')}]`);
  ctx.print(`, Err/Feature: ${ctx.u8(cp + 1)}`);
  ctx.print(`, Sector Count: ${ctx.u8(cp + 2)}`);
  ctx.print(`, Cmd/Status: ${ctx.u8(cp + 3)}`);
  ctx.print(`\n\tlba0: ${ctx.u8(cp + 4)}`);
  for (let i = 1; i < 6; i++) ctx.print(`, lba${i}: ${ctx.u8(cp + 4 + i)}`);
  ctx.check(cp + 10, 2);
  if (len - 12) ctx.print(`\n\tData: ${len - 12} bytes`);
}

function query(ctx: Ctx, cp: number, len: number): void {
  if (len < 8) return invalid(ctx, cp, len);
  ctx.print(`\n\tBuffer Count: ${ctx.u16(cp)}`);
  ctx.print(`, Firmware Version: ${ctx.u16(cp + 2)}`);
  ctx.print(`, Sector Count: ${ctx.u8(cp + 4)}`);
  const b = ctx.u8(cp + 5);
  // tcpdump's format for an unknown CCmd has no conversion: the text is printed as it is.
  ctx.print(`, AoE: ${b >> 4}, CCmd: ${CCMDS.get(b & 0x0f) ?? 'Unknown (0x02x)'}`);
  const cslen = ctx.u16(cp + 6);
  cp += 8;
  len -= 8;
  if (cslen > 1024 || cslen > len) return invalid(ctx, cp, len);
  if (cslen) {
    ctx.print(`\n\tConfig String (length ${cslen}): `);
    printn(ctx, cp, cslen);
  }
}

function macMask(ctx: Ctx, cp: number, len: number): void {
  if (len < 4) return invalid(ctx, cp, len);
  const m = ctx.u8(cp + 1);
  ctx.print(`\n\tMCmd: ${MCMDS.get(m) ?? `Unknown (0x${hex2(m)})`}`);
  const e = ctx.u8(cp + 2);
  ctx.print(`, MError: ${MERRORS.get(e) ?? `Unknown (0x${hex2(e)})`}`);
  const dirs = ctx.u8(cp + 3);
  cp += 4;
  len -= 4;
  ctx.print(`, Dir Count: ${dirs}`);
  if (dirs * 8 > len) return invalid(ctx, cp, len);
  for (let i = 0; i < dirs; i++, cp += 8) {
    const d = ctx.u8(cp + 1);
    ctx.print(`\n\t DCmd: ${DCMDS.get(d) ?? `Unknown (0x${hex2(d)})`}`);
    ctx.check(cp + 2, 6);
    ctx.print(`, Ethernet Address: ${macText(ctx.buf, cp + 2)}`);
  }
}

function reserve(ctx: Ctx, cp: number, len: number): void {
  if (len < 2 || (len - 2) % 6) return invalid(ctx, cp, len);
  const r = ctx.u8(cp);
  ctx.print(`\n\tRCmd: ${RCMDS.get(r) ?? `Unknown (0x${hex2(r)})`}`);
  const n = ctx.u8(cp + 1);
  cp += 2;
  len -= 2;
  ctx.print(`, NMacs: ${n}`);
  if (n * 6 !== len) return invalid(ctx, cp, len);
  for (let i = 0; i < n; i++, cp += 6) {
    ctx.check(cp, 6);
    ctx.print(`\n\tEthernet Address ${i}: ${macText(ctx.buf, cp)}`);
  }
}
