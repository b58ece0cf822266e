// codeanatomy/schema/table_def.h
//
// Declared tables: every evidence table (filled by an extractor), every output contract (cpg_*) and
// the published tables a rule makes without a gate (diagnostics). THE source of their columns: the
// DuckDB DDL, the extractors' builders, the plan catalog, the finalize gate and docs/schema.md all
// read these definitions. The other tables rules make are not declared here: their schemas are
// inferred from their plans.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"
#include "codeanatomy/schema/layers.h"

namespace codeanatomy::schema {

enum class TableKind : unsigned char {
  kEvidence,  // filled by an extractor
  kOutput,    // a published output with a contract (finalize gate)
  kView,      // a query view over the published tables (read/views.cc computes it)
  kDerived,   // made by a rule and published as declared, without a gate (diagnostics)
};
std::string_view Name(TableKind kind);

enum class Nullability : unsigned char { kNullable, kRequired };
inline constexpr Nullability kNullable = Nullability::kNullable;
inline constexpr Nullability kRequired = Nullability::kRequired;

struct ColumnDef {
  std::string_view name;
  base::ColumnType type;
  Nullability nullability;
  std::string_view doc;
};

struct TableDef {
  std::string_view name;
  TableKind kind;
  //! The evidence layer that fills it (kCpg for the tables rules make and the query views).
  Layer layer;
  std::string_view doc;
  std::vector<ColumnDef> columns;
  //! Unique key: no two rows may share it (checked by the finalize gate for outputs).
  std::vector<std::string_view> key;
  //! Canonical sort: rows are written in this order (NULLs first, ascending).
  std::vector<std::string_view> sort;

  base::Schema ToSchema() const;
  const ColumnDef* FindColumn(std::string_view column) const;
  //! An empty Table with this schema, for an extractor to fill.
  base::Table NewTable() const { return base::Table(ToSchema()); }
};

//! The schema of a column list (names, types, nullability).
base::Schema SchemaOf(const std::vector<ColumnDef>& columns);

//! Every declared table, registered explicitly (see RegisterAllTables in tables.cc).
class TableRegistry {
 public:
  //! CHECK-fails on a duplicate name, an unknown key/sort column or an empty definition (bugs).
  void Add(TableDef def);
  const TableDef* Find(std::string_view name) const;
  const std::vector<TableDef>& all() const { return tables_; }

 private:
  std::vector<TableDef> tables_;
};

//! The registry of all declared tables, built once on first use.
const TableRegistry& Tables();
//! The declared table `name`; CHECK-fails when there is none (a bug in the caller).
const TableDef& GetTable(std::string_view name);

void RegisterSourceTables(TableRegistry& registry);
void RegisterCstTables(TableRegistry& registry);
void RegisterScipTables(TableRegistry& registry);
void RegisterPythonTables(TableRegistry& registry);
void RegisterOutputTables(TableRegistry& registry);
void RegisterViewTables(TableRegistry& registry);
void RegisterDiagnosticsTables(TableRegistry& registry);

//! `CREATE TABLE name (col TYPE [NOT NULL], ...)` — the DuckDB DDL of a declared table.
std::string CreateTableSql(const TableDef& def);

//! docs/schema.md, rendered from the kinds, prop keys and table definitions.
std::string RenderSchemaMarkdown();

}  // namespace codeanatomy::schema
