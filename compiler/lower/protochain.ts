/**
 * "protochain N": libpcap walks the IPv4/IPv6 header chain with a loop
 * (gencode.c gen_protochain). Not lowered yet.
 */
import type { ProtoQ } from '../ast.js';
import type { Pred } from '../ir.js';
import type { Span } from '../source.js';
import type { LowerContext } from './context.js';

export function lowerProtochain(ctx: LowerContext, _v: number, proto: ProtoQ | undefined, span: Span): Pred {
  if (proto !== undefined && proto !== 'ip' && proto !== 'ip6') ctx.fail('bad-protochain', `"protochain" applies to ip or ip6, not ${proto}`, span);
  return ctx.fail('not-yet-supported', '"protochain" is not supported by this version of xsift yet', span);
}
