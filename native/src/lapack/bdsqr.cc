// Bidiagonal QR (LAPACK dbdsqr, Demmel & Kahan 1990): implicit shifted QR on an upper bidiagonal,
// zero-shift QR where a shift would spoil relative accuracy, chasing toward the smaller end,
// with dbdsqr's convergence tests, so tiny singular values keep high relative accuracy.
//
// The rotations never feed back into the iteration, so instead of one dlasr call per sweep on
// U and V they are logged (eig::RotationLog) and applied in large batches by the Givens applier
// the symmetric QL uses (givens.cc, ~FMA peak, row chunks shared by both threads): the scalar
// iteration is O(n²) and the vector work is all in those batches. Measured at n = 1000 on the
// shared 2-core Zen 5 (one thread, CPU time): ~400 ms with vectors, of which the scalar iteration
// is ~35 ms; 0.83 n² rotations per side. Batches of 64K rotations (both sides) measured faster
// than 16K: fewer passes of U and V through the cache.
//
// Values only (no U, V) runs the same iteration without logging (O(n²)); LAPACK would call dqds
// (dlasq1) there - also O(n²) and both are relatively accurate; this keeps one code path.
#include "bdsqr.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "../sym_eig_detail.h"
#include "../lartg.h"

namespace mmlkit {
namespace lapack {
namespace {

using std::size_t;
using eig::RotationLog;
using eig::lartg;  // ../lartg.h, shared with the symmetric QL (steqr)

constexpr double kEps = DBL_EPSILON * 0.5;  // dlamch('Epsilon')
constexpr double kUnfl = DBL_MIN;           // dlamch('Safe minimum')
constexpr int kMaxItr = 6;
// Logged rotations per batch (both sides together): c/s plus a row chunk of U or V stay in L2.
constexpr size_t kBatch = 65536;

// dlas2: singular values of [f g; 0 h], ssmin <= ssmax, without over/underflow.
void las2(double f, double g, double h, double& ssmin, double& ssmax) {
  const double fa = std::fabs(f), ga = std::fabs(g), ha = std::fabs(h);
  const double fhmn = std::min(fa, ha), fhmx = std::max(fa, ha);
  if (fhmn == 0) {
    ssmin = 0;
    if (fhmx == 0) {
      ssmax = ga;
    } else {
      const double mx = std::max(fhmx, ga), mn = std::min(fhmx, ga);
      ssmax = mx * std::sqrt(1 + (mn / mx) * (mn / mx));
    }
  } else if (ga < fhmx) {
    const double as = 1 + fhmn / fhmx, at = (fhmx - fhmn) / fhmx, au = (ga / fhmx) * (ga / fhmx);
    const double c = 2 / (std::sqrt(as * as + au) + std::sqrt(at * at + au));
    ssmin = fhmn * c;
    ssmax = fhmx / c;
  } else {
    const double au = fhmx / ga;
    if (au == 0) {
      ssmin = (fhmn * fhmx) / ga;
      ssmax = ga;
    } else {
      const double as = 1 + fhmn / fhmx, at = (fhmx - fhmn) / fhmx;
      const double c =
          1 / (std::sqrt(1 + (as * au) * (as * au)) + std::sqrt(1 + (at * au) * (at * au)));
      ssmin = (fhmn * c) * au;
      ssmin += ssmin;
      ssmax = ga / (c + c);
    }
  }
}

inline double sign(double a, double b) { return std::signbit(b) ? -std::fabs(a) : std::fabs(a); }

// dlasv2: SVD of [f g; 0 h]: [csl snl; -snl csl] [f g; 0 h] [csr -snr; snr csr] = diag(ssmax, ssmin).
void lasv2(double f, double g, double h, double& ssmin, double& ssmax, double& snr, double& csr,
           double& snl, double& csl) {
  double ft = f, fa = std::fabs(ft), ht = h, ha = std::fabs(h);
  int pmax = 1;
  const bool swap = ha > fa;
  if (swap) {
    pmax = 3;
    std::swap(ft, ht);
    std::swap(fa, ha);
  }
  const double gt = g, ga = std::fabs(gt);
  double clt, crt, slt, srt;
  if (ga == 0) {
    ssmin = ha;
    ssmax = fa;
    clt = 1;
    crt = 1;
    slt = 0;
    srt = 0;
  } else {
    bool gasmal = true;
    if (ga > fa) {
      pmax = 2;
      if (fa / ga < DBL_EPSILON * 0.5) {
        gasmal = false;
        ssmax = ga;
        ssmin = ha > 1 ? fa / (ga / ha) : (fa / ga) * ha;
        clt = 1;
        slt = ht / gt;
        srt = 1;
        crt = ft / gt;
      }
    }
    if (gasmal) {
      const double dd = fa - ha;
      double l = dd == fa ? 1.0 : dd / fa;
      const double m = gt / ft;
      double t = 2 - l;
      const double mm = m * m, tt = t * t, s = std::sqrt(tt + mm);
      const double r = l == 0 ? std::fabs(m) : std::sqrt(l * l + mm);
      const double a = 0.5 * (s + r);
      ssmin = ha / a;
      ssmax = fa * a;
      if (mm == 0) {
        t = l == 0 ? sign(2, ft) * sign(1, gt) : gt / sign(dd, ft) + m / t;
      } else {
        t = (m / (s + t) + m / (r + l)) * (1 + a);
      }
      l = std::sqrt(t * t + 4);
      crt = 2 / l;
      srt = t / l;
      clt = (crt + srt * m) / a;
      slt = (ht / ft) * srt / a;
    }
  }
  if (swap) {
    csl = srt;
    snl = crt;
    csr = slt;
    snr = clt;
  } else {
    csl = clt;
    snl = slt;
    csr = crt;
    snr = srt;
  }
  double tsign = 1;
  if (pmax == 1) tsign = sign(1, csr) * sign(1, csl) * sign(1, f);
  if (pmax == 2) tsign = sign(1, snr) * sign(1, csl) * sign(1, g);
  if (pmax == 3) tsign = sign(1, snr) * sign(1, snl) * sign(1, h);
  ssmax = sign(ssmax, tsign);
  ssmin = sign(ssmin, tsign * sign(1, f) * sign(1, h));
}

// The two rotation logs (left → U, right → V) and where they go.
struct Vectors {
  double *u, *v;
  size_t ldu, uRows, ldv, vRows;
  RotationLog left, right;

