// codeanatomy/read/callgraph_export.h
//
// `codeanatomy callgraph OUT`: the call graph of a finished build (OUT/callgraph.parquet, written
// by the `callgraph` output) in the formats call-graph tools read, and as pictures a person can
// read. Names are dotted: the module path relative to the analysed root (pkg/__init__.py is `pkg`),
// then the lexical path (`mod.Class.method`, `mod.outer.<lambda1>`); builtins are `<builtin>.name`;
// unresolved imported names keep their import path (`requests.get`).
//
// A part of the graph: --from NAME keeps what NAME calls (transitively, at most --depth calls
// away),
// --to NAME what calls NAME; both keep the paths between them. --no-builtins and --no-external drop
// those callees first. Every format shows the same part.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"

namespace codeanatomy::read {

enum class CallgraphFormat : unsigned char {
  //! PyCG's adjacency: {"caller": ["callee", …]}, every module / function / method / lambda a key,
  //! callees sorted and distinct.
  kPycg,
  //! {"nodes": [every caller key], "edges": [one record per call site and callee: caller, callee,
  //! path, line, col (1-based, col in bytes), call_kind, callee_kind, resolution_method, score]}.
  kJson,
  //! Graphviz: one node per caller key, dashed boxes for builtins and external callees, one edge
  //! per distinct (caller, callee); the --from / --to names filled.
  kDot,
  //! The dot graph rendered by Graphviz's `dot` (which must be on PATH).
  kSvg,
  //! One self-contained HTML page: the SVG, a search box that highlights the nodes whose name
  //! contains the text (also from the URL: `page.html#search=TEXT`).
  kHtml,
};

//! The deepest --depth accepted.
inline constexpr int kMaxCallgraphDepth = 50;

struct CallgraphOptions {
  CallgraphFormat format = CallgraphFormat::kPycg;
  //! Names (exact, or a unique dotted suffix such as `Session.request`) to start from / end at.
  std::vector<std::string> from, to;
  //! At most this many calls away from --from / --to (1..kMaxCallgraphDepth); unset: any distance.
  std::optional<int> depth;
  bool no_builtins = false;
  bool no_external = false;
  //! dot, svg, html: one box (a Graphviz cluster) per module, nodes labelled within it.
  bool cluster_modules = false;
};

//! The text of the call graph of output directory `out` (deterministic: sorted).
base::Result<std::string> ExportCallgraph(const std::filesystem::path& out,
                                          const CallgraphOptions& options);
inline base::Result<std::string> ExportCallgraph(const std::filesystem::path& out,
                                                 CallgraphFormat format) {
  CallgraphOptions options;
  options.format = format;
  return ExportCallgraph(out, options);
}

}  // namespace codeanatomy::read
