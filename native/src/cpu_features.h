// The one CPU-feature module: which SIMD flavour every kernel family (gemm, symEig, ...) runs.
#pragma once

namespace mmlkit {

enum class Isa { generic, avx2, avx512, neon };

// The best flavour this CPU supports (x86-64: AVX-512F, AVX2+FMA; AArch64: NEON; else portable
// C++), detected once. MMLKIT_ISA=avx2|generic forces a lesser one (testing); never a better one
// than the CPU has: MMLKIT_ISA=avx512 on an AVX2-only CPU gives avx2, any other value gives
// generic. On AArch64 only the gemm micro-kernel has a NEON flavour; the other kernel families'
// portable code is compiled to NEON by the compiler.
Isa cpuIsa();

// "avx512", "avx2" or "generic".
const char* isaName(Isa isa);

}  // namespace mmlkit
