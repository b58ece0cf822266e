#include "codeanatomy/orchestrate/build.h"

#include <algorithm>
#include <future>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/base/stopwatch.h"
#include "codeanatomy/emit/finalize.h"
#include "codeanatomy/emit/manifest.h"
#include "codeanatomy/emit/publish.h"
#include "codeanatomy/emit/run_bundle.h"
#include "codeanatomy/engine/adapter.h"
#include "codeanatomy/engine/session.h"
#include "codeanatomy/extract/cst/cst_extractor.h"
#include "codeanatomy/extract/python/python_extractor.h"
#include "codeanatomy/extract/scip/scip_decoder.h"
#include "codeanatomy/extract/scip/scip_python.h"
#include "codeanatomy/orchestrate/task_graph.h"
#include "codeanatomy/plan/sql.h"
#include "codeanatomy/rules/rules.h"
#include "codeanatomy/schema/table_def.h"
#include "codeanatomy/source/repo_scan.h"
#include "codeanatomy/version.h"

namespace codeanatomy::orchestrate {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

std::vector<std::string> KnownOutputs() {
  return {"cpg_nodes", "cpg_edges", "cpg_props", "diagnostics", "callgraph",
          "class_mro", "file_text", "evidence",  "derived"};
}
std::vector<std::string> DefaultOutputs() {
  return {"cpg_nodes", "cpg_edges", "cpg_props", "diagnostics",
          "callgraph", "class_mro", "file_text"};
}

namespace {

//! The published graph tables: each goes through the finalize gate of its contract.
constexpr std::string_view kGraphOutputs[] = {"cpg_nodes", "cpg_edges", "cpg_props"};
//! The pseudo-dataset of the scanned files (in memory), input of every extraction layer.
constexpr std::string_view kSourceFiles = "source_files";
//! Datasets every layer appends to; consuming them does not pull their producers in.
const std::set<std::string> kCollectors = {"diagnostics"};
//! Pseudo-datasets (nothing is stored) that stand for one layer's rows of `diagnostics`:
//! "diagnostics:source", "diagnostics:cst", "diagnostics:python". Whatever reads `diagnostics`
//! (the rules that make DIAGNOSTIC nodes and edges, write:diagnostics) takes every one of them as
//! an input, so the layers that report problems are its ancestors: the graph and
//! diagnostics.parquet are the same whatever else was requested.
constexpr std::string_view kDiagnosticsOf = "diagnostics:";
std::string DiagnosticsOf(std::string_view layer) {
  return std::string(kDiagnosticsOf) + std::string(layer);
}
//! Names in task inputs / outputs that stand for no table of the session: written files, the
//! scanned files held in memory, the per-layer diagnostics markers.
bool IsPseudoDataset(std::string_view name) {
  return name.starts_with("file:") || name == kSourceFiles || name.starts_with(kDiagnosticsOf);
}
//! The resolution coverage metrics, reported in the manifest.
constexpr std::string_view kResolutionStats = "rel_resolution_stats";

std::string SchemaFingerprint(const base::Schema& schema) {
  const std::string text = schema.ToString();
  return fmt::format("{:016x}", XXH3_64bits(text.data(), text.size()));
}

struct BuildContext {
  const BuildOptions& options;
  engine::Session& session;
  engine::Adapter& adapter;
  emit::OutputStaging& staging;
  plan::MapCatalog catalog;
  std::vector<source::SourceFile> files;
  int64_t file_count = 0;
  std::vector<emit::OutputEntry> outputs;
  std::vector<emit::StageEntry> stages;
  std::map<std::string, std::string> versions;
  std::optional<BuildSummary::Scip> scip_summary;
  std::optional<std::string> git_head;
  //! Names of the tasks planning decided to run.
  std::set<std::string> running;
  //! The python layers (symtable, bytecode, ast) share one CPython pass: the first of their tasks
  //! loads its tables for all that will run; the others find them loaded.
  bool python_done = false;
  extract::python::PythonStats python_stats;
  //! That pass, started in the background as soon as the scan has the files (StartPythonPass):
  //! its worker processes compile while extract:cst parses. Only the wait and the appends happen
  //! in the python task. Declared after `files`, which it reads, so it is joined first.
  std::future<Result<extract::python::PythonResult>> python_pass;
};

std::vector<std::string> TablesOfLayer(std::string_view layer) {
  std::vector<std::string> out;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind == schema::TableKind::kEvidence && def.layer == layer) out.emplace_back(def.name);
  }
  return out;
}

std::vector<std::string> SortOf(const BuildContext& ctx, std::string_view table) {
  std::vector<std::string> order;
  if (ctx.options.profile.determinism == engine::Determinism::kCanonical) {
    for (auto c : schema::GetTable(table).sort) order.emplace_back(c);
  }
  return order;
}

//! Every column of a derived table in order: a total sort order for byte-stable files.
Result<std::vector<std::string>> EveryColumn(const BuildContext& ctx, const std::string& table) {
  CA_ASSIGN_OR_RETURN(base::Schema schema, ctx.catalog.TableSchema(table));
  std::vector<std::string> order;
  for (const auto& f : schema.fields()) order.push_back(f.name);
  return order;
}

