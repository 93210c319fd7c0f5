// Divide and conquer for the bidiagonal SVD: LAPACK dbdsdc / dlasd0-3 (Gu & Eisenstat, "A
// divide-and-conquer algorithm for the bidiagonal SVD", SIMAX 16 (1995) 79-92), vectors of B
// only (compq = 'I': gesdd applies Q and P afterwards).
//
// A node is an n x (n + sqre) upper bidiagonal (sqre = 1: one more column than rows). Its row nl
// (alpha = d[nl] on the diagonal, beta = e[nl] right of it) is taken out; what is left is a left
// child B1 (nl x (nl + 1), always sqre = 1) and a right child B2 (nr x (nr + sqre)), solved
// recursively (the two on the pool's two threads when large; leaves of at most bdsdcLeafSize rows
// by bidiagonal QR, bdsqr.cc). With the children's SVDs the node is, up to a permutation,
//     M = [ z_0 z_1 ... z_{n-1} ]      z = alpha · (last row of V1), beta · (first row of V2),
//         [  0  d_1               ]    d = the children's singular values, d_0 = 0 for the
//         [         ...           ]    children's null vectors, rotated into one (sqre) - the
//         [              d_{n-1}  ]    other combination is the node's own null vector.
// M's singular values are the roots of 1 + sum z_j^2 / (d_j^2 - sigma^2) = 0 (lasd4.cc), its
// right vectors (z_j / (d_j^2 - sigma^2))_j and its left vectors (-1, d_j z_j / (d_j^2 -
// sigma^2))_j. As in the symmetric D&C (stedc.cc, whose structure this follows):
//  - deflation (dlasd2): tiny |z_j| and pairs of nearly equal d (a rotation of both children's
//    columns zeroes one z) keep their vectors; z_0 and d_1 are lifted to the tolerance when tiny
//    (dlasd2's device), so the solver always sees distinct poles and a non-zero weight at 0;
//  - z recomputed from the computed roots by Löwner's formula (dlasd3), which makes the new
//    vectors numerically orthogonal however the roots cluster;
//  - the children's vectors times the k x k secular vectors on gemm, by column type (vectors
//    still supported on one child multiply only that child's rows).
// Singular values and vectors are put in ascending order after every merge.
//
// Measured (n = 1000 random, one thread, CPU time, 2-core Zen 3 AVX2 shared with other jobs, so
// rough): 85-105 ms, mostly the merges' gemms (~2.7 n³ flops in all), the secular roots ~5 %.
// A first version that allocated ~7 n² of fresh (zero-filled, page-faulted) memory per merge
// spent ~30 % of its time in the kernel and took ~150 ms: the merge now writes the new vectors
// straight into u and v, keeps dl ± sigma in the secular vectors' buffers, and sorts in place.
// Leaves of 12, 25, 40 and 64 rows came out within the noise (85-120 ms); 25 is LAPACK's SMLSIZ.
// The children's threads (from 300 rows) and the parallel roots (from 200) are stedc.cc's;
// children on threads from 100 or 50 rows measured no different at n = 300 and 1000.
#include "bdsdc.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <memory>
#include <numeric>
#include <vector>

#include "../gemm.h"
#include "../lartg.h"
#include "bdsqr.h"
#include "blas.h"
#include "lasd4.h"

