// LU factorisation with partial pivoting (LAPACK dgetrf). Semantics: src/backend/kernels.ts.
#pragma once

#include <cstddef>
#include <cstdint>

namespace mmlkit::lapack {

// ROW-MAJOR m × n matrix a with row stride lda, factorised in place: P·A = L·U with L m × k unit
// lower (strictly lower part of a), U k × n upper, k = min(m, n). ipiv[i] (0-based, ≥ i) is the
// row interchanged with row i, in order i = 0 .. k-1. Returns 0, or j + 1 for the first exactly
// zero pivot U(j, j) (the factorisation still completes, as in LAPACK).
int getrf(std::size_t m, std::size_t n, double* a, std::size_t lda, std::int32_t* ipiv);

// Solves op(A)·X = B from getrf's factors of the n × n A (row stride lda); B is n × nrhs
// (row stride ldb), overwritten by X. trans: A (false) or Aᵀ (true).
void getrs(bool trans, std::size_t n, std::size_t nrhs, const double* lu, std::size_t lda,
           const std::int32_t* ipiv, double* b, std::size_t ldb);

// inv(A) from getrf's factors (lu is not written): out (n × n, row stride ldo) receives
// U⁻¹·L⁻¹·P. Returns 0, or j + 1 when U(j, j) == 0 (out then unspecified).
int getri(std::size_t n, const double* lu, std::size_t lda, const std::int32_t* ipiv, double* out,
          std::size_t ldo);

// Frees the calling thread's LU scratch (the leaf buffer and the look-ahead's packed blocks,
// kept between calls); the next getrf allocates again.
void releaseGetrfScratch();

}  // namespace mmlkit::lapack
