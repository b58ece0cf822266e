// `codeanatomy callgraph OUT [--format pycg|json|dot]`.
#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>

#include "codeanatomy/cli/command.h"
#include "codeanatomy/read/callgraph_export.h"

namespace codeanatomy::cli {

Command AddCallgraphCommand(CLI::App& app) {
  struct Flags {
    std::string out, format = "pycg";
  };
  auto f = std::make_shared<Flags>();
  auto* callgraph = app.add_subcommand("callgraph", "Print the call graph of an output directory");
  callgraph->add_option("out", f->out, "An output directory of `codeanatomy build`")->required();
  callgraph
      ->add_option("--format", f->format,
                   "pycg (caller -> callees JSON), json (one record per call site) or dot")
      ->check(CLI::IsMember({"pycg", "json", "dot"}));
  return {callgraph, [f] {
            auto text =
                read::ExportCallgraph(f->out, f->format == "json"  ? read::CallgraphFormat::kJson
                                              : f->format == "dot" ? read::CallgraphFormat::kDot
                                                                   : read::CallgraphFormat::kPycg);
            if (!text.ok()) return Fail(text.status());
            std::fputs(text->c_str(), stdout);
            return 0;
          }};
}

}  // namespace codeanatomy::cli
