// codeanatomy/engine/session.h
//
// Session: THE one DuckDB database of a run. It owns every registered dataset (evidence tables,
// rule outputs) and is the only thing that talks to DuckDB: extractors append into it, the Adapter
// runs plans in it, writers copy out of it. Opened with extension auto-install and auto-load off;
// INSTALL is never issued. The stable-ID hash is registered as the scalar function `stable_id`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codeanatomy/base/duckdb_handles.h"
#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"
#include "codeanatomy/engine/query_value.h"
#include "codeanatomy/engine/runtime_profile.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::engine {

class Adapter;

struct CatalogColumn {
  std::string name;
  std::string type;
};
struct CatalogTable {
  std::string name;
  std::vector<CatalogColumn> columns;
  int64_t rows = 0;
};

class Session {
 public:
  static base::Result<std::unique_ptr<Session>> Open(const RuntimeProfile& profile);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const RuntimeProfile& profile() const { return profile_; }

  //! Creates a declared table (DDL from schema/).
  base::Status CreateTable(const schema::TableDef& def);
  //! Creates (or replaces) a table with `schema`.
  base::Status CreateTable(std::string_view name, const base::Schema& schema);
  //! Appends `rows` to `table`: one INSERT that reads them, a data chunk at a time, through the
  //! table function `ca_append_source` on every thread of the session. Columns must match by
  //! position and type.
  base::Status Append(std::string_view table, const base::Table& rows);
  //! Every row of `table`, in no promised order (the session does not preserve insertion order).
  base::Result<base::Table> ReadTable(std::string_view table);
  base::Result<int64_t> RowCount(std::string_view table);
  base::Result<bool> HasTable(std::string_view table);
  //! The DuckDB schema of `table`, mapped to base types.
  base::Result<base::Schema> TableSchema(std::string_view table);
  //! Every table with its columns and row count, sorted by name; released tables are listed with
  //! what they held when released.
  base::Result<std::vector<CatalogTable>> Snapshot();
  //! Drops `table` to free its memory once nothing will read it again; Snapshot() still lists it
  //! with the columns and row count it had.
  base::Status Release(std::string_view table);
  //! Appends every row of `source` to `target` (same columns, in order) inside the engine.
  base::Status InsertInto(std::string_view target, std::string_view source);
  //! Renames a scratch table.
  base::Status Rename(std::string_view from, std::string_view to);
  //! Drops a scratch table (one no snapshot lists, e.g. a fixpoint's delta), if it exists.
  base::Status DropScratch(std::string_view table);
  //! Writes `table` to a Parquet file (zstd), rows ordered by `order_by` (NULLs first).
  base::Status CopyToParquet(std::string_view table, const std::filesystem::path& path,
                             const std::vector<std::string>& order_by);
  //! Appends to each table of `loads` the rows of its Parquet file (columns matched by name) whose
  //! `file_id` is one of `file_ids`, all in one transaction: when a file cannot be read or lacks a
  //! column, no table changes. Returns the rows appended per table (evidence reuse).
  struct ParquetLoad {
    std::string table;
    std::filesystem::path file;
  };
  base::Result<std::vector<int64_t>> AppendParquetRows(std::span<const ParquetLoad> loads,
                                                       std::span<const uint64_t> file_ids);
  //! Registers a Parquet file as a view (for `codeanatomy query` over an output directory).
  base::Status CreateParquetView(std::string_view name, const std::filesystem::path& path);
  //! Runs a user's SQL — any number of `;`-separated statements — one statement at a time,
  //! streaming every result that has rows (SELECT, EXPLAIN, PRAGMA, CALL, EXECUTE, and the counts
  //! of INSERT, UPDATE, DELETE) to `sink`; the others (CREATE, SET, …) run silently. SQL without a
  //! statement is an error. With `refuse_file_statements`, COPY, EXPORT, ATTACH, DETACH and LOAD
  //! are refused before they run. An error is one line: DuckDB's message without its SQL excerpt.
  base::Status RunUserSql(std::string_view sql, QuerySink& sink, bool refuse_file_statements);
  //! From now on the session reads no file but `readable` (the files its views read) and writes
  //! none, installs and loads no extension, and its configuration cannot change
  //! (enable_external_access off, allowed_paths, lock_configuration). Irreversible.
  base::Status RestrictFileAccess(const std::vector<std::filesystem::path>& readable);
  //! Registers `select_sql` as the view `name` (Adapter::CreateView lowers a plan to it).
  base::Status CreateView(std::string_view name, const std::string& select_sql);
  //! Runs a definition such as `CREATE MACRO` (the read side's helpers).
  base::Status Define(const std::string& ddl);
  //! The tables and views `sql` names, as parsed (not bound); empty when it does not parse.
  std::vector<std::string> TablesNamedIn(const std::string& sql);
  //! Reads every value of a Parquet file: fails when a page is damaged.
  base::Status ReadWholeParquet(const std::filesystem::path& file);
  //! Runs user-supplied SQL and returns its rows with every value rendered as text (NULL =
  //! nullopt).
  base::Status QueryText(std::string_view sql, std::vector<std::string>* column_names,
                         std::vector<std::vector<std::optional<std::string>>>* rows);
  std::string duckdb_version() const;
  //! How many statements this session sent to DuckDB (tests use it to prove that computing a plan's
  //! schema executes nothing).
  int64_t statements_sent() const { return statements_sent_; }
  //! Whether a statement failed for want of memory (DuckDB's memory_limit reached, nothing more
  //! to spill); the build names the limit and the step that failed.
  bool out_of_memory() const { return out_of_memory_; }

 private:
  friend class Adapter;
  explicit Session(RuntimeProfile profile) : profile_(std::move(profile)) {}

  //! Runs a statement, discarding its result.
  base::Status Execute(const std::string& sql);
  //! Runs a statement prepared once per session (the statement's text is the key): a statement
  //! run again and again (the rounds of a fixpoint) is parsed, bound and planned once. Only for
  //! statements over tables that outlive the cache (prepared plans are kept until the session
  //! closes; DuckDB rebinds one whose tables changed their definition).
  base::Status ExecuteCached(const std::string& sql);
  //! Drops every statement ExecuteCached prepared (their tables are about to go).
  void ForgetPrepared() { prepared_.clear(); }
  //! While on, the optimizer makes no rewrite that holds only for the data of the moment
  //! (statistics propagation prunes what an empty table feeds, compressed materialization
  //! narrows keys to their current range): a statement prepared now stays right when its tables
  //! change, as a fixpoint's do from round to round.
  base::Status SetReusablePlans(bool on);
  //! Runs a query and collects its result into a Table.
  base::Result<base::Table> Query(const std::string& sql);
  //! Runs a query and hands each chunk to `sink` as a Table.
  base::Status QueryChunks(const std::string& sql,
                           const std::function<base::Status(const base::Table&)>& sink);

  //! The columns and rows of `table` now (one Snapshot entry).
  base::Result<CatalogTable> Describe(std::string_view table);

  RuntimeProfile profile_;
  int64_t statements_sent_ = 0;
  bool out_of_memory_ = false;
  //! Snapshot entries of the released tables, by name.
  std::map<std::string, CatalogTable, std::less<>> released_;
  //! The rows Session::Append is inserting, read by the `ca_append_source` table function.
  const base::Table* appending_ = nullptr;
  base::DuckDatabase db_;
  base::DuckConnection con_;
  //! ExecuteCached's statements; declared after the connection, so destroyed before it.
  std::map<std::string, base::DuckPrepared, std::less<>> prepared_;
};

}  // namespace codeanatomy::engine
