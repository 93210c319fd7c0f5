// LU with partial pivoting (dgetrf), row-major in place. Two drivers, picked by size:
// - from min(m, n) = kLookaheadMin on, the right-looking blocked LU with look-ahead and
//   dynamic scheduling in getrf_lookahead.cc (one team run per factorisation; a thread slowed
//   by another process does not hold each step back, as the fork/join per gemm below did);
// - below it, and for the look-ahead's panels, the recursive LU here (Toledo 1997; LAPACK's
//   dgetrf2): split the columns in halves, factor the left half, swap + trsm + one big gemm
//   for the right half, recurse on the trailing block, swap the left half's lower rows.
//   Recursion turns the panel itself into trsm + gemm, so only kLeaf-wide leaves run the
//   scalar loop. Measured (one thread, CPU time, n = 1000, shared Zen 5, 2026-12-06): ~22.5 ms,
//   30 GF/s against gemm's 35–38 GF/s in the same minutes. perf: the leaves were ~13% of
//   getrf's samples before the one-pass leaf below.
// Row-major suits it: a row interchange is a contiguous segment swap, and the leaf's rank-1
// updates run along contiguous row segments.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "../gemm.h"
#include "getrf.h"
#include "getrf_detail.h"
#include "laswp.h"
#include "trsm.h"

