// Selected eigenvalues of a symmetric tridiagonal matrix by bisection (LAPACK dstebz, 'I').
#pragma once

#include <cstddef>

namespace mmlkit {
namespace lapack {

// Eigenvalues il..iu (0-based, inclusive, ascending order; il <= iu < n) of the tridiagonal
// (d (n), e (n-1)) into w (iu - il + 1), each to within eps * ||T||_1 (LAPACK's default
// abstol), by Sturm-count bisection. O(n) per step, ~55 steps per eigenvalue.
void stebz(std::size_t n, const double* d, const double* e, std::size_t il, std::size_t iu,
           double* w);

}  // namespace lapack
}  // namespace mmlkit
