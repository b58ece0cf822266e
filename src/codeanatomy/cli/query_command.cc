// `codeanatomy query OUT "SQL" [--format table|csv|json]`.
#include <algorithm>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "codeanatomy/cli/command.h"
#include "codeanatomy/read/output_reader.h"

namespace codeanatomy::cli {
namespace {

std::string CsvField(const std::optional<std::string>& v) {
  if (!v) return "";
  if (v->find_first_of(",\"\n\r") == std::string::npos) return *v;
  std::string out = "\"";
  for (char c : *v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void PrintQuery(const read::QueryResult& r, const std::string& format) {
  if (format == "csv") {
    for (size_t c = 0; c < r.columns.size(); ++c)
      fmt::print("{}{}", c ? "," : "", CsvField(r.columns[c]));
    fmt::print("\n");
    for (const auto& row : r.rows) {
      for (size_t c = 0; c < row.size(); ++c) fmt::print("{}{}", c ? "," : "", CsvField(row[c]));
      fmt::print("\n");
    }
    return;
  }
  if (format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& row : r.rows) {
      nlohmann::json obj = nlohmann::json::object();
      for (size_t c = 0; c < row.size(); ++c) {
        obj[r.columns[c]] = row[c] ? nlohmann::json(*row[c]) : nlohmann::json(nullptr);
      }
      out.push_back(std::move(obj));
    }
    fmt::print("{}\n", out.dump(2));
    return;
  }
  std::vector<size_t> width(r.columns.size());
  for (size_t c = 0; c < r.columns.size(); ++c) width[c] = r.columns[c].size();
  for (const auto& row : r.rows) {
    for (size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], row[c] ? row[c]->size() : 4);
  }
  auto line = [&](auto&& cell) {
    for (size_t c = 0; c < r.columns.size(); ++c) {
      std::string v = cell(c);
      fmt::print("{}{}{}", c ? "  " : "", v,
                 std::string(width[c] - std::min(width[c], v.size()), ' '));
    }
    fmt::print("\n");
  };
  line([&](size_t c) { return r.columns[c]; });
  line([&](size_t c) { return std::string(width[c], '-'); });
  for (const auto& row : r.rows)
    line([&](size_t c) { return row[c] ? *row[c] : std::string("NULL"); });
  fmt::print("({} row{})\n", r.rows.size(), r.rows.size() == 1 ? "" : "s");
}

}  // namespace

Command AddQueryCommand(CLI::App& app) {
  struct Flags {
    std::string out, sql, format = "table";
  };
  auto f = std::make_shared<Flags>();
  auto* query = app.add_subcommand("query", "Run DuckDB SQL over an output directory");
  query->add_option("out", f->out, "An output directory of `codeanatomy build`")->required();
  query
      ->add_option(
          "sql", f->sql,
          "SQL; cpg_nodes, cpg_edges, cpg_props, diagnostics and every evidence table are views")
      ->required();
  query->add_option("--format", f->format, "table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  return {query, [f] {
            auto result = read::QueryOutput(f->out, f->sql);
            if (!result.ok()) return Fail(result.status());
            PrintQuery(*result, f->format);
            return 0;
          }};
}

}  // namespace codeanatomy::cli
