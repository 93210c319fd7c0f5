/**
 * Multiply-add on f64x2 for the hot loops, written once for both builds of the module.
 *
 * The relaxed build (`--target relaxed`, asc `--enable relaxed-simd`) turns each into one
 * `f64x2.relaxed_madd` / `relaxed_nmadd`: a fused multiply-add (one rounding) where the CPU
 * has FMA, and half the instructions of the plain build's mul-then-add (two roundings).
 * ASC_FEATURE_RELAXED_SIMD is a compile-time constant, so each build contains one body only.
 * Results may differ from the plain build's in the last bits; never use these where an exact
 * product-then-sum is part of the contract.
 */

/** a·b + c, lane by lane. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}

/** c − a·b, lane by lane. */
// @ts-ignore: decorator
@inline export function nmadd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_nmadd(a, b, c);
  return f64x2.sub(c, f64x2.mul(a, b));
}
