#include "codeanatomy/source/encoding.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <iterator>

#include <fmt/core.h>
#include <iconv.h>

namespace codeanatomy::source {

namespace {

//! Length of the well-formed UTF-8 sequence starting at s[i], or 0 when it is not one.
size_t Utf8SequenceLength(const unsigned char* s, size_t n, size_t i) {
  const unsigned char c = s[i];
  if (c < 0x80) return 1;
  size_t len;
  uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > n) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((s[i + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i + k] & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) {
    return 0;  // overlong
  }
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

constexpr CodecEntry kCodecs[] = {
#include "codeanatomy/source/codec_table.inc"
};

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

//! codecs.lookup's normalisation: lower-case (C level), then every run of characters other than
//! ASCII letters, digits and '.' becomes one '_', dropped at either end
//! (encodings.normalize_encoding).
std::string NormalizeCodecKey(std::string_view name) {
  std::string out;
  bool punct = false;
  for (char c : name) {
    if (IsAsciiAlnum(c) || c == '.') {
      if (punct && !out.empty()) out += '_';
      out += AsciiLower(c);
      punct = false;
    } else {
      punct = true;
    }
  }
  return out;
}

const CodecEntry* FindKey(std::string_view key) {
  auto it = std::lower_bound(std::begin(kCodecs), std::end(kCodecs), key,
                             [](const CodecEntry& e, std::string_view k) { return e.key < k; });
  return it != std::end(kCodecs) && it->key == key ? &*it : nullptr;
}

//! 1-based line of byte `offset` (lines end at \n, \r\n or a bare \r).
int64_t LineOfOffset(std::string_view text, size_t offset) {
  int64_t line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
    }
  }
  return line;
}

//! CPython's get_coding_spec on one line (without its terminator): the cookie name or nullopt.
//! `is_code` is set when the line holds anything but blanks and a comment (check_coding_spec).
std::optional<std::string> CodingSpecOfLine(std::string_view s, bool* is_code) {
  *is_code = false;
  auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\f'; };
  // check_coding_spec: a line with anything but blanks before its comment ends the search.
  for (char c : s) {
    if (c == '#') break;
    if (!blank(c)) {
      *is_code = true;
      break;
    }
  }
  if (*is_code) return std::nullopt;
  size_t i = 0;
  while (i < s.size() && blank(s[i])) ++i;
  if (i >= s.size() || s[i] != '#') return std::nullopt;
  // The first "coding" followed by ':' or '=', optional blanks and a non-empty [-\w.]+ name.
  for (; i + 6 < s.size(); ++i) {
    if (s.compare(i, 6, "coding") != 0) continue;
    size_t t = i + 6;
    if (s[t] != ':' && s[t] != '=') continue;
    ++t;
    while (t < s.size() && (s[t] == ' ' || s[t] == '\t')) ++t;
    const size_t begin = t;
    while (t < s.size() && (IsAsciiAlnum(s[t]) || s[t] == '-' || s[t] == '_' || s[t] == '.')) ++t;
    if (t > begin) return std::string(s.substr(begin, t - begin));
  }
  return std::nullopt;
}

//! The end of the line starting at `start` (the index of its terminator, or size) and the start
//! of the next one.
std::pair<size_t, size_t> LineEnd(std::string_view text, size_t start) {
  size_t i = start;
  while (i < text.size() && text[i] != '\n' && text[i] != '\r') ++i;
  if (i >= text.size()) return {i, i};
  if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') return {i, i + 2};
  return {i, i + 1};
}

struct IconvResult {
  bool opened = false;
  std::optional<size_t> error_offset;  // first rejected input byte
  std::string text;
};

IconvResult DecodeWithIconv(std::string_view input, const char* charset) {
  IconvResult r;
  iconv_t cd = iconv_open("UTF-8", charset);
  if (cd == reinterpret_cast<iconv_t>(-1)) return r;
  r.opened = true;
  std::string out(input.size() * 2 + 16, '\0');
  size_t used = 0;
  char* in_ptr = const_cast<char*>(input.data());
  size_t in_left = input.size();
  bool flushing = false;
  while (true) {
    char* out_ptr = out.data() + used;
    size_t out_left = out.size() - used;
    size_t n = flushing ? iconv(cd, nullptr, nullptr, &out_ptr, &out_left)
                        : iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
    const int err = errno;
    used = static_cast<size_t>(out_ptr - out.data());
    if (n != static_cast<size_t>(-1)) {
      if (flushing) break;
      flushing = true;
      continue;
    }
    if (err == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    r.error_offset = static_cast<size_t>(in_ptr - input.data());  // EILSEQ or EINVAL
    break;
  }
  iconv_close(cd);
  out.resize(used);
  r.text = std::move(out);
  return r;
}

std::string ByteName(std::string_view text, size_t offset) {
  return offset < text.size()
             ? fmt::format("byte 0x{:02x}", static_cast<unsigned char>(text[offset]))
             : std::string("the end of the file");
}

}  // namespace

std::optional<size_t> FirstInvalidUtf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    // Fast path: 8 ASCII bytes at a time.
    if (i + 8 <= n) {
      uint64_t chunk;
      __builtin_memcpy(&chunk, s + i, 8);
      if ((chunk & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    const size_t len = Utf8SequenceLength(s, n, i);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}

bool IsValidUtf8(std::string_view bytes) { return !FirstInvalidUtf8(bytes).has_value(); }

std::string EscapeInvalidUtf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    const size_t len = Utf8SequenceLength(s, bytes.size(), i);
    if (len == 0) {
      out += fmt::format("\\x{:02x}", s[i]);
      ++i;
    } else {
      out.append(bytes.substr(i, len));
      i += len;
    }
  }
  return out;
}

bool LooksBinary(std::string_view bytes) {
  static constexpr std::string_view kMagic[] = {
      "\x89PNG\r\n\x1a\n",
      "\x7f"
      "ELF",
      "GIF87a",
      "GIF89a",
      "\xff\xd8\xff",
      "PK\x03\x04",
      "PK\x05\x06",
      "\x1f\x8b",
      "\xfd"
      "7zXZ",
      "%PDF-",
      "\xca\xfe\xba\xbe",
      "\xfe\xed\xfa\xce",
      "\xfe\xed\xfa\xcf",
      "\xce\xfa\xed\xfe",
      "\xcf\xfa\xed\xfe",
      std::string_view("\0asm", 4),
      std::string_view("SQLite format 3\0", 16),
  };
  for (std::string_view magic : kMagic) {
    if (bytes.starts_with(magic)) return true;
  }
  if (bytes.size() >= 10 && bytes.starts_with("BZh") && bytes[3] >= '1' && bytes[3] <= '9' &&
      bytes.substr(4, 6) == "1AY&SY") {
    return true;
  }
  const std::string_view window = bytes.substr(0, 8192);
  size_t suspicious = 0;
  for (char ch : window) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) ||
        c == 0x7f) {
      ++suspicious;
    }
  }
  if (suspicious < 4) return false;
  if (suspicious * 10 > window.size()) return true;
  if (suspicious * 20 > window.size()) {
    // A multi-byte character cut by the end of the window is not an error.
    auto bad = FirstInvalidUtf8(window);
    return bad && !(window.size() < bytes.size() && *bad + 4 > window.size());
  }
  return false;
}

