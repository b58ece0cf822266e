// Session's read-side entry points: a user's SQL statement by statement, results streamed and
// decoded into QueryValue trees (any DuckDB type), the file-access sandbox, views and macros.
#include <cinttypes>
#include <cstring>

#include <fmt/core.h>

#include "codeanatomy/base/sql_text.h"
#include "codeanatomy/engine/session.h"

namespace codeanatomy::engine {

using base::Result;
using base::Status;

namespace {

using DuckExtracted = base::DuckHandle<duckdb_extracted_statements, duckdb_destroy_extracted>;
using DuckValue = base::DuckHandle<duckdb_value, duckdb_destroy_value>;

//! DuckDB's message without the SQL excerpt it appends ("\n\nLINE 1: ..."), on one line.
std::string OneLine(std::string_view message) {
  if (auto at = message.find("\n\nLINE "); at != std::string_view::npos)
    message = message.substr(0, at);
  std::string out;
  for (char c : message) {
    if (c == '\n') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string StatementName(duckdb_statement_type type) {
  switch (type) {
    case DUCKDB_STATEMENT_TYPE_COPY:
      return "COPY";
    case DUCKDB_STATEMENT_TYPE_EXPORT:
      return "EXPORT";
    case DUCKDB_STATEMENT_TYPE_ATTACH:
      return "ATTACH";
    case DUCKDB_STATEMENT_TYPE_DETACH:
      return "DETACH";
    case DUCKDB_STATEMENT_TYPE_LOAD:
      return "LOAD / INSTALL";
    default:
      return "";
  }
}

bool PrintsRows(duckdb_statement_type type) {
  switch (type) {
    case DUCKDB_STATEMENT_TYPE_SELECT:
    case DUCKDB_STATEMENT_TYPE_EXPLAIN:
    case DUCKDB_STATEMENT_TYPE_PRAGMA:
    case DUCKDB_STATEMENT_TYPE_CALL:
    case DUCKDB_STATEMENT_TYPE_EXECUTE:
    case DUCKDB_STATEMENT_TYPE_RELATION:
    case DUCKDB_STATEMENT_TYPE_INSERT:
    case DUCKDB_STATEMENT_TYPE_UPDATE:
    case DUCKDB_STATEMENT_TYPE_DELETE:
      return true;
    default:
      return false;
  }
}

//! What decoding a column needs to know of its type, resolved once per result.
struct ResultType {
  base::DuckLogicalType type;
  duckdb_type id = DUCKDB_TYPE_INVALID;
  std::vector<ResultType> children;  // list/array: 1; struct/union: each member; map: key, value
  std::vector<std::string> names;    // struct fields, union members
  uint8_t decimal_scale = 0;
  duckdb_type internal = DUCKDB_TYPE_INVALID;  // decimal, enum: the physical type
  std::vector<std::string> dictionary;         // enum values
  idx_t array_size = 0;
};

std::string TakeString(char* s) {
  std::string out = s ? s : "";
  duckdb_free(s);
  return out;
}

ResultType Resolve(duckdb_logical_type raw) {
  ResultType t;
  t.type = base::DuckLogicalType(raw);
  t.id = duckdb_get_type_id(raw);
  switch (t.id) {
    case DUCKDB_TYPE_LIST:
      t.children.push_back(Resolve(duckdb_list_type_child_type(raw)));
      break;
    case DUCKDB_TYPE_ARRAY:
      t.children.push_back(Resolve(duckdb_array_type_child_type(raw)));
      t.array_size = duckdb_array_type_array_size(raw);
      break;
    case DUCKDB_TYPE_MAP:
      t.children.push_back(Resolve(duckdb_map_type_key_type(raw)));
      t.children.push_back(Resolve(duckdb_map_type_value_type(raw)));
      break;
    case DUCKDB_TYPE_STRUCT:
      for (idx_t i = 0; i < duckdb_struct_type_child_count(raw); ++i) {
        t.children.push_back(Resolve(duckdb_struct_type_child_type(raw, i)));
        t.names.push_back(TakeString(duckdb_struct_type_child_name(raw, i)));
      }
      break;
    case DUCKDB_TYPE_UNION:
      for (idx_t i = 0; i < duckdb_union_type_member_count(raw); ++i) {
        t.children.push_back(Resolve(duckdb_union_type_member_type(raw, i)));
        t.names.push_back(TakeString(duckdb_union_type_member_name(raw, i)));
      }
      break;
    case DUCKDB_TYPE_DECIMAL:
      t.decimal_scale = duckdb_decimal_scale(raw);
      t.internal = duckdb_decimal_internal_type(raw);
      break;
    case DUCKDB_TYPE_ENUM:
      t.internal = duckdb_enum_internal_type(raw);
      for (uint32_t i = 0; i < duckdb_enum_dictionary_size(raw); ++i) {
        t.dictionary.push_back(TakeString(duckdb_enum_dictionary_value(raw, i)));
      }
      break;
    default:
      break;
  }
  return t;
}

std::string_view StringAt(duckdb_vector vec, idx_t row) {
  auto* s = &static_cast<duckdb_string_t*>(duckdb_vector_get_data(vec))[row];
  return std::string_view(duckdb_string_t_data(s), duckdb_string_t_length(*s));
}

template <typename T>
T At(duckdb_vector vec, idx_t row) {
  T out;
  std::memcpy(&out, static_cast<const char*>(duckdb_vector_get_data(vec)) + row * sizeof(T),
              sizeof(T));
  return out;
}

//! The decimal digits of a 128-bit integer.
std::string Int128Text(__int128 v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  unsigned __int128 u = negative ? -static_cast<unsigned __int128>(v) : v;
  std::string digits;
  while (u > 0) {
    digits += static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  }
  if (negative) digits += '-';
  return std::string(digits.rbegin(), digits.rend());
}

std::string UInt128Text(unsigned __int128 u) {
  if (u == 0) return "0";
  std::string digits;
  while (u > 0) {
    digits += static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  }
  return std::string(digits.rbegin(), digits.rend());
}

//! `unscaled` / 10^scale as decimal text.
std::string DecimalText(__int128 unscaled, uint8_t scale) {
  std::string digits = Int128Text(unscaled < 0 ? -unscaled : unscaled);
  if (scale > 0) {
    if (digits.size() <= scale) digits = std::string(scale + 1 - digits.size(), '0') + digits;
    digits.insert(digits.size() - scale, ".");
  }
  return (unscaled < 0 ? "-" : "") + digits;
}

__int128 HugeAt(duckdb_vector vec, idx_t row) {
  auto h = At<duckdb_hugeint>(vec, row);
  return (static_cast<__int128>(h.upper) << 64) | static_cast<__int128>(h.lower);
}

//! A scalar DuckDB renders: made into a duckdb_value, printed with duckdb_get_varchar.
QueryValue Rendered(duckdb_value value) {
  DuckValue owned(value);
  QueryValue out;
  out.kind = QueryValue::Kind::kText;
  out.text = owned ? TakeString(duckdb_get_varchar(owned.get())) : "?";
  return out;
}

QueryValue Decode(duckdb_vector vec, const ResultType& t, idx_t row) {
  QueryValue v;
  uint64_t* validity = duckdb_vector_get_validity(vec);
  if (validity != nullptr && !duckdb_validity_row_is_valid(validity, row)) return v;
  using K = QueryValue::Kind;
  auto signed_int = [&](int64_t x) {
    v.kind = K::kInt;
    v.int_value = x;
    return v;
  };
  auto unsigned_int = [&](uint64_t x) {
    v.kind = K::kUInt;
    v.uint_value = x;
    return v;
  };
  switch (t.id) {
    case DUCKDB_TYPE_BOOLEAN:
      v.kind = K::kBool;
      v.bool_value = At<bool>(vec, row);
      return v;
    case DUCKDB_TYPE_TINYINT:
      return signed_int(At<int8_t>(vec, row));
    case DUCKDB_TYPE_SMALLINT:
      return signed_int(At<int16_t>(vec, row));
    case DUCKDB_TYPE_INTEGER:
      return signed_int(At<int32_t>(vec, row));
    case DUCKDB_TYPE_BIGINT:
      return signed_int(At<int64_t>(vec, row));
    case DUCKDB_TYPE_UTINYINT:
      return unsigned_int(At<uint8_t>(vec, row));
    case DUCKDB_TYPE_USMALLINT:
      return unsigned_int(At<uint16_t>(vec, row));
    case DUCKDB_TYPE_UINTEGER:
      return unsigned_int(At<uint32_t>(vec, row));
    case DUCKDB_TYPE_UBIGINT:
      return unsigned_int(At<uint64_t>(vec, row));
    case DUCKDB_TYPE_FLOAT:
      v.kind = K::kDouble;
      v.double_value = At<float>(vec, row);
      return v;
    case DUCKDB_TYPE_DOUBLE:
      v.kind = K::kDouble;
      v.double_value = At<double>(vec, row);
      return v;
    case DUCKDB_TYPE_HUGEINT:
      v.kind = K::kNumber;
      v.text = Int128Text(HugeAt(vec, row));
      return v;
    case DUCKDB_TYPE_UHUGEINT: {
      auto h = At<duckdb_uhugeint>(vec, row);
      v.kind = K::kNumber;
      v.text = UInt128Text((static_cast<unsigned __int128>(h.upper) << 64) | h.lower);
      return v;
    }
    case DUCKDB_TYPE_DECIMAL: {
      __int128 unscaled = 0;
      switch (t.internal) {
        case DUCKDB_TYPE_SMALLINT:
          unscaled = At<int16_t>(vec, row);
          break;
        case DUCKDB_TYPE_INTEGER:
          unscaled = At<int32_t>(vec, row);
          break;
        case DUCKDB_TYPE_BIGINT:
          unscaled = At<int64_t>(vec, row);
          break;
        default:
          unscaled = HugeAt(vec, row);
          break;
      }
      v.kind = K::kNumber;
      v.text = DecimalText(unscaled, t.decimal_scale);
      return v;
    }
    case DUCKDB_TYPE_VARCHAR:
      v.kind = K::kString;
      v.text = std::string(StringAt(vec, row));
      return v;
    case DUCKDB_TYPE_BLOB:
      v.kind = K::kBlob;
      v.text = std::string(StringAt(vec, row));
      return v;
    case DUCKDB_TYPE_ENUM: {
      uint32_t index = t.internal == DUCKDB_TYPE_UTINYINT    ? At<uint8_t>(vec, row)
                       : t.internal == DUCKDB_TYPE_USMALLINT ? At<uint16_t>(vec, row)
                                                             : At<uint32_t>(vec, row);
      v.kind = K::kString;
      v.text = index < t.dictionary.size() ? t.dictionary[index] : "?";
      return v;
    }
    case DUCKDB_TYPE_DATE:
      return Rendered(duckdb_create_date(At<duckdb_date>(vec, row)));
    case DUCKDB_TYPE_TIME:
      return Rendered(duckdb_create_time(At<duckdb_time>(vec, row)));
    case DUCKDB_TYPE_TIME_NS:
      return Rendered(duckdb_create_time_ns(At<duckdb_time_ns>(vec, row)));
    case DUCKDB_TYPE_TIME_TZ:
      return Rendered(duckdb_create_time_tz_value(At<duckdb_time_tz>(vec, row)));
    case DUCKDB_TYPE_TIMESTAMP:
      return Rendered(duckdb_create_timestamp(At<duckdb_timestamp>(vec, row)));
    case DUCKDB_TYPE_TIMESTAMP_TZ:
      return Rendered(duckdb_create_timestamp_tz(At<duckdb_timestamp>(vec, row)));
    case DUCKDB_TYPE_TIMESTAMP_S:
      return Rendered(duckdb_create_timestamp_s(At<duckdb_timestamp_s>(vec, row)));
    case DUCKDB_TYPE_TIMESTAMP_MS:
      return Rendered(duckdb_create_timestamp_ms(At<duckdb_timestamp_ms>(vec, row)));
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return Rendered(duckdb_create_timestamp_ns(At<duckdb_timestamp_ns>(vec, row)));
    case DUCKDB_TYPE_INTERVAL:
      return Rendered(duckdb_create_interval(At<duckdb_interval>(vec, row)));
    case DUCKDB_TYPE_UUID: {
      // Stored as a hugeint with the top bit flipped (so that UUIDs sort as unsigned).
      auto h = At<duckdb_hugeint>(vec, row);
      duckdb_uhugeint u{h.lower, static_cast<uint64_t>(h.upper) ^ (uint64_t{1} << 63)};
      return Rendered(duckdb_create_uuid(u));
    }
    case DUCKDB_TYPE_BIT: {
      std::string_view bits = StringAt(vec, row);
      std::string copy(bits);
      duckdb_bit bit{reinterpret_cast<uint8_t*>(copy.data()), copy.size()};
      return Rendered(duckdb_create_bit(bit));
    }
    case DUCKDB_TYPE_LIST:
    case DUCKDB_TYPE_MAP: {
      auto entry = At<duckdb_list_entry>(vec, row);
      duckdb_vector child = duckdb_list_vector_get_child(vec);
      if (t.id == DUCKDB_TYPE_LIST) {
        v.kind = K::kList;
        for (idx_t k = 0; k < entry.length; ++k) {
          v.items.push_back(Decode(child, t.children[0], entry.offset + k));
        }
        return v;
      }
      // A map is a list of STRUCT(key, value).
      v.kind = K::kMap;
      duckdb_vector keys = duckdb_struct_vector_get_child(child, 0);
      duckdb_vector values = duckdb_struct_vector_get_child(child, 1);
      for (idx_t k = 0; k < entry.length; ++k) {
        v.items.push_back(Decode(keys, t.children[0], entry.offset + k));
        v.items.push_back(Decode(values, t.children[1], entry.offset + k));
      }
      return v;
    }
    case DUCKDB_TYPE_ARRAY: {
      duckdb_vector child = duckdb_array_vector_get_child(vec);
      v.kind = K::kList;
      for (idx_t k = 0; k < t.array_size; ++k) {
        v.items.push_back(Decode(child, t.children[0], row * t.array_size + k));
      }
      return v;
    }
    case DUCKDB_TYPE_STRUCT:
      v.kind = K::kStruct;
      v.names = t.names;
      for (size_t i = 0; i < t.children.size(); ++i) {
        v.items.push_back(Decode(duckdb_struct_vector_get_child(vec, i), t.children[i], row));
      }
      return v;
    case DUCKDB_TYPE_UNION: {
      // Child 0 is the tag; member i is child i + 1. The value is the chosen member, named.
      const auto tag = At<uint8_t>(duckdb_struct_vector_get_child(vec, 0), row);
      if (tag >= t.children.size()) return v;
      v.kind = K::kStruct;
      v.names = {t.names[tag]};
      v.items.push_back(Decode(duckdb_struct_vector_get_child(vec, tag + 1), t.children[tag], row));
      return v;
    }
    case DUCKDB_TYPE_SQLNULL:
      return v;
    default: {
      // A type DuckDB gained after this code was written: say which, do not guess its bytes.
      v.kind = K::kText;
      v.text =
          fmt::format("<{}>", OneLine(TakeString(duckdb_logical_type_get_alias(t.type.get()))));
      if (v.text == "<>") v.text = fmt::format("<type {}>", static_cast<int>(t.id));
      return v;
    }
  }
}

}  // namespace

Status Session::RunUserSql(std::string_view sql, QuerySink& sink, bool refuse_file_statements) {
  const std::string text(sql);
  DuckExtracted statements;
  const idx_t count = duckdb_extract_statements(con_.get(), text.c_str(), statements.out());
  if (count == 0) {
    const char* error = statements ? duckdb_extract_statements_error(statements.get()) : nullptr;
    if (error != nullptr && *error != '\0') {
      return Status::InvalidArgument("the query failed: {}", OneLine(error));
    }
    return Status::InvalidArgument("no SQL statement to run (the SQL is empty)");
  }
  for (idx_t i = 0; i < count; ++i) {
    base::DuckPrepared prepared;
    ++statements_sent_;
    if (duckdb_prepare_extracted_statement(con_.get(), statements.get(), i, prepared.out()) !=
        DuckDBSuccess) {
      return Status::InvalidArgument("the query failed: {}",
                                     OneLine(duckdb_prepare_error(prepared.get())));
    }
    const duckdb_statement_type type = duckdb_prepared_statement_type(prepared.get());
    if (refuse_file_statements && !StatementName(type).empty()) {
      return Status::InvalidArgument(
          "{} is not allowed: queries read only the output directory's tables (pass "
          "--allow-external to lift this)",
          StatementName(type));
    }
    base::DuckResult result;
    if (duckdb_execute_prepared_streaming(prepared.get(), result.out()) != DuckDBSuccess) {
      return Status::InvalidArgument("the query failed: {}",
                                     OneLine(duckdb_result_error(result.get())));
    }
    if (!PrintsRows(type)) continue;
    const idx_t cols = duckdb_column_count(result.get());
    std::vector<std::string> names;
    std::vector<ResultType> types;
    for (idx_t c = 0; c < cols; ++c) {
      names.emplace_back(duckdb_column_name(result.get(), c));
      types.push_back(Resolve(duckdb_column_logical_type(result.get(), c)));
    }
    CA_RETURN_IF_ERROR(sink.BeginResult(names));
    std::vector<QueryValue> row(cols);
    while (true) {
      base::DuckDataChunk chunk(duckdb_fetch_chunk(*result.get()));
      if (!chunk) break;
      const idx_t rows = duckdb_data_chunk_get_size(chunk.get());
      std::vector<duckdb_vector> vectors(cols);
      for (idx_t c = 0; c < cols; ++c) vectors[c] = duckdb_data_chunk_get_vector(chunk.get(), c);
      for (idx_t r = 0; r < rows; ++r) {
        for (idx_t c = 0; c < cols; ++c) row[c] = Decode(vectors[c], types[c], r);
        CA_RETURN_IF_ERROR(sink.Row(row));
      }
    }
    // A streamed query that fails while producing rows ends the chunks and keeps the error.
    if (const char* error = duckdb_result_error(result.get()); error != nullptr && *error) {
      return Status::InvalidArgument("the query failed: {}", OneLine(error));
    }
    CA_RETURN_IF_ERROR(sink.EndResult());
  }
  return Status::Ok();
}

Status Session::RestrictFileAccess(const std::vector<std::filesystem::path>& readable) {
  std::string paths;
  for (const auto& p : readable) {
    paths += (paths.empty() ? "" : ", ") + base::QuoteString(p.string());
  }
  CA_RETURN_IF_ERROR(Execute(fmt::format("SET allowed_paths = [{}]", paths)));
  CA_RETURN_IF_ERROR(Execute("SET enable_external_access = false"));
  return Execute("SET lock_configuration = true");
}

Status Session::CreateView(std::string_view name, const std::string& select_sql) {
  return Execute(
      fmt::format("CREATE OR REPLACE VIEW {} AS {}", base::QuoteIdentifier(name), select_sql));
}

Status Session::Define(const std::string& ddl) { return Execute(ddl); }

std::vector<std::string> Session::TablesNamedIn(const std::string& sql) {
  DuckValue names(duckdb_get_table_names(con_.get(), sql.c_str(), false));
  std::vector<std::string> out;
  if (!names) return out;
  for (idx_t i = 0; i < duckdb_get_list_size(names.get()); ++i) {
    DuckValue item(duckdb_get_list_child(names.get(), i));
    out.push_back(TakeString(duckdb_get_varchar(item.get())));
  }
  return out;
}

Status Session::ReadWholeParquet(const std::filesystem::path& file) {
  // hash(t) of the whole row: every column is read and decoded.
  Status s = Execute(fmt::format("SELECT max(hash(t)) FROM read_parquet({}) AS t",
                                 base::QuoteString(file.string())));
  if (!s.ok()) return Status(s.code(), OneLine(s.message()));
  return s;
}

}  // namespace codeanatomy::engine
