/**
 * `mmlkit pca --method randomized`: the built CLI (dist/) on wide files, checked against the
 * library's RandomizedPcaSketch with the same settings, across worker counts, with --transform,
 * --plot, the column limit lifted and signals still leaving --out whole.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Matrix, matmul, readNpy, writeNpy } from '../../src/entry/node.js';
import { gaussianTestMatrix } from '../../src/pca/gaussian-test-matrix.js';
import { PcaModel } from '../../src/pca/model.js';
import { pcaFromChunks } from '../../src/pca/pca-from-chunks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = join(root, 'dist/src/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'mmlkit-cli-rpca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], timeout = 60_000) {
  return spawnSync(process.execPath, [main, ...args], { cwd: dir, encoding: 'utf8', timeout });
}

/** n × d low rank (6, decaying) + noise, offset by 2; written with 6 significant digits for CSV. */
function data(n: number, d: number, seed: number): Matrix {
  const u = gaussianTestMatrix(n, 6, seed);
  for (let i = 0; i < n; i++) for (let r = 0; r < 6; r++) u.data[i * 6 + r] *= 0.7 ** r;
  const x = matmul(u, gaussianTestMatrix(6, d, seed + 1));
  const e = gaussianTestMatrix(n, d, seed + 2);
  for (let i = 0; i < x.data.length; i++) x.data[i] = Number((x.data[i] + 2 + 0.01 * e.data[i]).toPrecision(6));
  return x;
}

function* chunksOf(x: Matrix, size: number): Generator<Matrix> {
  for (let i = 0; i < x.rows; i += size) yield new Matrix(Math.min(size, x.rows - i), x.cols, x.data.subarray(i * x.cols, Math.min(x.rows, i + size) * x.cols));
}

function library(x: Matrix, options: { components: number; oversamples?: number; powerIterations?: number; seed?: number }): Promise<PcaModel> {
  return pcaFromChunks(() => chunksOf(x, 97), { method: 'randomized', ...options });
}

function readModel(out: string): PcaModel {
  return PcaModel.fromJSON(JSON.parse(readFileSync(join(dir, out, 'model.json'), 'utf8')));
}

function expectSameModel(a: PcaModel, b: PcaModel, tol: number): void {
  for (const [x, y] of [
    [a.mean, b.mean],
    [a.components.data, b.components.data],
    [a.explainedVariance, b.explainedVariance],
    [a.explainedVarianceRatio, b.explainedVarianceRatio],
  ] as [ArrayLike<number>, ArrayLike<number>][]) {
    expect(x.length).toBe(y.length);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(y[i])));
    expect(worst).toBeLessThan(tol);
  }
}

