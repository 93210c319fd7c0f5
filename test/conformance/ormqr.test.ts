/**
 * ormqr on every backend that implements it: numpy's Qᵀ C, Q C, D Q, D Qᵀ literals, all four
 * side × trans cases against the explicit Q on shapes whose k straddles the 32-reflector block,
 * the round trip Q (Qᵀ C) = C, entries the kernel must not read poisoned with NaN, native
 * against the ts reference, and hostile arguments to the native glue.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random.js';
import { backendsAndVariantsWith, checkLoads, randomArray, tableOf, type TestBackendName } from '../helpers/backends.js';
import { expectClose } from '../helpers/close.js';

/** numpy.linalg.qr(A43, mode='raw') (h.T, tau) and numpy products with its complete Q. */
const H43 = [-8.18535277187245, -9.529216659791809, -11.972605546917912, 0.4354759255680273, 1.4812257933030573, 1.2897748404271518, 0.7620828697440477, 0.5234749016584118, 0.9965928350693491, 0.10886898139200682, 0.8357118408080063, -0.6047182320879531];
const TAU43 = [1.1221694443563053, 1.0139724112898452, 1.4644674717233173];
const C42 = [1, -2, 0.5, 3, 2, 0, -1, 1];
const QT_C = [-1.9547111097008838, -1.3438638879193576, 1.2645839255750584, -1.219240278841292, -0.034129891611965, -1.5221931658935952, 0.9103664774626049, -2.8966206101082874];
const Q_C = [1.701791053856385, 2.0199289556334854, 0.15446327331148968, 0.8450189161658355, -1.6205627796763125, 1.9046447759245804, 0.8389425387593941, -2.361812508023984];
const D24 = [1, 0.5, 2, -1, 3, 1, 0, 2];
const D_Q = [-1.9547111097008838, 1.2645839255750584, -0.034129891611965, 0.9103664774626049, -1.0995249992067473, 0.35267280792930245, 3.3925112262292254, -1.0758876551830783];
const D_QT = [1.701791053856385, 0.15446327331148968, -1.6205627796763125, 0.8389425387593941, 0.3632893373384371, -2.8894886928411445, -1.6731949245679394, -1.6490284096156311];

/** 1e-14 relative to the largest entry (literals); results against the explicit Q within a
 * small multiple of k·ε·‖C‖ (here 1e-13 relative); 1e-12 between backends. */
const LITERAL_RTOL = 1e-14;
const CROSS_RTOL = 1e-12;

/** Reflectors of a random nq × k matrix (ts geqrf unless `via`), NaN on and above the diagonal
 * (not read), and the explicit nq × nq Q (ts orgqr) when `withQ`. */
function reflectors(rng: Rng, nq: number, k: number, withQ = true, via: TestBackendName = 'ts'): { a: Float64Array; tau: Float64Array; q: Float64Array } {
  const h = randomArray(rng, nq * k);
  const tau = new Float64Array(k);
  const ts = tableOf('ts');
  tableOf(via).geqrf(nq, k, h, tau);
  const q = new Float64Array(withQ ? nq * nq : 0);
  if (withQ) {
    for (let i = 0; i < nq; i++) for (let j = 0; j < k; j++) q[i * nq + j] = h[i * k + j];
    ts.orgqr(nq, nq, k, q, tau);
  }
  const a = h.map((v, idx) => (Math.floor(idx / k) > idx % k ? v : NaN));
  return { a, tau, q };
}

/** Plain product of row-major x (r × p) and y (p × c), y transposed on request (y stored c × p). */
function mul(r: number, p: number, c: number, x: Float64Array, y: Float64Array, ty = false, tx = false): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let l = 0; l < p; l++) {
    const xv = tx ? x[l * r + i] : x[i * p + l];
    for (let j = 0; j < c; j++) out[i * c + j] += xv * (ty ? y[j * p + l] : y[l * c + j]);
  }
  return out;
}

