/**
 * LLDP (EtherType 0x88cc) as tcpdump 4.99 prints it: `LLDP, length N` and the system name
 * without -v; with -v every TLV: chassis and port IDs, TTL, descriptions, capabilities,
 * management addresses, and the organisation-specific TLVs tcpdump decodes (IEEE 802.1 with
 * its DCB extensions, IEEE 802.3, TIA LLDP-MED, DCBX, IANA MUD-URL); others as hex dumps.
 */
import type { Ctx } from './context.js';
import { OUI_NAMES } from './llc.js';
import { bitNames, hex2, hex4, hexDump, ipv4Text, ipv6Text, macText, printjnp, printn } from './util.js';

const TLV_NAMES = new Map<number, string>([
  [0, 'End'], [1, 'Chassis ID'], [2, 'Port ID'], [3, 'Time to Live'], [4, 'Port Description'],
  [5, 'System Name'], [6, 'System Description'], [7, 'System Capabilities'], [8, 'Management Address'],
  [127, 'Organization specific'],
]);
const CHASSIS_SUBTYPES = new Map<number, string>([
  [1, 'Chassis component'], [2, 'Interface alias'], [3, 'Port component'], [4, 'MAC address'],
  [5, 'Network address'], [6, 'Interface name'], [7, 'Local'],
]);
const PORT_SUBTYPES = new Map<number, string>([
  [1, 'Interface alias'], [2, 'Port component'], [3, 'MAC address'], [4, 'Network Address'],
  [5, 'Interface Name'], [6, 'Agent circuit ID'], [7, 'Local'],
]);
const CAPS: [number, string][] = [
  [1, 'Other'], [2, 'Repeater'], [4, 'Bridge'], [8, 'WLAN AP'], [16, 'Router'], [32, 'Telephone'],
  [64, 'Docsis'], [128, 'Station Only'],
];
const AF_NAMES = new Map<number, string>([
  [0, 'Reserved'], [1, 'IPv4'], [2, 'IPv6'], [3, 'NSAP'], [4, 'HDLC'], [5, 'BBN 1822'], [6, '802'], [7, 'E.163'],
  [8, 'E.164'], [9, 'F.69'], [10, 'X.121'], [11, 'Novell IPX'], [12, 'Appletalk'], [13, 'Decnet IV'],
  [14, 'Banyan Vines'], [15, 'E.164 with NSAP subaddress'], [196, 'Layer-2 VPN'], [25, 'VPLS'],
]);

/** Thrown inside a TLV where tcpdump's LLDP printer gives up with its truncation marker. */
class LldpTrunc extends Error {}

/** Prints an LLDP PDU of `len` bytes at `p`. */
export function lldpPrint(ctx: Ctx, p: number, len: number): void {
  ctx.protocol = 'lldp';
  ctx.print(`LLDP, length ${len}`);
  let tlen = len;
  try {
    while (tlen >= 2) {
      // The TLV header and value checks go to lldp_print's trunc label (no longjmp), as tcpdump's.
      if (!ctx.has(p, 2)) throw new LldpTrunc();
      const tlv = ctx.u16(p);
      const type = tlv >> 9;
      const tlvLen = tlv & 0x1ff;
      tlen -= 2;
      p += 2;
      if (ctx.verbose) ctx.print(`\n\t${TLV_NAMES.get(type) ?? 'Unknown'} TLV (${type}), length ${tlvLen}`);
      if (!type || !tlvLen) break;
      if (!ctx.has(p, tlvLen) || tlen < tlvLen) throw new LldpTrunc();
      const hexdump = tlvPrint(ctx, type, p, tlvLen);
      if (ctx.verbose > 1 || (ctx.verbose && hexdump)) hexDump(ctx, '\n\t  ', p, tlvLen);
      tlen -= tlvLen;
      p += tlvLen;
    }
  } catch (e) {
    if (!(e instanceof LldpTrunc)) throw e;
    ctx.trunc();
  }
}

