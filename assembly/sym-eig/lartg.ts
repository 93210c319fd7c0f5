/** dlartg: the Givens rotation each step of an implicit QL/QR sweep is built from. */

import { SAFMAX, SAFMIN } from './machine';

const RTMIN: f64 = 1.4916681462400413e-154; // dlartg: sqrt(SAFMIN)
const RTMAX: f64 = 4.740375954054589e153; // dlartg: sqrt(SAFMAX / 2)

// dlartg's outputs (module globals: AssemblyScript has no cheap multi-value return).
export let gC: f64 = 0;
export let gS: f64 = 0;
export let gR: f64 = 0;

/** dlartg (LAPACK ≥ 3.10): c·f + s·g = r, −s·f + c·g = 0, c ≥ 0, r carries f's sign. */
export function lartg(f: f64, g: f64): void {
  if (g == 0) {
    gC = 1;
    gS = 0;
    gR = f;
    return;
  }
  if (f == 0) {
    gC = 0;
    gS = copysign<f64>(1, g);
    gR = abs<f64>(g);
    return;
  }
  const f1 = abs<f64>(f);
  const g1 = abs<f64>(g);
  if (f1 > RTMIN && f1 < RTMAX && g1 > RTMIN && g1 < RTMAX) {
    const d = sqrt<f64>(f * f + g * g);
    gC = f1 / d;
    const r = copysign<f64>(d, f);
    gS = g / r;
    gR = r;
  } else {
    const u = min<f64>(SAFMAX, max<f64>(SAFMIN, max<f64>(f1, g1)));
    const fs = f / u;
    const gs = g / u;
    const d = sqrt<f64>(fs * fs + gs * gs);
    gC = abs<f64>(fs) / d;
    const r = copysign<f64>(d, f);
    gS = gs / r;
    gR = r * u;
  }
}
