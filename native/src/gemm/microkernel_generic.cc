// Portable micro-kernel (any CPU; the fallback under MMLKIT_ISA=generic). Compile-time bounds let
// the compiler unroll and keep acc in registers with the baseline vector unit (SSE2/NEON).
#include <cstddef>

#include "context.h"

namespace mmlkit {
namespace gemmcore {

using std::size_t;

void storeEdge(const double* t, int ldt, double* c, size_t ldc, double alpha, double beta, int mr,
               int nr) {
  for (int i = 0; i < mr; ++i) {
    double* ci = c + i * ldc;
    const double* ti = t + i * ldt;
    if (beta == 0.0) {
      for (int j = 0; j < nr; ++j) ci[j] = alpha * ti[j];
    } else {
      for (int j = 0; j < nr; ++j) ci[j] = alpha * ti[j] + beta * ci[j];
    }
  }
}

void microkernelGeneric(size_t kc, const double* __restrict a, const double* __restrict b,
                        double* c, size_t ldc, double alpha, double beta, int mr, int nr) {
  constexpr int MR = blocks::Generic::MR, NR = blocks::Generic::NR;
  double acc[MR][NR] = {};
  for (size_t p = 0; p < kc; ++p) {
    for (int i = 0; i < MR; ++i) {
      const double ai = a[i];
      for (int j = 0; j < NR; ++j) acc[i][j] += ai * b[j];
    }
    a += MR;
    b += NR;
  }
  storeEdge(&acc[0][0], NR, c, ldc, alpha, beta, mr, nr);
}

}  // namespace gemmcore
}  // namespace mmlkit
