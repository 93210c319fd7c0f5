// Squared Euclidean distances between rows. Semantics: src/backend/kernels.ts `pairwiseSqDist`.
#pragma once

#include <cstddef>

namespace mmlkit {

// x: m x d, y: n x d (row-major), xx / yy: their squared row norms (length m / n),
// dist: m x n receives max(0, xx[i] + yy[j] - 2 x_i . y_j); NaN propagates. Throws
// std::bad_alloc / std::system_error; never aborts.
void pairwiseSqDist(std::size_t m, std::size_t n, std::size_t d, const double* x, const double* y,
                    const double* xx, const double* yy, double* dist);

}  // namespace mmlkit
