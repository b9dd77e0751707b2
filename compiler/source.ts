/**
 * Source text and spans. Nodes keep offsets only; line and column are
 * computed when a diagnostic is printed.
 */

/** A half-open range [start, end) of UTF-16 offsets into the expression text. */
export interface Span {
  start: number;
  end: number;
}

/** The expression as the user gave it: the words of the command line joined by single spaces, as tcpdump does. */
export class Source {
  constructor(readonly text: string, readonly name = 'expression') {}

  /** Join command-line words the way tcpdump joins argv into one expression. */
  static fromArgs(words: readonly string[]): Source {
    return new Source(words.join(' '));
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  /** 0-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let line = 0;
    let lineStart = 0;
    for (let i = 0; i < offset && i < this.text.length; i++) {
      if (this.text[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: offset - lineStart };
  }

  lineText(line: number): string {
    return this.text.split('\n')[line] ?? '';
  }
}

/** The smallest span covering both. */
export function cover(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
