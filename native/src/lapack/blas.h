// Column-major BLAS pieces for the LAPACK-style routines in native/src/lapack/ (LAPACK's
// conventions: column-major storage, leading dimensions, unit/zero parts implied).
//
// Level 3 goes through mmlkit::gemmStrided (row-major): a column-major C is the row-major Cᵀ,
// so C = op(A) op(B) is computed as Cᵀ = op(B)ᵀ op(A)ᵀ with the operands swapped, no copies.
// Level 1/2 helpers are the hand-vectorised loops symEig measured (sym_eig_simd.h), compiled
// once per ISA and picked at load time, following gemm's pick (MMLKIT_ISA honoured).
#pragma once

#include <cstddef>

#include "../gemm.h"

namespace mmlkit {
namespace lapack {

using std::ptrdiff_t;
using std::size_t;

// Column-major C (m x n, ldc) <- alpha op(A) op(B) + beta C; op(A) m x k, op(B) k x n.
// beta == 0 never reads C. Parallel inside (gemm's pool) when large enough.
inline void gemm(bool transA, bool transB, size_t m, size_t n, size_t k, double alpha,
                 const double* a, size_t lda, const double* b, size_t ldb, double beta, double* c,
                 size_t ldc) {
  if (m == 0 || n == 0) return;
  gemmStrided(transB, transA, n, m, k, alpha, b, ldb, a, lda, beta, c, ldc);
}

// sum x[i] y[i], contiguous (SIMD).
double dot(size_t n, const double* x, const double* y);
// sum x[i incx] y[i incy], incx, incy > 0.
double dot(size_t n, const double* x, ptrdiff_t incx, const double* y, ptrdiff_t incy);
// y[i] += alpha x[i], contiguous (SIMD).
void axpy(size_t n, double alpha, const double* x, double* y);
// x <- c x + s y, y <- c y - s x over n contiguous entries (drot: the deflation rotations of the
// divide-and-conquer merges, stedc.cc and bdsdc.cc).
inline void rot(size_t n, double* x, double* y, double c, double s) {
  for (size_t r = 0; r < n; ++r) {
    const double xr = x[r], yr = y[r];
    x[r] = c * xr + s * yr;
    y[r] = c * yr - s * xr;
  }
}
// x[i incx] *= alpha, incx > 0.
void scal(size_t n, double alpha, double* x, ptrdiff_t incx);
// ‖x‖₂ (incx > 0) without spurious over- or underflow (scaled when the plain sum of squares
// leaves [1e-280, 1e280]).
double nrm2(size_t n, const double* x, ptrdiff_t incx);
// y <- A x, A m x m symmetric, only its lower triangle read (column-major, lda). Reads A once:
// each column's sub-diagonal part feeds both y (axpy) and the column's own dot product.
void symvLower(size_t m, const double* a, size_t lda, const double* x, double* y);
// y[c0..m) += the part of (A x) that columns c0..c1 of A's lower triangle contribute (the
// column's sub-diagonal entries feed y below it and its own dot product): symvLower split by
// columns, so threads can take column ranges into separate y buffers and add them.
void symvLowerColumns(size_t m, const double* a, size_t lda, const double* x, double* y,
                      size_t c0, size_t c1);
// C (m x n, ldc) <- C - tau v (vᵀ C), v contiguous of length m (v[0] read as stored): dlarf
// ('Left') column by column, one dot and one axpy per column (the hot loop of unblocked panels).
void larfLeftColumns(size_t m, size_t n, const double* v, double tau, double* c, size_t ldc);

}  // namespace lapack
}  // namespace mmlkit
