// Roots of the secular equation of the bidiagonal divide and conquer,
// 1 + rho sum_j z_j^2 / (d_j^2 - sigma^2) = 0 (LAPACK dlasd4's job; Li, LAWN 89; Gu & Eisenstat,
// SIMAX 16, 1995): the squared singular values are the eigenvalues of diag(d)^2 + rho z z^T.
//
// The iteration is laed4.cc's (the symmetric eigen D&C's secular solver) on the squared poles
// p_j = d_j^2: origin at the nearer pole picked by f at the midpoint, the two-pole rational
// model matching f and f' at the iterate, Newton when the model steps the wrong way, halving
// towards the bracket when it leaves it, dlaed4's stopping test, plain bisection after 40 model
// steps. What differs is how differences are formed, since squaring the poles would lose their
// gaps: the iterate is tau = sigma^2 - d_org^2, and every p_j - sigma^2 is formed as
// ((d_j - d_org) - ts) * ((d_j + d_org) + ts) with ts = sigma - d_org = tau / (d_org + sigma), and
// every pole gap p_j - p_l as (d_j - d_l)(d_j + d_l) - the same device as dlasd4's, so the
// outputs delta = d_j - sigma and work = d_j + sigma keep full relative accuracy however close
// sigma is to a pole (what the Gu-Eisenstat vectors in bdsdc.cc need).
#include "lasd4.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace mmlkit {
namespace lapack {
namespace {

using std::size_t;

constexpr double kEps = DBL_EPSILON * 0.5;  // dlamch('E')
constexpr int kModelSteps = 40;
constexpr int kMaxSteps = 200;

// p_j - p_l for the squared poles, without cancellation.
inline double gap(const double* d, size_t j, size_t l) { return (d[j] - d[l]) * (d[j] + d[l]); }

// sigma - base for sigma^2 = base^2 + tau.
inline double sigmaShift(double base, double tau) {
  const double den = base + std::sqrt(std::max(base * base + tau, 0.0));
  return den > 0 ? tau / den : 0.0;
}

struct LeftSum {
  double psi, dpsi, erretm;
};

// One evaluation point: delta[j] = d_j - sigma, work[j] = d_j + sigma for every j, and psi over
// the poles j < end (left of the origin) with dlaed4's error term for it.
LeftSum evaluate(size_t k, size_t end, const double* d, const double* z, double base, double tau,
                 double* delta, double* work) {
  const double ts = sigmaShift(base, tau);
  for (size_t j = 0; j < k; ++j) {
    delta[j] = (d[j] - base) - ts;
    work[j] = (d[j] + base) + ts;
  }
  LeftSum s{0, 0, 0};
  for (size_t j = 0; j < end; ++j) {
    const double t = z[j] / (delta[j] * work[j]);
    s.psi += z[j] * t;
    s.dpsi += t * t;
    s.erretm += s.psi;
  }
  s.erretm = std::fabs(s.erretm);
  return s;
}

bool narrow(double w, double tau, double& lb, double& ub) {
  if (w <= 0)
    lb = std::max(lb, tau);
  else
    ub = std::min(ub, tau);
  return ub - lb <= 2 * kEps * std::max(std::fabs(lb), std::fabs(ub));
}

bool finish(size_t k, const double* d, const double* z, double base, double tau, double lb,
            double ub, double* delta, double* work, double* sigma) {
  evaluate(k, 0, d, z, base, tau, delta, work);
  *sigma = base + sigmaShift(base, tau);
  return (ub - lb) <= 4 * kEps * std::max(std::fabs(lb), std::fabs(ub));
}

// Root between d[i] and d[i+1] (i + 1 < k).
bool interiorRoot(size_t k, size_t i, const double* d, const double* z, double rho, double* delta,
                  double* work, double* sigma) {
  const double rhoinv = 1 / rho;
  const size_t ip1 = i + 1;
  const double del = gap(d, ip1, i), mid = del / 2;
  const double zi2 = z[i] * z[i], zp2 = z[ip1] * z[ip1];
  double c = rhoinv;
  for (size_t j = 0; j < k; ++j)
    if (j != i && j != ip1) c += z[j] * z[j] / (gap(d, j, i) - mid);
  const double wmid = c + zi2 / (-mid) + zp2 / (del - mid);
  const bool orgati = wmid > 0;  // root left of the midpoint: origin d[i]
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
    auto [psi, dpsi, erretm] = evaluate(k, org, d, z, base, tau, delta, work);
    double phi = 0, dphi = 0;
    for (size_t j = k; j-- > org + 1;) {
      const double t = z[j] / (delta[j] * work[j]);
      phi += z[j] * t;
      dphi += t * t;
      erretm += phi;
    }
    double t = z[org] / (delta[org] * work[org]);
    const double dw = dpsi + dphi + t * t;
    t *= z[org];
    const double w = rhoinv + phi + psi + t;
    erretm = 8 * (phi - psi) + erretm + 2 * rhoinv + 3 * std::fabs(t) + std::fabs(tau) * dw;
    if (std::fabs(w) <= kEps * erretm) {
      *sigma = base + sigmaShift(base, tau);
      return true;
    }
    if (narrow(w, tau, lb, ub)) break;
    double eta;
    if (it >= kModelSteps) {
      eta = (lb + ub) / 2 - tau;
    } else {
      const double di = delta[i] * work[i], dp = delta[ip1] * work[ip1];  // p - sigma^2
      const double cc = orgati ? w - dp * dw - gap(d, i, ip1) * (z[i] / di) * (z[i] / di)
                               : w - di * dw - gap(d, ip1, i) * (z[ip1] / dp) * (z[ip1] / dp);
      double a = (di + dp) * w - di * dp * dw;
      const double b = di * dp * w;
      if (cc == 0) {
        if (a == 0) a = orgati ? zi2 + dp * dp * (dpsi + dphi) : zp2 + di * di * (dpsi + dphi);
        eta = b / a;
      } else {
        const double r = std::sqrt(std::fabs(a * a - 4 * b * cc));
        eta = a <= 0 ? (a - r) / (2 * cc) : 2 * b / (a + r);
      }
      if (w * eta >= 0 || !std::isfinite(eta)) eta = -w / dw;
      const double next = tau + eta;
      if (!(next < ub && next > lb)) eta = (w < 0 ? ub - tau : lb - tau) / 2;
    }
    tau += eta;
  }
  return finish(k, d, z, base, tau, lb, ub, delta, work, sigma);
}

// The largest root: sigma^2 in (d[k-1]^2, d[k-1]^2 + rho] (||z|| = 1).
bool lastRoot(size_t k, const double* d, const double* z, double rho, double* delta,
              double* work, double* sigma) {
  const double rhoinv = 1 / rho;
  const size_t n1 = k - 1, n2 = k - 2;
  const double base = d[n1], mid = rho / 2;
  double c = rhoinv;
  for (size_t j = 0; j < n2; ++j) c += z[j] * z[j] / (gap(d, j, n1) - mid);
  const double del = gap(d, n1, n2);
  const double wmid = c + z[n2] * z[n2] / (-del - mid) + z[n1] * z[n1] / (-mid);
  auto guess = [&] {
    const double a = -c * del + z[n2] * z[n2] + z[n1] * z[n1], b = z[n1] * z[n1] * del;
    const double r = std::sqrt(a * a + 4 * b * c);
    return a < 0 ? 2 * b / (r - a) : (a + r) / (2 * c);
  };
  double tau, lb, ub;
  if (wmid <= 0) {
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
    auto [psi, dpsi, erretm] = evaluate(k, n1, d, z, base, tau, delta, work);
    const double t = z[n1] / (delta[n1] * work[n1]);
    const double phi = z[n1] * t, dphi = t * t;
    erretm = 8 * (-phi - psi) + erretm - phi + rhoinv + std::fabs(tau) * (dpsi + dphi);
    const double w = rhoinv + phi + psi;
    if (std::fabs(w) <= kEps * erretm) {
      *sigma = base + sigmaShift(base, tau);
      return true;
    }
    if (narrow(w, tau, lb, ub)) break;
    double eta;
    if (it >= kModelSteps) {
      eta = (lb + ub) / 2 - tau;
    } else {
      const double da = delta[n2] * work[n2], db = delta[n1] * work[n1];
      const double cc = std::fabs(w - da * dpsi - db * dphi);
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
  return finish(k, d, z, base, tau, lb, ub, delta, work, sigma);
}

}  // namespace

bool lasd4(size_t k, size_t i, const double* d, const double* z, double rho, double* delta,
           double* work, double* sigma) {
  if (k == 1) {
    *sigma = std::hypot(d[0], std::sqrt(rho) * z[0]);
    delta[0] = d[0] - *sigma;
    work[0] = d[0] + *sigma;
    return true;
  }
  return i + 1 == k ? lastRoot(k, d, z, rho, delta, work, sigma)
                    : interiorRoot(k, i, d, z, rho, delta, work, sigma);
}

}  // namespace lapack
}  // namespace mmlkit
