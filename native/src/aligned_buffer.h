// A 64-byte aligned scratch buffer of doubles that only grows (kept between calls: fresh MBs
// page-fault back in) until clear() — gemm's packed panels, the look-ahead LU's blocks.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>
#ifdef __linux__
#include <sys/mman.h>
#endif

namespace mmlkit {

class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  ~AlignedBuffer() { std::free(p_); }

  // At least n doubles; the contents are not kept when it grows. Throws std::bad_alloc.
  double* get(std::size_t n) {
    if (n > cap_) {
      clear();
      // Large buffers start on a 2 MB boundary and ask for transparent huge pages: gemm's packed
      // panels are streamed sliver by sliver, and with 4 KB pages every sliver is a TLB miss.
      const bool huge = n * sizeof(double) >= kHugeMin;
      const std::size_t align = huge ? kHuge : 64;
      const std::size_t bytes = (n * sizeof(double) + align - 1) & ~(align - 1);
      p_ = static_cast<double*>(std::aligned_alloc(align, bytes));
      if (!p_) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
      if (huge) madvise(p_, bytes, MADV_HUGEPAGE);  // advice only: failure changes nothing
#endif
      cap_ = n;
    }
    return p_;
  }

  // Frees the memory (release()); the next get() allocates again.
  void clear() {
    std::free(p_);
    p_ = nullptr;
    cap_ = 0;
  }

 private:
  static constexpr std::size_t kHuge = std::size_t{2} << 20, kHugeMin = std::size_t{4} << 20;
  double* p_ = nullptr;
  std::size_t cap_ = 0;
};

}  // namespace mmlkit
