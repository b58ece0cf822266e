// codeanatomy/schema/row.h
//
// Typed rows generated from a table's column list, so that a column is declared in one place.
//
// A table's columns are an X-macro list, each entry C(name, ColumnType, nullability, "doc"):
//
//   #define CA_SYM_SCOPE_EDGES_COLUMNS(C)
//     C(edge_id, kUInt64, kRequired, "Stable ID: ('sym_scope_edge', parent, child).")
//     C(parent_scope_id, kUInt64, kRequired, "The enclosing scope.")
//   (each line but the last ending in a backslash)
//   CA_ROW(SymScopeEdgesRow, CA_SYM_SCOPE_EDGES_COLUMNS);
//
// CA_ROW makes `struct SymScopeEdgesRow { uint64_t edge_id; uint64_t parent_scope_id; }` with
// `Columns()`, the ColumnDefs the table's TableDef registers (tables_*.cc), and RowWriter<Row>
// appends such rows to a Table of that schema. An extractor writes
//
//   edges_.Append({.edge_id = id, .parent_scope_id = parent});
//
// naming every column in declaration order: a misspelt or misplaced column does not compile, and a
// forgotten one fails the -Werror build (missing-field-initializers). Nullable columns are
// std::optional; strings are views, copied when appended.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "codeanatomy/base/check.h"
#include "codeanatomy/base/table.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {

//! The C++ type of a cell of `type`.
template <base::ColumnType type>
struct CellValue;
template <>
struct CellValue<base::ColumnType::kBool> {
  using type = bool;
};
template <>
struct CellValue<base::ColumnType::kInt32> {
  using type = int32_t;
};
template <>
struct CellValue<base::ColumnType::kInt64> {
  using type = int64_t;
};
template <>
struct CellValue<base::ColumnType::kUInt64> {
  using type = uint64_t;
};
template <>
struct CellValue<base::ColumnType::kDouble> {
  using type = double;
};
template <>
struct CellValue<base::ColumnType::kString> {
  using type = std::string_view;
};
template <>
struct CellValue<base::ColumnType::kStringList> {
  using type = std::vector<std::string_view>;
};

template <base::ColumnType type, Nullability nullability>
using Cell = std::conditional_t<nullability == Nullability::kNullable,
                                std::optional<typename CellValue<type>::type>,
                                typename CellValue<type>::type>;

namespace row_internal {

inline void Append(base::Column& c, bool v) { c.AppendBool(v); }
inline void Append(base::Column& c, int32_t v) { c.AppendInt32(v); }
inline void Append(base::Column& c, int64_t v) { c.AppendInt64(v); }
inline void Append(base::Column& c, uint64_t v) { c.AppendUInt64(v); }
inline void Append(base::Column& c, double v) { c.AppendDouble(v); }
inline void Append(base::Column& c, std::string_view v) { c.AppendString(v); }
inline void Append(base::Column& c, const std::vector<std::string_view>& v) {
  c.BeginList();
  for (std::string_view item : v) c.AppendListItem(item);
  c.EndList();
}
template <typename T>
void Append(base::Column& c, const std::optional<T>& v) {
  v ? Append(c, *v) : c.AppendNull();
}

}  // namespace row_internal

//! Appends rows of type Row (made by CA_ROW) to a Table whose schema is Row::Columns()'.
template <typename Row>
class RowWriter {
 public:
  //! CHECK-fails when `table`'s schema is not the row's (a bug: the wrong table).
  explicit RowWriter(base::Table& table) {
    const base::Schema expected = SchemaOf(Row::Columns());
    CA_CHECK_MSG(table.schema() == expected, "table {} is not a table of these rows ({})",
                 table.schema().ToString(), expected.ToString());
    for (size_t i = 0; i < table.num_columns(); ++i) columns_.push_back(&table.column(i));
  }

  void Append(const Row& row) { row.AppendTo(columns_.data()); }

 private:
  std::vector<base::Column*> columns_;
};

}  // namespace codeanatomy::schema

#define CA_ROW_MEMBER_(name, type, nullability, doc)                           \
  ::codeanatomy::schema::Cell<::codeanatomy::base::ColumnType::type,           \
                              ::codeanatomy::schema::Nullability::nullability> \
      name;
#define CA_ROW_COLUMN_(name, type, nullability, doc)                             \
  ::codeanatomy::schema::ColumnDef{#name, ::codeanatomy::base::ColumnType::type, \
                                   ::codeanatomy::schema::Nullability::nullability, doc},
#define CA_ROW_APPEND_(name, type, nullability, doc) \
  ::codeanatomy::schema::row_internal::Append(*columns[i++], name);

//! Declares `struct NAME`, one member per entry of the X-macro column list COLUMNS, with
//! `static std::vector<ColumnDef> Columns()` and what RowWriter needs.
#define CA_ROW(NAME, COLUMNS)                                          \
  struct NAME {                                                        \
    COLUMNS(CA_ROW_MEMBER_)                                            \
    static std::vector<::codeanatomy::schema::ColumnDef> Columns() {   \
      return {COLUMNS(CA_ROW_COLUMN_)};                                \
    }                                                                  \
    void AppendTo(::codeanatomy::base::Column* const* columns) const { \
      size_t i = 0;                                                    \
      COLUMNS(CA_ROW_APPEND_)                                          \
    }                                                                  \
  }
