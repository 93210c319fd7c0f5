// gramAccumulate: a blocked SYRK on centred data, lower(C) += Y^T Y with Y = A - 1 shift^T.
//
// A is taken kb rows at a time. Each thread centres the block into its own scratch copy Y
// (sized to stay in L2 for the products that follow, so it is read from cache), then the lower
// trapezoid of C is covered by row panels: panel [i0, i1) of C gets Y[:, i0:i1]^T Y[:, 0:i1],
// one gemmStrided call (gemm's packing and AVX-512/AVX2 micro-kernel) per panel and thread.
// Only the diagonal blocks of the panels spill above the diagonal, so the multiply-adds are
// n^2/2 + n*kPanel/2 per row instead of gemm's n^2. Each thread owns a contiguous slice of
// every panel's columns: equal work per thread and no shared C tiles.
// The upper triangle is mirrored from the lower once at the end.
#include "gram_accumulate.h"

#include <algorithm>
#include <vector>

#include "gemm.h"

namespace mmlkit {

namespace {

using std::size_t;

// Rows of C per panel: a multiple of both micro-kernel heights (8 for AVX-512, 6 for AVX2).
// 48 beat 96 and 120 (and 64K/256K-double blocks lost to 128K) at 50 000 x 500 (2026-11-25):
// smaller panels spill less above the diagonal, and B's packing per panel stayed cheap.
constexpr size_t kPanel = 48;
// Column slices of a panel are cut at multiples of this (the AVX-512 tile width, 24, and AVX2's, 8).
constexpr size_t kSliceAlign = 24;
// Below this many multiply-adds a fork/join costs more than a second core saves.
constexpr double kParallelMinWork = 2e6;
// Centred block size, in doubles: small enough to stay in cache between centring and the products.
constexpr size_t kBlockDoubles = size_t{1} << 17;  // 1 MiB

size_t blockRows(size_t m, size_t n) {
  const size_t want = std::max<size_t>(64, std::min<size_t>(1024, kBlockDoubles / n));
  return std::min(m, want);
}

void centreRows(size_t r0, size_t r1, size_t n, const double* __restrict a,
                const double* __restrict shift, double* __restrict y) {
  for (size_t r = r0; r < r1; ++r) {
    const double* __restrict src = a + r * n;
    double* __restrict dst = y + r * n;
    for (size_t j = 0; j < n; ++j) dst[j] = src[j] - shift[j];
  }
}

// Thread t's share of panel [i0, i1): columns [j0, j1) of C (and of the trapezoid row [0, i1)).
void panelSlice(size_t i1, unsigned t, unsigned parts, size_t* j0, size_t* j1) {
  const size_t units = (i1 + kSliceAlign - 1) / kSliceAlign;
  *j0 = std::min(i1, units * t / parts * kSliceAlign);
  *j1 = std::min(i1, units * (t + 1) / parts * kSliceAlign);
}

}  // namespace

void gramAccumulate(size_t m, size_t n, const double* a, const double* shift, double* c) {
  if (n == 0) return;
  if (m > 0) {
    const size_t kb = blockRows(m, n);
    const double work = 0.5 * static_cast<double>(m) * static_cast<double>(n) * n;
    const unsigned parts = work < kParallelMinWork ? 1u : std::max(1u, threads());
    // One fork/join for the whole update: each thread walks every row block with its own
    // centred copy and adds into its own column slices. Centring twice costs a memory-bound
    // pass; a barrier per block (two per 1 MiB of A) cost more on a busy machine, where every
    // barrier waits for the most delayed thread.
    parallelFor(parts, [&](unsigned t) {
      std::vector<double> y(kb * n);
      for (size_t r0 = 0; r0 < m; r0 += kb) {
        const size_t rb = std::min(kb, m - r0);
        centreRows(0, rb, n, a + r0 * n, shift, y.data());
        for (size_t i0 = 0; i0 < n; i0 += kPanel) {
          const size_t i1 = std::min(n, i0 + kPanel);
          size_t j0, j1;
          panelSlice(i1, t, parts, &j0, &j1);
          if (j0 >= j1) continue;
          // C[i0:i1, j0:j1] += Y[:, i0:i1]^T Y[:, j0:j1]  (Y is rb x n, row stride n)
          gemmStrided(true, false, i1 - i0, j1 - j0, rb, 1.0, y.data() + i0, n, y.data() + j0, n,
                      1.0, c + i0 * n + j0, n);
        }
      }
    });
  }
  // Mirror in 32 x 32 tiles so the strided reads of the lower triangle stay in cache.
  constexpr size_t kTile = 32;
  for (size_t i0 = 0; i0 < n; i0 += kTile)
    for (size_t j0 = i0; j0 < n; j0 += kTile)
      for (size_t i = i0; i < std::min(n, i0 + kTile); ++i)
        for (size_t j = std::max(j0, i + 1); j < std::min(n, j0 + kTile); ++j)
          c[i * n + j] = c[j * n + i];
}

}  // namespace mmlkit
