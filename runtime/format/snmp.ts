/**
 * SNMP (ports 161, 162) as tcpdump 4.99 prints it with -n (object identifiers in numbers, no MIB
 * names): ` C="private" GetRequest(28)  .1.3.6.1.2.1.1.1.0`, and from -v the version, request
 * id and braces around each part.
 *
 * tcpdump's BER reader has two ways to stop: a check that fails prints its complaint (or
 * ` [|snmp]`) and ends only the part being printed, the enclosing parts still closing their
 * braces; a read past the snap end ends the line (ctx's Truncated). Both are kept: the reader
 * returns null after printing, and reads through ctx.
 */
import type { Ctx } from './context.js';

// Element types (tcpdump's BE_*).
const ANY = 255;
const NULL = 1;
const OCTET = 2;
const OID = 3;
const INT = 4;
const UNS = 5;
const STR = 6;
const SEQ = 7;
const INETADDR = 8;
const PDU = 9;
const UNS64 = 10;
const NOSUCHOBJECT = 128;
const NOSUCHINST = 129;
const ENDOFMIBVIEW = 130;

const UNIVERSAL = [
  'U-0', 'Boolean', 'Integer', 'Bitstring', 'String', 'Null', 'ObjID', 'ObjectDes', 'U-8', 'U-9',
  'U-10', 'U-11', 'U-12', 'U-13', 'U-14', 'U-15', 'Sequence', 'Set',
];
const APPLICATION = ['IpAddress', 'Counter', 'Gauge', 'TimeTicks', 'Opaque', 'C-5', 'Counter64'];
const CONTEXT = [
  'GetRequest', 'GetNextRequest', 'GetResponse', 'SetRequest', 'Trap', 'GetBulk', 'Inform', 'V2Trap', 'Report',
];
const PRIVATE = ['P-0'];
const EXCEPTIONS = ['noSuchObject', 'noSuchInstance', 'endOfMibView'];
// tcpdump's class table names every class "x" (its macro quotes the parameter's letter).
const CLASSES = [UNIVERSAL, APPLICATION, CONTEXT, PRIVATE];
const FORMS = ['P', 'C'];

const ERROR_STATUS = [
  'noError', 'tooBig', 'noSuchName', 'badValue', 'readOnly', 'genErr', 'noAccess', 'wrongType',
  'wrongLength', 'wrongEncoding', 'wrongValue', 'noCreation', 'inconsistentValue',
  'resourceUnavailable', 'commitFailed', 'undoFailed', 'authorizationError', 'notWritable',
  'inconsistentName',
];
const GENERIC_TRAPS = [
  'coldStart', 'warmStart', 'linkDown', 'linkUp', 'authenticationFailure', 'egpNeighborLoss', 'enterpriseSpecific',
];
const VERSIONS = ['SNMPv1', 'SNMPv2c', 'SNMPv2u', 'SNMPv3'];

const GETREQ = 0;
const GETNEXTREQ = 1;
const SETREQ = 3;
const TRAP = 4;
const GETBULKREQ = 5;
const INFORMREQ = 6;
const V2TRAP = 7;
const REPORT = 8;

/** One BER element, as tcpdump's struct be. */
interface Elem {
  type: number;
  id: number;
  asnlen: number;
  /** Offset of the contents. */
  data: number;
  integer: number;
  uns64: bigint;
  /** Bytes the element takes, header included. */
  count: number;
}

