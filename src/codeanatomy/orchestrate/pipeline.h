// codeanatomy/orchestrate/pipeline.h
//
// The pipeline definition: every evidence table a build can fill, every rule built against them,
// the output contracts and their finalize gates, and the tasks that make and write them. RunBuild
// plans and runs it; `codeanatomy rules --audit` reads the same definition without running it.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <utility>
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

//! Names in task inputs / outputs that stand for no table of the session: written files
//! (`file:<output>`) and the scanned files held in memory.
bool IsPseudoDataset(std::string_view name);

//! CPython worker processes: as asked (--python-workers), else the profile's threads but never
//! more than the cores (each is a whole interpreter: more only costs memory).
int PythonWorkers(const BuildOptions& o);

struct Pipeline {
  //! Every evidence table with its declared schema: what the rules are built against.
  plan::MapCatalog evidence;
  //! Every rule with its plan (built now, nothing executes), in dependency order.
  std::vector<rules::BuiltRule> rules;
  //! The output contracts (schema/tables_output.cc), each published through its finalize gate.
  std::vector<const schema::TableDef*> contracts;
};

//! The definition every build and the audit share.
base::Result<Pipeline> DefinePipeline(const rules::RuleOptions& rule_options = {});

//! The evidence layers of a build, with their options from the request: cst, python, scip.
//! `scip_work_dir` is scip-python's scratch directory.
EvidenceLayers MakeEvidenceLayers(const BuildOptions& options,
                                  const std::filesystem::path& scip_work_dir);

//! The tasks of a build: the scan and one per evidence layer, one per rule, the finalize gates and
//! the writers of every output.
std::vector<BuildTask> PipelineTasks(const Pipeline& pipeline, const EvidenceLayers& layers);

//! What planning decided beyond which tasks run.
struct BuildPlan {
  //! Datasets never released: read after the task loop, or asked for by name.
  std::set<std::string> keep;
  //! What each layer that runs must produce, in layer order.
  std::vector<std::pair<extract::EvidenceLayer*, extract::LayerRequest>> layer_requests;
};

//! Plans `tasks` for the request `requested` (KnownOutputs()): marks what runs and why.
base::Result<BuildPlan> PlanBuild(const BuildOptions& options,
                                  const std::vector<std::string>& requested,
                                  const EvidenceLayers& layers, std::vector<BuildTask>& tasks);

}  // namespace codeanatomy::orchestrate
