#include "codeanatomy/emit/publish.h"

#include <fstream>

#include "codeanatomy/base/testing.h"

namespace codeanatomy::emit {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;
using ::testing::HasSubstr;

TEST(OutputStagingTest, PublishesAndReplacesAPreviousOutput) {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  {
    ASSERT_OK_AND_ASSIGN(OutputStaging s, OutputStaging::Create(out));
    std::ofstream(s.dir() / "manifest.json") << "first";
    ASSERT_OK(s.Publish());
  }
  ASSERT_TRUE(fs::exists(out / "manifest.json"));
  {
    ASSERT_OK_AND_ASSIGN(OutputStaging s, OutputStaging::Create(out));
    std::ofstream(s.dir() / "manifest.json") << "second";
    ASSERT_OK(s.Publish());
  }
  std::ifstream in(out / "manifest.json");
  std::string text;
  in >> text;
  EXPECT_EQ(text, "second");
  // Nothing but the output is left beside it.
  int entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) entries += e.exists();
  EXPECT_EQ(entries, 1);
}

TEST(OutputStagingTest, AnAbandonedStagingDirLeavesThePreviousOutputAndIsCleanedLater) {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  fs::create_directories(out);
  std::ofstream(out / "manifest.json") << "old";
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
                HasSubstr("refusing to replace it"));
  dir.Write("file", "x");
  EXPECT_STATUS(OutputStaging::Create(dir.path() / "file"), base::StatusCode::kInvalidArgument,
                HasSubstr("not a directory"));
  EXPECT_STATUS(OutputStaging::Create(dir.path() / "file" / "sub"),
                base::StatusCode::kInvalidArgument, HasSubstr("cannot create"));
}

}  // namespace
}  // namespace codeanatomy::emit
