#include "codeanatomy/schema/table_def.h"

#include <set>

#include <fmt/core.h>

#include "codeanatomy/base/sql_text.h"

namespace codeanatomy::schema {

std::string_view Name(TableKind kind) {
  switch (kind) {
    case TableKind::kEvidence:
      return "evidence";
    case TableKind::kOutput:
      return "output";
    case TableKind::kView:
      return "view";
    case TableKind::kDerived:
      return "derived";
  }
  CA_UNREACHABLE("table kind {}", static_cast<int>(kind));
}

base::Schema TableDef::ToSchema() const { return SchemaOf(columns); }

base::Schema SchemaOf(const std::vector<ColumnDef>& columns) {
  std::vector<base::Field> fields;
  fields.reserve(columns.size());
  for (const auto& c : columns) {
    fields.push_back(base::Field{std::string(c.name), c.type, c.nullability == kNullable});
  }
  return base::Schema(std::move(fields));
}

const ColumnDef* TableDef::FindColumn(std::string_view column) const {
  for (const auto& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

void TableRegistry::Add(TableDef def) {
  CA_CHECK_MSG(!def.columns.empty(), "table {} has no columns", def.name);
  CA_CHECK_MSG(Find(def.name) == nullptr, "table {} declared twice", def.name);
  std::set<std::string_view> seen;
  for (const auto& c : def.columns) {
    CA_CHECK_MSG(seen.insert(c.name).second, "table {}: column {} declared twice", def.name,
                 c.name);
  }
  for (auto k : def.key)
    CA_CHECK_MSG(def.FindColumn(k), "table {}: key column {} unknown", def.name, k);
  for (auto k : def.sort)
    CA_CHECK_MSG(def.FindColumn(k), "table {}: sort column {} unknown", def.name, k);
  tables_.push_back(std::move(def));
}

const TableDef* TableRegistry::Find(std::string_view name) const {
  for (const auto& t : tables_) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

const TableRegistry& Tables() {
  static const TableRegistry* registry = [] {
    auto* r = new TableRegistry();
    RegisterSourceTables(*r);
    RegisterCstTables(*r);
    RegisterScipTables(*r);
    RegisterPythonTables(*r);
    RegisterOutputTables(*r);
    RegisterViewTables(*r);
    RegisterDiagnosticsTables(*r);
    return r;
  }();
  return *registry;
}

const TableDef& GetTable(std::string_view name) {
  const TableDef* def = Tables().Find(name);
  CA_CHECK_MSG(def != nullptr, "no declared table named {}", name);
  return *def;
}

std::string CreateTableSql(const TableDef& def) {
  std::string sql = fmt::format("CREATE TABLE {} (", base::QuoteIdentifier(def.name));
  for (size_t i = 0; i < def.columns.size(); ++i) {
    const auto& c = def.columns[i];
    sql += fmt::format("{}{} {}{}", i ? ", " : "", base::QuoteIdentifier(c.name),
                       base::ColumnTypeName(c.type), c.nullability == kRequired ? " NOT NULL" : "");
  }
  return sql + ")";
}

}  // namespace codeanatomy::schema
