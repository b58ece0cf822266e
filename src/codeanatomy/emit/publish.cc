#include "codeanatomy/emit/publish.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <string>

#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/base/interrupt.h"
#include "codeanatomy/emit/manifest.h"

namespace codeanatomy::emit {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

namespace {

constexpr std::string_view kMarker = ".codeanatomy-tmp-";

std::string StagingPrefix(const fs::path& out) {
  return "." + out.filename().string() + std::string(kMarker);
}

//! Removes the staging directories (`.<any name>.codeanatomy-tmp-<pid>`, and those an interrupt
//! was removing, `….interrupted`) of runs whose process no longer exists.
void RemoveStale(const fs::path& parent) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(".interrupted")) name.resize(name.size() - std::strlen(".interrupted"));
    const size_t marker = name.rfind(kMarker);
    if (!name.starts_with(".") || marker == std::string::npos) continue;
    const std::string pid_text = name.substr(marker + kMarker.size());
    char* end = nullptr;
    long pid = std::strtol(pid_text.c_str(), &end, 10);
    if (end == pid_text.c_str() || *end != '\0') continue;
    if (pid > 0 && pid != getpid() && ::kill(static_cast<pid_t>(pid), 0) == 0) continue;  // alive
    std::error_code rm_ec;
    fs::remove_all(entry.path(), rm_ec);
  }
}

//! What a version-1 manifest (written before manifests listed their "files") may sit beside.
bool IsVersion1Entry(const std::string& name) {
  static const std::set<std::string> kNames = {"manifest.json",
                                               "run_bundle",
                                               "evidence",
                                               "derived",
                                               "cpg_nodes.parquet",
                                               "cpg_edges.parquet",
                                               "cpg_props.parquet",
                                               "diagnostics.parquet",
                                               "callgraph.parquet",
                                               "cpg_nodes_errors.parquet",
                                               "cpg_edges_errors.parquet",
                                               "cpg_props_errors.parquet"};
  return kNames.count(name) > 0;
}

//! `ancestor` is `path` or one of its ancestors (both absolute and normalised).
bool IsSameOrAncestor(const fs::path& ancestor, const fs::path& path) {
  auto a = ancestor.begin(), p = path.begin();
  for (; a != ancestor.end(); ++a, ++p) {
    if (a->empty()) continue;  // a trailing separator
    if (p == path.end() || *a != *p) return false;
  }
  return true;
}

Status Refuse(const fs::path& out, std::string_view why) {
  return Status::InvalidArgument("refusing to write the output to '{}': {}", out.string(), why);
}

}  // namespace