/** One TLV's value; true when tcpdump follows it with a hex dump (with -v). */
function tlvPrint(ctx: Ctx, type: number, p: number, len: number): boolean {
  switch (type) {
    case 1:
    case 2: {
      if (!ctx.verbose) return false;
      if (len < 2) throw new LldpTrunc();
      const subtype = ctx.u8(p);
      const names = type === 1 ? CHASSIS_SUBTYPES : PORT_SUBTYPES;
      ctx.print(`\n\t  Subtype ${names.get(subtype) ?? 'Unknown'} (${subtype}): `);
      const mac = type === 1 ? 4 : 3;
      const net = type === 1 ? 5 : 4;
      if (subtype === mac) {
        if (len < 7) throw new LldpTrunc();
        ctx.check(p + 1, 6);
        ctx.print(macText(ctx.buf, p + 1));
      } else if (subtype === net) ctx.print(networkAddr(ctx, p + 1, len - 1));
      else if (subtype >= 1 && subtype <= 7) printjnp(ctx, p + 1, len - 1);
      else return true;
      return false;
    }
    case 3:
      if (!ctx.verbose) return false;
      if (len < 2) throw new LldpTrunc();
      ctx.print(`: TTL ${ctx.u16(p)}s`);
      return false;
    case 4:
      if (!ctx.verbose) return false;
      ctx.print(': ');
      printjnp(ctx, p, len);
      return false;
    case 5:
      ctx.print(': ');
      printjnp(ctx, p, len);
      return false;
    case 6:
      if (!ctx.verbose) return false;
      ctx.print('\n\t  ');
      printjnp(ctx, p, len);
      return false;
    case 7: {
      if (!ctx.verbose) return false;
      if (len < 4) throw new LldpTrunc();
      const cap = ctx.u16(p);
      const ena = ctx.u16(p + 2);
      ctx.print(`\n\t  System  Capabilities [${bitNames(CAPS, cap, 'none')}] (0x${hex4(cap)})`);
      ctx.print(`\n\t  Enabled Capabilities [${bitNames(CAPS, ena, 'none')}] (0x${hex4(ena)})`);
      return false;
    }
    case 8:
      if (ctx.verbose && !mgmtAddr(ctx, p, len)) throw new LldpTrunc();
      return false;
    case 127: {
      if (!ctx.verbose) return false;
      if (len < 3) throw new LldpTrunc();
      const oui = (ctx.u8(p) << 16) | ctx.u16(p + 1);
      ctx.print(`: OUI ${OUI_NAMES.get(oui) ?? 'Unknown'} (0x${hex2(oui >> 16)}${hex4(oui & 0xffff)})`);
      switch (oui) {
        case 0x0080c2:
          return ieee8021(ctx, p, len);
        case 0x00120f:
          return ieee8023(ctx, p, len);
        case 0x00005e:
          return iana(ctx, p, len);
        case 0x0012bb:
          return tia(ctx, p, len);
        case 0x001b21:
          return dcbx(ctx, p, len);
        default:
          return true;
      }
    }
    default:
      return true;
  }
}

/** An address family and address, as tcpdump's lldp_network_addr_print words it. */
function networkAddr(ctx: Ctx, p: number, len: number): string {
  if (len < 1) throw new LldpTrunc();
  len--;
  const af = ctx.u8(p);
  const name = AF_NAMES.get(af) ?? 'Unknown';
  let text: string;
  if (af === 1) {
    if (len < 4) throw new LldpTrunc();
    ctx.check(p + 1, 4);
    text = ipv4Text(ctx.buf, p + 1);
  } else if (af === 2) {
    if (len < 16) throw new LldpTrunc();
    ctx.check(p + 1, 16);
    text = ipv6Text(ctx.buf, p + 1);
  } else if (af === 6) {
    if (len < 6) throw new LldpTrunc();
    ctx.check(p + 1, 6);
    text = macText(ctx.buf, p + 1);
  } else return `AFI ${name} (${af}), no AF printer !`;
  return `AFI ${name} (${af}): ${text}`;
}

const INTF_NUMBERING = new Map<number, string>([[2, 'Interface Index'], [3, 'System Port Number']]);

function mgmtAddr(ctx: Ctx, p: number, len: number): boolean {
  if (len < 1) return false;
  const addrLen = ctx.u8(p);
  p++;
  len--;
  if (len < addrLen) return false;
  ctx.print(`\n\t  Management Address length ${addrLen}, ${networkAddr(ctx, p, addrLen)}`);
  p += addrLen;
  len -= addrLen;
  if (len < 5) return false;
  const sub = ctx.u8(p);
  ctx.print(`\n\t  ${INTF_NUMBERING.get(sub) ?? 'Unknown'} Interface Numbering (${sub}): ${ctx.u32(p + 1)}`);
  p += 5;
  len -= 5;
  if (len) {
    const oidLen = ctx.u8(p);
    if (len < 1 + oidLen) return false;
    if (oidLen) {
      ctx.print(`\n\t  OID length ${oidLen}`);
      printjnp(ctx, p + 1, oidLen);
    }
  }
  return true;
}

