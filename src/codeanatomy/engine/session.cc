#include "codeanatomy/engine/session.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include <fmt/core.h>

#include "codeanatomy/base/sql_text.h"
#include "codeanatomy/base/stable_id.h"

namespace codeanatomy::engine {

using base::ColumnType;
using base::QuoteIdentifier;
using base::Result;
using base::Status;

namespace {

base::DuckLogicalType LogicalType(ColumnType t) {
  switch (t) {
    case ColumnType::kBool:
      return base::DuckLogicalType(duckdb_create_logical_type(DUCKDB_TYPE_BOOLEAN));
    case ColumnType::kInt32:
      return base::DuckLogicalType(duckdb_create_logical_type(DUCKDB_TYPE_INTEGER));
    case ColumnType::kInt64:
      return base::DuckLogicalType(duckdb_create_logical_type(DUCKDB_TYPE_BIGINT));
    case ColumnType::kUInt64:
      return base::DuckLogicalType(duckdb_create_logical_type(DUCKDB_TYPE_UBIGINT));
    case ColumnType::kDouble:
      return base::DuckLogicalType(duckdb_create_logical_type(DUCKDB_TYPE_DOUBLE));
    case ColumnType::kString:
      return base::DuckLogicalType(duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR));
    case ColumnType::kStringList: {
      base::DuckLogicalType child(duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR));
      return base::DuckLogicalType(duckdb_create_list_type(child.get()));
    }
  }
  CA_UNREACHABLE("column type {}", static_cast<int>(t));
}

