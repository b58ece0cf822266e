#include "codeanatomy/source/encoding.h"

#include "codeanatomy/base/testing.h"

namespace codeanatomy::source {
namespace {

using ::testing::HasSubstr;

TEST(Utf8Test, ValidatesEncodings) {
  EXPECT_TRUE(IsValidUtf8("plain ascii text, long enough for the fast path"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("abc\xE2\x82"));   // truncated
  EXPECT_EQ(FirstInvalidUtf8("0123456789abc\xFFz"), std::optional<size_t>(13));
  EXPECT_EQ(FirstInvalidUtf8("ok"), std::nullopt);
}

TEST(Utf8Test, EscapesOnlyInvalidBytes) {
  EXPECT_EQ(EscapeInvalidUtf8("caf\xC3\xA9.py"), "caf\xC3\xA9.py");
  EXPECT_EQ(EscapeInvalidUtf8("bad\xFF\xFE.py"), "bad\\xff\\xfe.py");
  EXPECT_TRUE(IsValidUtf8(EscapeInvalidUtf8("\xC0\xAF\xED\xA0\x80")));
}

// Expectations below are what CPython 3.11 does with compile(bytes) (checked by hand).
TEST(CodingCookieTest, FollowsTheTokenizer) {
  auto name = [](std::string_view body) {
    auto c = FindCodingCookie(body);
    return c ? c->name + "@" + std::to_string(c->line_1based) : std::string("-");
  };
  EXPECT_EQ(name("# -*- coding: latin-1 -*-\nx = 1\n"), "latin-1@1");
  EXPECT_EQ(name("#!/usr/bin/python\n# -*- coding: latin-1 -*-\n"), "latin-1@2");
  EXPECT_EQ(name("# vim: set fileencoding=cp1252 :\n"), "cp1252@1");
  EXPECT_EQ(name("x = 1\n# coding: latin-1\n"), "-");  // line 1 is code
  EXPECT_EQ(name("x=1 # coding: latin-1\n"), "-");     // not alone on its line
  EXPECT_EQ(name("\n\n# coding: latin-1\n"), "-");     // line 3
  EXPECT_EQ(name("\n\r# coding: latin-1\r"), "-");     // a bare CR ends line 2
  EXPECT_EQ(name("#!python\r# coding: latin-1\r"), "latin-1@2");
  EXPECT_EQ(name("\n# coding=utf8\n"), "utf8@2");
  EXPECT_EQ(name("\f# coding: latin-1\n"), "latin-1@1");
  EXPECT_EQ(name("  \t# coding: latin-1\n"), "latin-1@1");
  EXPECT_EQ(name("# coding latin-1\n"), "-");                     // needs ':' or '='
  EXPECT_EQ(name("# coding: \n# coding: cp1252\n"), "cp1252@2");  // empty name: keep looking
  EXPECT_EQ(name("# encoding: euc-jp"), "euc-jp@1");              // no trailing newline
  EXPECT_EQ(name("# codingcoding:x\n"), "x@1");
  EXPECT_EQ(name(""), "-");
}

TEST(CodecTest, NormalisesLikePython) {
  EXPECT_EQ(TokenizerNormalName("UTF_8"), "utf-8");
  EXPECT_EQ(TokenizerNormalName("utf-8-unix"), "utf-8");
  EXPECT_EQ(TokenizerNormalName("utf8"), "utf8");
  EXPECT_EQ(TokenizerNormalName("Latin_1"), "iso-8859-1");
  EXPECT_EQ(TokenizerNormalName("iso-latin-1-unix"), "iso-8859-1");
  EXPECT_EQ(TokenizerNormalName("iso-8859-15"), "iso-8859-15");
  auto name = [](std::string_view n) {
    const CodecEntry* e = LookupCodec(n);
    return e ? std::string(e->python_name) : std::string("-");
  };
  EXPECT_EQ(name("utf8"), "utf-8");
  EXPECT_EQ(name("U8"), "utf-8");
  EXPECT_EQ(name("latin1"), "iso8859-1");
  EXPECT_EQ(name("iso-8859-1"), "iso8859-1");
  EXPECT_EQ(name("L1"), "iso8859-1");
  EXPECT_EQ(name("windows-1252"), "cp1252");
  EXPECT_EQ(name("us-ascii"), "ascii");
  EXPECT_EQ(name("EUC-JP"), "euc_jp");
  EXPECT_EQ(name("sjis"), "shift_jis");
  EXPECT_EQ(name("gbk"), "gbk");
  EXPECT_EQ(name("foobar"), "-");
  EXPECT_EQ(name("mbcs"), "-");  // Windows only
  ASSERT_NE(LookupCodec("rot13"), nullptr);
  EXPECT_FALSE(LookupCodec("rot13")->is_text);
  EXPECT_TRUE(LookupCodec("shift_jis")->iconv_name.empty());  // glibc maps 0x5C to a yen sign
}

TEST(DecodeSourceTest, DefaultsToUtf8) {
  DecodedSource d = DecodeSource("x = 'caf\xC3\xA9'\n");
  EXPECT_EQ(d.outcome, DecodeOutcome::kOk);
  EXPECT_EQ(d.encoding, "utf-8");
  EXPECT_EQ(d.text, "x = 'caf\xC3\xA9'\n");
  EXPECT_FALSE(d.cookie.has_value());
}

TEST(DecodeSourceTest, Latin1CookieIsReencoded) {
  DecodedSource d = DecodeSource("# -*- coding: latin-1 -*-\ns = '\xE9t\xE9'\n");
  ASSERT_EQ(d.outcome, DecodeOutcome::kOk) << d.problem;
  EXPECT_EQ(d.encoding, "iso8859-1");
  EXPECT_EQ(d.text, "# -*- coding: latin-1 -*-\ns = '\xC3\xA9t\xC3\xA9'\n");
}

TEST(DecodeSourceTest, IconvCodecs) {
  DecodedSource cp = DecodeSource("# coding: cp1252\ns = '\x80'\n");
  ASSERT_EQ(cp.outcome, DecodeOutcome::kOk) << cp.problem;
  EXPECT_EQ(cp.encoding, "cp1252");
  EXPECT_EQ(cp.text, "# coding: cp1252\ns = '\xE2\x82\xAC'\n");  // the euro sign
  DecodedSource jp = DecodeSource("# coding: euc-jp\ns = '\xA4\xA2'\n");
  ASSERT_EQ(jp.outcome, DecodeOutcome::kOk) << jp.problem;
  EXPECT_EQ(jp.text, "# coding: euc-jp\ns = '\xE3\x81\x82'\n");        // あ
  DecodedSource bad = DecodeSource("# coding: cp1252\ns = '\x81'\n");  // undefined in cp1252
  EXPECT_EQ(bad.outcome, DecodeOutcome::kUndecodable);
  EXPECT_THAT(bad.problem, HasSubstr("byte 0x81 at byte offset 22 (line 2)"));
}

TEST(DecodeSourceTest, BomRules) {
  DecodedSource plain = DecodeSource("\xEF\xBB\xBFx = 1\r\n");
  EXPECT_EQ(plain.outcome, DecodeOutcome::kOk);
  EXPECT_TRUE(plain.has_bom);
  EXPECT_EQ(plain.text, "x = 1\r\n");
  DecodedSource utf8 = DecodeSource("\xEF\xBB\xBF# coding: UTF_8\nx = 1\n");
  EXPECT_EQ(utf8.outcome, DecodeOutcome::kOk);
  // CPython: "encoding problem: utf8 with BOM" / "iso-8859-1 with BOM".
  EXPECT_EQ(DecodeSource("\xEF\xBB\xBF# coding: utf8\n").outcome, DecodeOutcome::kEncodingConflict);
  DecodedSource latin = DecodeSource("\xEF\xBB\xBF# coding: latin-1\n");
  EXPECT_EQ(latin.outcome, DecodeOutcome::kEncodingConflict);
  EXPECT_THAT(latin.problem, HasSubstr("iso-8859-1 with BOM"));
}

TEST(DecodeSourceTest, RejectsWhatCPythonRejects) {
  DecodedSource unknown = DecodeSource("# coding: foobar\n");
  EXPECT_EQ(unknown.outcome, DecodeOutcome::kUnknownEncoding);
  EXPECT_EQ(unknown.encoding, "foobar");
  EXPECT_THAT(unknown.problem, HasSubstr("unknown encoding 'foobar'"));
  DecodedSource rot = DecodeSource("# coding: rot13\n");
  EXPECT_EQ(rot.outcome, DecodeOutcome::kUnknownEncoding);
  EXPECT_THAT(rot.problem, HasSubstr("not a text encoding"));
  DecodedSource ascii = DecodeSource("# coding: ascii\nk = '\xC3\xA9'\n");
  EXPECT_EQ(ascii.outcome, DecodeOutcome::kUndecodable);
  EXPECT_EQ(ascii.encoding, "ascii");
  DecodedSource utf8 = DecodeSource("x = 1\ny = '\xE9'\n");
  EXPECT_EQ(utf8.outcome, DecodeOutcome::kUndecodable);
  EXPECT_THAT(utf8.problem, HasSubstr("as utf-8: byte 0xe9 at byte offset 11 (line 2)"));
  EXPECT_THAT(utf8.problem, HasSubstr("PEP 263"));
  // The cookie after code on line 1 does not count: utf-8, and é in latin-1 is invalid.
  EXPECT_EQ(DecodeSource("x=1\n# coding: latin-1\ny='\xE9'\n").outcome,
            DecodeOutcome::kUndecodable);
}

TEST(DecodeSourceTest, UnsupportedCodecsSayWhy) {
  DecodedSource d = DecodeSource("# coding: shift_jis\nx = 1\n");
  EXPECT_EQ(d.outcome, DecodeOutcome::kUnsupportedEncoding);
  EXPECT_EQ(d.encoding, "shift_jis");
  EXPECT_THAT(d.problem, HasSubstr("re-save the file as UTF-8"));
}

TEST(LooksBinaryTest, MagicNumbersAndControlBytes) {
  EXPECT_TRUE(LooksBinary(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)));
  EXPECT_TRUE(
      LooksBinary(std::string("\x7f"
                              "ELF\x02\x01\x01\0\0\0\0\0",
                              12)));
  std::string pyc("\xa7\r\r\n\0\0\0\0", 8);
  pyc += std::string(200, '\0');
  EXPECT_TRUE(LooksBinary(pyc));
  // A text file with a few NUL bytes stays text.
  std::string text = "x = 1\n";
  for (int i = 0; i < 40; ++i)
    text += "value_" + std::to_string(i) + " = compute(" + std::to_string(i) + ")\n";
  text[20] = '\0';
  text[200] = '\0';
  text[400] = '\0';
  EXPECT_FALSE(LooksBinary(text));
  EXPECT_FALSE(LooksBinary(""));
  EXPECT_FALSE(LooksBinary("\x1b[31mred\x1b[0m = 1\n\f\v"));
  // UTF-16 text (every other byte NUL) is binary to us (and not Python source to CPython).
  std::string utf16;
  for (char c : std::string("x = 1\n")) {
    utf16 += c;
    utf16 += '\0';
  }
  EXPECT_TRUE(LooksBinary(utf16));
}

}  // namespace
}  // namespace codeanatomy::source
