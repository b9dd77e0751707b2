/**
 * The pcap-filter CstParser: rules only, each with the production of
 * libpcap's grammar.y it implements above it.
 *
 * libpcap's grammar is LALR(1); where it decides with a reduction this
 * parser decides with a gate that looks ahead over the tokens (`looksLike*`
 * below): whether what follows "and"/"or" is a bare identifier (inheriting
 * the previous qualifiers) or a new term, and whether a "(" opens an
 * expression, an arithmetic operand or a group of identifiers.
 *
 * "and" and "or" have equal precedence and associate to the left; "not"
 * binds tighter. Arithmetic is collected flat (operands and operators) and
 * given libpcap's precedences by the AST builder.
 */
import type { CstNode, IToken, TokenType } from 'chevrotain';
import { CstParser, tokenMatcher } from './chevrotain.js';
import * as T from './tokens.js';

export class FilterParser extends CstParser {
  /**
   * `validate`: also check the grammar itself (ambiguities, left recursion) while building the
   * parser. That costs ~13 ms at every xsift start and finds nothing a build of the same grammar
   * has not found, so the shared instance below skips it and test/grammar.test.ts builds a
   * validating one.
   */
  constructor(opts: { validate?: boolean } = {}) {
    super(T.allTokens, { recoveryEnabled: false, maxLookahead: 3, skipValidations: !opts.validate });
    this.performSelfAnalysis();
  }

  // ---- lookahead helpers (no side effects) ----------------------------------------------

  private is(i: number, ...types: TokenType[]): boolean {
    const t = this.LA(i);
    return types.some((type) => tokenMatcher(t, type));
  }

  /**
   * Where each "(" of the current input is closed, and how many tokens that
   * cannot appear in a group of identifiers come before each index: computed
   * once per input, so that the gates below cost O(1) instead of a scan to
   * the matching parenthesis (quadratic on long or deeply nested input).
   */
  private scanned: { tokens: IToken[]; after: Int32Array; notId: Int32Array } | undefined;

  private scan(): { after: Int32Array; notId: Int32Array } {
    const tokens = this.input;
    if (this.scanned?.tokens === tokens) return this.scanned;
    const after = new Int32Array(tokens.length).fill(-1);
    const notId = new Int32Array(tokens.length + 1);
    const open: number[] = [];
    tokens.forEach((t, j) => {
      if (tokenMatcher(t, T.LParen)) open.push(j);
      else if (tokenMatcher(t, T.RParen) && open.length > 0) after[open.pop()!] = j + 1;
      const idLike = [T.IdToken, T.Num, T.Mask, T.Slash, T.And, T.Or, T.Not, T.LParen, T.RParen].some((type) => tokenMatcher(t, type));
      notId[j + 1] = notId[j]! + (idLike ? 0 : 1);
    });
    this.scanned = { tokens, after, notId };
    return this.scanned;
  }

  /** Absolute index in the input of LA(i). */
  private abs(i: number): number {
    return (this as unknown as { currIdx: number }).currIdx + i;
  }

  /** Index (for LA) just after the ")" matching the "(" at LA(i), or -1. */
  private afterParen(i: number): number {
    const at = this.abs(i);
    const { after } = this.scan();
    if (at < 0 || at >= after.length || !this.is(i, T.LParen)) return -1;
    const end = after[at]!;
    return end < 0 ? -1 : end - (at - i);
  }

  /** Does the parenthesised group at LA(i) hold only identifiers joined by and/or/not (libpcap's pid)? */
  private parenHoldsIds(i: number): boolean {
    const end = this.afterParen(i);
    if (end < 0) return false;
    const { notId } = this.scan();
    const base = this.abs(0);
    // Tokens strictly between the "(" at i and its ")" at end - 1.
    return notId[base + end - 1]! - notId[base + i + 1]! === 0;
  }

  /** Is the "(" at LA(i) an arithmetic operand ("(tcp[0] & 2) = 2", "(1) > 0")? */
  private parenIsArith(i: number): boolean {
    const end = this.afterParen(i);
    return end > 0 && this.is(end, T.Relop, T.ArithOp);
  }

