/**
 * Link-layer tests (gencode.c: gen_linktype, gen_ether_linktype,
 * gen_llc_linktype, gen_snap, ether host/broadcast/multicast, the 802.3/LLC
 * protocol keywords). Minimal for now: Ethernet II types only.
 */
import type { Pred } from '../ir.js';
import { ETHERMTU, type LowerContext } from './context.js';

/** gen_linktype(ll_proto) for the current link state. */
export function linktype(ctx: LowerContext, llProto: number): Pred {
  if (llProto <= ETHERMTU) throw new Error(`internal error: LLC SAP ${llProto} not lowered yet`);
  return ctx.cmp('linktype', 0, 2, llProto);
}
