// Writes the binary seed corpora of the fuzz targets into tests/fuzz/corpus/ (run once by hand
// after a protocol or format change: scripts/fuzz --make-seeds). Text seeds are plain files there.
//   scip_decoder/:    serialized SCIP indexes (written with the classes of proto/scip.proto)
//   python_protocol/: result payloads as a worker sends them (PythonTables of real files)
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "codeanatomy/base/check.h"
#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/extract/python/python_extractor.h"

#include "scip.pb.h"

using namespace codeanatomy;  // NOLINT
namespace fs = std::filesystem;

namespace {

void Write(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

void ScipSeeds(const fs::path& dir) {
  ::scip::Index index;
  index.mutable_metadata()->mutable_tool_info()->set_name("scip-python");
  index.mutable_metadata()->mutable_tool_info()->set_version("0.6.6");
  index.mutable_metadata()->set_project_root("file:///src/proj");
  index.mutable_metadata()->set_text_document_encoding(::scip::UTF8);
  auto* doc = index.add_documents();
  doc->set_relative_path("pkg/mod.py");
  doc->set_language("python");
  doc->set_position_encoding(::scip::UTF16CodeUnitOffsetFromLineStart);
  const char* kFunc = "scip-python python proj 0 `pkg.mod`/f().";
  auto* occ = doc->add_occurrences();
  for (int v : {0, 4, 5}) occ->add_range(v);
  for (int v : {0, 0, 1, 12}) occ->add_enclosing_range(v);
  occ->set_symbol(kFunc);
  occ->set_symbol_roles(1);
  auto* use = doc->add_occurrences();
  for (int v : {2, 0, 2, 1}) use->add_range(v);
  use->set_symbol(kFunc);
  use->set_symbol_roles(8);
  auto* diag = use->add_diagnostics();
  diag->set_severity(::scip::Warning);
  diag->set_message("unused");
  auto* info = doc->add_symbols();
  info->set_symbol(kFunc);
  info->add_documentation("def f()");
  info->set_kind(::scip::SymbolInformation::Function);
  auto* rel = info->add_relationships();
  rel->set_symbol("scip-python python proj 0 `pkg.base`/f().");
  rel->set_is_implementation(true);
  index.add_external_symbols()->set_symbol("scip-python python python-stdlib 3.11 builtins/len().");
  Write(dir / "small_index.scip", index.SerializeAsString());
  ::scip::Index empty_doc;
  empty_doc.add_documents()->set_relative_path("empty.py");
  Write(dir / "empty_document.scip", empty_doc.SerializeAsString());
}

void PythonSeeds(const fs::path& dir) {
  const std::vector<std::pair<std::string, std::string>> sources = {
      {"mod.py", "import os\n\nclass C:\n    def m(self, x=1):\n        return [y for y in x]\n"},
      {"flow.py",
       "def f(a):\n    try:\n        b = a + 1\n    except E as e:\n        b = e\n"
       "    while b:\n        b -= 1\n    return lambda: b\n"},
      {"broken.py", "def broken(:\n    pass\n"},
  };
  for (const auto& [path, text] : sources) {
    source::SourceFile file;
    file.path = path;
    file.file_id = base::StableId("file", path);
    file.status = "ok";
    file.text = text;
    extract::python::PythonOptions options;
    options.workers = 0;  // in this process
    options.ast = true;
    const std::vector<source::SourceFile> files = {file};
    auto result = extract::python::ExtractFiles(files, options);
    CA_CHECK_MSG(result.ok(), "{}", result.status().ToString());
    std::string bytes;
    result->tables.SerializeTo(&bytes);
    Write(dir / (path + ".tables"), bytes);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CA_CHECK_MSG(argc == 2, "usage: make_seeds CORPUS_DIR");
  const fs::path corpus = argv[1];
  ScipSeeds(corpus / "scip_decoder");
  PythonSeeds(corpus / "python_protocol");
  return 0;
}
