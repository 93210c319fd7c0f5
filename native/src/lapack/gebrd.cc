// Householder bidiagonalisation (LAPACK dgebrd/dlabrd for m >= n) and its factors (dorgbr).
//
// dgebrd's structure: a panel of nb columns and rows is reduced by dlabrd with matrix-vector
// products against the not-yet-updated trailing matrix, accumulating X (m x nb) and Y (n x nb)
// so the trailing matrix then takes A22 -= V Yᵀ + X Uᵀ as two gemms: about half the 8/3 n³
// flops go to gemm, the other half are the two large gemvs per column (lapack/gemv.cc), which
// are bound by cache bandwidth and split between both threads.
//
// The factors are formed by applying block reflectors (larft + larfb, lapack/householder.h) to
// the identity from the last block back (dorgqr's order): each block only touches the rows and
// columns its reflectors reach, so the flops equal dorgbr's 4/3 n³ per factor, all on gemm.
#include "gebrd.h"

#include <algorithm>
#include <vector>

#include "blas.h"
#include "gemv.h"
#include "householder.h"

namespace mmlkit {
namespace lapack {
namespace {

using std::size_t;

constexpr size_t kPanel = 32;  // dgebrd's nb (ilaenv's default)
constexpr size_t kOrgBlock = 64;

// dlabrd (m >= n): reduces the first nb rows and columns of A (m x n), leaving the trailing
// matrix un-updated and returning X (m x nb, ldx) and Y (n x nb, ldy) for the gemm update.
// Written 1-based, line for line as LAPACK's (the index algebra is easy to get wrong).
void labrd(size_t m, size_t n, size_t nb, double* a, size_t lda, double* d, double* e,
           double* tauq, double* taup, double* x, size_t ldx, double* y, size_t ldy) {
#define A(r, c) a[((r) - 1) + ((c) - 1) * lda]
#define X(r, c) x[((r) - 1) + ((c) - 1) * ldx]
#define Y(r, c) y[((r) - 1) + ((c) - 1) * ldy]
  for (size_t i = 1; i <= nb; ++i) {
    // Update A(i:m, i).
    gemvN(m - i + 1, i - 1, -1, &A(i, 1), lda, &Y(i, 1), ldy, 1, &A(i, i), 1);
    gemvN(m - i + 1, i - 1, -1, &X(i, 1), ldx, &A(1, i), 1, 1, &A(i, i), 1);
    // Reflector Q(i) annihilates A(i+1:m, i).
    tauq[i - 1] = larfg(m - i + 1, A(i, i), &A(std::min(i + 1, m), i), 1);
    d[i - 1] = A(i, i);
    if (i < n) {
      A(i, i) = 1;
      // Y(i+1:n, i).
      gemvT(m - i + 1, n - i, 1, &A(i, i + 1), lda, &A(i, i), 1, 0, &Y(i + 1, i), 1);
      gemvT(m - i + 1, i - 1, 1, &A(i, 1), lda, &A(i, i), 1, 0, &Y(1, i), 1);
      gemvN(n - i, i - 1, -1, &Y(i + 1, 1), ldy, &Y(1, i), 1, 1, &Y(i + 1, i), 1);
      gemvT(m - i + 1, i - 1, 1, &X(i, 1), ldx, &A(i, i), 1, 0, &Y(1, i), 1);
      gemvT(i - 1, n - i, -1, &A(1, i + 1), lda, &Y(1, i), 1, 1, &Y(i + 1, i), 1);
      scal(n - i, tauq[i - 1], &Y(i + 1, i), 1);
      // Update A(i, i+1:n).
      gemvN(n - i, i, -1, &Y(i + 1, 1), ldy, &A(i, 1), lda, 1, &A(i, i + 1), lda);
      gemvT(i - 1, n - i, -1, &A(1, i + 1), lda, &X(i, 1), ldx, 1, &A(i, i + 1), lda);
      // Reflector P(i) annihilates A(i, i+2:n).
      taup[i - 1] = larfg(n - i, A(i, i + 1), &A(i, std::min(i + 2, n)), lda);
      e[i - 1] = A(i, i + 1);
      A(i, i + 1) = 1;
      // X(i+1:m, i).
      gemvN(m - i, n - i, 1, &A(i + 1, i + 1), lda, &A(i, i + 1), lda, 0, &X(i + 1, i), 1);
      gemvT(n - i, i, 1, &Y(i + 1, 1), ldy, &A(i, i + 1), lda, 0, &X(1, i), 1);
      gemvN(m - i, i, -1, &A(i + 1, 1), lda, &X(1, i), 1, 1, &X(i + 1, i), 1);
      gemvN(i - 1, n - i, 1, &A(1, i + 1), lda, &A(i, i + 1), lda, 0, &X(1, i), 1);
      gemvN(m - i, i - 1, -1, &X(i + 1, 1), ldx, &X(1, i), 1, 1, &X(i + 1, i), 1);
      scal(m - i, taup[i - 1], &X(i + 1, i), 1);
    } else {
      taup[i - 1] = 0;
    }
  }
#undef A
#undef X
#undef Y
}

// C (rows x cols, ldc) <- H(0) ... H(count-1) C for count reflectors stored (storage) in v: the
// blocks applied from the last back (dorgqr's order), block i to C's rows i.. and, when C starts
// as the identity (fromIdentity), to its columns i.. only (the others are still zero there).
void applyBlocksBackward(Storage storage, size_t rows, size_t cols, size_t count,
                         const double* v, size_t ldv, const double* tau, double* c, size_t ldc,
                         bool fromIdentity = true) {
  constexpr size_t nb = kOrgBlock;  // 32, 128 and 192 measured no better for ormbr at n = 1000
  std::vector<double> T(nb * nb);
  const size_t last = (count - 1) / nb * nb;
  for (size_t i = last + nb; i >= nb;) {
    i -= nb;
    const size_t k = std::min(nb, count - i);
    const double* vi = v + i + i * ldv;
    larft(storage, rows - i, k, vi, ldv, tau + i, T.data(), nb);
    const size_t c0 = fromIdentity ? i : 0;
    larfb(Left, false, storage, rows - i, cols - c0, k, vi, ldv, T.data(), nb, c + i + c0 * ldc,
          ldc);
  }
}

}  // namespace

void gebrd(size_t m, size_t n, double* a, size_t lda, double* d, double* e, double* tauq,
           double* taup) {
  if (n == 0) return;
  std::vector<double> X(m * kPanel), Y(n * kPanel);
  for (size_t i = 0; i < n; i += kPanel) {
    const size_t nb = std::min(kPanel, n - i);
    double* ai = a + i + i * lda;
    labrd(m - i, n - i, nb, ai, lda, d + i, e + i, tauq + i, taup + i, X.data(), m - i, Y.data(),
          n - i);
    const size_t mt = m - i - nb, nt = n - i - nb;
    if (nt > 0) {
      double* a22 = ai + nb + nb * lda;
      // A22 -= V Yᵀ (V: the panel's column reflectors below it) and X Uᵀ (U: its row reflectors).
      gemm(false, true, mt, nt, nb, -1.0, ai + nb, lda, Y.data() + nb, n - i, 1.0, a22, lda);
      gemm(false, false, mt, nt, nb, -1.0, X.data() + nb, m - i, ai + nb * lda, lda, 1.0, a22,
           lda);
    }
    for (size_t j = 0; j < nb; ++j) {
      ai[j + j * lda] = d[i + j];
      if (i + j + 1 < n) ai[j + (j + 1) * lda] = e[i + j];
    }
  }
}

void orgbrQ(size_t m, size_t n, size_t ncols, const double* a, size_t lda, const double* tauq,
            double* q, size_t ldq) {
  for (size_t j = 0; j < ncols; ++j) {
    std::fill(q + j * ldq, q + j * ldq + m, 0.0);
    q[j + j * ldq] = 1;
  }
  if (n == 0) return;
  applyBlocksBackward(Columnwise, m, ncols, n, a, lda, tauq, q, ldq);
}

void orgbrP(size_t n, const double* a, size_t lda, const double* taup, double* p, size_t ldp) {
  for (size_t j = 0; j < n; ++j) {
    std::fill(p + j * ldp, p + j * ldp + n, 0.0);
    p[j + j * ldp] = 1;
  }
  if (n <= 1) return;
  // P = diag(1, P'), P' = G(0) ... G(n-2) on coordinates 1..n-1: the reflectors sit rowwise in
  // A(i, i+1:n), i.e. in the (n-1) x (n-1) block of A at (0, 1) with units on its diagonal.
  applyBlocksBackward(Rowwise, n - 1, n - 1, n - 1, a + lda, lda, taup, p + 1 + ldp, ldp);
}

void ormbrQ(size_t m, size_t n, size_t ncols, const double* a, size_t lda, const double* tauq,
            double* c, size_t ldc) {
  if (n == 0 || ncols == 0) return;
  applyBlocksBackward(Columnwise, m, ncols, n, a, lda, tauq, c, ldc, false);
}

void ormbrP(size_t n, size_t ncols, const double* a, size_t lda, const double* taup, double* c,
            size_t ldc) {
  if (n <= 1 || ncols == 0) return;
  applyBlocksBackward(Rowwise, n - 1, ncols, n - 1, a + lda, lda, taup, c + 1, ldc, false);
}

}  // namespace lapack
}  // namespace mmlkit
