/**
 * C source to BPF object: reads the template, runs clang with fixed flags,
 * and keeps a content-addressed cache of objects (clang's process start
 * dominates compile time).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileExpression, ExpressionError, generateC, type Action, type Compiled } from '../compiler/index.js';
import { topoOrder } from '../compiler/cfg.js';
import { templatesDir } from './paths.js';
import { compileResolved } from './resolve.js';

/** clang failed on C we generated: our bug, not the user's. Keeps the C and clang's stderr. */
export class InternalCompileError extends Error {
  constructor(message: string, readonly cPath: string, readonly stderr: string) {
    super(message);
    this.name = 'InternalCompileError';
  }
}

/** A system failure (clang missing, a file unwritable): names the operation and the object. */
export class SystemError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'SystemError';
  }
}

let templateCache: string | undefined;

/** The XDP template with its local `#include "..."` lines replaced by the files' text, so the C stands alone. */
export function loadTemplate(): string {
  if (templateCache === undefined) {
    const main = readFileSync(path.join(templatesDir, 'xdp_filter.c'), 'utf8');
    templateCache = main.replace(/^#include "([A-Za-z0-9_.-]+)"$/gm, (_, name: string) => {
      const text = readFileSync(path.join(templatesDir, name), 'utf8').trimEnd();
      return `/* ---- ${name} (inlined from templates/) ---- */\n${text}\n/* ---- end of ${name} ---- */`;
    });
  }
  return templateCache;
}

/** The fixed clang command line (the include directory depends on the machine's triplet). */
export function clangArgs(cPath: string, oPath: string): string[] {
  const arch = os.arch() === 'arm64' ? 'aarch64' : os.arch() === 'x64' ? 'x86_64' : os.arch();
  return ['-O2', '-g', '-Wall', '-Werror', '-target', 'bpf', '-mcpu=v3', `-I/usr/include/${arch}-linux-gnu`, '-c', cPath, '-o', oPath];
}

export function clangBinary(): string {
  return process.env.XSIFT_CLANG || 'clang';
}

function cacheDir(): string {
  const base = process.env.XSIFT_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'xsift');
  return path.join(base, 'objects');
}

export interface BuiltProgram {
  compiled: Compiled;
  c: string;
  object: Buffer;
  /** True when the object came from the cache without running clang. */
  cached: boolean;
}

/**
 * BPF jumps carry a signed 16-bit instruction offset (-mcpu=v3), so a program
 * longer than this cannot jump across itself: clang wraps the offset silently
 * and the kernel refuses the object ("jump out of range"). Long "or" chains
 * reach it first (measured: 140 scattered ports), well before the verifier's
 * limit of 1,000,000 processed instructions.
 */
export const JUMP_RANGE_INSNS = 32767;
/**
 * Instructions counted per test of the optimized graph before clang. Not a strict lower bound:
 * clang can fold dense comparisons into range checks (100 consecutive ports: 0.7 instructions
 * per test; scattered hosts and ports: 2.6 to 3, or 23 past clang's cliff near 140 ports), so
 * the check before clang only refuses graphs that large, and the exact check after clang the rest.
 */
const MIN_INSNS_PER_TEST = 1;
/** At least this many instructions around the predicate (the template's prologue and reporting). */
const MIN_TEMPLATE_INSNS = 300;

function tooLarge(compiled: Compiled, what: string): ExpressionError {
  return new ExpressionError(compiled.source, [{
    severity: 'error',
    code: 'too-large-for-verifier',
    message: `expression too large for an XDP program: ${what}, and BPF jumps reach at most ${JUMP_RANGE_INSNS} instructions`,
    span: compiled.ast.span,
    notes: ['split it into several filters, or use ranges and networks ("portrange 1000-1199", "net 198.18.0.0/24") instead of long lists'],
  }]);
}

/** Before clang: reject a graph whose size alone puts the program beyond the jump range (and would keep clang busy for minutes). */
export function checkVerifierLimits(compiled: Compiled): void {
  const tests = compiled.cfg.kind === 'leaf' ? 0 : topoOrder(compiled.cfg).length;
  const atLeast = MIN_TEMPLATE_INSNS + MIN_INSNS_PER_TEST * tests;
  if (atLeast > JUMP_RANGE_INSNS) throw tooLarge(compiled, `${tests} tests after optimization make at least ${atLeast} instructions`);
}

