// AVX2+FMA micro-kernel, MR x NR = 6 x 8 (BLIS haswell's d6x8): 12 of the 16 ymm registers hold
// C, 2 the B row, 1 the broadcast A value: each k step is 2 loads + 6 broadcasts + 12
// independent FMAs (two 4-cycle FMA pipes need >= 8 chains). Compiled for AVX2 through a target
// attribute; the context only calls it when the CPU has AVX2 and FMA.
#include <cstddef>

#include "context.h"

#if defined(__x86_64__)
#include <immintrin.h>

namespace mmlkit {
namespace gemmcore {

using std::size_t;

__attribute__((target("avx2,fma"))) void microkernelAvx2(size_t kc, const double* __restrict a,
                                                         const double* __restrict b, double* c,
                                                         size_t ldc, double alpha, double beta,
                                                         int mr, int nr) {
  constexpr int MR = blocks::Avx2::MR, NR = blocks::Avx2::NR, NV = NR / 4;
  static_assert(NR % 4 == 0, "NR must be a whole number of ymm vectors");
  __m256d acc[MR][NV];
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_setzero_pd();
  // The k loop runs in two legs: all but the last kCLateSteps steps, then the C tile is pulled
  // towards L1 (every line of each row, and its last value: a C that is not 64-byte aligned -
  // a Float64Array's store is 16-byte aligned - has a row's values on one more line), then the
  // last steps. Prefetched at the start instead, C's lines sat in L1 through the whole loop:
  // rows of a power-of-two-wide C map to the same L1 sets as the streamed A and B slivers, so
  // they evicted them and were evicted in turn. Measured on the Zen 3 VM (1024^3, one thread,
  // CPU time, 30 interleaved rounds, two orders): 49.3 / 49.1 ms best with the prefetch at the
  // start, 47.5-48.0 with it 32 or 64 steps before the end, 48.3-49.0 with 128; 2048^3 384 ->
  // 380 ms. 64 steps is ~400 cycles of FMAs, enough to cover a miss to memory.
  constexpr size_t kCLateSteps = 64;
  const size_t firstLeg = kc > kCLateSteps ? kc - kCLateSteps : 0;
  for (int leg = 0; leg < 2; ++leg) {
    if (leg == 1) {
      for (int i = 0; i < mr; ++i) {
        const char* row = reinterpret_cast<const char*>(c + i * ldc);
        for (int j = 0; j < nr; j += 8) _mm_prefetch(row + 8 * j, _MM_HINT_T0);
        _mm_prefetch(row + 8 * (nr - 1), _MM_HINT_T0);
      }
    }
    const size_t steps = leg == 0 ? firstLeg : kc - firstLeg;
#pragma GCC unroll 4
    for (size_t p = 0; p < steps; ++p) {
      __m256d bv[NV];
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) bv[v] = _mm256_load_pd(b + 4 * v);
#pragma GCC unroll 16
      for (int i = 0; i < MR; ++i) {
        const __m256d ai = _mm256_broadcast_sd(a + i);
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_fmadd_pd(ai, bv[v], acc[i][v]);
      }
      a += MR;
      b += NR;
    }
  }
  const __m256d va = _mm256_set1_pd(alpha);
  if (mr == MR && nr == NR) {
    if (beta == 0.0) {
#pragma GCC unroll 16
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v)
          _mm256_storeu_pd(c + i * ldc + 4 * v, _mm256_mul_pd(va, acc[i][v]));
    } else {
      const __m256d vb = _mm256_set1_pd(beta);
#pragma GCC unroll 16
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) {
          double* cp = c + i * ldc + 4 * v;
          _mm256_storeu_pd(cp,
                           _mm256_fmadd_pd(va, acc[i][v], _mm256_mul_pd(vb, _mm256_loadu_pd(cp))));
        }
    }
    return;
  }
  alignas(32) double t[MR * NR];
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) _mm256_store_pd(t + i * NR + 4 * v, acc[i][v]);
  storeEdge(t, NR, c, ldc, alpha, beta, mr, nr);
}

}  // namespace gemmcore
}  // namespace mmlkit

#endif  // __x86_64__
