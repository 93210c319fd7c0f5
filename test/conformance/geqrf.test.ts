/**
 * geqrf on every backend that implements it: numpy's raw QR (dgeqrf) literals, LAPACK's test
 * ratios on the catalogue (random, graded, Hilbert, rank-deficient, tall, wide, empty, blocks
 * straddling the 32-column panel), scaling traps, native against the ts reference, and hostile
 * arguments to the native glue.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { backendsAndVariantsWith, checkLoads, tableOf } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { catalogue, factor, orthogonalityRatio, residualRatio } from '../helpers/qr.js';

/** numpy.linalg.qr(A, mode='raw') (numpy 2.4, LAPACK dgeqrf): h.T row-major, tau. */
const A43 = [1, 2, 3, 4, 5, 6, 7, 8, 10, 1, 0, 1];
const H43 = [-8.18535277187245, -9.529216659791809, -11.972605546917912, 0.4354759255680273, 1.4812257933030573, 1.2897748404271518, 0.7620828697440477, 0.5234749016584118, 0.9965928350693491, 0.10886898139200682, 0.8357118408080063, -0.6047182320879531];
const TAU43 = [1.1221694443563053, 1.0139724112898452, 1.4644674717233173];
const B35 = [6, 2, 1, 7, 5, 2, 8, 5, -4, 1, 1, -6, 3, 2, 8];
const H35 = [-6.4031242374328485, -3.435822761549333, -2.9673014758835157, -5.622255427989819, -6.246950475544242, 0.16124969497313948, -9.601829094043463, -1.4377341976795242, 5.136216515385154, 5.359751160960769, 0.08062484748656974, -0.38494141890541284, 4.9120303671742835, -3.318060248025013, 4.7168503525845775];
const TAU35 = [1.9370425713316364, 1.7418873183434604, 0];
/** A first column already zero below the diagonal: tau 0, R[0][0] keeps its sign (−2). */
const Z43 = [-2, 1, 4, 0, 3, 5, 0, 0, 6, 0, 2, 1];
const HZ = [-2, 1, 4, 0, -3.6055512754639896, -4.7149516679144465, 0, 0, -6.306285021249101, 0, 0.3027756377319946, -0.15776090700288706];
const TAUZ = [0, 1.8320502943378436, 1.951431782702959];

/** The literals are compared to 1e-14 relative to their largest entry (a few ulps of rounding). */
const LITERAL_RTOL = 1e-14;
/** Native and ts run different (blocked vs unblocked) orders of the same sums. */
const CROSS_RTOL = 1e-12;

