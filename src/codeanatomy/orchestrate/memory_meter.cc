#include "codeanatomy/orchestrate/memory_meter.h"

#include <chrono>
#include <system_error>

#include <sys/resource.h>
#include <sys/stat.h>

namespace codeanatomy::orchestrate {

namespace fs = std::filesystem;

int64_t DirectoryBytes(const fs::path& dir) {
  std::error_code ec;
  int64_t total = 0;
  // Files come and go while DuckDB spills: whatever cannot be read is not counted.
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) == 0 && S_ISREG(st.st_mode)) {
      total += static_cast<int64_t>(st.st_blocks) * 512;  // allocated, not the (sparse) length
    }
  }
  return total;
}

SpillMeter::SpillMeter(fs::path dir, int interval_ms) : dir_(std::move(dir)) {
  thread_ = std::thread([this, interval_ms] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      lock.unlock();
      Sample();
      lock.lock();
      wake_.wait_for(lock, std::chrono::milliseconds(interval_ms), [this] { return stop_; });
    }
  });
}

SpillMeter::~SpillMeter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SpillMeter::Sample() {
  const int64_t now = DirectoryBytes(dir_);
  int64_t seen = peak_.load();
  while (now > seen && !peak_.compare_exchange_weak(seen, now)) {
  }
}

int64_t PeakRssBytes() {
  struct rusage usage {};
  if (::getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

int64_t PeakChildRssBytes() {
  struct rusage usage {};
  if (::getrusage(RUSAGE_CHILDREN, &usage) != 0) return 0;
  return static_cast<int64_t>(usage.ru_maxrss) * 1024;
}

}  // namespace codeanatomy::orchestrate
