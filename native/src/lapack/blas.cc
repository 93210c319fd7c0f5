// Level-1/2 helpers of the LAPACK-style layer, one instance per ISA (see blas.h). Lifted from
// the symEig tridiagonalisation, where they were measured: the symmetric product reads the
// lower triangle four columns per pass, and is single-threaded on purpose (splitting columns
// between two threads measured no faster for n = 500 and 1000: it is bound by cache/memory
// bandwidth, not by FMA issue).
#include "blas.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "../cpu_features.h"
#include "../sym_eig_simd.h"

namespace mmlkit {
namespace lapack {
namespace {

using namespace simd;

// y[c0..m) part of A x over columns c0..c1 of the lower triangle (y zeroed by the caller).
template <class V>
MMLKIT_INLINE void symvColumns(size_t m, const double* A, size_t lda, const double* x, double* y,
                               size_t c0, size_t c1) {
  constexpr int L = lanes<V>();
  size_t j = c0;
  for (; j + 4 <= c1; j += 4) {
    const double* a0 = A + j * lda;
    const double* a1 = a0 + lda;
    const double* a2 = a1 + lda;
    const double* a3 = a2 + lda;
    const double* ac[4] = {a0, a1, a2, a3};
    // 4 x 4 diagonal block.
    for (int c = 0; c < 4; ++c) {
      y[j + c] += ac[c][j + c] * x[j + c];
      for (int r = c + 1; r < 4; ++r) {
        y[j + r] += ac[c][j + r] * x[j + c];
        y[j + c] += ac[c][j + r] * x[j + r];
      }
    }
    const V x0 = splat<V>(x[j]), x1 = splat<V>(x[j + 1]), x2 = splat<V>(x[j + 2]),
            x3 = splat<V>(x[j + 3]);
    V d0{}, d1{}, d2{}, d3{};
    size_t r = j + 4;
    for (; r + L <= m; r += L) {
      const V xr = load<V>(x + r);
      const V A0 = load<V>(a0 + r), A1 = load<V>(a1 + r), A2 = load<V>(a2 + r),
              A3 = load<V>(a3 + r);
      store(y + r, load<V>(y + r) + x0 * A0 + x1 * A1 + x2 * A2 + x3 * A3);
      d0 += A0 * xr;
      d1 += A1 * xr;
      d2 += A2 * xr;
      d3 += A3 * xr;
    }
    double s0 = hsum(d0), s1 = hsum(d1), s2 = hsum(d2), s3 = hsum(d3);
    for (; r < m; ++r) {
      y[r] += x[j] * a0[r] + x[j + 1] * a1[r] + x[j + 2] * a2[r] + x[j + 3] * a3[r];
      s0 += a0[r] * x[r];
      s1 += a1[r] * x[r];
      s2 += a2[r] * x[r];
      s3 += a3[r] * x[r];
    }
    y[j] += s0;
    y[j + 1] += s1;
    y[j + 2] += s2;
    y[j + 3] += s3;
  }
  for (; j < c1; ++j) {
    const double* aj = A + j * lda;
    y[j] += aj[j] * x[j] + simd::dot<V>(m - j - 1, aj + j + 1, x + j + 1);
    simd::axpy<V>(m - j - 1, x[j], aj + j + 1, y + j + 1);
  }
}

template <class V>
MMLKIT_INLINE void larfColumnsT(size_t m, size_t ncols, const double* v, double tau, double* C,
                                size_t ldc) {
  for (size_t c = 0; c < ncols; ++c) {
    double* cc = C + c * ldc;
    const double w = simd::dot<V>(m, v, cc);
    if (w != 0.0) simd::axpy<V>(m, -tau * w, v, cc);
  }
}

using SymvFn = void (*)(size_t, const double*, size_t, const double*, double*, size_t, size_t);
using DotFn = double (*)(size_t, const double*, const double*);
using AxpyFn = void (*)(size_t, double, const double*, double*);
using LarfFn = void (*)(size_t, size_t, const double*, double, double*, size_t);

struct Ops {
  SymvFn symv;
  DotFn dot;
  AxpyFn axpy;
  LarfFn larf;
};

#define MMLKIT_OPS(NAME, ATTR, V)                                                                \
  ATTR void symv_##NAME(size_t m, const double* A, size_t lda, const double* x, double* y,       \
                        size_t c0, size_t c1) {                                                  \
    symvColumns<V>(m, A, lda, x, y, c0, c1);                                                     \
  }                                                                                              \
  ATTR double dot_##NAME(size_t n, const double* x, const double* y) {                           \
    return simd::dot<V>(n, x, y);                                                                \
  }                                                                                              \
  ATTR void axpy_##NAME(size_t n, double a, const double* x, double* y) {                        \
    simd::axpy<V>(n, a, x, y);                                                                   \
  }                                                                                              \
  ATTR void larf_##NAME(size_t m, size_t nc, const double* v, double tau, double* C,            \
                        size_t ldc) {                                                            \
    larfColumnsT<V>(m, nc, v, tau, C, ldc);                                                      \
  }                                                                                              \
  constexpr Ops kOps_##NAME{symv_##NAME, dot_##NAME, axpy_##NAME, larf_##NAME};

