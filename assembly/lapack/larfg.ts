/**
 * dlarfg for the QR kernels: H = I − tau·v·vᵀ with H·(alpha, x) = (beta, 0), v = (1, x').
 * alpha is read from and beta written to `alpha` (a pointer), so the reflector is formed in
 * place in a contiguous row with nothing kept between calls. LAPACK's signs:
 * beta = −copysign(‖(alpha, x)‖, alpha); tau = 0 (nothing written) when x = 0; tiny columns
 * are rescaled (at most 20 times), as dlarfg does. (sym-eig/householder.ts is the same
 * routine with alpha passed by value, for the tridiagonal reduction.)
 */

import { nrm2 } from '../sym-eig/blas1';
import { lapy2 } from '../sym-eig/scalar';
import { scal } from './blas1';

const SMALL: f64 = 2.004168360008973e-292; // SAFMIN / EPS = 2^-969

/** `len` is the reflector's length: alpha plus len − 1 values at x. Returns tau. */
export function larfg(len: i32, alpha: usize, x: usize): f64 {
  if (len <= 1) return 0;
  let xnorm = nrm2(len - 1, x);
  if (xnorm == 0) return 0;
  let a = load<f64>(alpha);
  let beta = -copysign<f64>(lapy2(a, xnorm), a);
  let knt = 0;
  if (abs<f64>(beta) < SMALL) {
    const rs: f64 = 1 / SMALL;
    do {
      knt++;
      scal(len - 1, rs, x);
      beta *= rs;
      a *= rs;
    } while (abs<f64>(beta) < SMALL && knt < 20);
    xnorm = nrm2(len - 1, x);
    beta = -copysign<f64>(lapy2(a, xnorm), a);
  }
  const tau = (beta - a) / beta;
  scal(len - 1, 1 / (a - beta), x);
  for (let j = 0; j < knt; j++) beta *= SMALL;
  store<f64>(alpha, beta);
  return tau;
}
