#include "codeanatomy/orchestrate/pipeline.h"

#include <algorithm>
#include <future>

#include <fmt/core.h>

#include "codeanatomy/base/stopwatch.h"
#include "codeanatomy/emit/finalize.h"
#include "codeanatomy/extract/cst/cst_extractor.h"
#include "codeanatomy/extract/python/python_extractor.h"
#include "codeanatomy/extract/scip/scip_decoder.h"
#include "codeanatomy/extract/scip/scip_python.h"

namespace codeanatomy::orchestrate {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

namespace {

//! The pseudo-dataset of the scanned files (in memory), input of every extraction layer.
constexpr std::string_view kSourceFiles = "source_files";
//! Pseudo-datasets (nothing is stored) that stand for one layer's rows of `diagnostics`:
//! "diagnostics:source", "diagnostics:cst", "diagnostics:python". Whatever reads `diagnostics`
//! (the rules that make DIAGNOSTIC nodes and edges, write:diagnostics) takes every one of them as
//! an input, so the layers that report problems are its ancestors: the graph and
//! diagnostics.parquet are the same whatever else was requested.
constexpr std::string_view kDiagnosticsOf = "diagnostics:";
std::string DiagnosticsOf(std::string_view layer) {
  return std::string(kDiagnosticsOf) + std::string(layer);
}

std::vector<std::string> TablesOfLayer(std::string_view layer) {
  std::vector<std::string> out;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind == schema::TableKind::kEvidence && def.layer == layer) out.emplace_back(def.name);
  }
  return out;
}

//! Starts the one CPython pass for every python layer (symtable, bytecode, ast) that will run, on
//! a background thread that drives the worker processes. It touches neither the session nor
//! anything but `ctx.files`, which nothing changes once the scan has set it; the session (not
//! thread-safe) receives its tables on the main thread, in RunPythonLayers. The pass uses as many
//! workers as the profile has threads, so while extract:cst runs the cores are shared by both
//! layers: the CPU work is the same, and neither layer waits for the other to finish. The stage
//! times show it: extract:cst's wall includes the sharing, the python task's is the rest of the
//! wait and the loading. A build that fails before the python task still waits for the pass (the
//! future joins when the context goes).
void StartPythonPass(BuildContext& ctx) {
  if (ctx.python_pass.valid()) return;
  extract::python::PythonOptions options;
  options.workers = ctx.options.profile.threads;
  options.symtable = ctx.running.count("extract:symtable") > 0;
  options.bytecode = ctx.running.count("extract:bytecode") > 0;
  options.ast = ctx.running.count("extract:ast") > 0;
  if (!options.symtable && !options.bytecode && !options.ast) return;
  ctx.python_pass = std::async(std::launch::async, [&files = ctx.files, options] {
    return extract::python::ExtractFiles(files, options);
  });
}

