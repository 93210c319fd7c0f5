// Cholesky, lower (dpotrf), row-major in place, recursive: L11 = chol(A11), L21 = A21·L11⁻ᵀ
// (trsm), A22 −= L21·L21ᵀ (a syrk: the lower triangle by recursive halving into gemm calls,
// with whole diagonal blocks of up to kSyrkLeaf done as full gemms), L22 = chol(A22). What the
// updates leave above the diagonal is never read and is zeroed at the end. Leaves of kLeaf
// rows use the dot-product form, whose inner loops run along contiguous rows.
// Measured (n = 1000, one thread, CPU time, shared Zen 5, 2026-12-06): 16.7 ms with the
// recursive syrk against 20.0 ms with one full gemm for the update.
#include <algorithm>
#include <cmath>

#include "../gemm.h"
#include "potrf.h"
#include "trsm.h"

namespace mmlkit::lapack {
namespace {

using std::size_t;

constexpr size_t kLeaf = 32;

int potf2(size_t n, double* a, size_t lda) {
  for (size_t i = 0; i < n; ++i) {
    double* ri = a + i * lda;
    for (size_t j = 0; j <= i; ++j) {
      const double* rj = a + j * lda;
      double s = ri[j];
      for (size_t p = 0; p < j; ++p) s -= ri[p] * rj[p];
      if (j < i) {
        ri[j] = s / rj[j];
      } else {
        if (!(s > 0.0)) return static_cast<int>(i + 1);  // also NaN
        ri[i] = std::sqrt(s);
      }
    }
  }
  return 0;
}

// Lower triangle (and some of the upper, inside diagonal blocks of kSyrkLeaf) of
// C ← C − A·Aᵀ, A n × k: halves recursively so the strictly upper blocks are skipped, which
// brings the update from n²k to about n²k/2 multiply-adds plus the diagonal blocks.
constexpr size_t kSyrkLeaf = 128;

void syrkLower(size_t n, size_t k, const double* a, size_t lda, double* c, size_t ldc) {
  if (n <= kSyrkLeaf) {
    gemmStrided(false, true, n, n, k, -1.0, a, lda, a, lda, 1.0, c, ldc);
    return;
  }
  const size_t n1 = n / 2, n2 = n - n1;
  const double* a2 = a + n1 * lda;
  syrkLower(n1, k, a, lda, c, ldc);
  gemmStrided(false, true, n2, n1, k, -1.0, a2, lda, a, lda, 1.0, c + n1 * ldc, ldc);
  syrkLower(n2, k, a2, lda, c + n1 * ldc + n1, ldc);
}

int potrfRec(size_t n, double* a, size_t lda) {
  if (n <= kLeaf) return potf2(n, a, lda);
  const size_t n1 = n / 2, n2 = n - n1;
  int info = potrfRec(n1, a, lda);
  if (info) return info;
  double* a21 = a + n1 * lda;
  double* a22 = a21 + n1;
  trsm('R', 'L', 'T', 'N', n2, n1, 1.0, a, lda, a21, lda);
  syrkLower(n2, n1, a21, lda, a22, lda);
  info = potrfRec(n2, a22, lda);
  return info ? info + static_cast<int>(n1) : 0;
}

}  // namespace

int potrf(size_t n, double* a, size_t lda) {
  const int info = potrfRec(n, a, lda);
  if (info) return info;
  for (size_t i = 0; i + 1 < n; ++i) std::fill(a + i * lda + i + 1, a + i * lda + n, 0.0);
  return 0;
}

}  // namespace mmlkit::lapack
