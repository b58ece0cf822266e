#include "codeanatomy/source/gitignore.h"

#include <fstream>
#include <set>
#include <sstream>

#include "codeanatomy/base/testing.h"
#include "codeanatomy/source/repo_scan.h"

namespace codeanatomy::source {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;

// Cases from git's t/t3070-wildmatch.sh (the WM_PATHNAME column).
TEST(WildMatchTest, AgreesWithGitsOwnCases) {
  struct Case {
    const char* text;
    const char* pattern;
    bool match;
  };
  const Case cases[] = {
      {"foo", "foo", true},
      {"foo", "bar", false},
      {"", "", true},
      {"foo", "???", true},
      {"foo", "??", false},
      {"foo", "*", true},
      {"foo", "f*", true},
      {"foo", "*f", false},
      {"foo", "*foo*", true},
      {"foobar", "*ob*a*r*", true},
      {"aaaaaaabababab", "*ab", true},
      {"foo*", "foo\\*", true},
      {"foobar", "foo\\*bar", false},
      {"f\\oo", "f\\\\oo", true},
      {"ball", "*[al]?", true},
      {"ten", "[ten]", false},
      {"ten", "**[!te]", true},
      {"ten", "**[!ten]", false},
      {"ten", "t[a-g]n", true},
      {"ten", "t[!a-g]n", false},
      {"ton", "t[!a-g]n", true},
      {"ton", "t[^a-g]n", true},
      {"a]b", "a[]]b", true},
      {"a-b", "a[]-]b", true},
      {"a]b", "a[]-]b", true},
      {"aab", "a[]-]b", false},
      {"aab", "a[]a-]b", true},
      {"]", "]", true},
      {"foo/baz/bar", "foo*bar", false},
      {"foo/baz/bar", "foo**bar", false},
      {"foobazbar", "foo**bar", true},
      {"foo/baz/bar", "foo/**/bar", true},
      {"foo/baz/bar", "foo/**/**/bar", true},
      {"foo/b/a/z/bar", "foo/**/bar", true},
      {"foo/b/a/z/bar", "foo/**/**/bar", true},
      {"foo/bar", "foo/**/bar", true},
      {"foo/bar", "foo/**/**/bar", true},
      {"foo/bar", "foo?bar", false},
      {"foo/bar", "foo[/]bar", false},
      {"foo/bar", "foo[^a-z]bar", false},
      {"foo-bar", "f[^eiu][^eiu][^eiu][^eiu][^eiu]r", true},
      {"foo", "**/foo", true},
      {"XXX/foo", "**/foo", true},
      {"bar/baz/foo", "**/foo", true},
      {"bar/baz/foo", "*/foo", false},
      {"foo/bar/baz", "**/bar*", false},
      {"deep/foo/bar/baz", "**/bar/*", true},
      {"deep/foo/bar/baz/", "**/bar/*", false},
      {"deep/foo/bar/baz/", "**/bar/**", true},
      {"deep/foo/bar", "**/bar/*", false},
      {"deep/foo/bar/", "**/bar/**", true},
      {"foo/bar/baz/x", "*/bar/**", true},
      {"deep/foo/bar/baz/x", "*/bar/**", false},
      {"deep/foo/bar/baz/x", "**/bar/*/*", true},
      {"a1B", "[[:alpha:]][[:digit:]][[:upper:]]", true},
      {"a", "[[:digit:][:upper:][:space:]]", false},
      {"A", "[[:digit:][:upper:][:space:]]", true},
      {"1", "[[:digit:][:upper:][:spaci:]]", false},
      {" ", "[[:digit:][:upper:][:space:]]", true},
      {".", "[[:digit:][:punct:][:space:]]", true},
      {"5", "[a-c[:digit:]x-z]", true},
      {"q", "[a-c[:digit:]x-z]", false},
      {"abc", "abc\\", false},  // a trailing backslash never matches
  };
  for (const auto& c : cases) {
    EXPECT_EQ(WildMatch(c.pattern, c.text), c.match) << c.pattern << " vs " << c.text;
  }
}

TEST(WildMatchTest, PathologicalPatternsFinishQuickly) {
  // wildmatch's abort codes keep star-heavy patterns polynomial.
  std::string text(300, 'a');
  EXPECT_FALSE(WildMatch("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", text));
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "d/";
  deep += "x";
  EXPECT_FALSE(WildMatch("**/**/**/**/**/**/**/**/**/**/y", deep));
  EXPECT_TRUE(WildMatch("**/**/**/**/**/**/**/**/**/**/x", deep));
}

TEST(PatternListTest, ParsesGitignoreSyntax) {
  PatternList l = PatternList::Parse(
      "\xEF\xBB\xBF# a comment\n"
      "\n"
      "*.log\r\n"
      "!keep.log\n"
      "build/\n"
      "/anchored.py\n"
      "trailing.py   \n"
      "escaped.py\\ \n"
      "\\#hash\n"
      "\\!bang\n",
      "");
  ASSERT_EQ(l.patterns().size(), 8u);
  EXPECT_EQ(l.patterns()[0].pattern, "*.log");
  EXPECT_TRUE(l.patterns()[0].basename_only);
  EXPECT_TRUE(l.patterns()[1].negative);
  EXPECT_TRUE(l.patterns()[2].must_be_dir);
  EXPECT_FALSE(l.patterns()[3].basename_only);
  EXPECT_EQ(l.patterns()[4].pattern, "trailing.py");
  EXPECT_EQ(l.patterns()[5].pattern, "escaped.py\\ ");
  EXPECT_EQ(l.Match("x/a.log", false), std::optional<bool>(true));
  EXPECT_EQ(l.Match("x/keep.log", false), std::optional<bool>(false));
  EXPECT_EQ(l.Match("x/build", true), std::optional<bool>(true));
  EXPECT_EQ(l.Match("x/build", false), std::nullopt);
  EXPECT_EQ(l.Match("anchored.py", false), std::optional<bool>(true));
  EXPECT_EQ(l.Match("x/anchored.py", false), std::nullopt);
  EXPECT_EQ(l.Match("escaped.py ", false), std::optional<bool>(true));
  EXPECT_EQ(l.Match("#hash", false), std::optional<bool>(true));
  EXPECT_EQ(l.Match("!bang", false), std::optional<bool>(true));
}

TEST(PatternListTest, PatternsAreRelativeToTheirBase) {
  PatternList l = PatternList::Parse("/top.py\nmid/*.py\nany.py\n", "sub/");
  EXPECT_EQ(l.Match("sub/top.py", false), std::optional<bool>(true));
  EXPECT_EQ(l.Match("top.py", false), std::nullopt);
  EXPECT_EQ(l.Match("sub/x/top.py", false), std::nullopt);
  EXPECT_EQ(l.Match("sub/mid/a.py", false), std::optional<bool>(true));
  EXPECT_EQ(l.Match("mid/a.py", false), std::nullopt);
  EXPECT_EQ(l.Match("sub/deep/any.py", false), std::optional<bool>(true));
}

// --- Comparison with `git check-ignore` -------------------------------------------------------

bool HaveGit() { return std::system("git --version >/dev/null 2>&1") == 0; }

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Scenario {
  std::string name;
  //! Files to create (path -> contents); .gitignore files among them.
  std::vector<std::pair<std::string, std::string>> files;
  std::string info_exclude;
};

//! The paths (files and directories, relative) that `git check-ignore` says are ignored.
std::set<std::string> GitIgnored(const fs::path& repo, const std::vector<std::string>& paths) {
  const fs::path list = repo.parent_path() / "paths.z";
  const fs::path out = repo.parent_path() / "ignored.z";
  {
    std::ofstream f(list, std::ios::binary);
    for (const auto& p : paths) f << p << '\0';
  }
  const std::string cmd =
      "git -C '" + repo.string() +
      "' -c core.excludesFile=/dev/null check-ignore --no-index --stdin -z < '" + list.string() +
      "' > '" + out.string() + "' 2>/dev/null";
  const int rc = std::system(cmd.c_str());
  EXPECT_TRUE(rc == 0 || WEXITSTATUS(rc) == 1) << cmd;
  std::set<std::string> ignored;
  std::string all = Slurp(out);
  size_t start = 0;
  while (start < all.size()) {
    size_t end = all.find('\0', start);
    if (end == std::string::npos) end = all.size();
    ignored.insert(all.substr(start, end - start));
    start = end + 1;
  }
  return ignored;
}

//! Our verdict for every path, using the library's lists the way the scan stacks them.
bool OurVerdict(const fs::path& repo, const std::string& path, bool is_dir,
                const PatternList& info_exclude) {
  auto stack = IgnoreStack::Root(info_exclude);
  std::string dir;  // "" or ending in '/'
  size_t start = 0;
  while (true) {
    stack = IgnoreStack::Push(stack, PatternList::Parse(Slurp(repo / dir / ".gitignore"), dir));
    const size_t slash = path.find('/', start);
    if (slash == std::string::npos) break;
    const std::string ancestor = path.substr(0, slash);
    if (stack->IsIgnored(ancestor, true)) return true;  // git never enters it
    dir = ancestor + "/";
    start = slash + 1;
  }
  return stack->IsIgnored(path, is_dir);
}

void CheckScenario(const Scenario& s) {
  SCOPED_TRACE(s.name);
  TempDir tmp;
  const fs::path repo = tmp.path() / "repo";
  fs::create_directories(repo);
  ASSERT_EQ(std::system(("git init -q '" + repo.string() + "'").c_str()), 0);
  for (const auto& [path, contents] : s.files) tmp.Write("repo/" + path, contents);
  tmp.Write("repo/.git/info/exclude", s.info_exclude);

  std::vector<std::string> files, dirs;
  for (auto it = fs::recursive_directory_iterator(repo); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string rel = fs::relative(it->path(), repo).generic_string();
    if (rel == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    (it->is_directory() ? dirs : files).push_back(rel);
  }
  std::vector<std::string> all = files;
  all.insert(all.end(), dirs.begin(), dirs.end());
  const std::set<std::string> git = GitIgnored(repo, all);
  ASSERT_FALSE(git.empty()) << "git check-ignore reported nothing: is the scenario wrong?";
  ASSERT_LT(git.size(), all.size())
      << "git check-ignore ignores everything: is the scenario wrong?";
  std::fprintf(stderr, "%s: git ignores %zu of %zu paths\n", s.name.c_str(), git.size(),
               all.size());

  const PatternList info = PatternList::Parse(s.info_exclude, "");
  for (const auto& p : files) {
    EXPECT_EQ(OurVerdict(repo, p, false, info), git.count(p) > 0) << "file " << p;
  }
  for (const auto& p : dirs) {
    EXPECT_EQ(OurVerdict(repo, p, true, info), git.count(p) > 0) << "directory " << p;
  }

  // The scan itself lists exactly the files git does not ignore.
  ScanOptions options{.root = repo};
  options.include_globs = {"*"};
  options.exclude_dirs = {".git"};
  ASSERT_OK_AND_ASSIGN(ScanResult scan, ScanRepository(options));
  std::set<std::string> listed, expected;
  for (const auto& f : scan.files) listed.insert(f.path);
  for (const auto& p : files) {
    if (git.count(p) == 0) expected.insert(p);
  }
  EXPECT_EQ(listed, expected);
}

TEST(GitCheckIgnoreTest, PatternBattery) {
  if (!HaveGit()) GTEST_SKIP() << "git is not installed";
  Scenario s;
  s.name = "battery";
  s.files = {
      {".gitignore",
       "# comment\n"
       "*.log\n"
       "!keep.log\n"
       "/root_only.py\n"
       "build_out/\n"
       "!build_out/keep.py\n"
       "doc/*.txt\n"
       "doc/**/*.pdf\n"
       "**/cache\n"
       "logs/**\n"
       "a/**/z.py\n"
       "\\#hash.py\n"
       "\\!bang.py\n"
       "trailing_space.py   \n"
       "escaped_space.py\\ \n"
       "[abc]x.py\n"
       "[!a-c]y.py\n"
       "[[:digit:]]d.py\n"
       "?q.py\n"
       "*.py[cod]\n"
       "/*.tmp\n"
       "nested_dir/\n"
       "foo/bar/\n"
       "*.md/\n"
       "  leading_space.py\n"
       "star*/x.py\n"},
      {"a.py", ""},
      {"x.log", ""},
      {"keep.log", ""},
      {"dir/x.log", ""},
      {"dir/keep.log", ""},
      {"root_only.py", ""},
      {"dir/root_only.py", ""},
      {"build_out/m.py", ""},
      {"build_out/keep.py", ""},
      {"dir/build_out/m.py", ""},
      {"doc/a.txt", ""},
      {"doc/sub/a.txt", ""},
      {"doc/a.pdf", ""},
      {"doc/x/y/a.pdf", ""},
      {"cache/m.py", ""},
      {"x/cache/m.py", ""},
      {"y/cache", ""},
      {"logs/a.py", ""},
      {"logs/deep/b.py", ""},
      {"a/z.py", ""},
      {"a/b/z.py", ""},
      {"a/b/c/z.py", ""},
      {"b/a/z.py", ""},
      {"#hash.py", ""},
      {"!bang.py", ""},
      {"trailing_space.py", ""},
      {"escaped_space.py ", ""},
      {"escaped_space.py", ""},
      {"ax.py", ""},
      {"dx.py", ""},
      {"by.py", ""},
      {"dy.py", ""},
      {"1d.py", ""},
      {"xd.py", ""},
      {"1q.py", ""},
      {"abq.py", ""},
      {"m.pyc", ""},
      {"m.pyo", ""},
      {"m.pyx", ""},
      {"top.tmp", ""},
      {"dir/inner.tmp", ""},
      {"nested_dir/f.py", ""},
      {"x/nested_dir/f.py", ""},
      {"foo/bar/f.py", ""},
      {"x/foo/bar/f.py", ""},
      {"notes.md/f.py", ""},
      {"readme.md", ""},
      {"  leading_space.py", ""},
      {"leading_space.py", ""},
      {"star1/x.py", ""},
      {"star/x.py", ""},
      {"star1/deep/x.py", ""},
      // A nested .gitignore with a BOM and CRLF line ends; a deeper one re-including.
      {"sub/.gitignore",
       "\xEF\xBB\xBF*.gen.py\r\n!important.log\r\n/anchored.py\r\ndeep/\r\n*.pyc\r\n!x.pyc\r\n"},
      {"sub/g.gen.py", ""},
      {"sub/x/g.gen.py", ""},
      {"sub/deeper/.gitignore", "!*.gen.py\n"},
      {"sub/deeper/g.gen.py", ""},
      {"sub/important.log", ""},
      {"sub/other.log", ""},
      {"sub/anchored.py", ""},
      {"sub/x/anchored.py", ""},
      {"sub/deep/f.py", ""},
      {"sub/x/deep/f.py", ""},
      {"sub/x.pyc", ""},
      {"sub/y.pyc", ""},
      {"info_excluded.py", ""},
      {"sub/info_excluded.py", ""},
      {"secret/s.py", ""},
      {"overridden.py", ""},
  };
  s.info_exclude = "info_excluded.py\nsecret/\noverridden.py\n";
  // .gitignore beats info/exclude: a negation there re-includes.
  s.files[0].second += "!overridden.py\n";
  CheckScenario(s);
}

TEST(GitCheckIgnoreTest, IgnoreEverythingButOneDirectory) {
  if (!HaveGit()) GTEST_SKIP() << "git is not installed";
  Scenario s;
  s.name = "allowlist";
  s.files = {
      {".gitignore", "/*\n!/.gitignore\n!/src\n/src/*\n!/src/pkg\n"},
      {"a.py", ""},
      {"other/c.py", ""},
      {"src/a.py", ""},
      {"src/pkg/b.py", ""},
      {"src/pkg/deep/c.py", ""},
      {"src/other/d.py", ""},
  };
  CheckScenario(s);
}

TEST(GitCheckIgnoreTest, NegatedDirectoriesAndDoubleStars) {
  if (!HaveGit()) GTEST_SKIP() << "git is not installed";
  Scenario s;
  s.name = "negations";
  s.files = {
      {".gitignore", "**/gen/**\n!**/gen/keep/\ntmp*\n!tmp_keep.py\n**/\n!*/\n*.py\n!/lib/**\n"},
      {"gen/a.py", ""},
      {"x/gen/keep/b.py", ""},
      {"tmp1.py", ""},
      {"tmp_keep.py", ""},
      {"lib/m.py", ""},
      {"lib/sub/n.py", ""},
      {"app/o.py", ""},
      {"app/data.txt", ""},
  };
  CheckScenario(s);
}

TEST(GitCheckIgnoreTest, EdgeCases) {
  if (!HaveGit()) GTEST_SKIP() << "git is not installed";
  Scenario s;
  s.name = "edges";
  s.files = {
      {".gitignore",
       "foo/**\n*/mid/\n[a-]z.py\ntrailing\\\n!\n/\n\\ lead.py\ndoc/\n*.md\n!READ*.md\n"
       "dir_only/\n**/x/**/y.py\n\\[lit].py\nq[[:upper:]].py\n"},
      {"foo/a.py", ""},
      {"foo/deep/b.py", ""},
      {"a/mid/f.py", ""},
      {"a/b/mid/f.py", ""},
      {"az.py", ""},
      {"-z.py", ""},
      {"bz.py", ""},
      {"trailing\\", ""},
      {" lead.py", ""},
      {"doc", "a file, not a directory"},
      {"notes.md", ""},
      {"README.md", ""},
      {"dir_only", "a file"},
      {"k/dir_only/f.py", ""},
      {"x/y.py", ""},
      {"m/x/n/o/y.py", ""},
      {"[lit].py", ""},
      {"l.py", ""},
      {"qA.py", ""},
      {"qa.py", ""},
      {"sub2/.gitignore", "**/deep.py\n/*.txt\n*\n!*.py\n!*/\n"},
      {"sub2/deep.py", ""},
      {"sub2/x/deep.py", ""},
      {"sub2/a.txt", ""},
      {"sub2/x/a.txt", ""},
      {"sub2/x/other.py", ""},
      {"sub2/x/data.json", ""},
  };
  CheckScenario(s);
}

}  // namespace
}  // namespace codeanatomy::source
