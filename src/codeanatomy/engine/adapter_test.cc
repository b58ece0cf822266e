// Differential tests: every operator and function gives the same rows on the engine lane (DuckDB
// SQL) and on the kernel lane (the reference evaluator); plus fallback, strict policy and EXPLAIN
// capture.
#include "codeanatomy/engine/adapter.h"

#include <map>

#include "codeanatomy/base/testing.h"
#include "codeanatomy/engine/kernel_lane.h"

namespace codeanatomy::engine {
namespace {

using base::ColumnType;
using base::Value;
using namespace plan;  // NOLINT: the IR reads best unqualified here
using ::testing::HasSubstr;

base::Table Spans() {
  base::Table t(base::Schema({{"id", ColumnType::kUInt64, false},
                              {"path", ColumnType::kString, true},
                              {"bstart", ColumnType::kInt64, true},
                              {"bend", ColumnType::kInt64, true},
                              {"name", ColumnType::kString, true},
                              {"n", ColumnType::kInt32, true},
                              {"tags", ColumnType::kStringList, true}}));
  struct R {
    uint64_t id;
    const char* path;
    int64_t s, e;
    const char* name;
    int n;
    std::vector<std::string> tags;
    bool null_tags;
  };
  const R rows[] = {
      {1, "a.py", 0, 100, "mod.Outer", 3, {"x", "y"}, false},
      {2, "a.py", 10, 50, "mod.Outer.inner", -2, {}, false},
      {3, "a.py", 20, 30, "mod.Outer.inner.deep", 7, {"y"}, true},
      {4, "a.py", 20, 30, "twin_é", 7, {"z", "x", "x"}, false},
      {5, "b.py", 0, 10, "b", 0, {"q"}, false},
      {6, "a.py", 60, 70, "", 1, {"x"}, false},
      {7, "c.py", 5, 6, "naïve.名前", 100, {}, false},
  };
  for (const auto& r : rows) {
    t.column("id").AppendUInt64(r.id);
    t.column("path").AppendString(r.path);
    t.column("bstart").AppendInt64(r.s);
    t.column("bend").AppendInt64(r.e);
    t.column("name").AppendString(r.name);
    t.column("n").AppendInt32(r.n);
    r.null_tags ? t.column("tags").AppendNull() : t.column("tags").AppendStringList(r.tags);
  }
  // A row of NULLs (but the id).
  t.column("id").AppendUInt64(8);
  for (const char* c : {"path", "bstart", "bend", "name", "n", "tags"}) t.column(c).AppendNull();
  return t;
}

base::Table Edges() {
  base::Table t(
      base::Schema({{"src", ColumnType::kUInt64, true}, {"dst", ColumnType::kUInt64, true}}));
  for (auto [s, d] :
       std::vector<std::pair<uint64_t, uint64_t>>{{1, 2}, {2, 3}, {3, 4}, {4, 2}, {5, 6}}) {
    t.column("src").AppendUInt64(s);
    t.column("dst").AppendUInt64(d);
  }
  t.column("src").AppendNull();
  t.column("dst").AppendUInt64(1);
  return t;
}

class LanesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_.Add("spans", Spans().schema());
    catalog_.Add("edges", Edges().schema());
  }

  std::unique_ptr<Session> Open(Lane lane, FallbackPolicy policy = FallbackPolicy::kRecord,
                                ExplainMode explain = ExplainMode::kOff) {
    RuntimeProfile p;
    p.threads = 2;
    p.lane = lane;
    p.policy = policy;
    p.explain = explain;
    auto s = Session::Open(p);
    EXPECT_TRUE(s.ok());
    auto session = std::move(s).value();
    for (auto [name, table] : {std::pair{"spans", Spans()}, std::pair{"edges", Edges()}}) {
      EXPECT_OK(session->CreateTable(name, table.schema()));
      EXPECT_OK(session->Append(name, table));
    }
    return session;
  }

