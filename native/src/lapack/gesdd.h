// Singular value decomposition, LAPACK dgesdd's job (bidiagonalisation, bidiagonal divide and
// conquer or QR with batched rotations, back-transformation on gemm).
#pragma once

#include <cstddef>

namespace mmlkit {

// The gesdd kernel (row-major; contract in src/backend/kernels.ts): A (m x n) = U diag(s) Vᵀ.
// jobz 0: s only; 1: thin, u m x k and vt k x n (k = min(m, n)); 2: full, u m x m, vt n x n.
// a is destroyed. Returns 0, or > 0 if the bidiagonal QR did not converge.
int gesdd(int jobz, std::size_t m, std::size_t n, double* a, double* s, double* u, double* vt);

namespace lapack {

// Column-major core for m >= n: A (m x n, lda; destroyed) = U diag(s) Vᵀ, s descending.
// jobz 0: s only (u, v unused). Otherwise u (ldu >= uRows, uRows = m rounded up to 8) receives
// ucols (n or m) columns of U and v (ldv >= vRows, vRows = n rounded up to 8) receives V (n x n,
// NOT transposed); their padding rows are zeroed. Returns bdsdc's or bdsqr's info.
int gesddTall(int jobz, std::size_t m, std::size_t n, double* a, std::size_t lda, double* s,
              double* u, std::size_t ldu, std::size_t uRows, std::size_t ucols, double* v,
              std::size_t ldv, std::size_t vRows);

// With vectors, bidiagonals of at least this order go to divide and conquer (bdsdc.cc), smaller
// ones to bidiagonal QR (bdsqr.cc).
extern std::size_t gesddDcMin;

}  // namespace lapack
}  // namespace mmlkit
