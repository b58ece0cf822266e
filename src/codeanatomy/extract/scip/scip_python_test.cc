// scip-python: installation checks and errors always; a real index of a small package when
// scip-python is installed (a build with --scip installs it into third_party/scip-python).
#include "codeanatomy/extract/scip/scip_python.h"

#include "codeanatomy/base/testing.h"
#include "codeanatomy/extract/scip/scip_decoder.h"
#include "codeanatomy/extract/scip/subprocess.h"

namespace codeanatomy::extract::scip {
namespace {

using base::StatusCode;
using base::testing::TempDir;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ScipPythonTest, VerifyInstallRejectsAnUnpinnedInstall) {
  TempDir dir;
  EXPECT_STATUS(VerifyInstall(dir.path()), StatusCode::kFailedPrecondition,
                HasSubstr("no package-lock.json"));
  dir.Write("package-lock.json", R"({"packages": {"node_modules/@sourcegraph/scip-python":
      {"version": "0.6.6", "integrity": "sha512-AAAA"}}})");
  EXPECT_STATUS(VerifyInstall(dir.path()), StatusCode::kFailedPrecondition,
                HasSubstr("npm integrity sha512-AAAA differs from the pinned"));
  dir.Write("package-lock.json", "{not json");
  EXPECT_STATUS(VerifyInstall(dir.path()), StatusCode::kFailedPrecondition,
                HasSubstr("delete that directory"));
}

TEST(ScipPythonTest, MissingNodeOrNpmIsOneClearError) {
  TempDir dir;
  EXPECT_STATUS(EnsureInstalled(dir.path() / "scip", (dir.path() / "bin").string(), 10),
                StatusCode::kFailedPrecondition, HasSubstr("npm is not on PATH"));
  ScipPythonOptions options;
  options.repo = dir.path();
  options.work_dir = dir.path() / "work";
  options.install_dir = dir.path() / "scip";
  options.search_path = (dir.path() / "bin").string();
  auto run = RunScipPython(options);
  EXPECT_STATUS(run, StatusCode::kFailedPrecondition, HasSubstr("node is not on PATH"));
  EXPECT_THAT(run.status().message(), HasSubstr("--scip-index"));
}

//! An install directory that passes VerifyInstall but whose index.js is `script`: to see how a
//! crashing or hanging scip-python is reported.
std::filesystem::path FakeInstall(const TempDir& dir, const std::string& script) {
  const auto install = dir.path() / "fake-scip";
  dir.Write("fake-scip/package-lock.json",
            fmt::format(R"({{"packages": {{"node_modules/@sourcegraph/scip-python":
                {{"version": "0.6.6", "integrity": "{}"}}}}}})",
                        kScipPythonIntegrity));
  dir.Write("fake-scip/node_modules/@sourcegraph/scip-python/package.json",
            R"({"version": "0.6.6"})");
  dir.Write("fake-scip/node_modules/@sourcegraph/scip-python/index.js", script);
  return install;
}

TEST(ScipPythonTest, CrashingOrHangingIndexerIsOneClearError) {
  if (!FindExecutable("node", DefaultSearchPath())) GTEST_SKIP() << "no node";
  TempDir dir;
  ScipPythonOptions options;
  options.repo = dir.path();
  options.work_dir = dir.path() / "work";
  options.install_dir = FakeInstall(dir, "throw new Error('pyright fell over');\n");
  ASSERT_OK(VerifyInstall(options.install_dir));
  auto run = RunScipPython(options);
  EXPECT_STATUS(run, StatusCode::kFailedPrecondition, HasSubstr("scip-python failed on"));
  EXPECT_THAT(run.status().message(), HasSubstr("(exit code 1): "));
  EXPECT_THAT(run.status().message(), HasSubstr("Error: pyright fell over"));
  EXPECT_THAT(run.status().message(), Not(HasSubstr("\n")));

  options.install_dir = FakeInstall(dir, "setTimeout(() => {}, 60000);\n");
  options.timeout_seconds = 0.5;
  run = RunScipPython(options);
  EXPECT_STATUS(run, StatusCode::kFailedPrecondition,
                HasSubstr("scip-python did not finish within 0.5 s"));
  EXPECT_THAT(run.status().message(), HasSubstr("--scip-timeout"));

  options.install_dir = FakeInstall(dir, "// writes no index\n");
  options.timeout_seconds = 60;
  run = RunScipPython(options);
  EXPECT_STATUS(run, StatusCode::kFailedPrecondition, HasSubstr("wrote no index"));
}