  /** After "and"/"or": is the next thing a bare identifier (libpcap's "expr and id")? */
  private looksLikeId(i = 1): boolean {
    while (this.is(i, T.Not)) i++;
    if (this.is(i, T.IdToken)) return true;
    if (this.is(i, T.Num)) return !this.is(i + 1, T.Relop, T.ArithOp);
    if (this.is(i, T.LParen)) {
      if (this.parenIsArith(i)) return false;
      return this.parenHoldsIds(i);
    }
    return false;
  }

  /** A pnum: NUM, or NUM in parentheses. */
  private looksLikePnum(i = 1): boolean {
    while (this.is(i, T.LParen)) i++;
    return this.is(i, T.Num);
  }

  /** Does a qualifier head start here ([pname] dqual/aqual/proto/protochain/gateway)? */
  private looksLikeHead(): boolean {
    const i = this.is(1, T.Pname) ? 2 : 1;
    return this.is(i, T.Src, T.Dst, T.WlanDir, T.AddrWord, T.Proto, T.Protochain, T.Gateway);
  }

  /** Does an arithmetic relation start here? */
  private looksLikeArith(): boolean {
    if (this.is(1, T.Num, T.Len, T.Minus)) return true;
    if (this.is(1, T.Pname) && this.is(2, T.LBracket)) return true;
    if (this.is(1, T.LParen)) return this.parenIsArith(1);
    return false;
  }

  // ---- rules -------------------------------------------------------------------------------

  // prog: null expr | null
  public filter = this.RULE('filter', () => {
    this.OPTION(() => this.SUBRULE(this.expr));
  });

