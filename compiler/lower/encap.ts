/**
 * Encapsulations that change the lowering state for the rest of the
 * expression (gencode.c: gen_vlan, gen_mpls, gen_pppoed, gen_pppoes,
 * gen_geneve). Each returns its test and moves the context's offsets the
 * way libpcap moves its own: across "and", "or" and "not", for every later
 * primitive, whatever the structure of the expression.
 *
 * VLAN follows libpcap's path without BPF extensions (what a capture file
 * or pcap_open_dead gets): the tags are read from the frame.
 */
import { portTest } from './ip.js';
import type { Value } from '../ir.js';
import type { Geneve, Mpls, Pppoed, Pppoes, Vlan } from '../ast.js';
import { fail } from '../diagnostics.js';
import type { Pred } from '../ir.js';
import type { Span } from '../source.js';
import { all, any, ETHERTYPE, rel, type LowerContext } from './context.js';
import { LINK, linktype, noted } from './link.js';

const MAX_VLAN_ID = 0x0fff;
const MAX_MPLS_LABEL = 0xfffff;
const MAX_PPPOE_SESSION = 0xffff;

function failLibpcap(ctx: LowerContext, code: string, message: string, span: Span, libpcap: string): never {
  fail(ctx.source, code, message, span, { notes: [`libpcap: "${libpcap}"`] });
}

/**
 * `vlan [ID]` (gen_vlan): the EtherType is one of the TPIDs 0x8100, 0x88a8,
 * 0x9100, then (with an id) the tag's VLAN id; afterwards the EtherType and
 * the payload are read 4 bytes further on. The link header (MAC addresses)
 * does not move.
 */
export function lowerVlan(ctx: LowerContext, node: Vlan): Pred {
  if (ctx.labelStackDepth > 0) {
    failLibpcap(ctx, 'vlan-after-mpls', '"vlan" cannot follow "mpls": a VLAN tag is not looked for inside an MPLS label stack', node.span, 'no VLAN match after MPLS');
  }
  if (ctx.linktype === 'ppp') {
    failLibpcap(ctx, 'vlan-after-pppoes', '"vlan" cannot follow "pppoes": PPP frames carry no VLAN tags', node.span, 'no VLAN support for PPP');
  }
  const tpid = any([linktype(ctx, ETHERTYPE.vlan, node.span), linktype(ctx, ETHERTYPE.qinq, node.span), linktype(ctx, ETHERTYPE.qinqOld, node.span)]);
  let p: Pred;
  if (node.id === undefined) {
    p = noted(tpid, 'vlan');
  } else {
    if (node.id > MAX_VLAN_ID) {
      failLibpcap(ctx, 'vlan-id-too-large', `vlan id ${node.id} is out of range: the largest is ${MAX_VLAN_ID}`, node.span, `VLAN tag ${node.id} greater than maximum ${MAX_VLAN_ID}`);
    }
    p = all([tpid, ctx.mcmp('net', 0, 2, node.id, 0x0fff)], `vlan ${node.id}`);
  }
  ctx.offLinkpl += 4;
  ctx.offLinktype += 4;
  ctx.vlanStackDepth++;
  return p;
}

/**
 * `mpls [LABEL]` (gen_mpls): the first "mpls" tests the MPLS unicast
 * EtherType (PPP protocol 0x0281 after "pppoes"), a later one that the
 * previous label was not the bottom of the stack; then (with a label) the
 * label's 20 bits. Afterwards the network layer starts 4 bytes further on
 * and link-layer protocols are looked for inside the label stack.
 */
export function lowerMpls(ctx: LowerContext, node: Mpls): Pred {
  let b0: Pred;
  if (ctx.labelStackDepth > 0) {
    // The bottom-of-stack bit of the previous label is clear.
    b0 = ctx.mcmp('net', -4 + 2, 1, 0, 0x01, 'not the bottom of the label stack');
  } else {
    b0 = linktype(ctx, ctx.linktype === 'ppp' ? LINK.pppMplsUcast : ETHERTYPE.mpls, node.span);
  }
  let p: Pred;
  if (node.label === undefined) {
    p = noted(b0, 'mpls');
  } else {
    if (node.label > MAX_MPLS_LABEL) {
      failLibpcap(ctx, 'mpls-label-too-large', `mpls label ${node.label} is out of range: the largest is ${MAX_MPLS_LABEL}`, node.span, `MPLS label ${node.label} greater than maximum ${MAX_MPLS_LABEL}`);
    }
    p = all([b0, ctx.mcmp('net', 0, 4, (node.label << 12) >>> 0, 0xfffff000)], `mpls ${node.label}`);
  }
  ctx.offNlNosnap += 4;
  ctx.offNl += 4;
  ctx.labelStackDepth++;
  return p;
}

