#!/usr/bin/env node
// The xsift command: runs the built CLI (dist/), built by "npm run build".
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'runtime', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(`xsift: not built (${cli} is missing); run "npm run build" in ${path.dirname(path.dirname(cli))}\n`);
  process.exit(1);
}
const { main } = await import(cli);
process.exitCode = await main(process.argv);
