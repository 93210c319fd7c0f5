// Secular equation of the bidiagonal divide and conquer (LAPACK dlasd4's job).
#pragma once

#include <cstddef>

namespace mmlkit {
namespace lapack {

// Root i (0-based) of 1 + rho * sum_j z_j^2 / (d_j^2 - sigma^2) = 0, i.e. the i-th singular
// value of the merge matrix whose squares are the eigenvalues of diag(d)^2 + rho z z^T, with
// 0 <= d[0] < d[1] < ... (k entries), rho > 0 and ||z|| = 1. delta[j] receives d_j - sigma_i and
// work[j] receives d_j + sigma_i, each formed from the pole nearest the root ((d_j - d_org) -
// tau), so d_j^2 - sigma_i^2 = delta[j] * work[j] carries full relative accuracy (what the
// Gu-Eisenstat vectors need). Returns false if the iteration did not converge (sigma is then the
// best estimate).
bool lasd4(std::size_t k, std::size_t i, const double* d, const double* z, double rho,
           double* delta, double* work, double* sigma);

}  // namespace lapack
}  // namespace mmlkit
