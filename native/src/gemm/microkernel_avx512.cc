// AVX-512F micro-kernel, MR x NR = 8 x 24: 24 of the 32 zmm registers hold C, 3 hold the B row,
// 1 the broadcast A value, so each k step is 3 loads + 8 broadcasts + 24 independent FMAs (more
// than the ~8-10 chains two 4-cycle FMA pipes need). Compiled for AVX-512 through a target
// attribute, so the rest of the binary stays baseline x86-64 and the context only calls this
// when the CPU has AVX-512F.
#include <cstddef>

#include "context.h"

#if defined(__x86_64__)
#include <immintrin.h>

namespace mmlkit {
namespace gemmcore {

using std::size_t;

__attribute__((target("avx512f"))) void microkernelAvx512(size_t kc, const double* __restrict a,
                                                          const double* __restrict b, double* c,
                                                          size_t ldc, double alpha, double beta,
                                                          int mr, int nr) {
  constexpr int MR = blocks::Avx512::MR, NR = blocks::Avx512::NR, NV = NR / 8;
  static_assert(NR % 8 == 0, "NR must be a whole number of zmm vectors");
  __m512d acc[MR][NV];
#pragma GCC unroll 32
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_setzero_pd();
  // Pull the C tile towards L1 while the k loop runs (it is written once at the end).
  // Every line of each row, and its last value: a C that is not 64-byte aligned (a
  // Float64Array's store is 16-byte aligned) has a row's values on one more cache line.
  for (int i = 0; i < mr; ++i) {
    const char* row = reinterpret_cast<const char*>(c + i * ldc);
    for (int j = 0; j < nr; j += 8) _mm_prefetch(row + 8 * j, _MM_HINT_T0);
    _mm_prefetch(row + 8 * (nr - 1), _MM_HINT_T0);
  }
#pragma GCC unroll 4
  for (size_t p = 0; p < kc; ++p) {
    __m512d bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) bv[v] = _mm512_load_pd(b + 8 * v);
#pragma GCC unroll 32
    for (int i = 0; i < MR; ++i) {
      const __m512d ai = _mm512_set1_pd(a[i]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_fmadd_pd(ai, bv[v], acc[i][v]);
    }
    a += MR;
    b += NR;
  }
  const __m512d va = _mm512_set1_pd(alpha);
  if (mr == MR && nr == NR) {
    if (beta == 0.0) {
#pragma GCC unroll 32
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v)
          _mm512_storeu_pd(c + i * ldc + 8 * v, _mm512_mul_pd(va, acc[i][v]));
    } else if (beta == 1.0) {
#pragma GCC unroll 32
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) {
          double* cp = c + i * ldc + 8 * v;
          _mm512_storeu_pd(cp, _mm512_fmadd_pd(va, acc[i][v], _mm512_loadu_pd(cp)));
        }
    } else {
      const __m512d vb = _mm512_set1_pd(beta);
#pragma GCC unroll 32
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) {
          double* cp = c + i * ldc + 8 * v;
          _mm512_storeu_pd(cp,
                           _mm512_fmadd_pd(va, acc[i][v], _mm512_mul_pd(vb, _mm512_loadu_pd(cp))));
        }
    }
    return;
  }
  alignas(64) double t[MR * NR];
#pragma GCC unroll 32
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) _mm512_store_pd(t + i * NR + 8 * v, acc[i][v]);
  storeEdge(t, NR, c, ldc, alpha, beta, mr, nr);
}

}  // namespace gemmcore
}  // namespace mmlkit

#endif  // __x86_64__
