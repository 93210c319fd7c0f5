import { describe, expect, it } from 'vitest';
import {
  ConvergenceError, NonFiniteError, OptionError, ShapeError, SingularMatrixError, descend, gradient, gradientDescent, hybridStep,
  newtonRaphson, newtonStep, sandpit, steepestStep, type StepRule,
} from '../../src/entry/node.js';
import { expectClose } from '../helpers/close.js';

/** The course's test function with its exact derivatives. */
const q = (p: ArrayLike<number>) => (p[0] - 1) ** 2 + 2 * (p[1] + 0.5) ** 2 + p[0] * p[1];
const qGrad = (p: ArrayLike<number>) => [2 * (p[0] - 1) + p[1], 4 * (p[1] + 0.5) + p[0]];
const qHess = () => [[2, 1], [1, 4]];
/** The course probes with h = 0.01. */
const probe = { f: q, h: 0.01 };

describe('course values: step rules on q at (2, 1)', () => {
  it('steepest (γ = 0.5): [-1.5, -4]', () => {
    expectClose(steepestStep({ learningRate: 0.5 })(probe, [2, 1]), [-1.5, -4], 1e-12);
    expectClose(steepestStep()(probe, [2, 1]), [-1.5, -4], 1e-12); // γ = 0.5 is the default
  });

  it('Newton: [-0.571428571429, -1.857142857143], landing on the minimum (10/7, −6/7)', () => {
    const step = newtonStep()(probe, [2, 1]);
    expectClose(step, [-0.571428571429, -1.857142857143], 1e-11);
    expectClose([2 + step[0], 1 + step[1]], [10 / 7, -6 / 7], 1e-11);
    const g = gradient(q, [2 + step[0], 1 + step[1]]);
    expect(Math.hypot(g[0], g[1])).toBeLessThan(1e-9);
  });

  it('hybrid keeps Newton (downhill, length 1.94 ≤ 2)', () => {
    expect(Array.from(hybridStep()(probe, [2, 1]))).toEqual(Array.from(newtonStep()(probe, [2, 1])));
  });

  it('five steepest steps with γ = 0.25 from (2, 1) end at [1.4150390625, -0.8515625]', () => {
    const r = descend(probe, [2, 1], steepestStep({ learningRate: 0.25 }), { maxSteps: 5 });
    expect(r.reason).toBe('max-steps');
    expect(r.steps).toBe(5);
    expect(r.path.shape).toEqual([6, 2]);
    expectClose(r.x, [1.4150390625, -0.8515625], 1e-12);
    // With the exact gradient every quantity is a dyadic rational: the course's numbers exactly.
    const exact = descend({ f: q, grad: qGrad }, [2, 1], steepestStep({ learningRate: 0.25 }), { maxSteps: 5 });
    expect(Array.from(exact.x)).toEqual([1.4150390625, -0.8515625]);
    expect(exact.path.toArray().slice(0, 2)).toEqual([[2, 1], [1.25, -1]]);
  });
});

