#include "codeanatomy/source/line_index.h"

#include "codeanatomy/base/check.h"

namespace codeanatomy::source {

std::string_view Name(NewlineKind kind) {
  switch (kind) {
    case NewlineKind::kLf:
      return "LF";
    case NewlineKind::kCrLf:
      return "CRLF";
    case NewlineKind::kCr:
      return "CR";
    case NewlineKind::kNone:
      return "NONE";
  }
  CA_UNREACHABLE("newline kind {}", static_cast<int>(kind));
}

std::vector<LineSpan> SplitLines(std::string_view text) {
  std::vector<LineSpan> lines;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t start = 0;
  bool ascii = true;
  size_t i = 0;
  while (i < n) {
    const unsigned char c = s[i];
    if (c == '\n' || c == '\r') {
      NewlineKind kind = NewlineKind::kLf;
      size_t end = i + 1;
      if (c == '\r') {
        if (end < n && s[end] == '\n') {
          kind = NewlineKind::kCrLf;
          ++end;
        } else {
          kind = NewlineKind::kCr;
        }
      }
      lines.push_back({static_cast<int64_t>(start), static_cast<int64_t>(end), kind, ascii});
      start = i = end;
      ascii = true;
      continue;
    }
    if (c >= 0x80) ascii = false;
    ++i;
  }
  // The last line: unterminated text, or the empty line after a final terminator (or of an empty
  // text).
  lines.push_back(
      {static_cast<int64_t>(start), static_cast<int64_t>(n), NewlineKind::kNone, ascii});
  return lines;
}

std::vector<WideChar> FindWideChars(std::string_view text, const std::vector<LineSpan>& lines) {
  std::vector<WideChar> out;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (size_t line0 = 0; line0 < lines.size(); ++line0) {
    const LineSpan& line = lines[line0];
    if (line.is_ascii) continue;
    int64_t utf16 = 0, utf32 = 0;
    for (int64_t i = line.bstart; i < line.bend;) {
      const unsigned char c = s[i];
      int32_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      CA_CHECK_MSG(i + len <= line.bend, "canonical text is not valid UTF-8 at byte {}", i);
      if (len > 1) {
        const int32_t units = len == 4 ? 2 : 1;
        out.push_back({static_cast<int64_t>(line0), i - line.bstart, utf16, utf32, len, units});
        utf16 += units;
      } else {
        utf16 += 1;
      }
      utf32 += 1;
      i += len;
    }
  }
  return out;
}

void AppendLineRows(uint64_t file_id, std::string_view path, const std::vector<LineSpan>& lines,
                    const std::vector<WideChar>& wide, base::Table* line_index,
                    base::Table* wide_chars) {
  {
    base::Table& t = *line_index;
    auto& c_file = t.column("file_id");
    auto& c_path = t.column("path");
    auto& c_line = t.column("line0");
    auto& c_bstart = t.column("bstart");
    auto& c_bend = t.column("bend");
    auto& c_kind = t.column("newline_kind");
    auto& c_ascii = t.column("is_ascii");
    for (size_t k = 0; k < lines.size(); ++k) {
      const LineSpan& l = lines[k];
      c_file.AppendUInt64(file_id);
      c_path.AppendString(path);
      c_line.AppendInt64(static_cast<int64_t>(k));
      c_bstart.AppendInt64(l.bstart);
      c_bend.AppendInt64(l.bend);
      c_kind.AppendString(Name(l.newline));
      c_ascii.AppendBool(l.is_ascii);
    }
  }
  base::Table& t = *wide_chars;
  auto& c_file = t.column("file_id");
  auto& c_path = t.column("path");
  auto& c_line = t.column("line0");
  auto& c_byte = t.column("byte_col");
  auto& c_u16 = t.column("utf16_col");
  auto& c_u32 = t.column("utf32_col");
  auto& c_u8len = t.column("utf8_len");
  auto& c_u16len = t.column("utf16_len");
  for (const WideChar& w : wide) {
    c_file.AppendUInt64(file_id);
    c_path.AppendString(path);
    c_line.AppendInt64(w.line0);
    c_byte.AppendInt64(w.byte_col);
    c_u16.AppendInt64(w.utf16_col);
    c_u32.AppendInt64(w.utf32_col);
    c_u8len.AppendInt64(w.utf8_len);
    c_u16len.AppendInt64(w.utf16_len);
  }
}

}  // namespace codeanatomy::source
