/**
 * EIGRP (RFC 7868) as tcpdump 4.99 prints it: `EIGRP Hello, length: 40`, and with -v the header
 * (opcode, flags, sequence and ack numbers, AS) and each TLV: parameters, software version, IPv4
 * internal and external routes, AppleTalk routes and cable setup; others dumped; -vv dumps every
 * TLV's value.
 */
import type { Ctx } from './context.js';
import { bitNames, hexDump, hexPad, ipv4Text, unknownData } from './util.js';

const OPCODES: Record<number, string> = { 1: 'Update', 3: 'Query', 4: 'Reply', 5: 'Hello', 6: 'IPX SAP', 7: 'Probe' };
const FLAGS: [number, string][] = [[0x01, 'Init'], [0x02, 'Conditionally Received'], [0x04, 'Restart'], [0x08, 'End-of-Table']];
const TLVS: Record<number, string> = {
  0x0001: 'General Parameters', 0x0002: 'Authentication', 0x0003: 'Sequence', 0x0004: 'Software Version',
  0x0005: 'Next Multicast Sequence', 0x0102: 'IP Internal routes', 0x0103: 'IP External routes',
  0x0202: 'AppleTalk Internal routes', 0x0203: 'AppleTalk External routes', 0x0204: 'AppleTalk Cable setup',
  0x0302: 'IPX Internal routes', 0x0303: 'IPX External routes',
};
const EXT_PROTOCOLS = ['', 'IGRP', 'EIGRP', 'Static', 'RIP', 'Hello', 'OSPF', 'IS-IS', 'EGP', 'BGP', 'IDRP', 'Connected'];

/** Each TLV's fixed part (bytes after the TLV header) that tcpdump wants before decoding it. */
const TLV_SIZES: Record<number, number> = { 0x0001: 8, 0x0004: 4, 0x0102: 22, 0x0103: 42, 0x0204: 8, 0x0202: 24, 0x0203: 40 };

/** Prints an EIGRP packet at `off`; `len` is the IP payload length. */
export function eigrpPrint(ctx: Ctx, off: number, len: number): void {
  ctx.protocol = 'eigrp';
  // Here and for each TLV: tcpdump's ND_TCHECK with eigrp_print's own trunc label, the marker and
  // no longjmp (its other reads give the packet up).
  if (!ctx.tcheck(off, 20)) return;
  const version = ctx.u8(off);
  if (version !== 2) {
    ctx.print(`EIGRP version ${version} packet not supported`);
    return;
  }
  const opcode = ctx.u8(off + 1);
  if (!ctx.verbose) {
    ctx.print(`EIGRP ${OPCODES[opcode] ?? `unknown (${opcode})`}, length: ${len}`);
    return;
  }
  if (len < 20) {
    ctx.print(`EIGRP ${OPCODES[opcode] ?? `unknown (${opcode})`}, length: ${len} (too short, < 20)`);
    return;
  }
  let tlen = len - 20;
  ctx.print(
    `\n\tEIGRP v${version}, opcode: ${OPCODES[opcode] ?? `unknown, type: ${opcode}`} (${opcode}), chksum: 0x${ctx.u16(off + 2).toString(16).padStart(4, '0')}, Flags: [${bitNames(FLAGS, ctx.u32(off + 4), 'none')}]` +
      `\n\tseq: 0x${hexPad(ctx.u32(off + 8), 8)}, ack: 0x${hexPad(ctx.u32(off + 12), 8)}, VRID: ${ctx.u16(off + 16)}, AS: ${ctx.u16(off + 18)}, length: ${tlen}`,
  );
  let p = off + 20;
  while (tlen > 0) {
    if (!ctx.tcheck(p, 4)) return;
    const tlvLen = ctx.u16(p + 2);
    const type = ctx.u16(p);
    if (tlvLen < 4 || tlvLen > tlen) {
      unknownData(ctx, p + 4, '\n\t    ', tlen);
      return;
    }
    ctx.print(`\n\t  ${TLVS[type] ?? 'Unknown'} TLV (0x${type.toString(16).padStart(4, '0')}), length: ${tlvLen}`);
    const t = p + 4;
    const tl = tlvLen - 4;
    if (!ctx.tcheck(p, tlvLen)) return;
    const need = TLV_SIZES[type];
    if (need !== undefined && tl < need) ctx.print(` (too short, < ${4 + need})`);
    else tlv(ctx, type, t, tl);
    if (ctx.verbose > 1) unknownData(ctx, t, '\n\t    ', tl);
    p += tlvLen;
    tlen -= tlvLen;
  }
}

