// Applies Q of the tridiagonalisation to a block of vectors (LAPACK dormtr('L', 'L', 'N')):
// symEig's and symEigRange's back-transformation of the tridiagonal's eigenvectors, without
// forming Q. Measured (n = 2000, one thread): 0.65 s against formQ + gemm's 0.97 s.
#include <algorithm>
#include <vector>

#include "lapack/householder.h"
#include "sym_eig_detail.h"

namespace mmlkit {
namespace eig {
namespace {

using std::size_t;

constexpr size_t kOrmBlock = 128;  // 128 measured ~15% faster than 64 and 32 (n = 2000)

}  // namespace

// dormtr('L', 'L', 'N'): C <- Q C with Q = H(0) ... H(n-2) from tridiagonalize, in blocks of
// kOrmBlock reflectors applied last block first, each as one block reflector (larfb: three
// gemms). 2 n^2 ncols flops against formQ's 4/3 n^3 plus a 2 n^2 ncols product.
void applyQ(size_t n, const double* a, size_t lda, const double* tau, double* c, size_t ldc,
            size_t ncols) {
  if (n < 2 || ncols == 0) return;
  const size_t nq = n - 1;  // reflector j acts on rows j+1..n-1; its vector starts at a(j+1, j)
  const size_t nb = kOrmBlock;
  std::vector<double> T(nb * nb);
  for (size_t i = (nq - 1) / nb * nb + nb; i > 0;) {
    i -= nb;
    const size_t ib = std::min(nb, nq - i);
    const size_t m = nq - i;
    const double* v = a + (i + 1) + i * lda;
    lapack::larft(lapack::Columnwise, m, ib, v, lda, tau + i, T.data(), nb);
    lapack::larfb(lapack::Left, false, lapack::Columnwise, m, ncols, ib, v, lda, T.data(), nb,
                  c + (i + 1), ldc);
  }
}

}  // namespace eig
}  // namespace mmlkit
