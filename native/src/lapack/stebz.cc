// Bisection on Sturm counts (LAPACK dstebz, range 'I'; Kahan's LDL^T count with dstebz's pivmin
// guard against zero pivots). Used by symEigRange: for the k wanted eigenvalues it costs
// O(n k) against the O(n^2) of all of them by QL/QR, so truncated PCA's "top k of many" pays
// for what it uses. Each eigenvalue starts from the Gershgorin interval, or from the previous
// one's lower end (eigenvalues come in ascending order), and stops at eps * ||T||_1.
#include "stebz.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <vector>

namespace mmlkit {
namespace lapack {
namespace {

using std::size_t;

constexpr double kEps = DBL_EPSILON * 0.5;

// Number of eigenvalues of T less than x.
size_t sturmCount(size_t n, const double* d, const double* e2, double pivmin, double x) {
  double q = d[0] - x;
  if (std::fabs(q) < pivmin) q = -pivmin;
  size_t cnt = q < 0;
  for (size_t i = 1; i < n; ++i) {
    q = d[i] - x - e2[i - 1] / q;
    if (std::fabs(q) < pivmin) q = -pivmin;
    cnt += q < 0;
  }
  return cnt;
}

}  // namespace

void stebz(size_t n, const double* d, const double* e, size_t il, size_t iu, double* w) {
  if (n == 0 || il > iu) return;
  std::vector<double> e2(n);
  double emax2 = 0;
  for (size_t i = 0; i + 1 < n; ++i) {
    e2[i] = e[i] * e[i];
    emax2 = std::max(emax2, e2[i]);
  }
  const double pivmin = DBL_MIN * std::max(1.0, emax2);
  double gl = d[0], gu = d[0], tnorm = 0;
  for (size_t i = 0; i < n; ++i) {
    const double r = (i > 0 ? std::fabs(e[i - 1]) : 0) + (i + 1 < n ? std::fabs(e[i]) : 0);
    gl = std::min(gl, d[i] - r);
    gu = std::max(gu, d[i] + r);
    tnorm = std::max(tnorm, std::fabs(d[i]) + r);
  }
  if (tnorm == 0) {  // T = 0
    std::fill(w, w + (iu - il + 1), 0.0);
    return;
  }
  const double fudge = 2.1;
  gl -= fudge * tnorm * kEps * n + fudge * 2 * pivmin;
  gu += fudge * tnorm * kEps * n + fudge * 2 * pivmin;
  const double atol = std::max(kEps * tnorm, 2 * pivmin);
  double lo0 = gl;
  for (size_t j = il; j <= iu; ++j) {
    // Invariant: count(lo) <= j < count(hi).
    double lo = lo0, hi = gu;
    for (int it = 0; it < 2200; ++it) {
      const double tol = std::max(atol, 2 * kEps * std::max(std::fabs(lo), std::fabs(hi)));
      if (hi - lo <= tol) break;
      const double mid = 0.5 * (lo + hi);
      if (sturmCount(n, d, e2.data(), pivmin, mid) > j)
        hi = mid;
      else
        lo = mid;
    }
    w[j - il] = 0.5 * (lo + hi);
    lo0 = lo;
  }
}

}  // namespace lapack
}  // namespace mmlkit
