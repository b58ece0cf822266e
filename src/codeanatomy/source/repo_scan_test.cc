#include "codeanatomy/source/repo_scan.h"

#include "codeanatomy/base/testing.h"
#include "codeanatomy/source/encoding.h"

namespace codeanatomy::source {
namespace {

using base::testing::TempDir;

TEST(RepoScanTest, FindsPythonFilesAndSkipsExcludedDirs) {
  TempDir dir;
  dir.Write("pkg/__init__.py", "");
  dir.Write("pkg/mod.py", "x = 1\n");
  dir.Write("pkg/__pycache__/mod.cpython-311.py", "junk");
  dir.Write(".venv/lib/site.py", "junk");
  dir.Write("myenv/pyvenv.cfg", "home = /usr/bin");
  dir.Write("myenv/lib/python3.11/site-packages/x.py", "junk");
  dir.Write("venv/__init__.py", "");  // a package named venv (the stdlib has one) is kept
  dir.Write("node_modules/x.py", "junk");
  dir.Write("README.md", "not python");
  ASSERT_OK_AND_ASSIGN(ScanResult scan, ScanRepository({.root = dir.path()}));
  ASSERT_EQ(scan.files.size(), 3u);
  EXPECT_EQ(scan.files[0].path, "pkg/__init__.py");
  EXPECT_EQ(scan.files[0].module_name, "pkg");
  EXPECT_EQ(scan.files[1].path, "pkg/mod.py");
  EXPECT_EQ(scan.files[1].module_name, "pkg.mod");
  EXPECT_EQ(scan.files[1].text, "x = 1\n");
  EXPECT_EQ(scan.files[2].path, "venv/__init__.py");
  EXPECT_EQ(scan.repo_files.num_rows(), 3u);
  EXPECT_EQ(scan.repo_files.column("status").GetString(1), "ok");
}

TEST(RepoScanTest, StripsBomAndFlagsUndecodableFiles) {
  TempDir dir;
  dir.Write("bom.py", "\xEF\xBB\xBFx = 1\n");
  dir.Write("bad.py", "x = '\xff\xfe'\n");
  ASSERT_OK_AND_ASSIGN(ScanResult scan, ScanRepository({.root = dir.path()}));
  ASSERT_EQ(scan.files.size(), 2u);
  EXPECT_EQ(scan.files[0].path, "bad.py");
  EXPECT_EQ(scan.files[0].status, "not_utf8_decodable");
  EXPECT_EQ(scan.files[1].text, "x = 1\n");
  EXPECT_TRUE(scan.repo_files.column("has_bom").GetBool(1));
  EXPECT_EQ(scan.diagnostics.num_rows(), 1u);
  EXPECT_EQ(scan.diagnostics.column("code").GetString(0), "SOURCE_NOT_DECODABLE");
}

TEST(RepoScanTest, RejectsAMissingRootOrAFile) {
  TempDir dir;
  EXPECT_STATUS(ScanRepository({.root = dir.path() / "nope"}), base::StatusCode::kInvalidArgument,
                ::testing::HasSubstr("does not exist"));
  auto file = dir.Write("a.py", "");
  EXPECT_STATUS(ScanRepository({.root = file}), base::StatusCode::kInvalidArgument,
                ::testing::HasSubstr("is not a directory"));
}

TEST(ModuleNameTest, FollowsPackageLayout) {
  EXPECT_EQ(ModuleNameForPath("a/b/c.py"), "a.b.c");
  EXPECT_EQ(ModuleNameForPath("a/__init__.py"), "a");
  EXPECT_EQ(ModuleNameForPath("top.py"), "top");
}

TEST(Utf8Test, ValidatesEncodings) {
  EXPECT_TRUE(IsValidUtf8("plain ascii text, long enough for the fast path"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xF0\x9F\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("abc\xE2\x82"));   // truncated
}

}  // namespace
}  // namespace codeanatomy::source