function subtypeLine(ctx: Ctx, names: ReadonlyMap<number, string>, subtype: number): void {
  ctx.print(`\n\t  ${names.get(subtype) ?? 'unknown'} Subtype (${subtype})`);
}

/** printf's %-Nd for small non-negative numbers. */
const left = (n: number, w: number): string => String(n).padEnd(w);

function bitRow(v: number): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += `${left((v >> i) & 1, 2)} `;
  return s;
}

function table3(ctx: Ctx, values: number[]): string {
  void ctx;
  return values.map((v) => left(v, 3)).join(' ');
}

function etsTables(ctx: Ctx, p: number): void {
  const pa: number[] = [];
  for (let i = 0; i < 4; i++) pa.push(ctx.u8(p + i) >> 4, ctx.u8(p + i) & 0x0f);
  ctx.print('\n\t    Priority Assignment Table');
  ctx.print('\n\t     Priority : 0   1   2   3   4   5   6   7');
  ctx.print(`\n\t     Value    : ${table3(ctx, pa)}`);
  const bw: number[] = [];
  for (let i = 0; i < 8; i++) bw.push(ctx.u8(p + 4 + i));
  ctx.print('\n\t    TC Bandwidth Table');
  ctx.print('\n\t     TC%   : 0   1   2   3   4   5   6   7');
  ctx.print(`\n\t     Value : ${table3(ctx, bw)}`);
  const tsa: number[] = [];
  for (let i = 0; i < 8; i++) tsa.push(ctx.u8(p + 12 + i));
  ctx.print('\n\t    TSA Assignment Table');
  ctx.print('\n\t     Traffic Class: 0   1   2   3   4   5   6   7');
  ctx.print(`\n\t     Value        : ${table3(ctx, tsa)}`);
}

const IEEE8021_SUBTYPES = new Map<number, string>([
  [1, 'Port VLAN Id'], [2, 'Port and Protocol VLAN ID'], [3, 'VLAN name'], [4, 'Protocol Identity'],
  [7, 'Link aggregation'], [8, 'Congestion Notification'], [9, 'ETS Configuration'], [10, 'ETS Recommendation'],
  [11, 'Priority Flow Control Configuration'], [12, 'Application Priority'], [13, 'EVB'], [14, 'CDCP'],
]);
const PPVID_FLAGS: [number, string][] = [[2, 'supported'], [4, 'enabled']];
const AGGREGATION: [number, string][] = [[1, 'supported'], [2, 'enabled']];
const EVB_MODES = ['Not Supported', 'EVB Bridge', 'EVB Station', 'Reserved for future Standardization'];

