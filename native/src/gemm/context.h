// The gemm context, BLIS-style: for each ISA the micro-kernel and its register tile (MR x NR),
// and the cache blocking around it, in one place. The driver asks context() which one this
// CPU gets (cpu_features, MMLKIT_ISA honoured).
//
// Blocking: a packed B sliver (KC x NR) stays in L1, a packed A block (MC x KC) in L2 and is
// reused across the NR-slivers of a tile; the packed A and B panels of one step (sized in
// driver.cc, at most 16 MB each) are shared by all threads and live in L3/memory.
//
// Measured (Dec 2026):
// - avx512 8x24, KC 512, MC 120: tuned on a Zen 5 VM (AVX-512, 48 KB L1d, 1 MB L2), where the
//   micro-kernel ran at 99% of FMA peak in isolation. The machine this rewrite was done on is a
//   Zen 3 VM without AVX-512, so these sizes were kept, not re-measured.
// - avx2 6x8, KC 256, MC 144: measured on a Zen 3 EPYC VM (32 KB L1d, 512 KB L2, 2 cores,
//   shared with other jobs, so timed in thread CPU time). Micro-kernel alone, L1-resident:
//   47-50 GFLOP/s = 90-96% of the 51.8 GFLOP/s a 12-chain FMA loop reaches (3.24 GHz x 16);
//   4x12 reached 77%, 8x4 85%. Whole 1024^3 product, one thread, best of 6, three rounds:
//   KC 256/MC 144 53-57 ms (38-40 GFLOP/s); KC 384/MC 96 57-63; KC 192/MC 192 60-62;
//   MC 72 58-62; without the C-tile prefetch in the micro-kernel 60-68; with an extra A
//   prefetch in the k loop 54-63 (not kept).
// - neon 6x8, KC 256, MC 144: AArch64, chosen at compile time (NEON is always there). Written
//   and checked for correctness under qemu-user only; the sizes are the avx2 ones (same tile),
//   not tuned on arm64 hardware.
// - generic: not re-measured (4x4 is what 16 SSE2 registers hold); only reached on x86-64
//   without AVX2+FMA, on other architectures, or under MMLKIT_ISA=generic.
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
struct Neon {  // 24 two-lane accumulators + 4 B + 3 A vectors: 31 of NEON's 32 registers
  static constexpr int MR = 6, NR = 8;
  static constexpr std::size_t KC = 256, MC = 144;
};
struct Generic {  // x86-64's baseline SSE2 has 16 registers: a 4x4 tile fits
  static constexpr int MR = 4, NR = 4;
  static constexpr std::size_t KC = 256, MC = 128;
};
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
