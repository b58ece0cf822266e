#include "harness/golden.h"

#include <algorithm>
#include <optional>
#include <set>

#include <fmt/core.h>

#include "codeanatomy/base/file_util.h"

namespace codeanatomy::harness {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

namespace {

// A prop value: the one value column its key's type sets.
constexpr const char* kValueSql =
    "coalesce(value_str, CAST(value_int AS VARCHAR), CAST(value_float AS VARCHAR), "
    "CAST(value_bool AS VARCHAR), value_json, 'NULL')";

// Every node with its place (`KIND path:line:col-line:col`, see golden.h) or, without a span, its
// name; and its props as `key=value` joined by \x1f.
constexpr const char* kNodesSql = R"(
WITH node_props AS (
  SELECT entity_id,
         string_agg(prop_key || '=' || {0}, chr(31) ORDER BY prop_key, {0}) AS props,
         max(CASE WHEN prop_key = 'qualified_name' THEN value_str END) AS qualified_name,
         max(CASE WHEN prop_key = 'name' THEN value_str END) AS name,
         max(CASE WHEN prop_key = 'module_name' THEN value_str END) AS module_name
  FROM cpg_props WHERE entity_kind = 'node' GROUP BY entity_id),
located AS (
  SELECT node_id, node_kind, path, bstart, bend, line, col, end_line, end_col FROM cpg_nodes)
SELECT CAST(l.node_id AS VARCHAR), l.node_kind || ' ' || CASE
         WHEN l.bstart IS NULL OR l.bend IS NULL
           THEN coalesce(p.qualified_name, p.name, p.module_name, l.path, '?')
         WHEN l.line IS NULL OR l.end_line IS NULL
           THEN l.path || ':@' || l.bstart || '-@' || l.bend
         ELSE l.path || ':' || l.line || ':' || l.col || '-' || l.end_line || ':' || l.end_col
       END, coalesce(p.props, '')
FROM located l LEFT JOIN node_props p ON p.entity_id = l.node_id)";

constexpr const char* kEdgesSql = R"(
SELECT CAST(edge_id AS VARCHAR), edge_kind, CAST(src AS VARCHAR), CAST(dst AS VARCHAR), origin,
       resolution_method, CAST(confidence AS VARCHAR)
FROM cpg_edges)";

constexpr const char* kPropsSql = R"(
SELECT entity_kind, CAST(entity_id AS VARCHAR), prop_key || '=' || {0} FROM cpg_props)";

std::string Cell(const std::optional<std::string>& v) { return v ? *v : "NULL"; }

std::vector<std::string> Split(std::string_view text, char sep) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t end = text.find(sep, start);
    out.emplace_back(text.substr(start, end == std::string_view::npos ? text.npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

struct NodeRow {
  std::string id;
  std::string place;                         // `KIND path:l:c-l:c` or `KIND name`
  std::map<std::string, std::string> props;  // key -> value (several values joined by ',')
};

//! Final node renderings by node_id: the place, made unique within a group of alike places by the
//! fewest props (keys in sorted order) that tell the nodes apart — ` [call_kind=decorator]` — and,
//! when the props are alike too, ` #1`, ` #2`, … by node_id.
std::map<std::string, std::string> RenderNodes(std::vector<NodeRow> nodes) {
  std::map<std::string, std::vector<const NodeRow*>> by_place;
  for (const auto& n : nodes) by_place[n.place].push_back(&n);
  std::map<std::string, std::string> out;
  for (auto& [place, group] : by_place) {
    if (group.size() == 1) {
      out[group[0]->id] = place;
      continue;
    }
    std::set<std::string> keys;
    for (const NodeRow* n : group) {
      for (const auto& [k, v] : n->props) keys.insert(k);
    }
    auto value_of = [](const NodeRow* n, const std::string& key) {
      auto it = n->props.find(key);
      return it == n->props.end() ? std::string("(none)") : it->second;
    };
    std::vector<std::string> chosen;
    size_t distinct = 1;
    for (const auto& key : keys) {
      std::vector<std::string> with = chosen;
      with.push_back(key);
      std::set<std::vector<std::string>> tuples;
      for (const NodeRow* n : group) {
        std::vector<std::string> t;
        for (const auto& k : with) t.push_back(value_of(n, k));
        tuples.insert(t);
      }
      if (tuples.size() > distinct) {
        chosen = std::move(with);
        distinct = tuples.size();
      }
      if (distinct == group.size()) break;
    }
    std::vector<std::pair<std::string, const NodeRow*>> named;
    for (const NodeRow* n : group) {
      std::string suffix;
      for (const auto& k : chosen) suffix += (suffix.empty() ? "" : " ") + k + "=" + value_of(n, k);
      named.emplace_back(chosen.empty() ? place : place + " [" + suffix + "]", n);
    }
    std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second->id < b.second->id;
    });
    for (size_t i = 0; i < named.size(); ++i) {
      const bool alike = (i > 0 && named[i - 1].first == named[i].first) ||
                         (i + 1 < named.size() && named[i + 1].first == named[i].first);
      size_t k = 1;
      while (alike && i >= k && named[i - k].first == named[i].first) ++k;
      out[named[i].second->id] = alike ? named[i].first + " #" + std::to_string(k) : named[i].first;
    }
  }
  return out;
}

