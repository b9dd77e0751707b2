#!/usr/bin/env node
// Runs the uvu suite over test/*.test.ts (TypeScript through tsx) and ends
// with the plain closing line CI reads: "N passed, N failed, N skipped".
// Usage: node scripts/test.mjs [PATTERN]   (PATTERN: a regex on test file names)
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pattern = process.argv[2] ?? '\\.test\\.ts$';
const args = ['--import', 'tsx', path.join(root, 'node_modules/uvu/bin.js'), 'test', pattern, '-c', 'false'];
// The tests' temporary files go under one directory of this run, removed when it ends,
// so that nothing is left in /tmp even when a test's own clean-up does not get to run.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'xsift-test-run-'));
chmodSync(tmp, 0o1777); // like /tmp: tests that run the CLI as an unprivileged user reach their files

const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TMPDIR: tmp } });
// Interrupted (Ctrl-C, a timeout's SIGTERM): end the tests, and still leave nothing in /tmp.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    child.kill(sig);
    rmSync(tmp, { recursive: true, force: true });
    process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
  });
}
let out = '';
child.stdout.on('data', (d) => {
  process.stdout.write(d);
  out += d.toString();
});
child.on('close', (code, signal) => {
  rmSync(tmp, { recursive: true, force: true });
  const num = (label) => {
    const m = out.match(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'm'));
    return m ? Number(m[1]) : undefined;
  };
  const total = num('Total');
  const passed = num('Passed');
  const skipped = num('Skipped') ?? 0;
  if (total === undefined || passed === undefined) {
    // uvu stopped before its summary (a test file threw at import, or a crash).
    console.log(`\nuvu ended without a summary (exit ${code ?? signal}); counting the run as failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  const failed = total - passed - skipped;
  if (total === 0) {
    console.log('\nno test ran');
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
