/**
 * grammar/: text to CST. Lexing and parsing only; errors come back as data
 * (offsets and expected tokens) for compiler/ to turn into diagnostics.
 */
import type { IRecognitionException, ILexingError } from 'chevrotain';
import { lexer } from './tokens.js';
import { parser, type FilterCst } from './parser.js';

export * from './tokens.js';
export type { FilterCst, ExprCst, TermCst, PrimitiveCst } from './parser.js';

export interface ParseResult {
  cst: FilterCst;
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
}

/** Lex and parse an expression. Never throws for bad input: errors are returned. */
export function parseFilter(text: string): ParseResult {
  const lexed = lexer.tokenize(text);
  parser.input = lexed.tokens;
  const cst = parser.filter() as FilterCst;
  return { cst, lexErrors: lexed.errors, parseErrors: parser.errors };
}
