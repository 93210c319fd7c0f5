// A 64-byte aligned scratch buffer of doubles that only grows (kept between calls: fresh MBs
// page-fault back in) until clear() — gemm's packed panels, the look-ahead LU's blocks.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <new>

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
      const std::size_t bytes = (n * sizeof(double) + 63) & ~std::size_t{63};
      p_ = static_cast<double*>(std::aligned_alloc(64, bytes));
      if (!p_) throw std::bad_alloc();
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
  double* p_ = nullptr;
  std::size_t cap_ = 0;
};

}  // namespace mmlkit
