import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Matrix, NonFiniteError, OptionError, gramSchmidt, matmul, qr, transpose } from '../../src/entry/node.js';

/**
 * numpy.linalg.qr literals (numpy float64, LAPACK dgeqrf/dorgqr). mmlkit adopts LAPACK's sign
 * convention, so entries are compared directly — no sign fixing — to 1e-14 relative to the
 * largest entry.
 */
const RTOL = 1e-14;

function maxRelDiff(x: Matrix, y: number[][]): number {
  expect(x.shape).toEqual([y.length, y.length === 0 ? 0 : y[0].length]);
  let d = 0;
  let size = 0;
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) {
      d = Math.max(d, Math.abs(x.get(i, j) - y[i][j]));
      size = Math.max(size, Math.abs(y[i][j]));
    }
  }
  return d / Math.max(size, Number.MIN_VALUE);
}

/** max |QᵀQ − I|. */
function orthogonalityError(q: Matrix): number {
  const g = matmul(transpose(q), q);
  let e = 0;
  for (let i = 0; i < g.rows; i++) for (let j = 0; j < g.cols; j++) e = Math.max(e, Math.abs(g.get(i, j) - (i === j ? 1 : 0)));
  return e;
}

const A43 = [[1, 2, 3], [4, 5, 6], [7, 8, 10], [1, 0, 1]];

describe('qr: numpy literals, same signs as LAPACK', () => {
  it('tall 4×3, reduced (numpy default)', () => {
    const { q, r } = qr(A43);
    expect(maxRelDiff(q, [
      [-0.12216944435630528, 0.564276492686879, 0.8122914203647438],
      [-0.48867777742522095, 0.2317564166392534, -0.15017152309264156],
      [-0.8551861104941366, -0.10076365940837118, -0.10921565315828488],
      [-0.12216944435630524, -0.7859565433852949, 0.552904244113818],
    ])).toBeLessThan(RTOL);
    expect(maxRelDiff(r, [
      [-8.18535277187245, -9.529216659791809, -11.972605546917912],
      [0, 1.481225793303057, 1.2897748404271514],
      [0, 0, 0.9965928350693488],
    ])).toBeLessThan(RTOL);
  });

  it('tall 4×3, complete: Q is 4×4, R is 4×3 with a zero last row', () => {
    const { q, r } = qr(A43, { mode: 'complete' });
    expect(maxRelDiff(q, [
      [-0.12216944435630528, 0.564276492686879, 0.8122914203647438, 0.08276058886023682],
      [-0.48867777742522095, 0.2317564166392534, -0.15017152309264156, -0.827605888602368],
      [-0.8551861104941366, -0.10076365940837118, -0.10921565315828488, 0.49656353316142066],
      [-0.12216944435630524, -0.7859565433852949, 0.552904244113818, -0.24828176658070975],
    ])).toBeLessThan(RTOL);
    expect(r.shape).toEqual([4, 3]);
    expect(Array.from(r.data.subarray(9))).toEqual([0, 0, 0]);
  });

  it('wide 3×5 (the course matrix B): Q 3×3, R 3×5 trapezoidal', () => {
    const { q, r } = qr([[6, 2, 1, 7, 5], [2, 8, 5, -4, 1], [1, -6, 3, 2, 8]]);
    expect(maxRelDiff(q, [
      [-0.9370425713316364, 0.12700832134978132, -0.32530002431617777],
      [-0.31234752377721214, -0.7214072652667577, 0.6180700462007377],
      [-0.15617376188860607, 0.6807646024348275, 0.715660053495591],
    ])).toBeLessThan(RTOL);
    expect(maxRelDiff(r, [
      [-6.4031242374328485, -3.435822761549333, -2.9673014758835157, -5.622255427989819, -6.246950475544242],
      [0, -9.601829094043463, -1.4377341976795242, 5.136216515385154, 5.359751160960769],
      [0, 0, 4.9120303671742835, -3.3180602480250125, 4.7168503525845775],
    ])).toBeLessThan(RTOL);
  });

  it('complete 3×2', () => {
    const { q, r } = qr([[1, 2], [3, 4], [5, 6]], { mode: 'complete' });
    expect(maxRelDiff(q, [
      [-0.16903085094570325, 0.8970852271450607, 0.40824829046386274],
      [-0.50709255283711, 0.27602622373694136, -0.8164965809277261],
      [-0.8451542547285166, -0.345032779671177, 0.40824829046386313],
    ])).toBeLessThan(RTOL);
    expect(maxRelDiff(r, [[-5.916079783099616, -7.437357441610946], [0, 0.8280786712108248], [0, 0]])).toBeLessThan(RTOL);
  });

  it('LAPACK leaves a column already zero below the diagonal alone: negative R diagonal, Q = I', () => {
    const { q, r } = qr([[-2, 1], [0, 3]]);
    // numpy: [[1., 0.], [-0., 1.]] - dorg2r scales the (zero) reflector tail by −tau = −0.
    expect(q.toArray()).toEqual([[1, 0], [-0, 1]]);
    expect(r.toArray()).toEqual([[-2, 1], [0, 3]]);
  });

  it('a zero first column (rank-deficient) as numpy: R[0][0] = 0', () => {
    const { q, r } = qr([[0, 1], [0, 2], [0, 3]]);
    expect(maxRelDiff(q, [[1, 0], [0, -0.5547001962252291], [0, -0.8320502943378436]])).toBeLessThan(RTOL);
    expect(maxRelDiff(r, [[0, 1], [0, -3.6055512754639896]])).toBeLessThan(RTOL);
  });

  it('the doc example', () => {
    const { q, r } = qr([[3, 1], [4, 2]]);
    expect(maxRelDiff(r, [[-5, -2.2], [0, 0.4]])).toBeLessThan(RTOL);
    expect(maxRelDiff(q, [[-0.6, -0.8], [-0.8, 0.6]])).toBeLessThan(RTOL);
  });
});

