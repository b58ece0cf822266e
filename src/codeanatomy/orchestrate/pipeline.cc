#include "codeanatomy/orchestrate/pipeline.h"

#include <algorithm>
#include <map>
#include <memory>

#include "codeanatomy/base/parallel.h"
#include "codeanatomy/emit/finalize.h"
#include "codeanatomy/extract/cst/cst_layer.h"
#include "codeanatomy/extract/python/python_layer.h"
#include "codeanatomy/extract/scip/scip_layer.h"
#include "codeanatomy/orchestrate/evidence_cache.h"
#include "codeanatomy/schema/diagnostics.h"

namespace codeanatomy::orchestrate {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

namespace {

//! The pseudo-dataset of the scanned files (in memory), input of every extraction layer.
constexpr std::string_view kSourceFiles = "source_files";
//! A layer's rows go to the session.
extract::EvidenceSink SessionSink(BuildContext& ctx) {
  return [&session = ctx.session](std::string_view table, const base::Table& rows) {
    return session.Append(table, rows);
  };
}

//! A scan that found no file: nothing to analyse is a mistake in the command, not a graph.
Status NothingMatched(const BuildOptions& options, const source::ScanOptions& scan) {
  std::string include;
  for (const auto& g : scan.include_globs) include += (include.empty() ? "'" : " '") + g + "'";
  return Status::FailedPrecondition(
      "no file under '{}' matches {}{}{}: pass the directory holding your code (the project's "
      "root, or the parent of its package), or choose files with --include",
      options.repo.string(), include, options.exclude_globs.empty() ? "" : " minus --exclude",
      options.use_gitignore ? " (.gitignore honoured: --no-gitignore)" : "");
}

//! The file_text rows of the scanned files that have a text.
base::Table FileTexts(const std::vector<source::SourceFile>& files) {
  base::Table out = schema::GetTable("file_text").NewTable();
  for (const auto& f : files) {
    if (f.status != "ok") continue;
    out.column("file_id").AppendUInt64(f.file_id);
    out.column("path").AppendString(f.path);
    out.column("text").AppendString(f.text);
  }
  return out;
}

//! The files `layer` extracts: a per-file layer skips those whose evidence was reused.
std::span<const source::SourceFile> FilesOf(const BuildContext& ctx,
                                            const extract::EvidenceLayer& layer) {
  return layer.scope() == extract::EvidenceLayer::Scope::kPerFile ? ctx.ExtractFiles() : ctx.files;
}

//! The evidence tasks: the scan, then one task per evidence layer.
void AddEvidenceTasks(std::vector<BuildTask>& tasks, const EvidenceLayers& layers) {
  std::vector<std::string> scan_outputs;
  for (const schema::TableDef* def : extract::TablesOf(schema::Layer::kSource)) {
    scan_outputs.emplace_back(def->name);
  }
  scan_outputs.emplace_back(kSourceFiles);
  tasks.push_back(
      BuildTask{.name = "scan",
                .kind = "evidence",
                .inputs = {},
                .outputs = scan_outputs,
                .run = [](BuildContext& ctx) -> Status {
                  source::ScanOptions scan;
                  scan.root = ctx.options.repo;
                  scan.max_file_bytes = ctx.options.max_file_bytes;
                  scan.threads = ctx.options.profile.threads;
                  if (!ctx.options.include_globs.empty())
                    scan.include_globs = ctx.options.include_globs;
                  scan.exclude_globs = ctx.options.exclude_globs;
                  scan.use_gitignore = ctx.options.use_gitignore;
                  scan.follow_symlinks = ctx.options.follow_symlinks;
                  scan.source_roots = ctx.options.source_roots;
                  CA_ASSIGN_OR_RETURN(source::ScanResult result, source::ScanRepository(scan));
                  if (result.files.empty()) return NothingMatched(ctx.options, scan);
                  CA_RETURN_IF_ERROR(ctx.session.Append("repo_files", result.repo_files));
                  CA_RETURN_IF_ERROR(ctx.session.Append("file_line_index", result.line_index));
                  CA_RETURN_IF_ERROR(ctx.session.Append("file_wide_chars", result.wide_chars));
                  if (ctx.running.count("write:file_text") || ctx.running.count("write:evidence")) {
                    CA_RETURN_IF_ERROR(ctx.session.Append("file_text", FileTexts(result.files)));
                  }
                  CA_RETURN_IF_ERROR(ctx.session.Append(
                      schema::DiagnosticsTable(schema::Layer::kSource), result.diagnostics));
                  ctx.git_head = result.git_head;
                  ctx.import_roots = result.import_roots;
                  ctx.file_count = static_cast<int64_t>(result.files.size());
                  ctx.files = std::move(result.files);
                  // The evidence of unchanged files comes from the previous build's cache, when it
                  // matches; the per-file layers extract the others.
                  CA_RETURN_IF_ERROR(PrepareReuse(ctx));
                  // Every layer that will run starts now: the python pass's workers compile while
                  // the layers before it run.
                  for (const auto& [layer, request] : ctx.layer_requests) {
                    CA_RETURN_IF_ERROR(
                        layer->Begin(request, FilesOf(ctx, *layer)).WithContext(layer->TaskName()));
                  }
                  return Status::Ok();
                }});
  for (const auto& layer : layers) {
    extract::EvidenceLayer* l = layer.get();
    std::vector<std::string> outputs;
    for (const schema::TableDef* def : l->Tables()) outputs.emplace_back(def->name);
    tasks.push_back(BuildTask{.name = l->TaskName(),
                              .kind = "evidence",
                              .inputs = {std::string(kSourceFiles)},
                              .outputs = outputs,
                              .run = [l](BuildContext& ctx) -> Status {
                                const extract::EvidenceSink sink = SessionSink(ctx);
                                CA_RETURN_IF_ERROR(l->Extract(FilesOf(ctx, *l), sink));
                                CA_RETURN_IF_ERROR(l->Finish(sink));
                                for (const auto& [layer, request] : ctx.layer_requests) {
                                  if (layer == l) CA_RETURN_IF_ERROR(CacheLayer(ctx, *l, request));
                                }
                                return Status::Ok();
                              }});
  }
}

//! One task per rule; plans are built up front (nothing executes to learn their schemas).
void AddRuleTasks(std::vector<BuildTask>& tasks, const std::vector<rules::BuiltRule>& built) {
  for (const auto& b : built) {
    tasks.push_back(
        BuildTask{.name = "rule:" + b.rule.name,
                  .kind = "rule",
                  .inputs = b.InputTables(),
                  .outputs = b.Outputs(),
                  .run = [b](BuildContext& ctx) -> Status {
                    if (b.fixpoint) {
                      return ctx.adapter.RunFixpoint(*b.fixpoint, b.rule.name).status();
                    }
                    return ctx.adapter.Materialize(b.plan, {b.rule.name, b.rule.output}).status();
                  }});
  }
}

void AddOutputTasks(std::vector<BuildTask>& tasks, const Pipeline& pipeline) {
  const std::vector<rules::BuiltRule>& built = pipeline.rules;
  for (const schema::TableDef* contract : pipeline.contracts) {
    const std::string n(contract->name);
    tasks.push_back(BuildTask{
        .name = "finalize:" + n,
        .kind = "finalize",
        .inputs = {n + "_raw"},
        .outputs = {n, n + "_errors"},
        .run = [n](BuildContext& ctx) -> Status {
          CA_ASSIGN_OR_RETURN(emit::FinalizeResult fin,
                              emit::Finalize(ctx.adapter, ctx.catalog, schema::GetTable(n)));
          ctx.outputs.push_back({n, n + ".parquet", fin.rows, fin.error_rows});
          return Status::Ok();
        }});
    tasks.push_back(BuildTask{.name = "write:" + n,
                              .kind = "write",
                              .inputs = {n, n + "_errors"},
                              .outputs = {"file:" + n},
                              .run = [n](BuildContext& ctx) -> Status {
                                CA_RETURN_IF_ERROR(ctx.session.CopyToParquet(
                                    n, ctx.staging.dir() / (n + ".parquet"), SortOf(ctx, n)));
                                auto err_order = SortOf(ctx, n);
                                if (!err_order.empty()) err_order.push_back("error");
                                return ctx.session.CopyToParquet(
                                    n + "_errors", ctx.staging.dir() / (n + "_errors.parquet"),
                                    err_order);
                              }});
  }
  // Tables published as OUT/<name>.parquet without a contract (no finalize gate, no errors file).
  auto publish = [&tasks](const std::string& n, auto order_of) {
    tasks.push_back(BuildTask{.name = "write:" + n,
                              .kind = "write",
                              .inputs = {n},
                              .outputs = {"file:" + n},
                              .run = [n, order_of](BuildContext& ctx) -> Status {
                                CA_ASSIGN_OR_RETURN(int64_t rows, ctx.session.RowCount(n));
                                ctx.outputs.push_back({n, n + ".parquet", rows, 0});
                                CA_ASSIGN_OR_RETURN(std::vector<std::string> order, order_of(ctx));
                                return ctx.session.CopyToParquet(
                                    n, ctx.staging.dir() / (n + ".parquet"), order);
                              }});
  };
  publish("diagnostics", [](const BuildContext& ctx) -> Result<std::vector<std::string>> {
    return SortOf(ctx, "diagnostics");
  });
  publish("callgraph", [](const BuildContext& ctx) { return EveryColumn(ctx, "callgraph"); });
  publish("class_mro", [](const BuildContext& ctx) { return EveryColumn(ctx, "class_mro"); });
  publish("taint_flows", [](const BuildContext& ctx) -> Result<std::vector<std::string>> {
    return SortOf(ctx, "taint_flows");
  });
  publish("file_text", [](const BuildContext& ctx) -> Result<std::vector<std::string>> {
    return SortOf(ctx, "file_text");
  });
  std::vector<std::string> evidence;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind == schema::TableKind::kEvidence) evidence.emplace_back(def.name);
  }
  std::vector<std::string> derived;
  for (const auto& b : built) {
    for (auto& o : b.Outputs()) derived.push_back(std::move(o));
  }
  tasks.push_back(
      BuildTask{.name = "write:derived",
                .kind = "write",
                .inputs = derived,
                .outputs = {"file:derived"},
                .run = [derived](BuildContext& ctx) -> Status {
                  const fs::path dir = ctx.staging.dir() / "derived";
                  std::error_code ec;
                  fs::create_directories(dir, ec);
                  if (ec)
                    return Status::IoError("cannot create {}: {}", dir.string(), ec.message());
                  for (const auto& n : derived) {
                    CA_ASSIGN_OR_RETURN(std::vector<std::string> order, EveryColumn(ctx, n));
                    CA_RETURN_IF_ERROR(ctx.session.CopyToParquet(n, dir / (n + ".parquet"), order));
                  }
                  return Status::Ok();
                }});
  tasks.push_back(BuildTask{
      .name = "write:evidence",
      .kind = "write",
      .inputs = evidence,
      .outputs = {"file:evidence"},
      .run = [evidence](BuildContext& ctx) -> Status {
        const fs::path dir = ctx.staging.dir() / "evidence";
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) return Status::IoError("cannot create {}: {}", dir.string(), ec.message());
        for (const auto& n : evidence) {
          CA_RETURN_IF_ERROR(ctx.session.CopyToParquet(n, dir / (n + ".parquet"), SortOf(ctx, n)));
        }
        return Status::Ok();
      }});
}

}  // namespace

