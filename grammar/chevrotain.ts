/**
 * Chevrotain's values, taken from the single-file build its package ships (lib/chevrotain.mjs,
 * the same code as its entry point): the entry point loads some 300 modules (lodash-es among
 * them), which cost ~0.25 s of CPU at every xsift start, a live capture's included; the bundle
 * loads in ~15 ms. Every value the grammar uses comes from here, so that tokens, lexer and
 * parser share one copy of the library; types still come from 'chevrotain'.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Chevrotain from 'chevrotain';

// The package's exports map names only its entry point (lib/src/api.js); the bundle is beside it.
const entry = createRequire(import.meta.url).resolve('chevrotain');
const bundle = (await import(pathToFileURL(path.join(path.dirname(entry), '..', 'chevrotain.mjs')).href)) as typeof Chevrotain;

export const { createToken, createTokenInstance, CstParser, Lexer, tokenMatcher } = bundle;
