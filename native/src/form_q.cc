// Forms Q of the tridiagonalisation explicitly (LAPACK dorgtr('L') through the shared blocked
// dorgqr): the small-n path of symEig, where QL/QR rotates Q directly.
#include <algorithm>

#include "lapack/qr.h"
#include "sym_eig_detail.h"

namespace mmlkit {
namespace eig {

using std::size_t;

void formQ(size_t n, const double* a, size_t lda, const double* tau, double* q, size_t ldq) {
  for (size_t j = 0; j < n; ++j) std::fill(q + j * ldq, q + j * ldq + ldq, 0.0);
  if (n == 0) return;
  q[0] = 1;
  if (n == 1) return;
  // dorgtr('L'): reflector j (1 at global row j+1) moves to column j+1 of q; Q(1:n, 1:n) is then
  // the Q of a QR factorisation of order n - 1.
  for (size_t j = 0; j + 1 < n; ++j)
    for (size_t r = j + 2; r < n; ++r) q[r + (j + 1) * ldq] = a[r + j * lda];
  lapack::orgqr(n - 1, n - 1, n - 1, q + 1 + ldq, ldq, tau);
}

}  // namespace eig
}  // namespace mmlkit