int PythonWorkers(const BuildOptions& o) {
  return o.python_workers > 0 ? o.python_workers
                              : std::min(o.profile.threads, base::HardwareThreads());
}

bool IsPseudoDataset(std::string_view name) {
  return name.starts_with("file:") || name == kSourceFiles;
}

EvidenceLayers MakeEvidenceLayers(const BuildOptions& options, const fs::path& scip_work_dir) {
  EvidenceLayers layers;
  layers.push_back(std::make_unique<extract::cst::CstLayer>(options.profile.threads));
  layers.push_back(
      std::make_unique<extract::python::PythonLayer>(extract::python::PythonLayerOptions{
          .workers = PythonWorkers(options), .ast = options.python_ast}));
  layers.push_back(std::make_unique<extract::scip::ScipLayer>(
      extract::scip::ScipLayerOptions{.run_indexer = options.scip,
                                      .index = options.scip_index,
                                      .repo = options.repo,
                                      .work_dir = scip_work_dir,
                                      .timeout_seconds = options.scip_timeout_seconds}));
  return layers;
}

Result<Pipeline> DefinePipeline(const rules::RuleOptions& rule_options) {
  Pipeline pipeline;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind == schema::TableKind::kEvidence) {
      pipeline.evidence.Add(std::string(def.name), def.ToSchema());
    }
  }
  CA_ASSIGN_OR_RETURN(pipeline.rules,
                      rules::DefaultRules(rule_options).BuildAll(pipeline.evidence));
  for (auto name : kGraphOutputs) pipeline.contracts.push_back(&schema::GetTable(name));
  return pipeline;
}

