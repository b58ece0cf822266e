#include "codeanatomy/read/callgraph_export.h"

#include <map>
#include <set>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

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

}  // namespace

Result<std::string> ExportCallgraph(const fs::path& out, CallgraphFormat format) {
  std::error_code ec;
  if (fs::exists(out / "manifest.json", ec) && !fs::exists(out / "callgraph.parquet", ec)) {
    return Status::NotFound(
        "'{}' has no callgraph.parquet: it was built without the callgraph output; rebuild with "
        "the default outputs or add callgraph to --outputs",
        out.string());
  }
  CA_ASSIGN_OR_RETURN(OutputReader reader, OutputReader::Open(out));
  CA_ASSIGN_OR_RETURN(
      QueryResult rows,
      reader.Query("SELECT caller, callee, path, CAST(line AS VARCHAR), CAST(col AS VARCHAR), "
                   "call_kind, callee_kind, resolution_method, CAST(score AS VARCHAR) FROM "
                   "callgraph ORDER BY caller, path NULLS FIRST, line, col, callee, call_kind"));
  // Keys: every caller; callees: distinct, sorted.
  std::map<std::string, std::set<std::string>> adjacency;
  for (const auto& r : rows.rows) {
    auto& callees = adjacency[r[0].value_or("")];
    if (r[1]) callees.insert(*r[1]);
  }
  switch (format) {
    case CallgraphFormat::kPycg: {
      nlohmann::ordered_json j = nlohmann::ordered_json::object();
      for (const auto& [caller, callees] : adjacency) {
        j[caller] = std::vector<std::string>(callees.begin(), callees.end());
      }
      return j.dump(2) + "\n";
    }
    case CallgraphFormat::kJson: {
      nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
      for (const auto& [caller, callees] : adjacency) nodes.push_back(caller);
      nlohmann::ordered_json edges = nlohmann::ordered_json::array();
      for (const auto& r : rows.rows) {
        if (!r[1]) continue;
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
    case CallgraphFormat::kDot: {
      std::string text = "digraph callgraph {\n  rankdir=LR;\n  node [shape=box];\n";
      std::set<std::string> outside;  // callees that are no caller: builtins, external names
      for (const auto& [caller, callees] : adjacency) {
        text += "  " + DotId(caller) + ";\n";
        for (const auto& c : callees) {
          if (!adjacency.count(c)) outside.insert(c);
        }
      }
      for (const auto& c : outside) text += "  " + DotId(c) + " [style=dashed];\n";
      for (const auto& [caller, callees] : adjacency) {
        for (const auto& c : callees) text += "  " + DotId(caller) + " -> " + DotId(c) + ";\n";
      }
      return text + "}\n";
    }
  }
  CA_UNREACHABLE("callgraph format");
}

}  // namespace codeanatomy::read
