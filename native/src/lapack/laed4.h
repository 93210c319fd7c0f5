// Secular equation of a rank-one modified diagonal matrix (LAPACK dlaed4's job).
#pragma once

#include <cstddef>

namespace mmlkit {
namespace lapack {

// Root i (0-based) of 1 + rho * sum_j z_j^2 / (d_j - lambda) = 0, i.e. the i-th eigenvalue of
// diag(d) + rho z z^T, with d strictly increasing (k entries), rho > 0 and ||z|| = 1.
// delta (k) receives d_j - lambda_i, each computed as (d_j - d_origin) - tau from the pole
// nearest the root, so it carries full relative accuracy (what the Gu-Eisenstat eigenvectors
// need). Returns false if the iteration did not converge (lambda is then the best estimate).
bool laed4(std::size_t k, std::size_t i, const double* d, const double* z, double rho,
           double* delta, double* lambda);

}  // namespace lapack
}  // namespace mmlkit
