// Column-major dgemv, one instance per ISA (vector extensions of sym_eig_simd.h, picked at load
// time like every other kernel family). Both products walk four columns per pass: the 'N' form
// keeps y's block in registers across the four axpys (one load and one store of y per four
// columns), the 'T' form runs four dot products over one pass of x.
//
// In the bidiagonalisation half the flops are two gemvs per column over the whole trailing
// matrix, bound by cache bandwidth: above kParallelMin entries they are split between the two
// threads (rows for 'N', columns for 'T'), which measured faster on the 2-core Zen 5 at
// n = 1000 (the 8 MB trailing matrix lives in L3, whose bandwidth scales with the cores).
#include "gemv.h"

#include <algorithm>
#include <string>
#include <vector>

#include "../gemm.h"
#include "../cpu_features.h"
#include "../sym_eig_simd.h"

namespace mmlkit {
namespace lapack {
namespace {

using namespace simd;
using std::size_t;

constexpr double kParallelMin = 1 << 17;

// y[0..m) += A x over all n columns (x contiguous, already scaled by alpha).
template <class V>
MMLKIT_INLINE void gemvNT(size_t m, size_t n, const double* A, size_t lda, const double* x,
                          double* y) {
  constexpr int L = lanes<V>();
  size_t j = 0;
  for (; j + 4 <= n; j += 4) {
    const double* a0 = A + j * lda;
    const double* a1 = a0 + lda;
    const double* a2 = a1 + lda;
    const double* a3 = a2 + lda;
    const V x0 = splat<V>(x[j]), x1 = splat<V>(x[j + 1]), x2 = splat<V>(x[j + 2]),
            x3 = splat<V>(x[j + 3]);
    size_t r = 0;
    for (; r + L <= m; r += L)
      store(y + r, load<V>(y + r) + x0 * load<V>(a0 + r) + x1 * load<V>(a1 + r) +
                       x2 * load<V>(a2 + r) + x3 * load<V>(a3 + r));
    for (; r < m; ++r) y[r] += x[j] * a0[r] + x[j + 1] * a1[r] + x[j + 2] * a2[r] + x[j + 3] * a3[r];
  }
  for (; j < n; ++j) simd::axpy<V>(m, x[j], A + j * lda, y);
}

// y[j] = Σ_r A(r, j) x[r] for j < n (x contiguous).
template <class V>
MMLKIT_INLINE void gemvTT(size_t m, size_t n, const double* A, size_t lda, const double* x,
                          double* y) {
  constexpr int L = lanes<V>();
  size_t j = 0;
  for (; j + 4 <= n; j += 4) {
    const double* a0 = A + j * lda;
    const double* a1 = a0 + lda;
    const double* a2 = a1 + lda;
    const double* a3 = a2 + lda;
    V d0{}, d1{}, d2{}, d3{};
    size_t r = 0;
    for (; r + L <= m; r += L) {
      const V xr = load<V>(x + r);
      d0 += load<V>(a0 + r) * xr;
      d1 += load<V>(a1 + r) * xr;
      d2 += load<V>(a2 + r) * xr;
      d3 += load<V>(a3 + r) * xr;
    }
    double s0 = hsum(d0), s1 = hsum(d1), s2 = hsum(d2), s3 = hsum(d3);
    for (; r < m; ++r) {
      s0 += a0[r] * x[r];
      s1 += a1[r] * x[r];
      s2 += a2[r] * x[r];
      s3 += a3[r] * x[r];
    }
    y[j] = s0;
    y[j + 1] = s1;
    y[j + 2] = s2;
    y[j + 3] = s3;
  }
  for (; j < n; ++j) y[j] = simd::dot<V>(m, A + j * lda, x);
}

using Fn = void (*)(size_t, size_t, const double*, size_t, const double*, double*);
struct Ops {
  Fn n, t;
};

#define MMLKIT_GEMV_OPS(NAME, ATTR, V)                                                        \
  ATTR void n_##NAME(size_t m, size_t n, const double* A, size_t lda, const double* x,        \
                     double* y) {                                                             \
    gemvNT<V>(m, n, A, lda, x, y);                                                            \
  }                                                                                           \
  ATTR void t_##NAME(size_t m, size_t n, const double* A, size_t lda, const double* x,        \
                     double* y) {                                                             \
    gemvTT<V>(m, n, A, lda, x, y);                                                            \
  }                                                                                           \
  constexpr Ops kOps_##NAME{n_##NAME, t_##NAME};

MMLKIT_GEMV_OPS(generic, , v2d)
#if defined(MMLKIT_HAVE_X86_TARGETS)
MMLKIT_GEMV_OPS(avx2, MMLKIT_AVX2, v4d)
MMLKIT_GEMV_OPS(avx512, MMLKIT_AVX512, v8d)
#endif

const Ops& ops() {
  static const Ops* o = [] {
#if defined(MMLKIT_HAVE_X86_TARGETS)
    switch (cpuIsa()) {
      case Isa::avx512: return &kOps_avx512;
      case Isa::avx2: return &kOps_avx2;
      case Isa::generic:
      case Isa::neon: break;
    }
#endif
    return &kOps_generic;
  }();
  return *o;
}

unsigned partsFor(size_t m, size_t n) {
  if (static_cast<double>(m) * static_cast<double>(n) < kParallelMin) return 1;
  return std::max(1u, std::min(threads(), 2u));
}

}  // namespace

