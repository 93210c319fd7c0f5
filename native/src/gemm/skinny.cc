// Skinny gemm (skinny.h): C has n <= 32 columns, the big operand A is streamed once, unpacked.
//
// Two layouts, by transA:
//   rows (transA = 0): C (m x n) = A (m x k) · B. B is packed once, its columns padded to a
//     multiple of 4 (lp). Threads claim chunks of kRowChunk rows of A; a chunk runs over k in
//     blocks whose packed B (kb x lp) fits L2, and a tile of up to 4 rows x 3 vectors (or 3 x 4) of
//     C's columns lives in registers while kb values of each of the MR rows stream by (rows of A
//     are read contiguously). Sums go to a per-thread chunk buffer, written to C once at the end.
//   cols (transA = 1): C (m x n) = Aᵀ · B with A stored k x m (X, k rows of length m) and B k x n
//     (Y). Computed as Cᵀ = Yᵀ X: threads claim chunks of kColChunk of X's columns (C's rows), so
//     no two threads write one C row and nothing is reduced; a chunk walks all k rows of X in
//     blocks of kRowBlock, and a tile of 4 of C's columns x 3 vectors of X's columns stays in
//     registers (Y broadcast, X loaded as vectors). Sums go to a per-thread buffer laid out as
//     Cᵀ, so each vector of the tile adds to contiguous memory; transposed into C at the end.
// Both keep the gemm contract: alpha and beta applied once at write-back (beta == 0 never
// reads C), NaN/Inf propagate (no zero-skipping), any ldb/transB.
//
// Measured on the 2-core Zen 3 VM, 2 threads, interleaved with the driver (best of 7, ms):
//   X·Z   2000x5000 l=20: 7.6 vs 20.2;  20000x2000 l=20: 26.9 vs 55.8;  l=32: 39.7 vs 66.0
//   Xᵀ·Y  2000x5000 l=20: 12.0 vs 20.7; 20000x2000 l=20: 38.4 vs 57.7;  l=32: 50.0 vs 64.2
// Cols chunk x block, interleaved in one process (X 20000x2000, l = 20, 2 threads, ms):
// 512 x 16: 43-45, 256 x 64: 44-46, 512 x 32: 51, 1024 x 16: 66, 1024 x 8: 59; packing each
// block's rows into a contiguous panel first: 49-50 (not kept). The rows layout's chunk (64-256)
// and packed-B block (64-256 KB) timed alike.
#include "skinny.h"

#include <algorithm>
#include <atomic>
#include <vector>

