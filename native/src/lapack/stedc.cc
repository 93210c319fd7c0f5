// Divide and conquer for the symmetric tridiagonal eigenproblem: LAPACK dstedc/dlaed0-3
// (Cuppen; Gu & Eisenstat, SIMAX 16 (1995) 172-191), eigenvectors of T only (compz = 'I': the
// caller applies the Householder reflectors afterwards, as dsyevd does).
//
// T is torn at its middle: T = diag(T1, T2) + |beta| v v^T, v = e_{n1} + sign(beta) e_{n1+1},
// with |beta| taken off the two touching diagonal entries. Each half is solved recursively
// (the two halves on the pool's two threads when large), leaves of at most stedcLeafSize rows
// by the existing implicit QL/QR (eig::steqr). Merging is the eigenproblem of
// D + rho z z^T, z = [last row of Q1, first row of Q2]:
//  - deflation (dlaed2): entries with tiny |z_j| and pairs of nearly equal d (rotated so one z
//    vanishes) keep their vector as is - the clustered and repeated eigenvalues where D&C is
//    fast;
//  - the other k roots by the secular equation (laed4.cc), then the Loewner / Gu-Eisenstat
//    recomputation of z from the computed roots, which makes the k new vectors numerically
//    orthogonal whatever the root clustering (dlaed3);
//  - the product of the children's vectors with the k x k secular vectors on gemm, split by
//    column type (dlaed2's coltyp): vectors still supported on one half only multiply only
//    that half, so without rotation-deflation the flops are halved.
// Eigenvalues and vectors are put in ascending order after every merge (one column copy, cheap
// next to the gemm), so each merge sees two sorted halves.
#include "stedc.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <numeric>
#include <vector>

#include "../gemm.h"
#include "../sym_eig_detail.h"
#include "blas.h"
#include "laed4.h"

