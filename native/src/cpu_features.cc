// CPU-feature detection shared by every kernel family, so gemm and symEig can never disagree on
// the flavour they run (they used to have a dispatch scheme each). Detection uses the compiler's
// cpuid wrapper (GCC/Clang) on x86-64; AArch64 gets NEON (always present); other compilers and
// targets get the portable kernels.
#include "cpu_features.h"

#include <cstdlib>
#include <cstring>

namespace mmlkit {
namespace {

Isa detect() {
  const char* want = std::getenv("MMLKIT_ISA");
  auto allowed = [&](const char* name) { return !want || !*want || std::strcmp(want, name) == 0; };
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && allowed("avx512")) return Isa::avx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
      (allowed("avx2") || std::strcmp(want, "avx512") == 0))
    return Isa::avx2;
#elif defined(__aarch64__)
  // Advanced SIMD (NEON) is mandatory on AArch64: no run-time check needed.
  if (allowed("neon")) return Isa::neon;
#else
  (void)allowed;
#endif
  return Isa::generic;
}

}  // namespace

Isa cpuIsa() {
  static const Isa isa = detect();
  return isa;
}

const char* isaName(Isa isa) {
  switch (isa) {
    case Isa::avx512: return "avx512";
    case Isa::avx2: return "avx2";
    case Isa::neon: return "neon";
    default: return "generic";
  }
}

}  // namespace mmlkit
