/**
 * SCTP (IP protocol 132) as tcpdump 4.99 prints it: the addresses with their ports (the IP
 * printer leaves them to this one), then `sctp` and one `(N) [CHUNK] ...` group per chunk;
 * from -vv each chunk on its own line, and a DATA chunk's payload as a hex dump.
 *
 * Not decoded here (tcpdump does): ForCES (ports 6704-6706 or its payload identifiers) and, from
 * -vv, M3UA payloads; those packets print their chunks without the ForCES/M3UA detail.
 */
import type { Ctx } from './context.js';
import type { IpInfo } from './ip.js';
import { hexAsciiDump } from './util.js';

const CHUNK_NAMES = new Map<number, string>([
  [0x00, 'DATA'], [0x01, 'INIT'], [0x02, 'INIT ACK'], [0x03, 'SACK'], [0x04, 'HB REQ'], [0x05, 'HB ACK'],
  [0x06, 'ABORT'], [0x07, 'SHUTDOWN'], [0x08, 'SHUTDOWN ACK'], [0x09, 'OP ERR'], [0x0a, 'COOKIE ECHO'],
  [0x0b, 'COOKIE ACK'], [0x0c, 'ECN ECHO'], [0x0d, 'ECN CWR'], [0x0e, 'SHUTDOWN COMPLETE'],
  [0xc0, 'FOR CUM TSN'], [0xc1, 'REL CTRL'], [0xc2, 'REL CTRL ACK'],
]);

/** Payload protocol identifiers (RFC 4960 registry) tcpdump names. */
const PPID_NAMES = new Map<number, string>([
  [1, 'ISDN Q.921'], [2, 'M2UA'], [3, 'M3UA'], [4, 'SUA'], [5, 'M2PA'], [6, 'V5.2'], [7, 'H.248'],
  [8, 'BICC'], [9, 'TALI'], [10, 'DUA'], [11, 'ASAP'], [12, 'ENRP'], [13, 'H.323'], [14, 'Q.IPC'],
  [15, 'SIMCO'], [16, 'DDPSC'], [17, 'DDPSSC'], [18, 'S1AP'], [19, 'RUA'], [20, 'HNBAP'],
  [21, 'ForCES HP'], [22, 'ForCES MP'], [23, 'ForCES LP'], [24, 'SBc-AP'], [25, 'NBAP'], [27, 'X2AP'],
]);

const FORCES_PORT_NAMES = new Map<number, string>([[6704, 'ForCES HP'], [6705, 'ForCES MP'], [6706, 'ForCES LP']]);

