// codeanatomy/source/import_roots.h — where Python's import system would find the repository's
// modules, so that module names are the ones users import (`requests.sessions`, not `sessions`;
// `pkg.mod` for `src/pkg/mod.py`).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace codeanatomy::source {

//! Files under `dir` (relative to the repository root, '/'-separated, "" for the root itself) are
//! modules named `prefix` + their path below `dir`.
struct ImportRoot {
  std::string dir;
  //! Dotted package prefix: the analysed directory's own package path when it is a package.
  std::string prefix;
  //! How the root was found: option (--source-root), package (the analysed directory holds an
  //! __init__.py), setup.cfg, pyproject.toml, setup.py (a literal package_dir / where), src (a
  //! src/ layout) or root (the analysed directory).
  std::string source;
};

//! The import roots of the repository at `root`: the explicit ones when given (directories
//! relative to the root), else those its layout and packaging files say, and the root itself for
//! whatever lies outside them. Never executes anything; reads setup.cfg, pyproject.toml and
//! setup.py as text and takes only literal values.
std::vector<ImportRoot> DetectImportRoots(const std::filesystem::path& root,
                                          const std::vector<std::string>& explicit_roots);

//! The module name of `relative_path` under the innermost root holding it.
std::string ModuleNameUnder(std::string_view relative_path, const std::vector<ImportRoot>& roots);

}  // namespace codeanatomy::source
