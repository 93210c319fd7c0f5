// SVD driver (LAPACK dgesdd's job; the bidiagonal step is dbdsqr, see below).
//
// Layout: a row-major m x n buffer IS the column-major n x m matrix Aᵀ. The core works on a
// column-major tall matrix (rows >= columns, upper bidiagonal): for a wide A that is the buffer
// itself, read as Aᵀ = U' Σ V'ᵀ, so A = V' Σ U'ᵀ (no copy in); for a tall A one transposing
// copy (O(mn), noise beside the O(mn²) work) gives the column-major A. Outputs are copied out
// of row-padded workspaces (the rotation applier wants rows in multiples of 8), transposing
// where the row-major result is the transpose of the column-major factor.
//
// Pipeline: dgebrd (blocked, half its flops on gemm), then the bidiagonal SVD one of two ways:
//  - n >= gesddDcMin with vectors: divide and conquer (bdsdc.cc, LAPACK dbdsdc: its merges are
//    gemm-shaped) into the leading n x n blocks of U and V, then U = Q U_B and V = P V_B by
//    applying gebrd's reflectors to them as block reflectors (dormbr, larfb on gemm; Q's side and
//    P's side on one thread each);
//  - smaller, or values only: Q and P formed on the identity (orgbr), then dbdsqr with its
//    rotations logged and applied to Q's and P's columns in batches by the near-peak Givens
//    applier (givens.cc, both threads).
// For l = max(m, n) >= 11/6 k (LAPACK's crossover) a QR factorisation (gelqf of the buffer) comes
// first and only the k x k triangle is bidiagonalised; U (or Vᵀ) is then V_Lᵀ Q on gemm.
//
// Measured with bidiagonal QR only (n = 1000 square, one thread, CPU time on the shared 2-core
// Zen 5 under load ~8): gebrd 176-200 ms, forming Q and P 127-132 ms, bdsqr 395-400 ms (0.83 n²
// rotations per side); whole call 713-729 ms against numpy/OpenBLAS dgesdd's 490-571 ms. The gap
// was the vectors: 2 · 0.83 n³ row-rotations where dgesdd's divide and conquer does gemm-shaped
// work. With divide and conquer (2-core Zen 3, AVX2, shared with other jobs, so rough), n = 1000
// one thread CPU time: gebrd ~200 ms, bdsdc 85-105 ms, ormbr (both sides) ~170 ms, against
// orgbr ~130 + bdsqr ~610 ms on the other path; both threads, best wall times ~200 + ~62 + ~89
// ms. `mmlkit bench svd --interleave 6` (load 3.5-4.5 on the 2 cores): best 25.6 / 384 / 2761
// ms at n = 300 / 1000 / 2000 against numpy's 26.3 / 337 / 2799 (0.97 / 1.14 / 0.99; before,
// 1.39 and 1.61 at 300 and 1000). Crossover (best of interleaved runs, one and two threads):
// the two paths even at n = 32 and 48, divide and conquer 15-20 % faster from 64 on; so
// gesddDcMin = 64 (bidiagonal QR where nothing is gained).
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

#include "../gemm.h"
#include "bdsdc.h"
#include "bdsqr.h"
#include "blas.h"
#include "gebrd.h"
#include "lq.h"