  static std::vector<std::vector<Value>> SortedRows(const base::Table& t) {
    std::vector<std::vector<Value>> rows;
    for (size_t r = 0; r < t.num_rows(); ++r) rows.push_back(t.GetRow(r));
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  //! Runs `builder` on both lanes; expects equal schemas and equal sorted rows; returns the rows.
  std::vector<std::vector<Value>> Both(const PlanBuilder& builder) {
    auto built = builder.Build();
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    if (!built.ok()) return {};
    const Plan& p = *built;
    std::vector<std::vector<Value>> results[2];
    int i = 0;
    for (Lane lane : {Lane::kEngine, Lane::kKernel}) {
      auto session = Open(lane);
      Adapter adapter(*session);
      auto rows = adapter.Materialize(p, {"test", "out"});
      EXPECT_TRUE(rows.ok()) << Name(lane) << ": " << rows.status().ToString() << "\n" << p.Print();
      if (!rows.ok()) return {};
      EXPECT_EQ(adapter.records().back().lane, Name(lane));
      auto table = session->ReadTable("out");
      EXPECT_TRUE(table.ok());
      std::vector<base::Field> got = table->schema().fields(), want = p.schema().fields();
      EXPECT_EQ(got.size(), want.size());
      for (size_t c = 0; c < std::min(got.size(), want.size()); ++c) {
        EXPECT_EQ(got[c].name, want[c].name);
        EXPECT_EQ(got[c].type, want[c].type) << got[c].name << " on " << Name(lane);
      }
      results[i++] = SortedRows(*table);
    }
    EXPECT_EQ(results[0].size(), results[1].size()) << p.Print();
    for (size_t r = 0; r < std::min(results[0].size(), results[1].size()); ++r) {
      EXPECT_EQ(results[0][r], results[1][r]) << "row " << r << " (engine vs kernel)\n"
                                              << p.Print();
    }
    return results[0];
  }

  PlanBuilder B() const { return PlanBuilder(catalog_, "test"); }
  MapCatalog catalog_;
};

TEST_F(LanesTest, ScalarFunctions) {
  auto rows = Both(B().Scan("spans").Project({
      {"id", Col("id")},
      {"len", Col("bend") - Col("bstart")},
      {"sum", Col("n") + Col("bstart") * Lit(2)},
      {"neg", Call(Func::kNegate, {Col("n")})},
      {"cmp", Col("bstart") < Col("n") || Col("name") == Lit("b")},
      {"and3", Col("bstart") > Lit(int64_t{5}) && IsNull(Col("tags"))},
      {"not", !(Col("n") >= Lit(3))},
      {"nd", NotDistinct(Col("name"), Lit("b"))},
      {"co", Coalesce({Col("n"), Col("bstart"), Lit(int64_t{-1})})},
      {"case", Case({Col("n") > Lit(5), Lit("big"), Col("n") > Lit(0), Lit("pos")}, Lit("other"))},
      {"cat", Call(Func::kConcat, {Col("name"), Lit("/"), Col("path")})},
      {"length", Call(Func::kLength, {Col("name")})},
      {"sub1", Call(Func::kSubstr, {Col("name"), Lit(int64_t{2}), Lit(int64_t{3})})},
      {"sub0", Call(Func::kSubstr, {Col("name"), Lit(int64_t{0}), Lit(int64_t{2})})},
      {"subneg", Call(Func::kSubstr, {Col("name"), Lit(int64_t{-3}), Lit(int64_t{2})})},
      {"subfar", Call(Func::kSubstr, {Col("name"), Lit(int64_t{50}), Lit(int64_t{2})})},
      {"sw", Call(Func::kStartsWith, {Col("name"), Lit("mod.")})},
      {"ew", Call(Func::kEndsWith, {Col("name"), Lit("inner")})},
      {"has", Call(Func::kContains, {Col("name"), Lit("Outer")})},
      {"sp1", Call(Func::kSplitPart, {Col("name"), Lit("."), Lit(int64_t{2})})},
      {"spm1", Call(Func::kSplitPart, {Col("name"), Lit("."), Lit(int64_t{-1})})},
      {"sp9", Call(Func::kSplitPart, {Col("name"), Lit("."), Lit(int64_t{9})})},
      {"pos", Call(Func::kStrPos, {Col("name"), Lit("e")})},
      {"band", Call(Func::kBitAnd, {Col("bstart"), Lit(int64_t{6})})},
      {"bor", Call(Func::kBitOr, {Col("id"), LitU64(16)})},
      {"llen", Call(Func::kListLength, {Col("tags")})},
      {"lhas", Call(Func::kListContains, {Col("tags"), Lit("x")})},
      {"c32", Call(Func::kCastInt32, {Col("bstart")})},
      {"cu", Call(Func::kCastUInt64, {Col("n") * Col("n")})},
      {"cd", Call(Func::kCastDouble, {Col("n")})},
      {"cs", Call(Func::kCastString, {Col("n")})},
      {"csb", Call(Func::kCastString, {IsNull(Col("n"))})},
      {"sid", StableIdOf({Lit("k"), Col("path"), Col("bstart"), Col("id"), IsNull(Col("name"))})},
  }));
  EXPECT_EQ(rows.size(), 8u);
}

TEST_F(LanesTest, FilterValuesDistinctSortLimit) {
  EXPECT_EQ(Both(B().Scan("spans").Filter(Col("path") == Lit("a.py") && Col("n") > Lit(0))).size(),
            4u);
  base::Schema s({{"k", ColumnType::kString, false}, {"v", ColumnType::kInt64, true}});
  Both(B().Values(s, {{Value::String("a"), Value::Int64(1)},
                      {Value::String("b"), Value::Null(ColumnType::kInt64)}}));
  Both(B().Values(s, {}));
  EXPECT_EQ(Both(B().Scan("spans").Select({"path"}).Distinct()).size(), 4u);
  auto top = Both(B().Scan("spans").Sort({Desc(Col("bstart")), Asc(Col("id"))}).Limit(2));
  ASSERT_EQ(top.size(), 2u);
}

TEST_F(LanesTest, Joins) {
  auto spans = B().Scan("spans");
  auto edges = B().Scan("edges");
  Both(spans.Join(edges, JoinType::kInner, {{"id", "src"}}, {{"id", L("id")}, {"dst", R("dst")}}));
  Both(spans.Join(edges, JoinType::kLeft, {{"id", "src"}}, {{"id", L("id")}, {"dst", R("dst")}},
                  R("dst") > Lit(int64_t{2})));
  EXPECT_EQ(Both(spans.Join(edges, JoinType::kSemi, {{"id", "dst"}}, {})).size(), 5u);
  EXPECT_EQ(Both(spans.Join(edges, JoinType::kAnti, {{"id", "src"}}, {})).size(), 3u);
  // Residual-only join (no equi-keys), and a self join.
  Both(spans.Join(spans, JoinType::kInner, {}, {{"a", L("id")}, {"b", R("id")}},
                  L("bstart") < R("bstart") && L("path") == R("path")));
}

TEST_F(LanesTest, IntervalAlignModes) {
  auto spans = B().Scan("spans");
  for (AlignMode mode : {AlignMode::kExact, AlignMode::kContainedBest, AlignMode::kEnclosingBest,
                         AlignMode::kOverlapBest}) {
    for (bool keep : {false, true}) {
      // Exclude the row itself so "best" is another span; tie-break on the right id.
      auto others = spans.Filter(Col("id") != LitU64(0));
      Both(spans.IntervalAlign(
          others, {.mode = mode, .keep_unmatched = keep, .tie_breakers = {Desc(R("id"))}},
          {{"l", L("id")}, {"r", R("id")}, {"rname", R("name")}}));
    }
  }
  // The innermost enclosing span of each span, excluding itself.
  auto enclosing = Both(spans.IntervalAlign(
      spans,
      {.mode = AlignMode::kEnclosingBest, .keep_unmatched = true, .tie_breakers = {Asc(R("id"))}},
      {{"l", L("id")}, {"r", R("id")}}));
  EXPECT_EQ(enclosing.size(), 8u);
}

// A point per left row located in a partition of the file (lines): the ASOF lowering and the
// kernel agree, points in gaps or past the end find nothing, and the mode refuses what it cannot
// honour.
TEST_F(LanesTest, IntervalAlignContainsStart) {
  auto row = [](const char* path, int64_t a, int64_t b, int64_t c) {
    return std::vector<Value>{Value::String(path), Value::Int64(a), Value::Int64(b),
                              Value::Int64(c)};
  };
  base::Schema line_schema({{"path", ColumnType::kString, false},
                            {"line0", ColumnType::kInt64, false},
                            {"bstart", ColumnType::kInt64, false},
                            {"bend", ColumnType::kInt64, false}});
  auto lines = B().Values(line_schema, {row("a.py", 0, 0, 5), row("a.py", 1, 5, 9),
                                        row("a.py", 2, 12, 20), row("b.py", 0, 0, 10)});
  base::Schema point_schema({{"path", ColumnType::kString, false},
                             {"id", ColumnType::kInt64, false},
                             {"bstart", ColumnType::kInt64, false},
                             {"bend", ColumnType::kInt64, false}});
  auto points = B().Values(
      point_schema,
      {row("a.py", 1, 0, 1), row("a.py", 2, 4, 6), row("a.py", 3, 5, 5), row("a.py", 4, 10, 11),
       row("a.py", 5, 19, 25), row("a.py", 6, 20, 21), row("b.py", 7, 3, 4), row("c.py", 8, 1, 2)});
  auto got = Both(points.IntervalAlign(lines, {.mode = AlignMode::kContainsStart},
                                       {{"id", L("id")}, {"line0", R("line0")}}));
  std::vector<std::vector<Value>> want;
  for (auto [id, line] :
       std::vector<std::pair<int64_t, int64_t>>{{1, 0}, {2, 0}, {3, 1}, {5, 2}, {7, 0}}) {
    want.push_back({Value::Int64(id), Value::Int64(line)});
  }
  EXPECT_EQ(got, want);
  auto keep = points
                  .IntervalAlign(lines, {.mode = AlignMode::kContainsStart, .keep_unmatched = true},
                                 {{"id", L("id")}})
                  .Build();
  ASSERT_FALSE(keep.ok());
  EXPECT_THAT(keep.status().message(), ::testing::HasSubstr("contains_start"));
  auto ties = points.IntervalAlign(
      lines, {.mode = AlignMode::kContainsStart, .tie_breakers = {Asc(R("line0"))}},
      {{"id", L("id")}});
  EXPECT_FALSE(ties.Build().ok());
}

// The line of a point, the end of the last line included: both lanes agree, a point before the
// first start or in an unknown file finds nothing (kept with NULLs when asked), ties are refused.
TEST_F(LanesTest, IntervalAlignFloorStart) {
  auto row = [](const char* path, int64_t a, int64_t b, int64_t c) {
    return std::vector<Value>{Value::String(path), Value::Int64(a), Value::Int64(b),
                              Value::Int64(c)};
  };
  base::Schema line_schema({{"path", ColumnType::kString, false},
                            {"line0", ColumnType::kInt64, false},
                            {"bstart", ColumnType::kInt64, false},
                            {"bend", ColumnType::kInt64, false}});
  // a.py: "abcd\n" "efg\n" "" (the empty last line at 9); b.py: "0123456789" (no last newline).
  auto lines = B().Values(line_schema, {row("a.py", 0, 0, 5), row("a.py", 1, 5, 9),
                                        row("a.py", 2, 9, 9), row("b.py", 0, 2, 10)});
  base::Schema point_schema({{"path", ColumnType::kString, true},
                             {"id", ColumnType::kInt64, false},
                             {"bstart", ColumnType::kInt64, true},
                             {"bend", ColumnType::kInt64, true}});
  std::vector<std::vector<Value>> point_rows = {
      row("a.py", 1, 0, 0),   row("a.py", 2, 4, 4), row("a.py", 3, 5, 5), row("a.py", 4, 9, 9),
      row("b.py", 5, 10, 10), row("b.py", 6, 1, 1), row("c.py", 7, 1, 1)};
  point_rows.push_back({Value::Null(ColumnType::kString), Value::Int64(8),
                        Value::Null(ColumnType::kInt64), Value::Null(ColumnType::kInt64)});
  auto points = B().Values(point_schema, point_rows);
  const plan::AlignSpec spec{.mode = AlignMode::kFloorStart, .left_end = "bstart"};
  auto got = Both(
      points.IntervalAlign(lines, spec, {{"id", L("id")}, {"col", L("bstart") - R("bstart")}}));
  std::vector<std::vector<Value>> want;
  for (auto [id, col] :
       std::vector<std::pair<int64_t, int64_t>>{{1, 0}, {2, 4}, {3, 0}, {4, 0}, {5, 8}}) {
    want.push_back({Value::Int64(id), Value::Int64(col)});
  }
  EXPECT_EQ(got, want);
  plan::AlignSpec keep = spec;
  keep.keep_unmatched = true;
  auto kept = Both(points.IntervalAlign(lines, keep, {{"id", L("id")}, {"line0", R("line0")}}));
  ASSERT_EQ(kept.size(), 8u);
  EXPECT_EQ(kept[3], (std::vector<Value>{Value::Int64(4), Value::Int64(2)}));
  EXPECT_TRUE(kept[5][1].is_null());  // before the first line start of b.py
  EXPECT_TRUE(kept[6][1].is_null());  // no such file
  EXPECT_TRUE(kept[7][1].is_null());  // no span
  plan::AlignSpec ties = spec;
  ties.tie_breakers = {Asc(R("line0"))};
  EXPECT_FALSE(points.IntervalAlign(lines, ties, {{"id", L("id")}}).Build().ok());
  // Partitions by a file ID (UBIGINT) as by a path; both sides must agree on the key's type.
  auto with_file = [](const PlanBuilder& p) {
    return p.Extend({{"file_id", Case({Col("path") == Lit("a.py"), LitU64(1),
                                       Col("path") == Lit("b.py"), LitU64(2)},
                                      LitU64(3))}});
  };
  plan::AlignSpec by_file = keep;
  by_file.left_path = by_file.right_path = "file_id";
  EXPECT_EQ(Both(with_file(points).IntervalAlign(with_file(lines), by_file,
                                                 {{"id", L("id")}, {"line0", R("line0")}})),
            kept);
  plan::AlignSpec mixed = by_file;
  mixed.right_path = "path";
  EXPECT_FALSE(with_file(points).IntervalAlign(lines, mixed, {{"id", L("id")}}).Build().ok());
  // Enough rows for DuckDB to partition the ASOF join, where it would match a NULL start.
  std::vector<std::vector<Value>> many;
  for (int64_t i = 0; i < 300; ++i) {
    many.push_back({Value::String("a.py"), Value::Int64(i),
                    i % 3 == 0 ? Value::Null(ColumnType::kInt64) : Value::Int64(i % 12),
                    Value::Null(ColumnType::kInt64)});
  }
  auto located = Both(B().Values(point_schema, many)
                          .IntervalAlign(lines, keep, {{"id", L("id")}, {"line0", R("line0")}}));
  ASSERT_EQ(located.size(), 300u);
  for (const auto& r : located) {
    EXPECT_EQ(r[1].is_null(), r[0].int_value() % 3 == 0) << r[0].int_value();
  }
}

TEST_F(LanesTest, UnionAggregateWinnerExplode) {
  auto spans = B().Scan("spans");
  Both(spans.Select({"id", "path"})
           .UnionAll({spans.Select({"id", "path"}).Filter(Col("id") > LitU64(4))}));
  Both(spans.Aggregate({{"path", Col("path")}},
                       {{"rows", AggFunc::kCountStar, {}},
                        {"names", AggFunc::kCount, Col("name")},
                        {"distinct_n", AggFunc::kCountDistinct, Col("n")},
                        {"total", AggFunc::kSum, Col("n")},
                        {"lo", AggFunc::kMin, Col("name")},
                        {"hi", AggFunc::kMax, Col("bend")},
                        {"any_big", AggFunc::kBoolOr, Col("n") > Lit(5)},
                        {"all_big", AggFunc::kBoolAnd, Col("n") > Lit(5)},
                        {"names_list", AggFunc::kListDistinct, Col("name")}}));
  // No keys: one row, even over an empty input.
  auto empty = Both(spans.Filter(Lit(false))
                        .Aggregate({}, {{"rows", AggFunc::kCountStar, {}},
                                        {"total", AggFunc::kSum, Col("n")},
                                        {"names_list", AggFunc::kListDistinct, Col("name")}}));
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0][0], Value::Int64(0));
  EXPECT_TRUE(empty[0][1].is_null());
  // Ordered lists: by the order keys, then by value; NULL values skipped; NULL over none.
  Both(spans.Aggregate({{"path", Col("path")}},
                       {{"by_start", AggFunc::kList, Col("name"), {Desc(Col("bstart"))}},
                        {"by_value", AggFunc::kList, Col("name")},
                        {"by_n", AggFunc::kList, Col("name"), {Asc(Col("n")), Desc(Col("id"))}}}));
  auto ordered = Both(
      spans.Filter(Col("path") == Lit("a.py"))
          .Aggregate({},
                     {{"names", AggFunc::kList, Col("name"), {Asc(Col("bend") - Col("bstart"))}}}));
  ASSERT_EQ(ordered.size(), 1u);
  EXPECT_FALSE(ordered[0][0].is_null());
  EXPECT_FALSE(
      spans.Aggregate({}, {{"x", AggFunc::kCount, Col("name"), {Asc(Col("n"))}}}).Build().ok());
  auto winners =
      Both(spans.WinnerSelect({Col("path")}, {Desc(Col("bend") - Col("bstart")), Asc(Col("id"))}));
  EXPECT_EQ(winners.size(), 4u);
  auto exploded = Both(spans.Explode("tags", "tag", "tag_index"));
  EXPECT_EQ(exploded.size(), 7u);
  Both(spans.Explode("tags", "tag"));
}

