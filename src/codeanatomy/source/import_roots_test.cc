#include "codeanatomy/source/import_roots.h"

#include "codeanatomy/base/testing.h"
#include "codeanatomy/source/repo_scan.h"

namespace codeanatomy::source {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;

//! "dir|prefix|source" of each root.
std::vector<std::string> Describe(const std::vector<ImportRoot>& roots) {
  std::vector<std::string> out;
  for (const auto& r : roots) out.push_back(r.dir + "|" + r.prefix + "|" + r.source);
  return out;
}

//! module_name of each scanned file, "path=module".
std::vector<std::string> Modules(const fs::path& root, std::vector<std::string> source_roots = {}) {
  auto scan = ScanRepository({.root = root, .source_roots = std::move(source_roots)});
  EXPECT_TRUE(scan.ok()) << scan.status().ToString();
  std::vector<std::string> out;
  if (!scan.ok()) return out;
  for (const auto& f : scan->files) out.push_back(f.path + "=" + f.module_name);
  return out;
}

TEST(ImportRootsTest, PlainRepositoryIsItsOwnRoot) {
  TempDir dir;
  dir.Write("pkg/__init__.py", "");
  dir.Write("pkg/mod.py", "");
  EXPECT_EQ(Describe(DetectImportRoots(dir.path(), {})), std::vector<std::string>{"||root"});
  EXPECT_EQ(Modules(dir.path()),
            (std::vector<std::string>{"pkg/__init__.py=pkg", "pkg/mod.py=pkg.mod"}));
}

TEST(ImportRootsTest, SrcLayout) {
  TempDir dir;
  dir.Write("src/pkg/__init__.py", "");
  dir.Write("src/pkg/mod.py", "");
  dir.Write("tests/test_mod.py", "");
  EXPECT_EQ(Describe(DetectImportRoots(dir.path(), {})),
            (std::vector<std::string>{"||root", "src||src"}));
  EXPECT_EQ(Modules(dir.path()),
            (std::vector<std::string>{"src/pkg/__init__.py=pkg", "src/pkg/mod.py=pkg.mod",
                                      "tests/test_mod.py=tests.test_mod"}));
}

TEST(ImportRootsTest, AnalysedPackageDirectoryKeepsItsPackageName) {
  TempDir dir;
  dir.Write("requests/__init__.py", "");
  dir.Write("requests/sessions.py", "");
  dir.Write("requests/sub/__init__.py", "");
  dir.Write("requests/sub/x.py", "");
  EXPECT_EQ(Modules(dir.path() / "requests"),
            (std::vector<std::string>{"__init__.py=requests", "sessions.py=requests.sessions",
                                      "sub/__init__.py=requests.sub", "sub/x.py=requests.sub.x"}));
  // Nested packages: the whole dotted path.
  EXPECT_EQ(Modules(dir.path() / "requests" / "sub"),
            (std::vector<std::string>{"__init__.py=requests.sub", "x.py=requests.sub.x"}));
}

TEST(ImportRootsTest, LiteralPackageDirInPackagingFiles) {
  {
    TempDir dir;
    dir.Write("setup.cfg",
              "[metadata]\nname = x\n\n[options]\npackage_dir =\n    =lib\n"
              "packages = find:\n");
    dir.Write("lib/pkg/__init__.py", "");
    EXPECT_EQ(Describe(DetectImportRoots(dir.path(), {})),
              (std::vector<std::string>{"||root", "lib||setup.cfg"}));
    EXPECT_EQ(Modules(dir.path()), std::vector<std::string>{"lib/pkg/__init__.py=pkg"});
  }
  {
    TempDir dir;
    dir.Write("pyproject.toml",
              "[project]\nname = \"x\"\n[tool.setuptools.packages.find]\nwhere = [\"code\"]\n");
    dir.Write("code/pkg/m.py", "");
    EXPECT_EQ(Modules(dir.path()), std::vector<std::string>{"code/pkg/m.py=pkg.m"});
  }
  {
    TempDir dir;
    dir.Write("setup.py",
              "from setuptools import setup\nsetup(name='x', "
              "package_dir={'': 'source', 'extra': 'vendor/extra'})\n");
    dir.Write("source/a.py", "");
    dir.Write("vendor/extra/b.py", "");
    EXPECT_EQ(Modules(dir.path()), (std::vector<std::string>{"setup.py=setup", "source/a.py=a",
                                                             "vendor/extra/b.py=extra.b"}));
  }
  {
    // A package_dir naming a directory that is not there (or outside the repository) is ignored.
    TempDir dir;
    dir.Write("setup.cfg", "[options]\npackage_dir = =../elsewhere\n");
    dir.Write("m.py", "");
    EXPECT_EQ(Describe(DetectImportRoots(dir.path(), {})), std::vector<std::string>{"||root"});
  }
}

TEST(ImportRootsTest, ExplicitRootsWin) {
  TempDir dir;
  dir.Write("src/pkg/__init__.py", "");
  dir.Write("other/tool.py", "");
  EXPECT_EQ(Modules(dir.path(), {"other"}),
            (std::vector<std::string>{"other/tool.py=tool", "src/pkg/__init__.py=src.pkg"}));
  EXPECT_EQ(Modules(dir.path(), {(dir.path() / "src").string()}),
            (std::vector<std::string>{"other/tool.py=other.tool", "src/pkg/__init__.py=pkg"}));
}

TEST(ModuleNameTest, InnermostRootWins) {
  std::vector<ImportRoot> roots = {{"", "", "root"}, {"a", "", "option"}, {"a/b", "p", "option"}};
  EXPECT_EQ(ModuleNameUnder("a/b/c.py", roots), "p.c");
  EXPECT_EQ(ModuleNameUnder("a/b/__init__.py", roots), "p");
  EXPECT_EQ(ModuleNameUnder("a/bc.py", roots), "bc");
  EXPECT_EQ(ModuleNameUnder("ab/c.py", roots), "ab.c");
}

}  // namespace
}  // namespace codeanatomy::source
