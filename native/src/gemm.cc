// GotoBLAS/BLIS-style DGEMM: B packed into kc x nc panels of NR-wide slivers, A into mc x kc
// blocks of MR-tall slivers (packing absorbs transposes and zero-pads edges), a register-tiled
// FMA micro-kernel chosen at run time (AVX-512F, AVX2+FMA, or portable C++), and a 1-D split of
// C across a small persistent thread pool for large problems.
#include "gemm.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <functional>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace mmlkit {
namespace {

using std::size_t;

// ---------------------------------------------------------------------------------------------
// Micro-kernels. Contract: a = MR-tall sliver (kc steps of MR values), b = NR-wide sliver (kc
// steps of NR values), both 64-byte aligned and zero-padded. Writes the top-left mr x nr of the
// tile: C <- alpha * acc + beta * C, never reading C when beta == 0.

// Edge tiles go through a scalar write-back of a spilled accumulator (rare, off the hot path).
void store_edge(const double* t, int ldt, double* c, size_t ldc, double alpha, double beta, int mr,
                int nr) {
  for (int i = 0; i < mr; ++i) {
    double* ci = c + i * ldc;
    const double* ti = t + i * ldt;
    if (beta == 0.0) {
      for (int j = 0; j < nr; ++j) ci[j] = alpha * ti[j];
    } else {
      for (int j = 0; j < nr; ++j) ci[j] = alpha * ti[j] + beta * ci[j];
    }
  }
}

template <int MR, int NR>
void ukr_generic(size_t kc, const double* __restrict a, const double* __restrict b, double* c,
                 size_t ldc, double alpha, double beta, int mr, int nr) {
  double acc[MR][NR] = {};
  for (size_t p = 0; p < kc; ++p) {
    for (int i = 0; i < MR; ++i) {
      const double ai = a[i];
      for (int j = 0; j < NR; ++j) acc[i][j] += ai * b[j];
    }
    a += MR;
    b += NR;
  }
  store_edge(&acc[0][0], NR, c, ldc, alpha, beta, mr, nr);
}

#if defined(__x86_64__)

// The loops below have compile-time bounds: GCC unrolls them and keeps acc in registers.
template <int MR, int NV>
__attribute__((target("avx512f"))) void ukr_avx512(size_t kc, const double* __restrict a,
                                                   const double* __restrict b, double* c,
                                                   size_t ldc, double alpha, double beta, int mr,
                                                   int nr) {
  constexpr int NR = NV * 8;
  __m512d acc[MR][NV];
#pragma GCC unroll 32
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_setzero_pd();
#pragma GCC unroll 4
  for (size_t p = 0; p < kc; ++p) {
    __m512d bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) bv[v] = _mm512_load_pd(b + 8 * v);
#pragma GCC unroll 32
    for (int i = 0; i < MR; ++i) {
      const __m512d ai = _mm512_set1_pd(a[i]);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm512_fmadd_pd(ai, bv[v], acc[i][v]);
    }
    a += MR;
    b += NR;
  }
  const __m512d va = _mm512_set1_pd(alpha);
  if (mr == MR && nr == NR) {
    if (beta == 0.0) {
#pragma GCC unroll 32
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) _mm512_storeu_pd(c + i * ldc + 8 * v, _mm512_mul_pd(va, acc[i][v]));
    } else if (beta == 1.0) {
#pragma GCC unroll 32
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) {
          double* cp = c + i * ldc + 8 * v;
          _mm512_storeu_pd(cp, _mm512_fmadd_pd(va, acc[i][v], _mm512_loadu_pd(cp)));
        }
    } else {
      const __m512d vb = _mm512_set1_pd(beta);
#pragma GCC unroll 32
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) {
          double* cp = c + i * ldc + 8 * v;
          _mm512_storeu_pd(cp, _mm512_fmadd_pd(va, acc[i][v], _mm512_mul_pd(vb, _mm512_loadu_pd(cp))));
        }
    }
    return;
  }
  alignas(64) double t[MR * NR];
