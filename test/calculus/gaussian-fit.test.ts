import { describe, expect, it } from 'vitest';
import {
  NonFiniteError,
  OptionError,
  ShapeError,
  chi2Surface,
  fitGaussian,
  gaussianPdf,
  gaussianPdfGradient,
  heightsData,
} from '../../src/index.js';

/** |a − b| ≤ rel·|b| (+ a tiny absolute floor for values near 0). */
function expectRel(a: number, b: number, rel: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b) + 1e-300);
}

describe('gaussianPdf and its derivatives — the course unit check', () => {
  it('x = 170, μ = 165, σ = 10: f, ∂f/∂μ, ∂f/∂σ to 1e-12', () => {
    expect(Math.abs(gaussianPdf(170, 165, 10) - 0.035206532676)).toBeLessThan(1e-12);
    const g = gaussianPdfGradient(170, 165, 10);
    expect(Math.abs(g.value - 0.035206532676)).toBeLessThan(1e-12);
    expect(Math.abs(g.dMu - 0.001760326634)).toBeLessThan(1e-12);
    expect(Math.abs(g.dSigma - -0.002640489951)).toBeLessThan(1e-12);
  });

  it('vectors give the scalar values entry by entry; the input is not mutated', () => {
    const xs = [150, 165, 170, 181.5];
    const before = xs.slice();
    const v = gaussianPdf(xs, 165, 10);
    const g = gaussianPdfGradient(Float64Array.from(xs), 165, 10);
    expect(v).toBeInstanceOf(Float64Array);
    xs.forEach((x, i) => {
      expect(v[i]).toBe(gaussianPdf(x, 165, 10));
      const s = gaussianPdfGradient(x, 165, 10);
      expect([g.value[i], g.dMu[i], g.dSigma[i]]).toEqual([s.value, s.dMu, s.dSigma]);
    });
    expect(xs).toEqual(before);
    // numpy: scipy.stats.norm.pdf([150, 181.5], 165, 10)
    expectRel(v[0], 0.012951759566589175, 1e-14);
    expectRel(v[3], 0.010226492456397803, 1e-14);
  });

  it('the analytic partial derivatives agree with central differences (relative 1e-6)', () => {
    for (const [x, mu, sigma] of [
      [170, 165, 10],
      [160, 178.5, 7.5],
      [0.3, -1, 0.25],
      [1e3, 990, 40],
    ]) {
      const h = 1e-4 * sigma; // truncation ~h²·f'''/6 and rounding ~ε·f/h both far below 1e-6
      const g = gaussianPdfGradient(x, mu, sigma);
      const numMu = (gaussianPdf(x, mu + h, sigma) - gaussianPdf(x, mu - h, sigma)) / (2 * h);
      const numSigma = (gaussianPdf(x, mu, sigma + h) - gaussianPdf(x, mu, sigma - h)) / (2 * h);
      expectRel(g.dMu, numMu, 1e-6);
      expectRel(g.dSigma, numSigma, 1e-6);
    }
  });

  it('NaN in x propagates (element-wise NaN policy); far tails are 0, never NaN', () => {
    const v = gaussianPdf([NaN, 1e308, -Infinity], 0, 1);
    expect(Number.isNaN(v[0])).toBe(true);
    expect([v[1], v[2]]).toEqual([0, 0]);
    const g = gaussianPdfGradient(1e300, 0, 1e-200);
    expect([g.value, g.dMu, g.dSigma]).toEqual([0, 0, 0]);
  });

  it('σ ≤ 0, non-finite σ or μ → OptionError; a matrix for x → ShapeError', () => {
    for (const sigma of [0, -1, NaN, Infinity]) {
      expect(() => gaussianPdf(1, 0, sigma)).toThrow(OptionError);
      expect(() => gaussianPdfGradient([1], 0, sigma)).toThrow(OptionError);
    }
    expect(() => gaussianPdf(1, NaN, 1)).toThrow(/option 'mu' must be a finite number; got NaN/);
    expect(() => gaussianPdf([[1, 2]] as unknown as number[], 0, 1)).toThrow(ShapeError);
  });
});

describe('heightsData — the assignment histogram', () => {
  it('100 bin centres 51.25 … 298.75 in steps of 2.5', () => {
    const { x, y } = heightsData();
    expect(x.length).toBe(100);
    expect(y.length).toBe(100);
    x.forEach((v, i) => expect(v).toBe(50 + 2.5 * i + 1.25));
  });

  it('a density: Σ y·2.5 = 1, non-zero only in bins 44..59, with the listed proportions', () => {
    const { y } = heightsData();
    expect(y.reduce((s, v) => s + v, 0) * 2.5).toBeCloseTo(1, 14);
    y.forEach((v, i) => expect(v > 0).toBe(i >= 44 && i <= 59));
    // numpy: the listed values / (Σ · 2.5), Σ = 0.995
    expectRel(y[44], 0.01246231155778895, 1e-14);
    expectRel(y[50], 0.05306532663316584, 1e-14);
    expectRel(y[59], 0.00040201005025126, 1e-12);
  });

  it('returns fresh arrays each call', () => {
    const a = heightsData();
    a.y[50] = -1;
    expect(heightsData().y[50]).toBeGreaterThan(0);
  });
});

