// SCIP occurrence ranges (0-based lines, columns in the document's position encoding) to canonical
// byte spans. A column counted in UTF-16 code units (what scip-python writes, and what an
// "unspecified" encoding is taken to mean: the decoder sets column_unit = utf16 then) or in code
// points becomes a byte offset through file_wide_chars: the line's first byte, plus the column,
// plus (utf8_len - units) of every non-ASCII character before the column on that line. An
// occurrence whose file was not scanned, whose line is not in the file, or whose column lies past
// the end of its line gets NULL bstart / bend (counted in rel_resolution_stats as
// scip_occurrences_unmapped), and the run goes on.
#include "codeanatomy/normalize/normalize.h"

namespace codeanatomy::normalize {

using base::ColumnType;
using namespace plan;  // NOLINT: rules read as relational algebra

Expr ScipSymbolId(const Expr& symbol, const Expr& path) {
  return Case({Call(Func::kStartsWith, {symbol, Lit("local ")}),
               StableIdOf({Lit("scip_symbol"), symbol, path})},
              StableIdOf({Lit("scip_symbol"), symbol}));
}

void RegisterScipSpanRules(plan::RuleRegistry& r) {
  r.Add({.name = "scip_occurrence_spans",
         .output = "norm_scip_occurrences",
         .doc = "Every SCIP occurrence with its byte span (bstart, bend; NULL when the range does "
                "not fit the scanned file: unknown file, line out of range, column past the end of "
                "the line) and the ID of its symbol's SCIP_SYMBOL node (symbol_id: ('scip_symbol', "
                "symbol), plus the path for a `local N` symbol). Columns count UTF-8 bytes, UTF-16 "
                "code units or code points as the document's column_unit says (utf16 when the "
                "index leaves it unspecified, as scip-python 0.6.6 does: pyright's columns are "
                "UTF-16 code units).",
         .build = [](const Catalog& c, const std::string& name) {
           PlanBuilder b(c, name);
           auto occ = b.Scan("scip_occurrences");
           auto i64 = [](Expr e) { return Call(Func::kCastInt64, {std::move(e)}); };
           auto point = [&](const char* which, const char* line, const char* ch) {
             return occ.Project({{"occurrence_id", Col("occurrence_id")},
                                 {"file_id", Col("file_id")},
                                 {"which", Lit(which)},
                                 {"line0", i64(Col(line))},
                                 {"col", i64(Col(ch))},
                                 {"unit", Col("column_unit")}});
           };
           auto points = point("start", "start_line", "start_char")
                             .UnionAll({point("end", "end_line", "end_char")});
           // The extra bytes of the non-ASCII characters before each column.
           auto utf16 = L("unit") == Lit("utf16");
           auto deltas =
               points.Filter(Col("unit") != Lit("utf8"))
                   .Join(b.Scan("file_wide_chars"), JoinType::kInner,
                         {{"file_id", "file_id"}, {"line0", "line0"}},
                         {{"occurrence_id", L("occurrence_id")},
                          {"which", L("which")},
                          {"delta", Case({utf16, R("utf8_len") - R("utf16_len")},
                                         R("utf8_len") - Lit(int64_t{1}))}},
                         Case({utf16, R("utf16_col") < L("col")}, R("utf32_col") < L("col")))
                   .Aggregate({{"occurrence_id", Col("occurrence_id")}, {"which", Col("which")}},
                              {{"delta", AggFunc::kSum, Col("delta")}});
           auto terminator = Case({Col("newline_kind") == Lit("CRLF"), Lit(int64_t{2}),
                                   Col("newline_kind") == Lit("NONE"), Lit(int64_t{0})},
                                  Lit(int64_t{1}));
           auto lines = b.Scan("file_line_index")
                            .Project({{"file_id", Col("file_id")},
                                      {"line0", Col("line0")},
                                      {"line_bstart", Col("bstart")},
                                      {"content_end", Col("bend") - terminator}});
           auto bytes =
               points
                   .JoinAppend(
                       lines, JoinType::kInner, {{"file_id", "file_id"}, {"line0", "line0"}},
                       {{"line_bstart", R("line_bstart")}, {"content_end", R("content_end")}})
                   .JoinAppend(deltas, JoinType::kLeft,
                               {{"occurrence_id", "occurrence_id"}, {"which", "which"}},
                               {{"delta", Coalesce({R("delta"), Lit(int64_t{0})})}})
                   .Extend({{"byte", Col("line_bstart") + Col("col") + Col("delta")}})
                   .Filter(Col("col") >= Lit(int64_t{0}) && Col("byte") <= Col("content_end"))
                   .Select({"occurrence_id", "which", "byte"});
           auto starts = bytes.Filter(Col("which") == Lit("start"));
           auto ends = bytes.Filter(Col("which") == Lit("end"));
           auto mapped = IsNotNull(Col("b0")) && IsNotNull(Col("b1")) && Col("b0") <= Col("b1");
           return occ
               .JoinAppend(starts, JoinType::kLeft, {{"occurrence_id", "occurrence_id"}},
                           {{"b0", R("byte")}})
               .JoinAppend(ends, JoinType::kLeft, {{"occurrence_id", "occurrence_id"}},
                           {{"b1", R("byte")}})
               .Project({{"occurrence_id", Col("occurrence_id")},
                         {"file_id", Col("file_id")},
                         {"path", Col("path")},
                         {"symbol", Col("symbol")},
                         {"symbol_id", ScipSymbolId(Col("symbol"), Col("path"))},
                         {"symbol_roles", Col("symbol_roles")},
                         {"bstart", Case({mapped, Col("b0")}, Null(ColumnType::kInt64))},
                         {"bend", Case({mapped, Col("b1")}, Null(ColumnType::kInt64))}})
               .Build();
         }});
}

}  // namespace codeanatomy::normalize
