/**
 * A reference interpreter of the IR on a frame's bytes, with the same abort
 * semantics as the generated C (a load beyond the frame: no match). Used by
 * lint rules that ask "would this filter match a frame like this one?" and
 * by tests that compare it with the kernel and with libpcap.
 */
import type { Node } from './cfg.js';
import type { Pred, Value } from './ir.js';

class Abort extends Error {}

function value(v: Value, frame: Uint8Array, wireLen: number): number {
  switch (v.op) {
    case 'const':
      return v.value;
    case 'len':
      return wireLen >>> 0;
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
      switch (v.fn) {
        case '+':
          return (a + b) >>> 0;
        case '-':
          return (a - b) >>> 0;
        case '*':
          return Math.imul(a, b) >>> 0;
        case '/':
          if (b === 0) throw new Abort();
          return Math.floor(a / b) >>> 0;
        case '%':
          if (b === 0) throw new Abort();
          return a % b >>> 0;
        case '&':
          return (a & b) >>> 0;
        case '|':
          return (a | b) >>> 0;
        case '^':
          return (a ^ b) >>> 0;
        case '<<':
          return b >= 32 ? 0 : (a << b) >>> 0;
        case '>>':
          return b >= 32 ? 0 : a >>> b;
      }
    }
  }
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
  try {
    let n = root;
    while (n.kind === 'test') n = test(n.cmp, frame, wireLen) ? n.jt : n.jf;
    return n.match;
  } catch (e) {
    if (e instanceof Abort) return false;
    throw e;
  }
}
