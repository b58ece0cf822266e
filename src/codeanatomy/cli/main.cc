// codeanatomy — the command line. The only translation unit that includes CLI11.
//
// Exit codes: 0 ok; 1 the analysis finished with errors in strict mode (or an audit found a rule
// that needs the kernel lane); 2 usage or environment error (bad flag, missing repository,
// unwritable output); 3 internal error (a bug — please report).
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "codeanatomy/base/status.h"
#include "codeanatomy/extract/python/python_extractor.h"
#include "codeanatomy/orchestrate/audit.h"
#include "codeanatomy/orchestrate/build.h"
#include "codeanatomy/read/callgraph_export.h"
#include "codeanatomy/read/output_reader.h"
#include "codeanatomy/read/show_rule.h"
#include "codeanatomy/schema/table_def.h"
#include "codeanatomy/version.h"

namespace codeanatomy::cli {
namespace {

int ExitCodeFor(const base::Status& status) {
  switch (status.code()) {
    case base::StatusCode::kOk:
      return 0;
    case base::StatusCode::kPolicyViolation:
      return 1;
    case base::StatusCode::kInvalidArgument:
    case base::StatusCode::kNotFound:
    case base::StatusCode::kIoError:
    case base::StatusCode::kFailedPrecondition:
      return 2;
    case base::StatusCode::kEngineError:
    case base::StatusCode::kUnimplemented:
    case base::StatusCode::kInternal:
      return 3;
  }
  return 3;
}

int Fail(const base::Status& status) {
  std::fprintf(stderr, "codeanatomy: error: %s\n", status.message().c_str());
  return ExitCodeFor(status);
}

//! A one-line progress display on stderr, redrawn in place; only on a terminal.
class ProgressDisplay {
 public:
  explicit ProgressDisplay(bool enabled) : enabled_(enabled), start_(Clock::now()) {}
  ~ProgressDisplay() { Clear(); }

