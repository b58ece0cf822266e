// codeanatomy/base/table.h
//
// The in-memory columnar table every stage exchanges: extractors fill one per evidence table, the
// engine inserts it into DuckDB a data chunk at a time, and the kernel lane evaluates plans
// over them. Types are the few the graph needs, named after their DuckDB SQL types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace codeanatomy::base {

enum class ColumnType : unsigned char {
  kBool,
  kInt32,
  kInt64,
  kUInt64,
  kDouble,
  kString,
  kStringList,
};

//! The DuckDB SQL name of the type: BOOLEAN, INTEGER, BIGINT, UBIGINT, DOUBLE, VARCHAR, VARCHAR[].
std::string_view ColumnTypeName(ColumnType type);
bool IsIntegerType(ColumnType type);
bool IsNumericType(ColumnType type);

struct Field {
  std::string name;
  ColumnType type = ColumnType::kString;
  bool nullable = true;
  bool operator==(const Field&) const = default;
};

class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields);

  const std::vector<Field>& fields() const { return fields_; }
  size_t size() const { return fields_.size(); }
  const Field& field(size_t index) const { return fields_[index]; }
  std::optional<size_t> IndexOf(std::string_view name) const;
  //! "(name TYPE [NOT NULL], ...)"
  std::string ToString() const;
  bool operator==(const Schema&) const = default;

 private:
  std::vector<Field> fields_;
};

//! A single typed value, possibly NULL. Used for literals and by the kernel lane.
class Value {
 public:
  static Value Null(ColumnType type) { return Value(type, std::monostate{}); }
  static Value Bool(bool v) { return Value(ColumnType::kBool, v); }
  static Value Int32(int32_t v) { return Value(ColumnType::kInt32, static_cast<int64_t>(v)); }
  static Value Int64(int64_t v) { return Value(ColumnType::kInt64, v); }
  static Value UInt64(uint64_t v) { return Value(ColumnType::kUInt64, v); }
  static Value Double(double v) { return Value(ColumnType::kDouble, v); }
  static Value String(std::string v) { return Value(ColumnType::kString, std::move(v)); }
  static Value StringList(std::vector<std::string> v) {
    return Value(ColumnType::kStringList, std::move(v));
  }

  ColumnType type() const { return type_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(data_); }
  bool bool_value() const { return std::get<bool>(data_); }
  //! INTEGER and BIGINT values.
  int64_t int_value() const { return std::get<int64_t>(data_); }
  uint64_t uint_value() const { return std::get<uint64_t>(data_); }
  double double_value() const { return std::get<double>(data_); }
  const std::string& string_value() const { return std::get<std::string>(data_); }
  const std::vector<std::string>& list_value() const {
    return std::get<std::vector<std::string>>(data_);
  }
  //! The same value under another type tag (INTEGER <-> BIGINT only); used by casts.
  Value WithType(ColumnType type) const { return Value(type, data_); }

  //! Human-readable rendering ("NULL", "12", "'text'").
  std::string ToString() const;
  //! Total order within one type; NULL sorts first. Values of different types compare by type.
  int Compare(const Value& other) const;
  bool operator==(const Value& other) const { return Compare(other) == 0 && type_ == other.type_; }
  bool operator<(const Value& other) const { return Compare(other) < 0; }

 private:
  using Data = std::variant<std::monostate, bool, int64_t, uint64_t, double, std::string,
                            std::vector<std::string>>;
  Value(ColumnType type, Data data) : type_(type), data_(std::move(data)) {}
  ColumnType type_;
  Data data_;
};

class Column {
 public:
  explicit Column(ColumnType type);
  friend class Table;

  ColumnType type() const { return type_; }
  size_t size() const { return valid_.size(); }
  bool IsValid(size_t row) const { return valid_[row] != 0; }
  size_t null_count() const;
  void Reserve(size_t rows);

