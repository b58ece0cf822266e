#include "codeanatomy/base/table.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <fmt/core.h>

#include "codeanatomy/base/check.h"

namespace codeanatomy::base {

std::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kBool:
      return "BOOLEAN";
    case ColumnType::kInt32:
      return "INTEGER";
    case ColumnType::kInt64:
      return "BIGINT";
    case ColumnType::kUInt64:
      return "UBIGINT";
    case ColumnType::kDouble:
      return "DOUBLE";
    case ColumnType::kString:
      return "VARCHAR";
    case ColumnType::kStringList:
      return "VARCHAR[]";
  }
  CA_UNREACHABLE("column type {}", static_cast<int>(type));
}

bool IsIntegerType(ColumnType type) {
  return type == ColumnType::kInt32 || type == ColumnType::kInt64 || type == ColumnType::kUInt64;
}

bool IsNumericType(ColumnType type) { return IsIntegerType(type) || type == ColumnType::kDouble; }

// ---- Schema
// --------------------------------------------------------------------------------------

Schema::Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

std::optional<size_t> Schema::IndexOf(std::string_view name) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (fields_[i].name == name) return i;
  }
  return std::nullopt;
}

std::string Schema::ToString() const {
  std::string out = "(";
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) out += ", ";
    out += fmt::format("{} {}{}", fields_[i].name, ColumnTypeName(fields_[i].type),
                       fields_[i].nullable ? "" : " NOT NULL");
  }
  return out + ")";
}

// ---- Value
// ---------------------------------------------------------------------------------------

std::string Value::ToString() const {
  if (is_null()) return "NULL";
  switch (type_) {
    case ColumnType::kBool:
      return bool_value() ? "true" : "false";
    case ColumnType::kInt32:
    case ColumnType::kInt64:
      return std::to_string(int_value());
    case ColumnType::kUInt64:
      return std::to_string(uint_value());
    case ColumnType::kDouble:
      return fmt::format("{}", double_value());
    case ColumnType::kString:
      return "'" + string_value() + "'";
    case ColumnType::kStringList: {
      std::string out = "[";
      const auto& items = list_value();
      for (size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ", ";
        out += "'" + items[i] + "'";
      }
      return out + "]";
    }
  }
  CA_UNREACHABLE("value type {}", static_cast<int>(type_));
}

namespace {
template <typename T>
int Cmp(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}
}  // namespace

int Value::Compare(const Value& other) const {
  if (is_null() || other.is_null()) return Cmp(!is_null(), !other.is_null());
  if (data_.index() != other.data_.index()) return Cmp(data_.index(), other.data_.index());
  return std::visit(
      [&](const auto& a) -> int {
        using T = std::decay_t<decltype(a)>;
        const auto& b = std::get<T>(other.data_);
        if constexpr (std::is_same_v<T, std::monostate>) {
          return 0;
        } else if constexpr (std::is_same_v<T, double>) {
          // NaN sorts after every number, and equal to itself, so the order stays total.
          if (std::isnan(a) || std::isnan(b)) return Cmp(std::isnan(a), std::isnan(b));
          return Cmp(a, b);
        } else {
          return Cmp(a, b);
        }
      },
      data_);
}

// ---- Column
// --------------------------------------------------------------------------------------

Column::Column(ColumnType type) : type_(type) {
  if (type == ColumnType::kString || type == ColumnType::kStringList) offsets_.push_back(0);
  if (type == ColumnType::kStringList) list_offsets_.push_back(0);
}

void Column::CheckType(ColumnType expected) const {
  CA_CHECK_MSG(type_ == expected, "appending {} to a {} column", ColumnTypeName(expected),
               ColumnTypeName(type_));
}

size_t Column::null_count() const {
  size_t n = 0;
  for (uint8_t v : valid_) n += v == 0;
  return n;
}

void Column::Reserve(size_t rows) {
  valid_.reserve(rows);
  switch (type_) {
    case ColumnType::kBool:
      bools_.reserve(rows);
      break;
    case ColumnType::kInt32:
      i32_.reserve(rows);
      break;
    case ColumnType::kInt64:
      i64_.reserve(rows);
      break;
    case ColumnType::kUInt64:
      u64_.reserve(rows);
      break;
    case ColumnType::kDouble:
      f64_.reserve(rows);
      break;
    case ColumnType::kString:
      offsets_.reserve(rows + 1);
      break;
    case ColumnType::kStringList:
      list_offsets_.reserve(rows + 1);
      break;
  }
}

