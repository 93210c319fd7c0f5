// colMeans: column means of a row-major m x n matrix. Semantics: src/backend/kernels.ts.
#pragma once

#include <cstddef>

namespace mmlkit {

// out[j] <- mean of column j, summed relative to row 0 (large-mean data keeps its digits).
// m == 0 fills out with NaN. Throws std::system_error on thread failure; never aborts.
void colMeans(std::size_t m, std::size_t n, const double* a, double* out);

}  // namespace mmlkit
