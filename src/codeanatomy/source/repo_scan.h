// codeanatomy/source/repo_scan.h
//
// The repository scan: which files are Python sources, their canonical text and the repo_files,
// file_line_index and file_wide_chars tables.
//
// Selection, for each path below the root (relative, '/'-separated, matched as raw bytes):
//  * directories named in `exclude_dirs` and directories holding `pyvenv.cfg` are skipped;
//  * `exclude_globs` are gitignore-style patterns (gitignore.h) relative to the root: a matching
//    directory is skipped whole, a matching file is dropped; '!' re-includes within the list;
//  * unless `use_gitignore` is off, the .gitignore files of the root and of every directory
//    below it are honoured, with those of the directories between the enclosing git work tree's
//    top and the root, and that repository's .git/info/exclude (git's global excludesFile is
//    not read: the result must not depend on who runs the scan); without an enclosing repository
//    the .gitignore files below the root still apply;
//  * a file is a candidate when the last include glob matching its path is not a negation (or,
//    when none matches it, the last include glob ending in '/' that matches its nearest parent
//    directory); the default is `**/*.py`.
// Symbolic links (see ScanOptions::follow_symlinks) are rows with status symlink_skipped by
// default; links to directories are not entered and get an info diagnostic. When followed, a
// link must resolve inside the real root (else status outside_repo, or a diagnostic for a
// directory), and each real directory is scanned once: a link to a directory already scanned (a
// loop, or another name for it) is a diagnostic, never a second walk.
// Nothing about a single file or directory fails the scan: it becomes a status and a diagnostic
// row with layer "source" and a stable code (SOURCE_*). Only an unusable root is an error.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"
#include "codeanatomy/source/import_roots.h"

namespace codeanatomy::source {

struct ScanOptions {
  std::filesystem::path root;
  //! Larger files are listed with status too_large and not read.
  int64_t max_file_bytes = 16 * 1024 * 1024;
  //! Directory names skipped anywhere in the tree.
  std::vector<std::string> exclude_dirs = DefaultExcludeDirs();
  //! gitignore-style patterns selecting the files to analyse.
  std::vector<std::string> include_globs = DefaultIncludeGlobs();
  //! gitignore-style patterns of files and directories to leave out.
  std::vector<std::string> exclude_globs = {};
  //! Honour .gitignore files and .git/info/exclude.
  bool use_gitignore = true;
  //! Follow symbolic links (never outside the root, each real directory once).
  bool follow_symlinks = false;
  int threads = 1;
  //! Import roots relative to the root (--source-root); empty: detected (import_roots.h).
  std::vector<std::string> source_roots = {};

  static std::vector<std::string> DefaultExcludeDirs();
  static std::vector<std::string> DefaultIncludeGlobs();
};

struct SourceFile {
  uint64_t file_id = 0;
  //! Relative to the repository root, '/'-separated, valid UTF-8 (see repo_files.path).
  std::string path;
  //! Where the file was found: a followed file link's own path; below a followed directory link,
  //! the path inside the link's real target.
  std::filesystem::path abs_path;
  //! Dotted module name relative to the root: pkg/mod.py -> pkg.mod, pkg/__init__.py -> pkg.
  std::string module_name;
  //! A repo_files status (tables_source.cc); only `ok` files have text.
  std::string status;
  //! The canonical text: decoded and re-encoded as UTF-8 without BOM.
  std::string text;
};

struct ScanResult {
  //! Sorted by path; files[i] is row i of repo_files.
  std::vector<SourceFile> files;
  base::Table repo_files;
  base::Table line_index;  // file_line_index
  base::Table wide_chars;  // file_wide_chars
  base::Table diagnostics;
  //! The commit checked out in the enclosing git repository, when there is one (git_repo.h).
  std::optional<std::string> git_head;
  //! Where module names start (import_roots.h).
  std::vector<ImportRoot> import_roots;
};

//! Walks `options.root`, reads and decodes the candidate files. Fails only when the root itself
//! is unusable; problems with single files become statuses and diagnostic rows.
base::Result<ScanResult> ScanRepository(const ScanOptions& options);

//! `pkg/sub/mod.py` -> `pkg.sub.mod`; `pkg/__init__.py` -> `pkg` (also for .pyi stubs).
std::string ModuleNameForPath(std::string_view relative_path);

}  // namespace codeanatomy::source
