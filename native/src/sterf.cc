// Eigenvalues only of a symmetric tridiagonal matrix: LAPACK dsterf, the root-free
// (Pal-Walker-Kahan) QL/QR with the same shifts, splitting and QL-or-QR choice as steqr.cc,
// O(n^2).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>

#include "eig2x2.h"
#include "lartg.h"
#include "sym_eig_detail.h"
#include "tridiagonal_block.h"

namespace mmlkit {
namespace eig {

using std::size_t;

int sterf(size_t n, double* d, double* e) {
  if (n <= 1) return 0;
  const double eps2 = kEps * kEps;
  const idx N = static_cast<idx>(n);
  const idx nmaxit = N * kMaxIt;
  idx jtot = 0;
  idx l1 = 0;
  for (;;) {
    if (l1 >= N) break;
    if (l1 > 0) e[l1 - 1] = 0;
    idx m = l1;
    for (; m < N - 1; ++m) {
      if (std::fabs(e[m]) <= std::sqrt(std::fabs(d[m])) * std::sqrt(std::fabs(d[m + 1])) * kEps) {
        e[m] = 0;
        break;
      }
    }
    idx l = l1, lend = m;
    const idx lsv = l, lendsv = lend;
    l1 = m + 1;
    if (lend == l) continue;

    const double anorm = maxAbs(d, l, lend, e);
    if (anorm == 0) continue;
    const int iscale = scaleIntoSafeRange(d, e, l, lend, anorm);
    for (idx i = l; i < lend; ++i) e[i] *= e[i];  // root-free: work with squares of e

    if (std::fabs(d[lend]) < std::fabs(d[l])) {
      lend = lsv;
      l = lendsv;
    }

    if (lend >= l) {
      // ---- QL
      for (;;) {
        idx mm = lend;
        for (idx k = l; k < lend; ++k)
          if (std::fabs(e[k]) <= eps2 * std::fabs(d[k] * d[k + 1])) {
            mm = k;
            break;
          }
        m = mm;
        if (m < lend) e[m] = 0;
        double p = d[l];
        if (m == l) {
          d[l] = p;
          ++l;
          if (l <= lend) continue;
          break;
        }
        if (m == l + 1) {
          double rt1, rt2;
          laev2(d[l], std::sqrt(e[l]), d[l + 1], rt1, rt2, nullptr, nullptr);
          d[l] = rt1;
          d[l + 1] = rt2;
          e[l] = 0;
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        ++jtot;
        const double rte = std::sqrt(e[l]);
        double sigma = (d[l + 1] - p) / (2 * rte);
        const double r0 = pythag1(sigma);
        sigma = p - (rte / (sigma + std::copysign(r0, sigma)));
        double c = 1, s = 0, gamma = d[m] - sigma;
        p = gamma * gamma;
        for (idx i = m - 1; i >= l; --i) {
          const double bb = e[i], r = p + bb;
          if (i != m - 1) e[i + 1] = s * r;
          const double oldc = c;
          c = p / r;
          s = bb / r;
          const double oldgam = gamma, alpha = d[i];
          gamma = c * (alpha - sigma) - s * oldgam;
          d[i + 1] = oldgam + (alpha - gamma);
          p = c != 0 ? (gamma * gamma) / c : oldc * bb;
        }
        e[l] = s * p;
        d[l] = sigma + gamma;
      }
    } else {
      // ---- QR
      for (;;) {
        idx mm = lend;
        for (idx k = l; k > lend; --k)
          if (std::fabs(e[k - 1]) <= eps2 * std::fabs(d[k] * d[k - 1])) {
            mm = k;
            break;
          }
        m = mm;
        if (m > lend) e[m - 1] = 0;
        double p = d[l];
        if (m == l) {
          d[l] = p;
          --l;
          if (l >= lend) continue;
          break;
        }
        if (m == l - 1) {
          double rt1, rt2;
          laev2(d[l], std::sqrt(e[l - 1]), d[l - 1], rt1, rt2, nullptr, nullptr);
          d[l] = rt1;
          d[l - 1] = rt2;
          e[l - 1] = 0;
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        ++jtot;
        const double rte = std::sqrt(e[l - 1]);
        double sigma = (d[l - 1] - p) / (2 * rte);
        const double r0 = pythag1(sigma);
        sigma = p - (rte / (sigma + std::copysign(r0, sigma)));
        double c = 1, s = 0, gamma = d[m] - sigma;
        p = gamma * gamma;
        for (idx i = m; i <= l - 1; ++i) {
          const double bb = e[i], r = p + bb;
          if (i != m) e[i - 1] = s * r;
          const double oldc = c;
          c = p / r;
          s = bb / r;
          const double oldgam = gamma, alpha = d[i + 1];
          gamma = c * (alpha - sigma) - s * oldgam;
          d[i] = oldgam + (alpha - gamma);
          p = c != 0 ? (gamma * gamma) / c : oldc * bb;
        }
        e[l - 1] = s * p;
        d[l] = sigma + gamma;
      }
    }

    undoSafeRange(iscale, anorm, d, nullptr, lsv, lendsv);
    if (jtot >= nmaxit) {
      if (int bad = unconverged(n, e)) return bad;
    }
  }
  return 0;
}

}  // namespace eig
}  // namespace mmlkit