  void Update(const orchestrate::Progress& p) {
    if (!enabled_) return;
    std::lock_guard<std::mutex> lock(mu_);
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    std::string line =
        fmt::format("codeanatomy: [{}/{}] {}  {:.1f}s", p.done, p.total, p.stage, elapsed);
    if (p.done > 0 && p.total > p.done) {
      const double rate = p.done / elapsed;
      line += fmt::format("  {:.1f} tasks/s, ~{:.0f}s left", rate, (p.total - p.done) / rate);
    }
    if (line.size() < width_) line += std::string(width_ - line.size(), ' ');
    width_ = line.size();
    std::fprintf(stderr, "\r%s", line.c_str());
    std::fflush(stderr);
  }
  void Clear() {
    if (!enabled_ || width_ == 0) return;
    std::fprintf(stderr, "\r%s\r", std::string(width_, ' ').c_str());
    std::fflush(stderr);
    width_ = 0;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  Clock::time_point start_;
  std::mutex mu_;
  size_t width_ = 0;
};

std::string HumanBytes(int64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (b >= 1e9) return fmt::format("{:.2f} GB", b / 1e9);
  if (b >= 1e6) return fmt::format("{:.1f} MB", b / 1e6);
  return fmt::format("{:.1f} KB", b / 1e3);
}

void PrintSummary(const orchestrate::BuildSummary& s) {
  fmt::print("codeanatomy: built the graph of {} files in {:.2f} s\n", s.files, s.elapsed_seconds);
  fmt::print("  nodes:");
  for (const auto& [k, n] : s.nodes_by_kind) fmt::print(" {} {}", k, n);
  fmt::print("\n  edges:");
  for (const auto& [k, n] : s.edges_by_kind) fmt::print(" {} {}", k, n);
  fmt::print("\n  diagnostics:");
  if (s.diagnostics_by_severity.empty()) fmt::print(" none");
  for (const auto& [k, n] : s.diagnostics_by_severity) fmt::print(" {} {}", k, n);
  if (!s.resolution.empty()) {
    auto m = [&](const char* k) {
      auto it = s.resolution.find(k);
      return it == s.resolution.end() ? int64_t{0} : it->second;
    };
    fmt::print("\n  resolved: calls {}/{}, decorators {}/{}, protocol sites {}/{}, names {}/{}",
               m("call_sites_resolved"), m("call_sites"), m("decorator_sites_resolved"),
               m("decorator_sites"), m("protocol_sites_resolved"), m("protocol_sites"),
               m("name_loads_resolved"), m("name_loads"));
    fmt::print("; symtable agrees {}/{}", m("symtable_agree"), m("symtable_checked"));
  }
  fmt::print("\n  slowest rules:");
  for (const auto& [rule, ms] : s.slowest_rules) fmt::print(" {} {:.0f}ms", rule, ms);
  if (s.scip) {
    const auto& x = *s.scip;
    fmt::print(
        "\n  scip: {} documents, {} occurrences, {} symbols, {} relationships, {} diagnostics; "
        "index {} decoded in {:.2f} s",
        x.documents, x.occurrences, x.symbols, x.relationships, x.diagnostics,
        HumanBytes(x.index_bytes), x.decode_seconds);
    if (x.indexer_seconds > 0) {
      fmt::print("; scip-python {:.1f} s, peak {}", x.indexer_seconds,
                 HumanBytes(x.indexer_peak_rss_bytes));
    }
    if (!s.resolution.empty()) {
      auto m = [&](const char* k) {
        auto it = s.resolution.find(k);
        return it == s.resolution.end() ? int64_t{0} : it->second;
      };
      fmt::print(
          "\n  scip vs native: calls agree {}, disagree {}, scip only {}, native only {}; names "
          "agree {}/{}; occurrences unmapped {}, unanchored {}",
          m("scip_agree"), m("scip_disagree"), m("scip_only"), m("native_only"),
          m("scip_name_refs_agree"), m("scip_name_refs_comparable"), m("scip_occurrences_unmapped"),
          m("scip_occurrences_unanchored"));
    }
  }
  fmt::print("\n  output: {}\n", s.out.string());
}

std::string CsvField(const std::optional<std::string>& v) {
  if (!v) return "";
  if (v->find_first_of(",\"\n\r") == std::string::npos) return *v;
  std::string out = "\"";
  for (char c : *v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void PrintQuery(const read::QueryResult& r, const std::string& format) {
  if (format == "csv") {
    for (size_t c = 0; c < r.columns.size(); ++c)
      fmt::print("{}{}", c ? "," : "", CsvField(r.columns[c]));
    fmt::print("\n");
    for (const auto& row : r.rows) {
      for (size_t c = 0; c < row.size(); ++c) fmt::print("{}{}", c ? "," : "", CsvField(row[c]));
      fmt::print("\n");
    }
    return;
  }
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& row : r.rows) {
      nlohmann::json obj = nlohmann::json::object();
      for (size_t c = 0; c < row.size(); ++c) {
        obj[r.columns[c]] = row[c] ? nlohmann::json(*row[c]) : nlohmann::json(nullptr);
      }
      out.push_back(std::move(obj));
    }
    fmt::print("{}\n", out.dump(2));
    return;
  }
  std::vector<size_t> width(r.columns.size());
  for (size_t c = 0; c < r.columns.size(); ++c) width[c] = r.columns[c].size();
  for (const auto& row : r.rows) {
    for (size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], row[c] ? row[c]->size() : 4);
  }
  auto line = [&](auto&& cell) {
    for (size_t c = 0; c < r.columns.size(); ++c) {
      std::string v = cell(c);
      fmt::print("{}{}{}", c ? "  " : "", v,
                 std::string(width[c] - std::min(width[c], v.size()), ' '));
    }
    fmt::print("\n");
  };
  line([&](size_t c) { return r.columns[c]; });
  line([&](size_t c) { return std::string(width[c], '-'); });
  for (const auto& row : r.rows)
    line([&](size_t c) { return row[c] ? *row[c] : std::string("NULL"); });
  fmt::print("({} row{})\n", r.rows.size(), r.rows.size() == 1 ? "" : "s");
}

int Main(int argc, char** argv) {
  CLI::App app{"codeanatomy: a Code Property Graph of a Python repository, as Parquet tables"};
  app.require_subcommand(1);
  app.set_version_flag("--version",
                       std::string("codeanatomy ") + CA_VERSION + " (" + CA_GIT_COMMIT + ")");

  // build
  auto* build = app.add_subcommand("build", "Analyse a repository and write its graph to OUT");
  std::string repo, out, profile_name = "default", explain, lane;
  int threads = 0;
  bool strict = false, quiet = false, emit_evidence = false;
  int64_t max_file_bytes = 16 * 1024 * 1024;
  std::vector<std::string> outputs, skip_layers;
  build->add_option("repo", repo, "Root directory of the Python repository")->required();
  build->add_option("-o,--out", out, "Output directory (replaced atomically)")->required();
  build
      ->add_option(
          "--outputs", outputs,
          "Outputs to produce, comma-separated: cpg_nodes, cpg_edges, cpg_props, "
          "diagnostics, evidence, derived (every rule's output table) (default: the graph and "
          "diagnostics); only what they need runs")
      ->delimiter(',');
  build->add_option("--profile", profile_name,
                    "Runtime profile: default, deterministic, debug, strict");
  build->add_option("--threads", threads, "Threads (default: the profile's, usually all cores)")
      ->check(CLI::Range(1, 1024));
  build->add_flag("--strict", strict, "Fail when a plan cannot run on the engine lane");
  build->add_option("--explain", explain, "Record EXPLAIN for every plan: plan or analyze")
      ->expected(0, 1)
      ->default_str("plan")
      ->check(CLI::IsMember({"plan", "analyze"}));
  build->add_option("--lane", lane, "engine (default) or kernel (every plan on the kernel lane)")
      ->check(CLI::IsMember({"engine", "kernel"}));
  build->add_option("--max-file-bytes", max_file_bytes, "Skip larger files (status too_large)")
      ->check(CLI::PositiveNumber);
  std::vector<std::string> include_globs, exclude_globs;
  build
      ->add_option("--include", include_globs,
                   "gitignore-style glob of files to analyse, relative to the repository root "
                   "(default **/*.py); repeatable, replaces the default")
      ->allow_extra_args(false);
  build
      ->add_option("--exclude", exclude_globs,
                   "gitignore-style glob of files or directories to leave out; repeatable")
      ->allow_extra_args(false);
  bool no_gitignore = false, follow_symlinks = false;
  build->add_flag("--no-gitignore", no_gitignore,
                  "Do not honour .gitignore files and .git/info/exclude");
  build->add_flag("--follow-symlinks", follow_symlinks,
                  "Follow symbolic links (never outside the repository root)");
  build->add_flag("--emit-evidence", emit_evidence,
                  "Also write every evidence table to OUT/evidence/");
  build
      ->add_option("--skip-layer", skip_layers,
                   "Do not extract this evidence layer (its tables stay empty); repeatable")
      ->check(CLI::IsMember({"cst", "python", "symtable", "bytecode", "scip"}));
  bool ast = false;
  build->add_flag("--ast", ast, "Also extract CPython's ast (ast_nodes, ast_edges)");
  bool scip = false;
  std::string scip_index;
  double scip_timeout = 3600;
  auto* scip_flag = build->add_flag(
      "--scip", scip,
      "Also run scip-python (npm, installed into third_party/ on first use; ~0.1 s per file) and "
      "load its index into the scip_* tables");
  build
      ->add_option("--scip-index", scip_index,
                   "Load this existing index.scip (from scip-python) into the scip_* tables")
      ->excludes(scip_flag);
  build->add_option("--scip-timeout", scip_timeout, "Stop scip-python after SECONDS (default 3600)")
      ->check(CLI::PositiveNumber);
  build->add_flag("-q,--quiet", quiet, "No progress display and no summary");

  // query
  auto* query = app.add_subcommand("query", "Run DuckDB SQL over an output directory");
  std::string query_out, sql, format = "table";
  query->add_option("out", query_out, "An output directory of `codeanatomy build`")->required();
  query
      ->add_option(
          "sql", sql,
          "SQL; cpg_nodes, cpg_edges, cpg_props, diagnostics and every evidence table are views")
      ->required();
  query->add_option("--format", format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));

