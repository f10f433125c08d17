//===- ThreadPool.h - the batch threads, kept for the process ----*- C++ -*-===//
//
// parallelChunks (Model.cpp) splits a batch over threads. Starting them for
// every call cost a measurable part of a training step of small states
// (QMAE: about 7 us of work per sample), and each new thread allocated its
// work memory again. The workers here are started once, on first use, and
// keep their thread_local work memory between calls.
//
// run(count, job) runs job(0) on the calling thread and job(1 .. count-1)
// on the workers, and returns when all are done. Calls from several threads
// take turns; a call made from inside a job (a nested batch) runs its jobs
// in order on its own thread instead of waiting for busy workers. After a
// fork the child starts workers of its own (the parent's do not exist there).
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_MODEL_THREADPOOL_H
#define MASQ_MODEL_THREADPOOL_H

#include <functional>

namespace masq {
namespace pool {

void run(int count, const std::function<void(int)> &job);

} // namespace pool
} // namespace masq

#endif // MASQ_MODEL_THREADPOOL_H
