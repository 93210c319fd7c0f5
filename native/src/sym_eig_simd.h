// Portable SIMD through GCC/Clang vector extensions. Kernels are written once as always_inline
// templates over a vector type V and instantiated inside functions carrying a target attribute,
// so the same source becomes AVX-512, AVX2+FMA or baseline (SSE2/NEON) code, picked at run time.
// (Intrinsics would need the target on every helper; vector operators need none.)
#pragma once

#include <cstring>

#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wpsabi"  // vector args never cross a non-inlined ABI boundary
#endif

namespace mmlkit {
namespace simd {

typedef double v8d __attribute__((vector_size(64)));
typedef double v4d __attribute__((vector_size(32)));
typedef double v2d __attribute__((vector_size(16)));

#define MMLKIT_INLINE inline __attribute__((always_inline))
#if defined(__x86_64__)
#define MMLKIT_AVX512 __attribute__((target("avx512f")))
#define MMLKIT_AVX2 __attribute__((target("avx2,fma")))
#define MMLKIT_HAVE_X86_TARGETS 1
#endif

template <class V>
constexpr int lanes() {
  return sizeof(V) / sizeof(double);
}
// memcpy: unaligned access without claiming alignment the compiler could exploit.
template <class V>
MMLKIT_INLINE V load(const double* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class V>
MMLKIT_INLINE void store(double* p, V v) {
  std::memcpy(p, &v, sizeof v);
}
template <class V>
MMLKIT_INLINE V splat(double x) {
  return V{} + x;
}
template <class V>
MMLKIT_INLINE double hsum(V v) {
  double s = 0;
  for (int i = 0; i < lanes<V>(); ++i) s += v[i];
  return s;
}

// sum x[i] y[i], i < n
template <class V>
MMLKIT_INLINE double dot(std::size_t n, const double* x, const double* y) {
  constexpr int L = lanes<V>();
  V a0{}, a1{};
  std::size_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    a0 += load<V>(x + i) * load<V>(y + i);
    a1 += load<V>(x + i + L) * load<V>(y + i + L);
  }
  for (; i + L <= n; i += L) a0 += load<V>(x + i) * load<V>(y + i);
  double s = hsum(a0 + a1);
  for (; i < n; ++i) s += x[i] * y[i];
  return s;
}

// y[i] += alpha x[i], i < n
template <class V>
MMLKIT_INLINE void axpy(std::size_t n, double alpha, const double* x, double* y) {
  constexpr int L = lanes<V>();
  const V va = splat<V>(alpha);
  std::size_t i = 0;
  for (; i + L <= n; i += L) store(y + i, load<V>(y + i) + va * load<V>(x + i));
  for (; i < n; ++i) y[i] += alpha * x[i];
}

}  // namespace simd
}  // namespace mmlkit
