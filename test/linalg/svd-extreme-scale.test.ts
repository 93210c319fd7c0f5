/**
 * The SVD of a matrix with entries near 1e300 (or 1e-300): LAPACK's dgesdd scales such a
 * matrix first; the ts kernel (ts and wasm) did not, and gave NaN singular values for subnormal
 * entries (found by the API fuzz: svd([[2.5e-323]])). The facade now scales by an exact power of
 * two on every backend, so singular values, cond, rank and pinv scale with the entries.
 */
import { describe, expect, it } from 'vitest';
import { cond, pinv, rank, svd, withBackend } from '../../src/entry/node.js';
import { BACKENDS } from '../helpers/backends.js';

const available = BACKENDS.filter((b) => b.available).map((b) => b.name);

describe.each(available)('svd of extreme magnitudes on %s', (backend) => {
  const on = <T>(f: () => T): T => withBackend(backend, f);

  it.each([[[[2.5e-323]]], [[[1e-310, 0], [0, 2e-310]]], [[[5e-324, 1e-323], [0, 5e-324]]]])('subnormal entries %j: finite singular values (ts and wasm gave NaN)', (A) => {
    const { u, s, vt } = on(() => svd(A));
    for (const v of [...u.data, ...s, ...vt.data]) expect(Number.isFinite(v)).toBe(true);
    expect(s[0]).toBeGreaterThan(0);
    expect(on(() => rank(A))).toBeGreaterThan(0);
  });

  it.each([1e300, 1e-300, 2 ** 1000])('entries scaled by %s: singular values scale with them', (factor) => {
    const A = [[3, 1, 0], [1, 2, 1], [0, 1, 4], [2, 0, 1]];
    const big = A.map((row) => row.map((v) => v * factor));
    const s = on(() => svd(A, { vectors: false }).s);
    const sBig = on(() => svd(big, { vectors: false }).s);
    for (let i = 0; i < s.length; i++) expect(sBig[i] / (s[i] * factor)).toBeCloseTo(1, 12);
    expect(on(() => cond(big)) / on(() => cond(A))).toBeCloseTo(1, 10);
    expect(on(() => rank(big))).toBe(3);
    const p = on(() => pinv(big)).data;
    const pRef = on(() => pinv(A)).data;
    for (let i = 0; i < p.length; i++) expect(p[i] * factor).toBeCloseTo(pRef[i], 10);
  });

  it("the fuzz's case (one entry 1e300 among entries of size 10): cond past 1/ε on every backend", () => {
    // s_min is 1e-299 of s_max, far below ε·s_max: any value past 1/ε (or ∞) is within the
    // SVD's error bound, so the backends need not agree on the number, only on its size.
    const A = [[8.225711702015648e-252, 8, -6], [-9, -6, -7], [-9.58658675058649e-86, -1e300, 9], [-4, -7, 4]];
    expect(on(() => cond(A))).toBeGreaterThan(1 / Number.EPSILON);
  });
});
