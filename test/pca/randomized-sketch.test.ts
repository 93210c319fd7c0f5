/**
 * Streaming randomized PCA (RandomizedPcaSketch, its passes and partials): agreement with the
 * exact PCA on wide low-rank + noise data, merge-order independence, the JSON wire form,
 * backends, and validation.
 */
import { describe, expect, it } from 'vitest';
import { Matrix, matmul, withBackend } from '../../src/entry/node.js';
import { pca } from '../../src/pca/pca.js';
import { svd } from '../../src/linalg/svd.js';
import { RandomizedPcaSketch } from '../../src/pca/randomized-sketch.js';
import { RandomizedPcaPartial, RandomizedPcaPass } from '../../src/pca/sketch-pass.js';
import { pcaFromChunks } from '../../src/pca/pca-from-chunks.js';
import { gaussianTestMatrix } from '../../src/pca/gaussian-test-matrix.js';
import { Rng } from '../../src/random.js';
import type { PcaModel } from '../../src/pca/model.js';
import { FormatError, MmlError, NonFiniteError, OptionError, ShapeError } from '../../src/errors.js';
import { thrown } from '../helpers/thrown.js';

/** n × d: rank-`rank` signal with singular values decaying as `decay`^i, plus N(0, noise²), offset by 5. */
function lowRankPlusNoise(n: number, d: number, rank: number, seed: number, noise = 1e-3, decay = 0.8): Matrix {
  const u = gaussianTestMatrix(n, rank, seed);
  for (let i = 0; i < n; i++) for (let r = 0; r < rank; r++) u.data[i * rank + r] *= decay ** r;
  const x = matmul(u, gaussianTestMatrix(rank, d, seed + 1));
  const e = gaussianTestMatrix(n, d, seed + 2);
  for (let i = 0; i < x.data.length; i++) x.data[i] += 5 + noise * e.data[i];
  return x;
}

/** Rows [start, end) of x, as a Matrix sharing nothing. */
function rows(x: Matrix, start: number, end: number): Matrix {
  return new Matrix(end - start, x.cols, x.data.slice(start * x.cols, end * x.cols));
}

function* chunksOf(x: Matrix, size: number): Generator<Matrix> {
  for (let i = 0; i < x.rows; i += size) yield rows(x, i, Math.min(x.rows, i + size));
}

function sketchFit(x: Matrix, options: ConstructorParameters<typeof RandomizedPcaSketch>[0], chunk = 256): PcaModel {
  const sketch = new RandomizedPcaSketch(options);
  while (!sketch.done) {
    for (const c of chunksOf(x, chunk)) sketch.update(c);
    sketch.endPass();
  }
  return sketch.finish();
}

/** sin of the largest principal angle between the row spaces of a and b (both k × d, orthonormal rows). */
function largestAngle(a: Matrix, b: Matrix): number {
  const [k, d] = [a.rows, a.cols];
  const r = new Matrix(k, d, a.data.slice());
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let c = 0;
      for (let t = 0; t < d; t++) c += a.data[i * d + t] * b.data[j * d + t];
      for (let t = 0; t < d; t++) r.data[i * d + t] -= c * b.data[j * d + t];
    }
  }
  return Math.asin(Math.min(1, svd(r, { vectors: false }).s[0]));
}

function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.abs(b[i]));
  return worst;
}

describe('RandomizedPcaSketch against the exact PCA', () => {
  it('wide low-rank + noise (3000 × 2000, rank 10): variances within 1e-6, axes within 1e-4 rad', () => {
    const x = lowRankPlusNoise(3000, 2000, 10, 11);
    const exact = pca(x, { components: 10 });
    // Chunks of 1500 rows: update() works in row blocks of 2^21 / 2000 = 1048 rows, so each
    // chunk is two blocks (1048 + 452) and the data three chunks.
    const model = sketchFit(x, { components: 10, powerIterations: 4 }, 1500);
    expect(worstRelative(model.explainedVariance, exact.explainedVariance)).toBeLessThan(1e-6);
    expect(worstRelative(model.explainedVarianceRatio, exact.explainedVarianceRatio)).toBeLessThan(1e-6);
    expect(worstRelative(model.mean, exact.mean)).toBeLessThan(1e-12);
    expect(largestAngle(model.components, exact.components)).toBeLessThan(1e-4);
    expect(model.noiseVariance).toBeCloseTo(exact.noiseVariance, 10);
    if (process.env.RPCA_PRINT) process.stdout.write(`ev ${worstRelative(model.explainedVariance, exact.explainedVariance)} ratio ${worstRelative(model.explainedVarianceRatio, exact.explainedVarianceRatio)} angle ${largestAngle(model.components, exact.components)}\n`);
  });
});

const small = lowRankPlusNoise(500, 120, 6, 21, 0.05);