  bool on() const { return u != nullptr || v != nullptr; }
  // One sweep on columns first .. first+count-1 (0-based); c/s hold count-1 rotations.
  static void add(RotationLog& log, size_t first, size_t count, bool forward, const double* c,
                  const double* s) {
    log.sweeps.push_back({static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(count),
                          forward, log.c.size()});
    log.c.insert(log.c.end(), c, c + count - 1);
    log.s.insert(log.s.end(), s, s + count - 1);
  }
  void sweep(size_t first, size_t count, bool forward, const double* cr, const double* sr,
             const double* cl, const double* sl) {
    if (v) add(right, first, count, forward, cr, sr);
    if (u) add(left, first, count, forward, cl, sl);
    if (left.size() + right.size() >= kBatch) flush();
  }
  size_t applied = 0, sweeps = 0, fwd = 0;  // per side, for MMLKIT_SVD_PROFILE
  void flush() {
    const RotationLog& lg = v ? right : left;
    applied += lg.size();
    sweeps += lg.sweeps.size();
    for (const auto& sw : lg.sweeps) fwd += sw.forward;
    if (v) eig::applyRotations(right, v, ldv, vRows);
    if (u) eig::applyRotations(left, u, ldu, uRows);
    right.clear();
    left.clear();
  }
};

}  // namespace

int bdsqr(size_t n, double* d, double* e, double* u, size_t ldu, size_t uRows, double* v,
          size_t ldv, size_t vRows) {
  if (n == 0) return 0;
  Vectors vec{u, v, ldu, uRows, ldv, vRows, {}, {}};
  const bool rotate = vec.on();
  // 1-based views, so the code reads as dbdsqr does.
#define D(i) d[(i) - 1]
#define E(i) e[(i) - 1]
  int info = 0;
  if (n > 1) {
    const long N = static_cast<long>(n);
    std::vector<double> work(4 * n);
    double* w1 = work.data();       // WORK(1..)
    double* w2 = w1 + n;            // WORK(NM1+1..)
    double* w3 = w2 + n;            // WORK(NM12+1..)
    double* w4 = w3 + n;            // WORK(NM13+1..)
    const double tolmul = std::max(10.0, std::min(100.0, std::pow(kEps, -0.125)));
    const double tol = tolmul * kEps;
    double smax = 0;
    for (long i = 1; i <= N; ++i) smax = std::max(smax, std::fabs(D(i)));
    for (long i = 1; i < N; ++i) smax = std::max(smax, std::fabs(E(i)));
    double sminoa = std::fabs(D(1));
    if (sminoa != 0) {
      double mu = sminoa;
      for (long i = 2; i <= N; ++i) {
        mu = std::fabs(D(i)) * (mu / (mu + std::fabs(E(i - 1))));
        sminoa = std::min(sminoa, mu);
        if (sminoa == 0) break;
      }
    }
    sminoa = sminoa / std::sqrt(static_cast<double>(n));
    const double thresh = std::max(tol * sminoa, kMaxItr * (N * (N * kUnfl)));
    const double maxit = static_cast<double>(kMaxItr) * N * N;
    double iter = 0;
    long oldll = -1, oldm = -1, m = N;
    int idir = 0;
    double smin = 0;
    for (;;) {
      if (m <= 1) break;
      if (iter > maxit) {
        info = 0;
        if (rotate) vec.flush();
        for (long i = 1; i < N; ++i)
          if (E(i) != 0) ++info;
        return info;
      }
      // Find the diagonal block to work on.
      smax = std::fabs(D(m));
      long ll = 0;
      bool split = false;
      for (long lll = 1; lll <= m - 1; ++lll) {
        ll = m - lll;
        const double abss = std::fabs(D(ll)), abse = std::fabs(E(ll));
        if (abse <= thresh || abse == 0) {
          split = true;
          break;
        }
        smax = std::max({smax, abss, abse});
      }
      if (split) {
        E(ll) = 0;
        if (ll == m - 1) {  // bottom singular value converged
          --m;
          continue;
        }
      } else {
        ll = 0;
      }
      ++ll;
      // E(ll) .. E(m-1) are non-zero, E(ll-1) is zero.
      if (ll == m - 1) {  // 2 x 2 block
        double sigmn, sigmx, sinr, cosr, sinl, cosl;
        lasv2(D(m - 1), E(m - 1), D(m), sigmn, sigmx, sinr, cosr, sinl, cosl);
        D(m - 1) = sigmx;
        E(m - 1) = 0;
        D(m) = sigmn;
        if (rotate) vec.sweep(m - 2, 2, true, &cosr, &sinr, &cosl, &sinl);
        m -= 2;
        continue;
      }
      // A new sub-matrix: chase from the larger end toward the smaller.
      if (ll > oldm || m < oldll) idir = std::fabs(D(ll)) >= std::fabs(D(m)) ? 1 : 2;
      // Convergence tests.
      bool deflated = false;
      if (idir == 1) {
        if (std::fabs(E(m - 1)) <= tol * std::fabs(D(m))) {
          E(m - 1) = 0;
          continue;
        }
        double mu = std::fabs(D(ll));
        smin = mu;
        for (long lll = ll; lll <= m - 1; ++lll) {
          if (std::fabs(E(lll)) <= tol * mu) {
            E(lll) = 0;
            deflated = true;
            break;
          }
          mu = std::fabs(D(lll + 1)) * (mu / (mu + std::fabs(E(lll))));
          smin = std::min(smin, mu);
        }
      } else {
        if (std::fabs(E(ll)) <= tol * std::fabs(D(ll))) {
          E(ll) = 0;
          continue;
        }
        double mu = std::fabs(D(m));
        smin = mu;
        for (long lll = m - 1; lll >= ll; --lll) {
          if (std::fabs(E(lll)) <= tol * mu) {
            E(lll) = 0;
            deflated = true;
            break;
          }
          mu = std::fabs(D(lll)) * (mu / (mu + std::fabs(E(lll))));
          smin = std::min(smin, mu);
        }
      }
      if (deflated) continue;
      oldll = ll;
      oldm = m;
      // Shift: zero if it would ruin relative accuracy, else from the trailing 2 x 2.
      double shift = 0, r = 0;
      if (!(N * tol * (smin / smax) <= std::max(kEps, 0.01 * tol))) {
        double sll;
        if (idir == 1) {
          sll = std::fabs(D(ll));
          las2(D(m - 1), E(m - 1), D(m), shift, r);
        } else {
          sll = std::fabs(D(m));
          las2(D(ll), E(ll), D(ll + 1), shift, r);
        }
        if (sll > 0 && (shift / sll) * (shift / sll) < kEps) shift = 0;
      }
      iter += m - ll;
      const size_t first = static_cast<size_t>(ll - 1), count = static_cast<size_t>(m - ll + 1);
      if (shift == 0) {
        if (idir == 1) {  // zero-shift QR, top to bottom
          double cs = 1, oldcs = 1, sn = 0, oldsn = 0;
          for (long i = ll; i <= m - 1; ++i) {
            lartg(D(i) * cs, E(i), cs, sn, r);
            if (i > ll) E(i - 1) = oldsn * r;
            lartg(oldcs * r, D(i + 1) * sn, oldcs, oldsn, D(i));
            w1[i - ll] = cs;
            w2[i - ll] = sn;
            w3[i - ll] = oldcs;
            w4[i - ll] = oldsn;
          }
          const double h = D(m) * cs;
          D(m) = h * oldcs;
          E(m - 1) = h * oldsn;
          if (rotate) vec.sweep(first, count, true, w1, w2, w3, w4);
          if (std::fabs(E(m - 1)) <= thresh) E(m - 1) = 0;
        } else {  // zero-shift QR, bottom to top
          double cs = 1, oldcs = 1, sn = 0, oldsn = 0;
          for (long i = m; i >= ll + 1; --i) {
            lartg(D(i) * cs, E(i - 1), cs, sn, r);
            if (i < m) E(i) = oldsn * r;
            lartg(oldcs * r, D(i - 1) * sn, oldcs, oldsn, D(i));
            w1[i - ll - 1] = cs;
            w2[i - ll - 1] = -sn;
            w3[i - ll - 1] = oldcs;
            w4[i - ll - 1] = -oldsn;
          }
          const double h = D(ll) * cs;
          D(ll) = h * oldcs;
          E(ll) = h * oldsn;
          if (rotate) vec.sweep(first, count, false, w3, w4, w1, w2);
          if (std::fabs(E(ll)) <= thresh) E(ll) = 0;
        }
      } else {
        if (idir == 1) {  // shifted QR, top to bottom
          double f = (std::fabs(D(ll)) - shift) * (sign(1, D(ll)) + shift / D(ll));
          double g = E(ll);
          double cosr, sinr, cosl, sinl;
          for (long i = ll; i <= m - 1; ++i) {
            lartg(f, g, cosr, sinr, r);
            if (i > ll) E(i - 1) = r;
            f = cosr * D(i) + sinr * E(i);
            E(i) = cosr * E(i) - sinr * D(i);
            g = sinr * D(i + 1);
            D(i + 1) = cosr * D(i + 1);
            lartg(f, g, cosl, sinl, r);
            D(i) = r;
            f = cosl * E(i) + sinl * D(i + 1);
            D(i + 1) = cosl * D(i + 1) - sinl * E(i);
            if (i < m - 1) {
              g = sinl * E(i + 1);
              E(i + 1) = cosl * E(i + 1);
            }
            w1[i - ll] = cosr;
            w2[i - ll] = sinr;
            w3[i - ll] = cosl;
            w4[i - ll] = sinl;
          }
          E(m - 1) = f;
          if (rotate) vec.sweep(first, count, true, w1, w2, w3, w4);
          if (std::fabs(E(m - 1)) <= thresh) E(m - 1) = 0;
        } else {  // shifted QR, bottom to top
          double f = (std::fabs(D(m)) - shift) * (sign(1, D(m)) + shift / D(m));
          double g = E(m - 1);
          double cosr, sinr, cosl, sinl;
          for (long i = m; i >= ll + 1; --i) {
            lartg(f, g, cosr, sinr, r);
            if (i < m) E(i) = r;
            f = cosr * D(i) + sinr * E(i - 1);
            E(i - 1) = cosr * E(i - 1) - sinr * D(i);
            g = sinr * D(i - 1);
            D(i - 1) = cosr * D(i - 1);
            lartg(f, g, cosl, sinl, r);
            D(i) = r;
            f = cosl * E(i - 1) + sinl * D(i - 1);
            D(i - 1) = cosl * D(i - 1) - sinl * E(i - 1);
            if (i > ll + 1) {
              g = sinl * E(i - 2);
              E(i - 2) = cosl * E(i - 2);
            }
            w1[i - ll - 1] = cosr;
            w2[i - ll - 1] = -sinr;
            w3[i - ll - 1] = cosl;
            w4[i - ll - 1] = -sinl;
          }
          E(ll) = f;
          if (std::fabs(E(ll)) <= thresh) E(ll) = 0;
          if (rotate) vec.sweep(first, count, false, w3, w4, w1, w2);
        }
      }
    }
    if (rotate) vec.flush();
    if (rotate && n > 64 && std::getenv("MMLKIT_SVD_PROFILE"))
      std::fprintf(stderr, "svd bdsqr: %zu rotations per side (%.2f n^2) in %zu sweeps (%zu forward)\n",
                   vec.applied, static_cast<double>(vec.applied) / (static_cast<double>(n) * n),
                   vec.sweeps, vec.fwd);
  }
  // Make the singular values positive (flipping V's column), then sort them decreasing.
  for (size_t i = 0; i < n; ++i) {
    if (d[i] == 0) d[i] = 0;  // no -0
    if (d[i] < 0) {
      d[i] = -d[i];
      if (v)
        for (size_t r = 0; r < vRows; ++r) v[i * ldv + r] = -v[i * ldv + r];
    }
  }
  for (size_t i = 1; i < n; ++i) {  // selection sort: one swap per position
    size_t isub = 0;
    double smin = d[0];
    const size_t last = n - i;
    for (size_t j = 1; j <= last; ++j)
      if (d[j] <= smin) {
        isub = j;
        smin = d[j];
      }
    if (isub != last) {
      d[isub] = d[last];
      d[last] = smin;
      if (v) std::swap_ranges(v + isub * ldv, v + isub * ldv + vRows, v + last * ldv);
      if (u) std::swap_ranges(u + isub * ldu, u + isub * ldu + uRows, u + last * ldu);
    }
  }
#undef D
#undef E
  return info;
}

}  // namespace lapack
}  // namespace mmlkit
