// Deletes the declaration files (dist/**/*.d.ts) that no published entry's types reach: the
// command line's and the backends' internals. A consumer's TypeScript only ever opens the
// entries' declarations and what they import, so those are all the package needs to carry
// (the 1 MB tarball budget, issue #13). Run by `npm run build:ts` after the declarations pass.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Every `types` target in package.json's exports (any condition, any depth). */
function typesTargets(node, out = []) {
  if (typeof node !== 'object' || node === null) return out;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'types' && typeof value === 'string') out.push(join(root, value));
    else typesTargets(value, out);
  }
  return out;
}

const entries = typesTargets(pkg.exports);
if (entries.length === 0) throw new Error('prune-declarations: package.json exports name no types');
const reached = new Set();
const queue = [...entries];
while (queue.length > 0) {
  const file = queue.pop();
  if (reached.has(file)) continue;
  if (!existsSync(file)) throw new Error(`prune-declarations: ${relative(root, file)} is named but missing`);
  reached.add(file);
  const text = readFileSync(file, 'utf8');
  // import … from './x.js', export … from './x.js', import('./x.js'), /// <reference path>.
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|<reference\s+path=)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = resolve(dirname(file), m[1]).replace(/\.js$/, '.d.ts');
    queue.push(target.endsWith('.d.ts') ? target : `${target}.d.ts`);
  }
}

let removed = 0;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (path.endsWith('.d.ts') && !reached.has(path)) {
      rmSync(path);
      removed++;
    }
  }
}
walk(join(root, 'dist'));
console.error(`prune-declarations: kept ${reached.size} declaration files reachable from the package's entries, removed ${removed}`);
