// The CLI's contract with a person at a terminal: bad input is one clear line and exit code 2, and
// never leaves partial output.
#include "codeanatomy/base/testing.h"

#include "e2e/e2e_util.h"

namespace codeanatomy {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;
using testing::Fixture;
using ::testing::HasSubstr;
using testing::RunCli;
using testing::Slurp;

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(CliTest, MissingRepositoryIsOneLineAndExitTwo) {
  TempDir dir;
  auto r = RunCli(
      {"build", (dir.path() / "no_such_repo").string(), "-o", (dir.path() / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("does not exist"));
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) entries += e.exists();
  EXPECT_EQ(entries, 0) << "no staging directory left behind";
}

TEST(CliTest, FileInsteadOfDirectory) {
  TempDir dir;
  auto file = dir.Write("a.py", "x = 1\n");
  auto r = RunCli({"build", file.string(), "-o", (dir.path() / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1);
  EXPECT_THAT(r.err, HasSubstr("is not a directory"));
  EXPECT_FALSE(fs::exists(dir.path() / "out"));
}

TEST(CliTest, UnwritableOutput) {
  TempDir dir;
  dir.Write("blocker", "a file where a directory should be");
  auto r = RunCli(
      {"build", Fixture("mini_pkg").string(), "-o", (dir.path() / "blocker" / "out").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1);
  EXPECT_THAT(r.err, HasSubstr("cannot create"));
}

TEST(CliTest, NeverReplacesTheRepositoryOrAnythingItDidNotWrite) {
  TempDir dir;
  // A project whose root holds a manifest.json (a web app's, say) and its sources under src/.
  dir.Write("p/manifest.json", R"({"name": "my-app"})");
  dir.Write("p/README", "readme");
  dir.Write("p/src/app.py", "def main():\n    return 1\n");
  const fs::path p = dir.path() / "p";
  for (const auto& [repo, out] : std::vector<std::pair<fs::path, fs::path>>{
           {p, p}, {p / "src", p}, {p / "src", p / "src"}, {p / "src", dir.path()}}) {
    auto r = RunCli({"build", repo.string(), "-o", out.string()});
    EXPECT_EQ(r.exit_code, 2) << repo << " -o " << out;
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_THAT(r.err, HasSubstr("refusing to write the output"));
  }
  EXPECT_EQ(Slurp(p / "src" / "app.py"), "def main():\n    return 1\n");
  EXPECT_EQ(Slurp(p / "README"), "readme");
  // A build's own output is replaced by the next build; a file added to it makes it off limits.
  const fs::path out = dir.path() / "out";
  ASSERT_EQ(RunCli({"build", (p / "src").string(), "-o", out.string(), "-q"}).exit_code, 0);
  ASSERT_EQ(RunCli({"build", (p / "src").string(), "-o", out.string(), "-q"}).exit_code, 0);
  dir.Write("out/mine.txt", "x");
  auto r = RunCli({"build", (p / "src").string(), "-o", out.string(), "-q"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("it holds 'mine.txt'"));
  EXPECT_TRUE(fs::exists(out / "mine.txt"));
  EXPECT_TRUE(fs::exists(out / "cpg_nodes.parquet"));
}

TEST(CliTest, UnknownFlagAndProfile) {
  auto r = RunCli({"build", "x", "-o", "y", "--no-such-flag"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--no-such-flag"));
  TempDir dir;
  r = RunCli({"build", Fixture("mini_pkg").string(), "-o", (dir.path() / "o").string(), "--profile",
              "fast"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown profile 'fast'"));
}

TEST(CliTest, BadScipIndexIsOneLineAndExitTwo) {
  TempDir dir;
  const std::string out = (dir.path() / "out").string();
  auto r = RunCli({"build", Fixture("mini_pkg").string(), "-o", out, "--scip-index",
                   (dir.path() / "missing.scip").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("missing.scip' does not exist"));
  EXPECT_FALSE(fs::exists(out));

  auto corrupt = dir.Write("corrupt.scip", std::string("\x12\x7f\x0a\x05mini/", 8));
  r = RunCli({"build", Fixture("mini_pkg").string(), "-o", out, "--scip-index", corrupt.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("is not a valid SCIP index: the file is truncated"));
  EXPECT_FALSE(fs::exists(out));

  r = RunCli({"build", Fixture("mini_pkg").string(), "-o", out, "--scip", "--scip-index",
              corrupt.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("excludes"));
}

TEST(CliTest, BuildPrintsASummary) {
  TempDir dir;
  auto r = RunCli({"build", Fixture("mini_pkg").string(), "-o", (dir.path() / "out").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("CALL_SITE 9"));
  EXPECT_THAT(r.out, HasSubstr("output: "));
  EXPECT_EQ(r.err, "");
  // Ratios say what of what, and the files behind error diagnostics are named.
  EXPECT_THAT(r.out, HasSubstr("resolved: calls 8 of 9 (89%), decorators 0 of 0,"));
  EXPECT_THAT(r.out,
              HasSubstr("  errors in: mini/broken.py (2); see them with: codeanatomy query"));
}

TEST(CliTest, HelpListsEveryOutputAndCommand) {
  auto r = RunCli({"build", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* output : {"cpg_nodes", "cpg_edges", "cpg_props", "diagnostics", "callgraph",
                             "class_mro", "file_text", "evidence", "derived"}) {
    EXPECT_THAT(r.out, HasSubstr(output));
  }
  r = RunCli({"--help"});
  for (const char* command : {"build", "query", "shell", "callgraph", "show", "rules", "schema"}) {
    EXPECT_THAT(r.out, HasSubstr(std::string("  ") + command + " "));
  }
  r = RunCli({"callgraph", "--help"});
  for (const char* flag :
       {"--from", "--to", "--depth", "--no-builtins", "--no-external", "--cluster", "html"}) {
    EXPECT_THAT(r.out, HasSubstr(flag));
  }
}

TEST(CliTest, IncludeExcludeAndLinkFlags) {
  TempDir dir;
  auto r = RunCli({"build", Fixture("mini_pkg").string(), "--include", "**/*.py", "--exclude",
                   "mini/broken.py", "--no-gitignore", "--follow-symlinks", "-o",
                   (dir.path() / "out").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("graph of 3 files"));
  r = RunCli({"build", Fixture("mini_pkg").string(), "-o", (dir.path() / "out2").string(),
              "--include", "mini/app.py", "--include", "mini/shapes.py"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("graph of 2 files"));
  r = RunCli(
      {"build", Fixture("mini_pkg").string(), "-o", (dir.path() / "out3").string(), "--include"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--include"));
}

TEST(CliTest, ABuildThatMatchesNoFileSaysSoAndExitsTwo) {
  TempDir dir;
  dir.Write("docs/readme.txt", "no python here\n");
  const fs::path out = dir.path() / "out";
  // A directory without Python files, an --include that matches nothing, an --exclude of all.
  for (const auto& [args, expect] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"build", (dir.path() / "docs").string()}, "matches '**/*.py'"},
           {{"build", Fixture("mini_pkg").string(), "--include", "src/**/*.py"},
            "matches 'src/**/*.py'"},
           {{"build", Fixture("mini_pkg").string(), "--exclude", "mini/"}, "minus --exclude"}}) {
    auto argv = args;
    argv.insert(argv.end(), {"-o", out.string(), "-q"});
    auto r = RunCli(argv);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(Lines(r.err), 1) << r.err;
    EXPECT_THAT(r.err, HasSubstr("no file under"));
    EXPECT_THAT(r.err, HasSubstr(expect));
    EXPECT_THAT(r.err, HasSubstr("pass the directory holding your code"));
    EXPECT_FALSE(fs::exists(out)) << "no output for an empty selection";
  }
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) entries += e.exists();
  EXPECT_EQ(entries, 1) << "only docs/: no staging directory left behind";
}

}  // namespace
}  // namespace codeanatomy