namespace mmlkit {
namespace lapack {
namespace {

using std::size_t;

// dst[i * ldd + j] = src[i + j * lds] for i < rows, j < cols: a column-major matrix into a
// row-major one, in 32 x 32 tiles so both sides stream through cache lines.
void toRowMajor(size_t rows, size_t cols, const double* src, size_t lds, double* dst, size_t ldd) {
  constexpr size_t B = 32;
  for (size_t i0 = 0; i0 < rows; i0 += B)
    for (size_t j0 = 0; j0 < cols; j0 += B) {
      const size_t i1 = std::min(rows, i0 + B), j1 = std::min(cols, j0 + B);
      for (size_t i = i0; i < i1; ++i)
        for (size_t j = j0; j < j1; ++j) dst[i * ldd + j] = src[i + j * lds];
    }
}

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

// gesddDcMin, or MMLKIT_SVD_DC_MIN when set (for the benchmarks: both paths in one process).
size_t dcMin() {
  const char* env = std::getenv("MMLKIT_SVD_DC_MIN");
  return env ? static_cast<size_t>(std::strtoull(env, nullptr, 10)) : gesddDcMin;
}

}  // namespace

std::size_t gesddDcMin = 64;

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
  if (n >= dcMin()) {
    // Divide and conquer: B = U_B Σ V_Bᵀ into the leading blocks of u and v, then U = Q U_B and
    // V = P V_B by applying the reflectors to them (dormbr: block reflectors on gemm).
    const int info = bdsdc(n, s, e.data(), u, ldu, v, ldv);
    st.mark("bdsdc");
    for (size_t j = 0; j < ucols; ++j) {
      std::fill(u + j * ldu + (j < n ? n : 0), u + j * ldu + uRows, 0.0);
      if (j >= n) u[j + j * ldu] = 1;  // full U: Q's trailing columns
    }
    for (size_t j = 0; j < n; ++j) std::fill(v + j * ldv + n, v + j * ldv + vRows, 0.0);
    const auto applyQ = [&] { ormbrQ(m, n, ucols, a, lda, tauq.data(), u, ldu); };
    const auto applyP = [&] { ormbrP(n, n, a, lda, taup.data(), v, ldv); };
    if (threads() >= 2 && n >= 64) {
      parallelFor(2, [&](unsigned t) { t == 0 ? applyQ() : applyP(); });
    } else {
      applyQ();
      applyP();
    }
    st.mark("ormbr");
    return info;
  }
  // Bidiagonal QR: its rotations go to Q and P formed explicitly.
  // Q on one thread and P on the other: two independent chains of larfb, so no fork/join per
  // gemm (the gemms inside run on their caller's thread while the pool is busy). One thread: in
  // turn, each gemm then using the pool as usual.
  const auto formQ = [&] {
    orgbrQ(m, n, ucols, a, lda, tauq.data(), u, ldu);
    for (size_t j = 0; j < ucols; ++j) std::fill(u + j * ldu + m, u + j * ldu + uRows, 0.0);
  };
  const auto formP = [&] {
    orgbrP(n, a, lda, taup.data(), v, ldv);
    for (size_t j = 0; j < n; ++j) std::fill(v + j * ldv + n, v + j * ldv + vRows, 0.0);
  };
  if (threads() >= 2 && n >= 64) {
    parallelFor(2, [&](unsigned t) { t == 0 ? formQ() : formP(); });
  } else {
    formQ();
    formP();
  }
  st.mark("orgbr");
  const int info = bdsqr(n, s, e.data(), u, ldu, uRows, v, ldv, vRows);
  st.mark("bdsqr");
  return info;
}


// LAPACK's crossover (mnthr = 11/6 of the short side): beyond it a QR factorisation first and
// the bidiagonalisation of the k x k triangle only costs fewer flops, and the bidiagonal QR's
// rotations then touch k rows instead of max(m, n).
bool lqFirst(size_t k, size_t l) { return k > 0 && 6 * l >= 11 * k; }

// The same SVD through an LQ factorisation of the wide column-major Y (k x l, ldy = k, k <= l,
// destroyed): Y = L Q, L = U_L Σ V_Lᵀ (gesddTall on the k x k triangle), so Y = U_L Σ (V_Lᵀ Q).
// For a tall row-major A, Y is the buffer itself (Aᵀ; gelqf of Aᵀ is A's QR); for a wide A, Y is
// a transposing copy (A itself). Writes the row-major outputs of the kernel: see gesdd below.
int gesddLq(int jobz, bool tallA, size_t k, size_t l, double* y, double* s, double* u,
            double* vt) {
  Stages st;
  std::vector<double> tau(k);
  gelqf(k, l, y, k, tau.data());
  st.mark("gelqf");
  // L (lower triangle of Y) into its own k x k workspace, zeros above.
  std::vector<double> L(k * k, 0.0);
  for (size_t j = 0; j < k; ++j) std::copy(y + j + j * k, y + k + j * k, L.data() + j + j * k);
  if (jobz == 0) return gesddTall(0, k, k, L.data(), k, s, nullptr, 0, 0, 0, nullptr, 0, 0);
  const size_t kp = roundUp8(k);
  std::vector<double> UL(kp * k), VL(kp * k);
  const int info = gesddTall(1, k, k, L.data(), k, s, UL.data(), kp, kp, k, VL.data(), kp, kp);
  // Q: its first k rows in place in Y, or all l rows (full) in a workspace.
  const size_t qrows = jobz == 2 ? l : k;
  std::vector<double> Qf;
  double* q = y;
  size_t ldq = k;
  if (jobz == 2) {
    Qf.assign(l * l, 0.0);
    for (size_t j = 0; j < l; ++j) std::copy(y + j * k, y + j * k + k, Qf.data() + j * l);
    q = Qf.data();
    ldq = l;
    orglq(l, l, k, q, ldq, tau.data());
  } else {
    orglq(k, l, k, q, ldq, tau.data());
  }
  st.mark("orglq");
  if (tallA) {
    // A = Yᵀ = (V_Lᵀ Q)ᵀ Σ U_Lᵀ: u (l x qrows, row-major) is the column-major qrows x l matrix
    // [V_Lᵀ Q; the rows of Q past k]; vt (k x k, row-major) is the column-major U_L.
    gemm(true, false, k, l, k, 1.0, VL.data(), kp, q, ldq, 0.0, u, qrows);
    for (size_t j = 0; j < l; ++j)
      for (size_t r = k; r < qrows; ++r) u[r + j * qrows] = q[r + j * ldq];
    for (size_t j = 0; j < k; ++j)
      for (size_t i = 0; i < k; ++i) vt[i + j * k] = UL[i + j * kp];
  } else {
    // A = Y = U_L Σ (V_Lᵀ Q): vt (qrows x l, row-major) is the column-major l x qrows matrix
    // [Qᵀ V_L, the rows of Q past k as columns]; u (k x k, row-major) is U_L transposed.
    gemm(true, false, l, k, k, 1.0, q, ldq, VL.data(), kp, 0.0, vt, l);
    for (size_t r = k; r < qrows; ++r)
      for (size_t j = 0; j < l; ++j) vt[j + r * l] = q[r + j * ldq];
    toRowMajor(k, k, UL.data(), kp, u, k);
  }
  st.mark("backxform");
  return info;
}

}  // namespace lapack

