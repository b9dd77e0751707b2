/**
 * The edge between errors and exit codes: 2 for a bad expression or bad
 * usage, 1 for everything else. Never a stack trace for a known failure.
 */
import { ExpressionError } from '../compiler/index.js';
import { InternalCompileError, SystemError } from './build.js';
import { isNativeError } from './native.js';

/** Bad usage of the command line (exit 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Print an error the way the CLI reports it; returns the exit code. */
export function report(e: unknown, stderr: (s: string) => void): number {
  if (e instanceof ExpressionError) {
    stderr(e.render() + '\n');
    return 2;
  }
  if (e instanceof UsageError) {
    stderr(`xsift: ${e.message}\n`);
    return 2;
  }
  if (e instanceof InternalCompileError) {
    const tail = e.stderr.trim().split('\n').slice(-8).join('\n');
    stderr(`xsift: ${e.message}\nclang said:\n${tail}\nplease report this with the expression\n`);
    return 1;
  }
  if (isNativeError(e)) {
    let msg = `xsift: ${e.message}`;
    if (e.code === 'EPERM' || e.code === 'EACCES') msg += '\n  (needs CAP_BPF and CAP_NET_ADMIN, or root)';
    if (e.verifierLog) msg += `\n  verifier: ${e.verifierLog.trim().split('\n').slice(-3).join('\n  verifier: ')}`;
    stderr(msg + '\n');
    return 1;
  }
  if (e instanceof SystemError) {
    stderr(`xsift: ${e.message}\n`);
    return 1;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err.code === 'string' && typeof err.syscall === 'string') {
    stderr(`xsift: ${err.syscall}${err.path ? ` "${err.path}"` : ''}: ${err.message.replace(/^\w+: /, '')}\n`);
    return 1;
  }
  stderr(`xsift: internal error: ${err?.stack ?? String(e)}\n`);
  return 1;
}
