// codeanatomy/base/stopwatch.h
//
// Wall and CPU time of a stage, and the process's peak resident memory.
#pragma once

#include <chrono>
#include <cstdint>

#include <sys/resource.h>
#include <time.h>

namespace codeanatomy::base {

class Stopwatch {
 public:
  Stopwatch() { Restart(); }
  void Restart() {
    wall_start_ = std::chrono::steady_clock::now();
    cpu_start_ = ProcessCpuSeconds();
  }
  double ElapsedSeconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count();
  }
  double ElapsedMillis() const { return ElapsedSeconds() * 1000.0; }
  //! CPU time of this process (all threads) since Restart(); child processes are not included.
  double CpuSeconds() const { return ProcessCpuSeconds() - cpu_start_; }

  static double ProcessCpuSeconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
  }

 private:
  std::chrono::steady_clock::time_point wall_start_;
  double cpu_start_ = 0;
};

//! Peak resident set size of this process, in bytes.
inline int64_t PeakRssBytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}
//! Peak resident set size of the largest waited-for child process, in bytes.
inline int64_t PeakChildRssBytes() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

}  // namespace codeanatomy::base
