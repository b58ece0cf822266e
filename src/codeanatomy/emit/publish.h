// codeanatomy/emit/publish.h
//
// Atomic publication of an output directory. Everything is written under a staging directory beside
// OUT (`.<name>.codeanatomy-tmp-<pid>`), then swapped into place with one rename, so an interrupted
// run (even SIGKILL) leaves the previous output untouched. Stale staging directories of dead runs
// are removed by the next run.
//
// What -o may replace: a missing or empty directory, or one that holds only what an earlier build
// wrote there — a manifest.json of ours (tool "codeanatomy", a manifest version we know) and,
// beside it, only the entries that manifest lists under "output_files" (a fixed list for version-1
// manifests, which predate it). Never the repository being analysed or a directory holding it,
// never a symbolic link, never a mount point (the final rename could not cross it).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"

namespace codeanatomy::emit {

//! OK when `out` may be replaced by a build of `repo` (empty `repo`: not checked against one):
//! InvalidArgument naming the reason otherwise. Reads only; changes nothing.
base::Status CheckReplaceable(const std::filesystem::path& out, const std::filesystem::path& repo);

//! The top-level entries of `dir`, sorted: what a manifest lists under "output_files".
std::vector<std::string> TopLevelEntries(const std::filesystem::path& dir);

class OutputStaging {
 public:
  //! Checks that OUT may be replaced (CheckReplaceable) and can be written (creating its parent if
  //! needed), then creates the staging dir — all before any analysis starts.
  static base::Result<OutputStaging> Create(const std::filesystem::path& out,
                                            const std::filesystem::path& repo = {});
  OutputStaging(OutputStaging&& other) noexcept;
  OutputStaging& operator=(OutputStaging&&) = delete;
  ~OutputStaging();

  const std::filesystem::path& dir() const { return staging_; }
  const std::filesystem::path& out() const { return out_; }
  //! Moves the staging directory to OUT atomically (exchanging it with the previous output).
  base::Status Publish();

 private:
  OutputStaging(std::filesystem::path out, std::filesystem::path staging)
      : out_(std::move(out)), staging_(std::move(staging)) {}
  std::filesystem::path out_;
  std::filesystem::path staging_;
  bool published_ = false;
};

}  // namespace codeanatomy::emit
