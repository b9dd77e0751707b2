/**
 * ICMPv4 as tcpdump prints it without -v: `ICMP <what>, length N`.
 */
import type { Ctx } from './context.js';
import { cksumShouldBe, ipPrint } from './ip.js';
import { foldCksum, ipv4Text, sum16 } from './util.js';

const OTHER_TYPES = new Map<number, string>([
  [0, 'echo reply'], [4, 'source quench'], [8, 'echo request'], [10, 'router solicitation'],
  [13, 'time stamp request'], [14, 'time stamp reply'], [15, 'information request'],
  [16, 'information reply'], [17, 'address mask request'],
]);

const UNREACH = new Map<number, (d: string) => string>([
  [0, (d) => `net ${d} unreachable`],
  [1, (d) => `host ${d} unreachable`],
  [5, (d) => `${d} unreachable - source route failed`],
  [6, (d) => `net ${d} unreachable - unknown`],
  [7, (d) => `host ${d} unreachable - unknown`],
  [8, (d) => `${d} unreachable - source host isolated`],
  [9, (d) => `net ${d} unreachable - admin prohibited`],
  [10, (d) => `host ${d} unreachable - admin prohibited`],
  [11, (d) => `net ${d} unreachable - tos prohibited`],
  [12, (d) => `host ${d} unreachable - tos prohibited`],
  [13, (d) => `host ${d} unreachable - admin prohibited filter`],
  [14, (d) => `host ${d} unreachable - host precedence violation`],
  [15, (d) => `host ${d} unreachable - precedence cutoff`],
]);

function ip4At(ctx: Ctx, off: number): string {
  ctx.check(off, 4);
  return ipv4Text(ctx.buf, off);
}

