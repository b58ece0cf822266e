// codeanatomy/engine/query_value.h
//
// The values of a user's SQL query (`codeanatomy query`, `codeanatomy shell`), of any DuckDB type,
// decoded from DuckDB's vectors into a tree the printers walk without knowing DuckDB: numbers stay
// numbers, lists lists, structs and maps keep their keys, blobs their bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "codeanatomy/base/status.h"

namespace codeanatomy::engine {

struct QueryValue {
  enum class Kind : unsigned char {
    kNull,
    kBool,
    kInt,     // any signed integer up to 64 bits
    kUInt,    // any unsigned integer up to 64 bits
    kDouble,  // FLOAT, DOUBLE
    kNumber,  // an exact number as decimal digits: DECIMAL, HUGEINT, UHUGEINT
    kString,  // VARCHAR, ENUM
    kBlob,    // BLOB, raw bytes
    kText,    // any other scalar (dates, times, intervals, UUIDs, bit strings) as DuckDB prints it
    kList,    // LIST, ARRAY
    kStruct,  // STRUCT (names + items), a UNION's chosen member
    kMap,     // MAP: items hold key, value, key, value, …
  };
  Kind kind = Kind::kNull;
  bool bool_value = false;
  int64_t int_value = 0;
  uint64_t uint_value = 0;
  double double_value = 0;
  std::string text;                //!< kNumber, kString, kBlob, kText
  std::vector<QueryValue> items;   //!< kList, kStruct, kMap
  std::vector<std::string> names;  //!< kStruct: field names
};

//! Receives the results of a user's statements, one after the other, a row at a time (rows are
//! streamed: nothing holds a whole result).
class QuerySink {
 public:
  virtual ~QuerySink() = default;
  virtual base::Status BeginResult(const std::vector<std::string>& columns) = 0;
  virtual base::Status Row(const std::vector<QueryValue>& values) = 0;
  virtual base::Status EndResult() = 0;
};

}  // namespace codeanatomy::engine