#pragma GCC unroll 32
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) _mm512_store_pd(t + i * NR + 8 * v, acc[i][v]);
  store_edge(t, NR, c, ldc, alpha, beta, mr, nr);
}

template <int MR, int NV>
__attribute__((target("avx2,fma"))) void ukr_avx2(size_t kc, const double* __restrict a,
                                                  const double* __restrict b, double* c,
                                                  size_t ldc, double alpha, double beta, int mr,
                                                  int nr) {
  constexpr int NR = NV * 4;
  __m256d acc[MR][NV];
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_setzero_pd();
#pragma GCC unroll 4
  for (size_t p = 0; p < kc; ++p) {
    __m256d bv[NV];
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) bv[v] = _mm256_load_pd(b + 4 * v);
#pragma GCC unroll 16
    for (int i = 0; i < MR; ++i) {
      const __m256d ai = _mm256_broadcast_sd(a + i);
#pragma GCC unroll 4
      for (int v = 0; v < NV; ++v) acc[i][v] = _mm256_fmadd_pd(ai, bv[v], acc[i][v]);
    }
    a += MR;
    b += NR;
  }
  const __m256d va = _mm256_set1_pd(alpha);
  if (mr == MR && nr == NR) {
    if (beta == 0.0) {
#pragma GCC unroll 16
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) _mm256_storeu_pd(c + i * ldc + 4 * v, _mm256_mul_pd(va, acc[i][v]));
    } else {
      const __m256d vb = _mm256_set1_pd(beta);
#pragma GCC unroll 16
      for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) {
          double* cp = c + i * ldc + 4 * v;
          _mm256_storeu_pd(cp, _mm256_fmadd_pd(va, acc[i][v], _mm256_mul_pd(vb, _mm256_loadu_pd(cp))));
        }
    }
    return;
  }
  alignas(32) double t[MR * NR];
#pragma GCC unroll 16
  for (int i = 0; i < MR; ++i)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v) _mm256_store_pd(t + i * NR + 4 * v, acc[i][v]);
  store_edge(t, NR, c, ldc, alpha, beta, mr, nr);
}

#endif  // __x86_64__

// ---------------------------------------------------------------------------------------------
// Packing. op(A)(i,p) = transA ? A[p*lda + i] : A[i*lda + p]; op(B)(p,j) likewise with ldb.
// Loop orders keep the reads from the unpacked matrix contiguous.

template <int MR>
void pack_a(size_t mc, size_t kc, const double* a, size_t lda, bool trans, double* out) {
  for (size_t i0 = 0; i0 < mc; i0 += MR, out += MR * kc) {
    const int mr = static_cast<int>(std::min<size_t>(MR, mc - i0));
    if (trans) {
      for (size_t p = 0; p < kc; ++p) {
        const double* src = a + p * lda + i0;
        double* dst = out + p * MR;
        if (mr == MR) {
          for (int r = 0; r < MR; ++r) dst[r] = src[r];
        } else {
          for (int r = 0; r < MR; ++r) dst[r] = r < mr ? src[r] : 0.0;
        }
      }
    } else {
      for (int r = 0; r < MR; ++r) {
        double* dst = out + r;
        if (r < mr) {
          const double* src = a + (i0 + r) * lda;
          for (size_t p = 0; p < kc; ++p) dst[p * MR] = src[p];
        } else {
          for (size_t p = 0; p < kc; ++p) dst[p * MR] = 0.0;
        }
      }
    }
  }
}

