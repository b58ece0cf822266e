#include "codeanatomy/source/repo_scan.h"

#include <map>

#include <sys/stat.h>

#include "codeanatomy/base/testing.h"
#include "codeanatomy/source/encoding.h"
#include "codeanatomy/source/hostile_fixture.h"

namespace codeanatomy::source {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;
using ::testing::HasSubstr;

//! repo_files row of each path.
std::map<std::string, size_t> RowsByPath(const ScanResult& scan) {
  std::map<std::string, size_t> rows;
  for (size_t r = 0; r < scan.repo_files.num_rows(); ++r) {
    rows[std::string(scan.repo_files.column("path").GetString(r))] = r;
  }
  return rows;
}

//! "CODE severity" of each diagnostic on `path`.
std::vector<std::string> DiagnosticsOf(const ScanResult& scan, const std::string& path) {
  std::vector<std::string> out;
  const auto& t = scan.diagnostics;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    if (t.column("path").IsValid(r) && t.column("path").GetString(r) == path) {
      out.push_back(std::string(t.column("code").GetString(r)) + " " +
                    std::string(t.column("severity").GetString(r)));
    }
  }
  return out;
}

std::vector<std::string> Paths(const ScanResult& scan) {
  std::vector<std::string> out;
  for (const auto& f : scan.files) out.push_back(f.path);
  return out;
}

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
  dir.Write("stub.pyi", "def f() -> int: ...\n");
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
  EXPECT_EQ(scan.repo_files.column("encoding").GetString(1), "utf-8");
  EXPECT_EQ(scan.diagnostics.num_rows(), 0u);
  EXPECT_FALSE(scan.git_head.has_value());
}

TEST(RepoScanTest, StripsBomAndFlagsUndecodableFiles) {
  TempDir dir;
  dir.Write("bom.py", "\xEF\xBB\xBFx = 1\n");
  dir.Write("bad.py", "x = '\xff\xfe'\n");
  ASSERT_OK_AND_ASSIGN(ScanResult scan, ScanRepository({.root = dir.path()}));
  ASSERT_EQ(scan.files.size(), 2u);
  EXPECT_EQ(scan.files[0].path, "bad.py");
  EXPECT_EQ(scan.files[0].status, "undecodable");
  EXPECT_EQ(scan.files[0].text, "");
  EXPECT_EQ(scan.files[1].text, "x = 1\n");
  EXPECT_TRUE(scan.repo_files.column("has_bom").GetBool(1));
  EXPECT_EQ(scan.repo_files.column("size_bytes").GetInt64(1), 9);
  EXPECT_EQ(scan.repo_files.column("text_bytes").GetInt64(1), 6);
  EXPECT_FALSE(scan.repo_files.column("text_bytes").IsValid(0));
  ASSERT_EQ(scan.diagnostics.num_rows(), 1u);
  EXPECT_EQ(scan.diagnostics.column("code").GetString(0), "SOURCE_UNDECODABLE");
  EXPECT_EQ(scan.diagnostics.column("severity").GetString(0), "error");
  EXPECT_EQ(scan.diagnostics.column("file_id").GetUInt64(0), scan.files[0].file_id);
  EXPECT_THAT(std::string(scan.diagnostics.column("message").GetString(0)),
              HasSubstr("cannot decode the file as utf-8: byte 0xff at byte offset 5 (line 1)"));
}

TEST(RepoScanTest, RejectsAMissingRootOrAFile) {
  TempDir dir;
  EXPECT_STATUS(ScanRepository({.root = dir.path() / "nope"}), base::StatusCode::kInvalidArgument,
                HasSubstr("does not exist"));
  auto file = dir.Write("a.py", "");
  EXPECT_STATUS(ScanRepository({.root = file}), base::StatusCode::kInvalidArgument,
                HasSubstr("is not a directory"));
}

