/**
 * grammar/: text to CST. Lexing and parsing only; errors come back as data
 * (offsets and expected tokens) for compiler/ to turn into diagnostics.
 */
import type { CstNode, IRecognitionException } from 'chevrotain';
import { tokenize, type LexError } from './lexer.js';
import { parser } from './parser.js';

export * from './tokens.js';
export { parseNumber, tokenize, type LexError, type NumToken } from './lexer.js';
export { FilterParser, type Children } from './parser.js';

export interface ParseResult {
  cst: CstNode;
  lexErrors: LexError[];
  parseErrors: IRecognitionException[];
}

/** Lex and parse an expression. Never throws for bad input: errors are returned. */
export function parseFilter(text: string): ParseResult {
  const lexed = tokenize(text);
  parser.input = lexed.tokens;
  const cst = parser.filter();
  return { cst, lexErrors: lexed.errors, parseErrors: parser.errors };
}