  // callgraph
  auto* callgraph = app.add_subcommand("callgraph", "Print the call graph of an output directory");
  std::string callgraph_out, callgraph_format = "pycg";
  callgraph->add_option("out", callgraph_out, "An output directory of `codeanatomy build`")
      ->required();
  callgraph
      ->add_option("--format", callgraph_format,
                   "pycg (caller -> callees JSON), json (one record per call site) or dot")
      ->check(CLI::IsMember({"pycg", "json", "dot"}));

  // show
  auto* show = app.add_subcommand("show", "Show what a rule is and how it ran");
  std::string show_out, show_rule;
  bool show_plan = false, show_sql = false, show_explain = false;
  show->add_option("out", show_out, "An output directory of `codeanatomy build`")->required();
  show->add_option("--rule", show_rule, "The rule's name")->required();
  auto* g = show->add_option_group("what", "What to show (one of)");
  g->add_flag("--plan", show_plan, "The rule's plan, as IR");
  g->add_flag("--sql", show_sql, "The SQL the plan lowers to");
  g->add_flag("--explain", show_explain, "How it ran: lane, rows, time, EXPLAIN, fallback");
  g->require_option(1);

  // rules
  auto* rules_cmd = app.add_subcommand("rules", "List every rule with its inputs, output and lane");
  bool audit = false;
  rules_cmd->add_flag("--audit", audit,
                      "Exit 1 if any rule needs the kernel lane under the default profile");