int gesdd(int jobz, size_t m, size_t n, double* a, double* s, double* u, double* vt) {
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
  bool finite = true;
  for (size_t i = 0; i < m * n; ++i) {
    const double x = std::fabs(a[i]);
    finite &= x <= DBL_MAX;  // false for NaN and Inf
    anrm = std::max(anrm, x);
  }
  if (!finite) {  // dgesdd refuses such input too; NaN out rather than iterate to the cap
    const double nan = std::nan("");
    std::fill(s, s + k, nan);
    if (jobz != 0) {
      const size_t uc = jobz == 2 ? m : k, vr = jobz == 2 ? n : k;
      std::fill(u, u + m * uc, nan);
      std::fill(vt, vt + vr * n, nan);
    }
    return 0;
  }
  const double smlnum = std::sqrt(DBL_MIN) / DBL_EPSILON, bignum = 1 / smlnum;
  double scale = 1;
  if (anrm > 0 && anrm < smlnum) scale = smlnum / anrm;
  if (anrm > bignum) scale = bignum / anrm;
  if (scale != 1)
    for (size_t i = 0; i < m * n; ++i) a[i] *= scale;

  // A square A is read as its transpose like a wide one (no copy in).
  const bool tall = m > n;
  const size_t M = tall ? m : n, N = k;  // the column-major tall problem is M x N
  if (lapack::lqFirst(k, M)) {
    // Y = the wide column-major k x M matrix: the buffer (tall A) or its transpose (wide A).
    std::vector<double> y;
    double* ya = a;
    if (!tall) {
      y.resize(m * n);
      lapack::toRowMajor(n, m, a, n, y.data(), m);  // y = A column-major (= Aᵀ row-major)
      ya = y.data();
    }
    const int info = lapack::gesddLq(jobz, tall, k, M, ya, s, u, vt);
    if (scale != 1)
      for (size_t i = 0; i < k; ++i) s[i] /= scale;
    return info;
  }
  std::vector<double> w;
  double* wa = a;
  if (tall) {  // column-major copy of A
    w.resize(m * n);
    lapack::toRowMajor(n, m, a, n, w.data(), m);
    wa = w.data();
  }
  const size_t ucols = jobz == 2 ? M : N;
  const size_t uRows = lapack::roundUp8(M), vRows = lapack::roundUp8(N);
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
    lapack::toRowMajor(m, ucols, U.data(), uRows, u, ucols);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = 0; j < n; ++j) vt[i * n + j] = V[j + i * vRows];
  } else {
    // A = V' Σ U'ᵀ: u (m x m) = V'; vt (ucols x n) = U'ᵀ.
    lapack::toRowMajor(m, m, V.data(), vRows, u, m);
    for (size_t i = 0; i < ucols; ++i)
      for (size_t j = 0; j < n; ++j) vt[i * n + j] = U[j + i * uRows];
  }
  return info;
}

}  // namespace mmlkit
