// codeanatomy/orchestrate/pipeline.h
//
// The pipeline definition: every evidence table a build can fill, every rule built against them,
// the output contracts and their finalize gates, and the tasks that make and write them. RunBuild
// plans and runs it; `codeanatomy rules --audit` reads the same definition without running it.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/orchestrate/build.h"
#include "codeanatomy/orchestrate/build_context.h"
#include "codeanatomy/plan/plan.h"
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::orchestrate {

//! The published graph tables: each goes through the finalize gate of its contract.
inline constexpr std::string_view kGraphOutputs[] = {"cpg_nodes", "cpg_edges", "cpg_props"};
//! The resolution coverage metrics, reported in the manifest.
inline constexpr std::string_view kResolutionStats = "rel_resolution_stats";

//! Datasets every layer appends to; consuming them does not pull their producers in.
const std::set<std::string>& Collectors();
//! Names in task inputs / outputs that stand for no table of the session: written files, the
//! scanned files held in memory, the per-layer diagnostics markers.
bool IsPseudoDataset(std::string_view name);

struct Pipeline {
  //! Every evidence table with its declared schema: what the rules are built against.
  plan::MapCatalog evidence;
  //! Every rule with its plan (built now, nothing executes), in dependency order.
  std::vector<rules::BuiltRule> rules;
  //! The output contracts (schema/tables_output.cc), each published through its finalize gate.
  std::vector<const schema::TableDef*> contracts;
};

//! The definition every build and the audit share.
base::Result<Pipeline> DefinePipeline();

//! The tasks of a build: the scan and one per evidence layer, one per rule, the finalize gates and
//! the writers of every output.
std::vector<BuildTask> PipelineTasks(const Pipeline& pipeline);

//! Plans `tasks` for the request `requested` (KnownOutputs()): marks what runs and why. Returns the
//! datasets that are never released (read after the task loop, or asked for by name).
base::Result<std::set<std::string>> PlanBuild(const BuildOptions& options,
                                              const std::vector<std::string>& requested,
                                              std::vector<BuildTask>& tasks);

}  // namespace codeanatomy::orchestrate
