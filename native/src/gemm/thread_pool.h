// The persistent worker pool behind gemm and parallelFor (gemm.h).
//
// A run is a team: the caller and up to `helpers` workers each call body() once; body claims
// its work itself (atomic counters), so the team works for any size from 1 up. A worker that
// wakes after the caller's body() has returned - all work claimed - does not join: a worker
// descheduled by a busy machine never delays the run it missed. Workers that did join are
// waited for.
//
// One team at a time. tryAcquire() is a try-lock by a thread that cannot already hold the pool
// (pool threads and callers inside run() are marked by insidePool()), so the nested and
// concurrent cases are well defined: a caller that does not get the pool runs its work alone.
#pragma once

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace mmlkit {
namespace gemmcore {

// True on pool workers, and on a caller while it runs a team's body: parallel work started here
// must run serially (the pool is already busy with this very call chain).
bool insidePool();

class ThreadPool {
 public:
  ~ThreadPool();

  // The process-wide pool.
  static ThreadPool& instance();

  // Tries to take the pool for one team (never blocks; false if another thread has it or this
  // thread is inside the pool). On success the holder calls run() and then release().
  bool tryAcquire();
  void release();

  // Holder only. Runs body() on the caller and on up to `helpers` workers (grown on demand,
  // capped at maxWorkers); returns when every participant has returned; rethrows the first
  // exception from any participant. Throws std::system_error if no thread can be started.
  void run(unsigned helpers, const std::function<void()>& body);

  // Shrinks to at most n workers (growth is lazy, in run). Blocks while another thread holds
  // the pool; a no-op inside the pool.
  void shrinkTo(unsigned n);

  static constexpr unsigned maxWorkers = 255;

 private:
  void resize(unsigned n);  // holder only
  void stopAll();
  void loop(unsigned long long seen);

  std::mutex owner_;  // held by the team's caller from tryAcquire to release
  std::mutex mu_;     // guards the fields below
  std::condition_variable wake_, done_;
  std::vector<std::thread> threads_;
  const std::function<void()>* body_ = nullptr;
  unsigned seats_ = 0, active_ = 0;
  // Written under mu_; also read without it by a worker spinning for the next call.
  std::atomic<unsigned long long> generation_{0};
  bool stop_ = false;
  std::exception_ptr err_;
  int callerCpu_ = -1;  // the CPU the caller ran on when it started the team (-1: unknown)
  // Workers waiting on wake_ (they count themselves in under mu_, which run() holds while it
  // publishes a team, so a worker counted as polling sees the new generation by itself).
  std::atomic<unsigned> sleepers_{0};
};

}  // namespace gemmcore
}  // namespace mmlkit