std::vector<std::string> TopLevelEntries(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Status CheckReplaceable(const fs::path& out_arg, const fs::path& repo) {
  std::error_code ec;
  fs::path out = fs::absolute(out_arg, ec).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  if (ec || out.filename().empty()) {
    return Status::InvalidArgument(
        "output path '{}' is not usable; pass a directory path like out/", out_arg.string());
  }
  if (fs::is_symlink(fs::symlink_status(out, ec))) {
    return Refuse(out_arg,
                  "it is a symbolic link; pass the directory it points to, or another path");
  }
  const fs::path real_out = fs::weakly_canonical(out, ec);
  if (!repo.empty()) {
    std::error_code repo_ec;
    const fs::path real_repo = fs::canonical(repo, repo_ec);
    if (!repo_ec && !ec && IsSameOrAncestor(real_out, real_repo)) {
      return Refuse(out_arg, real_out == real_repo
                                 ? "it is the repository being analysed; choose an -o path "
                                   "outside it, e.g. a sibling directory"
                                 : "it holds the repository being analysed; choose an -o path "
                                   "that is not the repository or one of its parents");
    }
  }
  if (!fs::exists(out, ec)) return Status::Ok();
  if (!fs::is_directory(out, ec)) {
    return Status::InvalidArgument(
        "output path '{}' exists and is not a directory; choose another -o path", out_arg.string());
  }
  struct stat out_stat {
  }, parent_stat{};
  if (::stat(out.c_str(), &out_stat) == 0 && ::stat(out.parent_path().c_str(), &parent_stat) == 0 &&
      out_stat.st_dev != parent_stat.st_dev) {
    return Refuse(out_arg,
                  "it is a mount point, and the output is swapped in with a rename that cannot "
                  "cross file systems; pass a directory inside it (e.g. " +
                      (out / "out").string() + ")");
  }
  if (fs::is_empty(out, ec) && !ec) {
    if (::access(out.c_str(), W_OK | X_OK) != 0) {
      return Refuse(out_arg, "it is not writable; choose a writable -o path");
    }
    return Status::Ok();
  }
  const fs::path manifest_path = out / "manifest.json";
  if (!fs::is_regular_file(manifest_path, ec)) {
    return Refuse(out_arg,
                  "it is not empty and was not written by CodeAnatomy (no manifest.json); choose "
                  "another -o path or empty it");
  }
  auto text = base::ReadFile(manifest_path);
  nlohmann::json manifest =
      text.ok() ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
  const bool ours =
      manifest.is_object() && manifest.contains("tool") && manifest["tool"].is_object() &&
      manifest["tool"].value("name", "") == "codeanatomy" &&
      manifest.contains("manifest_version") && manifest["manifest_version"].is_number_integer() &&
      manifest["manifest_version"].get<int64_t>() >= 1 &&
      manifest["manifest_version"].get<int64_t>() <= kManifestVersion;
  if (!ours) {
    return Refuse(out_arg,
                  "its manifest.json is not one CodeAnatomy wrote (tool name or manifest version "
                  "unknown); choose another -o path or empty it");
  }
  std::set<std::string> listed;
  const bool has_list = manifest.contains("output_files") && manifest["output_files"].is_array();
  if (has_list) {
    for (const auto& f : manifest["output_files"]) {
      if (f.is_string()) listed.insert(f.get<std::string>());
    }
  }
  for (const auto& name : TopLevelEntries(out)) {
    const bool known = has_list ? listed.count(name) > 0 : IsVersion1Entry(name);
    if (!known) {
      return Refuse(out_arg, "it holds '" + name +
                                 "', which CodeAnatomy did not write there; choose another -o "
                                 "path or move that file out");
    }
  }
  if (::access(out.c_str(), W_OK | X_OK) != 0) {
    return Refuse(out_arg, "it is not writable; choose a writable -o path");
  }
  return Status::Ok();
}

Result<OutputStaging> OutputStaging::Create(const fs::path& out_arg, const fs::path& repo) {
  CA_RETURN_IF_ERROR(CheckReplaceable(out_arg, repo));
  std::error_code ec;
  fs::path out = fs::absolute(out_arg, ec).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  const fs::path parent = out.parent_path();
  fs::create_directories(parent, ec);
  if (ec) {
    return Status::InvalidArgument(
        "cannot create the output's parent directory '{}': {}; choose a "
        "writable -o path",
        parent.string(), ec.message());
  }
  RemoveStale(parent);
  const fs::path root = parent / (StagingPrefix(out) + std::to_string(getpid()));
  fs::remove_all(root, ec);
  // Registered before it exists: an interrupt from here on removes it.
  auto interrupt = std::make_unique<base::RemoveOnInterrupt>(root);
  if (!fs::create_directory(root, ec) || ec || !fs::create_directory(root / "out", ec) || ec ||
      !fs::create_directory(root / "spill", ec) || ec) {
    return Status::InvalidArgument("cannot write to '{}': {}; choose a writable -o path",
                                   parent.string(), ec ? ec.message() : "directory exists");
  }
  return OutputStaging(out, root, std::move(interrupt));
}

OutputStaging::OutputStaging(fs::path out, fs::path root,
                             std::unique_ptr<base::RemoveOnInterrupt> interrupt)
    : out_(std::move(out)),
      root_(std::move(root)),
      staging_(root_ / "out"),
      spill_(root_ / "spill"),
      interrupt_(std::move(interrupt)) {}

OutputStaging::OutputStaging(OutputStaging&& other) noexcept
    : out_(std::move(other.out_)),
      root_(std::move(other.root_)),
      staging_(std::move(other.staging_)),
      spill_(std::move(other.spill_)),
      interrupt_(std::move(other.interrupt_)),
      removed_(other.removed_) {
  other.removed_ = true;  // the moved-from object owns nothing
}

OutputStaging::~OutputStaging() {
  if (!removed_) {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
}

Status OutputStaging::Publish() {
  std::error_code ec;
  if (fs::exists(out_, ec)) {
    // Swap old and new in one step; the old output (now at the staging path) goes with the rest.
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, out_.c_str(), RENAME_EXCHANGE) != 0) {
      return Status::IoError("cannot replace {}: {}", out_.string(), std::strerror(errno));
    }
  } else if (::rename(staging_.c_str(), out_.c_str()) != 0) {
    return Status::IoError("cannot move the output into {}: {}", out_.string(),
                           std::strerror(errno));
  }
  fs::remove_all(root_, ec);
  removed_ = true;
  return Status::Ok();
}

}  // namespace codeanatomy::emit