//! Maps a DuckDB logical type to ours; nullopt for types the graph does not use.
std::optional<ColumnType> FromLogicalType(duckdb_logical_type type) {
  switch (duckdb_get_type_id(type)) {
    case DUCKDB_TYPE_BOOLEAN:
      return ColumnType::kBool;
    case DUCKDB_TYPE_INTEGER:
      return ColumnType::kInt32;
    case DUCKDB_TYPE_BIGINT:
      return ColumnType::kInt64;
    case DUCKDB_TYPE_UBIGINT:
      return ColumnType::kUInt64;
    case DUCKDB_TYPE_DOUBLE:
      return ColumnType::kDouble;
    case DUCKDB_TYPE_VARCHAR:
      return ColumnType::kString;
    case DUCKDB_TYPE_LIST: {
      base::DuckLogicalType child(duckdb_list_type_child_type(type));
      if (duckdb_get_type_id(child.get()) == DUCKDB_TYPE_VARCHAR) return ColumnType::kStringList;
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::string_view StringOf(duckdb_string_t* s) {
  return std::string_view(duckdb_string_t_data(s), duckdb_string_t_length(*s));
}

bool RowValid(uint64_t* validity, idx_t row) {
  return validity == nullptr || duckdb_validity_row_is_valid(validity, row);
}

//! Appends the rows of one DuckDB vector to `column`.
void ReadVector(duckdb_vector vec, idx_t rows, base::Column& column) {
  uint64_t* validity = duckdb_vector_get_validity(vec);
  void* data = duckdb_vector_get_data(vec);
  for (idx_t r = 0; r < rows; ++r) {
    if (!RowValid(validity, r)) {
      column.AppendNull();
      continue;
    }
    switch (column.type()) {
      case ColumnType::kBool:
        column.AppendBool(static_cast<bool*>(data)[r]);
        break;
      case ColumnType::kInt32:
        column.AppendInt32(static_cast<int32_t*>(data)[r]);
        break;
      case ColumnType::kInt64:
        column.AppendInt64(static_cast<int64_t*>(data)[r]);
        break;
      case ColumnType::kUInt64:
        column.AppendUInt64(static_cast<uint64_t*>(data)[r]);
        break;
      case ColumnType::kDouble:
        column.AppendDouble(static_cast<double*>(data)[r]);
        break;
      case ColumnType::kString:
        column.AppendString(StringOf(&static_cast<duckdb_string_t*>(data)[r]));
        break;
      case ColumnType::kStringList: {
        auto* entries = static_cast<duckdb_list_entry*>(data);
        duckdb_vector child = duckdb_list_vector_get_child(vec);
        auto* items = static_cast<duckdb_string_t*>(duckdb_vector_get_data(child));
        uint64_t* child_validity = duckdb_vector_get_validity(child);
        column.BeginList();
        for (idx_t k = 0; k < entries[r].length; ++k) {
          idx_t item = entries[r].offset + k;
          // Lists of the graph never hold NULL items; a NULL item reads as "".
          column.AppendListItem(RowValid(child_validity, item) ? StringOf(&items[item]) : "");
        }
        column.EndList();
        break;
      }
    }
  }
}

//! The scalar function `stable_id(VARCHAR...) -> UBIGINT`: base::StableIdBuilder over its
//! arguments.
void StableIdFunction(duckdb_function_info, duckdb_data_chunk input, duckdb_vector output) {
  const idx_t rows = duckdb_data_chunk_get_size(input);
  const idx_t cols = duckdb_data_chunk_get_column_count(input);
  std::vector<duckdb_string_t*> data(cols);
  std::vector<uint64_t*> validity(cols);
  for (idx_t c = 0; c < cols; ++c) {
    duckdb_vector v = duckdb_data_chunk_get_vector(input, c);
    data[c] = static_cast<duckdb_string_t*>(duckdb_vector_get_data(v));
    validity[c] = duckdb_vector_get_validity(v);
  }
  auto* out = static_cast<uint64_t*>(duckdb_vector_get_data(output));
  for (idx_t r = 0; r < rows; ++r) {
    base::StableIdBuilder id;
    for (idx_t c = 0; c < cols; ++c) {
      if (RowValid(validity[c], r)) {
        id.Add(StringOf(&data[c][r]));
      } else {
        id.AddNull();
      }
    }
    out[r] = id.Finish();
  }
}

Status RegisterStableId(duckdb_connection con) {
  base::DuckScalarFunction fn(duckdb_create_scalar_function());
  duckdb_scalar_function_set_name(fn.get(), "stable_id");
  base::DuckLogicalType varchar(duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR));
  base::DuckLogicalType ubigint(duckdb_create_logical_type(DUCKDB_TYPE_UBIGINT));
  duckdb_scalar_function_set_varargs(fn.get(), varchar.get());
  duckdb_scalar_function_set_return_type(fn.get(), ubigint.get());
  duckdb_scalar_function_set_special_handling(fn.get());  // NULL arguments reach the function
  duckdb_scalar_function_set_function(fn.get(), StableIdFunction);
  if (duckdb_register_scalar_function(con, fn.get()) != DuckDBSuccess) {
    return Status::EngineError("cannot register the stable_id function with DuckDB");
  }
  return Status::Ok();
}

//! Copies rows [begin, begin + n) of `rows` into `chunk` (n <= the vector size); false when DuckDB
//! cannot size a list vector.
bool FillChunk(const base::Table& rows, size_t begin, size_t n, duckdb_data_chunk chunk) {
  for (size_t c = 0; c < rows.num_columns(); ++c) {
    const base::Column& col = rows.column(c);
    duckdb_vector vec = duckdb_data_chunk_get_vector(chunk, c);
    bool has_nulls = false;
    for (size_t r = 0; r < n && !has_nulls; ++r) has_nulls = !col.IsValid(begin + r);
    uint64_t* validity = nullptr;
    if (has_nulls) {
      duckdb_vector_ensure_validity_writable(vec);
      validity = duckdb_vector_get_validity(vec);
    }
    void* data = duckdb_vector_get_data(vec);
    auto copy_fixed = [&](const auto* values) {
      std::memcpy(data, values + begin, n * sizeof(*values));
    };
    switch (col.type()) {
      case ColumnType::kBool:
        for (size_t r = 0; r < n; ++r) static_cast<bool*>(data)[r] = col.GetBool(begin + r);
        break;
      case ColumnType::kInt32:
        copy_fixed(col.int32_data());
        break;
      case ColumnType::kInt64:
        copy_fixed(col.int64_data());
        break;
      case ColumnType::kUInt64:
        copy_fixed(col.uint64_data());
        break;
      case ColumnType::kDouble:
        copy_fixed(col.double_data());
        break;
      case ColumnType::kString:
        for (size_t r = 0; r < n; ++r) {
          if (!col.IsValid(begin + r)) continue;
          std::string_view s = col.GetString(begin + r);
          duckdb_vector_assign_string_element_len(vec, r, s.data(), s.size());
        }
        break;
      case ColumnType::kStringList: {
        size_t total = 0;
        for (size_t r = 0; r < n; ++r) total += col.ListLength(begin + r);
        if (duckdb_list_vector_reserve(vec, total) != DuckDBSuccess ||
            duckdb_list_vector_set_size(vec, total) != DuckDBSuccess) {
          return false;
        }
        duckdb_vector child = duckdb_list_vector_get_child(vec);
        auto* entries = static_cast<duckdb_list_entry*>(data);
        size_t offset = 0;
        for (size_t r = 0; r < n; ++r) {
          const size_t len = col.IsValid(begin + r) ? col.ListLength(begin + r) : 0;
          entries[r].offset = offset;
          entries[r].length = len;
          for (size_t k = 0; k < len; ++k) {
            std::string_view item = col.ListItem(begin + r, k);
            duckdb_vector_assign_string_element_len(child, offset + k, item.data(), item.size());
          }
          offset += len;
        }
        break;
      }
    }
    if (validity != nullptr) {
      for (size_t r = 0; r < n; ++r) {
        if (!col.IsValid(begin + r)) duckdb_validity_set_row_invalid(validity, r);
      }
    }
  }
  duckdb_data_chunk_set_size(chunk, n);
  return true;
}

//! The table function `ca_append_source()`: the rows Session::Append is inserting (its extra info
//! points at Session::appending_), one vector-sized chunk per call, handed out to as many DuckDB
//! threads as there are chunks. The rows are only read, so concurrent calls are safe.
struct AppendSourceBind {
  const base::Table* rows = nullptr;
};
struct AppendSourceState {
  std::atomic<size_t> next_chunk{0};
};

void AppendSourceBindFn(duckdb_bind_info info) {
  const auto* slot = static_cast<const base::Table* const*>(duckdb_bind_get_extra_info(info));
  const base::Table* rows = *slot;
  if (rows == nullptr) {
    duckdb_bind_set_error(info, "ca_append_source() is only read by Session::Append");
    return;
  }
  for (const auto& field : rows->schema().fields()) {
    base::DuckLogicalType type = LogicalType(field.type);
    duckdb_bind_add_result_column(info, field.name.c_str(), type.get());
  }
  duckdb_bind_set_cardinality(info, rows->num_rows(), true);
  duckdb_bind_set_bind_data(info, new AppendSourceBind{rows},
                            [](void* p) { delete static_cast<AppendSourceBind*>(p); });
}

void AppendSourceInitFn(duckdb_init_info info) {
  const auto* bind = static_cast<const AppendSourceBind*>(duckdb_init_get_bind_data(info));
  const size_t capacity = duckdb_vector_size();
  duckdb_init_set_max_threads(info, (bind->rows->num_rows() + capacity - 1) / capacity);
  duckdb_init_set_init_data(info, new AppendSourceState,
                            [](void* p) { delete static_cast<AppendSourceState*>(p); });
}

void AppendSourceFn(duckdb_function_info info, duckdb_data_chunk output) {
  const auto* bind = static_cast<const AppendSourceBind*>(duckdb_function_get_bind_data(info));
  auto* state = static_cast<AppendSourceState*>(duckdb_function_get_init_data(info));
  const size_t capacity = duckdb_vector_size();
  const size_t begin = state->next_chunk.fetch_add(1) * capacity;
  const size_t total = bind->rows->num_rows();
  if (begin >= total) {
    duckdb_data_chunk_set_size(output, 0);
    return;
  }
  if (!FillChunk(*bind->rows, begin, std::min(capacity, total - begin), output)) {
    duckdb_function_set_error(info, "cannot size a list vector");
  }
}

Status RegisterAppendSource(duckdb_connection con, const base::Table* const* appending) {
  base::DuckTableFunction fn(duckdb_create_table_function());
  duckdb_table_function_set_name(fn.get(), "ca_append_source");
  duckdb_table_function_set_extra_info(fn.get(), const_cast<const base::Table**>(appending),
                                       nullptr);
  duckdb_table_function_set_bind(fn.get(), AppendSourceBindFn);
  duckdb_table_function_set_init(fn.get(), AppendSourceInitFn);
  duckdb_table_function_set_function(fn.get(), AppendSourceFn);
  if (duckdb_register_table_function(con, fn.get()) != DuckDBSuccess) {
    return Status::EngineError("cannot register the ca_append_source table function with DuckDB");
  }
  return Status::Ok();
}

//! The error of a failed statement. Environment failures (I/O: a full disk, a read-only or
//! unwritable directory, while writing Parquet or spilling; permissions; memory) are the user's
//! to fix, as one line (exit code 2); anything else is an engine error, a bug in what we sent.
//! `out_of_memory` is set when the statement failed for want of memory (under memory_limit).
Status StatementError(duckdb_result* result, bool& out_of_memory) {
  std::string message = duckdb_result_error(result);
  const duckdb_error_type type = duckdb_result_error_type(result);
  const bool io = type == DUCKDB_ERROR_IO || type == DUCKDB_ERROR_PERMISSION;
  const bool memory = type == DUCKDB_ERROR_OUT_OF_MEMORY;
  if (memory) out_of_memory = true;
  if (!io && !memory) return Status::EngineError("{}", message);
  // DuckDB adds hint lines (links to its documentation): keep the first line.
  message = message.substr(0, message.find('\n'));
  if (io) return Status::IoError("{}", message);
  return Status::FailedPrecondition(
      "{}; build with fewer --threads, leave huge generated files out (--exclude, "
      "--max-file-bytes) or run where more memory is available",
      message);
}

}  // namespace

Result<std::unique_ptr<Session>> Session::Open(const RuntimeProfile& profile) {
  std::unique_ptr<Session> s(new Session(profile));
  base::DuckConfig config;
  if (duckdb_create_config(config.out()) != DuckDBSuccess) {
    return Status::EngineError("cannot create a DuckDB configuration");
  }
  auto set = [&](const char* key, const std::string& value) -> Status {
    if (duckdb_set_config(config.get(), key, value.c_str()) != DuckDBSuccess) {
      return Status::EngineError("DuckDB rejected setting {}={}", key, value);
    }
    return Status::Ok();
  };
  CA_RETURN_IF_ERROR(set("threads", std::to_string(std::max(1, profile.threads))));
  CA_RETURN_IF_ERROR(set("autoinstall_known_extensions", "false"));
  CA_RETURN_IF_ERROR(set("autoload_known_extensions", "false"));
  CA_RETURN_IF_ERROR(set("allow_community_extensions", "false"));
  // Nothing depends on a table's storage order: every file is written with a total ORDER BY, and
  // rules break ties explicitly. Unordered inserts run in parallel and cost less CPU.
  CA_RETURN_IF_ERROR(set("preserve_insertion_order", "false"));
  if (!profile.memory_limit.empty()) CA_RETURN_IF_ERROR(set("memory_limit", profile.memory_limit));
  if (!profile.temp_directory.empty()) {
    CA_RETURN_IF_ERROR(set("temp_directory", profile.temp_directory));
  }
  char* error = nullptr;
  if (duckdb_open_ext(nullptr, s->db_.out(), config.get(), &error) != DuckDBSuccess) {
    std::string message = error ? error : "unknown error";
    duckdb_free(error);
    return Status::EngineError("cannot open the DuckDB database: {}", message);
  }
  if (duckdb_connect(s->db_.get(), s->con_.out()) != DuckDBSuccess) {
    return Status::EngineError("cannot connect to the DuckDB database");
  }
  CA_RETURN_IF_ERROR(RegisterStableId(s->con_.get()));
  CA_RETURN_IF_ERROR(RegisterAppendSource(s->con_.get(), &s->appending_));
  return s;
}

Session::~Session() = default;

std::string Session::duckdb_version() const { return duckdb_library_version(); }

Status Session::Execute(const std::string& sql) {
  ++statements_sent_;
  base::DuckResult result;
  if (duckdb_query(con_.get(), sql.c_str(), result.out()) != DuckDBSuccess) {
    return StatementError(result.get(), out_of_memory_);
  }
  return Status::Ok();
}

Status Session::ExecuteCached(const std::string& sql) {
  ++statements_sent_;
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    base::DuckPrepared statement;
    if (duckdb_prepare(con_.get(), sql.c_str(), statement.out()) != DuckDBSuccess) {
      return Status::EngineError("{}", duckdb_prepare_error(statement.get()));
    }
    it = prepared_.emplace(sql, std::move(statement)).first;
  }
  base::DuckResult result;
  if (duckdb_execute_prepared(it->second.get(), result.out()) != DuckDBSuccess) {
    // Memory and I/O failures are the environment's, as for Execute (never a kernel fallback).
    return StatementError(result.get(), out_of_memory_);
  }
  return Status::Ok();
}