function expectNoLeftovers(): void {
  expect(readdirSync(dir).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
}

const csvX = data(3000, 40, 5);
const csvPath = join(dir, 'tall.csv');
const wideX = data(300, 20_000, 9);
const widePath = join(dir, 'wide.npy');
const midX = data(2100, 600, 13); // 4 ranges of ≥ 512 rows
const midPath = join(dir, 'mid.npy');

beforeAll(() => {
  const lines = [Array.from({ length: csvX.cols }, (_, j) => `f${j}`).join(',')];
  for (let i = 0; i < csvX.rows; i++) lines.push(Array.from(csvX.data.subarray(i * csvX.cols, (i + 1) * csvX.cols)).join(','));
  writeFileSync(csvPath, lines.join('\n') + '\n');
  writeNpy(widePath, wideX);
  writeNpy(midPath, midX);
});

describe('mmlkit pca --method randomized', () => {
  it('CSV: the library model, the same on 1 and 3 workers, with --transform and --plot', async () => {
    const ref = await library(csvX, { components: 3, powerIterations: 2, seed: 7 });
    const one = cli(['pca', csvPath, '--method', 'randomized', '-k', '3', '--power-iterations', '2', '--seed', '7', '--workers', '1', '--out', 'csv1']);
    expect(one.stderr).toBe('');
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/method: randomized \(k = 3, oversamples 10, 2 power iterations, seed 7\); 3 passes over the file/);
    const three = cli(['pca', csvPath, '--method', 'randomized', '-k', '3', '--power-iterations', '2', '--seed', '7', '--workers', '3', '--out', 'csv3', '--transform', '--plot']);
    expect(three.stderr).toBe('');
    expect(three.stdout).toMatch(/3 workers/);
    expect(three.stdout).toMatch(/4 passes over the file/);
    expectSameModel(readModel('csv1'), ref, 1e-10);
    expectSameModel(readModel('csv3'), ref, 1e-10);
    expect(readdirSync(join(dir, 'csv3')).sort()).toEqual(['components.csv', 'explained_variance.csv', 'model.json', 'projections.npy', 'scatter.svg', 'scree.svg']);
    const z = readNpy(join(dir, 'csv3', 'projections.npy'));
    const want = readModel('csv3').transform(csvX);
    expect(z.shape).toEqual(want.shape);
    let worst = 0;
    for (let i = 0; i < z.data.length; i++) worst = Math.max(worst, Math.abs(z.data[i] - want.data[i]));
    expect(worst).toBeLessThan(1e-9);
    expectNoLeftovers();
  });

  it('a 300 × 20 000 .npy: auto picks randomized (the 8192-column limit does not apply), the library model', async () => {
    const r = cli(['pca', widePath, '-k', '4', '--out', 'wide']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/300 rows × 20000 columns/);
    expect(r.stdout).toMatch(/method: randomized \(k = 4, oversamples 10, 7 power iterations, seed 0\); 8 passes/); // k < d/10: 7 by default
    expectSameModel(readModel('wide'), await library(wideX, { components: 4 }), 1e-9);
    const exact = cli(['pca', widePath, '-k', '4', '--method', 'covariance', '--out', 'wide-exact']);
    expect(exact.status).toBe(1);
    expect(exact.stderr).toMatch(/at most 8192 columns with --method covariance .* use --method randomized/);
    expect(existsSync(join(dir, 'wide-exact'))).toBe(false);
    expectNoLeftovers();
  });

  it('an .npy split over 1, 2 and 4 workers gives the same model', () => {
    const models = ['1', '2', '4'].map((w) => {
      const r = cli(['pca', midPath, '--method', 'randomized', '-k', '5', '--power-iterations', '1', '--workers', w, '--out', `mid${w}`]);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`${w} workers?,`));
      return readModel(`mid${w}`);
    });
    expectSameModel(models[1], models[0], 1e-11);
    expectSameModel(models[2], models[0], 1e-11);
  });

  it('refuses a fractional or missing -k and sketch flags with --method covariance (exit 2), bad values when parsed', () => {
    const frac = cli(['pca', csvPath, '--method', 'randomized', '-k', '0.9', '--out', 'x']);
    expect(frac.status).toBe(2);
    expect(frac.stderr).toMatch(/-k must be an integer ≥ 1, got '0.9'/);
    const missing = cli(['pca', csvPath, '--method', 'randomized', '--out', 'x']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/required option '-k, --components <n>' not specified/);
    const mixed = cli(['pca', csvPath, '--method', 'covariance', '-k', '2', '--seed', '3', '--out', 'x']);
    expect(mixed.status).toBe(2);
    for (const flags of [['--seed', '-1'], ['--seed', '4294967296'], ['--power-iterations', '101'], ['--oversamples', '1.5'], ['--method', 'magic']]) {
      const r = cli(['pca', csvPath, '-k', '2', ...flags, '--out', 'x']);
      expect(r.status, flags.join(' ')).toBe(2);
    }
    const tooMany = cli(['pca', csvPath, '--method', 'randomized', '-k', '41', '--out', 'x']);
    expect(tooMany.status).toBe(1);
    expect(tooMany.stderr).toMatch(/at most the 40 columns/);
    expect(existsSync(join(dir, 'x'))).toBe(false);
    expectNoLeftovers();
  });

  it('a NaN is reported at its file line in a later range, as with the covariance method', () => {
    const lines = readFileSync(csvPath, 'utf8').split('\n');
    lines[2500] = lines[2500].replace(/^[^,]*/, 'nan');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, lines.join('\n'));
    const r = cli(['pca', bad, '--method', 'randomized', '-k', '2', '--workers', '3', '--out', 'bad']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/bad\.csv:2501:1: /);
    expect(existsSync(join(dir, 'bad'))).toBe(false);
    expectNoLeftovers();
  });

  it('SIGTERM during any pass leaves --out as it was and nothing beside it', async () => {
    const parent = mkdtempSync(join(dir, 'sig-'));
    const first = spawnSync(process.execPath, [main, 'pca', midPath, '-k', '2', '--out', 'out'], { cwd: parent, encoding: 'utf8' });
    expect(first.status).toBe(0);
    const before = readFileSync(join(parent, 'out', 'model.json'), 'utf8');
    const t0 = performance.now();
    const probe = spawnSync(process.execPath, [main, 'pca', midPath, '--method', 'randomized', '-k', '3', '--power-iterations', '6', '--out', 'probe'], { cwd: parent });
    expect(probe.status).toBe(0);
    const runMs = performance.now() - t0;
    rmSync(join(parent, 'probe'), { recursive: true });
    let interrupted = 0;
    for (const fraction of [0.3, 0.6, 0.85]) {
      const child = spawn(process.execPath, [main, 'pca', midPath, '--method', 'randomized', '-k', '3', '--power-iterations', '6', '--transform', '--out', 'out'], { cwd: parent, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (b) => (stderr += b));
      // Killed before its handler is installed (a slow start on a loaded machine), the process
      // dies by the signal itself: 128 + 15 as a shell reports it, and still nothing written.
      const done = new Promise<number | null>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal === 'SIGTERM' ? 143 : null))));
      await new Promise((r) => setTimeout(r, runMs * fraction));
      child.kill('SIGTERM');
      const code = await done;
      expect(readdirSync(parent)).toEqual(['out']);
      if (code === 0) expect(readdirSync(join(parent, 'out'))).toContain('projections.npy'); // finished first: whole
      else {
        expect(code).toBe(143);
        interrupted++;
        expect(readFileSync(join(parent, 'out', 'model.json'), 'utf8')).toBe(before);
        if (stderr !== '') expect(stderr).toBe('mmlkit: interrupted by SIGTERM; --out was left as it was\n');
      }
    }
    expect(interrupted).toBeGreaterThan(0);
  }, 60_000);
});
