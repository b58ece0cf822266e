// codeanatomy/orchestrate/build.h
//
// `codeanatomy build`: repository -> evidence -> rules -> finalized graph tables, published
// atomically into OUT with a manifest and a run bundle. Every piece of work is a task with declared
// inputs and outputs (task_graph.h); only the ancestors of the requested outputs run. One
// engine::Session per run; every plan runs through one engine::Adapter.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/emit/manifest.h"
#include "codeanatomy/engine/runtime_profile.h"
#include "codeanatomy/extract/scip/scip_layer.h"
#include "codeanatomy/rules/taint_models.h"

namespace codeanatomy::orchestrate {

//! The outputs a user can ask for with --outputs.
std::vector<std::string> KnownOutputs();
//! What runs when nothing is asked for.
std::vector<std::string> DefaultOutputs();

struct BuildOptions {
  std::filesystem::path repo;
  std::filesystem::path out;
  engine::RuntimeProfile profile;
  //! --memory-limit as the user wrote it (engine::ParseMemorySize), "" for the default budget
  //! (engine::DefaultMemoryLimitBytes): DuckDB's memory_limit, beyond which it spills.
  std::string memory_limit;
  int64_t max_file_bytes = 16 * 1024 * 1024;
  //! gitignore-style globs selecting files (empty: the scan's default, `**/*.py`).
  std::vector<std::string> include_globs;
  //! gitignore-style globs of files and directories to leave out.
  std::vector<std::string> exclude_globs;
  //! Honour .gitignore files and .git/info/exclude.
  bool use_gitignore = true;
  //! Follow symbolic links that stay inside the repository.
  bool follow_symlinks = false;
  //! --source-root: import roots relative to the repository (empty: detected).
  std::vector<std::string> source_roots;
  //! Requested outputs (KnownOutputs()); empty = DefaultOutputs().
  std::vector<std::string> outputs;
  //! Taint model files of the user (the shipped models' format), added to the shipped ones.
  std::vector<std::filesystem::path> taint_model_files;
  //! Taint models given directly (`flows --source/--sink`), after those of the files.
  std::vector<rules::TaintModel> taint_models;
  //! Also write every evidence table to OUT/evidence/<table>.parquet (same as the output
  //! "evidence").
  bool emit_evidence = false;
  //! Evidence layers switched off (layers.def names accepted by --skip-layer, e.g. "cst"): their
  //! tables stay empty, with their schemas.
  std::set<std::string> skipped_layers;
  //! Run scip-python on the repository and decode its index into the scip_* tables.
  bool scip = false;
  //! Decode this existing index.scip instead (exclusive with `scip`).
  std::filesystem::path scip_index;
  //! scip-python is stopped after this long (~0.1 s per file; the stdlib takes ~80 s).
  double scip_timeout_seconds = 3600;

  //! Also extract CPython's ast (ast_nodes, ast_edges).
  bool python_ast = false;
  //! Extract every file, ignoring the evidence cache of an earlier build in `out`
  //! (evidence_cache.h).
  bool full = false;
  //! CPython worker processes; 0: the profile's threads, but never more than the cores (each
  //! worker is a whole interpreter: more than the cores only costs memory).
  int python_workers = 0;
};

//! Progress of a running build, for a terminal display.
struct Progress {
  std::string stage;
  int64_t done = 0;  // files (extraction) or tasks (rules)
  int64_t total = 0;
};
using ProgressCallback = std::function<void(const Progress&)>;

struct BuildSummary {
  std::filesystem::path out;
  int64_t files = 0;
  std::map<std::string, int64_t> nodes_by_kind;
  std::map<std::string, int64_t> edges_by_kind;
  std::map<std::string, int64_t> diagnostics_by_severity;
  //! Error diagnostics per file path ("" for those of no file).
  std::map<std::string, int64_t> error_files;
  //! Resolution coverage (manifest "resolution"); empty when no edges were built.
  std::map<std::string, int64_t> resolution;
  //! (rule, elapsed ms), slowest first, at most five.
  std::vector<std::pair<std::string, double>> slowest_rules;
  double elapsed_seconds = 0;
  //! Evidence reuse (manifest "reuse"): files whose evidence came from the cache, files
  //! extracted, and why the cache was not used ("" when it was).
  int64_t files_reused = 0;
  int64_t files_extracted = 0;
  std::string reuse_refused;
  //! The memory budget, the peak and the spill (manifest "memory").
  emit::MemoryEntry memory;

  //! The SCIP layer, when --scip or --scip-index loaded an index.
  using Scip = extract::scip::ScipSummary;
  std::optional<Scip> scip;
};

base::Result<BuildSummary> RunBuild(const BuildOptions& options,
                                    const ProgressCallback& progress = nullptr);

}  // namespace codeanatomy::orchestrate
