#include "codeanatomy/base/stable_id.h"

#include <string>

#include <xxhash.h>

#include "codeanatomy/base/testing.h"

namespace codeanatomy::base {
namespace {

// The documented encoding, written out by hand: 0x01, u32 LE length, bytes; NULL = 0x00.
std::string Encode(std::initializer_list<const char*> parts) {
  std::string out;
  for (const char* p : parts) {
    if (p == nullptr) {
      out.push_back('\0');
      continue;
    }
    std::string s(p);
    out.push_back('\x01');
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((s.size() >> (8 * i)) & 0xff));
    out += s;
  }
  return out;
}

TEST(StableIdTest, MatchesTheDocumentedEncoding) {
  std::string bytes = Encode({"cst_def", "pkg/mod.py", "10", "42", nullptr});
  uint64_t expected = XXH3_64bits(bytes.data(), bytes.size());
  StableIdBuilder b;
  b.Add("cst_def").Add("pkg/mod.py").Add(int64_t{10}).Add(int64_t{42}).AddNull();
  EXPECT_EQ(b.Finish(), expected);
}

TEST(StableIdTest, IntegersAreTheirDecimalText) {
  EXPECT_EQ(StableId("x", int64_t{-12}), StableId("x", "-12"));
  EXPECT_EQ(StableId("x", uint64_t{18446744073709551615ull}),
            StableId("x", "18446744073709551615"));
  EXPECT_EQ(StableId("x", true), StableId("x", "true"));
}

TEST(StableIdTest, DistinguishesNullEmptyAndBoundaries) {
  StableIdBuilder null_part;
  null_part.Add("x").AddNull();
  EXPECT_NE(null_part.Finish(), StableId("x", ""));
  EXPECT_NE(StableId("ab", "c"), StableId("a", "bc"));
  EXPECT_NE(StableId("a", "b"), StableId("b", "a"));
}

TEST(StableIdTest, RewindReusesASharedPrefix) {
  StableIdBuilder b;
  b.Add("cst_name_ref").Add("pkg/mod.py");
  const size_t mark = b.Mark();
  EXPECT_EQ(b.Add(int64_t{3}).Add(int64_t{7}).Finish(),
            StableId("cst_name_ref", "pkg/mod.py", 3, 7));
  EXPECT_EQ(b.Rewind(mark).Add(int64_t{10}).Add(int64_t{12}).Finish(),
            StableId("cst_name_ref", "pkg/mod.py", 10, 12));
}

TEST(StableIdTest, IsStableAcrossCalls) {
  EXPECT_EQ(StableId("file", "a.py"), StableId("file", "a.py"));
}

}  // namespace
}  // namespace codeanatomy::base
