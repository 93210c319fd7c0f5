// Singular values (and optionally vectors) of an upper bidiagonal matrix: LAPACK dbdsqr.
#pragma once

#include <cstddef>

namespace mmlkit {
namespace lapack {

// B = upper bidiagonal with diagonal d[0..n) and super-diagonal e[0..n-1). On return d holds
// B's singular values in descending order (>= 0) and e is destroyed. With vectors, the left
// rotations are applied to the columns 0..n-1 of U (column-major, ldu, uRows rows) and the right
// ones to the columns of V (column-major, ldv, vRows rows): on entry U·B·Vᵀ = A gives on return
// U·diag(d)·Vᵀ = A. uRows and vRows must be multiples of 8 (pad with zero rows, as
// eig::applyRotations requires). u == nullptr (or v == nullptr) skips that side.
// Returns 0, or the number of super-diagonal entries that had not vanished after 6·n² inner
// iterations (LAPACK's INFO > 0); d is then not sorted and only partly converged.
// Rows rounded up to the multiple of 8 bdsqr's U and V need.
inline std::size_t roundUp8(std::size_t x) { return (x + 7) / 8 * 8; }

int bdsqr(std::size_t n, double* d, double* e, double* u, std::size_t ldu, std::size_t uRows,
          double* v, std::size_t ldv, std::size_t vRows);

}  // namespace lapack
}  // namespace mmlkit
