/**
 * "protochain N" (gencode.c gen_protochain): the EtherType, then the walk
 * along the header chain (the Protochain value in ir.ts) compared with N.
 * Without a protocol qualifier: IPv4, then IPv6. libpcap turns its
 * optimizer off for any expression that contains protochain; compiler/
 * index.ts does the same.
 */
import type { ProtoQ } from '../ast.js';
import { all, any, type Pred } from '../ir.js';
import type { Span } from '../source.js';
import { ETHERTYPE, rel, type LowerContext } from './context.js';
import { linktype } from './link.js';

function chain(ctx: LowerContext, v6: boolean, v: number, span: Span): Pred {
  const netValue = ctx.netOffset();
  if (netValue.op !== 'const') ctx.fail('protochain-variable-header', '"protochain" cannot follow "geneve": the header offsets are only known at run time (libpcap refuses it too)', span);
  const net = netValue.value;
  return all([linktype(ctx, v6 ? ETHERTYPE.ipv6 : ETHERTYPE.ip, span), rel({ op: 'protochain', v6, net, target: v >>> 0 }, '==', v >>> 0)]);
}

export function lowerProtochain(ctx: LowerContext, v: number, proto: ProtoQ | undefined, span: Span): Pred {
  if (ctx.isGeneve) ctx.fail('protochain-variable-header', '"protochain" cannot follow "geneve": the header offsets are only known at run time (libpcap refuses it too)', span);
  switch (proto) {
    case undefined:
      return any([chain(ctx, false, v, span), chain(ctx, true, v, span)]);
    case 'ip':
      return chain(ctx, false, v, span);
    case 'ip6':
      return chain(ctx, true, v, span);
    default:
      return ctx.fail('bad-protochain', `"protochain" applies to ip or ip6, not ${proto === 'link' ? 'ether' : proto}`, span);
  }
}
