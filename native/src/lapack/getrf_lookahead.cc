// Right-looking blocked LU with look-ahead and dynamic scheduling (the shape of OpenBLAS's
// getrf_parallel), row-major in place. See getrf_detail.h for the contract.
//
// The matrix is cut into column blocks of nb. Step s factors panel s (block s, rows j = s·nb
// down, by the serial recursive LU) and then updates every block c > s: the panel's row
// interchanges, U12 = L11⁻¹·A12 (trsm), A22 −= L21·U12 (gemm on the micro-kernel with L21
// packed once per step). The whole factorisation is ONE team run (one fork/join): each thread
// loops over the steps and claims the blocks of a step from an atomic counter, waiting only on
// what it needs:
//   - an update (s, c) waits until block c has had steps 0 .. s−1 applied;
//   - block s+1 is the first block claimed in step s, and the thread that updates it factors
//     panel s+1 right away (look-ahead): the next panel is ready while the other threads are
//     still on step s, so the serial panels hide behind the trailing updates.
// With a fixed split (or the recursive LU's fork/join per gemm) a thread slowed by another
// process holds every step back; here the thread that runs keeps claiming blocks, and a worker
// that wakes late joins at whatever step the others have reached.
//
// Every update is done the same way whichever thread does it, so the factors are bitwise
// independent of the timing (and of the thread count).
//
// Measured (n = 1000, 2 threads, shared 2-core Zen 3 VM with other jobs running, the recursive
// LU and this driver interleaved in one process, 60 rounds each, best / median ms): with 200 ms
// idle before each call 24.9 / 37.2 against 29.0 / 50.6; back to back 31.0 / 35.7 against
// 40.4 / 47.9 (another job held one core); in a quiet minute 11.1 ms (60 GFLOP/s) against the
// recursive LU's 16-20. One thread: the same CPU time as the recursive LU (20-21 ms at 3.2 GHz,
// ~33 GFLOP/s; perf: ~62% in the micro-kernel, panels ~20%, U12 trsm ~8%, interchanges ~4%).
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <thread>
#include <vector>

#include "../aligned_buffer.h"
#include "../gemm.h"
#include "../gemm/context.h"
#include "../gemm/pack.h"
#include "getrf_detail.h"
#include "laswp.h"

namespace mmlkit::lapack {
namespace {

using std::size_t;
using Counter = std::atomic<size_t>;

// Packed-L21 buffers kept for this many steps: a step's buffer is reused only once every
// update of the step four steps back has finished (in practice it long has).
constexpr size_t kRing = 4;

// The buffers of one factorisation, kept per calling thread between calls: allocating them
// afresh (several MB at n = 1000) page-faulted ~6% of the single-thread time back in. They
// hold about 5·m·nb doubles (3.8 MB at m = 1000), like gemm's per-thread packing panels.
struct Workspace {
  AlignedBuffer l21[kRing], l11[kRing], panel;
  std::vector<std::unique_ptr<AlignedBuffer>> u12;
};
thread_local Workspace t_ws;

// Forward substitution on ib rows of NR values (row stride NR) with the unit lower ib × ib
// triangle l (row stride lda): the diagonal block of the in-sliver trsm. NR is a template
// constant for the contexts' widths so the row loop unrolls; 0 means "nr at run time".
template <int NR>
void unitLowerRows(size_t ib, const double* l, size_t lda, double* rows, size_t nr = NR) {
  const size_t w = NR > 0 ? NR : nr;
  for (size_t r = 1; r < ib; ++r) {
    double* __restrict x = rows + r * w;
    const double* lr = l + r * lda;
    for (size_t p = 0; p < r; ++p) {
      const double lp = lr[p];
      const double* __restrict y = rows + p * w;
      for (size_t v = 0; v < w; ++v) x[v] -= lp * y[v];
    }
  }
}

struct alignas(64) PaddedCounter {
  Counter v{0};
};

class Lookahead {
 public:
  Lookahead(size_t m, size_t n, double* a, size_t lda, std::int32_t* ipiv, size_t nb, unsigned parts)
      : m_(m), n_(n), k_(std::min(m, n)), lda_(lda), nb_(nb), a_(a), ipiv_(ipiv),
        K_((k_ + nb - 1) / nb), N_((n + nb - 1) / nb), ctx_(gemmcore::context()),
        applied_(new PaddedCounter[N_]), next_(new PaddedCounter[K_]), finished_(new PaddedCounter[K_]),
        panelInfo_(K_, 0) {
    const size_t mr = ctx_.mr, nr = ctx_.nr;
    const size_t rowsPadded = (m + mr - 1) / mr * mr;
    const size_t blocks = (nb + mr - 1) / mr;
    Workspace& ws = t_ws;
    for (size_t r = 0; r < std::min(kRing, K_); ++r) {
      l21_[r] = ws.l21[r].get(rowsPadded * nb);
      l11_[r] = ws.l11[r].get(mr * mr * blocks * blocks / 2 + mr * mr);
    }
    panel_ = ws.panel.get(m * nb);
    const size_t colsPadded = (nb + nr - 1) / nr * nr;
    while (ws.u12.size() < parts) ws.u12.push_back(std::make_unique<AlignedBuffer>());
    for (unsigned t = 0; t < parts; ++t) u12_.push_back(ws.u12[t]->get(colsPadded * nb));
  }

