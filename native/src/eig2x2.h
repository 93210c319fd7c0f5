// dlaev2 / dlae2: the 2 x 2 symmetric eigenproblem that ends QL/QR on a 2 x 2 block (steqr.cc,
// sterf.cc). Twin of src/backend/ts/sym-eig/eig2x2.ts and assembly/sym-eig/eig2x2.ts.
#pragma once

#include <cmath>

namespace mmlkit {
namespace eig {

// dlaev2 / dlae2: eigen-decomposition of [a b; b c]; rt1 has the larger magnitude, (cs1, sn1)
// is its unit eigenvector.
inline void laev2(double a, double b, double c, double& rt1, double& rt2, double* cs1, double* sn1) {
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

}  // namespace eig
}  // namespace mmlkit
