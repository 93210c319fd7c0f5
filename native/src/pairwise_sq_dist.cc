// pairwiseSqDist: D <- max(0, xx 1^T + 1 yy^T - 2 X Y^T), row-major.
//
// The cross term is one threaded gemm (transB: Y's rows are read as the columns of Y^T by the
// packing, so nothing is transposed). Then one pass over D adds both norms and clamps, split
// over rows on gemm's pool. That pass is memory-bound (one read + one write of D) and costs a
// few percent of the gemm at d in the hundreds, so fusing it into the gemm's tiles was not
// worth a second micro-kernel.
#include "pairwise_sq_dist.h"

#include <algorithm>

#include "gemm.h"

namespace mmlkit {

namespace {

// Below this many entries of D a second thread costs more than it saves on the norm pass.
constexpr std::size_t kParallelMinEntries = 1u << 16;

void addNormsAndClamp(std::size_t r0, std::size_t r1, std::size_t n, const double* xx,
                      const double* __restrict yy, double* __restrict dist) {
  for (std::size_t i = r0; i < r1; ++i) {
    const double xi = xx[i];
    double* __restrict row = dist + i * n;
    for (std::size_t j = 0; j < n; ++j) {
      const double v = row[j] + xi + yy[j];
      // Not std::max(0.0, v): that returns 0 for NaN, and the contract lets NaN through.
      row[j] = v < 0.0 ? 0.0 : v;
    }
  }
}

}  // namespace

void pairwiseSqDist(std::size_t m, std::size_t n, std::size_t d, const double* x, const double* y,
                    const double* xx, const double* yy, double* dist) {
  if (m == 0 || n == 0) return;
  gemmStrided(false, true, m, n, d, -2.0, x, d, y, d, 0.0, dist, n);
  const unsigned parts = static_cast<unsigned>(
      std::min<std::size_t>(threads(), m * n < kParallelMinEntries ? 1 : m));
  if (parts < 2) return addNormsAndClamp(0, m, n, xx, yy, dist);
  parallelFor(parts, [&](unsigned t) {
    addNormsAndClamp(m * t / parts, m * (t + 1) / parts, n, xx, yy, dist);
  });
}

}  // namespace mmlkit