function msTime(t: number): string {
  const ms = t % 1000;
  let sec = Math.floor(t / 1000);
  let min = Math.floor(sec / 60);
  sec -= min * 60;
  const hrs = Math.floor(min / 60);
  min -= hrs * 60;
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${p2(hrs)}:${p2(min)}:${p2(sec)}.${String(ms).padStart(3, '0')}`;
}

/**
 * Prints an ICMP message at `bp` of `plen` bytes. Where tcpdump's icmp_print checks bytes with
 * ND_TCHECK (port unreachable, router advertisements, time exceeded, time stamp replies) it goes
 * to its own trunc label: the marker alone, and the packet goes on (Ctx.tcheck); its other reads
 * give the packet up (Truncated).
 */
export function icmpPrint(ctx: Ctx, bp: number, plen: number, fragmented = false): void {
  ctx.protocol = 'icmp';
  const type = ctx.u8(bp);
  const code = ctx.u8(bp + 1);
  const innerDst = bp + 8 + 16;
  let str: string;
  switch (type) {
    case 0:
    case 8:
      str = `echo ${type === 8 ? 'request' : 'reply'}, id ${ctx.u16(bp + 4)}, seq ${ctx.u16(bp + 6)}`;
      break;
    case 3:
      if (code === 2) str = `${ip4At(ctx, innerDst)} protocol ${ctx.u8(bp + 8 + 9)} unreachable`;
      else if (code === 3) {
        if (!ctx.tcheck(bp + 8 + 9, 1)) return;
        const hlen = (ctx.u8(bp + 8) & 0xf) * 4;
        const dport = ctx.u16(bp + 8 + hlen + 2);
        const p = ctx.u8(bp + 8 + 9);
        const d = ip4At(ctx, innerDst);
        str =
          p === 6
            ? `${d} tcp port ${dport} unreachable`
            : p === 17
              ? `${d} udp port ${dport} unreachable`
              : `${d} protocol ${p} port ${dport} unreachable`;
      } else if (code === 4) {
        const mtu = ctx.u16(bp + 6);
        const d = ip4At(ctx, innerDst);
        str = mtu ? `${d} unreachable - need to frag (mtu ${mtu})` : `${d} unreachable - need to frag`;
      } else {
        const d = ip4At(ctx, innerDst);
        const f = UNREACH.get(code);
        str = f ? f(d) : `${d} unreachable - #${code}`;
      }
      break;
    case 5: {
      const d = ip4At(ctx, innerDst);
      const gw = ip4At(ctx, bp + 4);
      str =
        code === 0
          ? `redirect ${d} to net ${gw}`
          : code === 1
            ? `redirect ${d} to host ${gw}`
            : code === 2
              ? `redirect-tos ${d} to net ${gw}`
              : code === 3
                ? `redirect-tos ${d} to host ${gw}`
                : `redirect-#${code} ${d} to ${gw}`;
      break;
    }
    case 9: {
      if (!ctx.tcheck(bp + 4, 4)) return;
      const lifetime = ctx.u16(bp + 6);
      const p2 = (n: number): string => String(n).padStart(2, '0');
      str = 'router advertisement lifetime ';
      if (lifetime < 60) str += `${lifetime}`;
      else if (lifetime < 3600) str += `${Math.floor(lifetime / 60)}:${p2(lifetime % 60)}`;
      else str += `${Math.floor(lifetime / 3600)}:${p2(Math.floor((lifetime % 3600) / 60))}:${p2(lifetime % 60)}`;
      let num = ctx.u8(bp + 4);
      str += ` ${num}:`;
      const size = ctx.u8(bp + 5);
      if (size !== 2) {
        str += ` [size ${size}]`;
        break;
      }
      let p = bp + 8;
      while (num > 0) {
        if (!ctx.tcheck(p, 8)) return;
        str += ` {${ipv4Text(ctx.buf, p)} ${ctx.u32(p + 4)}}`;
        p += 8;
        num--;
      }
      break;
    }
    case 11:
      if (!ctx.tcheck(innerDst, 4)) return;
      str = code === 0 ? 'time exceeded in-transit' : code === 1 ? 'ip reassembly time exceeded' : `time exceeded-#${code}`;
      break;
    case 12:
      str = code ? `parameter problem - code ${code}` : `parameter problem - octet ${ctx.u8(bp + 4)}`;
      break;
    case 18:
      str = `address mask is 0x${ctx.u32(bp + 8).toString(16).padStart(8, '0')}`;
      break;
    case 13:
      str = `time stamp query id ${ctx.u16(bp + 4)} seq ${ctx.u16(bp + 6)}`;
      break;
    case 14:
      if (!ctx.tcheck(bp + 16, 4)) return;
      str =
        `time stamp reply id ${ctx.u16(bp + 4)} seq ${ctx.u16(bp + 6)}: org ${msTime(ctx.u32(bp + 8))}` +
        `, recv ${msTime(ctx.u32(bp + 12))}, xmit ${msTime(ctx.u32(bp + 16))}`;
      break;
    default:
      str = OTHER_TYPES.get(type) ?? `type-#${type}`;
  }
  ctx.print(`ICMP ${str}, length ${plen}`);
  if (!ctx.verbose) return;
  if (!fragmented && ctx.has(bp, plen)) {
    const sum = foldCksum(sum16(ctx.buf, bp, plen));
    if (sum) {
      const field = ctx.u16(bp + 2);
      ctx.print(` (wrong icmp cksum ${field.toString(16)} (->${cksumShouldBe(field, sum).toString(16)})!)`);
    }
  }
  // Error messages quote the offending IP packet: tcpdump -v prints it on the next line.
  if (type === 3 || type === 4 || type === 5 || type === 11 || type === 12) {
    const ip = bp + 8;
    ctx.print('\n\t');
    const saved = ctx.snapend;
    const ipLen = ctx.u16(ip + 2);
    ctx.snapend = Math.min(ip + ipLen, saved);
    // tcpdump reads the quoted length again once the capture is cut to it: below 4 that read fails (as ICMP's).
    ctx.u16(ip + 2);
    ipPrint(ctx, ip, ipLen);
    ctx.snapend = saved;
    ctx.protocol = 'icmp';
  }
}
