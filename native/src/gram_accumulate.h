// gramAccumulate: the shifted scatter (SYRK) update. Semantics: src/backend/kernels.ts.
#pragma once

#include <cstddef>

namespace mmlkit {

// a: m x n row-major, shift: n, c: n x n row-major.
// lower(C) += lower((A - 1 shift^T)^T (A - 1 shift^T)); then C's strict upper triangle is
// overwritten with the mirror of the lower. m == 0 only mirrors. Throws std::bad_alloc /
// std::system_error; never aborts.
void gramAccumulate(std::size_t m, std::size_t n, const double* a, const double* shift, double* c);

}  // namespace mmlkit