namespace mmlkit::lapack {
namespace {

using std::size_t;

// Columns at or below which the unblocked elimination runs. Measured at n = 1000, one
// thread, CPU time (2026-12-06, shared Zen 5): leaves of 4, 8 and 16 columns within noise
// (~22.5 ms), 32 about 5% slower; 16 keeps the number of tiny gemm calls down.
constexpr size_t kLeaf = 16;

// From min(m, n) = kLookaheadMin on, the blocked look-ahead driver (getrf_lookahead.cc) with
// column blocks of kBlock; below it, the recursive LU here. Keep test/conformance/
// getrf-lookahead.test.ts (BLOCK, LOOKAHEAD_MIN) in step. Measured on the shared 2-core Zen 3
// VM (load 6-10 from other jobs, so interleaved in one process, 40-100 rounds): one thread,
// n = 1000, blocks of 48 to 128 all took 20.4-21.4 ms CPU (the recursive LU 21.4); two
// threads, 96 had the lower best and median in 4 of 5 runs against 64 (e.g. best / median
// 31.0 / 59.7 ms against 34.1 / 66.7; 128: 39.1 / 58.1) - fewer steps, fewer waits on a
// descheduled thread. At n = 256 and 384 the look-ahead took 0.53 / 1.51 ms against the
// recursive LU's 0.59 / 1.61.
constexpr size_t kBlock = 96;
constexpr size_t kLookaheadMin = 256;

// Unblocked elimination (dgetf2) on m × n; the first of the largest |a(i, j)| is the pivot.
// The leaf (n ≤ kLeaf columns) is copied into a column-major buffer first, so the pivot search,
// the scaling (by the reciprocal, as dgetf2 does when |pivot| ≥ DBL_MIN) and the rank-1 update
// all run along contiguous columns (vectorised) instead of along short, strided row segments;
// every entry sees the same operations in the same order as the row-wise loop, so the factors
// are the same bits.
// getf2's column-major copy, kept per thread between calls (releaseGetrfScratch frees it).
thread_local std::vector<double> t_leaf;

int getf2(size_t m, size_t n, double* a, size_t lda, std::int32_t* ipiv) {
  const size_t k = std::min(m, n);
  std::vector<double>& buf = t_leaf;
  if (buf.size() < m * n) buf.resize(m * n);
  double* t = buf.data();
  for (size_t i = 0; i < m; ++i)
    for (size_t c = 0; c < n; ++c) t[c * m + i] = a[i * lda + c];
  int info = 0;
  for (size_t j = 0; j < k; ++j) {
    double* __restrict cj = t + j * m;
    // Column 0 starts from its first entry; later columns from −1 (as the row-wise loop's
    // fused search did), which only matters for NaN entries.
    size_t p = j;
    double best = j == 0 ? std::fabs(cj[0]) : -1.0;
    for (size_t i = j == 0 ? 1 : j; i < m; ++i) {
      const double v = std::fabs(cj[i]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    ipiv[j] = static_cast<std::int32_t>(p);
    const bool nonzero = cj[p] != 0.0;
    if (nonzero) {
      if (p != j)
        for (size_t c = 0; c < n; ++c) std::swap(t[c * m + j], t[c * m + p]);
    } else if (info == 0) {
      info = static_cast<int>(j + 1);
    }
    const double piv = cj[j];
    if (nonzero) {
      if (std::fabs(piv) >= std::numeric_limits<double>::min()) {
        const double r = 1.0 / piv;
        for (size_t i = j + 1; i < m; ++i) cj[i] *= r;
      } else {
        for (size_t i = j + 1; i < m; ++i) cj[i] /= piv;
      }
    }
    for (size_t c = j + 1; c < n; ++c) {
      double* __restrict cc = t + c * m;
      const double u = cc[j];
      for (size_t i = j + 1; i < m; ++i) cc[i] -= cj[i] * u;
    }
  }
  for (size_t i = 0; i < m; ++i)
    for (size_t c = 0; c < n; ++c) a[i * lda + c] = t[c * m + i];
  // Kept between calls up to 8 MB (a 1000-row leaf is 128 KB); a very tall matrix's is freed.
  if (buf.size() > (size_t{1} << 20)) std::vector<double>().swap(buf);
  return info;
}

// laswp split across threads by columns when the block is large (each part does every swap
// on its own columns, so parts never touch the same memory).
void laswpParallel(size_t ncols, double* a, size_t lda, size_t k1, size_t k2,
                   const std::int32_t* ipiv) {
  const unsigned parts = (ncols >= 512 && (k2 - k1) * ncols >= (1u << 17)) ? std::min(threads(), 4u) : 1;
  if (parts < 2) return laswp(ncols, a, lda, k1, k2, ipiv);
  parallelFor(parts, [&](unsigned t) {
    const size_t c0 = (ncols * t / parts) & ~size_t{7};
    const size_t c1 = t + 1 == parts ? ncols : (ncols * (t + 1) / parts) & ~size_t{7};
    if (c1 > c0) laswp(c1 - c0, a + c0, lda, k1, k2, ipiv);
  });
}

int getrfRec(size_t m, size_t n, double* a, size_t lda, std::int32_t* ipiv) {
  const size_t k = std::min(m, n);
  if (k == 0) return 0;
  if (k <= kLeaf || n <= kLeaf) return getf2(m, n, a, lda, ipiv);
  const size_t n1 = k / 2, n2 = n - n1;
  int info = getrfRec(m, n1, a, lda, ipiv);
  double* a12 = a + n1;
  double* a21 = a + n1 * lda;
  double* a22 = a21 + n1;
  laswpParallel(n2, a12, lda, 0, n1, ipiv);
  trsm('L', 'L', 'N', 'U', n1, n2, 1.0, a, lda, a12, lda);
  gemmStrided(false, false, m - n1, n2, n1, -1.0, a21, lda, a12, lda, 1.0, a22, lda);
  const int info2 = getrfRec(m - n1, n2, a22, lda, ipiv + n1);
  if (info == 0 && info2 > 0) info = info2 + static_cast<int>(n1);
  for (size_t i = n1; i < k; ++i) ipiv[i] += static_cast<std::int32_t>(n1);
  laswpParallel(n1, a, lda, n1, k, ipiv);
  return info;
}

}  // namespace

int getrfRecursive(size_t m, size_t n, double* a, size_t lda, std::int32_t* ipiv) {
  return getrfRec(m, n, a, lda, ipiv);
}

int getrf(size_t m, size_t n, double* a, size_t lda, std::int32_t* ipiv) {
  // Not for very tall matrices: the look-ahead keeps about 5·m·kBlock doubles of packed panels
  // (1.9× the matrix itself at 4n × n, n = 256; 24% from n = 2000 on), and with few column
  // blocks there is little to overlap; the recursive LU's gemms are large there.
  if (std::min(m, n) >= kLookaheadMin && m <= 4 * n) return getrfLookahead(m, n, a, lda, ipiv, kBlock);
  return getrfRec(m, n, a, lda, ipiv);
}

void releaseGetrfScratch() {
  std::vector<double>().swap(t_leaf);
  releaseLookaheadScratch();
}

}  // namespace mmlkit::lapack
