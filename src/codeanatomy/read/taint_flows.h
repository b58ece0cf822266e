// codeanatomy/read/taint_flows.h — `codeanatomy flows`: the taint findings of a build
// (taint_flows.parquet) as a table for a person, JSON, or SARIF 2.1.0.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"

namespace codeanatomy::read {

enum class FlowsFormat { kTable, kJson, kSarif };

struct FlowsOptions {
  //! Presets to keep (schema/taint_presets.def); empty: every preset.
  std::vector<std::string> presets;
  //! Source models to keep (their names, `taint_flows.source_name`); empty: every source.
  std::vector<std::string> sources;
  FlowsFormat format = FlowsFormat::kTable;
  //! The tool's version, for SARIF's driver.
  std::string tool_version;
};

//! The findings of OUT, shortest path first (then by rule, source and sink), in `format`. Same
//! output, same bytes. Errors: OUT is not an output directory, it has no taint_flows.parquet, an
//! unknown preset.
base::Result<std::string> ExportFlows(const std::filesystem::path& out,
                                      const FlowsOptions& options);

}  // namespace codeanatomy::read
