// codeanatomy/cli/query_printer.h
//
// How `query` and `shell` print results, as rows arrive (nothing holds a whole result):
//   table   aligned columns for people; widths from the first 1000 rows, later rows keep them;
//           control characters escaped (\n, \t, \x1b), so file names cannot drive the terminal
//   csv     RFC 4180, a header per result
//   json    one array of objects per result, typed: numbers as numbers, lists as arrays, structs
//           and maps as objects, NULL as null
//   ndjson  one object per line, typed as json
// Nested values print in table and csv as [a, b], {'k': v} (struct), {k=v} (map); blobs with \xHH
// escapes for bytes outside printable ASCII.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

#include "codeanatomy/engine/query_value.h"

namespace codeanatomy::cli {

enum class QueryFormat { kTable, kCsv, kJson, kNdjson };

//! A printer writing to `out`.
std::unique_ptr<engine::QuerySink> MakePrinter(QueryFormat format, std::FILE* out);

//! The value as text (table and csv cells); NULL is "NULL".
std::string ValueText(const engine::QueryValue& value);
//! The value as JSON.
std::string ValueJson(const engine::QueryValue& value);
//! `text` with control characters (C0, DEL, C1) escaped: \n, \t, \r, \\xHH, \\u0085.
std::string EscapeControls(const std::string& text);

}  // namespace codeanatomy::cli
