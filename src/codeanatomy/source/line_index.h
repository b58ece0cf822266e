// codeanatomy/source/line_index.h
//
// Lines and wide characters of a canonical text, for the file_line_index and file_wide_chars
// tables (schema/tables_source.cc). Lines are CPython's tokenizer lines: they end at "\n", "\r\n"
// or a bare "\r" and nowhere else (not at \f, \v, \x1c-\x1e, U+0085, U+2028 or U+2029, where
// str.splitlines() would split), so a CPython (line, UTF-8 byte column) lands on the same bytes.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "codeanatomy/base/table.h"

namespace codeanatomy::source {

enum class NewlineKind : unsigned char { kLf, kCrLf, kCr, kNone };
//! "LF", "CRLF", "CR", "NONE".
std::string_view Name(NewlineKind kind);

struct LineSpan {
  int64_t bstart = 0;
  //! End-exclusive, including the terminator.
  int64_t bend = 0;
  NewlineKind newline = NewlineKind::kNone;
  bool is_ascii = true;
};

//! One entry per line, 0-based. A text that is empty or ends with a line terminator gets a last,
//! empty line (bstart = bend = size, NONE): CPython puts its final tokens there.
std::vector<LineSpan> SplitLines(std::string_view text);

//! A non-ASCII code point of a line.
struct WideChar {
  int64_t line0 = 0;
  //! Byte offset of the character from the start of its line.
  int64_t byte_col = 0;
  //! Column of the character in UTF-16 code units / code points from the start of its line.
  int64_t utf16_col = 0;
  int64_t utf32_col = 0;
  int32_t utf8_len = 0;   // 2..4
  int32_t utf16_len = 0;  // 1 or 2
};

//! The non-ASCII code points of `text` (valid UTF-8), in order. Lines flagged ASCII are skipped.
std::vector<WideChar> FindWideChars(std::string_view text, const std::vector<LineSpan>& lines);

//! Appends the file's rows to tables with the file_line_index and file_wide_chars schemas.
void AppendLineRows(uint64_t file_id, std::string_view path, const std::vector<LineSpan>& lines,
                    const std::vector<WideChar>& wide, base::Table* line_index,
                    base::Table* wide_chars);

}  // namespace codeanatomy::source
