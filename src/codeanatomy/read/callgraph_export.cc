#include "codeanatomy/read/callgraph_export.h"

#include <cstdlib>
#include <deque>
#include <map>
#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/extract/scip/subprocess.h"
#include "codeanatomy/read/output_reader.h"

namespace codeanatomy::read {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

namespace {

//! A DOT identifier: double-quoted, with quotes and backslashes escaped.
std::string DotId(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

enum class NodeKind : unsigned char { kLocal, kBuiltin, kExternal };

//! The call graph as read from callgraph.parquet: the rows (one per site and callee, sorted), the
//! adjacency, and what each name is.
struct Graph {
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::map<std::string, std::set<std::string>> callees;  // every caller key
  std::map<std::string, std::set<std::string>> callers;
  std::map<std::string, NodeKind> kinds;  // every node
  std::set<std::string> modules;

  bool Keep(const std::string& name, const CallgraphOptions& o) const {
    auto it = kinds.find(name);
    if (it == kinds.end()) return false;
    if (o.no_builtins && it->second == NodeKind::kBuiltin) return false;
    if (o.no_external && it->second == NodeKind::kExternal) return false;
    return true;
  }
  //! The module a name belongs to: its longest dotted prefix that is a module ("" for none).
  std::string ModuleOf(const std::string& name) const {
    std::string prefix = name;
    while (!modules.count(prefix)) {
      const size_t dot = prefix.rfind('.');
      if (dot == std::string::npos) return "";
      prefix.resize(dot);
    }
    return prefix;
  }
};

Result<Graph> ReadGraph(OutputReader& reader) {
  Graph g;
  CA_ASSIGN_OR_RETURN(
      QueryResult rows,
      reader.Query("SELECT caller, callee, path, CAST(line AS VARCHAR), CAST(col AS VARCHAR), "
                   "call_kind, callee_kind, resolution_method, CAST(score AS VARCHAR) FROM "
                   "callgraph ORDER BY caller, path NULLS FIRST, line, col, callee, call_kind"));
  g.rows = std::move(rows.rows);
  for (const auto& r : g.rows) {
    const std::string caller = r[0].value_or("");
    g.callees[caller];
    g.kinds[caller] = NodeKind::kLocal;
  }
  for (const auto& r : g.rows) {
    if (!r[1]) continue;
    const std::string& callee = *r[1];
    g.callees[r[0].value_or("")].insert(callee);
    g.callers[callee].insert(r[0].value_or(""));
    if (g.callees.count(callee)) continue;  // a function of the repository
    const std::string kind = r[6].value_or("");
    g.kinds.emplace(callee, kind == "builtin"    ? NodeKind::kBuiltin
                            : kind == "external" ? NodeKind::kExternal
                                                 : NodeKind::kLocal);
  }
  // The modules, for --cluster module: the build's module names when its graph was written.
  if (auto modules = reader.Query("SELECT DISTINCT name FROM modules WHERE name IS NOT NULL");
      modules.ok()) {
    for (const auto& r : modules->rows) g.modules.insert(*r[0]);
  }
  return g;
}

//! The node `query` names: itself, else the one node whose name ends with `.query`.
Result<std::string> ResolveName(const Graph& g, const std::string& query, const char* flag) {
  if (g.kinds.count(query)) return query;
  std::vector<std::string> found;
  const std::string suffix = "." + query;
  for (const auto& [name, kind] : g.kinds) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) found.push_back(name);
  }
  if (found.size() == 1) return found[0];
  if (found.empty()) {
    return Status::InvalidArgument(
        "{} '{}': no function, method, lambda or module of the call graph has that name or ends "
        "with it (names are dotted from the analysed root, e.g. 'pkg.mod.Class.method'; list them "
        "with: codeanatomy query OUT \"SELECT qualified_name FROM functions\")",
        flag, query);
  }
  std::string some;
  for (size_t i = 0; i < found.size() && i < 5; ++i) some += (i ? ", " : "") + found[i];
  return Status::InvalidArgument(
      "{} '{}' is ambiguous: {} names end with it ({}{}); give more of it", flag, query,
      found.size(), some, found.size() > 5 ? ", …" : "");
}

//! Breadth-first from `roots` along `next`, at most `depth` steps (unset: any), over kept nodes.
std::set<std::string> Reach(const Graph& g, const std::vector<std::string>& roots,
                            const std::map<std::string, std::set<std::string>>& next,
                            std::optional<int> depth, const CallgraphOptions& o) {
  std::set<std::string> seen(roots.begin(), roots.end());
  std::deque<std::pair<std::string, int>> queue;
  for (const auto& r : roots) queue.emplace_back(r, 0);
  while (!queue.empty()) {
    auto [name, d] = queue.front();
    queue.pop_front();
    if (depth && d >= *depth) continue;
    auto it = next.find(name);
    if (it == next.end()) continue;
    for (const auto& n : it->second) {
      if (g.Keep(n, o) && seen.insert(n).second) queue.emplace_back(n, d + 1);
    }
  }
  return seen;
}

//! The selected part of the graph: nodes, and the adjacency among them.
struct Selection {
  std::set<std::string> nodes;
  std::set<std::string> roots;                           // the --from / --to nodes
  std::map<std::string, std::set<std::string>> callees;  // every selected caller key
  bool Has(const std::string& name) const { return nodes.count(name) > 0; }
};

Result<Selection> Select(const Graph& g, const CallgraphOptions& o) {
  Selection s;
  std::vector<std::string> from, to;
  for (const auto& q : o.from) {
    CA_ASSIGN_OR_RETURN(std::string name, ResolveName(g, q, "--from"));
    from.push_back(name);
  }
  for (const auto& q : o.to) {
    CA_ASSIGN_OR_RETURN(std::string name, ResolveName(g, q, "--to"));
    to.push_back(name);
  }
  s.roots.insert(from.begin(), from.end());
  s.roots.insert(to.begin(), to.end());
  if (from.empty() && to.empty()) {
    for (const auto& [name, kind] : g.kinds) {
      if (g.Keep(name, o)) s.nodes.insert(name);
    }
  } else if (to.empty()) {
    s.nodes = Reach(g, from, g.callees, o.depth, o);
  } else if (from.empty()) {
    s.nodes = Reach(g, to, g.callers, o.depth, o);
  } else {
    const auto down = Reach(g, from, g.callees, o.depth, o);
    const auto up = Reach(g, to, g.callers, o.depth, o);
    for (const auto& n : down) {
      if (up.count(n)) s.nodes.insert(n);
    }
  }
  for (const auto& [caller, callees] : g.callees) {
    if (!s.Has(caller)) continue;
    auto& kept = s.callees[caller];
    for (const auto& c : callees) {
      if (s.Has(c)) kept.insert(c);
    }
  }
  return s;
}

std::string Dot(const Graph& g, const Selection& s, const CallgraphOptions& o) {
  std::string text = "digraph callgraph {\n  rankdir=LR;\n  node [shape=box];\n";
  auto attributes = [&](const std::string& name, const std::string& label) {
    std::vector<std::string> a, style;
    if (!label.empty()) a.push_back("label=" + DotId(label));
    if (s.roots.count(name)) style = {"filled", "bold"};
    if (!s.callees.count(name)) style.emplace_back("dashed");  // a builtin, an external name
    if (style.size() == 1) a.push_back("style=" + style[0]);
    if (style.size() > 1) {
      std::string joined;
      for (const auto& st : style) joined += (joined.empty() ? "" : ",") + st;
      a.push_back("style=" + DotId(joined));
    }
    if (s.roots.count(name)) a.emplace_back("fillcolor=\"#ffe08a\"");
    if (a.empty()) return std::string();
    std::string out = " [";
    for (size_t i = 0; i < a.size(); ++i) out += (i ? ", " : "") + a[i];
    return out + "]";
  };
  if (o.cluster_modules) {
    std::map<std::string, std::vector<std::string>> by_module;
    for (const auto& n : s.nodes)
      by_module[g.kinds.at(n) == NodeKind::kLocal ? g.ModuleOf(n) : ""].push_back(n);
    int cluster = 0;
    for (const auto& [module, names] : by_module) {
      const bool boxed = !module.empty();
      if (boxed) {
        text += fmt::format("  subgraph cluster_{} {{\n    label={};\n    style=rounded;\n",
                            cluster++, DotId(module));
      }
      for (const auto& n : names) {
        std::string label;
        if (boxed) label = n == module ? "(module)" : n.substr(module.size() + 1);
        text += (boxed ? "    " : "  ") + DotId(n) + attributes(n, label) + ";\n";
      }
      if (boxed) text += "  }\n";
    }
  } else {
    for (const auto& n : s.nodes) text += "  " + DotId(n) + attributes(n, "") + ";\n";
  }
  for (const auto& [caller, callees] : s.callees) {
    for (const auto& c : callees) text += "  " + DotId(caller) + " -> " + DotId(c) + ";\n";
  }
  return text + "}\n";
}

//! `dot -Tsvg` of `dot_text`, through files in a private temporary directory.
Result<std::string> RenderSvg(const std::string& dot_text) {
  const char* path_env = std::getenv("PATH");
  auto dot = extract::scip::FindExecutable("dot", path_env ? path_env : "/usr/bin:/bin");
  if (!dot) {
    return Status::FailedPrecondition(
        "--format svg and html need Graphviz's `dot` on PATH (Debian: apt-get install graphviz; "
        "scripts/setup installs it); --format dot prints the graph for rendering elsewhere");
  }
  std::string dir_template = (fs::temp_directory_path() / "codeanatomy-dot-XXXXXX").string();
  if (mkdtemp(dir_template.data()) == nullptr) {
    return Status::IoError("cannot create a temporary directory under '{}'",
                           fs::temp_directory_path().string());
  }
  const fs::path dir = dir_template;
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir};
  CA_RETURN_IF_ERROR(base::WriteFile(dir / "graph.dot", dot_text));
  extract::scip::ProcessSpec spec;
  spec.argv = {dot->string(), "-Tsvg", (dir / "graph.dot").string()};
  spec.env = extract::scip::EnvironmentWithPath(path_env ? path_env : "");
  spec.cwd = dir;
  spec.stdout_path = dir / "graph.svg";
  spec.stderr_path = dir / "stderr.txt";
  spec.timeout_seconds = 600;
  CA_ASSIGN_OR_RETURN(extract::scip::ProcessResult run, extract::scip::RunProcess(spec));
  if (!run.ok()) {
    auto err = base::ReadFile(dir / "stderr.txt");
    return Status::FailedPrecondition(
        "Graphviz's dot failed ({}): {}", run.Describe(),
        extract::scip::TailForMessage(err.ok() ? *err : std::string()));
  }
  return base::ReadFile(dir / "graph.svg");
}

