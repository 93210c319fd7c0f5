// Solve from LU factors (dgetrs): row interchanges on B, then two triangular solves on trsm
// (recursive, gemm-backed, right-hand sides split across threads), so many right-hand sides
// cost one call and run at gemm's rate.
#include "getrf.h"
#include "laswp.h"
#include "trsm.h"

namespace mmlkit::lapack {

void getrs(bool trans, std::size_t n, std::size_t nrhs, const double* lu, std::size_t lda,
           const std::int32_t* ipiv, double* b, std::size_t ldb) {
  if (n == 0 || nrhs == 0) return;
  if (!trans) {
    // A = Pᵀ·L·U: X = U⁻¹·L⁻¹·P·B
    laswp(nrhs, b, ldb, 0, n, ipiv, true);
    trsm('L', 'L', 'N', 'U', n, nrhs, 1.0, lu, lda, b, ldb);
    trsm('L', 'U', 'N', 'N', n, nrhs, 1.0, lu, lda, b, ldb);
  } else {
    // Aᵀ = Uᵀ·Lᵀ·P: X = Pᵀ·L⁻ᵀ·U⁻ᵀ·B
    trsm('L', 'U', 'T', 'N', n, nrhs, 1.0, lu, lda, b, ldb);
    trsm('L', 'L', 'T', 'U', n, nrhs, 1.0, lu, lda, b, ldb);
    laswp(nrhs, b, ldb, 0, n, ipiv, false);
  }
}

}  // namespace mmlkit::lapack