function ieee8021(ctx: Ctx, p: number, len: number): boolean {
  if (len < 4) return false;
  const subtype = ctx.u8(p + 3);
  subtypeLine(ctx, IEEE8021_SUBTYPES, subtype);
  switch (subtype) {
    case 1:
      if (len < 6) return false;
      ctx.print(`\n\t    port vlan id (PVID): ${ctx.u16(p + 4)}`);
      return false;
    case 2:
      if (len < 7) return false;
      ctx.print(`\n\t    port and protocol vlan id (PPVID): ${ctx.u16(p + 5)}, flags [${bitNames(PPVID_FLAGS, ctx.u8(p + 4), 'none')}] (0x${hex2(ctx.u8(p + 4))})`);
      return false;
    case 3: {
      if (len < 6) return false;
      ctx.print(`\n\t    vlan id (VID): ${ctx.u16(p + 4)}`);
      if (len < 7) return false;
      const sub = ctx.u8(p + 6);
      if (len < 7 + sub) return false;
      ctx.print('\n\t    vlan name: ');
      printjnp(ctx, p + 7, sub);
      return false;
    }
    case 4: {
      if (len < 5) return false;
      const sub = ctx.u8(p + 4);
      if (len < 5 + sub) return false;
      ctx.print('\n\t    protocol identity: ');
      printjnp(ctx, p + 5, sub);
      return false;
    }
    case 7:
      if (len < 9) return false;
      ctx.print(`\n\t    aggregation status [${bitNames(AGGREGATION, ctx.u8(p + 4), 'none')}], aggregation port ID ${ctx.u32(p + 5)}`);
      return false;
    case 8:
      if (len < 6) return false;
      ctx.print('\n\t    Pre-Priority CNPV Indicator');
      ctx.print('\n\t     Priority : 0  1  2  3  4  5  6  7');
      ctx.print(`\n\t     Value    : ${bitRow(ctx.u8(p + 4))}`);
      ctx.print('\n\t    Pre-Priority Ready Indicator');
      ctx.print('\n\t     Priority : 0  1  2  3  4  5  6  7');
      ctx.print(`\n\t     Value    : ${bitRow(ctx.u8(p + 5))}`);
      return false;
    case 9: {
      if (len < 25) return false;
      const v = ctx.u8(p + 4);
      ctx.print(`\n\t    Willing:${v >> 7}, CBS:${(v >> 6) & 0x02}, RES:${(v >> 3) & 0x07}, Max TCs:${v & 0x07}`);
      etsTables(ctx, p + 5);
      return false;
    }
    case 10:
      if (len < 25) return false;
      ctx.print(`\n\t    RES: ${ctx.u8(p + 4)}`);
      etsTables(ctx, p + 5);
      return false;
    case 11: {
      if (len < 6) return false;
      const v = ctx.u8(p + 4);
      ctx.print(`\n\t    Willing: ${v >> 7}, MBC: ${(v >> 6) & 1}, RES: ${(v >> 4) & 3}, PFC cap:${v & 0x0f} `);
      ctx.print('\n\t    PFC Enable');
      ctx.print('\n\t     Priority : 0  1  2  3  4  5  6  7');
      ctx.print(`\n\t     Value    : ${bitRow(ctx.u8(p + 5))}`);
      return false;
    }
    case 12: {
      if (len < 5) return false;
      ctx.print(`\n\t    RES: ${ctx.u8(p + 4)}`);
      if (len <= 5) return false;
      const sub = len - 5;
      if (sub % 3 !== 0) return false;
      ctx.print('\n\t    Application Priority Table');
      for (let i = 0; i < sub; i += 3) {
        const v = ctx.u8(p + i + 5);
        ctx.print(`\n\t      Priority: ${v >> 5}, RES: ${(v >> 3) & 3}, Sel: ${v & 7}, Protocol ID: ${ctx.u16(p + i + 6)}`);
      }
      return false;
    }
    case 13: {
      if (len < 9) return false;
      ctx.print('\n\t    EVB Bridge Status');
      let v = ctx.u8(p + 4);
      ctx.print(`\n\t      RES: ${v >> 3}, BGID: ${(v >> 2) & 1}, RRCAP: ${(v >> 1) & 1}, RRCTR: ${v & 1}`);
      ctx.print('\n\t    EVB Station Status');
      v = ctx.u8(p + 5);
      ctx.print(`\n\t      RES: ${v >> 4}, SGID: ${(v >> 3) & 1}, RRREQ: ${(v >> 2) & 1},RRSTAT: ${v & 3}`);
      v = ctx.u8(p + 6);
      ctx.print(`\n\t    R: ${v >> 5}, RTE: ${v & 0x1f}, `);
      v = ctx.u8(p + 7);
      ctx.print(`EVB Mode: ${EVB_MODES[v >> 6]} [${v >> 6}]`);
      ctx.print(`\n\t    ROL: ${(v >> 5) & 1}, RWD: ${v & 0x1f}, `);
      v = ctx.u8(p + 8);
      ctx.print(`RES: ${v >> 6}, ROL: ${(v >> 5) & 1}, RKA: ${v & 0x1f}`);
      return false;
    }
    case 14: {
      if (len < 8) return false;
      const v = ctx.u8(p + 4);
      ctx.print(`\n\t    Role: ${v >> 7}, RES: ${(v >> 4) & 7}, Scomp: ${(v >> 3) & 1} `);
      ctx.print(`ChnCap: ${ctx.u16(p + 6) & 0x0fff}`);
      const sub = len - 8;
      if (sub % 3 !== 0) return false;
      for (let i = 0; i < sub; i += 3) {
        const t = (ctx.u8(p + i + 8) << 16) | ctx.u16(p + i + 9);
        ctx.print(`\n\t    SCID: ${t >> 12}, SVID: ${t & 0xfff}`);
      }
      return false;
    }
    default:
      return true;
  }
}

