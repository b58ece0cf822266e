// Fuzz target: source decoding (PEP 263 cookies, BOMs, codecs, binary detection) and the line
// index of what it decodes. Every result must be consistent: canonical text is valid UTF-8, lines
// tile it, wide characters sit inside their lines, escaped names are valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codeanatomy/base/check.h"
#include "codeanatomy/source/encoding.h"
#include "codeanatomy/source/line_index.h"

using namespace codeanatomy;  // NOLINT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  CA_CHECK(source::IsValidUtf8(source::EscapeInvalidUtf8(raw)));
  (void)source::LooksBinary(raw);
  (void)source::FindCodingCookie(raw);
  const source::DecodedSource decoded = source::DecodeSource(raw);
  if (decoded.outcome != source::DecodeOutcome::kOk) {
    CA_CHECK(!decoded.problem.empty());
    CA_CHECK(source::IsValidUtf8(decoded.problem));
    return 0;
  }
  CA_CHECK_MSG(source::IsValidUtf8(decoded.text), "decoded text is not UTF-8");
  const auto lines = source::SplitLines(decoded.text);
  int64_t at = 0;
  for (const auto& line : lines) {
    CA_CHECK_EQ(line.bstart, at);
    CA_CHECK(line.bend >= line.bstart);
    at = line.bend;
  }
  CA_CHECK_EQ(at, static_cast<int64_t>(decoded.text.size()));
  for (const auto& wide : source::FindWideChars(decoded.text, lines)) {
    CA_CHECK(wide.line0 >= 0 && static_cast<size_t>(wide.line0) < lines.size());
  }
  return 0;
}
