#include "codeanatomy/orchestrate/build.h"

#include <algorithm>
#include <optional>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/base/stopwatch.h"
#include "codeanatomy/emit/manifest.h"
#include "codeanatomy/emit/publish.h"
#include "codeanatomy/engine/adapter.h"
#include "codeanatomy/engine/session.h"
#include "codeanatomy/extract/python/python_extractor.h"
#include "codeanatomy/orchestrate/build_context.h"
#include "codeanatomy/orchestrate/evidence_cache.h"
#include "codeanatomy/orchestrate/memory_meter.h"
#include "codeanatomy/orchestrate/pipeline.h"
#include "codeanatomy/orchestrate/task_loop.h"
#include "codeanatomy/schema/table_def.h"
#include "codeanatomy/version.h"

namespace codeanatomy::orchestrate {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

std::vector<std::string> KnownOutputs() {
  return {"cpg_nodes", "cpg_edges", "cpg_props",   "diagnostics", "callgraph",
          "class_mro", "file_text", "taint_flows", "evidence",    "derived"};
}
std::vector<std::string> DefaultOutputs() {
  return {"cpg_nodes", "cpg_edges", "cpg_props", "diagnostics",
          "callgraph", "class_mro", "file_text"};
}

namespace {

//! Counts rows of `table` (those where `where` holds, when given) per distinct value of `column`
//! (NULL counted as ""), through a plan.
Result<std::map<std::string, int64_t>> CountBy(BuildContext& ctx, const std::string& table,
                                               const std::string& column,
                                               std::optional<plan::Expr> where = std::nullopt) {
  using namespace plan;  // NOLINT
  PlanBuilder rows = PlanBuilder(ctx.catalog, "summary:" + table).Scan(table);
  if (where) rows = rows.Filter(*where);
  CA_ASSIGN_OR_RETURN(Plan p, rows.Aggregate({{"key", Coalesce({Col(column), Lit("")})}},
                                             {{"n", AggFunc::kCountStar, {}}})
                                  .Build());
  std::map<std::string, int64_t> out;
  CA_RETURN_IF_ERROR(ctx.adapter.Stream(
      p, {"summary:" + table, table + "_by_" + column}, [&](const base::Table& chunk) {
        for (size_t r = 0; r < chunk.num_rows(); ++r) {
          out[std::string(chunk.column(0).GetString(r))] = chunk.column(1).GetInt64(r);
        }
        return Status::Ok();
      }));
  return out;
}

//! Reads a (metric, value) table into a map, through a plan.
Result<std::map<std::string, int64_t>> ReadMetrics(BuildContext& ctx, const std::string& table) {
  CA_ASSIGN_OR_RETURN(plan::Plan p, plan::PlanBuilder(ctx.catalog, "summary:" + table)
                                        .Scan(table)
                                        .Select({"metric", "value"})
                                        .Build());
  std::map<std::string, int64_t> out;
  CA_RETURN_IF_ERROR(
      ctx.adapter.Stream(p, {"summary:" + table, table}, [&](const base::Table& chunk) {
        for (size_t r = 0; r < chunk.num_rows(); ++r) {
          out[std::string(chunk.column(0).GetString(r))] = chunk.column(1).GetInt64(r);
        }
        return Status::Ok();
      }));
  return out;
}

std::string ConfigJson(const BuildOptions& o, const std::vector<std::string>& outputs) {
  nlohmann::json j = {{"repo", fs::absolute(o.repo).lexically_normal().string()},
                      {"out", fs::absolute(o.out).lexically_normal().string()},
                      {"outputs", outputs},
                      {"max_file_bytes", o.max_file_bytes},
                      {"skipped_layers", o.skipped_layers},
                      {"python_workers", PythonWorkers(o)},
                      {"profile", nlohmann::json::parse(o.profile.ToJson())}};
  return j.dump();
}

//! The user's taint models (--model, then flows' specs), every file read and checked: a bad one is
//! one line naming the file, the line and what is wrong.
Result<rules::RuleOptions> LoadRuleOptions(const BuildOptions& options) {
  rules::RuleOptions out;
  for (const fs::path& file : options.taint_model_files) {
    CA_ASSIGN_OR_RETURN(std::string text, base::ReadFile(file));
    CA_ASSIGN_OR_RETURN(std::vector<rules::TaintModel> models,
                        rules::ParseTaintModels(text, file.string()));
    for (auto& m : models) out.user_taint_models.push_back(std::move(m));
  }
  for (const auto& m : options.taint_models) out.user_taint_models.push_back(m);
  return out;
}

//! The request, checked before any work: a bad path is one clear line, no partial output. Returns
//! the outputs to produce.
Result<std::vector<std::string>> ValidateRequest(const BuildOptions& options) {
  std::vector<std::string> requested = options.outputs.empty() ? DefaultOutputs() : options.outputs;
  if (options.emit_evidence) requested.emplace_back("evidence");
  for (const auto& o : requested) {
    const auto known = KnownOutputs();
    if (std::find(known.begin(), known.end(), o) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return Status::InvalidArgument("unknown output '{}'; choose from: {}", o, list);
    }
  }
  for (const auto& name : options.skipped_layers) {
    const std::optional<schema::Layer> layer = schema::ParseLayer(name);
    if (!layer || !schema::Info(*layer).skippable) {
      std::string list;
      for (const auto& l : schema::AllLayers()) {
        if (l.skippable) list += (list.empty() ? "" : ", ") + std::string(l.name);
      }
      return Status::InvalidArgument("unknown layer '{}' for --skip-layer; choose from: {}", name,
                                     list);
    }
  }
  {
    std::error_code ec;
    if (!fs::exists(options.repo, ec)) {
      return Status::InvalidArgument(
          "repository path '{}' does not exist; pass the root directory of a Python project",
          options.repo.string());
    }
    if (!fs::is_directory(options.repo, ec)) {
      return Status::InvalidArgument(
          "repository path '{}' is not a directory; pass the root directory of a Python project",
          options.repo.string());
    }
    for (const auto& dir : options.source_roots) {
      fs::path p = fs::path(dir).is_absolute() ? fs::path(dir) : options.repo / dir;
      auto rel =
          fs::weakly_canonical(p, ec).lexically_relative(fs::weakly_canonical(options.repo, ec));
      if (!fs::is_directory(p, ec) || rel.empty() || *rel.begin() == "..") {
        return Status::InvalidArgument(
            "--source-root '{}' is not a directory inside the repository '{}'", dir,
            options.repo.string());
      }
    }
    if (options.scip && !options.scip_index.empty()) {
      return Status::InvalidArgument("pass either --scip or --scip-index, not both");
    }
    if (!options.scip_index.empty() && !fs::is_regular_file(options.scip_index, ec)) {
      return Status::InvalidArgument(
          "SCIP index '{}' {}; pass the path of an index.scip written by scip-python (or build "
          "with --scip)",
          options.scip_index.string(),
          fs::exists(options.scip_index, ec) ? "is not a file" : "does not exist");
    }
  }
  return requested;
}

//! What the summary line and the manifest report of the finished graph: counts by kind, the
//! diagnostics by severity, the resolution coverage.
Result<BuildSummary> Summarize(BuildContext& ctx) {
  BuildSummary summary;
  summary.files = ctx.file_count;
  for (auto name : kGraphOutputs) {
    const std::string n(name);
    if (!ctx.catalog.TableSchema(n).ok()) continue;
    if (n == "cpg_nodes") {
      CA_ASSIGN_OR_RETURN(summary.nodes_by_kind, CountBy(ctx, n, "node_kind"));
    } else if (n == "cpg_edges") {
      CA_ASSIGN_OR_RETURN(summary.edges_by_kind, CountBy(ctx, n, "edge_kind"));
    }
  }
  CA_ASSIGN_OR_RETURN(summary.diagnostics_by_severity, CountBy(ctx, "diagnostics", "severity"));
  CA_ASSIGN_OR_RETURN(summary.error_files,
                      CountBy(ctx, "diagnostics", "path",
                              plan::Col("severity") == plan::Lit(std::string("error"))));
  if (ctx.catalog.TableSchema(std::string(kResolutionStats)).ok()) {
    CA_ASSIGN_OR_RETURN(summary.resolution, ReadMetrics(ctx, std::string(kResolutionStats)));
  }

  return summary;
}

//! The manifest of the finished run (everything but the list of published files).
Result<emit::Manifest> AssembleManifest(BuildContext& ctx, const Pipeline& pipeline,
                                        const std::vector<BuildTask>& tasks,
                                        const BuildSummary& summary) {
  emit::Manifest manifest;
  manifest.tool_version = CA_VERSION;
  manifest.tool_commit = CA_GIT_COMMIT;
  manifest.versions = {{"duckdb", ctx.session.duckdb_version()},
                       {"tree_sitter_python", CA_TREE_SITTER_PYTHON_VERSION},
                       {"cpython", std::string(extract::python::CPythonVersion())}};
  extract::LayerReport layers;
  for (const auto& layer : ctx.layers) layer->Report(layers);
  manifest.versions.insert(layers.versions.begin(), layers.versions.end());
  manifest.repo_root = fs::absolute(ctx.options.repo).lexically_normal().string();
  manifest.repo_git_head = ctx.git_head;
  for (const auto& root : ctx.import_roots)
    manifest.import_roots.push_back({root.dir, root.prefix, root.source});
  manifest.profile = ctx.options.profile;
  manifest.files = ctx.file_count;
  CA_ASSIGN_OR_RETURN(manifest.catalog, ctx.session.Snapshot());
  std::vector<std::string> graph_outputs;
  for (auto o : kGraphOutputs) graph_outputs.emplace_back(o);
  CA_ASSIGN_OR_RETURN(manifest.datasets,
                      emit::DescribeDatasets(manifest.catalog, ctx.catalog, graph_outputs));
  for (const auto& b : pipeline.rules) manifest.rules.push_back(emit::DescribeRule(b));
  manifest.fixpoints = ctx.adapter.fixpoint_runs();
  for (const auto& t : tasks) {
    manifest.tasks.push_back({t.name, t.kind, t.will_run, t.reason, t.inputs, t.outputs});
  }
  manifest.executions = ctx.adapter.records();
  manifest.outputs = ctx.outputs;
  manifest.stages = ctx.stages;
  // The layers' own steps, as CPU time summed over their workers.
  for (const auto& [step, cpu_ms] : layers.cpu_steps) manifest.stages.push_back({step, 0, cpu_ms});
  manifest.reuse = ctx.reuse;
  manifest.diagnostics_by_severity = summary.diagnostics_by_severity;
  manifest.resolution = summary.resolution;
  return manifest;
}

}  // namespace

Result<BuildSummary> RunBuild(const BuildOptions& options, const ProgressCallback& progress) {
  base::Stopwatch total;
  const engine::RuntimeProfile& profile = options.profile;
  CA_ASSIGN_OR_RETURN(const std::vector<std::string> requested, ValidateRequest(options));
  CA_ASSIGN_OR_RETURN(const rules::RuleOptions rule_options, LoadRuleOptions(options));
  CA_ASSIGN_OR_RETURN(emit::OutputStaging staging,
                      emit::OutputStaging::Create(options.out, options.repo));
  // DuckDB spills inside the staging directory (never into the current directory), so an
  // interrupt or a later build removes its files with the rest.
  engine::RuntimeProfile session_profile = profile;
  if (session_profile.temp_directory.empty()) {
    session_profile.temp_directory = staging.spill_dir().string();
  }
  // DuckDB's memory budget, beyond which it spills into the staging directory: --memory-limit, or
  // a default (80% of the machine's memory, half of an address-space limit, ulimit -v).
  int64_t limit_bytes = engine::DefaultMemoryLimitBytes();
  std::string limit_name = "the default memory limit of " + engine::HumanBytes(limit_bytes);
  if (!options.memory_limit.empty()) {
    CA_ASSIGN_OR_RETURN(limit_bytes, engine::ParseMemorySize(options.memory_limit));
    limit_name = "--memory-limit " + options.memory_limit;
  }
  if (session_profile.memory_limit.empty()) {
    session_profile.memory_limit = engine::DuckDbMemoryLimit(limit_bytes);
  }
  CA_ASSIGN_OR_RETURN(auto session, engine::Session::Open(session_profile));
  engine::Adapter adapter(*session);
  BuildContext ctx{.options = options, .session = *session, .adapter = adapter, .staging = staging};
  ctx.memory_limit_name = limit_name;
  SpillMeter spill_meter(staging.spill_dir());
  ctx.spill_meter = &spill_meter;

  // Every evidence table exists from the start, empty, with its registered schema: a layer that
  // does not run leaves its tables empty and every rule still runs.
  CA_ASSIGN_OR_RETURN(Pipeline pipeline, DefinePipeline(rule_options));
  for (const auto& def : schema::Tables().all()) {
    if (def.kind != schema::TableKind::kEvidence) continue;
    CA_RETURN_IF_ERROR(session->CreateTable(def));
    ctx.catalog.Add(std::string(def.name), def.ToSchema());
  }

  // The task graph: evidence layers, rules (plans built already, nothing executed), outputs; only
  // the ancestors of what was asked for run.
  ctx.layers = MakeEvidenceLayers(options, staging.dir() / ".scip");
  std::vector<BuildTask> tasks = PipelineTasks(pipeline, ctx.layers);
  CA_ASSIGN_OR_RETURN(BuildPlan plan, PlanBuild(options, requested, ctx.layers, tasks));
  ctx.layer_requests = std::move(plan.layer_requests);
  CA_RETURN_IF_ERROR(RunTasks(tasks, plan.keep, ctx, progress));
  const int64_t ran = std::count_if(tasks.begin(), tasks.end(), [](auto& t) { return t.will_run; });
  if (progress) progress({"manifest", ran, ran});

  CA_RETURN_IF_ERROR(WriteCacheKey(ctx));
  CA_ASSIGN_OR_RETURN(BuildSummary summary, Summarize(ctx));
  CA_ASSIGN_OR_RETURN(emit::Manifest manifest, AssembleManifest(ctx, pipeline, tasks, summary));
  manifest.memory = {.limit = options.memory_limit.empty() ? "default" : options.memory_limit,
                     .limit_bytes = limit_bytes,
                     .peak_rss_bytes = PeakRssBytes(),
                     .peak_worker_rss_bytes = PeakChildRssBytes(),
                     .spilled_bytes = spill_meter.peak_bytes()};
  summary.memory = manifest.memory;
  CA_RETURN_IF_ERROR(
      emit::WriteManifest(staging.dir(), ConfigJson(options, requested), manifest, ctx.catalog));

  CA_RETURN_IF_ERROR(staging.Publish());

  std::vector<std::pair<std::string, double>> timings;
  for (const auto& r : adapter.records()) timings.emplace_back(r.rule, r.elapsed_ms);
  std::sort(timings.begin(), timings.end(), [](const auto& a, const auto& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
  if (timings.size() > 5) timings.resize(5);
  summary.slowest_rules = std::move(timings);
  for (const auto& layer : ctx.layers) {
    if (const auto* scip = dynamic_cast<const extract::scip::ScipLayer*>(layer.get())) {
      summary.scip = scip->summary();
    }
  }
  summary.files_reused = ctx.reuse.files_reused;
  summary.files_extracted = ctx.reuse.files_extracted;
  summary.reuse_refused = ctx.reuse.refused;
  summary.out = staging.out();
  summary.elapsed_seconds = total.ElapsedSeconds();
  return summary;
}

}  // namespace codeanatomy::orchestrate
