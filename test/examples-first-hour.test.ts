/**
 * The first hour (issue #13): five scripts as a new user writes them from the README alone —
 * plain JavaScript importing 'mmlkit' (which resolves to this package's built dist/ by
 * self-reference, as it would from node_modules). Expected numbers: scikit-learn 1.2 and numpy
 * 2.4 on data/digits.csv (PCA(0.95): 29 components, ratio sum 0.9547965; eigvalsh(cov) top 5;
 * KNeighborsClassifier(5, algorithm='brute') on rows 0..1499 → 284 of 297 right).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './runtimes/project.js';

const built = existsSync(join(REPO_ROOT, 'dist/src/entry/node.js'));
const out = mkdtempSync(join(tmpdir(), 'mmlkit-first-hour-'));

function script(name: string): string {
  const r = spawnSync(process.execPath, [join('examples', 'first-hour', name), out], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${name} exited ${r.status}:\n${r.stderr}`);
  expect(r.stderr).toBe('');
  return r.stdout;
}

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe.runIf(built)('first-hour scripts (examples/first-hour)', () => {
  it('01: CSV → PCA at 95 % → saved and loaded back: 29 components, 95.48 %', () => {
    const text = script('01-csv-pca.mjs');
    expect(text).toMatch(/^Matrix\(1797×64\)\n\[\[ 0,  0,  5, \.\.\.,  0,  0,  0\],/);
    expect(text).toContain('29 components keep 95.48 % of the variance');
    expect(existsSync(join(out, 'digits-pca.json'))).toBe(true);
    expect(text).toMatch(/first sample \(a 0\) on the first two components: -?\d+\.\d{4}, -?\d+\.\d{4}/);
  });

  it('02: solve gives x = [1, -2, 3] with a zero residual; a singular matrix says so', () => {
    const text = script('02-solve.mjs');
    expect(text).toContain('x = [ 1, -2, 3 ]');
    expect(text).toMatch(/residual ‖Ax − b‖ = \d/);
    expect(text).toMatch(/singular: solve: A \(2×2\) is singular/);
  });

  it('03: eigh of the covariance: the five largest eigenvalues as numpy', () => {
    const text = script('03-eigh-cov.mjs');
    // numpy: eigvalsh(cov(X.T))[::-1][:5] = 179.00693, 163.71775, 141.78844, 101.10038, 69.51317
    expect(text).toContain('largest eigenvalues: 179.0069, 163.7177, 141.7884, 101.1004, 69.5132');
    expect(text).toContain('Matrix(64×64)\n');
  });

  it('04: the MLP trains and classifies held-out digits (at least 85 % right)', () => {
    const text = script('04-mlp.mjs');
    const [, right, total] = /test accuracy: (\d+) \/ (\d+)/.exec(text) ?? [];
    expect(Number(total)).toBe(297);
    expect(Number(right) / 297).toBeGreaterThanOrEqual(0.85);
  });

  it('05: knn with the CSV\'s string labels: 284 of 297 right, as scikit-learn', () => {
    const text = script('05-knn.mjs');
    expect(text).toContain('first predictions: 1 7 4 6 3 1 3 9 1 7');
    expect(text).toContain('test accuracy (k = 5): 284 / 297 = 0.9562');
  });
});
