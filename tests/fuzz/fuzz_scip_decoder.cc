// Fuzz target: the SCIP index decoder (protobuf, hand-walked). Any bytes: an error Status or
// consistent tables, never a crash, a CHECK or an allocation the input merely asks for.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codeanatomy/extract/scip/scip_decoder.h"

using namespace codeanatomy;  // NOLINT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto tables = extract::scip::DecodeIndex(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.scip");
  if (!tables.ok()) return 0;
  for (const base::Table* t : {&tables->metadata, &tables->documents, &tables->occurrences,
                               &tables->symbols, &tables->relationships, &tables->diagnostics}) {
    t->CheckConsistent();
  }
  return 0;
}
