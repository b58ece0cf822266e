// codeanatomy/base/interrupt.h
//
// What an interrupted run undoes. InstallInterruptCleanup, called first thing in main (before any
// other thread starts, so every thread inherits the mask), blocks SIGINT, SIGTERM and SIGHUP and
// hands them to one thread. On the first of them that thread removes every registered directory
// (a build's staging directory, with DuckDB's spill files inside it), kills every registered child
// process, and ends the process with the same signal, so the exit status says which one it was.
// SIGKILL cannot be caught: the next build removes what such a run left (emit/publish.h).
#pragma once

#include <filesystem>

#include <spawn.h>
#include <sys/types.h>

namespace codeanatomy::base {

//! Idempotent. Also ignores SIGXFSZ, so a write past `ulimit -f` fails with EFBIG (reported like a
//! full disk) instead of killing the process, and makes a failed operator new (out of memory, in
//! any thread) print one line, clean up as an interrupt does and exit with code 2; an uncaught
//! exception does the same (exit 2 for resources the system refused, 3 for anything else).
void InstallInterruptCleanup();

//! True for the first caller only: the one that prints the run's error line (a failure in one
//! thread may make others fail too; the user sees one line).
bool ClaimErrorLine();

//! Registers `dir` for removal on an interrupt while the object lives.
class RemoveOnInterrupt {
 public:
  explicit RemoveOnInterrupt(std::filesystem::path dir);
  ~RemoveOnInterrupt();
  RemoveOnInterrupt(const RemoveOnInterrupt&) = delete;
  RemoveOnInterrupt& operator=(const RemoveOnInterrupt&) = delete;

 private:
  std::filesystem::path dir_;
};

//! Registers a child process to be killed (SIGKILL) on an interrupt while the object lives.
class KillOnInterrupt {
 public:
  explicit KillOnInterrupt(pid_t pid);
  ~KillOnInterrupt();
  KillOnInterrupt(const KillOnInterrupt&) = delete;
  KillOnInterrupt& operator=(const KillOnInterrupt&) = delete;

 private:
  pid_t pid_;
};

//! posix_spawn attributes giving the child an empty signal mask and the default action for the
//! interrupt signals: it must not inherit the mask InstallInterruptCleanup set.
class ChildSignalDefaults {
 public:
  ChildSignalDefaults();
  ~ChildSignalDefaults();
  ChildSignalDefaults(const ChildSignalDefaults&) = delete;
  ChildSignalDefaults& operator=(const ChildSignalDefaults&) = delete;
  const posix_spawnattr_t* get() const { return &attr_; }

 private:
  posix_spawnattr_t attr_;
};

}  // namespace codeanatomy::base