TEST(RepoScanTest, TooLargeFilesAreListedNotRead) {
  TempDir dir;
  dir.Write("big.py", std::string(100, '#'));
  dir.Write("small.py", "x = 1\n");
  ScanOptions options{.root = dir.path()};
  options.max_file_bytes = 50;
  ASSERT_OK_AND_ASSIGN(ScanResult scan, ScanRepository(options));
  ASSERT_EQ(scan.files.size(), 2u);
  EXPECT_EQ(scan.files[0].status, "too_large");
  EXPECT_EQ(scan.repo_files.column("size_bytes").GetInt64(0), 100);
  EXPECT_FALSE(scan.repo_files.column("content_hash").IsValid(0));
  EXPECT_EQ(scan.files[1].status, "ok");
  EXPECT_EQ(DiagnosticsOf(scan, "big.py"), std::vector<std::string>{"SOURCE_TOO_LARGE warning"});
}

TEST(RepoScanTest, IncludeAndExcludeGlobs) {
  TempDir dir;
  for (const char* f : {"app/main.py", "app/test_main.py", "app/gen/a_pb2.py", "app/stub.pyi",
                        "docs/conf.py", "tools/run.sh", "tools/x.py", "setup.py"}) {
    dir.Write(f, "");
  }
  ScanOptions options{.root = dir.path()};
  options.include_globs = {"**/*.py", "!test_*.py", "*.pyi", "tools/"};
  options.exclude_globs = {"docs/", "*_pb2.py", "/setup.py"};
  ASSERT_OK_AND_ASSIGN(ScanResult scan, ScanRepository(options));
  EXPECT_EQ(Paths(scan), (std::vector<std::string>{"app/main.py", "app/stub.pyi", "tools/run.sh",
                                                   "tools/x.py"}));
  EXPECT_EQ(scan.files[1].module_name, "app.stub");
}

TEST(RepoScanTest, HonoursGitignoreUnlessSwitchedOff) {
  TempDir dir;
  dir.Write(".gitignore", "generated/\n*.gen.py\n");
  dir.Write("a.py", "");
  dir.Write("b.gen.py", "");
  dir.Write("generated/c.py", "");
  dir.Write("sub/.gitignore", "/local.py\n!keep.gen.py\n");
  dir.Write("sub/local.py", "");
  dir.Write("sub/keep.gen.py", "");
  dir.Write("sub/deeper/local.py", "");
  ASSERT_OK_AND_ASSIGN(ScanResult scan, ScanRepository({.root = dir.path()}));
  EXPECT_EQ(Paths(scan),
            (std::vector<std::string>{"a.py", "sub/deeper/local.py", "sub/keep.gen.py"}));
  ScanOptions all{.root = dir.path()};
  all.use_gitignore = false;
  ASSERT_OK_AND_ASSIGN(ScanResult everything, ScanRepository(all));
  EXPECT_EQ(everything.files.size(), 6u);
}