describe('qr: shapes (numpy.linalg.qr)', () => {
  const cases: [number, number][] = [[4, 3], [3, 4], [3, 3], [1, 5], [5, 1], [0, 3], [3, 0], [0, 0]];
  it.each(cases)('%i×%i', (m, n) => {
    const a = new Matrix(m, n, Float64Array.from({ length: m * n }, (_, i) => Math.sin(i + 1)));
    const k = Math.min(m, n);
    const red = qr(a);
    expect(red.q.shape).toEqual([m, k]);
    expect(red.r.shape).toEqual([k, n]);
    const full = qr(a, { mode: 'complete' });
    expect(full.q.shape).toEqual([m, m]);
    expect(full.r.shape).toEqual([m, n]);
    if (m > 0) expect(orthogonalityError(full.q)).toBeLessThan(1e-15);
  });
});

describe('qr: properties', () => {
  const arb = fc.integer({ min: 1, max: 9 }).chain((m) => fc.integer({ min: 1, max: 9 }).chain((n) =>
    fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: m * n, maxLength: m * n })
      .map((xs) => new Matrix(m, n, Float64Array.from(xs)))));

  it('A = QR to rounding, QᵀQ = I to ~1e-15, R exactly upper triangular, both modes', () => {
    fc.assert(fc.property(arb, fc.constantFrom('reduced' as const, 'complete' as const), (a, mode) => {
      const { q, r } = qr(a, { mode });
      const qrProduct = matmul(q, r);
      let scale = 0;
      let err = 0;
      for (let i = 0; i < a.data.length; i++) {
        scale = Math.max(scale, Math.abs(a.data[i]));
        err = Math.max(err, Math.abs(qrProduct.data[i] - a.data[i]));
      }
      expect(err).toBeLessThanOrEqual(1e-14 * Math.max(scale, 1e-300) * 10);
      expect(orthogonalityError(q)).toBeLessThan(1e-14);
      for (let i = 0; i < r.rows; i++) for (let j = 0; j < Math.min(i, r.cols); j++) expect(r.get(i, j)).toBe(0);
    }), { numRuns: 300 });
  });

  it('stays orthogonal where Gram–Schmidt cannot: the 12×12 Hilbert matrix (cond ≈ 1.7e16)', () => {
    const n = 12;
    const h = new Matrix(n, n, Float64Array.from({ length: n * n }, (_, k) => 1 / (Math.floor(k / n) + (k % n) + 1)));
    expect(orthogonalityError(qr(h).q)).toBeLessThan(1e-14);
    // Plain modified GS (the course's algorithm) loses orthogonality in proportion to cond(A).
    const gs = gramSchmidt(h, { reorthogonalize: false, tol: 1e-300 }).basis;
    expect(orthogonalityError(gs)).toBeGreaterThan(1e-3);
  });

  it('rescales tiny (subnormal) columns as LAPACK dlarfg does instead of producing NaN', () => {
    const { q, r } = qr([[3e-320], [4e-320]]);
    // Subnormal inputs carry few significant bits (3e-320 is a multiple of 2^-1074: ~13 bits), hence 1e-3.
    expect(maxRelDiff(q, [[-0.6], [-0.8]])).toBeLessThan(1e-3);
    expect(r.get(0, 0) / -5e-320).toBeCloseTo(1, 1);
  });

  it('does not mutate its input', () => {
    const a = new Matrix(2, 2, Float64Array.from([3, 1, 4, 2]));
    qr(a);
    expect(Array.from(a.data)).toEqual([3, 1, 4, 2]);
  });
});

describe('qr: errors', () => {
  it('refuses NaN/Inf with NonFiniteError', () => {
    expect(() => qr([[1, NaN]])).toThrow(NonFiniteError);
    expect(() => qr([[1, NaN]])).toThrow('qr: A must be finite; entry (0, 1) is NaN');
  });

  it('refuses an unknown mode with OptionError', () => {
    expect(() => qr([[1]], { mode: 'full' as 'reduced' })).toThrow(OptionError);
    expect(() => qr([[1]], { mode: 'full' as 'reduced' })).toThrow(`option 'mode' must be 'reduced' or 'complete'; got "full"`);
  });
});
