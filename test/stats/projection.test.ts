/** projectionMatrix and project: the course's values, the invariants as properties, errors. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matrix, NonFiniteError, ShapeError, matmul, project, projectionMatrix, transpose } from '../../src/entry/node.js';
import { Rng } from '../../src/random.js';
import { expectClose } from '../helpers/close.js';

const B = [[1, 0], [1, 1], [1, 2]];

describe('projections: course values', () => {
  it('onto the line through [1, 2, 2]: P = [[1,2,2],[2,4,4],[2,4,4]]/9; (1,1,1) ↦ [5,10,10]/9', () => {
    const P = projectionMatrix([1, 2, 2]);
    // b bᵀ / bᵀb as the course writes it: each entry is the correctly rounded k/9.
    expect(P.toArray()).toEqual([[1, 2, 2], [2, 4, 4], [2, 4, 4]].map((r) => r.map((v) => v / 9)));
    const { projection, coefficients } = project([1, 1, 1], [1, 2, 2]);
    expect(Array.from(projection)).toEqual([5 / 9, 10 / 9, 10 / 9]);
    expect(Array.from(coefficients)).toEqual([5 / 9]);
  });

  it('onto the columns of B = [[1,0],[1,1],[1,2]]: P = [[5,2,-1],[2,2,2],[-1,2,5]]/6; (6,0,0) ↦ [5,2,-1]', () => {
    expectClose(projectionMatrix(B).data, [5, 2, -1, 2, 2, 2, -1, 2, 5].map((v) => v / 6), 1e-15);
    const { projection, coefficients } = project([6, 0, 0], B);
    expectClose(projection, [5, 2, -1], 1e-15);
    expectClose(coefficients, [5, -3], 1e-14);
  });

  it('a data set with points as rows projects row by row', () => {
    const r = project([[6, 0, 0], [1, 1, 1], [0, 0, 6]], B);
    expect(r.projection.shape).toEqual([3, 3]);
    expectClose(r.projection.data, [5, 2, -1, 1, 1, 1, -1, 2, 5], 1e-14);
    expectClose(r.coefficients.data, [5, -3, 1, 0, -1, 3], 1e-14);
  });

  it('rank-deficient B (a repeated direction) projects onto its span; coefficients are minimum-norm', () => {
    // Columns [1,1,0], [2,2,0], [0,0,1]: span = {x = y}; numpy: B @ pinv(B).
    const D = [[1, 2, 0], [1, 2, 0], [0, 0, 1]];
    expectClose(projectionMatrix(D).data, [0.5, 0.5, 0, 0.5, 0.5, 0, 0, 0, 1], 1e-15);
    const r = project([3, 1, 5], D);
    expectClose(r.projection, [2, 2, 5], 1e-15);
    // numpy: pinv(D) @ [3, 1, 5] = [0.4, 0.8, 5]
    expectClose(r.coefficients, [0.4, 0.8, 5], 1e-14);
    // The zero vector spans {0}.
    expect(projectionMatrix([0, 0]).toArray()).toEqual([[0, 0], [0, 0]]);
    expect(Array.from(project([1, 2], [0, 0]).projection)).toEqual([0, 0]);
  });

  it('a huge or tiny line direction neither overflows nor underflows', () => {
    expectClose(projectionMatrix([1e200, 2e200, 2e200]).data, projectionMatrix([1, 2, 2]).data, 1e-15);
    expectClose(projectionMatrix([1e-200, 2e-200, 2e-200]).data, projectionMatrix([1, 2, 2]).data, 1e-15);
  });
});

describe('projections: invariants', () => {
  it('property: P = P², P = Pᵀ, residual ⊥ subspace, projection = B · coefficients', () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 7 }),
      k: fc.integer({ min: 1, max: 7 }),
      dup: fc.boolean(),
      seed: fc.integer({ min: 1, max: 1e6 }),
    });
    fc.assert(
      fc.property(arb, ({ n, k, dup, seed }) => {
        const rng = new Rng(seed);
        const Bm = new Matrix(n, k, Float64Array.from({ length: n * k }, () => rng.next() * 4 - 2));
        // Sometimes make the last column a copy of the first: rank-deficient B.
        if (dup && k > 1) for (let i = 0; i < n; i++) Bm.data[i * k + k - 1] = Bm.data[i * k];
        const P = projectionMatrix(Bm);
        // 1e-11: U_r from the Jacobi SVD is orthonormal to a few ulps × n; 1e-12 failed once in
        // 3651 runs (a rank-deficient 5×2 B at 1.2e-12).
        expectClose(matmul(P, P).data, P.data, 1e-11);
        expectClose(transpose(P).data, P.data, 0);
        const x = Float64Array.from({ length: n }, () => rng.next() * 10 - 5);
        const { projection, coefficients } = project(x, Bm);
        // Absolute in ‖x‖: x nearly ⊥ B makes the projection tiny, and cancellation is expected.
        const scaleX = 1 + Math.max(...x.map(Math.abs));
        matmul(P, x).forEach((v, i) => expect(Math.abs(v - projection[i])).toBeLessThan(1e-12 * scaleX));
        const residual = x.map((v, i) => v - projection[i]);
        const along = matmul(transpose(Bm), residual); // Bᵀ (x − Px) = 0
        for (const v of along) expect(Math.abs(v)).toBeLessThan(1e-11 * (1 + Math.max(...x.map(Math.abs))));
        matmul(Bm, coefficients).forEach((v, i) => expect(Math.abs(v - projection[i])).toBeLessThan(1e-11 * scaleX));
      }),
      { numRuns: 150 },
    );
  });
});

describe('projections: two equal columns (CI found this: QR passed the rank-1 basis as rank 2)', () => {
  // R₂₂ of this B is rounding noise 8.9e-16, 1.07 × numpy's rank threshold: only the SVD sees
  // rank 1. numpy: the projector onto b = (0.3029…, −1.8444…), P = b bᵀ / bᵀb.
  const b = [0.3029246935620904, -1.84445767570287];
  const B = new Matrix(2, 2, Float64Array.from([b[0], b[0], b[1], b[1]]));
  it('P is the projector onto the one column, not the identity', () => {
    const bb = b[0] * b[0] + b[1] * b[1];
    expectClose(projectionMatrix(B).data, [b[0] * b[0] / bb, b[0] * b[1] / bb, b[1] * b[0] / bb, b[1] * b[1] / bb], 1e-15);
  });
  it('project: the minimum-norm coefficients, split equally between the equal columns', () => {
    const { projection, coefficients } = project([1, 0], B);
    const c = b[0] / (b[0] * b[0] + b[1] * b[1]);
    expectClose(projection, [c * b[0], c * b[1]], 1e-15);
    expectClose(coefficients, [c / 2, c / 2], 1e-15);
  });
});

describe('projections: errors', () => {
  it('shape mismatch and non-finite bases say what was wrong', () => {
    expect(() => project([1, 2], B)).toThrow(ShapeError);
    expect(() => project([1, 2], B)).toThrow(/project: x has length 2 but the basis vectors have length 3/);
    expect(() => project([[1, 2]], B)).toThrow(/project: x is 1×2/);
    expect(() => projectionMatrix([[1, NaN], [0, 1]])).toThrow(NonFiniteError);
    expect(() => projectionMatrix([1, Infinity])).toThrow(/projectionMatrix: b must be finite/);
  });
});
