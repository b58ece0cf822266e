#include "codeanatomy/extract/python/worker_pool.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <optional>
#include <thread>

#include <fcntl.h>
#include <fmt/core.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "codeanatomy/base/interrupt.h"
#include "codeanatomy/extract/python/file_extractor.h"
#include "codeanatomy/extract/python/python_runtime.h"
#include "codeanatomy/schema/diagnostics.h"

extern char** environ;  // NOLINT: POSIX

namespace codeanatomy::extract::python {

using base::Result;
using base::Status;
using Clock = std::chrono::steady_clock;

namespace {

constexpr uint32_t kProtocolVersion = 2;
enum class MessageType : uint8_t { kHello = 1, kFile = 2, kResult = 3 };
//! Larger frames are a protocol error (a corrupted length), not a request to allocate.
constexpr uint64_t kMaxFrameBytes = uint64_t{1} << 36;
constexpr uint64_t kMaxHelloBytes = 4096;
//! Set in every worker's environment: a worker never starts workers of its own.
constexpr const char* kWorkerEnvironment = "CODEANATOMY_PYTHON_WORKER=1";

// --- encoding -----------------------------------------------------------------------------------

template <typename T>
void Put(std::string* out, T value) {
  out->append(reinterpret_cast<const char*>(&value), sizeof(value));
}
void PutBytes(std::string* out, std::string_view bytes) { out->append(bytes); }

//! Starts a frame: the length is patched by EndFrame.
size_t BeginFrame(std::string* out, MessageType type) {
  const size_t at = out->size();
  Put<uint64_t>(out, 0);
  Put<uint8_t>(out, static_cast<uint8_t>(type));
  return at;
}
void EndFrame(std::string* out, size_t at) {
  const uint64_t length = out->size() - at - sizeof(uint64_t);
  std::memcpy(out->data() + at, &length, sizeof(length));
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  template <typename T>
  bool Get(T* value) {
    if (bytes_.size() < sizeof(T)) return false;
    std::memcpy(value, bytes_.data(), sizeof(T));
    bytes_.remove_prefix(sizeof(T));
    return true;
  }
  bool GetBytes(size_t n, std::string_view* out) {
    if (bytes_.size() < n) return false;
    *out = bytes_.substr(0, n);
    bytes_.remove_prefix(n);
    return true;
  }
  std::string_view rest() const { return bytes_; }

 private:
  std::string_view bytes_;
};

void PutStats(std::string* out, const PythonStats& s) {
  Put(out, s.parse_cpu_seconds);
  Put(out, s.compile_cpu_seconds);
  Put(out, s.symtable_cpu_seconds);
  Put(out, s.decode_cpu_seconds);
  Put(out, s.ast_cpu_seconds);
  Put(out, s.transfer_cpu_seconds);
  Put(out, s.files);
  Put(out, s.files_without_rows);
  Put(out, s.max_worker_rss_bytes);
}
constexpr size_t kStatsBytes = 6 * sizeof(double) + 3 * sizeof(int64_t);

bool GetStats(Reader& r, PythonStats* s) {
  return r.Get(&s->parse_cpu_seconds) && r.Get(&s->compile_cpu_seconds) &&
         r.Get(&s->symtable_cpu_seconds) && r.Get(&s->decode_cpu_seconds) &&
         r.Get(&s->ast_cpu_seconds) && r.Get(&s->transfer_cpu_seconds) && r.Get(&s->files) &&
         r.Get(&s->files_without_rows) && r.Get(&s->max_worker_rss_bytes);
}

// --- blocking I/O (worker side) -----------------------------------------------------------------

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

//! False at EOF or on an error.
bool ReadAll(int fd, char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = read(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

std::string DescribeWaitStatus(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = strsignal(sig);
    return fmt::format("killed by signal {} ({})", sig, name ? name : "unknown");
  }
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  return fmt::format("ended with wait status {}", status);
}

// --- one worker process (parent side) -----------------------------------------------------------

class WorkerProcess {
 public:
  static Result<std::unique_ptr<WorkerProcess>> Spawn(const std::string& executable) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
      return Status::IoError("cannot create a socket pair for a python worker: {}",
                             std::strerror(errno));
    }
    // The child's end becomes its fds 0 and 1; make sure it is not already one of them.
    if (sv[1] < 3) {
      const int moved = fcntl(sv[1], F_DUPFD_CLOEXEC, 3);
      close(sv[1]);
      sv[1] = moved;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, sv[1], 0);
    posix_spawn_file_actions_adddup2(&actions, sv[1], 1);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    std::string arg0 = executable;
    std::string arg1(kWorkerArgument);
    char* argv[] = {arg0.data(), arg1.data(), nullptr};
    std::vector<char*> env;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) env.push_back(*e);
    std::string marker = kWorkerEnvironment;
    env.push_back(marker.data());
    env.push_back(nullptr);
    pid_t pid = -1;
    const base::ChildSignalDefaults signals;  // not the interrupt mask of this process
    const int rc = sv[1] < 0 ? EMFILE
                             : posix_spawn(&pid, executable.c_str(), &actions, signals.get(), argv,
                                           env.data());
    posix_spawn_file_actions_destroy(&actions);
    if (sv[1] >= 0) close(sv[1]);
    if (rc != 0) {
      close(sv[0]);
      return Status::FailedPrecondition("cannot start the python worker process {}: {}", executable,
                                        std::strerror(rc));
    }
    fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    return std::unique_ptr<WorkerProcess>(new WorkerProcess(pid, sv[0]));
  }