void Column::AppendNull() {
  CA_CHECK(!in_list_);
  valid_.push_back(0);
  switch (type_) {
    case ColumnType::kBool:
      bools_.push_back(0);
      break;
    case ColumnType::kInt32:
      i32_.push_back(0);
      break;
    case ColumnType::kInt64:
      i64_.push_back(0);
      break;
    case ColumnType::kUInt64:
      u64_.push_back(0);
      break;
    case ColumnType::kDouble:
      f64_.push_back(0);
      break;
    case ColumnType::kString:
      offsets_.push_back(chars_.size());
      break;
    case ColumnType::kStringList:
      list_offsets_.push_back(offsets_.size() - 1);
      break;
  }
}

void Column::AppendBool(bool value) {
  CheckType(ColumnType::kBool);
  valid_.push_back(1);
  bools_.push_back(value ? 1 : 0);
}
void Column::AppendInt32(int32_t value) {
  CheckType(ColumnType::kInt32);
  valid_.push_back(1);
  i32_.push_back(value);
}
void Column::AppendInt64(int64_t value) {
  CheckType(ColumnType::kInt64);
  valid_.push_back(1);
  i64_.push_back(value);
}
void Column::AppendUInt64(uint64_t value) {
  CheckType(ColumnType::kUInt64);
  valid_.push_back(1);
  u64_.push_back(value);
}
void Column::AppendDouble(double value) {
  CheckType(ColumnType::kDouble);
  valid_.push_back(1);
  f64_.push_back(value);
}
void Column::AppendString(std::string_view value) {
  CheckType(ColumnType::kString);
  valid_.push_back(1);
  chars_.append(value);
  offsets_.push_back(chars_.size());
}

void Column::BeginList() {
  CheckType(ColumnType::kStringList);
  CA_CHECK(!in_list_);
  in_list_ = true;
}
void Column::AppendListItem(std::string_view item) {
  CA_CHECK(in_list_);
  chars_.append(item);
  offsets_.push_back(chars_.size());
}
void Column::EndList() {
  CA_CHECK(in_list_);
  in_list_ = false;
  valid_.push_back(1);
  list_offsets_.push_back(offsets_.size() - 1);
}
void Column::AppendStringList(const std::vector<std::string>& items) {
  BeginList();
  for (const auto& item : items) AppendListItem(item);
  EndList();
}

void Column::AppendValue(const Value& value) {
  if (value.is_null()) return AppendNull();
  switch (type_) {
    case ColumnType::kBool:
      return AppendBool(value.bool_value());
    case ColumnType::kInt32:
      return AppendInt32(static_cast<int32_t>(value.int_value()));
    case ColumnType::kInt64:
      return AppendInt64(value.int_value());
    case ColumnType::kUInt64:
      return AppendUInt64(value.uint_value());
    case ColumnType::kDouble:
      return AppendDouble(value.double_value());
    case ColumnType::kString:
      return AppendString(value.string_value());
    case ColumnType::kStringList:
      return AppendStringList(value.list_value());
  }
}

void Column::AppendColumn(const Column& other) {
  CA_CHECK(other.type_ == type_ && !in_list_ && !other.in_list_);
  auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
  // Offsets of `other` start at 0: shift them past what this column holds.
  auto append_offsets = [](std::vector<uint64_t>& to, const std::vector<uint64_t>& from,
                           uint64_t shift) {
    for (size_t k = 1; k < from.size(); ++k) to.push_back(from[k] + shift);
  };
  append(valid_, other.valid_);
  switch (type_) {
    case ColumnType::kBool:
      return append(bools_, other.bools_);
    case ColumnType::kInt32:
      return append(i32_, other.i32_);
    case ColumnType::kInt64:
      return append(i64_, other.i64_);
    case ColumnType::kUInt64:
      return append(u64_, other.u64_);
    case ColumnType::kDouble:
      return append(f64_, other.f64_);
    case ColumnType::kString:
      append_offsets(offsets_, other.offsets_, chars_.size());
      chars_.append(other.chars_);
      return;
    case ColumnType::kStringList:
      append_offsets(list_offsets_, other.list_offsets_, offsets_.size() - 1);
      append_offsets(offsets_, other.offsets_, chars_.size());
      chars_.append(other.chars_);
      return;
  }
}

void Column::Truncate(size_t rows) {
  CA_CHECK(rows <= size() && !in_list_);
  valid_.resize(rows);
  switch (type_) {
    case ColumnType::kBool:
      return bools_.resize(rows);
    case ColumnType::kInt32:
      return i32_.resize(rows);
    case ColumnType::kInt64:
      return i64_.resize(rows);
    case ColumnType::kUInt64:
      return u64_.resize(rows);
    case ColumnType::kDouble:
      return f64_.resize(rows);
    case ColumnType::kString:
      offsets_.resize(rows + 1);
      chars_.resize(offsets_.back());
      return;
    case ColumnType::kStringList:
      list_offsets_.resize(rows + 1);
      offsets_.resize(list_offsets_.back() + 1);
      chars_.resize(offsets_.back());
      return;
  }
}

