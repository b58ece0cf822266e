// `codeanatomy flows TARGET [--preset NAME]... [--source SPEC]... [--sink SPEC]... [--model
// FILE]...
// [--format table|json|sarif]`: TARGET is an output directory built with the taint_flows output
// (its findings are read), or a repository (the flows are computed on demand: a build of the
// taint_flows output into a temporary directory, removed afterwards).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>

#include <CLI/CLI.hpp>
#include <stdlib.h>

#include "codeanatomy/cli/command.h"
#include "codeanatomy/orchestrate/build.h"
#include "codeanatomy/read/taint_flows.h"
#include "codeanatomy/rules/taint_models.h"
#include "codeanatomy/schema/taint_presets.h"
#include "codeanatomy/version.h"

namespace codeanatomy::cli {
namespace {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

//! A directory under the system's temporary directory, removed with everything in it.
class TempDir {
 public:
  static Result<TempDir> Make() {
    std::string templ = (fs::temp_directory_path() / "codeanatomy-flows-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) {
      return Status::IoError("cannot make a temporary directory in {}",
                             fs::temp_directory_path().string());
    }
    return TempDir(templ);
  }
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  TempDir& operator=(TempDir&&) = delete;
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  explicit TempDir(fs::path path) : path_(std::move(path)) {}
  fs::path path_;
};

struct Flags {
  std::string target, format = "table";
  std::vector<std::string> presets, sources, sinks, models;
  int threads = 0;
};

//! The findings of a repository, computed now: its taint_flows (and the text of its files) built
//! into a temporary directory with the shipped models, the --model files and the specs.
Result<std::string> FlowsOnDemand(const Flags& f, const read::FlowsOptions& options) {
  orchestrate::BuildOptions build;
  build.repo = f.target;
  for (const auto& m : f.models) build.taint_model_files.emplace_back(m);
  for (const auto& s : f.sources) {
    CA_ASSIGN_OR_RETURN(rules::TaintModel m, rules::ParseTaintSpec("source", s));
    build.taint_models.push_back(std::move(m));
  }
  for (const auto& s : f.sinks) {
    CA_ASSIGN_OR_RETURN(rules::TaintModel m, rules::ParseTaintSpec("sink", s));
    build.taint_models.push_back(std::move(m));
  }
  CA_ASSIGN_OR_RETURN(build.profile, engine::ProfileByName("default"));
  if (f.threads > 0) build.profile.threads = f.threads;
  build.outputs = {"taint_flows", "file_text"};
  CA_ASSIGN_OR_RETURN(TempDir tmp, TempDir::Make());
  build.out = tmp.path() / "out";
  CA_RETURN_IF_ERROR(orchestrate::RunBuild(build, nullptr).status());
  return read::ExportFlows(build.out, options);
}

}  // namespace

Command AddFlowsCommand(CLI::App& app) {
  auto f = std::make_shared<Flags>();
  auto* flows = app.add_subcommand(
      "flows",
      "Print the taint flows of an output directory built with --outputs taint_flows, or compute "
      "those of a repository");
  flows
      ->add_option("target", f->target,
                   "An output directory of `codeanatomy build`, or a repository (its flows are "
                   "computed now, with no output left behind)")
      ->required();
  std::string presets;
  for (const auto& p : schema::TaintPresets()) {
    presets += (presets.empty() ? "" : ", ") + std::string(p.id);
  }
  flows->add_option(
      "--preset", f->presets,
      "Keep the findings of this preset (" + presets + "); repeatable; default: every preset");
  flows->add_option("--source", f->sources,
                    "Only flows from this source (a repository only): a dotted name as in a model "
                    "file, `pkg.mod.attr` or `pkg.mod.f()` (a call's result); repeatable");
  flows->add_option("--sink", f->sinks,
                    "Only flows into this sink (a repository only; preset custom): "
                    "`NAME[:ARGS]`, a callee's dotted name and the arguments it reads "
                    "(`0|cmd`, default every argument); repeatable");
  flows->add_option("--model", f->models,
                    "A taint model file added to the shipped ones (a repository only; the format "
                    "of `build --model`); repeatable");
  flows->add_option("--threads", f->threads, "Threads of the build of a repository")
      ->check(IntegerIn(1, 1024, "threads"));
  flows
      ->add_option("--format", f->format,
                   "table (one block per finding, shortest path first), json or sarif (SARIF "
                   "2.1.0, for code scanning)")
      ->check(CLI::IsMember({"table", "json", "sarif"}));
  return {flows, [f] {
            read::FlowsOptions options;
            options.presets = f->presets;
            options.sources = f->sources;
            // A --sink is filed under the preset custom: asked for, it is what is shown (with
            // the presets named too).
            if (!f->sinks.empty() && std::find(options.presets.begin(), options.presets.end(),
                                               "custom") == options.presets.end()) {
              options.presets.emplace_back("custom");
            }
            options.format = f->format == "json"    ? read::FlowsFormat::kJson
                             : f->format == "sarif" ? read::FlowsFormat::kSarif
                                                    : read::FlowsFormat::kTable;
            options.tool_version = CA_VERSION;
            std::error_code ec;
            const bool is_output = fs::exists(fs::path(f->target) / "manifest.json", ec);
            const bool is_dir = fs::is_directory(f->target, ec);
            if ((is_output || !is_dir) &&
                (!f->sources.empty() || !f->sinks.empty() || !f->models.empty())) {
              return Fail(Status::InvalidArgument(
                  "--source, --sink and --model need a repository, not an output directory: "
                  "`codeanatomy flows REPO --sink ...` computes its flows now"));
            }
            Result<std::string> text = is_output || !is_dir ? read::ExportFlows(f->target, options)
                                                            : FlowsOnDemand(*f, options);
            if (!text.ok()) return Fail(text.status());
            std::fputs(text->c_str(), stdout);
            return 0;
          }};
}

}  // namespace codeanatomy::cli
