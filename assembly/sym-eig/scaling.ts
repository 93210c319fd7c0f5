/**
 * dsyev's scaling, shared by symEig (index.ts) and symEigRange (range.ts): keep ‖A‖_max within
 * [2^-485, 2^485] so the reduction cannot over/underflow. Reads and scales only the upper
 * triangle of the row-major n × n `a` (all that is read from here on); returns the factor σ the
 * eigenvalues must be divided by afterwards (1 when A is left alone).
 */

import { scal } from './blas1';

const SYEV_RMIN: f64 = 1.0010415475915505e-146; // dsyev: sqrt(SAFMIN / (2 EPS)) = 2^-485
const SYEV_RMAX: f64 = 9.989595361011175e145; // dsyev: 1 / SYEV_RMIN = 2^485

export function scaleUpper(n: i32, a: usize): f64 {
  const ld = <usize>n << 3;
  let anrm: f64 = 0;
  for (let i = 0; i < n; i++) {
    const row = a + <usize>i * ld;
    for (let j = i; j < n; j++) anrm = max<f64>(anrm, abs<f64>(load<f64>(row + (<usize>j << 3))));
  }
  let sigma: f64 = 1;
  if (anrm > 0 && anrm < SYEV_RMIN) sigma = SYEV_RMIN / anrm;
  else if (anrm > SYEV_RMAX) sigma = SYEV_RMAX / anrm;
  if (sigma != 1) {
    for (let i = 0; i < n; i++) scal(n - i, sigma, a + <usize>i * ld + (<usize>i << 3));
  }
  return sigma;
}
