/**
 * The AST: a kind-tagged union; every node carries the span of the text it
 * came from, so every later stage can point at the user's words.
 */
import type { Span } from './source.js';
import type { ProtoWord } from '../grammar/index.js';

export type Expr = MatchAll | And | Or | Not | Proto;

/** The empty expression: every frame matches (tcpdump with no filter). */
export interface MatchAll {
  kind: 'all';
  span: Span;
}
export interface And {
  kind: 'and';
  left: Expr;
  right: Expr;
  span: Span;
}
export interface Or {
  kind: 'or';
  left: Expr;
  right: Expr;
  span: Span;
}
export interface Not {
  kind: 'not';
  operand: Expr;
  span: Span;
}
/** A protocol keyword standing alone: "icmp", "ip6", "tcp", ... */
export interface Proto {
  kind: 'proto';
  proto: ProtoWord;
  span: Span;
}

/** The AST printed as a fully parenthesised expression (explain, tests). */
export function printAst(e: Expr): string {
  switch (e.kind) {
    case 'all':
      return '<all>';
    case 'and':
      return `(${printAst(e.left)} and ${printAst(e.right)})`;
    case 'or':
      return `(${printAst(e.left)} or ${printAst(e.right)})`;
    case 'not':
      return `(not ${printAst(e.operand)})`;
    case 'proto':
      return e.proto;
  }
}
