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
//   Re-measured in session 6 (same VM, shared: load 8-16 on 2 cores the whole time, so CPU time,
//   best of 8-16): micro-kernel alone 49 GFLOP/s (95%), over an L2-resident 144 x 256 A block
//   and an L3-resident B panel 46-47 (90%); the whole product, one thread, 40 GFLOP/s before and
//   41-43 after huge pages for the packed panels and the C tile prefetch fix (driver.cc,
//   aligned_buffer.h), about OpenBLAS Haswell's own 43 (numpy, one thread, same minutes).
//   KC 192/256/320/384/512 x MC 72/96/144/192 again all within the noise (42-44 GFLOP/s), so
//   256/144 stay. Tried and not kept: SSE2 2x2-transpose packing of A (no faster than the
//   scalar copy; A's six rows are already contiguous streams); a driver-side prefetch of the
//   next B sliver into L2 (not distinguishable from noise).
//   Session 7, with a block-loop harness (one 144 x 256 A block, four 1024-column B panels, a
//   1024-wide C; best of 40, thread CPU time): 44-45 GFLOP/s; B held in L1/L2 47-48, so the
//   B slivers arriving from L3 cost ~6%: the driver now prefetches a tile's next sliver a few
//   lines per call (driver.cc, 46.4-47.3). C costs another ~5% (49 with C written to a scratch
//   tile): its rows, 8 KB apart, share L1 sets with the slivers; prefetching the C tile 64 k
//   steps before the end rather than at the start recovers part of it (microkernel_avx2.cc,
//   ~48). KC 320/MC 120 and KC 384/MC 96 timed like 256/144 again after both changes.
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
