/**
 * One dense layer over a batch, forward and backward (contract: `denseForward` /
 * `denseBackward` in ../kernels.ts): the products go through this backend's gemm, the bias,
 * activation and derivative are one sweep each over the n × outDim block.
 */
import { gemm } from './gemm.js';

export function denseForward(
  act: number,
  n: number,
  inDim: number,
  outDim: number,
  x: Float64Array,
  w: Float64Array,
  b: Float64Array,
  z: Float64Array,
  a: Float64Array,
): void {
  if (n === 0 || outDim === 0) return;
  const keepZ = z.length > 0;
  // Without Z the pre-activation is built in A and activated in place.
  const t = keepZ ? z : a;
  gemm(0, 1, n, outDim, inDim, 1, x, w, 0, t);
  for (let i = 0, r = 0; i < n; i++, r += outDim) {
    for (let j = 0; j < outDim; j++) {
      const v = t[r + j] + b[j];
      if (keepZ) t[r + j] = v;
      a[r + j] = activate(act, v);
    }
  }
}

export function denseBackward(
  act: number,
  n: number,
  inDim: number,
  outDim: number,
  scale: number,
  x: Float64Array,
  w: Float64Array,
  a: Float64Array,
  delta: Float64Array,
  gradW: Float64Array,
  gradB: Float64Array,
  deltaIn: Float64Array,
): void {
  if (outDim === 0) {
    if (deltaIn.length > 0) deltaIn.fill(0, 0, n * inDim);
    return;
  }
  gradB.fill(0, 0, outDim);
  for (let i = 0, r = 0; i < n; i++, r += outDim) {
    for (let j = 0; j < outDim; j++) {
      const d = delta[r + j] * derivative(act, a[r + j]);
      delta[r + j] = d;
      gradB[j] += d;
    }
  }
  for (let j = 0; j < outDim; j++) gradB[j] *= scale;
  gemm(1, 0, outDim, inDim, n, scale, delta, x, 0, gradW);
  if (deltaIn.length > 0) gemm(0, 0, n, inDim, outDim, 1, delta, w, 0, deltaIn);
}

/** The activation codes of the contract: 0 sigmoid, 1 identity, 2 tanh, 3 relu. */
function activate(act: number, v: number): number {
  switch (act) {
    case 0: {
      // e^{−|v|} never overflows; 1/(1+t) for v ≥ 0 and t/(1+t) for v < 0 keep full precision.
      const t = Math.exp(-Math.abs(v));
      const s = 1 / (1 + t);
      return v >= 0 ? s : t * s;
    }
    case 1:
      return v;
    case 2:
      return Math.tanh(v);
    default:
      return v < 0 ? 0 : v; // NaN stays NaN
  }
}

/** act′ written in terms of the activation a = act(z). */
function derivative(act: number, a: number): number {
  switch (act) {
    case 0:
      return a * (1 - a);
    case 1:
      return 1;
    case 2:
      return 1 - a * a;
    default:
      return a > 0 ? 1 : a === 0 ? 0 : a; // NaN stays NaN (a·0 would, too, in the other codes)
  }
}
