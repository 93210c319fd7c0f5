// gemm / gemmStrided (gemm.h): the GotoBLAS/BLIS loops around the packing and micro-kernels,
// scheduled so a team of threads keeps its speed when one core is slowed by another process.
//
// One call is a sequence of steps (jc panel of C's columns x pc block of k x ic panel of C's
// rows; most products up to ~2048 are a single step). Each step has two phases, both claimed
// dynamically through atomic counters by whoever is free:
//   1. pack: op(A)'s rows and op(B)'s columns of the step, sliver by sliver, into buffers shared
//      by the whole team (each sliver is packed once, by one thread; nobody repacks a panel);
//   2. compute: C's part of the step is cut in both dimensions into tiles (rows a multiple of
//      MR, at most MC so the A block stays in L2; columns a multiple of NR), ~16 per thread,
//      claimed guided (narrower tiles as the work runs out, so the team ends together);
//      a tile runs all of the step's KC-deep blocks, so no two threads ever write one C tile.
// A thread waits only where it must: for the last packed sliver before computing, and for the
// last tile before the next step overwrites the buffers. With a static split (the previous
// design: C cut once into one part per thread) a thread on a core shared with a busy process
// held the whole call back: gemm 1024 went from 15 ms to 27-55 ms while numpy stayed at 16-22.
//
// Workspace: the packed panels of a step are capped at kPanelElems doubles each (16 MB) and
// kept per calling thread between calls (page-faulting 16 MB again costs ~2 ms), on
// transparent huge pages (aligned_buffer.h): with 4 KB pages, streaming the slivers missed the
// TLB often enough to cost 9-14% of a 1024^3 / 2048^3 product's CPU time on the Zen 3 VM.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <thread>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "../aligned_buffer.h"
#include "../gemm.h"
#include "context.h"
#include "pack.h"
#include "skinny.h"
#include "thread_pool.h"

namespace mmlkit {
namespace gemmcore {
namespace {

using std::size_t;

constexpr size_t kPanelElems = size_t{2} << 20;  // 16 MB of doubles per packed panel
constexpr size_t kPanelMin = 2048;               // rows/columns of C per step, at least
// Tiles per thread: more balance the team better, fewer reload the A block less often. 4, 16,
// 32 and 64 timed alike within the noise of a shared 2-core machine (1024^3); 16 keeps a tile of
// a 1024^3 product near 1.5 ms, so a slowed thread holds the others back by at most that
// (guided claiming now narrows the last ones). With guided claiming, 4, 8 and 16 again timed
// alike in CPU time (session 6, 1024^3 and 2048^3, two threads, loaded machine).
constexpr size_t kTilesPerThread = 16;
constexpr size_t kMinTileSlivers = 8;            // a tile is at least 8 NR-slivers wide
// B is packed kPackBCols columns (rounded up to whole slivers) per item: one contiguous run
// of each row of B per k step.
constexpr size_t kPackBCols = 32;
// Guided claiming of tiles (phase 2): a claim takes 1/(kGuide x team) of the slivers left, at
// least kMinTailSlivers (the A block is still reused across that many B slivers).
constexpr size_t kGuide = 2;
constexpr size_t kMinTailSlivers = 4;
// kPrefetchNextB: while a tile's micro-kernel calls run down one B sliver (KC x NR, in L1), the
// next sliver is prefetched into L2, spread over the calls (one 64-byte line per k step for the
// AVX2 tile, 11 lines per call with 24 calls). Without it each sliver's first call fetched it
// from L3 on demand. Measured on the Zen 3 VM with a block-loop harness (a 144 x 256 A block,
// four 1024-column B panels, C 144 x 1024; best of 40): 44.0-45.0 GFLOP/s without, 46.4-47.3
// with (hint T0 or T1 alike), 47.2-47.7 with B held in L1/L2 (the ceiling this recovers).
// Below this many multiply-adds the fork/join costs more than a second core saves (measured).
constexpr double kParallelMinWork = 128.0 * 128.0 * 128.0;

size_t ceilDiv(size_t a, size_t b) { return (a + b - 1) / b; }

// The part size when 0..total is cut into the fewest parts of at most about cap: equal parts
// rounded up to a multiple of unit (so the last part is the short one by less than a unit).
size_t evenPart(size_t total, size_t cap, size_t unit) {
  const size_t parts = ceilDiv(total, cap);
  return std::min(total, ceilDiv(ceilDiv(total, parts), unit) * unit);
}

// Progress counters of one step: claimed and finished pack items and tiles.
struct alignas(64) StepSync {
  std::atomic<size_t> packNext, packDone, tileNext, tileDone;
};

struct Workspace {
  AlignedBuffer a, b;
  std::unique_ptr<StepSync[]> sync;
  size_t syncCap = 0;
  StepSync* steps(size_t n) {
    if (n > syncCap) {
      sync.reset(new StepSync[n]);
      syncCap = n;
    }
    for (size_t i = 0; i < n; ++i) {
      sync[i].packNext.store(0, std::memory_order_relaxed);
      sync[i].packDone.store(0, std::memory_order_relaxed);
      sync[i].tileNext.store(0, std::memory_order_relaxed);
      sync[i].tileDone.store(0, std::memory_order_relaxed);
    }
    return sync.get();
  }
};
thread_local Workspace t_ws;

void waitUntil(const std::atomic<size_t>& x, size_t v) {
  for (unsigned spins = 0; x.load(std::memory_order_acquire) < v; ++spins) {
    if (spins < 256) {
#if defined(__x86_64__) && defined(__GNUC__)
      __builtin_ia32_pause();
#endif
    } else {
      std::this_thread::yield();  // the thread we wait for may need this core
    }
  }
}

struct Job {
  const Context& K;
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
  size_t npCap, kb, mpCap;  // step sizes
  size_t team;              // threads the tiles are cut for
  double* bufA;             // mpCap (rounded to MR) x kb
  double* bufB;             // npCap (rounded to NR) x kb
  StepSync* sync;

