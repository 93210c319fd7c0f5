/** The course-3 statistics examples run and print the course's numbers (their main() returns them). */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main as distancesKnn } from '../examples/distances-knn.js';
import { main as meanCovAffine } from '../examples/mean-cov-affine.js';
import { main as projections } from '../examples/projections.js';

describe('course 3 statistics examples', () => {
  beforeAll(() => void vi.spyOn(console, 'log').mockImplementation(() => undefined));
  afterAll(() => vi.restoreAllMocks());

  it('mean/cov: mean (1, 4), population cov 2/3 everywhere; affine identities hold on the digits', () => {
    const r = meanCovAffine();
    expect(r.courseMean).toEqual([1, 4]);
    r.coursePopulationCov.flat().forEach((v) => expect(v).toBeCloseTo(2 / 3, 15));
    // numpy: np.trace(np.cov(load_digits().data, rowvar=False, ddof=0))
    expect(r.digitsTotalVariance).toBeCloseTo(1201.4787373626173, 9);
    expect(r.meanIdentityError).toBeLessThan(1e-11);
    expect(r.covIdentityError).toBeLessThan(1e-12);
  });

  it('distances/k-NN: √2, π/2, clamped 0; nearest neighbour and accuracies as numpy/scikit-learn', () => {
    const r = distancesKnn();
    expect(r.courseDistance).toBe(Math.SQRT2);
    expect(r.courseAngle).toBe(Math.PI / 2);
    expect(r.parallelAngle).toBe(0);
    expect(r.nearestOfFirst.index).toBe(877);
    expect(r.nearestOfFirst.label).toBe(0);
    expect(r.nearestOfFirst.distance).toBeCloseTo(10.954451150103322, 12);
    expect(r.testSize).toBe(297);
    // scikit-learn KNeighborsClassifier(algorithm='brute'), fit on the first 1500 digits.
    expect(r.correct).toEqual({ 1: 281, 3: 285, 5: 284 });
  });

  it('projections: the course\'s P matrices and projections; least squares; digits onto class means', () => {
    const r = projections();
    r.lineP.flat().forEach((v, i) => expect(v).toBe([1, 2, 2, 2, 4, 4, 2, 4, 4][i] / 9));
    expect(r.lineProjection).toEqual([5 / 9, 10 / 9, 10 / 9]);
    r.planeP.flat().forEach((v, i) => expect(v).toBeCloseTo([5, 2, -1, 2, 2, 2, -1, 2, 5][i] / 6, 15));
    r.planeProjection.forEach((v, i) => expect(v).toBeCloseTo([5, 2, -1][i], 14));
    r.planeCoefficients.forEach((v, i) => expect(v).toBeCloseTo([5, -3][i], 14));
    r.leastSquares.forEach((v, i) => expect(v).toBeCloseTo([5, -3][i], 14));
    expect(r.idempotenceError).toBeLessThan(1e-15);
    expect(r.symmetryError).toBe(0);
    // numpy: ((T − T @ (M @ pinv(M)).T)**2).sum(1).mean() with M the 10 class means as columns.
    expect(r.digitsMse).toBeCloseTo(399.74356513957343, 9);
  });
});
