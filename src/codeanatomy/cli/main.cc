// codeanatomy — the command line. The only translation unit that includes CLI11.
//
// Exit codes: 0 ok; 1 the analysis finished with errors in strict mode; 2 usage or environment
// error (bad flag, missing repository, unwritable output); 3 internal error (a bug — please
// report).
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <unistd.h>

#include "codeanatomy/base/status.h"
#include "codeanatomy/extract/python/python_extractor.h"
#include "codeanatomy/orchestrate/build.h"
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

void PrintSummary(const orchestrate::BuildSummary& s) {
  fmt::print("codeanatomy: built the graph of {} files in {:.2f} s\n", s.files, s.elapsed_seconds);
  fmt::print("  nodes:");
  for (const auto& [k, n] : s.nodes_by_kind) fmt::print(" {} {}", k, n);
  fmt::print("\n  edges:");
  for (const auto& [k, n] : s.edges_by_kind) fmt::print(" {} {}", k, n);
  fmt::print("\n  diagnostics:");
  if (s.diagnostics_by_severity.empty()) fmt::print(" none");
  for (const auto& [k, n] : s.diagnostics_by_severity) fmt::print(" {} {}", k, n);
  fmt::print("\n  slowest rules:");
  for (const auto& [rule, ms] : s.slowest_rules) fmt::print(" {} {:.0f}ms", rule, ms);
  fmt::print("\n  output: {}\n", s.out.string());
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
  bool strict = false;
  int64_t max_file_bytes = 16 * 1024 * 1024;
  build->add_option("repo", repo, "Root directory of the Python repository")->required();
  build->add_option("-o,--out", out, "Output directory (replaced atomically)")->required();
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
  bool emit_evidence = false;
  build->add_flag("--emit-evidence", emit_evidence,
                  "Also write every evidence table to OUT/evidence/");
  std::vector<std::string> skip_layers;
  build
      ->add_option("--skip-layer", skip_layers,
                   "Do not extract this evidence layer (its tables stay empty); repeatable")
      ->check(CLI::IsMember({"cst", "python"}));
  bool ast = false;
  build->add_flag("--ast", ast, "Also extract CPython's ast (ast_nodes, ast_edges; a third parse)");

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
  options.emit_evidence = emit_evidence;
  options.skipped_layers = {skip_layers.begin(), skip_layers.end()};
  options.python_ast = ast;
  auto summary = orchestrate::RunBuild(options);
  if (!summary.ok()) return Fail(summary.status());
  PrintSummary(*summary);
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
