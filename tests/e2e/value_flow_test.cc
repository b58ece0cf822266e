// The value flow in the graph (tests/fixtures/value_flow): ARGUMENT / LITERAL / RETURN nodes,
// ARGUMENT_OF, PARAMETER_OF, PASSES, RETURNS_TO, FLOWS_TO and POINTS_TO edges, CALLS found through
// values, subscripted bases, and module names from the import roots (the analysed directory is a
// package: its modules are named as Python imports them).
#include <nlohmann/json.hpp>

#include "codeanatomy/base/testing.h"

#include "e2e/e2e_util.h"

namespace codeanatomy {
namespace {

namespace fs = std::filesystem;
using base::testing::TempDir;
using ::testing::HasSubstr;
using testing::Query;
using testing::RunCli;

using Rows = std::vector<std::vector<std::optional<std::string>>>;

fs::path Shop() { return testing::Fixture("value_flow") / "shop"; }

class ValueFlowGraphTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto r = RunCli({"build", Shop().string(), "-o", Out().string(), "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static fs::path Out() { return dir_->path() / "out"; }
  //! `edge_kind` edges as "src_label -> dst_label [resolution_method]", sorted; a label is a
  //! node's qualified name, else its kind and source text.
  static std::vector<std::string> Edges(const std::string& kind) {
    auto rows = Query(Out(), R"(
      WITH label AS (
        SELECT n.node_id,
               coalesce(q.value_str, n.node_kind || ':' || coalesce(nm.value_str, '')) AS l
        FROM cpg_nodes n
        LEFT JOIN cpg_props q ON q.entity_id = n.node_id AND q.prop_key = 'qualified_name'
        LEFT JOIN cpg_props nm ON nm.entity_id = n.node_id AND nm.prop_key = 'name')
      SELECT s.l || ' -> ' || d.l || ' [' || e.resolution_method || ']'
      FROM cpg_edges e JOIN label s ON s.node_id = e.src JOIN label d ON d.node_id = e.dst
      WHERE e.edge_kind = ')" + kind +
                                 "' ORDER BY 1");
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r[0].value_or("NULL"));
    return out;
  }
  static TempDir* dir_;
};
TempDir* ValueFlowGraphTest::dir_ = nullptr;

TEST_F(ValueFlowGraphTest, ModulesAreNamedFromTheImportRoot) {
  auto rows =
      Query(Out(), "SELECT value_str FROM cpg_props WHERE prop_key = 'module_name' ORDER BY 1");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "shop");
  EXPECT_EQ(rows[1][0], "shop.core");
  auto manifest = nlohmann::json::parse(testing::Slurp(Out() / "manifest.json"));
  EXPECT_EQ(manifest["repo"]["import_roots"],
            nlohmann::json::parse(R"([{"dir": "", "prefix": "shop", "source": "package"}])"));
}

TEST_F(ValueFlowGraphTest, CallsThroughValues) {
  auto r = RunCli({"callgraph", Out().string(), "--format", "pycg"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto cg = nlohmann::json::parse(r.out);
  // cb(arg) in apply reaches handler (passed directly, and through the box and its getter).
  EXPECT_EQ(cg["shop.core.apply"], nlohmann::json::parse(R"(["shop.core.handler"])"));
  EXPECT_EQ(cg["shop.core.main"],
            nlohmann::json::parse(R"(["shop.core.Box.__init__", "shop.core.Box.get",
                                      "shop.core.apply", "shop.core.handler"])"));
  auto method =
      Query(Out(),
            "SELECT DISTINCT resolution_method FROM cpg_edges WHERE edge_kind = 'CALLS' "
            "AND src IN (SELECT src FROM cpg_edges WHERE edge_kind = 'CALLS' AND dst IN "
            "(SELECT node_id FROM cpg_nodes WHERE node_kind = 'FUNCTION' AND bstart = "
            "(SELECT min(bstart) FROM cpg_nodes WHERE node_kind = 'FUNCTION' AND node_id "
            "IN (SELECT entity_id FROM cpg_props WHERE value_str = 'shop.core.handler'))))"
            " ORDER BY 1");
  ASSERT_EQ(method.size(), 1u);
  EXPECT_EQ(method[0][0], "POINTS_TO");  // cb(arg): found only through values
}

TEST_F(ValueFlowGraphTest, SubscriptedBasesAreInherited) {
  EXPECT_EQ(
      Edges("INHERITS"),
      (std::vector<std::string>{"shop.core.Box -> EXTERNAL_SYMBOL:typing.Generic [BASE_RESOLUTION]",
                                "shop.core.IntBox -> shop.core.Box [BASE_RESOLUTION]"}));
}

TEST_F(ValueFlowGraphTest, ArgumentsPassToParameters) {
  // fn(result, 2, flag=True, other=3) with fn = handler: by position, the surplus into *rest, the
  // keyword by name, the unknown keyword into **extra; IntBox(handler) into __init__ after self.
  auto passes = Query(Out(), R"(
    SELECT pos.value_int, kw.value_str, pn.value_str
    FROM cpg_edges e
    LEFT JOIN cpg_props pos ON pos.entity_id = e.src AND pos.prop_key = 'position'
    LEFT JOIN cpg_props kw ON kw.entity_id = e.src AND kw.prop_key = 'keyword'
    JOIN cpg_props pn ON pn.entity_id = e.dst AND pn.prop_key = 'name'
    WHERE e.edge_kind = 'PASSES'
    ORDER BY 3, 1 NULLS LAST, 2)");
  std::vector<std::string> got;
  for (const auto& r : passes)
    got.push_back(r[0].value_or("-") + " " + r[1].value_or("-") + " " + r[2].value_or("-"));
  EXPECT_EQ(got, (std::vector<std::string>{"1 - arg", "0 - cb", "- other extra", "- flag flag",
                                           "0 - item", "1 - rest", "0 - value", "0 - value"}));
}

TEST_F(ValueFlowGraphTest, PointsToReturnsToAndFlows) {
  auto points_to = Edges("POINTS_TO");
  for (const char* e : {"shop.core.main.fn -> shop.core.handler [POINTS_TO]",
                        "shop.core.main.box -> shop.core.IntBox [INSTANCE_OF]",
                        "shop.core.apply.cb -> shop.core.handler [POINTS_TO]",
                        "shop.core.Box.__init__.item -> shop.core.handler [POINTS_TO]",
                        "shop.core.TypeVar -> EXTERNAL_SYMBOL:typing.TypeVar [POINTS_TO]"}) {
    EXPECT_THAT(points_to, ::testing::Contains(e));
  }
  // handler's `return value` into cb(arg) and fn(...); apply's into apply(fn, "text"); get's
  // `return self.item` into box.get().
  EXPECT_EQ(Edges("RETURNS_TO"),
            (std::vector<std::string>{
                "RETURN: -> CALL_SITE: [POINTS_TO]", "RETURN: -> CALL_SITE: [POINTS_TO]",
                "RETURN: -> CALL_SITE: [POINTS_TO]", "RETURN: -> CALL_SITE: [POINTS_TO]"}));
  auto flows = Edges("FLOWS_TO");
  // fn = box.get(): the call's result into the target, the target into the binding, the binding
  // into its loads.
  for (const char* e :
       {"CALL_SITE: -> NAME_REF:fn [VALUE_FLOW]", "NAME_REF:fn -> shop.core.main.fn [VALUE_FLOW]",
        "shop.core.main.fn -> NAME_REF:fn [VALUE_FLOW]",
        "NAME_REF:fn -> shop.core.apply.cb [VALUE_FLOW]",
        "LITERAL: -> shop.core.apply.arg [VALUE_FLOW]"}) {
    EXPECT_THAT(flows, ::testing::Contains(e));
  }
  // Every argument is ARGUMENT_OF its call; every parameter PARAMETER_OF its function.
  auto counts = Query(Out(), R"(
    SELECT (SELECT count(*) FROM cpg_nodes WHERE node_kind = 'ARGUMENT'),
           (SELECT count(*) FROM cpg_edges WHERE edge_kind = 'ARGUMENT_OF'),
           (SELECT count(*) FROM cpg_nodes WHERE node_kind = 'PARAMETER'),
           (SELECT count(*) FROM cpg_edges WHERE edge_kind = 'PARAMETER_OF'))");
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0], (std::vector<std::optional<std::string>>{"9", "9", "9", "9"}));
  auto literals = Query(Out(), R"(
    SELECT k.value_str, v.value_str FROM cpg_nodes n
    JOIN cpg_props k ON k.entity_id = n.node_id AND k.prop_key = 'literal_kind'
    LEFT JOIN cpg_props v ON v.entity_id = n.node_id AND v.prop_key = 'literal_value'
    WHERE n.node_kind = 'LITERAL' ORDER BY n.bstart)");
  std::vector<std::string> got;
  for (const auto& r : literals) got.push_back(r[0].value_or("-") + "=" + r[1].value_or("-"));
  EXPECT_EQ(got, (std::vector<std::string>{"str=T", "bool=False", "str=text", "int=2", "bool=True",
                                           "int=3"}));
}

TEST(ValueFlowCliTest, SourceRootsAndTheirBadInput) {
  TempDir dir;
  dir.Write("project/src/app/__init__.py", "");
  dir.Write("project/src/app/main.py",
            "from app.tools import helper\n\n\ndef run():\n    helper()\n");
  dir.Write("project/src/app/tools.py", "def helper():\n    pass\n");
  dir.Write("project/other/__init__.py", "");
  auto out = (dir.path() / "out").string();
  auto r = RunCli({"build", (dir.path() / "project").string(), "-o", out, "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = RunCli({"callgraph", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto cg = nlohmann::json::parse(r.out);
  EXPECT_EQ(cg["app.main.run"], nlohmann::json::parse(R"(["app.tools.helper"])"));
  // Said outright: src is no root any more, other is.
  r = RunCli(
      {"build", (dir.path() / "project").string(), "-o", out, "-q", "--source-root", "other"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  cg = nlohmann::json::parse(RunCli({"callgraph", out}).out);
  EXPECT_TRUE(cg.contains("src.app.main.run")) << cg.dump();
  for (const char* bad : {"nope", "../", "/"}) {
    r = RunCli({"build", (dir.path() / "project").string(), "-o", out, "-q", "--source-root", bad});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_THAT(r.err, HasSubstr("--source-root")) << bad;
  }
}

}  // namespace
}  // namespace codeanatomy
