#include "codeanatomy/plan/plan.h"

#include "codeanatomy/base/testing.h"
#include "codeanatomy/plan/sql.h"

namespace codeanatomy::plan {
namespace {

using base::ColumnType;
using ::testing::HasSubstr;
using ::testing::Not;

MapCatalog TestCatalog() {
  MapCatalog c;
  c.Add("calls", base::Schema({{"call_id", ColumnType::kUInt64, false},
                               {"path", ColumnType::kString, false},
                               {"bstart", ColumnType::kInt64, false},
                               {"bend", ColumnType::kInt64, false},
                               {"callee", ColumnType::kString, true}}));
  c.Add("defs", base::Schema({{"def_id", ColumnType::kUInt64, false},
                              {"path", ColumnType::kString, false},
                              {"bstart", ColumnType::kInt64, false},
                              {"bend", ColumnType::kInt64, false},
                              {"name", ColumnType::kString, false}}));
  return c;
}

TEST(PlanBuilderTest, InfersSchemasWithoutExecuting) {
  MapCatalog c = TestCatalog();
  PlanBuilder b(c, "test_rule");
  auto calls = b.Scan("calls");
  auto defs = b.Scan("defs");
  ASSERT_OK_AND_ASSIGN(Plan p, calls
                                   .IntervalAlign(defs,
                                                  {.mode = AlignMode::kEnclosingBest,
                                                   .keep_unmatched = true,
                                                   .tie_breakers = {Asc(R("def_id"))}},
                                                  {{"call_id", L("call_id")},
                                                   {"def_id", R("def_id")},
                                                   {"len", R("bend") - R("bstart")}})
                                   .Build());
  const auto& s = p.schema();
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s.field(0), (base::Field{"call_id", ColumnType::kUInt64, false}));
  EXPECT_EQ(s.field(1), (base::Field{"def_id", ColumnType::kUInt64, true}));  // left join
  EXPECT_EQ(s.field(2), (base::Field{"len", ColumnType::kInt64, true}));
  EXPECT_OK(p.Verify());
  EXPECT_EQ(p.InputTables(), (std::vector<std::string>{"calls", "defs"}));
}

TEST(PlanBuilderTest, UnknownColumnNamesRuleAndColumn) {
  MapCatalog c = TestCatalog();
  auto p = PlanBuilder(c, "my_rule").Scan("calls").Filter(Col("bstrat") > Lit(int64_t{3})).Build();
  EXPECT_STATUS(p, base::StatusCode::kInvalidArgument, HasSubstr("rule 'my_rule'"));
  EXPECT_STATUS(p, base::StatusCode::kInvalidArgument, HasSubstr("unknown column 'bstrat'"));
}

TEST(PlanBuilderTest, TypeMismatchIsABuildError) {
  MapCatalog c = TestCatalog();
  auto p =
      PlanBuilder(c, "r").Scan("calls").Project({{"x", Col("callee") + Lit(int64_t{1})}}).Build();
  EXPECT_STATUS(p, base::StatusCode::kInvalidArgument, HasSubstr("column 'x'"));
  EXPECT_STATUS(p, base::StatusCode::kInvalidArgument, HasSubstr("expected a number"));
  auto u = PlanBuilder(c, "r").Scan("calls").UnionAll({PlanBuilder(c, "r").Scan("defs")}).Build();
  EXPECT_STATUS(u, base::StatusCode::kInvalidArgument, HasSubstr("UnionAll"));
  auto w = PlanBuilder(c, "r").Scan("nope").Build();
  EXPECT_STATUS(w, base::StatusCode::kNotFound, HasSubstr("no table named 'nope'"));
}

TEST(PlanTest, FingerprintIsCanonical) {
  MapCatalog c = TestCatalog();
  auto build = [&](int64_t limit) {
    return PlanBuilder(c, "r")
        .Scan("calls")
        .Filter(IsNotNull(Col("callee")))
        .Sort({Asc(Col("call_id"))})
        .Limit(limit)
        .Build();
  };
  ASSERT_OK_AND_ASSIGN(Plan a, build(3));
  ASSERT_OK_AND_ASSIGN(Plan b, build(3));
  ASSERT_OK_AND_ASSIGN(Plan d, build(4));
  EXPECT_EQ(a.Fingerprint(), b.Fingerprint());
  EXPECT_NE(a.Fingerprint(), d.Fingerprint());
  EXPECT_EQ(a.Fingerprint().size(), 32u);
  EXPECT_THAT(a.Print(), HasSubstr("Filter is_not_null(callee)"));
}

TEST(SqlTest, LowersWinnerSelectWithQualify) {
  MapCatalog c = TestCatalog();
  ASSERT_OK_AND_ASSIGN(Plan p,
                       PlanBuilder(c, "r")
                           .Scan("defs")
                           .WinnerSelect({Col("name")}, {Desc(Col("bend")), Asc(Col("def_id"))})
                           .Build());
  ASSERT_OK_AND_ASSIGN(std::string sql, LowerToSql(p));
  EXPECT_THAT(sql, HasSubstr("QUALIFY row_number() OVER (PARTITION BY \"name\" ORDER BY"));
}

TEST(SqlTest, SemiAndAntiJoinsAreHashJoins) {
  MapCatalog c = TestCatalog();
  PlanBuilder b(c, "r");
  ASSERT_OK_AND_ASSIGN(
      Plan semi,
      b.Scan("calls").Join(b.Scan("defs"), JoinType::kSemi, {{"callee", "name"}}, {}).Build());
  ASSERT_OK_AND_ASSIGN(std::string sql, LowerToSql(semi));
  EXPECT_THAT(sql, HasSubstr("SELECT l.* FROM \"calls\" AS l SEMI JOIN \"defs\" AS r ON "
                             "l.\"callee\" = r.\"name\""));
  ASSERT_OK_AND_ASSIGN(
      Plan anti,
      b.Scan("calls").Join(b.Scan("defs"), JoinType::kAnti, {{"callee", "name"}}, {}).Build());
  ASSERT_OK_AND_ASSIGN(sql, LowerToSql(anti));
  EXPECT_THAT(sql, HasSubstr("ANTI JOIN \"defs\" AS r"));
  EXPECT_THAT(sql, Not(HasSubstr("EXISTS")));
}

TEST(SqlTest, RelationsARecursiveStepReadsAreMaterializedOnce) {
  MapCatalog c = TestCatalog();
  PlanBuilder b(c, "r");
  auto defs = b.Scan("defs").Select({"def_id", "name"});
  auto names = b.Scan("defs").Select({"name"}).Distinct();
  auto step_only = b.Scan("calls").Select({"callee"}).Distinct();
  ASSERT_OK_AND_ASSIGN(
      Plan p, defs.Recursive("reach",
                             [&](const PlanBuilder& self) {
                               return self.Join(names, JoinType::kSemi, {{"name", "name"}}, {})
                                   .Join(step_only, JoinType::kAnti, {{"name", "callee"}}, {});
                             })
                  .Build());
  ASSERT_OK_AND_ASSIGN(std::string sql, LowerToSql(p));
  // The step's two inputs are computed once (their projections inlined into that one
  // computation); the base is inlined and the fixpoint itself is a plain CTE.
  EXPECT_THAT(sql, HasSubstr("n0 AS MATERIALIZED (\n  SELECT DISTINCT * FROM (SELECT \"name\" AS "
                             "\"name\" FROM \"defs\")\n)"));
  EXPECT_THAT(sql, HasSubstr("n1 AS MATERIALIZED (\n  SELECT DISTINCT * FROM (SELECT \"callee\" "
                             "AS \"callee\" FROM \"calls\")\n)"));
  EXPECT_THAT(sql, HasSubstr("\"rec_reach\" AS (\n"));
  EXPECT_THAT(sql, Not(HasSubstr("\"rec_reach\" AS MATERIALIZED")));
}

TEST(SqlTest, KernelFunctionHasNoLowering) {
  MapCatalog c = TestCatalog();
  auto fn = std::make_shared<KernelFunction>(KernelFunction{
      "reverse", ColumnType::kString, [](const std::vector<base::Value>& v) { return v[0]; }});
  ASSERT_OK_AND_ASSIGN(
      Plan p,
      PlanBuilder(c, "r").Scan("defs").Project({{"x", KernelCall(fn, {Col("name")})}}).Build());
  EXPECT_STATUS(LowerToSql(p), base::StatusCode::kUnimplemented, HasSubstr("reverse"));
}

}  // namespace
}  // namespace codeanatomy::plan
