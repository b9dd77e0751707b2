/**
 * AST to IR, visiting the expression in source order: gencode.c reduces
 * primitives left to right, and "vlan", "mpls", "pppoes" and "geneve"
 * change the offsets of everything after them.
 */
import type { Expr, Qualified } from '../ast.js';
import { idText } from '../print.js';
import { all, any, not, type Pred } from '../ir.js';
import type { Source } from '../source.js';
import { printArith } from '../ast.js';
import { lowerByteOp, lowerLength, lowerRelation } from './arith.js';
import { LowerContext, rel } from './context.js';
import { lowerQualified, type Resolver } from './qualified.js';
import { protoAbbrev } from './ip.js';
import { lowerBroadcast, lowerLinkProto, lowerLlc, lowerMulticast } from './link.js';
import { lowerGeneve, lowerMpls, lowerPppoed, lowerPppoes, lowerVlan } from './encap.js';

export type { Resolver } from './qualified.js';

/** Lower an expression; `resolver` answers host, network and Ethernet names. */
export function lower(source: Source, e: Expr, resolver: Resolver = {}): Pred {
  const ctx = new LowerContext(source);
  ctx.optimize = !hasProtochain(e);
  return lowerExpr(ctx, e, resolver);
}

/** libpcap turns its optimizer off for a whole expression that uses "protochain" or "geneve". */
export function hasProtochain(root: Expr): boolean {
  // An explicit stack: long and/or chains are deeper than the call stack allows.
  const todo: Expr[] = [root];
  while (todo.length > 0) {
    const e = todo.pop()!;
    switch (e.kind) {
      case 'and':
      case 'or':
        todo.push(e.right, e.left);
        break;
      case 'not':
        todo.push(e.operand);
        break;
      case 'qualified':
        if (e.q.addr === 'protochain') return true;
        break;
      case 'geneve':
        return true;
    }
  }
  return false;
}

/**
 * A left-deep chain of "and"/"or" lowered in source order without recursion
 * on its left spine; the result is what all()/any() would build term by
 * term (consecutive equal operators flattened into one list).
 */
function lowerChain(ctx: LowerContext, e: Extract<Expr, { kind: 'and' | 'or' }>, resolver: Resolver): Pred {
  const spine: Extract<Expr, { kind: 'and' | 'or' }>[] = [];
  let bottom: Expr = e;
  while (bottom.kind === 'and' || bottom.kind === 'or') {
    spine.push(bottom);
    bottom = bottom.left;
  }
  let acc = lowerExpr(ctx, bottom, resolver);
  // Whether acc is a list built here (not shared), so terms can be appended in place.
  let owned = false;
  for (let i = spine.length - 1; i >= 0; i--) {
    const node = spine[i]!;
    const b = lowerExpr(ctx, node.right, resolver);
    if (owned && acc.op === node.kind) {
      const terms = (acc as { terms: Pred[] }).terms;
      if (b.op === node.kind && !b.note) for (const t of b.terms) terms.push(t);
      else terms.push(b);
    } else {
      const next = node.kind === 'and' ? all([acc, b]) : any([acc, b]);
      owned = next !== acc && next !== b && next.op === node.kind;
      acc = next;
    }
  }
  return acc;
}

function lowerExpr(ctx: LowerContext, e: Expr, resolver: Resolver): Pred {
  switch (e.kind) {
    case 'all':
      return { op: 'true', note: 'empty expression: every frame' };
    case 'and':
    case 'or':
      return lowerChain(ctx, e, resolver);
    case 'not':
      return not(lowerExpr(ctx, e.operand, resolver));
    case 'proto': {
      const p = lowerLinkProto(ctx, e.proto, e.span) ?? protoAbbrev(ctx, e.proto, e.span);
      return note(p, e.proto === 'link' ? 'ether' : e.proto);
    }
    case 'qualified':
      return note(lowerQualified(ctx, e as Qualified, resolver), describe(e));
    case 'relation':
      return note(lowerRelation(ctx, e), `${printArith(e.left)} ${e.op} ${printArith(e.right)}`);
    case 'less':
    case 'greater':
      return note(lowerLength(e.kind, e.value), `${e.kind} ${e.value}`);
    case 'byte':
      return note(lowerByteOp(ctx, e.offset, e.op, e.value), `byte ${e.offset} ${e.op} ${e.value}`);
    case 'broadcast':
      return lowerBroadcast(ctx, e);
    case 'multicast':
      return lowerMulticast(ctx, e);
    case 'inbound':
      return note(not(rel({ op: 'meta', field: 'pkttype' }, '==', 4)), 'inbound: every frame at the XDP hook');
    case 'outbound':
      return note(rel({ op: 'meta', field: 'pkttype' }, '==', 4), 'outbound: no frame at the XDP hook');
    case 'ifindex':
      return note(rel({ op: 'meta', field: 'ifindex' }, '==', e.value), `ifindex ${e.value}`);
    case 'vlan':
      return lowerVlan(ctx, e);
    case 'mpls':
      return lowerMpls(ctx, e);
    case 'pppoed':
      return lowerPppoed(ctx, e);
    case 'pppoes':
      return lowerPppoes(ctx, e);
    case 'geneve':
      return lowerGeneve(ctx, e);
    case 'llc':
      return lowerLlc(ctx, e);
    case 'unsupported':
      return ctx.fail('other-link-type', e.message, e.span);
  }
}

/** Comment text for generated C, re-printed from the AST: keywords, numbers and address text the lexer validated. */
function describe(e: Qualified): string {
  const q = [e.q.proto === 'link' ? 'ether' : e.q.proto, e.q.dir, e.q.addr].filter((x) => x !== undefined).join(' ');
  return `${q}${e.inherited ? ' (inherited)' : ''} ${idText(e.id)}`;
}


function note(p: Pred, text: string): Pred {
  // Comments in C must not contain "*/" or non-printable bytes; such text is replaced.
  const safe = /^[\x20-\x7e]*$/.test(text) && !text.includes('*/') && !text.includes('/*') ? text : '(expression fragment)';
  return { ...p, note: safe };
}
