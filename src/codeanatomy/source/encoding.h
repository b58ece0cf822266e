// codeanatomy/source/encoding.h
//
// Canonical text: a file's bytes decoded per PEP 263 and re-encoded as UTF-8 without BOM.
//
// The rules are CPython 3.11's tokenizer (Parser/tokenizer.c), not the PEP's prose:
//  * a UTF-8 BOM selects utf-8; a coding cookie must then normalise to exactly "utf-8"
//    (`# coding: utf8` with a BOM is an error in CPython too);
//  * the cookie is searched on line 1, and on line 2 only when line 1 is blank or a comment; a
//    line is a cookie line when it matches `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)` (ASCII \w);
//    lines end at \n, \r\n or a bare \r;
//  * the cookie's name goes through the tokenizer's get_normal_name (utf-8 and latin-1 spellings)
//    and then codecs.lookup's normalisation and alias table (generated into codec_table.inc);
//  * without BOM or cookie the file is utf-8.
// Decoding is native for utf-8, latin-1 and ascii and goes through glibc iconv for the other
// codecs whose iconv charset decodes exactly like Python's codec (scripts/gen_codec_table.py
// checks this); the rest are reported as unsupported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace codeanatomy::source {

//! True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view bytes);
//! Offset of the first byte that does not start a well-formed UTF-8 sequence, or nullopt.
std::optional<size_t> FirstInvalidUtf8(std::string_view bytes);

//! `bytes` with every byte that is not part of well-formed UTF-8 written as `\xNN` (Python's
//! backslashreplace): valid UTF-8 that still shows what the bytes were. Valid input is unchanged.
std::string EscapeInvalidUtf8(std::string_view bytes);

//! True when the bytes look like a binary file rather than text: a known binary magic number
//! (PNG, ELF, GIF, JPEG, zip, gzip, bzip2, xz, PDF, Mach-O, Java class, WebAssembly, SQLite), or,
//! in the first 8 KiB, at least 4 NUL/control bytes (other than \t \n \r \f \v ESC) making up
//! more than 10% of it, or more than 5% when it is not valid UTF-8 either. A text file with a few
//! NUL bytes is not binary: it keeps its CST layer and CPython reports the NUL bytes.
bool LooksBinary(std::string_view bytes);

//! The coding cookie of a source file (after any BOM), as CPython's tokenizer finds it: the name
//! as written and the 1-based line it is on.
struct CodingCookie {
  std::string name;
  int line_1based = 0;
};
std::optional<CodingCookie> FindCodingCookie(std::string_view body);

//! CPython's tokenizer get_normal_name: `utf_8`, `UTF-8-unix` -> `utf-8`; `latin-1`, `iso_8859_1`
//! -> `iso-8859-1`; anything else unchanged.
std::string TokenizerNormalName(std::string_view name);

//! A Python codec as codecs.lookup(name) finds it.
struct CodecEntry {
  std::string_view key;          // the normalised lookup key (alias or module name)
  std::string_view python_name;  // codecs.lookup(name).name: "utf-8", "iso8859-1", "cp1252"…
  bool is_text = true;           // false for bytes-to-bytes codecs such as rot13 or hex
  std::string_view iconv_name;   // glibc iconv charset decoding identically; empty when none
};
//! The codec Python would find for `name`, or nullptr when Python has none by that name.
const CodecEntry* LookupCodec(std::string_view name);

enum class DecodeOutcome : unsigned char {
  kOk,
  kUnknownEncoding,      // the cookie names no Python text codec (CPython: SyntaxError)
  kUnsupportedEncoding,  // a Python codec glibc iconv cannot decode identically
  kEncodingConflict,     // UTF-8 BOM with a cookie that is not utf-8 (CPython: SyntaxError)
  kUndecodable,          // bytes the codec rejects
};

struct DecodedSource {
  DecodeOutcome outcome = DecodeOutcome::kOk;
  //! The codec's Python name ("utf-8", "iso8859-1", …); the cookie as written when unknown.
  std::string encoding;
  bool has_bom = false;
  std::optional<CodingCookie> cookie;
  //! The canonical text when outcome is kOk.
  std::string text;
  //! What went wrong, for a diagnostic, when outcome is not kOk.
  std::string problem;
};

//! Decodes a source file's raw bytes to canonical text per PEP 263 (see the file comment).
DecodedSource DecodeSource(std::string_view raw);

}  // namespace codeanatomy::source
