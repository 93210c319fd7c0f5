// Triangular solve with many right-hand sides (BLAS dtrsm). Semantics: src/backend/kernels.ts.
#pragma once

#include <cstddef>

namespace mmlkit::lapack {

// ROW-MAJOR with leading dimensions (row strides), the layout of every kernel buffer and of
// mmlkit::gemmStrided:
//   side 'L': op(A)·X = alpha·B,  side 'R': X·op(A) = alpha·B;  X overwrites B.
//   uplo 'L' / 'U': which triangle of A is read; trans 'N' / 'T': op(A) = A or Aᵀ;
//   diag 'N' / 'U': unit diagonal (not read) or not. B is m × n (row stride ldb), A is k × k
//   (row stride lda), k = m for 'L', n for 'R'. alpha == 0 zeroes B without reading it.
// Throws std::bad_alloc / std::system_error on resource failure (from gemm); never aborts.
void trsm(char side, char uplo, char trans, char diag, std::size_t m, std::size_t n,
          double alpha, const double* a, std::size_t lda, double* b, std::size_t ldb);

// The same for COLUMN-MAJOR callers (LAPACK conventions: B is m × n with column stride ldb).
// A column-major matrix is the row-major view of its transpose, so op(A)·X = B becomes
// Xᵀ·op(A)ᵀ = Bᵀ on the row-major views: side and uplo flip, trans stays, m and n swap.
inline void trsmColMajor(char side, char uplo, char trans, char diag, std::size_t m,
                         std::size_t n, double alpha, const double* a, std::size_t lda, double* b,
                         std::size_t ldb) {
  trsm(side == 'L' ? 'R' : 'L', uplo == 'L' ? 'U' : 'L', trans, diag, n, m, alpha, a, lda, b, ldb);
}

}  // namespace mmlkit::lapack