describe('course values: the intro surface', () => {
  const { intro } = sandpit;

  it('global minimum near (1.2128, 4.0093): zero gradient, lowest on a fine grid of the box', () => {
    expectClose(intro.minimum!, [1.2128, 4.0093], 5e-5);
    const g = gradient(intro.f, intro.minimum!);
    expect(Math.hypot(g[0], g[1])).toBeLessThan(1e-8);
    const fMin = intro.f(intro.minimum!);
    expect(fMin).toBeCloseTo(-46.154371557, 8); // scipy BFGS
    for (let i = 0; i <= 120; i++) for (let j = 0; j <= 120; j++) expect(intro.f([j / 20, i / 20])).toBeGreaterThanOrEqual(fMin);
  });

  it('the sandpit search (5 steps, tol 0.15) finds it from (3, 2) with the hybrid; pure Newton climbs to the maximum', () => {
    const hybrid = descend(intro, [3, 2], hybridStep({ learningRate: 0.1 }), { maxSteps: 5, tol: 0.15 });
    expect(hybrid.reason).toBe('reached-minimum');
    expect(Math.hypot(hybrid.x[0] - 1.2128, hybrid.x[1] - 4.0093)).toBeLessThanOrEqual(0.15);
    const newton = descend(intro, [3, 2], newtonStep(), { maxSteps: 5, tol: 0.15 });
    expect(newton.reason).toBe('small-step');
    expectClose(newton.x, [4.19, 0.8], 0.02); // the paraboloid's top, shifted by the well's tail
  });

  it('with the course\'s γ = 0.5 steepest descent overshoots the box: the step is refused, not taken', () => {
    const r = descend(intro, [3, 2], steepestStep(), { maxSteps: 5, tol: 0.15 });
    expect(r.reason).toBe('left-bounds');
    expect(r.steps).toBe(0);
    expect(Array.from(r.x)).toEqual([3, 2]);
    expect(r.path.toArray()).toEqual([[3, 2]]);
    const step = steepestStep()(intro, [3, 2]);
    expect(Array.from(r.outside!)).toEqual([3 + step[0], 2 + step[1]]);
    expect(r.outside![0] < 0 || r.outside![1] > 6).toBe(true);
  });
});

describe('step rules', () => {
  it('exact derivatives are used when given: f itself is never called by Newton with { f, grad, hess }', () => {
    let calls = 0;
    const counted = { f: (p: Float64Array) => (calls++, q(p)), grad: qGrad, hess: qHess };
    expect(Array.from(newtonStep()(counted, [2, 1]))).toEqual([-4 / 7, -13 / 7]);
    expect(calls).toBe(0);
    // { f, grad }: the Hessian is central differences of the exact gradient (exact for a quadratic).
    expectClose(newtonStep()({ f: q, grad: qGrad }, [2, 1]), [-4 / 7, -13 / 7], 1e-9);
  });

  it('hybrid falls back to −γ·J where Newton points uphill (intro at (3, 2): Newton heads for the maximum)', () => {
    const J = gradient(sandpit.intro.f, [3, 2], { h: 0.01 });
    const newton = newtonStep()(sandpit.intro, [3, 2]);
    expect(newton[0] * -J[0] + newton[1] * -J[1]).toBeLessThanOrEqual(0);
    expectClose(hybridStep({ learningRate: 0.3 })(sandpit.intro, [3, 2]), [-0.3 * J[0], -0.3 * J[1]], 1e-12);
  });

  it('hybrid falls back to −γ·J when Newton is longer than maxNorm', () => {
    expectClose(hybridStep({ maxNorm: 1.9 })({ f: q, grad: qGrad, hess: qHess }, [2, 1]), [-1.5, -4], 0);
    expectClose(hybridStep({ maxNorm: 1.95 })({ f: q, grad: qGrad, hess: qHess }, [2, 1]), [-4 / 7, -13 / 7], 1e-15);
  });

  it('a singular Hessian: Newton throws SingularMatrixError naming x; the hybrid falls back to steepest', () => {
    const valley = { f: (p: Float64Array) => p[0] ** 2 + p[1], grad: (p: Float64Array) => [2 * p[0], 1], hess: () => [[2, 0], [0, 0]] };
    expect(() => newtonStep()(valley, [1, 1])).toThrow(SingularMatrixError);
    expect(() => newtonStep()(valley, [1, 1])).toThrow(/newtonStep: the Hessian at x = \[1, 1\] is singular .*hybridStep/);
    expect(Array.from(hybridStep()(valley, [1, 1]))).toEqual([-1, -0.5]);
  });

  it('bad options: OptionError naming the option', () => {
    expect(() => steepestStep({ learningRate: 0 })).toThrow("option 'steepestStep: learningRate' must be > 0; got 0");
    expect(() => hybridStep({ maxNorm: -1 })).toThrow(/'hybridStep: maxNorm' must be > 0; got -1/);
    expect(() => hybridStep({ learningRate: NaN })).toThrow(OptionError);
  });

  it('bad objectives and derivatives: typed errors naming the function', () => {
    expect(() => steepestStep()(42 as unknown as typeof q, [1, 1])).toThrow(/must be a function or an object \{ f, grad\?, hess\?, h\? \}/);
    expect(() => steepestStep()({ f: q, grad: () => [1, 2, 3] }, [1, 1])).toThrow(/steepestStep: grad returned 3 values .* expected 2/);
    expect(() => newtonStep()({ f: q, hess: () => [[1, 0], [0, NaN]] }, [1, 1])).toThrow(NonFiniteError);
    expect(() => newtonStep()({ f: q, hess: () => [[1, 0]] }, [1, 1])).toThrow(/returned a 1×2 matrix .* expected 2×2/);
    expect(() => steepestStep()({ f: q, h: -1 }, [1, 1])).toThrow(OptionError);
  });
});

