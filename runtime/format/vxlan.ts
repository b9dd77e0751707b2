/**
 * The Ethernet-carrying UDP tunnels tcpdump 4.99 decodes by default: VXLAN (4789), Geneve
 * (6081), OTV (8472), VXLAN-GPE (4790) and Broadcom's LI shim (source port 49152). The encapsulated frame is printed by the same printers as an outer
 * one, after a newline (VXLAN, OTV) or ": " (Geneve) as tcpdump does.
 */
import type { Ctx } from './context.js';
import { ETHERTYPE_NAMES, ethertypePrint, innerEtherPrint } from './ether.js';
import { ip6Print, ipPrint } from './ip.js';
import { hex2, hex4 } from './util.js';

/** VXLAN (RFC 7348): `VXLAN, flags [I] (0x08), vni 100` and the inner frame on the next line. */
export function vxlanPrint(ctx: Ctx, bp: number, len: number): void {
  ctx.protocol = 'vxlan';
  ctx.print('VXLAN');
  if (len < 8) {
    ctx.print(' (invalid)');
    return;
  }
  const flags = ctx.u8(bp);
  ctx.print(`, flags [${flags & 0x08 ? 'I' : 'invalid'}] (0x${hex2(flags)}), `);
  ctx.check(bp + 4, 3);
  ctx.print(`vni ${(ctx.u16(bp + 4) << 8) | ctx.u8(bp + 6)}\n`);
  ctx.check(bp + 7, 1);
  innerEtherPrint(ctx, bp + 8, len - 8);
}

/** OTV (draft-hasmit-otv): VXLAN's header with an overlay id, then the inner frame. */
export function otvPrint(ctx: Ctx, bp: number, len: number): void {
  ctx.protocol = 'otv';
  ctx.print('OTV, ');
  if (len < 8) {
    ctx.print(`[length ${len} < 8] (invalid)`);
    // tcpdump then checks that the whole (short) payload was captured.
    ctx.check(bp, len);
    return;
  }
  const flags = ctx.u8(bp);
  ctx.print(`flags [${flags & 0x08 ? 'I' : '.'}] (0x${hex2(flags)}), `);
  ctx.print(`overlay ${ctx.u24(bp + 1)}, `);
  ctx.print(`instance ${ctx.u24(bp + 4)}\n`);
  ctx.check(bp + 7, 1);
  innerEtherPrint(ctx, bp + 8, len - 8);
}

const GENEVE_FLAGS: [number, string][] = [
  [0x80, 'O'], [0x40, 'C'], [0x20, 'R1'], [0x10, 'R2'], [0x08, 'R3'], [0x04, 'R4'], [0x02, 'R5'], [0x01, 'R6'],
];

/** tcpdump's names of Geneve option classes. */
function optClassName(c: number): string {
  switch (c) {
    case 0x0100:
      return 'Linux';
    case 0x0101:
      return 'Open vSwitch';
    case 0x0102:
      return 'Open Virtual Networking (OVN)';
    case 0x0103:
      return 'In-band Network Telemetry (INT)';
    case 0x0104:
      return 'VMware';
  }
  if (c <= 0x00ff) return 'Standard';
  if (c >= 0xfff0) return 'Experimental';
  return 'Unknown';
}

/** Geneve (RFC 8926): the header, its options, then the payload named by its protocol type. */
export function genevePrint(ctx: Ctx, bp: number, len: number): void {
  ctx.protocol = 'geneve';
  ctx.print('Geneve');
  if (len < 8) {
    ctx.print(` [length ${len} < 8] (invalid)`);
    return;
  }
  // Here and for the options: tcpdump's ND_TCHECK with geneve_print's own trunc label, the marker
  // and no longjmp (VXLAN, OTV and VXLAN-GPE's checks do longjmp: their files have no label).
  if (!ctx.tcheck(bp, 8)) return;
  const verOpt = ctx.u8(bp);
  const version = verOpt >> 6;
  if (version !== 0) {
    ctx.print(` ERROR: unknown-version ${version}`);
    return;
  }
  const flags = ctx.u8(bp + 1);
  const prot = ctx.u16(bp + 2);
  const vni = ctx.u24(bp + 4);
  const reserved = ctx.u8(bp + 7);
  let names = '';
  for (const [bit, name] of GENEVE_FLAGS) if (flags & bit) names += name;
  ctx.print(`, Flags [${names || 'none'}], vni 0x${vni.toString(16)}`);
  if (reserved) ctx.print(`, rsvd 0x${reserved.toString(16)}`);
  if (ctx.eflag) ctx.print(`, proto ${ETHERTYPE_NAMES.get(prot) ?? 'unknown'} (0x${hex4(prot)})`);
  bp += 8;
  len -= 8;
  const optsLen = (verOpt & 0x3f) * 4;
  if (len < optsLen) {
    ctx.print(` truncated-geneve - ${optsLen - len} bytes missing`);
    return;
  }
  if (!ctx.tcheck(bp, optsLen)) return;
  if (optsLen > 0) {
    ctx.print(', options [');
    if (ctx.verbose) geneveOptsPrint(ctx, bp, optsLen);
    else ctx.print(`${optsLen} bytes`);
    ctx.print(']');
  }
  bp += optsLen;
  len -= optsLen;
  ctx.print(ctx.verbose ? '\n\t' : ': ');
  if (ethertypePrint(ctx, prot, bp, len)) return;
  if (prot === 0x6558) innerEtherPrint(ctx, bp, len);
  else ctx.print(`geneve-proto-0x${prot.toString(16)}`);
}

