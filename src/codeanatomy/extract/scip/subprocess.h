// codeanatomy/extract/scip/subprocess.h
//
// Runs an external program (npm, node) without a shell: posix_spawn, stdin from /dev/null, stdout
// and stderr into files, a wall-clock timeout after which the child is killed. The child stays in
// our process group, so Ctrl-C at the terminal stops it too.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codeanatomy/base/status.h"

namespace codeanatomy::extract::scip {

struct ProcessSpec {
  //! argv[0] is the program's absolute path (see FindExecutable); no shell is involved.
  std::vector<std::string> argv;
  //! The child's whole environment, "KEY=VALUE" entries.
  std::vector<std::string> env;
  //! Working directory of the child.
  std::filesystem::path cwd;
  //! Where stdout / stderr go (truncated); empty means /dev/null.
  std::filesystem::path stdout_path;
  std::filesystem::path stderr_path;
  //! Kill the child after this many seconds; 0 waits forever.
  double timeout_seconds = 0;
};

struct ProcessResult {
  int exit_code = -1;  // when the child exited
  int signal = 0;      // when a signal ended it
  bool timed_out = false;
  double wall_seconds = 0;
  //! Peak resident set of the child (and of its descendants it waited for), in bytes.
  int64_t peak_rss_bytes = 0;

  bool ok() const { return !timed_out && signal == 0 && exit_code == 0; }
  //! "exit code 2", "killed by signal 9 (Killed)", "timed out after 30 s".
  std::string Describe() const;
};

//! Runs the program and waits for it. A Status error only when it could not be started; a child
//! that fails is a ProcessResult with !ok().
base::Result<ProcessResult> RunProcess(const ProcessSpec& spec);

//! The first executable `name` in the `:`-separated `search_path`, or nullopt.
std::optional<std::filesystem::path> FindExecutable(std::string_view name,
                                                    std::string_view search_path);

//! This process's environment with PATH replaced by `path` (for the child).
std::vector<std::string> EnvironmentWithPath(const std::string& path);

//! The last `max_lines` non-empty lines of `text` joined with " | ", at most `max_chars` long (the
//! end kept): a child's stderr squeezed into a one-line error message.
std::string TailForMessage(std::string_view text, int max_lines = 3, size_t max_chars = 400);

//! The informative part of a failed child's output, for a one-line error: stack frames
//! (`at …`), npm's key/value dump and braces dropped; the first two lines that name an error
//! (`Error: …`, `npm error code E…`), else the last three lines; at most `max_chars`.
std::string SummarizeErrorOutput(std::string_view text, size_t max_chars = 400);

}  // namespace codeanatomy::extract::scip