describe('descend', () => {
  it('stops at a known minimum within tol (option or the surface\'s), checked before the first step too', () => {
    const r = descend({ f: q, grad: qGrad, hess: qHess }, [2, 1], newtonStep(), { minimum: [10 / 7, -6 / 7], tol: 1e-12 });
    expect(r.reason).toBe('reached-minimum');
    expect(r.steps).toBe(1);
    const already = descend(sandpit.well, [4, 2.1], steepestStep(), { tol: 0.15 });
    expect([already.reason, already.steps]).toEqual(['reached-minimum', 0]);
  });

  it('stops when the rule stops moving (‖step‖ ≤ stepTol, default tol)', () => {
    const r = descend({ f: q, grad: qGrad, hess: qHess }, [2, 1], newtonStep(), { tol: 1e-10 });
    expect([r.reason, r.steps]).toEqual(['small-step', 1]);
    // The well's plain is almost flat: steepest descent barely moves and stops early …
    expect(descend(sandpit.well, [4.5, 4.5], steepestStep(), { maxSteps: 5, tol: 0.15 }).reason).toBe('small-step');
    // … unless stepTol is set apart from tol.
    expect(descend(sandpit.well, [4.5, 4.5], steepestStep(), { maxSteps: 5, tol: 0.15, stepTol: 1e-6 }).reason).toBe('max-steps');
  });

  it('maxSteps 0 returns the start; the box defaults to the surface\'s and can be overridden', () => {
    const r = descend(sandpit.rocks, [3, 2], steepestStep(), { maxSteps: 0 });
    expect([r.reason, r.steps, r.path.rows]).toEqual(['max-steps', 0, 1]);
    const wide = descend(sandpit.intro, [3, 2], steepestStep(), { maxSteps: 1, bounds: [[-100, 100], [-100, 100]] });
    expect([wide.reason, wide.steps]).toEqual(['max-steps', 1]);
    const unbounded = descend((p) => q(p), [2, 1], steepestStep({ learningRate: 3 }), { maxSteps: 3 });
    expect(unbounded.reason).toBe('max-steps');
  });

  it('does not mutate x0', () => {
    const x0 = Float64Array.of(2, 1);
    descend(probe, x0, steepestStep(), { maxSteps: 3 });
    expect(Array.from(x0)).toEqual([2, 1]);
  });

  it('errors: bad options, a start outside the box, a bad rule', () => {
    expect(() => descend(probe, [2, 1], steepestStep(), { maxSteps: -1 })).toThrow("option 'descend: maxSteps' must be an integer ≥ 0; got -1");
    expect(() => descend(probe, [2, 1], steepestStep(), { maxSteps: 2.5 })).toThrow(OptionError);
    expect(() => descend(probe, [2, 1], steepestStep(), { tol: 0 })).toThrow("option 'descend: tol' must be > 0; got 0");
    expect(() => descend(sandpit.intro, [7, 1], steepestStep())).toThrow(
      "option 'descend: bounds' must be a box containing x0 = [7, 1]; got \"[0, 6] × [0, 6]\"",
    );
    expect(() => descend(probe, [2, 1], steepestStep(), { bounds: [[0, 6]] })).toThrow(/2 pairs \[low, high\]/);
    expect(() => descend(probe, [2, 1], steepestStep(), { bounds: [[0, 6], [3, 3]] })).toThrow(/'descend: bounds\[1\]' must be numbers low < high/);
    expect(() => descend(probe, [2, NaN], steepestStep())).toThrow(NonFiniteError);
    const shortRule: StepRule = () => Float64Array.of(1);
    expect(() => descend(probe, [2, 1], shortRule)).toThrow(ShapeError);
    const nanRule: StepRule = () => Float64Array.of(NaN, 0);
    expect(() => descend(probe, [2, 1], nanRule)).toThrow(/descend: the step rule returned NaN at entry 0 at x = \[2, 1\]/);
    expect(() => descend(probe, [2, 1], undefined as unknown as StepRule)).toThrow(OptionError);
  });
});