template <int NR>
void pack_b(size_t kc, size_t nc, const double* b, size_t ldb, bool trans, double* out) {
  for (size_t j0 = 0; j0 < nc; j0 += NR, out += NR * kc) {
    const int nr = static_cast<int>(std::min<size_t>(NR, nc - j0));
    if (!trans) {
      for (size_t p = 0; p < kc; ++p) {
        const double* src = b + p * ldb + j0;
        double* dst = out + p * NR;
        if (nr == NR) {
          for (int c = 0; c < NR; ++c) dst[c] = src[c];
        } else {
          for (int c = 0; c < NR; ++c) dst[c] = c < nr ? src[c] : 0.0;
        }
      }
    } else {
      for (int c = 0; c < NR; ++c) {
        double* dst = out + c;
        if (c < nr) {
          const double* src = b + (j0 + c) * ldb;
          for (size_t p = 0; p < kc; ++p) dst[p * NR] = src[p];
        } else {
          for (size_t p = 0; p < kc; ++p) dst[p * NR] = 0.0;
        }
      }
    }
  }
}

// Per-thread packing buffers, grown on demand and kept (the pool's threads live long).
struct AlignedBuf {
  double* p = nullptr;
  size_t cap = 0;
  double* get(size_t n) {
    if (n > cap) {
      std::free(p);
      p = nullptr;
      cap = 0;
      const size_t bytes = (n * sizeof(double) + 63) & ~size_t{63};
      p = static_cast<double*>(std::aligned_alloc(64, bytes));
      if (!p) throw std::bad_alloc();
      cap = n;
    }
    return p;
  }
  ~AlignedBuf() { std::free(p); }
};
thread_local AlignedBuf t_bufA, t_bufB;

// One (sub)problem with explicit leading dimensions, run on the calling thread.
struct Problem {
  bool ta, tb;
  size_t m, n, k;
  double alpha;
  const double* a;
  size_t lda;
  const double* b;
  size_t ldb;
  double beta;
  double* c;
  size_t ldc;
};

using Ukr = void (*)(size_t, const double*, const double*, double*, size_t, double, double, int, int);

template <int MR, int NR, Ukr UKR, size_t KC, size_t MC, size_t NC>
void gemm_serial(const Problem& P) {
  static_assert(MC % MR == 0 && NC % NR == 0, "blocks must hold whole slivers");
  const size_t kcMax = std::min(KC, P.k);
  const size_t mcMax = std::min(MC, (P.m + MR - 1) / MR * MR);
  const size_t ncMax = std::min(NC, (P.n + NR - 1) / NR * NR);
  double* bufA = t_bufA.get(mcMax * kcMax);
  double* bufB = t_bufB.get(ncMax * kcMax);
  for (size_t jc = 0; jc < P.n; jc += NC) {
    const size_t nc = std::min(NC, P.n - jc);
    for (size_t pc = 0; pc < P.k; pc += KC) {
      const size_t kc = std::min(KC, P.k - pc);
      pack_b<NR>(kc, nc, P.tb ? P.b + jc * P.ldb + pc : P.b + pc * P.ldb + jc, P.ldb, P.tb, bufB);
      // beta applies once, on the first k-block; later blocks accumulate.
      const double beta = pc == 0 ? P.beta : 1.0;
      for (size_t ic = 0; ic < P.m; ic += MC) {
        const size_t mc = std::min(MC, P.m - ic);
        pack_a<MR>(mc, kc, P.ta ? P.a + pc * P.lda + ic : P.a + ic * P.lda + pc, P.lda, P.ta, bufA);
        for (size_t jr = 0; jr < nc; jr += NR) {
          const int nr = static_cast<int>(std::min<size_t>(NR, nc - jr));
          for (size_t ir = 0; ir < mc; ir += MR) {
            const int mr = static_cast<int>(std::min<size_t>(MR, mc - ir));
            UKR(kc, bufA + ir * kc, bufB + jr * kc, P.c + (ic + ir) * P.ldc + jc + jr, P.ldc,
                P.alpha, beta, mr, nr);
          }
        }
      }
    }
  }
}

struct Kernel {
  const char* name;
  int mr, nr;
  void (*run)(const Problem&);
};

