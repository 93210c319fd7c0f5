// What steqr.cc and sterf.cc share about one unreduced block of the tridiagonal: LAPACK's
// constants, the block's scaling into a safe range (and back) and the convergence report. Twin of
// src/backend/ts/sym-eig/tridiagonal-block.ts.
#pragma once

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace mmlkit {
namespace eig {

using idx = std::ptrdiff_t;

constexpr double kEps = DBL_EPSILON * 0.5;  // LAPACK dlamch('E'): unit roundoff
constexpr double kSafmin = DBL_MIN;
const double kSsfmax = std::sqrt(1 / kSafmin) / 3;
const double kSsfmin = std::sqrt(kSafmin) / (kEps * kEps);
constexpr int kMaxIt = 30;

// sqrt(x^2 + 1) without overflow.
inline double pythag1(double x) {
  const double ax = std::fabs(x);
  return ax < 1e150 ? std::sqrt(ax * ax + 1) : ax;
}

inline double maxAbs(const double* d, idx l, idx lend, const double* e) {
  double anorm = 0;
  for (idx i = l; i <= lend; ++i) anorm = std::max(anorm, std::fabs(d[i]));
  for (idx i = l; i < lend; ++i) anorm = std::max(anorm, std::fabs(e[i]));
  return anorm;
}

inline void scale(double* x, idx from, idx to, double f) {
  for (idx i = from; i < to; ++i) x[i] *= f;
}

// LAPACK's safe-range scaling of the block l..lend (d[l..lend], e[l..lend-1]) whose largest
// magnitude is anorm: down to kSsfmax (returns 1), up to kSsfmin (returns 2), or left alone (0).
inline int scaleIntoSafeRange(double* d, double* e, idx l, idx lend, double anorm) {
  if (anorm > kSsfmax) {
    scale(d, l, lend + 1, kSsfmax / anorm);
    scale(e, l, lend, kSsfmax / anorm);
    return 1;
  }
  if (anorm < kSsfmin) {
    scale(d, l, lend + 1, kSsfmin / anorm);
    scale(e, l, lend, kSsfmin / anorm);
    return 2;
  }
  return 0;
}

// Undoes scaleIntoSafeRange(iscale) on d[l..lend] and, unless e is null, on e[l..lend-1]
// (sterf's e holds squares by then and, as in dsterf, is not restored).
inline void undoSafeRange(int iscale, double anorm, double* d, double* e, idx l, idx lend) {
  if (iscale == 0) return;
  const double f = iscale == 1 ? anorm / kSsfmax : anorm / kSsfmin;
  scale(d, l, lend + 1, f);
  if (e) scale(e, l, lend, f);
}

// First unconverged index + 1 after the iteration cap, or 0 if every e vanished anyway.
inline int unconverged(std::size_t n, const double* e) {
  for (std::size_t i = 0; i + 1 < n; ++i)
    if (e[i] != 0) return static_cast<int>(std::min<std::size_t>(i + 1, INT32_MAX));
  return 0;
}

}  // namespace eig
}  // namespace mmlkit
