/**
 * DHCPv6 (RFC 8415; ports 546, 547) as tcpdump 4.99 prints it: `dhcp6 solicit`, and from -v
 * the transaction id and every option tcpdump decodes.
 *
 * tcpdump has two ways to stop: a length check that fails prints ` [|dhcp6]` and ends only the
 * option list it is in (an enclosing option still prints its ")"), written here as
 * `ctx.trunc(); return`; a read past the snap end ends the whole line (ctx's Truncated).
 */
import type { Ctx } from './context.js';
import { printName } from './dns.js';
import { hex2, hex4, hexBytes, hexPad, ipv6Text, printjnp, safeChar } from './util.js';

const MSG_TYPES = [
  '', 'solicit', 'advertise', 'request', 'confirm', 'renew', 'rebind', 'reply', 'release', 'decline',
  'reconfigure', 'inf-req', 'relay-fwd', 'relay-reply', 'leasequery', 'leasequery-reply',
];

const OPTION_NAMES = new Map([
  [1, 'client-ID'], [2, 'server-ID'], [3, 'IA_NA'], [4, 'IA_TA'], [5, 'IA_ADDR'], [6, 'option-request'],
  [7, 'preference'], [8, 'elapsed-time'], [9, 'relay-message'], [11, 'authentication'],
  [12, 'server-unicast'], [13, 'status-code'], [14, 'rapid-commit'], [15, 'user-class'],
  [16, 'vendor-class'], [17, 'vendor-specific-info'], [18, 'interface-ID'], [19, 'reconfigure-message'],
  [20, 'reconfigure-accept'], [21, 'SIP-servers-domain'], [22, 'SIP-servers-address'], [23, 'DNS-server'],
  [24, 'DNS-search-list'], [25, 'IA_PD'], [26, 'IA_PD-prefix'], [31, 'SNTP-servers'], [32, 'lifetime'],
  [27, 'NIS-server'], [28, 'NIS+-server'], [29, 'NIS-domain-name'], [30, 'NIS+-domain-name'],
  [33, 'BCMCS-domain-name'], [34, 'BCMCS-server'], [36, 'Geoconf-Civic'], [37, 'Remote-ID'],
  [38, 'Subscriber-ID'], [39, 'Client-FQDN'], [40, 'PANA-agent'], [41, 'POSIX-timezone'],
  [42, 'POSIX-tz-database'], [43, 'Echo-request-option'], [44, 'Lease-query'], [45, 'LQ-client-data'],
  [46, 'Clt-time'], [47, 'LQ-relay-data'], [48, 'LQ-client-link'], [56, 'NTP-server'], [64, 'AFTR-Name'],
  [112, 'MUD-URL'],
]);

const STATUS_CODES = [
  'Success', 'UnspecFail', 'NoAddrsAvail', 'NoBinding', 'NotOnLink', 'UseMulticast', 'NoPrefixAvail',
  'UnknownQueryType', 'MalformedQuery', 'NotConfigured', 'NotAllowed',
];

function optName(t: number): string {
  return OPTION_NAMES.get(t) ?? `opt_${t}`;
}

function ip6(ctx: Ctx, off: number): string {
  ctx.check(off, 16);
  return ipv6Text(ctx.buf, off);
}

/** `dhcp6 solicit`; -v: `dhcp6 solicit (xid=... (option ...)...)`. */
export function dhcp6Print(ctx: Ctx, cp: number, length: number): void {
  ctx.protocol = 'dhcp6';
  ctx.print('dhcp6');
  const ep = Math.min(ctx.snapend, cp + length);
  if (!ctx.has(cp, 4)) return ctx.trunc();
  const type = ctx.u8(cp);
  const name = MSG_TYPES[type] || `msgtype-${type}`;
  if (!ctx.verbose) {
    ctx.print(` ${name}`);
    return;
  }
  ctx.print(` ${name} (`);
  if (type !== 12 && type !== 13) {
    ctx.print(`xid=${(ctx.u32(cp) & 0xffffff).toString(16)}`);
    optionsPrint(ctx, cp + 4, ep);
  } else {
    ctx.print(`linkaddr=${ip6(ctx, cp + 2)}`);
    ctx.print(` peeraddr=${ip6(ctx, cp + 18)}`);
    optionsPrint(ctx, cp + 34, ep);
  }
  ctx.print(')');
}

/** The options from `cp` to `ep`, each ` (name ...)`. */
function optionsPrint(ctx: Ctx, cp: number, ep: number): void {
  while (cp < ep) {
    if (ep < cp + 4 || !ctx.has(cp, 4)) return ctx.trunc();
    const optlen = ctx.u16(cp + 2);
    if (ep < cp + 4 + optlen) return ctx.trunc();
    const type = ctx.u16(cp);
    ctx.print(` (${optName(type)}`);
    if (!ctx.has(cp + 4, optlen)) return ctx.trunc();
    if (!optionBody(ctx, type, cp + 4, optlen)) return ctx.trunc();
    cp += 4 + optlen;
  }
}

