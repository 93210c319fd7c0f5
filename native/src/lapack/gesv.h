// One-call solve (LAPACK dgesv's job). Semantics: src/backend/kernels.ts (`gesv`).
#pragma once

#include <cstddef>

namespace mmlkit::lapack {

// Solves A·X = B for the ROW-MAJOR n × n A (not written) and n × nrhs B (overwritten by X),
// by getrf on a copy of A and getrs. diag (n) receives U's diagonal. Returns max|A|; NaN or
// +Inf (nothing factorised, b and diag untouched) when A holds a NaN or ±Inf.
double gesv(std::size_t n, std::size_t nrhs, const double* a, double* b, double* diag);

// Frees the calling thread's copy of A kept between gesv calls.
void releaseGesvScratch();

}  // namespace mmlkit::lapack
