/** Locations inside the installed package, valid from runtime/ (tsx) and from dist/runtime/ (built). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The package root: the nearest ancestor holding templates/. */
export const packageRoot: string = (() => {
  for (const dir of [path.resolve(here, '..'), path.resolve(here, '..', '..')]) {
    if (existsSync(path.join(dir, 'templates', 'xdp_filter.c'))) return dir;
  }
  throw new Error(`cannot find the xsift package root (templates/xdp_filter.c) above ${here}`);
})();

export const templatesDir = path.join(packageRoot, 'templates');