Status Session::SetReusablePlans(bool on) {
  return Execute(
      on ? "SET disabled_optimizers = 'statistics_propagation,compressed_materialization'"
         : "RESET disabled_optimizers");
}

Status Session::QueryChunks(const std::string& sql,
                            const std::function<Status(const base::Table&)>& sink) {
  ++statements_sent_;
  base::DuckResult result;
  if (duckdb_query(con_.get(), sql.c_str(), result.out()) != DuckDBSuccess) {
    return StatementError(result.get(), out_of_memory_);
  }
  const idx_t cols = duckdb_column_count(result.get());
  std::vector<base::Field> fields;
  for (idx_t c = 0; c < cols; ++c) {
    base::DuckLogicalType type(duckdb_column_logical_type(result.get(), c));
    auto t = FromLogicalType(type.get());
    if (!t) {
      return Status::EngineError("result column '{}' has a type the graph does not use",
                                 duckdb_column_name(result.get(), c));
    }
    fields.push_back({duckdb_column_name(result.get(), c), *t, true});
  }
  base::Schema schema(std::move(fields));
  bool any = false;
  while (true) {
    base::DuckDataChunk chunk(duckdb_fetch_chunk(*result.get()));
    if (!chunk) break;
    const idx_t rows = duckdb_data_chunk_get_size(chunk.get());
    if (rows == 0) continue;
    base::Table table(schema);
    for (idx_t c = 0; c < cols; ++c) {
      ReadVector(duckdb_data_chunk_get_vector(chunk.get(), c), rows, table.column(c));
    }
    any = true;
    CA_RETURN_IF_ERROR(sink(table));
  }
  if (!any) CA_RETURN_IF_ERROR(sink(base::Table(schema)));
  return Status::Ok();
}