const IEEE8023_SUBTYPES = new Map<number, string>([
  [1, 'MAC/PHY configuration/status'], [2, 'Power via MDI'], [3, 'Link aggregation'], [4, 'Max frame size'],
]);
const AUTONEG: [number, string][] = [[1, 'supported'], [2, 'enabled']];
const PMD_CAPS: [number, string][] = [
  [1 << 14, '10BASE-T hdx'], [1 << 13, '10BASE-T fdx'], [1 << 12, '100BASE-T4'], [1 << 11, '100BASE-TX hdx'],
  [1 << 10, '100BASE-TX fdx'], [1 << 9, '100BASE-T2 hdx'], [1 << 8, '100BASE-T2 fdx'], [1 << 7, 'Pause for fdx links'],
  [1 << 6, 'Asym PAUSE for fdx'], [1 << 5, 'Sym PAUSE for fdx'], [1 << 4, 'Asym and Sym PAUSE for fdx'],
  [1 << 3, '1000BASE-{X LX SX CX} hdx'], [1 << 2, '1000BASE-{X LX SX CX} fdx'], [1 << 1, '1000BASE-T hdx'],
  [1 << 0, '1000BASE-T fdx'],
];
const MAU_TYPES = [
  'Unknown', 'AUI', '10BASE_5', 'FOIRL', '10BASE2', '10BASET duplex mode unknown', '10BASEFP', '10BASEFB',
  '10BASEFL duplex mode unknown', '10BROAD36', '10BASET hdx', '10BASET fdx', '10BASEFL hdx', '10BASEFL fdx',
  '100BASET4', '100BASETX hdx', '100BASETX fdx', '100BASEFX hdx', '100BASEFX fdx', '100BASET2 hdx',
  '100BASET2 fdx', '1000BASEX hdx', '1000BASEX fdx', '1000BASELX hdx', '1000BASELX fdx', '1000BASESX hdx',
  '1000BASESX fdx', '1000BASECX hdx', '1000BASECX fdx', '1000BASET hdx', '1000BASET fdx', '10GBASEX',
  '10GBASELX4', '10GBASER', '10GBASEER', '10GBASELR', '10GBASESR', '10GBASEW', '10GBASEEW', '10GBASELW',
  '10GBASESW',
];
const MDI_FLAGS: [number, string][] = [[1, 'PSE'], [2, 'supported'], [4, 'enabled'], [8, 'can be controlled']];
const MDI_PAIRS = new Map<number, string>([[1, 'signal'], [2, 'spare']]);
const MDI_CLASSES = new Map<number, string>([[1, 'class0'], [2, 'class1'], [3, 'class2'], [4, 'class3'], [5, 'class4']]);

function ieee8023(ctx: Ctx, p: number, len: number): boolean {
  if (len < 4) return false;
  const subtype = ctx.u8(p + 3);
  subtypeLine(ctx, IEEE8023_SUBTYPES, subtype);
  switch (subtype) {
    case 1: {
      if (len < 9) return false;
      const an = ctx.u8(p + 4);
      const pmd = ctx.u16(p + 5);
      const mau = ctx.u16(p + 7);
      ctx.print(`\n\t    autonegotiation [${bitNames(AUTONEG, an, 'none')}] (0x${hex2(an)})`);
      ctx.print(`\n\t    PMD autoneg capability [${bitNames(PMD_CAPS, pmd, 'unknown')}] (0x${hex4(pmd)})`);
      ctx.print(`\n\t    MAU type ${MAU_TYPES[mau] ?? 'unknown'} (0x${hex4(mau)})`);
      return false;
    }
    case 2:
      if (len < 7) return false;
      ctx.print(
        `\n\t    MDI power support [${bitNames(MDI_FLAGS, ctx.u8(p + 4), 'none')}], power pair ${MDI_PAIRS.get(ctx.u8(p + 5)) ?? 'unknown'}, power class ${MDI_CLASSES.get(ctx.u8(p + 6)) ?? 'unknown'}`,
      );
      return false;
    case 3:
      if (len < 9) return false;
      ctx.print(`\n\t    aggregation status [${bitNames(AGGREGATION, ctx.u8(p + 4), 'none')}], aggregation port ID ${ctx.u32(p + 5)}`);
      return false;
    case 4:
      if (len < 6) return false;
      ctx.print(`\n\t    MTU size ${ctx.u16(p + 4)}`);
      return false;
    default:
      return true;
  }
}

function iana(ctx: Ctx, p: number, len: number): boolean {
  if (len < 8) return false;
  const subtype = ctx.u8(p + 3);
  subtypeLine(ctx, new Map([[1, 'MUD-URL']]), subtype);
  if (subtype !== 1) return true;
  ctx.print('\n\t  MUD-URL=');
  printn(ctx, p + 4, len - 4);
  return false;
}

