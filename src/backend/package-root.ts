/**
 * The package's root folder: the nearest ancestor of this module holding mmlkit's
 * package.json. Works from `src/` (tests) and from `dist/src/` (built or installed package).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'mmlkit') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find mmlkit's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}