#include "../gemm.h"
#include "context.h"
#include "thread_pool.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace mmlkit {
namespace gemmcore {
namespace {

using std::size_t;

constexpr size_t kMinBigElems = size_t{1} << 16;  // smaller A: the driver's overhead is small
// Shallower products (C as large as A or larger) went faster through the driver, e.g. m = 200000,
// n = 20, k = 2: 4.4 vs 8.0 ms (transA = 0), 5.8 vs 11.7 (transA = 1); k = 16..24 mixed; from
// k = 32 (m = 100000, n = 20 and 32) to 128 this path was as fast or up to 2x faster.
constexpr size_t kMinDepth = 32;
constexpr size_t kRowChunk = 256;                  // rows of A per claimed chunk (rows layout)
constexpr size_t kColChunk = 512;                  // columns of X per claimed chunk (cols layout)
constexpr size_t kRowBlock = 16;                   // rows of X per block (cols layout): 64 KB
constexpr size_t kPackedBBytes = 256 * 1024;       // packed B block per k block (rows layout)
constexpr double kParallelMinWork = 128.0 * 128.0 * 128.0;  // as the driver

size_t ceilDiv(size_t a, size_t b) { return (a + b - 1) / b; }

// out[r * lp + e] += Σ_p x[r * lda + p] · bp[p * lp + e], r < MR, e < 4W.
using RowsTile = void (*)(size_t kb, const double* x, size_t lda, const double* bp, size_t lp,
                          double* out);
// out[c * ldo + e] += Σ_r y[r * ldy + c] · x[r * lda + e], c < CC, e < 4W.
// pf (may be null): the next tile's X, prefetched row by row (its rows are far apart in memory,
// too many streams for the hardware prefetcher).
using ColsTile = void (*)(size_t rb, const double* x, size_t lda, const double* y, size_t ldy,
                          double* out, size_t ldo, const double* pf);

template <int MR, int W>
void rowsTileGeneric(size_t kb, const double* x, size_t lda, const double* bp, size_t lp,
                     double* out) {
  double acc[MR][4 * W] = {};
  for (size_t p = 0; p < kb; ++p) {
    const double* br = bp + p * lp;
    #pragma GCC unroll 12
    for (int r = 0; r < MR; ++r) {
      const double xr = x[r * lda + p];
      #pragma GCC unroll 12
      for (int e = 0; e < 4 * W; ++e) acc[r][e] += xr * br[e];
    }
  }
  #pragma GCC unroll 12
  for (int r = 0; r < MR; ++r)
    #pragma GCC unroll 12
    for (int e = 0; e < 4 * W; ++e) out[r * lp + e] += acc[r][e];
}

template <int CC, int W>
void colsTileGeneric(size_t rb, const double* x, size_t lda, const double* y, size_t ldy,
                     double* out, size_t ldo, const double* pf) {
  double acc[CC][4 * W] = {};
  for (size_t r = 0; r < rb; ++r) {
    const double* xr = x + r * lda;
    if (pf) {
      __builtin_prefetch(pf + r * lda);
      __builtin_prefetch(pf + r * lda + 11);
    }
    #pragma GCC unroll 12
    for (int c = 0; c < CC; ++c) {
      const double yc = y[r * ldy + c];
      #pragma GCC unroll 12
      for (int e = 0; e < 4 * W; ++e) acc[c][e] += yc * xr[e];
    }
  }
  #pragma GCC unroll 12
  for (int c = 0; c < CC; ++c)
    #pragma GCC unroll 12
    for (int e = 0; e < 4 * W; ++e) out[c * ldo + e] += acc[c][e];
}

#if defined(__x86_64__)
// 4 x 3 = 12 accumulators + 3 B vectors + 1 broadcast: all 16 ymm registers.
template <int MR, int W>
__attribute__((target("avx2,fma"))) void rowsTileAvx2(size_t kb, const double* x, size_t lda,
                                                      const double* bp, size_t lp, double* out) {
  __m256d acc[MR][W];
  #pragma GCC unroll 12
  for (int r = 0; r < MR; ++r)
    #pragma GCC unroll 12
    for (int v = 0; v < W; ++v) acc[r][v] = _mm256_setzero_pd();
  for (size_t p = 0; p < kb; ++p) {
    __m256d bv[W];
    #pragma GCC unroll 12
    for (int v = 0; v < W; ++v) bv[v] = _mm256_loadu_pd(bp + p * lp + 4 * v);
    #pragma GCC unroll 12
    for (int r = 0; r < MR; ++r) {
      const __m256d xr = _mm256_broadcast_sd(x + r * lda + p);
      #pragma GCC unroll 12
      for (int v = 0; v < W; ++v) acc[r][v] = _mm256_fmadd_pd(xr, bv[v], acc[r][v]);
    }
  }
  #pragma GCC unroll 12
  for (int r = 0; r < MR; ++r)
    #pragma GCC unroll 12
    for (int v = 0; v < W; ++v) {
      double* o = out + r * lp + 4 * v;
      _mm256_storeu_pd(o, _mm256_add_pd(_mm256_loadu_pd(o), acc[r][v]));
    }
}

template <int CC, int W>
__attribute__((target("avx2,fma"))) void colsTileAvx2(size_t rb, const double* x, size_t lda,
                                                      const double* y, size_t ldy, double* out,
                                                      size_t ldo, const double* pf) {
  __m256d acc[CC][W];
  #pragma GCC unroll 12
  for (int c = 0; c < CC; ++c)
    #pragma GCC unroll 12
    for (int v = 0; v < W; ++v) acc[c][v] = _mm256_setzero_pd();
  for (size_t r = 0; r < rb; ++r) {
    if (pf) {
      __builtin_prefetch(pf + r * lda);
      __builtin_prefetch(pf + r * lda + 11);
    }
    __m256d xv[W];
    #pragma GCC unroll 12
    for (int v = 0; v < W; ++v) xv[v] = _mm256_loadu_pd(x + r * lda + 4 * v);
    #pragma GCC unroll 12
    for (int c = 0; c < CC; ++c) {
      const __m256d yc = _mm256_broadcast_sd(y + r * ldy + c);
      #pragma GCC unroll 12
      for (int v = 0; v < W; ++v) acc[c][v] = _mm256_fmadd_pd(yc, xv[v], acc[c][v]);
    }
  }
  #pragma GCC unroll 12
  for (int c = 0; c < CC; ++c)
    #pragma GCC unroll 12
    for (int v = 0; v < W; ++v) {
      double* o = out + c * ldo + 4 * v;
      _mm256_storeu_pd(o, _mm256_add_pd(_mm256_loadu_pd(o), acc[c][v]));
    }
}
#endif

struct Kernels {
  RowsTile rows[4][4];  // [MR - 1][W - 1]
  ColsTile cols[4][3];  // [CC - 1][W - 1]
};

template <template <int, int> class T, class F, int N>
void fill3(F (&t)[4][N]) {
  t[0][0] = T<1, 1>::f; t[0][1] = T<1, 2>::f; t[0][2] = T<1, 3>::f;
  t[1][0] = T<2, 1>::f; t[1][1] = T<2, 2>::f; t[1][2] = T<2, 3>::f;
  t[2][0] = T<3, 1>::f; t[2][1] = T<3, 2>::f; t[2][2] = T<3, 3>::f;
  t[3][0] = T<4, 1>::f; t[3][1] = T<4, 2>::f; t[3][2] = T<4, 3>::f;
}

template <template <int, int> class T, class F>
void fill(F (&t)[4][4]) {  // W = 4 only with MR <= 3
  fill3<T>(t);
  t[0][3] = T<1, 4>::f; t[1][3] = T<2, 4>::f; t[2][3] = T<3, 4>::f; t[3][3] = nullptr;
}


template <int A, int B> struct RowsG { static constexpr RowsTile f = rowsTileGeneric<A, B>; };
template <int A, int B> struct ColsG { static constexpr ColsTile f = colsTileGeneric<A, B>; };
#if defined(__x86_64__)
template <int A, int B> struct RowsV { static constexpr RowsTile f = rowsTileAvx2<A, B>; };
template <int A, int B> struct ColsV { static constexpr ColsTile f = colsTileAvx2<A, B>; };
#endif

const Kernels& kernels() {
  static const Kernels k = [] {
    Kernels t{};
#if defined(__x86_64__)
    // avx512 CPUs have AVX2+FMA too; the skinny path is memory-bound, 256-bit vectors suffice.
    if (cpuIsa() != Isa::generic) {
      fill<RowsV>(t.rows);
      fill3<ColsV>(t.cols);
      return t;
    }
#endif
    fill<RowsG>(t.rows);
    fill3<ColsG>(t.cols);
    return t;
  }();
  return k;
}

// C <- alpha * s + beta * C for one element (beta == 0 never reads C).
inline double combine(double alpha, double s, double beta, const double* c) {
  return beta == 0.0 ? alpha * s : alpha * s + beta * *c;
}

// Runs body() on a team of up to threads() (or alone when the work is small or the pool busy).
template <class Body>
void onTeam(double work, const Body& body) {
  const unsigned want = work < kParallelMinWork ? 1u : threads();
  ThreadPool& pool = ThreadPool::instance();
  if (want >= 2 && pool.tryAcquire()) {
    struct Release {
      ThreadPool& p;
      ~Release() { p.release(); }
    } release{pool};
    pool.run(want - 1, [&] { body(); });
  } else {
    body();
  }
}

// The rows layout's register tile for C rows of nv vectors (at most 12 accumulators): 4 rows x
// all nv vectors up to 3, 3 x 4 for 4, else 4 rows x groups of 3 (A's rows re-read from L1/L2
// per group). Measured against 4 x 3 groups (X 20000x2000, 2 threads): 3 x 4 for l = 16 24 vs 29
// ms; 2 x 5 for l = 20 and 2 x 6 for l = 24 were 3-7% slower, 3 x 4 groups for l = 32 likewise.
struct TileShape {
  size_t mr, w;
};
TileShape rowsTileShape(size_t nv) {
  if (nv <= 3) return {4, nv};
  if (nv == 4) return {3, 4};
  return {4, 3};
}

void rowsLayout(const Kernels& K, size_t m, size_t n, size_t k, double alpha, const double* a,
                size_t lda, const double* bp, size_t lp, double beta, double* c, size_t ldc) {
  const size_t nv = lp / 4;
  const TileShape shape = rowsTileShape(nv);
  const size_t kb = std::min(k, std::max<size_t>(256, kPackedBBytes / (sizeof(double) * lp)));
  const size_t chunks = ceilDiv(m, kRowChunk);
  std::atomic<size_t> next{0};
  onTeam(static_cast<double>(m) * n * k, [&] {
    thread_local std::vector<double> buf;
    buf.resize(kRowChunk * lp);
    for (size_t t; (t = next.fetch_add(1, std::memory_order_relaxed)) < chunks;) {
      const size_t i0 = t * kRowChunk, rows = std::min(kRowChunk, m - i0);
      std::fill(buf.begin(), buf.begin() + rows * lp, 0.0);
      for (size_t p0 = 0; p0 < k; p0 += kb) {
        const size_t kbs = std::min(kb, k - p0);
        for (size_t i = 0; i < rows; i += shape.mr) {
          const size_t mr = std::min(shape.mr, rows - i);
          const double* x = a + (i0 + i) * lda + p0;
          for (size_t g = 0; g < nv; g += shape.w) {
            const size_t w = std::min(shape.w, nv - g);
            K.rows[mr - 1][w - 1](kbs, x, lda, bp + p0 * lp + 4 * g, lp, buf.data() + i * lp + 4 * g);
          }
        }
      }
      for (size_t i = 0; i < rows; ++i) {
        double* ci = c + (i0 + i) * ldc;
        const double* s = buf.data() + i * lp;
        for (size_t j = 0; j < n; ++j) ci[j] = combine(alpha, s[j], beta, ci + j);
      }
    }
  });
}

// C (m x n) = alpha · Xᵀ Y + beta C; X is k x m (row stride lda), Y k x n (row stride ldy).
void colsLayout(const Kernels& K, size_t m, size_t n, size_t k, double alpha, const double* x,
                size_t lda, const double* y, size_t ldy, double beta, double* c, size_t ldc) {
  const size_t chunks = ceilDiv(m, kColChunk);
  std::atomic<size_t> next{0};
  onTeam(static_cast<double>(m) * n * k, [&] {
    thread_local std::vector<double> buf;  // Cᵀ of the chunk: n x kColChunk
    buf.resize(n * kColChunk);
    for (size_t t; (t = next.fetch_add(1, std::memory_order_relaxed)) < chunks;) {
      const size_t j0 = t * kColChunk, cols = std::min(kColChunk, m - j0), vecCols = cols / 4 * 4;
      const size_t ldo = cols;
      double* out = buf.data();
      std::fill(out, out + n * ldo, 0.0);
      for (size_t r0 = 0; r0 < k; r0 += kRowBlock) {
        const size_t rb = std::min(kRowBlock, k - r0);
        const double* xb = x + r0 * lda + j0;
        const double* yb = y + r0 * ldy;
        for (size_t j = 0; j < vecCols; j += 12) {
          const size_t w = std::min<size_t>(3, (vecCols - j) / 4);
          for (size_t c0 = 0; c0 < n; c0 += 4) {
            const size_t cc = std::min<size_t>(4, n - c0);
            const double* pf = c0 == 0 && j + 12 < cols ? xb + j + 12 : nullptr;
            K.cols[cc - 1][w - 1](rb, xb + j, lda, yb + c0, ldy, out + c0 * ldo + j, ldo, pf);
          }
        }
        for (size_t j = vecCols; j < cols; ++j)  // the last 0-3 columns of X
          for (size_t r = 0; r < rb; ++r) {
            const double xv = xb[r * lda + j];
            for (size_t cc = 0; cc < n; ++cc) out[cc * ldo + j] += yb[r * ldy + cc] * xv;
          }
      }
      for (size_t j = 0; j < cols; ++j) {
        double* cj = c + (j0 + j) * ldc;
        for (size_t cc = 0; cc < n; ++cc) cj[cc] = combine(alpha, out[cc * ldo + j], beta, cj + cc);
      }
    }
  });
}

}  // namespace

bool skinnyGemm(bool transA, bool transB, size_t m, size_t n, size_t k, double alpha,
                const double* a, size_t lda, const double* b, size_t ldb, double beta, double* c,
                size_t ldc) {
  if (n > kSkinnyMaxN || k < kMinDepth || m * k < kMinBigElems) return false;
  const Kernels& K = kernels();
  if (!transA) {
    // B packed k x lp, columns zero-padded to a multiple of 4 (the pad's sums are never stored).
    const size_t lp = ceilDiv(n, 4) * 4;
    std::vector<double> bp(k * lp, 0.0);
    for (size_t p = 0; p < k; ++p)
      for (size_t j = 0; j < n; ++j) bp[p * lp + j] = transB ? b[j * ldb + p] : b[p * ldb + j];
    rowsLayout(K, m, n, k, alpha, a, lda, bp.data(), lp, beta, c, ldc);
    return true;
  }
  if (!transB) {
    colsLayout(K, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return true;
  }
  std::vector<double> yp(k * n);  // op(B) = Bᵀ, stored n x k: make it k x n
  for (size_t j = 0; j < n; ++j)
    for (size_t p = 0; p < k; ++p) yp[p * n + j] = b[j * ldb + p];
  colsLayout(K, m, n, k, alpha, a, lda, yp.data(), n, beta, c, ldc);
  return true;
}

}  // namespace gemmcore
}  // namespace mmlkit