TEST(RepoScanTest, GitRepositoryAroundASubdirectory) {
  if (std::system("git --version >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not installed";
  TempDir dir;
  const std::string git =
      "git -C '" + dir.path().string() + "' -c user.name=t -c user.email=t@example.com ";
  ASSERT_EQ(std::system((git + "init -q && " + git + "commit -q --allow-empty -m x").c_str()), 0);
  dir.Write(".gitignore", "ignored_everywhere.py\n/project/top_only.py\n");
  dir.Write(".git/info/exclude", "excluded_by_info.py\n");
  dir.Write("project/a.py", "");
  dir.Write("project/ignored_everywhere.py", "");
  dir.Write("project/top_only.py", "");
  dir.Write("project/excluded_by_info.py", "");
  ASSERT_OK_AND_ASSIGN(ScanResult scan, ScanRepository({.root = dir.path() / "project"}));
  EXPECT_EQ(Paths(scan), std::vector<std::string>{"a.py"});
  ASSERT_TRUE(scan.git_head.has_value());
  EXPECT_EQ(scan.git_head->size(), 40u);
}

TEST(RepoScanTest, LineIndexAndWideCharsOfOkFiles) {
  TempDir dir;
  dir.Write("a.py", "x = 'caf\xC3\xA9'\r\ny = 2\rz = '\xF0\x9F\x98\x80'");
  dir.Write("b.py", "");
  dir.Write("c.py", "\xff");
  ASSERT_OK_AND_ASSIGN(ScanResult scan, ScanRepository({.root = dir.path()}));
  const auto& l = scan.line_index;
  ASSERT_EQ(l.num_rows(), 4u);  // a.py: 3 lines; b.py: the empty line; c.py: none
  EXPECT_EQ(l.column("path").GetString(0), "a.py");
  EXPECT_EQ(l.column("newline_kind").GetString(0), "CRLF");
  EXPECT_FALSE(l.column("is_ascii").GetBool(0));
  EXPECT_EQ(l.column("bend").GetInt64(0), 13);
  EXPECT_EQ(l.column("newline_kind").GetString(1), "CR");
  EXPECT_EQ(l.column("bstart").GetInt64(2), 19);
  EXPECT_EQ(l.column("newline_kind").GetString(2), "NONE");
  EXPECT_EQ(l.column("path").GetString(3), "b.py");
  const auto& w = scan.wide_chars;
  ASSERT_EQ(w.num_rows(), 2u);
  EXPECT_EQ(w.column("line0").GetInt64(0), 0);
  EXPECT_EQ(w.column("byte_col").GetInt64(0), 8);
  EXPECT_EQ(w.column("line0").GetInt64(1), 2);
  EXPECT_EQ(w.column("utf16_len").GetInt64(1), 2);
}

// --- Hostile input ------------------------------------------------------------------------------

class HostileScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = testing::WriteHostileRepo(dir_.path() / "repo", dir_.path() / "outside");
    if (!repo_.permissions_enforced) {
      std::fprintf(stderr,
                   "note: this process reads chmod-000 files (root without a way to drop "
                   "CAP_DAC_OVERRIDE): the unreadable-file and locked-directory cases are "
                   "checked as readable\n");
    }
  }
  void TearDown() override { testing::RestorePermissions(dir_.path() / "repo"); }

  ScanResult Scan(bool follow, int threads) {
    ScanOptions options{.root = dir_.path() / "repo"};
    options.follow_symlinks = follow;
    options.threads = threads;
    auto scan = ScanRepository(options);
    EXPECT_TRUE(scan.ok()) << scan.status().ToString();
    return scan.ok() ? std::move(scan).value() : ScanResult{};
  }

  void CheckFiles(const ScanResult& scan, bool follow) {
    auto rows = RowsByPath(scan);
    size_t expected_rows = 0;
    for (const auto& f : repo_.files) {
      SCOPED_TRACE(f.path);
      std::string status = follow ? f.status_following : f.status;
      if (status == "unreadable" && !repo_.permissions_enforced) status = "ok";
      ASSERT_EQ(rows.count(f.path), 1u) << "missing from repo_files";
      ++expected_rows;
      const size_t r = rows[f.path];
      EXPECT_EQ(scan.repo_files.column("status").GetString(r), status);
      EXPECT_EQ(scan.files[r].status, status);
      if (status == "ok") {
        EXPECT_TRUE(scan.repo_files.column("text_bytes").IsValid(r));
        if (f.check_text) {
          EXPECT_EQ(scan.files[r].text, f.text);
        }
        EXPECT_TRUE(DiagnosticsOf(scan, f.path).empty() || f.path == "bad\\xff.py");
      } else {
        EXPECT_EQ(scan.files[r].text, "");
        auto diags = DiagnosticsOf(scan, f.path);
        ASSERT_EQ(diags.size(), 1u);
        EXPECT_THAT(diags[0], ::testing::StartsWith("SOURCE_"));
      }
    }
    if (!repo_.permissions_enforced) ++expected_rows;  // locked/inner.py is readable
    EXPECT_EQ(scan.repo_files.num_rows(), expected_rows);
    EXPECT_EQ(scan.files.size(), expected_rows);
    if (repo_.permissions_enforced) {
      EXPECT_EQ(DiagnosticsOf(scan, "locked"),
                std::vector<std::string>{"SOURCE_DIR_UNREADABLE warning"});
    }
  }

  TempDir dir_;
  testing::ScopedPermissionChecks permission_checks_;
  testing::HostileRepo repo_;
};

