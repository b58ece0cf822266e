// codeanatomy/emit/publish.h
//
// Atomic publication of an output directory. Everything is written under a staging directory beside
// OUT (`.<name>.codeanatomy-tmp-<pid>`), then swapped into place with one rename, so an interrupted
// run (even SIGKILL) leaves the previous output untouched. Stale staging directories of dead runs
// are removed by the next run. An existing OUT is replaced only when it is empty or holds a
// CodeAnatomy manifest.json — never an unrelated directory.
#pragma once

#include <filesystem>

#include "codeanatomy/base/status.h"

namespace codeanatomy::emit {

class OutputStaging {
 public:
  //! Checks that OUT can be written (creating its parent if needed) and creates the staging dir.
  static base::Result<OutputStaging> Create(const std::filesystem::path& out);
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
