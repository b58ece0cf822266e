// codeanatomy/schema/diagnostics.h
//
// Diagnostic rows: problems in the analysed code, as data (DESIGN.md §5, channel 1). Every layer
// appends its rows to a table with the `diagnostics` contract through AppendDiagnostic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "codeanatomy/base/table.h"

namespace codeanatomy::schema {

struct Diagnostic {
  std::optional<uint64_t> file_id{};
  std::string path{};
  std::string_view layer;     // source, cst, python, scip
  std::string_view code;      // e.g. CST_SYNTAX_ERROR
  std::string_view severity;  // error, warning, info
  std::string message{};
  std::optional<int64_t> bstart{};
  std::optional<int64_t> bend{};
};

//! Appends `diagnostic` to `table` (which has the `diagnostics` schema), computing its diag_id.
void AppendDiagnostic(base::Table& table, const Diagnostic& diagnostic);
//! An empty table with the `diagnostics` schema.
base::Table NewDiagnosticsTable();

}  // namespace codeanatomy::schema
