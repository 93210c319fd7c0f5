// Eigenvectors of a symmetric tridiagonal matrix by inverse iteration (LAPACK dstein's job).
#pragma once

#include <cstddef>

namespace mmlkit {
namespace lapack {

// For the k eigenvalues w (ascending, e.g. from stebz) of the tridiagonal (d (n), e (n-1)),
// the unit eigenvectors into the columns of z (n x k, column-major, ldz >= n). Vectors of
// eigenvalues closer than 1e-3 ||T||_1 are orthogonalised against each other (modified
// Gram-Schmidt, as dstein). Returns 0, or the count of vectors that did not converge within
// dstein's 5 iterations (those columns are then the last iterate, normalised).
int stein(std::size_t n, const double* d, const double* e, std::size_t k, const double* w,
          double* z, std::size_t ldz);

}  // namespace lapack
}  // namespace mmlkit
