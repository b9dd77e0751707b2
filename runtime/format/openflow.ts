/**
 * OpenFlow (TCP ports 6633 and 6653) as tcpdump prints it: `OpenFlow`, then for each message of
 * the segment a line with its version, type (named for OpenFlow 1.0 and 1.3), length and
 * transaction id; a body whose length breaks its type's rule is marked ` (invalid)`.
 *
 * With -v tcpdump decodes the bodies of most message types (matches, actions, ports, statistics,
 * errors, ...); only HELLO (1.0) and ECHO's data are decoded here, the other bodies are not (a
 * documented gap: the header lines are the same, the body's lines missing).
 */
import type { Ctx } from './context.js';
import { hexAsciiDump, hexPad } from './util.js';

const enum Req {
  None,
  /** The body is exactly this long. */
  Fixed,
  /** The body is at least this long. */
  Min,
}

/** A message type: its name, body length rule, and whether its body is opaque data (-v prints its size). */
interface MsgType {
  name: string;
  req: Req;
  value: number;
  data: boolean;
}

const t = (name: string, req: Req, value: number, data = false): MsgType => ({ name, req, value, data });

/** OpenFlow 1.0 message types 0-21 (body lengths: the message's less its 8-byte header). */
const OF10: readonly MsgType[] = [
  t('HELLO', Req.Min, 0, true),
  t('ERROR', Req.Min, 4),
  t('ECHO_REQUEST', Req.Min, 0, true),
  t('ECHO_REPLY', Req.Min, 0, true),
  t('VENDOR', Req.Min, 4),
  t('FEATURES_REQUEST', Req.Fixed, 0),
  t('FEATURES_REPLY', Req.Min, 24),
  t('GET_CONFIG_REQUEST', Req.Fixed, 0),
  t('GET_CONFIG_REPLY', Req.Fixed, 4),
  t('SET_CONFIG', Req.Fixed, 4),
  t('PACKET_IN', Req.Min, 10),
  t('FLOW_REMOVED', Req.Fixed, 80),
  t('PORT_STATUS', Req.Fixed, 56),
  t('PACKET_OUT', Req.Min, 8),
  t('FLOW_MOD', Req.Min, 64),
  t('PORT_MOD', Req.Fixed, 24),
  t('STATS_REQUEST', Req.Min, 4),
  t('STATS_REPLY', Req.Min, 4),
  t('BARRIER_REQUEST', Req.Fixed, 0),
  t('BARRIER_REPLY', Req.Fixed, 0),
  t('QUEUE_GET_CONFIG_REQUEST', Req.Fixed, 4),
  t('QUEUE_GET_CONFIG_REPLY', Req.Min, 8),
];

/** OpenFlow 1.3 message types 0-29. */
const OF13: readonly MsgType[] = [
  t('HELLO', Req.Min, 0),
  t('ERROR', Req.Min, 4),
  t('ECHO_REQUEST', Req.Min, 0, true),
  t('ECHO_REPLY', Req.Min, 0, true),
  t('EXPERIMENTER', Req.Min, 8),
  t('FEATURES_REQUEST', Req.Fixed, 0),
  t('FEATURES_REPLY', Req.Fixed, 24),
  t('GET_CONFIG_REQUEST', Req.Fixed, 0),
  t('GET_CONFIG_REPLY', Req.Fixed, 4),
  t('SET_CONFIG', Req.Fixed, 4),
  t('PACKET_IN', Req.None, 0),
  t('FLOW_REMOVED', Req.None, 0),
  t('PORT_STATUS', Req.Fixed, 72),
  t('PACKET_OUT', Req.None, 0),
  t('FLOW_MOD', Req.None, 0),
  t('GROUP_MOD', Req.None, 0),
  t('PORT_MOD', Req.Fixed, 32),
  t('TABLE_MOD', Req.Fixed, 8),
  t('MULTIPART_REQUEST', Req.None, 0),
  t('MULTIPART_REPLY', Req.None, 0),
  t('BARRIER_REQUEST', Req.Fixed, 0),
  t('BARRIER_REPLY', Req.Fixed, 0),
  t('QUEUE_GET_CONFIG_REQUEST', Req.Fixed, 8),
  t('QUEUE_GET_CONFIG_REPLY', Req.None, 0),
  t('ROLE_REQUEST', Req.Fixed, 16),
  t('ROLE_REPLY', Req.Fixed, 16),
  t('GET_ASYNC_REQUEST', Req.Fixed, 0),
  t('GET_ASYNC_REPLY', Req.Fixed, 24),
  t('SET_ASYNC', Req.Fixed, 24),
  t('METER_MOD', Req.None, 0),
];

const VERSIONS = ['', '1.0', '1.1', '1.2', '1.3', '1.4', '1.5'];

const HEADER = 8;

/** The body of `len` bytes at `cp` of a message of type `mt` (or of an unknown type). */
function messageBody(ctx: Ctx, cp: number, len: number, mt: MsgType | undefined): void {
  if (mt && ((mt.req === Req.Fixed && len !== mt.value) || (mt.req === Req.Min && len < mt.value))) {
    ctx.print(' (invalid)');
  } else if (mt && ctx.verbose && mt.data) {
    if (len === 0) return;
    ctx.print(`\n\t data (${len} octets)`);
    if (ctx.verbose >= 2) {
      hexAsciiDump(ctx, '\n\t  ', cp, len);
      return;
    }
  }
  ctx.check(cp, len);
}

/** Prints the OpenFlow messages of a segment's payload at `cp` (`len` bytes), assumed to start on a message. */
export function openflowPrint(ctx: Ctx, cp: number, len: number): void {
  ctx.protocol = 'openflow';
  ctx.print(': OpenFlow');
  while (len) {
    const version = ctx.u8(cp);
    cp++;
    len--;
    ctx.print(`\n\tversion ${VERSIONS[version] || `unknown (0x${hexPad(version, 2)})`}`);
    if (len < 1) return partialHeader(ctx, cp, len);
    const type = ctx.u8(cp);
    cp++;
    len--;
    const mt = version === 1 ? OF10[type] : version === 4 ? OF13[type] : undefined;
    ctx.print(mt ? `, type ${mt.name}` : `, type unknown (0x${hexPad(type, 2)})`);
    if (len < 2) return partialHeader(ctx, cp, len);
    const length = ctx.u16(cp);
    cp += 2;
    len -= 2;
    ctx.print(`, length ${length}${length < HEADER ? ' (too short!)' : ''}`);
    if (len < 4) return partialHeader(ctx, cp, len);
    ctx.print(`, xid 0x${ctx.u32(cp).toString(16).padStart(8, '0')}`);
    cp += 4;
    len -= 4;
    if (length < HEADER) {
      ctx.print(' (invalid)');
      ctx.check(cp, len);
      return;
    }
    // The body is decoded even when it runs past the segment; the next message only when it does not.
    messageBody(ctx, cp, length - HEADER, mt);
    if (length - HEADER > len) break;
    cp += length - HEADER;
    len -= length - HEADER;
  }
}

/** A header cut by the end of the segment's payload. */
function partialHeader(ctx: Ctx, cp: number, len: number): void {
  ctx.print(' (end of TCP payload)');
  ctx.check(cp, len);
}