std::vector<BuildTask> PipelineTasks(const Pipeline& pipeline, const EvidenceLayers& layers) {
  std::vector<BuildTask> tasks;
  AddEvidenceTasks(tasks, layers);
  AddRuleTasks(tasks, pipeline.rules);
  AddOutputTasks(tasks, pipeline);
  return tasks;
}

Result<BuildPlan> PlanBuild(const BuildOptions& options, const std::vector<std::string>& requested,
                            const EvidenceLayers& layers, std::vector<BuildTask>& tasks) {
  std::vector<std::string> targets;
  for (const auto& o : requested) targets.push_back("file:" + o);
  targets.emplace_back("file:diagnostics");  // always published: whatever the running layers found
  for (const auto& layer : layers) {
    for (auto& t : layer->Targets()) targets.push_back(std::move(t));
  }
  if (std::find(requested.begin(), requested.end(), "cpg_edges") != requested.end()) {
    // The manifest reports resolution coverage whenever the edges (the resolution) are built.
    targets.emplace_back(kResolutionStats);
  }
  // --skip-layer: a layer is switched off (its task does not run, its tables stay empty); a part
  // of a layer (symtable of python) is left out of its layer's run.
  std::map<std::string, std::string> switched_off;
  std::map<schema::Layer, std::set<schema::Layer>> parts_off;
  for (const auto& name : options.skipped_layers) {
    const std::optional<schema::Layer> layer = schema::ParseLayer(name);
    CA_CHECK(layer.has_value());  // ValidateRequest
    const schema::Layer parent = schema::Info(*layer).parent;
    if (parent == *layer) {
      switched_off["extract:" + name] =
          "switched off (--skip-layer " + name + "); its tables are empty";
    } else {
      parts_off[parent].insert(*layer);
    }
  }
  for (const auto& layer : layers) {
    if (std::string why = layer->SwitchedOff(); !why.empty()) {
      switched_off.emplace(layer->TaskName(), std::move(why));
    }
  }
  CA_RETURN_IF_ERROR(PlanTasks(tasks, targets, switched_off));

  BuildPlan plan;
  for (const auto& layer : layers) {
    for (const auto& t : tasks) {
      if (t.name != layer->TaskName() || !t.will_run) continue;
      plan.layer_requests.emplace_back(
          layer.get(),
          extract::LayerRequest{.tables = t.needed, .switched_off = parts_off[layer->layer()]});
    }
  }
  // Read after the task loop (summary, manifest) or asked for by name: never released.
  plan.keep.insert(targets.begin(), targets.end());
  for (auto name : kGraphOutputs) plan.keep.emplace(name);
  plan.keep.emplace(kResolutionStats);
  plan.keep.emplace("diagnostics");
  return plan;
}

}  // namespace codeanatomy::orchestrate
