// Evidence tables of the SCIP layer (extract/scip/): an index.scip made by scip-python (or any SCIP
// indexer), decoded as is. Positions stay in SCIP's coordinates (0-based lines, characters in the
// document's position encoding); normalize/ converts them to byte spans.
#include "codeanatomy/schema/rows_scip.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {

void RegisterScipTables(TableRegistry& r) {
  r.Add({.name = "scip_metadata",
         .kind = TableKind::kEvidence,
         .layer = Layer::kScip,
         .doc = "The index's metadata: which tool wrote it, for which project. At most one row.",
         .columns = ScipMetadataRow::Columns(),
         .key = {"tool_name"},
         .sort = {"tool_name"}});

  r.Add({.name = "scip_documents",
         .kind = TableKind::kEvidence,
         .layer = Layer::kScip,
         .doc = "One row per document (source file) of the index.",
         .columns = ScipDocumentsRow::Columns(),
         .key = {"document_id"},
         .sort = {"path"}});

  r.Add({.name = "scip_occurrences",
         .kind = TableKind::kEvidence,
         .layer = Layer::kScip,
         .doc = "Every occurrence of a symbol in a document: definitions, references, imports.",
         .columns = ScipOccurrencesRow::Columns(),
         .key = {"occurrence_id"},
         .sort = {"path", "start_line", "start_char", "occurrence_id"}});

  r.Add({.name = "scip_symbols",
         .kind = TableKind::kEvidence,
         .layer = Layer::kScip,
         .doc = "SymbolInformation: of the index's documents and of its external symbols. A symbol "
                "described more than once keeps its first description (documents in path order, "
                "then the external symbols).",
         .columns = ScipSymbolsRow::Columns(),
         .key = {"symbol_info_id"},
         .sort = {"symbol", "symbol_info_id"}});

  r.Add({.name = "scip_relationships",
         .kind = TableKind::kEvidence,
         .layer = Layer::kScip,
         .doc = "Relationships of a symbol to another (e.g. a method implementing its base's).",
         .columns = ScipRelationshipsRow::Columns(),
         .key = {"relationship_id"},
         .sort = {"symbol", "related_symbol", "relationship_id"}});

  r.Add({.name = "scip_diagnostics",
         .kind = TableKind::kEvidence,
         .layer = Layer::kScip,
         .doc = "Diagnostics attached to occurrences; the range is the occurrence's.",
         .columns = ScipDiagnosticsRow::Columns(),
         .key = {"diagnostic_id"},
         .sort = {"path", "start_line", "start_char", "diagnostic_id"}});
}

}  // namespace codeanatomy::schema
