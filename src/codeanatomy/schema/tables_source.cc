// Evidence tables of the source layer (source/): the files of the repository, their lines and
// their non-ASCII characters.
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::schema {

using base::ColumnType;

void RegisterSourceTables(TableRegistry& r) {
  r.Add(
      {.name = "repo_files",
       .kind = TableKind::kEvidence,
       .layer = Layer::kSource,
       .doc =
           "Every candidate source file found by the repository scan, with its status. Candidates "
           "are the files matching the include globs (default `**/*.py`) that no exclude glob, "
           "default excluded directory, virtual environment (a directory holding `pyvenv.cfg`) or "
           "`.gitignore` rule removes. Symbolic links are listed but not followed unless asked "
           "(`--follow-symlinks`), and never outside the repository. Files whose status is not "
           "`ok` have no text and no other evidence; each has a `source` diagnostic row saying "
           "why.",
       .columns =
           {
               {"file_id", ColumnType::kUInt64, kRequired, "Stable ID: ('file', path)."},
               {"path", ColumnType::kString, kRequired,
                "Path relative to the repository root, `/`-separated, UTF-8. Bytes of a file name "
                "that are not valid UTF-8 are written `\\xNN` (Python's backslashreplace)."},
               {"module_name", ColumnType::kString, kRequired,
                "Dotted module name as Python imports it: the path below the file's import root "
                "(manifest "
                "repo.import_roots; `src/pkg/mod.py` is `pkg.mod` in a src layout) without .py; "
                "`pkg/__init__.py` is `pkg`."},
               {"size_bytes", ColumnType::kInt64, kNullable,
                "Size of the file on disk; NULL when it was not opened as a regular file "
                "(symlink rows, special files, unreadable files)."},
               {"text_bytes", ColumnType::kInt64, kNullable,
                "Length of the canonical text (the span of the module); NULL when not decoded."},
               {"content_hash", ColumnType::kString, kNullable,
                "XXH3-128 of the raw bytes, 32 hex digits; NULL when the file was not read."},
               {"encoding", ColumnType::kString, kNullable,
                "Source encoding per PEP 263 (BOM, coding cookie, default utf-8) as Python's codec "
                "name (`codecs.lookup(name).name`: utf-8, iso8859-1, cp1252, euc_jp…); the cookie "
                "as written when Python knows no such codec; NULL when the file was not read."},
               {"has_bom", ColumnType::kBool, kRequired, "The file starts with a UTF-8 BOM."},
               {"is_symlink", ColumnType::kBool, kRequired,
                "The path is a symbolic link (read only with `--follow-symlinks`)."},
               {"status", ColumnType::kString, kRequired,
                "`ok` (decoded; the only status with text and further evidence); `too_large` "
                "(above `--max-file-bytes`); `binary` (a binary format's magic number, or many "
                "NUL/control bytes in the first 8 KiB; a few NUL bytes do not make a file "
                "binary); `unreadable` (cannot be opened or read); `undecodable` (bytes invalid "
                "in its encoding; the diagnostic names the codec and the byte); "
                "`unknown_encoding` (the coding cookie names no Python text codec; CPython "
                "rejects the file too); `unsupported_encoding` (a Python codec this build cannot "
                "decode exactly like Python, e.g. shift_jis); `encoding_conflict` (a UTF-8 BOM "
                "with a cookie other than utf-8, an error in CPython); `special_file` (a FIFO, "
                "socket or device); `symlink_skipped` (a link, not followed by default); "
                "`outside_repo` (a followed link resolving outside the repository root); "
                "`broken_symlink` (a followed link to nothing); `symlink_loop` (a followed link "
                "that resolves to itself)."},
           },
       .key = {"file_id"},
       .sort = {"path"}});

  r.Add({.name = "file_text",
         .kind = TableKind::kEvidence,
         .layer = Layer::kSource,
         .doc = "The canonical text of every `ok` file: what every span indexes. Published as "
                "file_text.parquet (the `file_text` output, on by default) so that `codeanatomy "
                "query` can show source code (`code(path, bstart, bend)`) without reading the "
                "repository.",
         .columns =
             {
                 {"file_id", ColumnType::kUInt64, kRequired, "The file (repo_files.file_id)."},
                 {"path", ColumnType::kString, kRequired, "The file's path."},
                 {"text", ColumnType::kString, kRequired,
                  "The text, decoded per PEP 263 and re-encoded as UTF-8 without BOM."},
             },
         .key = {"file_id"},
         .sort = {"path"}});

  r.Add({.name = "file_line_index",
         .kind = TableKind::kEvidence,
         .layer = Layer::kSource,
         .doc = "The lines of every `ok` file's canonical text, as CPython's tokenizer numbers "
                "them: a line ends at `\\n`, `\\r\\n` or a bare `\\r` and nowhere else (not at "
                "`\\f`, `\\v`, `\\x1c`-`\\x1e`, U+0085, U+2028 or U+2029). A text that is empty or "
                "ends with a terminator has a last, empty line (`bstart` = `bend` = text length, "
                "NONE), where CPython puts its final tokens. A CPython position (1-based line L, "
                "UTF-8 byte column C) is byte `bstart + C` of the row with `line0 = L - 1`.",
         .columns =
             {
                 {"file_id", ColumnType::kUInt64, kRequired, "The file (repo_files.file_id)."},
                 {"path", ColumnType::kString, kRequired, "The file's path."},
                 {"line0", ColumnType::kInt64, kRequired, "Line number, 0-based."},
                 {"bstart", ColumnType::kInt64, kRequired, "Offset of the line's first byte."},
                 {"bend", ColumnType::kInt64, kRequired,
                  "End of the line, exclusive, including its terminator."},
                 {"newline_kind", ColumnType::kString, kRequired,
                  "The terminator: LF, CRLF, CR or NONE (the last line)."},
                 {"is_ascii", ColumnType::kBool, kRequired,
                  "Every byte of the line is ASCII: byte, UTF-16 and code-point columns agree "
                  "and the line has no file_wide_chars rows."},
             },
         .key = {"file_id", "line0"},
         .sort = {"path", "line0"}});

  r.Add(
      {.name = "file_wide_chars",
       .kind = TableKind::kEvidence,
       .layer = Layer::kSource,
       .doc = "One row per non-ASCII code point of every `ok` file's canonical text, to convert "
              "columns counted in UTF-16 code units (LSP, pyright/SCIP) or code points (Python "
              "str indices) to byte offsets relationally. An ASCII character is one byte, one "
              "UTF-16 unit and one code point, so for a column `c` in UTF-16 units on line `L`: "
              "`byte = line.bstart + c + sum(utf8_len - utf16_len)` over the rows of that file "
              "with `line0 = L` and `utf16_col < c`; for code points use `utf32_col < c` and "
              "`sum(utf8_len - 1)`; with no such rows (or `is_ascii` lines) the byte offset is "
              "`bstart + c`. A column inside a surrogate pair (`utf16_col < c < utf16_col + "
              "utf16_len`) points into the character and should be clamped to its start. The "
              "reverse (byte column `b` to UTF-16) is `b - sum(utf8_len - utf16_len)` over rows "
              "with `byte_col < b`.",
       .columns =
           {
               {"file_id", ColumnType::kUInt64, kRequired, "The file (repo_files.file_id)."},
               {"path", ColumnType::kString, kRequired, "The file's path."},
               {"line0", ColumnType::kInt64, kRequired, "Line number, 0-based (file_line_index)."},
               {"byte_col", ColumnType::kInt64, kRequired,
                "Byte offset of the character from the start of its line."},
               {"utf16_col", ColumnType::kInt64, kRequired,
                "Column of the character in UTF-16 code units from the start of its line."},
               {"utf32_col", ColumnType::kInt64, kRequired,
                "Column of the character in code points from the start of its line."},
               {"utf8_len", ColumnType::kInt64, kRequired, "Bytes of the character: 2, 3 or 4."},
               {"utf16_len", ColumnType::kInt64, kRequired,
                "UTF-16 code units of the character: 1, or 2 above U+FFFF."},
           },
       .key = {"file_id", "line0", "byte_col"},
       .sort = {"path", "line0", "byte_col"}});
}

}  // namespace codeanatomy::schema