  void AppendNull();
  void AppendBool(bool value);
  void AppendInt32(int32_t value);
  void AppendInt64(int64_t value);
  void AppendUInt64(uint64_t value);
  void AppendDouble(double value);
  void AppendString(std::string_view value);
  void AppendOptionalString(const std::optional<std::string_view>& value) {
    value ? AppendString(*value) : AppendNull();
  }
  //! A list row: BeginList(), any number of AppendListItem(), EndList().
  void BeginList();
  void AppendListItem(std::string_view item);
  void EndList();
  void AppendStringList(const std::vector<std::string>& items);
  //! Appends a Value of this column's type (or NULL).
  void AppendValue(const Value& value);
  //! Appends row `row` of `other`, which has the same type.
  void AppendFrom(const Column& other, size_t row);
  //! Appends every row of `other`, which has the same type, in bulk.
  void AppendColumn(const Column& other);
  //! Keeps the first `rows` rows.
  void Truncate(size_t rows);

  bool GetBool(size_t row) const { return bools_[row] != 0; }
  int32_t GetInt32(size_t row) const { return i32_[row]; }
  int64_t GetInt64(size_t row) const { return i64_[row]; }
  uint64_t GetUInt64(size_t row) const { return u64_[row]; }
  double GetDouble(size_t row) const { return f64_[row]; }
  std::string_view GetString(size_t row) const {
    return std::string_view(chars_).substr(offsets_[row], offsets_[row + 1] - offsets_[row]);
  }
  size_t ListLength(size_t row) const { return list_offsets_[row + 1] - list_offsets_[row]; }
  std::string_view ListItem(size_t row, size_t index) const {
    const size_t item = list_offsets_[row] + index;
    return std::string_view(chars_).substr(offsets_[item], offsets_[item + 1] - offsets_[item]);
  }
  Value GetValue(size_t row) const;

  //! Contiguous storage, for the engine's inserts.
  const uint8_t* bool_bytes() const { return bools_.data(); }
  const int32_t* int32_data() const { return i32_.data(); }
  const int64_t* int64_data() const { return i64_.data(); }
  const uint64_t* uint64_data() const { return u64_.data(); }
  const double* double_data() const { return f64_.data(); }
  //! Bytes of all strings (kString) or all list items (kStringList).
  size_t approx_bytes() const;

 private:
  void CheckType(ColumnType expected) const;

  ColumnType type_;
  std::vector<uint8_t> valid_;
  std::vector<uint8_t> bools_;
  std::vector<int32_t> i32_;
  std::vector<int64_t> i64_;
  std::vector<uint64_t> u64_;
  std::vector<double> f64_;
  std::string chars_;
  std::vector<uint64_t> offsets_;  // string k spans chars_[offsets_[k], offsets_[k+1])
  std::vector<uint64_t>
      list_offsets_;  // list row r holds items [list_offsets_[r], list_offsets_[r+1])
  bool in_list_ = false;
};

class Table {
 public:
  Table() = default;
  explicit Table(Schema schema);

  const Schema& schema() const { return schema_; }
  size_t num_columns() const { return columns_.size(); }
  size_t num_rows() const;
  Column& column(size_t index) { return columns_[index]; }
  const Column& column(size_t index) const { return columns_[index]; }
  //! The column named `name`; a CHECK failure (a bug) when there is none.
  Column& column(std::string_view name);
  const Column& column(std::string_view name) const;

  //! CHECKs that every column has the same number of rows.
  void CheckConsistent() const;
  //! Appends all rows of `other`, which has the same schema.
  void AppendTable(const Table& other);
  //! Keeps the first `rows` rows.
  void Truncate(size_t rows);
  //! Appends row `row` of `other`, which has the same schema.
  void AppendRow(const Table& other, size_t row);
  void AppendRow(const std::vector<Value>& values);
  std::vector<Value> GetRow(size_t row) const;

  //! Compact binary form (for worker processes): exact round trip through Deserialize.
  void SerializeTo(std::string* out) const;
  //! Returns false when `bytes` is not a table this build serialized.
  static bool Deserialize(std::string_view bytes, Table* out);

 private:
  Schema schema_;
  std::vector<Column> columns_;
};

}  // namespace codeanatomy::base