/** Parses the element at `p` (at most `len` bytes); null after printing why it cannot. */
function parse(ctx: Ctx, p: number, len: number): Elem | null {
  if (len < 1) {
    ctx.print('[nothing to parse]');
    return null;
  }
  const first = ctx.u8(p);
  let id = first & 0x1f;
  const form = (first & 0x20) >> 5;
  const cls = (first & 0xc0) >> 6;
  p++;
  len--;
  let hdr = 1;
  if (id === 0x1f) {
    // Extended tag: tcpdump keeps it in a byte.
    id = 0;
    while (ctx.u8(p) & 0x80) {
      if (len < 1) {
        ctx.print('[Xtagfield?]');
        return null;
      }
      id = ((id << 7) | (ctx.u8(p) & 0x7f)) & 0xff;
      len--;
      hdr++;
      p++;
    }
    if (len < 1) {
      ctx.print('[Xtagfield?]');
      return null;
    }
    id = ((id << 7) | ctx.u8(p)) & 0xff;
    len--;
    hdr++;
    p++;
  }
  if (len < 1) {
    ctx.print('[no asnlen]');
    return null;
  }
  let asnlen = ctx.u8(p);
  p++;
  len--;
  hdr++;
  if (asnlen & 0x80) {
    let noct = asnlen & 0x7f;
    asnlen = 0;
    if (len < noct) {
      ctx.print(`[asnlen? ${len}<${noct}]`);
      return null;
    }
    if (!ctx.has(p, noct)) {
      ctx.trunc();
      return null;
    }
    for (; noct !== 0; len--, hdr++, noct--) {
      asnlen = ((asnlen << 8) | ctx.u8(p)) >>> 0;
      p++;
    }
  }
  if (len < asnlen) {
    ctx.print(`[len${len}<asnlen${asnlen}]`);
    return null;
  }
  if (id >= CLASSES[cls]!.length) {
    ctx.print(`[id?${FORMS[form]}/x/${id}]`);
    return null;
  }
  if (!ctx.has(p, asnlen)) {
    ctx.trunc();
    return null;
  }
  const e: Elem = { type: ANY, id, asnlen, data: p, integer: 0, uns64: 0n, count: asnlen + hdr };
  if (form === 0) {
    if (cls === 0) {
      if (id === 4) e.type = STR;
      else if (id === 2) {
        if (asnlen === 0) {
          ctx.print('[asnlen=0]');
          return null;
        }
        let v = ctx.u8(p) & 0x80 ? -1 : 0;
        for (let i = 0; i < asnlen; i++) v = (v << 8) | ctx.u8(p + i);
        e.type = INT;
        e.integer = v;
      } else if (id === 6) e.type = OID;
      else if (id === 5) e.type = NULL;
      else {
        e.type = OCTET;
        ctx.print(`[P/U/${UNIVERSAL[id]}]`);
      }
    } else if (cls === 1) {
      if (id === 0) e.type = INETADDR;
      else if (id === 1 || id === 2 || id === 3) {
        let v = 0;
        for (let i = 0; i < asnlen; i++) v = ((v * 256) % 0x100000000) + ctx.u8(p + i);
        e.type = UNS;
        e.integer = v;
      } else if (id === 6) {
        let v = 0n;
        for (let i = 0; i < asnlen; i++) v = ((v << 8n) + BigInt(ctx.u8(p + i))) & 0xffffffffffffffffn;
        e.type = UNS64;
        e.uns64 = v;
      } else {
        e.type = OCTET;
        ctx.print(`[P/A/${APPLICATION[id]}]`);
      }
    } else if (cls === 2) {
      if (id === 0) e.type = NOSUCHOBJECT;
      else if (id === 1) e.type = NOSUCHINST;
      else if (id === 2) e.type = ENDOFMIBVIEW;
    } else {
      ctx.print(`[P/x/${CLASSES[cls]![id]}]`);
      e.type = OCTET;
    }
  } else if (cls === 0) {
    if (id === 16) e.type = SEQ;
    else {
      e.type = OCTET;
      ctx.print(`C/U/${UNIVERSAL[id]}`);
    }
  } else if (cls === 2) e.type = PDU;
  else {
    e.type = OCTET;
    ctx.print(`C/x/${CLASSES[cls]![id]}`);
  }
  return e;
}

/** tcpdump's asn1_print: false after printing the truncation marker. */
function printElem(ctx: Ctx, e: Elem): boolean {
  switch (e.type) {
    case OCTET:
      return printOctets(ctx, e);
    case NULL:
      return true;
    case OID: {
      let o = 0;
      let first = -1;
      let s = '';
      for (let i = 0; i < e.asnlen; i++) {
        const b = ctx.u8(e.data + i);
        o = ((o << 7) + (b & 0x7f)) | 0;
        if (b & 0x80) continue;
        if (first < 0) {
          first = 0;
          let top = o < 0 ? Math.ceil(o / 40) : Math.floor(o / 40);
          if (top > 2) top = 2;
          s += `.${top >>> 0}`;
          o -= top * 40;
        }
        s += `.${o >>> 0}`;
        o = 0;
      }
      ctx.print(s);
      return true;
    }
    case INT:
      ctx.print(`${e.integer}`);
      return true;
    case UNS:
      ctx.print(`${e.integer}`);
      return true;
    case UNS64:
      ctx.print(`${e.uns64}`);
      return true;
    case STR:
      return printString(ctx, e);
    case SEQ:
      ctx.print(`Seq(${e.asnlen})`);
      return true;
    case INETADDR: {
      if (e.asnlen !== 4) ctx.print('[inetaddr len!=4]');
      if (!ctx.has(e.data, e.asnlen)) {
        ctx.trunc();
        return false;
      }
      const parts: number[] = [];
      for (let i = 0; i < e.asnlen; i++) parts.push(ctx.u8(e.data + i));
      ctx.print(parts.join('.'));
      return true;
    }
    case NOSUCHOBJECT:
    case NOSUCHINST:
    case ENDOFMIBVIEW:
      ctx.print(`[${EXCEPTIONS[e.id]}]`);
      return true;
    case PDU:
      ctx.print(`${CONTEXT[e.id]}(${e.asnlen})`);
      return true;
    default:
      ctx.print('[BE_ANY!?]');
      return true;
  }
}

