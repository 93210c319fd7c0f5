// Blocked triangular solve (dtrsm), row-major with leading dimensions.
//
// Shape: recursive halving of the triangle (Elmroth/Gustavson style), so all but O(k²·NB)
// of the k²·n flops run in a few large gemmStrided calls; below kLeaf rows the plain
// substitution runs (contiguous row axpys for left solves, a row-vector solve per row of B for
// right solves). One right-hand side takes a trsv path (dot products / axpys along rows of A).
// The right-hand sides are independent, so a large solve is shared across threads in chunks
// of columns of B (left) or rows of B (right), each chunk solved whole on one thread: one
// fork/join per call, and the gemms inside a chunk run serially.
// Measured (one thread, CPU time, n = 1000 with 1000 right-hand sides, shared Zen 5,
// 2026-12-06): left 27 GF/s and right-transposed 21–22 GF/s against gemm's 35 GF/s.
#include "trsm.h"

#include <algorithm>

#include "../gemm.h"
#include "blas.h"
#include "chunks.h"

namespace mmlkit::lapack {
namespace {

using std::size_t;

// Rows (left) or columns (right) of the triangle solved by plain substitution.
constexpr size_t kLeaf = 32;
// Below this many multiply-adds (k²·n) one thread does the whole solve.
constexpr double kParallelMinWork = 96.0 * 96.0 * 96.0;

struct Tri {
  const double* a;
  size_t lda;
  bool trans;  // op(A) = Aᵀ
  bool unit;
  // T = op(A): T(i, j)
  double at(size_t i, size_t j) const { return trans ? a[j * lda + i] : a[i * lda + j]; }
  // The sub-triangle starting at diagonal position o.
  Tri diagBlock(size_t o) const { return Tri{a + o * lda + o, lda, trans, unit}; }
  // Pointer and gemm trans flag of the off-diagonal block T[r0.., c0..] of op(A).
  const double* block(size_t r0, size_t c0) const { return trans ? a + c0 * lda + r0 : a + r0 * lda + c0; }
};

// Left, T = op(A) effectively lower or upper, m × m; B m × n. Plain substitution.
void leftLeaf(const Tri& t, bool lower, size_t m, size_t n, double* b, size_t ldb) {
  for (size_t s = 0; s < m; ++s) {
    const size_t i = lower ? s : m - 1 - s;
    double* __restrict bi = b + i * ldb;
    const size_t j0 = lower ? 0 : i + 1, j1 = lower ? i : m;
    for (size_t j = j0; j < j1; ++j) {
      const double tij = t.at(i, j);
      const double* __restrict bj = b + j * ldb;
      for (size_t c = 0; c < n; ++c) bi[c] -= tij * bj[c];
    }
    if (!t.unit) {
      const double d = t.at(i, i);
      for (size_t c = 0; c < n; ++c) bi[c] /= d;
    }
  }
}

// Right: X·T = B, T n × n; each row of B is an independent row-vector solve.
void rightLeaf(const Tri& t, bool lower, size_t m, size_t n, double* b, size_t ldb) {
  for (size_t r = 0; r < m; ++r) {
    double* __restrict x = b + r * ldb;
    // Column-oriented: once x_j is final, subtract x_j·T(j, ·) from the entries still to come.
    for (size_t s = 0; s < n; ++s) {
      const size_t j = lower ? n - 1 - s : s;
      if (!t.unit) x[j] /= t.at(j, j);
      const double xj = x[j];
      if (lower) {
        for (size_t p = 0; p < j; ++p) x[p] -= xj * t.at(j, p);
      } else {
        for (size_t p = j + 1; p < n; ++p) x[p] -= xj * t.at(j, p);
      }
    }
  }
}

// Σ_{j0 ≤ j < j1} x[j]·y[j·incy] with eight independent sums (one chain would be bound by the
// add latency: the compiler may not reorder a floating-point reduction by itself).
double dot(const double* x, const double* y, size_t j0, size_t j1, size_t incy) {
  double s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  size_t j = j0;
  if (incy == 1) {
    for (; j + 8 <= j1; j += 8)
      for (int u = 0; u < 8; ++u) s[u] += x[j + u] * y[j + u];
  }
  for (; j < j1; ++j) s[0] += x[j] * y[j * incy];
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

// Left solve with ONE right-hand side (a trsv): substitution that always runs along
// contiguous rows of A — dot products for op(A) = A, axpys for op(A) = Aᵀ — instead of the
// recursive form, whose gemm calls would be matrix-vector products paying gemm's packing.
// A contiguous b (ldb 1, getrs's case) takes the ISA's SIMD dot / axpy (blas.h): getrs
// n = 1000 with one right-hand side went from 0.70 to 0.22 ms (best of 50, warm caches;
// the portable 8-sum dot above is compiled for baseline SSE2 and was compute-bound).
void leftVector(const Tri& t, bool lower, size_t m, double* b, size_t ldb) {
  const size_t lda = t.lda;
  for (size_t s = 0; s < m; ++s) {
    const size_t i = lower ? s : m - 1 - s;
    if (!t.trans) {
      const double* ai = t.a + i * lda;
      const double v = b[i * ldb] - (ldb != 1 ? (lower ? dot(ai, b, 0, i, ldb) : dot(ai, b, i + 1, m, ldb))
                                               : (lower ? lapack::dot(i, ai, b) : lapack::dot(m - i - 1, ai + i + 1, b + i + 1)));
      b[i * ldb] = t.unit ? v : v / ai[i];
    } else {
      // T(·, i) is row i of A: once x_i is final, remove it from the entries still to come.
      const double* ai = t.a + i * lda;
      if (!t.unit) b[i * ldb] /= ai[i];
      const double xi = b[i * ldb];
      if (ldb == 1) {
        if (lower) lapack::axpy(m - i - 1, -xi, ai + i + 1, b + i + 1);
        else lapack::axpy(i, -xi, ai, b);
      } else if (lower) {
        for (size_t j = i + 1; j < m; ++j) b[j * ldb] -= ai[j] * xi;
      } else {
        for (size_t j = 0; j < i; ++j) b[j * ldb] -= ai[j] * xi;
      }
    }
  }
}

void leftRec(const Tri& t, bool lower, size_t m, size_t n, double* b, size_t ldb) {
  if (m <= kLeaf) return leftLeaf(t, lower, m, n, b, ldb);
  const size_t m1 = m / 2, m2 = m - m1;
  double* b1 = b;
  double* b2 = b + m1 * ldb;
  if (lower) {
    leftRec(t, true, m1, n, b1, ldb);
    // B2 -= T21·X1
    gemmStrided(t.trans, false, m2, n, m1, -1.0, t.block(m1, 0), t.lda, b1, ldb, 1.0, b2, ldb);
    leftRec(t.diagBlock(m1), true, m2, n, b2, ldb);
  } else {
    leftRec(t.diagBlock(m1), false, m2, n, b2, ldb);
    // B1 -= T12·X2
    gemmStrided(t.trans, false, m1, n, m2, -1.0, t.block(0, m1), t.lda, b2, ldb, 1.0, b1, ldb);
    leftRec(t, false, m1, n, b1, ldb);
  }
}

void rightRec(const Tri& t, bool lower, size_t m, size_t n, double* b, size_t ldb) {
  if (n <= kLeaf) return rightLeaf(t, lower, m, n, b, ldb);
  const size_t n1 = n / 2, n2 = n - n1;
  double* b1 = b;
  double* b2 = b + n1;
  if (!lower) {
    rightRec(t, false, m, n1, b1, ldb);
    // B2 -= X1·T12
    gemmStrided(false, t.trans, m, n2, n1, -1.0, b1, ldb, t.block(0, n1), t.lda, 1.0, b2, ldb);
    rightRec(t.diagBlock(n1), false, m, n2, b2, ldb);
  } else {
    rightRec(t.diagBlock(n1), true, m, n2, b2, ldb);
    // B1 -= X2·T21
    gemmStrided(false, t.trans, m, n1, n2, -1.0, b2, ldb, t.block(n1, 0), t.lda, 1.0, b1, ldb);
    rightRec(t, true, m, n1, b1, ldb);
  }
}

}  // namespace

void trsm(char side, char uplo, char trans, char diag, size_t m, size_t n, double alpha,
          const double* a, size_t lda, double* b, size_t ldb) {
  if (m == 0 || n == 0) return;
  if (alpha != 1.0) {
    for (size_t i = 0; i < m; ++i) {
      double* r = b + i * ldb;
      if (alpha == 0.0) std::fill(r, r + n, 0.0);
      else for (size_t j = 0; j < n; ++j) r[j] *= alpha;
    }
    if (alpha == 0.0) return;
  }
  const bool left = side == 'L' || side == 'l';
  const bool tr = trans == 'T' || trans == 't' || trans == 'C' || trans == 'c';
  const bool lower = (uplo == 'L' || uplo == 'l') != tr;  // is op(A) lower?
  const Tri t{a, lda, tr, diag == 'U' || diag == 'u'};
  const size_t k = left ? m : n;     // order of the triangle
  const size_t rhs = left ? n : m;   // independent right-hand sides (columns / rows of B)
  const double work = static_cast<double>(k) * static_cast<double>(k) * static_cast<double>(rhs);
  if (left && n == 1) return leftVector(t, lower, m, b, ldb);
  // Right-hand sides in chunks of at least 32 (whole cache lines), about four per thread.
  const size_t want = rhs / (4 * static_cast<size_t>(threads()));
  const size_t chunk = work < kParallelMinWork ? rhs : std::max<size_t>(32, (want + 7) & ~size_t{7});
  forChunks(rhs, chunk, [&](size_t r0, size_t r1) {
    if (left) leftRec(t, lower, m, r1 - r0, b + r0, ldb);
    else rightRec(t, lower, r1 - r0, n, b + r0 * ldb, ldb);
  });
}

}  // namespace mmlkit::lapack
