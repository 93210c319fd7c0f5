/**
 * Shared by the distributed tests: the built CLI, data sets written as CSV, and the comparison
 * of two models (explained variances and components to a relative tolerance, each component
 * up to its sign).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { Matrix } from '../../src/matrix.js';
import { PcaModel } from '../../src/pca/model.js';
import { Rng } from '../../src/random.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const main = join(root, 'dist/src/cli/main.js');

export function cli(args: string[], cwd: string, timeout = 60_000): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [main, ...args], { cwd, encoding: 'utf8', timeout });
}

/** n rows of d correlated features (a few latent directions, distinct variances) around an offset. */
export function dataset(n: number, d: number, seed = 11): Matrix {
  const rng = new Rng(seed);
  const x = new Matrix(n, d);
  const latent = 4;
  const mix = Array.from({ length: latent * d }, () => rng.normal());
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: latent }, (_, l) => rng.normal() * (latent - l) * 3);
    for (let j = 0; j < d; j++) {
      let v = 100 + j + 0.3 * rng.normal();
      for (let l = 0; l < latent; l++) v += z[l] * mix[l * d + j];
      x.data[i * d + j] = v;
    }
  }
  return x;
}

/** Rows [from, to) of x as CSV text with a header f0,f1,… */
export function csvOf(x: Matrix, from = 0, to = x.rows): string {
  const lines = [Array.from({ length: x.cols }, (_, j) => `f${j}`).join(',')];
  for (let i = from; i < to; i++) lines.push(Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)).join(','));
  return lines.join('\n') + '\n';
}

export function writeCsv(path: string, x: Matrix, from = 0, to = x.rows): void {
  writeFileSync(path, csvOf(x, from, to));
}

export function readModel(dir: string): PcaModel {
  return PcaModel.fromJSON(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')));
}

/** The worst relative difference of explained variances and components (each up to sign). */
export function modelDifference(a: PcaModel, b: PcaModel): number {
  expect(a.nComponents).toBe(b.nComponents);
  expect(a.nSamples).toBe(b.nSamples);
  let worst = 0;
  for (let i = 0; i < a.nComponents; i++) {
    worst = Math.max(worst, Math.abs(a.explainedVariance[i] - b.explainedVariance[i]) / Math.abs(b.explainedVariance[i]));
    const d = a.components.cols;
    const ra = a.components.data.subarray(i * d, (i + 1) * d);
    const rb = b.components.data.subarray(i * d, (i + 1) * d);
    let dot = 0;
    for (let j = 0; j < d; j++) dot += ra[j] * rb[j];
    const sign = dot < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) worst = Math.max(worst, Math.abs(ra[j] - sign * rb[j])); // unit rows: absolute = relative to the norm
  }
  return worst;
}
