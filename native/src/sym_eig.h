// Symmetric eigendecomposition (LAPACK dsyev's job). Semantics: src/backend/kernels.ts `symEig`.
#pragma once

#include <cstddef>

namespace mmlkit {

// a: n x n row-major symmetric, destroyed (workspace). w: n eigenvalues, ascending. When
// wantVectors, z (n x n row-major) receives orthonormal eigenvectors as COLUMNS; otherwise z is
// not touched (may be null). Returns 0, or i + 1 when eigenvalue i did not converge within 30 n
// QL/QR iterations in total. Throws std::bad_alloc / std::system_error; never aborts.
int symEig(std::size_t n, double* a, double* w, double* z, bool wantVectors);

}  // namespace mmlkit