  ~WorkerProcess() { Stop(std::chrono::milliseconds(0)); }
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  pid_t pid() const { return pid_; }
  int fd() const { return fd_; }

  //! Closes the socket (a healthy worker exits at EOF) and reaps the process, killing it when it
  //! has not exited after `grace`. Returns its wait status (0 when already reaped).
  int Stop(std::chrono::milliseconds grace) {
    if (fd_ >= 0) {
      close(fd_);
      fd_ = -1;
    }
    if (pid_ <= 0) return status_;
    const auto deadline = Clock::now() + grace;
    while (true) {
      const pid_t r = waitpid(pid_, &status_, WNOHANG);
      if (r == pid_ || (r < 0 && errno != EINTR)) break;  // reaped, or not our child any more
      if (Clock::now() >= deadline) {
        kill(pid_, SIGKILL);
        while (waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
        }
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    pid_ = -1;
    return status_;
  }

 private:
  WorkerProcess(pid_t pid, int fd) : pid_(pid), fd_(fd) {}
  pid_t pid_;
  int fd_;
  int status_ = 0;
};

// --- the pool -----------------------------------------------------------------------------------

class Pool {
 public:
  Pool(std::span<const source::SourceFile> files, const PythonOptions& options)
      : files_(files), options_(options) {
    for (size_t i = 0; i < files.size(); ++i) {
      if (files[i].status == "ok") queue_.push_back(i);
    }
    done_.resize(queue_.size());
  }

  Result<PythonResult> Run() {
    const size_t workers = std::min(queue_.size(), static_cast<size_t>(options_.workers));
    slots_.resize(workers);
    for (auto& slot : slots_) CA_RETURN_IF_ERROR(Spawn(slot));
    const auto depth = static_cast<size_t>(std::max(1, options_.requests_per_worker));
    while (completed_ < queue_.size()) {
      for (auto& slot : slots_) {
        while (slot.proc && slot.requests.size() < depth && HasWork()) Assign(slot);
      }
      CA_RETURN_IF_ERROR(PollOnce());
    }
    for (auto& slot : slots_) {
      if (slot.proc) slot.proc->Stop(std::chrono::seconds(5));
    }
    CA_CHECK_EQ(appended_, queue_.size());
    return std::move(result_);
  }

 private:
  struct Slot {
    std::unique_ptr<WorkerProcess> proc;
    bool ready = false;  // its hello arrived
    //! queue_ indexes sent and not answered, oldest first: the worker works on the front one.
    std::deque<size_t> requests;
    Clock::time_point deadline;  // of requests.front()
    std::string out;             // request frames not yet sent
    size_t out_pos = 0;
    std::string in;  // bytes received, not yet a whole frame
  };

  Status Spawn(Slot& slot) {
    CA_ASSIGN_OR_RETURN(auto proc, WorkerProcess::Spawn(options_.worker_executable));
    slot = Slot{};
    slot.proc = std::move(proc);
    result_.stats.workers_started += 1;
    return Status::Ok();
  }

  bool HasWork() const { return !retry_.empty() || next_ < queue_.size(); }

  void Assign(Slot& slot) {
    size_t request = 0;
    if (!retry_.empty()) {
      request = retry_.front();
      retry_.pop_front();
    } else {
      request = next_++;
    }
    const source::SourceFile& file = files_[queue_[request]];
    slot.requests.push_back(request);
    if (slot.requests.size() == 1) StartDeadline(slot);
    if (slot.out_pos == slot.out.size()) {
      slot.out.clear();
      slot.out_pos = 0;
    }
    slot.out.reserve(slot.out.size() + file.text.size() + file.path.size() + 64);
    const size_t at = BeginFrame(&slot.out, MessageType::kFile);
    Put<uint64_t>(&slot.out, request);
    Put<uint64_t>(&slot.out, file.file_id);
    Put<uint8_t>(&slot.out, Steps::Of(options_).ToByte());
    Put<uint32_t>(&slot.out, static_cast<uint32_t>(file.path.size()));
    PutBytes(&slot.out, file.path);
    Put<uint64_t>(&slot.out, file.text.size());
    PutBytes(&slot.out, file.text);
    EndFrame(&slot.out, at);
    if (options_.on_dispatch) options_.on_dispatch(slot.proc->pid(), queue_[request]);
    Send(slot);
  }

  void StartDeadline(Slot& slot) {
    slot.deadline =
        Clock::now() + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(options_.file_timeout_seconds));
  }

  //! Sends what the socket takes without blocking.
  void Send(Slot& slot) {
    while (slot.out_pos < slot.out.size()) {
      const ssize_t n = send(slot.proc->fd(), slot.out.data() + slot.out_pos,
                             slot.out.size() - slot.out_pos, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        slot.out_pos += static_cast<size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        return;  // full (EAGAIN) or broken (the read side sees the EOF)
      }
    }
    slot.out = std::string();
    slot.out_pos = 0;
  }

  Status PollOnce() {
    std::vector<pollfd> fds;
    std::vector<Slot*> owners;
    int timeout_ms = 1000;
    const auto now = Clock::now();
    for (auto& slot : slots_) {
      if (!slot.proc) continue;
      short events = POLLIN;
      if (slot.out_pos < slot.out.size()) events |= POLLOUT;
      fds.push_back(pollfd{slot.proc->fd(), events, 0});
      owners.push_back(&slot);
      if (!slot.requests.empty()) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(slot.deadline - now).count();
        timeout_ms = static_cast<int>(std::clamp<int64_t>(left + 1, 0, timeout_ms));
      }
    }
    if (fds.empty()) {
      return Status::Internal("python workers: {} files left but no worker running",
                              queue_.size() - completed_);
    }
    const int rc = poll(fds.data(), fds.size(), timeout_ms);
    if (rc < 0 && errno != EINTR) {
      return Status::IoError("waiting for the python workers failed: {}", std::strerror(errno));
    }
    for (size_t k = 0; rc > 0 && k < fds.size(); ++k) {
      Slot& slot = *owners[k];
      if (!slot.proc) continue;
      if (fds[k].revents & POLLOUT) Send(slot);
      if (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) CA_RETURN_IF_ERROR(Receive(slot));
    }
    const auto after = Clock::now();
    for (auto& slot : slots_) {
      if (slot.proc && !slot.requests.empty() && after >= slot.deadline) {
        CA_RETURN_IF_ERROR(Retire(
            slot, schema::DiagnosticCode::kPyWorkerTimeout,
            fmt::format("CPython took longer than {:g} s on this file; its worker process was "
                        "stopped and the file has no python-layer rows",
                        options_.file_timeout_seconds)));
      }
    }
    return Status::Ok();
  }