/** Instructions of the largest executable section of a BPF ELF object (64-bit, little-endian). */
export function largestProgramInsns(object: Buffer): number {
  if (object.length < 64 || object.readUInt32BE(0) !== 0x7f454c46) return 0;
  const shoff = Number(object.readBigUInt64LE(0x28));
  const shentsize = object.readUInt16LE(0x3a);
  const shnum = object.readUInt16LE(0x3c);
  let largest = 0;
  for (let i = 0; i < shnum; i++) {
    const h = shoff + i * shentsize;
    if (h + 40 > object.length) break;
    const flags = object.readBigUInt64LE(h + 8);
    if (object.readUInt32LE(h + 4) === 1 && (flags & 4n) !== 0n) largest = Math.max(largest, Number(object.readBigUInt64LE(h + 32)) / 8);
  }
  return largest;
}

/** After clang: the exact instruction count against the jump range, so the kernel never sees such an object. */
export function checkObjectSize(compiled: Compiled, object: Buffer): void {
  const insns = largestProgramInsns(object);
  if (insns > JUMP_RANGE_INSNS) throw tooLarge(compiled, `clang made ${insns} instructions`);
}

/** Compile C to a BPF object (cached by the C text and the clang command). */
export async function buildObject(c: string): Promise<{ object: Buffer; cached: boolean }> {
  const clang = clangBinary();
  const key = createHash('sha256').update(clang).update('\0').update(clangArgs('x.c', 'x.o').join(' ')).update('\0').update(c).digest('hex');
  const dir = cacheDir();
  const hit = path.join(dir, `${key}.o`);
  if (existsSync(hit)) return { object: readFileSync(hit), cached: true };
  const work = mkdtempSync(path.join(os.tmpdir(), 'xsift-cc-'));
  const cPath = path.join(work, 'filter.c');
  const oPath = path.join(work, 'filter.o');
  writeFileSync(cPath, c);
  let result;
  try {
    // Imported here, not at the top: its ~130 modules cost ~0.1 s at every start, and a cached object runs no clang.
    const { execa } = await import('execa');
    result = await execa(clang, clangArgs(cPath, oPath), { reject: false, stdin: 'ignore' });
  } catch (e) {
    throw new SystemError(`run clang "${clang}": ${(e as Error).message}`);
  }
  if ((result as { code?: string }).code === 'ENOENT') {
    rmSync(work, { recursive: true, force: true });
    throw new SystemError(`run clang "${clang}": not found (install it: apt-get install clang llvm)`, 'ENOENT');
  }
  if (result.signal) {
    rmSync(work, { recursive: true, force: true });
    throw new SystemError(`run clang "${clang}": killed by ${result.signal} (out of memory?)`, 'EINTR');
  }
  if (result.failed && result.exitCode === undefined) {
    rmSync(work, { recursive: true, force: true });
    const code = (result as { code?: string }).code;
    throw new SystemError(`run clang "${clang}": cannot execute it${code ? ` (${code})` : ''}`, code);
  }
  if (result.exitCode !== 0) {
    throw new InternalCompileError(`internal error: clang rejected the generated C (kept at ${cPath})`, cPath, result.stderr);
  }
  const object = readFileSync(oPath);
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${hit}.${process.pid}.tmp`;
    writeFileSync(tmp, object);
    renameSync(tmp, hit);
  } catch {
    // A read-only or full cache directory only costs speed.
  }
  rmSync(work, { recursive: true, force: true });
  return { object, cached: false };
}

/** Expression to C to object. Throws ExpressionError for bad input. */
export async function buildProgram(expression: string, action: Action): Promise<BuiltProgram> {
  // Host, network and Ethernet names are looked up on this machine first.
  const compiled = await compileResolved(expression);
  checkVerifierLimits(compiled);
  const c = generateC(compiled, loadTemplate(), action);
  const { object, cached } = await buildObject(c);
  checkObjectSize(compiled, object);
  return { compiled, c, object, cached };
}
