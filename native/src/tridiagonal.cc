// Householder tridiagonalisation (LAPACK dsytrd/dlatrd, lower) and formation of Q (dorgtr via
// blocked dorgqr). Column-major with leading dimensions throughout: see sym_eig_detail.h.
//
// dsytrd: panels of kPanel columns are reduced with matrix-vector products against the
// not-yet-updated trailing matrix (dlatrd), which then takes one rank-2k update through gemm
// (SYR2K on the lower triangle, blocked so only ~half the square is computed). The symmetric
// matrix-vector product is half the flops and all the memory traffic: it reads only the lower
// triangle, four columns per pass.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <vector>

#include "gemm.h"
#include "sym_eig_detail.h"
#include "sym_eig_simd.h"

namespace mmlkit {
namespace eig {
namespace {

using std::size_t;
using namespace simd;

constexpr size_t kPanel = 32;
constexpr size_t kOrgBlock = 64;  // dorgqr block: larger k makes its two gemms run faster

// Column-major C (M x N, ldc) <- alpha op(A) op(B) + beta C, through the row-major gemm: the
// column-major C is the row-major C^T = op(B)^T op(A)^T.
void gemmCM(bool ta, bool tb, size_t M, size_t N, size_t K, double alpha, const double* A,
            size_t lda, const double* B, size_t ldb, double beta, double* C, size_t ldc) {
  gemmStrided(tb, ta, N, M, K, alpha, B, ldb, A, lda, beta, C, ldc);
}

// ---- symmetric matrix-vector product, lower triangle: y[c0..m) part of A x over columns
// c0..c1 (y is zeroed by the caller). Each column's entries below the diagonal feed both y
// (axpy) and the column's own dot product, so A is read once.
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
    y[j] += aj[j] * x[j] + dot<V>(m - j - 1, aj + j + 1, x + j + 1);
    axpy<V>(m - j - 1, x[j], aj + j + 1, y + j + 1);
  }
}

template <class V>
MMLKIT_INLINE void larfColumnsT(size_t m, size_t ncols, const double* v, double tau, double* C,
                                size_t ldc) {
  for (size_t c = 0; c < ncols; ++c) {
    double* cc = C + c * ldc;
    const double w = dot<V>(m, v, cc);
    if (w != 0.0) axpy<V>(m, -tau * w, v, cc);
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
  ATTR double dot_##NAME(size_t n, const double* x, const double* y) { return dot<V>(n, x, y); } \
  ATTR void axpy_##NAME(size_t n, double a, const double* x, double* y) { axpy<V>(n, a, x, y); } \
  ATTR void larf_##NAME(size_t m, size_t nc, const double* v, double tau, double* C,            \
                        size_t ldc) {                                                            \
    larfColumnsT<V>(m, nc, v, tau, C, ldc);                                                      \
  }                                                                                              \
  constexpr Ops kOps_##NAME{symv_##NAME, dot_##NAME, axpy_##NAME, larf_##NAME};

MMLKIT_OPS(generic, , v2d)
#if defined(MMLKIT_HAVE_X86_TARGETS)
MMLKIT_OPS(avx2, MMLKIT_AVX2, v4d)
MMLKIT_OPS(avx512, MMLKIT_AVX512, v8d)
#endif

const Ops& ops() {
#if defined(MMLKIT_HAVE_X86_TARGETS)
  switch (isa()) {
    case Isa::avx512:
      return kOps_avx512;
    case Isa::avx2:
      return kOps_avx2;
    default:
      break;
  }
#endif
  return kOps_generic;
}

// y <- A x, A m x m symmetric (lower triangle read). Single-threaded on purpose: splitting the
// columns between two threads (one fork/join per reduced column) measured no faster for
// n = 500 and 1000 here - the product is bound by cache/memory bandwidth, not by FMA issue.
void symvLower(const Ops& O, size_t m, const double* A, size_t lda, const double* x, double* y) {
  std::fill(y, y + m, 0.0);
  O.symv(m, A, lda, x, y, 0, m);
}

double nrm2(const Ops& O, size_t n, const double* x) {
  const double ss = O.dot(n, x, x);
  if (ss > 1e-280 && ss < 1e280) return std::sqrt(ss);
  double scale = 0;  // over/underflow risk: scale by the largest entry
  for (size_t i = 0; i < n; ++i) scale = std::max(scale, std::fabs(x[i]));
  if (scale == 0 || !std::isfinite(scale)) return scale;
  double s = 0;
  for (size_t i = 0; i < n; ++i) {
    const double t = x[i] / scale;
    s += t * t;
  }
  return scale * std::sqrt(s);
}

// dlarfg: H (I - tau v v^T) with v = (1, x'), such that H (alpha, x) = (beta, 0).
void larfg(const Ops& O, size_t n, double& alpha, double* x, double& tau) {
  if (n <= 1) {
    tau = 0;
    return;
  }
  double xnorm = nrm2(O, n - 1, x);
  if (xnorm == 0) {
    tau = 0;
    return;
  }
  double beta = -std::copysign(std::hypot(alpha, xnorm), alpha);
  const double safmin = DBL_MIN / (DBL_EPSILON * 0.5);
  int knt = 0;
  if (std::fabs(beta) < safmin) {  // tiny vector: rescale so beta is representable accurately
    const double rsafmn = 1 / safmin;
    do {
      ++knt;
      for (size_t i = 0; i + 1 < n; ++i) x[i] *= rsafmn;
      beta *= rsafmn;
      alpha *= rsafmn;
    } while (std::fabs(beta) < safmin && knt < 20);
    xnorm = nrm2(O, n - 1, x);
    beta = -std::copysign(std::hypot(alpha, xnorm), alpha);
  }
  tau = (beta - alpha) / beta;
  const double scal = 1 / (alpha - beta);
  for (size_t i = 0; i + 1 < n; ++i) x[i] *= scal;
  for (int j = 0; j < knt; ++j) beta *= safmin;
  alpha = beta;
}

// dlatrd('L'): reduces the first nb columns of the m x m matrix A; W (m x nb, ldw) returns the
// matrix with A_trailing -= V W^T + W V^T. V(j+1, j) = 1 is left in A (the caller restores e).
void latrd(const Ops& O, size_t m, size_t nb, double* A, size_t lda, double* e, double* tau,
           double* W, size_t ldw) {
  auto a = [&](size_t r, size_t c) -> double& { return A[r + c * lda]; };
  auto w = [&](size_t r, size_t c) -> double& { return W[r + c * ldw]; };
  for (size_t i = 0; i < nb; ++i) {
    // A(i:m, i) -= A(i:m, 0:i) W(i, 0:i)^T + W(i:m, 0:i) A(i, 0:i)^T
    for (size_t p = 0; p < i; ++p) {
      O.axpy(m - i, -w(i, p), &a(i, p), &a(i, i));
      O.axpy(m - i, -a(i, p), &w(i, p), &a(i, i));
    }
    const size_t k = m - i - 1;  // >= 1: nb <= m - 1
    larfg(O, k, a(i + 1, i), &a(std::min(i + 2, m - 1), i), tau[i]);
    e[i] = a(i + 1, i);
    a(i + 1, i) = 1;
    const double* v = &a(i + 1, i);
    double* wi = &w(i + 1, i);
    symvLower(O, k, &a(i + 1, i + 1), lda, v, wi);
    // W(i+1:m, i) -= A(i+1:m, 0:i) (W(i+1:m, 0:i)^T v) + W(i+1:m, 0:i) (A(i+1:m, 0:i)^T v)
    for (size_t p = 0; p < i; ++p) w(p, i) = O.dot(k, &w(i + 1, p), v);
    for (size_t p = 0; p < i; ++p) O.axpy(k, -w(p, i), &a(i + 1, p), wi);
    for (size_t p = 0; p < i; ++p) w(p, i) = O.dot(k, &a(i + 1, p), v);
    for (size_t p = 0; p < i; ++p) O.axpy(k, -w(p, i), &w(i + 1, p), wi);
    for (size_t r = 0; r < k; ++r) wi[r] *= tau[i];
    const double alpha = -0.5 * tau[i] * O.dot(k, wi, v);
    O.axpy(k, alpha, v, wi);
  }
}

// Lower triangle of C (m x m) -= U Ut^T, U and Ut m x kk (here [V W] and [W V]), in block
// columns so the strictly-upper blocks are skipped; block columns are shared between threads by
// area (their gemms then run single-threaded: the pool is taken).
void syr2kLower(size_t m, size_t kk, const double* U, const double* Ut, size_t ldu, double* C,
                size_t ldc) {
  if (m == 0) return;
  const size_t bs = 64;
  const size_t nblk = (m + bs - 1) / bs;
  auto block = [&](size_t b) {
    const size_t j0 = b * bs, jb = std::min(bs, m - j0);
    gemmCM(false, true, m - j0, jb, kk, -1.0, U + j0, ldu, Ut + j0, ldu, 1.0, C + j0 + j0 * ldc,
           ldc);
  };
  const unsigned T = threads();
  const double work = static_cast<double>(m) * m * kk;
  if (T < 2 || nblk < 2 || work < 4e6) {
    for (size_t b = 0; b < nblk; ++b) block(b);
    return;
  }
  // Cut the block list into T runs of about equal area (block b covers (m - j0) x jb).
  std::vector<size_t> cut(T + 1, nblk);
  cut[0] = 0;
  const double total = 0.5 * static_cast<double>(m) * (m + bs);
  double acc = 0;
  unsigned t = 1;
  for (size_t b = 0; b < nblk && t < T; ++b) {
    const size_t j0 = b * bs;
    acc += static_cast<double>(m - j0) * std::min(bs, m - j0);
    if (acc >= total * t / T) cut[t++] = b + 1;
  }
  parallelFor(T, [&](unsigned p) {
    for (size_t b = cut[p]; b < cut[p + 1]; ++b) block(b);
  });
}

// dlarft('F','C'): T (k x k, upper, ldt = k) of the block reflector H(0)..H(k-1), V (m x k).
void larft(const Ops& O, size_t m, size_t k, const double* V, size_t ldv, const double* tau,
           double* T) {
  std::fill(T, T + k * k, 0.0);
  std::vector<double> tmp(k);
  for (size_t j = 0; j < k; ++j) {
    if (tau[j] == 0) continue;
    for (size_t p = 0; p < j; ++p)
      T[p + j * k] = -tau[j] * (V[j + p * ldv] + O.dot(m - j - 1, V + j + 1 + p * ldv,
                                                          V + j + 1 + j * ldv));
    for (size_t p = 0; p < j; ++p) {
      double s = 0;
      for (size_t q = p; q < j; ++q) s += T[p + q * k] * T[q + j * k];
      tmp[p] = s;
    }
    for (size_t p = 0; p < j; ++p) T[p + j * k] = tmp[p];
    T[j + j * k] = tau[j];
  }
}

// dorg2r: A (m x n) <- first n columns of H(0)..H(k-1), reflectors in A's first k columns.
void org2r(const Ops& O, size_t m, size_t n, size_t k, double* A, size_t lda, const double* tau) {
  for (size_t j = k; j < n; ++j) {
    std::fill(A + j * lda, A + j * lda + m, 0.0);
    A[j + j * lda] = 1;
  }
  for (size_t i = k; i-- > 0;) {
    double* ai = A + i + i * lda;
    if (i + 1 < n) {
      *ai = 1;
      O.larf(m - i, n - i - 1, ai, tau[i], ai + lda, lda);
    }
    for (size_t r = 1; r < m - i; ++r) ai[r] *= -tau[i];
    *ai = 1 - tau[i];
    for (size_t r = 0; r < i; ++r) A[r + i * lda] = 0;
  }
}

// dorgqr for m = n = k: A (n x n) <- H(0)..H(n-1). Blocks of kOrgBlock from the last one back;
// each earlier block reaches the columns to its right as one block reflector (two gemms).
void orgqr(const Ops& O, size_t n, double* A, size_t lda, const double* tau) {
  if (n == 0) return;
  const size_t nb = kOrgBlock;
  if (n <= 2 * nb) return org2r(O, n, n, n, A, lda, tau);
  const size_t last = (n - 1) / nb * nb;  // first column of the last block
  org2r(O, n - last, n - last, n - last, A + last + last * lda, lda, tau + last);
  std::vector<double> T(nb * nb), Vf, Wk(nb * n), Wk2(nb * n);
  for (size_t i = last; i >= nb;) {
    i -= nb;
    const size_t mc = n - i, nc = n - i - nb;
    const double* V = A + i + i * lda;
    larft(O, mc, nb, V, lda, tau + i, T.data());
    // Unit lower trapezoidal V made explicit, so both products are plain gemms.
    Vf.assign(mc * nb, 0.0);
    for (size_t p = 0; p < nb; ++p) {
      Vf[p + p * mc] = 1;
      std::copy(V + p + 1 + p * lda, V + mc + p * lda, Vf.data() + p + 1 + p * mc);
    }
    double* C = A + i + (i + nb) * lda;
    gemmCM(true, false, nb, nc, mc, 1.0, Vf.data(), mc, C, lda, 0.0, Wk.data(), nb);
    gemmCM(false, false, nb, nc, nb, 1.0, T.data(), nb, Wk.data(), nb, 0.0, Wk2.data(), nb);
    gemmCM(false, false, mc, nc, nb, -1.0, Vf.data(), mc, Wk2.data(), nb, 1.0, C, lda);
    org2r(O, mc, nb, nb, A + i + i * lda, lda, tau + i);
  }
}

}  // namespace

void tridiagonalize(size_t n, double* a, size_t lda, double* d, double* e, double* tau) {
  if (n == 0) return;
  const Ops& O = ops();
  std::vector<double> W(n * kPanel), U;
  size_t i = 0;
  while (i + 1 < n) {
    const size_t m = n - i;
    const size_t ib = std::min(kPanel, m - 1);
    double* Ai = a + i + i * lda;
    latrd(O, m, ib, Ai, lda, e + i, tau + i, W.data(), m);
    // Trailing update with U = [V W V] (rows ib..m): [V W] and [W V] are views into it.
    const size_t mt = m - ib;
    U.resize(mt * 3 * ib);
    for (size_t p = 0; p < ib; ++p) {
      std::copy(Ai + ib + p * lda, Ai + m + p * lda, U.data() + p * mt);
      std::copy(W.data() + ib + p * m, W.data() + m + p * m, U.data() + (ib + p) * mt);
      std::copy(Ai + ib + p * lda, Ai + m + p * lda, U.data() + (2 * ib + p) * mt);
    }
    syr2kLower(mt, 2 * ib, U.data(), U.data() + ib * mt, mt, Ai + ib + ib * lda, lda);
    for (size_t j = 0; j < ib; ++j) {
      Ai[(j + 1) + j * lda] = e[i + j];
      d[i + j] = Ai[j + j * lda];
    }
    i += ib;
  }
  d[n - 1] = a[(n - 1) + (n - 1) * lda];
}

void formQ(size_t n, const double* a, size_t lda, const double* tau, double* q, size_t ldq) {
  for (size_t j = 0; j < n; ++j) std::fill(q + j * ldq, q + j * ldq + ldq, 0.0);
  if (n == 0) return;
  q[0] = 1;
  if (n == 1) return;
  // dorgtr('L'): reflector j (1 at global row j+1) moves to column j+1 of q; Q(1:n, 1:n) is then
  // the Q of a QR factorisation of order n - 1.
  for (size_t j = 0; j + 1 < n; ++j)
    for (size_t r = j + 2; r < n; ++r) q[r + (j + 1) * ldq] = a[r + j * lda];
  orgqr(ops(), n - 1, q + 1 + ldq, ldq, tau);
}

}  // namespace eig
}  // namespace mmlkit
