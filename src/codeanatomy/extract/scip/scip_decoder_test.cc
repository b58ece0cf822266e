// Decoding hand-built SCIP indexes (written with the classes generated from proto/scip.proto):
// exact rows, IDs, duplicates, document order, and bad input. scip_python_test.cc decodes a real
// scip-python index when scip-python is installed.
#include "codeanatomy/extract/scip/scip_decoder.h"

#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/base/testing.h"

#include "scip.pb.h"

namespace codeanatomy::extract::scip {
namespace {

using base::StableId;
using base::StatusCode;
using base::testing::TempDir;
using ::testing::HasSubstr;

constexpr char kArea[] = "scip-python python proj 0 `pkg.shapes`/area_of().";
constexpr char kShapeArea[] = "scip-python python proj 0 `pkg.shapes`/Shape#area().";
constexpr char kCircleArea[] = "scip-python python proj 0 `pkg.shapes`/Circle#area().";
constexpr char kPrint[] = "scip-python python python-stdlib 3.11 builtins/print().";

void AddOccurrence(::scip::Document* doc, std::vector<int> range, const std::string& symbol,
                   int roles, std::vector<int> enclosing = {}) {
  auto* occ = doc->add_occurrences();
  for (int v : range) occ->add_range(v);
  for (int v : enclosing) occ->add_enclosing_range(v);
  occ->set_symbol(symbol);
  occ->set_symbol_roles(roles);
}

//! pkg/shapes.py:              pkg/app.py:
//!   0 class Shape: ...          0 from pkg.shapes import area_of
//!   3 def area_of(shape):       1 x = 1
//!   4     return shape.area()   2 print(area_of(x))
::scip::Index SampleIndex(bool app_first = false) {
  ::scip::Index index;
  auto* tool = index.mutable_metadata()->mutable_tool_info();
  tool->set_name("scip-python");
  tool->set_version("0.6.6");
  index.mutable_metadata()->set_project_root("file:///src/proj");
  index.mutable_metadata()->set_text_document_encoding(::scip::UTF8);

  ::scip::Document shapes;
  shapes.set_relative_path("pkg/shapes.py");
  shapes.set_language("python");
  AddOccurrence(&shapes, {3, 4, 11}, kArea, 1, {3, 0, 4, 23});
  AddOccurrence(&shapes, {3, 12, 17}, "local 0", 1);
  AddOccurrence(&shapes, {4, 11, 16}, "local 0", 8);
  AddOccurrence(&shapes, {4, 11, 16}, "local 0", 8);  // an exact duplicate: kept once
  auto* diag = shapes.mutable_occurrences(2)->add_diagnostics();
  diag->set_severity(::scip::Warning);
  diag->set_code("reportUnknown");
  diag->set_message("type of shape is unknown");
  diag->add_tags(::scip::Unnecessary);
  auto* info = shapes.add_symbols();
  info->set_symbol(kArea);
  info->add_documentation("```python\ndef area_of(shape):\n```");
  info->set_kind(::scip::SymbolInformation::Function);
  shapes.add_symbols()->set_symbol("local 0");
  auto* circle = shapes.add_symbols();
  circle->set_symbol(kCircleArea);
  auto* rel = circle->add_relationships();
  rel->set_symbol(kShapeArea);
  rel->set_is_implementation(true);

  ::scip::Document app;
  app.set_relative_path("pkg/app.py");
  app.set_language("python");
  app.set_position_encoding(::scip::UTF32CodeUnitOffsetFromLineStart);
  AddOccurrence(&app, {0, 24, 31}, kArea, 2 | 8);
  AddOccurrence(&app, {1, 0, 1}, "local 0", 1);
  AddOccurrence(&app, {2, 0, 2, 5}, kPrint, 8);
  AddOccurrence(&app, {2, 6, 13}, kArea, 8);
  app.add_symbols()->set_symbol("local 0");

  *index.add_documents() = app_first ? app : shapes;
  *index.add_documents() = app_first ? shapes : app;
  auto* external = index.add_external_symbols();
  external->set_symbol(kPrint);
  external->add_documentation("print(*values)");
  return index;
}

ScipTables Decode(const ::scip::Index& index) {
  auto tables = DecodeIndex(index.SerializeAsString(), "test.scip");
  EXPECT_TRUE(tables.ok()) << tables.status().ToString();
  return tables.ok() ? std::move(*tables) : ScipTables();
}

TEST(ScipDecoderTest, DocumentsInPathOrderWithTheirEncodings) {
  ScipTables t = Decode(SampleIndex());
  const auto& d = t.documents;
  ASSERT_EQ(d.num_rows(), 2u);
  EXPECT_EQ(d.column("path").GetString(0), "pkg/app.py");
  EXPECT_EQ(d.column("path").GetString(1), "pkg/shapes.py");
  EXPECT_EQ(d.column("document_id").GetUInt64(1), StableId("scip_document", "pkg/shapes.py"));
  EXPECT_EQ(d.column("file_id").GetUInt64(1), StableId("file", "pkg/shapes.py"));
  EXPECT_EQ(d.column("language").GetString(1), "python");
  EXPECT_EQ(d.column("position_encoding").GetString(0), "utf32");
  EXPECT_EQ(d.column("column_unit").GetString(0), "utf32");
  EXPECT_EQ(d.column("position_encoding").GetString(1), "unspecified");
  EXPECT_EQ(d.column("column_unit").GetString(1), "utf16");

  ASSERT_EQ(t.metadata.num_rows(), 1u);
  EXPECT_EQ(t.metadata.column("tool_name").GetString(0), "scip-python");
  EXPECT_EQ(t.metadata.column("tool_version").GetString(0), "0.6.6");
  EXPECT_EQ(t.metadata.column("project_root").GetString(0), "file:///src/proj");
  EXPECT_EQ(t.metadata.column("text_document_encoding").GetString(0), "utf8");
}

TEST(ScipDecoderTest, OccurrencesWithRangesRolesAndIds) {
  ScipTables t = Decode(SampleIndex());
  const auto& o = t.occurrences;
  // app.py: 4 occurrences; shapes.py: 4 written, one an exact duplicate.
  ASSERT_EQ(o.num_rows(), 7u);
  // Row 4: the definition of area_of at 3:4-3:11, with its enclosing range.
  EXPECT_EQ(o.column("path").GetString(4), "pkg/shapes.py");
  EXPECT_EQ(o.column("symbol").GetString(4), kArea);
  EXPECT_EQ(o.column("symbol_roles").GetInt32(4), 1);
  EXPECT_EQ(o.column("start_line").GetInt32(4), 3);
  EXPECT_EQ(o.column("start_char").GetInt32(4), 4);
  EXPECT_EQ(o.column("end_line").GetInt32(4), 3);  // a 3-element range: same line
  EXPECT_EQ(o.column("end_char").GetInt32(4), 11);
  EXPECT_EQ(o.column("enclosing_start_line").GetInt32(4), 3);
  EXPECT_EQ(o.column("enclosing_end_line").GetInt32(4), 4);
  EXPECT_EQ(o.column("enclosing_end_char").GetInt32(4), 23);
  EXPECT_EQ(o.column("occurrence_id").GetUInt64(4),
            StableId("scip_occurrence", "pkg/shapes.py", 3, 4, 3, 11, kArea, 1));
  EXPECT_EQ(o.column("document_id").GetUInt64(4), StableId("scip_document", "pkg/shapes.py"));
  EXPECT_EQ(o.column("column_unit").GetString(4), "utf16");
  EXPECT_FALSE(o.column("syntax_kind").IsValid(4));
  // Row 0: an import (2) that is also a read (8); no enclosing range.
  EXPECT_EQ(o.column("symbol_roles").GetInt32(0), 10);
  EXPECT_FALSE(o.column("enclosing_start_line").IsValid(0));
  // Row 2: a 4-element range.
  EXPECT_EQ(o.column("end_line").GetInt32(2), 2);
  EXPECT_EQ(o.column("end_char").GetInt32(2), 5);
  EXPECT_EQ(o.column("column_unit").GetString(2), "utf32");
}

TEST(ScipDecoderTest, SymbolsLocalsExternalsAndRelationships) {
  ScipTables t = Decode(SampleIndex());
  const auto& s = t.symbols;
  // app.py: local 0; shapes.py: area_of, local 0, Circle#area(); external: print.
  ASSERT_EQ(s.num_rows(), 5u);
  EXPECT_EQ(s.column("symbol").GetString(0), "local 0");
  EXPECT_EQ(s.column("path").GetString(0), "pkg/app.py");
  EXPECT_TRUE(s.column("is_local").GetBool(0));
  EXPECT_EQ(s.column("symbol_info_id").GetUInt64(0),
            StableId("scip_symbol", "local 0", "pkg/app.py"));
  EXPECT_EQ(s.column("symbol").GetString(2), "local 0");  // a different local, in shapes.py
  EXPECT_NE(s.column("symbol_info_id").GetUInt64(2), s.column("symbol_info_id").GetUInt64(0));
  EXPECT_EQ(s.column("symbol").GetString(1), kArea);
  EXPECT_EQ(s.column("symbol_info_id").GetUInt64(1), StableId("scip_symbol", kArea));
  EXPECT_EQ(s.column("kind").GetString(1), "Function");
  EXPECT_EQ(s.column("documentation").ListItem(1, 0), "```python\ndef area_of(shape):\n```");
  EXPECT_FALSE(s.column("display_name").IsValid(1));
  EXPECT_FALSE(s.column("is_external").GetBool(1));
  EXPECT_EQ(s.column("symbol").GetString(4), kPrint);
  EXPECT_TRUE(s.column("is_external").GetBool(4));
  EXPECT_FALSE(s.column("path").IsValid(4));
  EXPECT_FALSE(s.column("file_id").IsValid(4));

  const auto& r = t.relationships;
  ASSERT_EQ(r.num_rows(), 1u);
  EXPECT_EQ(r.column("symbol").GetString(0), kCircleArea);
  EXPECT_EQ(r.column("related_symbol").GetString(0), kShapeArea);
  EXPECT_TRUE(r.column("is_implementation").GetBool(0));
  EXPECT_FALSE(r.column("is_reference").GetBool(0));
  EXPECT_EQ(r.column("symbol_info_id").GetUInt64(0), StableId("scip_symbol", kCircleArea));
  EXPECT_EQ(r.column("path").GetString(0), "pkg/shapes.py");
}

TEST(ScipDecoderTest, DiagnosticsCarryTheOccurrenceRange) {
  ScipTables t = Decode(SampleIndex());
  const auto& d = t.diagnostics;
  ASSERT_EQ(d.num_rows(), 1u);
  EXPECT_EQ(d.column("severity").GetString(0), "Warning");
  EXPECT_EQ(d.column("code").GetString(0), "reportUnknown");
  EXPECT_EQ(d.column("message").GetString(0), "type of shape is unknown");
  EXPECT_EQ(d.column("source").GetString(0), "");
  EXPECT_EQ(d.column("tags").ListLength(0), 1u);
  EXPECT_EQ(d.column("tags").ListItem(0, 0), "Unnecessary");
  EXPECT_EQ(d.column("start_line").GetInt32(0), 4);
  EXPECT_EQ(d.column("start_char").GetInt32(0), 11);
  EXPECT_EQ(d.column("occurrence_id").GetUInt64(0),
            StableId("scip_occurrence", "pkg/shapes.py", 4, 11, 4, 16, "local 0", 8));
}

TEST(ScipDecoderTest, RowsDoNotDependOnTheIndexersDocumentOrder) {
  ScipTables a = Decode(SampleIndex(/*app_first=*/false));
  ScipTables b = Decode(SampleIndex(/*app_first=*/true));
  for (auto member : {&ScipTables::documents, &ScipTables::occurrences, &ScipTables::symbols,
                      &ScipTables::relationships, &ScipTables::diagnostics}) {
    const base::Table& ta = a.*member;
    const base::Table& tb = b.*member;
    ASSERT_EQ(ta.num_rows(), tb.num_rows());
    for (size_t c = 0; c < ta.num_columns(); ++c) {
      for (size_t r = 0; r < ta.num_rows(); ++r) {
        EXPECT_EQ(ta.column(c).GetValue(r), tb.column(c).GetValue(r))
            << ta.schema().field(c).name << " row " << r;
      }
    }
  }
}

TEST(ScipDecoderTest, TruncatedIndexIsAClearError) {
  const std::string bytes = SampleIndex().SerializeAsString();
  for (size_t cut : {bytes.size() - 1, bytes.size() / 2, size_t{3}}) {
    auto r = DecodeIndex(std::string_view(bytes).substr(0, cut), "cut.scip");
    EXPECT_STATUS(r, StatusCode::kInvalidArgument, HasSubstr("cut.scip is not a valid SCIP index"));
    EXPECT_THAT(r.status().message(), HasSubstr("truncated")) << cut;
  }
}

TEST(ScipDecoderTest, GarbageEmptyAndForeignFilesAreClearErrors) {
  EXPECT_STATUS(DecodeIndex("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", "junk.scip"),
                StatusCode::kInvalidArgument, HasSubstr("junk.scip is not a valid SCIP index"));
  EXPECT_STATUS(DecodeIndex("", "empty.scip"), StatusCode::kInvalidArgument,
                HasSubstr("empty or not a SCIP index"));
  // Plain text parses as protobuf fields that SCIP does not have.
  EXPECT_STATUS(DecodeIndex("def f(): pass\n", "f.py"), StatusCode::kInvalidArgument,
                HasSubstr("f.py"));
  // A document that is not a Document message.
  std::string bad_doc = "\x12\x03\xff\xff\xff";
  EXPECT_STATUS(DecodeIndex(bad_doc, "bad.scip"), StatusCode::kInvalidArgument,
                HasSubstr("does not parse"));
}

TEST(ScipDecoderTest, InvalidUtf8AndBadRangesNameWhatIsWrong) {
  ::scip::Index index = SampleIndex();
  index.mutable_documents(0)->mutable_occurrences(0)->clear_range();
  index.mutable_documents(0)->mutable_occurrences(0)->add_range(7);
  EXPECT_STATUS(DecodeIndex(index.SerializeAsString(), "r.scip"), StatusCode::kInvalidArgument,
                HasSubstr("document pkg/shapes.py: occurrence #0 has the range [7]"));

  // Occurrence.symbol (field 2) holding invalid UTF-8, spliced in by hand.
  ::scip::Document doc;
  doc.set_relative_path("a.py");
  std::string doc_bytes = doc.SerializeAsString();
  const std::string occurrence = std::string("\x0a\x03\x00\x00\x01", 5) + "\x12\x02\xc3\x28";
  doc_bytes += "\x12" + std::string(1, static_cast<char>(occurrence.size())) + occurrence;
  const std::string index_bytes =
      "\x12" + std::string(1, static_cast<char>(doc_bytes.size())) + doc_bytes;
  ::testing::internal::CaptureStderr();
  auto r = DecodeIndex(index_bytes, "utf8.scip");
  const std::string printed = ::testing::internal::GetCapturedStderr();
  EXPECT_STATUS(r, StatusCode::kInvalidArgument, HasSubstr("document #0 (a.py) does not parse"));
  EXPECT_THAT(r.status().message(), HasSubstr("UTF-8"));
  EXPECT_EQ(printed, "") << "libprotobuf must not print";
}

TEST(ScipDecoderTest, MissingFileAndDirectory) {
  TempDir dir;
  EXPECT_STATUS(DecodeIndexFile(dir.path() / "nope.scip"), StatusCode::kNotFound,
                HasSubstr("does not exist"));
  EXPECT_STATUS(DecodeIndexFile(dir.path()), StatusCode::kInvalidArgument,
                HasSubstr("is a directory"));
  auto file = dir.Write("index.scip", SampleIndex().SerializeAsString());
  ASSERT_OK_AND_ASSIGN(ScipTables t, DecodeIndexFile(file));
  EXPECT_EQ(t.occurrences.num_rows(), 7u);
}

TEST(ScipDecoderTest, IndexWithoutMetadataHasNoMetadataRow) {
  ::scip::Index index = SampleIndex();
  index.clear_metadata();
  ScipTables t = Decode(index);
  EXPECT_EQ(t.metadata.num_rows(), 0u);
  EXPECT_EQ(t.documents.num_rows(), 2u);
}

}  // namespace
}  // namespace codeanatomy::extract::scip
