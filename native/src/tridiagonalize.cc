// Householder tridiagonalisation (LAPACK dsytrd/dlatrd, lower). Column-major with leading
// dimensions throughout: see sym_eig_detail.h. (Q itself: form_q.cc; Q applied: apply_q.cc.)
//
// dsytrd: panels of kPanel columns are reduced with matrix-vector products against the
// not-yet-updated trailing matrix (dlatrd), which then takes one rank-2k update through gemm
// (SYR2K on the lower triangle, blocked so only ~half the square is computed). The symmetric
// matrix-vector product is half the flops and all the memory traffic: it reads only the lower
// triangle, four columns per pass. The level-1/2 helpers, dlarfg and the dorgqr that forms Q live
// in the shared LAPACK-style layer (native/src/lapack/).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <vector>

#include "gemm.h"
#include "lapack/blas.h"
#include "lapack/householder.h"
#include "sym_eig_detail.h"

namespace mmlkit {
namespace eig {
namespace {

using std::size_t;

constexpr size_t kPanel = 32;

// Trailing orders from which latrd's symmetric products run on two threads (column ranges of
// equal area into two y buffers, then added).
constexpr size_t kSymvParallel = 1024;

// y <- A x (A m x m, lower triangle read). The product is memory-bound; a second core adds
// bandwidth (L3 / DRAM) once the triangle no longer sits in one core's L2.
void symv(size_t m, const double* A, size_t lda, const double* x, double* y,
          std::vector<double>& y2) {
  if (threads() < 2 || m < kSymvParallel) return lapack::symvLower(m, A, lda, x, y);
  // Columns [0, s) hold as many entries as [s, m): (m - s)^2 = m^2 / 2.
  const size_t s = std::min(m, static_cast<size_t>(m * (1 - std::sqrt(0.5))) / 4 * 4);
  std::fill(y, y + m, 0.0);
  y2.assign(m, 0.0);
  parallelFor(2, [&](unsigned p) {
    if (p == 0)
      lapack::symvLowerColumns(m, A, lda, x, y, 0, s);
    else
      lapack::symvLowerColumns(m, A, lda, x, y2.data(), s, m);
  });
  for (size_t i = s; i < m; ++i) y[i] += y2[i];
}

// dlatrd('L'): reduces the first nb columns of the m x m matrix A; W (m x nb, ldw) returns the
// matrix with A_trailing -= V W^T + W V^T. V(j+1, j) = 1 is left in A (the caller restores e).
void latrd(size_t m, size_t nb, double* A, size_t lda, double* e, double* tau,
           double* W, size_t ldw) {
  auto a = [&](size_t r, size_t c) -> double& { return A[r + c * lda]; };
  auto w = [&](size_t r, size_t c) -> double& { return W[r + c * ldw]; };
  std::vector<double> y2;
  for (size_t i = 0; i < nb; ++i) {
    // A(i:m, i) -= A(i:m, 0:i) W(i, 0:i)^T + W(i:m, 0:i) A(i, 0:i)^T
    for (size_t p = 0; p < i; ++p) {
      lapack::axpy(m - i, -w(i, p), &a(i, p), &a(i, i));
      lapack::axpy(m - i, -a(i, p), &w(i, p), &a(i, i));
    }
    const size_t k = m - i - 1;  // >= 1: nb <= m - 1
    tau[i] = lapack::larfg(k, a(i + 1, i), &a(std::min(i + 2, m - 1), i), 1);
    e[i] = a(i + 1, i);
    a(i + 1, i) = 1;
    const double* v = &a(i + 1, i);
    double* wi = &w(i + 1, i);
    symv(k, &a(i + 1, i + 1), lda, v, wi, y2);
    // W(i+1:m, i) -= A(i+1:m, 0:i) (W(i+1:m, 0:i)^T v) + W(i+1:m, 0:i) (A(i+1:m, 0:i)^T v)
    for (size_t p = 0; p < i; ++p) w(p, i) = lapack::dot(k, &w(i + 1, p), v);
    for (size_t p = 0; p < i; ++p) lapack::axpy(k, -w(p, i), &a(i + 1, p), wi);
    for (size_t p = 0; p < i; ++p) w(p, i) = lapack::dot(k, &a(i + 1, p), v);
    for (size_t p = 0; p < i; ++p) lapack::axpy(k, -w(p, i), &w(i + 1, p), wi);
    for (size_t r = 0; r < k; ++r) wi[r] *= tau[i];
    const double alpha = -0.5 * tau[i] * lapack::dot(k, wi, v);
    lapack::axpy(k, alpha, v, wi);
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
    lapack::gemm(false, true, m - j0, jb, kk, -1.0, U + j0, ldu, Ut + j0, ldu, 1.0, C + j0 + j0 * ldc,
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

}  // namespace

void tridiagonalize(size_t n, double* a, size_t lda, double* d, double* e, double* tau) {
  if (n == 0) return;
  std::vector<double> W(n * kPanel), U;
  size_t i = 0;
  while (i + 1 < n) {
    const size_t m = n - i;
    const size_t ib = std::min(kPanel, m - 1);
    double* Ai = a + i + i * lda;
    latrd(m, ib, Ai, lda, e + i, tau + i, W.data(), m);
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

}  // namespace eig
}  // namespace mmlkit
