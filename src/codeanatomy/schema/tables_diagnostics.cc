// Diagnostics: one evidence table per layer that reports problems (diagnostics_<layer>), and the
// published `diagnostics`, which the rule `diagnostics` makes as their union. Every one has the
// same columns; the codes, with their layer and severity, are in diagnostic_codes.def.
#include <map>
#include <string>

#include "codeanatomy/schema/diagnostics.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {

using base::ColumnType;

namespace {

std::vector<ColumnDef> DiagnosticsColumns() {
  return {
      {"diag_id", ColumnType::kUInt64, kRequired,
       "Stable ID: ('diagnostic', path, layer, code, bstart, bend, message)."},
      {"file_id", ColumnType::kUInt64, kNullable, "The file, when there is one."},
      {"path", ColumnType::kString, kNullable, "The file's path."},
      {"layer", ColumnType::kString, kRequired,
       "The layer that found it: its code's layer (see Diagnostic codes)."},
      {"code", ColumnType::kString, kRequired, "Stable problem code (see Diagnostic codes)."},
      {"severity", ColumnType::kString, kRequired, "error, warning or info: its code's severity."},
      {"message", ColumnType::kString, kRequired, "Human-readable description."},
      {"bstart", ColumnType::kInt64, kNullable, "Start of the span, when known."},
      {"bend", ColumnType::kInt64, kNullable, "End of the span, when known."},
  };
}

//! "Problems the <layer> layer found …", kept for the registry's lifetime.
std::string_view LayerDiagnosticsDoc(Layer layer) {
  static auto* docs = new std::map<Layer, std::string>();
  auto [it, added] = docs->try_emplace(layer);
  if (added) {
    it->second = "The problems the " + std::string(Name(layer)) +
                 " layer found, one row each; part of `diagnostics`.";
  }
  return it->second;
}

}  // namespace

void RegisterDiagnosticsTables(TableRegistry& r) {
  for (Layer layer : LayersWithDiagnostics()) {
    r.Add({.name = DiagnosticsTable(layer),
           .kind = TableKind::kEvidence,
           .layer = layer,
           .doc = LayerDiagnosticsDoc(layer),
           .columns = DiagnosticsColumns(),
           .key = {"diag_id"},
           .sort = {"path", "bstart", "layer", "code", "diag_id"}});
  }
  r.Add({.name = "diagnostics",
         .kind = TableKind::kDerived,
         .layer = Layer::kCpg,
         .doc =
             "Every problem found in the analysed code, from every layer (the run goes on): the "
             "union of the diagnostics_<layer> tables, made by the rule `diagnostics`; published "
             "as diagnostics.parquet.",
         .columns = DiagnosticsColumns(),
         .key = {"diag_id"},
         .sort = {"path", "bstart", "layer", "code", "diag_id"}});
}

}  // namespace codeanatomy::schema
