// Row-major DGEMM: C <- alpha * op(A) * op(B) + beta * C (semantics: src/backend/kernels.ts).
// Implementation: native/src/gemm/ (driver.cc first).
#pragma once

#include <cstddef>
#include <functional>

namespace mmlkit {

// op(A) is m x k (A stored m x k, or k x m when transA); op(B) is k x n (B stored k x n, or
// n x k when transB); C is m x n. beta == 0 never reads C. Throws std::bad_alloc /
// std::system_error on resource failure; never aborts.
void gemm(bool transA, bool transB, std::size_t m, std::size_t n, std::size_t k, double alpha,
          const double* a, const double* b, double beta, double* c);

// The same with explicit leading dimensions (row strides), for sub-matrix views: A's rows are
// lda apart (A stored m x k, or k x m when transA), likewise ldb and ldc. Internal (C++ only).
void gemmStrided(bool transA, bool transB, std::size_t m, std::size_t n, std::size_t k,
                 double alpha, const double* a, std::size_t lda, const double* b, std::size_t ldb,
                 double beta, double* c, std::size_t ldc);

// Runs fn(0..parts-1), each part exactly once, on gemm's thread pool: the caller and up to
// parts-1 workers claim parts until none are left (so a part may run on any of them, and a
// worker slowed by a busy core takes fewer). Rethrows the first exception once all parts have
// run. If the pool is busy (another thread has it, e.g. another Node worker thread) or the
// caller is itself inside a pool task (nested use), the parts run one after another on the
// calling thread. Pick parts <= threads().
void parallelFor(unsigned parts, const std::function<void(unsigned)>& fn);

// Frees the calling thread's gemm scratch (the packed panels, up to 2 x 16 MB, kept between
// calls) and hands freed heap memory back to the system where the C library can (glibc:
// malloc_trim). The next gemm on this thread allocates again.
void releaseScratch();

// Worker count used for large problems (n >= 1; clamped to a sane maximum).
void setThreads(unsigned n);
unsigned threads();

// "avx512", "avx2" or "generic": the micro-kernel picked for this CPU at load time (the shared
// pick of native/src/cpu_features.h, MMLKIT_ISA honoured).
const char* isa();

}  // namespace mmlkit