//! Escapes each cell, joins them by tabs and sorts the lines under `header`.
std::vector<std::string> Lines(std::vector<std::vector<std::string>> rows,
                               const std::string& header) {
  std::vector<std::string> lines;
  lines.reserve(rows.size() + 1);
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) line += (c ? "\t" : "") + EscapeTsv(row[c]);
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end(),
            [](const std::string& a, const std::string& b) { return NaturalLess(a, b); });
  lines.insert(lines.begin(), header);
  return lines;
}

}  // namespace

const std::vector<std::string>& GoldenNames() {
  static const std::vector<std::string> names = {"nodes", "edges", "props"};
  return names;
}

std::string EscapeTsv(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char ch : value) {
    switch (ch) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

bool NaturalLess(std::string_view a, std::string_view b) {
  auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      size_t ie = i, je = j;
      while (ie < a.size() && digit(a[ie])) ++ie;
      while (je < b.size() && digit(b[je])) ++je;
      // Compare the runs as numbers without parsing: skip leading zeros, then length, then text.
      size_t is = i, js = j;
      while (is + 1 < ie && a[is] == '0') ++is;
      while (js + 1 < je && b[js] == '0') ++js;
      if (ie - is != je - js) return ie - is < je - js;
      if (int c = a.substr(is, ie - is).compare(b.substr(js, je - js)); c != 0) return c < 0;
      i = ie;
      j = je;
      continue;
    }
    if (a[i] != b[j]) {
      return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    }
    ++i;
    ++j;
  }
  if (i < a.size() || j < b.size()) return j < b.size() && i == a.size();
  return a < b;  // equal as numbers ("01" vs "1"): a total order all the same
}