// Blocking: B sliver (KC x NR) stays in L1, A block (MC x KC) in L2, B panel (KC x NC) in L3.
#if defined(__x86_64__)
// 8x24 uses 24 of 32 zmm for C; on a Zen 5 VM it ran at 99% of FMA peak in isolation.
constexpr Kernel kAvx512{"avx512", 8, 24,
                         gemm_serial<8, 24, ukr_avx512<8, 3>, 512, 120, 2040>};
constexpr Kernel kAvx2{"avx2", 6, 8, gemm_serial<6, 8, ukr_avx2<6, 2>, 256, 144, 2048>};
#endif
#if defined(__aarch64__)
constexpr Kernel kGeneric{"generic", 6, 8, gemm_serial<6, 8, ukr_generic<6, 8>, 256, 144, 2048>};
#else
constexpr Kernel kGeneric{"generic", 4, 4, gemm_serial<4, 4, ukr_generic<4, 4>, 256, 128, 2048>};
#endif

// MMLKIT_ISA=avx2|generic can force a lesser kernel (testing); never a better one than the CPU has.
const Kernel& pickKernel() {
  const char* want = std::getenv("MMLKIT_ISA");
  auto allowed = [&](const char* name) { return !want || !*want || std::strcmp(want, name) == 0; };
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && allowed("avx512")) return kAvx512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && (allowed("avx2") ||
      (want && std::strcmp(want, "avx512") == 0)))
    return kAvx2;
#endif
  return kGeneric;
}

const Kernel& kernel() {
  static const Kernel& k = pickKernel();
  return k;
}

// ---------------------------------------------------------------------------------------------
// Thread pool: workers 1..T-1 are persistent; the caller runs part 0. One gemm uses the pool at a
// time; a concurrent caller (another Node worker thread) runs single-threaded instead of waiting.

class Pool {
 public:
  ~Pool() { stopAll(); }

  // Runs fn(0..parts-1), parts <= workers()+1; rethrows the first exception from any part.
  void run(unsigned parts, const std::function<void(unsigned)>& fn) {
    std::exception_ptr err;
    {
      std::lock_guard<std::mutex> lk(mu_);
      task_ = &fn;
      parts_ = parts;
      pending_ = parts - 1;
      err_ = nullptr;
      ++generation_;
    }
    cv_.notify_all();
    try {
      fn(0);
    } catch (...) {
      err = std::current_exception();
    }
    std::unique_lock<std::mutex> lk(mu_);
    done_.wait(lk, [&] { return pending_ == 0; });
    task_ = nullptr;
    if (!err) err = err_;
    lk.unlock();
    if (err) std::rethrow_exception(err);
  }

  // Grows or shrinks to n worker threads. Throws std::system_error if a thread cannot start
  // (the pool keeps the ones that did).
  void resize(unsigned n) {
    if (n == threads_.size()) return;
    stopAll();
    stop_ = false;
    threads_.reserve(n);
    // Workers start from the current generation; reading it inside the thread could race with
    // the next run() and miss it.
    const unsigned gen = generation_;
    for (unsigned i = 0; i < n; ++i) threads_.emplace_back([this, i, gen] { loop(i + 1, gen); });
  }

  size_t workers() const { return threads_.size(); }

 private:
  void stopAll() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

