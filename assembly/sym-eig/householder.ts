/** dlarfg: the Householder reflectors of the tridiagonal reduction. */

import { nrm2, scal } from './blas1';
import { lapy2 } from './scalar';

const LARFG_SMALL: f64 = 2.004168360008973e-292; // dlarfg: SAFMIN / EPS = 2^-969

export let gBeta: f64 = 0;

/**
 * dlarfg: H = I − tau·v·vᵀ with H·(alpha, x) = (beta, 0), v = (1, x'), x' overwriting x
 * (`m` − 1 values at `x`). Returns tau; beta goes to gBeta.
 */
export function larfg(m: i32, alpha: f64, x: usize): f64 {
  if (m <= 1) {
    gBeta = alpha;
    return 0;
  }
  let xnorm = nrm2(m - 1, x);
  if (xnorm == 0) {
    gBeta = alpha;
    return 0;
  }
  let beta = -copysign<f64>(lapy2(alpha, xnorm), alpha);
  let knt = 0;
  if (abs<f64>(beta) < LARFG_SMALL) {
    // xnorm and beta may be inaccurate this small: scale up (at most 20 times) and recompute.
    const rs: f64 = 1 / LARFG_SMALL;
    do {
      knt++;
      scal(m - 1, rs, x);
      beta *= rs;
      alpha *= rs;
    } while (abs<f64>(beta) < LARFG_SMALL && knt < 20);
    xnorm = nrm2(m - 1, x);
    beta = -copysign<f64>(lapy2(alpha, xnorm), alpha);
  }
  const tau = (beta - alpha) / beta;
  scal(m - 1, 1 / (alpha - beta), x);
  for (let j = 0; j < knt; j++) beta *= LARFG_SMALL;
  gBeta = beta;
  return tau;
}
