import { EPS, SAFMIN } from './machine.js';
import { lapy2, signOf } from './scalar.js';

/** dlarfg rescales a reflector whose norm is below this (its tau would lose accuracy). */
const SAFMN_LARFG = SAFMIN / EPS;

/**
 * dlarfg on x = a[off : off+m]: chooses beta = −sign(alpha)·‖x‖ (no cancellation in
 * alpha − beta), scales x[1:] into v[1:], stores beta in x[0] and returns tau (0: H = I).
 */
export function householder(a: Float64Array, off: number, m: number): number {
  if (m <= 1) return 0;
  let alpha = a[off];
  let xnorm = norm2(a, off + 1, m - 1);
  if (xnorm === 0) return 0;
  let beta = -signOf(lapy2(alpha, xnorm), alpha);
  let knt = 0;
  if (Math.abs(beta) < SAFMN_LARFG) {
    // ‖x‖ is so small that 1/(alpha − beta) could overflow: scale up (at most 20 times), as dlarfg.
    const rsafmn = 1 / SAFMN_LARFG;
    do {
      knt++;
      for (let j = 1; j < m; j++) a[off + j] *= rsafmn;
      beta *= rsafmn;
      alpha *= rsafmn;
    } while (Math.abs(beta) < SAFMN_LARFG && knt < 20);
    xnorm = norm2(a, off + 1, m - 1);
    beta = -signOf(lapy2(alpha, xnorm), alpha);
  }
  const taui = (beta - alpha) / beta;
  const scal = 1 / (alpha - beta);
  for (let j = 1; j < m; j++) a[off + j] *= scal;
  for (let j = 0; j < knt; j++) beta *= SAFMN_LARFG;
  a[off] = beta;
  return taui;
}

/** ‖x‖₂ of a[off : off+len], scaled by max|x| so tiny or huge columns keep full precision. */
function norm2(a: Float64Array, off: number, len: number): number {
  let scale = 0;
  for (let i = off; i < off + len; i++) {
    const x = Math.abs(a[i]);
    if (x > scale || x !== x) scale = x;
  }
  if (scale === 0 || scale !== scale || scale === Infinity) return scale;
  let ssq = 0;
  const inv = 1 / scale;
  for (let i = off; i < off + len; i++) {
    const x = a[i] * inv;
    ssq += x * x;
  }
  return scale * Math.sqrt(ssq);
}