const TIA_SUBTYPES = new Map<number, string>([
  [1, 'LLDP-MED Capabilities'], [2, 'Network policy'], [3, 'Location identification'], [4, 'Extended power-via-MDI'],
  [5, 'Inventory - hardware revision'], [6, 'Inventory - firmware revision'], [7, 'Inventory - software revision'],
  [8, 'Inventory - serial number'], [9, 'Inventory - manufacturer name'], [10, 'Inventory - model name'],
  [11, 'Inventory - asset ID'],
]);
const TIA_INVENTORY = new Map<number, string>([
  [5, 'Hardware revision'], [6, 'Firmware revision'], [7, 'Software revision'], [8, 'Serial number'],
  [9, 'Manufacturer name'], [10, 'Model name'], [11, 'Asset ID'],
]);
const TIA_CAPS: [number, string][] = [
  [1, 'LLDP-MED capabilities'], [2, 'network policy'], [4, 'location identification'],
  [8, 'extended power via MDI-PSE'], [16, 'extended power via MDI-PD'], [32, 'Inventory'],
];
const TIA_DEVICES = new Map<number, string>([
  [1, 'endpoint class 1'], [2, 'endpoint class 2'], [3, 'endpoint class 3'], [4, 'network connectivity'],
]);
const TIA_APPS = new Map<number, string>([
  [1, 'voice'], [2, 'voice signaling'], [3, 'guest voice'], [4, 'guest voice signaling'], [5, 'softphone voice'],
  [6, 'video conferencing'], [7, 'streaming video'], [8, 'video signaling'],
]);
const TIA_POLICY_FLAGS: [number, string][] = [[0x80, 'Unknown'], [0x40, 'Tagged'], [0x20, 'reserved']];
const TIA_LOCATION_FORMATS = new Map<number, string>([[1, 'coordinate-based LCI'], [2, 'civic address LCI'], [3, 'ECS ELIN']]);
const TIA_ALTITUDE = new Map<number, string>([[1, 'meters'], [2, 'floors']]);
const TIA_DATUMS = new Map<number, string>([
  [1, 'World Geodesic System 1984'], [2, 'North American Datum 1983 (NAVD88)'], [3, 'North American Datum 1983 (MLLW)'],
]);
const TIA_LCI_WHAT = new Map<number, string>([
  [0, 'location of DHCP server'], [1, 'location of the network element believed to be closest to the client'],
  [2, 'location of the client'],
]);
const TIA_CA_TYPES = new Map<number, string>([
  [1, 'national subdivisions (state,canton,region,province,prefecture)'], [2, 'county, parish, gun, district'],
  [3, 'city, township, shi'], [4, 'city division, borough, city district, ward chou'], [5, 'neighborhood, block'],
  [6, 'street'],
]);
const TIA_POWER_SOURCES = new Map<number, string>([[1, 'PSE - primary power source'], [2, 'local - backup power source'], [3, 'PSE+local - reserved']]);
const TIA_POWER_PRIORITIES = new Map<number, string>([[1, 'critical'], [2, 'high'], [3, 'low']]);

/** 34 bits of a TIA latitude or longitude. */
function latlon(ctx: Ctx, p: number): number {
  return (ctx.u8(p) & 3) * 0x100000000 + ctx.u32(p + 1);
}

