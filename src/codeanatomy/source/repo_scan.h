// codeanatomy/source/repo_scan.h
//
// The repository scan: which files are Python sources, their canonical text and the repo_files
// table.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"

namespace codeanatomy::source {

struct ScanOptions {
  std::filesystem::path root;
  //! Larger files are listed with status too_large and not read.
  int64_t max_file_bytes = 16 * 1024 * 1024;
  //! Directory names skipped anywhere in the tree.
  std::vector<std::string> exclude_dirs = DefaultExcludeDirs();
  int threads = 1;

  static std::vector<std::string> DefaultExcludeDirs();
};

struct SourceFile {
  uint64_t file_id = 0;
  //! Relative to the repository root, '/'-separated.
  std::string path;
  std::filesystem::path abs_path;
  //! Dotted module name relative to the root: pkg/mod.py -> pkg.mod, pkg/__init__.py -> pkg.
  std::string module_name;
  //! ok, too_large, binary, unreadable or not_utf8_decodable. Only `ok` files have text.
  std::string status;
  //! The canonical text: decoded and re-encoded as UTF-8 without BOM.
  std::string text;
};

struct ScanResult {
  //! Sorted by path.
  std::vector<SourceFile> files;
  base::Table repo_files;
  base::Table diagnostics;
};

//! Walks `options.root` for *.py files, reads and decodes them. Fails only when the root itself is
//! unusable; problems with single files become statuses and diagnostic rows.
base::Result<ScanResult> ScanRepository(const ScanOptions& options);

//! `pkg/sub/mod.py` -> `pkg.sub.mod`; `pkg/__init__.py` -> `pkg`.
std::string ModuleNameForPath(std::string_view relative_path);

}  // namespace codeanatomy::source
