#include "codeanatomy/base/interrupt.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <vector>

#include <signal.h>
#include <unistd.h>

namespace codeanatomy::base {

namespace fs = std::filesystem;

namespace {

constexpr int kInterruptSignals[] = {SIGINT, SIGTERM, SIGHUP};

struct Registry {
  std::mutex mu;
  std::vector<fs::path> dirs;
  std::vector<pid_t> children;
  bool installed = false;
};

Registry& TheRegistry() {
  static Registry* registry = new Registry;  // never destroyed: the signal thread outlives main
  return *registry;
}

sigset_t InterruptSet() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : kInterruptSignals) sigaddset(&set, sig);
  return set;
}

//! Memory set aside at install and given back before cleaning up after an allocation failure:
//! removing a directory tree allocates too.
void* g_reserve = nullptr;
constexpr size_t kReserveBytes = size_t{8} << 20;

//! Once per process, whichever failure or signal comes first; never throws.
void CleanUp() {
  static std::atomic<bool> started{false};
  if (started.exchange(true)) return;
  std::free(g_reserve);
  g_reserve = nullptr;
  Registry& r = TheRegistry();
  // The failing thread may hold the lock (an allocation failure while registering): go on
  // without it then, the process is ending.
  std::unique_lock<std::mutex> lock(r.mu, std::try_to_lock);
  for (pid_t pid : r.children) ::kill(pid, SIGKILL);
  for (const fs::path& dir : r.dirs) {
    try {
      // Moved aside first: a file the build opens by its old path afterwards fails instead of
      // landing in a directory we are deleting.
      std::error_code ec;
      fs::path doomed = dir;
      doomed += ".interrupted";
      fs::rename(dir, doomed, ec);
      fs::remove_all(ec ? dir : doomed, ec);
    } catch (...) {  // out of memory again: the next build removes it (emit/publish.h)
    }
  }
}

[[noreturn]] void CleanUpAndDie(int sig) {
  CleanUp();
  ::signal(sig, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  ::raise(sig);
  ::_exit(128 + sig);  // not reached: the default action ends the process
}

std::atomic<bool> g_error_reported{false};

//! One line on stderr (unless another thread already reported the run's error), the same cleanup
//! as an interrupt, then exit.
[[noreturn]] void ReportAndExit(std::string_view line, int code) {
  if (ClaimErrorLine()) {
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
  }
  CleanUp();
  ::_exit(code);
}

constexpr std::string_view kOutOfMemory =
    "codeanatomy: error: out of memory; build with fewer --threads, leave huge generated files "
    "out (--exclude, --max-file-bytes) or run where more memory is available\n";

//! operator new failed, in any thread: an environment failure (exit 2), not a bug.
void OutOfMemory() {
  std::set_new_handler(nullptr);  // a failure while cleaning up throws instead of recursing
  ReportAndExit(kOutOfMemory, 2);
}

//! An exception nobody caught (std::terminate): resources the system refused (memory, threads)
//! are environment failures (exit 2); anything else is a bug (exit 3). One line either way.
void Terminate() {
  std::string line;
  int code = 3;
  try {
    if (std::exception_ptr e = std::current_exception()) std::rethrow_exception(e);
    line = "codeanatomy: internal error (a bug): terminated without an exception\n";
  } catch (const std::bad_alloc&) {
    ReportAndExit(kOutOfMemory, 2);
  } catch (const std::system_error& e) {
    const bool resources = e.code() == std::errc::resource_unavailable_try_again ||
                           e.code() == std::errc::not_enough_memory ||
                           e.code() == std::errc::too_many_files_open;
    if (resources) {
      code = 2;
      line = std::string("codeanatomy: error: the system refused a resource (") + e.what() +
             "); build with fewer --threads, or where more memory and processes are available\n";
    } else {
      line = std::string("codeanatomy: internal error (a bug): ") + e.what() + "\n";
    }
  } catch (const std::exception& e) {
    line =
        std::string("codeanatomy: internal error (a bug): uncaught exception: ") + e.what() + "\n";
  } catch (...) {
    line = "codeanatomy: internal error (a bug): uncaught exception\n";
  }
  ReportAndExit(line, code);
}

}  // namespace

bool ClaimErrorLine() { return !g_error_reported.exchange(true); }

void InstallInterruptCleanup() {
  Registry& r = TheRegistry();
  {
    std::lock_guard<std::mutex> lock(r.mu);
    if (r.installed) return;
    r.installed = true;
  }
  g_reserve = std::malloc(kReserveBytes);  // large: mapped on its own, unmapped by free
  ::signal(SIGXFSZ, SIG_IGN);
  std::set_new_handler(OutOfMemory);
  std::set_terminate(Terminate);
  const sigset_t set = InterruptSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set] {
    int sig = 0;
    while (sigwait(&set, &sig) != 0) {
    }
    CleanUpAndDie(sig);
  }).detach();  // (when the system cannot start it, Terminate reports that)
}

RemoveOnInterrupt::RemoveOnInterrupt(fs::path dir) : dir_(std::move(dir)) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  r.dirs.push_back(dir_);
}

RemoveOnInterrupt::~RemoveOnInterrupt() {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  auto it = std::find(r.dirs.begin(), r.dirs.end(), dir_);
  if (it != r.dirs.end()) r.dirs.erase(it);
}

KillOnInterrupt::KillOnInterrupt(pid_t pid) : pid_(pid) {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  r.children.push_back(pid_);
}

KillOnInterrupt::~KillOnInterrupt() {
  Registry& r = TheRegistry();
  std::lock_guard<std::mutex> lock(r.mu);
  auto it = std::find(r.children.begin(), r.children.end(), pid_);
  if (it != r.children.end()) r.children.erase(it);
}

ChildSignalDefaults::ChildSignalDefaults() {
  posix_spawnattr_init(&attr_);
  sigset_t empty;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&attr_, &empty);
  sigset_t defaults = InterruptSet();
  sigaddset(&defaults, SIGXFSZ);
  posix_spawnattr_setsigdefault(&attr_, &defaults);
  posix_spawnattr_setflags(&attr_, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
}

ChildSignalDefaults::~ChildSignalDefaults() { posix_spawnattr_destroy(&attr_); }

}  // namespace codeanatomy::base
