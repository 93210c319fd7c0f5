// colStats: per-column sums and sums of squares about a shift, max |x|, and the first
// non-finite entry, in one pass. Semantics: src/backend/kernels.ts.
#pragma once

#include <cstddef>

namespace mmlkit {

// a: m x n row-major; shift, sum, sumSq, maxAbs: n (shift may alias a's first row).
// Returns the row-major index of the first NaN/Inf of A, or -1. Throws std::system_error on
// thread failure; never aborts.
double colStats(std::size_t m, std::size_t n, const double* a, const double* shift, double* sum,
                double* sumSq, double* maxAbs);

}  // namespace mmlkit
