#include "codeanatomy/emit/publish.h"

#include <fstream>

#include <unistd.h>

#include "codeanatomy/base/testing.h"

namespace codeanatomy::emit {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;
using ::testing::HasSubstr;

//! A manifest.json as a build of this version writes it, listing `files`.
std::string OurManifest(const std::vector<std::string>& files, int version = 2) {
  std::string list;
  for (const auto& f : files) list += (list.empty() ? "\"" : ", \"") + f + "\"";
  return "{\"manifest_version\": " + std::to_string(version) +
         ", \"tool\": {\"name\": \"codeanatomy\"}, \"output_files\": [" + list + "]}";
}

TEST(OutputStagingTest, PublishesAndReplacesAPreviousOutput) {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  {
    ASSERT_OK_AND_ASSIGN(OutputStaging s, OutputStaging::Create(out));
    std::ofstream(s.dir() / "manifest.json") << OurManifest({"manifest.json"});
    ASSERT_OK(s.Publish());
  }
  ASSERT_TRUE(fs::exists(out / "manifest.json"));
  {
    ASSERT_OK_AND_ASSIGN(OutputStaging s, OutputStaging::Create(out));
    std::ofstream(s.dir() / "manifest.json") << OurManifest({"manifest.json", "second"});
    std::ofstream(s.dir() / "second") << "2";
    ASSERT_OK(s.Publish());
  }
  EXPECT_TRUE(fs::exists(out / "second"));
  // Nothing but the output is left beside it.
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) entries += e.exists();
  EXPECT_EQ(entries, 1);
}

TEST(OutputStagingTest, AnAbandonedStagingDirLeavesThePreviousOutputAndIsCleanedLater) {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  fs::create_directories(out);
  std::ofstream(out / "manifest.json") << OurManifest({"manifest.json"});
  // A staging dir of a process that no longer exists (pid 999999999 is above pid_max).
  fs::create_directories(dir.path() / ".out.codeanatomy-tmp-999999999");
  {
    ASSERT_OK_AND_ASSIGN(OutputStaging s, OutputStaging::Create(out));
    EXPECT_FALSE(fs::exists(dir.path() / ".out.codeanatomy-tmp-999999999"));
    // Not published: destroyed without Publish (an error path).
  }
  EXPECT_TRUE(fs::exists(out / "manifest.json"));
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) entries += e.exists();
  EXPECT_EQ(entries, 1);
}

TEST(OutputStagingTest, RefusesToReplaceAnUnrelatedDirectoryOrAFile) {
  TempDir dir;
  dir.Write("precious/notes.txt", "keep me");
  EXPECT_STATUS(OutputStaging::Create(dir.path() / "precious"), base::StatusCode::kInvalidArgument,
                HasSubstr("was not written by CodeAnatomy"));
  dir.Write("file", "x");
  EXPECT_STATUS(OutputStaging::Create(dir.path() / "file"), base::StatusCode::kInvalidArgument,
                HasSubstr("not a directory"));
  EXPECT_STATUS(OutputStaging::Create(dir.path() / "file" / "sub"),
                base::StatusCode::kInvalidArgument, HasSubstr("cannot create"));
}

TEST(OutputStagingTest, RefusesTheRepositoryAndItsAncestors) {
  TempDir dir;
  // The repository holds a manifest.json of its own (any file of that name used to qualify).
  dir.Write("p/README", "readme");
  dir.Write("p/manifest.json", OurManifest({"manifest.json", "src", "README"}));
  dir.Write("p/src/app.py", "x = 1\n");
  const fs::path p = dir.path() / "p";
  EXPECT_STATUS(OutputStaging::Create(p / "src", p / "src"), base::StatusCode::kInvalidArgument,
                HasSubstr("it is the repository being analysed"));
  EXPECT_STATUS(OutputStaging::Create(p, p / "src"), base::StatusCode::kInvalidArgument,
                HasSubstr("it holds the repository being analysed"));
  EXPECT_STATUS(OutputStaging::Create(dir.path(), p / "src"), base::StatusCode::kInvalidArgument,
                HasSubstr("it holds the repository"));
  // Spelled differently: a trailing slash, a `..`, a symbolic link to the repository's parent.
  EXPECT_STATUS(OutputStaging::Create(p.string() + "/", p / "src"),
                base::StatusCode::kInvalidArgument, HasSubstr("holds the repository"));
  EXPECT_STATUS(OutputStaging::Create(p / "src" / ".." / "src", p / "src"),
                base::StatusCode::kInvalidArgument, HasSubstr("is the repository"));
  fs::create_directory_symlink(p, dir.path() / "link");
  EXPECT_STATUS(OutputStaging::Create(dir.path() / "link" / "src", p / "src"),
                base::StatusCode::kInvalidArgument, HasSubstr("is the repository"));
  // Nothing was touched.
  EXPECT_TRUE(fs::exists(p / "src" / "app.py"));
  EXPECT_TRUE(fs::exists(p / "README"));
  // A directory inside the repository is fine (e.g. `build . -o out`).
  ASSERT_OK_AND_ASSIGN(OutputStaging s, OutputStaging::Create(p / "src" / "out", p / "src"));
}