describe('fitGaussian — the course run', () => {
  // Reference: the course's steepest_step loop in numpy (float64), μ = 155, σ = 6,
  // aggression 2000, 50 steps, on the same histogram. Our f is evaluated as
  // exp(−u²/2)/(σ√2π) with u = (x−μ)/σ, so the last bits differ: measured ≤ 5e-16 relative
  // on μ, σ and χ²; the 1e-12 bound leaves room for other summation orders.
  const REL = 1e-12;

  it('defaults are the course: μ ≈ 178.5198, σ ≈ 7.5499, χ² ≈ 4.3925e-4 after 50 steps', () => {
    const { x, y } = heightsData();
    const fit = fitGaussian(x, y);
    expectRel(fit.mu, 178.51982404192677, REL);
    expectRel(fit.sigma, 7.549907722008972, REL);
    expectRel(fit.chi2, 0.000439245367132349, REL);
    expect(fit.steps).toBe(50);
    expect(fit.reason).toBe('steps');
    expect(fit.halvedSteps).toBe(0);
  });

  it('path: 51 × 2 rows of (μ, σ), row 0 the start, the course’s p array', () => {
    const { x, y } = heightsData();
    const fit = fitGaussian(x, y, { mu: 155, sigma: 6, learningRate: 2000, steps: 50 });
    expect([fit.path.rows, fit.path.cols]).toEqual([51, 2]);
    expect([fit.path.get(0, 0), fit.path.get(0, 1)]).toEqual([155, 6]);
    const numpy: [number, number, number][] = [
      [1, 155.92606635132483, 13.318869626411455],
      [2, 157.27745167907446, 15.520874165595153],
      [5, 160.65939199554128, 18.51550465091108],
      [10, 164.96415800301818, 19.58684686505623],
      [25, 175.13318056873266, 12.945170078539707],
    ];
    for (const [k, mu, sigma] of numpy) {
      expectRel(fit.path.get(k, 0), mu, REL);
      expectRel(fit.path.get(k, 1), sigma, REL);
    }
    expect([fit.path.get(50, 0), fit.path.get(50, 1)]).toEqual([fit.mu, fit.sigma]);
  });

  it('χ² at the end equals chi2Surface at the fitted point; 0 steps returns the start', () => {
    const { x, y } = heightsData();
    const fit = fitGaussian(x, y);
    expect(chi2Surface(x, y, [fit.mu], [fit.sigma]).data[0]).toBe(fit.chi2);
    const none = fitGaussian(x, y, { steps: 0 });
    expect([none.mu, none.sigma, none.steps, none.path.rows]).toEqual([155, 6, 0, 1]);
    expectRel(none.chi2, 0.03233332706185907, 1e-12); // numpy χ² at (155, 6)
  });

  it('recovers the parameters of noise-free Gaussian data', () => {
    const x = Array.from({ length: 81 }, (_, i) => -4 + 0.1 * i);
    const y = gaussianPdf(x, 0.3, 1.1);
    const fit = fitGaussian(x, y, { mu: 0, sigma: 1, learningRate: 0.5, steps: 2000 });
    expect(Math.abs(fit.mu - 0.3)).toBeLessThan(1e-6);
    expect(Math.abs(fit.sigma - 1.1)).toBeLessThan(1e-6);
    expect(fit.chi2).toBeLessThan(1e-12);
  });

  it('inputs are not mutated', () => {
    const { x, y } = heightsData();
    const [x0, y0] = [x.slice(), y.slice()];
    fitGaussian(x, y);
    expect(x).toEqual(x0);
    expect(y).toEqual(y0);
  });
});

