// Column-major Householder LQ (LAPACK dgelqf, dorglq, dormlq): A = L Q with Q = H(k-1) ... H(0),
// reflector i stored Rowwise in A(i, i+1:n) (its 1 at A(i, i) implied), tau (k = min(m, n)).
//
// These are mmlkit's row-major QR kernels in disguise: a row-major m x n buffer is the
// column-major n x m transpose, and the LQ factorisation of Aᵀ is the QR factorisation of A
// (Aᵀ = L Q  <=>  A = Qᵀ Lᵀ = Q' R with R = Lᵀ upper). So gelqf on the row-major buffer leaves R
// in its upper triangle and reflector j in column j below the diagonal - exactly dgeqrf's output
// read row-major, signs included.
#pragma once

#include <cstddef>

#include "householder.h"

namespace mmlkit {
namespace lapack {

using std::size_t;

// dgelqf: blocked LQ of A (m x n, lda) in place; tau has min(m, n) entries.
void gelqf(size_t m, size_t n, double* a, size_t lda, double* tau);

// dorglq: A (m x n, lda, m <= n) <- the first m rows of Q = H(k-1) ... H(0), k <= m, from the
// reflectors in A's first k rows (as gelqf leaves them). Blocked, last block first.
void orglq(size_t m, size_t n, size_t k, double* a, size_t lda, const double* tau);

// dormlq: C (m x n, ldc) <- Q C, Qᵀ C (Left, Q of order m) or C Q, C Qᵀ (Right, order n), Q from
// the k reflectors in the rows of a (k x nq, lda >= k, nq = m or n), without forming Q.
void ormlq(Side side, bool trans, size_t m, size_t n, size_t k, const double* a, size_t lda,
           const double* tau, double* c, size_t ldc);

}  // namespace lapack
}  // namespace mmlkit
