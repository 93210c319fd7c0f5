/**
 * PcaAccumulator: updating in chunks, merging partial accumulators (in any grouping, through
 * JSON as a distributed run would) and fitting at once all give the same model, to ~1e-10.
 */
import { describe, expect, it } from 'vitest';
import { PcaAccumulator } from '../../src/pca/accumulator.js';
import { pca } from '../../src/pca/pca.js';
import { Matrix } from '../../src/matrix.js';
import { withBackend } from '../../src/backend/registry.js';
import type { PcaModel } from '../../src/pca/model.js';
import { BACKENDS } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { digits } from './fixtures.js';

const RTOL = 1e-10;

function rowsOf(x: Matrix, r0: number, r1: number): Matrix {
  return new Matrix(r1 - r0, x.cols, x.data.slice(r0 * x.cols, r1 * x.cols));
}

/** Chunk boundaries: uneven sizes, including single rows. */
const CUTS = [0, 1, 2, 100, 101, 613, 1000, 1500, 1797];

function expectSameModel(a: PcaModel, b: PcaModel): void {
  expect(a.nComponents).toBe(b.nComponents);
  expectClose(a.explainedVariance, b.explainedVariance, RTOL);
  expectClose(a.explainedVarianceRatio, b.explainedVarianceRatio, RTOL);
  expectClose(a.mean, b.mean, RTOL);
  expectClose(a.components.data, b.components.data, 1e-9);
  expect(a.nSamples).toBe(b.nSamples);
}

describe('PcaAccumulator', () => {
  const x = digits();
  const oneShot = pca(x, { components: 10 });

  it.each(BACKENDS.filter((b) => b.available).map((b) => b.name))('update in uneven chunks == pca() at once (on %s)', (backend) => {
    const acc = new PcaAccumulator();
    withBackend(backend, () => {
      for (let c = 0; c + 1 < CUTS.length; c++) acc.update(rowsOf(x, CUTS[c], CUTS[c + 1]));
    });
    expect(acc.count).toBe(1797);
    expect(acc.features).toBe(64);
    expectSameModel(acc.finish({ components: 10 }), oneShot);
  });

  it('accepts number[][] chunks and empty chunks', () => {
    const acc = new PcaAccumulator(64);
    acc.update(rowsOf(x, 0, 900).toArray()).update([]).update(new Matrix(0, 64)).update(rowsOf(x, 900, 1797).toArray());
    expectSameModel(acc.finish({ components: 10 }), oneShot);
  });

  it('merge == sequential update, in any grouping', () => {
    const parts = CUTS.slice(0, -1).map((c, i) => new PcaAccumulator().update(rowsOf(x, c, CUTS[i + 1])));
    // left fold
    const left = new PcaAccumulator();
    for (const p of parts) left.merge(p);
    // a tree: pairs, then pairs of pairs
    let level = parts.map((p) => PcaAccumulator.fromJSON(p.toJSON()));
    while (level.length > 1) {
      const next: PcaAccumulator[] = [];
      for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? level[i].merge(level[i + 1]) : level[i]);
      level = next;
    }
    expectSameModel(left.finish({ components: 10 }), oneShot);
    expectSameModel(level[0].finish({ components: 10 }), oneShot);
    expect(left.count).toBe(1797);
  });

  it('merging leaves the other accumulator unchanged; merging with itself counts its rows twice', () => {
    const a = new PcaAccumulator().update(rowsOf(x, 0, 50));
    const b = new PcaAccumulator().update(rowsOf(x, 50, 80));
    const before = JSON.stringify(b);
    a.merge(b);
    expect(JSON.stringify(b)).toBe(before);
    const twice = new PcaAccumulator().update(rowsOf(x, 0, 50));
    twice.merge(twice);
    const doubled = new PcaAccumulator().update(rowsOf(x, 0, 50)).update(rowsOf(x, 0, 50));
    expect(twice.count).toBe(100);
    expectClose(twice.covariance().data, doubled.covariance().data, RTOL);
  });

  it('merges with empty accumulators either way', () => {
    const full = new PcaAccumulator().update(x);
    const empty = new PcaAccumulator();
    expect(empty.merge(full).count).toBe(1797);
    expect(full.merge(new PcaAccumulator()).merge(new PcaAccumulator(64)).count).toBe(1797);
    expectSameModel(empty.finish({ components: 10 }), oneShot);
  });

  it('covariance matches the two-pass definition (ddof 1 and the course\'s ddof 0)', () => {
    const small = rowsOf(x, 0, 40);
    const acc = new PcaAccumulator().update(rowsOf(small, 0, 17)).update(rowsOf(small, 17, 40));
    const d = 64;
    const mean = new Float64Array(d);
    for (let i = 0; i < 40; i++) for (let j = 0; j < d; j++) mean[j] += small.get(i, j) / 40;
    const scatter = new Float64Array(d * d);
    for (let i = 0; i < 40; i++) {
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) scatter[a * d + b] += (small.get(i, a) - mean[a]) * (small.get(i, b) - mean[b]);
    }
    expectClose(acc.mean, mean, 1e-14);
    expectClose(acc.covariance().data, scatter.map((v) => v / 39), 1e-12);
    expectClose(acc.covariance({ ddof: 0 }).data, scatter.map((v) => v / 40), 1e-12);
  });

  it('keeps O(d²) state: its JSON does not grow with the rows', () => {
    const small = new PcaAccumulator().update(rowsOf(x, 0, 10));
    const large = new PcaAccumulator().update(x);
    expect(JSON.stringify(large).length).toBe(JSON.stringify(small).length + String(1797).length - String(10).length);
  });

  it('the course example: samples (0,3), (1,4), (2,5) → mean (1, 4), population cov [[2/3, 2/3], [2/3, 2/3]]', () => {
    const acc = new PcaAccumulator().update([[0, 3]]).update([[1, 4], [2, 5]]);
    expectClose(acc.mean, [1, 4], 1e-15);
    expectClose(acc.covariance({ ddof: 0 }).data, [2 / 3, 2 / 3, 2 / 3, 2 / 3], 1e-15);
  });
});
