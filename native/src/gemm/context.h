// The gemm context, BLIS-style: for each ISA the micro-kernel and its register tile (MR x NR),
// and the cache blocking around it, in one place. The driver asks context() which one this
// CPU gets (cpu_features, MMLKIT_ISA honoured).
//
// Blocking: a packed B sliver (KC x NR) stays in L1, a packed A block (MC x KC) in L2 and is
// reused across the NR-slivers of a tile; the packed A and B super-panels of one step (at most
// PANEL rows/columns by KC * KB_STEPS deep) are shared by all threads and live in L3/memory.
//
// Measured (Dec 2026):
// - avx512 8x24, KC 512, MC 120: tuned on a Zen 5 VM (AVX-512, 48 KB L1d, 1 MB L2), where the
//   micro-kernel ran at 99% of FMA peak in isolation. The machine this rewrite was done on is a
//   Zen 3 VM without AVX-512, so these sizes were kept, not re-measured.
// - avx2 and generic: measured on a Zen 3 EPYC VM (32 KB L1d, 512 KB L2, 2 cores; see
//   microkernel_avx2.cc for the numbers).
#pragma once

#include <cstddef>

#include "../cpu_features.h"
#include "microkernel.h"

namespace mmlkit {
namespace gemmcore {

namespace blocks {
struct Avx512 {
  static constexpr int MR = 8, NR = 24;
  static constexpr std::size_t KC = 512, MC = 120;
};
struct Avx2 {
  static constexpr int MR = 6, NR = 8;
  static constexpr std::size_t KC = 256, MC = 144;
};
#if defined(__aarch64__)
struct Generic {  // 12 x 2-lane accumulators: fits NEON's 32 registers
  static constexpr int MR = 6, NR = 8;
  static constexpr std::size_t KC = 256, MC = 144;
};
#else
struct Generic {  // the compiler's baseline SSE2 has 16 registers: a 4x4 tile fits
  static constexpr int MR = 4, NR = 4;
  static constexpr std::size_t KC = 256, MC = 128;
};
#endif
}  // namespace blocks

struct Context {
  const char* name;
  int mr, nr;
  std::size_t kc, mc;
  Microkernel ukr;
};

// The context for this CPU (picked once).
const Context& context();

}  // namespace gemmcore
}  // namespace mmlkit