TEST_F(LanesTest, RecursiveFixpoint) {
  auto edges = B().Scan("edges").Filter(IsNotNull(Col("src")));
  auto closure = edges.Recursive("reach", [&](const PlanBuilder& self) {
    return self.Join(edges, JoinType::kInner, {{"dst", "src"}},
                     {{"src", L("src")}, {"dst", R("dst")}});
  });
  auto rows = Both(closure);
  EXPECT_EQ(rows.size(), 13u);  // 1->{2,3,4}, 2->{2,3,4}, 3->{2,3,4}, 4->{2,3,4}, 5->6
  Both(closure.Filter(Col("src") == Col("dst")));
  // A step whose recursive reference is joined, then left-joined and filtered (the shape of the
  // module-exports and attribute fixpoints).
  auto labels = B().Scan("spans").Select({"id", "name"});
  auto labelled = edges.Recursive("reach2", [&](const PlanBuilder& self) {
    return self
        .Join(edges, JoinType::kInner, {{"dst", "src"}}, {{"src", L("src")}, {"dst", R("dst")}})
        .JoinAppend(labels, JoinType::kLeft, {{"dst", "id"}}, {{"label", R("name")}})
        .Filter(IsNull(Col("label")) || Col("label") != Lit("b"))
        .Select({"src", "dst"});
  });
  EXPECT_EQ(Both(labelled).size(), 13u);
}

