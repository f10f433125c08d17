//===- ThreadPool.cpp - the batch threads, kept for the process -----------===//
#include "ThreadPool.h"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>

namespace masq {
namespace pool {
namespace {

thread_local bool tInJob = false; // this thread runs a job (or a call's jobs)

class Pool {
public:
  void run(int count, const std::function<void(int)> &job) {
    std::lock_guard<std::mutex> turn(callMu_); // one call at a time
    {
      std::lock_guard<std::mutex> lock(mu_);
      while (int(workers_.size()) < count - 1)
        workers_.push_back(new std::thread([this] { work(); })); // never joined: see below
      job_ = &job;
      count_ = count;
      next_ = 1;
      remaining_ = count - 1;
      ++generation_;
    }
    wake_.notify_all();
    job(0);
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return remaining_ == 0; });
    job_ = nullptr;
  }

private:
  void work() {
    tInJob = true;
    uint64_t seen = 0;
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      wake_.wait(lock, [&] { return generation_ != seen; });
      seen = generation_;
      while (next_ < count_) {
        const int t = next_++;
        const std::function<void(int)> *job = job_;
        lock.unlock();
        (*job)(t);
        lock.lock();
        if (--remaining_ == 0)
          done_.notify_all();
      }
    }
  }

  std::mutex callMu_, mu_;
  std::condition_variable wake_, done_;
  // The workers wait for work until the process ends (they hold no
  // resources a clean exit needs), so they are neither joined nor destroyed.
  std::vector<std::thread *> workers_;
  const std::function<void(int)> *job_ = nullptr;
  int count_ = 0, next_ = 0, remaining_ = 0;
  uint64_t generation_ = 0;
};

/// This process's pool; a child of fork() gets a new one (the parent's
/// workers do not exist in it, and its locks may have been held at the fork).
Pool &instance() {
  static std::mutex mu;
  static Pool *pool = nullptr;
  static pid_t owner = 0;
  std::lock_guard<std::mutex> lock(mu);
  if (!pool || owner != ::getpid()) {
    pool = new Pool(); // the old one is left as it is
    owner = ::getpid();
  }
  return *pool;
}

} // namespace

void run(int count, const std::function<void(int)> &job) {
  if (count <= 1 || tInJob) {
    for (int t = 0; t < count; ++t)
      job(t);
    return;
  }
  Pool &p = instance();
  tInJob = true;
  p.run(count, job);
  tInJob = false;
}

} // namespace pool
} // namespace masq