describe('sandpit surfaces', () => {
  const grid = (f: (p: number[]) => number) => {
    let best = Infinity;
    for (let i = 0; i <= 60; i++) for (let j = 0; j <= 60; j++) best = Math.min(best, f([j / 10, i / 10]));
    return best;
  };

  it('each is { name, f, h: 0.01, bounds [[0, 6], [0, 6]], minimum } with the minimum below every grid point', () => {
    for (const s of [sandpit.intro, sandpit.well, sandpit.rocks, sandpit.random(1), sandpit.random(42)]) {
      expect(s.bounds).toEqual([[0, 6], [0, 6]]);
      expect(s.h).toBe(0.01);
      expect(s.f(s.minimum!)).toBeLessThanOrEqual(grid(s.f) + 1e-12);
    }
  });

  it('the fixed surfaces\' minima are stationary points (gradient ≈ 0)', () => {
    for (const s of [sandpit.intro, sandpit.well, sandpit.rocks]) {
      const g = gradient(s.f, s.minimum!);
      expect(Math.hypot(g[0], g[1])).toBeLessThan(1e-8);
    }
    expect(sandpit.well.f([4, 2])).toBe(-8);
  });

  it('random surfaces are reproducible from the seed and differ between seeds', () => {
    expect(sandpit.random(7).f([1.5, 2.5])).toBe(sandpit.random(7).f([1.5, 2.5]));
    expect(sandpit.random(7).f([1.5, 2.5])).not.toBe(sandpit.random(8).f([1.5, 2.5]));
    expect(() => sandpit.random(-1)).toThrow(OptionError);
  });
});

describe('gradientDescent', () => {
  const bowl = { f: ([x, y]: Float64Array) => x * x + 4 * y * y, grad: ([x, y]: Float64Array) => [2 * x, 8 * y] };

  it('converges on a quadratic bowl; path has iterations + 1 rows', () => {
    const r = gradientDescent(bowl, [1, 1], { learningRate: 0.1 });
    expect(r.converged).toBe(true);
    expect(Math.hypot(r.x[0], r.x[1])).toBeLessThan(1e-8);
    expect(r.value).toBeLessThan(1e-16);
    expect(r.path.shape).toEqual([r.iterations + 1, 2]);
    expect(r.path.toArray()[1]).toEqual([0.8, 1 - 0.8]);
  });

  it('numerical gradient when only f is given; course q reaches (10/7, −6/7)', () => {
    const r = gradientDescent(q, [2, 1], { learningRate: 0.25, tol: 1e-7, maxIter: 10_000 });
    expect(r.converged).toBe(true);
    expectClose(r.x, [10 / 7, -6 / 7], 1e-7);
  });

  it('running out of iterations is not an error; maxIter 0 checks only the start', () => {
    const r = gradientDescent(bowl, [1, 1], { learningRate: 0.01, maxIter: 3 });
    expect([r.converged, r.iterations, r.path.rows]).toEqual([false, 3, 4]);
    expect(gradientDescent(bowl, [0, 0], { maxIter: 0 }).converged).toBe(true);
  });

  it('divergence: NonFiniteError saying so', () => {
    expect(() => gradientDescent(bowl, [1, 1], { learningRate: 1, maxIter: 5000 })).toThrow(/gradientDescent diverged after \d+ iterations/);
  });

  it('bad options: OptionError', () => {
    expect(() => gradientDescent(bowl, [1, 1], { learningRate: -0.1 })).toThrow(OptionError);
    expect(() => gradientDescent(bowl, [1, 1], { maxIter: -1 })).toThrow(OptionError);
    expect(() => gradientDescent(bowl, [1, 1], { tol: 0 })).toThrow(OptionError);
  });
});