  // One team member; `part` picks its U12 packing buffer. If a member throws (std::bad_alloc
  // from a gemm workspace), the others stop waiting for work it will never finish and return;
  // parallelFor rethrows that exception.
  void run(unsigned part) {
    try {
      steps(part);
    } catch (const Abandoned&) {
      return;
    } catch (...) {
      failed_.store(true, std::memory_order_relaxed);
      throw;
    }
  }

  // Every team member has returned: the first exactly zero pivot, as getrf reports it.
  int info() const {
    for (size_t s = 0; s < K_; ++s)
      if (panelInfo_[s] > 0) return static_cast<int>(s * nb_) + panelInfo_[s];
    return 0;
  }

 private:
  struct Abandoned {};

  // Spins briefly, then yields (the thread waited for may need this core); throws Abandoned
  // when another member has failed.
  void waitAtLeast(const Counter& x, size_t v) const {
    for (unsigned spins = 0; x.load(std::memory_order_acquire) < v; ++spins) {
      if (failed_.load(std::memory_order_relaxed)) throw Abandoned{};
      if (spins < 256) {
#if defined(__x86_64__) && defined(__GNUC__)
        __builtin_ia32_pause();
#endif
      } else {
        std::this_thread::yield();
      }
    }
  }

  void steps(unsigned part) {
    if (!panel0Claimed_.exchange(true, std::memory_order_relaxed)) factorPanel(0);
    double* u12 = u12_[part];
    for (size_t s = 0; s < K_; ++s) {
      waitAtLeast(panelsReady_, s + 1);
      for (size_t c; (c = s + 1 + next_[s].v.fetch_add(1, std::memory_order_relaxed)) < N_;) {
        waitAtLeast(applied_[c].v, s);
        update(s, c, u12);
        applied_[c].v.store(s + 1, std::memory_order_release);
        finished_[s].v.fetch_add(1, std::memory_order_release);
        if (c == s + 1 && c < K_) factorPanel(c);
      }
    }
    // The interchanges of later steps on the columns left of their panel: block b gets those of
    // steps b+1 .. K−1 (all pivots are known once every panel is factored).
    waitAtLeast(panelsReady_, K_);
    for (size_t b; (b = swapNext_.fetch_add(1, std::memory_order_relaxed)) + 1 < K_;) {
      const size_t c0 = b * nb_;
      laswp(std::min(nb_, n_ - c0), a_ + c0, lda_, c0 + nb_, k_, ipiv_);
    }
  }

  size_t pivots(size_t s) const { return std::min(nb_, k_ - s * nb_); }

  // Panel s: block s from row j = s·nb down, copied to a contiguous buffer (rows nb apart
  // instead of n: the elimination's column sweeps then touch a few pages, not one per row),
  // factored there by the recursive LU (serial here: nested parallel calls run on the calling
  // thread) and copied back; then L11 and L21 are packed for the step's updates.
  void factorPanel(size_t s) {
    const size_t j = s * nb_, w = std::min(nb_, n_ - j), jb = pivots(s), rows = m_ - j;
    double* p = a_ + j * lda_ + j;
    double* buf = panel_;
    for (size_t i = 0; i < rows; ++i) std::copy(p + i * lda_, p + i * lda_ + w, buf + i * w);
    panelInfo_[s] = getrfRecursive(rows, w, buf, w, ipiv_ + j);
    for (size_t i = 0; i < rows; ++i) std::copy(buf + i * w, buf + (i + 1) * w, p + i * lda_);
    for (size_t i = j; i < j + jb; ++i) ipiv_[i] += static_cast<std::int32_t>(j);
    if (s + 1 < N_) {
      if (s >= kRing) waitAtLeast(finished_[s - kRing].v, N_ - (s - kRing) - 1);
      const size_t mr = ctx_.mr;
      // L11 by row blocks of MR: block i0 holds rows i0.. of L11's columns 0 .. i0−1 (what the
      // trsm in update() subtracts), at l11Offset(i0).
      double* l11 = l11_[s % kRing];
      for (size_t i0 = mr; i0 < jb; i0 += mr)
        gemmcore::packSliverA(ctx_.mr, static_cast<int>(std::min(mr, jb - i0)), i0, buf + i0 * w, w,
                              false, l11 + l11Offset(i0));
      double* out = l21_[s % kRing];
      const double* l21 = buf + jb * w;
      for (size_t r = 0; r + jb < rows; r += mr)
        gemmcore::packSliverA(ctx_.mr, static_cast<int>(std::min(mr, rows - jb - r)), jb, l21 + r * w, w,
                              false, out + r * jb);
    }
    panelsReady_.store(s + 1, std::memory_order_release);
  }