Result<base::Table> Session::Query(const std::string& sql) {
  std::optional<base::Table> out;
  CA_RETURN_IF_ERROR(QueryChunks(sql, [&](const base::Table& chunk) {
    if (!out) {
      out.emplace(chunk.schema());
    }
    out->AppendTable(chunk);
    return Status::Ok();
  }));
  return std::move(*out);
}

Status Session::CreateTable(const schema::TableDef& def) {
  return Execute(schema::CreateTableSql(def));
}

Status Session::CreateTable(std::string_view name, const base::Schema& schema) {
  std::string sql = fmt::format("CREATE OR REPLACE TABLE {} (", QuoteIdentifier(name));
  for (size_t i = 0; i < schema.size(); ++i) {
    sql += fmt::format("{}{} {}", i ? ", " : "", QuoteIdentifier(schema.field(i).name),
                       base::ColumnTypeName(schema.field(i).type));
  }
  return Execute(sql + ")");
}

Status Session::Append(std::string_view table, const base::Table& rows) {
  rows.CheckConsistent();
  if (rows.num_rows() == 0) return Status::Ok();
  // The rows reach DuckDB through the table function `ca_append_source` (RegisterAppendSource):
  // one INSERT ... SELECT reads and inserts them on every thread of the session. The appender
  // would first buffer them in a collection of its own, then insert them from this thread alone.
  appending_ = &rows;
  Status s = Execute(
      fmt::format("INSERT INTO {} SELECT * FROM ca_append_source()", QuoteIdentifier(table)));
  appending_ = nullptr;
  if (!s.ok())
    return s.WithContext(fmt::format("cannot append {} rows to table {}", rows.num_rows(), table));
  return Status::Ok();
}