function tia(ctx: Ctx, p: number, len: number): boolean {
  if (len < 4) return false;
  const subtype = ctx.u8(p + 3);
  subtypeLine(ctx, TIA_SUBTYPES, subtype);
  switch (subtype) {
    case 1: {
      if (len < 7) return false;
      const caps = ctx.u16(p + 4);
      ctx.print(`\n\t    Media capabilities [${bitNames(TIA_CAPS, caps, 'none')}] (0x${hex4(caps)})`);
      ctx.print(`\n\t    Device type [${TIA_DEVICES.get(ctx.u8(p + 6)) ?? 'unknown'}] (0x${hex2(ctx.u8(p + 6))})`);
      return false;
    }
    case 2: {
      if (len < 8) return false;
      const app = ctx.u8(p + 4);
      ctx.print(`\n\t    Application type [${TIA_APPS.get(app) ?? 'none'}] (0x${hex2(app)})`);
      ctx.print(`, Flags [${bitNames(TIA_POLICY_FLAGS, ctx.u8(p + 5), 'none')}]`);
      ctx.print(`\n\t    Vlan id ${(ctx.u16(p + 5) & 0x1ffe) >> 1}`);
      ctx.print(`, L2 priority ${(ctx.u16(p + 6) & 0x01ff) >> 6}`);
      ctx.print(`, DSCP value ${ctx.u16(p + 6) & 0x3f}`);
      return false;
    }
    case 3: {
      if (len < 5) return false;
      const format = ctx.u8(p + 4);
      ctx.print(`\n\t    Location data format ${TIA_LOCATION_FORMATS.get(format) ?? 'unknown'} (0x${hex2(format)})`);
      if (format === 1) {
        if (len < 21) return false;
        ctx.print(`\n\t    Latitude resolution ${ctx.u8(p + 5) >> 2}, latitude value ${latlon(ctx, p + 5)}`);
        ctx.print(`\n\t    Longitude resolution ${ctx.u8(p + 10) >> 2}, longitude value ${latlon(ctx, p + 10)}`);
        const alt = ctx.u8(p + 15) >> 4;
        ctx.print(`\n\t    Altitude type ${TIA_ALTITUDE.get(alt) ?? 'unknown'} (${alt})`);
        ctx.print(`\n\t    Altitude resolution ${(ctx.u16(p + 15) >> 6) & 0x3f}, altitude value 0x${(ctx.u32(p + 16) & 0x3fffffff).toString(16)}`);
        ctx.print(`\n\t    Datum ${TIA_DATUMS.get(ctx.u8(p + 20)) ?? 'unknown'} (0x${hex2(ctx.u8(p + 20))})`);
      } else if (format === 2) {
        if (len < 6) return false;
        let lci = ctx.u8(p + 5);
        if (lci < 3) return false;
        if (len < 7 + lci) return false;
        const what = ctx.u8(p + 6);
        ctx.print(`\n\t    LCI length ${lci}, LCI what ${TIA_LCI_WHAT.get(what) ?? 'unknown'} (0x${hex2(what)}), Country-code `);
        printjnp(ctx, p + 7, 2);
        lci -= 3;
        let q = p + 9;
        while (lci > 0) {
          if (lci < 2) return false;
          const caType = ctx.u8(q);
          const caLen = ctx.u8(q + 1);
          q += 2;
          lci -= 2;
          ctx.print(`\n\t      CA type '${TIA_CA_TYPES.get(caType) ?? 'unknown'}' (${caType}), length ${caLen}: `);
          if (caType === 0 || caLen === 0) return false;
          if (lci < caLen) return false;
          printjnp(ctx, q, caLen);
          q += caLen;
          lci -= caLen;
        }
      } else if (format === 3) {
        ctx.print('\n\t    ECS ELIN id ');
        printjnp(ctx, p + 5, len - 5);
      } else {
        ctx.print('\n\t    Location ID ');
        hexDump(ctx, '\n\t      ', p + 5, len - 5);
      }
      return false;
    }
    case 4: {
      if (len < 7) return false;
      const b = ctx.u8(p + 4);
      // tcpdump's mask is 0xC0 >> 6, i.e. the two low bits.
      ctx.print(`\n\t    Power type [${b & 3 ? 'PD device' : 'PSE device'}]`);
      ctx.print(`, Power source [${TIA_POWER_SOURCES.get((b & 0x30) >> 4) ?? 'none'}]`);
      ctx.print(`\n\t    Power priority [${TIA_POWER_PRIORITIES.get(b & 0x0f) ?? 'none'}] (0x${hex2(b & 0x0f)})`);
      const power = ctx.u16(p + 5);
      ctx.print(power < 1024 ? `, Power ${Math.floor(power / 10)}.${power % 10} Watts` : `, Power ${power} (Reserved)`);
      return false;
    }
    case 5:
    case 6:
    case 7:
    case 8:
    case 9:
    case 10:
    case 11:
      ctx.print(`\n\t  ${TIA_INVENTORY.get(subtype)} `);
      printjnp(ctx, p + 4, len - 4);
      return false;
    default:
      return true;
  }
}

const DCBX_SUBTYPES = new Map<number, string>([
  [1, 'DCB Capability Exchange Protocol Rev 1'], [2, 'DCB Capability Exchange Protocol Rev 1.01'],
]);

function infoBlock(ctx: Ctx, t: number): void {
  ctx.print(`\n\t      Oper_Version: ${ctx.u8(t)}`);
  ctx.print(`\n\t      Max_Version: ${ctx.u8(t + 1)}`);
  const v = ctx.u8(t + 2);
  ctx.print(`\n\t      Info block(0x${hex2(v).toUpperCase()}): `);
  ctx.print(`Enable bit: ${v & 0x80 ? 1 : 0}, Willing bit: ${v & 0x40 ? 1 : 0}, Error Bit: ${v & 0x20 ? 1 : 0}`);
  ctx.print(`\n\t      SubType: ${ctx.u8(t + 3)}`);
}