std::optional<CodingCookie> FindCodingCookie(std::string_view body) {
  // decode_str: line 1, then line 2 only when line 1 is blank or a comment and a line 2 exists.
  auto [end1, next1] = LineEnd(body, 0);
  bool is_code = false;
  if (auto name = CodingSpecOfLine(body.substr(0, end1), &is_code)) {
    return CodingCookie{std::move(*name), 1};
  }
  if (is_code || next1 >= body.size() || next1 == end1) return std::nullopt;
  auto [end2, next2] = LineEnd(body, next1);
  (void)next2;
  if (auto name = CodingSpecOfLine(body.substr(next1, end2 - next1), &is_code)) {
    return CodingCookie{std::move(*name), 2};
  }
  return std::nullopt;
}

std::string TokenizerNormalName(std::string_view name) {
  // Only the first 12 characters are looked at, as in tokenizer.c.
  std::string buf;
  for (size_t i = 0; i < name.size() && i < 12; ++i) {
    buf += name[i] == '_' ? '-' : AsciiLower(name[i]);
  }
  std::string_view b = buf;
  if (b == "utf-8" || b.starts_with("utf-8-")) return "utf-8";
  if (b == "latin-1" || b == "iso-8859-1" || b == "iso-latin-1" || b.starts_with("latin-1-") ||
      b.starts_with("iso-8859-1-") || b.starts_with("iso-latin-1-")) {
    return "iso-8859-1";
  }
  return std::string(name);
}

