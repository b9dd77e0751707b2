/**
 * One-line progress on a terminal: shown only when stderr is a TTY (never in pipes, files or
 * tests), rewritten in place with "\r", and erased when the work is done.
 */
import type { Io } from './capture.js';

/** A progress line; every method is a no-op when stderr is not a terminal. */
export class Progress {
  readonly #on: boolean;
  #shown = false;
  #last = 0;

  constructor(private readonly io: Io, on = process.stderr.isTTY === true) {
    this.#on = on;
  }

  /** Show `text` (at most every 100 ms unless `force`). */
  show(text: string, force = false): void {
    if (!this.#on) return;
    const now = Date.now();
    if (!force && now - this.#last < 100) return;
    this.#last = now;
    this.io.stderr(`\r\x1b[K${text}`);
    this.#shown = true;
  }

  /** Erase the line. */
  done(): void {
    if (this.#on && this.#shown) this.io.stderr('\r\x1b[K');
    this.#shown = false;
  }
}

/** Run `work`; if it takes longer than `afterMs` (a clang build, not a cache hit), say so meanwhile. */
export async function withProgress<T>(io: Io, text: string, work: Promise<T>, afterMs = 250): Promise<T> {
  const p = new Progress(io);
  const timer = setTimeout(() => p.show(text, true), afterMs);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
    p.done();
  }
}
