// Keeps freed large blocks in the C heap for reuse instead of handing them back to the kernel.
#pragma once

#include <cstddef>

namespace mmlkit {

struct HeapRetention {
  bool active;               // the settings below were applied
  const char* why;           // why not, when inactive
  std::size_t mmapThreshold;  // blocks up to this size come from the heap (bytes)
  std::size_t trimThreshold;  // free memory at the heap's top kept up to this size (bytes)
};

// Applies the retention once (first call; later calls report the same result). Opted out with
// MMLKIT_HEAP_RETAIN=0, and left out where the environment sets malloc's thresholds itself;
// only glibc has these settings.
const HeapRetention& retainFreedHeapMemory();

}  // namespace mmlkit
