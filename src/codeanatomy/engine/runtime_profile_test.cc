#include "codeanatomy/engine/runtime_profile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace codeanatomy::engine {
namespace {

using ::testing::HasSubstr;

TEST(MemorySizeTest, ParsesDecimalAndBinaryUnits) {
  EXPECT_EQ(*ParseMemorySize("2GB"), 2'000'000'000);
  EXPECT_EQ(*ParseMemorySize("500MB"), 500'000'000);
  EXPECT_EQ(*ParseMemorySize("500 mb"), 500'000'000);
  EXPECT_EQ(*ParseMemorySize("1.5GiB"), int64_t{3} << 29);
  EXPECT_EQ(*ParseMemorySize("64MiB"), int64_t{64} << 20);
  EXPECT_EQ(*ParseMemorySize("16000000B"), 16'000'000);
  EXPECT_EQ(*ParseMemorySize("1TB"), 1'000'000'000'000);
}

TEST(MemorySizeTest, RejectsWhatIsNotASize) {
  for (const char* text : {"banana", "", "12", "GB", "2XB", "-5MB", "1.2.3GB", "2 G B x"}) {
    auto r = ParseMemorySize(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_THAT(r.status().message(), HasSubstr("not a memory size")) << text;
  }
  for (const char* text : {"0GB", "1KB", "15MB", "2000TB"}) {
    auto r = ParseMemorySize(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_THAT(r.status().message(), HasSubstr("out of range")) << text;
  }
}

TEST(MemorySizeTest, DefaultFitsALaptopAndTheMachine) {
  const int64_t limit = DefaultMemoryLimitBytes();
  EXPECT_GT(limit, 0);
  EXPECT_LE(limit, static_cast<int64_t>(::sysconf(_SC_PHYS_PAGES)) * ::sysconf(_SC_PAGE_SIZE));
}

TEST(MemorySizeTest, HumanBytes) {
  EXPECT_EQ(HumanBytes(int64_t{3} << 30), "3 GiB");
  EXPECT_EQ(HumanBytes(int64_t{3} << 29), "1.5 GiB");
  EXPECT_EQ(HumanBytes(int64_t{200} << 20), "200 MiB");
  EXPECT_EQ(HumanBytes(200'000'000), "200 MB");
  EXPECT_EQ(HumanBytes(1'500'000'000), "1.5 GB");
  EXPECT_EQ(HumanBytes(0), "0 B");
  EXPECT_EQ(DuckDbMemoryLimit(200'000'000), "200000000B");
}

}  // namespace
}  // namespace codeanatomy::engine
