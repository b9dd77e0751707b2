/**
 * Tokens of pcap-filter(7). Keywords are case-sensitive, as in libpcap.
 *
 * Keyword families share a category (ProtoKeyword) so that parser rules can
 * accept any member; every keyword has Name as longer_alt so that "ip6" or
 * "icmp-echo" lex as one word rather than a keyword plus a tail.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });

/** Any word that is not a keyword: host names, service names, misspelt keywords. */
export const Name = createToken({ name: 'Name', pattern: /[A-Za-z_][A-Za-z0-9_.-]*/ });
/** Decimal, 0x hex or 0-prefixed octal numbers (and, later, addresses). */
export const NumberLit = createToken({ name: 'NumberLit', pattern: /0[xX][0-9A-Fa-f]+|[0-9][0-9A-Za-z_.:]*/ });

export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: '"("' });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: '")"' });
export const And = createToken({ name: 'And', pattern: /&&|and(?![A-Za-z0-9_.-])/, label: '"and"' });
export const Or = createToken({ name: 'Or', pattern: /\|\||or(?![A-Za-z0-9_.-])/, label: '"or"' });
export const Not = createToken({ name: 'Not', pattern: /!(?!=)|not(?![A-Za-z0-9_.-])/, label: '"not"' });

/** Category of the protocol keywords that stand alone as primitives. */
export const ProtoKeyword = createToken({ name: 'ProtoKeyword', pattern: Lexer.NA });

function keyword(word: string, categories: TokenType[]): TokenType {
  return createToken({
    name: `Kw_${word.replace(/[^A-Za-z0-9]/g, '_')}`,
    pattern: new RegExp(`${word}(?![A-Za-z0-9_.-])`),
    label: `"${word}"`,
    categories,
  });
}

/** Protocol keywords supported as standalone primitives, longest first where one is a prefix of another. */
export const PROTO_WORDS = ['icmp6', 'icmp', 'ip6', 'ip', 'arp', 'tcp', 'udp'] as const;
export type ProtoWord = (typeof PROTO_WORDS)[number];

export const protoTokens: TokenType[] = PROTO_WORDS.map((w) => keyword(w, [ProtoKeyword]));

/** Every token, in lexing priority order. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  LParen,
  RParen,
  And,
  Or,
  Not,
  ProtoKeyword,
  ...protoTokens,
  NumberLit,
  Name,
];

/** Every keyword spelling, for "did you mean" suggestions. */
export const KEYWORDS: readonly string[] = [...PROTO_WORDS, 'and', 'or', 'not'];

export const lexer = new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations: false });
