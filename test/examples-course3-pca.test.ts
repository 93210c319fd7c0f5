/**
 * The course-3 PCA examples: reconstruction error against k on the digits, the N < D (Gram)
 * equivalence, and bulk PCA streamed in chunks with two accumulators merged. Reference values
 * are scikit-learn 1.2.1 `PCA(svd_solver='full')` on data/digits.csv, standardised as the course
 * does (population std, constant columns divided by 1).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main as bulkPca, parseArgs } from '../examples/bulk-pca.js';
import { digitsPath, loadDigits } from '../examples/digits-data.js';
import { main as pcaHighDim } from '../examples/pca-high-dim.js';
import { main as pcaReconstruction } from '../examples/pca-reconstruction.js';
import { pca, readCsv, writeNpy } from '../src/entry/node.js';

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('course 3 PCA examples', () => {
  let dir: string;
  beforeAll(() => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    dir = mkdtempSync(join(tmpdir(), 'mmlkit-pca-examples-'));
  });
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reconstruction: MSE(k) = Σ of the population-covariance eigenvalues beyond k, as scikit-learn, k = 1..40', () => {
    const r = pcaReconstruction(40, dir);
    expect([r.n, r.d, r.constantColumns]).toEqual([1797, 64, 3]);
    expect(r.ks).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // ((Z − inverse_transform(transform(Z)))**2).sum(1).mean() for PCA(n_components=k) fitted on Z.
    const sklearn: Record<number, number> = {
      1: 53.65931118038178, 2: 47.82706799449205, 3: 42.67597490999107, 4: 38.711946086401326, 5: 35.74725161206182,
      8: 28.704445617600452, 10: 25.087009244245206, 20: 12.618604751531086, 32: 5.6496142949782415, 40: 3.002474137094576,
    };
    for (const [k, v] of Object.entries(sklearn)) expect(relative(r.mse[Number(k) - 1], v)).toBeLessThan(1e-10);
    r.mse.forEach((e, i) => {
      expect(relative(e, r.tail[i])).toBeLessThan(1e-10);
      expect(relative(r.sklearnTail[i], r.tail[i])).toBeLessThan(1e-10);
      if (i > 0) expect(e).toBeLessThan(r.mse[i - 1]);
    });
    expect(r.maxRelativeDifference).toBeLessThan(1e-10);
    expect(r.maxDifference).toBeLessThan(1e-10 * r.tail[0]);
    expect(r.routeDifference).toBeLessThan(1e-10);
    // explained_variance_ratio_.sum() for k = 1 and k = 40.
    expect(r.cumulativeRatio[0]).toBeCloseTo(0.1203391609773491, 12);
    expect(r.cumulativeRatio[39]).toBeCloseTo(0.9507791125066463, 12);

    const [plot, grid] = r.files.map((f) => readFileSync(f, 'utf8'));
    expect(plot.startsWith('<svg')).toBe(true);
    expect(plot).toContain('Σ eigenvalues beyond k');
    expect((plot.match(/<circle /g) ?? []).length).toBe(40 + 1); // one per k, one legend swatch
    expect(plot).not.toContain('NaN');
    // Ten digits × (original + k = 2, 8, 32), each with 64 pixel rects and a frame.
    expect((grid.match(/class="image"/g) ?? []).length).toBe(40);
    expect((grid.match(/width="1" height="1"/g) ?? []).length).toBe(40 * 64);
    for (const label of ['original', 'k = 2', 'k = 8', 'k = 32']) expect(grid).toContain(`>${label}</text>`);
  });

  it('reconstruction with a short k range still draws the k = 2, 8, 32 grid', () => {
    const r = pcaReconstruction(3, join(dir, 'short'));
    expect(r.ks).toEqual([1, 2, 3]);
    expect(r.maxRelativeDifference).toBeLessThan(1e-10);
    expect((readFileSync(r.files[1], 'utf8').match(/class="image"/g) ?? []).length).toBe(40);
  });

  it("N = 50 < D = 64: 'gram' and 'covariance' (and the course's hand route) give the same axes, variances and reconstructions", () => {
    const r = pcaHighDim();
    expect([r.n, r.d, r.k]).toEqual([50, 64, 49]); // 50 centred rows span 49 dimensions
    expect(r.componentDifference).toBeLessThan(1e-10);
    expect(r.varianceDifference).toBeLessThan(1e-10);
    expect(r.reconstructionDifference).toBeLessThan(1e-10);
    expect(r.handComponentDifference).toBeLessThan(1e-10);
    expect(r.handVarianceDifference).toBeLessThan(1e-10);
    expect(r.rankReconstructionError).toBeLessThan(1e-10);
    // scikit-learn on the same 50 standardised digits.
    const sklearnMse: Record<number, number> = { 1: 43.018164762583964, 8: 14.197373424954689, 32: 0.5065750869686544 };
    for (const { k, gram, covariance } of r.reconstructionMse.filter((e) => e.k in sklearnMse)) {
      expect(relative(gram, sklearnMse[k])).toBeLessThan(1e-10);
      expect(relative(covariance, sklearnMse[k])).toBeLessThan(1e-10);
    }
    expect(r.reconstructionMse.map((e) => e.k)).toEqual([1, 2, 8, 16, 32, 49]);
    [8.144729834097994, 7.621052834955503, 6.340138122123831].forEach((v, i) => expect(relative(r.explainedVariance[i], v)).toBeLessThan(1e-10));
    // The 49th variance is 1.6e5 times smaller than the first: relative accuracy ~ε·λ₁/λ₄₉.
    expect(relative(r.explainedVariance[48], 5.2402148144772936e-5)).toBeLessThan(1e-8);
  });

  it('N = 20: the same agreement; N ≥ D is refused', () => {
    const r = pcaHighDim(20);
    expect(r.k).toBe(19);
    expect(Math.max(r.componentDifference, r.varianceDifference, r.reconstructionDifference, r.handComponentDifference)).toBeLessThan(1e-10);
    expect(() => pcaHighDim(64)).toThrow(RangeError);
  });

  it('bulk PCA: two halves shipped as JSON and merged = one accumulator over every chunk = pca() in memory = scikit-learn', async () => {
    const r = await bulkPca();
    expect([r.rows, r.features, r.chunks]).toEqual([1797, 64, 4]);
    expect(r.shards.map((s) => s.rows)).toEqual([898, 899]);
    r.shards.forEach((s) => expect(s.bytes).toBeGreaterThan(8 * (64 + (64 * 65) / 2))); // base64 of mean + packed scatter
    expect(r.meanDifference).toBeLessThan(1e-12);
    expect(r.componentDifference).toBeLessThan(1e-12);
    expect(r.varianceDifference).toBeLessThan(1e-12);
    // scikit-learn PCA(n_components=10).fit(X).explained_variance_ on the raw pixels.
    const sklearn = [179.00693009797214, 163.7177468816776, 141.7884390922841, 101.10037520284824, 69.51316559098744,
      59.108524886299755, 51.88453910779532, 44.01510666909536, 40.31099529278413, 37.011798402207745];
    expect(r.model.nComponents).toBe(10);
    r.model.explainedVariance.forEach((v, i) => expect(relative(v, sklearn[i])).toBeLessThan(1e-10));
    expect(r.model.explainedVarianceRatio.reduce((s, v) => s + v, 0)).toBeCloseTo(0.7382267688459533, 12);

    const { data } = readCsv(digitsPath(), { labelColumn: 'label' });
    const inMemory = pca(data, { components: 10 });
    const expected = inMemory.transform(data).data.subarray(0, 500 * 10);
    expect(r.firstChunkScores.shape).toEqual([500, 10]);
    r.firstChunkScores.data.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThan(1e-10));
    // |scores| of the first digit on the first three components (signs are convention-dependent).
    [1.2594664501016726, 21.274883480738445, 9.463054617605227].forEach((v, i) => expect(Math.abs(Math.abs(r.firstChunkScores.data[i]) - v)).toBeLessThan(1e-10));
    expect(r.firstChunkLabels?.slice(0, 5)).toEqual(['0', '1', '2', '3', '4']);
  });

  it('bulk PCA reads .npy too, in any chunk size, to the same model', async () => {
    const path = join(dir, 'digits.npy');
    writeNpy(path, loadDigits().images);
    const csv = await bulkPca();
    const npy = await bulkPca({ path, chunkRows: 256, components: 10 });
    expect([npy.rows, npy.features, npy.chunks]).toEqual([1797, 64, 8]);
    expect(npy.firstChunkLabels).toBeUndefined();
    expect(npy.componentDifference).toBeLessThan(1e-12);
    npy.model.explainedVariance.forEach((v, i) => expect(relative(v, csv.model.explainedVariance[i])).toBeLessThan(1e-12));
    npy.model.components.data.forEach((v, i) => expect(Math.abs(v - csv.model.components.data[i])).toBeLessThan(1e-10));
  });

  it('bulk PCA arguments: file, -k, --label (name or index), --chunk-rows', () => {
    expect(parseArgs(['x.csv', '-k', '0.9', '--label', 'species', '--chunk-rows', '100'])).toEqual({
      path: 'x.csv', components: 0.9, labelColumn: 'species', chunkRows: 100,
    });
    expect(parseArgs(['--label', '64'])).toEqual({ labelColumn: 64 });
    expect(() => parseArgs(['--out', 'x'])).toThrow(/unknown option --out/);
    expect(() => parseArgs(['-k'])).toThrow(/-k needs a value/);
  });
});