//! Counts rows of `table` per distinct value of `column`, through a plan.
Result<std::map<std::string, int64_t>> CountBy(BuildContext& ctx, const std::string& table,
                                               const std::string& column) {
  using namespace plan;  // NOLINT
  CA_ASSIGN_OR_RETURN(Plan p,
                      PlanBuilder(ctx.catalog, "summary:" + table)
                          .Scan(table)
                          .Aggregate({{"key", Col(column)}}, {{"n", AggFunc::kCountStar, {}}})
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

using BuildTask = Task<BuildContext>;

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
Status AddRuleTasks(std::vector<BuildTask>& tasks, const std::vector<rules::BuiltRule>& built) {
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
  return Status::Ok();
}

void AddOutputTasks(std::vector<BuildTask>& tasks, const std::vector<rules::BuiltRule>& built) {
  for (auto name : kGraphOutputs) {
    const std::string n(name);
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
    if (def.kind == schema::TableKind::kEvidence && !kCollectors.count(std::string(def.name))) {
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

//! For each running task (by index), the datasets nothing reads after it: the session releases
//! them once it has run, so a run holds only what is still to be read. `keep` (read after the
//! task loop, or asked for) is never released. Datasets nobody reads go right after they are made.
std::map<size_t, std::vector<std::string>> ReleasePoints(const std::vector<BuildTask>& tasks,
                                                         const std::set<std::string>& keep) {
  std::map<std::string, size_t> last_use;
  for (size_t i = 0; i < tasks.size(); ++i) {
    if (!tasks[i].will_run) continue;
    for (const auto* names : {&tasks[i].inputs, &tasks[i].outputs}) {
      for (const auto& d : *names) {
        if (IsPseudoDataset(d) || keep.count(d)) continue;
        last_use[d] = i;
      }
    }
  }
  std::map<size_t, std::vector<std::string>> out;
  for (const auto& [dataset, i] : last_use) out[i].push_back(dataset);
  return out;
}

std::string ConfigJson(const BuildOptions& o, const std::vector<std::string>& outputs) {
  nlohmann::json j = {{"repo", fs::absolute(o.repo).lexically_normal().string()},
                      {"out", fs::absolute(o.out).lexically_normal().string()},
                      {"outputs", outputs},
                      {"max_file_bytes", o.max_file_bytes},
                      {"skipped_layers", o.skipped_layers},
                      {"profile", nlohmann::json::parse(o.profile.ToJson())}};
  return j.dump();
}

}  // namespace

Result<BuildSummary> RunBuild(const BuildOptions& options, const ProgressCallback& progress) {
  base::Stopwatch total;
  const engine::RuntimeProfile& profile = options.profile;

  // Validate the request before doing any work: a bad path is one clear line, no partial output.
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
  CA_ASSIGN_OR_RETURN(emit::OutputStaging staging,
                      emit::OutputStaging::Create(options.out, options.repo));
  CA_ASSIGN_OR_RETURN(auto session, engine::Session::Open(profile));
  engine::Adapter adapter(*session);
  BuildContext ctx{options, *session, adapter, staging, {}, {},    0,  {},
                   {},      {},       {},      {},      {}, false, {}, {}};

  // Every evidence table exists from the start, empty, with its registered schema: a layer that
  // does not run leaves its tables empty and every rule still runs.
  for (const auto& def : schema::Tables().all()) {
    if (def.kind != schema::TableKind::kEvidence) continue;
    CA_RETURN_IF_ERROR(session->CreateTable(def));
    ctx.catalog.Add(std::string(def.name), def.ToSchema());
  }

  // The task graph: evidence layers, rules (plans built now, without executing), outputs.
  rules::RuleRegistry registry = rules::DefaultRules();
  CA_ASSIGN_OR_RETURN(std::vector<rules::BuiltRule> built, registry.BuildAll(ctx.catalog));
  std::vector<BuildTask> tasks;
  AddEvidenceTasks(tasks);
  CA_RETURN_IF_ERROR(AddRuleTasks(tasks, built));
  AddOutputTasks(tasks, built);
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
  CA_RETURN_IF_ERROR(PlanTasks(tasks, targets, kCollectors, switched_off));
  for (const auto& t : tasks) {
    if (t.will_run) ctx.running.insert(t.name);
  }

  // Read after the task loop (summary, manifest) or asked for by name: never released.
  std::set<std::string> keep(kCollectors.begin(), kCollectors.end());
  keep.insert(targets.begin(), targets.end());
  for (auto name : kGraphOutputs) keep.emplace(name);
  keep.emplace(kResolutionStats);
  const std::map<size_t, std::vector<std::string>> release = ReleasePoints(tasks, keep);

  int64_t done = 0;
  const int64_t to_run =
      std::count_if(tasks.begin(), tasks.end(), [](auto& t) { return t.will_run; });
  for (size_t i = 0; i < tasks.size(); ++i) {
    auto& task = tasks[i];
    if (!task.will_run) continue;
    if (progress) progress({task.name, done, to_run});
    base::Stopwatch watch;
    Status s = task.run(ctx);
    if (!s.ok()) return s.WithContext(task.name);
    for (const auto& o : task.outputs) {
      if (ctx.catalog.TableSchema(o).ok() || IsPseudoDataset(o)) continue;
      CA_ASSIGN_OR_RETURN(base::Schema s2, session->TableSchema(o));
      ctx.catalog.Add(o, s2);
    }
    if (auto r = release.find(i); r != release.end()) {
      for (const auto& d : r->second)
        CA_RETURN_IF_ERROR(session->Release(d).WithContext(task.name));
    }
    ctx.stages.push_back({task.name, watch.ElapsedMillis(), watch.CpuSeconds() * 1000.0});
    ++done;
  }
  if (progress) progress({"manifest", done, to_run});

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
  if (ctx.catalog.TableSchema(std::string(kResolutionStats)).ok()) {
    CA_ASSIGN_OR_RETURN(summary.resolution, ReadMetrics(ctx, std::string(kResolutionStats)));
  }

  emit::Manifest manifest;
  manifest.tool_version = CA_VERSION;
  manifest.tool_commit = CA_GIT_COMMIT;
  manifest.versions = {{"duckdb", session->duckdb_version()},
                       {"tree_sitter_python", CA_TREE_SITTER_PYTHON_VERSION},
                       {"cpython", std::string(extract::python::CPythonVersion())}};
  manifest.versions.insert(ctx.versions.begin(), ctx.versions.end());
  manifest.repo_root = fs::absolute(options.repo).lexically_normal().string();
  manifest.repo_git_head = ctx.git_head;
  manifest.profile = profile;
  manifest.files = ctx.file_count;
  CA_ASSIGN_OR_RETURN(manifest.catalog, session->Snapshot());
  std::map<std::string, std::string> kind_of;
  for (const auto& def : schema::Tables().all()) {
    if (def.kind == schema::TableKind::kEvidence) kind_of[std::string(def.name)] = "evidence";
  }
  for (auto o : kGraphOutputs) kind_of[std::string(o)] = "output";
  for (const auto& t : manifest.catalog) {
    CA_ASSIGN_OR_RETURN(base::Schema s, ctx.catalog.TableSchema(t.name));
    auto it = kind_of.find(t.name);
    manifest.datasets.push_back(
        {t.name, it == kind_of.end() ? "derived" : it->second, t.rows, SchemaFingerprint(s)});
  }
  for (const auto& b : built) {
    auto sql = b.fixpoint ? base::Result<std::string>(std::string()) : plan::LowerToSql(b.plan);
    std::vector<std::string> also = b.Outputs();
    also.erase(also.begin());
    manifest.rules.push_back({b.rule.name, b.rule.output, b.rule.priority, b.InputTables(),
                              b.Fingerprint(), sql.ok() ? *sql : "", b.rule.doc, b.Print(),
                              std::move(also)});
  }
  manifest.fixpoints = adapter.fixpoint_runs();
  for (const auto& t : tasks) {
    manifest.tasks.push_back({t.name, t.kind, t.will_run, t.reason, t.inputs, t.outputs});
  }
  manifest.executions = adapter.records();
  manifest.outputs = ctx.outputs;
  manifest.stages = ctx.stages;
  if (ctx.python_done) {
    // The python layers' steps, as CPU time summed over their worker processes.
    const auto& ps = ctx.python_stats;
    for (const auto& [step, seconds] : {std::pair{"python.parse", ps.parse_cpu_seconds},
                                        {"python.compile", ps.compile_cpu_seconds},
                                        {"python.symtable", ps.symtable_cpu_seconds},
                                        {"python.decode", ps.decode_cpu_seconds},
                                        {"python.ast", ps.ast_cpu_seconds},
                                        {"python.transfer", ps.transfer_cpu_seconds}}) {
      manifest.stages.push_back({step, 0, seconds * 1000.0});
    }
  }
  manifest.diagnostics_by_severity = summary.diagnostics_by_severity;
  manifest.resolution = summary.resolution;
  manifest.published = emit::TopLevelEntries(staging.dir());
  for (const char* later : {"manifest.json", "run_bundle"}) manifest.published.emplace_back(later);
  std::sort(manifest.published.begin(), manifest.published.end());
  CA_RETURN_IF_ERROR(
      base::WriteFile(staging.dir() / "manifest.json", emit::RenderManifest(manifest)));
  CA_RETURN_IF_ERROR(emit::WriteRunBundle(staging.dir() / "run_bundle",
                                          ConfigJson(options, requested), manifest, ctx.catalog));

  CA_RETURN_IF_ERROR(staging.Publish());

  std::vector<std::pair<std::string, double>> timings;
  for (const auto& r : adapter.records()) timings.emplace_back(r.rule, r.elapsed_ms);
  std::sort(timings.begin(), timings.end(), [](const auto& a, const auto& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
  if (timings.size() > 5) timings.resize(5);
  summary.slowest_rules = std::move(timings);
  summary.scip = ctx.scip_summary;
  summary.out = staging.out();
  summary.elapsed_seconds = total.ElapsedSeconds();
  return summary;
}

}  // namespace codeanatomy::orchestrate
