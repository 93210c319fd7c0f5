// Inverse from LU factors (dgetri's job): inv(A) = U⁻¹·L⁻¹·P.
//
// L⁻¹ (unit lower) is formed in `out` by a recursive trtri that is itself two trsm calls per
// level (n³/3 flops), then U⁻¹·(L⁻¹) is one left trsm (n³), then P is applied as column
// interchanges row by row (contiguous). With getrf's 2n³/3 that is 2n³ in all, against 8n³/3
// for getrs against the identity (numpy's inv is dgesv on I). Measured at n = 1000 (one
// thread, CPU time, shared Zen 5, 2026-12-06): 61–67 ms against 66–86 ms for getrs on I.
#include <algorithm>

#include "chunks.h"
#include "getrf.h"
#include "trsm.h"

namespace mmlkit::lapack {
namespace {

using std::size_t;

constexpr size_t kLeaf = 32;

// In place: x (n × n unit lower, strictly lower part read) ← its inverse's strictly lower part.
void trtriUnitLower(size_t n, double* x, size_t ld) {
  if (n <= kLeaf) {
    double r[kLeaf];
    for (size_t i = 1; i < n; ++i) {
      // Row i of X = −Σ_{p<i} L(i, p)·X(p, :), X(p, p) = 1.
      std::fill(r, r + i, 0.0);
      double* xi = x + i * ld;
      for (size_t p = 0; p < i; ++p) {
        const double l = xi[p];
        const double* xp = x + p * ld;
        for (size_t c = 0; c < p; ++c) r[c] += l * xp[c];
        r[p] += l;
      }
      for (size_t c = 0; c < i; ++c) xi[c] = -r[c];
    }
    return;
  }
  const size_t n1 = n / 2, n2 = n - n1;
  double* x21 = x + n1 * ld;
  double* x22 = x21 + n1;
  // X21 = −L22⁻¹·L21·L11⁻¹, from the factors before they are inverted.
  trsm('R', 'L', 'N', 'U', n2, n1, 1.0, x, ld, x21, ld);
  trsm('L', 'L', 'N', 'U', n2, n1, -1.0, x22, ld, x21, ld);
  trtriUnitLower(n1, x, ld);
  trtriUnitLower(n2, x22, ld);
}

}  // namespace

int getri(size_t n, const double* lu, size_t lda, const std::int32_t* ipiv, double* out,
          size_t ldo) {
  for (size_t j = 0; j < n; ++j)
    if (lu[j * lda + j] == 0.0) return static_cast<int>(j + 1);
  if (n == 0) return 0;
  for (size_t i = 0; i < n; ++i) {
    double* o = out + i * ldo;
    std::copy(lu + i * lda, lu + i * lda + i, o);
    o[i] = 1.0;
    std::fill(o + i + 1, o + n, 0.0);
  }
  trtriUnitLower(n, out, ldo);
  trsm('L', 'U', 'N', 'N', n, n, 1.0, lu, lda, out, ldo);
  // inv(A) = X·P: column interchanges in reverse order, one row at a time.
  forChunks(n, n >= 256 ? 64 : n, [&](size_t r0, size_t r1) {
    for (size_t i = r0; i < r1; ++i) {
      double* o = out + i * ldo;
      for (size_t s = n; s-- > 0;) {
        const size_t p = static_cast<size_t>(ipiv[s]);
        if (p != s) std::swap(o[s], o[p]);
      }
      for (size_t c = 0; c < n; ++c) o[c] += 0.0;  // −0 → +0 (the alpha = −1 scaling makes them)
    }
  });
  return 0;
}

}  // namespace mmlkit::lapack
