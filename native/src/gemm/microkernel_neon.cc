// AArch64 NEON micro-kernel, MR x NR = 6 x 8 (BLIS armv8a's d6x8): 24 of the 32 128-bit registers
// hold C (6 rows x 4 two-lane vectors), 4 the B row, 3 the six A values, so each k step is
// 7 loads + 24 independent by-element FMAs (fmla v.2d, v.2d, v.d[lane]: no broadcasts needed;
// cores with two 4-cycle FMA pipes need >= 8 chains). NEON is part of every AArch64 CPU, so this
// is chosen at compile time; MMLKIT_ISA=generic still selects the portable kernel (testing).
#include <cstddef>

#include "context.h"

#if defined(__aarch64__)
#include <arm_neon.h>

namespace mmlkit {
namespace gemmcore {

using std::size_t;

namespace {

constexpr int MR = blocks::Neon::MR, NR = blocks::Neon::NR, NV = NR / 2;
static_assert(MR == 6 && NR % 2 == 0, "rows are unrolled by hand for MR = 6");

// One row of C: acc[v] += a[L] * b[2v .. 2v+1] for the A value in lane L of av (L must be a
// constant, hence the template).
template <int L>
inline __attribute__((always_inline)) void fmaRow(float64x2_t (&acc)[NV], float64x2_t av,
                                                  const float64x2_t (&bv)[NV]) {
#pragma GCC unroll 8
  for (int v = 0; v < NV; ++v) acc[v] = vfmaq_laneq_f64(acc[v], bv[v], av, L);
}

}  // namespace

void microkernelNeon(size_t kc, const double* __restrict a, const double* __restrict b, double* c,
                     size_t ldc, double alpha, double beta, int mr, int nr) {
  float64x2_t acc[MR][NV];
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) acc[i][v] = vdupq_n_f64(0.0);
  // Pull the C tile towards L1 while the k loop runs (it is written once at the end).
  for (int i = 0; i < mr; ++i) __builtin_prefetch(c + i * ldc, 1, 3);
#pragma GCC unroll 2
  for (size_t p = 0; p < kc; ++p) {
    float64x2_t bv[NV];
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) bv[v] = vld1q_f64(b + 2 * v);
    const float64x2_t a01 = vld1q_f64(a), a23 = vld1q_f64(a + 2), a45 = vld1q_f64(a + 4);
    fmaRow<0>(acc[0], a01, bv);
    fmaRow<1>(acc[1], a01, bv);
    fmaRow<0>(acc[2], a23, bv);
    fmaRow<1>(acc[3], a23, bv);
    fmaRow<0>(acc[4], a45, bv);
    fmaRow<1>(acc[5], a45, bv);
    a += MR;
    b += NR;
  }
  if (mr == MR && nr == NR) {
    const float64x2_t va = vdupq_n_f64(alpha);
    if (beta == 0.0) {
#pragma GCC unroll 8
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 8
        for (int v = 0; v < NV; ++v) vst1q_f64(c + i * ldc + 2 * v, vmulq_f64(va, acc[i][v]));
    } else {
      const float64x2_t vb = vdupq_n_f64(beta);
#pragma GCC unroll 8
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 8
        for (int v = 0; v < NV; ++v) {
          double* cp = c + i * ldc + 2 * v;
          vst1q_f64(cp, vfmaq_f64(vmulq_f64(vb, vld1q_f64(cp)), va, acc[i][v]));
        }
    }
    return;
  }
  alignas(16) double t[MR * NR];
#pragma GCC unroll 8
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 8
    for (int v = 0; v < NV; ++v) vst1q_f64(t + i * NR + 2 * v, acc[i][v]);
  storeEdge(t, NR, c, ldc, alpha, beta, mr, nr);
}

}  // namespace gemmcore
}  // namespace mmlkit

#endif  // __aarch64__
