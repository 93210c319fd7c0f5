/**
 * The kernel table: declared once, implemented by every backend (native, wasm, ts).
 *
 * A kernel is a hot, allocation-free routine over raw row-major `Float64Array` buffers plus
 * dimensions. Kernels do no validation and no policy: the facade has already checked shapes
 * and allocated the outputs. Argument order follows BLAS (flags, dimensions, scalars, buffers).
 */

/** Every kernel name, in one list: backends are checked against it when they load. */
export const KERNEL_NAMES = ['gemm', 'symEig'] as const;

export type KernelName = (typeof KERNEL_NAMES)[number];

export interface Kernels {
  /**
   * General matrix multiply, row-major: C ← alpha · op(A) · op(B) + beta · C.
   *
   * - op(A) is m × k: A is stored m × k (row stride k) when `transA` is 0, k × m (row stride m)
   *   when it is 1. Likewise op(B) is k × n: B stored k × n, or n × k when `transB` is 1.
   * - C is m × n (row stride n).
   * - `beta === 0` overwrites C without reading it (NaN/Inf already in C do not leak, as in
   *   BLAS). `k === 0` gives C ← beta · C. `m === 0` or `n === 0` does nothing.
   * - NaN/Inf in A or B propagate as IEEE arithmetic says.
   * - A, B and C do not overlap.
   */
  gemm(
    transA: 0 | 1,
    transB: 0 | 1,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float64Array,
    b: Float64Array,
    beta: number,
    c: Float64Array,
  ): void;

  /**
   * Symmetric eigendecomposition (LAPACK dsyev's job): Householder tridiagonalisation, then
   * implicit QL/QR with Wilkinson shifts on the tridiagonal, eigenvectors accumulated.
   *
   * - `a` is n × n row-major and symmetric (the kernel may read either triangle; the facade
   *   guarantees symmetry). It is WORKSPACE: its contents are destroyed.
   * - `w` (length n) receives the eigenvalues in ascending order.
   * - When `wantVectors` is 1, `z` (n × n row-major) receives orthonormal eigenvectors as
   *   COLUMNS: column j of z pairs with w[j]. When 0, z is not touched (may be length 0).
   * - Returns 0 on success, or i + 1 (> 0) when eigenvalue i did not converge within
   *   30 · n implicit QL/QR iterations in total (LAPACK's cap); w and z are then unspecified.
   * - Accuracy: ‖A Z − Z diag(w)‖ / ‖A‖ and ‖ZᵀZ − I‖ at a small multiple of n · ε.
   * - Signs of eigenvectors are arbitrary here; the facade normalises them.
   */
  symEig(n: number, a: Float64Array, w: Float64Array, z: Float64Array, wantVectors: 0 | 1): number;
}
