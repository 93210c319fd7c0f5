// One dense layer over a batch, forward and backward (semantics: denseForward / denseBackward
// in src/backend/kernels.ts). Row-major; buffers do not overlap.
#pragma once

#include <cstddef>

namespace mmlkit {

// Z = X W^T + 1 b^T, A = act(Z); x n x inDim, w outDim x inDim, b outDim, z and a n x outDim.
// z == nullptr: Z is not stored (it is built in A and activated in place).
void denseForward(int act, std::size_t n, std::size_t inDim, std::size_t outDim, const double* x,
                  const double* w, const double* b, double* z, double* a);

// delta (n x outDim) holds G = dC/dA on entry and Delta = G (.) act'(A) on exit;
// gradW = scale Delta^T X, gradB = scale colsum(Delta), deltaIn = Delta W (skipped when null).
void denseBackward(int act, std::size_t n, std::size_t inDim, std::size_t outDim, double scale,
                   const double* x, const double* w, const double* a, double* delta,
                   double* gradW, double* gradB, double* deltaIn);

}  // namespace mmlkit