describe.each(backendsAndVariantsWith('geqrf'))('geqrf on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);
  const run = it.runIf(available);

  run('matches numpy.linalg.qr(mode="raw") entry for entry (LAPACK signs)', () => {
    const { geqrf } = tableOf(name);
    for (const [m, n, a, h, t] of [[4, 3, A43, H43, TAU43], [3, 5, B35, H35, TAU35], [4, 3, Z43, HZ, TAUZ]] as const) {
      const x = Float64Array.from(a);
      const tau = new Float64Array(Math.min(m, n));
      geqrf(m, n, x, tau);
      expectClose(x, h, LITERAL_RTOL);
      expectClose(tau, t, LITERAL_RTOL);
    }
  });

  run.each(catalogue().filter((c) => !c.big || name !== 'ts').map((c) => [c.name, c] as const))('%s: ‖A − QR‖/(‖A‖·max(m,n)·ε) < 10, ‖QᵀQ − I‖/(m·ε) < 10', (_, c) => {
    const t = tableOf(name);
    const { q, r, tau } = factor(t, c.m, c.n, c.a);
    expect(tau.length).toBe(Math.min(c.m, c.n));
    expect(residualRatio(c.m, c.n, c.a, q, r)).toBeLessThan(10);
    expect(orthogonalityRatio(c.m, Math.min(c.m, c.n), q)).toBeLessThan(10);
    for (const v of tau) expect(v === 0 || (v >= 1 && v <= 2)).toBe(true); // dlarfg: tau ∈ [1, 2] or 0
  });

  run('scaling traps: entries near underflow (dlarfg rescales) and overflow give the scaled factorisation', () => {
    const { geqrf } = tableOf(name);
    const rng = new Rng(9);
    const m = 40, n = 35;
    const a = new Float64Array(m * n);
    for (let i = 0; i < a.length; i++) a[i] = rng.next() - 0.5;
    const h = a.slice();
    const tau = new Float64Array(n);
    geqrf(m, n, h, tau);
    for (const s of [2 ** -1020, 2 ** -1000, 2 ** 1000]) {
      const hs = a.map((v) => v * s);
      const ts = new Float64Array(n);
      geqrf(m, n, hs, ts);
      // Powers of two scale exactly: R scales by s, reflectors and tau do not change.
      const back = new Float64Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) back[i * n + j] = j >= i ? hs[i * n + j] / s : hs[i * n + j];
      expectClose(back, h, 1e-13);
      expectClose(ts, tau, 1e-13);
    }
  });

  run('non-finite input (outside the contract) returns without crashing or hanging', () => {
    const t = tableOf(name);
    for (const bad of [NaN, Infinity, -Infinity]) {
      const m = 40, n = 36;
      const a = new Float64Array(m * n).map((_, i) => Math.sin(i));
      a[5 * n + 3] = bad;
      const tau = new Float64Array(n);
      t.geqrf(m, n, a, tau);
      t.orgqr(m, n, n, a, tau);
    }
  });

  it.runIf(available && name !== 'ts')('agrees with the ts reference (1e-12 relative) on random shapes around the panel width', () => {
    const t = tableOf(name);
    const ref = tableOf('ts');
    for (const c of catalogue().filter((x) => !x.big && (x.name.startsWith('random') || x.name.startsWith('tall') || x.name.startsWith('wide')))) {
      const k = Math.min(c.m, c.n);
      const h1 = c.a.slice(), t1 = new Float64Array(k);
      const h2 = c.a.slice(), t2 = new Float64Array(k);
      t.geqrf(c.m, c.n, h1, t1);
      ref.geqrf(c.m, c.n, h2, t2);
      expectClose(h1, h2, CROSS_RTOL);
      expectClose(t1, t2, CROSS_RTOL);
    }
  });

  it.runIf(available && name === 'native')('the glue throws TypeError/RangeError on hostile arguments, never crashes', () => {
    const geqrf = tableOf(name).geqrf as unknown as (...args: unknown[]) => void;
    const a = new Float64Array(12);
    const tau = new Float64Array(3);
    expect(() => geqrf(4, 3, a)).toThrow(TypeError);
    expect(() => geqrf(4, 3, new Float32Array(12), tau)).toThrow(TypeError);
    expect(() => geqrf(4, 3, [1, 2, 3], tau)).toThrow(TypeError);
    expect(() => geqrf('4', 3, a, tau)).toThrow(TypeError);
    expect(() => geqrf(4, 3, a.subarray(0, 11), tau)).toThrow(RangeError);
    expect(() => geqrf(4, 3, a, tau.subarray(0, 2))).toThrow(RangeError);
    expect(() => geqrf(-1, 3, a, tau)).toThrow(RangeError);
    expect(() => geqrf(4.5, 3, a, tau)).toThrow(RangeError);
    expect(() => geqrf(NaN, 3, a, tau)).toThrow(RangeError);
    expect(() => geqrf(1e300, 1e300, a, tau)).toThrow(RangeError);
    expect(() => geqrf(2 ** 40, 2 ** 40, a, tau)).toThrow(RangeError);
    geqrf(0, 0, new Float64Array(0), new Float64Array(0)); // empty is fine
  });
});
