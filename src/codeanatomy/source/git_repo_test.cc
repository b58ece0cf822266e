#include "codeanatomy/source/git_repo.h"

#include <cstdio>

#include "codeanatomy/base/testing.h"

namespace codeanatomy::source {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;

bool HaveGit() { return std::system("git --version >/dev/null 2>&1") == 0; }

//! Runs a shell command in `dir`, returns its trimmed stdout ("" on failure).
std::string Git(const fs::path& dir, const std::string& args) {
  const std::string cmd = "cd '" + dir.string() +
                          "' && git -c user.name=t -c user.email=t@example.com "
                          "-c init.defaultBranch=main " +
                          args + " 2>/dev/null";
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[512];
  while (size_t n = std::fread(buf, 1, sizeof(buf), p)) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0) << cmd;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

TEST(GitRepoTest, NoRepository) {
  TempDir dir;
  // A TempDir lives under TMPDIR, which is not inside a git work tree.
  EXPECT_FALSE(FindGitRepository(fs::canonical(dir.path())).has_value());
}

TEST(GitRepoTest, LoosePackedDetachedAndWorktrees) {
  if (!HaveGit()) GTEST_SKIP() << "git is not installed";
  TempDir dir;
  const fs::path repo = fs::canonical(dir.path()) / "repo";
  fs::create_directories(repo / "sub" / "deeper");
  Git(repo, "init -q");
  // Unborn branch: no commit yet.
  auto found = FindGitRepository(repo / "sub" / "deeper");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->work_tree, repo);
  EXPECT_EQ(ReadGitHead(*found), std::nullopt);

  Git(repo, "commit -q --allow-empty -m one");
  const std::string one = Git(repo, "rev-parse HEAD");
  ASSERT_EQ(one.size(), 40u);
  EXPECT_EQ(ReadGitHead(*FindGitRepository(repo / "sub")), one);  // loose ref

  Git(repo, "pack-refs --all --prune");
  ASSERT_FALSE(fs::exists(repo / ".git" / "refs" / "heads" / "main"));
  EXPECT_EQ(ReadGitHead(*FindGitRepository(repo)), one);  // packed-refs

  Git(repo, "commit -q --allow-empty -m two");
  const std::string two = Git(repo, "rev-parse HEAD");
  EXPECT_EQ(ReadGitHead(*FindGitRepository(repo)), two);  // loose ref shadows packed

  Git(repo, "checkout -q --detach " + one);
  EXPECT_EQ(ReadGitHead(*FindGitRepository(repo)), one);  // detached HEAD

  // A linked worktree: `.git` is a file, refs live in the common directory.
  Git(repo, "checkout -q main");
  Git(repo, "worktree add -q -b side ../wt " + one);
  auto wt = FindGitRepository(repo.parent_path() / "wt");
  ASSERT_TRUE(wt.has_value());
  EXPECT_EQ(wt->work_tree, repo.parent_path() / "wt");
  EXPECT_EQ(wt->common_dir, repo / ".git");
  EXPECT_EQ(ReadGitHead(*wt), one);
  EXPECT_EQ(ReadGitHead(*FindGitRepository(repo)), two);
}

TEST(GitRepoTest, HostileRefsResolveToNothing) {
  TempDir dir;
  const fs::path repo = fs::canonical(dir.path());
  dir.Write(".git/HEAD", "ref: ../../../../../../etc/passwd\n");
  auto found = FindGitRepository(repo);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(ReadGitHead(*found), std::nullopt);
  dir.Write(".git/HEAD", "ref: refs/heads/a\n");
  dir.Write(".git/refs/heads/a", "ref: refs/heads/b\n");
  dir.Write(".git/refs/heads/b", "ref: refs/heads/a\n");  // a cycle
  EXPECT_EQ(ReadGitHead(*found), std::nullopt);
  dir.Write(".git/HEAD", "not a ref at all");
  EXPECT_EQ(ReadGitHead(*found), std::nullopt);
  dir.Write(".git/HEAD", std::string(40, 'a') + "\n");
  EXPECT_EQ(ReadGitHead(*found), std::string(40, 'a'));
}

}  // namespace
}  // namespace codeanatomy::source