//! Text for HTML element content.
std::string HtmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr const char* kHtmlHead = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ margin: 0; font: 14px system-ui, sans-serif; }}
header {{ position: sticky; top: 0; background: #f6f6f6; border-bottom: 1px solid #ccc;
  padding: 6px 10px; display: flex; gap: 10px; align-items: center; z-index: 1; }}
#q {{ width: 28em; padding: 3px 6px; font: inherit; }}
#graph {{ padding: 10px; }}
#graph svg {{ max-width: none; height: auto; }}
svg.searching g.node {{ opacity: 0.25; }}
svg.searching g.node.match {{ opacity: 1; }}
g.node.match polygon, g.node.match ellipse, g.node.match path {{ stroke: #d00; stroke-width: 3; }}
</style>
</head>
<body>
<header><strong>{title}</strong>
<input id="q" type="search" placeholder="Search a function, method or module (part of its name)"
 autofocus>
<span id="count"></span></header>
<div id="graph">
)html";

constexpr const char* kHtmlTail = R"html(</div>
<script>
(function () {
  const svg = document.querySelector('#graph svg');
  const nodes = Array.from(svg.querySelectorAll('g.node'));
  const q = document.getElementById('q');
  const count = document.getElementById('count');
  function search(text) {
    const t = text.trim().toLowerCase();
    let first = null, n = 0;
    for (const g of nodes) {
      const name = g.querySelector('title').textContent;
      const hit = t !== '' && name.toLowerCase().includes(t);
      g.classList.toggle('match', hit);
      if (hit) { n++; if (!first) first = g; }
    }
    svg.classList.toggle('searching', t !== '');
    count.textContent = t === '' ? nodes.length + ' nodes' : n + (n === 1 ? ' match' : ' matches');
    if (first) first.scrollIntoView({block: 'center', inline: 'center'});
  }
  q.addEventListener('input', () => search(q.value));
  const m = location.hash.match(/^#search=(.*)$/);
  if (m) q.value = decodeURIComponent(m[1]);
  search(q.value);
})();
</script>
</body>
</html>
)html";

std::string Html(const std::string& svg, const std::string& title) {
  // The <svg> element inline: no XML prolog, DOCTYPE or comments before it.
  const size_t start = svg.find("<svg");
  std::string page = fmt::format(fmt::runtime(kHtmlHead), fmt::arg("title", HtmlEscape(title)));
  page += start == std::string::npos ? svg : svg.substr(start);
  return page + kHtmlTail;
}

}  // namespace

