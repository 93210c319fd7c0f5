// Why the addon changes two of glibc malloc's settings when it loads.
//
// Writing to memory the process has not touched before costs a page fault per 4 KB page, and on
// a virtual machine whose host takes back the guest's freed pages (balloon free-page reporting,
// as on Firecracker microVMs) it costs far more: measured on the 2-core Zen 5 VM, 12 us per page,
// 24 ms to first-write an 8 MB buffer - more than a 1024^3 product takes on two cores (14 ms).
// Memory that malloc reuses costs nothing of the kind (0.04 ms).
//
// glibc serves blocks above a threshold with their own mmap and unmaps them on free, and trims
// the heap's top once more than a second threshold is free there. It raises both thresholds
// itself (up to 32 MB and 64 MB) when a program frees large blocks, which is why numpy, whose
// arrays are freed the moment they are dropped, reuses its buffers call after call. Node frees
// an ArrayBuffer's memory only when V8's collector gets to it, several at once, so the heuristic
// keeps falling back: measured, 12 of 15 mmlkit matmul(1024) calls in a row first-wrote their
// 8 MB output (500-900 page faults each, 20-33 ms against 14.5-16 ms for the calls that did
// not), and symEig's scratch faulted on every call (11% of eigh 1000's time, plus 7% in memset).
//
// So the addon sets, once, the state glibc's heuristic would reach for such a program: blocks up
// to kMmapThreshold from the heap, and up to kTrimThreshold of free memory kept at its top (the
// heuristic's own 64 MB is exceeded by one collection of eight 8 MB results). The cost is that
// much memory the process may keep after a burst of large work; mmlkit's release() returns it
// (malloc_trim), and MMLKIT_HEAP_RETAIN=0 leaves malloc as it was, as does a process whose
// environment sets either threshold itself (GLIBC_TUNABLES, MALLOC_*_THRESHOLD_).
#include "heap_retention.h"

#include <cstdlib>
#include <cstring>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace mmlkit {
namespace {

constexpr std::size_t kMmapThreshold = std::size_t{32} << 20;  // glibc's largest allowed value
constexpr std::size_t kTrimThreshold = std::size_t{128} << 20;

HeapRetention apply() {
  // "0", blanks around it allowed (as MMLKIT_WASM_THREADS=0 is read); any other value keeps it.
  const char* env = std::getenv("MMLKIT_HEAP_RETAIN");
  if (env != nullptr) {
    while (*env == ' ' || *env == '\t') ++env;
    if (*env == '0' && std::strspn(env + 1, " \t") == std::strlen(env + 1))
      return {false, "MMLKIT_HEAP_RETAIN=0", 0, 0};
  }
#ifdef __GLIBC__
  // A process whose malloc was configured on purpose keeps that configuration.
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (std::getenv("MALLOC_MMAP_THRESHOLD_") != nullptr || std::getenv("MALLOC_TRIM_THRESHOLD_") != nullptr ||
      (tunables != nullptr && (std::strstr(tunables, "malloc.mmap_threshold") != nullptr ||
                               std::strstr(tunables, "malloc.trim_threshold") != nullptr)))
    return {false, "malloc's thresholds were set by the environment", 0, 0};
  // mallopt returns 1 on success. The mmap threshold goes first: setting it fixes both values
  // (glibc stops adjusting them), so the trim threshold set next stays.
  if (mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThreshold)) != 1 ||
      mallopt(M_TRIM_THRESHOLD, static_cast<int>(kTrimThreshold)) != 1)
    return {false, "malloc refused the settings (a replacement allocator, such as a sanitizer's)", 0, 0};
  return {true, "", kMmapThreshold, kTrimThreshold};
#else
  return {false, "not glibc: its malloc has no such settings", 0, 0};
#endif
}

}  // namespace

const HeapRetention& retainFreedHeapMemory() {
  static const HeapRetention r = apply();
  return r;
}

}  // namespace mmlkit
