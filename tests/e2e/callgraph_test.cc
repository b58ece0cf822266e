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

TEST_F(CallgraphTest, FromToAndDepthKeepThePartAroundAFunction) {
  auto pycg = [](const std::vector<std::string>& flags) {
    std::vector<std::string> args = {"callgraph", Out().string()};
    args.insert(args.end(), flags.begin(), flags.end());
    auto r = RunCli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
  };
  using J = nlohmann::json;
  EXPECT_EQ(pycg({"--from", "shop.checkout.main", "--depth", "1"}),
            J({{"shop.checkout.main", {"shop.checkout.main.helper", "shop.checkout.make_cart"}},
               {"shop.checkout.main.helper", J::array()},
               {"shop.checkout.make_cart", J::array()}}));
  // A unique end of a name is enough; builtins dropped before the walk.
  EXPECT_EQ(pycg({"--from", "checkout.main", "--depth", "2", "--no-builtins"}),
            J({{"shop.checkout.main", {"shop.checkout.main.helper", "shop.checkout.make_cart"}},
               {"shop.checkout.main.helper", J::array()},
               {"shop.checkout.make_cart",
                {"shop.models.Base.__init__", "shop.models.Cart.add", "shop.models.Item.__init__",
                 "shop.models.logged.wrapper"}},
               {"shop.models.Base.__init__", J::array()},
               {"shop.models.Cart.add", J::array()},
               {"shop.models.Item.__init__", {"shop.models.Base.__init__"}},
               {"shop.models.logged.wrapper", J::array()}}));
  // What reaches a builtin, one call away; external names dropped.
  EXPECT_EQ(pycg({"--to", "print", "--no-external", "--depth", "1"}),
            J({{"shop.checkout.report", {"<builtin>.print"}},
               {"shop.models.logged.wrapper", {"<builtin>.print"}}}));
  // Both: the paths between them.
  EXPECT_EQ(
      pycg({"--from", "shop.checkout.main", "--to", "shop.models.Base.__init__"}),
      J({{"shop.checkout.main", {"shop.checkout.make_cart"}},
         {"shop.checkout.make_cart", {"shop.models.Base.__init__", "shop.models.Item.__init__"}},
         {"shop.models.Base.__init__", J::array()},
         {"shop.models.Item.__init__", {"shop.models.Base.__init__"}}}));
  // The whole graph without builtins or external names has no such callee left.
  const std::string all = pycg({"--no-builtins", "--no-external"}).dump();
  EXPECT_EQ(all.find("<builtin>"), std::string::npos);
  EXPECT_EQ(all.find("requests.get"), std::string::npos);
  EXPECT_NE(all.find("shop.models.Cart.add"), std::string::npos);
  // json keeps the call sites between kept nodes only.
  auto j = RunCli({"callgraph", Out().string(), "--format", "json", "--from", "Cart.add"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  EXPECT_EQ(nlohmann::json::parse(j.out)["edges"].size(), 2u) << j.out;
}

TEST_F(CallgraphTest, ClustersAreModulesAndRootsAreFilled) {
  auto r = RunCli({"callgraph", Out().string(), "--format", "dot", "--cluster", "module", "--from",
                   "shop.checkout.make_cart", "--no-builtins"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("  subgraph cluster_0 {\n    label=\"shop.checkout\";\n"));
  EXPECT_THAT(r.out, HasSubstr("    label=\"shop.models\";\n"));
  EXPECT_THAT(r.out, HasSubstr("    \"shop.models.Cart.add\" [label=\"Cart.add\"];\n"));
  EXPECT_THAT(r.out, HasSubstr("    \"shop.checkout.make_cart\" [label=\"make_cart\", "
                               "style=\"filled,bold\", fillcolor=\"#ffe08a\"];\n"));
  EXPECT_THAT(r.out, HasSubstr("  \"shop.checkout.make_cart\" -> \"shop.models.Cart.add\";\n"));
  EXPECT_EQ(r.out.find("checkout.report"), std::string::npos);
  EXPECT_EQ(RunCli({"callgraph", Out().string(), "--format", "dot", "--cluster", "module", "--from",
                    "shop.checkout.make_cart", "--no-builtins"})
                .out,
            r.out);
}

bool HaveGraphviz() { return std::system("command -v dot >/dev/null 2>&1") == 0; }

TEST_F(CallgraphTest, SvgIsRenderedByGraphviz) {
  if (!HaveGraphviz())
    GTEST_SKIP() << "Graphviz's dot is not installed (scripts/setup installs it)";
  auto r = RunCli({"callgraph", Out().string(), "--format", "svg", "--from", "make_cart"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("<svg"));
  EXPECT_THAT(r.out, HasSubstr("<title>shop.models.Cart.add</title>"));
  EXPECT_TRUE(r.out.ends_with("</svg>\n"));
  // Without dot on PATH: one line saying how to get it.
  auto none =
      testing::RunCliShell("PATH=/nonexistent " + std::string(CA_CLI_BINARY) + " callgraph " +
                           Out().string() + " --format svg 2>&1; echo rc=$?");
  EXPECT_THAT(none, HasSubstr("apt-get install graphviz"));
  EXPECT_THAT(none, HasSubstr("rc=2"));
}

//! The first headless browser found on PATH.
std::string Browser() {
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    if (std::system(("command -v " + std::string(name) + " >/dev/null 2>&1").c_str()) == 0) {
      return name;
    }
  }
  return "";
}

TEST_F(CallgraphTest, HtmlPageFindsANodeBySearchInAHeadlessBrowser) {
  if (!HaveGraphviz())
    GTEST_SKIP() << "Graphviz's dot is not installed (scripts/setup installs it)";
  auto r = RunCli({"callgraph", Out().string(), "--format", "html", "--cluster", "module"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with("<!DOCTYPE html>")) << r.out.substr(0, 200);
  EXPECT_THAT(r.out, HasSubstr("<svg"));
  EXPECT_EQ(r.out.find("<?xml"), std::string::npos);
  EXPECT_EQ(r.out.find("src=\"http"), std::string::npos) << "self-contained";
  const std::string browser = Browser();
  if (browser.empty()) GTEST_SKIP() << "no headless browser (scripts/setup installs chromium)";
  TempDir dir;
  const fs::path page = dir.Write("callgraph.html", r.out);
  // The page searches what follows #search= on load, as typing it in the box does.
  const std::string dom =
      testing::RunCliShell(browser + " --headless --no-sandbox --disable-gpu --user-data-dir=" +
                           (dir.path() / "profile").string() + " --dump-dom 'file://" +
                           page.string() + "#search=discounted' 2>/dev/null");
  EXPECT_THAT(dom, HasSubstr("<span id=\"count\">1 match</span>")) << dom.substr(0, 2000);
  EXPECT_THAT(dom, HasSubstr("class=\"node match\""));
  const size_t hit = dom.find("class=\"node match\"");
  ASSERT_NE(hit, std::string::npos);
  EXPECT_EQ(
      dom.substr(hit, 200).find("<title>shop.models.Item.discounted</title>") != std::string::npos,
      true)
      << dom.substr(hit, 200);
}

TEST_F(CallgraphTest, BadPartsAreOneLineErrors) {
  auto err = [](const std::vector<std::string>& flags) {
    std::vector<std::string> args = {"callgraph", Out().string()};
    args.insert(args.end(), flags.begin(), flags.end());
    auto r = RunCli(args);
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    return r.err;
  };
  EXPECT_THAT(err({"--from", "main", "--depth", "0"}),
              HasSubstr("--depth 0 is out of range: give 1 to 50"));
  EXPECT_THAT(err({"--from", "main", "--depth", "51"}), HasSubstr("give 1 to 50"));
  EXPECT_THAT(err({"--from", "main", "--depth", "two"}), HasSubstr("--depth"));
  EXPECT_THAT(err({"--depth", "2"}), HasSubstr("--depth needs --from or --to"));
  EXPECT_THAT(err({"--from", "nosuch.function"}),
              HasSubstr("--from 'nosuch.function': no function"));
  EXPECT_THAT(err({"--to", "__init__"}),
              HasSubstr("--to '__init__' is ambiguous: 2 names end with it"));
  EXPECT_THAT(err({"--cluster", "package"}), HasSubstr("--cluster"));
}

}  // namespace
}  // namespace codeanatomy