describe.each(backendsAndVariantsWith('ormqr'))('ormqr on $name', (backend) => {
  const { name, available } = backend;
  checkLoads(backend);
  const run = it.runIf(available);

  run('matches numpy: Qᵀ C, Q C (side 0) and D Q, D Qᵀ (side 1) with the complete Q of a 4×3 QR', () => {
    const { ormqr } = tableOf(name);
    const a = Float64Array.from(H43);
    const tau = Float64Array.from(TAU43);
    for (const [side, trans, m, n, c0, want] of [[0, 1, 4, 2, C42, QT_C], [0, 0, 4, 2, C42, Q_C], [1, 0, 2, 4, D24, D_Q], [1, 1, 2, 4, D24, D_QT]] as const) {
      const c = Float64Array.from(c0);
      ormqr(side, trans, m, n, 3, a, tau, c);
      expectClose(c, want, LITERAL_RTOL);
    }
  });

  run('all four side × trans cases equal the product with the explicit Q; Q(QᵀC) = C', () => {
    const { ormqr } = tableOf(name);
    const rng = new Rng(5);
    for (const [nq, k, other] of [[1, 1, 3], [5, 3, 1], [31, 31, 7], [40, 32, 9], [70, 33, 40], [100, 65, 2], [130, 97, 17]]) {
      const { a, tau, q } = reflectors(rng, nq, k);
      for (const side of [0, 1] as const) {
        for (const trans of [0, 1] as const) {
          const [m, n] = side === 0 ? [nq, other] : [other, nq];
          const c0 = randomArray(rng, m * n);
          const c = c0.slice();
          ormqr(side, trans, m, n, k, a, tau, c);
          // side 0: op(Q) C; side 1: C op(Q).
          const want = side === 0 ? mul(nq, nq, n, q, c0, false, trans === 1) : mul(m, nq, nq, c0, q, trans === 1);
          expectClose(c, want, 1e-13);
          ormqr(side, trans ? 0 : 1, m, n, k, a, tau, c); // undo
          expectClose(c, c0, 1e-13);
        }
      }
    }
  });

  run('m, n or k = 0 leave C alone', () => {
    const { ormqr } = tableOf(name);
    const c = Float64Array.from([1, 2, 3, 4, 5, 6]);
    ormqr(0, 1, 3, 2, 0, new Float64Array(0), new Float64Array(0), c);
    ormqr(1, 0, 2, 3, 0, new Float64Array(0), new Float64Array(0), c);
    expect(Array.from(c)).toEqual([1, 2, 3, 4, 5, 6]);
    ormqr(0, 1, 0, 4, 0, new Float64Array(0), new Float64Array(0), new Float64Array(0));
    ormqr(0, 1, 4, 0, 2, new Float64Array(8), new Float64Array(2), new Float64Array(0));
  });

  it.runIf(available && name !== 'ts')('agrees with the ts reference (1e-12 relative), tall least-squares shape 2000×50 included', () => {
    const t = tableOf(name);
    const ref = tableOf('ts');
    const rng = new Rng(8);
    for (const [nq, k, other] of [[2000, 50, 1], [2000, 50, 3], [300, 200, 30], [64, 64, 64], [530, 512, 20]]) {
      const { a, tau } = reflectors(rng, nq, k, false, name);
      for (const side of [0, 1] as const) {
        for (const trans of [0, 1] as const) {
          const [m, n] = side === 0 ? [nq, other] : [other, nq];
          const c = randomArray(rng, m * n);
          const d = c.slice();
          t.ormqr(side, trans, m, n, k, a, tau, c);
          ref.ormqr(side, trans, m, n, k, a, tau, d);
          expectClose(c, d, CROSS_RTOL);
        }
      }
    }
  });

  it.runIf(available && name === 'native')('the glue throws TypeError/RangeError on hostile arguments, never crashes', () => {
    const ormqr = tableOf(name).ormqr as unknown as (...args: unknown[]) => void;
    const a = new Float64Array(12);
    const tau = new Float64Array(3);
    const c = new Float64Array(8);
    expect(() => ormqr(0, 1, 4, 2, 3, a, tau)).toThrow(TypeError);
    expect(() => ormqr(0, 1, 4, 2, 3, a, tau, new Float32Array(8))).toThrow(TypeError);
    expect(() => ormqr('0', 1, 4, 2, 3, a, tau, c)).toThrow(TypeError);
    expect(() => ormqr(2, 1, 4, 2, 3, a, tau, c)).toThrow(RangeError);
    expect(() => ormqr(0, 0.5, 4, 2, 3, a, tau, c)).toThrow(RangeError);
    expect(() => ormqr(0, 1, 4, 2, 3, a, tau, c.subarray(0, 7))).toThrow(RangeError);
    expect(() => ormqr(0, 1, 4, 2, 3, a.subarray(0, 11), tau, c)).toThrow(RangeError);
    expect(() => ormqr(0, 1, 4, 2, 3, a, tau.subarray(0, 2), c)).toThrow(RangeError);
    expect(() => ormqr(0, 1, 4, 2, 5, new Float64Array(20), new Float64Array(5), c)).toThrow(RangeError); // k > m
    expect(() => ormqr(1, 1, 2, 4, 3, a, tau, c.subarray(0, 4))).toThrow(RangeError);
    expect(() => ormqr(0, 1, 2 ** 40, 2 ** 40, 3, a, tau, c)).toThrow(RangeError);
  });
});