/** The rest of one option, its ")" included; false where tcpdump stops the list as truncated. */
function optionBody(ctx: Ctx, type: number, tp: number, optlen: number): boolean {
  const end = tp + optlen;
  const bad = (): boolean => {
    ctx.print(' ?)');
    return true;
  };
  switch (type) {
    case 1:
    case 2: {
      if (optlen < 2) return bad();
      const duid = ctx.u16(tp);
      if (duid === 1) {
        if (optlen < 8) return bad();
        ctx.print(` hwaddr/time type ${ctx.u16(tp + 2)} time ${ctx.u32(tp + 4)} ${hexBytes(ctx, tp + 8, optlen - 8)})`);
      } else if (duid === 2) {
        if (optlen < 10) return bad();
        ctx.print(` vid ${hexBytes(ctx, tp + 2, 8)})`);
      } else if (duid === 3) {
        if (optlen < 4) return bad();
        ctx.print(` hwaddr type ${ctx.u16(tp + 2)} ${hexBytes(ctx, tp + 4, optlen - 4)})`);
      } else ctx.print(` type ${duid})`);
      return true;
    }
    case 5:
      if (optlen < 24) return bad();
      ctx.print(` ${ip6(ctx, tp)}`);
      ctx.print(` pltime:${ctx.u32(tp + 16)} vltime:${ctx.u32(tp + 20)}`);
      if (optlen > 24) optionsPrint(ctx, tp + 24, end);
      ctx.print(')');
      return true;
    case 6:
    case 43:
      if (optlen % 2) return bad();
      for (let i = 0; i < optlen; i += 2) ctx.print(` ${optName(ctx.u16(tp + i))}`);
      ctx.print(')');
      return true;
    case 7:
      if (optlen !== 1) return bad();
      ctx.print(` ${ctx.u8(tp)})`);
      return true;
    case 8:
      if (optlen !== 2) return bad();
      ctx.print(` ${ctx.u16(tp)})`);
      return true;
    case 9: {
      ctx.print(' (');
      // The relayed message ends where the option does (other options may follow it).
      const saved = ctx.pushSnap(tp, optlen);
      try {
        dhcp6Print(ctx, tp, optlen);
      } finally {
        ctx.snapend = saved;
      }
      ctx.print(')');
      return true;
    }
    case 11:
      return authPrint(ctx, tp, optlen);
    case 14:
    case 20:
      ctx.print(')');
      return true;
    case 18:
    case 38:
      ctx.print(` ${hexBytes(ctx, tp, Math.min(optlen, 10))}...)`);
      return true;
    case 19: {
      if (optlen !== 1) return bad();
      const t = ctx.u8(tp);
      ctx.print(t === 5 ? ' for renew)' : t === 11 ? ' for inf-req)' : ` for ???(${hex2(t)}))`);
      return true;
    }
    case 22:
    case 23:
    case 27:
    case 28:
    case 31:
    case 34:
    case 40:
    case 48:
      if (optlen % 16) return bad();
      for (let i = 0; i < optlen; i += 16) ctx.print(` ${ip6(ctx, tp + i)}`);
      ctx.print(')');
      return true;
    case 21:
    case 24:
      while (tp < end) {
        ctx.print(' ');
        tp = printName(ctx, tp, end);
        if (tp < 0) return false;
      }
      ctx.print(')');
      return true;
    case 13: {
      if (optlen < 2) return bad();
      const code = ctx.u16(tp);
      ctx.print(` ${code > 255 ? 'INVALID code' : STATUS_CODES[code] ?? `code${code}`})`);
      return true;
    }
    case 3:
    case 25:
      if (optlen < 12) return bad();
      ctx.print(` IAID:${ctx.u32(tp)} T1:${ctx.u32(tp + 4)} T2:${ctx.u32(tp + 8)}`);
      if (optlen > 12) optionsPrint(ctx, tp + 12, end);
      ctx.print(')');
      return true;
    case 4:
      if (optlen < 4) return bad();
      ctx.print(` IAID:${ctx.u32(tp)}`);
      if (optlen > 4) optionsPrint(ctx, tp + 4, end);
      ctx.print(')');
      return true;
    case 26:
      if (optlen < 25) return bad();
      ctx.print(` ${ip6(ctx, tp + 9)}/${ctx.u8(tp + 8)}`);
      ctx.print(` pltime:${ctx.u32(tp)} vltime:${ctx.u32(tp + 4)}`);
      if (optlen > 25) optionsPrint(ctx, tp + 25, end);
      ctx.print(')');
      return true;
    case 32:
    case 46:
      if (optlen !== 4) return bad();
      ctx.print(` ${ctx.u32(tp)})`);
      return true;
    case 37:
      if (optlen < 4) return bad();
      ctx.print(` ${ctx.u32(tp)} ${hexBytes(ctx, tp + 4, Math.min(optlen, 14) - 4)}...)`);
      return true;
    case 44: {
      if (optlen < 17) return bad();
      const q = ctx.u8(tp);
      ctx.print(q === 1 ? ' by-address' : q === 2 ? ' by-clientID' : ` type_${q}`);
      ctx.print(` ${ip6(ctx, tp + 1)}`);
      if (optlen > 17) optionsPrint(ctx, tp + 17, end);
      ctx.print(')');
      return true;
    }
    case 45:
      if (optlen > 0) optionsPrint(ctx, tp, end);
      ctx.print(')');
      return true;
    case 47:
      if (optlen < 16) return bad();
      ctx.print(` ${ip6(ctx, tp)} ${hexBytes(ctx, tp + 16, Math.min(optlen, 26) - 16)}...)`);
      return true;
    case 56:
      if (optlen < 4) return bad();
      while (tp < end - 4) {
        const code = ctx.u16(tp);
        const len = ctx.u16(tp + 2);
        tp += 4;
        if (tp + len > end) return false;
        ctx.print(` subopt:${code}`);
        if (code === 1 || code === 2) ctx.print(len !== 16 ? ' ?' : ` ${ip6(ctx, tp)}`);
        else if (code === 3) {
          ctx.print(' ');
          if (printName(ctx, tp, tp + len) < 0) return false;
        } else ctx.print(' ?');
        tp += len;
      }
      ctx.print(')');
      return true;
    case 64: {
      if (optlen < 3) return bad();
      let remain = optlen;
      ctx.print(' ');
      while (remain && ctx.u8(tp)) {
        const l = ctx.u8(tp);
        tp++;
        if (l < remain - 1) {
          printjnp(ctx, tp, l);
          tp += l;
          remain -= l + 1;
          if (ctx.u8(tp)) ctx.print('.');
        } else {
          ctx.print(' ?');
          break;
        }
      }
      ctx.print(')');
      return true;
    }
    case 41:
    case 42:
    case 112:
      if (optlen < 5) return bad();
      ctx.print(' ');
      printjnp(ctx, tp, optlen);
      ctx.print(')');
      return true;
    default:
      ctx.print(')');
      return true;
  }
}

