/**
 * C source to BPF object: reads the template, runs clang with fixed flags,
 * and keeps a content-addressed cache of objects (clang's process start
 * dominates compile time).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { compileExpression, generateC, type Action, type Compiled } from '../compiler/index.js';
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
    result = await execa(clang, clangArgs(cPath, oPath), { reject: false, stdin: 'ignore' });
  } catch (e) {
    throw new SystemError(`run clang "${clang}": ${(e as Error).message}`);
  }
  if ((result as { code?: string }).code === 'ENOENT' || result.failed && result.exitCode === undefined) {
    rmSync(work, { recursive: true, force: true });
    throw new SystemError(`run clang "${clang}": not found (install it: apt-get install clang llvm)`, 'ENOENT');
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
  const c = generateC(compiled, loadTemplate(), action);
  const { object, cached } = await buildObject(c);
  return { compiled, c, object, cached };
}
