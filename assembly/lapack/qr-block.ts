/** The QR kernels' block size and the scratch they share (P, T, W of block-reflector.ts). */

/**
 * Reflectors per block: 32, 64 once min(m, n) ≥ 512 (native's choice in lq.cc: larfb's gemms
 * run at half speed with k = 32, while small matrices pay for the larger level-2 panel).
 */
export function qrBlock(k: i32): i32 {
  return k >= 512 ? 64 : 32;
}

/** f64 slots of scratch the QR kernels need for an m × n matrix (geqrf, orgqr) or C (ormqr). */
export function qrWorkSize(m: i32, n: i32): i32 {
  const nb = 64;
  return nb * (m + n + nb);
}
