// codeanatomy/emit/manifest.h
//
// manifest.json: what ran, on what, with what result. Pretty JSON with sorted keys; identical
// across runs of the same input apart from timings (elapsed_ms, stage times, EXPLAIN ANALYZE text).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "codeanatomy/engine/adapter.h"
#include "codeanatomy/engine/runtime_profile.h"
#include "codeanatomy/engine/session.h"
#include "codeanatomy/plan/plan.h"
#include "codeanatomy/plan/rule.h"

namespace codeanatomy::emit {

//! The version of manifest.json this build writes. 2 added "output_files"; a build replaces an
//! output whose manifest has version 1 up to this one (emit/publish.h).
inline constexpr int kManifestVersion = 2;

struct RuleEntry {
  std::string name;
  std::string output;
  int priority = 0;
  std::vector<std::string> inputs;
  std::string fingerprint;
  std::string sql;
  std::string doc;
  //! The plan as printed IR (written to the run bundle, not the manifest).
  std::string ir;
  //! A fixpoint rule's other relations (written beside `output`).
  std::vector<std::string> also_writes = {};
};

struct TaskEntry {
  std::string name;
  std::string kind;  // evidence | rule | finalize | write
  bool ran = false;
  std::string reason;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
};

struct OutputEntry {
  std::string name;
  std::string file;
  int64_t rows = 0;
  int64_t error_rows = 0;
};

struct StageEntry {
  std::string name;
  double wall_ms = 0;
  double cpu_ms = 0;
};

//! The memory of the run: its budget, its peak, what it spilled (run-specific, like the times).
struct MemoryEntry {
  //! --memory-limit as given, or "default".
  std::string limit;
  //! DuckDB's memory_limit, in bytes.
  int64_t limit_bytes = 0;
  //! Peak resident memory of the build process (getrusage ru_maxrss).
  int64_t peak_rss_bytes = 0;
  //! Peak resident memory of the largest worker process (the python workers).
  int64_t peak_worker_rss_bytes = 0;
  //! High-water size on disk of DuckDB's spill directory.
  int64_t spilled_bytes = 0;
};

struct DatasetEntry {
  std::string name;
  std::string kind;  // evidence | derived | output
  int64_t rows = 0;
  std::string schema_fingerprint;
};

//! What an incremental build reused (manifest "reuse"): the per-file evidence of unchanged files
//! comes from the cache of the previous build in OUT (orchestrate/evidence_cache.h).
struct ReuseEntry {
  //! Where the cache was looked for ("" when not looked for: --full).
  std::string cache;
  //! Why the cache was not used: "" (used), "full" (--full), "no_cache", "version",
  //! "configuration", "repository", "corrupt".
  std::string refused;
  //! What did not match, in words.
  std::string detail;
  int64_t files_reused = 0;
  int64_t files_extracted = 0;
  //! Files of the cache that this scan no longer has (deleted or renamed).
  int64_t files_dropped = 0;
  //! The files re-extracted while the cache was used, sorted (at most 100 listed).
  std::vector<std::string> extracted = {};
  //! Why the cache this build wrote will not serve every file ("" when it will).
  std::string not_cached = {};
};

struct Manifest {
  std::string tool_version;
  std::string tool_commit;
  std::map<std::string, std::string> versions;  // duckdb, tree_sitter_python, cpython …
  std::string repo_root;
  std::optional<std::string> repo_git_head;
  //! Where module names start: (directory relative to the root, package prefix, how found).
  struct ImportRoot {
    std::string dir, prefix, source;
  };
  std::vector<ImportRoot> import_roots;
  engine::RuntimeProfile profile;
  std::vector<DatasetEntry> datasets;
  std::vector<engine::CatalogTable> catalog;
  std::vector<RuleEntry> rules;
  std::vector<TaskEntry> tasks;
  std::vector<engine::ExecutionRecord> executions;
  //! How each fixpoint rule ran: rounds, rows per relation, keys that reached a bound.
  std::vector<engine::FixpointRun> fixpoints;
  std::vector<OutputEntry> outputs;
  std::vector<StageEntry> stages;
  MemoryEntry memory;
  std::map<std::string, int64_t> diagnostics_by_severity;
  //! Resolution coverage (rule resolution_stats), metric → count; empty when the rule did not run.
  std::map<std::string, int64_t> resolution;
  int64_t files = 0;
  //! The top-level entries of the output directory, manifest.json included: what a later build
  //! may replace (emit/publish.h).
  std::vector<std::string> published;
  ReuseEntry reuse;
};

//! The manifest as pretty-printed JSON with sorted keys.
std::string RenderManifest(const Manifest& manifest);

//! A hash of the schema's text (names, types, nullability), for the manifest's datasets.
std::string SchemaFingerprint(const base::Schema& schema);

//! The manifest's entry of a built rule: its inputs, plan fingerprint, SQL and printed IR.
RuleEntry DescribeRule(const plan::BuiltRule& rule);

//! The manifest's `datasets`: every table of the session's catalog snapshot, its kind (a declared
//! evidence table, one of `outputs`, or derived) and the fingerprint of its schema in `schemas`.
base::Result<std::vector<DatasetEntry>> DescribeDatasets(
    const std::vector<engine::CatalogTable>& catalog, const plan::Catalog& schemas,
    const std::vector<std::string>& outputs);

//! Writes OUT/manifest.json and OUT/run_bundle/ into the staging directory `dir`, after listing
//! what `dir` holds (and the two of them) as `manifest.published`. `config_json` is the run's
//! resolved configuration.
base::Status WriteManifest(const std::filesystem::path& dir, const std::string& config_json,
                           Manifest& manifest, const plan::Catalog& catalog);

}  // namespace codeanatomy::emit
