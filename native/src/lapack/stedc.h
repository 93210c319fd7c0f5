// Divide and conquer for the symmetric tridiagonal eigenproblem (LAPACK dstedc, compz = 'I').
#pragma once

#include <cstddef>

namespace mmlkit {
namespace lapack {

// d (n) diagonal, e (n-1) off-diagonal of T; on return d holds T's eigenvalues in ascending
// order and q (n x n, column-major, leading dimension ldq >= n) the orthonormal eigenvectors,
// column j with d[j]. e is destroyed. Returns 0, or > 0 when a leaf's QL iteration or a secular
// equation failed to converge. Throws std::bad_alloc / std::system_error; never aborts.
int stedc(std::size_t n, double* d, double* e, double* q, std::size_t ldq);

// Subproblems of at most this order are solved by implicit QL/QR (dsteqr) instead of being
// split further (LAPACK's SMLSIZ).
extern std::size_t stedcLeafSize;

}  // namespace lapack
}  // namespace mmlkit
