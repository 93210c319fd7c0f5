// Divide and conquer for the singular values and vectors of an upper bidiagonal matrix (LAPACK
// dbdsdc with compq = 'I').
#pragma once

#include <cstddef>

namespace mmlkit {
namespace lapack {

// B = upper bidiagonal with diagonal d[0..n) and super-diagonal e[0..n-1). On return d holds B's
// singular values in descending order, u (n x n, column-major, ldu >= n) the left and v (n x n,
// ldv >= n) the right singular vectors, column j with d[j]: B = U diag(d) Vᵀ (V, not Vᵀ). e is
// destroyed. Returns 0, or > 0 when a leaf's bidiagonal QR or a secular equation failed to
// converge. Throws std::bad_alloc / std::system_error; never aborts.
int bdsdc(std::size_t n, double* d, double* e, double* u, std::size_t ldu, double* v,
          std::size_t ldv);

// Subproblems of at most this many rows are solved by bidiagonal QR (dbdsqr) instead of being
// split further (LAPACK's SMLSIZ).
extern std::size_t bdsdcLeafSize;

}  // namespace lapack
}  // namespace mmlkit
