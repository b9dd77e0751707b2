/**
 * A reference interpreter of the IR on a frame's bytes, with the same abort
 * semantics as the generated C (a load beyond the frame: no match). Used by
 * lint rules that ask "would this filter match a frame like this one?" and
 * by tests that compare it with the kernel and with libpcap.
 */
import type { Node } from './cfg.js';
import { evalBinary, type Pred, type Value } from './ir.js';

class Abort extends Error {}

/** libpcap's scratch registers for the Geneve offsets, zeroed per frame. */
interface Regs {
  linkhdr: number;
  linktype: number;
  linkpl: number;
}
let regs: Regs = { linkhdr: 0, linktype: 0, linkpl: 0 };
/** Whether the last evaluation read a register no Geneve setup had written. */
let unsetRead = false;
let regsSet = false;

/**
 * True when the last matches()/matchesCfg() read a Geneve offset that no
 * Geneve setup had written ("geneve or ip" on a frame that is not Geneve).
 * libpcap reads uninitialised scratch memory there, so its decision for
 * that frame depends on earlier frames: there is no reference to agree with.
 */
export function lastReadUnsetRegister(): boolean {
  return unsetRead;
}

function byteAt(frame: Uint8Array, off: number, size: number): number {
  if (off + size > frame.length) throw new Abort();
  let n = 0;
  for (let i = 0; i < size; i++) n = n * 256 + frame[off + i]!;
  return n >>> 0;
}

function value(v: Value, frame: Uint8Array, wireLen: number): number {
  switch (v.op) {
    case 'const':
      return v.value;
    case 'len':
      return wireLen >>> 0;
    case 'protochain':
      return protochain(v.v6, v.net, v.target, frame);
    case 'reg':
      if (!regsSet) unsetRead = true;
      return regs[v.name];
    case 'geneve': {
      const g = (value(v.base, frame, wireLen) + value(v.net, frame, wireLen) + 8) >>> 0;
      regs.linktype = (g + 2) >>> 0;
      const inner = (((byteAt(frame, g, 1) & 0x3f) * 4 + 8 + g) >>> 0);
      regs.linkhdr = inner;
      const proto = byteAt(frame, (g + 2) >>> 0, 2);
      if (proto === 0x6558) {
        regs.linktype = (inner + 12) >>> 0;
        regs.linkpl = (inner + 14) >>> 0;
      } else {
        regs.linkpl = inner;
      }
      regsSet = true;
      return 1;
    }
    case 'meta':
      return 0; // at the XDP hook every frame is received for this host; ifindex is unknown here
    case 'load': {
      const off = value(v.offset, frame, wireLen);
      if (off + v.size > frame.length) throw new Abort();
      let n = 0;
      for (let i = 0; i < v.size; i++) n = n * 256 + frame[off + i]!;
      return n >>> 0;
    }
    case 'bin': {
      const a = value(v.a, frame, wireLen);
      const b = value(v.b, frame, wireLen);
      const r = evalBinary(v.fn, a, b);
      if (r === undefined) throw new Abort(); // division or modulo by zero at run time
      return r;
    }
  }
}

/** Steps after which a protochain walk cannot end any more (see templates/xdp_filter.c). */
export const PROTOCHAIN_STEPS = 65536;

function protochain(v6: boolean, net: number, target: number, frame: Uint8Array): number {
  const byte = (off: number): number => {
    if (off >= frame.length) throw new Abort();
    return frame[off]!;
  };
  let a = byte(net + (v6 ? 6 : 9));
  let x = v6 ? 40 : (byte(net) & 0xf) * 4;
  for (let i = 0; i < PROTOCHAIN_STEPS; i++) {
    if (a === target || a === 59) return a;
    if (v6 && (a === 0 || a === 60 || a === 43 || a === 44)) {
      const next = byte((x + net) >>> 0);
      const len = byte((x + net + 1) >>> 0);
      x = (((len + 1) * 8) + x) >>> 0;
      a = next;
      continue;
    }
    if (a !== 51) return a;
    const next = byte((x + net) >>> 0);
    x = (x + 1) >>> 0;
    x = ((byte((x + net) >>> 0) + 2) * 4) >>> 0;
    a = next;
  }
  throw new Abort();
}

function test(p: Pred, frame: Uint8Array, wireLen: number): boolean {
  switch (p.op) {
    case 'true':
      return true;
    case 'false':
      return false;
    case 'not':
      return !test(p.term, frame, wireLen);
    case 'and':
      return p.terms.every((t) => test(t, frame, wireLen));
    case 'or':
      return p.terms.some((t) => test(t, frame, wireLen));
    case 'cmp': {
      const a = value(p.a, frame, wireLen);
      const b = value(p.b, frame, wireLen);
      switch (p.rel) {
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '&':
          return (a & b) !== 0;
      }
    }
  }
}

/** Does the predicate match this frame? `wireLen` defaults to the frame's length. */
export function matches(p: Pred, frame: Uint8Array, wireLen = frame.length): boolean {
  regs = { linkhdr: 0, linktype: 0, linkpl: 0 };
  regsSet = false;
  unsetRead = false;
  try {
    return test(p, frame, wireLen);
  } catch (e) {
    if (e instanceof Abort) return false;
    throw e;
  }
}

/**
 * Does the optimized test graph (what the XDP program runs) match this
 * frame? Same abort semantics as matches().
 */
export function matchesCfg(root: Node, frame: Uint8Array, wireLen = frame.length): boolean {
  regs = { linkhdr: 0, linktype: 0, linkpl: 0 };
  regsSet = false;
  unsetRead = false;
  try {
    let n = root;
    while (n.kind === 'test') n = test(n.cmp, frame, wireLen) ? n.jt : n.jf;
    return n.match;
  } catch (e) {
    if (e instanceof Abort) return false;
    throw e;
  }
}
