// Selected eigenpairs of a symmetric matrix by index (LAPACK dsyevx/dsyevr with range 'I').
// Semantics: src/backend/kernels.ts `symEigRange`.
#pragma once

#include <cstddef>

namespace mmlkit {

// a: n x n row-major symmetric, destroyed (workspace). Eigenvalues il..iu (0-based, inclusive,
// il <= iu < n) in ascending order into w (k = iu - il + 1). When wantVectors, z (n x k
// row-major) receives the matching orthonormal eigenvectors as COLUMNS; otherwise z is not
// touched (may be null). Returns 0, or > 0 when the eigenvector iteration did not converge.
// Throws std::bad_alloc / std::system_error; never aborts.
int symEigRange(std::size_t n, double* a, std::size_t il, std::size_t iu, double* w, double* z,
                bool wantVectors);

}  // namespace mmlkit
