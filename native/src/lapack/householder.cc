// Householder reflectors and block reflectors (see householder.h). Lifted from the symEig
// tridiagonalisation (dlarfg, dlarft) and generalised to both sides and both storages.
//
// larfb copies V into an explicit column-major nv x k block (unit diagonal, zeros above) and T
// into an explicit k x k upper triangle, then runs three plain gemms. LAPACK instead splits V
// into its triangle (dtrmm) and its rectangle (dgemm): the copy costs O(nv k) beside the
// O(nv n k) products, keeps the code to one path for the four side/storage cases, and hands
// gemm contiguous operands (it packs them anyway). The k x k zero triangle gemm multiplies is
// k/(2 nv) of the work.
#include "householder.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <memory>
#include <vector>

#include "blas.h"

namespace mmlkit {
namespace lapack {

double larfg(size_t n, double& alpha, double* x, ptrdiff_t incx) {
  if (n <= 1) return 0;
  double xnorm = nrm2(n - 1, x, incx);
  if (xnorm == 0) return 0;
  double beta = -std::copysign(std::hypot(alpha, xnorm), alpha);
  const double safmin = DBL_MIN / (DBL_EPSILON * 0.5);
  int knt = 0;
  if (std::fabs(beta) < safmin) {  // tiny vector: rescale so beta is representable accurately
    const double rsafmn = 1 / safmin;
    do {
      ++knt;
      scal(n - 1, rsafmn, x, incx);
      beta *= rsafmn;
      alpha *= rsafmn;
    } while (std::fabs(beta) < safmin && knt < 20);
    xnorm = nrm2(n - 1, x, incx);
    beta = -std::copysign(std::hypot(alpha, xnorm), alpha);
  }
  const double tau = (beta - alpha) / beta;
  scal(n - 1, 1 / (alpha - beta), x, incx);
  for (int j = 0; j < knt; ++j) beta *= safmin;
  alpha = beta;
  return tau;
}

void larf(Side side, size_t m, size_t n, const double* v, ptrdiff_t incv, double tau, double* c,
          size_t ldc, double* work) {
  if (tau == 0 || m == 0 || n == 0) return;
  if (side == Left) {
    if (incv == 1) return larfLeftColumns(m, n, v, tau, c, ldc);
    for (size_t j = 0; j < n; ++j) {
      double* cj = c + j * ldc;
      const double w = tau * dot(m, v, incv, cj, 1);
      if (w != 0)
        for (size_t i = 0; i < m; ++i) cj[i] -= w * v[i * incv];
    }
    return;
  }
  // Right: w = C v, then C -= tau w vᵀ, column by column.
  std::fill(work, work + m, 0.0);
  for (size_t j = 0; j < n; ++j)
    if (v[j * incv] != 0) axpy(m, v[j * incv], c + j * ldc, work);
  for (size_t j = 0; j < n; ++j)
    if (v[j * incv] != 0) axpy(m, -tau * v[j * incv], work, c + j * ldc);
}

namespace {

// T(0:j, j) <- T(0:j, 0:j) T(0:j, j) (upper triangular, in place: row p uses rows >= p only).
void trmvColumn(size_t j, double* t, size_t ldt) {
  double* tj = t + j * ldt;
  for (size_t p = 0; p < j; ++p) {
    double s = 0;
    for (size_t q = p; q < j; ++q) s += t[p + q * ldt] * tj[q];
    tj[p] = s;
  }
}

}  // namespace

void larft(Storage storev, size_t n, size_t k, const double* v, size_t ldv, const double* tau,
           double* t, size_t ldt) {
  if (k == 0) return;
  if (storev == Columnwise) {
    // T(p, j) = -tau_j v_pᵀ v_j = -tau_j (V(j, p) + V(j+1:n, p)ᵀ V(j+1:n, j)).
    for (size_t j = 0; j < k; ++j) {
      double* tj = t + j * ldt;
      if (tau[j] == 0) {
        std::fill(tj, tj + j + 1, 0.0);
        continue;
      }
      for (size_t p = 0; p < j; ++p)
        tj[p] = -tau[j] * (v[j + p * ldv] + dot(n - j - 1, v + j + 1 + p * ldv, v + j + 1 + j * ldv));
      trmvColumn(j, t, ldt);
      tj[j] = tau[j];
    }
    return;
  }
  // Rowwise: T(p, j) = -tau_j (V(p, j) + sum_{c > j} V(p, c) V(j, c)), summed column by column
  // of V so every pass reads a contiguous k-vector (the rows of V are ldv apart).
  for (size_t j = 0; j < k; ++j)
    for (size_t p = 0; p < j; ++p) t[p + j * ldt] = v[p + j * ldv];
  for (size_t c = 1; c < n; ++c) {
    const double* col = v + c * ldv;
    const size_t jmax = std::min(c, k);
    for (size_t j = 1; j < jmax; ++j) {
      const double vj = col[j];
      if (vj == 0) continue;
      double* tj = t + j * ldt;
      for (size_t p = 0; p < j; ++p) tj[p] += col[p] * vj;
    }
  }
  for (size_t j = 0; j < k; ++j) {
    double* tj = t + j * ldt;
    if (tau[j] == 0) {
      std::fill(tj, tj + j + 1, 0.0);
      continue;
    }
    for (size_t p = 0; p < j; ++p) tj[p] *= -tau[j];
    trmvColumn(j, t, ldt);
    tj[j] = tau[j];
  }
}

void larfb(Side side, bool trans, Storage storev, size_t m, size_t n, size_t k, const double* v,
           size_t ldv, const double* t, size_t ldt, double* c, size_t ldc) {
  if (m == 0 || n == 0 || k == 0) return;
  const size_t nv = side == Left ? m : n;
  const size_t wn = side == Left ? n : m;
  // One uninitialised workspace (no memset of MBs per panel at n = 2000): every part is fully
  // written below before it is read.
  const size_t need = nv * k + k * k + 2 * k * wn;
  std::unique_ptr<double[]> ws(new double[need]);
  double* vc = ws.get();
  double* tx = vc + nv * k;
  double* w = tx + k * k;
  double* w2 = w + k * wn;
  // Vc (nv x k): H = I - Vc T Vcᵀ in both storages (Rowwise: Vc = Vᵀ).
  for (size_t j = 0; j < k; ++j) {
    double* vcj = vc + j * nv;
    std::fill(vcj, vcj + j, 0.0);
    vcj[j] = 1;
    if (storev == Columnwise) {
      std::copy(v + j + 1 + j * ldv, v + nv + j * ldv, vcj + j + 1);
    } else {
      for (size_t r = j + 1; r < nv; ++r) vcj[r] = v[j + r * ldv];
    }
    std::copy(t + j * ldt, t + j * ldt + j + 1, tx + j * k);
    std::fill(tx + j * k + j + 1, tx + (j + 1) * k, 0.0);
  }
  if (side == Left) {
    // C -= Vc op(T) (Vcᵀ C)
    gemm(true, false, k, n, m, 1.0, vc, nv, c, ldc, 0.0, w, k);
    gemm(trans, false, k, n, k, 1.0, tx, k, w, k, 0.0, w2, k);
    gemm(false, false, m, n, k, -1.0, vc, nv, w2, k, 1.0, c, ldc);
  } else {
    // C -= (C Vc) op(T) Vcᵀ
    gemm(false, false, m, k, n, 1.0, c, ldc, vc, nv, 0.0, w, m);
    gemm(false, trans, m, k, k, 1.0, w, m, tx, k, 0.0, w2, m);
    gemm(false, true, m, n, k, -1.0, w2, m, vc, nv, 1.0, c, ldc);
  }
}

}  // namespace lapack
}  // namespace mmlkit
