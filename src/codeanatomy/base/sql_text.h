// codeanatomy/base/sql_text.h
//
// Quoting for generated DuckDB SQL (DDL in schema/, lowering in plan/). Only engine/ sends SQL.
#pragma once

#include <string>
#include <string_view>

namespace codeanatomy::base {

//! `"name"` with embedded double quotes doubled.
inline std::string QuoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char ch : name) {
    if (ch == '"') out += '"';
    out += ch;
  }
  return out + '"';
}

//! `'text'` with embedded single quotes doubled.
inline std::string QuoteString(std::string_view text) {
  std::string out = "'";
  for (char ch : text) {
    if (ch == '\'') out += '\'';
    out += ch;
  }
  return out + '\'';
}

}  // namespace codeanatomy::base