/** The models agree entry by entry to `tol` (relative to max(1, |entry|)). */
function expectSameModel(a: PcaModel, b: PcaModel, tol: number): void {
  const pairs: [ArrayLike<number>, ArrayLike<number>][] = [
    [a.mean, b.mean],
    [a.components.data, b.components.data],
    [a.explainedVariance, b.explainedVariance],
    [a.explainedVarianceRatio, b.explainedVarianceRatio],
  ];
  for (const [x, y] of pairs) {
    expect(x.length).toBe(y.length);
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(y[i])));
    expect(worst).toBeLessThan(tol);
  }
}

describe('partials: any split of the rows, any merge order', () => {
  /** One fit where every pass is split at `cuts`, each range a partial shipped as JSON, merged in `order`. */
  function distributed(x: Matrix, cuts: number[], order: number[], chunk: number): PcaModel {
    const sketch = new RandomizedPcaSketch({ components: 4, powerIterations: 2, seed: 5 }, x.cols);
    while (!sketch.done) {
      const planJson = JSON.stringify(sketch.plan());
      const parts = cuts.slice(0, -1).map((start, i) => {
        const part = RandomizedPcaPass.fromJSON(planJson).partial();
        for (const c of chunksOf(rows(x, start, cuts[i + 1]), chunk)) part.update(c);
        return JSON.stringify(part);
      });
      for (const i of order) sketch.merge(parts[i]);
      sketch.endPass();
    }
    return sketch.finish();
  }

  it('gives the same model to ~1e-12 whatever the ranges, chunks and order', () => {
    const one = sketchFit(small, { components: 4, powerIterations: 2, seed: 5 }, 500);
    expectSameModel(distributed(small, [0, 500], [0], 64), one, 1e-11);
    expectSameModel(distributed(small, [0, 1, 7, 250, 499, 500], [4, 2, 0, 3, 1], 33), one, 1e-11);
    expectSameModel(distributed(small, [0, 100, 200, 300, 400, 500], [1, 0, 3, 2, 4], 1), one, 1e-11);
  });

  it('merges partials with each other, and a partial with itself counts its rows twice', () => {
    const plan = new RandomizedPcaSketch({ components: 3, seed: 9 }, small.cols).plan();
    const a = plan.partial().update(rows(small, 0, 200));
    const b = plan.partial().update(rows(small, 200, 500));
    const whole = plan.partial().update(small);
    const merged = a.merge(b);
    expect(merged.count).toBe(500);
    const [m, w] = [merged.sums, whole.sums];
    expect(worstRelative(m.gram, w.gram)).toBeLessThan(1e-10);
    expect(worstRelative(m.mean, w.mean)).toBeLessThan(1e-12);
    const twice = plan.partial().update(small);
    twice.merge(twice);
    expect(twice.count).toBe(1000);
    expect(worstRelative(twice.sums.sumSquares, w.sumSquares.map((v) => 2 * v))).toBeLessThan(1e-12);
  });

  it('round-trips a pass and a partial through JSON exactly', () => {
    const sketch = new RandomizedPcaSketch({ components: 3, oversamples: 4, seed: 1 }, small.cols);
    const plan = sketch.plan();
    const back = RandomizedPcaPass.fromJSON(JSON.stringify(plan));
    expect(back.basis.data).toEqual(plan.basis.data);
    expect(back.basisChecksum).toBe(plan.basisChecksum);
    const part = plan.partial().update(small);
    const json = part.toJSON();
    expect(json).toMatchObject({ format: 'mmlkit-rpca-partial', version: 1, pass: 0, d: 120, width: 7, n: 500, seed: 1, components: 3, oversamples: 4, powerIterations: 7 }); // the default: k < d/10
    const again = RandomizedPcaPartial.fromJSON(JSON.stringify(json), plan);
    expect(again.sums.cross).toEqual(part.sums.cross);
    expect(again.sums.gram).toEqual(part.sums.gram);
  });
});

describe('reproducible', () => {
  it('the same seed gives the same model on every backend; another seed a model as good', () => {
    const models = (['native', 'wasm', 'ts'] as const).map((b) => withBackend(b, () => sketchFit(small, { components: 4, seed: 3 }, 128)));
    expectSameModel(models[1], models[0], 1e-9);
    expectSameModel(models[2], models[0], 1e-9);
    const exact = pca(small, { components: 4 });
    const other = sketchFit(small, { components: 4, seed: 4 }, 128);
    expect(other.components.data).not.toEqual(models[0].components.data);
    expect(worstRelative(other.explainedVariance, exact.explainedVariance)).toBeLessThan(1e-6);
  });
});

