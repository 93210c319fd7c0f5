// Row interchanges (LAPACK dlaswp) on a ROW-MAJOR matrix with leading dimension: rows are
// contiguous, so each interchange is one contiguous segment swap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

namespace mmlkit::lapack {

// For i = k1 .. k2-1 (forward) or k2-1 .. k1 (backward): swap rows i and ipiv[i] over the
// columns [0, ncols) of a (row stride lda). ipiv holds 0-based row indices.
inline void laswp(std::size_t ncols, double* a, std::size_t lda, std::size_t k1, std::size_t k2,
                  const std::int32_t* ipiv, bool forward = true) {
  if (ncols == 0 || k2 <= k1) return;
  for (std::size_t s = 0; s < k2 - k1; ++s) {
    const std::size_t i = forward ? k1 + s : k2 - 1 - s;
    const std::size_t p = static_cast<std::size_t>(ipiv[i]);
    if (p == i) continue;
    double* __restrict x = a + i * lda;
    double* __restrict y = a + p * lda;
    for (std::size_t c = 0; c < ncols; ++c) std::swap(x[c], y[c]);
  }
}

}  // namespace mmlkit::lapack