//! path(a, b) :- edge(a, b).  path(a, c) :- path(a, b), path(b, c).  (non-linear)
//! reach(x) :- x = 1.  reach(y) :- reach(x), path(x, y).  (mutual with path, through its delta)
Fixpoint PathsAndReach(const Catalog& catalog, int64_t cap = 0) {
  FixpointBuilder fb(catalog, "paths");
  const base::Schema pair({{"a", ColumnType::kUInt64, false}, {"b", ColumnType::kUInt64, false}});
  fb.Declare("path", pair);
  fb.Declare("reach", base::Schema({{"x", ColumnType::kUInt64, false}}));
  if (cap > 0) fb.Bound("path", {"a"}, cap);
  auto b = fb.Builder();
  fb.AddBase("path", b.Scan("edges")
                         .Filter(IsNotNull(Col("src")) && IsNotNull(Col("dst")))
                         .Project({{"a", Coalesce({Col("src"), LitU64(0)})},
                                   {"b", Coalesce({Col("dst"), LitU64(0)})}}));
  auto compose = [&](const std::string& left, const std::string& right) {
    return b.Scan(left).Join(b.Scan(right), JoinType::kInner, {{"b", "a"}},
                             {{"a", L("a")}, {"b", R("b")}});
  };
  fb.AddDelta("path", compose(DeltaOf("path"), "path"));
  fb.AddDelta("path", compose("path", DeltaOf("path")));
  fb.AddBase("reach",
             b.Values(base::Schema({{"x", ColumnType::kUInt64, false}}), {{Value::UInt64(1)}}));
  auto step = [&](const std::string& reach, const std::string& path) {
    return b.Scan(reach).Join(b.Scan(path), JoinType::kInner, {{"x", "a"}}, {{"x", R("b")}});
  };
  fb.AddDelta("reach", step(DeltaOf("reach"), "path"));
  fb.AddDelta("reach", step("reach", DeltaOf("path")));
  auto built = fb.Build();
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  return built.ok() ? *built : Fixpoint();
}

