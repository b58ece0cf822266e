#include "harness/parity.h"

#include <algorithm>
#include <set>

#include <fmt/core.h>
#include <xxhash.h>

#include "codeanatomy/base/file_util.h"

#include "harness/golden.h"

namespace codeanatomy::harness {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

namespace {

constexpr std::string_view kNull = "\\N";

//! The directories of an output that hold tables, relative to it.
constexpr const char* kTableDirs[] = {"", "derived", "evidence"};

std::string Quote(std::string_view identifier) {
  std::string out = "\"";
  for (char ch : identifier) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::vector<fs::path> ParquetFiles(const fs::path& out) {
  std::vector<fs::path> files;
  for (const char* sub : kTableDirs) {
    const fs::path dir = out / sub;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".parquet") {
        files.push_back(fs::relative(entry.path(), out, ec));
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

//! A row rendered for a report: `column=value` cells.
std::string ShowRow(const TableSnapshot& t, const std::string& row) {
  std::string out;
  size_t start = 0;
  for (size_t c = 0; c < t.columns.size(); ++c) {
    size_t tab = row.find('\t', start);
    if (tab == std::string::npos) tab = row.size();
    out += fmt::format("{}{}={}", c ? " " : "", t.columns[c].first, row.substr(start, tab - start));
    start = std::min(row.size(), tab + 1);
  }
  return out;
}

std::string ShowColumns(const TableSnapshot& t) {
  std::string out = "(";
  for (size_t c = 0; c < t.columns.size(); ++c) {
    out += fmt::format("{}{} {}", c ? ", " : "", t.columns[c].first, t.columns[c].second);
  }
  return out + ")";
}

}  // namespace

TableSnapshot MakeSnapshot(std::vector<std::pair<std::string, std::string>> columns,
                           const std::vector<std::vector<std::optional<std::string>>>& rows) {
  TableSnapshot t;
  t.columns = std::move(columns);
  t.rows.reserve(rows.size());
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) line += '\t';
      line += row[c] ? EscapeTsv(*row[c]) : std::string(kNull);
    }
    t.rows.push_back(std::move(line));
  }
  std::sort(t.rows.begin(), t.rows.end());
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  for (const auto& r : t.rows) {
    XXH3_64bits_update(state, r.data(), r.size());
    XXH3_64bits_update(state, "\n", 1);
  }
  t.digest = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  return t;
}

TableSnapshot SnapshotOf(const base::Table& table) {
  std::vector<std::pair<std::string, std::string>> columns;
  for (const auto& f : table.schema().fields()) {
    columns.emplace_back(f.name, std::string(base::ColumnTypeName(f.type)));
  }
  std::vector<std::vector<std::optional<std::string>>> rows;
  for (size_t r = 0; r < table.num_rows(); ++r) {
    std::vector<std::optional<std::string>> row;
    for (size_t c = 0; c < table.num_columns(); ++c) {
      const base::Value v = table.column(c).GetValue(r);
      if (v.is_null()) {
        row.emplace_back(std::nullopt);
      } else if (v.type() == base::ColumnType::kString) {
        row.emplace_back(v.string_value());
      } else if (v.type() == base::ColumnType::kStringList) {
        std::string s = "[";
        for (size_t i = 0; i < v.list_value().size(); ++i) {
          s += (i ? ", " : "") + v.list_value()[i];
        }
        row.emplace_back(s + "]");
      } else {
        row.emplace_back(v.ToString());
      }
    }
    rows.push_back(std::move(row));
  }
  return MakeSnapshot(std::move(columns), rows);
}

Result<RunSnapshot> SnapshotOutput(const fs::path& out, std::string label) {
  CA_ASSIGN_OR_RETURN(read::OutputReader reader, read::OutputReader::Open(out));
  RunSnapshot run;
  run.label = std::move(label);
  for (const auto& file : ParquetFiles(out)) {
    const std::string name = file.stem().string();
    CA_ASSIGN_OR_RETURN(read::QueryResult described,
                        reader.Query(fmt::format(
                            "SELECT column_name, column_type FROM (DESCRIBE {})", Quote(name))));
    std::vector<std::pair<std::string, std::string>> columns;
    std::string select;
    for (const auto& row : described.rows) {
      columns.emplace_back(row[0].value_or(""), row[1].value_or(""));
      select += fmt::format("{}CAST({} AS VARCHAR)", select.empty() ? "" : ", ",
                            Quote(columns.back().first));
    }
    if (select.empty()) select = "NULL";
    CA_ASSIGN_OR_RETURN(read::QueryResult rows,
                        reader.Query(fmt::format("SELECT {} FROM {}", select, Quote(name))));
    run.tables[name] = MakeSnapshot(std::move(columns), rows.rows);
  }
  return run;
}

std::string ParityReport::ToString() const {
  if (differences.empty()) return "";
  std::string out = fmt::format("{} table(s) differ between [{}] and [{}]:\n", differences.size(),
                                a_label, b_label);
  for (const auto& d : differences) out += fmt::format("- table {}: {}\n", d.table, d.what);
  return out;
}

ParityReport CompareRuns(const RunSnapshot& a, const RunSnapshot& b, size_t max_rows) {
  ParityReport report{a.label, b.label, {}};
  std::set<std::string> names;
  for (const auto& [n, t] : a.tables) names.insert(n);
  for (const auto& [n, t] : b.tables) names.insert(n);
  for (const auto& name : names) {
    auto ia = a.tables.find(name);
    auto ib = b.tables.find(name);
    if (ia == a.tables.end() || ib == b.tables.end()) {
      report.differences.push_back(
          {name, fmt::format("only in [{}]", ia == a.tables.end() ? b.label : a.label)});
      continue;
    }
    const TableSnapshot& ta = ia->second;
    const TableSnapshot& tb = ib->second;
    if (ta.columns != tb.columns) {
      report.differences.push_back(
          {name, fmt::format("schemas differ:\n    [{}] {}\n    [{}] {}", a.label, ShowColumns(ta),
                             b.label, ShowColumns(tb))});
      continue;
    }
    if (ta.digest == tb.digest && ta.rows == tb.rows) continue;
    // Both sides are sorted: a merge finds the rows only in one of them (as multisets).
    std::vector<const std::string*> only_a, only_b;
    size_t i = 0, j = 0;
    while (i < ta.rows.size() || j < tb.rows.size()) {
      if (j == tb.rows.size() || (i < ta.rows.size() && ta.rows[i] < tb.rows[j])) {
        only_a.push_back(&ta.rows[i++]);
      } else if (i == ta.rows.size() || tb.rows[j] < ta.rows[i]) {
        only_b.push_back(&tb.rows[j++]);
      } else {
        ++i;
        ++j;
      }
    }
    std::string what =
        fmt::format("rows differ ([{}]: {} rows, digest {:016x}; [{}]: {} rows, digest {:016x})",
                    a.label, ta.rows.size(), ta.digest, b.label, tb.rows.size(), tb.digest);
    for (auto [label, rows] : {std::pair{&a.label, &only_a}, std::pair{&b.label, &only_b}}) {
      if (rows->empty()) continue;
      what += fmt::format("\n    {} row(s) only in [{}]{}", rows->size(), *label,
                          rows->size() > max_rows ? fmt::format(", the first {}:", max_rows) : ":");
      for (size_t k = 0; k < std::min(max_rows, rows->size()); ++k) {
        what += "\n      " + ShowRow(ta, *(*rows)[k]);
      }
    }
    report.differences.push_back({name, std::move(what)});
  }
  return report;
}

Result<std::vector<std::string>> DifferingParquetFiles(const fs::path& a, const fs::path& b) {
  std::set<fs::path> files;
  for (const auto& f : ParquetFiles(a)) files.insert(f);
  for (const auto& f : ParquetFiles(b)) files.insert(f);
  std::vector<std::string> differing;
  for (const auto& f : files) {
    std::error_code ec;
    if (!fs::exists(a / f, ec) || !fs::exists(b / f, ec)) {
      differing.push_back(f.string() + " (missing on one side)");
      continue;
    }
    CA_ASSIGN_OR_RETURN(std::string bytes_a, base::ReadFile(a / f));
    CA_ASSIGN_OR_RETURN(std::string bytes_b, base::ReadFile(b / f));
    if (bytes_a != bytes_b) {
      differing.push_back(
          fmt::format("{} ({} vs {} bytes)", f.string(), bytes_a.size(), bytes_b.size()));
    }
  }
  return differing;
}

}  // namespace codeanatomy::harness