/** The `delay ..., load ...` line of a route at `m` (its delay field). */
function metrics(ctx: Ctx, m: number): string {
  const delay = Math.floor(ctx.u32(m) / 100);
  return `\n\t      delay ${delay} ms, bandwidth ${ctx.u32(m + 4)} Kbps, mtu ${ctx.u32(m + 8) >>> 8}, hop ${ctx.u8(m + 11)}, reliability ${ctx.u8(m + 12)}, load ${ctx.u8(m + 13)}`;
}

/** An IPv4 route's prefix (its length at `plenAt`, 1-4 bytes after) and next hop at `t`; false when the length is illegal. */
function prefix(ctx: Ctx, t: number, plenAt: number): boolean {
  const bits = ctx.u8(plenAt);
  if (bits > 32) {
    ctx.print(`\n\t    illegal prefix length ${bits}`);
    return false;
  }
  const n = Math.floor((bits + 7) / 8);
  ctx.check(plenAt + 1, n);
  const a = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) a[i] = ctx.buf[plenAt + 1 + i]!;
  ctx.print(`\n\t    IPv4 prefix: ${a.join('.').padStart(15)}/${bits}, nexthop: `);
  ctx.print(ctx.u32(t) === 0 ? 'self' : ipv4Text(ctx.buf, t));
  return true;
}

function tlv(ctx: Ctx, type: number, t: number, tl: number): void {
  switch (type) {
    case 0x0001:
      ctx.print(`\n\t    holdtime: ${ctx.u16(t + 6)}s, k1 ${ctx.u8(t)}, k2 ${ctx.u8(t + 1)}, k3 ${ctx.u8(t + 2)}, k4 ${ctx.u8(t + 3)}, k5 ${ctx.u8(t + 4)}`);
      return;
    case 0x0004:
      ctx.print(`\n\t    IOS version: ${ctx.u8(t)}.${ctx.u8(t + 1)}, EIGRP version ${ctx.u8(t + 2)}.${ctx.u8(t + 3)}`);
      return;
    case 0x0102:
      if (!prefix(ctx, t, t + 20)) return;
      ctx.print(metrics(ctx, t + 4));
      return;
    case 0x0103: {
      if (!prefix(ctx, t, t + 40)) return;
      const proto = ctx.u8(t + 22);
      ctx.check(t + 4, 4);
      ctx.print(`\n\t      origin-router ${ipv4Text(ctx.buf, t + 4)}, origin-as ${ctx.u32(t + 8)}, origin-proto ${EXT_PROTOCOLS[proto] || 'unknown'}, flags [0x${ctx.u8(t + 23).toString(16).padStart(2, '0')}], tag 0x${hexPad(ctx.u32(t + 12), 8)}, metric ${ctx.u32(t + 16)}`);
      ctx.print(metrics(ctx, t + 24));
      return;
    }
    case 0x0204:
      ctx.print(`\n\t    Cable-range: ${ctx.u16(t)}-${ctx.u16(t + 2)}, Router-ID ${ctx.u32(t + 4)}`);
      return;
    case 0x0202:
      ctx.print(`\n\t     Cable-Range: ${ctx.u16(t + 20)}-${ctx.u16(t + 22)}, nexthop: `);
      ctx.print(ctx.u32(t) === 0 ? 'self' : `${ctx.u16(t)}.${ctx.u16(t + 2)}`);
      ctx.print(metrics(ctx, t + 4));
      return;
    case 0x0203: {
      ctx.print(`\n\t     Cable-Range: ${ctx.u16(t + 36)}-${ctx.u16(t + 38)}, nexthop: `);
      ctx.print(ctx.u32(t) === 0 ? 'self' : `${ctx.u16(t)}.${ctx.u16(t + 2)}`);
      const proto = ctx.u8(t + 16);
      ctx.print(`\n\t      origin-router ${ctx.u32(t + 4)}, origin-as ${ctx.u32(t + 8)}, origin-proto ${EXT_PROTOCOLS[proto] || 'unknown'}, flags [0x${ctx.u8(t + 17).toString(16).padStart(2, '0')}], tag 0x${hexPad(ctx.u32(t + 12), 8)}, metric ${ctx.u16(t + 18)}`);
      ctx.print(metrics(ctx, t + 20));
      return;
    }
    default:
      if (ctx.verbose <= 1) unknownData(ctx, t, '\n\t    ', tl);
  }
}