Result<std::string> ExportCallgraph(const fs::path& out, const CallgraphOptions& options) {
  if (options.depth && (*options.depth < 1 || *options.depth > kMaxCallgraphDepth)) {
    return Status::InvalidArgument("--depth {} is out of range: give 1 to {}", *options.depth,
                                   kMaxCallgraphDepth);
  }
  if (options.depth && options.from.empty() && options.to.empty()) {
    return Status::InvalidArgument("--depth needs --from or --to (the names to count calls from)");
  }
  std::error_code ec;
  if (fs::exists(out / "manifest.json", ec) && !fs::exists(out / "callgraph.parquet", ec)) {
    return Status::NotFound(
        "'{}' has no callgraph.parquet: it was built without the callgraph output; rebuild with "
        "the default outputs or add callgraph to --outputs",
        out.string());
  }
  CA_ASSIGN_OR_RETURN(OutputReader reader, OutputReader::Open(out));
  CA_ASSIGN_OR_RETURN(Graph g, ReadGraph(reader));
  CA_ASSIGN_OR_RETURN(Selection s, Select(g, options));
  switch (options.format) {
    case CallgraphFormat::kPycg: {
      nlohmann::ordered_json j = nlohmann::ordered_json::object();
      for (const auto& [caller, callees] : s.callees) {
        j[caller] = std::vector<std::string>(callees.begin(), callees.end());
      }
      return j.dump(2) + "\n";
    }
    case CallgraphFormat::kJson: {
      nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
      for (const auto& [caller, callees] : s.callees) nodes.push_back(caller);
      nlohmann::ordered_json edges = nlohmann::ordered_json::array();
      for (const auto& r : g.rows) {
        if (!r[1] || !s.Has(r[0].value_or("")) || !s.Has(*r[1])) continue;
        auto opt = [](const std::optional<std::string>& v) -> nlohmann::ordered_json {
          return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
        };
        auto num = [](const std::optional<std::string>& v) -> nlohmann::ordered_json {
          return v ? nlohmann::ordered_json::parse(*v) : nlohmann::ordered_json(nullptr);
        };
        edges.push_back({{"caller", *r[0]},
                         {"callee", *r[1]},
                         {"path", opt(r[2])},
                         {"line", num(r[3])},
                         {"col", num(r[4])},
                         {"call_kind", opt(r[5])},
                         {"callee_kind", opt(r[6])},
                         {"resolution_method", opt(r[7])},
                         {"score", num(r[8])}});
      }
      nlohmann::ordered_json j = {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
      return j.dump(2) + "\n";
    }
    case CallgraphFormat::kDot:
      return Dot(g, s, options);
    case CallgraphFormat::kSvg:
      return RenderSvg(Dot(g, s, options));
    case CallgraphFormat::kHtml: {
      CA_ASSIGN_OR_RETURN(std::string svg, RenderSvg(Dot(g, s, options)));
      std::string title = "Call graph";
      for (const auto& r : options.from) title += " from " + r;
      for (const auto& r : options.to) title += " to " + r;
      return Html(svg, title);
    }
  }
  CA_UNREACHABLE("callgraph format");
}

}  // namespace codeanatomy::read
