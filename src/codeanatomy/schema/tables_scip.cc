// Evidence tables of the SCIP layer (extract/scip/): an index.scip made by scip-python (or any SCIP
// indexer), decoded as is. Positions stay in SCIP's coordinates (0-based lines, characters in the
// document's position encoding); normalize/ converts them to byte spans.
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {

using base::ColumnType;

namespace {

//! The range columns shared by occurrences and diagnostics.
void AddRangeColumns(std::vector<ColumnDef>& columns) {
  columns.insert(
      columns.end(),
      {
          {"start_line", ColumnType::kInt32, kRequired, "First line of the range, 0-based."},
          {"start_char", ColumnType::kInt32, kRequired,
           "Start column on start_line, 0-based, in `column_unit` code units."},
          {"end_line", ColumnType::kInt32, kRequired,
           "Last line of the range, 0-based (= start_line when SCIP gave a 3-element range)."},
          {"end_char", ColumnType::kInt32, kRequired,
           "End column on end_line, exclusive, in `column_unit` code units."},
      });
}

constexpr std::string_view kColumnUnitDoc =
    "Code unit of the character columns: utf8, utf16 or utf32. The document's position "
    "encoding; `utf16` when the index leaves it unspecified (the LSP convention, which "
    "scip-python/pyright follows).";

}  // namespace

void RegisterScipTables(TableRegistry& r) {
  r.Add({.name = "scip_metadata",
         .kind = TableKind::kEvidence,
         .layer = Layer::kScip,
         .doc = "The index's metadata: which tool wrote it, for which project. At most one row.",
         .columns =
             {
                 {"tool_name", ColumnType::kString, kRequired, "Indexer name (`scip-python`)."},
                 {"tool_version", ColumnType::kString, kRequired, "Indexer version."},
                 {"tool_arguments", ColumnType::kStringList, kRequired,
                  "Indexer arguments, as recorded in the index."},
                 {"project_root", ColumnType::kString, kRequired,
                  "URI of the indexed root (e.g. `file:///src/proj`)."},
                 {"text_document_encoding", ColumnType::kString, kRequired,
                  "Encoding of the indexed files: utf8, utf16 or unspecified."},
                 {"protocol_version", ColumnType::kInt32, kRequired, "SCIP protocol version."},
             },
         .key = {"tool_name"},
         .sort = {"tool_name"}});

  r.Add({.name = "scip_documents",
         .kind = TableKind::kEvidence,
         .layer = Layer::kScip,
         .doc = "One row per document (source file) of the index.",
         .columns =
             {
                 {"document_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('scip_document', path)."},
                 {"file_id", ColumnType::kUInt64, kRequired,
                  "('file', path): joins repo_files.file_id when the scan found the file."},
                 {"path", ColumnType::kString, kRequired,
                  "The document's relative_path: relative to the indexed root, `/`-separated."},
                 {"language", ColumnType::kString, kRequired,
                  "Language named by the indexer (`python`); empty when not given."},
                 {"position_encoding", ColumnType::kString, kRequired,
                  "The document's position encoding as written: utf8, utf16, utf32 or unspecified "
                  "(scip-python 0.6.6 writes none: unspecified)."},
                 {"column_unit", ColumnType::kString, kRequired, kColumnUnitDoc},
             },
         .key = {"document_id"},
         .sort = {"path"}});

  {
    std::vector<ColumnDef> columns = {
        {"occurrence_id", ColumnType::kUInt64, kRequired,
         "Stable ID: ('scip_occurrence', path, start_line, start_char, end_line, end_char, "
         "symbol, symbol_roles). Identical occurrences of a document are kept once."},
        {"document_id", ColumnType::kUInt64, kRequired, "The document (scip_documents)."},
        {"file_id", ColumnType::kUInt64, kRequired, "('file', path)."},
        {"path", ColumnType::kString, kRequired, "The document's path."},
        {"symbol", ColumnType::kString, kRequired,
         "The SCIP symbol, e.g. ``scip-python python proj 0 `pkg.mod`/Cls#meth().``; "
         "`local N` symbols are scoped to the document."},
        {"symbol_roles", ColumnType::kInt32, kRequired,
         "Bitset: 1 Definition, 2 Import, 4 WriteAccess, 8 ReadAccess, 16 Generated, 32 Test, "
         "64 ForwardDefinition."},
        {"syntax_kind", ColumnType::kString, kNullable,
         "SCIP SyntaxKind name (`Identifier`, …); NULL when unspecified."},
    };
    AddRangeColumns(columns);
    columns.insert(
        columns.end(),
        {
            {"enclosing_start_line", ColumnType::kInt32, kNullable,
             "Enclosing range (e.g. the whole definition), 0-based; NULL when absent."},
            {"enclosing_start_char", ColumnType::kInt32, kNullable,
             "Enclosing range start column."},
            {"enclosing_end_line", ColumnType::kInt32, kNullable, "Enclosing range last line."},
            {"enclosing_end_char", ColumnType::kInt32, kNullable,
             "Enclosing range end column (exclusive)."},
            {"column_unit", ColumnType::kString, kRequired, kColumnUnitDoc},
        });
    r.Add({.name = "scip_occurrences",
           .kind = TableKind::kEvidence,
           .layer = Layer::kScip,
           .doc = "Every occurrence of a symbol in a document: definitions, references, imports.",
           .columns = std::move(columns),
           .key = {"occurrence_id"},
           .sort = {"path", "start_line", "start_char", "occurrence_id"}});
  }

  r.Add({.name = "scip_symbols",
         .kind = TableKind::kEvidence,
         .layer = Layer::kScip,
         .doc = "SymbolInformation: of the index's documents and of its external symbols. A symbol "
                "described more than once keeps its first description (documents in path order, "
                "then the external symbols).",
         .columns =
             {
                 {"symbol_info_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('scip_symbol', symbol), and ('scip_symbol', symbol, path) for a "
                  "`local N` symbol (local to its document)."},
                 {"document_id", ColumnType::kUInt64, kNullable,
                  "The document describing the symbol; NULL for an external symbol."},
                 {"file_id", ColumnType::kUInt64, kNullable,
                  "('file', path); NULL for an external symbol."},
                 {"path", ColumnType::kString, kNullable,
                  "The describing document's path; NULL for an external symbol."},
                 {"symbol", ColumnType::kString, kRequired, "The SCIP symbol."},
                 {"display_name", ColumnType::kString, kNullable,
                  "Display name; NULL when not given (scip-python gives none)."},
                 {"kind", ColumnType::kString, kNullable,
                  "SCIP SymbolInformation.Kind name (`Function`, `Class`, …); NULL when "
                  "unspecified (scip-python gives none)."},
                 {"enclosing_symbol", ColumnType::kString, kNullable,
                  "Enclosing symbol (for locals); NULL when not given."},
                 {"documentation", ColumnType::kStringList, kRequired,
                  "Markdown documentation: signature and docstring."},
                 {"is_external", ColumnType::kBool, kRequired,
                  "From Index.external_symbols: defined outside the indexed project."},
                 {"is_local", ColumnType::kBool, kRequired,
                  "A `local N` symbol, meaningful only inside its document."},
             },
         .key = {"symbol_info_id"},
         .sort = {"symbol", "symbol_info_id"}});

  r.Add({.name = "scip_relationships",
         .kind = TableKind::kEvidence,
         .layer = Layer::kScip,
         .doc = "Relationships of a symbol to another (e.g. a method implementing its base's).",
         .columns =
             {
                 {"relationship_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('scip_relationship', symbol_info_id, related_symbol, is_reference, "
                  "is_implementation, is_type_definition, is_definition)."},
                 {"symbol_info_id", ColumnType::kUInt64, kRequired,
                  "The symbol owning the relationship (scip_symbols)."},
                 {"file_id", ColumnType::kUInt64, kNullable,
                  "The owning symbol's file; NULL for an external symbol."},
                 {"path", ColumnType::kString, kNullable,
                  "The owning symbol's document path; NULL for an external symbol."},
                 {"symbol", ColumnType::kString, kRequired, "The owning symbol."},
                 {"related_symbol", ColumnType::kString, kRequired, "The symbol related to."},
                 {"is_reference", ColumnType::kBool, kRequired,
                  "References of related_symbol count as references of symbol."},
                 {"is_implementation", ColumnType::kBool, kRequired,
                  "symbol implements / overrides related_symbol."},
                 {"is_type_definition", ColumnType::kBool, kRequired,
                  "related_symbol is the type of symbol."},
                 {"is_definition", ColumnType::kBool, kRequired,
                  "symbol's definition is also related_symbol's."},
             },
         .key = {"relationship_id"},
         .sort = {"symbol", "related_symbol", "relationship_id"}});

  {
    std::vector<ColumnDef> columns = {
        {"diagnostic_id", ColumnType::kUInt64, kRequired,
         "Stable ID: ('scip_diagnostic', occurrence_id, severity, code, message, source)."},
        {"document_id", ColumnType::kUInt64, kRequired, "The document."},
        {"occurrence_id", ColumnType::kUInt64, kRequired, "The occurrence carrying it."},
        {"file_id", ColumnType::kUInt64, kRequired, "('file', path)."},
        {"path", ColumnType::kString, kRequired, "The document's path."},
        {"severity", ColumnType::kString, kNullable,
         "Error, Warning, Information or Hint; NULL when unspecified."},
        {"code", ColumnType::kString, kRequired, "The indexer's diagnostic code (may be empty)."},
        {"message", ColumnType::kString, kRequired, "The message."},
        {"source", ColumnType::kString, kRequired, "Who reported it (may be empty)."},
        {"tags", ColumnType::kStringList, kRequired, "Unnecessary and/or Deprecated."},
    };
    AddRangeColumns(columns);
    columns.push_back({"column_unit", ColumnType::kString, kRequired, kColumnUnitDoc});
    r.Add({.name = "scip_diagnostics",
           .kind = TableKind::kEvidence,
           .layer = Layer::kScip,
           .doc = "Diagnostics attached to occurrences; the range is the occurrence's.",
           .columns = std::move(columns),
           .key = {"diagnostic_id"},
           .sort = {"path", "start_line", "start_char", "diagnostic_id"}});
  }
}

}  // namespace codeanatomy::schema
