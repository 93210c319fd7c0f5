// Column-major Householder QR pieces (LAPACK dgeqr2, dorg2r, dorgqr), reflectors stored
// Columnwise below the diagonal as dgeqrf leaves them.
#pragma once

#include <cstddef>

namespace mmlkit {
namespace lapack {

using std::size_t;

// dgeqr2: unblocked QR of A (m x n, lda) in place: R on and above the diagonal, reflector j's
// tail below A(j, j), tau (min(m, n)). Level 2; the panel step of the blocked factorisations.
void geqr2(size_t m, size_t n, double* a, size_t lda, double* tau);

// dorg2r: A (m x n, lda, n <= m) <- the first n columns of Q = H(0) ... H(k-1), k <= n, the
// reflectors in A's first k columns (as geqr2 leaves them). Unblocked.
void org2r(size_t m, size_t n, size_t k, double* a, size_t lda, const double* tau);

// dgeqrf: blocked QR (geqr2 on panels of nb columns, larft + larfb for the columns to their
// right); geqr2 alone when min(m, n) <= nb. Same output as geqr2.
void geqrf(size_t m, size_t n, double* a, size_t lda, double* tau, size_t nb = 32);

// dorgqr: the same as org2r, blocked (backward, compact WY through larfb) when n > 2 nb.
void orgqr(size_t m, size_t n, size_t k, double* a, size_t lda, const double* tau,
           size_t nb = 64);

}  // namespace lapack
}  // namespace mmlkit