  Status Receive(Slot& slot) {
    bool eof = false;
    while (true) {
      // Grow by what is waiting (FIONREAD), not by a fixed chunk: resize() zero-fills.
      int waiting = 0;
      if (ioctl(slot.proc->fd(), FIONREAD, &waiting) != 0 || waiting <= 0) waiting = 4096;
      const auto chunk = static_cast<size_t>(waiting);
      const size_t old = slot.in.size();
      slot.in.resize(old + chunk);
      const ssize_t n = recv(slot.proc->fd(), slot.in.data() + old, chunk, MSG_DONTWAIT);
      slot.in.resize(old + static_cast<size_t>(std::max<ssize_t>(n, 0)));
      if (n > 0) continue;
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      eof = true;  // 0: the worker closed its end (it died); < 0: the socket broke
      break;
    }
    if (!slot.ready && slot.in.size() > sizeof(uint64_t)) {
      // The first frame must be a hello; anything else is a binary that is not a worker (its
      // main() does not hand `__python-worker` to WorkerMain) writing to its stdout.
      uint64_t length = 0;
      std::memcpy(&length, slot.in.data(), sizeof(length));
      if (length > kMaxHelloBytes || static_cast<uint8_t>(slot.in[sizeof(uint64_t)]) !=
                                         static_cast<uint8_t>(MessageType::kHello)) {
        return Status::FailedPrecondition(
            "{} did not answer as a python worker: its main() must pass `{}` to "
            "extract::python::WorkerMain",
            options_.worker_executable, kWorkerArgument);
      }
    }
    size_t consumed = 0;
    while (slot.in.size() - consumed >= sizeof(uint64_t)) {
      uint64_t length = 0;
      std::memcpy(&length, slot.in.data() + consumed, sizeof(length));
      if (length == 0 || length > kMaxFrameBytes) {
        return Retire(slot, schema::DiagnosticCode::kPyWorkerProtocol,
                      "the CPython worker sent a malformed frame while extracting this file; the "
                      "file has no python-layer rows");
      }
      if (slot.in.size() - consumed - sizeof(uint64_t) < length) break;
      const std::string_view payload(slot.in.data() + consumed + sizeof(uint64_t), length);
      consumed += sizeof(uint64_t) + length;
      bool retired = false;
      CA_RETURN_IF_ERROR(HandleFrame(slot, payload, &retired));
      if (retired) return Status::Ok();
    }
    slot.in.erase(0, consumed);
    if (eof) {
      return Retire(slot, schema::DiagnosticCode::kPyWorkerCrashed,
                    "the CPython worker process died while extracting this file ({}); the file "
                    "has no python-layer rows");
    }
    return Status::Ok();
  }

