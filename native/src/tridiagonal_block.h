// What steqr.cc and sterf.cc share about one unreduced block of the tridiagonal: LAPACK's
// constants, the block's scaling into a safe range and the convergence report. Twin of
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

// First unconverged index + 1 after the iteration cap, or 0 if every e vanished anyway.
inline int unconverged(std::size_t n, const double* e) {
  for (std::size_t i = 0; i + 1 < n; ++i)
    if (e[i] != 0) return static_cast<int>(std::min<std::size_t>(i + 1, INT32_MAX));
  return 0;
}

}  // namespace eig
}  // namespace mmlkit