Result<Goldens> RenderGoldens(read::OutputReader& reader) {
  CA_ASSIGN_OR_RETURN(read::QueryResult node_rows, reader.Query(fmt::format(kNodesSql, kValueSql)));
  std::vector<NodeRow> nodes;
  for (const auto& row : node_rows.rows) {
    NodeRow n{Cell(row[0]), Cell(row[1]), {}};
    for (const auto& kv : Split(row[2].value_or(""), '\x1f')) {
      const size_t eq = kv.find('=');
      auto& v = n.props[kv.substr(0, eq)];
      v += (v.empty() ? "" : ",") + kv.substr(eq + 1);
    }
    nodes.push_back(std::move(n));
  }
  const std::map<std::string, std::string> node_name = RenderNodes(std::move(nodes));
  auto name_of = [&](const std::optional<std::string>& id) {
    auto it = id ? node_name.find(*id) : node_name.end();
    return it == node_name.end() ? std::string("<missing node>") : it->second;
  };

  CA_ASSIGN_OR_RETURN(read::QueryResult edge_rows, reader.Query(kEdgesSql));
  std::map<std::string, std::string> edge_name;  // edge_id -> `KIND src -> dst [origin]`
  std::vector<std::vector<std::string>> edges;
  for (const auto& row : edge_rows.rows) {
    std::string edge = Cell(row[1]) + " " + name_of(row[2]) + " -> " + name_of(row[3]);
    edge_name[Cell(row[0])] = edge + " [" + Cell(row[4]) + "]";
    edges.push_back({std::move(edge), Cell(row[4]), Cell(row[5]), Cell(row[6])});
  }

  CA_ASSIGN_OR_RETURN(read::QueryResult prop_rows, reader.Query(fmt::format(kPropsSql, kValueSql)));
  std::vector<std::vector<std::string>> props;
  for (const auto& row : prop_rows.rows) {
    std::string entity;
    if (row[0] == "node") {
      entity = name_of(row[1]);
    } else {
      auto it = edge_name.find(Cell(row[1]));
      entity = it == edge_name.end() ? "<missing edge>" : it->second;
    }
    props.push_back({std::move(entity), Cell(row[2])});
  }

  Goldens out;
  std::vector<std::vector<std::string>> node_lines;
  for (const auto& [id, name] : node_name) node_lines.push_back({name});
  out["nodes"] = Lines(std::move(node_lines), "node");
  out["edges"] = Lines(std::move(edges), "edge\torigin\tresolution_method\tconfidence");
  out["props"] = Lines(std::move(props), "entity\tprop");
  return out;
}

Result<Goldens> ReadGoldens(const fs::path& dir) {
  Goldens out;
  for (const auto& name : GoldenNames()) {
    auto& lines = out[name];
    const fs::path file = dir / (name + ".tsv");
    std::error_code ec;
    if (!fs::exists(file, ec)) continue;
    CA_ASSIGN_OR_RETURN(std::string text, base::ReadFile(file));
    size_t start = 0;
    while (start < text.size()) {
      size_t nl = text.find('\n', start);
      if (nl == std::string::npos) nl = text.size();
      lines.emplace_back(text.substr(start, nl - start));
      start = nl + 1;
    }
  }
  return out;
}

Status WriteGoldens(const fs::path& dir, const Goldens& goldens) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create {}: {}", dir.string(), ec.message());
  for (const auto& name : GoldenNames()) {
    auto it = goldens.find(name);
    if (it == goldens.end()) continue;
    std::string text;
    for (const auto& line : it->second) text += line + "\n";
    CA_RETURN_IF_ERROR(base::WriteFile(dir / (name + ".tsv"), text));
  }
  return Status::Ok();
}

std::string DiffGolden(std::string_view name, const std::vector<std::string>& expected,
                       const std::vector<std::string>& actual, size_t max_lines) {
  // Multiset difference, then the differing lines in natural order with their side.
  std::map<std::string, int64_t> count;  // > 0: more expected, < 0: more produced
  for (const auto& l : expected) ++count[l];
  for (const auto& l : actual) --count[l];
  std::vector<std::pair<std::string, char>> diff;
  size_t missing = 0, extra = 0;
  for (const auto& [line, n] : count) {
    for (int64_t k = 0; k < std::abs(n); ++k) diff.emplace_back(line, n > 0 ? '-' : '+');
    (n > 0 ? missing : extra) += static_cast<size_t>(std::abs(n));
  }
  if (diff.empty()) return "";
  std::stable_sort(diff.begin(), diff.end(),
                   [](const auto& a, const auto& b) { return NaturalLess(a.first, b.first); });
  std::string out = fmt::format(
      "{}.tsv: {} line(s) expected but not produced (-), {} produced but not expected "
      "(+){}\n",
      name, missing, extra,
      diff.size() > max_lines ? fmt::format("; the first {}:", max_lines) : ":");
  for (size_t i = 0; i < std::min(max_lines, diff.size()); ++i) {
    out += fmt::format("  {} {}\n", diff[i].second, diff[i].first);
  }
  return out;
}

}  // namespace codeanatomy::harness