Result<base::Table> Session::ReadTable(std::string_view table) {
  return Query(fmt::format("SELECT * FROM {}", QuoteIdentifier(table)));
}

Result<int64_t> Session::RowCount(std::string_view table) {
  CA_ASSIGN_OR_RETURN(base::Table t,
                      Query(fmt::format("SELECT count(*) FROM {}", QuoteIdentifier(table))));
  return t.column(0).GetInt64(0);
}

Result<bool> Session::HasTable(std::string_view table) {
  CA_ASSIGN_OR_RETURN(
      base::Table t, Query(fmt::format("SELECT count(*) FROM duckdb_tables() WHERE table_name = {}",
                                       base::QuoteString(table))));
  return t.column(0).GetInt64(0) > 0;
}

Result<base::Schema> Session::TableSchema(std::string_view table) {
  CA_ASSIGN_OR_RETURN(base::Table t,
                      Query(fmt::format("SELECT * FROM {} LIMIT 0", QuoteIdentifier(table))));
  return t.schema();
}

Result<std::vector<CatalogTable>> Session::Snapshot() {
  CA_ASSIGN_OR_RETURN(
      base::Table cols,
      Query("SELECT table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE schema_name = 'main' AND NOT internal ORDER BY table_name, column_index"));
  std::vector<CatalogTable> out;
  for (size_t r = 0; r < cols.num_rows(); ++r) {
    std::string table(cols.column(0).GetString(r));
    if (out.empty() || out.back().name != table) out.push_back(CatalogTable{table, {}, 0});
    out.back().columns.push_back(
        {std::string(cols.column(1).GetString(r)), std::string(cols.column(2).GetString(r))});
  }
  for (auto& t : out) {
    CA_ASSIGN_OR_RETURN(t.rows, RowCount(t.name));
  }
  for (const auto& [name, t] : released_) {
    const bool live = std::any_of(out.begin(), out.end(), [&](auto& o) { return o.name == name; });
    if (!live) out.push_back(t);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

Result<CatalogTable> Session::Describe(std::string_view table) {
  CA_ASSIGN_OR_RETURN(base::Table cols,
                      Query(fmt::format("SELECT column_name, data_type FROM duckdb_columns() "
                                        "WHERE schema_name = 'main' AND NOT internal AND "
                                        "table_name = {} ORDER BY column_index",
                                        base::QuoteString(table))));
  CatalogTable out{std::string(table), {}, 0};
  for (size_t r = 0; r < cols.num_rows(); ++r) {
    out.columns.push_back(
        {std::string(cols.column(0).GetString(r)), std::string(cols.column(1).GetString(r))});
  }
  CA_ASSIGN_OR_RETURN(out.rows, RowCount(table));
  return out;
}

Status Session::Release(std::string_view table) {
  CA_ASSIGN_OR_RETURN(CatalogTable entry, Describe(table));
  CA_RETURN_IF_ERROR(Execute(fmt::format("DROP TABLE {}", QuoteIdentifier(table))));
  released_.insert_or_assign(std::string(table), std::move(entry));
  return Status::Ok();
}

Status Session::InsertInto(std::string_view target, std::string_view source) {
  return Execute(fmt::format("INSERT INTO {} SELECT * FROM {}", QuoteIdentifier(target),
                             QuoteIdentifier(source)));
}

Status Session::Rename(std::string_view from, std::string_view to) {
  return Execute(
      fmt::format("ALTER TABLE {} RENAME TO {}", QuoteIdentifier(from), QuoteIdentifier(to)));
}

Status Session::DropScratch(std::string_view table) {
  return Execute(fmt::format("DROP TABLE IF EXISTS {}", QuoteIdentifier(table)));
}

Status Session::CopyToParquet(std::string_view table, const std::filesystem::path& path,
                              const std::vector<std::string>& order_by) {
  std::string order;
  for (size_t i = 0; i < order_by.size(); ++i) {
    order += fmt::format("{}{} ASC NULLS FIRST", i ? ", " : "", QuoteIdentifier(order_by[i]));
  }
  std::string sql = fmt::format(
      "COPY (SELECT * FROM {}{}) TO {} (FORMAT parquet, COMPRESSION zstd)", QuoteIdentifier(table),
      order.empty() ? "" : " ORDER BY " + order, base::QuoteString(path.string()));
  Status s = Execute(sql);
  if (!s.ok()) return s.WithContext(fmt::format("writing {}", path.string()));
  return Status::Ok();
}

Result<std::vector<int64_t>> Session::AppendParquetRows(std::span<const ParquetLoad> loads,
                                                        std::span<const uint64_t> file_ids) {
  std::vector<int64_t> appended(loads.size(), 0);
  if (file_ids.empty() || loads.empty()) return appended;
  std::string ids;
  for (uint64_t id : file_ids) ids += fmt::format("{}{}", ids.empty() ? "" : ",", id);
  const std::string keep = "ca_reuse_file_ids";
  CA_RETURN_IF_ERROR(
      Execute(fmt::format("CREATE OR REPLACE TEMP TABLE {} AS SELECT UNNEST([{}]::UBIGINT[]) AS "
                          "file_id",
                          keep, ids)));
  CA_RETURN_IF_ERROR(Execute("BEGIN TRANSACTION"));
  Status failed = Status::Ok();
  for (size_t i = 0; i < loads.size() && failed.ok(); ++i) {
    const ParquetLoad& load = loads[i];
    Result<base::Schema> schema = TableSchema(load.table);
    Result<int64_t> before = schema.ok() ? RowCount(load.table) : Result<int64_t>(schema.status());
    if (!before.ok()) {
      failed = before.status();
      break;
    }
    std::string columns;
    for (const auto& f : schema->fields()) {
      columns += (columns.empty() ? "" : ", ") + QuoteIdentifier(f.name);
    }
    failed = Execute(fmt::format(
        "INSERT INTO {} SELECT {} FROM read_parquet({}) WHERE file_id IN (SELECT file_id FROM {})",
        QuoteIdentifier(load.table), columns, base::QuoteString(load.file.string()), keep));
    if (!failed.ok()) {
      failed = failed.WithContext(fmt::format("reading {}", load.file.string()));
      break;
    }
    Result<int64_t> after = RowCount(load.table);
    if (!after.ok()) {
      failed = after.status();
      break;
    }
    appended[i] = *after - *before;
  }
  const Status ended = Execute(failed.ok() ? "COMMIT" : "ROLLBACK");
  const Status dropped = Execute("DROP TABLE IF EXISTS " + keep);
  CA_RETURN_IF_ERROR(failed);
  CA_RETURN_IF_ERROR(ended);
  CA_RETURN_IF_ERROR(dropped);
  return appended;
}

Status Session::CreateParquetView(std::string_view name, const std::filesystem::path& path) {
  return Execute(fmt::format("CREATE OR REPLACE VIEW {} AS SELECT * FROM read_parquet({})",
                             QuoteIdentifier(name), base::QuoteString(path.string())));
}

Status Session::QueryText(std::string_view sql, std::vector<std::string>* column_names,
                          std::vector<std::vector<std::optional<std::string>>>* rows) {
  ++statements_sent_;
  base::DuckResult result;
  const std::string text(sql);
  if (duckdb_query(con_.get(), text.c_str(), result.out()) != DuckDBSuccess) {
    return Status::InvalidArgument("the query failed: {}", duckdb_result_error(result.get()));
  }
  const idx_t cols = duckdb_column_count(result.get());
  column_names->clear();
  for (idx_t c = 0; c < cols; ++c) column_names->push_back(duckdb_column_name(result.get(), c));
  rows->clear();
  const idx_t n = duckdb_row_count(result.get());
  for (idx_t r = 0; r < n; ++r) {
    std::vector<std::optional<std::string>> row;
    for (idx_t c = 0; c < cols; ++c) {
      if (duckdb_value_is_null(result.get(), c, r)) {
        row.emplace_back(std::nullopt);
        continue;
      }
      char* v = duckdb_value_varchar(result.get(), c, r);
      row.emplace_back(v ? std::string(v) : std::string());
      duckdb_free(v);
    }
    rows->push_back(std::move(row));
  }
  return Status::Ok();
}

}  // namespace codeanatomy::engine
