// colStats: sum and sum of squares about a shift, max |x| per column, first non-finite entry.
//
// The facade's one look at the data before a PCA fit (it had been three TypeScript passes:
// max |x| for the power-of-two rescaling, the means, the centred sum of squares). The pass is
// memory-bound, so it is shaped like colMeans: the columns are cut into one slice per thread
// (whole cache lines of the outputs, no partial sums to combine) and each thread streams its
// part of every row; the inner loop vectorises across columns. Rows are taken four at a time
// so the three accumulators are loaded and stored once per four rows, still adding row after
// row, so every column is summed in the contract's order (bit-equal to the ts reference).
//
// Non-finite entries are not tested in the hot loop: a NaN makes its column's sum NaN and an
// Inf makes its max Inf, so only when some column ends non-finite does a scalar rescan find
// the first offending entry (row-major) and set those columns' maxAbs as the contract says
// (the vector max may drop a NaN).
#include "col_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "gemm.h"

namespace mmlkit {

namespace {

using std::size_t;

// Below this many entries one thread reads A faster than a fork/join costs (colMeans' figure).
constexpr size_t kParallelMinEntries = size_t{1} << 18;

inline void addRow(const double* __restrict row, const double* __restrict sh, double* __restrict s,
                   double* __restrict q, double* __restrict mx, size_t c0, size_t c1) {
  for (size_t j = c0; j < c1; ++j) {
    const double t = row[j] - sh[j];
    s[j] += t;
    q[j] += t * t;
    const double v = std::fabs(row[j]);
    mx[j] = v > mx[j] ? v : mx[j];
  }
}

void sliceStats(size_t m, size_t n, size_t c0, size_t c1, const double* __restrict a,
                const double* __restrict sh, double* __restrict s, double* __restrict q,
                double* __restrict mx) {
  std::fill(s + c0, s + c1, 0.0);
  std::fill(q + c0, q + c1, 0.0);
  std::fill(mx + c0, mx + c1, 0.0);
  size_t i = 0;
  for (; i + 4 <= m; i += 4) {
    const double* __restrict r0 = a + i * n;
    const double* __restrict r1 = r0 + n;
    const double* __restrict r2 = r1 + n;
    const double* __restrict r3 = r2 + n;
    for (size_t j = c0; j < c1; ++j) {
      const double t0 = r0[j] - sh[j], t1 = r1[j] - sh[j], t2 = r2[j] - sh[j], t3 = r3[j] - sh[j];
      s[j] = (((s[j] + t0) + t1) + t2) + t3;
      q[j] = (((q[j] + t0 * t0) + t1 * t1) + t2 * t2) + t3 * t3;
      const double v01 = std::max(std::fabs(r0[j]), std::fabs(r1[j]));
      const double v23 = std::max(std::fabs(r2[j]), std::fabs(r3[j]));
      const double v = std::max(v01, v23);
      mx[j] = v > mx[j] ? v : mx[j];
    }
  }
  for (; i < m; ++i) addRow(a + i * n, sh, s, q, mx, c0, c1);
}

// The rare path: some column saw a NaN/Inf (or its sums overflowed). Sticky-NaN maxima for
// every column, and the first non-finite entry in row-major order.
double rescan(size_t m, size_t n, const double* a, double* mx) {
  double first = -1;
  std::fill(mx, mx + n, 0.0);
  for (size_t i = 0; i < m; ++i) {
    const double* row = a + i * n;
    for (size_t j = 0; j < n; ++j) {
      const double v = std::fabs(row[j]);
      if (v > mx[j] || std::isnan(v)) mx[j] = std::isnan(mx[j]) ? mx[j] : v;
      if (first < 0 && !std::isfinite(v)) first = static_cast<double>(i * n + j);
    }
  }
  return first;
}

}  // namespace

double colStats(size_t m, size_t n, const double* a, const double* shift, double* sum,
                double* sumSq, double* maxAbs) {
  if (n == 0) return -1;
  // Slices are whole cache lines (8 doubles) so two threads never write the same line.
  const size_t lines = (n + 7) / 8;
  unsigned parts = static_cast<unsigned>(std::min<size_t>(threads(), lines));
  if (m * n < kParallelMinEntries) parts = 1;
  if (parts < 2) {
    sliceStats(m, n, 0, n, a, shift, sum, sumSq, maxAbs);
  } else {
    parallelFor(parts, [&](unsigned t) {
      const size_t c0 = std::min(n, lines * t / parts * 8);
      const size_t c1 = std::min(n, lines * (t + 1) / parts * 8);
      if (c0 < c1) sliceStats(m, n, c0, c1, a, shift, sum, sumSq, maxAbs);
    });
  }
  for (size_t j = 0; j < n; ++j) {
    if (!std::isfinite(sum[j]) || !std::isfinite(maxAbs[j])) return rescan(m, n, a, maxAbs);
  }
  return -1;
}

}  // namespace mmlkit
