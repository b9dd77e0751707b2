// Bundles the built CLI (DIST/runtime/cli.js) into DIST/cli/ with esbuild's API (esbuild comes
// with tsx). Usage: node scripts/bundle-cli.mjs DIST. Called by setup.sh after tsc.
import path from 'node:path';
import { build } from 'esbuild';

const dist = process.argv[2];
if (!dist) {
  process.stderr.write('usage: node scripts/bundle-cli.mjs DIST\n');
  process.exit(2);
}
await build({
  entryPoints: [path.join(dist, 'runtime', 'cli.js')],
  outdir: path.join(dist, 'cli'),
  bundle: true,
  splitting: true, // the demo (and execa with it) stays a chunk of its own, loaded by `xsift demo` only
  format: 'esm',
  platform: 'node',
  packages: 'external',
  logLevel: 'warning',
});