MMLKIT_OPS(generic, , v2d)
#if defined(MMLKIT_HAVE_X86_TARGETS)
MMLKIT_OPS(avx512, MMLKIT_AVX512, v8d)
MMLKIT_OPS(avx2, MMLKIT_AVX2, v4d)
#endif

const Ops& pick() {
#if defined(MMLKIT_HAVE_X86_TARGETS)
  switch (cpuIsa()) {
    case Isa::avx512: return kOps_avx512;
    case Isa::avx2: return kOps_avx2;
    case Isa::generic:
    case Isa::neon: break;
  }
#endif
  return kOps_generic;
}

const Ops& ops() {
  static const Ops& o = pick();
  return o;
}

}  // namespace

double dot(size_t n, const double* x, const double* y) { return ops().dot(n, x, y); }

double dot(size_t n, const double* x, ptrdiff_t incx, const double* y, ptrdiff_t incy) {
  if (incx == 1 && incy == 1) return ops().dot(n, x, y);
  double s = 0;
  for (size_t i = 0; i < n; ++i) s += x[i * incx] * y[i * incy];
  return s;
}

void axpy(size_t n, double alpha, const double* x, double* y) { ops().axpy(n, alpha, x, y); }

void scal(size_t n, double alpha, double* x, ptrdiff_t incx) {
  for (size_t i = 0; i < n; ++i) x[i * incx] *= alpha;
}

double nrm2(size_t n, const double* x, ptrdiff_t incx) {
  const double ss = dot(n, x, incx, x, incx);
  if (ss > 1e-280 && ss < 1e280) return std::sqrt(ss);
  double scale = 0;  // over/underflow risk: scale by the largest entry
  for (size_t i = 0; i < n; ++i) scale = std::max(scale, std::fabs(x[i * incx]));
  if (scale == 0 || !std::isfinite(scale)) return scale;
  double s = 0;
  for (size_t i = 0; i < n; ++i) {
    const double t = x[i * incx] / scale;
    s += t * t;
  }
  return scale * std::sqrt(s);
}

void symvLower(size_t m, const double* a, size_t lda, const double* x, double* y) {
  std::fill(y, y + m, 0.0);
  ops().symv(m, a, lda, x, y, 0, m);
}

void symvLowerColumns(size_t m, const double* a, size_t lda, const double* x, double* y,
                      size_t c0, size_t c1) {
  ops().symv(m, a, lda, x, y, c0, c1);
}

void larfLeftColumns(size_t m, size_t n, const double* v, double tau, double* c, size_t ldc) {
  ops().larf(m, n, v, tau, c, ldc);
}

}  // namespace lapack
}  // namespace mmlkit