  // schema
  auto* schema_cmd = app.add_subcommand("schema", "Print the graph schema (kinds, props, tables)");
  bool markdown = false;
  schema_cmd->add_flag("--markdown", markdown, "As Markdown (the source of docs/schema.md)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::fprintf(stderr, "codeanatomy: error: %s (see --help)\n", e.what());
    return 2;
  }

  if (*schema_cmd) {
    std::fputs(schema::RenderSchemaMarkdown().c_str(), stdout);
    return 0;
  }
  if (*query) {
    auto result = read::QueryOutput(query_out, sql);
    if (!result.ok()) return Fail(result.status());
    PrintQuery(*result, format);
    return 0;
  }
  if (*callgraph) {
    auto text = read::ExportCallgraph(callgraph_out,
                                      callgraph_format == "json"  ? read::CallgraphFormat::kJson
                                      : callgraph_format == "dot" ? read::CallgraphFormat::kDot
                                                                  : read::CallgraphFormat::kPycg);
    if (!text.ok()) return Fail(text.status());
    std::fputs(text->c_str(), stdout);
    return 0;
  }
  if (*show) {
    auto text = read::ShowRule(show_out, show_rule,
                               show_plan  ? read::ShowWhat::kPlan
                               : show_sql ? read::ShowWhat::kSql
                                          : read::ShowWhat::kExplain);
    if (!text.ok()) return Fail(text.status());
    std::fputs(text->c_str(), stdout);
    return 0;
  }
  if (*rules_cmd) {
    auto entries = orchestrate::AuditRules();
    if (!entries.ok()) return Fail(entries.status());
    int kernel_only = 0;
    for (const auto& e : *entries) {
      std::string inputs;
      for (const auto& i : e.inputs) inputs += (inputs.empty() ? "" : ", ") + i;
      fmt::print("{:<40} {:<8} lane={:<6} {} -> {}{}\n", e.name, e.kind, e.lane, inputs, e.output,
                 e.contract.empty() ? "" : " [contract " + e.contract + "]");
      if (e.lane != "engine") {
        fmt::print("    needs the kernel lane: {}\n", e.reason);
        ++kernel_only;
      }
    }
    fmt::print("{} rules and gates, {} need the kernel lane\n", entries->size(), kernel_only);
    return audit && kernel_only > 0 ? 1 : 0;
  }

  auto profile = engine::ProfileByName(profile_name);
  if (!profile.ok()) return Fail(profile.status());
  if (threads > 0) profile->threads = threads;
  if (strict) profile->policy = engine::FallbackPolicy::kStrict;
  if (build->count("--explain") > 0) {
    profile->explain =
        explain == "analyze" ? engine::ExplainMode::kAnalyze : engine::ExplainMode::kPlan;
  }
  if (lane == "kernel") profile->lane = engine::Lane::kKernel;

  orchestrate::BuildOptions options;
  options.repo = repo;
  options.out = out;
  options.profile = *profile;
  options.max_file_bytes = max_file_bytes;
  options.outputs = outputs;
  options.include_globs = include_globs;
  options.exclude_globs = exclude_globs;
  options.use_gitignore = !no_gitignore;
  options.follow_symlinks = follow_symlinks;
  options.emit_evidence = emit_evidence;
  options.skipped_layers = {skip_layers.begin(), skip_layers.end()};
  options.python_ast = ast;
  options.scip = scip;
  options.scip_index = scip_index;
  options.scip_timeout_seconds = scip_timeout;
  ProgressDisplay display(!quiet && isatty(STDERR_FILENO) && isatty(STDOUT_FILENO));
  auto summary =
      orchestrate::RunBuild(options, [&](const orchestrate::Progress& p) { display.Update(p); });
  display.Clear();
  if (!summary.ok()) return Fail(summary.status());
  if (!quiet) PrintSummary(*summary);
  return 0;
}

}  // namespace
}  // namespace codeanatomy::cli

int main(int argc, char** argv) {
  // A python-layer worker process (extract/python): handled before any flag parsing.
  if (argc >= 2 && argv[1] == codeanatomy::extract::python::kWorkerArgument) {
    return codeanatomy::extract::python::WorkerMain(argc, argv);
  }
  return codeanatomy::cli::Main(argc, argv);
}
