/**
 * The kernel table: declared once, implemented by every backend (native, wasm, ts).
 *
 * A kernel is a hot, allocation-free routine over raw row-major `Float64Array` buffers plus
 * dimensions. Kernels do no validation and no policy: the facade has already checked shapes
 * and allocated the outputs. Argument order follows BLAS (flags, dimensions, scalars, buffers).
 */

/** Every kernel name, in one list: backends are checked against it when they load. */
export const KERNEL_NAMES = ['gemm', 'symEig', 'pairwiseSqDist', 'denseForward', 'denseBackward', 'colMeans', 'colStats', 'gramAccumulate', 'trsm', 'getrf', 'getrs', 'gesv', 'getri', 'potrf', 'geqrf', 'orgqr', 'ormqr', 'symEigRange', 'gesdd'] as const;

/** Activation codes of the dense-layer kernels (`denseForward`, `denseBackward`). */
export const ACTIVATION = { sigmoid: 0, identity: 1, tanh: 2, relu: 3 } as const;
export type ActivationCode = (typeof ACTIVATION)[keyof typeof ACTIVATION];

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

  /**
   * Squared Euclidean distances between the rows of X and the rows of Y, by the expansion
   * ‖x‖² + ‖y‖² − 2 x·y (scikit-learn's `euclidean_distances`, numpy's vectorised idiom):
   *
   *   dist[i·n + j] ← max(0, (−2 · Σ_p x[i·d + p] · y[j·d + p] + xx[i]) + yy[j])
   *
   * - x is m × d and y is n × d, row-major (row strides d); dist is m × n (row stride n).
   * - xx (length m) and yy (length n) are the squared row norms Σ_p x[i·d + p]², supplied by the
   *   caller so a blocked caller computes Y's once for all blocks of X. The kernel trusts them:
   *   it does not recompute or check them.
   * - The clamp at 0 removes the small negatives rounding leaves where x ≈ y. It does NOT restore
   *   accuracy there: the expansion cancels catastrophically, so a distance much smaller than
   *   ‖x‖² + ‖y‖² carries an absolute error of a few ε·(‖x‖² + ‖y‖²) (the diagonal of a
   *   self-distance matrix comes out as small noise, not exactly 0). Callers needing accurate
   *   tiny distances compute Σ(x − y)² directly.
   * - NaN in any input yields NaN where it is used (the clamp lets NaN through; it is not
   *   max(0, NaN) = 0). ±Inf gives what IEEE arithmetic of the expansion gives (NaN or +Inf,
   *   e.g. Inf − Inf = NaN), as numpy's vectorised expression does.
   * - `m === 0` or `n === 0` does nothing. `d === 0` gives all zeros (given xx = yy = 0).
   * - dist overlaps none of the inputs; the inputs are not written.
   */
  pairwiseSqDist(
    m: number,
    n: number,
    d: number,
    x: Float64Array,
    y: Float64Array,
    xx: Float64Array,
    yy: Float64Array,
    dist: Float64Array,
  ): void;

  /**
   * Forward pass of one dense (fully connected) layer over a batch of n samples: one gemm,
   * then one fused sweep adding the bias and applying the activation.
   *
   *   Z = X · Wᵀ + 1 · bᵀ,   A = act(Z)
   *
   * - `x` is n × inDim (row i = sample i), `w` is outDim × inDim (row j = unit j's weights),
   *   `b` has length outDim; `z` and `a` are n × outDim.
   * - `act` is an ACTIVATION code: 0 sigmoid 1/(1 + e^−z), evaluated as t = e^−|z| then 1/(1 + t)
   *   (z ≥ 0) or t/(1 + t) (z < 0), so it never overflows and keeps full relative precision in
   *   both tails; 1 identity; 2 tanh; 3 relu (z < 0 ? 0 : z).
   * - `z` of length 0: Z is not stored (A alone is written). Otherwise z receives Z.
   * - n = 0 or outDim = 0 does nothing; inDim = 0 gives Z = 1 · bᵀ.
   * - NaN/Inf propagate as IEEE arithmetic says (sigmoid(±Inf) = 1 / 0; relu(NaN) = NaN).
   * - No output overlaps an input or the other output; inputs are not written.
   */
  denseForward(
    act: ActivationCode,
    n: number,
    inDim: number,
    outDim: number,
    x: Float64Array,
    w: Float64Array,
    b: Float64Array,
    z: Float64Array,
    a: Float64Array,
  ): void;

  /**
   * Backward pass of the layer `denseForward` computed, over the same batch: one fused sweep,
   * then two gemms. With G = ∂C/∂A (n × outDim) for some cost C:
   *
   *   Δ       = G ⊙ act′(A)          (∂C/∂Z; written over `delta`, which holds G on entry)
   *   gradW   = scale · Δᵀ · X        (outDim × inDim)
   *   gradB   = scale · Σ_rows Δ      (length outDim; rows summed in order 0..n−1)
   *   deltaIn = Δ · W                 (n × inDim: ∂C/∂X, the G of the layer below; NOT scaled)
   *
   * - act′ is written in terms of A = act(Z): sigmoid a(1 − a), identity 1, tanh 1 − a²,
   *   relu (a > 0 ? 1 : 0; NaN stays NaN). So Z is not needed.
   * - Everything is linear in G, so a common factor may travel in `scale` instead of in G: for
   *   the cost C = ‖A_L − Y‖²_F / N the facade passes G = A_L − Y at the top layer and
   *   scale = 2/N at every layer; each layer's deltaIn is then the G of the layer below under
   *   the same convention, and gradW, gradB are exactly ∂C/∂W, ∂C/∂b.
   * - `x` (n × inDim) is the layer's input, `w` (outDim × inDim) its weights, `a` (n × outDim)
   *   denseForward's A. `delta` (n × outDim) is in/out as above.
   * - `deltaIn` of length 0: it is not computed (the first layer needs none) and `w` is not read.
   * - n = 0 gives zero gradients; outDim = 0 gives a zero deltaIn; inDim = 0 still gives gradB.
   * - No output overlaps an input or another output; x, w and a are not written.
   */
  denseBackward(
    act: ActivationCode,
    n: number,
    inDim: number,
    outDim: number,
    scale: number,
    x: Float64Array,
    w: Float64Array,
    a: Float64Array,
    delta: Float64Array,
    gradW: Float64Array,
    gradB: Float64Array,
    deltaIn: Float64Array,
  ): void;

  /**
   * Column means of a row-major m × n matrix (rows are samples): out[j] ← (1/m) Σ_i a[i·n + j].
   *
   * - Summed relative to the first row, out[j] = a[j] + (Σ_i (a[i·n + j] − a[j])) / m, so data
   *   whose mean is large beside its spread (1e8 ± 1) keeps the digits a centred scatter needs:
   *   the error is about ε·|mean| + m·ε·(average of |a[i·n + j] − a[j]|), where a plain sum
   *   gives m·ε·|mean|.
   * - `n === 0` does nothing; `m === 0` fills out[0..n) with NaN (numpy's mean of nothing).
   * - NaN/Inf propagate as IEEE arithmetic says. `a` is not written; `out` does not overlap it.
   */
  colMeans(m: number, n: number, a: Float64Array, out: Float64Array): void;

  /**
   * One pass of column statistics (rows are samples), what a fit needs before any product:
   *
   *   sum[j]    ← Σ_i (a[i·n + j] − shift[j])
   *   sumSq[j]  ← Σ_i (a[i·n + j] − shift[j])²
   *   maxAbs[j] ← max_i |a[i·n + j]|
   *
   * and returns the row-major index i·n + j of the FIRST NaN/±Inf entry of A, or −1 when every
   * entry is finite (so the facade can name the offending entry without a pass of its own).
   *
   * - Sums are ABOUT THE SHIFT, not compensated: with shift = row 0 (shift may alias a's first
   *   n entries) the mean is shift[j] + sum[j]/m, bit for bit `colMeans`' value (same order of
   *   additions), and the centred sum of squares is sumSq[j] − sum[j]²/m, which cancels only
   *   log10(1 + (shift[j] − mean)²/variance) digits instead of log10(1 + mean²/variance):
   *   1e8 ± 1 data keep all but a few ε. A first row far out in the tail loses that many.
   * - Each column is summed over i = 0, 1, …, m − 1 in order (blocked or threaded only across
   *   columns), so every backend gives the same bits for sum and sumSq.
   * - NaN/±Inf: sum and sumSq are what IEEE arithmetic gives; maxAbs[j] is NaN if column j holds
   *   a NaN, else +Inf if it holds ±Inf. Finite data whose sums overflow give ±Inf sums and a
   *   −1 return (only entries are checked).
   * - `m === 0` gives zero sums, zero maxAbs and −1. `n === 0` does nothing and returns −1.
   * - `a` and `shift` are not written; the outputs overlap neither nor each other.
   */
  colStats(m: number, n: number, a: Float64Array, shift: Float64Array, sum: Float64Array, sumSq: Float64Array, maxAbs: Float64Array): number;

  /**
   * Shifted scatter, the streaming-PCA update (a SYRK with the centring folded in):
   *
   *   lower(C) ← lower(C) + lower(Yᵀ Y),  Y = A − 1·shiftᵀ,  then  upper(C) ← lower(C)ᵀ
   *
   * i.e. C[i·n + j] += Σ_r (a[r·n + i] − shift[i]) · (a[r·n + j] − shift[j]) for j ≤ i.
   *
   * - `a` is m × n row-major (m samples of n features), `shift` has length n, `c` is n × n
   *   row-major. Only the lower triangle of C (with the diagonal) is accumulated into; on return
   *   the strict upper triangle is overwritten with the mirror of the lower, so C is symmetric
   *   whatever the upper held before.
   * - The shift is subtracted from every entry BEFORE multiplying (never Σ aaᵀ − m·μμᵀ): with
   *   shift = the column means (`colMeans`), C gains the centred scatter as accurately as if the
   *   data had been centred first. About m·n²/2 multiply-adds, half a gemm.
   * - Rounding: each added entry is within a small multiple of m·ε·Σ_r |y_ri|·|y_rj| of exact.
   * - `n === 0` does nothing; `m === 0` only mirrors. NaN/Inf propagate as IEEE arithmetic says.
   * - `a` and `shift` are not written; C overlaps neither.
   */
  gramAccumulate(m: number, n: number, a: Float64Array, shift: Float64Array, c: Float64Array): void;

  /**
   * Householder QR in place (LAPACK dgeqrf, LAPACK's signs): A = Q R with
   * Q = H_0 H_1 ⋯ H_{k−1}, k = min(m, n), H_j = I − tau_j v_j v_jᵀ, v_j = (0, …, 0, 1, v_j[j+1..m)).
   *
   * - `a` is m × n row-major. On return R (k × n, upper trapezoidal) is on and above the
   *   diagonal and the tail v_j[j+1..m) of reflector j is below the diagonal in column j
   *   (its leading 1 is implied, not stored). `tau` (length ≥ k) receives tau_j.
   * - Signs as dlarfg: R_jj = −sign(α)·‖(α, x)‖ for α the diagonal entry and x the entries below
   *   it when reflector j is formed; tau_j = 0 (H_j = I, column left as it is, sign of R_jj
   *   included) when x = 0. So R and the reflectors equal numpy's / LAPACK's up to rounding
   *   (a reflector is unique once its sign is fixed). Tiny columns are rescaled as dlarfg does.
   * - `m === 0` or `n === 0` does nothing.
   * - Finite input only (the facade refuses NaN/Inf): for non-finite input the result is
   *   unspecified (no crash, no hang).
   * - Accuracy (backward stable): ‖A − Q R‖ / (‖A‖ · max(m, n) · ε) and ‖QᵀQ − I‖ / (m · ε)
   *   stay below 10 (LAPACK's test ratios).
   * - Native: the row-major buffer is the column-major Aᵀ, whose LQ factorisation (dgelqf) is
   *   exactly this QR, so it runs blocked in place (panels + larft + gemm-based larfb).
   */
  geqrf(m: number, n: number, a: Float64Array, tau: Float64Array): void;

  /**
   * Forms the first n columns of Q = H_0 ⋯ H_{k−1} in place (LAPACK dorgqr).
   *
   * - Needs k ≤ n ≤ m. `a` is m × n row-major; on entry column j < k holds reflector j's tail
   *   below the diagonal, as `geqrf` left it (entries on and above the diagonal and columns ≥ k
   *   are not read). On return `a` holds Q's first n columns (orthonormal). `tau` has ≥ k
   *   entries.
   * - Reduced Q of a tall or square geqrf result: `orgqr(m, n, n, a, tau)` on geqrf's `a`. A
   *   wider Q (numpy's 'complete', or a wide A) is formed in a fresh m × n' buffer holding
   *   geqrf's first k columns.
   * - `m === 0` or `n === 0` does nothing; `k === 0` gives the first n columns of I.
   * - Accuracy: ‖QᵀQ − I‖ / (m · ε) < 10. `tau` is not written.
   */
  orgqr(m: number, n: number, k: number, a: Float64Array, tau: Float64Array): void;

  /**
   * Applies Q = H_0 ⋯ H_{k−1} or Qᵀ to C without forming Q (LAPACK dormqr):
   * side 0: C ← op(Q) C (Q of order m); side 1: C ← C op(Q) (Q of order n); op(Q) = Qᵀ when
   * `trans` is 1, Q when 0. Least squares uses side 0, trans 1: Qᵀ b.
   *
   * - `a` is nq × k row-major (nq = m for side 0, n for side 1), column j holding reflector j's
   *   tail below the diagonal as `geqrf` leaves it (on and above the diagonal not read): the
   *   whole geqrf buffer of a tall or square A (k = its column count), or the first k
   *   columns of it otherwise. Needs k ≤ nq. `tau` has ≥ k entries.
   * - `c` is m × n row-major, overwritten. m, n or k = 0 does nothing.
   * - Q is orthogonal, so ‖op(Q) C − exact‖ ≤ a small multiple of k · ε · ‖C‖.
   * - `a` and `tau` are not written; `c` overlaps neither.
   */
  ormqr(
    side: 0 | 1,
    trans: 0 | 1,
    m: number,
    n: number,
    k: number,
    a: Float64Array,
    tau: Float64Array,
    c: Float64Array,
  ): void;

  /**
   * Triangular solve with many right-hand sides (BLAS dtrsm), row-major:
   *
   *   side 0 (left):  op(A) · X = alpha · B      side 1 (right): X · op(A) = alpha · B
   *
   * and X is written over B.
   * - B is m × n (row stride n). A is k × k (row stride k) with k = m for side 0, n for side 1.
   * - `uplo` 0: A is lower triangular (only its lower triangle is read), 1: upper (only the
   *   upper triangle is read). `transA` 1 uses op(A) = Aᵀ (so a lower A acts as an upper one).
   * - `diag` 1: A is unit triangular; its diagonal is not read (taken as 1). 0: the diagonal is
   *   used and NOT checked: a zero on it gives ±Inf/NaN in X as IEEE division does (as in BLAS).
   * - `alpha === 0` sets X to 0 without reading B or A (BLAS), so NaN already in B does not leak.
   * - `m === 0` or `n === 0` does nothing.
   * - NaN/Inf in A or B propagate as IEEE arithmetic says.
   * - Accuracy: each column x of X satisfies (T + δT)·x = alpha·b with |δT| ≤ c·k·ε·|T|
   *   (T = op(A)), the backward stability of substitution; blocking changes the order of the
   *   sums, not the bound.
   * - A and B do not overlap; A is not written.
   */
  trsm(
    side: 0 | 1,
    uplo: 0 | 1,
    transA: 0 | 1,
    diag: 0 | 1,
    m: number,
    n: number,
    alpha: number,
    a: Float64Array,
    b: Float64Array,
  ): void;

  /**
   * LU factorisation with partial pivoting (LAPACK dgetrf), in place: P·A = L·U.
   *
   * - `a` is m × n row-major. On return its strictly lower part holds L's multipliers (L is
   *   m × k unit lower, k = min(m, n); the unit diagonal is implied) and its upper part with
   *   the diagonal holds U (k × n). Every |multiplier| ≤ 1 (native scales by the pivot's
   *   reciprocal, as dgetf2 does, so up to one rounding above 1).
   * - `ipiv` (Int32Array, length ≥ k; only [0, k) written) records the row interchanges the
   *   LAPACK way, 0-based: at step i row i was swapped with row ipiv[i] ≥ i, for i = 0 .. k−1
   *   in order; P applies those swaps in that order to the rows of A (whole rows).
   * - Pivot: the entry of largest |value| in the column (on exact ties, the first). Blocked
   *   backends round differently from the unblocked reference, so on near-ties the pivot
   *   order may differ between backends; the residual bound below holds for each.
   * - Returns 0, or j + 1 for the first j with U(j, j) exactly 0 (a zero column below the
   *   diagonal: no swap, no scaling). The factorisation still completes, as LAPACK's does;
   *   no NaN is produced by a zero pivot.
   * - m === 0 or n === 0 returns 0 and writes nothing.
   * - NaN/Inf in A: factors and pivots unspecified (NaN spreads), no exception; the facade
   *   refuses non-finite input.
   * - Accuracy (LAPACK's test): ‖P·A − L·U‖₁ / (‖A‖₁ · max(m, n) · ε) < 10 in practice;
   *   the proven bound grows with the pivot growth factor.
   */
  getrf(m: number, n: number, a: Float64Array, ipiv: Int32Array): number;

  /**
   * Solves A·X = B (`trans` 0) or Aᵀ·X = B (`trans` 1) from `getrf`'s factors of the n × n A
   * (LAPACK dgetrs): interchanges, then two triangular solves.
   *
   * - `lu` (n × n) and `ipiv` (length ≥ n) are getrf's output and are not written.
   * - `b` is n × nrhs row-major, overwritten by X: a vector is nrhs = 1; many right-hand
   *   sides cost one call.
   * - An exactly zero U(j, j) is not checked: X gets ±Inf/NaN as IEEE division gives (check
   *   getrf's info first). n === 0 or nrhs === 0 does nothing.
   * - Accuracy: backward stable with the LU (‖A·X − B‖ ≈ n·ε·‖A‖·‖X‖ for moderate growth).
   * - b overlaps neither lu nor ipiv.
   */
  getrs(trans: 0 | 1, n: number, nrhs: number, lu: Float64Array, ipiv: Int32Array, b: Float64Array): void;

  /**
   * Solves A·X = B for square A in one call (LAPACK dgesv's job, numpy's `solve`): getrf on a
   * copy of A, then getrs, without handing the factors back — a backend that keeps them in
   * memory of its own (wasm) copies A in and X out once.
   *
   * - `a` (n × n, row-major) is read only, never written. `b` is n × nrhs row-major and is
   *   overwritten by X. `diag` (length ≥ n) receives U's diagonal (P·A = L·U, partial
   *   pivoting as getrf) for the caller's singularity test.
   * - Returns max |a(i, j)| (0 for n = 0). If A has a NaN or ±Inf entry, returns NaN or
   *   +Inf and leaves b and diag unspecified (it need not factorise): the caller then reports
   *   the entry. b must be finite (the facade checks it).
   * - An exactly zero pivot leaves a 0 in diag and X unspecified (IEEE ±Inf/NaN), never an
   *   exception. n === 0 or nrhs === 0 writes nothing to b.
   * - Accuracy: as getrf followed by getrs; same pivots, so the same X as those two calls.
   * - No buffer overlaps another.
   */
  gesv(n: number, nrhs: number, a: Float64Array, b: Float64Array, diag: Float64Array): number;

  /**
   * The inverse from `getrf`'s factors (LAPACK dgetri's job): inv ← U⁻¹·L⁻¹·P.
   *
   * - `lu` (n × n) and `ipiv` (length ≥ n) are getrf's output and are NOT written (unlike
   *   dgetri, which works in place); `inv` (n × n) receives A⁻¹ and overlaps neither.
   * - Returns 0, or j + 1 for the first j with U(j, j) exactly 0 (inv then unspecified; no
   *   exception). n === 0 returns 0.
   * - Zero entries come out as +0, never −0 (as numpy's inv gives for permutation matrices).
   * - About 4n³/3 flops after getrf (2n³ in all; getrs against I would be 8n³/3).
   * - Accuracy: ‖A·inv − I‖ and ‖inv·A − I‖ about n·ε·κ(A) (LAPACK's dgetri bound).
   */
  getri(n: number, lu: Float64Array, ipiv: Int32Array, inv: Float64Array): number;

  /**
   * Cholesky factorisation, lower (LAPACK dpotrf with uplo = 'L'), in place: A = L·Lᵀ.
   *
   * - `a` is n × n row-major and symmetric positive definite. ONLY its lower triangle (with
   *   the diagonal) is read: the strict upper triangle may hold anything, NaN included.
   * - On success (returns 0): the lower triangle holds L (positive diagonal) and the strict
   *   upper triangle is set to 0, so `a` is exactly L.
   * - Returns j + 1 when the leading minor of order j + 1 is not positive definite (the pivot
   *   A(j, j) − Σ L(j, p)² is ≤ 0 or NaN); `a` is then unspecified (partly factored).
   * - n === 0 returns 0.
   * - Accuracy: ‖A − L·Lᵀ‖ / (‖A‖ · n · ε) < 10 in practice (backward stable).
   * - Solves with A = L·Lᵀ are two `trsm` calls (L, then Lᵀ): there is no potrs kernel.
   */
  potrf(n: number, a: Float64Array): number;

  /**
   * Selected eigenpairs of a symmetric matrix by index (LAPACK dsyevx/dsyevr with range 'I',
   * scipy's `eigh(subset_by_index=[il, iu])`): the eigenvalues il..iu of the ascending order.
   *
   * - `a` is n × n row-major and symmetric, as for `symEig`. It is WORKSPACE: destroyed.
   * - `il`, `iu` are 0-based and inclusive, 0 ≤ il ≤ iu < n (the facade guarantees it);
   *   k = iu − il + 1. n = 0 does nothing and returns 0.
   * - `w` (length k) receives eigenvalues il..iu in ascending order: the same values `symEig`
   *   gives at those indices, to within a small multiple of n · ε · ‖A‖.
   * - When `wantVectors` is 1, `z` (n × k row-major) receives orthonormal eigenvectors as
   *   COLUMNS, column j pairing with w[j]; within a repeated eigenvalue any orthonormal basis
   *   of the eigenspace's selected part. When 0, z is not touched (may be length 0).
   * - Returns 0 on success, or > 0 when the iteration for the vectors (or the eigenvalues)
   *   did not converge; w and z are then unspecified.
   * - Accuracy: ‖A Z − Z diag(w)‖ / ‖A‖ and ‖ZᵀZ − I‖ at a small multiple of n · ε.
   * - Signs of eigenvectors are arbitrary here; the facade normalises them.
   */
  symEigRange(
    n: number,
    a: Float64Array,
    il: number,
    iu: number,
    w: Float64Array,
    z: Float64Array,
    wantVectors: 0 | 1,
  ): number;

  /**
   * Singular value decomposition (LAPACK dgesdd's job): A (m × n, row-major) = U · diag(s) · Vᵀ.
   *
   * - `jobz` 0: singular values only (u and vt are not touched; may be length 0).
   *   1: thin — u is m × k, vt is k × n, k = min(m, n) (numpy's full_matrices=False).
   *   2: full — u is m × m, vt is n × n (numpy's full_matrices=True); the columns of u and rows
   *   of vt past k complete orthonormal bases.
   * - `a` is m × n and is WORKSPACE: its contents are destroyed.
   * - `s` (length k) receives the singular values in descending order, all ≥ 0.
   * - u has orthonormal columns, vt orthonormal rows; column j of u and row j of vt pair with
   *   s[j]. Signs are whatever the algorithm gives (the facade normalises them); for repeated or
   *   zero singular values any orthonormal basis of the subspace may come back.
   * - m = 0 or n = 0: nothing to compute; with jobz 2 the non-empty one of u, vt is the identity.
   * - Returns 0, or > 0 when the iteration did not converge (native: with bidiagonal QR the
   *   number of bidiagonal super-diagonal entries left, with divide and conquer a positive
   *   number locating the subproblem whose leaf QR or secular equation failed; ts: the Jacobi
   *   sweep cap was hit); outputs are then unspecified.
   * - Accuracy as LAPACK states it: ‖A − U·diag(s)·Vᵀ‖ / (‖A‖ · max(m, n) · ε), ‖UᵀU − I‖ /
   *   (max(m, n) · ε) and ‖VᵀV − I‖ / (max(m, n) · ε) are small multiples of 1; each s[j] is
   *   within a small multiple of k · ε · s[0] of the exact value (and of numpy's).
   * - The input must be finite (the facade checks): NaN/±Inf give unspecified results (native:
   *   all outputs NaN at once), never a crash or a hang. No buffer overlaps another.
   */
  gesdd(jobz: 0 | 1 | 2, m: number, n: number, a: Float64Array, s: Float64Array, u: Float64Array, vt: Float64Array): number;
}