function printOctets(ctx: Ctx, e: Elem): boolean {
  if (!ctx.has(e.data, e.asnlen)) {
    ctx.trunc();
    return false;
  }
  let s = '';
  for (let i = 0; i < e.asnlen; i++) s += `_${ctx.u8(e.data + i).toString(16).padStart(2, '0')}`;
  ctx.print(s);
  return true;
}

function printString(ctx: Ctx, e: Elem): boolean {
  if (!ctx.has(e.data, e.asnlen)) {
    ctx.trunc();
    return false;
  }
  const bytes = ctx.buf.subarray(e.data, e.data + e.asnlen);
  if (bytes.every((c) => c >= 0x20 && c < 0x7f)) ctx.print(`"${bytes.toString('latin1')}"`);
  else ctx.print([...bytes].map((c) => c.toString(16).padStart(2, '0')).join('_'));
  return true;
}

/** Parses an element that must be of `type`; null after printing `[what]` and the element. */
function expect(ctx: Ctx, p: number, len: number, type: number, what: string): Elem | null {
  const e = parse(ctx, p, len);
  if (!e) return null;
  if (e.type !== type) {
    ctx.print(`[${what}]`);
    printElem(ctx, e);
    return null;
  }
  return e;
}

/** ` C="community" GetRequest(28)  .1.3...`: the message at `p` (`length` bytes by UDP). */
export function snmpPrint(ctx: Ctx, p: number, length: number): void {
  ctx.protocol = 'snmp';
  ctx.print(' ');
  const msg = expect(ctx, p, length, SEQ, '!init SEQ');
  if (!msg) return;
  if (msg.count < length) ctx.print(`[${length - msg.count} extra after iSEQ]`);
  p = msg.data;
  length = msg.asnlen;
  const ver = expect(ctx, p, length, INT, 'version!=INT');
  if (!ver) return;
  const version = ver.integer;
  if (version !== 0 && version !== 1 && version !== 3) {
    ctx.print(`SNMP [version = ${version}]`);
    return;
  }
  if (ctx.verbose) ctx.print(`{ ${VERSIONS[version]} `);
  p += ver.count;
  length -= ver.count;
  if (version === 3) v3Print(ctx, p, length);
  else communityPrint(ctx, p, length, version);
  if (ctx.verbose) ctx.print('} ');
}

function communityPrint(ctx: Ctx, p: number, length: number, version: number): void {
  const comm = expect(ctx, p, length, STR, 'comm!=STR');
  if (!comm) return;
  if (!(comm.asnlen === 6 && ctx.buf.toString('latin1', comm.data, comm.data + 6) === 'public')) {
    ctx.print('C=');
    if (!printString(ctx, comm)) return;
    ctx.print(' ');
  }
  pduPrint(ctx, p + comm.count, length - comm.count, version);
}

function pduPrint(ctx: Ctx, p: number, length: number, version: number): void {
  const pdu = parse(ctx, p, length);
  if (!pdu) return;
  if (pdu.type !== PDU) {
    ctx.print('[no PDU]');
    return;
  }
  if (pdu.count < length) ctx.print(`[${length - pdu.count} extra after PDU]`);
  if (ctx.verbose) ctx.print('{ ');
  if (!printElem(ctx, pdu)) return;
  ctx.print(' ');
  const id = pdu.id;
  if (version === 0 && (id === GETBULKREQ || id === INFORMREQ || id === V2TRAP || id === REPORT)) {
    ctx.print('[v2 PDU in v1 message]');
    return;
  }
  if (version === 1 && id === TRAP) {
    ctx.print('[v1 PDU in v2 message]');
    return;
  }
  if (id === TRAP) trapPrint(ctx, pdu.data, pdu.asnlen);
  else if (id <= REPORT) requestPrint(ctx, id, pdu.data, pdu.asnlen);
  if (ctx.verbose) ctx.print(' } ');
}

