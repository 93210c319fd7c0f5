// Row-major DGEMM: C <- alpha * op(A) * op(B) + beta * C (semantics: src/backend/kernels.ts).
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

// Runs fn(0..parts-1) on gemm's thread pool (the caller runs part 0) and rethrows the first
// exception. If the pool is busy (another caller, or fn is already running inside a pool task)
// the parts run one after another on the calling thread. Pick parts <= threads().
void parallelFor(unsigned parts, const std::function<void(unsigned)>& fn);

// Worker count used for large problems (n >= 1; clamped to a sane maximum).
void setThreads(unsigned n);
unsigned threads();

// "avx512", "avx2" or "generic": the micro-kernel picked for this CPU at load time.
const char* isa();

}  // namespace mmlkit
