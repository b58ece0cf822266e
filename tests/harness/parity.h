// harness/parity.h
//
// Parity and determinism (docs/ARCHITECTURE.md): snapshots of a run's tables — schema, sorted
// rendered rows and their digest — and ONE comparison that names every table whose schema or rows
// differ between two runs, with the first differing rows. The corpus matrix (engine vs kernel lane,
// one thread vs two, twice in a row) and the deliberately broken rule test both use CompareRuns.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"

namespace codeanatomy::harness {

struct TableSnapshot {
  //! (column name, SQL type) in column order.
  std::vector<std::pair<std::string, std::string>> columns;
  //! Every row, its cells escaped (golden.h's EscapeTsv; NULL is `\N`) and joined by tabs; sorted.
  std::vector<std::string> rows;
  //! XXH3-64 over the sorted rows.
  uint64_t digest = 0;
};

//! The tables of one run, by name.
struct RunSnapshot {
  std::string label;  // "engine, 2 threads"
  std::map<std::string, TableSnapshot> tables;
};

//! Fills `columns`' rows from text cells (nullopt = NULL): renders, sorts and digests them.
TableSnapshot MakeSnapshot(std::vector<std::pair<std::string, std::string>> columns,
                           const std::vector<std::vector<std::optional<std::string>>>& rows);
//! A snapshot of an in-memory table (types: base::ColumnTypeName; values: DuckDB's text casts).
TableSnapshot SnapshotOf(const base::Table& table);

//! Snapshots every Parquet file of an output directory: OUT/*.parquet (cpg_nodes, cpg_edges,
//! cpg_props, their _errors, diagnostics), OUT/derived/*.parquet and OUT/evidence/*.parquet, each
//! under its view name. Every value is read through `CAST(column AS VARCHAR)`.
base::Result<RunSnapshot> SnapshotOutput(const std::filesystem::path& out, std::string label);

struct TableDifference {
  std::string table;
  std::string what;  // the readable explanation, rows included
};

struct ParityReport {
  std::string a_label, b_label;
  std::vector<TableDifference> differences;
  bool ok() const { return differences.empty(); }
  //! "" when equal; else one paragraph per differing table.
  std::string ToString() const;
};

//! Compares two runs table by table: present in both, same schema, same sorted row digest. A
//! difference names the table and shows up to `max_rows` rows only in one run and only in the
//! other (each cell as `column=value`).
ParityReport CompareRuns(const RunSnapshot& a, const RunSnapshot& b, size_t max_rows = 5);

//! Relative paths of the Parquet files under `a` and `b` (the output directory and its derived/
//! and evidence/) that are missing on one side or whose bytes differ; empty when byte-identical.
base::Result<std::vector<std::string>> DifferingParquetFiles(const std::filesystem::path& a,
                                                             const std::filesystem::path& b);

}  // namespace codeanatomy::harness