/** DCBX: its own TLVs; returns what tcpdump returns, the last inner TLV's hex-dump flag. */
function dcbx(ctx: Ctx, p: number, len: number): boolean {
  if (len < 4) return false;
  const subtype = ctx.u8(p + 3);
  subtypeLine(ctx, DCBX_SUBTYPES, subtype);
  if (subtype === 1) return true;
  let t = p + 4;
  let tlen = len - 4;
  let hexdump = false;
  while (tlen >= 2) {
    if (!ctx.has(t, 2)) return hexdump;
    const tlv = ctx.u16(t);
    const type = tlv >> 9;
    const tlvLen = tlv & 0x1ff;
    hexdump = false;
    tlen -= 2;
    t += 2;
    if (!type || !tlvLen) break;
    // tcpdump stops here without a marker.
    if (!ctx.has(t, tlvLen) || tlen < tlvLen) return hexdump;
    switch (type) {
      case 1:
        if (tlvLen < 10) return hexdump;
        ctx.print(`\n\t    Control - Protocol Control (type 0x1, length ${tlvLen})`);
        ctx.print(`\n\t      Oper_Version: ${ctx.u8(t)}`);
        ctx.print(`\n\t      Max_Version: ${ctx.u8(t + 1)}`);
        ctx.print(`\n\t      Sequence Number: ${ctx.u32(t + 2)}`);
        ctx.print(`\n\t      Acknowledgement Number: ${ctx.u32(t + 6)}`);
        break;
      case 2: {
        if (tlvLen < 17) return hexdump;
        ctx.print(`\n\t    Feature - Priority Group (type 0x2, length ${tlvLen})`);
        infoBlock(ctx, t);
        ctx.print('\n\t      Priority Allocation');
        const pg = ctx.u32(t + 4);
        for (let i = 0; i <= 7; i++) ctx.print(`\n\t          PgId_${i}: ${Math.floor(pg / 2 ** (28 - 4 * i)) & 0xf}`);
        ctx.print('\n\t      Priority Group Allocation');
        for (let i = 0; i <= 7; i++) ctx.print(`\n\t          Pg percentage[${i}]: ${ctx.u8(t + 8 + i)}`);
        ctx.print(`\n\t      NumTCsSupported: ${ctx.u8(t + 16)}`);
        break;
      }
      case 3: {
        if (tlvLen < 6) return hexdump;
        ctx.print('\n\t    Feature - Priority Flow Control');
        ctx.print(` (type 0x3, length ${tlvLen})`);
        infoBlock(ctx, t);
        const v = ctx.u8(t + 4);
        ctx.print(`\n\t      PFC Config (0x${hex2(v).toUpperCase()})`);
        for (let i = 0; i <= 7; i++) ctx.print(`\n\t          Priority Bit ${i}: ${v & (1 << i) ? 'Enabled' : 'Disabled'}`);
        ctx.print(`\n\t      NumTCPFCSupported: ${ctx.u8(t + 5)}`);
        break;
      }
      case 4: {
        if (tlvLen < 4) return hexdump;
        ctx.print(`\n\t    Feature - Application (type 0x4, length ${tlvLen})`);
        infoBlock(ctx, t);
        let n = tlvLen - 4;
        let m = t + 4;
        while (n >= 6) {
          ctx.print('\n\t      Application Value');
          ctx.print(`\n\t          Application Protocol ID: 0x${hex4(ctx.u16(m))}`);
          const u = (ctx.u8(m + 2) << 16) | ctx.u16(m + 3);
          ctx.print(`\n\t          SF (0x${(u >> 22).toString(16)}) Application Protocol ID is ${u >> 22 ? 'Socket Number' : 'L2 EtherType'}`);
          ctx.print(`\n\t          OUI: 0x${(u & 0x3fffff).toString(16).padStart(6, '0')}`);
          ctx.print(`\n\t          User Priority Map: 0x${hex2(ctx.u8(m + 5))}`);
          n -= 6;
          m += 6;
        }
        break;
      }
      default:
        hexdump = true;
    }
    if (ctx.verbose > 1 || (ctx.verbose && hexdump)) hexDump(ctx, '\n\t    ', t, tlvLen);
    tlen -= tlvLen;
    t += tlvLen;
  }
  return hexdump;
}