describe('hard data', () => {
  it('keeps the digits of data offset by 1e8', () => {
    const shifted = new Matrix(small.rows, small.cols, small.data.map((v) => v + 1e8));
    const a = sketchFit(small, { components: 3, seed: 2 });
    const b = sketchFit(shifted, { components: 3, seed: 2 });
    expect(worstRelative(b.explainedVariance, a.explainedVariance)).toBeLessThan(1e-7);
  });

  it('data of rank 3 with k = 5: the 3 axes of the exact PCA, then ~0 variance, orthonormal rows', () => {
    const x = lowRankPlusNoise(300, 80, 3, 31, 0);
    const exact = pca(x, { components: 3 });
    const model = sketchFit(x, { components: 5, seed: 1 });
    expect(worstRelative(model.explainedVariance.subarray(0, 3), exact.explainedVariance)).toBeLessThan(1e-9);
    for (const v of model.explainedVariance.subarray(3)) expect(v).toBeLessThan(1e-12 * exact.explainedVariance[0]);
    const c = model.components;
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        let dot = 0;
        for (let t = 0; t < c.cols; t++) dot += c.data[i * c.cols + t] * c.data[j * c.cols + t];
        expect(Math.abs(dot - (i === j ? 1 : 0))).toBeLessThan(1e-10);
      }
    }
  });

  it('constant data: zero variances, no NaN', () => {
    const x = new Matrix(10, 6, new Float64Array(60).fill(3));
    const model = sketchFit(x, { components: 2 });
    expect(Array.from(model.explainedVariance)).toEqual([0, 0]);
    expect(Array.from(model.explainedVarianceRatio)).toEqual([0, 0]);
    expect(model.components.data.every(Number.isFinite)).toBe(true);
  });
});

describe('pcaFromChunks', () => {
  it('randomized over a sync and an async source; covariance equals PcaAccumulator / pca()', async () => {
    const passes: number[] = [];
    const sync = await pcaFromChunks(
      (pass) => {
        passes.push(pass);
        return chunksOf(small, 100);
      },
      { method: 'randomized', components: 4, powerIterations: 3, seed: 8 },
    );
    expect(passes).toEqual([0, 1, 2, 3]);
    async function* slow() {
      for (const c of chunksOf(small, 77)) yield c.toArray();
    }
    const asyncModel = await pcaFromChunks(() => slow(), { method: 'randomized', components: 4, powerIterations: 3, seed: 8 });
    expectSameModel(asyncModel, sync, 1e-11);
    const exact = await pcaFromChunks(() => chunksOf(small, 64), { components: 4 });
    expectSameModel(exact, pca(small, { components: 4 }), 1e-9);
    expect(worstRelative(sync.explainedVariance, exact.explainedVariance)).toBeLessThan(1e-6);
  });
});

describe('defaults', () => {
  it('power iterations: 7 when k < d/10, else 4 (scikit-learn\'s rule with d), chosen once d is known', () => {
    const s = new RandomizedPcaSketch({ components: 3 });
    expect(s.passes).toBeUndefined();
    s.update(rows(small, 0, 10));
    expect([s.passes, s.options?.powerIterations, s.width]).toEqual([8, 7, 13]);
    expect(new RandomizedPcaSketch({ components: 3 }, 20).passes).toBe(5);
    expect(new RandomizedPcaSketch({ components: 3, powerIterations: 0 }).passes).toBe(1);
  });
});