TEST_F(LanesTest, FixpointIsTheLeastFixpointOnBothLanes) {
  const Fixpoint fp = PathsAndReach(catalog_);
  ASSERT_EQ(fp.relations().size(), 2u);
  EXPECT_EQ(fp.InputTables(), std::vector<std::string>{"edges"});
  std::vector<std::vector<Value>> results[2][2];
  int i = 0;
  for (Lane lane : {Lane::kEngine, Lane::kKernel}) {
    auto session = Open(lane);
    Adapter adapter(*session);
    ASSERT_OK_AND_ASSIGN(FixpointRun run, adapter.RunFixpoint(fp, "paths"));
    EXPECT_GE(run.rounds, 2);
    for (const auto& rec : adapter.records()) {
      EXPECT_EQ(rec.lane, Name(lane));
      EXPECT_EQ(rec.rule, "paths");
      EXPECT_FALSE(rec.output.ends_with("__delta")) << rec.output;
    }
    ASSERT_OK_AND_ASSIGN(auto path, session->ReadTable("path"));
    ASSERT_OK_AND_ASSIGN(auto reach, session->ReadTable("reach"));
    results[i][0] = SortedRows(path);
    results[i][1] = SortedRows(reach);
    // No scratch table is left behind.
    for (const char* t : {"path__delta", "path__new", "reach__delta", "reach__new"}) {
      ASSERT_OK_AND_ASSIGN(bool has, session->HasTable(t));
      EXPECT_FALSE(has) << t;
    }
    ++i;
  }
  EXPECT_EQ(results[0][0], results[1][0]);
  EXPECT_EQ(results[0][1], results[1][1]);
  // The closure of 1->2->3->4->2, 5->6 (the NULL edge is not a path).
  auto pair = [](uint64_t a, uint64_t b) {
    return std::vector<Value>{Value::UInt64(a), Value::UInt64(b)};
  };
  std::vector<std::vector<Value>> want;
  for (uint64_t a : {1, 2, 3, 4}) {
    for (uint64_t b : {2, 3, 4}) want.push_back(pair(a, b));
  }
  want.push_back(pair(5, 6));
  std::sort(want.begin(), want.end());
  EXPECT_EQ(results[0][0], want);
  std::vector<std::vector<Value>> reach;
  for (uint64_t x : {1, 2, 3, 4}) reach.push_back({Value::UInt64(x)});
  EXPECT_EQ(results[0][1], reach);
}