  size_t stepCount() const { return ceilDiv(n, npCap) * ceilDiv(k, kb) * ceilDiv(m, mpCap); }

  // Every team member runs this once; the work is claimed step by step.
  void run() const {
    const size_t MR = K.mr, NR = K.nr, KC = K.kc;
    size_t s = 0;
    for (size_t jc = 0; jc < n; jc += npCap) {
      const size_t np = std::min(npCap, n - jc), npPad = ceilDiv(np, NR) * NR;
      for (size_t pc = 0; pc < k; pc += kb) {
        const size_t kbs = std::min(kb, k - pc), nq = ceilDiv(kbs, KC);
        for (size_t ic = 0; ic < m; ic += mpCap, ++s) {
          const size_t mp = std::min(mpCap, m - ic), mpPad = ceilDiv(mp, MR) * MR;
          StepSync& y = sync[s];

          // Phase 1: pack A's slivers of this step, and B's unless the previous row panel
          // already did (same jc and pc); B in groups of kPackBCols columns (packSliversB).
          const size_t BG = ceilDiv(kPackBCols, NR) * NR;
          const size_t aSl = mpPad / MR, bGroups = ic == 0 ? ceilDiv(np, BG) : 0;
          const size_t items = (aSl + bGroups) * nq;
          for (size_t i; (i = y.packNext.fetch_add(1, std::memory_order_relaxed)) < items;) {
            const size_t q = i % nq, sl = i / nq, p0 = q * KC, kc = std::min(KC, kbs - p0);
            if (sl < aSl) {
              const size_t r0 = sl * MR, row = ic + r0, dep = pc + p0;
              packSliverA(K.mr, static_cast<int>(std::min(MR, mp - r0)), kc,
                          ta ? a + dep * lda + row : a + row * lda + dep, lda, ta,
                          bufA + p0 * mpPad + r0 * kc);
            } else {
              const size_t c0 = (sl - aSl) * BG, col = jc + c0, dep = pc + p0;
              packSliversB(K.nr, std::min(BG, np - c0), kc,
                           tb ? b + col * ldb + dep : b + dep * ldb + col, ldb, tb,
                           bufB + p0 * npPad + c0 * kc);
            }
            y.packDone.fetch_add(1, std::memory_order_release);
          }
          waitUntil(y.packDone, items);

          // Phase 2: tiles of C. Rows: at most MC (L2), cut further if the team needs more
          // tiles; columns: cut to reach ~kTilesPerThread tiles per thread, keeping a tile at
          // least kMinTileSlivers wide so the A block is reused across enough B slivers. Those
          // are the largest tiles; the team claims them guided (below), narrower at the end.
          const size_t rowSl = mpPad / MR, colSl = npPad / NR;
          const size_t target = team == 1 ? 1 : kTilesPerThread * team;
          size_t rowTiles = ceilDiv(mp, K.mc), colTiles = 1;
          if (rowTiles < target)
            colTiles = std::min(ceilDiv(target, rowTiles), std::max<size_t>(1, colSl / kMinTileSlivers));
          if (rowTiles * colTiles < target) rowTiles = std::min(rowSl, ceilDiv(target, colTiles));
          const size_t MT = ceilDiv(rowSl, rowTiles) * MR, maxSl = ceilDiv(colSl, colTiles);
          rowTiles = ceilDiv(mp, MT);
          // Guided claiming: the unit is one NR-sliver of one row tile (row-major); a claim
          // takes 1/(kGuide x team) of what is left, at most maxSl and at least kMinTailSlivers
          // slivers, never past its row tile's end. Full-size tiles while there is plenty, then
          // narrower ones: the team finishes within a narrow tile of each other (a 1024^3
          // product's full tile is ~1.5 ms of one core, its narrowest ~0.2 ms).
          const size_t units = rowTiles * colSl;
          size_t u = y.tileNext.load(std::memory_order_relaxed);
          while (u < units) {
            const size_t inRow = colSl - u % colSl;
            const size_t guided = std::max(kMinTailSlivers, ceilDiv(units - u, kGuide * team));
            const size_t chunk = team == 1 ? inRow : std::min({maxSl, inRow, guided});
            if (!y.tileNext.compare_exchange_weak(u, u + chunk, std::memory_order_relaxed))
              continue;  // u now holds the current value: try again from there
            const size_t r0 = u / colSl * MT, r1 = std::min(mp, r0 + MT);
            const size_t c0 = u % colSl * NR, c1 = std::min(np, c0 + chunk * NR);
            for (size_t q = 0; q < nq; ++q) {
              const size_t p0 = q * KC, kc = std::min(KC, kbs - p0);
              // beta applies once, on the first block of k; later blocks accumulate.
              const double bq = pc == 0 && q == 0 ? beta : 1.0;
              const double* A = bufA + p0 * mpPad;
              const double* B = bufB + p0 * npPad;
              // The tile's next B sliver is pulled into L2 a few lines per micro-kernel call
              // while this one is in use (it comes from L3; see kPrefetchNextB).
              const size_t sliverLines = kc * NR * sizeof(double) / 64;
              const size_t linesPerCall = ceilDiv(sliverLines, ceilDiv(r1 - r0, MR));
              for (size_t jr = c0; jr < c1; jr += NR) {
                const int nr = static_cast<int>(std::min(NR, c1 - jr));
                const char* next = reinterpret_cast<const char*>(B + (jr + NR) * kc);
                size_t line = jr + NR < c1 ? 0 : sliverLines;  // the last sliver has no next
                for (size_t ir = r0; ir < r1; ir += MR) {
                  for (const size_t end = std::min(sliverLines, line + linesPerCall); line < end; ++line)
                    __builtin_prefetch(next + 64 * line, 0, 2);
                  const int mr = static_cast<int>(std::min(MR, r1 - ir));
                  K.ukr(kc, A + ir * kc, B + jr * kc, c + (ic + ir) * ldc + jc + jr, ldc, alpha,
                        bq, mr, nr);
                }
              }
            }
            y.tileDone.fetch_add(chunk, std::memory_order_release);
            u = y.tileNext.load(std::memory_order_relaxed);
          }
          // The next step overwrites the buffers and may accumulate into these tiles.
          if (s + 1 < stepCount()) waitUntil(y.tileDone, units);
        }
      }
    }
  }
};

// A C that is about to be overwritten is usually a fresh output (the facade's new
// Float64Array): its pages fault in while the tiles are written, 4 KB at a time - measured on
// the Zen 3 VM, 4-6 us per page, +8% of a 2048^3 product's CPU time. Asking for transparent
// huge pages on the 2 MB-aligned interior of C makes that a few 2 MB faults (numpy does the
// same for its large arrays). Advice only: contents never change, and failure is harmless.
void adviseHugePages(double* c, size_t elems) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHuge = uintptr_t{2} << 20;
  if (elems * sizeof(double) < 2 * kHuge) return;
  const uintptr_t lo = (reinterpret_cast<uintptr_t>(c) + kHuge - 1) & ~(kHuge - 1);
  const uintptr_t hi = (reinterpret_cast<uintptr_t>(c + elems)) & ~(kHuge - 1);
  if (hi > lo) madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_HUGEPAGE);
#else
  (void)c;
  (void)elems;
#endif
}

void scaleRow(size_t n, double beta, double* c) {
  if (beta == 0.0) {
    std::fill(c, c + n, 0.0);
  } else if (beta != 1.0) {
    for (size_t j = 0; j < n; ++j) c[j] *= beta;
  }
}

}  // namespace
}  // namespace gemmcore

