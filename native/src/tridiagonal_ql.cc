// Implicit QL/QR on a symmetric tridiagonal matrix: LAPACK dsteqr (with eigenvectors) and dsterf
// (values only, root-free), both with Wilkinson shifts, deflation and splitting into unreduced
// blocks. Each block runs QL or QR depending on which end is larger in magnitude, so graded
// matrices keep their small eigenvalues accurate.
//
// dsteqr's rotations never feed back into the iteration, so they are logged and applied to Z in
// large batches (givens.cc) instead of one dlasr call per sweep: one fork/join per batch.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>

#include "sym_eig_detail.h"

namespace mmlkit {
namespace eig {
namespace {

using std::size_t;
using idx = std::ptrdiff_t;

constexpr double kEps = DBL_EPSILON * 0.5;  // LAPACK dlamch('E'): unit roundoff
constexpr double kSafmin = DBL_MIN;
const double kSsfmax = std::sqrt(1 / kSafmin) / 3;
const double kSsfmin = std::sqrt(kSafmin) / (kEps * kEps);
constexpr int kMaxIt = 30;
// Rotations per batch: c/s (16 B each) plus a 32-row chunk of Z stay in L2 while applied.
constexpr size_t kBatch = 16384;

// sqrt(x^2 + 1) without overflow.
inline double pythag1(double x) {
  const double ax = std::fabs(x);
  return ax < 1e150 ? std::sqrt(ax * ax + 1) : ax;
}

// dlartg: [c s; -s c] [f; g] = [r; 0]. The direct formula unless squares could over/underflow.
inline void lartg(double f, double g, double& c, double& s, double& r) {
  if (g == 0) {
    c = 1;
    s = 0;
    r = f;
    return;
  }
  if (f == 0) {
    c = 0;
    s = 1;
    r = g;
    return;
  }
  const double af = std::fabs(f), ag = std::fabs(g);
  const double mx = std::max(af, ag), mn = std::min(af, ag);
  r = (mx < 1e150 && mn > 1e-150) ? std::sqrt(f * f + g * g) : std::hypot(f, g);
  const double ir = 1 / r;
  c = f * ir;
  s = g * ir;
  if (af > ag && c < 0) {
    c = -c;
    s = -s;
    r = -r;
  }
}

// dlaev2 / dlae2: eigen-decomposition of [a b; b c]; rt1 has the larger magnitude, (cs1, sn1)
// is its unit eigenvector.
void laev2(double a, double b, double c, double& rt1, double& rt2, double* cs1, double* sn1) {
  const double sm = a + c, df = a - c, adf = std::fabs(df), tb = b + b, ab = std::fabs(tb);
  double acmx, acmn;
  if (std::fabs(a) > std::fabs(c)) {
    acmx = a;
    acmn = c;
  } else {
    acmx = c;
    acmn = a;
  }
  double rt;
  if (adf > ab)
    rt = adf * std::sqrt(1 + (ab / adf) * (ab / adf));
  else if (adf < ab)
    rt = ab * std::sqrt(1 + (adf / ab) * (adf / ab));
  else
    rt = ab * std::sqrt(2.0);
  int sgn1;
  if (sm < 0) {
    rt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;  // order matters for accuracy
  } else if (sm > 0) {
    rt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else {
    rt1 = 0.5 * rt;
    rt2 = -0.5 * rt;
    sgn1 = 1;
  }
  if (!cs1) return;
  int sgn2;
  double cs;
  if (df >= 0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  double c1, s1;
  if (std::fabs(cs) > ab) {
    const double ct = -tb / cs;
    s1 = 1 / std::sqrt(1 + ct * ct);
    c1 = ct * s1;
  } else if (ab == 0) {
    c1 = 1;
    s1 = 0;
  } else {
    const double tn = -cs / tb;
    c1 = 1 / std::sqrt(1 + tn * tn);
    s1 = tn * c1;
  }
  if (sgn1 == sgn2) {
    const double tn = c1;
    c1 = -s1;
    s1 = tn;
  }
  *cs1 = c1;
  *sn1 = s1;
}

double maxAbs(const double* d, idx l, idx lend, const double* e) {
  double anorm = 0;
  for (idx i = l; i <= lend; ++i) anorm = std::max(anorm, std::fabs(d[i]));
  for (idx i = l; i < lend; ++i) anorm = std::max(anorm, std::fabs(e[i]));
  return anorm;
}

void scale(double* x, idx from, idx to, double f) {
  for (idx i = from; i < to; ++i) x[i] *= f;
}

// First unconverged index + 1 after the iteration cap, or 0 if every e vanished anyway.
int unconverged(size_t n, const double* e) {
  for (size_t i = 0; i + 1 < n; ++i)
    if (e[i] != 0) return static_cast<int>(std::min<size_t>(i + 1, INT32_MAX));
  return 0;
}

}  // namespace

int tridiagonalQL(size_t n, double* d, double* e, double* z, size_t ldz, size_t rows) {
  if (n <= 1) return 0;
  const double eps2 = kEps * kEps;
  const idx N = static_cast<idx>(n);
  const idx nmaxit = N * kMaxIt;
  idx jtot = 0;

  RotationLog log;
  log.c.reserve(kBatch + n);
  log.s.reserve(kBatch + n);
  auto flush = [&] {
    if (log.size() || !log.sweeps.empty()) applyRotations(log, z, ldz, rows);
    log.clear();
  };
  // Opens a sweep over columns first..first+count-1; returns where its count-1 rotations go.
  auto sweep = [&](idx first, idx count, bool forward) -> size_t {
    if (log.size() + static_cast<size_t>(count) > kBatch) flush();
    const size_t off = log.size();
    log.sweeps.push_back({static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(count),
                          forward, off});
    log.c.resize(off + count - 1);
    log.s.resize(off + count - 1);
    return off;
  };

  idx l1 = 0;
  for (;;) {
    if (l1 >= N) break;
    if (l1 > 0) e[l1 - 1] = 0;
    // Split off an unreduced block l1..m.
    idx m = l1;
    for (; m < N - 1; ++m) {
      const double tst = std::fabs(e[m]);
      if (tst == 0) break;
      if (tst <= std::sqrt(std::fabs(d[m])) * std::sqrt(std::fabs(d[m + 1])) * kEps) {
        e[m] = 0;
        break;
      }
    }
    idx l = l1, lend = m;
    const idx lsv = l, lendsv = lend;
    l1 = m + 1;
    if (lend == l) continue;

    // Scale the block into a safe range.
    const double anorm = maxAbs(d, l, lend, e);
    int iscale = 0;
    if (anorm == 0) continue;
    if (anorm > kSsfmax) {
      iscale = 1;
      scale(d, l, lend + 1, kSsfmax / anorm);
      scale(e, l, lend, kSsfmax / anorm);
    } else if (anorm < kSsfmin) {
      iscale = 2;
      scale(d, l, lend + 1, kSsfmin / anorm);
      scale(e, l, lend, kSsfmin / anorm);
    }

    // QL if the bottom end is larger, else QR.
    if (std::fabs(d[lend]) < std::fabs(d[l])) {
      lend = lsv;
      l = lendsv;
    }

    if (lend > l) {
      // ---- QL iteration
      for (;;) {
        idx mm = lend;
        for (idx k = l; k < lend; ++k) {
          const double tst = e[k] * e[k];
          if (tst <= (eps2 * std::fabs(d[k])) * std::fabs(d[k + 1]) + kSafmin) {
            mm = k;
            break;
          }
        }
        m = mm;
        if (m < lend) e[m] = 0;
        double p = d[l];
        if (m == l) {  // eigenvalue found
          d[l] = p;
          ++l;
          if (l <= lend) continue;
          break;
        }
        if (m == l + 1) {  // 2 x 2 block: solved directly
          double rt1, rt2, c, s;
          laev2(d[l], e[l], d[l + 1], rt1, rt2, &c, &s);
          const size_t off = sweep(l, 2, false);
          log.c[off] = c;
          log.s[off] = s;
          d[l] = rt1;
          d[l + 1] = rt2;
          e[l] = 0;
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        ++jtot;
        // Wilkinson shift.
        double g = (d[l + 1] - p) / (2 * e[l]);
        double r = pythag1(g);
        g = d[m] - p + (e[l] / (g + std::copysign(r, g)));
        double s = 1, c = 1;
        p = 0;
        const size_t off = sweep(l, m - l + 1, false);
        double* lc = log.c.data() + off;
        double* ls = log.s.data() + off;
        for (idx i = m - 1; i >= l; --i) {
          const double f = s * e[i], b = c * e[i];
          lartg(g, f, c, s, r);
          if (i != m - 1) e[i + 1] = r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          lc[i - l] = c;
          ls[i - l] = -s;
        }
        d[l] -= p;
        e[l] = g;
      }
    } else {
      // ---- QR iteration
      for (;;) {
        idx mm = lend;
        for (idx k = l; k > lend; --k) {
          const double tst = e[k - 1] * e[k - 1];
          if (tst <= (eps2 * std::fabs(d[k])) * std::fabs(d[k - 1]) + kSafmin) {
            mm = k;
            break;
          }
        }
        m = mm;
        if (m > lend) e[m - 1] = 0;
        double p = d[l];
        if (m == l) {
          d[l] = p;
          --l;
          if (l >= lend) continue;
          break;
        }
        if (m == l - 1) {
          double rt1, rt2, c, s;
          laev2(d[l - 1], e[l - 1], d[l], rt1, rt2, &c, &s);
          const size_t off = sweep(l - 1, 2, true);
          log.c[off] = c;
          log.s[off] = s;
          d[l - 1] = rt1;
          d[l] = rt2;
          e[l - 1] = 0;
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        ++jtot;
        double g = (d[l - 1] - p) / (2 * e[l - 1]);
        double r = pythag1(g);
        g = d[m] - p + (e[l - 1] / (g + std::copysign(r, g)));
        double s = 1, c = 1;
        p = 0;
        const size_t off = sweep(m, l - m + 1, true);
        double* lc = log.c.data() + off;
        double* ls = log.s.data() + off;
        for (idx i = m; i <= l - 1; ++i) {
          const double f = s * e[i], b = c * e[i];
          lartg(g, f, c, s, r);
          if (i != m) e[i - 1] = r;
          g = d[i] - p;
          r = (d[i + 1] - g) * s + 2 * c * b;
          p = s * r;
          d[i] = g + p;
          g = c * r - b;
          lc[i - m] = c;
          ls[i - m] = s;
        }
        d[l] -= p;
        e[l - 1] = g;
      }
    }

    // Undo scaling.
    if (iscale == 1) {
      scale(d, lsv, lendsv + 1, anorm / kSsfmax);
      scale(e, lsv, lendsv, anorm / kSsfmax);
    } else if (iscale == 2) {
      scale(d, lsv, lendsv + 1, anorm / kSsfmin);
      scale(e, lsv, lendsv, anorm / kSsfmin);
    }
    if (jtot >= nmaxit) {
      flush();
      if (int bad = unconverged(n, e)) return bad;
    }
  }
  flush();
  return 0;
}

int tridiagonalQLValues(size_t n, double* d, double* e) {
  if (n <= 1) return 0;
  const double eps2 = kEps * kEps;
  const idx N = static_cast<idx>(n);
  const idx nmaxit = N * kMaxIt;
  idx jtot = 0;
  idx l1 = 0;
  for (;;) {
    if (l1 >= N) break;
    if (l1 > 0) e[l1 - 1] = 0;
    idx m = l1;
    for (; m < N - 1; ++m) {
      if (std::fabs(e[m]) <= std::sqrt(std::fabs(d[m])) * std::sqrt(std::fabs(d[m + 1])) * kEps) {
        e[m] = 0;
        break;
      }
    }
    idx l = l1, lend = m;
    const idx lsv = l, lendsv = lend;
    l1 = m + 1;
    if (lend == l) continue;

    const double anorm = maxAbs(d, l, lend, e);
    int iscale = 0;
    if (anorm == 0) continue;
    if (anorm > kSsfmax) {
      iscale = 1;
      scale(d, l, lend + 1, kSsfmax / anorm);
      scale(e, l, lend, kSsfmax / anorm);
    } else if (anorm < kSsfmin) {
      iscale = 2;
      scale(d, l, lend + 1, kSsfmin / anorm);
      scale(e, l, lend, kSsfmin / anorm);
    }
    for (idx i = l; i < lend; ++i) e[i] *= e[i];  // root-free: work with squares of e

    if (std::fabs(d[lend]) < std::fabs(d[l])) {
      lend = lsv;
      l = lendsv;
    }

    if (lend >= l) {
      // ---- QL
      for (;;) {
        idx mm = lend;
        for (idx k = l; k < lend; ++k)
          if (std::fabs(e[k]) <= eps2 * std::fabs(d[k] * d[k + 1])) {
            mm = k;
            break;
          }
        m = mm;
        if (m < lend) e[m] = 0;
        double p = d[l];
        if (m == l) {
          d[l] = p;
          ++l;
          if (l <= lend) continue;
          break;
        }
        if (m == l + 1) {
          double rt1, rt2;
          laev2(d[l], std::sqrt(e[l]), d[l + 1], rt1, rt2, nullptr, nullptr);
          d[l] = rt1;
          d[l + 1] = rt2;
          e[l] = 0;
          l += 2;
          if (l <= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        ++jtot;
        const double rte = std::sqrt(e[l]);
        double sigma = (d[l + 1] - p) / (2 * rte);
        const double r0 = pythag1(sigma);
        sigma = p - (rte / (sigma + std::copysign(r0, sigma)));
        double c = 1, s = 0, gamma = d[m] - sigma;
        p = gamma * gamma;
        for (idx i = m - 1; i >= l; --i) {
          const double bb = e[i], r = p + bb;
          if (i != m - 1) e[i + 1] = s * r;
          const double oldc = c;
          c = p / r;
          s = bb / r;
          const double oldgam = gamma, alpha = d[i];
          gamma = c * (alpha - sigma) - s * oldgam;
          d[i + 1] = oldgam + (alpha - gamma);
          p = c != 0 ? (gamma * gamma) / c : oldc * bb;
        }
        e[l] = s * p;
        d[l] = sigma + gamma;
      }
    } else {
      // ---- QR
      for (;;) {
        idx mm = lend;
        for (idx k = l; k > lend; --k)
          if (std::fabs(e[k - 1]) <= eps2 * std::fabs(d[k] * d[k - 1])) {
            mm = k;
            break;
          }
        m = mm;
        if (m > lend) e[m - 1] = 0;
        double p = d[l];
        if (m == l) {
          d[l] = p;
          --l;
          if (l >= lend) continue;
          break;
        }
        if (m == l - 1) {
          double rt1, rt2;
          laev2(d[l], std::sqrt(e[l - 1]), d[l - 1], rt1, rt2, nullptr, nullptr);
          d[l] = rt1;
          d[l - 1] = rt2;
          e[l - 1] = 0;
          l -= 2;
          if (l >= lend) continue;
          break;
        }
        if (jtot == nmaxit) break;
        ++jtot;
        const double rte = std::sqrt(e[l - 1]);
        double sigma = (d[l - 1] - p) / (2 * rte);
        const double r0 = pythag1(sigma);
        sigma = p - (rte / (sigma + std::copysign(r0, sigma)));
        double c = 1, s = 0, gamma = d[m] - sigma;
        p = gamma * gamma;
        for (idx i = m; i <= l - 1; ++i) {
          const double bb = e[i], r = p + bb;
          if (i != m) e[i - 1] = s * r;
          const double oldc = c;
          c = p / r;
          s = bb / r;
          const double oldgam = gamma, alpha = d[i + 1];
          gamma = c * (alpha - sigma) - s * oldgam;
          d[i] = oldgam + (alpha - gamma);
          p = c != 0 ? (gamma * gamma) / c : oldc * bb;
        }
        e[l - 1] = s * p;
        d[l] = sigma + gamma;
      }
    }

    if (iscale == 1) scale(d, lsv, lendsv + 1, anorm / kSsfmax);
    if (iscale == 2) scale(d, lsv, lendsv + 1, anorm / kSsfmin);
    if (jtot >= nmaxit) {
      if (int bad = unconverged(n, e)) return bad;
    }
  }
  return 0;
}

}  // namespace eig
}  // namespace mmlkit