void Column::AppendFrom(const Column& other, size_t row) {
  CA_CHECK(other.type_ == type_);
  if (!other.IsValid(row)) return AppendNull();
  switch (type_) {
    case ColumnType::kBool:
      return AppendBool(other.GetBool(row));
    case ColumnType::kInt32:
      return AppendInt32(other.GetInt32(row));
    case ColumnType::kInt64:
      return AppendInt64(other.GetInt64(row));
    case ColumnType::kUInt64:
      return AppendUInt64(other.GetUInt64(row));
    case ColumnType::kDouble:
      return AppendDouble(other.GetDouble(row));
    case ColumnType::kString:
      return AppendString(other.GetString(row));
    case ColumnType::kStringList: {
      BeginList();
      for (size_t i = 0; i < other.ListLength(row); ++i) AppendListItem(other.ListItem(row, i));
      return EndList();
    }
  }
}

Value Column::GetValue(size_t row) const {
  if (!IsValid(row)) return Value::Null(type_);
  switch (type_) {
    case ColumnType::kBool:
      return Value::Bool(GetBool(row));
    case ColumnType::kInt32:
      return Value::Int32(GetInt32(row));
    case ColumnType::kInt64:
      return Value::Int64(GetInt64(row));
    case ColumnType::kUInt64:
      return Value::UInt64(GetUInt64(row));
    case ColumnType::kDouble:
      return Value::Double(GetDouble(row));
    case ColumnType::kString:
      return Value::String(std::string(GetString(row)));
    case ColumnType::kStringList: {
      std::vector<std::string> items;
      items.reserve(ListLength(row));
      for (size_t i = 0; i < ListLength(row); ++i) items.emplace_back(ListItem(row, i));
      return Value::StringList(std::move(items));
    }
  }
  CA_UNREACHABLE("column type {}", static_cast<int>(type_));
}

size_t Column::approx_bytes() const {
  return valid_.size() + bools_.size() + i32_.size() * 4 + i64_.size() * 8 + u64_.size() * 8 +
         f64_.size() * 8 + chars_.size() + offsets_.size() * 8 + list_offsets_.size() * 8;
}

// ---- Table
// ---------------------------------------------------------------------------------------

Table::Table(Schema schema) : schema_(std::move(schema)) {
  columns_.reserve(schema_.size());
  for (const auto& field : schema_.fields()) columns_.emplace_back(field.type);
}

size_t Table::num_rows() const { return columns_.empty() ? 0 : columns_[0].size(); }

Column& Table::column(std::string_view name) {
  auto index = schema_.IndexOf(name);
  CA_CHECK_MSG(index.has_value(), "no column '{}' in {}", name, schema_.ToString());
  return columns_[*index];
}

const Column& Table::column(std::string_view name) const {
  auto index = schema_.IndexOf(name);
  CA_CHECK_MSG(index.has_value(), "no column '{}' in {}", name, schema_.ToString());
  return columns_[*index];
}

void Table::CheckConsistent() const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    CA_CHECK_MSG(columns_[i].size() == num_rows(), "column '{}' has {} rows, the table {}",
                 schema_.field(i).name, columns_[i].size(), num_rows());
  }
}

void Table::AppendTable(const Table& other) {
  CA_CHECK_MSG(other.schema_ == schema_, "appending {} to {}", other.schema_.ToString(),
               schema_.ToString());
  for (size_t c = 0; c < columns_.size(); ++c) columns_[c].AppendColumn(other.columns_[c]);
}

void Table::Truncate(size_t rows) {
  for (auto& column : columns_) column.Truncate(rows);
}

void Table::AppendRow(const Table& other, size_t row) {
  for (size_t c = 0; c < columns_.size(); ++c) columns_[c].AppendFrom(other.columns_[c], row);
}

void Table::AppendRow(const std::vector<Value>& values) {
  CA_CHECK_EQ(values.size(), columns_.size());
  for (size_t c = 0; c < columns_.size(); ++c) columns_[c].AppendValue(values[c]);
}

std::vector<Value> Table::GetRow(size_t row) const {
  std::vector<Value> out;
  out.reserve(columns_.size());
  for (const auto& column : columns_) out.push_back(column.GetValue(row));
  return out;
}

// ---- Serialization
// ------------------------------------------------------------------------------- Layout: magic
// "CATB1", u32 column count, per field: u32 name length, name, u8 type, u8 nullable; u64 row count;
// per column: validity bytes, then the typed payload.

