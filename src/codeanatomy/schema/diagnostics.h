// codeanatomy/schema/diagnostics.h
//
// Diagnostic rows: problems in the analysed code, as data (channel 1 of the three error channels).
// Every code is declared once, with its layer and severity, in diagnostic_codes.def. Each layer
// that reports problems fills its own table `diagnostics_<layer>` (DiagnosticsTable) through
// AppendDiagnostic; the rule `diagnostics` unions them into the published `diagnostics`.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "codeanatomy/base/table.h"
#include "codeanatomy/schema/layers.h"

namespace codeanatomy::schema {

enum class Severity : unsigned char { kError, kWarning, kInfo };
//! "error", "warning", "info": the `severity` column.
std::string_view Name(Severity severity);

enum class DiagnosticCode : unsigned char {
#define CA_DIAGNOSTIC(enumerator, code, layer, severity, doc) enumerator,
#include "codeanatomy/schema/diagnostic_codes.def"
};

struct DiagnosticCodeInfo {
  DiagnosticCode code;
  std::string_view name;
  Layer layer;
  Severity severity;
  std::string_view doc;
};

std::span<const DiagnosticCodeInfo> AllDiagnosticCodes();
const DiagnosticCodeInfo& Info(DiagnosticCode code);
std::string_view Name(DiagnosticCode code);
std::optional<DiagnosticCode> ParseDiagnosticCode(std::string_view name);

//! Where a problem is and what it is, beyond its code.
struct DiagnosticSite {
  std::optional<uint64_t> file_id{};
  std::string path{};
  std::string message{};
  std::optional<int64_t> bstart{};
  std::optional<int64_t> bend{};
};

//! Appends a diagnostic of `code` (its layer and severity are the code's) to `table`, which has the
//! diagnostics schema, computing its diag_id.
void AppendDiagnostic(base::Table& table, DiagnosticCode code, const DiagnosticSite& site);

//! The same row spelled with strings (extract/cst/cst_walker.cc until it moves to the form above):
//! CHECK-fails unless `code` is declared with this layer and severity.
struct Diagnostic {
  std::optional<uint64_t> file_id{};
  std::string path{};
  std::string_view layer;
  std::string_view code;
  std::string_view severity;
  std::string message{};
  std::optional<int64_t> bstart{};
  std::optional<int64_t> bend{};
};
void AppendDiagnostic(base::Table& table, const Diagnostic& diagnostic);

//! An empty table with the diagnostics schema.
base::Table NewDiagnosticsTable();

//! The table where `layer` reports its problems: `diagnostics_<layer>`. CHECK-fails for a layer
//! that declares no diagnostic code (a bug).
std::string_view DiagnosticsTable(Layer layer);
//! The layers that declare diagnostic codes, in layers.def order.
std::vector<Layer> LayersWithDiagnostics();

}  // namespace codeanatomy::schema
