#include "codeanatomy/emit/publish.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

namespace codeanatomy::emit {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

namespace {

constexpr std::string_view kMarker = ".codeanatomy-tmp-";

std::string StagingPrefix(const fs::path& out) {
  return "." + out.filename().string() + std::string(kMarker);
}

//! Removes staging directories of runs whose process no longer exists.
void RemoveStale(const fs::path& parent, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const std::string pid_text = name.substr(prefix.size());
    char* end = nullptr;
    long pid = std::strtol(pid_text.c_str(), &end, 10);
    if (end == pid_text.c_str() || *end != '\0') continue;
    if (pid > 0 && pid != getpid() && ::kill(static_cast<pid_t>(pid), 0) == 0) continue;  // alive
    std::error_code rm_ec;
    fs::remove_all(entry.path(), rm_ec);
  }
}

bool IsReplaceable(const fs::path& out) {
  std::error_code ec;
  if (fs::is_empty(out, ec) && !ec) return true;
  return fs::exists(out / "manifest.json", ec);
}

}  // namespace

Result<OutputStaging> OutputStaging::Create(const fs::path& out_arg) {
  std::error_code ec;
  fs::path out = fs::absolute(out_arg, ec).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  if (ec || out.filename().empty()) {
    return Status::InvalidArgument(
        "output path '{}' is not usable; pass a directory path like out/", out_arg.string());
  }
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out, ec)) {
      return Status::InvalidArgument(
          "output path '{}' exists and is not a directory; choose another -o path",
          out_arg.string());
    }
    if (!IsReplaceable(out)) {
      return Status::InvalidArgument(
          "output directory '{}' is not empty and holds no CodeAnatomy manifest.json; refusing to "
          "replace it — choose another -o path or empty it",
          out_arg.string());
    }
  }
  const fs::path parent = out.parent_path();
  fs::create_directories(parent, ec);
  if (ec) {
    return Status::InvalidArgument(
        "cannot create the output's parent directory '{}': {}; choose a "
        "writable -o path",
        parent.string(), ec.message());
  }
  RemoveStale(parent, StagingPrefix(out));
  fs::path staging = parent / (StagingPrefix(out) + std::to_string(getpid()));
  fs::remove_all(staging, ec);
  if (!fs::create_directory(staging, ec) || ec) {
    return Status::InvalidArgument("cannot write to '{}': {}; choose a writable -o path",
                                   parent.string(), ec ? ec.message() : "directory exists");
  }
  return OutputStaging(out, staging);
}

OutputStaging::OutputStaging(OutputStaging&& other) noexcept
    : out_(std::move(other.out_)),
      staging_(std::move(other.staging_)),
      published_(other.published_) {
  other.published_ = true;  // the moved-from object owns nothing
}

OutputStaging::~OutputStaging() {
  if (!published_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

Status OutputStaging::Publish() {
  std::error_code ec;
  if (fs::exists(out_, ec)) {
    // Swap old and new in one step, then delete the old output (now at the staging path).
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, out_.c_str(), RENAME_EXCHANGE) != 0) {
      return Status::IoError("cannot replace {}: {}", out_.string(), std::strerror(errno));
    }
    fs::remove_all(staging_, ec);
  } else if (::rename(staging_.c_str(), out_.c_str()) != 0) {
    return Status::IoError("cannot move the output into {}: {}", out_.string(),
                           std::strerror(errno));
  }
  published_ = true;
  return Status::Ok();
}

}  // namespace codeanatomy::emit