/** Prints an SCTP packet at `off`; `length` is the IP payload length. */
export function sctpPrint(ctx: Ctx, off: number, length: number, ip: IpInfo): void {
  ctx.protocol = 'sctp';
  if (length < 12) {
    ctx.print(`truncated-sctp - ${12 - length} bytes missing!`);
    return;
  }
  // Here and below (chunk descriptors, chunks, padding): tcpdump's ND_TCHECK with sctp_print's
  // own trunc label, the marker and no longjmp.
  if (!ctx.tcheck(off, 12)) return;
  const sport = ctx.u16(off);
  const dport = ctx.u16(off + 2);
  ctx.print(`${ip.src}.${sport} > ${ip.dst}.${dport}: sctp`);
  const sportName = FORCES_PORT_NAMES.get(sport);
  if (sportName) ctx.print(`[${sportName}]`);
  const dportName = FORCES_PORT_NAMES.get(dport);
  if (dportName) ctx.print(`[${dportName}]`);

  let p = off + 12;
  let remaining = length - 12;
  let sep = ctx.verbose >= 2 ? '\n\t' : ' (';
  for (let n = 1; remaining !== 0; n++) {
    if (remaining < 4) {
      ctx.print(`${sep}${n}) [chunk descriptor cut off at end of packet]`);
      return;
    }
    if (!ctx.tcheck(p, 4)) return;
    const type = ctx.u8(p);
    const flags = ctx.u8(p + 1);
    const chunkLength = ctx.u16(p + 2);
    if (chunkLength < 4) {
      ctx.print(`${sep}${n}) [Bad chunk length ${chunkLength}, < size of chunk descriptor]`);
      return;
    }
    const align = chunkLength % 4 ? 4 - (chunkLength % 4) : 0;
    if (remaining < align) {
      ctx.print(`${sep}${n}) [Bad chunk length ${chunkLength}, > remaining data in packet]`);
      return;
    }
    if (!ctx.tcheck(p, chunkLength)) return;
    p += 4;
    remaining -= 4;
    let left = chunkLength - 4;
    ctx.print(`${sep}${n}) [${CHUNK_NAMES.get(type) ?? `Unknown chunk type: 0x${type.toString(16)}`}] `);
    if (type === 0x00) {
      // DATA: flags, then TSN, stream id, stream sequence and payload protocol identifier.
      if (flags & 4) ctx.print('(U)');
      if (flags & 2) ctx.print('(B)');
      if (flags & 1) ctx.print('(E)');
      if (flags & 7) ctx.print(' ');
      if (left < 12) {
        ctx.print(`bogus chunk length ${chunkLength}]`);
        return;
      }
      const ppid = ctx.u32(p + 8);
      ctx.print(`[TSN: ${ctx.u32(p)}] [SID: ${ctx.u16(p + 4)}] [SSEQ ${ctx.u16(p + 6)}] [PPID ${PPID_NAMES.get(ppid) ?? `0x${ppid.toString(16)}`}] `);
      p += 12;
      remaining -= 12;
      left -= 12;
      if (left === 0) {
        ctx.print(`bogus chunk length ${chunkLength}]`);
        return;
      }
      if (ctx.verbose >= 2 && !sportName && !dportName && (ppid < 21 || ppid > 23) && ppid !== 3) {
        ctx.print('[Payload:');
        hexAsciiDump(ctx, '\n\t', p, left);
        ctx.print(']');
      }
      p += left;
      remaining -= left;
      left = 0;
    } else if (type === 0x01 || type === 0x02) {
      // INIT and INIT ACK: the fixed part (parameters are skipped).
      if (left < 16) {
        ctx.print(`bogus chunk length ${chunkLength}]`);
        return;
      }
      ctx.print(`[init tag: ${ctx.u32(p)}] [rwnd: ${ctx.u32(p + 4)}] [OS: ${ctx.u16(p + 8)}] [MIS: ${ctx.u16(p + 10)}] [init TSN: ${ctx.u32(p + 12)}] `);
      p += left;
      remaining -= left;
      left = 0;
    } else if (type === 0x03) {
      // SACK: cumulative ack, window, then the gap blocks and duplicate TSNs.
      if (left < 12) {
        ctx.print(`bogus chunk length ${chunkLength}]`);
        return;
      }
      const cum = ctx.u32(p);
      const gaps = ctx.u16(p + 8);
      const dups = ctx.u16(p + 10);
      ctx.print(`[cum ack ${cum}] [a_rwnd ${ctx.u32(p + 4)}] [#gap acks ${gaps}] [#dup tsns ${dups}] `);
      p += 12;
      remaining -= 12;
      left -= 12;
      for (let g = 0; left !== 0 && g < gaps; g++) {
        if (left < 4) {
          ctx.print(`bogus chunk length ${chunkLength}]`);
          return;
        }
        // tcpdump adds the 16-bit offsets to the 32-bit TSN in unsigned arithmetic.
        ctx.print(`\n\t\t[gap ack block #${g + 1}: start = ${(cum + ctx.u16(p)) >>> 0}, end = ${(cum + ctx.u16(p + 2)) >>> 0}] `);
        p += 4;
        remaining -= 4;
        left -= 4;
      }
      for (let d = 0; left !== 0 && d < dups; d++) {
        if (left < 4) {
          ctx.print(`bogus chunk length ${chunkLength}]`);
          return;
        }
        ctx.print(`\n\t\t[dup TSN #${d + 1}: ${ctx.u32(p)}] `);
        p += 4;
        remaining -= 4;
        left -= 4;
      }
    } else {
      p += left;
      remaining -= left;
      left = 0;
    }
    // Whatever the chunk's fields left over, then the padding (which must have been captured).
    p += left;
    remaining -= left;
    if (ctx.verbose < 2) sep = ', (';
    if (align !== 0) {
      if (!ctx.tcheck(p, align)) return;
      p += align;
      remaining -= align;
    }
  }
}