namespace mmlkit {
namespace lapack {

std::size_t stedcLeafSize = 25;

namespace {

using std::size_t;

constexpr double kEps = DBL_EPSILON * 0.5;
// Halves of at least this order are solved on separate threads.
constexpr size_t kParallelOrder = 300;
// Merges with at least this many secular roots solve them on all threads.
constexpr size_t kParallelRoots = 200;

// Column-major C (M x N, ldc) <- alpha A B + beta C through the row-major gemm (C^T = B^T A^T).
void gemmCM(size_t M, size_t N, size_t K, const double* A, size_t lda, const double* B,
            size_t ldb, double* C, size_t ldc) {
  gemmStrided(false, false, N, M, K, 1.0, B, ldb, A, lda, 0.0, C, ldc);
}

// Places columns: q(:, p) <- src[p] (n rows each) and d[p] <- val[p] for p in ascending order of
// val; src columns must not alias q.
void placeSorted(size_t n, const std::vector<double>& val, const std::vector<const double*>& src,
                 double* d, double* q, size_t ldq) {
  std::vector<size_t> order(val.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return val[a] < val[b]; });
  for (size_t p = 0; p < order.size(); ++p) {
    d[p] = val[order[p]];
    std::memcpy(q + p * ldq, src[order[p]], n * sizeof(double));
  }
}

// Solves a leaf by implicit QL/QR: q (m x m block, ldq) <- eigenvectors, d ascending.
int leaf(size_t m, double* d, double* e, double* q, size_t ldq) {
  if (m == 1) {
    q[0] = 1;
    return 0;
  }
  const size_t rows = (m + 7) / 8 * 8;  // steqr works on multiples of 8 rows
  std::vector<double> z(rows * m, 0.0);
  for (size_t j = 0; j < m; ++j) z[j + j * rows] = 1;
  if (int info = eig::steqr(m, d, e, z.data(), rows, rows)) return info;
  std::vector<double> val(d, d + m);
  std::vector<const double*> src(m);
  for (size_t j = 0; j < m; ++j) src[j] = z.data() + j * rows;
  placeSorted(m, val, src, d, q, ldq);
  return 0;
}

// Merges two solved halves (d[0..n1), d[n1..n) ascending; q block diagonal) coupled by beta.
int merge(size_t n, size_t n1, double* d, double* q, size_t ldq, double beta) {
  const size_t n2 = n - n1;
  std::vector<double> z(n);
  for (size_t j = 0; j < n1; ++j) z[j] = q[(n1 - 1) + j * ldq];
  for (size_t j = n1; j < n; ++j) z[j] = (beta < 0 ? -1.0 : 1.0) * q[n1 + j * ldq];
  const double rs2 = 1 / std::sqrt(2.0);
  for (double& x : z) x *= rs2;  // ||z|| = 1
  const double rho = std::fabs(2 * beta);

  // Ascending order of d: merge the two sorted halves.
  std::vector<size_t> idx(n);
  {
    size_t a = 0, b = n1, p = 0;
    while (a < n1 && b < n) idx[p++] = d[b] < d[a] ? b++ : a++;
    while (a < n1) idx[p++] = a++;
    while (b < n) idx[p++] = b++;
  }
  double zmax = 0, dmax = 0;
  for (size_t j = 0; j < n; ++j) {
    zmax = std::max(zmax, std::fabs(z[j]));
    dmax = std::max(dmax, std::fabs(d[j]));
  }
  const double tol = 8 * kEps * std::max(dmax, zmax);

  // Deflation. Column types: 0 = rows 0..n1 only, 1 = dense, 2 = rows n1..n only, 3 = deflated.
  std::vector<unsigned char> type(n);
  for (size_t j = 0; j < n; ++j) type[j] = j < n1 ? 0 : 2;
  std::vector<size_t> keep, defl;
  keep.reserve(n);
  if (rho * zmax > tol) {
    size_t pj = n;  // previous kept candidate
    for (size_t p = 0; p < n; ++p) {
      const size_t nj = idx[p];
      if (rho * std::fabs(z[nj]) <= tol) {
        type[nj] = 3;
        defl.push_back(nj);
        continue;
      }
      if (pj == n) {
        pj = nj;
        continue;
      }
      // Nearly equal poles: a rotation zeroes z[pj]; if the off-diagonal it creates is
      // negligible, pj deflates.
      double s = z[pj], c = z[nj];
      const double tau = std::hypot(c, s), t = d[nj] - d[pj];
      c /= tau;
      s = -s / tau;
      if (std::fabs(t * c * s) <= tol) {
        z[nj] = tau;
        z[pj] = 0;
        if (type[nj] != type[pj]) type[nj] = 1;
        type[pj] = 3;
        rot(n, q + pj * ldq, q + nj * ldq, c, s);
        const double dp = d[pj] * c * c + d[nj] * s * s;
        d[nj] = d[pj] * s * s + d[nj] * c * c;
        d[pj] = dp;
        defl.push_back(pj);
        pj = nj;
      } else {
        keep.push_back(pj);
        pj = nj;
      }
    }
    if (pj != n) keep.push_back(pj);
  } else {
    for (size_t p = 0; p < n; ++p) defl.push_back(idx[p]);
  }

  const size_t k = keep.size(), nd = defl.size();
  // Deflated columns and values leave unchanged.
  std::vector<double> Qd(n * nd);
  std::vector<double> val(n);
  std::vector<const double*> src(n);
  for (size_t t = 0; t < nd; ++t) {
    std::memcpy(Qd.data() + t * n, q + defl[t] * ldq, n * sizeof(double));
    val[k + t] = d[defl[t]];
    src[k + t] = Qd.data() + t * n;
  }
  std::vector<double> T(n * k);
  int info = 0;
  if (k > 0) {
    // Group the kept columns by type (order within a type stays ascending).
    size_t ct[3] = {0, 0, 0};
    for (size_t s = 0; s < k; ++s) ++ct[type[keep[s]]];
    const size_t n12 = ct[0] + ct[1], n23 = ct[1] + ct[2];
    size_t next[3] = {0, ct[0], ct[0] + ct[1]};
    std::vector<size_t> gpos(k);
    std::vector<double> dl(k), zz(k);
    std::vector<double> Q2top(n1 * n12), Q2bot(n2 * n23);
    for (size_t s = 0; s < k; ++s) {
      const size_t col = keep[s];
      dl[s] = d[col];
      zz[s] = z[col];
      const size_t g = next[type[col]]++;
      gpos[s] = g;
      if (g < n12) std::memcpy(Q2top.data() + g * n1, q + col * ldq, n1 * sizeof(double));
      if (g >= ct[0])
        std::memcpy(Q2bot.data() + (g - ct[0]) * n2, q + n1 + col * ldq, n2 * sizeof(double));
    }

    // Secular equation: S(:, i) = dl - lambda_i.
    std::vector<double> S(k * k), lam(k);
    std::vector<int> bad(threads() + 1, 0);
    auto roots = [&](size_t i0, size_t i1, unsigned slot) {
      for (size_t i = i0; i < i1; ++i)
        if (!lapack::laed4(k, i, dl.data(), zz.data(), rho, S.data() + i * k, &lam[i]))
          bad[slot] = 1;
    };
    const unsigned P = threads();
    if (P > 1 && k >= kParallelRoots) {
      parallelFor(P, [&](unsigned p) { roots(k * p / P, k * (p + 1) / P, p); });
    } else {
      roots(0, k, 0);
    }
    for (int b : bad)
      if (b) info = 1;

    // Secular eigenvectors, rows in group order: U(gpos[s], i).
    std::vector<double> U(k * k);
    if (k == 1) {
      U[0] = 1;
    } else {
      // Gu-Eisenstat: the z for which the computed roots are exact.
      std::vector<double> w(k, 1.0);
      for (size_t i = 0; i < k; ++i) {
        const double* Si = S.data() + i * k;
        const double di = dl[i];
        for (size_t s = 0; s < i; ++s) w[s] *= Si[s] / (dl[s] - di);
        for (size_t s = i + 1; s < k; ++s) w[s] *= Si[s] / (dl[s] - di);
        w[i] *= Si[i];
      }
      for (size_t s = 0; s < k; ++s) w[s] = std::copysign(std::sqrt(-w[s]), zz[s]);
      std::vector<double> col(k);
      for (size_t i = 0; i < k; ++i) {
        const double* Si = S.data() + i * k;
        double ss = 0;
        for (size_t s = 0; s < k; ++s) {
          col[s] = w[s] / Si[s];
          ss += col[s] * col[s];
        }
        const double inv = 1 / std::sqrt(ss);
        double* Ui = U.data() + i * k;
        for (size_t s = 0; s < k; ++s) Ui[gpos[s]] = col[s] * inv;
      }
    }
    std::vector<double>().swap(S);  // free before the products: keeps the peak near 3 n^2
    // New vectors = children's vectors x U, top and bottom rows apart.
    if (n12 > 0)
      gemmCM(n1, k, n12, Q2top.data(), n1, U.data(), k, T.data(), n);
    else
      for (size_t i = 0; i < k; ++i) std::fill(T.data() + i * n, T.data() + i * n + n1, 0.0);
    if (n23 > 0)
      gemmCM(n2, k, n23, Q2bot.data(), n2, U.data() + ct[0], k, T.data() + n1, n);
    else
      for (size_t i = 0; i < k; ++i) std::fill(T.data() + i * n + n1, T.data() + i * n + n, 0.0);
    for (size_t i = 0; i < k; ++i) {
      val[i] = lam[i];
      src[i] = T.data() + i * n;
    }
  }
  placeSorted(n, val, src, d, q, ldq);
  return info;
}

int solve(size_t n, double* d, double* e, double* q, size_t ldq) {
  if (n <= stedcLeafSize) return leaf(n, d, e, q, ldq);
  const size_t n1 = n / 2, n2 = n - n1;
  const double beta = e[n1 - 1];
  d[n1 - 1] -= std::fabs(beta);
  d[n1] -= std::fabs(beta);
  int info1 = 0, info2 = 0;
  auto half = [&](unsigned h) {
    if (h == 0)
      info1 = solve(n1, d, e, q, ldq);
    else
      info2 = solve(n2, d + n1, e + n1, q + n1 + n1 * ldq, ldq);
  };
  if (threads() > 1 && n2 >= kParallelOrder)
    parallelFor(2, half);
  else {
    half(0);
    half(1);
  }
  if (info1) return info1;
  if (info2) return info2 + static_cast<int>(n1);
  return merge(n, n1, d, q, ldq, beta);
}

}  // namespace

int stedc(size_t n, double* d, double* e, double* q, size_t ldq) {
  for (size_t j = 0; j < n; ++j) std::fill(q + j * ldq, q + j * ldq + n, 0.0);
  if (n == 0) return 0;
  // Split where the off-diagonal is negligible (as dstedc); blocks are solved independently.
  size_t start = 0, blocks = 0;
  while (start < n) {
    size_t end = start;
    for (; end + 1 < n; ++end) {
      const double tiny = kEps * std::sqrt(std::fabs(d[end])) * std::sqrt(std::fabs(d[end + 1]));
      if (std::fabs(e[end]) <= tiny) break;
    }
    const size_t m = end - start + 1;
    ++blocks;
    double* dq = q + start + start * ldq;
    if (m <= stedcLeafSize) {
      if (int info = leaf(m, d + start, e + start, dq, ldq)) return info + static_cast<int>(start);
    } else {
      // Scale to unit max-norm: the deflation tolerances are relative to it.
      double nrm = 0;
      for (size_t i = start; i <= end; ++i) nrm = std::max(nrm, std::fabs(d[i]));
      for (size_t i = start; i < end; ++i) nrm = std::max(nrm, std::fabs(e[i]));
      for (size_t i = start; i <= end; ++i) d[i] /= nrm;
      for (size_t i = start; i < end; ++i) e[i] /= nrm;
      if (int info = solve(m, d + start, e + start, dq, ldq)) return info + static_cast<int>(start);
      for (size_t i = start; i <= end; ++i) d[i] *= nrm;
    }
    start = end + 1;
  }
  if (blocks > 1) {  // blocks are each ascending: sort the whole
    std::vector<double> val(d, d + n), Qc(n * n);
    std::vector<const double*> src(n);
    for (size_t j = 0; j < n; ++j) {
      std::memcpy(Qc.data() + j * n, q + j * ldq, n * sizeof(double));
      src[j] = Qc.data() + j * n;
    }
    placeSorted(n, val, src, d, q, ldq);
  }
  return 0;
}

}  // namespace lapack
}  // namespace mmlkit