void gemvN(size_t m, size_t n, double alpha, const double* a, size_t lda, const double* x,
           size_t incx, double beta, double* y, size_t incy) {
  if (m == 0) return;
  // Contiguous y (scaled by beta) and x (scaled by alpha) for the kernel.
  std::vector<double> ybuf, xbuf(n);
  double* yc = y;
  if (incy != 1) {
    ybuf.resize(m);
    yc = ybuf.data();
    for (size_t i = 0; i < m; ++i) yc[i] = beta == 0 ? 0.0 : beta * y[i * incy];
  } else if (beta == 0) {
    std::fill(yc, yc + m, 0.0);
  } else if (beta != 1) {
    for (size_t i = 0; i < m; ++i) yc[i] *= beta;
  }
  for (size_t j = 0; j < n; ++j) xbuf[j] = alpha * x[j * incx];
  if (n > 0 && alpha != 0) {
    const Ops& o = ops();
    const unsigned parts = partsFor(m, n);
    if (parts < 2) {
      o.n(m, n, a, lda, xbuf.data(), yc);
    } else {
      parallelFor(parts, [&](unsigned t) {
        const size_t r0 = m * t / parts / 8 * 8, r1 = t + 1 == parts ? m : m * (t + 1) / parts / 8 * 8;
        if (r1 > r0) o.n(r1 - r0, n, a + r0, lda, xbuf.data(), yc + r0);
      });
    }
  }
  if (incy != 1)
    for (size_t i = 0; i < m; ++i) y[i * incy] = yc[i];
}

void gemvT(size_t m, size_t n, double alpha, const double* a, size_t lda, const double* x,
           size_t incx, double beta, double* y, size_t incy) {
  if (n == 0) return;
  std::vector<double> xbuf, t(n, 0.0);
  const double* xc = x;
  if (incx != 1) {
    xbuf.resize(m);
    for (size_t i = 0; i < m; ++i) xbuf[i] = x[i * incx];
    xc = xbuf.data();
  }
  if (m > 0 && alpha != 0) {
    const Ops& o = ops();
    const unsigned parts = partsFor(m, n);
    if (parts < 2) {
      o.t(m, n, a, lda, xc, t.data());
    } else {
      parallelFor(parts, [&](unsigned p) {
        const size_t c0 = n * p / parts, c1 = n * (p + 1) / parts;
        if (c1 > c0) o.t(m, c1 - c0, a + c0 * lda, lda, xc, t.data() + c0);
      });
    }
  }
  for (size_t j = 0; j < n; ++j) {
    const double base = beta == 0 ? 0.0 : beta * y[j * incy];
    y[j * incy] = base + alpha * t[j];
  }
}

}  // namespace lapack
}  // namespace mmlkit
