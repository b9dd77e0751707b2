#!/usr/bin/env node
// The xsift command: runs the built CLI (dist/), built by "npm run build".
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

// The bundle (dist/cli/, one file to load) when the build made one, else the modules.
const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const cli = [path.join(dist, 'cli', 'cli.js'), path.join(dist, 'runtime', 'cli.js')].find((f) => existsSync(f)) ?? path.join(dist, 'runtime', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(`xsift: not built (${cli} is missing); run "npm run build" in ${path.dirname(path.dirname(cli))}\n`);
  process.exit(1);
}
const { main } = await import(cli);
process.exitCode = await main(process.argv);
