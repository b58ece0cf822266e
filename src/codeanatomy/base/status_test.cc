#include "codeanatomy/base/status.h"

#include "codeanatomy/base/testing.h"

namespace codeanatomy::base {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return Status::InvalidArgument("expected a positive number, got {}", v);
  return v;
}

Result<int> Doubled(int v) {
  CA_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return 2 * x;
}

Status CheckBoth(int a, int b) {
  CA_RETURN_IF_ERROR(ParsePositive(a));
  CA_RETURN_IF_ERROR(ParsePositive(b).status().WithContext("second"));
  return Status::Ok();
}

TEST(StatusTest, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, CarriesCodeAndMessage) {
  Status s = Status::IoError("cannot open {}", "/x");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(s.ToString(), "IoError: cannot open /x");
  EXPECT_EQ(s.WithContext("scan").message(), "scan: cannot open /x");
}

TEST(StatusTest, MacrosPropagate) {
  EXPECT_EQ(*Doubled(4), 8);
  EXPECT_STATUS(Doubled(-1), StatusCode::kInvalidArgument, ::testing::HasSubstr("got -1"));
  EXPECT_OK(CheckBoth(1, 2));
  EXPECT_STATUS(CheckBoth(1, 0), StatusCode::kInvalidArgument,
                ::testing::StartsWith("second: expected"));
}

TEST(StatusDeathTest, ValueOfErrorIsABug) {
  Result<int> r = Status::NotFound("nothing");
  EXPECT_DEATH((void)r.value(), "CHECK failed.*nothing");
}

}  // namespace
}  // namespace codeanatomy::base
