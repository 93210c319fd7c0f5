// Column-major Householder QR pieces (see qr.h). orgqr's default block of 64 comes from symEig's
// formQ, where it was measured: a larger k makes larfb's gemms run faster, and below 2 blocks
// the unblocked dorg2r wins. The row-major QR kernels (lq.cc) use geqrf / orgqr with a small
// block inside their 64-column panels.
#include "qr.h"

#include <algorithm>
#include <vector>

#include "householder.h"

namespace mmlkit {
namespace lapack {

void geqr2(size_t m, size_t n, double* a, size_t lda, double* tau) {
  const size_t k = std::min(m, n);
  for (size_t j = 0; j < k; ++j) {
    double* ajj = a + j + j * lda;
    tau[j] = larfg(m - j, *ajj, a + std::min(j + 1, m - 1) + j * lda, 1);
    if (j + 1 < n) {
      const double aii = *ajj;
      *ajj = 1;
      larf(Left, m - j, n - j - 1, ajj, 1, tau[j], ajj + lda, lda, nullptr);
      *ajj = aii;
    }
  }
}

void geqrf(size_t m, size_t n, double* a, size_t lda, double* tau, size_t nb) {
  const size_t k = std::min(m, n);
  if (k <= nb) return geqr2(m, n, a, lda, tau);
  std::vector<double> t(nb * nb);
  for (size_t i = 0; i < k; i += nb) {
    const size_t ib = std::min(nb, k - i);
    double* aii = a + i + i * lda;
    geqr2(m - i, ib, aii, lda, tau + i);
    if (i + ib < n) {
      // A(i:m, i+ib:n) <- Hᵀ A(i:m, i+ib:n), H = H(i) ... H(i+ib-1).
      larft(Columnwise, m - i, ib, aii, lda, tau + i, t.data(), nb);
      larfb(Left, true, Columnwise, m - i, n - i - ib, ib, aii, lda, t.data(), nb, aii + ib * lda,
            lda);
    }
  }
}

void org2r(size_t m, size_t n, size_t k, double* a, size_t lda, const double* tau) {
  for (size_t j = k; j < n; ++j) {
    std::fill(a + j * lda, a + j * lda + m, 0.0);
    a[j + j * lda] = 1;
  }
  for (size_t i = k; i-- > 0;) {
    double* ai = a + i + i * lda;
    if (i + 1 < n) {
      *ai = 1;
      larf(Left, m - i, n - i - 1, ai, 1, tau[i], ai + lda, lda, nullptr);
    }
    for (size_t r = 1; r < m - i; ++r) ai[r] *= -tau[i];
    *ai = 1 - tau[i];
    for (size_t r = 0; r < i; ++r) a[r + i * lda] = 0;
  }
}

void orgqr(size_t m, size_t n, size_t k, double* a, size_t lda, const double* tau, size_t nb) {
  if (n == 0) return;
  if (n <= 2 * nb || k == 0) return org2r(m, n, k, a, lda, tau);
  // Columns k..n start as unit vectors; then blocks from the last back, each reaching the
  // columns to its right as one block reflector. Rows < i of those columns are still zero
  // (only reflectors >= i + ib have touched them), so larfb covers rows i..m only.
  for (size_t j = k; j < n; ++j) {
    std::fill(a + j * lda, a + j * lda + m, 0.0);
    a[j + j * lda] = 1;
  }
  std::vector<double> t(nb * nb);
  for (size_t i = (k - 1) / nb * nb + nb; i >= nb;) {
    i -= nb;
    const size_t ib = std::min(nb, k - i);
    double* aii = a + i + i * lda;
    if (i + ib < n) {
      larft(Columnwise, m - i, ib, aii, lda, tau + i, t.data(), nb);
      larfb(Left, false, Columnwise, m - i, n - i - ib, ib, aii, lda, t.data(), nb, aii + ib * lda,
            lda);
    }
    org2r(m - i, ib, ib, aii, lda, tau + i);
    for (size_t j = i; j < i + ib; ++j) std::fill(a + j * lda, a + j * lda + i, 0.0);
  }
}

}  // namespace lapack
}  // namespace mmlkit