function geneveOptsPrint(ctx: Ctx, bp: number, len: number): void {
  let sep = '';
  while (len > 0) {
    ctx.print(sep);
    sep = ', ';
    const cls = ctx.u16(bp);
    const type = ctx.u8(bp + 2);
    const optLen = 4 + (ctx.u8(bp + 3) & 0x1f) * 4;
    ctx.print(`class ${optClassName(cls)} (0x${cls.toString(16)}) type 0x${type.toString(16)}${type & 0x80 ? '(C)' : ''} len ${optLen}`);
    if (optLen > len) {
      ctx.print(' [bad length]');
      return;
    }
    if (ctx.verbose > 1 && optLen > 4) {
      ctx.print(' data');
      for (let i = 4; i < optLen; i += 4) ctx.print(` ${ctx.u32(bp + i).toString(16).padStart(8, '0')}`);
    }
    bp += optLen;
    len -= optLen;
  }
}

const GPE_FLAGS: [number, string][] = [[0x08, 'I'], [0x04, 'P'], [0x02, 'B'], [0x01, 'O']];

/**
 * VXLAN-GPE (port 4790): flags, VNI, then IPv4, IPv6, Ethernet or NSH (nsh.ts) by its
 * next-protocol field.
 */
export function vxlanGpePrint(ctx: Ctx, bp: number, len: number): void {
  ctx.protocol = 'vxlan_gpe';
  ctx.print('VXLAN-GPE, ');
  if (len < 8) {
    ctx.print(` (len ${len} < 8) (invalid)`);
    return;
  }
  const flags = ctx.u8(bp);
  let names = '';
  for (const [bit, name] of GPE_FLAGS) if (flags & bit) names += name;
  ctx.print(`flags [${names || 'none'}], `);
  const next = ctx.u8(bp + 3);
  const vni = ctx.u24(bp + 4);
  ctx.check(bp + 7, 1);
  ctx.print(`vni ${vni}`);
  ctx.print(ctx.verbose ? '\n    ' : ': ');
  bp += 8;
  len -= 8;
  switch (next) {
    case 1:
      ipPrint(ctx, bp, len);
      return;
    case 2:
      ip6Print(ctx, bp, len);
      return;
    case 3:
      innerEtherPrint(ctx, bp, len);
      return;
    case 4:
      // NSH, through the EtherType dispatch (tcpdump's nsh_print is its printer for 0x894f).
      if (!ethertypePrint(ctx, 0x894f, bp, len)) ctx.print('NSH');
      return;
    default:
      ctx.print('ERROR: unknown-next-protocol (invalid)');
  }
}

const BCM_LI_DIRECTIONS = ['unknown', 'unused', 'egress', 'ingress'];
const BCM_LI_TYPES = new Map([[4, 'undecided'], [5, 'ipv4'], [6, 'ipv6'], [7, 'ethernet']]);
const BCM_LI_SUBTYPES = ['unknown', 'single VLAN tag', 'double VLAN tag', 'untagged'];

/**
 * Broadcom's lawful-intercept shim (source port 49152): its fields, and from -v the mirrored
 * packet (Ethernet, IPv4 or IPv6, or guessed from its first nibble).
 */
export function bcmLiPrint(ctx: Ctx, bp: number, length: number): void {
  ctx.protocol = 'bcm_li';
  if (length < 4) {
    ctx.print(` (length ${length} < 4) (invalid)`);
    return;
  }
  const shim = ctx.u32(bp);
  const direction = (shim >>> 29) & 7;
  const type = (shim >>> 25) & 0xf;
  const subtype = (shim >>> 22) & 7;
  length -= 4;
  bp += 4;
  const nl = ctx.verbose ? '\n    ' : '';
  ctx.print(
    `${nl}BCM-LI-SHIM: direction ${BCM_LI_DIRECTIONS[direction] ?? 'unknown'}, pkt-type ${BCM_LI_TYPES.get(type) ?? 'unknown'},` +
      ` pkt-subtype ${BCM_LI_SUBTYPES[subtype] ?? 'unknown'}, li-id ${shim & 0x3fffff}${nl}`,
  );
  if (!ctx.verbose) {
    ctx.check(bp, length);
    return;
  }
  switch (type) {
    case 7:
      innerEtherPrint(ctx, bp, length);
      return;
    case 5:
      ipPrint(ctx, bp, length);
      return;
    case 6:
      ip6Print(ctx, bp, length);
      return;
    case 4: {
      const v = ctx.u8(bp) >> 4;
      if (v === 4) ipPrint(ctx, bp, length);
      else if (v === 6) ip6Print(ctx, bp, length);
      else ctx.print('unknown payload');
      return;
    }
    default:
      ctx.print(' (invalid)');
  }
}
