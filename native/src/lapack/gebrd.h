// Householder bidiagonalisation (LAPACK dgebrd, m >= n: upper bidiagonal) and the formation of
// its orthogonal factors (dorgbr, as block reflectors applied to the identity).
#pragma once

#include <cstddef>

namespace mmlkit {
namespace lapack {

// A (m x n, column-major, lda, m >= n) = Q B Pᵀ with B upper bidiagonal: d (n) its diagonal,
// e (n - 1) its super-diagonal. Q = H(0) ... H(n-1), reflector i stored below the diagonal of
// column i (unit at row i implied) with scalar tauq[i]; P = G(0) ... G(n-2), reflector i stored
// to the right of the super-diagonal in row i (unit at column i+1 implied) with taup[i]
// (taup has n entries, the last is 0). The diagonal and super-diagonal of A receive d and e.
// Blocked: panels of nb columns by dlabrd (matrix-vector products), then the trailing matrix
// takes two gemms.
void gebrd(std::size_t m, std::size_t n, double* a, std::size_t lda, double* d, double* e,
           double* tauq, double* taup);

// q (m x ncols, column-major, ldq; n <= ncols <= m) <- the first ncols columns of Q from gebrd's
// output (a, tauq). Blocked: each block of reflectors reaches the columns it touches as one
// larfb, from the last block back, so Q's zero structure is never multiplied.
void orgbrQ(std::size_t m, std::size_t n, std::size_t ncols, const double* a, std::size_t lda,
            const double* tauq, double* q, std::size_t ldq);

// p (n x n, column-major, ldp) <- P from gebrd's output (a, taup).
void orgbrP(std::size_t n, const double* a, std::size_t lda, const double* taup, double* p,
            std::size_t ldp);

// c (m x ncols, column-major, ldc) <- Q c (dormbr 'Q', 'L', 'N'): the blocks of orgbrQ applied
// to every column of c. For the SVD by divide and conquer, where c holds B's left vectors.
void ormbrQ(std::size_t m, std::size_t n, std::size_t ncols, const double* a, std::size_t lda,
            const double* tauq, double* c, std::size_t ldc);

// c (n x ncols, column-major, ldc) <- P c (dormbr 'P', 'L', 'N'), P from gebrd's (a, taup).
void ormbrP(std::size_t n, std::size_t ncols, const double* a, std::size_t lda,
            const double* taup, double* c, std::size_t ldc);

}  // namespace lapack
}  // namespace mmlkit