TEST_F(HostileScanTest, EveryFileHasAStatusAndGoodFilesAreWhole) {
  ScanResult scan = Scan(/*follow=*/false, /*threads=*/4);
  CheckFiles(scan, false);
  auto rows = RowsByPath(scan);
  // The latin-1 file: decoded, re-encoded, with its codec and a wide character.
  const size_t latin = rows["latin1.py"];
  EXPECT_EQ(scan.repo_files.column("encoding").GetString(latin), "iso8859-1");
  EXPECT_EQ(scan.repo_files.column("text_bytes").GetInt64(latin),
            scan.repo_files.column("size_bytes").GetInt64(latin) + 1);
  // BOM + CRLF and bare CR line ends.
  EXPECT_TRUE(scan.repo_files.column("has_bom").GetBool(rows["bom_crlf.py"]));
  std::vector<std::string> kinds;
  for (size_t r = 0; r < scan.line_index.num_rows(); ++r) {
    if (scan.line_index.column("path").GetString(r) == "bare_cr.py") {
      kinds.emplace_back(scan.line_index.column("newline_kind").GetString(r));
    }
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"CR", "CR", "CR", "NONE"}));
  // Non-UTF-8 names are escaped and said so; the text is still there.
  EXPECT_EQ(DiagnosticsOf(scan, "bad\\xff.py"),
            std::vector<std::string>{"SOURCE_PATH_NOT_UTF8 info"});
  EXPECT_TRUE(scan.repo_files.column("is_symlink").GetBool(rows["inside_link.py"]));
  // Links to directories are not entered.
  for (const char* d : {"loop_dir", "up/back", "outside_dir", "alias_pkg"}) {
    EXPECT_EQ(DiagnosticsOf(scan, d), std::vector<std::string>{"SOURCE_SYMLINK_SKIPPED info"}) << d;
  }
  // Every string is valid UTF-8 (DuckDB requires it).
  for (size_t r = 0; r < scan.diagnostics.num_rows(); ++r) {
    EXPECT_TRUE(IsValidUtf8(scan.diagnostics.column("message").GetString(r)));
    EXPECT_TRUE(IsValidUtf8(scan.diagnostics.column("path").GetString(r)));
  }
}

TEST_F(HostileScanTest, FollowingLinksStaysInsideAndNeverLoops) {
  ScanResult scan = Scan(/*follow=*/true, /*threads=*/3);
  CheckFiles(scan, true);
  EXPECT_EQ(DiagnosticsOf(scan, "loop_dir"),
            std::vector<std::string>{"SOURCE_SYMLINK_LOOP warning"});
  EXPECT_EQ(DiagnosticsOf(scan, "up/back"),
            std::vector<std::string>{"SOURCE_SYMLINK_LOOP warning"});
  EXPECT_EQ(DiagnosticsOf(scan, "outside_dir"),
            std::vector<std::string>{"SOURCE_OUTSIDE_REPO warning"});
  EXPECT_EQ(DiagnosticsOf(scan, "alias_pkg"),
            std::vector<std::string>{"SOURCE_SYMLINK_DUPLICATE info"});
  for (const auto& f : scan.files) {
    EXPECT_FALSE(f.path.starts_with("loop_dir/") || f.path.starts_with("outside_dir/") ||
                 f.path.starts_with("alias_pkg/") || f.path.starts_with("up/back/"))
        << f.path;
  }
}

TEST_F(HostileScanTest, SameRowsWhateverTheThreadCount) {
  auto dump = [](const ScanResult& s) {
    std::string out;
    s.repo_files.SerializeTo(&out);
    s.line_index.SerializeTo(&out);
    s.wide_chars.SerializeTo(&out);
    s.diagnostics.SerializeTo(&out);
    return out;
  };
  const std::string one = dump(Scan(true, 1));
  EXPECT_EQ(one, dump(Scan(true, 8)));
  EXPECT_EQ(one, dump(Scan(true, 3)));
}

