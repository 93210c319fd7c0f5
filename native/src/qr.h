// Householder QR kernels over row-major buffers (contracts: src/backend/kernels.ts).
#pragma once

#include <cstddef>

namespace mmlkit {

// A (m x n) <- R above the diagonal, reflectors below it (LAPACK dgeqrf's output, row-major);
// tau (min(m, n)).
void geqrf(std::size_t m, std::size_t n, double* a, double* tau);

// A (m x n, n <= m) <- the first n columns of Q = H(0) ... H(k-1), k <= n, from the reflectors
// in A's first k columns.
void orgqr(std::size_t m, std::size_t n, std::size_t k, double* a, const double* tau);

// C (m x n) <- op(Q) C (right = false, Q of order m) or C op(Q) (right = true, order n),
// op(Q) = Qᵀ when trans; a holds the k reflectors as the columns of an nq x k row-major matrix.
void ormqr(bool right, bool trans, std::size_t m, std::size_t n, std::size_t k, const double* a,
           const double* tau, double* c);

}  // namespace mmlkit
