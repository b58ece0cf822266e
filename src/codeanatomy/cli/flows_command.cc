// `codeanatomy flows OUT [--preset NAME]... [--format table|json|sarif]`.
#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>

#include "codeanatomy/cli/command.h"
#include "codeanatomy/read/taint_flows.h"
#include "codeanatomy/schema/taint_presets.h"
#include "codeanatomy/version.h"

namespace codeanatomy::cli {

Command AddFlowsCommand(CLI::App& app) {
  struct Flags {
    std::string out, format = "table";
    std::vector<std::string> presets;
  };
  auto f = std::make_shared<Flags>();
  auto* flows = app.add_subcommand(
      "flows", "Print the taint flows of an output directory built with --outputs taint_flows");
  flows->add_option("out", f->out, "An output directory of `codeanatomy build`")->required();
  std::string presets;
  for (const auto& p : schema::TaintPresets()) {
    presets += (presets.empty() ? "" : ", ") + std::string(p.id);
  }
  flows->add_option(
      "--preset", f->presets,
      "Keep the findings of this preset (" + presets + "); repeatable; default: every preset");
  flows
      ->add_option("--format", f->format,
                   "table (one block per finding, shortest path first), json or sarif (SARIF "
                   "2.1.0, for code scanning)")
      ->check(CLI::IsMember({"table", "json", "sarif"}));
  return {flows, [f] {
            read::FlowsOptions options;
            options.presets = f->presets;
            options.format = f->format == "json"    ? read::FlowsFormat::kJson
                             : f->format == "sarif" ? read::FlowsFormat::kSarif
                                                    : read::FlowsFormat::kTable;
            options.tool_version = CA_VERSION;
            auto text = read::ExportFlows(f->out, options);
            if (!text.ok()) return Fail(text.status());
            std::fputs(text->c_str(), stdout);
            return 0;
          }};
}

}  // namespace codeanatomy::cli
