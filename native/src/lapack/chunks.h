// Dynamic work sharing for the LAPACK layer: [0, total) cut into chunks that the threads of
// mmlkit::parallelFor take one at a time from an atomic counter. With a static halving the
// call waits for the slower thread when the machine's other core is busy (issue #8's
// observation about gemm); with chunks, the thread that is running keeps taking work and the
// join waits for at most one chunk of the slow thread. (Tried for getrf's swap + trsm + gemm
// per block of columns as well; on the shared machine it could not be told apart from noise,
// and each chunk repacks L21, so getrf keeps gemm's own threading.)
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>

#include "../gemm.h"

namespace mmlkit::lapack {

// Calls fn(begin, end) over [0, total) in chunks of `chunk` (the last may be shorter), on up to
// threads() threads; serially when there is one chunk or one thread. fn must be thread-safe
// across disjoint ranges. Exceptions propagate as parallelFor's do.
template <typename Fn>
void forChunks(std::size_t total, std::size_t chunk, Fn&& fn) {
  if (total == 0) return;
  chunk = std::max<std::size_t>(chunk, 1);
  const std::size_t count = (total + chunk - 1) / chunk;
  const unsigned parts = static_cast<unsigned>(std::min<std::size_t>(threads(), count));
  if (parts < 2) return fn(std::size_t{0}, total);
  std::atomic<std::size_t> next{0};
  parallelFor(parts, [&](unsigned) {
    for (std::size_t c; (c = next.fetch_add(1, std::memory_order_relaxed)) < count;) {
      const std::size_t b = c * chunk;
      fn(b, std::min(total, b + chunk));
    }
  });
}

}  // namespace mmlkit::lapack
