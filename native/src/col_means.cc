// colMeans: out[j] = a[0][j] + sum_i (a[i][j] - a[0][j]) / m, one pass over A.
//
// Summing differences from the first row instead of raw values keeps the digits of data whose
// mean is large beside its spread (1e8 +- 1): the sums stay small. The pass is memory-bound; the
// columns are cut into one contiguous slice per thread so each thread streams its part of every
// row (the inner loop vectorises), and no partial sums need combining.
#include "col_means.h"

#include <algorithm>
#include <limits>

#include "gemm.h"

namespace mmlkit {

namespace {

// Below this many entries one thread reads A faster than a fork/join costs (measured).
constexpr std::size_t kParallelMinEntries = std::size_t{1} << 18;

void sliceMeans(std::size_t m, std::size_t n, std::size_t c0, std::size_t c1,
                const double* __restrict a, double* __restrict out) {
  const double* __restrict ref = a;
  std::fill(out + c0, out + c1, 0.0);
  for (std::size_t i = 1; i < m; ++i) {
    const double* __restrict row = a + i * n;
    for (std::size_t j = c0; j < c1; ++j) out[j] += row[j] - ref[j];
  }
  const double inv = static_cast<double>(m);
  for (std::size_t j = c0; j < c1; ++j) out[j] = ref[j] + out[j] / inv;
}

}  // namespace

void colMeans(std::size_t m, std::size_t n, const double* a, double* out) {
  if (n == 0) return;
  if (m == 0) {
    std::fill(out, out + n, std::numeric_limits<double>::quiet_NaN());
    return;
  }
  // Slices are whole cache lines (8 doubles) so two threads never write the same line of out.
  const std::size_t lines = (n + 7) / 8;
  unsigned parts = static_cast<unsigned>(std::min<std::size_t>(threads(), lines));
  if (m * n < kParallelMinEntries) parts = 1;
  if (parts < 2) return sliceMeans(m, n, 0, n, a, out);
  parallelFor(parts, [&](unsigned t) {
    const std::size_t c0 = std::min(n, lines * t / parts * 8);
    const std::size_t c1 = std::min(n, lines * (t + 1) / parts * 8);
    if (c0 < c1) sliceMeans(m, n, c0, c1, a, out);
  });
}

}  // namespace mmlkit