//! Waits for the CPython pass and loads the tables of every python layer into the session.
Status RunPythonLayers(BuildContext& ctx) {
  if (ctx.python_done) return Status::Ok();
  ctx.python_done = true;
  StartPythonPass(ctx);
  CA_ASSIGN_OR_RETURN(extract::python::PythonResult python, ctx.python_pass.get());
  for (const auto& [name, table] : python.tables.EvidenceTables()) {
    CA_RETURN_IF_ERROR(ctx.session.Append(name, *table));
  }
  ctx.python_stats = python.stats;
  return ctx.session.Append("diagnostics", python.tables.diagnostics);
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

//! The evidence tasks: the scan, then one task per extraction layer.
void AddEvidenceTasks(std::vector<BuildTask>& tasks) {
  std::vector<std::string> scan_outputs = TablesOfLayer("source");
  scan_outputs.emplace_back(kSourceFiles);
  scan_outputs.push_back(DiagnosticsOf("source"));
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
                  CA_ASSIGN_OR_RETURN(source::ScanResult result, source::ScanRepository(scan));
                  if (result.files.empty()) return NothingMatched(ctx.options, scan);
                  CA_RETURN_IF_ERROR(ctx.session.Append("repo_files", result.repo_files));
                  CA_RETURN_IF_ERROR(ctx.session.Append("file_line_index", result.line_index));
                  CA_RETURN_IF_ERROR(ctx.session.Append("file_wide_chars", result.wide_chars));
                  if (ctx.running.count("write:file_text") || ctx.running.count("write:evidence")) {
                    CA_RETURN_IF_ERROR(ctx.session.Append("file_text", FileTexts(result.files)));
                  }
                  CA_RETURN_IF_ERROR(ctx.session.Append("diagnostics", result.diagnostics));
                  ctx.git_head = result.git_head;
                  ctx.file_count = static_cast<int64_t>(result.files.size());
                  ctx.files = std::move(result.files);
                  StartPythonPass(ctx);
                  return Status::Ok();
                }});
  std::vector<std::string> cst_outputs = TablesOfLayer("cst");
  cst_outputs.push_back(DiagnosticsOf("cst"));
  tasks.push_back(BuildTask{
      .name = "extract:cst",
      .kind = "evidence",
      .inputs = {std::string(kSourceFiles)},
      .outputs = cst_outputs,
      .run = [](BuildContext& ctx) -> Status {
        CA_ASSIGN_OR_RETURN(extract::cst::CstTables cst,
                            extract::cst::ExtractFiles(ctx.files, ctx.options.profile.threads));
        for (const auto& [name, table] : cst.Evidence()) {
          CA_RETURN_IF_ERROR(ctx.session.Append(name, *table));
        }
        CA_RETURN_IF_ERROR(ctx.session.Append("diagnostics", cst.diagnostics));
        return Status::Ok();
      }});
  for (const char* layer : {"symtable", "bytecode", "ast"}) {
    tasks.push_back(BuildTask{.name = std::string("extract:") + layer,
                              .kind = "evidence",
                              .inputs = {std::string(kSourceFiles)},
                              .outputs = TablesOfLayer(layer),
                              .run = RunPythonLayers});
  }
  tasks.push_back(BuildTask{
      .name = "extract:scip",
      .kind = "evidence",
      .inputs = {std::string(kSourceFiles)},
      .outputs = TablesOfLayer("scip"),
      .run = [](BuildContext& ctx) -> Status {
        const BuildOptions& options = ctx.options;
        fs::path index = options.scip_index;
        const fs::path scip_work = ctx.staging.dir() / ".scip";
        auto& summary = ctx.scip_summary.emplace();
        if (options.scip) {
          extract::scip::ScipPythonOptions scip_options;
          scip_options.repo = options.repo;
          scip_options.work_dir = scip_work;
          scip_options.timeout_seconds = options.scip_timeout_seconds;
          CA_ASSIGN_OR_RETURN(extract::scip::ScipPythonRun run,
                              extract::scip::RunScipPython(scip_options));
          index = run.index_path;
          ctx.versions["node"] = run.node_version;
          summary.indexer_seconds = run.wall_seconds;
          summary.indexer_peak_rss_bytes = run.peak_rss_bytes;
        }
        base::Stopwatch decode_watch;
        CA_ASSIGN_OR_RETURN(extract::scip::ScipTables scip, extract::scip::DecodeIndexFile(index));
        summary.decode_seconds = decode_watch.ElapsedSeconds();
        std::error_code ec;
        summary.index_bytes = static_cast<int64_t>(fs::file_size(index, ec));
        summary.documents = static_cast<int64_t>(scip.documents.num_rows());
        summary.occurrences = static_cast<int64_t>(scip.occurrences.num_rows());
        summary.symbols = static_cast<int64_t>(scip.symbols.num_rows());
        summary.relationships = static_cast<int64_t>(scip.relationships.num_rows());
        summary.diagnostics = static_cast<int64_t>(scip.diagnostics.num_rows());
        if (scip.metadata.num_rows() > 0) {
          ctx.versions["scip"] =
              fmt::format("{} {}", scip.metadata.column("tool_name").GetString(0),
                          scip.metadata.column("tool_version").GetString(0));
        }
        if (options.scip && scip.documents.num_rows() == 0 && !ctx.files.empty()) {
          return Status::FailedPrecondition(
              "scip-python indexed no file of {} (the scan found {}); check for a "
              "pyrightconfig.json "
              "or [tool.pyright] excluding them, or build without --scip",
              options.repo.string(), ctx.files.size());
        }
        fs::remove_all(scip_work, ec);
        CA_RETURN_IF_ERROR(ctx.session.Append("scip_metadata", scip.metadata));
        CA_RETURN_IF_ERROR(ctx.session.Append("scip_documents", scip.documents));
        CA_RETURN_IF_ERROR(ctx.session.Append("scip_occurrences", scip.occurrences));
        CA_RETURN_IF_ERROR(ctx.session.Append("scip_symbols", scip.symbols));
        CA_RETURN_IF_ERROR(ctx.session.Append("scip_relationships", scip.relationships));
        return ctx.session.Append("scip_diagnostics", scip.diagnostics);
      }});
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
  publish("file_text", [](const BuildContext& ctx) -> Result<std::vector<std::string>> {
    return SortOf(ctx, "file_text");
  });
  std::vector<std::string> evidence;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind == schema::TableKind::kEvidence && !Collectors().count(std::string(def.name))) {
      evidence.emplace_back(def.name);
    }
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

