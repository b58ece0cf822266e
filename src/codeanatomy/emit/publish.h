// codeanatomy/emit/publish.h
//
// Atomic publication of an output directory. Everything is written under a staging directory beside
// OUT (`.<name>.codeanatomy-tmp-<pid>/out`, with DuckDB's spill files in `…/spill`), then swapped
// into place with one rename, so an interrupted run (even SIGKILL) leaves the previous output
// untouched. SIGINT, SIGTERM and SIGHUP remove the staging directory (base/interrupt.h); those of
// runs killed otherwise are removed by the next build of any output beside them, once their process
// is gone.
//
// What -o may replace: a missing or empty directory, or one that holds only what an earlier build
// wrote there — a manifest.json of ours (tool "codeanatomy", a manifest version we know) and,
// beside it, only the entries that manifest lists under "output_files" (a fixed list for version-1
// manifests, which predate it). Never the repository being analysed or a directory holding it,
// never a symbolic link, never a mount point (the final rename could not cross it).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "codeanatomy/base/interrupt.h"
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

  //! Where the output is written, to become OUT.
  const std::filesystem::path& dir() const { return staging_; }
  //! Where the session spills (DuckDB's temp_directory): removed with the staging directory.
  const std::filesystem::path& spill_dir() const { return spill_; }
  const std::filesystem::path& out() const { return out_; }
  //! Moves the output to OUT atomically (exchanging it with the previous output), then removes the
  //! staging directory with the previous output and the spill files.
  base::Status Publish();

 private:
  OutputStaging(std::filesystem::path out, std::filesystem::path root,
                std::unique_ptr<base::RemoveOnInterrupt> interrupt);
  std::filesystem::path out_;
  std::filesystem::path root_;     // .<name>.codeanatomy-tmp-<pid>
  std::filesystem::path staging_;  // root_/out
  std::filesystem::path spill_;    // root_/spill
  std::unique_ptr<base::RemoveOnInterrupt> interrupt_;
  bool removed_ = false;
};

}  // namespace codeanatomy::emit
