// Evidence tables of the CST layer (extract/cst/, tree-sitter).
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {

using base::ColumnType;

void RegisterCstTables(TableRegistry& r) {
  r.Add({.name = "cst_defs",
         .kind = TableKind::kEvidence,
         .layer = "cst",
         .doc = "Function, async function, class and lambda definitions.",
         .columns =
             {
                 {"def_id", ColumnType::kUInt64, kRequired,
                  "Stable ID: ('cst_def', path, bstart, bend)."},
                 {"file_id", ColumnType::kUInt64, kRequired, "The file (repo_files.file_id)."},
                 {"path", ColumnType::kString, kRequired, "The file's path."},
                 {"kind", ColumnType::kString, kRequired,
                  "function, async_function, class or lambda."},
                 {"name", ColumnType::kString, kRequired,
                  "The defined name; `<lambda>` for lambdas."},
                 {"bstart", ColumnType::kInt64, kRequired,
                  "Start of the definition statement (decorators excluded)."},
                 {"bend", ColumnType::kInt64, kRequired, "End of the definition (exclusive)."},
                 {"name_bstart", ColumnType::kInt64, kNullable, "Start of the name token."},
                 {"name_bend", ColumnType::kInt64, kNullable, "End of the name token."},
                 {"parent_def_id", ColumnType::kUInt64, kNullable,
                  "The innermost enclosing definition; NULL at module level."},
                 {"qualified_path", ColumnType::kString, kRequired,
                  "Lexical path inside the module: `Class.method`, `outer.inner`, `f.<lambda1>`."},
             },
         .key = {"def_id"},
         .sort = {"path", "bstart", "def_id"}});

  r.Add(
      {.name = "cst_callsites",
       .kind = TableKind::kEvidence,
       .layer = "cst",
       .doc = "Call expressions.",
       .columns =
           {
               {"call_id", ColumnType::kUInt64, kRequired,
                "Stable ID: ('cst_call', path, bstart, bend)."},
               {"file_id", ColumnType::kUInt64, kRequired, "The file."},
               {"path", ColumnType::kString, kRequired, "The file's path."},
               {"bstart", ColumnType::kInt64, kRequired, "Start of the call expression."},
               {"bend", ColumnType::kInt64, kRequired, "End of the call expression (exclusive)."},
               {"callee_bstart", ColumnType::kInt64, kRequired, "Start of the callee expression."},
               {"callee_bend", ColumnType::kInt64, kRequired, "End of the callee expression."},
               {"callee_shape", ColumnType::kString, kRequired,
                "NAME, ATTRIBUTE, SUBSCRIPT, CALL or OTHER."},
               {"callee_text", ColumnType::kString, kRequired, "Source text of the callee."},
           },
       .key = {"call_id"},
       .sort = {"path", "bstart", "call_id"}});

  r.Add(
      {.name = "cst_parse_errors",
       .kind = TableKind::kEvidence,
       .layer = "cst",
       .doc = "ERROR and MISSING nodes of the tree-sitter parse: where the parser had to recover.",
       .columns =
           {
               {"error_id", ColumnType::kUInt64, kRequired,
                "Stable ID: ('cst_parse_error', path, bstart, bend, kind)."},
               {"file_id", ColumnType::kUInt64, kRequired, "The file."},
               {"path", ColumnType::kString, kRequired, "The file's path."},
               {"kind", ColumnType::kString, kRequired, "error or missing."},
               {"node_type", ColumnType::kString, kRequired,
                "The tree-sitter node type (`ERROR`, or the missing token's type)."},
               {"bstart", ColumnType::kInt64, kRequired, "Start of the node."},
               {"bend", ColumnType::kInt64, kRequired, "End of the node (exclusive)."},
           },
       .key = {"error_id"},
       .sort = {"path", "bstart", "error_id"}});
}

}  // namespace codeanatomy::schema
