// codeanatomy/base/duckdb_handles.h
//
// RAII owners for DuckDB C API handles. Each closes/destroys its handle exactly once.
#pragma once

#include <utility>

#include <duckdb.h>

namespace codeanatomy::base {

//! Owns a DuckDB handle `T` released by `Release(T*)`.
template <typename T, auto Release>
class DuckHandle {
 public:
  DuckHandle() = default;
  explicit DuckHandle(T handle) : handle_(handle) {}
  DuckHandle(const DuckHandle&) = delete;
  DuckHandle& operator=(const DuckHandle&) = delete;
  DuckHandle(DuckHandle&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  DuckHandle& operator=(DuckHandle&& other) noexcept {
    if (this != &other) {
      Reset();
      handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
  }
  ~DuckHandle() { Reset(); }

  T get() const { return handle_; }
  //! For C functions that fill a handle through an out-pointer.
  T* out() {
    Reset();
    return &handle_;
  }
  explicit operator bool() const { return handle_ != nullptr; }
  void Reset() {
    if (handle_ != nullptr) {
      Release(&handle_);
      handle_ = nullptr;
    }
  }

 private:
  T handle_ = nullptr;
};

using DuckDatabase = DuckHandle<duckdb_database, duckdb_close>;
using DuckConnection = DuckHandle<duckdb_connection, duckdb_disconnect>;
using DuckConfig = DuckHandle<duckdb_config, duckdb_destroy_config>;
using DuckDataChunk = DuckHandle<duckdb_data_chunk, duckdb_destroy_data_chunk>;
using DuckLogicalType = DuckHandle<duckdb_logical_type, duckdb_destroy_logical_type>;
using DuckPrepared = DuckHandle<duckdb_prepared_statement, duckdb_destroy_prepare>;
using DuckScalarFunction = DuckHandle<duckdb_scalar_function, duckdb_destroy_scalar_function>;
using DuckTableFunction = DuckHandle<duckdb_table_function, duckdb_destroy_table_function>;

//! Owns a `duckdb_result` (a struct filled by duckdb_query, not a pointer).
class DuckResult {
 public:
  DuckResult() = default;
  DuckResult(const DuckResult&) = delete;
  DuckResult& operator=(const DuckResult&) = delete;
  ~DuckResult() {
    if (filled_) duckdb_destroy_result(&result_);
  }
  //! Out-pointer for duckdb_query / duckdb_execute_prepared; the result is destroyed with this
  //! object even when the call failed (DuckDB requires it).
  duckdb_result* out() {
    if (filled_) duckdb_destroy_result(&result_);
    filled_ = true;
    return &result_;
  }
  duckdb_result* get() { return &result_; }

 private:
  duckdb_result result_{};
  bool filled_ = false;
};

}  // namespace codeanatomy::base