describe('newtonRaphson', () => {
  it('scalar: √2 from 1, with f\' exact or numerical', () => {
    const exact = newtonRaphson((x) => x * x - 2, (x) => 2 * x, 1);
    expect(exact.converged).toBe(true);
    expect(exact.x).toBeCloseTo(Math.SQRT2, 15);
    expect(exact.iterations).toBeLessThanOrEqual(7);
    const numeric = newtonRaphson((x) => x * x - 2, undefined, 1);
    expect(numeric.x).toBeCloseTo(Math.SQRT2, 14);
  });

  it('scalar: cos x = x (the Dottie number)', () => {
    expect(newtonRaphson((x) => Math.cos(x) - x, (x) => -Math.sin(x) - 1, 1).x).toBeCloseTo(0.7390851332151607, 15);
  });

  it('system: a line and a circle, with the Jacobian exact or by central differences', () => {
    const F = ([x, y]: Float64Array) => [x * x + y * y - 4, x - y];
    const J = ([x, y]: Float64Array) => [[2 * x, 2 * y], [1, -1]];
    const r = newtonRaphson(F, J, [1, 0.5]);
    expect(r.converged).toBe(true);
    expectClose(r.x, [Math.SQRT2, Math.SQRT2], 1e-14);
    expectClose(newtonRaphson(F, undefined, [1, 0.5]).x, [Math.SQRT2, Math.SQRT2], 1e-12);
    expectClose(newtonRaphson(([x, y]) => [x + y - 3, x - y - 1], undefined, [0, 0]).x, [2, 1], 1e-12);
  });

  it('failures: f\' = 0 → ConvergenceError; singular Jacobian → SingularMatrixError; maxIter → converged false', () => {
    expect(() => newtonRaphson((x) => x * x + 1, (x) => 2 * x, 0)).toThrow(ConvergenceError);
    expect(() => newtonRaphson((x) => x * x + 1, (x) => 2 * x, 0)).toThrow(/f'\(x\) = 0 at x = \[0\]/);
    expect(() => newtonRaphson(([x, y]) => [x + y - 1, 2 * x + 2 * y], undefined, [0, 0])).toThrow(SingularMatrixError);
    const capped = newtonRaphson((x) => x * x - 2, (x) => 2 * x, 100, { maxIter: 2 });
    expect([capped.converged, capped.iterations]).toEqual([false, 2]);
  });

  it('errors: non-finite values, bad options, wrong sizes', () => {
    expect(() => newtonRaphson((x) => Math.log(x), undefined, -1)).toThrow(/newtonRaphson: f returned NaN at x = \[-1\]/);
    expect(() => newtonRaphson((x) => x, (x) => x, 1, { tol: 0 })).toThrow(OptionError);
    expect(() => newtonRaphson((x) => x, (x) => x, NaN)).toThrow(NonFiniteError);
    expect(() => newtonRaphson(([x]) => [x, 1], undefined, [1])).toThrow(ShapeError);
  });
});