namespace {
void PutU64(std::string* out, uint64_t v) { out->append(reinterpret_cast<const char*>(&v), 8); }
void PutU32(std::string* out, uint32_t v) { out->append(reinterpret_cast<const char*>(&v), 4); }
template <typename T>
void PutVec(std::string* out, const std::vector<T>& v) {
  PutU64(out, v.size());
  out->append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool Get(void* dst, size_t n) {
    if (bytes_.size() - pos_ < n) return false;
    if (n == 0) return true;  // dst may be null (an empty vector's data())
    std::memcpy(dst, bytes_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  template <typename T>
  bool GetVec(std::vector<T>* v) {
    uint64_t n = 0;
    if (!Get(&n, 8) || n > (bytes_.size() - pos_) / sizeof(T)) return false;
    v->resize(n);
    return Get(v->data(), n * sizeof(T));
  }
  bool GetString(std::string* s) {
    uint64_t n = 0;
    if (!Get(&n, 8) || n > bytes_.size() - pos_) return false;
    s->assign(bytes_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool done() const { return pos_ == bytes_.size(); }
  size_t remaining() const { return bytes_.size() - pos_; }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};
}  // namespace

void Table::SerializeTo(std::string* out) const {
  CheckConsistent();
  out->append("CATB1");
  PutU32(out, static_cast<uint32_t>(schema_.size()));
  for (const auto& field : schema_.fields()) {
    PutU32(out, static_cast<uint32_t>(field.name.size()));
    out->append(field.name);
    out->push_back(static_cast<char>(field.type));
    out->push_back(field.nullable ? 1 : 0);
  }
  for (const auto& c : columns_) {
    PutVec(out, c.valid_);
    PutVec(out, c.bools_);
    PutVec(out, c.i32_);
    PutVec(out, c.i64_);
    PutVec(out, c.u64_);
    PutVec(out, c.f64_);
    PutU64(out, c.chars_.size());
    out->append(c.chars_);
    PutVec(out, c.offsets_);
    PutVec(out, c.list_offsets_);
  }
}

bool Table::Deserialize(std::string_view bytes, Table* out) {
  if (bytes.substr(0, 5) != "CATB1") return false;
  Reader r(bytes.substr(5));
  uint32_t ncols = 0;
  if (!r.Get(&ncols, 4)) return false;
  std::vector<Field> fields;
  for (uint32_t i = 0; i < ncols; ++i) {
    uint32_t len = 0;
    if (!r.Get(&len, 4) || len > r.remaining()) return false;  // never allocate what it claims
    std::string name(len, '\0');
    unsigned char type = 0, nullable = 0;
    if (!r.Get(name.data(), len) || !r.Get(&type, 1) || !r.Get(&nullable, 1)) return false;
    if (type > static_cast<unsigned char>(ColumnType::kStringList)) return false;
    fields.push_back(Field{std::move(name), static_cast<ColumnType>(type), nullable != 0});
  }
  Table table{Schema(std::move(fields))};
  for (auto& c : table.columns_) {
    if (!r.GetVec(&c.valid_) || !r.GetVec(&c.bools_) || !r.GetVec(&c.i32_) || !r.GetVec(&c.i64_) ||
        !r.GetVec(&c.u64_) || !r.GetVec(&c.f64_) || !r.GetString(&c.chars_) ||
        !r.GetVec(&c.offsets_) || !r.GetVec(&c.list_offsets_)) {
      return false;
    }
  }
  if (!r.done()) return false;
  // The bytes come from another process: every column must be what Append* would have built,
  // or a Get* would read outside its vectors.
  const size_t rows = table.columns_.empty() ? 0 : table.columns_[0].size();
  auto offsets_ok = [](const std::vector<uint64_t>& offsets, size_t count, uint64_t end) {
    if (offsets.size() != count + 1 || offsets.front() != 0 || offsets.back() != end) return false;
    return std::is_sorted(offsets.begin(), offsets.end());
  };
  for (const auto& c : table.columns_) {
    if (c.size() != rows) return false;
    bool payload = false;
    switch (c.type_) {
      case ColumnType::kBool:
        payload = c.bools_.size() == rows;
        break;
      case ColumnType::kInt32:
        payload = c.i32_.size() == rows;
        break;
      case ColumnType::kInt64:
        payload = c.i64_.size() == rows;
        break;
      case ColumnType::kUInt64:
        payload = c.u64_.size() == rows;
        break;
      case ColumnType::kDouble:
        payload = c.f64_.size() == rows;
        break;
      case ColumnType::kString:
        payload = offsets_ok(c.offsets_, rows, c.chars_.size());
        break;
      case ColumnType::kStringList:
        payload = !c.offsets_.empty() && offsets_ok(c.list_offsets_, rows, c.offsets_.size() - 1) &&
                  offsets_ok(c.offsets_, c.offsets_.size() - 1, c.chars_.size());
        break;
    }
    if (!payload) return false;
  }
  *out = std::move(table);
  return true;
}

}  // namespace codeanatomy::base
