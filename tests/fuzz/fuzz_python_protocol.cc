// Fuzz target: the python worker protocol's result payload (PythonTables::Deserialize), what the
// build reads from a worker process. Malformed bytes must be refused (the worker is retired and
// its file gets a diagnostic), never crash, CHECK or allocate what a length field claims; bytes
// that are accepted must give rectangular tables that serialize back to the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "codeanatomy/base/check.h"
#include "codeanatomy/extract/python/python_extractor.h"

using namespace codeanatomy;  // NOLINT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  extract::python::PythonTables tables;
  if (!extract::python::PythonTables::Deserialize(bytes, &tables)) return 0;
  for (const auto& [name, table] : tables.EvidenceTables()) table->CheckConsistent();
  tables.diagnostics.CheckConsistent();
  std::string again;
  tables.SerializeTo(&again);
  extract::python::PythonTables round;
  CA_CHECK(extract::python::PythonTables::Deserialize(again, &round));
  return 0;
}
