import { SAFMAX, SAFMIN } from './machine.js';

/** dlartg: f² + g² is safe to form when both |f| and |g| lie in (RTMIN, RTMAX). */
const RTMIN = Math.sqrt(SAFMIN);
const RTMAX = Math.sqrt(SAFMAX / 2);

// lartg's three results, returned through module slots (no allocation).
export let rgC = 1;
export let rgS = 0;
export let rgR = 0;

/**
 * dlartg (LAPACK 3.10+, Anderson's safe scaling): c, s, r with [c s; −s c]·[f; g] = [r; 0],
 * c ≥ 0. f² + g² is formed directly only when neither square can under- or overflow.
 */
export function lartg(f: number, g: number): void {
  if (g === 0) {
    rgC = 1;
    rgS = 0;
    rgR = f;
    return;
  }
  if (f === 0) {
    rgC = 0;
    rgS = g > 0 ? 1 : -1;
    rgR = Math.abs(g);
    return;
  }
  const f1 = Math.abs(f);
  const g1 = Math.abs(g);
  if (f1 > RTMIN && f1 < RTMAX && g1 > RTMIN && g1 < RTMAX) {
    const dd = Math.sqrt(f * f + g * g);
    rgC = f1 / dd;
    rgR = f >= 0 ? dd : -dd;
    rgS = g / rgR;
    return;
  }
  const u = Math.min(SAFMAX, Math.max(SAFMIN, f1, g1));
  const fs = f / u;
  const gs = g / u;
  const dd = Math.sqrt(fs * fs + gs * gs);
  rgC = Math.abs(fs) / dd;
  const r = f >= 0 ? dd : -dd;
  rgS = gs / r;
  rgR = r * u;
}
