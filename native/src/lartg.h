// dlartg: the plane rotation of the implicit QL/QR sweeps (steqr.cc). Twin of
// src/backend/ts/sym-eig/lartg.ts and assembly/sym-eig/lartg.ts.
#pragma once

#include <algorithm>
#include <cmath>

namespace mmlkit {
namespace eig {

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

}  // namespace eig
}  // namespace mmlkit