TEST_F(LanesTest, FixpointBoundSaturatesKeysDeterministically) {
  // path from 1 reaches 3 nodes; a bound of 2 per `a` saturates 1, 2, 3 and 4 at the round where
  // they would pass it, keeping what they had.
  const Fixpoint fp = PathsAndReach(catalog_, /*cap=*/2);
  std::vector<std::vector<Value>> rows[2];
  int i = 0;
  for (Lane lane : {Lane::kEngine, Lane::kKernel}) {
    auto session = Open(lane);
    Adapter adapter(*session);
    ASSERT_OK_AND_ASSIGN(FixpointRun run, adapter.RunFixpoint(fp, "paths"));
    ASSERT_EQ(run.saturated_keys.size(), 1u);
    EXPECT_EQ(run.saturated_keys[0].first, "path");
    EXPECT_GT(run.saturated_keys[0].second, 0);
    ASSERT_OK_AND_ASSIGN(auto path, session->ReadTable("path"));
    rows[i++] = SortedRows(path);
  }
  EXPECT_EQ(rows[0], rows[1]);
  std::map<uint64_t, int> per_a;
  for (const auto& r : rows[0]) ++per_a[r[0].uint_value()];
  for (const auto& [a, n] : per_a) EXPECT_LE(n, 2) << a;
}

