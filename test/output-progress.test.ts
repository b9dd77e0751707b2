/**
 * Progress lines (runtime/progress.ts): drawn in place on a terminal and erased when done;
 * nothing at all otherwise (pipes, files, these tests' own stderr).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Progress, withProgress } from '../runtime/progress.js';

function sink(): { io: { stdout: (s: string) => void; stderr: (s: string) => void }; err: () => string } {
  let err = '';
  return { io: { stdout: () => undefined, stderr: (s) => void (err += s) }, err: () => err };
}

test('on a terminal: the line is drawn with \\r, rate-limited, and erased by done()', () => {
  const s = sink();
  const p = new Progress(s.io, true);
  p.show('a 1/3', true);
  p.show('a 2/3'); // within 100 ms of the last one: skipped
  p.show('a 3/3', true);
  p.done();
  assert.is(s.err(), '\r\x1b[Ka 1/3\r\x1b[Ka 3/3\r\x1b[K');
});

test('not a terminal: nothing is written', () => {
  const s = sink();
  const p = new Progress(s.io, false);
  p.show('x', true);
  p.done();
  assert.is(s.err(), '');
  // The default follows process.stderr.isTTY, which is false under the test runner.
  assert.is(process.stderr.isTTY === true, false);
  const q = new Progress(s.io);
  q.show('y', true);
  q.done();
  assert.is(s.err(), '');
});

test('withProgress: a quick job says nothing, and the result comes through', async () => {
  const s = sink();
  assert.is(await withProgress(s.io, 'building', Promise.resolve(42), 50), 42);
  assert.is(s.err(), '');
});

test.run();
