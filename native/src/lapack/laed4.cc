// Roots of the secular equation 1 + rho sum_j z_j^2 / (d_j - lambda) = 0, the eigenvalues of
// diag(d) + rho z z^T in divide and conquer (LAPACK dlaed4's job; Li, "Solving secular
// equations stably and efficiently", LAWN 89; Gu & Eisenstat, SIMAX 16, 1995).
//
// Shaped as dlaed4: the root in (d_i, d_{i+1}) is sought as tau from the nearer pole (the
// "origin", picked by the sign of f at the midpoint), so every d_j - lambda is formed as
// (d_j - d_origin) - tau without cancellation; each step solves the two-pole rational model
// that matches f and f' at tau (quadratic convergence), falls back to Newton when the model's
// step has the wrong sign, and to halving towards the bracket [lb, ub] when it leaves it. The
// stopping test |f| <= eps * (a running bound of f's rounding error) is dlaed4's. Unlike dlaed4
// there is no three-pole model (dlaed6): the bracket keeps the iteration safe, and when 40
// model steps have not converged we finish by plain bisection, which always ends (a few extra
// O(k) evaluations in rare cases).
#include "laed4.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace mmlkit {
namespace lapack {
namespace {

using std::size_t;

constexpr double kEps = DBL_EPSILON * 0.5;  // dlamch('E')
constexpr int kModelSteps = 40;
constexpr int kMaxSteps = 200;  // then bisection has long since collapsed the bracket

// psi = sum over the poles j < end (left of the origin) of z_j^2 / delta_j, its derivative, and
// dlaed4's error term for it: |the sum of psi's partial sums|.
struct LeftSum {
  double psi, dpsi, erretm;
};

// One evaluation point: delta[j] = (d[j] - base) - tau for every j, and the LeftSum up to end.
LeftSum deltasAndLeftSum(size_t k, size_t end, const double* d, const double* z, double base,
                         double tau, double* delta) {
  for (size_t j = 0; j < k; ++j) delta[j] = (d[j] - base) - tau;
  LeftSum s{0, 0, 0};
  for (size_t j = 0; j < end; ++j) {
    const double t = z[j] / delta[j];
    s.psi += z[j] * t;
    s.dpsi += t * t;
    s.erretm += s.psi;
  }
  s.erretm = std::fabs(s.erretm);
  return s;
}

// Shrinks the bracket [lb, ub] by tau on the side the sign of f there (w) says the root is not;
// true when the bracket has collapsed to rounding level.
bool narrow(double w, double tau, double& lb, double& ub) {
  if (w <= 0)
    lb = std::max(lb, tau);
  else
    ub = std::min(ub, tau);
  return ub - lb <= 2 * kEps * std::max(std::fabs(lb), std::fabs(ub));
}

// Leaving the iteration without meeting the stopping test: delta and lambda at the last tau;
// true (converged) when the bracket is within 4 eps.
bool finish(size_t k, const double* d, double base, double tau, double lb, double ub,
            double* delta, double* lambda) {
  for (size_t j = 0; j < k; ++j) delta[j] = (d[j] - base) - tau;
  *lambda = base + tau;
  return (ub - lb) <= 4 * kEps * std::max(std::fabs(lb), std::fabs(ub));
}

// Root between d[i] and d[i+1] (i + 1 < k).
bool interiorRoot(size_t k, size_t i, const double* d, const double* z, double rho, double* delta,
                  double* lambda) {
  const double rhoinv = 1 / rho;
  const size_t ip1 = i + 1;
  const double del = d[ip1] - d[i], mid = del / 2;
  const double zi2 = z[i] * z[i], zp2 = z[ip1] * z[ip1];
  // f at the midpoint with the two nearest poles apart: picks the origin and a first guess.
  double c = rhoinv;
  for (size_t j = 0; j < k; ++j)
    if (j != i && j != ip1) c += z[j] * z[j] / ((d[j] - d[i]) - mid);
  const double wmid = c + zi2 / (-mid) + zp2 / (del - mid);
  const bool orgati = wmid > 0;  // f increases across the interval: root left of the midpoint
  double tau, lb, ub;
  if (orgati) {
    const double a = c * del + zi2 + zp2, b = zi2 * del;
    const double r = std::sqrt(std::fabs(a * a - 4 * b * c));
    tau = a > 0 ? 2 * b / (a + r) : (a - r) / (2 * c);
    lb = 0;
    ub = mid;
  } else {
    const double a = c * del - zi2 - zp2, b = zp2 * del;
    const double r = std::sqrt(std::fabs(a * a + 4 * b * c));
    tau = a < 0 ? 2 * b / (a - r) : -(a + r) / (2 * c);
    lb = -mid;
    ub = 0;
  }
  if (!(tau > lb && tau < ub)) tau = (lb + ub) / 2;
  const size_t org = orgati ? i : ip1;
  const double base = d[org];

  for (int it = 0; it < kMaxSteps; ++it) {
    auto [psi, dpsi, erretm] = deltasAndLeftSum(k, org, d, z, base, tau, delta);
    double phi = 0, dphi = 0;
    for (size_t j = k; j-- > org + 1;) {
      const double t = z[j] / delta[j];
      phi += z[j] * t;
      dphi += t * t;
      erretm += phi;
    }
    double t = z[org] / delta[org];
    const double dw = dpsi + dphi + t * t;
    t *= z[org];
    const double w = rhoinv + phi + psi + t;
    erretm = 8 * (phi - psi) + erretm + 2 * rhoinv + 3 * std::fabs(t) + std::fabs(tau) * dw;
    if (std::fabs(w) <= kEps * erretm) {
      *lambda = base + tau;
      return true;
    }
    if (narrow(w, tau, lb, ub)) break;  // bracket collapsed
    double eta;
    if (it >= kModelSteps) {
      eta = (lb + ub) / 2 - tau;
    } else {
      const double di = delta[i], dp = delta[ip1];
      const double cc = orgati ? w - dp * dw - (d[i] - d[ip1]) * (z[i] / di) * (z[i] / di)
                               : w - di * dw - (d[ip1] - d[i]) * (z[ip1] / dp) * (z[ip1] / dp);
      double a = (di + dp) * w - di * dp * dw;
      const double b = di * dp * w;
      if (cc == 0) {
        if (a == 0) a = orgati ? zi2 + dp * dp * (dpsi + dphi) : zp2 + di * di * (dpsi + dphi);
        eta = b / a;
      } else {
        const double r = std::sqrt(std::fabs(a * a - 4 * b * cc));
        eta = a <= 0 ? (a - r) / (2 * cc) : 2 * b / (a + r);
      }
      if (w * eta >= 0 || !std::isfinite(eta)) eta = -w / dw;  // model went the wrong way: Newton
      const double next = tau + eta;
      if (!(next < ub && next > lb)) eta = (w < 0 ? ub - tau : lb - tau) / 2;
    }
    tau += eta;
  }
  return finish(k, d, base, tau, lb, ub, delta, lambda);
}

// The largest root, in (d[k-1], d[k-1] + rho] (||z|| = 1).
bool lastRoot(size_t k, const double* d, const double* z, double rho, double* delta,
              double* lambda) {
  const double rhoinv = 1 / rho;
  const size_t n1 = k - 1, n2 = k - 2;
  const double base = d[n1], mid = rho / 2;
  double c = rhoinv;
  for (size_t j = 0; j < n2; ++j) c += z[j] * z[j] / ((d[j] - base) - mid);
  const double wmid = c + z[n2] * z[n2] / ((d[n2] - base) - mid) + z[n1] * z[n1] / (-mid);
  const double del = d[n1] - d[n2];
  auto guess = [&] {
    const double a = -c * del + z[n2] * z[n2] + z[n1] * z[n1], b = z[n1] * z[n1] * del;
    const double r = std::sqrt(a * a + 4 * b * c);
    return a < 0 ? 2 * b / (r - a) : (a + r) / (2 * c);
  };
  double tau, lb, ub;
  if (wmid <= 0) {  // lambda >= d[k-1] + rho / 2
    const double temp = z[n2] * z[n2] / (del + rho) + z[n1] * z[n1] / rho;
    tau = c <= temp ? rho : guess();
    lb = mid;
    ub = rho;
  } else {
    tau = guess();
    lb = 0;
    ub = mid;
  }
  if (!(tau >= lb && tau <= ub) || tau == 0) tau = (lb + ub) / 2;

  for (int it = 0; it < kMaxSteps; ++it) {
    auto [psi, dpsi, erretm] = deltasAndLeftSum(k, n1, d, z, base, tau, delta);
    const double t = z[n1] / delta[n1];
    const double phi = z[n1] * t, dphi = t * t;
    erretm = 8 * (-phi - psi) + erretm - phi + rhoinv + std::fabs(tau) * (dpsi + dphi);
    const double w = rhoinv + phi + psi;
    if (std::fabs(w) <= kEps * erretm) {
      *lambda = base + tau;
      return true;
    }
    if (narrow(w, tau, lb, ub)) break;
    double eta;
    if (it >= kModelSteps) {
      eta = (lb + ub) / 2 - tau;
    } else {
      const double da = delta[n2], db = delta[n1];
      double cc = std::fabs(w - da * dpsi - db * dphi);
      const double a = (da + db) * w - da * db * (dpsi + dphi), b = da * db * w;
      if (cc == 0) {
        eta = ub - tau;
      } else {
        const double r = std::sqrt(std::fabs(a * a - 4 * b * cc));
        eta = a >= 0 ? (a + r) / (2 * cc) : 2 * b / (a - r);
      }
      if (w * eta > 0 || !std::isfinite(eta)) eta = -w / (dpsi + dphi);
      const double next = tau + eta;
      if (!(next <= ub && next >= lb)) eta = (w < 0 ? ub - tau : lb - tau) / 2;
    }
    tau += eta;
  }
  return finish(k, d, base, tau, lb, ub, delta, lambda);
}

}  // namespace

bool laed4(size_t k, size_t i, const double* d, const double* z, double rho, double* delta,
           double* lambda) {
  if (k == 1) {
    *lambda = d[0] + rho * z[0] * z[0];
    delta[0] = 1;
    return true;
  }
  return i + 1 == k ? lastRoot(k, d, z, rho, delta, lambda)
                    : interiorRoot(k, i, d, z, rho, delta, lambda);
}

}  // namespace lapack
}  // namespace mmlkit