  Status HandleFrame(Slot& slot, std::string_view payload, bool* retired) {
    Reader r(payload);
    uint8_t type = 0;
    r.Get(&type);
    if (type == static_cast<uint8_t>(MessageType::kHello) && !slot.ready) {
      uint32_t version = 0;
      if (!r.Get(&version) || version != kProtocolVersion) {
        return Status::FailedPrecondition(
            "the python worker {} speaks protocol {} instead of {}; was the binary replaced "
            "during the run?",
            options_.worker_executable, version, kProtocolVersion);
      }
      slot.ready = true;
      startup_failures_ = 0;
      return Status::Ok();
    }
    uint64_t request = 0;
    PythonStats stats;
    PythonTables tables;
    if (type != static_cast<uint8_t>(MessageType::kResult) || !slot.ready ||
        slot.requests.empty() || !r.Get(&request) || request != slot.requests.front() ||
        !GetStats(r, &stats) || !PythonTables::Deserialize(r.rest(), &tables)) {
      *retired = true;
      return Retire(slot, schema::DiagnosticCode::kPyWorkerProtocol,
                    "the CPython worker sent a malformed result for this file; the file has no "
                    "python-layer rows");
    }
    slot.requests.pop_front();
    if (!slot.requests.empty()) StartDeadline(slot);
    Complete(static_cast<size_t>(request), std::move(tables), stats);
    return Status::Ok();
  }

