// codeanatomy/orchestrate/memory_meter.h
//
// What a build reports of its memory (manifest `memory`): the budget DuckDB ran under, the peak
// resident memory of the process and of its largest worker, and how much DuckDB spilled to disk
// (the high-water size of the staging spill directory, sampled in the background and after every
// task).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <thread>

namespace codeanatomy::orchestrate {

//! Follows the size on disk of a spill directory until destroyed; its high-water mark is what the
//! run spilled at most at once.
class SpillMeter {
 public:
  //! Starts sampling `dir` every `interval_ms` on a thread of its own.
  explicit SpillMeter(std::filesystem::path dir, int interval_ms = 20);
  ~SpillMeter();
  SpillMeter(const SpillMeter&) = delete;
  SpillMeter& operator=(const SpillMeter&) = delete;

  //! Samples now (the task loop calls it after every task: what a table evicted stays there).
  void Sample();
  //! The largest size seen, in bytes allocated on disk.
  int64_t peak_bytes() const { return peak_.load(); }

 private:
  std::filesystem::path dir_;
  std::atomic<int64_t> peak_{0};
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

//! The bytes allocated on disk by the files under `dir` (0 when it does not exist).
int64_t DirectoryBytes(const std::filesystem::path& dir);

//! The peak resident memory of this process so far (getrusage ru_maxrss), in bytes.
int64_t PeakRssBytes();
//! The peak resident memory of the largest child process waited for so far (the python workers).
int64_t PeakChildRssBytes();

}  // namespace codeanatomy::orchestrate