//! val(node, v), at most 3 values per node, whose new values flow along s -> t (s = 1, t = 2)
//! to closure, stopping at the nodes SaturatedOf(val) holds. Round 0 gives s three values and t
//! one; round 1 gives s a fourth, which saturates s (t takes it: two values); round 2 gives s a
//! fifth, from t's new value: s absorbs it, so t keeps two values and is not saturated. A post
//! plan passing values through saturated nodes would give t the fifth too.
Fixpoint ValuesAbsorbedBySaturatedNodes(const Catalog& catalog) {
  FixpointBuilder fb(catalog, "absorb");
  const base::Schema schema(
      {{"node", ColumnType::kUInt64, false}, {"v", ColumnType::kUInt64, false}});
  fb.Declare("val", schema);
  fb.Bound("val", {"node"}, 3);
  auto b = fb.Builder();
  auto rows = [&](std::vector<std::pair<uint64_t, uint64_t>> pairs) {
    std::vector<std::vector<Value>> out;
    for (auto [n, v] : pairs) out.push_back({Value::UInt64(n), Value::UInt64(v)});
    return b.Values(schema, out);
  };
  const base::Schema flow(
      {{"src", ColumnType::kUInt64, false}, {"dst", ColumnType::kUInt64, false}});
  auto edges = b.Values(flow, {{Value::UInt64(1), Value::UInt64(2)}});
  fb.AddBase("val", rows({{1, 1}, {1, 2}, {1, 3}, {2, 9}}));
  // s gains 4 after its first value, 5 after t gains 4.
  auto delta = b.Scan(DeltaOf("val"));
  fb.AddDelta("val", delta.Filter(Col("node") == LitU64(1) && Col("v") == LitU64(1))
                         .Project({{"node", LitU64(1)}, {"v", LitU64(4)}})
                         .UnionAll({delta.Filter(Col("node") == LitU64(2) && Col("v") == LitU64(4))
                                        .Project({{"node", LitU64(1)}, {"v", LitU64(5)}})}));
  fb.SetPost("val", b.Scan(NewOf("val")).Recursive("flow", [&](const PlanBuilder& self) {
    return self.Join(b.Scan(SaturatedOf("val")), JoinType::kAnti, {{"node", "node"}}, {})
        .Join(edges, JoinType::kInner, {{"node", "src"}}, {{"node", R("dst")}, {"v", L("v")}});
  }));
  auto built = fb.Build();
  EXPECT_TRUE(built.ok()) << built.status().ToString();
  return built.ok() ? *built : Fixpoint();
}

TEST_F(LanesTest, FixpointPlansReadTheSaturatedKeysOfEarlierRounds) {
  const Fixpoint fp = ValuesAbsorbedBySaturatedNodes(catalog_);
  EXPECT_EQ(fp.InputTables(), std::vector<std::string>{});
  std::vector<std::vector<Value>> rows[2];
  int i = 0;
  for (Lane lane : {Lane::kEngine, Lane::kKernel}) {
    auto session = Open(lane);
    Adapter adapter(*session);
    ASSERT_OK_AND_ASSIGN(FixpointRun run, adapter.RunFixpoint(fp, "absorb"));
    ASSERT_EQ(run.saturated_keys.size(), 1u);
    EXPECT_EQ(run.saturated_keys[0].second, 1) << Name(lane);  // s only
    for (const auto& rec : adapter.records()) EXPECT_EQ(rec.lane, Name(lane));
    ASSERT_OK_AND_ASSIGN(auto val, session->ReadTable("val"));
    rows[i++] = SortedRows(val);
    ASSERT_OK_AND_ASSIGN(bool has, session->HasTable(SaturatedOf("val")));
    EXPECT_FALSE(has);
  }
  EXPECT_EQ(rows[0], rows[1]);
  std::vector<std::vector<Value>> want;
  for (auto [n, v] :
       std::vector<std::pair<uint64_t, uint64_t>>{{1, 1}, {1, 2}, {1, 3}, {2, 4}, {2, 9}}) {
    want.push_back({Value::UInt64(n), Value::UInt64(v)});
  }
  EXPECT_EQ(rows[0], want);
}

TEST_F(LanesTest, SaturatedKeysAreReadableOnlyForBoundedRelationsAndNotByBasePlans) {
  const base::Schema pair({{"a", ColumnType::kUInt64, false}, {"b", ColumnType::kUInt64, false}});
  {
    FixpointBuilder fb(catalog_, "unbounded");
    fb.Declare("r", pair);
    fb.AddDelta("r",
                fb.Builder().Scan(SaturatedOf("r")).Project({{"a", Col("a")}, {"b", Col("a")}}));
    EXPECT_FALSE(fb.Build().ok());
  }
  {
    FixpointBuilder fb(catalog_, "bounded");
    fb.Declare("r", pair);
    fb.Bound("r", {"a"}, 2);
    auto sat = fb.Builder().Scan(SaturatedOf("r"));
    EXPECT_EQ(sat.schema().ToString(),
              base::Schema({{"a", ColumnType::kUInt64, false}}).ToString());
    fb.AddBase("r", sat.Project({{"a", Col("a")}, {"b", Col("a")}}));
    EXPECT_STATUS(fb.Build(), base::StatusCode::kInternal,
                  HasSubstr("base plan reads r__saturated"));
  }
}

