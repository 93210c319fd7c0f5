/**
 * orgqr on every backend that implements it: numpy's Q (dorgqr) from numpy's own reflectors,
 * LAPACK's test ratios on the catalogue, k < n (numpy's 'complete' Q), k = 0, entries the
 * kernel must not read poisoned with NaN, native against the ts reference, and hostile
 * arguments to the native glue.
 */
import { describe, expect, it } from 'vitest';
import { backendsAndVariantsWith, checkLoads, tableOf, type TestBackendName } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';
import { catalogue, orthogonalityRatio } from '../helpers/qr.js';

/** numpy.linalg.qr(A43, mode='raw') (h.T, tau) and mode='complete' Q (numpy 2.4, LAPACK). */
const H43 = [-8.18535277187245, -9.529216659791809, -11.972605546917912, 0.4354759255680273, 1.4812257933030573, 1.2897748404271518, 0.7620828697440477, 0.5234749016584118, 0.9965928350693491, 0.10886898139200682, 0.8357118408080063, -0.6047182320879531];
const TAU43 = [1.1221694443563053, 1.0139724112898452, 1.4644674717233173];
const Q43_COMPLETE = [-0.12216944435630528, 0.5642764926868793, 0.8122914203647437, 0.08276058886023682, -0.48867777742522095, 0.23175641663925378, -0.15017152309264203, -0.8276058886023678, -0.8551861104941366, -0.10076365940837123, -0.10921565315828474, 0.49656353316142077, -0.12216944435630524, -0.7859565433852946, 0.5529042441138181, -0.24828176658071047];

/** 1e-14 relative to the largest entry for the literals; 1e-12 between backends. */
const LITERAL_RTOL = 1e-14;
const CROSS_RTOL = 1e-12;

/** Reflectors of A (m × n, k = min) by the ts reference (or `via`), spread into an m × c
 * buffer (c ≥ k), NaN wherever orgqr must not read. */
function reflectors(m: number, n: number, a: Float64Array, c: number, via: TestBackendName = 'ts'): { buf: Float64Array; tau: Float64Array } {
  const k = Math.min(m, n);
  const h = a.slice();
  const tau = new Float64Array(k);
  tableOf(via).geqrf(m, n, h, tau);
  const buf = new Float64Array(m * c);
  for (let i = 0; i < m; i++) for (let j = 0; j < c; j++) buf[i * c + j] = j < k ? (i > j ? h[i * n + j] : NaN) : NaN;
  return { buf, tau };
}

describe.each(backendsAndVariantsWith('orgqr'))('orgqr on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);
  const run = it.runIf(available);

  run('forms numpy\'s Q from numpy\'s reflectors: reduced 4×3 and complete 4×4 (1e-14)', () => {
    const { orgqr } = tableOf(name);
    const red = Float64Array.from(H43);
    orgqr(4, 3, 3, red, Float64Array.from(TAU43));
    expectClose(red, Q43_COMPLETE.filter((_, i) => i % 4 !== 3), LITERAL_RTOL);
    const full = new Float64Array(16).fill(NaN); // columns ≥ k and R's place are not read
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) if (i > j) full[i * 4 + j] = H43[i * 3 + j];
    orgqr(4, 4, 3, full, Float64Array.from(TAU43));
    expectClose(full, Q43_COMPLETE, LITERAL_RTOL);
  });

  run('k = 0 gives the first n columns of I; empty sizes do nothing', () => {
    const { orgqr } = tableOf(name);
    const a = new Float64Array(12).fill(NaN);
    orgqr(4, 3, 0, a, new Float64Array(0));
    expect(Array.from(a)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
    orgqr(0, 0, 0, new Float64Array(0), new Float64Array(0));
    orgqr(3, 0, 0, new Float64Array(0), new Float64Array(0));
  });

  run.each(catalogue().filter((c) => c.m >= 1 && c.n >= 1 && (!c.big || name !== 'ts')).map((c) => [c.name, c] as const))('%s: reduced and complete Q orthonormal, ‖QᵀQ − I‖/(m·ε) < 10, unread entries poisoned', (_, c) => {
    const { orgqr } = tableOf(name);
    const k = Math.min(c.m, c.n);
    const red = reflectors(c.m, c.n, c.a, k, c.big ? name : 'ts');
    orgqr(c.m, k, k, red.buf, red.tau);
    expect(orthogonalityRatio(c.m, k, red.buf)).toBeLessThan(10);
    if (c.m <= 300) {
      const full = reflectors(c.m, c.n, c.a, c.m);
      orgqr(c.m, c.m, k, full.buf, full.tau);
      expect(orthogonalityRatio(c.m, c.m, full.buf)).toBeLessThan(10);
      // The first k columns are the reduced Q.
      const lead = new Float64Array(c.m * k);
      for (let i = 0; i < c.m; i++) for (let j = 0; j < k; j++) lead[i * k + j] = full.buf[i * c.m + j];
      expectClose(lead, red.buf, 1e-13);
    }
  });

  it.runIf(available && name !== 'ts')('agrees with the ts reference (1e-12 relative), blocks straddling the panel width', () => {
    const t = tableOf(name);
    const ref = tableOf('ts');
    for (const c of catalogue().filter((x) => x.m >= 1 && x.n >= 1 && !x.big)) {
      const k = Math.min(c.m, c.n);
      for (const cols of c.m <= 300 ? [k, c.m] : [k]) {
        const x = reflectors(c.m, c.n, c.a, cols);
        const y = { buf: x.buf.slice(), tau: x.tau };
        t.orgqr(c.m, cols, k, x.buf, x.tau);
        ref.orgqr(c.m, cols, k, y.buf, y.tau);
        expectClose(x.buf, y.buf, CROSS_RTOL);
      }
    }
  });

  it.runIf(available && name === 'native')('the glue throws TypeError/RangeError on hostile arguments, never crashes', () => {
    const orgqr = tableOf(name).orgqr as unknown as (...args: unknown[]) => void;
    const a = new Float64Array(12);
    const tau = new Float64Array(3);
    expect(() => orgqr(4, 3, 3, a)).toThrow(TypeError);
    expect(() => orgqr(4, 3, 3, new Float32Array(12), tau)).toThrow(TypeError);
    expect(() => orgqr(4, 3, '3', a, tau)).toThrow(TypeError);
    expect(() => orgqr(4, 3, 3, a.subarray(0, 11), tau)).toThrow(RangeError);
    expect(() => orgqr(4, 3, 3, a, tau.subarray(0, 2))).toThrow(RangeError);
    expect(() => orgqr(3, 4, 3, a, tau)).toThrow(RangeError); // n > m
    expect(() => orgqr(4, 3, 4, a, new Float64Array(4))).toThrow(RangeError); // k > n
    expect(() => orgqr(-4, 3, 3, a, tau)).toThrow(RangeError);
    expect(() => orgqr(2 ** 40, 2 ** 40, 3, a, tau)).toThrow(RangeError);
  });
});