const CodecEntry* LookupCodec(std::string_view name) {
  const std::string key = NormalizeCodecKey(name);
  if (const CodecEntry* e = FindKey(key)) return e;
  std::string underscored = key;
  std::replace(underscored.begin(), underscored.end(), '.', '_');
  return FindKey(underscored);
}

DecodedSource DecodeSource(std::string_view raw) {
  DecodedSource d;
  std::string_view body = raw;
  d.has_bom = body.starts_with(kUtf8Bom);
  if (d.has_bom) body.remove_prefix(kUtf8Bom.size());
  d.cookie = FindCodingCookie(body);

  std::string normal = d.cookie ? TokenizerNormalName(d.cookie->name) : "utf-8";
  const std::string where =
      d.cookie ? fmt::format(" (coding cookie on line {})", d.cookie->line_1based) : "";
  if (d.has_bom && normal != "utf-8") {
    d.outcome = DecodeOutcome::kEncodingConflict;
    d.encoding = d.cookie->name;
    d.problem = fmt::format(
        "the file starts with a UTF-8 BOM but its coding cookie on line {} says '{}'; CPython "
        "rejects it too (encoding problem: {} with BOM)",
        d.cookie->line_1based, d.cookie->name, normal);
    return d;
  }
  const CodecEntry* codec = LookupCodec(normal);
  if (codec == nullptr || !codec->is_text) {
    d.outcome = DecodeOutcome::kUnknownEncoding;
    d.encoding = d.cookie->name;
    d.problem = codec == nullptr
                    ? fmt::format("unknown encoding '{}'{}; CPython rejects the file too",
                                  d.cookie->name, where)
                    : fmt::format("'{}'{} is not a text encoding; CPython rejects the file too",
                                  d.cookie->name, where);
    return d;
  }
  d.encoding = std::string(codec->python_name);
  if (d.encoding == "utf-8-sig") d.encoding = "utf-8";

  std::optional<size_t> bad;
  if (d.encoding == "utf-8") {
    bad = FirstInvalidUtf8(body);
    if (!bad) d.text.assign(body);
  } else if (d.encoding == "ascii") {
    for (size_t i = 0; i < body.size(); ++i) {
      if (static_cast<unsigned char>(body[i]) >= 0x80) {
        bad = i;
        break;
      }
    }
    if (!bad) d.text.assign(body);
  } else if (d.encoding == "iso8859-1") {
    d.text.reserve(body.size() + body.size() / 8);
    for (char ch : body) {
      const auto c = static_cast<unsigned char>(ch);
      if (c < 0x80) {
        d.text += ch;
      } else {
        d.text += static_cast<char>(0xC0 | (c >> 6));
        d.text += static_cast<char>(0x80 | (c & 0x3F));
      }
    }
  } else if (codec->iconv_name.empty()) {
    d.outcome = DecodeOutcome::kUnsupportedEncoding;
    d.problem = fmt::format(
        "the encoding '{}'{} has no decoder here that matches Python's exactly (no equivalent "
        "glibc iconv charset); re-save the file as UTF-8 to analyse it",
        d.cookie ? d.cookie->name : d.encoding, where);
    return d;
  } else {
    IconvResult r = DecodeWithIconv(body, std::string(codec->iconv_name).c_str());
    if (!r.opened) {
      d.outcome = DecodeOutcome::kUnsupportedEncoding;
      d.problem = fmt::format(
          "the encoding '{}'{} needs the iconv charset {}, which this system's iconv does not "
          "provide",
          d.cookie ? d.cookie->name : d.encoding, where, codec->iconv_name);
      return d;
    }
    bad = r.error_offset;
    if (!bad) d.text = std::move(r.text);
  }
  if (bad) {
    const size_t offset = *bad + (d.has_bom ? kUtf8Bom.size() : 0);
    d.outcome = DecodeOutcome::kUndecodable;
    d.text.clear();
    d.problem = fmt::format(
        "cannot decode the file as {}{}: {} at byte offset {} (line {}) is invalid; {}", d.encoding,
        where, ByteName(raw, offset), offset, LineOfOffset(raw, offset),
        d.cookie ? "fix the bytes or the coding cookie"
                 : "declare the encoding with a PEP 263 coding cookie or re-save the file as "
                   "UTF-8");
  }
  return d;
}

}  // namespace codeanatomy::source