describe('validation', () => {
  const fed = (options: ConstructorParameters<typeof RandomizedPcaSketch>[0], d?: number) => {
    const s = new RandomizedPcaSketch(options, d);
    return s;
  };

  it('refuses bad options with OptionError naming them', () => {
    for (const [options, name] of [
      [{ components: 0.9 }, 'components'],
      [{ components: 0 }, 'components'],
      [{ components: 2, oversamples: -1 }, 'oversamples'],
      [{ components: 2, powerIterations: 1.5 }, 'powerIterations'],
      [{ components: 2, powerIterations: 1000 }, 'powerIterations'],
      [{ components: 2, seed: 2 ** 32 }, 'seed'],
      [{ components: 2, whiten: 1 }, 'whiten'],
      [{ components: 2, n_components: 2 }, 'n_components'],
    ] as [never, string][]) {
      const e = thrown(() => fed(options));
      expect(e).toBeInstanceOf(OptionError);
      expect((e as OptionError).option).toBe(name);
    }
    expect((thrown(() => fed({ components: 0.9 })) as Error).message).toMatch(/fixed number of components/);
    expect(thrown(() => fed({ components: 7 }, 6))).toBeInstanceOf(OptionError);
    expect(thrown(() => fed({ components: 2 }, 0))).toBeInstanceOf(OptionError);
  });

  it('refuses chunks of another width, NaN with its row overall, too few rows, k > n', () => {
    const s = fed({ components: 2 });
    s.update([[1, 2, 3], [4, 5, 7]]);
    expect(thrown(() => s.update([[1, 2]]))).toBeInstanceOf(ShapeError);
    const nan = thrown(() => s.update([[1, 2, 3], [1, NaN, 3]])) as NonFiniteError;
    expect(nan).toBeInstanceOf(NonFiniteError);
    expect(nan.message).toMatch(/row 3 overall/);
    expect(s.count).toBe(2); // unchanged by the refused chunks
    const one = fed({ components: 1 }, 3).update([[1, 2, 3]]);
    expect(thrown(() => one.endPass())).toBeInstanceOf(ShapeError);
    expect(thrown(() => fed({ components: 1 }).endPass())).toBeInstanceOf(ShapeError);
    const wideFew = fed({ components: 3 }, 5).update([[1, 2, 3, 4, 5], [2, 2, 3, 4, 1]]);
    expect((thrown(() => wideFew.endPass()) as OptionError).option).toBe('components');
  });

  it('refuses a pass with other rows than the first, calls out of order, partials of another pass, fit or basis', () => {
    const s = fed({ components: 2, powerIterations: 1 }, small.cols).update(small);
    const plan0 = s.plan();
    const stale = plan0.partial().update(small);
    expect(thrown(() => s.finish())).toBeInstanceOf(MmlError);
    s.endPass();
    expect((thrown(() => s.merge(stale)) as Error).message).toMatch(/pass/);
    expect(thrown(() => s.merge(JSON.stringify(stale)))).toBeInstanceOf(ShapeError);
    const otherSeed = new RandomizedPcaSketch({ components: 2, powerIterations: 1, seed: 1 }, small.cols).plan().partial();
    const first = new RandomizedPcaSketch({ components: 2, powerIterations: 1 }, small.cols);
    expect((thrown(() => first.merge(otherSeed)) as Error).message).toMatch(/seed/);
    const otherK = new RandomizedPcaSketch({ components: 3, oversamples: 9, powerIterations: 1 }, small.cols).plan().partial();
    expect((thrown(() => first.merge(otherK)) as Error).message).toMatch(/components/);
    s.update(rows(small, 0, 499));
    expect((thrown(() => s.endPass()) as Error).message).toMatch(/saw 499 rows, pass 1 saw 500/);
    s.update(rows(small, 499, 500)).endPass();
    expect(s.done).toBe(true);
    expect(thrown(() => s.update(small))).toBeInstanceOf(MmlError);
    expect(s.finish().nComponents).toBe(2);
  });

  it('refuses malformed JSON with FormatError naming the field', () => {
    const plan = new RandomizedPcaSketch({ components: 2 }, 4).plan();
    const good = plan.partial().update([[1, 2, 3, 4], [2, 3, 5, 8], [0, 1, 0, 1]]).toJSON();
    for (const [patch, field] of [
      [{ format: 'x' }, 'format'],
      [{ version: 2 }, 'version'],
      [{ n: -1 }, 'n'],
      [{ cross: 'AAAA' }, 'cross'],
      [{ gram: 7 }, 'gram'],
      [{ basisChecksum: 3 }, 'basisChecksum'],
    ] as [object, string][]) {
      const e = thrown(() => RandomizedPcaPartial.fromJSON({ ...good, ...patch }, plan));
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).field).toBe(field);
    }
    expect(thrown(() => RandomizedPcaPartial.fromJSON({ ...good, basisChecksum: '00000000' }, plan))).toBeInstanceOf(ShapeError);
    expect(thrown(() => RandomizedPcaPartial.fromJSON('{', plan))).toBeInstanceOf(FormatError);
    const passJson = plan.toJSON();
    expect((thrown(() => RandomizedPcaPass.fromJSON({ ...passJson, basis: good.mean })) as FormatError).field).toBe('basis');
    expect((thrown(() => RandomizedPcaPass.fromJSON({ ...passJson, pass: 5 })) as FormatError).field).toBe('pass');
  });

  it('pcaFromChunks refuses a source that is not a function of iterables and chunks that change width', async () => {
    await expect(pcaFromChunks(42 as never, { method: 'randomized', components: 2 })).rejects.toBeInstanceOf(OptionError);
    await expect(pcaFromChunks((() => 5) as never, { method: 'randomized', components: 2 })).rejects.toBeInstanceOf(OptionError);
    await expect(pcaFromChunks(() => [[[1, 2]], [[1, 2, 3]]], { method: 'randomized', components: 1 })).rejects.toBeInstanceOf(ShapeError);
    await expect(pcaFromChunks(() => [], { method: 'randomized' } as never)).rejects.toBeInstanceOf(OptionError);
    await expect(pcaFromChunks(() => [], { method: 'covariance', seed: 1 })).rejects.toBeInstanceOf(OptionError);
    await expect(pcaFromChunks(() => [], { method: 'magic' } as never)).rejects.toBeInstanceOf(OptionError);
  });
});