  void loop(unsigned id, unsigned seen) {
    for (;;) {
      const std::function<void(unsigned)>* fn;
      {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        if (id >= parts_) continue;
        fn = task_;
      }
      std::exception_ptr err;
      try {
        (*fn)(id);
      } catch (...) {
        err = std::current_exception();
      }
      std::lock_guard<std::mutex> lk(mu_);
      if (err && !err_) err_ = err;
      if (--pending_ == 0) done_.notify_one();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_, done_;
  std::vector<std::thread> threads_;
  const std::function<void(unsigned)>* task_ = nullptr;
  unsigned parts_ = 0, pending_ = 0, generation_ = 0;
  bool stop_ = false;
  std::exception_ptr err_;
};

constexpr unsigned kMaxThreads = 256;

unsigned defaultThreads() {
  const unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : std::min(hc, kMaxThreads);
}

std::atomic<unsigned> g_threads{defaultThreads()};
std::mutex g_poolMu;  // guards g_pool; held for the whole parallel call
Pool g_pool;

// Below this many multiply-adds the fork/join costs more than a second core saves (measured).
constexpr double kParallelMinWork = 128.0 * 128.0 * 128.0;

void scaleC(size_t m, size_t n, double beta, double* c) {
  const size_t len = m * n;
  if (beta == 0.0) {
    std::fill(c, c + len, 0.0);
  } else if (beta != 1.0) {
    for (size_t i = 0; i < len; ++i) c[i] *= beta;
  }
}

}  // namespace

void gemm(bool transA, bool transB, size_t m, size_t n, size_t k, double alpha, const double* a,
          const double* b, double beta, double* c) {
  gemmStrided(transA, transB, m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n);
}

void gemmStrided(bool transA, bool transB, size_t m, size_t n, size_t k, double alpha,
                 const double* a, size_t lda, const double* b, size_t ldb, double beta, double* c,
                 size_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    for (size_t i = 0; i < m; ++i) scaleC(1, n, beta, c + i * ldc);
    return;
  }
  const Kernel& K = kernel();
  const Problem whole{transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc};

  unsigned want = g_threads.load(std::memory_order_relaxed);
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  // Split C along its longer side in whole slivers, so parts never share a C tile.
  const bool splitRows = m >= n;
  const size_t unit = splitRows ? K.mr : K.nr;
  const size_t units = ((splitRows ? m : n) + unit - 1) / unit;
  const unsigned parts = static_cast<unsigned>(std::min<size_t>(want, units));
  if (parts < 2 || work < kParallelMinWork) return K.run(whole);

  std::unique_lock<std::mutex> lk(g_poolMu, std::try_to_lock);
  if (!lk.owns_lock()) return K.run(whole);
  if (parts - 1 > g_pool.workers()) g_pool.resize(parts - 1);
  g_pool.run(parts, [&](unsigned t) {
    const size_t u0 = units * t / parts, u1 = units * (t + 1) / parts;
    Problem p = whole;
    if (splitRows) {
      const size_t r0 = u0 * unit, r1 = std::min(m, u1 * unit);
      p.m = r1 - r0;
      p.a = transA ? a + r0 : a + r0 * lda;
      p.c = c + r0 * ldc;
    } else {
      const size_t c0 = u0 * unit, c1 = std::min(n, u1 * unit);
      p.n = c1 - c0;
      p.b = transB ? b + c0 * ldb : b + c0;
      p.c = c + c0;
    }
    if (p.m && p.n) K.run(p);
  });
}

void parallelFor(unsigned parts, const std::function<void(unsigned)>& fn) {
  if (parts >= 2) {
    std::unique_lock<std::mutex> lk(g_poolMu, std::try_to_lock);
    if (lk.owns_lock()) {
      if (parts - 1 > g_pool.workers()) g_pool.resize(parts - 1);
      return g_pool.run(parts, fn);
    }
  }
  // Pool busy (another caller, or we are already inside a pool task) or one part: run inline.
  for (unsigned t = 0; t < parts; ++t) fn(t);
}

void setThreads(unsigned n) {
  n = std::max(1u, std::min(n, kMaxThreads));
  g_threads.store(n, std::memory_order_relaxed);
  // Drop surplus workers now so a smaller setting frees its threads; growth happens lazily.
  std::lock_guard<std::mutex> lk(g_poolMu);
  if (g_pool.workers() > n - 1) g_pool.resize(n - 1);
}

unsigned threads() { return g_threads.load(std::memory_order_relaxed); }

const char* isa() { return kernel().name; }

}  // namespace mmlkit
