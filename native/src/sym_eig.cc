// symEig driver (dsyevd's job): scale into a safe range, tridiagonalise (tridiagonalize.cc),
// then values only: dsterf (sterf.cc, O(n^2)); vectors: divide and conquer on T (lapack/
// stedc.cc) and Q applied to its eigenvectors (apply_q.cc, dormtr), or for n <= the D&C leaf
// size Q formed (form_q.cc) and dsteqr run on it (steqr.cc); sort ascending and write
// eigenvectors as columns of the row-major z.
//
// Measured (one thread, CPU time, shared machine; n = 1000 / 2000): tridiagonalisation 69 /
// 780 ms, D&C 72 / 390 ms, back-transformation 85 / 650 ms; QL/QR with rotations took
// 280 / 4500 ms (loaded) where D&C now runs, and formQ + gemm 110 / 970 ms.
//
// The row-major symmetric input is read as column-major (same array); Z is kept column-major
// (eigenvectors contiguous, which the rotations need) in its own buffer with the leading
// dimension padded to a multiple of 8 that is not a multiple of 256 - power-of-two strides
// would make every column of a row chunk collide in the same cache sets.
#include "sym_eig.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "gemm.h"
#include "lapack/stedc.h"
#include "sym_eig_detail.h"

namespace mmlkit {
namespace eig {

using std::size_t;

size_t paddedLd(size_t n) {
  size_t ld = (n + 7) / 8 * 8;
  if (ld % 256 == 0) ld += 8;
  return ld;
}

double scaleInput(size_t n, double* a) {
  double anrm = 0;
  for (size_t i = 0; i < n * n; ++i) anrm = std::max(anrm, std::fabs(a[i]));
  const double smlnum = DBL_MIN / (DBL_EPSILON * 0.5);
  const double rmin = std::sqrt(smlnum), rmax = std::sqrt(1 / smlnum);
  double sigma = 1;
  if (anrm > 0 && anrm < rmin)
    sigma = rmin / anrm;
  else if (anrm > rmax)
    sigma = rmax / anrm;
  if (sigma != 1)
    for (size_t i = 0; i < n * n; ++i) a[i] *= sigma;
  return sigma;
}

void transposeInto(size_t rows, size_t cols, const double* src, size_t lds, double* dst,
                   size_t ldd) {
  constexpr size_t B = 32;
  for (size_t j0 = 0; j0 < cols; j0 += B)
    for (size_t i0 = 0; i0 < rows; i0 += B) {
      const size_t j1 = std::min(cols, j0 + B), i1 = std::min(rows, i0 + B);
      for (size_t j = j0; j < j1; ++j) {
        const double* s = src + j * lds;
        for (size_t i = i0; i < i1; ++i) dst[i * ldd + j] = s[i];
      }
    }
}

}  // namespace eig

using eig::paddedLd;
using eig::scaleInput;
using eig::transposeInto;

int symEig(size_t n, double* a, double* w, double* z, bool wantVectors) {
  if (n == 0) return 0;
  if (n == 1) {
    w[0] = a[0];
    if (wantVectors) z[0] = 1;
    return 0;
  }
  const double sigma = scaleInput(n, a);
  std::vector<double> d(n), e(n), tau(n);
  eig::tridiagonalize(n, a, n, d.data(), e.data(), tau.data());

  int info;
  std::vector<size_t> perm(n);
  std::iota(perm.begin(), perm.end(), size_t{0});
  if (!wantVectors) {
    info = eig::sterf(n, d.data(), e.data());
    std::sort(d.begin(), d.end());
  } else if (n <= lapack::stedcLeafSize) {
    // Small: QL/QR rotations straight onto Q (no multiply).
    const size_t ldq = paddedLd(n);
    std::vector<double> q(ldq * n);
    eig::formQ(n, a, n, tau.data(), q.data(), ldq);
    info = eig::steqr(n, d.data(), e.data(), q.data(), ldq, ldq);
    std::stable_sort(perm.begin(), perm.end(), [&](size_t i, size_t j) { return d[i] < d[j]; });
    // z (row-major) column j = q column perm[j]: a transpose, in tiles for the caches.
    constexpr size_t B = 32;
    for (size_t j0 = 0; j0 < n; j0 += B)
      for (size_t i0 = 0; i0 < n; i0 += B) {
        const size_t j1 = std::min(n, j0 + B), i1 = std::min(n, i0 + B);
        for (size_t j = j0; j < j1; ++j) {
          const double* src = q.data() + perm[j] * ldq;
          for (size_t i = i0; i < i1; ++i) z[i * n + j] = src[i];
        }
      }
  } else {
    // Divide and conquer on T (eigenvalues come back ascending), then Z = Q Zt by applying
    // the reflectors to Zt (dormtr), then the transpose into the row-major z.
    const size_t ldq = paddedLd(n);
    std::vector<double> zt(ldq * n);
    info = lapack::stedc(n, d.data(), e.data(), zt.data(), ldq);
    eig::applyQ(n, a, n, tau.data(), zt.data(), ldq, n);
    transposeInto(n, n, zt.data(), ldq, z, n);
  }
  for (size_t j = 0; j < n; ++j) w[j] = (wantVectors ? d[perm[j]] : d[j]) / sigma;
  return info;
}

}  // namespace mmlkit
