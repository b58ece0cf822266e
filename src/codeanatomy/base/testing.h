// codeanatomy/base/testing.h
//
// Status-aware GoogleTest helpers (after Arrow's gtest_util.h) and small fixtures for tests.
#pragma once

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "codeanatomy/base/status.h"
#include "codeanatomy/base/table.h"

#define ASSERT_OK(expr)                                                                 \
  do {                                                                                  \
    ::codeanatomy::base::Status ca_st_ = ::codeanatomy::base::internal::ToStatus(expr); \
    ASSERT_TRUE(ca_st_.ok()) << #expr << " failed: " << ca_st_.ToString();              \
  } while (0)

#define EXPECT_OK(expr)                                                                 \
  do {                                                                                  \
    ::codeanatomy::base::Status ca_st_ = ::codeanatomy::base::internal::ToStatus(expr); \
    EXPECT_TRUE(ca_st_.ok()) << #expr << " failed: " << ca_st_.ToString();              \
  } while (0)

#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, rexpr)                           \
  auto tmp = (rexpr);                                                        \
  ASSERT_TRUE(tmp.ok()) << #rexpr << " failed: " << tmp.status().ToString(); \
  lhs = std::move(tmp).value()

#define ASSERT_OK_AND_ASSIGN(lhs, rexpr) \
  ASSERT_OK_AND_ASSIGN_IMPL(CA_CONCAT(ca_test_result_, __LINE__), lhs, rexpr)

//! EXPECT that `expr` fails with `code` and a message matching the gmock matcher `matcher`.
#define EXPECT_STATUS(expr, status_code, matcher)                                       \
  do {                                                                                  \
    ::codeanatomy::base::Status ca_st_ = ::codeanatomy::base::internal::ToStatus(expr); \
    EXPECT_EQ(ca_st_.code(), status_code) << ca_st_.ToString();                         \
    EXPECT_THAT(ca_st_.message(), matcher);                                             \
  } while (0)

namespace codeanatomy::base {
//! Readable gtest output for Values (and vectors of them).
inline void PrintTo(const Value& value, std::ostream* os) { *os << value.ToString(); }
}  // namespace codeanatomy::base

namespace codeanatomy::base::testing {

//! A fresh directory under the test's temp root, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  //! Writes `contents` to `relative` (creating parent directories) and returns the full path.
  std::filesystem::path Write(const std::string& relative, const std::string& contents) const;

 private:
  std::filesystem::path path_;
};

//! The repository root (for fixtures under tests/).
std::filesystem::path SourceDir();

}  // namespace codeanatomy::base::testing