TEST(OutputStagingTest, ReplacesOnlyWhatAnEarlierBuildWrote) {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  // Ours, and nothing beside the manifest but what it lists.
  dir.Write("out/manifest.json", OurManifest({"manifest.json", "cpg_nodes.parquet", "evidence"}));
  dir.Write("out/cpg_nodes.parquet", "PAR1");
  dir.Write("out/evidence/cst_defs.parquet", "PAR1");
  EXPECT_OK(CheckReplaceable(out, {}));
  // A file the manifest does not list.
  dir.Write("out/notes.txt", "mine");
  EXPECT_STATUS(CheckReplaceable(out, {}), base::StatusCode::kInvalidArgument,
                HasSubstr("it holds 'notes.txt', which CodeAnatomy did not write"));
  fs::remove(out / "notes.txt");
  // Not our manifest: another tool's, an unknown version, not JSON.
  dir.Write("out/manifest.json", R"({"name": "my-app", "version": "1.0"})");
  EXPECT_STATUS(CheckReplaceable(out, {}), base::StatusCode::kInvalidArgument,
                HasSubstr("not one CodeAnatomy wrote"));
  dir.Write("out/manifest.json", OurManifest({"manifest.json"}, 99));
  EXPECT_STATUS(CheckReplaceable(out, {}), base::StatusCode::kInvalidArgument,
                HasSubstr("not one CodeAnatomy wrote"));
  dir.Write("out/manifest.json", "not json");
  EXPECT_STATUS(CheckReplaceable(out, {}), base::StatusCode::kInvalidArgument,
                HasSubstr("not one CodeAnatomy wrote"));
  // A version-1 manifest lists nothing: the files a version-1 build wrote are accepted.
  dir.Write("out/manifest.json",
            R"({"manifest_version": 1, "tool": {"name": "codeanatomy", "version": "0.1.0"}})");
  EXPECT_OK(CheckReplaceable(out, {}));
  dir.Write("out/setup.py", "");
  EXPECT_STATUS(CheckReplaceable(out, {}), base::StatusCode::kInvalidArgument,
                HasSubstr("'setup.py'"));
}

TEST(OutputStagingTest, RefusesSymbolicLinksAndMountPoints) {
  TempDir dir;
  fs::create_directories(dir.path() / "real");
  fs::create_directory_symlink(dir.path() / "real", dir.path() / "out");
  EXPECT_STATUS(OutputStaging::Create(dir.path() / "out"), base::StatusCode::kInvalidArgument,
                HasSubstr("symbolic link"));
  // /proc is its own file system on Linux: the final rename could never replace it.
  if (fs::is_directory("/proc/self")) {
    EXPECT_STATUS(CheckReplaceable("/proc", {}), base::StatusCode::kInvalidArgument,
                  HasSubstr("mount point"));
  }
}

TEST(OutputStagingTest, RefusesAnUnwritableOutputBeforeAnyWork) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write anywhere";
  TempDir dir;
  dir.Write("out/manifest.json", OurManifest({"manifest.json"}));
  fs::permissions(dir.path() / "out", fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_STATUS(OutputStaging::Create(dir.path() / "out"), base::StatusCode::kInvalidArgument,
                HasSubstr("not writable"));
  fs::permissions(dir.path() / "out", fs::perms::owner_all);
}

}  // namespace
}  // namespace codeanatomy::emit