/** `pppoed` (gen_pppoed): the PPPoE discovery EtherType. The state does not change. */
export function lowerPppoed(ctx: LowerContext, node: Pppoed): Pred {
  return noted(linktype(ctx, ETHERTYPE.pppoed, node.span), 'pppoed');
}

/**
 * `pppoes [SESSION]` (gen_pppoes): the PPPoE session EtherType, then (with
 * a session id) the 16-bit session id. Afterwards the link layer is PPP:
 * its header starts after the 6-byte PPPoE header, the protocol field is
 * its first two bytes, and the network layer follows it.
 */
export function lowerPppoes(ctx: LowerContext, node: Pppoes): Pred {
  const b0 = linktype(ctx, ETHERTYPE.pppoes, node.span);
  let p: Pred;
  if (node.session === undefined) {
    p = noted(b0, 'pppoes');
  } else {
    if (node.session > MAX_PPPOE_SESSION) {
      failLibpcap(ctx, 'pppoe-session-too-large', `pppoe session id ${node.session} is out of range: the largest is ${MAX_PPPOE_SESSION}`, node.span, `PPPoE session number ${node.session} greater than maximum ${MAX_PPPOE_SESSION}`);
    }
    // The 32-bit word holding version/type, code and the session id; only the session id is compared.
    p = all([b0, ctx.mcmp('net', 0, 4, node.session, 0x0000ffff)], `pppoes ${node.session}`);
  }
  // libpcap's PUSH_LINKHDR(DLT_PPP, ...): a new link header 6 bytes past the network layer.
  ctx.offLinkhdr = ctx.offLinkhdr + ctx.offLinkpl + ctx.offNl + 6;
  ctx.offLinktype = 0;
  ctx.offLinkpl = 2;
  ctx.offNl = 0;
  ctx.offNlNosnap = 0;
  ctx.linktype = 'ppp';
  ctx.isGeneve = false;
  return p;
}

/** Geneve's UDP port and the largest VNI. */
const GENEVE_PORT = 6081;
const MAX_GENEVE_VNI = 0xffffff;

/**
 * `geneve [VNI]` (gen_geneve): UDP to port 6081 over IPv4, then over IPv6,
 * Geneve version 0 and (with a VNI) the VNI; then the offsets of the
 * encapsulated frame are computed at run time (ir.ts GeneveSetup) and every
 * later primitive reads through them. libpcap turns its optimizer off for
 * such expressions (compiler/lower/index.ts does the same).
 */
export function lowerGeneve(ctx: LowerContext, node: Geneve): Pred {
  if (node.vni !== undefined && node.vni > MAX_GENEVE_VNI) {
    failLibpcap(ctx, 'geneve-vni-too-large', `geneve vni ${node.vni} is out of range: the largest is ${MAX_GENEVE_VNI}`, node.span, `Geneve VNI ${node.vni} greater than maximum ${MAX_GENEVE_VNI}`);
  }
  const net = ctx.netOffset();
  const check = (v6: boolean): Pred => {
    const base = v6 ? 'tran6' : 'tran4';
    const tests = [portTest(ctx, v6, 17, 'dst', GENEVE_PORT), ctx.mcmp(base, 8, 1, 0, 0xc0)];
    if (node.vni !== undefined) tests.push(ctx.mcmp(base, 12, 4, (node.vni << 8) >>> 0, 0xffffff00));
    const setup: Value = { op: 'geneve', net, base: v6 ? { op: 'const', value: 40 } : ctx.ipHeaderLength() };
    return all([...tests, rel(setup, '==', 1)]);
  };
  const p = any([check(false), check(true)], node.vni === undefined ? 'geneve' : `geneve ${node.vni}`);
  ctx.varLinkhdr = { op: 'reg', name: 'linkhdr' };
  ctx.varLinktype = { op: 'reg', name: 'linktype' };
  ctx.varLinkpl = { op: 'reg', name: 'linkpl' };
  ctx.offLinkhdr = 0;
  ctx.offLinktype = 0;
  ctx.offLinkpl = 0;
  ctx.offNl = 0;
  ctx.linktype = 'ether';
  ctx.isGeneve = true;
  return p;
}
