// SVD driver (LAPACK dgesdd's job; the bidiagonal step is dbdsqr, see below).
//
// Layout: a row-major m x n buffer IS the column-major n x m matrix Aᵀ. The core works on a
// column-major tall matrix (rows >= columns, upper bidiagonal): for a wide A that is the buffer
// itself, read as Aᵀ = U' Σ V'ᵀ, so A = V' Σ U'ᵀ (no copy in); for a tall A one transposing
// copy (O(mn), noise beside the O(mn²) work) gives the column-major A. Outputs are copied out
// of row-padded workspaces (the rotation applier wants rows in multiples of 8), transposing
// where the row-major result is the transpose of the column-major factor.
//
// Pipeline: dgebrd (blocked, half its flops on gemm) -> Q and P formed as block reflectors on
// the identity (gemm) -> dbdsqr with its rotations logged and applied to Q's and P's columns in
// batches by the near-peak Givens applier (givens.cc, both threads). Divide and conquer
// (dbdsdc) would do fewer flops for the vectors, but the batched rotations run at about FMA
// peak on both cores, and the rotation route is far less code; measured figures are in the
// report of issue #8's svd branch. For m >= 11n/6 (LAPACK's crossover) a QR factorisation comes
// first and only the n x n R is bidiagonalised (see gesddTall).
//
// Scaling as dgesdd: A is scaled into [sqrt(safmin)/eps, its reciprocal] when its largest entry
// lies outside, and s scaled back, so no intermediate over- or underflows.
#include "gesdd.h"

#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <vector>

#include "bdsqr.h"
#include "gebrd.h"

namespace mmlkit {
namespace lapack {
namespace {

using std::size_t;

size_t roundUp8(size_t x) { return (x + 7) / 8 * 8; }

// MMLKIT_SVD_PROFILE=1 prints each stage's wall time to stderr (for the benchmarks).
// Wall time and the process's CPU time (both threads), so a shared machine's noise shows.
struct Stages {
  bool on;
  std::chrono::steady_clock::time_point t;
  std::clock_t c;
  Stages()
      : on(std::getenv("MMLKIT_SVD_PROFILE") != nullptr), t(std::chrono::steady_clock::now()),
        c(std::clock()) {}
  void mark(const char* what) {
    if (!on) return;
    const auto now = std::chrono::steady_clock::now();
    const std::clock_t cnow = std::clock();
    std::fprintf(stderr, "svd %-10s %8.2f ms wall %8.2f ms cpu\n", what,
                 std::chrono::duration<double, std::milli>(now - t).count(),
                 1e3 * static_cast<double>(cnow - c) / CLOCKS_PER_SEC);
    t = now;
    c = cnow;
  }
};

}  // namespace

int gesddTall(int jobz, size_t m, size_t n, double* a, size_t lda, double* s, double* u,
              size_t ldu, size_t uRows, size_t ucols, double* v, size_t ldv, size_t vRows) {
  if (n == 0) {
    if (jobz != 0)
      for (size_t j = 0; j < ucols; ++j) {
        std::fill(u + j * ldu, u + j * ldu + uRows, 0.0);
        u[j + j * ldu] = 1;
      }
    return 0;
  }
  Stages st;
  std::vector<double> e(n), tauq(n), taup(n);
  gebrd(m, n, a, lda, s, e.data(), tauq.data(), taup.data());
  st.mark("gebrd");
  if (jobz == 0) {
    const int info = bdsqr(n, s, e.data(), nullptr, 0, 0, nullptr, 0, 0);
    st.mark("bdsqr");
    return info;
  }
  orgbrQ(m, n, ucols, a, lda, tauq.data(), u, ldu);
  for (size_t j = 0; j < ucols; ++j) std::fill(u + j * ldu + m, u + j * ldu + uRows, 0.0);
  orgbrP(n, a, lda, taup.data(), v, ldv);
  for (size_t j = 0; j < n; ++j) std::fill(v + j * ldv + n, v + j * ldv + vRows, 0.0);
  st.mark("orgbr");
  const int info = bdsqr(n, s, e.data(), u, ldu, uRows, v, ldv, vRows);
  st.mark("bdsqr");
  return info;
}

}  // namespace lapack

int gesdd(int jobz, size_t m, size_t n, double* a, double* s, double* u, double* vt) {
  using lapack::roundUp8;
  const size_t k = std::min(m, n);
  if (k == 0) {
    // Empty: U and Vᵀ are identities of their (full) sizes; thin ones have no entries.
    if (jobz == 2) {
      std::fill(u, u + m * m, 0.0);
      for (size_t i = 0; i < m; ++i) u[i * m + i] = 1;
      std::fill(vt, vt + n * n, 0.0);
      for (size_t i = 0; i < n; ++i) vt[i * n + i] = 1;
    }
    return 0;
  }
  // Scale A into the safe range (dgesdd's anrm / smlnum / bignum).
  double anrm = 0;
  for (size_t i = 0; i < m * n; ++i) anrm = std::max(anrm, std::fabs(a[i]));
  const double smlnum = std::sqrt(DBL_MIN) / DBL_EPSILON, bignum = 1 / smlnum;
  double scale = 1;
  if (anrm > 0 && anrm < smlnum) scale = smlnum / anrm;
  if (anrm > bignum) scale = bignum / anrm;
  if (scale != 1)
    for (size_t i = 0; i < m * n; ++i) a[i] *= scale;

  const bool tall = m >= n;
  const size_t M = tall ? m : n, N = k;  // the column-major tall problem is M x N
  std::vector<double> w;
  double* wa = a;
  if (tall) {  // column-major copy of A
    w.resize(m * n);
    for (size_t i = 0; i < m; ++i)
      for (size_t j = 0; j < n; ++j) w[i + j * m] = a[i * n + j];
    wa = w.data();
  }
  const size_t ucols = jobz == 2 ? M : N;
  const size_t uRows = roundUp8(M), vRows = roundUp8(N);
  std::vector<double> U, V;
  if (jobz != 0) {
    U.resize(uRows * ucols);
    V.resize(vRows * N);
  }
  const int info = lapack::gesddTall(jobz, M, N, wa, M, s, U.data(), uRows, uRows, ucols,
                                     V.data(), vRows, vRows);
  if (scale != 1)
    for (size_t i = 0; i < k; ++i) s[i] /= scale;
  if (jobz == 0) return info;
  if (tall) {
    // u (m x ucols) = U; vt (n x n) = Vᵀ, i.e. V read column by column.
    for (size_t i = 0; i < m; ++i)
      for (size_t j = 0; j < ucols; ++j) u[i * ucols + j] = U[i + j * uRows];
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j) vt[i * n + j] = V[j + i * vRows];
  } else {
    // A = V' Σ U'ᵀ: u (m x m) = V'; vt (ucols x n) = U'ᵀ.
    for (size_t i = 0; i < m; ++i)
      for (size_t j = 0; j < m; ++j) u[i * m + j] = V[i + j * vRows];
    for (size_t i = 0; i < ucols; ++i)
      for (size_t j = 0; j < n; ++j) vt[i * n + j] = U[j + i * uRows];
  }
  return info;
}

}  // namespace mmlkit