using std::size_t;

void gemm(bool transA, bool transB, size_t m, size_t n, size_t k, double alpha, const double* a,
          const double* b, double beta, double* c) {
  gemmStrided(transA, transB, m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n);
}

void gemmStrided(bool transA, bool transB, size_t m, size_t n, size_t k, double alpha,
                 const double* a, size_t lda, const double* b, size_t ldb, double beta, double* c,
                 size_t ldc) {
  using namespace gemmcore;
  if (m == 0 || n == 0) return;
  if (k == 0) {
    for (size_t i = 0; i < m; ++i) scaleRow(n, beta, c + i * ldc);
    return;
  }
  // C at most 32 columns wide with a large A: stream A once, unpacked (skinny.cc).
  if (skinnyGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) return;
  if (beta == 0.0 && ldc == n) adviseHugePages(c, m * n);
  const Context& K = context();
  const double work = static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  const unsigned want = work < kParallelMinWork ? 1u : threads();
  ThreadPool& pool = ThreadPool::instance();
  const bool team = want >= 2 && pool.tryAcquire();
  struct Release {
    ThreadPool* p;
    ~Release() {
      if (p) p->release();
    }
  } release{team ? &pool : nullptr};

  const size_t MR = K.mr, NR = K.nr, KC = K.kc;
  // Panels of C's columns and rows are cut into equal parts (whole slivers), not full-size
  // parts and a remainder: with the row cap rounded down to MR, m = 2048 was cut 2046 + 2, a
  // second step (two more team-wide waits) for two rows of edge tiles.
  const size_t npCap = evenPart(n, ceilDiv(kPanelMin, NR) * NR, NR);
  const size_t mFirst = std::min(m, kPanelMin);
  const size_t kb = std::min(k, KC * std::max<size_t>(1, kPanelElems / (KC * std::max(mFirst, npCap))));
  const size_t mpCap = evenPart(m, std::max(kPanelMin, kPanelElems / kb), MR);
  Workspace& ws = t_ws;
  Job job{K, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, npCap, kb, mpCap,
          team ? want : 1u, nullptr, nullptr, nullptr};
  job.bufA = ws.a.get(ceilDiv(mpCap, MR) * MR * kb);
  job.bufB = ws.b.get(ceilDiv(npCap, NR) * NR * kb);
  job.sync = ws.steps(job.stepCount());
  if (team)
    pool.run(want - 1, [&] { job.run(); });
  else
    job.run();
}

const char* isa() { return gemmcore::context().name; }

void releaseScratch() {
  gemmcore::t_ws.a.clear();
  gemmcore::t_ws.b.clear();
#ifdef __GLIBC__
  // Freed blocks stay in glibc's arenas (one per thread that allocated) until trimmed.
  malloc_trim(0);
#endif
}

}  // namespace mmlkit
