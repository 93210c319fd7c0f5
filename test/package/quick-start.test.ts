/**
 * The README's Quick start (issue #13): its first command runs the demo from the clone's own
 * build — no second install or build (`npx mmlkit` in a clone reinstalls the clone into npx's
 * cache and rebuilds everything) — and its second runs the tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../runtimes/project.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('Quick start', () => {
  const block = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const commands = block.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);

  it('is two commands: install then the demo, and npm test', () => {
    expect(commands).toEqual(['npm install && npm run demo', 'npm test']);
    expect(scripts.test).toBe('vitest run');
  });

  it('npm run demo runs the built CLI directly (no npx, no build step)', () => {
    expect(scripts.demo).toBe('node dist/src/cli/main.js demo');
    expect(scripts.predemo).toBeUndefined();
  });

  it.runIf(existsSync(join(REPO_ROOT, 'dist/src/cli/main.js')))('the demo runs on the shipped digits and writes its outputs', () => {
    const out = mkdtempSync(join(tmpdir(), 'mmlkit-demo-'));
    try {
      const r = spawnSync(process.execPath, ['dist/src/cli/main.js', 'demo', '--out', join(out, 'demo'), '--workers', '1'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      for (const f of ['model.json', 'scree.svg', 'scatter.svg']) expect(existsSync(join(out, 'demo', f)), f).toBe(true);
      // Its hint for the next step uses the clone's build (npx would build the clone again).
      expect(r.stdout).toContain('npm run mmlkit -- pca data/digits.csv -k 10 --plot --label-column label');
      expect(r.stdout).not.toContain('npx mmlkit');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