const std::set<std::string>& Collectors() {
  static const std::set<std::string> collectors = {"diagnostics"};
  return collectors;
}

bool IsPseudoDataset(std::string_view name) {
  return name.starts_with("file:") || name == kSourceFiles || name.starts_with(kDiagnosticsOf);
}

Result<Pipeline> DefinePipeline() {
  Pipeline pipeline;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind == schema::TableKind::kEvidence) {
      pipeline.evidence.Add(std::string(def.name), def.ToSchema());
    }
  }
  CA_ASSIGN_OR_RETURN(pipeline.rules, rules::DefaultRules().BuildAll(pipeline.evidence));
  for (auto name : kGraphOutputs) pipeline.contracts.push_back(&schema::GetTable(name));
  return pipeline;
}

std::vector<BuildTask> PipelineTasks(const Pipeline& pipeline) {
  std::vector<BuildTask> tasks;
  AddEvidenceTasks(tasks);
  AddRuleTasks(tasks, pipeline.rules);
  AddOutputTasks(tasks, pipeline);
  return tasks;
}

Result<std::set<std::string>> PlanBuild(const BuildOptions& options,
                                        const std::vector<std::string>& requested,
                                        std::vector<BuildTask>& tasks) {
  std::vector<std::string> targets;
  for (const auto& o : requested) targets.push_back("file:" + o);
  targets.emplace_back("file:diagnostics");  // always published: whatever the running layers found
  if (options.scip || !options.scip_index.empty()) {
    // An optional layer the user asked for is extracted even when no requested output needs it.
    for (const auto& t : TablesOfLayer("scip")) targets.push_back(t);
  }
  if (options.python_ast) {
    for (const auto& t : TablesOfLayer("ast")) targets.push_back(t);
  }
  if (std::find(requested.begin(), requested.end(), "cpg_edges") != requested.end()) {
    // The manifest reports resolution coverage whenever the edges (the resolution) are built.
    targets.emplace_back(kResolutionStats);
  }
  std::map<std::string, std::string> switched_off;
  for (const auto& layer : options.skipped_layers) {
    const std::string why = "switched off (--skip-layer " + layer + "); its tables are empty";
    if (layer == "python") {
      for (const char* l : {"symtable", "bytecode", "ast"})
        switched_off[std::string("extract:") + l] = why;
    } else {
      switched_off["extract:" + layer] = why;
    }
  }
  if (!options.python_ast) {
    switched_off.emplace("extract:ast", "no --ast; its tables are empty");
  }
  if (!options.scip && options.scip_index.empty()) {
    switched_off.emplace("extract:scip", "no --scip or --scip-index; its tables are empty");
  }
  // The CPython pass reports its problems (syntax errors, NUL bytes, symbol-table and bytecode
  // failures) whichever of its tasks starts it. Its diagnostics are credited to the first python
  // task that is switched on, in the order bytecode (which every graph output needs anyway),
  // symtable, ast: reading them then costs no extra pass, and never the symbol tables when the
  // bytecode layer runs.
  std::string python_diagnostics_task = "extract:bytecode";
  for (const char* layer : {"bytecode", "symtable", "ast"}) {
    if (!switched_off.count(std::string("extract:") + layer)) {
      python_diagnostics_task = std::string("extract:") + layer;
      break;
    }
  }
  std::vector<std::string> layer_diagnostics;
  for (auto& t : tasks) {
    if (t.name == python_diagnostics_task) t.outputs.push_back(DiagnosticsOf("python"));
    for (const auto& o : t.outputs) {
      if (o.starts_with(kDiagnosticsOf)) layer_diagnostics.push_back(o);
    }
  }
  for (auto& t : tasks) {
    if (std::find(t.inputs.begin(), t.inputs.end(), "diagnostics") == t.inputs.end()) continue;
    t.inputs.insert(t.inputs.end(), layer_diagnostics.begin(), layer_diagnostics.end());
  }
  CA_RETURN_IF_ERROR(PlanTasks(tasks, targets, Collectors(), switched_off));
  // Read after the task loop (summary, manifest) or asked for by name: never released.
  std::set<std::string> keep = Collectors();
  keep.insert(targets.begin(), targets.end());
  for (auto name : kGraphOutputs) keep.emplace(name);
  keep.emplace(kResolutionStats);
  return keep;
}

}  // namespace codeanatomy::orchestrate
