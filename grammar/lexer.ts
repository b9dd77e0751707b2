/**
 * The scanner: text to tokens with flex's rules, as libpcap's scanner.l
 * has them: at each position every rule is tried, the longest match wins,
 * and among equally long matches the rule listed first wins. That is why
 * "ip6" is a keyword but "ip6x" a name, "abcdef000003" a MAC address,
 * "1.2.3" an IPv4 address and "1.2.3.4.5" a host name.
 */
import type { IToken, TokenType } from 'chevrotain';
import { createTokenInstance } from './chevrotain.js';
import {
  Aid, Amp, Caret, Colon, Eid, Eq, Geq, Gt, Hid, Hid6, Id, KEYWORD_TOKENS, LBracket, LParen, Leq, Lsh, Lt, Minus,
  NAMED_NUMBERS, Neq, Not, Num, Percent, Pipe, Plus, RBracket, RParen, Rsh, Slash, Star,
} from './tokens.js';

/** A lexing problem, with the offending text's offsets. */
export interface LexError {
  message: string;
  code: string;
  start: number;
  end: number;
}

export interface Lexed {
  tokens: IToken[];
  errors: LexError[];
}

/** A token carries its numeric value (NUM) in `payload`. */
export interface NumToken extends IToken {
  payload: number;
}

const N = '(?:0[xX][0-9A-Fa-f]+|[0-9]+)';
const B = '[0-9A-Fa-f][0-9A-Fa-f]?';
const B2 = '[0-9A-Fa-f]{4}';
const W = '[0-9A-Fa-f]{1,4}';
const IPV4 = `${N}\\.${N}\\.${N}\\.${N}`;

/** IPv6 forms of scanner.l: 8 groups, every "::" position, and the IPv4-suffixed variants. */
function v6Pattern(): string {
  const alts: string[] = [`${W}(?::${W}){7}`];
  const groups = (n: number) => (n === 0 ? '' : `${W}(?::${W}){${n - 1}}`);
  for (let total = 7; total >= 0; total--) {
    for (let left = 0; left <= total; left++) alts.push(`${groups(left)}::${groups(total - left)}`);
  }
  alts.push(`${W}(?::${W}){5}:${IPV4}`);
  for (let total = 5; total >= 0; total--) {
    for (let left = 0; left <= total; left++) {
      const right = total - left;
      alts.push(`${groups(left)}::${right ? `${groups(right)}:` : ''}${IPV4}`);
    }
  }
  return `(?:${alts.join('|')})`;
}

type Kind = 'ws' | 'punct' | 'aid' | 'mac' | 'num' | 'hid' | 'hid6' | 'badmac' | 'named' | 'id' | 'escaped' | 'keyword';

interface Rule {
  kind: Kind;
  re: RegExp;
  /**
   * Characters a match of this rule can contain: the longest-match search
   * never looks past the first character outside it (a bound, not a rule:
   * it cannot change what matches, only how far the search looks).
   */
  alphabet: RegExp;
  /**
   * A character every match of this rule contains: where the characters the search may look at
   * have none, the rule is not tried (again a bound, not a rule). The IPv6 rule's expression
   * takes ~8 ms to compile, twice (sticky and anchored), at its first use: an expression
   * without a ":" never pays that.
   */
  requires?: string;
}

const sticky = (src: string) => new RegExp(src, 'y');

/** The rules, in scanner.l's order (the order breaks ties between equally long matches). */
const HEXISH = /[0-9A-Fa-fxX.:-]/;
const RULES: Rule[] = [
  { kind: 'keyword', re: sticky(`(?:${Object.keys(KEYWORD_TOKENS).sort((a, b) => b.length - a.length).map((w) => w.replace(/[-.|&]/g, '\\$&')).join('|')})`), alphabet: /[-.|&0-9A-Za-z]/ },
  { kind: 'ws', re: sticky('[ \\r\\n\\t]'), alphabet: /[ \r\n\t]/ },
  { kind: 'punct', re: sticky('>=|<=|!=|==|<<|>>|[+\\-*/%:\\[\\]!<>()&|^=]'), alphabet: /[+\-*/%:[\]!<>()&|^=]/ },
  { kind: 'aid', re: sticky(`\\$${B}`), alphabet: /[$0-9A-Fa-f]/ },
  { kind: 'mac', re: sticky(`(?:${B}:${B}:${B}:${B}:${B}:${B}|${B}-${B}-${B}-${B}-${B}-${B}|${B}\\.${B}\\.${B}\\.${B}\\.${B}\\.${B}|${B2}\\.${B2}\\.${B2}|(?:${B2}){3})`), alphabet: HEXISH },
  { kind: 'num', re: sticky(N), alphabet: HEXISH },
  { kind: 'hid', re: sticky(`(?:${N}\\.${N}\\.${N}\\.${N}|${N}\\.${N}\\.${N}|${N}\\.${N})`), alphabet: HEXISH },
  { kind: 'hid6', re: sticky(v6Pattern()), alphabet: HEXISH, requires: ':' },
  { kind: 'badmac', re: sticky(`${B}:+(?:${B}:+)+`), alphabet: HEXISH },
  { kind: 'named', re: sticky(`(?:${Object.keys(NAMED_NUMBERS).sort((a, b) => b.length - a.length).map((w) => w.replace(/[-.]/g, '\\$&')).join('|')})`), alphabet: /[-.0-9A-Za-z]/ },
  { kind: 'id', re: sticky('[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?'), alphabet: /[-_.A-Za-z0-9]/ },
  { kind: 'escaped', re: sticky('\\\\[^ !()\\n\\t]+'), alphabet: /[^ !()\n\t]/ },
];

const anchoredCache = new Map<RegExp, RegExp>();