  // Where L11's packed row block starting at row i0 (a multiple of MR) begins: the blocks
  // before it hold MR·i' values each, i' = MR, 2·MR, .. < i0.
  size_t l11Offset(size_t i0) const {
    const size_t mr = ctx_.mr, q = i0 / mr;  // blocks 1 .. q−1 precede it
    return mr * mr * (q * (q - 1) / 2);
  }

  // Step s on block c: interchanges, U12 = L11⁻¹·A12, A22 −= L21·U12. U12 is solved inside
  // its packed NR-wide slivers (OpenBLAS's trsm kernels do the same): for each row block of MR,
  // subtract L11(block, 0 .. i0)·U12(0 .. i0) with the micro-kernel (C = the sliver's own rows,
  // row stride NR), then the MR × MR unit triangle by substitution; the solved rows are copied
  // back to A12 and the slivers feed the gemm as packed B.
  void update(size_t s, size_t c, double* u12) {
    const size_t j = s * nb_, jb = pivots(s), c0 = c * nb_, cw = std::min(nb_, n_ - c0);
    laswp(cw, a_ + c0, lda_, j, j + jb, ipiv_);
    double* a12 = a_ + j * lda_ + c0;
    const double* diag = a_ + j * lda_ + j;
    const size_t mr = ctx_.mr, nr = ctx_.nr, mc = ctx_.mc;
    const double* l11 = l11_[s % kRing];
    for (size_t q = 0; q < cw; q += nr) {
      const size_t width = std::min(nr, cw - q);
      double* sl = u12 + q * jb;
      gemmcore::packSliverB(ctx_.nr, static_cast<int>(width), jb, a12 + q, lda_, false, sl);
      for (size_t i0 = 0; i0 < jb; i0 += mr) {
        const size_t ib = std::min(mr, jb - i0);
        double* rowsI = sl + i0 * nr;
        if (i0 > 0)
          ctx_.ukr(i0, l11 + l11Offset(i0), sl, rowsI, nr, -1.0, 1.0, static_cast<int>(ib),
                   static_cast<int>(nr));
        const double* lii = diag + i0 * lda_ + i0;
        if (nr == 8) unitLowerRows<8>(ib, lii, lda_, rowsI);
        else if (nr == 24) unitLowerRows<24>(ib, lii, lda_, rowsI);
        else unitLowerRows<0>(ib, lii, lda_, rowsI, nr);
      }
      for (size_t i = 0; i < jb; ++i) std::copy(sl + i * nr, sl + i * nr + width, a12 + i * lda_ + q);
    }
    const size_t rows = m_ - j - jb;
    if (rows == 0) return;
    const double* l21 = l21_[s % kRing];
    double* a22 = a12 + jb * lda_;
    for (size_t ic = 0; ic < rows; ic += mc) {
      const size_t ie = std::min(rows, ic + mc);
      for (size_t q = 0; q < cw; q += nr) {
        const int ncols = static_cast<int>(std::min(nr, cw - q));
        for (size_t r = ic; r < ie; r += mr)
          ctx_.ukr(jb, l21 + r * jb, u12 + q * jb, a22 + r * lda_ + q, lda_, -1.0, 1.0,
                   static_cast<int>(std::min(mr, ie - r)), ncols);
      }
    }
  }

  const size_t m_, n_, k_, lda_, nb_;
  double* const a_;
  std::int32_t* const ipiv_;
  const size_t K_, N_;  // panels, column blocks
  const gemmcore::Context& ctx_;
  std::unique_ptr<PaddedCounter[]> applied_;   // per block: steps applied
  std::unique_ptr<PaddedCounter[]> next_;      // per step: blocks claimed (offset s+1)
  std::unique_ptr<PaddedCounter[]> finished_;  // per step: updates finished
  alignas(64) Counter panelsReady_{0};
  alignas(64) Counter swapNext_{0};
  alignas(64) std::atomic<bool> panel0Claimed_{false};
  std::atomic<bool> failed_{false};
  std::vector<int> panelInfo_;  // each written by the one thread that factors that panel
  // In the calling thread's Workspace: L21 and L11 packed per step (a ring of kRing steps), the
  // panel being factored (contiguous; one panel at a time), each part's packed U12 block.
  double* l21_[kRing] = {};
  double* l11_[kRing] = {};
  double* panel_ = nullptr;
  std::vector<double*> u12_;
};

}  // namespace

int getrfLookahead(size_t m, size_t n, double* a, size_t lda, std::int32_t* ipiv, size_t nb) {
  if (std::min(m, n) == 0) return 0;
  const unsigned parts = threads();
  Lookahead lu(m, n, a, lda, ipiv, nb, parts);
  parallelFor(parts, [&](unsigned t) { lu.run(t); });
  return lu.info();
}

void releaseLookaheadScratch() {
  for (auto& b : t_ws.l21) b.clear();
  for (auto& b : t_ws.l11) b.clear();
  t_ws.panel.clear();
  t_ws.u12.clear();
}

}  // namespace mmlkit::lapack
