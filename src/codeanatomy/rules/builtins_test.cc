#include "codeanatomy/rules/builtins.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "codeanatomy/base/testing.h"

namespace codeanatomy::rules {
namespace {

TEST(BuiltinsTest, SortedAndContainsTheUsualSuspects) {
  auto names = BuiltinNames();
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (std::string_view n : {"len", "print", "super", "property", "ValueError", "__name__"}) {
    EXPECT_TRUE(std::binary_search(names.begin(), names.end(), n)) << n;
  }
}

// The list is generated from the interpreter the python layer embeds; it must not drift.
TEST(BuiltinsTest, MatchesTheInterpreter) {
  FILE* p = popen(
      "/usr/bin/python3.11 -c 'import builtins; print(\"\\n\".join(sorted(dir(builtins))))' "
      "2>/dev/null",
      "r");
  ASSERT_NE(p, nullptr);
  std::string text;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), p)) > 0) text.append(buf, n);
  if (pclose(p) != 0 || text.empty()) GTEST_SKIP() << "/usr/bin/python3.11 is not available";
  std::vector<std::string> expected;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      if (i > start) expected.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  std::vector<std::string> actual(BuiltinNames().begin(), BuiltinNames().end());
  EXPECT_EQ(actual, expected);
}

}  // namespace
}  // namespace codeanatomy::rules
