/** Scalar helpers of LAPACK's reference code, used by the reflectors and both QL/QR iterations. */

/** dlapy2: √(x² + y²) without overflow. */
export function lapy2(x: number, y: number): number {
  const xa = Math.abs(x);
  const ya = Math.abs(y);
  const w = Math.max(xa, ya);
  const z = Math.min(xa, ya);
  if (z === 0 || w === Infinity) return w;
  const q = z / w;
  return w * Math.sqrt(1 + q * q);
}

/** Fortran SIGN(a, b): |a| with the sign of b. */
export function signOf(a: number, b: number): number {
  return b >= 0 ? Math.abs(a) : -Math.abs(a);
}
