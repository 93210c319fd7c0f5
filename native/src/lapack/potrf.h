// Blocked Cholesky factorisation (LAPACK dpotrf, lower). Semantics: src/backend/kernels.ts.
#pragma once

#include <cstddef>

namespace mmlkit::lapack {

// Cholesky, lower: A = L·Lᵀ in place on the row-major n × n a (row stride lda); reads the lower
// triangle, and on success (0) the strict upper triangle is set to 0. Returns j + 1 when the
// leading minor of order j + 1 is not positive definite (a then unspecified).
int potrf(std::size_t n, double* a, std::size_t lda);

}  // namespace mmlkit::lapack
