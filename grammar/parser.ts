/**
 * The pcap-filter CstParser: rules only. The production each rule implements
 * is written above it, in the notation of libpcap's grammar.y.
 *
 * libpcap gives "and" and "or" the same precedence and associates them to
 * the left ("a or b and c" is "(a or b) and c"); "not" binds tighter.
 */
import { CstParser, type CstNode, type IToken } from 'chevrotain';
import { allTokens, And, LParen, Not, Or, ProtoKeyword, RParen } from './tokens.js';

export class FilterParser extends CstParser {
  constructor() {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  // filter: /* empty */ | expr
  public filter = this.RULE('filter', () => {
    this.OPTION(() => this.SUBRULE(this.expr));
  });

  // expr: term | expr and term | expr or term
  public expr = this.RULE('expr', () => {
    this.SUBRULE(this.term, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(And, { LABEL: 'operators' }) }, { ALT: () => this.CONSUME(Or, { LABEL: 'operators' }) }]);
      this.SUBRULE2(this.term, { LABEL: 'operands' });
    });
  });

  // term: not term | '(' expr ')' | primitive
  public term = this.RULE('term', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(Not);
          this.SUBRULE(this.term, { LABEL: 'negated' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(LParen);
          this.SUBRULE(this.expr, { LABEL: 'inner' });
          this.CONSUME(RParen);
        },
      },
      { ALT: () => this.SUBRULE(this.primitive) },
    ]);
  });

  // primitive: pname        (a protocol keyword standing alone: "icmp", "ip6", ...)
  public primitive = this.RULE('primitive', () => {
    this.CONSUME(ProtoKeyword, { LABEL: 'proto' });
  });
}

/** The typed CST the AST builder reads (labels as in the rules above). */
export interface FilterCst extends CstNode {
  children: { expr?: ExprCst[] };
}
export interface ExprCst extends CstNode {
  children: { operands: TermCst[]; operators?: IToken[] };
}
export interface TermCst extends CstNode {
  children: { Not?: IToken[]; negated?: TermCst[]; LParen?: IToken[]; inner?: ExprCst[]; RParen?: IToken[]; primitive?: PrimitiveCst[] };
}
export interface PrimitiveCst extends CstNode {
  children: { proto: IToken[] };
}

/** One parser instance, reused (Chevrotain parsers are built once, fed many inputs). */
export const parser = new FilterParser();