namespace mmlkit {
namespace lapack {

std::size_t bdsdcLeafSize = 25;

namespace {

using std::size_t;

constexpr double kEps = DBL_EPSILON * 0.5;
// Children of at least this order are solved on separate threads.
constexpr size_t kParallelOrder = 300;
// Merges with at least this many secular roots solve them on all threads.
constexpr size_t kParallelRoots = 200;

// An uninitialised workspace (merge's buffers are written before they are read: no zeroing
// pass over memory that is fresh, and so page-faulted, on every call).
struct Buffer {
  std::unique_ptr<double[]> p;
  explicit Buffer(size_t n) : p(new double[std::max<size_t>(n, 1)]) {}
  double* get() const { return p.get(); }
  double& operator[](size_t i) const { return p[i]; }
};

// Orders d[0..n), with u's columns (nu rows) and v's (nv rows) alike, ascending (or descending)
// by val: the permutation applied in place cycle by cycle, one column of each in a buffer.
void sortColumns(bool ascending, const std::vector<double>& val, double* d, double* u, size_t nu,
                 size_t ldu, double* v, size_t nv, size_t ldv) {
  const size_t n = val.size();
  std::vector<size_t> order(n);  // position p receives column order[p]
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return ascending ? val[a] < val[b] : val[a] > val[b];
  });
  for (size_t p = 0; p < n; ++p) d[p] = val[order[p]];
  std::vector<double> tu(nu), tv(nv);
  std::vector<bool> done(n, false);
  for (size_t start = 0; start < n; ++start) {
    if (done[start] || order[start] == start) {
      done[start] = true;
      continue;
    }
    std::memcpy(tu.data(), u + start * ldu, nu * sizeof(double));
    std::memcpy(tv.data(), v + start * ldv, nv * sizeof(double));
    size_t p = start;
    while (order[p] != start) {
      const size_t q = order[p];
      std::memcpy(u + p * ldu, u + q * ldu, nu * sizeof(double));
      std::memcpy(v + p * ldv, v + q * ldv, nv * sizeof(double));
      done[p] = true;
      p = q;
    }
    std::memcpy(u + p * ldu, tu.data(), nu * sizeof(double));
    std::memcpy(v + p * ldv, tv.data(), nv * sizeof(double));
    done[p] = true;
  }
}

// A leaf: n x (n + sqre) bidiagonal by bidiagonal QR. With sqre the extra column is chased out by
// rotations from the right (accumulated in V), leaving a square bidiagonal and a null vector.
// u (n x n) and v (m x m, m = n + sqre) receive the vectors, d ascending, v's column n the null
// vector.
int leaf(size_t n, size_t sqre, double* d, double* e, double* u, size_t ldu, double* v,
         size_t ldv) {
  const size_t m = n + sqre;
  const size_t nr = roundUp8(n), mr = roundUp8(m);  // bdsqr works on multiples of 8 rows
  std::vector<double> U(nr * n, 0.0), V(mr * m, 0.0);
  for (size_t j = 0; j < n; ++j) U[j + j * nr] = 1;
  for (size_t j = 0; j < m; ++j) V[j + j * mr] = 1;
  if (sqre) {
    double f = e[n - 1];  // B(i, n), moving up as it is chased
    for (size_t i = n; i-- > 0;) {
      double c, s, r;
      eig::lartg(d[i], f, c, s, r);
      d[i] = r;
      if (i > 0) {
        f = -s * e[i - 1];
        e[i - 1] *= c;
      }
      rot(m, V.data() + i * mr, V.data() + n * mr, c, s);
    }
  }
  if (int info = bdsqr(n, d, e, U.data(), nr, nr, V.data(), mr, mr)) return info;
  for (size_t j = 0; j < n; ++j) {  // bdsqr's order is descending
    const size_t src = n - 1 - j;
    std::memcpy(u + j * ldu, U.data() + src * nr, n * sizeof(double));
    std::memcpy(v + j * ldv, V.data() + src * mr, m * sizeof(double));
  }
  std::reverse(d, d + n);
  if (sqre) std::memcpy(v + n * ldv, V.data() + n * mr, m * sizeof(double));
  return 0;
}

// Merges two solved children (module comment): d[0..nl) and d[nl+1..n) ascending with their
// vectors in the diagonal blocks of u and v; alpha, beta the coupling row.
int merge(size_t nl, size_t nr, size_t sqre, double* d, double alpha, double beta, double* u,
          size_t ldu, double* v, size_t ldv) {
  const size_t n = nl + nr + 1, m = n + sqre;
  // Scale to unit max-norm: the deflation tolerances are relative to it.
  double orgnrm = std::max(std::fabs(alpha), std::fabs(beta));
  for (size_t j = 0; j < n; ++j)
    if (j != nl) orgnrm = std::max(orgnrm, std::fabs(d[j]));
  if (orgnrm == 0) orgnrm = 1;
  alpha /= orgnrm;
  beta /= orgnrm;
  d[nl] = 0;  // the null slot's pole
  for (size_t j = 0; j < n; ++j) d[j] /= orgnrm;

  // Column c of u and v is slot c of M: the children's columns, and c = nl for the null slot
  // (its u column is e_nl, its v column the children's null vectors combined).
  std::vector<double> z(n);
  double dmax = 0;
  for (size_t j = 0; j < nl; ++j) z[j] = alpha * v[nl + j * ldv];
  for (size_t j = nl + 1; j < n; ++j) z[j] = beta * v[(nl + 1) + j * ldv];
  for (size_t j = 0; j < n; ++j) dmax = std::max(dmax, d[j]);
  const double tol = 8 * kEps * std::max(dmax, std::max(std::fabs(alpha), std::fabs(beta)));
  {
    const double a = alpha * v[nl + nl * ldv];
    if (sqre) {
      const double b = beta * v[(nl + 1) + (m - 1) * ldv];
      const double r = std::hypot(a, b);
      double c = 1, s = 0;
      if (r > tol) {
        c = a / r;
        s = b / r;
        z[nl] = r;
      } else {
        z[nl] = tol;
      }
      rot(m, v + nl * ldv, v + (m - 1) * ldv, c, s);  // column m-1 becomes the node's null vector
    } else {
      z[nl] = std::fabs(a) <= tol ? tol : a;
    }
  }

  // The children's columns in ascending order of d: merge the two sorted lists.
  std::vector<size_t> idx;
  idx.reserve(n - 1);
  {
    size_t a = 0, b = nl + 1;
    while (a < nl && b < n) idx.push_back(d[b] < d[a] ? b++ : a++);
    while (a < nl) idx.push_back(a++);
    while (b < n) idx.push_back(b++);
  }

  // Deflation. Column types: 0 = rows of the left child only, 1 = both, 2 = right only, 3 =
  // deflated.
  std::vector<unsigned char> type(n);
  for (size_t j = 0; j < n; ++j) type[j] = j < nl ? 0 : 2;
  std::vector<size_t> keep{nl}, defl;
  keep.reserve(n);
  {
    size_t pj = n;  // previous kept candidate
    for (size_t nj : idx) {
      if (std::fabs(z[nj]) <= tol) {
        type[nj] = 3;
        defl.push_back(nj);
        continue;
      }
      if (pj == n) {
        pj = nj;
        continue;
      }
      // Nearly equal d: a rotation of both columns (left and right vectors alike) zeroes z[pj];
      // if the off-diagonal it creates is negligible, pj deflates.
      double s = z[pj], c = z[nj];
      const double tau = std::hypot(c, s), t = d[nj] - d[pj];
      c /= tau;
      s = -s / tau;
      if (std::fabs(t * c * s) <= tol) {
        z[nj] = tau;
        z[pj] = 0;
        if (type[nj] != type[pj]) type[nj] = 1;
        type[pj] = 3;
        rot(n, u + pj * ldu, u + nj * ldu, c, s);
        rot(m, v + pj * ldv, v + nj * ldv, c, s);
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
  }

  const size_t k = keep.size(), nd = defl.size();
  // Deflated columns leave unchanged: copies, since u and v are overwritten below.
  Buffer Ud(n * nd), Vd(m * nd);
  for (size_t t = 0; t < nd; ++t) {
    std::memcpy(Ud.get() + t * n, u + defl[t] * ldu, n * sizeof(double));
    std::memcpy(Vd.get() + t * m, v + defl[t] * ldv, m * sizeof(double));
  }

  // Kept slots: poles dl ascending (dl[0] = 0, the null slot), weights zz. Group order of the
  // secular vectors' rows: type 0, type 1, the null slot, type 2 - so the left child's rows of u
  // meet a leading block of rows, the right child's a trailing one, and likewise for v (where the
  // null slot has rows in both children).
  size_t ct[3] = {0, 0, 0};
  for (size_t s = 1; s < k; ++s) ++ct[type[keep[s]]];
  const size_t g0 = ct[0] + ct[1];  // group row of the null slot
  std::vector<size_t> gpos(k);
  std::vector<double> dl(k), zz(k);
  const size_t nv1 = nl + 1, nv2 = nr + sqre;  // rows of v per child
  Buffer Utop(nl * g0), Ubot(nr * (k - ct[0])), Vtop(nv1 * (g0 + 1)), Vbot(nv2 * (k - ct[0]));
  {
    size_t next[3] = {0, ct[0], g0 + 1};
    for (size_t s = 0; s < k; ++s) {
      const size_t col = keep[s];
      dl[s] = d[col];
      zz[s] = z[col];
      const size_t g = s == 0 ? g0 : next[type[col]]++;
      gpos[s] = g;
      if (s > 0 && g < g0) std::memcpy(Utop.get() + g * nl, u + col * ldu, nl * sizeof(double));
      if (s > 0 && g >= ct[0])
        std::memcpy(Ubot.get() + (g - ct[0]) * nr, u + (nl + 1) + col * ldu, nr * sizeof(double));
      if (g <= g0) std::memcpy(Vtop.get() + g * nv1, v + col * ldv, nv1 * sizeof(double));
      if (g >= ct[0])
        std::memcpy(Vbot.get() + (g - ct[0]) * nv2, v + nv1 + col * ldv, nv2 * sizeof(double));
    }
    // The null slot's column of u is e_nl: nothing in the right child's rows.
    std::fill(Ubot.get() + (g0 - ct[0]) * nr, Ubot.get() + (g0 - ct[0] + 1) * nr, 0.0);
  }
  // dlasd2: the smallest non-zero pole at least tol / 2 away from the pole at 0.
  if (k > 1 && dl[1] < tol / 2) dl[1] = tol / 2;

  // Secular equation. Us(:, i) first holds dl - sigma_i and Vs(:, i) dl + sigma_i (as dlasd3
  // keeps them in U and VT), then the secular vectors computed from them, column by column.
  double rho = 0;
  for (double x : zz) rho += x * x;
  std::vector<double> zn(k);
  {
    const double inv = 1 / std::sqrt(rho);
    for (size_t s = 0; s < k; ++s) zn[s] = zz[s] * inv;
  }
  Buffer Us(k * k), Vs(k * k);
  std::vector<double> sig(k);
  int info = 0;
  {
    const unsigned P = threads();
    std::vector<int> bad(P + 1, 0);
    auto roots = [&](size_t i0, size_t i1, unsigned slot) {
      for (size_t i = i0; i < i1; ++i)
        if (!lasd4(k, i, dl.data(), zn.data(), rho, Us.get() + i * k, Vs.get() + i * k, &sig[i]))
          bad[slot] = 1;
    };
    if (P > 1 && k >= kParallelRoots)
      parallelFor(P, [&](unsigned p) { roots(k * p / P, k * (p + 1) / P, p); });
    else
      roots(0, k, 0);
    for (int b : bad)
      if (b) info = 1;
  }

  // Löwner: the weights for which the computed roots are exact,
  // zhat_s^2 = prod_i (sigma_i^2 - dl_s^2) / prod_{j != s} (dl_j^2 - dl_s^2); root i is paired
  // with pole i (i < s) or i + 1 (i >= s) so the running products stay near 1 (dlasd3).
  {
    std::vector<double> w(k, 1.0);
    for (size_t i = 0; i < k; ++i) {
      const double* De = Us.get() + i * k;
      const double* We = Vs.get() + i * k;
      if (i + 1 == k) {
        for (size_t s = 0; s < k; ++s) w[s] *= De[s] * We[s];
        continue;
      }
      for (size_t s = 0; s <= i; ++s)
        w[s] *= De[s] * We[s] / ((dl[s] - dl[i + 1]) * (dl[s] + dl[i + 1]));
      for (size_t s = i + 1; s < k; ++s)
        w[s] *= De[s] * We[s] / ((dl[s] - dl[i]) * (dl[s] + dl[i]));
    }
    for (size_t s = 0; s < k; ++s) w[s] = std::copysign(std::sqrt(std::fabs(w[s])), zz[s]);
    std::vector<double> vc(k), uc(k);
    for (size_t i = 0; i < k; ++i) {
      double* Ui = Us.get() + i * k;
      double* Vi = Vs.get() + i * k;
      double vn = 0, un = 1;
      for (size_t s = 0; s < k; ++s) {
        vc[s] = w[s] / (Ui[s] * Vi[s]);
        vn += vc[s] * vc[s];
      }
      uc[0] = -1;
      for (size_t s = 1; s < k; ++s) {
        uc[s] = dl[s] * vc[s];
        un += uc[s] * uc[s];
      }
      const double vi = 1 / std::sqrt(vn), ui = 1 / std::sqrt(un);
      for (size_t s = 0; s < k; ++s) {
        Ui[gpos[s]] = uc[s] * ui;
        Vi[gpos[s]] = vc[s] * vi;
      }
    }
  }

  // New vectors = children's vectors x secular vectors, each child's rows apart, straight into
  // columns 0..k of u and v (their old contents live in the copies); the deflated ones after.
  if (g0 > 0)
    gemm(false, false, nl, k, g0, 1.0, Utop.get(), nl, Us.get(), k, 0.0, u, ldu);
  else
    for (size_t i = 0; i < k; ++i) std::fill(u + i * ldu, u + i * ldu + nl, 0.0);
  for (size_t i = 0; i < k; ++i) u[nl + i * ldu] = Us[g0 + i * k];
  gemm(false, false, nr, k, k - ct[0], 1.0, Ubot.get(), nr, Us.get() + ct[0], k, 0.0,
       u + nl + 1, ldu);
  gemm(false, false, nv1, k, g0 + 1, 1.0, Vtop.get(), nv1, Vs.get(), k, 0.0, v, ldv);
  gemm(false, false, nv2, k, k - ct[0], 1.0, Vbot.get(), nv2, Vs.get() + ct[0], k, 0.0, v + nv1,
       ldv);
  std::vector<double> val(n);
  for (size_t i = 0; i < k; ++i) val[i] = sig[i];
  for (size_t t = 0; t < nd; ++t) {
    val[k + t] = d[defl[t]];
    std::memcpy(u + (k + t) * ldu, Ud.get() + t * n, n * sizeof(double));
    std::memcpy(v + (k + t) * ldv, Vd.get() + t * m, m * sizeof(double));
  }
  sortColumns(true, val, d, u, n, ldu, v, m, ldv);
  for (size_t j = 0; j < n; ++j) d[j] *= orgnrm;
  return info;
}

// Solves the n x (n + sqre) bidiagonal (d, e: n and n - 1 + sqre entries): u (n x n block) and
// v ((n + sqre) square block) receive the vectors, d ascending, v's column n the null vector.
int solve(size_t n, size_t sqre, double* d, double* e, double* u, size_t ldu, double* v,
          size_t ldv) {
  if (n <= bdsdcLeafSize) return leaf(n, sqre, d, e, u, ldu, v, ldv);
  const size_t nl = n / 2, nr = n - nl - 1;
  const double alpha = d[nl], beta = e[nl];
  int info1 = 0, info2 = 0;
  auto half = [&](unsigned h) {
    if (h == 0)
      info1 = solve(nl, 1, d, e, u, ldu, v, ldv);
    else
      info2 = solve(nr, sqre, d + nl + 1, e + nl + 1, u + (nl + 1) * (1 + ldu), ldu,
                    v + (nl + 1) * (1 + ldv), ldv);
  };
  if (threads() > 1 && nr >= kParallelOrder)
    parallelFor(2, half);
  else {
    half(0);
    half(1);
  }
  if (info1) return info1;
  if (info2) return info2 + static_cast<int>(nl + 1);
  return merge(nl, nr, sqre, d, alpha, beta, u, ldu, v, ldv);
}

}  // namespace

int bdsdc(size_t n, double* d, double* e, double* u, size_t ldu, double* v, size_t ldv) {
  for (size_t j = 0; j < n; ++j) {
    std::fill(u + j * ldu, u + j * ldu + n, 0.0);
    std::fill(v + j * ldv, v + j * ldv + n, 0.0);
  }
  if (n == 0) return 0;
  double orgnrm = 0;
  for (size_t i = 0; i < n; ++i) orgnrm = std::max(orgnrm, std::fabs(d[i]));
  for (size_t i = 0; i + 1 < n; ++i) orgnrm = std::max(orgnrm, std::fabs(e[i]));
  if (orgnrm == 0) {  // B = 0
    for (size_t j = 0; j < n; ++j) u[j + j * ldu] = v[j + j * ldv] = 1;
    return 0;
  }
  for (size_t i = 0; i < n; ++i) d[i] /= orgnrm;
  for (size_t i = 0; i + 1 < n; ++i) e[i] /= orgnrm;
  // Split where the super-diagonal is negligible against ‖B‖ (as dbdsdc); each square block is
  // solved on its own.
  size_t start = 0;
  while (start < n) {
    size_t end = start;
    while (end + 1 < n && std::fabs(e[end]) > kEps) ++end;
    const size_t m = end - start + 1;
    double* ub = u + start + start * ldu;
    double* vb = v + start + start * ldv;
    const int info = m <= bdsdcLeafSize ? leaf(m, 0, d + start, e + start, ub, ldu, vb, ldv)
                                        : solve(m, 0, d + start, e + start, ub, ldu, vb, ldv);
    if (info) return info + static_cast<int>(start);
    start = end + 1;
  }
  for (size_t i = 0; i < n; ++i) d[i] *= orgnrm;
  // Descending order over all blocks (each block is ascending).
  sortColumns(false, std::vector<double>(d, d + n), d, u, n, ldu, v, n, ldv);
  return 0;
}

}  // namespace lapack
}  // namespace mmlkit
