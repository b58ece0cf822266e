// Fuzz target: the CST layer (tree-sitter-python and the walker) over any decodable source. The
// rows must be consistent whatever the input: every table rectangular, every scope_id a scope of
// the file, every span inside the text. A small budget makes the walk stop often.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>

#include "codeanatomy/base/check.h"
#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/extract/cst/cst_extractor.h"
#include "codeanatomy/source/encoding.h"

using namespace codeanatomy;  // NOLINT

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static extract::cst::CstExtractor* extractor = [] {
    auto created = extract::cst::CstExtractor::Create();
    CA_CHECK(created.ok());
    return new extract::cst::CstExtractor(std::move(created).value());
  }();
  source::DecodedSource decoded =
      source::DecodeSource(std::string_view(reinterpret_cast<const char*>(data), size));
  if (decoded.outcome != source::DecodeOutcome::kOk) return 0;
  source::SourceFile file;
  file.path = "fuzz.py";
  file.file_id = base::StableId("file", file.path);
  file.status = "ok";
  file.text = std::move(decoded.text);
  const auto text_size = static_cast<int64_t>(file.text.size());

  extract::cst::CstTables tables;
  extractor->ExtractFile(file, &tables, size_t{1} << 20);

  std::set<uint64_t> scopes;
  for (size_t r = 0; r < tables.scopes.num_rows(); ++r) {
    scopes.insert(tables.scopes.column("scope_id").GetUInt64(r));
  }
  CA_CHECK(!scopes.empty());
  for (const auto& [name, table] : tables.Evidence()) {
    table->CheckConsistent();
    const auto& schema = table->schema();
    for (size_t c = 0; c < schema.size(); ++c) {
      const auto& field = schema.field(c);
      const base::Column& column = table->column(c);
      for (size_t r = 0; r < table->num_rows(); ++r) {
        if (!column.IsValid(r)) continue;
        if (field.name == "scope_id" || field.name == "parent_scope_id" ||
            field.name == "body_scope_id") {
          CA_CHECK_MSG(scopes.count(column.GetUInt64(r)) > 0, "{}.{} row {} names no scope", name,
                       field.name, r);
        } else if (field.type == base::ColumnType::kInt64 &&
                   (field.name.ends_with("bstart") || field.name.ends_with("bend"))) {
          const int64_t offset = column.GetInt64(r);
          CA_CHECK_MSG(offset >= 0 && offset <= text_size, "{}.{} row {} = {} outside [0, {}]",
                       name, field.name, r, offset, text_size);
        }
      }
    }
  }
  tables.diagnostics.CheckConsistent();
  return 0;
}
