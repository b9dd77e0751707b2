/**
 * Frames to text lines, the way tcpdump -n prints them (runtime/format/).
 */
import type { Frame } from './events.js';
import { Formatter, type FormatOptions } from './format/index.js';

export class FramePrinter {
  private readonly formatter: Formatter;
  constructor(opts: FormatOptions = {}) {
    this.formatter = new Formatter(opts);
  }
  /** One line (tcpdump's text; may hold embedded newlines for hex dumps), no trailing newline. */
  line(f: Frame): string {
    return this.formatter.format(f.data, { tsNs: f.tsNs, len: f.len });
  }
}
