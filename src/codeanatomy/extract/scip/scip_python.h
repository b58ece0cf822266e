// codeanatomy/extract/scip/scip_python.h
//
// Runs scip-python (npm @sourcegraph/scip-python, pinned) on a repository to produce index.scip.
// It is installed on first use with npm into a git-ignored directory (third_party/scip-python of
// this checkout by default) and its integrity checked against the pinned npm sha512.
//
// How it is run: from the repository root (it indexes
// its working directory), with an environment file holding `[]` so it never runs pip, with
// PATH=/usr/bin:/bin:$PATH so the python3 it asks for import search paths is Debian's, with a
// larger Node heap, under a timeout, stderr captured. It works offline once installed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "codeanatomy/base/status.h"

namespace codeanatomy::extract::scip {

inline constexpr std::string_view kScipPythonPackage = "@sourcegraph/scip-python";
inline constexpr std::string_view kScipPythonVersion = "0.6.6";
//! dist.integrity of @sourcegraph/scip-python@0.6.6 on npm (dist.shasum
//! c114c431d9261ea73545a9505b58573919de7af5); npm checks the tarball against it.
inline constexpr std::string_view kScipPythonIntegrity =
    "sha512-qoKL1Rggg0o5newAFbCFAKlS0AjWxG5MA+mC28BtgxOv0DhO4zdL8u7151FxEppDpXMVvm7+yXSjXotoVH9cMQ="
    "=";

//! $CODEANATOMY_SCIP_PYTHON_DIR when set, else third_party/scip-python of this source checkout.
std::filesystem::path DefaultInstallDir();

//! The directories searched for node and npm: /usr/bin:/bin, then $PATH.
std::string DefaultSearchPath();

//! Checks that `install_dir` holds scip-python kScipPythonVersion installed by npm with the pinned
//! integrity; returns its entry script (…/node_modules/@sourcegraph/scip-python/index.js).
base::Result<std::filesystem::path> VerifyInstall(const std::filesystem::path& install_dir);

//! VerifyInstall, after installing with `npm install` when `install_dir` does not exist yet. The
//! install goes to a sibling temporary directory renamed into place, so concurrent runs and
//! interrupted installs never leave a half-installed directory.
base::Result<std::filesystem::path> EnsureInstalled(const std::filesystem::path& install_dir,
                                                    const std::string& search_path,
                                                    double timeout_seconds);

struct ScipPythonOptions {
  //! The repository root; scip-python indexes its working directory, so it runs there.
  std::filesystem::path repo;
  //! Scratch directory (created): environment file, index.scip, logs.
  std::filesystem::path work_dir;
  //! Empty: DefaultInstallDir().
  std::filesystem::path install_dir;
  //! Empty: DefaultSearchPath().
  std::string search_path;
  double timeout_seconds = 3600;
  double install_timeout_seconds = 600;
};

struct ScipPythonRun {
  std::filesystem::path index_path;
  std::string node_version;  // `node --version`, e.g. v20.20.2
  double wall_seconds = 0;
  int64_t peak_rss_bytes = 0;
  int64_t index_bytes = 0;
};

//! Installs scip-python if needed, then indexes `options.repo`. Every failure (no node/npm, npm
//! unreachable, integrity mismatch, scip-python crashing or timing out) is one FailedPrecondition
//! Status saying what failed and what to do.
base::Result<ScipPythonRun> RunScipPython(const ScipPythonOptions& options);

}  // namespace codeanatomy::extract::scip
