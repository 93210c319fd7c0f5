// Column-major matrix-vector products (BLAS dgemv), for the panel factorisations of the
// LAPACK-style layer (the bidiagonalisation's dlabrd first of all).
#pragma once

#include <cstddef>

namespace mmlkit {
namespace lapack {

// y (m) <- alpha A x + beta y, A m x n column-major (lda); x (n) stride incx > 0, y stride
// incy > 0. beta == 0 never reads y. Large products are split between gemm's threads.
void gemvN(std::size_t m, std::size_t n, double alpha, const double* a, std::size_t lda,
           const double* x, std::size_t incx, double beta, double* y, std::size_t incy);

// y (n) <- alpha Aᵀ x + beta y, A m x n column-major (lda); x (m) stride incx, y (n) stride incy.
void gemvT(std::size_t m, std::size_t n, double alpha, const double* a, std::size_t lda,
           const double* x, std::size_t incx, double beta, double* y, std::size_t incy);

}  // namespace lapack
}  // namespace mmlkit
