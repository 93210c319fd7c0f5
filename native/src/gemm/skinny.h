// Skinny gemm: products where C has at most kSkinnyMaxN columns and the other operand is large,
// e.g. randomized PCA's Y = X·Z (n x l) and W = Xᵀ·Y (d x l) with l ~ 20. These are
// memory-bound: the driver's packing copies all of X into panels and so reads it three times;
// this path reads X once, unpacked, and packs only the small operand.
#pragma once

#include <cstddef>

namespace mmlkit {
namespace gemmcore {

// Widest C (columns) the skinny path takes.
constexpr std::size_t kSkinnyMaxN = 32;

// Runs the product if the shape qualifies (n <= kSkinnyMaxN, k >= 32 and A large enough;
// any transB; transA picks between the two layouts) and returns true; false leaves it to the
// driver. Same contract as gemmStrided (m, n, k >= 1 here).
bool skinnyGemm(bool transA, bool transB, std::size_t m, std::size_t n, std::size_t k,
                double alpha, const double* a, std::size_t lda, const double* b, std::size_t ldb,
                double beta, double* c, std::size_t ldc);

}  // namespace gemmcore
}  // namespace mmlkit
