#include "codeanatomy/extract/cst/cst_extractor.h"

#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/base/testing.h"

namespace codeanatomy::extract::cst {
namespace {

source::SourceFile File(std::string path, std::string text) {
  source::SourceFile f;
  f.path = std::move(path);
  f.file_id = base::StableId("file", f.path);
  f.status = "ok";
  f.text = std::move(text);
  return f;
}

CstTables Extract(const std::string& text) {
  auto extractor = CstExtractor::Create();
  EXPECT_TRUE(extractor.ok()) << extractor.status().ToString();
  CstTables out;
  extractor->ExtractFile(File("m.py", text), &out);
  return out;
}

TEST(CstExtractorTest, DefinitionsWithSpansNestingAndQualifiedPaths) {
  const std::string src =
      "class A:\n"
      "    @staticmethod\n"
      "    def f(self):\n"
      "        g = lambda: 1\n"
      "async def top():\n"
      "    pass\n";
  CstTables t = Extract(src);
  ASSERT_EQ(t.defs.num_rows(), 4u);
  const auto& d = t.defs;
  EXPECT_EQ(d.column("kind").GetString(0), "class");
  EXPECT_EQ(d.column("name").GetString(0), "A");
  EXPECT_EQ(d.column("bstart").GetInt64(0), 0);
  EXPECT_EQ(d.column("bend").GetInt64(0), static_cast<int64_t>(src.find("async")) - 1);
  EXPECT_EQ(d.column("qualified_path").GetString(1), "A.f");
  // The def span starts at `def`, after the decorator.
  EXPECT_EQ(d.column("bstart").GetInt64(1), static_cast<int64_t>(src.find("def f")));
  EXPECT_EQ(d.column("name_bstart").GetInt64(1), static_cast<int64_t>(src.find("f(self)")));
  EXPECT_EQ(d.column("parent_def_id").GetUInt64(1), d.column("def_id").GetUInt64(0));
  EXPECT_EQ(d.column("kind").GetString(2), "lambda");
  EXPECT_EQ(d.column("qualified_path").GetString(2), "A.f.<lambda1>");
  EXPECT_EQ(d.column("kind").GetString(3), "async_function");
  EXPECT_FALSE(d.column("parent_def_id").IsValid(3));
  EXPECT_EQ(t.parse_errors.num_rows(), 0u);
}

TEST(CstExtractorTest, CallSitesWithCalleeShapes) {
  const std::string src = "f(1)\nobj.m(x=2)\nd[k]()\nmake()()\n(lambda: 0)()\n";
  CstTables t = Extract(src);
  ASSERT_EQ(t.callsites.num_rows(), 6u);
  const auto& c = t.callsites;
  EXPECT_EQ(c.column("callee_shape").GetString(0), "NAME");
  EXPECT_EQ(c.column("callee_text").GetString(0), "f");
  EXPECT_EQ(c.column("bstart").GetInt64(0), 0);
  EXPECT_EQ(c.column("bend").GetInt64(0), 4);
  EXPECT_EQ(c.column("callee_shape").GetString(1), "ATTRIBUTE");
  EXPECT_EQ(c.column("callee_text").GetString(1), "obj.m");
  EXPECT_EQ(c.column("callee_shape").GetString(2), "SUBSCRIPT");
  EXPECT_EQ(c.column("callee_shape").GetString(3), "CALL");   // make()()
  EXPECT_EQ(c.column("callee_shape").GetString(4), "NAME");   // make()
  EXPECT_EQ(c.column("callee_shape").GetString(5), "OTHER");  // (lambda: 0)()
}

TEST(CstExtractorTest, SyntaxErrorsYieldRecoveredNodesAndDiagnostics) {
  CstTables t = Extract("def ok():\n    pass\n\ndef broken(:\n    pass\n\nclass C:\n    pass\n");
  EXPECT_GE(t.parse_errors.num_rows(), 1u);
  EXPECT_EQ(t.diagnostics.num_rows(), t.parse_errors.num_rows());
  EXPECT_EQ(t.diagnostics.column("layer").GetString(0), "cst");
  bool saw_ok = false, saw_class = false;
  for (size_t r = 0; r < t.defs.num_rows(); ++r) {
    saw_ok |= t.defs.column("name").GetString(r) == "ok";
    saw_class |= t.defs.column("name").GetString(r) == "C";
  }
  EXPECT_TRUE(saw_ok);
  EXPECT_TRUE(saw_class);
}

TEST(CstExtractorTest, RowsAreIndependentOfThreadCount) {
  std::vector<source::SourceFile> files;
  for (int i = 0; i < 20; ++i) {
    files.push_back(File("f" + std::to_string(i) + ".py",
                         "def f" + std::to_string(i) + "():\n    g()\n" + std::string(i, '\n')));
  }
  ASSERT_OK_AND_ASSIGN(CstTables one, ExtractFiles(files, 1));
  ASSERT_OK_AND_ASSIGN(CstTables four, ExtractFiles(files, 4));
  ASSERT_EQ(one.defs.num_rows(), 20u);
  for (size_t r = 0; r < one.defs.num_rows(); ++r)
    EXPECT_EQ(one.defs.GetRow(r), four.defs.GetRow(r));
  for (size_t r = 0; r < one.callsites.num_rows(); ++r) {
    EXPECT_EQ(one.callsites.GetRow(r), four.callsites.GetRow(r));
  }
}

}  // namespace
}  // namespace codeanatomy::extract::cst