function errorStatus(e: number): string {
  return e >= 0 && e < ERROR_STATUS.length ? ERROR_STATUS[e]! : `err=${e >>> 0}`;
}

function requestPrint(ctx: Ctx, id: number, p: number, length: number): void {
  const req = expect(ctx, p, length, INT, 'reqId!=INT');
  if (!req) return;
  if (ctx.verbose) ctx.print(`R=${req.integer} `);
  p += req.count;
  length -= req.count;
  const st = expect(ctx, p, length, INT, 'errorStatus!=INT');
  if (!st) return;
  const strict = id === GETREQ || id === GETNEXTREQ || id === SETREQ || id === INFORMREQ || id === V2TRAP || id === REPORT;
  let status = 0;
  if (strict && st.integer !== 0) ctx.print(`[errorStatus(${errorStatus(st.integer)})!=0]`);
  else if (id === GETBULKREQ) ctx.print(` N=${st.integer}`);
  else if (st.integer !== 0) {
    ctx.print(` ${errorStatus(st.integer)}`);
    status = st.integer;
  }
  p += st.count;
  length -= st.count;
  const ix = expect(ctx, p, length, INT, 'errorIndex!=INT');
  if (!ix) return;
  if (strict && ix.integer !== 0) ctx.print(`[errorIndex(${ix.integer})!=0]`);
  else if (id === GETBULKREQ) ctx.print(` M=${ix.integer}`);
  else if (ix.integer !== 0) ctx.print(status ? `@${ix.integer}` : `[errorIndex(${ix.integer}) w/o errorStatus]`);
  else if (status) ctx.print('[errorIndex==0]');
  varbindsPrint(ctx, id, p + ix.count, length - ix.count);
}

function trapPrint(ctx: Ctx, p: number, length: number): void {
  ctx.print(' ');
  const ent = expect(ctx, p, length, OID, 'enterprise!=OID');
  if (!ent || !printElem(ctx, ent)) return;
  p += ent.count;
  length -= ent.count;
  ctx.print(' ');
  const agent = expect(ctx, p, length, INETADDR, 'agent-addr!=INETADDR');
  if (!agent || !printElem(ctx, agent)) return;
  p += agent.count;
  length -= agent.count;
  const gen = expect(ctx, p, length, INT, 'generic-trap!=INT');
  if (!gen) return;
  const g = gen.integer;
  ctx.print(` ${g >= 0 && g < GENERIC_TRAPS.length ? GENERIC_TRAPS[g] : `gt=${g}`}`);
  p += gen.count;
  length -= gen.count;
  const spec = expect(ctx, p, length, INT, 'specific-trap!=INT');
  if (!spec) return;
  if (g !== 6) {
    if (spec.integer !== 0) ctx.print(`[specific-trap(${spec.integer})!=0]`);
  } else ctx.print(` s=${spec.integer}`);
  p += spec.count;
  length -= spec.count;
  ctx.print(' ');
  const ts = expect(ctx, p, length, UNS, 'time-stamp!=TIMETICKS');
  if (!ts || !printElem(ctx, ts)) return;
  varbindsPrint(ctx, TRAP, p + ts.count, length - ts.count);
}

function varbindsPrint(ctx: Ctx, id: number, p: number, length: number): void {
  const list = expect(ctx, p, length, SEQ, '!SEQ of varbind');
  if (!list) return;
  if (list.count < length) ctx.print(`[${length - list.count} extra after SEQ of varbind]`);
  p = list.data;
  length = list.asnlen;
  const read = id === GETREQ || id === GETNEXTREQ || id === GETBULKREQ;
  while (length) {
    ctx.print(' ');
    const vb = expect(ctx, p, length, SEQ, '!varbind');
    if (!vb) return;
    const next = p + vb.count;
    const nextLen = length - vb.count;
    let q = vb.data;
    let qlen = vb.asnlen;
    const name = expect(ctx, q, qlen, OID, 'objName!=OID');
    if (!name || !printElem(ctx, name)) return;
    q += name.count;
    qlen -= name.count;
    if (!read) ctx.print('=');
    const val = parse(ctx, q, qlen);
    if (!val) return;
    if (read) {
      if (val.type !== NULL) {
        ctx.print('[objVal!=NULL]');
        if (!printElem(ctx, val)) return;
      }
    } else if (val.type !== NULL && !printElem(ctx, val)) return;
    p = next;
    length = nextLen;
  }
}