  //! Ends the slot's worker. Its file in flight (if any) gets a diagnostic with `code`; `message`
  //! may hold one `{}` for the way the process ended. A new worker replaces it when files remain.
  Status Retire(Slot& slot, schema::DiagnosticCode code, const std::string& message) {
    const bool crashed = code == schema::DiagnosticCode::kPyWorkerCrashed;
    const int status =
        slot.proc->Stop(crashed ? std::chrono::milliseconds(2000) : std::chrono::milliseconds(0));
    const std::string how = DescribeWaitStatus(status);
    if (!slot.ready && crashed) {
      // It died before its hello, i.e. before reading any file: not the file's fault. Retry the
      // file on a new worker, unless workers keep dying while starting.
      if (++startup_failures_ >= kMaxStartupFailures) {
        return Status::FailedPrecondition(
            "the python worker process ({} {}) {} before it was ready, {} times in a row; see its "
            "message above",
            options_.worker_executable, kWorkerArgument, how, startup_failures_);
      }
      retry_.insert(retry_.end(), slot.requests.begin(), slot.requests.end());
      slot = Slot{};
      return Spawn(slot);
    }
    if (!slot.requests.empty()) {
      // The worker handles requests in order: the front one is the file it was working on. The
      // ones behind it were not started; they go to another worker.
      const size_t request = slot.requests.front();
      retry_.insert(retry_.end(), slot.requests.begin() + 1, slot.requests.end());
      const source::SourceFile& file = files_[queue_[request]];
      PythonTables tables;
      schema::AppendDiagnostic(
          tables.diagnostics, code,
          {.file_id = file.file_id,
           .path = file.path,
           .message = crashed ? fmt::format(fmt::runtime(message), how) : message});
      PythonStats stats;
      stats.files = 1;
      stats.files_without_rows = 1;
      Complete(request, std::move(tables), stats);
    }
    slot = Slot{};
    if (HasWork()) {
      CA_RETURN_IF_ERROR(Spawn(slot));
      result_.stats.workers_replaced += 1;
    }
    return Status::Ok();
  }

  //! Stores a file's result and appends every result now complete, in file order.
  void Complete(size_t request, PythonTables tables, const PythonStats& stats) {
    CA_CHECK(!done_[request]);
    done_[request] = std::make_unique<PythonTables>(std::move(tables));
    result_.stats.Add(stats);
    completed_ += 1;
    while (appended_ < done_.size() && done_[appended_]) {
      result_.tables.Append(*done_[appended_]);
      done_[appended_].reset();
      appended_ += 1;
    }
  }

  std::span<const source::SourceFile> files_;
  const PythonOptions& options_;
  std::vector<size_t> queue_;  // indexes of the files to extract, in file order
  std::vector<Slot> slots_;
  //! Workers that die before their hello, in a row, before the run gives up.
  static constexpr int kMaxStartupFailures = 3;

  size_t next_ = 0;           // next queue_ index to send
  std::deque<size_t> retry_;  // queue_ indexes to send again (their worker died before them)
  int startup_failures_ = 0;
  size_t completed_ = 0;  // files with a result
  size_t appended_ = 0;   // results appended to result_ (a prefix of queue_)
  std::vector<std::unique_ptr<PythonTables>> done_;
  PythonResult result_;
};

}  // namespace

