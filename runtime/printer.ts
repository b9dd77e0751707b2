/**
 * Frames to text lines, the way tcpdump -n prints them (runtime/format/).
 */
import type { Frame } from './events.js';

export class FramePrinter {
  /** One line, no newline. */
  line(f: Frame): string {
    const d = new Date(Number(f.tsNs / 1_000_000n));
    const us = String((f.tsNs / 1000n) % 1_000_000n).padStart(6, '0');
    const ts = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}.${us}`;
    return `${ts} frame length ${f.len}`;
  }
}