  // expr: term | expr and term | expr and id | expr or term | expr or id
  public expr = this.RULE('expr', () => {
    this.SUBRULE(this.term, { LABEL: 'first' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.And, { LABEL: 'operators' }) }, { ALT: () => this.CONSUME(T.Or, { LABEL: 'operators' }) }]);
      this.OR2({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { GATE: () => this.looksLikeId(), ALT: () => this.SUBRULE(this.id, { LABEL: 'rest' }) },
          { ALT: () => this.SUBRULE2(this.term, { LABEL: 'rest' }) },
        ],
      });
    });
  });

  // id: nid | pnum | paren pid ')'
  // nid: ID | HID '/' NUM | HID NETMASK HID | HID | HID6 '/' NUM | HID6 | EID | AID | not id
  // pid: nid | qid and id | qid or id;   qid: pnum | pid
  public id = this.RULE('id', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(T.Not);
            this.SUBRULE(this.id, { LABEL: 'negated' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Hid, { LABEL: 'hid' });
            this.OPTION(() => {
              this.OR2([
                {
                  ALT: () => {
                    this.CONSUME(T.Slash);
                    this.CONSUME(T.Num, { LABEL: 'prefix' });
                  },
                },
                {
                  ALT: () => {
                    this.CONSUME(T.Mask);
                    this.CONSUME2(T.Hid, { LABEL: 'mask' });
                  },
                },
              ]);
            });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Hid6, { LABEL: 'hid6' });
            this.OPTION2(() => {
              this.CONSUME2(T.Slash);
              this.CONSUME2(T.Num, { LABEL: 'prefix' });
            });
          },
        },
        { ALT: () => this.CONSUME(T.Id, { LABEL: 'name' }) },
        { ALT: () => this.CONSUME(T.Eid, { LABEL: 'eid' }) },
        { ALT: () => this.CONSUME(T.Aid, { LABEL: 'aid' }) },
        { GATE: () => this.looksLikePnum(), ALT: () => this.SUBRULE(this.pnum) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE2(this.id, { LABEL: 'group' });
            this.MANY(() => {
              this.OR3([{ ALT: () => this.CONSUME(T.And, { LABEL: 'operators' }) }, { ALT: () => this.CONSUME(T.Or, { LABEL: 'operators' }) }]);
              this.SUBRULE3(this.id, { LABEL: 'group' });
            });
            this.CONSUME(T.RParen);
          },
        },
      ],
    });
  });

  // pnum: NUM | paren pnum ')'
  public pnum = this.RULE('pnum', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Num, { LABEL: 'num' }) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.pnum, { LABEL: 'inner' });
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  // term: rterm | not term
  public term = this.RULE('term', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          this.SUBRULE(this.term, { LABEL: 'negated' });
        },
      },
      { ALT: () => this.SUBRULE(this.rterm) },
    ]);
  });

  // rterm: head id | paren expr ')' | pname | arth relop arth | arth irelop arth | other
  public rterm = this.RULE('rterm', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.looksLikeHead(),
          ALT: () => {
            this.SUBRULE(this.head);
            this.SUBRULE(this.id, { LABEL: 'target' });
          },
        },
        { GATE: () => this.looksLikeArith(), ALT: () => this.SUBRULE(this.relation) },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            this.SUBRULE(this.expr, { LABEL: 'inner' });
            this.CONSUME(T.RParen);
          },
        },
        { GATE: () => !this.is(2, T.Broadcast, T.Multicast), ALT: () => this.CONSUME(T.Pname, { LABEL: 'pname' }) },
        { ALT: () => this.SUBRULE(this.other) },
      ],
    });
  });

  // head: pqual dqual aqual | pqual dqual | pqual aqual | pqual PROTO | pqual PROTOCHAIN | pqual ndaqual
  public head = this.RULE('head', () => {
    this.OPTION(() => this.CONSUME(T.Pname, { LABEL: 'pqual' }));
    this.OR([
      {
        ALT: () => {
          this.SUBRULE(this.dqual);
          this.OPTION2(() => this.CONSUME(T.AddrWord, { LABEL: 'aqual' }));
        },
      },
      { ALT: () => this.CONSUME2(T.AddrWord, { LABEL: 'aqual' }) },
      { ALT: () => this.CONSUME(T.Proto, { LABEL: 'proto' }) },
      { ALT: () => this.CONSUME(T.Protochain, { LABEL: 'protochain' }) },
      { ALT: () => this.CONSUME(T.Gateway, { LABEL: 'gateway' }) },
    ]);
  });

  // dqual: SRC | DST | SRC OR DST | DST OR SRC | SRC AND DST | DST AND SRC | ADDR1..4 | RA | TA
  public dqual = this.RULE('dqual', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Src, { LABEL: 'words' });
          this.OPTION({
            GATE: () => this.is(1, T.And, T.Or) && this.is(2, T.Dst),
            DEF: () => {
              this.OR2([{ ALT: () => this.CONSUME(T.And, { LABEL: 'words' }) }, { ALT: () => this.CONSUME(T.Or, { LABEL: 'words' }) }]);
              this.CONSUME(T.Dst, { LABEL: 'words' });
            },
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME2(T.Dst, { LABEL: 'words' });
          this.OPTION2({
            GATE: () => this.is(1, T.And, T.Or) && this.is(2, T.Src),
            DEF: () => {
              this.OR3([{ ALT: () => this.CONSUME2(T.And, { LABEL: 'words' }) }, { ALT: () => this.CONSUME2(T.Or, { LABEL: 'words' }) }]);
              this.CONSUME2(T.Src, { LABEL: 'words' });
            },
          });
        },
      },
      { ALT: () => this.CONSUME(T.WlanDir, { LABEL: 'words' }) },
    ]);
  });

  // arth relop arth | arth irelop arth
  public relation = this.RULE('relation', () => {
    this.SUBRULE(this.arith, { LABEL: 'left' });
    this.CONSUME(T.Relop, { LABEL: 'op' });
    this.SUBRULE2(this.arith, { LABEL: 'right' });
  });

  // arth: pnum | narth;  narth: pname '[' arth ']' | pname '[' arth ':' NUM ']' | arth OP arth | '-' arth | paren narth ')' | LEN
  public arith = this.RULE('arith', () => {
    this.SUBRULE(this.operand, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(T.ArithOp, { LABEL: 'operators' });
      this.SUBRULE2(this.operand, { LABEL: 'operands' });
    });
  });

  public operand = this.RULE('operand', () => {
    this.MANY(() => this.CONSUME(T.Minus, { LABEL: 'negations' }));
    this.OR([
      { ALT: () => this.CONSUME(T.Num, { LABEL: 'num' }) },
      { ALT: () => this.CONSUME(T.Len, { LABEL: 'len' }) },
      {
        ALT: () => {
          this.CONSUME(T.Pname, { LABEL: 'pname' });
          this.CONSUME(T.LBracket);
          this.SUBRULE(this.arith, { LABEL: 'index' });
          this.OPTION(() => {
            this.CONSUME(T.Colon);
            this.CONSUME2(T.Num, { LABEL: 'size' });
          });
          this.CONSUME(T.RBracket);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE2(this.arith, { LABEL: 'inner' });
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  // other: pqual TK_BROADCAST | pqual TK_MULTICAST | LESS NUM | GREATER NUM | CBYTE NUM byteop NUM
  //      | INBOUND | OUTBOUND | IFINDEX NUM | VLAN pnum | VLAN | MPLS pnum | MPLS | PPPOED
  //      | PPPOES pnum | PPPOES | GENEVE pnum | GENEVE | pfvar | pqual p80211 | pllc
  public other = this.RULE('other', () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.OPTION(() => this.CONSUME(T.Pname, { LABEL: 'pqual' }));
            this.OR2([{ ALT: () => this.CONSUME(T.Broadcast, { LABEL: 'keyword' }) }, { ALT: () => this.CONSUME(T.Multicast, { LABEL: 'keyword' }) }]);
          },
        },
        {
          ALT: () => {
            this.OR3([{ ALT: () => this.CONSUME(T.Less, { LABEL: 'keyword' }) }, { ALT: () => this.CONSUME(T.Greater, { LABEL: 'keyword' }) }, { ALT: () => this.CONSUME(T.Ifindex, { LABEL: 'keyword' }) }]);
            this.CONSUME(T.Num, { LABEL: 'num' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Byte, { LABEL: 'keyword' });
            this.CONSUME2(T.Num, { LABEL: 'num' });
            this.OR4([
              { ALT: () => this.CONSUME(T.Amp, { LABEL: 'byteop' }) },
              { ALT: () => this.CONSUME(T.Pipe, { LABEL: 'byteop' }) },
              { ALT: () => this.CONSUME(T.Lt, { LABEL: 'byteop' }) },
              { ALT: () => this.CONSUME(T.Gt, { LABEL: 'byteop' }) },
              { ALT: () => this.CONSUME(T.Eq, { LABEL: 'byteop' }) },
            ]);
            this.CONSUME3(T.Num, { LABEL: 'num' });
          },
        },
        { ALT: () => this.CONSUME(T.Inbound, { LABEL: 'keyword' }) },
        { ALT: () => this.CONSUME(T.Outbound, { LABEL: 'keyword' }) },
        { ALT: () => this.CONSUME(T.Pppoed, { LABEL: 'keyword' }) },
        {
          ALT: () => {
            this.OR5([
              { ALT: () => this.CONSUME(T.Vlan, { LABEL: 'keyword' }) },
              { ALT: () => this.CONSUME(T.Mpls, { LABEL: 'keyword' }) },
              { ALT: () => this.CONSUME(T.Pppoes, { LABEL: 'keyword' }) },
              { ALT: () => this.CONSUME(T.Geneve, { LABEL: 'keyword' }) },
            ]);
            this.OPTION2({ GATE: () => this.looksLikePnum(), DEF: () => this.SUBRULE(this.pnum) });
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Llc, { LABEL: 'keyword' });
            this.OPTION3(() => this.OR6([{ ALT: () => this.CONSUME(T.Id, { LABEL: 'llcType' }) }, { ALT: () => this.CONSUME(T.PfRnr, { LABEL: 'llcType' }) }]));
          },
        },
        {
          // pfvar, p80211, ATM and MTP primitives: other link types; the builder rejects them.
          ALT: () => {
            this.OPTION4(() => this.CONSUME2(T.Pname, { LABEL: 'pqual' }));
            this.CONSUME(T.LinkLevelOther, { LABEL: 'foreign' });
            this.MANY(() =>
              this.OR7([
                { ALT: () => this.CONSUME2(T.Id, { LABEL: 'foreignArgs' }) },
                { ALT: () => this.CONSUME4(T.Num, { LABEL: 'foreignArgs' }) },
                { ALT: () => this.CONSUME2(T.LinkLevelOther, { LABEL: 'foreignArgs' }) },
              ]),
            );
          },
        },
      ],
    });
  });
}

/** One parser instance, reused (Chevrotain parsers are built once, fed many inputs). */
export const parser = new FilterParser();

/** The CST's children by label (the builder reads them with these names). */
export type Children = Record<string, (CstNode | IToken)[] | undefined>;
