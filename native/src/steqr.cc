// Implicit QL/QR with eigenvectors on a symmetric tridiagonal matrix: LAPACK dsteqr, with
// Wilkinson shifts, deflation and splitting into unreduced blocks. Each block runs QL or QR
// depending on which end is larger in magnitude, so graded matrices keep their small
// eigenvalues accurate. (Values only: sterf.cc.)
//
// dsteqr's rotations never feed back into the iteration, so they are logged and applied to Z in
// large batches (rotations.cc) instead of one dlasr call per sweep: one fork/join per batch.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>

#include "eig2x2.h"
#include "lartg.h"
#include "sym_eig_detail.h"
#include "tridiagonal_block.h"

namespace mmlkit {
namespace eig {
namespace {

using std::size_t;

// Rotations per batch: c/s (16 B each) plus a 32-row chunk of Z stay in L2 while applied.
constexpr size_t kBatch = 16384;

}  // namespace

int steqr(size_t n, double* d, double* e, double* z, size_t ldz, size_t rows) {
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
    if (anorm == 0) continue;
    const int iscale = scaleIntoSafeRange(d, e, l, lend, anorm);

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

    undoSafeRange(iscale, anorm, d, e, lsv, lendsv);
    if (jtot >= nmaxit) {
      flush();
      if (int bad = unconverged(n, e)) return bad;
    }
  }
  flush();
  return 0;
}

}  // namespace eig
}  // namespace mmlkit
