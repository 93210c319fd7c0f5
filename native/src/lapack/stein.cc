// Inverse iteration for tridiagonal eigenvectors, after LAPACK dstein (with dlagtf/dlagts):
// T - lambda I is factored by Gaussian elimination with partial pivoting (U has two
// superdiagonals), tiny pivots are perturbed to eps ||T||_1, and a seeded random start is
// iterated until its largest entry, after scaling the right-hand side as dstein does, passes
// sqrt(0.1 / n), then twice more. Close eigenvalues (within 1e-3 ||T||_1) form a cluster whose
// vectors are orthogonalised against each other each iteration, and equal eigenvalues are
// pulled 10 eps |lambda| apart first, so repeated eigenvalues get independent vectors.
// O(n) per iteration and vector, plus O(n c) per vector for a cluster of c.
#include "stein.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <vector>

namespace mmlkit {
namespace lapack {
namespace {

using std::size_t;

constexpr double kEps = DBL_EPSILON * 0.5;
constexpr int kMaxIts = 5, kExtra = 2;

// T - lambda I = P L U: u0 diagonal, u1/u2 first/second superdiagonals, l multipliers,
// piv[k] = rows k and k+1 swapped at step k.
struct TridiagLU {
  std::vector<double> u0, u1, u2, l;
  std::vector<unsigned char> piv;
  explicit TridiagLU(size_t n) : u0(n), u1(n), u2(n), l(n), piv(n) {}

  void factor(size_t n, const double* d, const double* e, double lambda) {
    double a = d[0] - lambda;  // current diagonal of the row being eliminated
    double b = n > 1 ? e[0] : 0;  // its superdiagonal
    for (size_t k = 0; k + 1 < n; ++k) {
      const double c = e[k];  // row k+1: c at column k
      const double an = d[k + 1] - lambda, bn = k + 2 < n ? e[k + 1] : 0;
      if (std::fabs(a) >= std::fabs(c)) {
        const double m = a != 0 ? c / a : 0;
        u0[k] = a;
        u1[k] = b;
        u2[k] = 0;
        l[k] = m;
        piv[k] = 0;
        a = an - m * b;
        b = bn;
      } else {
        const double m = a / c;
        u0[k] = c;
        u1[k] = an;
        u2[k] = bn;
        l[k] = m;
        piv[k] = 1;
        a = b - m * an;
        b = -m * bn;
      }
    }
    u0[n - 1] = a;
  }

  // x <- (T - lambda I)^{-1} x, pivots smaller than tol perturbed to +-tol (dlagts job -1).
  void solve(size_t n, double* x, double tol) const {
    for (size_t k = 0; k + 1 < n; ++k) {
      if (piv[k]) std::swap(x[k], x[k + 1]);
      x[k + 1] -= l[k] * x[k];
    }
    auto pivot = [&](size_t k) {
      const double p = u0[k];
      return std::fabs(p) < tol ? std::copysign(tol, p) : p;
    };
    x[n - 1] /= pivot(n - 1);
    if (n > 1) x[n - 2] = (x[n - 2] - u1[n - 2] * x[n - 1]) / pivot(n - 2);
    for (size_t k = n - 2; k-- > 0;)
      x[k] = (x[k] - u1[k] * x[k + 1] - u2[k] * x[k + 2]) / pivot(k);
  }
};

}  // namespace

int stein(size_t n, const double* d, const double* e, size_t k, const double* w, double* z,
          size_t ldz) {
  if (n == 0 || k == 0) return 0;
  if (n == 1) {
    for (size_t j = 0; j < k; ++j) z[j * ldz] = 1;
    return 0;
  }
  double onenrm = 0;
  for (size_t i = 0; i < n; ++i)
    onenrm = std::max(onenrm, std::fabs(d[i]) + (i > 0 ? std::fabs(e[i - 1]) : 0) +
                                  (i + 1 < n ? std::fabs(e[i]) : 0));
  if (onenrm == 0) onenrm = 1;  // T = 0: any orthonormal basis
  const double ortol = 1e-3 * onenrm, dtpcrt = std::sqrt(0.1 / n), tol = kEps * onenrm;
  TridiagLU lu(n);
  std::vector<double> x(n);
  int failed = 0;
  double xjm = 0;
  size_t gpind = 0;
  std::uint64_t seed = 0x9E3779B97F4A7C15ull;
  for (size_t j = 0; j < k; ++j) {
    double xj = w[j];
    if (j > 0) {
      const double pertol = 10 * std::fabs(kEps * xj);
      if (xj - xjm < pertol) xj = xjm + pertol;
      if (xj - xjm > ortol) gpind = j;
    }
    lu.factor(n, d, e, xj);
    for (size_t i = 0; i < n; ++i) {  // splitmix64: a reproducible start in [-1, 1)
      std::uint64_t s = (seed += 0x9E3779B97F4A7C15ull);
      s = (s ^ (s >> 30)) * 0xBF58476D1CE4E5B9ull;
      s = (s ^ (s >> 27)) * 0x94D049BB133111EBull;
      s ^= s >> 31;
      x[i] = 2 * (static_cast<double>(s >> 11) * 0x1.0p-53) - 1;
    }
    int nrmchk = 0, its = 0;
    bool converged = false;
    while (its < kMaxIts + kExtra) {
      ++its;
      double asum = 0;
      for (size_t i = 0; i < n; ++i) asum += std::fabs(x[i]);
      const double scl = n * onenrm * std::max(kEps, std::fabs(lu.u0[n - 1])) / asum;
      for (size_t i = 0; i < n; ++i) x[i] *= scl;
      lu.solve(n, x.data(), tol);
      for (size_t i = gpind; i < j; ++i) {
        const double* zi = z + i * ldz;
        double dot = 0;
        for (size_t r = 0; r < n; ++r) dot += x[r] * zi[r];
        for (size_t r = 0; r < n; ++r) x[r] -= dot * zi[r];
      }
      double nrm = 0;
      for (size_t i = 0; i < n; ++i) nrm = std::max(nrm, std::fabs(x[i]));
      if (!(nrm >= dtpcrt)) {
        if (its >= kMaxIts) break;
        continue;
      }
      if (++nrmchk >= kExtra + 1) {
        converged = true;
        break;
      }
    }
    if (!converged) ++failed;
    double ss = 0;
    for (size_t i = 0; i < n; ++i) ss += x[i] * x[i];
    const double inv = ss > 0 ? 1 / std::sqrt(ss) : 0;
    double* zj = z + j * ldz;
    for (size_t i = 0; i < n; ++i) zj[i] = x[i] * inv;
    xjm = xj;
  }
  return failed;
}

}  // namespace lapack
}  // namespace mmlkit