function v3Print(ctx: Ctx, p: number, length: number): void {
  const start = p;
  const whole = length;
  const msg = expect(ctx, p, length, SEQ, '!message');
  if (!msg) return;
  p = msg.data;
  length = msg.asnlen;
  if (ctx.verbose) ctx.print('{ ');
  const msgId = expect(ctx, p, length, INT, 'msgID!=INT');
  if (!msgId) return;
  p += msgId.count;
  length -= msgId.count;
  const max = expect(ctx, p, length, INT, 'msgMaxSize!=INT');
  if (!max) return;
  p += max.count;
  length -= max.count;
  const fl = expect(ctx, p, length, STR, 'msgFlags!=STR');
  if (!fl) return;
  if (fl.asnlen !== 1) {
    ctx.print(`[msgFlags size ${fl.asnlen}]`);
    return;
  }
  const flags = ctx.u8(fl.data);
  if (![0, 1, 3, 4, 5, 7].includes(flags)) {
    ctx.print(`[msgFlags=0x${flags.toString(16).toUpperCase().padStart(2, '0')}]`);
    return;
  }
  p += fl.count;
  length -= fl.count;
  ctx.print(`F=${flags & 1 ? 'a' : ''}${flags & 2 ? 'p' : ''}${flags & 4 ? 'r' : ''} `);
  const model = expect(ctx, p, length, INT, 'msgSecurityModel!=INT');
  if (!model) return;
  p += model.count;
  length -= model.count;
  if (model.count < length) ctx.print(`[${length - model.count} extra after message SEQ]`);
  if (ctx.verbose) ctx.print('} ');
  if (model.integer !== 3) {
    ctx.print(`[security model ${model.integer}]`);
    return;
  }
  if (ctx.verbose) ctx.print('{ USM ');
  length = whole - (p - start);
  const sec = expect(ctx, p, length, STR, 'msgSecurityParameters!=STR');
  if (!sec) return;
  p += sec.count;
  length -= sec.count;
  usmPrint(ctx, sec.data, sec.asnlen);
  if (ctx.verbose) ctx.print('} ');
  if (ctx.verbose) ctx.print('{ ScopedPDU ');
  scopedPduPrint(ctx, p, length);
  if (ctx.verbose) ctx.print('} ');
}

function usmPrint(ctx: Ctx, p: number, length: number): void {
  const seq = expect(ctx, p, length, SEQ, '!usm');
  if (!seq) return;
  p = seq.data;
  length = seq.asnlen;
  const engine = expect(ctx, p, length, STR, 'msgAuthoritativeEngineID!=STR');
  if (!engine) return;
  p += engine.count;
  length -= engine.count;
  const boots = expect(ctx, p, length, INT, 'msgAuthoritativeEngineBoots!=INT');
  if (!boots) return;
  if (ctx.verbose) ctx.print(`B=${boots.integer} `);
  p += boots.count;
  length -= boots.count;
  const time = expect(ctx, p, length, INT, 'msgAuthoritativeEngineTime!=INT');
  if (!time) return;
  if (ctx.verbose) ctx.print(`T=${time.integer} `);
  p += time.count;
  length -= time.count;
  const user = expect(ctx, p, length, STR, 'msgUserName!=STR');
  if (!user) return;
  p += user.count;
  length -= user.count;
  ctx.print('U=');
  if (!printString(ctx, user)) return;
  ctx.print(' ');
  const auth = expect(ctx, p, length, STR, 'msgAuthenticationParameters!=STR');
  if (!auth) return;
  p += auth.count;
  length -= auth.count;
  const priv = expect(ctx, p, length, STR, 'msgPrivacyParameters!=STR');
  if (!priv) return;
  length -= priv.count;
  if (priv.count < length) ctx.print(`[${length - priv.count} extra after usm SEQ]`);
}

function scopedPduPrint(ctx: Ctx, p: number, length: number): void {
  const seq = expect(ctx, p, length, SEQ, '!scoped PDU');
  if (!seq) return;
  p = seq.data;
  length = seq.asnlen;
  const engine = expect(ctx, p, length, STR, 'contextEngineID!=STR');
  if (!engine) return;
  p += engine.count;
  length -= engine.count;
  ctx.print('E=');
  if (!printOctets(ctx, engine)) return;
  ctx.print(' ');
  const name = expect(ctx, p, length, STR, 'contextName!=STR');
  if (!name) return;
  p += name.count;
  length -= name.count;
  ctx.print('C=');
  if (!printString(ctx, name)) return;
  ctx.print(' ');
  pduPrint(ctx, p, length, 3);
}
