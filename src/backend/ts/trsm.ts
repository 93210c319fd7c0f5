/**
 * Reference triangular solve (BLAS dtrsm), row-major: plain substitution, no blocking.
 *
 * Every case reduces to "is op(A) effectively lower or upper": a lower A under transA acts as
 * an upper one. Left solves sweep whole rows of B (contiguous axpys); right solves treat each
 * row of B as an independent row-vector system x·T = b. `trsmView` takes offsets and row
 * strides so the other ts LAPACK kernels (getrf, getrs, getri, potrf) solve on sub-blocks
 * without copies.
 */

export function trsm(
  side: 0 | 1,
  uplo: 0 | 1,
  transA: 0 | 1,
  diag: 0 | 1,
  m: number,
  n: number,
  alpha: number,
  a: Float64Array,
  b: Float64Array,
): void {
  trsmView(side, uplo, transA, diag, m, n, alpha, a, 0, side === 0 ? m : n, b, 0, n);
}

/**
 * trsm on views: A's element (i, j) is a[aOff + i·lda + j], B's is b[bOff + i·ldb + j].
 * Same semantics as the kernel otherwise.
 */
export function trsmView(
  side: 0 | 1,
  uplo: 0 | 1,
  transA: 0 | 1,
  diag: 0 | 1,
  m: number,
  n: number,
  alpha: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
): void {
  if (m === 0 || n === 0) return;
  if (alpha !== 1) {
    for (let i = 0; i < m; i++) {
      const r = bOff + i * ldb;
      if (alpha === 0) b.fill(0, r, r + n);
      else for (let j = 0; j < n; j++) b[r + j] *= alpha;
    }
    if (alpha === 0) return;
  }
  // T = op(A): T(i, j) = a[aOff + i·si + j·sj].
  const si = transA ? 1 : lda;
  const sj = transA ? lda : 1;
  const lower = (uplo === 0) !== (transA === 1);
  const unit = diag === 1;
  if (side === 0) {
    // T · X = B, T is m × m: forward (lower) or backward (upper) substitution over rows of B.
    for (let s = 0; s < m; s++) {
      const i = lower ? s : m - 1 - s;
      const ri = bOff + i * ldb;
      const j0 = lower ? 0 : i + 1;
      const j1 = lower ? i : m;
      for (let j = j0; j < j1; j++) {
        const t = a[aOff + i * si + j * sj];
        const rj = bOff + j * ldb;
        for (let c = 0; c < n; c++) b[ri + c] -= t * b[rj + c];
      }
      if (!unit) {
        const d = a[aOff + i * si + i * sj];
        for (let c = 0; c < n; c++) b[ri + c] /= d;
      }
    }
  } else {
    // X · T = B, T is n × n: each row x of X solves x·T = b, i.e. x_j·T(j, j) = b_j − Σ x_p·T(p, j)
    // over p < j (T upper) or p > j (T lower).
    for (let r = 0; r < m; r++) {
      const rb = bOff + r * ldb;
      for (let s = 0; s < n; s++) {
        const j = lower ? n - 1 - s : s;
        let v = b[rb + j];
        const p0 = lower ? j + 1 : 0;
        const p1 = lower ? n : j;
        for (let p = p0; p < p1; p++) v -= b[rb + p] * a[aOff + p * si + j * sj];
        b[rb + j] = unit ? v : v / a[aOff + j * si + j * sj];
      }
    }
  }
}
