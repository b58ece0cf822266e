#include "codeanatomy/extract/scip/subprocess.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "codeanatomy/base/interrupt.h"

extern char** environ;

namespace codeanatomy::extract::scip {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

namespace {

//! posix_spawn file actions, destroyed on every path.
class FileActions {
 public:
  FileActions() { posix_spawn_file_actions_init(&actions_); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_;
};

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

//! Waits for `pid` without blocking; true once it has been reaped.
bool TryReap(pid_t pid, int* status, rusage* usage) {
  for (;;) {
    pid_t r = wait4(pid, status, WNOHANG, usage);
    if (r == pid) return true;
    if (r == 0) return false;
    if (errno != EINTR) return true;  // ECHILD: nothing left to wait for
  }
}

void Reap(pid_t pid, int* status, rusage* usage) {
  while (wait4(pid, status, 0, usage) < 0 && errno == EINTR) {
  }
}

}  // namespace

std::string ProcessResult::Describe() const {
  if (timed_out) return fmt::format("timed out after {:.0f} s", wall_seconds);
  if (signal != 0) return fmt::format("killed by signal {} ({})", signal, strsignal(signal));
  return fmt::format("exit code {}", exit_code);
}

Result<ProcessResult> RunProcess(const ProcessSpec& spec) {
  CA_CHECK(!spec.argv.empty());
  FileActions actions;
  posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  const std::string out_path = spec.stdout_path.empty() ? "/dev/null" : spec.stdout_path.string();
  const std::string err_path = spec.stderr_path.empty() ? "/dev/null" : spec.stderr_path.string();
  posix_spawn_file_actions_addopen(actions.get(), STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(actions.get(), STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const std::string cwd = spec.cwd.string();
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(actions.get(), cwd.c_str());

  std::vector<char*> argv = CStrings(spec.argv);
  std::vector<char*> envp = CStrings(spec.env);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = -1;
  const base::ChildSignalDefaults signals;  // not the interrupt mask of this process
  const int rc = posix_spawn(&pid, argv[0], actions.get(), signals.get(), argv.data(), envp.data());
  if (rc != 0) {
    return Status::FailedPrecondition("cannot start {} in {}: {}", spec.argv[0],
                                      cwd.empty() ? "." : cwd, std::strerror(rc));
  }
  const base::KillOnInterrupt kill_on_interrupt(pid);

  ProcessResult result;
  int status = 0;
  rusage usage{};
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  // Poll: a short sleep first (quick commands), then at most 100 ms between checks.
  auto nap = std::chrono::milliseconds(2);
  bool reaped = false;
  while (!(reaped = TryReap(pid, &status, &usage))) {
    if (spec.timeout_seconds > 0 && elapsed() >= spec.timeout_seconds) break;
    std::this_thread::sleep_for(nap);
    nap = std::min(nap * 2, std::chrono::milliseconds(100));
  }
  if (!reaped) {
    result.timed_out = true;
    ::kill(pid, SIGKILL);
    Reap(pid, &status, &usage);
  }
  result.wall_seconds = elapsed();
  result.peak_rss_bytes = static_cast<int64_t>(usage.ru_maxrss) * 1024;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status) && !result.timed_out) result.signal = WTERMSIG(status);
  return result;
}

std::optional<fs::path> FindExecutable(std::string_view name, std::string_view search_path) {
  size_t begin = 0;
  while (begin <= search_path.size()) {
    size_t end = search_path.find(':', begin);
    if (end == std::string_view::npos) end = search_path.size();
    const std::string_view dir = search_path.substr(begin, end - begin);
    if (!dir.empty()) {
      fs::path candidate = fs::path(dir) / name;
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) {
        return candidate;
      }
    }
    begin = end + 1;
  }
  return std::nullopt;
}

std::vector<std::string> EnvironmentWithPath(const std::string& path) {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    if (std::strncmp(*e, "PATH=", 5) == 0) continue;
    env.emplace_back(*e);
  }
  env.push_back("PATH=" + path);
  return env;
}

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

//! The non-empty lines of `text`, trimmed.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = Trim(text.substr(pos, nl - pos));
    if (!line.empty()) lines.push_back(line);
    pos = nl + 1;
  }
  return lines;
}

//! `lines` joined with " | ", keeping the last `max_chars` bytes (on a UTF-8 boundary).
std::string JoinForMessage(const std::vector<std::string_view>& lines, size_t max_chars) {
  std::string out;
  for (auto line : lines) {
    if (!out.empty()) out += " | ";
    out += line;
  }
  if (out.size() > max_chars) {
    size_t cut = out.size() - max_chars;
    while (cut < out.size() && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) ++cut;
    out = "…" + out.substr(cut);
  }
  return out;
}

}  // namespace

std::string TailForMessage(std::string_view text, int max_lines, size_t max_chars) {
  std::vector<std::string_view> lines = Lines(text);
  if (lines.size() > static_cast<size_t>(max_lines)) {
    lines.erase(lines.begin(), lines.end() - max_lines);
  }
  return JoinForMessage(lines, max_chars);
}

std::string SummarizeErrorOutput(std::string_view text, size_t max_chars) {
  std::vector<std::string_view> kept, errors;
  for (std::string_view line : Lines(text)) {
    std::string_view body = line;
    if (body.starts_with("npm error")) body = Trim(body.substr(9));
    if (body.empty() || body.starts_with("at ") || body == "{" || body == "}" ||
        body.starts_with("syscall ") || body.starts_with("errno ")) {
      continue;
    }
    // npm's dump of the error object: `code: 'ECONNREFUSED',`.
    const size_t colon = body.find(": ");
    if (body.back() == ',' && colon != std::string_view::npos &&
        body.substr(0, colon).find(' ') == std::string_view::npos) {
      continue;
    }
    kept.push_back(line);
    if (body.find("rror") != std::string_view::npos || body.starts_with("code E") ||
        body.find("ERR") != std::string_view::npos) {
      errors.push_back(line);
    }
  }
  if (!errors.empty()) {
    if (errors.size() > 2) errors.resize(2);
    return JoinForMessage(errors, max_chars);
  }
  if (kept.size() > 3) kept.erase(kept.begin(), kept.end() - 3);
  return JoinForMessage(kept, max_chars);
}

}  // namespace codeanatomy::extract::scip
