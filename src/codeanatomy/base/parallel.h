// codeanatomy/base/parallel.h
//
// ParallelFor: run fn(index, worker) for index in [0, count) on `threads` threads. Items are handed
// out dynamically (an atomic counter), so results must be written to per-index slots (or per-worker
// state merged in a fixed order) to keep outputs independent of the thread count.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace codeanatomy::base {

//! The number of hardware threads (at least 1).
inline int HardwareThreads() { return std::max(1u, std::thread::hardware_concurrency()); }

template <typename Fn>
void ParallelFor(size_t count, int threads, Fn&& fn) {
  const size_t workers =
      std::min<size_t>(static_cast<size_t>(std::max(1, threads)), std::max<size_t>(count, 1));
  std::atomic<size_t> next{0};
  auto run = [&](size_t worker) {
    for (size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) fn(i, worker);
  };
  if (workers <= 1) {
    run(0);
    return;
  }
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (size_t w = 1; w < workers; ++w) pool.emplace_back(run, w);
  run(0);
  for (auto& t : pool) t.join();
}

}  // namespace codeanatomy::base