describe('fitGaussian — σ stays positive, never NaN', () => {
  const finitePath = (fit: ReturnType<typeof fitGaussian>) => {
    for (let k = 0; k < fit.path.rows; k++) {
      expect(Number.isFinite(fit.path.get(k, 0))).toBe(true);
      expect(fit.path.get(k, 1)).toBeGreaterThan(0);
    }
    expect(Number.isNaN(fit.mu) || Number.isNaN(fit.sigma) || Number.isNaN(fit.chi2)).toBe(false);
  };

  it('a step that would make σ ≤ 0 is halved until σ > 0 (numpy of the same rule)', () => {
    // Course start μ = 178, σ = 0.5: the first course step sends σ to −1.7 (numpy then
    // wanders off with σ < 0). The halving rule, written in numpy, ends at these values.
    const { x, y } = heightsData();
    const fit = fitGaussian(x, y, { mu: 178, sigma: 0.5 });
    finitePath(fit);
    expect(fit.halvedSteps).toBe(1);
    expect(fit.reason).toBe('steps');
    // Measured within 5e-15 relative of numpy; 1e-10 because the halved run is more sensitive.
    expectRel(fit.mu, 169.28304957463874, 1e-10);
    expectRel(fit.sigma, 72.5726740016447, 1e-10);
    expectRel(fit.chi2, 0.012537548114468071, 1e-10);
  });

  it('a huge learning rate: σ kept > 0 or a clean non-finite stop, never NaN', () => {
    const { x, y } = heightsData();
    for (const learningRate of [1e5, 1e8, 1e300]) {
      for (const [mu, sigma] of [
        [178, 7],
        [155, 6],
        [161.25, 1e-3],
      ]) {
        const fit = fitGaussian(x, y, { mu, sigma, learningRate });
        finitePath(fit);
        expect(fit.path.rows).toBe(fit.steps + 1);
        if (fit.reason === 'non-finite') expect(fit.steps).toBeLessThan(50);
      }
    }
  });

  it('σ so small that the density overflows at the start: stops at step 0 with χ² = ∞', () => {
    const fit = fitGaussian([0, 1], [0.5, 0.5], { mu: 0, sigma: 1e-310 });
    expect(fit.reason).toBe('non-finite');
    expect(fit.steps).toBe(0);
    expect([fit.mu, fit.sigma, fit.chi2]).toEqual([0, 1e-310, Infinity]);
  });

  it('a step of 1e300 that overflows μ stops before it, at the last finite point', () => {
    const fit = fitGaussian([0, 1, 2], [0, 1, 0], { mu: 0.9, sigma: 0.5, learningRate: 1e308 });
    finitePath(fit);
    expect(fit.reason).toBe('non-finite');
  });
});

describe('fitGaussian and chi2Surface — validation', () => {
  const { x, y } = heightsData();

  it('mismatched or empty x/y → ShapeError naming both lengths', () => {
    expect(() => fitGaussian([1, 2, 3], [1, 2])).toThrow(ShapeError);
    expect(() => fitGaussian([1, 2, 3], [1, 2])).toThrow(/x has 3 entries but y has 2/);
    expect(() => fitGaussian([], [])).toThrow(ShapeError);
    expect(() => chi2Surface(x, y.subarray(1), [170], [10])).toThrow(ShapeError);
    expect(() => fitGaussian([[1, 2]] as unknown as number[], [1])).toThrow(ShapeError);
  });

  it('NaN/Inf in the data → NonFiniteError with the position', () => {
    const bad = x.slice();
    bad[7] = NaN;
    expect(() => fitGaussian(bad, y)).toThrow(NonFiniteError);
    expect(() => fitGaussian(bad, y)).toThrow(/x must be finite; entry 7 is NaN/);
    try {
      fitGaussian(x, [...y.slice(0, 99), Infinity]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NonFiniteError);
      expect((e as NonFiniteError).position).toEqual([99]);
    }
    expect(() => chi2Surface(x, y, [NaN], [1])).toThrow(NonFiniteError);
  });

  it('bad options → OptionError', () => {
    const bad: Record<string, unknown>[] = [
      { sigma: 0 },
      { sigma: -6 },
      { sigma: NaN },
      { mu: Infinity },
      { mu: '155' },
      { learningRate: 0 },
      { learningRate: -2000 },
      { steps: -1 },
      { steps: 2.5 },
      { steps: Infinity },
    ];
    for (const options of bad) expect(() => fitGaussian(x, y, options as never)).toThrow(OptionError);
    expect(() => fitGaussian(x, y, null as never)).toThrow(OptionError);
    expect(() => chi2Surface(x, y, [170], [10, 0])).toThrow(OptionError);
  });
});

describe('chi2Surface', () => {
  it('rows follow σ, columns μ; values from numpy', () => {
    const { x, y } = heightsData();
    const z = chi2Surface(x, y, [150, 170, 190], [5, 10]);
    expect([z.rows, z.cols]).toEqual([2, 3]);
    // numpy: Σ (y − f(x; μ, σ))² on the same histogram
    expectRel(z.get(0, 0), 0.03772480909879455, 1e-12);
    expectRel(z.get(1, 1), 0.006438969681765115, 1e-12);
    expectRel(z.get(0, 2), 0.022059994105892343, 1e-12);
    expectRel(chi2Surface(x, y, [178.5], [7.5]).data[0], 0.00043978466501840165, 1e-12);
  });
});