TEST_F(LanesTest, FixpointRejectsNullableColumnsAndBasePlansReadingTheGroup) {
  {
    FixpointBuilder fb(catalog_, "bad");
    fb.Declare("r", base::Schema({{"a", ColumnType::kUInt64, true}}));
    EXPECT_STATUS(fb.Build(), base::StatusCode::kInternal, HasSubstr("must be NOT NULL"));
  }
  {
    FixpointBuilder fb(catalog_, "bad");
    fb.Declare("r", base::Schema({{"a", ColumnType::kUInt64, false}}));
    fb.AddBase("r", fb.Builder().Scan("r"));
    EXPECT_STATUS(fb.Build(), base::StatusCode::kInternal, HasSubstr("base plan reads r"));
  }
  {
    FixpointBuilder fb(catalog_, "bad");
    fb.Declare("r", base::Schema({{"a", ColumnType::kUInt64, false}}));
    fb.AddDelta("r", fb.Builder().Scan("edges").Select({"src"}));
    EXPECT_STATUS(fb.Build(), base::StatusCode::kInternal, HasSubstr("instead of"));
  }
}

TEST_F(LanesTest, KernelOnlyPlanFallsBackAndIsRecorded) {
  auto upper = std::make_shared<KernelFunction>(
      KernelFunction{"shout", ColumnType::kString, [](const std::vector<Value>& v) {
                       return v[0].is_null() ? v[0] : Value::String(v[0].string_value() + "!");
                     }});
  ASSERT_OK_AND_ASSIGN(
      Plan p, B().Scan("spans").Project({{"x", KernelCall(upper, {Col("name")})}}).Build());

  auto session = Open(Lane::kEngine);
  Adapter adapter(*session);
  ASSERT_OK_AND_ASSIGN(int64_t rows, adapter.Materialize(p, {"shout_rule", "shouted"}));
  EXPECT_EQ(rows, 8);
  const ExecutionRecord& rec = adapter.records().back();
  EXPECT_EQ(rec.lane, "kernel");
  ASSERT_TRUE(rec.fallback.has_value());
  EXPECT_EQ(rec.fallback->reason, "no_sql_lowering");
  EXPECT_THAT(rec.fallback->detail, HasSubstr("shout"));
  EXPECT_EQ(rec.rule, "shout_rule");
  EXPECT_EQ(rec.output, "shouted");

  auto strict = Open(Lane::kEngine, FallbackPolicy::kStrict);
  Adapter strict_adapter(*strict);
  auto failed = strict_adapter.Materialize(p, {"shout_rule", "shouted"});
  EXPECT_STATUS(failed, base::StatusCode::kPolicyViolation, HasSubstr("rule 'shout_rule'"));
  EXPECT_STATUS(failed, base::StatusCode::kPolicyViolation, HasSubstr("output 'shouted'"));
  EXPECT_STATUS(failed, base::StatusCode::kPolicyViolation, HasSubstr("no_sql_lowering"));
}

TEST_F(LanesTest, ExplainIsCapturedOnlyWhenAsked) {
  ASSERT_OK_AND_ASSIGN(Plan p, B().Scan("spans").Filter(Col("n") > Lit(0)).Build());
  auto plain = Open(Lane::kEngine);
  Adapter a(*plain);
  ASSERT_OK(a.Materialize(p, {"r", "o"}).status());
  EXPECT_FALSE(a.records().back().explain.has_value());
  auto explained = Open(Lane::kEngine, FallbackPolicy::kRecord, ExplainMode::kPlan);
  Adapter b(*explained);
  ASSERT_OK(b.Materialize(p, {"r", "o"}).status());
  ASSERT_TRUE(b.records().back().explain.has_value());
  EXPECT_THAT(*b.records().back().explain, HasSubstr("spans")) << *b.records().back().explain;
}

TEST_F(LanesTest, StreamDeliversEveryRow) {
  ASSERT_OK_AND_ASSIGN(Plan p, B().Scan("spans").Build());
  auto session = Open(Lane::kEngine);
  Adapter adapter(*session);
  size_t rows = 0;
  ASSERT_OK(adapter.Stream(p, {"r", "o"}, [&](const base::Table& chunk) {
    rows += chunk.num_rows();
    return base::Status::Ok();
  }));
  EXPECT_EQ(rows, 8u);
  EXPECT_EQ(adapter.records().back().rows, 8);
}

}  // namespace
}  // namespace codeanatomy::engine
