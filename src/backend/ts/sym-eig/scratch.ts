/**
 * Module-level O(n) scratch of the symmetric eigensolver, grown on demand (kernels run
 * synchronously, never re-entered). `ensureScratch` replaces the arrays, so users read these
 * live bindings after it has run, never keep them from an earlier call.
 */
let cap = 0;
export let dBuf = new Float64Array(0); // diagonal of T, then the eigenvalues
export let eBuf = new Float64Array(0); // off-diagonal of T
export let tauBuf = new Float64Array(0); // Householder scalars
export let vBuf = new Float64Array(0); // current Householder vector
export let pBuf = new Float64Array(0); // tau · A v, then the rank-2 partner w
export let csBuf = new Float64Array(0); // one QL/QR sweep's rotations, applied to Z after the sweep
export let snBuf = new Float64Array(0);
export let perm = new Int32Array(0);

export function ensureScratch(n: number): void {
  if (n <= cap) return;
  cap = Math.max(n, 2 * cap);
  dBuf = new Float64Array(cap);
  eBuf = new Float64Array(cap);
  tauBuf = new Float64Array(cap);
  vBuf = new Float64Array(cap);
  pBuf = new Float64Array(cap);
  csBuf = new Float64Array(cap);
  snBuf = new Float64Array(cap);
  perm = new Int32Array(cap);
}
