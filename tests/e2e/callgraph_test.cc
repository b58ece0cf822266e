// `codeanatomy callgraph`: the call graph of a small multi-module package (tests/callgraph/webshop)
// against the edges a careful reader draws (expected.pycg.json: constructors to __init__, inherited
// methods, decorators, re-exported imports, lambdas, nested functions, builtins, external names),
// compared as parsed JSON both ways; the json and dot formats; and the bad-input answers.
#include <nlohmann/json.hpp>

#include "codeanatomy/base/testing.h"
#include "codeanatomy/read/callgraph_export.h"

#include "e2e/e2e_util.h"

namespace codeanatomy {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;
using read::CallgraphFormat;
using ::testing::HasSubstr;
using testing::RunCli;
using testing::Slurp;

fs::path Webshop() { return base::testing::SourceDir() / "tests" / "callgraph" / "webshop"; }

class CallgraphTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto r = RunCli({"build", Webshop().string(), "-o", Out().string(), "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static fs::path Out() { return dir_->path() / "out"; }
  static TempDir* dir_;
};
TempDir* CallgraphTest::dir_ = nullptr;

TEST_F(CallgraphTest, PycgMatchesWhatAReaderDraws) {
  auto r = RunCli({"callgraph", Out().string(), "--format", "pycg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto got = nlohmann::json::parse(r.out);
  const auto want = nlohmann::json::parse(Slurp(Webshop() / "expected.pycg.json"));
  ASSERT_TRUE(got.is_object());
  for (const auto& [caller, callees] : want.items()) {
    ASSERT_TRUE(got.contains(caller)) << "missing caller key " << caller;
    EXPECT_EQ(got[caller], callees) << "callees of " << caller;
  }
  for (const auto& [caller, callees] : got.items()) {
    EXPECT_TRUE(want.contains(caller)) << "unexpected caller " << caller << " -> " << callees;
  }
  // pycg is the default format, and the output is byte-stable.
  auto again = RunCli({"callgraph", Out().string()});
  EXPECT_EQ(again.out, r.out);
}

TEST_F(CallgraphTest, JsonHasOneRecordPerSiteWithItsPosition) {
  auto r = RunCli({"callgraph", Out().string(), "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j["nodes"].is_array());
  EXPECT_NE(std::find(j["nodes"].begin(), j["nodes"].end(), "shop.pricing.cheapest.<lambda1>"),
            j["nodes"].end());
  // checkout.py line 9: `    apple = Item("apple", 1.5)` -> Item.__init__, a constructor call.
  int found = 0;
  for (const auto& e : j["edges"]) {
    if (e["callee"] == "shop.models.Item.__init__" && e["caller"] == "shop.checkout.make_cart") {
      EXPECT_EQ(e["path"], "shop/checkout.py");
      EXPECT_EQ(e["line"], 9);
      EXPECT_EQ(e["col"], 13);
      EXPECT_EQ(e["call_kind"], "explicit");
      EXPECT_EQ(e["resolution_method"], "constructor");
      ++found;
    }
    // Decorator application: `@logged` on models.py line 26, col 6 (after the `@`).
    if (e["callee"] == "shop.models.logged") {
      EXPECT_EQ(e["caller"], "shop.models");
      EXPECT_EQ(e["line"], 26);
      EXPECT_EQ(e["col"], 6);
      EXPECT_EQ(e["call_kind"], "decorator");
      ++found;
    }
  }
  EXPECT_EQ(found, 2);
}

TEST_F(CallgraphTest, DotIsAGraphvizDigraph) {
  auto r = RunCli({"callgraph", Out().string(), "--format", "dot"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("digraph callgraph {\n")) << r.out;
  EXPECT_TRUE(r.out.ends_with("}\n"));
  EXPECT_THAT(r.out, HasSubstr("  \"shop.pricing.area\" -> \"shop.pricing.<lambda1>\";\n"));
  EXPECT_THAT(r.out, HasSubstr("  \"<builtin>.len\" [style=dashed];\n"));
  EXPECT_THAT(r.out, HasSubstr("  \"requests.get\" [style=dashed];\n"));
  EXPECT_THAT(r.out, HasSubstr("  \"shop.pricing\";\n"));  // a key without callees
}

TEST_F(CallgraphTest, BadInputGetsOneClearLine) {
  TempDir dir;
  auto r = RunCli({"callgraph", (dir.path() / "nowhere").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("not a CodeAnatomy output directory"));
  r = RunCli({"callgraph", Out().string(), "--format", "xml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--format"));
  // A build without the callgraph output says how to get one.
  const fs::path nodes_only = dir.path() / "nodes_only";
  r = RunCli(
      {"build", Webshop().string(), "-o", nodes_only.string(), "-q", "--outputs", "cpg_nodes"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunCli({"callgraph", nodes_only.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("no callgraph.parquet"));
  EXPECT_THAT(r.err, HasSubstr("--outputs"));
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}

}  // namespace
}  // namespace codeanatomy