/**
 * Length of the longest match of a rule at `pos` (0 for none). JS regex
 * alternation takes the leftmost alternative, not the longest, so longer
 * ends are tried with the rule anchored at both sides. No token spans
 * white space or a parenthesis, which bounds the search.
 */
function longest(rule: Rule, text: string, pos: number): number {
  let limit = pos;
  while (limit < text.length && limit - pos < 256 && !/[ \t\r\n()]/.test(text[limit]!) && rule.alphabet.test(text[limit]!)) limit++;
  if (rule.requires !== undefined && !text.slice(pos, limit).includes(rule.requires)) return 0;
  const re = rule.re;
  re.lastIndex = pos;
  const first = re.exec(text);
  if (!first) return 0;
  const best = first[0].length;
  let anchored = anchoredCache.get(re);
  if (!anchored) anchoredCache.set(re, (anchored = new RegExp(`^(?:${re.source})$`)));
  for (let end = limit; end > pos + best; end--) {
    if (anchored.test(text.slice(pos, end))) return end - pos;
  }
  return best;
}

const PUNCT: Record<string, TokenType> = {
  '>=': Geq, '<=': Leq, '!=': Neq, '==': Eq, '<<': Lsh, '>>': Rsh, '+': Plus, '-': Minus, '*': Star, '/': Slash,
  '%': Percent, ':': Colon, '[': LBracket, ']': RBracket, '!': Not, '<': Lt, '>': Gt, '(': LParen, ')': RParen,
  '&': Amp, '|': Pipe, '^': Caret, '=': Eq,
};

/** Parse a NUM the way stou() does: decimal, 0x hex, 0-prefixed octal; errors beyond 32 bits. */
export function parseNumber(text: string): { value: number } | { error: string; code: string } {
  let n = 0n;
  if (/^0[xX]/.test(text)) n = BigInt(text);
  else if (text.startsWith('0') && text.length > 1) {
    if (/[89]/.test(text)) return { error: `number "${text}" contains a non-octal digit (a leading 0 means octal)`, code: 'bad-octal-number' };
    n = BigInt(`0o${text.slice(1)}`);
  } else n = BigInt(text);
  if (n > 0xffffffffn) return { error: `number "${text}" does not fit in 32 bits`, code: 'number-overflow' };
  return { value: Number(n) };
}

/** Is this a valid IPv6 address text (getaddrinfo with AI_NUMERICHOST)? */
function validIpv6(text: string): boolean {
  const v4 = text.match(/^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  let body = text;
  if (v4) {
    if (v4.slice(2).some((p) => !/^\d+$/.test(p) || Number(p) > 255 || (p.length > 1 && p.startsWith('0')))) return false;
    body = `${v4[1]}0:0`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return false;
  const count = (s: string) => (s === '' ? 0 : s.split(':').length);
  const groups = halves.reduce((n, h) => n + count(h), 0);
  return halves.length === 2 ? groups <= 7 : groups === 8;
}

let last: { text: string; lexed: Lexed } | undefined;

/**
 * Tokenize an expression. Never throws; problems come back in `errors`.
 * The last result is kept: the parser and the diagnostics both lex the same
 * text (callers must not modify the arrays).
 */
export function tokenize(text: string): Lexed {
  if (last?.text === text) return last.lexed;
  const lexed = scan(text);
  last = { text, lexed };
  return lexed;
}

function scan(text: string): Lexed {
  const tokens: IToken[] = [];
  const errors: LexError[] = [];
  let pos = 0;
  while (pos < text.length) {
    let bestLen = 0;
    let bestRule: Rule | undefined;
    for (const rule of RULES) {
      const len = longest(rule, text, pos);
      if (len > bestLen) {
        bestLen = len;
        bestRule = rule;
      }
    }
    if (!bestRule) {
      errors.push({ code: 'unexpected-character', message: `unexpected character "${text[pos]}"`, start: pos, end: pos + 1 });
      pos++;
      continue;
    }
    const image = text.slice(pos, pos + bestLen);
    const make = (type: TokenType, payload?: number): IToken => {
      const t = createTokenInstance(type, image, pos, pos + bestLen - 1, NaN, NaN, NaN, NaN);
      if (payload !== undefined) (t as NumToken).payload = payload;
      return t;
    };
    switch (bestRule.kind) {
      case 'ws':
        break;
      case 'keyword':
        tokens.push(make(KEYWORD_TOKENS[image]!));
        break;
      case 'punct':
        tokens.push(make(PUNCT[image]!));
        break;
      case 'aid':
        tokens.push(make(Aid));
        break;
      case 'mac':
        tokens.push(make(Eid));
        break;
      case 'num': {
        const r = parseNumber(image);
        if ('error' in r) errors.push({ code: r.code, message: r.error, start: pos, end: pos + bestLen });
        tokens.push(make(Num, 'value' in r ? r.value : 0));
        break;
      }
      case 'hid':
        tokens.push(make(Hid));
        break;
      case 'hid6':
        if (!validIpv6(image)) errors.push({ code: 'bad-ipv6-address', message: `"${image}" is not a valid IPv6 address`, start: pos, end: pos + bestLen });
        tokens.push(make(Hid6));
        break;
      case 'badmac':
        errors.push({ code: 'bad-mac-address', message: `"${image}" is not a valid MAC address`, start: pos, end: pos + bestLen });
        tokens.push(make(Eid));
        break;
      case 'named':
        tokens.push(make(Num, NAMED_NUMBERS[image]!));
        break;
      case 'id':
        tokens.push(make(Id));
        break;
      case 'escaped': {
        const t = make(Id);
        tokens.push(t);
        break;
      }
    }
    pos += bestLen;
  }
  return { tokens, errors };
}