//! A scip-python index of a small package, made at test time.
class ScipPythonIndexTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!FindExecutable("node", DefaultSearchPath())) return;  // no Node.js: the tests say so
    // The real indexer, installed on first use exactly as `codeanatomy build --scip` does.
    auto installed = EnsureInstalled(DefaultInstallDir(), DefaultSearchPath(), 600);
    ASSERT_TRUE(installed.ok()) << installed.status().ToString();
    repo_ = new TempDir();
    repo_->Write("pkg/__init__.py", "");
    repo_->Write("pkg/shapes.py",
                 "class Shape:\n"
                 "    def area(self):\n"
                 "        return 0\n"
                 "\n"
                 "\n"
                 "class Circle(Shape):\n"
                 "    def area(self):\n"
                 "        return 3\n"
                 "\n"
                 "\n"
                 "def area_of(shape):\n"
                 "    return shape.area()\n");
    repo_->Write("pkg/app.py",
                 "from pkg.shapes import Circle, area_of\n"
                 "\n"
                 "s = \"\xc3\xa9\xf0\x9f\x98\x80\"; y = area_of(Circle())\n");
    ScipPythonOptions options;
    options.repo = repo_->path();
    options.work_dir = repo_->path() / ".work";
    options.timeout_seconds = 300;
    auto run = RunScipPython(options);
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    EXPECT_THAT(run->node_version, ::testing::StartsWith("v"));
    EXPECT_GT(run->index_bytes, 0);
    auto tables = DecodeIndexFile(run->index_path);
    ASSERT_TRUE(tables.ok()) << tables.status().ToString();
    tables_ = new ScipTables(std::move(*tables));
  }
  static void TearDownTestSuite() {
    delete tables_;
    delete repo_;
  }
  void SetUp() override {
    if (tables_ == nullptr) {
      GTEST_SKIP() << "Node.js is not installed: scip-python cannot run here";
    }
  }

  //! The first row of scip_occurrences in `path` whose symbol ends with `suffix`, with role bit
  //! `role`, on `line` (any line when -1).
  static std::optional<size_t> Find(std::string_view path, std::string_view suffix, int role,
                                    int line = -1) {
    const auto& o = tables_->occurrences;
    for (size_t r = 0; r < o.num_rows(); ++r) {
      if (o.column("path").GetString(r) == path &&
          o.column("symbol").GetString(r).ends_with(suffix) &&
          (o.column("symbol_roles").GetInt32(r) & role) != 0 &&
          (line < 0 || o.column("start_line").GetInt32(r) == line)) {
        return r;
      }
    }
    return std::nullopt;
  }

  static TempDir* repo_;
  static ScipTables* tables_;
};
TempDir* ScipPythonIndexTest::repo_ = nullptr;
ScipTables* ScipPythonIndexTest::tables_ = nullptr;

TEST_F(ScipPythonIndexTest, DocumentsAndTheirPositionEncoding) {
  const auto& d = tables_->documents;
  ASSERT_EQ(d.num_rows(), 3u);
  EXPECT_EQ(d.column("path").GetString(0), "pkg/__init__.py");
  EXPECT_EQ(d.column("path").GetString(2), "pkg/shapes.py");
  EXPECT_EQ(d.column("language").GetString(2), "");  // scip-python names no language
  // scip-python 0.6.6 writes no position encoding; its columns are UTF-16 code units.
  EXPECT_EQ(d.column("position_encoding").GetString(2), "unspecified");
  EXPECT_EQ(d.column("column_unit").GetString(2), "utf16");
  ASSERT_EQ(tables_->metadata.num_rows(), 1u);
  EXPECT_EQ(tables_->metadata.column("tool_name").GetString(0), "scip-python");
  EXPECT_EQ(tables_->metadata.column("tool_version").GetString(0), "0.6.6");
}

TEST_F(ScipPythonIndexTest, DefinitionOfAFunctionName) {
  auto row = Find("pkg/shapes.py", "`pkg.shapes`/area_of().", /*Definition=*/1);
  ASSERT_TRUE(row.has_value());
  const auto& o = tables_->occurrences;
  EXPECT_EQ(o.column("start_line").GetInt32(*row), 10);  // 0-based: `def area_of(shape):`
  EXPECT_EQ(o.column("start_char").GetInt32(*row), 4);
  EXPECT_EQ(o.column("end_line").GetInt32(*row), 10);
  EXPECT_EQ(o.column("end_char").GetInt32(*row), 11);
  EXPECT_EQ(o.column("enclosing_start_line").GetInt32(*row), 10);
  EXPECT_EQ(o.column("enclosing_start_char").GetInt32(*row), 0);
}

TEST_F(ScipPythonIndexTest, ReferenceAfterAnAstralCharacterCountsUtf16Units) {
  auto row = Find("pkg/app.py", "`pkg.shapes`/area_of().", /*ReadAccess=*/8, /*line=*/2);
  ASSERT_TRUE(row.has_value());
  const auto& o = tables_->occurrences;
  EXPECT_EQ(o.column("symbol_roles").GetInt32(*row) & 1, 0);
  EXPECT_EQ(o.column("start_line").GetInt32(*row), 2);
  // `s = "é😀"; y = area_of(...)`: 15 UTF-16 units (14 code points, 18 bytes) before area_of.
  EXPECT_EQ(o.column("start_char").GetInt32(*row), 15);
  EXPECT_EQ(o.column("end_char").GetInt32(*row), 22);
  EXPECT_EQ(o.column("column_unit").GetString(*row), "utf16");
  // The name imported in line 0 is a reference too.
  auto import_row = Find("pkg/app.py", "`pkg.shapes`/Circle#", 8, 0);
  ASSERT_TRUE(import_row.has_value());
  EXPECT_EQ(o.column("start_char").GetInt32(*import_row), 23);
}

TEST_F(ScipPythonIndexTest, OverridingMethodImplementsItsBase) {
  const auto& r = tables_->relationships;
  bool found = false;
  for (size_t i = 0; i < r.num_rows(); ++i) {
    if (std::string_view(r.column("symbol").GetString(i))
            .ends_with("`pkg.shapes`/Circle#area().")) {
      EXPECT_THAT(std::string(r.column("related_symbol").GetString(i)),
                  EndsWith("`pkg.shapes`/Shape#area()."));
      EXPECT_TRUE(r.column("is_implementation").GetBool(i));
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace codeanatomy::extract::scip
