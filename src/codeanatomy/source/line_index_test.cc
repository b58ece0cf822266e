#include "codeanatomy/source/line_index.h"

#include "codeanatomy/base/testing.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::source {
namespace {

std::string Describe(const std::vector<LineSpan>& lines) {
  std::string out;
  for (const auto& l : lines) {
    out += std::to_string(l.bstart) + "-" + std::to_string(l.bend) + ":" +
           std::string(Name(l.newline)) + (l.is_ascii ? "" : "*") + " ";
  }
  return out;
}

TEST(SplitLinesTest, SplitsOnlyWhereCPythonDoes) {
  EXPECT_EQ(Describe(SplitLines("")), "0-0:NONE ");
  EXPECT_EQ(Describe(SplitLines("a")), "0-1:NONE ");
  EXPECT_EQ(Describe(SplitLines("a\n")), "0-2:LF 2-2:NONE ");
  EXPECT_EQ(Describe(SplitLines("a\r\nb\rc\nd")), "0-3:CRLF 3-5:CR 5-7:LF 7-8:NONE ");
  EXPECT_EQ(Describe(SplitLines("\r\r\n\n")), "0-1:CR 1-3:CRLF 3-4:LF 4-4:NONE ");
  // \f, \v, \x1c-\x1e, U+0085, U+2028 and U+2029 are not line ends for the tokenizer.
  EXPECT_EQ(Describe(SplitLines("a\fb\vc\x1c\x1d\x1e\xC2\x85\xE2\x80\xA8\xE2\x80\xA9z\n")),
            "0-18:LF* 18-18:NONE ");
}

TEST(WideCharsTest, ColumnsInEveryUnit) {
  // "é" (2 bytes, 1 unit), "€" (3 bytes, 1 unit), "😀" (4 bytes, 2 units).
  const std::string text = "x\n\xC3\xA9=\xE2\x82\xAC+\xF0\x9F\x98\x80;\n";
  auto lines = SplitLines(text);
  auto wide = FindWideChars(text, lines);
  ASSERT_EQ(wide.size(), 3u);
  EXPECT_EQ(wide[0].line0, 1);
  EXPECT_EQ(wide[0].byte_col, 0);
  EXPECT_EQ(wide[0].utf16_col, 0);
  EXPECT_EQ(wide[0].utf8_len, 2);
  EXPECT_EQ(wide[1].byte_col, 3);
  EXPECT_EQ(wide[1].utf16_col, 2);
  EXPECT_EQ(wide[1].utf32_col, 2);
  EXPECT_EQ(wide[1].utf8_len, 3);
  EXPECT_EQ(wide[2].byte_col, 7);
  EXPECT_EQ(wide[2].utf16_col, 4);
  EXPECT_EQ(wide[2].utf32_col, 4);
  EXPECT_EQ(wide[2].utf8_len, 4);
  EXPECT_EQ(wide[2].utf16_len, 2);
}

// The conversion rule documented on file_wide_chars, applied to every character of a line:
// byte = bstart + col + sum(utf8_len - units) over wide chars before col.
TEST(WideCharsTest, DocumentedRuleConvertsEveryColumn) {
  const std::string text =
      "a\xC3\xA9\xF0\x9F\x98\x80 b\xE2\x82\xAC\xF0\x9F\x98\x80"
      "c\n";
  auto lines = SplitLines(text);
  auto wide = FindWideChars(text, lines);
  int64_t byte = 0, utf16 = 0, utf32 = 0;
  while (byte < lines[0].bend) {
    int64_t from16 = lines[0].bstart + utf16, from32 = lines[0].bstart + utf32;
    for (const auto& w : wide) {
      if (w.line0 != 0) continue;
      if (w.utf16_col < utf16) from16 += w.utf8_len - w.utf16_len;
      if (w.utf32_col < utf32) from32 += w.utf8_len - 1;
    }
    EXPECT_EQ(from16, byte) << "utf16 column " << utf16;
    EXPECT_EQ(from32, byte) << "utf32 column " << utf32;
    const auto c = static_cast<unsigned char>(text[byte]);
    const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    byte += len;
    utf16 += len == 4 ? 2 : 1;
    utf32 += 1;
  }
}

TEST(LineRowsTest, FillTheDeclaredTables) {
  base::Table lines = schema::GetTable("file_line_index").NewTable();
  base::Table wide = schema::GetTable("file_wide_chars").NewTable();
  const std::string text = "\xC3\xA9\r\nx";
  auto spans = SplitLines(text);
  AppendLineRows(7, "p.py", spans, FindWideChars(text, spans), &lines, &wide);
  lines.CheckConsistent();
  wide.CheckConsistent();
  ASSERT_EQ(lines.num_rows(), 2u);
  EXPECT_EQ(lines.column("newline_kind").GetString(0), "CRLF");
  EXPECT_FALSE(lines.column("is_ascii").GetBool(0));
  EXPECT_EQ(lines.column("bstart").GetInt64(1), 4);
  EXPECT_EQ(lines.column("bend").GetInt64(1), 5);
  ASSERT_EQ(wide.num_rows(), 1u);
  EXPECT_EQ(wide.column("utf8_len").GetInt64(0), 2);
}

}  // namespace
}  // namespace codeanatomy::source
