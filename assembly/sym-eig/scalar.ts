/** Scalar helpers of LAPACK's reference code, used by the reflectors and the QL/QR iteration. */

/** dlapy2: sqrt(x² + y²) without destructive overflow. */
export function lapy2(x: f64, y: f64): f64 {
  const xa = abs<f64>(x);
  const ya = abs<f64>(y);
  const w = max<f64>(xa, ya);
  const z = min<f64>(xa, ya);
  if (z == 0 || w > 1.7976931348623157e308) return w;
  const q = z / w;
  return w * sqrt<f64>(1 + q * q);
}