Result<PythonResult> RunWorkers(std::span<const source::SourceFile> files,
                                const PythonOptions& options) {
  CA_CHECK_GT(options.workers, 0);
  if (std::getenv("CODEANATOMY_PYTHON_WORKER") != nullptr) {
    return Status::FailedPrecondition(
        "refusing to start python workers from inside a python worker: {} does not hand `{}` "
        "to extract::python::WorkerMain",
        options.worker_executable, kWorkerArgument);
  }
  return Pool(files, options).Run();
}

int WorkerMain(int /*argc*/, char** /*argv*/) {
  // Die with the parent: a worker must never outlive the run.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() == 1) return 0;
  // The protocol owns stdin and stdout; anything else printing to stdout lands on stderr.
  const int in_fd = 0;
  const int out_fd = fcntl(1, F_DUPFD_CLOEXEC, 3);
  if (out_fd < 0 || dup2(2, 1) < 0) {
    std::fprintf(stderr, "codeanatomy python worker: cannot set up its pipes: %s\n",
                 std::strerror(errno));
    return 3;
  }
  auto runtime = PythonRuntime::Get();
  if (!runtime.ok()) {
    std::fprintf(stderr, "codeanatomy python worker: %s\n", runtime.status().message().c_str());
    return 3;
  }
  PythonGil gil;  // held for the worker's whole life
  PyGC_Disable();

  std::string frame;
  size_t at = BeginFrame(&frame, MessageType::kHello);
  Put<uint32_t>(&frame, kProtocolVersion);
  PutBytes(&frame, CPythonVersion());
  EndFrame(&frame, at);
  if (!WriteAll(out_fd, frame)) return 0;

  std::string payload;
  while (true) {
    uint64_t length = 0;
    if (!ReadAll(in_fd, reinterpret_cast<char*>(&length), sizeof(length))) return 0;  // EOF
    if (length == 0 || length > kMaxFrameBytes) {
      std::fprintf(stderr, "codeanatomy python worker: malformed request frame\n");
      return 4;
    }
    payload.resize(length);
    if (!ReadAll(in_fd, payload.data(), length)) return 0;
    Reader r(payload);
    uint8_t type = 0, steps = 0;
    uint64_t request = 0, file_id = 0, text_length = 0;
    uint32_t path_length = 0;
    std::string_view path, text;
    if (!r.Get(&type) || type != static_cast<uint8_t>(MessageType::kFile) || !r.Get(&request) ||
        !r.Get(&file_id) || !r.Get(&steps) || !r.Get(&path_length) ||
        !r.GetBytes(path_length, &path) || !r.Get(&text_length) ||
        !r.GetBytes(text_length, &text) || !r.rest().empty()) {
      std::fprintf(stderr, "codeanatomy python worker: malformed request\n");
      return 4;
    }
    const std::string source(text);  // NUL-terminated for the parser
    PythonTables tables;
    PythonStats stats;
    ExtractFile(**runtime, {file_id, path, &source}, Steps::FromByte(steps), &tables, &stats);

    const double t0 = ThreadCpuSeconds();
    frame.clear();
    at = BeginFrame(&frame, MessageType::kResult);
    Put<uint64_t>(&frame, request);
    const size_t stats_at = frame.size();
    frame.append(kStatsBytes, '\0');
    tables.SerializeTo(&frame);
    EndFrame(&frame, at);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    stats.max_worker_rss_bytes = static_cast<int64_t>(usage.ru_maxrss) * 1024;
    stats.transfer_cpu_seconds = ThreadCpuSeconds() - t0;
    std::string stats_bytes;
    PutStats(&stats_bytes, stats);
    CA_CHECK_EQ(stats_bytes.size(), kStatsBytes);
    std::memcpy(frame.data() + stats_at, stats_bytes.data(), kStatsBytes);
    if (!WriteAll(out_fd, frame)) return 0;  // the parent went away
  }
}

}  // namespace codeanatomy::extract::python
