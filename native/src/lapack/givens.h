// Plane rotations shared by the tridiagonal QL/QR (tridiagonal_ql.cc) and the bidiagonal QR
// (lapack/bdsqr.cc): LAPACK dlartg. Header-only so the iterations keep it inlined in their
// scalar inner loops.
#pragma once

#include <algorithm>
#include <cmath>

namespace mmlkit {
namespace lapack {

// dlartg: [c s; -s c] [f; g] = [r; 0]. The direct formula unless squares could over/underflow;
// when |f| > |g| the sign is chosen so that c > 0 (LAPACK 3.9's convention).
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

}  // namespace lapack
}  // namespace mmlkit
