// `codeanatomy callgraph OUT [--from NAME]... [--to NAME]... [--depth N] [--no-builtins]
// [--no-external] [--cluster none|module] [--format pycg|json|dot|svg|html]`.
#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>

#include "codeanatomy/cli/command.h"
#include "codeanatomy/read/callgraph_export.h"

namespace codeanatomy::cli {

Command AddCallgraphCommand(CLI::App& app) {
  struct Flags {
    std::string out, format = "pycg", cluster = "none";
    std::vector<std::string> from, to;
    int depth = 0;
    bool no_builtins = false, no_external = false;
  };
  auto f = std::make_shared<Flags>();
  auto* callgraph = app.add_subcommand(
      "callgraph", "Print the call graph of an output directory, or the part around a function");
  callgraph->add_option("out", f->out, "An output directory of `codeanatomy build`")->required();
  callgraph
      ->add_option("--format", f->format,
                   "pycg (caller -> callees JSON), json (one record per call site), dot, svg "
                   "(rendered by Graphviz's dot) or html (one self-contained searchable page)")
      ->check(CLI::IsMember({"pycg", "json", "dot", "svg", "html"}));
  callgraph->add_option("--from", f->from,
                        "Keep what NAME calls, transitively (a dotted name such as "
                        "pkg.mod.Class.method, or a unique end of one: Class.method); repeatable");
  callgraph->add_option("--to", f->to,
                        "Keep what calls NAME, transitively; with --from, the paths between them; "
                        "repeatable");
  auto* depth = callgraph->add_option("--depth", f->depth,
                                      "At most N calls away from --from / --to (1 to " +
                                          std::to_string(read::kMaxCallgraphDepth) +
                                          "; default: any distance)");
  callgraph->add_flag("--no-builtins", f->no_builtins, "Leave out calls of builtins");
  callgraph->add_flag("--no-external", f->no_external,
                      "Leave out calls of names outside the analysed code (unresolved imports)");
  callgraph->add_option("--cluster", f->cluster, "none (default) or module: one box per module")
      ->check(CLI::IsMember({"none", "module"}));
  return {callgraph, [f, depth] {
            read::CallgraphOptions options;
            options.format = f->format == "json"   ? read::CallgraphFormat::kJson
                             : f->format == "dot"  ? read::CallgraphFormat::kDot
                             : f->format == "svg"  ? read::CallgraphFormat::kSvg
                             : f->format == "html" ? read::CallgraphFormat::kHtml
                                                   : read::CallgraphFormat::kPycg;
            options.from = f->from;
            options.to = f->to;
            if (depth->count() > 0) options.depth = f->depth;
            options.no_builtins = f->no_builtins;
            options.no_external = f->no_external;
            options.cluster_modules = f->cluster == "module";
            auto text = read::ExportCallgraph(f->out, options);
            if (!text.ok()) return Fail(text.status());
            std::fputs(text->c_str(), stdout);
            return 0;
          }};
}

}  // namespace codeanatomy::cli
