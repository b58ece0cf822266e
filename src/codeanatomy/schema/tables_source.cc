// Evidence tables of the source layer (source/): the files of the repository.
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {

using base::ColumnType;

void RegisterSourceTables(TableRegistry& r) {
  r.Add({.name = "repo_files",
         .kind = TableKind::kEvidence,
         .layer = "source",
         .doc = "Every candidate source file found by the repository scan, with its status. Files "
                "whose status is not `ok` have no other evidence.",
         .columns =
             {
                 {"file_id", ColumnType::kUInt64, kRequired, "Stable ID: ('file', path)."},
                 {"path", ColumnType::kString, kRequired,
                  "Path relative to the repository root, `/`-separated."},
                 {"module_name", ColumnType::kString, kRequired,
                  "Dotted module name relative to the root (`pkg/__init__.py` is `pkg`)."},
                 {"size_bytes", ColumnType::kInt64, kRequired, "Size of the file on disk."},
                 {"text_bytes", ColumnType::kInt64, kNullable,
                  "Length of the canonical text (the span of the module); NULL when not decoded."},
                 {"content_hash", ColumnType::kString, kNullable,
                  "XXH3-128 of the raw bytes, 32 hex digits; NULL when unreadable."},
                 {"encoding", ColumnType::kString, kNullable,
                  "Source encoding (PEP 263: BOM, coding cookie, default utf-8)."},
                 {"has_bom", ColumnType::kBool, kRequired, "The file starts with a UTF-8 BOM."},
                 {"status", ColumnType::kString, kRequired,
                  "ok, too_large, binary, unreadable or not_utf8_decodable."},
             },
         .key = {"file_id"},
         .sort = {"path"}});
}

}  // namespace codeanatomy::schema