TEST(RepoScanTest, UnreadableDirectoriesGetOneDiagnosticEach) {
  TempDir dir;
  testing::ScopedPermissionChecks permission_checks;
  dir.Write("ok.py", "x = 1\n");
  dir.Write("locked/a.py", "a = 1\n");    // mode 000: cannot be listed
  dir.Write("listable/b.py", "b = 1\n");  // mode 444: listed, nothing inside can be opened
  ::chmod((dir.path() / "locked").c_str(), 0);
  ::chmod((dir.path() / "listable").c_str(), 0444);
  const bool enforced = testing::CannotRead(dir.path() / "locked");
  auto scan = ScanRepository({.root = dir.path()});
  ::chmod((dir.path() / "locked").c_str(), 0755);
  ::chmod((dir.path() / "listable").c_str(), 0755);
  ASSERT_TRUE(scan.ok()) << scan.status().ToString();
  if (!enforced) GTEST_SKIP() << "this process reads chmod-000 directories";
  EXPECT_EQ(DiagnosticsOf(*scan, "locked"),
            std::vector<std::string>{"SOURCE_DIR_UNREADABLE warning"});
  // No second diagnostic for a .gitignore nobody could have read.
  EXPECT_THAT(DiagnosticsOf(*scan, "locked/.gitignore"), ::testing::IsEmpty());
  EXPECT_THAT(DiagnosticsOf(*scan, "listable/.gitignore"), ::testing::IsEmpty());
  EXPECT_EQ(DiagnosticsOf(*scan, "listable/b.py"),
            std::vector<std::string>{"SOURCE_UNREADABLE warning"});
}

TEST(RepoScanTest, CollidingModuleNamesAreDiagnosed) {
  TempDir dir;
  dir.Write("a.py", "def f(): pass\n");
  dir.Write("a/__init__.py", "def g(): pass\n");
  dir.Write("p/__init__.py", "");
  dir.Write("p/b.py", "x = 1\n");
  dir.Write("p.b.py", "y = 1\n");
  dir.Write("s.py", "z = 1\n");  // with its stub: expected, not a collision
  dir.Write("s.pyi", "z: int\n");
  ASSERT_OK_AND_ASSIGN(ScanResult scan,
                       ScanRepository({.root = dir.path(), .include_globs = {"*.py", "*.pyi"}}));
  EXPECT_EQ(scan.files.size(), 7u);
  for (const char* path : {"a.py", "a/__init__.py", "p/b.py", "p.b.py"}) {
    EXPECT_EQ(DiagnosticsOf(scan, path),
              std::vector<std::string>{"SOURCE_MODULE_COLLISION warning"})
        << path;
  }
  EXPECT_THAT(DiagnosticsOf(scan, "s.py"), ::testing::IsEmpty());
  std::map<std::string, std::string> message;
  for (size_t r = 0; r < scan.diagnostics.num_rows(); ++r) {
    message[std::string(scan.diagnostics.column("path").GetString(r))] =
        scan.diagnostics.column("message").GetString(r);
  }
  EXPECT_THAT(message["a.py"], HasSubstr("CPython imports a/__init__.py, never this file"));
  EXPECT_THAT(message["a/__init__.py"], HasSubstr("CPython imports this one"));
  EXPECT_THAT(message["p.b.py"], HasSubstr("CPython imports p/b.py"));
}

TEST(ModuleNameTest, FollowsPackageLayout) {
  EXPECT_EQ(ModuleNameForPath("a/b/c.py"), "a.b.c");
  EXPECT_EQ(ModuleNameForPath("a/__init__.py"), "a");
  EXPECT_EQ(ModuleNameForPath("a/__init__.pyi"), "a");
  EXPECT_EQ(ModuleNameForPath("top.py"), "top");
  EXPECT_EQ(ModuleNameForPath("__init__.py"), "");
}

}  // namespace
}  // namespace codeanatomy::source
