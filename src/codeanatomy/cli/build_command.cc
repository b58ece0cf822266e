// `codeanatomy build REPO -o OUT [...]`: the build, its progress display and its summary.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "codeanatomy/cli/command.h"
#include "codeanatomy/orchestrate/build.h"
#include "codeanatomy/schema/layers.h"

namespace codeanatomy::cli {
namespace {

//! A one-line progress display on stderr, redrawn in place; only on a terminal.
class ProgressDisplay {
 public:
  explicit ProgressDisplay(bool enabled) : enabled_(enabled), start_(Clock::now()) {}
  ~ProgressDisplay() { Clear(); }

  void Update(const orchestrate::Progress& p) {
    if (!enabled_) return;
    std::lock_guard<std::mutex> lock(mu_);
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    // Tasks differ in cost by orders of magnitude: no time-left estimate rather than a wrong one.
    std::string line =
        fmt::format("codeanatomy: [{}/{}] {}  {:.1f}s", p.done, p.total, p.stage, elapsed);
    if (line.size() < width_) line += std::string(width_ - line.size(), ' ');  // over the last
    // Never as wide as the terminal: a wrapped line cannot be redrawn in place.
    if (winsize ws{};
        ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1 && line.size() >= ws.ws_col) {
      line.resize(ws.ws_col - 1);
    }
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
    // "calls 629 of 938 (67%)": how many of each kind of site got a target.
    auto ratio = [&](const char* what, const char* resolved, const char* all) {
      const int64_t n = m(resolved), d = m(all);
      return d == 0 ? fmt::format("{} 0 of 0", what)
                    : fmt::format("{} {} of {} ({:.0f}%)", what, n, d, 100.0 * n / d);
    };
    fmt::print("\n  resolved: {}, {}, {}, {}", ratio("calls", "call_sites_resolved", "call_sites"),
               ratio("decorators", "decorator_sites_resolved", "decorator_sites"),
               ratio("protocol sites", "protocol_sites_resolved", "protocol_sites"),
               ratio("name loads", "name_loads_resolved", "name_loads"));
    fmt::print("\n  CPython's symtable agrees with the name bindings: {}",
               ratio("", "symtable_agree", "symtable_checked").substr(1));
  }
  if (!s.error_files.empty()) {
    // The files behind the error diagnostics, most first (at most five named).
    std::vector<std::pair<int64_t, std::string>> files;
    for (const auto& [path, n] : s.error_files) files.emplace_back(-n, path);
    std::sort(files.begin(), files.end());
    fmt::print("\n  errors in:");
    for (size_t i = 0; i < files.size() && i < 5; ++i) {
      fmt::print("{} {} ({})", i ? "," : "",
                 files[i].second.empty() ? "(no file)" : files[i].second, -files[i].first);
    }
    if (files.size() > 5) fmt::print(" and {} more files", files.size() - 5);
    fmt::print(
        "; see them with: codeanatomy query {} \"SELECT path, code, message FROM "
        "diagnostics WHERE severity = 'error'\"",
        s.out.string());
  }
  if (s.reuse_refused.empty()) {
    fmt::print("\n  evidence: {} files reused from the cache, {} extracted", s.files_reused,
               s.files_extracted);
  } else {
    fmt::print("\n  evidence: every file extracted (cache not used: {}; see manifest.json reuse)",
               s.reuse_refused);
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
  fmt::print(
      "\n  memory: peak {} (workers {}), limit {}{}, spilled {}",
      engine::HumanBytes(s.memory.peak_rss_bytes),
      engine::HumanBytes(s.memory.peak_worker_rss_bytes), engine::HumanBytes(s.memory.limit_bytes),
      s.memory.limit == "default" ? " (default)" : "", engine::HumanBytes(s.memory.spilled_bytes));
  fmt::print("\n  output: {}\n", s.out.string());
}

//! The layers --skip-layer accepts (layers.def).
std::vector<std::string> SkippableLayers() {
  std::vector<std::string> names;
  for (const auto& l : schema::AllLayers()) {
    if (l.skippable) names.emplace_back(l.name);
  }
  return names;
}

}  // namespace

Command AddBuildCommand(CLI::App& app) {
  struct Flags {
    std::string repo, out, profile_name = "default", explain, lane, memory_limit;
    int threads = 0;
    int python_workers = 0;
    std::vector<std::string> source_roots, models;
    bool strict = false, quiet = false, emit_evidence = false;
    int64_t max_file_bytes = 16 * 1024 * 1024;
    std::vector<std::string> outputs, skip_layers;
    std::vector<std::string> include_globs, exclude_globs;
    bool no_gitignore = false, follow_symlinks = false;
    bool ast = false;
    bool full = false;
    bool scip = false;
    std::string scip_index;
    double scip_timeout = 3600;
  };
  auto f = std::make_shared<Flags>();
  auto* build = app.add_subcommand("build", "Analyse a repository and write its graph to OUT");
  build->add_option("repo", f->repo, "Root directory of the Python repository")->required();
  build->add_option("-o,--out", f->out, "Output directory (replaced atomically)")->required();
  build
      ->add_option(
          "--outputs", f->outputs,
          fmt::format("Outputs to produce, comma-separated, from: {} (evidence: every evidence "
                      "table, derived: every rule's output table; default: {}); only what they "
                      "need runs",
                      fmt::join(orchestrate::KnownOutputs(), ", "),
                      fmt::join(orchestrate::DefaultOutputs(), ", ")))
      ->delimiter(',');
  build->add_option("--profile", f->profile_name,
                    "Runtime profile: default, deterministic, debug, strict");
  build->add_option("--threads", f->threads, "Threads (default: the profile's, usually all cores)")
      ->check(IntegerIn(1, 1024, ""));
  build
      ->add_option("--python-workers", f->python_workers,
                   "CPython worker processes (default: --threads, at most one per core)")
      ->check(IntegerIn(1, 1024, ""));
  build
      ->add_option("--memory-limit", f->memory_limit,
                   "Memory the engine may use, e.g. 2GB, 500MB, 1.5GiB; beyond it, it spills to "
                   "disk inside the staging directory (default: 80% of the machine's memory, "
                   "or half of ulimit -v when that is less)")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            auto bytes = engine::ParseMemorySize(text);
            return bytes.ok() ? "" : bytes.status().message();
          },
          "SIZE"));
  build->add_flag("--strict", f->strict, "Fail when a plan cannot run on the engine lane");
  build->add_option("--explain", f->explain, "Record EXPLAIN for every plan: plan or analyze")
      ->expected(0, 1)
      ->default_str("plan")
      ->check(CLI::IsMember({"plan", "analyze"}));
  build->add_option("--lane", f->lane, "engine (default) or kernel (every plan on the kernel lane)")
      ->check(CLI::IsMember({"engine", "kernel"}));
  build->add_option("--max-file-bytes", f->max_file_bytes, "Skip larger files (status too_large)")
      ->check(IntegerIn(1, 4294967295, " (4 GiB - 1: tree-sitter's offsets are 32-bit)"));
  build
      ->add_option("--include", f->include_globs,
                   "gitignore-style glob of files to analyse, relative to the repository root "
                   "(default **/*.py); repeatable, replaces the default")
      ->allow_extra_args(false);
  build
      ->add_option("--exclude", f->exclude_globs,
                   "gitignore-style glob of files or directories to leave out; repeatable")
      ->allow_extra_args(false);
  build
      ->add_option("--model", f->models,
                   "A taint model file (the format of the shipped models, see README: Taint "
                   "flows) added to the shipped ones; repeatable")
      ->allow_extra_args(false);
  build
      ->add_option("--source-root", f->source_roots,
                   "A directory (relative to the repository) where Python would import modules "
                   "from, e.g. src; repeatable. Default: detected from the layout (src/, a package "
                   "directory) and literal package_dir settings in setup.cfg, pyproject.toml, "
                   "setup.py")
      ->allow_extra_args(false);
  build->add_flag("--no-gitignore", f->no_gitignore,
                  "Do not honour .gitignore files and .git/info/exclude");
  build->add_flag("--follow-symlinks", f->follow_symlinks,
                  "Follow symbolic links (never outside the repository root)");
  build->add_flag("--emit-evidence", f->emit_evidence,
                  "Also write every evidence table to OUT/evidence/");
  build
      ->add_option("--skip-layer", f->skip_layers,
                   "Do not extract this evidence layer (its tables stay empty); repeatable")
      ->check(CLI::IsMember(SkippableLayers()));
  build->add_flag(
      "--full", f->full,
      "Extract every file: do not reuse the evidence cached in OUT by an earlier build");
  build->add_flag("--ast", f->ast, "Also extract CPython's ast (ast_nodes, ast_edges)");
  auto* scip_flag = build->add_flag(
      "--scip", f->scip,
      "Also run scip-python (npm, installed into third_party/ on first use; ~0.1 s per file) and "
      "load its index into the scip_* tables");
  build
      ->add_option("--scip-index", f->scip_index,
                   "Load this existing index.scip (from scip-python) into the scip_* tables")
      ->excludes(scip_flag);
  build
      ->add_option("--scip-timeout", f->scip_timeout,
                   "Stop scip-python after SECONDS (default 3600)")
      ->check(NumberIn(1, 604800, " seconds (a week)"));
  build->add_flag("-q,--quiet", f->quiet, "No progress display and no summary");

  return {build, [f, build] {
            auto profile = engine::ProfileByName(f->profile_name);
            if (!profile.ok()) return Fail(profile.status());
            if (f->threads > 0) profile->threads = f->threads;
            if (f->strict) profile->policy = engine::FallbackPolicy::kStrict;
            if (build->count("--explain") > 0) {
              profile->explain = f->explain == "analyze" ? engine::ExplainMode::kAnalyze
                                                         : engine::ExplainMode::kPlan;
            }
            if (f->lane == "kernel") profile->lane = engine::Lane::kKernel;

            orchestrate::BuildOptions options;
            options.repo = f->repo;
            options.out = f->out;
            options.profile = *profile;
            options.memory_limit = f->memory_limit;
            options.max_file_bytes = f->max_file_bytes;
            options.outputs = f->outputs;
            options.include_globs = f->include_globs;
            options.exclude_globs = f->exclude_globs;
            options.use_gitignore = !f->no_gitignore;
            options.follow_symlinks = f->follow_symlinks;
            options.source_roots = f->source_roots;
            for (const auto& m : f->models) options.taint_model_files.emplace_back(m);
            options.emit_evidence = f->emit_evidence;
            options.skipped_layers = {f->skip_layers.begin(), f->skip_layers.end()};
            options.python_ast = f->ast;
            options.full = f->full;
            options.python_workers = f->python_workers;
            options.scip = f->scip;
            options.scip_index = f->scip_index;
            options.scip_timeout_seconds = f->scip_timeout;
            ProgressDisplay display(!f->quiet && isatty(STDERR_FILENO) && isatty(STDOUT_FILENO));
            auto summary = orchestrate::RunBuild(
                options, [&](const orchestrate::Progress& p) { display.Update(p); });
            display.Clear();
            if (!summary.ok()) return Fail(summary.status());
            if (!f->quiet) PrintSummary(*summary);
            return 0;
          }};
}

}  // namespace codeanatomy::cli
