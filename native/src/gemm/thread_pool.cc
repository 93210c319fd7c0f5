// Thread pool and the public parallelFor / setThreads / threads (gemm.h).
//
// Why teams that claim work instead of a fixed part per thread: on a shared machine one core is
// often busy with another process. With a static split the thread on that core gets half a core,
// and the whole call waits for its half of the work (gemm 1024 spread to 27-55 ms against 15 ms
// idle, 2.08x numpy's median). With claimed work the fast thread takes over the slow thread's
// share, and a worker that wakes too late takes nothing.
#include "thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#ifdef __linux__
#include <sched.h>
#endif

#include "../gemm.h"

namespace mmlkit {
namespace gemmcore {
namespace {

thread_local bool t_insidePool = false;

// Sets the flag for a scope and restores the previous value.
struct InsidePoolScope {
  bool saved = t_insidePool;
  InsidePoolScope() { t_insidePool = true; }
  ~InsidePoolScope() { t_insidePool = saved; }
};

unsigned defaultThreads() {
  const unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : std::min(hc, ThreadPool::maxWorkers + 1);
}

std::atomic<unsigned> g_threads{defaultThreads()};

// How long an idle worker polls for the next call before it sleeps on the condition variable.
// Recursive LU, trsm and the eigen/SVD back-transformations issue hundreds of short parallel
// calls with serial steps (LU leaves, panel factorisations) between them; a worker asleep in the
// kernel needs a futex wake and, on a VM, an interrupt to the halted vCPU, and mostly arrives
// after the caller has claimed all the work. Worse, KVM's adaptive halt-polling shrinks while a
// vCPU idles, so after a pause of a few hundred ms every such wake is slow until it adapts
// again: measured on the 2-core Zen 3 VM (getrf n = 1000, two threads, 30 calls interleaved
// with and without 200 ms idle before each): polling 2^16 times (~30 µs) gave best/median
// 16-20 / 22-27 ms back to back but 19-26 / 31-34 ms after the pause; polling for 1 ms gave
// 16-21 / 24 ms after the pause, 3 ms 17-18 / 23 ms, 20 ms slower again (the spinning worker
// competes with other processes). OpenBLAS's workers poll for 2^28 cycles (~90 ms). Plain
// loads, not `pause`: under KVM a pause loop can trigger pause-loop exiting (the vCPU is handed
// back to the host), and with `pause` potrf came out slower. The clock is read once per 1024
// polls.
constexpr std::chrono::microseconds kSpin{2000};

int currentCpu() {
#ifdef __linux__
  return sched_getcpu();
#else
  return -1;
#endif
}

// Moves this worker off `cpu` if it was woken there. Linux wakes a thread on its previous CPU or
// on the waker's; when the caller itself was woken on the worker's previous CPU (after idle, a
// timer wakes the caller wherever it lands), both end up on one CPU while the other stays idle:
// the worker waits out the caller's time slice and the two then share one core until the load
// balancer separates them. Measured on the 2-core Zen 5 VM, gemm 1024 after 200 ms of idle:
// half the calls took 19-23 ms instead of 14-16, the worker starting 1.7-4 ms late and one of
// the two threads changing CPU mid-call. Excluding the CPU from this thread's mask migrates it
// now; the mask is restored at once (the scheduler does not move a running thread back).
void moveOff(int cpu) {
#ifdef __linux__
  cpu_set_t mask;
  if (cpu < 0 || cpu >= CPU_SETSIZE || sched_getaffinity(0, sizeof mask, &mask) != 0) return;
  if (!CPU_ISSET(cpu, &mask) || CPU_COUNT(&mask) < 2) return;
  cpu_set_t others = mask;
  CPU_CLR(cpu, &others);
  if (sched_setaffinity(0, sizeof others, &others) == 0) sched_setaffinity(0, sizeof mask, &mask);
#else
  (void)cpu;
#endif
}

}  // namespace

bool insidePool() { return t_insidePool; }

ThreadPool& ThreadPool::instance() {
  static ThreadPool pool;
  return pool;
}

ThreadPool::~ThreadPool() { stopAll(); }

bool ThreadPool::tryAcquire() { return !t_insidePool && owner_.try_lock(); }

void ThreadPool::release() { owner_.unlock(); }

void ThreadPool::run(unsigned helpers, const std::function<void()>& body) {
  helpers = std::min(helpers, maxWorkers);
  if (helpers > threads_.size()) resize(helpers);
  bool asleep;  // some worker sleeps on wake_ (not polling)
  {
    std::lock_guard<std::mutex> lk(mu_);
    body_ = &body;
    callerCpu_ = currentCpu();
    asleep = sleepers_.load(std::memory_order_relaxed) > 0;
    seats_ = helpers;
    active_ = 0;
    err_ = nullptr;
    ++generation_;
  }
  if (helpers) {
    wake_.notify_all();
#ifdef __linux__
    // A worker woken from sleep onto this CPU runs now, sees it and moves off (moveOff); one
    // woken elsewhere costs this a syscall. Workers still polling need neither.
    if (asleep) sched_yield();
#else
    (void)asleep;
#endif
  }
  std::exception_ptr err;
  {
    InsidePoolScope inside;
    try {
      body();
    } catch (...) {
      err = std::current_exception();
    }
  }
  std::unique_lock<std::mutex> lk(mu_);
  seats_ = 0;  // all work is claimed: late workers stay asleep
  done_.wait(lk, [&] { return active_ == 0; });
  body_ = nullptr;
  if (!err) err = err_;
  lk.unlock();
  if (err) std::rethrow_exception(err);
}

void ThreadPool::shrinkTo(unsigned n) {
  if (t_insidePool) return;
  std::lock_guard<std::mutex> own(owner_);
  if (threads_.size() > n) resize(n);
}

void ThreadPool::resize(unsigned n) {
  if (n == threads_.size()) return;
  stopAll();
  stop_ = false;
  threads_.reserve(n);
  // Workers start from the current generation: reading it inside the thread could race with the
  // next run() and miss it.
  const unsigned long long gen = generation_.load();
  for (unsigned i = 0; i < n; ++i) threads_.emplace_back([this, gen] { loop(gen); });
}

void ThreadPool::stopAll() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void ThreadPool::loop(unsigned long long seen) {
  t_insidePool = true;
  for (;;) {
    const std::function<void()>* body;
    int callerCpu;
    const auto until = std::chrono::steady_clock::now() + kSpin;
    for (unsigned i = 1; generation_.load(std::memory_order_acquire) == seen; ++i)
      if ((i & 1023) == 0 && std::chrono::steady_clock::now() > until) break;
    {
      std::unique_lock<std::mutex> lk(mu_);
      sleepers_.fetch_add(1, std::memory_order_relaxed);
      wake_.wait(lk, [&] { return stop_ || generation_ != seen; });
      sleepers_.fetch_sub(1, std::memory_order_relaxed);
      if (stop_) return;
      seen = generation_;
      if (seats_ == 0) continue;
      --seats_;
      ++active_;
      body = body_;
      callerCpu = callerCpu_;
    }
    if (callerCpu >= 0 && currentCpu() == callerCpu) moveOff(callerCpu);
    std::exception_ptr err;
    try {
      (*body)();
    } catch (...) {
      err = std::current_exception();
    }
    std::lock_guard<std::mutex> lk(mu_);
    if (err && !err_) err_ = err;
    if (--active_ == 0) done_.notify_one();
  }
}

}  // namespace gemmcore

void parallelFor(unsigned parts, const std::function<void(unsigned)>& fn) {
  using gemmcore::ThreadPool;
  ThreadPool& pool = ThreadPool::instance();
  if (parts >= 2 && pool.tryAcquire()) {
    struct Release {
      ThreadPool& p;
      ~Release() { p.release(); }
    } release{pool};
    std::atomic<unsigned> next{0};
    std::mutex errMu;
    std::exception_ptr err;
    // Each part runs exactly once, on whichever team member claims it first; a part that throws
    // does not stop the others (the first exception is rethrown at the end).
    pool.run(parts - 1, [&] {
      for (unsigned t; (t = next.fetch_add(1, std::memory_order_relaxed)) < parts;) {
        try {
          fn(t);
        } catch (...) {
          std::lock_guard<std::mutex> lk(errMu);
          if (!err) err = std::current_exception();
        }
      }
    });
    if (err) std::rethrow_exception(err);
    return;
  }
  // One part, another caller has the pool, or we are inside a pool task: run here, in order.
  for (unsigned t = 0; t < parts; ++t) fn(t);
}

void setThreads(unsigned n) {
  n = std::max(1u, std::min(n, gemmcore::ThreadPool::maxWorkers + 1));
  gemmcore::g_threads.store(n, std::memory_order_relaxed);
  // Drop surplus workers now so a smaller setting frees its threads; growth happens lazily.
  gemmcore::ThreadPool::instance().shrinkTo(n - 1);
}

unsigned threads() { return gemmcore::g_threads.load(std::memory_order_relaxed); }

}  // namespace mmlkit
