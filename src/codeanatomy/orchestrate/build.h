// codeanatomy/orchestrate/build.h
//
// `codeanatomy build`: repository -> evidence -> rules -> finalized graph tables, published
// atomically into OUT with a manifest. One engine::Session per run; every plan runs through one
// engine::Adapter.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/engine/runtime_profile.h"

namespace codeanatomy::orchestrate {

struct BuildOptions {
  std::filesystem::path repo;
  std::filesystem::path out;
  engine::RuntimeProfile profile;
  int64_t max_file_bytes = 16 * 1024 * 1024;
  //! Also write every evidence table to OUT/evidence/<table>.parquet.
  bool emit_evidence = false;
  //! Evidence layers switched off (e.g. "cst"): their tables stay empty, with their schemas.
  std::set<std::string> skipped_layers;
  //! Also fill ast_nodes / ast_edges in the python layer.
  bool python_ast = false;

  bool LayerEnabled(std::string_view layer) const {
    return skipped_layers.count(std::string(layer)) == 0;
  }
};

struct BuildSummary {
  std::filesystem::path out;
  int64_t files = 0;
  std::map<std::string, int64_t> nodes_by_kind;
  std::map<std::string, int64_t> edges_by_kind;
  std::map<std::string, int64_t> diagnostics_by_severity;
  //! (rule, elapsed ms), slowest first, at most five.
  std::vector<std::pair<std::string, double>> slowest_rules;
  double elapsed_seconds = 0;
};

base::Result<BuildSummary> RunBuild(const BuildOptions& options);

}  // namespace codeanatomy::orchestrate
