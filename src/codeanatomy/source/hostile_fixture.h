// codeanatomy/source/hostile_fixture.h (tests only)
//
// A repository of hostile inputs, generated at test time (binary and invalid-UTF-8 files are not
// committed): syntax errors, Python 2, NUL bytes, invalid UTF-8, a latin-1 cookie, BOM + CRLF,
// bare CR newlines, an empty file, binaries named .py, a 2 MB line, deep nesting, an unreadable
// file and directory, a FIFO, symlink loops, links leaving the repository, odd file names and
// encoding errors, next to good files that must come through whole.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace codeanatomy::source::testing {

struct HostileFile {
  //! Path relative to the repository root as repo_files stores it (UTF-8, \xNN escapes).
  std::string path;
  //! The repo_files status the scan must give it (default options).
  std::string status;
  //! The same with --follow-symlinks.
  std::string status_following;
  //! The canonical text an `ok` file must have (checked when `check_text`).
  std::string text;
  bool check_text = false;
};

struct HostileRepo {
  std::vector<HostileFile> files;
  //! Directories whose listing must fail when permissions are enforced.
  std::vector<std::string> locked_dirs;
  //! False when this process can read a chmod-000 file (root without ScopedPermissionChecks).
  bool permissions_enforced = false;
};

//! Writes the hostile repository into `root` (created) with link targets in `outside` (a sibling
//! directory, created). Call RestorePermissions before deleting it.
HostileRepo WriteHostileRepo(const std::filesystem::path& root,
                             const std::filesystem::path& outside);
void RestorePermissions(const std::filesystem::path& root);

//! While alive, the calling thread (and threads it starts) obeys file permissions even as root:
//! CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH are dropped from its effective capabilities (and
//! restored after). Does nothing for other users, who obey permissions anyway.
class ScopedPermissionChecks {
 public:
  ScopedPermissionChecks();
  ~ScopedPermissionChecks();
  ScopedPermissionChecks(const ScopedPermissionChecks&) = delete;
  ScopedPermissionChecks& operator=(const ScopedPermissionChecks&) = delete;

 private:
  bool dropped_ = false;
  unsigned saved_[6] = {};  // two __user_cap_data_struct
};

//! True when this thread cannot open `path` for reading.
bool CannotRead(const std::filesystem::path& path);

}  // namespace codeanatomy::source::testing
