/**
 * One dense layer over a batch, forward and backward (the `denseForward` / `denseBackward`
 * kernels of src/backend/kernels.ts), over byte pointers into linear memory. The products are
 * this module's gemm; bias, activation and derivative are one sweep each over n × outDim.
 */
import { gemm } from './gemm';

/** Z = X·Wᵀ + 1·bᵀ, A = act(Z). `storeZ` 0: Z is built in A and activated in place. */
export function denseForward(
  act: i32,
  n: i32,
  inDim: i32,
  outDim: i32,
  x: usize,
  w: usize,
  b: usize,
  z: usize,
  a: usize,
  storeZ: i32,
): void {
  if (n <= 0 || outDim <= 0) return;
  const t = storeZ ? z : a;
  gemm(0, 1, n, outDim, inDim, 1, x, w, 0, t);
  biasActivate(act, n, outDim, b, t, a, storeZ);
}

/** The forward sweep after the product T = X·Wᵀ: Z = T + 1·bᵀ (kept in T when `storeZ`), A = act(Z). */
export function biasActivate(act: i32, n: i32, outDim: i32, b: usize, t: usize, a: usize, storeZ: i32): void {
  const rowBytes = <usize>outDim * 8;
  for (let i = 0; i < n; i++) {
    const tr = t + <usize>i * rowBytes;
    const ar = a + <usize>i * rowBytes;
    for (let j = 0; j < outDim; j++) {
      const off = <usize>j * 8;
      const v = load<f64>(tr + off) + load<f64>(b + off);
      if (storeZ) store<f64>(tr + off, v);
      store<f64>(ar + off, activate(act, v));
    }
  }
}

/**
 * Δ = G ⊙ act′(A) over `delta` (G on entry), gradB = scale·Σ_rows Δ, gradW = scale·Δᵀ·X and,
 * when `wantDeltaIn`, deltaIn = Δ·W.
 */
export function denseBackward(
  act: i32,
  n: i32,
  inDim: i32,
  outDim: i32,
  scale: f64,
  x: usize,
  w: usize,
  a: usize,
  delta: usize,
  gradW: usize,
  gradB: usize,
  deltaIn: usize,
  wantDeltaIn: i32,
): void {
  if (outDim <= 0) {
    if (wantDeltaIn && n > 0 && inDim > 0) memory.fill(deltaIn, 0, <usize>n * <usize>inDim * 8);
    return;
  }
  deltaSweep(act, n, outDim, scale, a, delta, gradB);
  gemm(1, 0, outDim, inDim, n, scale, delta, x, 0, gradW);
  if (wantDeltaIn) gemm(0, 0, n, inDim, outDim, 1, delta, w, 0, deltaIn);
}

/** The backward sweep before the products: Δ = G ⊙ act′(A) over `delta` (G on entry), gradB = scale·Σ_rows Δ. */
export function deltaSweep(act: i32, n: i32, outDim: i32, scale: f64, a: usize, delta: usize, gradB: usize): void {
  const rowBytes = <usize>outDim * 8;
  memory.fill(gradB, 0, rowBytes);
  for (let i = 0; i < n; i++) {
    const dr = delta + <usize>i * rowBytes;
    const ar = a + <usize>i * rowBytes;
    for (let j = 0; j < outDim; j++) {
      const off = <usize>j * 8;
      const d = load<f64>(dr + off) * derivative(act, load<f64>(ar + off));
      store<f64>(dr + off, d);
      store<f64>(gradB + off, load<f64>(gradB + off) + d);
    }
  }
  for (let j = 0; j < outDim; j++) {
    const p = gradB + <usize>j * 8;
    store<f64>(p, load<f64>(p) * scale);
  }
}

// Activation codes: 0 sigmoid, 1 identity, 2 tanh, 3 relu (the same expressions as the ts twin).
// @inline: these sit in the sweeps' inner loops.
@inline
function activate(act: i32, v: f64): f64 {
  if (act == 0) {
    const t = Math.exp(-Math.abs(v));
    const s = 1 / (1 + t);
    return v >= 0 ? s : t * s;
  }
  if (act == 1) return v;
  if (act == 2) return Math.tanh(v);
  return v < 0 ? 0 : v;
}

@inline
function derivative(act: i32, a: f64): f64 {
  if (act == 0) return a * (1 - a);
  if (act == 1) return 1;
  if (act == 2) return 1 - a * a;
  return a > 0 ? 1 : a == 0 ? 0 : a;
}