/** The authentication option (RFC 8415 21.11) after its name. */
function authPrint(ctx: Ctx, tp: number, optlen: number): boolean {
  if (optlen < 11) {
    ctx.print(' ?)');
    return true;
  }
  const proto = ctx.u8(tp);
  ctx.print(proto === 2 ? ' proto: delayed' : proto === 3 ? ' proto: reconfigure' : ` proto: ${proto}`);
  const alg = ctx.u8(tp + 1);
  ctx.print(alg === 1 ? ', alg: HMAC-MD5' : `, alg: ${alg}`);
  const rdm = ctx.u8(tp + 2);
  ctx.print(rdm === 0 ? ', RDM: mono' : `, RDM: ${rdm}`);
  ctx.print(', RD:');
  for (let i = 0; i < 4; i++) ctx.print(` ${hex4(ctx.u16(tp + 3 + 2 * i))}`);
  tp += 11;
  const infoLen = optlen - 11;
  if (proto === 2) {
    if (infoLen !== 0) {
      if (infoLen < 20) ctx.print(' ??');
      else {
        const realmLen = infoLen - 20;
        if (realmLen > 0) ctx.print(', realm: ');
        ctx.print(hexBytes(ctx, tp, realmLen));
        tp += realmLen;
        ctx.print(`, key ID: ${hexPad(ctx.u32(tp), 8)}`);
        tp += 4;
        ctx.print(', HMAC-MD5:');
        for (let i = 0; i < 4; i++) ctx.print(` ${hexPad(ctx.u32(tp + 4 * i), 8)}`);
      }
    }
  } else if (proto === 3) {
    if (infoLen !== 17) ctx.print(' ??');
    else {
      const t = ctx.u8(tp);
      ctx.print(t === 1 ? ' reconfig-key' : t === 2 ? ' type: HMAC-MD5' : ' type: ??');
      ctx.print(' value:');
      for (let i = 0; i < 4; i++) ctx.print(` ${hexPad(ctx.u32(tp + 1 + 4 * i), 8)}`);
    }
  } else ctx.print(' ??');
  ctx.print(')');
  return true;
}

