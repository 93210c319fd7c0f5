// symEigRange driver (dsyevx's job for range 'I'): scale, tridiagonalise (as symEig), then the
// k wanted eigenvalues by bisection (lapack/stebz.cc, O(n k)) and their vectors by inverse
// iteration (lapack/stein.cc, O(n k) plus Gram-Schmidt inside clusters), and only those k
// vectors back-transformed by the reflectors (applyQ, 2 n^2 k flops). For the top k of many
// (truncated PCA) the cost is the tridiagonalisation alone, against symEig's additional
// divide and conquer and 2 n^3 back-transformation.
//
// When k is a large share of n (k >= n / 2), when the wanted values hold a cluster of more
// than kMaxCluster (inverse iteration's Gram-Schmidt would cost O(n c^2)), or if inverse
// iteration fails to converge (dstein allows it), the vectors come from the full divide and conquer instead (its
// values then replace bisection's, so values and vectors match), still back-transforming only
// k of them.
#include "sym_eig_range.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "lapack/stebz.h"
#include "lapack/stedc.h"
#include "lapack/stein.h"
#include "sym_eig_detail.h"

namespace mmlkit {

using std::size_t;

namespace {

// Inverse iteration orthogonalises each vector of a cluster against the cluster's others
// (O(n c^2) per cluster of c): past this size divide and conquer is cheaper.
constexpr size_t kMaxCluster = 256;

// Largest run of consecutive eigenvalues (ascending) closer than ortol: stein's clusters.
size_t largestRun(const double* w, size_t k, double ortol) {
  size_t best = k ? 1 : 0, run = 1;
  for (size_t j = 1; j < k; ++j) {
    run = w[j] - w[j - 1] <= ortol ? run + 1 : 1;
    best = std::max(best, run);
  }
  return best;
}

}  // namespace

int symEigRange(size_t n, double* a, size_t il, size_t iu, double* w, double* z,
                bool wantVectors) {
  if (n == 0 || il > iu || iu >= n) return 0;
  const size_t k = iu - il + 1;
  if (n == 1) {
    w[0] = a[0];
    if (wantVectors) z[0] = 1;
    return 0;
  }
  const double sigma = eig::scaleInput(n, a);
  std::vector<double> d(n), e(n), tau(n);
  eig::tridiagonalize(n, a, n, d.data(), e.data(), tau.data());

  int info = 0;
  if (!wantVectors) {
    lapack::stebz(n, d.data(), e.data(), il, iu, w);
  } else {
    const size_t ldz = eig::paddedLd(n);
    std::vector<double> zt(ldz * k);
    bool viaDc = 2 * k >= n;
    if (!viaDc) {
      lapack::stebz(n, d.data(), e.data(), il, iu, w);
      double onenrm = 0;  // stein's cluster width is 1e-3 ||T||_1
      for (size_t i = 0; i < n; ++i)
        onenrm = std::max(onenrm, std::fabs(d[i]) + (i > 0 ? std::fabs(e[i - 1]) : 0) +
                                      (i + 1 < n ? std::fabs(e[i]) : 0));
      viaDc = largestRun(w, k, 1e-3 * onenrm) > kMaxCluster ||
              lapack::stein(n, d.data(), e.data(), k, w, zt.data(), ldz) != 0;
    }
    if (viaDc) {
      std::vector<double> dd(d), ee(e), all(ldz * n);
      info = lapack::stedc(n, dd.data(), ee.data(), all.data(), ldz);
      std::memcpy(zt.data(), all.data() + il * ldz, ldz * k * sizeof(double));
      std::copy(dd.begin() + il, dd.begin() + iu + 1, w);
    }
    eig::applyQ(n, a, n, tau.data(), zt.data(), ldz, k);
    eig::transposeInto(n, k, zt.data(), ldz, z, k);
  }
  for (size_t j = 0; j < k; ++j) w[j] /= sigma;
  return info;
}

}  // namespace mmlkit
