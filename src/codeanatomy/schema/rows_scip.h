// codeanatomy/schema/rows_scip.h
//
// The columns of the SCIP layer's tables (tables_scip.cc), one X-macro list per table, and the row
// each generates (row.h): the one place a column of these tables is declared. Positions stay in
// SCIP's coordinates (0-based lines, characters in the document's position encoding).
#pragma once

#include "codeanatomy/schema/row.h"

namespace codeanatomy::schema {

//! The range columns shared by occurrences and diagnostics.
#define CA_SCIP_RANGE_COLUMNS(C)                                                        \
  C(start_line, kInt32, kRequired, "First line of the range, 0-based.")                 \
  C(start_char, kInt32, kRequired,                                                      \
    "Start column on start_line, 0-based, in `column_unit` code units.")                \
  C(end_line, kInt32, kRequired,                                                        \
    "Last line of the range, 0-based (= start_line when SCIP gave a 3-element range).") \
  C(end_char, kInt32, kRequired, "End column on end_line, exclusive, in `column_unit` code units.")

#define CA_SCIP_COLUMN_UNIT(C)                                                                     \
  C(column_unit, kString, kRequired,                                                               \
    "Code unit of the character columns: utf8, utf16 or utf32. The document's position encoding; " \
    "`utf16` when the index leaves it unspecified (the LSP convention, which scip-python/pyright " \
    "follows).")

#define CA_SCIP_METADATA_COLUMNS(C)                                                         \
  C(tool_name, kString, kRequired, "Indexer name (`scip-python`).")                         \
  C(tool_version, kString, kRequired, "Indexer version.")                                   \
  C(tool_arguments, kStringList, kRequired, "Indexer arguments, as recorded in the index.") \
  C(project_root, kString, kRequired, "URI of the indexed root (e.g. `file:///src/proj`).") \
  C(text_document_encoding, kString, kRequired,                                             \
    "Encoding of the indexed files: utf8, utf16 or unspecified.")                           \
  C(protocol_version, kInt32, kRequired, "SCIP protocol version.")
CA_ROW(ScipMetadataRow, CA_SCIP_METADATA_COLUMNS);

#define CA_SCIP_DOCUMENTS_COLUMNS(C)                                                               \
  C(document_id, kUInt64, kRequired, "Stable ID: ('scip_document', path).")                        \
  C(file_id, kUInt64, kRequired,                                                                   \
    "('file', path): joins repo_files.file_id when the scan found the file.")                      \
  C(path, kString, kRequired,                                                                      \
    "The document's relative_path: relative to the indexed root, `/`-separated.")                  \
  C(language, kString, kRequired,                                                                  \
    "Language named by the indexer (`python`); empty when not given.")                             \
  C(position_encoding, kString, kRequired,                                                         \
    "The document's position encoding as written: utf8, utf16, utf32 or unspecified (scip-python " \
    "0.6.6 writes none: unspecified).")                                                            \
  CA_SCIP_COLUMN_UNIT(C)
CA_ROW(ScipDocumentsRow, CA_SCIP_DOCUMENTS_COLUMNS);

#define CA_SCIP_OCCURRENCES_COLUMNS(C)                                                          \
  C(occurrence_id, kUInt64, kRequired,                                                          \
    "Stable ID: ('scip_occurrence', path, start_line, start_char, end_line, end_char, symbol, " \
    "symbol_roles). Identical occurrences of a document are kept once.")                        \
  C(document_id, kUInt64, kRequired, "The document (scip_documents).")                          \
  C(file_id, kUInt64, kRequired, "('file', path).")                                             \
  C(path, kString, kRequired, "The document's path.")                                           \
  C(symbol, kString, kRequired,                                                                 \
    "The SCIP symbol, e.g. ``scip-python python proj 0 `pkg.mod`/Cls#meth().``; `local N` "     \
    "symbols are scoped to the document.")                                                      \
  C(symbol_roles, kInt32, kRequired,                                                            \
    "Bitset: 1 Definition, 2 Import, 4 WriteAccess, 8 ReadAccess, 16 Generated, 32 Test, 64 "   \
    "ForwardDefinition.")                                                                       \
  C(syntax_kind, kString, kNullable,                                                            \
    "SCIP SyntaxKind name (`Identifier`, …); NULL when unspecified.")                           \
  CA_SCIP_RANGE_COLUMNS(C)                                                                      \
  C(enclosing_start_line, kInt32, kNullable,                                                    \
    "Enclosing range (e.g. the whole definition), 0-based; NULL when absent.")                  \
  C(enclosing_start_char, kInt32, kNullable, "Enclosing range start column.")                   \
  C(enclosing_end_line, kInt32, kNullable, "Enclosing range last line.")                        \
  C(enclosing_end_char, kInt32, kNullable, "Enclosing range end column (exclusive).")           \
  CA_SCIP_COLUMN_UNIT(C)
CA_ROW(ScipOccurrencesRow, CA_SCIP_OCCURRENCES_COLUMNS);

#define CA_SCIP_SYMBOLS_COLUMNS(C)                                                               \
  C(symbol_info_id, kUInt64, kRequired,                                                          \
    "Stable ID: ('scip_symbol', symbol), and ('scip_symbol', symbol, path) for a `local N` "     \
    "symbol (local to its document).")                                                           \
  C(document_id, kUInt64, kNullable,                                                             \
    "The document describing the symbol; NULL for an external symbol.")                          \
  C(file_id, kUInt64, kNullable, "('file', path); NULL for an external symbol.")                 \
  C(path, kString, kNullable, "The describing document's path; NULL for an external symbol.")    \
  C(symbol, kString, kRequired, "The SCIP symbol.")                                              \
  C(display_name, kString, kNullable,                                                            \
    "Display name; NULL when not given (scip-python gives none).")                               \
  C(kind, kString, kNullable,                                                                    \
    "SCIP SymbolInformation.Kind name (`Function`, `Class`, …); NULL when unspecified "        \
    "(scip-python gives none).")                                                                 \
  C(enclosing_symbol, kString, kNullable, "Enclosing symbol (for locals); NULL when not given.") \
  C(documentation, kStringList, kRequired, "Markdown documentation: signature and docstring.")   \
  C(is_external, kBool, kRequired,                                                               \
    "From Index.external_symbols: defined outside the indexed project.")                         \
  C(is_local, kBool, kRequired, "A `local N` symbol, meaningful only inside its document.")
CA_ROW(ScipSymbolsRow, CA_SCIP_SYMBOLS_COLUMNS);

#define CA_SCIP_RELATIONSHIPS_COLUMNS(C)                                                           \
  C(relationship_id, kUInt64, kRequired,                                                           \
    "Stable ID: ('scip_relationship', symbol_info_id, related_symbol, is_reference, "              \
    "is_implementation, is_type_definition, is_definition).")                                      \
  C(symbol_info_id, kUInt64, kRequired, "The symbol owning the relationship (scip_symbols).")      \
  C(file_id, kUInt64, kNullable, "The owning symbol's file; NULL for an external symbol.")         \
  C(path, kString, kNullable, "The owning symbol's document path; NULL for an external symbol.")   \
  C(symbol, kString, kRequired, "The owning symbol.")                                              \
  C(related_symbol, kString, kRequired, "The symbol related to.")                                  \
  C(is_reference, kBool, kRequired, "References of related_symbol count as references of symbol.") \
  C(is_implementation, kBool, kRequired, "symbol implements / overrides related_symbol.")          \
  C(is_type_definition, kBool, kRequired, "related_symbol is the type of symbol.")                 \
  C(is_definition, kBool, kRequired, "symbol's definition is also related_symbol's.")
CA_ROW(ScipRelationshipsRow, CA_SCIP_RELATIONSHIPS_COLUMNS);

#define CA_SCIP_DIAGNOSTICS_COLUMNS(C)                                                           \
  C(diagnostic_id, kUInt64, kRequired,                                                           \
    "Stable ID: ('scip_diagnostic', occurrence_id, severity, code, message, source).")           \
  C(document_id, kUInt64, kRequired, "The document.")                                            \
  C(occurrence_id, kUInt64, kRequired, "The occurrence carrying it.")                            \
  C(file_id, kUInt64, kRequired, "('file', path).")                                              \
  C(path, kString, kRequired, "The document's path.")                                            \
  C(severity, kString, kNullable, "Error, Warning, Information or Hint; NULL when unspecified.") \
  C(code, kString, kRequired, "The indexer's diagnostic code (may be empty).")                   \
  C(message, kString, kRequired, "The message.")                                                 \
  C(source, kString, kRequired, "Who reported it (may be empty).")                               \
  C(tags, kStringList, kRequired, "Unnecessary and/or Deprecated.")                              \
  CA_SCIP_RANGE_COLUMNS(C)                                                                       \
  CA_SCIP_COLUMN_UNIT(C)
CA_ROW(ScipDiagnosticsRow, CA_SCIP_DIAGNOSTICS_COLUMNS);

}  // namespace codeanatomy::schema
