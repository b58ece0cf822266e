#include "codeanatomy/extract/cst/cst_extractor.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/base/testing.h"
#include "codeanatomy/schema/diagnostics.h"
#include "codeanatomy/schema/table_def.h"

namespace codeanatomy::extract::cst {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

source::SourceFile File(std::string path, std::string text) {
  source::SourceFile f;
  f.path = std::move(path);
  f.file_id = base::StableId("file", f.path);
  f.status = "ok";
  f.text = std::move(text);
  return f;
}

CstTables Extract(const std::string& text) {
  auto extractor = CstExtractor::Create();
  EXPECT_TRUE(extractor.ok()) << extractor.status().ToString();
  CstTables out;
  extractor->ExtractFile(File("m.py", text), &out);
  return out;
}

uint64_t RefIdAt(int64_t bstart, int64_t bend) {
  return base::StableId("cst_name_ref", "m.py", bstart, bend);
}

//! A snippet and its rows, with lookups by source position: `At("x)")` is the offset of the
//! first `x)`, and Ref("x)") the cst_name_refs row of the identifier starting there.
class Cst {
 public:
  explicit Cst(std::string src) : src_(std::move(src)), t_(Extract(src_)) {
    const auto& s = t_.scopes;
    for (size_t r = 0; r < s.num_rows(); ++r) {
      const std::string_view path = s.column("qualified_path").GetString(r);
      scope_names_[s.column("scope_id").GetUInt64(r)] = path.empty() ? "<module>" : path;
      scope_rows_[s.column("scope_id").GetUInt64(r)] = r;
    }
  }

  const CstTables& t() const { return t_; }
  const std::string& src() const { return src_; }

  int64_t At(std::string_view needle, int occurrence = 0) const {
    size_t pos = src_.find(needle);
    for (int k = 0; k < occurrence && pos != std::string::npos; ++k) {
      pos = src_.find(needle, pos + 1);
    }
    EXPECT_NE(pos, std::string::npos) << "`" << needle << "` #" << occurrence << " not in source";
    return pos == std::string::npos ? -1 : static_cast<int64_t>(pos);
  }

  //! The row of `table` whose `column` (INT64) equals `value`, or -1.
  static int64_t RowWhere(const base::Table& table, std::string_view column, int64_t value) {
    for (size_t r = 0; r < table.num_rows(); ++r) {
      if (table.column(column).IsValid(r) && table.column(column).GetInt64(r) == value) {
        return static_cast<int64_t>(r);
      }
    }
    return -1;
  }

  //! The row of `table` whose start column is at `needle`; -1 when there is none.
  int64_t RowAt(const base::Table& table, std::string_view needle, int occurrence = 0,
                std::string_view column = "bstart") const {
    return RowWhere(table, column, At(needle, occurrence));
  }

  size_t Ref(std::string_view needle, int occurrence = 0) const {
    const int64_t row = RowAt(t_.name_refs, needle, occurrence);
    EXPECT_GE(row, 0) << "no name ref at `" << needle << "` #" << occurrence;
    return row < 0 ? 0 : static_cast<size_t>(row);
  }
  bool HasRef(std::string_view needle, int occurrence = 0) const {
    return RowAt(t_.name_refs, needle, occurrence) >= 0;
  }
  //! "ctx/site" of the ref at `needle`.
  std::string RefKind(std::string_view needle, int occurrence = 0) const {
    const size_t r = Ref(needle, occurrence);
    return std::string(t_.name_refs.column("ctx").GetString(r)) + "/" +
           std::string(t_.name_refs.column("site").GetString(r));
  }
  //! The qualified path of the ref's scope (`<module>` for the module).
  std::string RefScope(std::string_view needle, int occurrence = 0) const {
    return ScopeName(t_.name_refs.column("scope_id").GetUInt64(Ref(needle, occurrence)));
  }
  std::string ScopeName(uint64_t scope_id) const {
    auto it = scope_names_.find(scope_id);
    return it == scope_names_.end() ? "?" : it->second;
  }
  //! Column `column` (a scope_id) of `table` row `row`, as a scope name.
  std::string ScopeOf(const base::Table& table, size_t row,
                      std::string_view column = "scope_id") const {
    return ScopeName(table.column(column).GetUInt64(row));
  }
  //! The cst_scopes row whose qualified path is `path`.
  size_t ScopeRow(std::string_view path) const {
    for (const auto& [id, name] : scope_names_) {
      if (name == path) return scope_rows_.at(id);
    }
    ADD_FAILURE() << "no scope " << path;
    return 0;
  }
  //! Names of the rows of `table` (its `name` column).
  static std::vector<std::string> Names(const base::Table& table,
                                        std::string_view column = "name") {
    std::vector<std::string> names;
    for (size_t r = 0; r < table.num_rows(); ++r) {
      names.emplace_back(table.column(column).IsValid(r) ? table.column(column).GetString(r)
                                                         : "NULL");
    }
    return names;
  }

 private:
  std::string src_;
  CstTables t_;
  std::map<uint64_t, std::string> scope_names_;
  std::map<uint64_t, size_t> scope_rows_;
};

// --- Definitions and scopes --------------------------------------------------------------------

TEST(CstExtractorTest, DefinitionsWithSpansNestingAndQualifiedPaths) {
  const std::string src =
      "class A:\n"
      "    @staticmethod\n"
      "    def f(self):\n"
      "        g = lambda: 1\n"
      "async def top():\n"
      "    pass\n";
  CstTables t = Extract(src);
  ASSERT_EQ(t.defs.num_rows(), 4u);
  const auto& d = t.defs;
  EXPECT_EQ(d.column("kind").GetString(0), "class");
  EXPECT_EQ(d.column("name").GetString(0), "A");
  EXPECT_EQ(d.column("bstart").GetInt64(0), 0);
  EXPECT_EQ(d.column("bend").GetInt64(0), static_cast<int64_t>(src.find("async")) - 1);
  EXPECT_EQ(d.column("qualified_path").GetString(1), "A.f");
  // The def span starts at `def`, after the decorator.
  EXPECT_EQ(d.column("bstart").GetInt64(1), static_cast<int64_t>(src.find("def f")));
  EXPECT_EQ(d.column("name_bstart").GetInt64(1), static_cast<int64_t>(src.find("f(self)")));
  EXPECT_EQ(d.column("parent_def_id").GetUInt64(1), d.column("def_id").GetUInt64(0));
  EXPECT_EQ(d.column("kind").GetString(2), "lambda");
  EXPECT_EQ(d.column("qualified_path").GetString(2), "A.f.<lambda1>");
  EXPECT_EQ(d.column("kind").GetString(3), "async_function");
  EXPECT_FALSE(d.column("parent_def_id").IsValid(3));
  EXPECT_EQ(t.parse_errors.num_rows(), 0u);
  // New columns: the scope binding the name, the body scope, decorators, methods.
  EXPECT_TRUE(d.column("is_method").GetBool(1));
  EXPECT_FALSE(d.column("is_method").GetBool(0));
  EXPECT_FALSE(d.column("is_method").GetBool(2));  // a lambda
  ASSERT_EQ(d.column("decorators").ListLength(1), 1u);
  EXPECT_EQ(d.column("decorators").ListItem(1, 0), "staticmethod");
  EXPECT_EQ(d.column("decorators").ListLength(0), 0u);
  EXPECT_EQ(d.column("scope_id").GetUInt64(1), d.column("body_scope_id").GetUInt64(0));
}

TEST(CstExtractorTest, ScopesWithParentsKindsLinesAndChildOrder) {
  Cst c(
      "import os\n"
      "class C:\n"
      "    attr = 1\n"
      "    def method(self):\n"
      "        return [attr for _ in self.items]\n"
      "    @property\n"
      "    def other(self): pass\n"
      "f = lambda: {k: v for k, v in ()}\n");
  const auto& s = c.t().scopes;
  EXPECT_THAT(Cst::Names(s), ElementsAre("<module>", "C", "method", "<listcomp>", "other",
                                         "<lambda>", "<dictcomp>"));
  EXPECT_THAT(Cst::Names(s, "kind"), ElementsAre("module", "class", "function", "comprehension",
                                                 "function", "lambda", "comprehension"));
  EXPECT_THAT(Cst::Names(s, "qualified_path"),
              ElementsAre("", "C", "C.method", "C.method.<listcomp>", "C.other", "<lambda1>",
                          "<lambda1>.<dictcomp>"));
  // The module spans the text; its lineno is symtable's 0.
  EXPECT_FALSE(s.column("parent_scope_id").IsValid(0));
  EXPECT_EQ(s.column("bend").GetInt64(0), static_cast<int64_t>(c.src().size()));
  EXPECT_EQ(s.column("lineno").GetInt32(0), 0);
  // A method's parent is the class scope (its names do not see the class body: that is the
  // resolver's rule, the parent chain is the same as CPython's symtable).
  EXPECT_EQ(c.ScopeOf(s, c.ScopeRow("C.method"), "parent_scope_id"), "C");
  EXPECT_EQ(c.ScopeOf(s, c.ScopeRow("C.method.<listcomp>"), "parent_scope_id"), "C.method");
  // `other` is decorated: its line is the `def` line.
  EXPECT_EQ(s.column("lineno").GetInt32(c.ScopeRow("C.other")), 7);
  EXPECT_EQ(s.column("child_index").GetInt32(c.ScopeRow("C.other")), 1);
  EXPECT_EQ(s.column("child_index").GetInt32(c.ScopeRow("<lambda1>")), 1);
  // Class-body names bind in the class scope; `attr` in the comprehension is a load there.
  EXPECT_EQ(c.RefScope("attr = 1"), "C");
  EXPECT_EQ(c.RefKind("attr = 1"), "store/assign");
  EXPECT_EQ(c.RefScope("attr for"), "C.method.<listcomp>");
  // Definitions link to their scopes.
  const auto& d = c.t().defs;
  const int64_t method = Cst::RowWhere(d, "bstart", c.At("def method"));
  ASSERT_GE(method, 0);
  EXPECT_EQ(c.ScopeOf(d, method), "C");
  EXPECT_EQ(c.ScopeOf(d, method, "body_scope_id"), "C.method");
  EXPECT_EQ(s.column("def_id").GetUInt64(c.ScopeRow("C.method")),
            d.column("def_id").GetUInt64(method));
}

TEST(CstExtractorTest, SymtableChildOrderPutsDefaultsAndDecoratorsBeforeTheDef) {
  // CPython's symtable visits positional defaults, keyword-only defaults, annotations and
  // decorators before entering the function; a comprehension's element comes last.
  Cst c(
      "@dec(lambda: 0)\n"
      "def f(a=lambda: 1, *, b: (lambda: 2) = lambda: 3):\n"
      "    pass\n"
      "[lambda: 4 for x in (lambda: 5)() if lambda: 6]\n");
  const auto& s = c.t().scopes;
  std::map<int32_t, std::string> by_symtable, by_source;
  for (size_t r = 1; r < s.num_rows(); ++r) {
    if (s.column("parent_scope_id").GetUInt64(r) != s.column("scope_id").GetUInt64(0)) continue;
    const std::string label = std::string(s.column("name").GetString(r)) + "@" +
                              std::to_string(s.column("bstart").GetInt64(r));
    by_symtable[s.column("symtable_child_index").GetInt32(r)] = label;
    by_source[s.column("child_index").GetInt32(r)] = label;
  }
  auto lambda = [&](const char* body) { return "<lambda>@" + std::to_string(c.At(body) - 8); };
  std::vector<std::string> symtable, source;
  for (const auto& [k, v] : by_symtable) symtable.push_back(v);
  for (const auto& [k, v] : by_source) source.push_back(v);
  const std::string f = "f@" + std::to_string(c.At("def f"));
  const std::string listcomp = "<listcomp>@" + std::to_string(c.At("[lambda"));
  EXPECT_THAT(source, ElementsAre(lambda("0)"), f, lambda("1,"), lambda("2)"), lambda("3)"),
                                  listcomp, lambda("5)")));
  EXPECT_THAT(symtable, ElementsAre(lambda("1,"), lambda("3)"), lambda("2)"), lambda("0)"), f,
                                    lambda("5)"), listcomp));
  // Inside the comprehension: the condition's lambda, then the element's.
  // Lambdas are numbered in their definition (here the module), comprehensions included.
  const size_t cond = c.ScopeRow("<lambda7>");
  const size_t elt = c.ScopeRow("<lambda5>");
  EXPECT_EQ(s.column("symtable_child_index").GetInt32(cond), 0);
  EXPECT_EQ(s.column("symtable_child_index").GetInt32(elt), 1);
  EXPECT_EQ(s.column("child_index").GetInt32(elt), 0);
}

TEST(CstExtractorTest, ScopesInFutureAnnotationsHaveNoSymtableIndex) {
  Cst c(
      "from __future__ import annotations\n"
      "def f(x: (lambda: 1)) -> int:\n"
      "    return lambda: 2\n");
  const auto& s = c.t().scopes;
  const size_t hidden = c.ScopeRow("<lambda1>");
  EXPECT_FALSE(s.column("symtable_child_index").IsValid(hidden));
  EXPECT_EQ(s.column("symtable_child_index").GetInt32(c.ScopeRow("f")), 0);
  EXPECT_EQ(s.column("symtable_child_index").GetInt32(c.ScopeRow("f.<lambda1>")), 0);
  EXPECT_TRUE(c.t().name_refs.column("in_annotation").GetBool(c.Ref("int")));
}

// --- Where names are evaluated -----------------------------------------------------------------

TEST(CstExtractorTest, DefaultsAnnotationsAndDecoratorsAreInTheEnclosingScope) {
  Cst c(
      "def outer():\n"
      "    @deco\n"
      "    def inner(p: Ann = dflt, *args: VarAnn, **kw) -> Ret:\n"
      "        return p\n");
  EXPECT_EQ(c.RefScope("deco"), "outer");
  EXPECT_EQ(c.RefScope("Ann"), "outer");
  EXPECT_EQ(c.RefScope("dflt"), "outer");
  EXPECT_EQ(c.RefScope("VarAnn"), "outer");
  EXPECT_EQ(c.RefScope("Ret"), "outer");
  EXPECT_EQ(c.RefScope("p\n"), "outer.inner");
  // Parameter names are cst_params rows, bound in the function's own scope, not name refs.
  EXPECT_FALSE(c.HasRef("p:"));
  const auto& p = c.t().params;
  EXPECT_THAT(Cst::Names(p), ElementsAre("p", "args", "kw"));
  EXPECT_THAT(Cst::Names(p, "kind"), ElementsAre("regular", "var_positional", "var_keyword"));
  EXPECT_EQ(c.ScopeOf(p, 0), "outer.inner");
  EXPECT_EQ(p.column("default_bstart").GetInt64(0), c.At("dflt"));
  EXPECT_EQ(p.column("annotation_bstart").GetInt64(0), c.At("Ann"));
  EXPECT_FALSE(p.column("default_bstart").IsValid(1));
  EXPECT_FALSE(p.column("annotation_bstart").IsValid(2));
}

TEST(CstExtractorTest, LambdaDefaultsBelongToTheEnclosingDefinition) {
  // Like CPython's __qualname__: a lambda default of method A.f is `A.<lambda>`.
  Cst c(
      "class A:\n"
      "    def f(self, key=lambda x: x):\n"
      "        return [lambda: y for y in key]\n");
  const auto& d = c.t().defs;
  EXPECT_THAT(Cst::Names(d, "qualified_path"),
              ElementsAre("A", "A.f", "A.<lambda1>", "A.f.<lambda1>"));
  EXPECT_EQ(d.column("parent_def_id").GetUInt64(2), d.column("def_id").GetUInt64(0));
  EXPECT_EQ(d.column("parent_def_id").GetUInt64(3), d.column("def_id").GetUInt64(1));
  EXPECT_EQ(c.ScopeOf(d, 2), "A");
  EXPECT_EQ(c.ScopeOf(c.t().scopes, c.ScopeRow("A.<lambda1>"), "parent_scope_id"), "A");
  EXPECT_EQ(c.ScopeOf(c.t().scopes, c.ScopeRow("A.f.<lambda1>"), "parent_scope_id"),
            "A.f.<listcomp>");
}

TEST(CstExtractorTest, ParameterKindsAndPositions) {
  Cst c(
      "def f(a, b=1, /, c=2, *, d, e: int = 3, **f): pass\n"
      "g = lambda x, *ys, z=0: x\n");
  const auto& p = c.t().params;
  EXPECT_THAT(Cst::Names(p), ElementsAre("a", "b", "c", "d", "e", "f", "x", "ys", "z"));
  EXPECT_THAT(Cst::Names(p, "kind"), ElementsAre("positional_only", "positional_only", "regular",
                                                 "keyword_only", "keyword_only", "var_keyword",
                                                 "regular", "var_positional", "keyword_only"));
  std::vector<int32_t> positions;
  for (size_t r = 0; r < p.num_rows(); ++r) positions.push_back(p.column("position").GetInt32(r));
  EXPECT_THAT(positions, ElementsAre(0, 1, 2, 3, 4, 5, 0, 1, 2));
  EXPECT_EQ(p.column("bstart").GetInt64(0), c.At("a,"));
  EXPECT_EQ(p.column("bend").GetInt64(0), c.At("a,") + 1);
  EXPECT_EQ(c.ScopeOf(p, 7), "<lambda1>");
  EXPECT_EQ(c.RefScope("x\n"), "<lambda1>");
}

TEST(CstExtractorTest, ComprehensionFirstIterableIsInTheEnclosingScope) {
  Cst c(
      "def f(rows):\n"
      "    return [cell for row in rows if row for cell in row]\n");
  EXPECT_EQ(c.RefScope("rows if"), "f");  // the first iterable
  EXPECT_EQ(c.RefScope("row in"), "f.<listcomp>");
  EXPECT_EQ(c.RefKind("row in"), "store/comprehension");
  EXPECT_EQ(c.RefScope("row for"), "f.<listcomp>");
  EXPECT_EQ(c.RefScope("row]"), "f.<listcomp>");  // a later iterable
  EXPECT_EQ(c.RefScope("cell for"), "f.<listcomp>");
  // The first `for` is a protocol site evaluated in f; the second in the comprehension.
  const auto& ps = c.t().protocol_sites;
  ASSERT_EQ(ps.num_rows(), 2u);
  EXPECT_EQ(ps.column("kind").GetString(0), "comprehension_for");
  EXPECT_EQ(c.ScopeOf(ps, 0), "f");
  EXPECT_EQ(c.ScopeOf(ps, 1), "f.<listcomp>");
  EXPECT_EQ(ps.column("expr_ref_id").GetUInt64(0), RefIdAt(c.At("rows if"), c.At("rows if") + 4));
  EXPECT_EQ(ps.column("target_ref_id").GetUInt64(0), RefIdAt(c.At("row in"), c.At("row in") + 3));
}

TEST(CstExtractorTest, WalrusInAComprehensionBindsInTheEnclosingFunction) {
  Cst c(
      "def f(xs):\n"
      "    if any((hit := x) > 0 for x in xs):\n"
      "        return hit\n"
      "    [[(y := 1) for _ in xs] for _ in xs]\n");
  EXPECT_EQ(c.RefKind("hit :="), "store/walrus");
  EXPECT_EQ(c.RefScope("hit :="), "f");
  EXPECT_EQ(c.RefScope("x)"), "f.<genexpr>");
  EXPECT_EQ(c.RefScope("y :="), "f");  // through two comprehensions
  const auto& a = c.t().assignments;
  const int64_t row = c.RowAt(a, "hit :=", 0, "target_bstart");
  ASSERT_GE(row, 0);
  EXPECT_EQ(a.column("kind").GetString(row), "walrus");
  EXPECT_EQ(c.ScopeOf(a, row), "f");
  EXPECT_EQ(a.column("bstart").GetInt64(row), c.At("hit :="));
  EXPECT_EQ(a.column("value_shape").GetString(row), "NAME");
}

TEST(CstExtractorTest, ClassBasesAndKeywordsAreInTheEnclosingScope) {
  Cst c(
      "def make():\n"
      "    class K(Base, mod.Mixin, Generic[T], metaclass=Meta, *more, **extra):\n"
      "        x = Base\n");
  EXPECT_EQ(c.RefScope("Base,"), "make");
  EXPECT_EQ(c.RefScope("Meta"), "make");
  EXPECT_EQ(c.RefScope("Base\n"), "make.K");
  EXPECT_FALSE(c.HasRef("metaclass"));
  const auto& b = c.t().class_bases;
  EXPECT_THAT(Cst::Names(b, "text"),
              ElementsAre("Base", "mod.Mixin", "Generic[T]", "Meta", "*more", "**extra"));
  EXPECT_THAT(Cst::Names(b, "keyword"),
              ElementsAre("NULL", "NULL", "NULL", "metaclass", "NULL", "**"));
  EXPECT_THAT(Cst::Names(b, "shape"),
              ElementsAre("NAME", "ATTRIBUTE", "SUBSCRIPT", "NAME", "OTHER", "OTHER"));
  EXPECT_THAT(Cst::Names(b, "dotted"),
              ElementsAre("Base", "mod.Mixin", "Generic", "Meta", "NULL", "NULL"));
  EXPECT_EQ(b.column("position").GetInt32(2), 2);
  EXPECT_FALSE(b.column("position").IsValid(3));
  EXPECT_EQ(b.column("position").GetInt32(4), 3);
  EXPECT_EQ(c.ScopeOf(b, 0), "make");
  EXPECT_EQ(b.column("ref_id").GetUInt64(0), RefIdAt(c.At("Base,"), c.At("Base,") + 4));
  EXPECT_FALSE(b.column("ref_id").IsValid(1));
  EXPECT_EQ(b.column("class_def_id").GetUInt64(0), c.t().defs.column("def_id").GetUInt64(1));
}

// --- Load / store contexts ---------------------------------------------------------------------

TEST(CstExtractorTest, StoreContextsOfEveryBindingConstruct) {
  Cst c(
      "def f(obj):\n"
      "    global g\n"
      "    a, (b, *rest) = obj\n"
      "    n: int = 0\n"
      "    n += 1\n"
      "    for item in obj: pass\n"
      "    with open(obj) as fh, lock: pass\n"
      "    try: pass\n"
      "    except Exception as err: pass\n"
      "    import os.path as osp\n"
      "    del a, obj.attr\n"
      "    def g2():\n"
      "        nonlocal n\n"
      "    obj.attr = obj.other\n");
  EXPECT_EQ(c.RefKind("g\n"), "global/global");
  EXPECT_EQ(c.RefKind("a, ("), "store/assign");
  EXPECT_EQ(c.RefKind("b, *"), "store/assign");
  EXPECT_EQ(c.RefKind("rest)"), "store/assign");
  EXPECT_EQ(c.RefKind("obj\n"), "load/expr");
  EXPECT_EQ(c.RefKind("n: int"), "store/annassign");
  EXPECT_EQ(c.RefKind("int"), "load/expr");
  EXPECT_TRUE(c.t().name_refs.column("in_annotation").GetBool(c.Ref("int")));
  EXPECT_EQ(c.RefKind("n += 1"), "augstore/augassign");
  EXPECT_EQ(c.RefKind("item"), "store/for");
  EXPECT_EQ(c.RefKind("fh"), "store/with");
  EXPECT_EQ(c.RefKind("lock"), "load/expr");
  EXPECT_EQ(c.RefKind("Exception"), "load/expr");
  EXPECT_EQ(c.RefKind("err"), "store/except");
  EXPECT_EQ(c.RefKind("osp"), "store/import");
  EXPECT_FALSE(c.HasRef("os.path"));  // the module path of an aliased import is not a name
  EXPECT_EQ(c.RefKind("a, obj.attr"), "del/del");
  EXPECT_EQ(c.RefKind("obj.attr\n"), "load/expr");  // the receiver of a deleted attribute
  EXPECT_EQ(c.RefKind("n\n"), "nonlocal/nonlocal");
  EXPECT_EQ(c.RefScope("n\n"), "f.g2");
  EXPECT_FALSE(c.HasRef("attr"));  // attribute names are cst_attributes rows
  const auto& at = c.t().attributes;
  EXPECT_EQ(at.column("ctx").GetString(c.RowAt(at, "obj.attr\n")), "del");
  EXPECT_EQ(at.column("ctx").GetString(c.RowAt(at, "obj.attr =")), "store");
  EXPECT_EQ(at.column("ctx").GetString(c.RowAt(at, "obj.other")), "load");
}

TEST(CstExtractorTest, NamesInFStringsAndExcludedIdentifiers) {
  Cst c("print(f'{value!r:>{width}}', sep=sep, end=f'{x:=10}')\n");
  EXPECT_EQ(c.RefKind("value"), "load/expr");
  EXPECT_EQ(c.RefKind("width"), "load/expr");
  EXPECT_FALSE(c.HasRef("sep="));  // keyword-argument names are not names
  EXPECT_EQ(c.RefKind("sep,"), "load/expr");
  // `{x:=10}` is x with the format spec `=10`, not a walrus.
  EXPECT_EQ(c.RefKind("x:="), "load/expr");
  EXPECT_EQ(c.t().assignments.num_rows(), 0u);
}

// --- Imports -----------------------------------------------------------------------------------

TEST(CstExtractorTest, ImportRowsPerAliasWithBindings) {
  Cst c(
      "import a.b.c, d as e\n"
      "from ..pkg.mod import (x as y, z)\n"
      "from . import sibling\n"
      "from m import *\n");
  const auto& im = c.t().imports;
  ASSERT_EQ(im.num_rows(), 6u);
  EXPECT_THAT(Cst::Names(im), ElementsAre("a.b.c", "d", "x", "z", "sibling", "*"));
  EXPECT_THAT(Cst::Names(im, "kind"),
              ElementsAre("import", "import", "from", "from", "from", "from"));
  EXPECT_THAT(Cst::Names(im, "module"), ElementsAre("a.b.c", "d", "pkg.mod", "pkg.mod", "", "m"));
  EXPECT_THAT(Cst::Names(im, "asname"), ElementsAre("NULL", "e", "y", "NULL", "NULL", "NULL"));
  EXPECT_THAT(Cst::Names(im, "bound_name"), ElementsAre("a", "e", "y", "z", "sibling", "NULL"));
  std::vector<int32_t> levels;
  for (size_t r = 0; r < im.num_rows(); ++r)
    levels.push_back(im.column("relative_level").GetInt32(r));
  EXPECT_THAT(levels, ElementsAre(0, 0, 2, 2, 1, 0));
  // `import a.b.c` binds `a`: one store ref on the `a` token, linked both ways.
  EXPECT_EQ(c.RefKind("a.b.c"), "store/import");
  EXPECT_FALSE(c.HasRef("b.c"));
  const size_t a_ref = c.Ref("a.b.c");
  EXPECT_EQ(c.t().name_refs.column("bend").GetInt64(a_ref), c.At("a.b.c") + 1);
  EXPECT_EQ(im.column("bound_ref_id").GetUInt64(0),
            c.t().name_refs.column("ref_id").GetUInt64(a_ref));
  EXPECT_EQ(c.t().name_refs.column("import_id").GetUInt64(a_ref),
            im.column("import_id").GetUInt64(0));
  EXPECT_EQ(im.column("bstart").GetInt64(0), c.At("a.b.c"));
  EXPECT_EQ(im.column("bend").GetInt64(0), c.At("a.b.c") + 5);
  // `x as y` binds y; x is not a name.
  EXPECT_EQ(c.RefKind("y,"), "store/import");
  EXPECT_FALSE(c.HasRef("x as"));
  EXPECT_EQ(im.column("bstart").GetInt64(2), c.At("x as y"));
  EXPECT_EQ(im.column("name_bstart").GetInt64(2), c.At("x as y"));
  EXPECT_EQ(im.column("name_bend").GetInt64(2), c.At("x as y") + 1);
  EXPECT_EQ(im.column("stmt_bstart").GetInt64(2), c.At("from .."));
  // The star import: no binding.
  EXPECT_TRUE(im.column("is_star").GetBool(5));
  EXPECT_FALSE(im.column("bound_ref_id").IsValid(5));
  EXPECT_EQ(im.column("bstart").GetInt64(5), c.At("*"));
  EXPECT_EQ(c.t().name_refs.num_rows(), 5u);  // a, e, y, z, sibling
}

TEST(CstExtractorTest, ImportsInsideFunctionsBindInTheirScope) {
  Cst c("def f():\n    from os import path\n    return path\n");
  EXPECT_EQ(c.ScopeOf(c.t().imports, 0), "f");
  EXPECT_EQ(c.RefScope("path\n"), "f");
}

// --- Attributes and calls ----------------------------------------------------------------------

TEST(CstExtractorTest, AttributeReceiversShapesAndDottedChains) {
  Cst c("x = os.path.join(a, b).upper\ny = self . attr\nz = d[0].real\n");
  const auto& at = c.t().attributes;
  ASSERT_EQ(at.num_rows(), 5u);
  const int64_t path = c.RowAt(at, "os.path.join");  // the outermost `...upper` starts there too
  EXPECT_GE(path, 0);
  // Rows come in walk order: `(...).upper`, `os.path.join`, `os.path`.
  EXPECT_THAT(Cst::Names(at, "attr_name"), ElementsAre("upper", "join", "path", "attr", "real"));
  EXPECT_THAT(Cst::Names(at, "receiver_shape"),
              ElementsAre("CALL", "ATTRIBUTE", "NAME", "NAME", "SUBSCRIPT"));
  EXPECT_THAT(Cst::Names(at, "dotted"),
              ElementsAre("NULL", "os.path.join", "os.path", "self.attr", "NULL"));
  EXPECT_THAT(Cst::Names(at, "receiver_text"),
              ElementsAre("os.path.join(a, b)", "os.path", "os", "self", "d[0]"));
  EXPECT_EQ(at.column("receiver_ref_id").GetUInt64(2), RefIdAt(c.At("os"), c.At("os") + 2));
  EXPECT_EQ(at.column("receiver_ref_id").GetUInt64(3), RefIdAt(c.At("self"), c.At("self") + 4));
  EXPECT_FALSE(at.column("receiver_ref_id").IsValid(1));
  EXPECT_EQ(at.column("attr_bstart").GetInt64(3), c.At("attr"));
  EXPECT_EQ(at.column("bend").GetInt64(3), c.At("attr") + 4);
  EXPECT_EQ(c.ScopeOf(at, 0), "<module>");
}

TEST(CstExtractorTest, CallSitesWithCalleeShapes) {
  const std::string src = "f(1)\nobj.m(x=2)\nd[k]()\nmake()()\n(lambda: 0)()\n";
  CstTables t = Extract(src);
  ASSERT_EQ(t.callsites.num_rows(), 6u);
  const auto& c = t.callsites;
  EXPECT_EQ(c.column("callee_shape").GetString(0), "NAME");
  EXPECT_EQ(c.column("callee_text").GetString(0), "f");
  EXPECT_EQ(c.column("bstart").GetInt64(0), 0);
  EXPECT_EQ(c.column("bend").GetInt64(0), 4);
  EXPECT_EQ(c.column("callee_shape").GetString(1), "ATTRIBUTE");
  EXPECT_EQ(c.column("callee_text").GetString(1), "obj.m");
  EXPECT_EQ(c.column("callee_shape").GetString(2), "SUBSCRIPT");
  EXPECT_EQ(c.column("callee_shape").GetString(3), "CALL");   // make()()
  EXPECT_EQ(c.column("callee_shape").GetString(4), "NAME");   // make()
  EXPECT_EQ(c.column("callee_shape").GetString(5), "OTHER");  // (lambda: 0)()
}

TEST(CstExtractorTest, CallSiteArgumentsCalleeLinksAndScope) {
  Cst c(
      "def f():\n"
      "    log.warn(msg, *args, level=3, exc_info=True, **kw)\n"
      "    run(x for x in y)\n");
  const auto& cs = c.t().callsites;
  ASSERT_EQ(cs.num_rows(), 2u);
  EXPECT_EQ(cs.column("callee_dotted").GetString(0), "log.warn");
  EXPECT_EQ(cs.column("callee_name").GetString(0), "warn");
  EXPECT_EQ(cs.column("positional_count").GetInt32(0), 1);
  EXPECT_EQ(cs.column("keyword_count").GetInt32(0), 2);
  EXPECT_EQ(cs.column("keyword_names").ListLength(0), 2u);
  EXPECT_EQ(cs.column("keyword_names").ListItem(0, 0), "level");
  EXPECT_EQ(cs.column("keyword_names").ListItem(0, 1), "exc_info");
  EXPECT_TRUE(cs.column("has_star_args").GetBool(0));
  EXPECT_TRUE(cs.column("has_star_kwargs").GetBool(0));
  EXPECT_EQ(cs.column("receiver_text").GetString(0), "log");
  EXPECT_EQ(cs.column("receiver_bstart").GetInt64(0), c.At("log"));
  EXPECT_FALSE(cs.column("callee_ref_id").IsValid(0));
  EXPECT_EQ(cs.column("callee_attr_id").GetUInt64(0),
            c.t().attributes.column("attr_id").GetUInt64(0));
  EXPECT_EQ(c.ScopeOf(cs, 0), "f");
  EXPECT_FALSE(cs.column("is_decorator").GetBool(0));
  // A bare generator argument counts as one positional argument.
  EXPECT_EQ(cs.column("callee_name").GetString(1), "run");
  EXPECT_EQ(cs.column("callee_ref_id").GetUInt64(1), RefIdAt(c.At("run"), c.At("run") + 3));
  EXPECT_EQ(cs.column("positional_count").GetInt32(1), 1);
  EXPECT_EQ(cs.column("keyword_names").ListLength(1), 0u);
  EXPECT_FALSE(cs.column("receiver_text").IsValid(1));
}

TEST(CstExtractorTest, DecoratorRows) {
  Cst c(
      "class C:\n"
      "    @functools.lru_cache(maxsize=None)\n"
      "    @property\n"
      "    @handlers[0]\n"
      "    def m(self): pass\n");
  const auto& d = c.t().decorators;
  ASSERT_EQ(d.num_rows(), 3u);
  EXPECT_THAT(Cst::Names(d, "text"),
              ElementsAre("functools.lru_cache(maxsize=None)", "property", "handlers[0]"));
  EXPECT_THAT(Cst::Names(d, "shape"), ElementsAre("CALL", "NAME", "OTHER"));
  EXPECT_THAT(Cst::Names(d, "dotted"), ElementsAre("functools.lru_cache", "property", "NULL"));
  for (int32_t k = 0; k < 3; ++k) EXPECT_EQ(d.column("position").GetInt32(k), k);
  const int64_t m = Cst::RowWhere(c.t().defs, "bstart", c.At("def m"));
  ASSERT_GE(m, 0);
  EXPECT_EQ(d.column("def_id").GetUInt64(0), c.t().defs.column("def_id").GetUInt64(m));
  EXPECT_EQ(c.ScopeOf(d, 0), "C");
  EXPECT_EQ(d.column("bstart").GetInt64(1), c.At("property"));
  const auto& cs = c.t().callsites;
  ASSERT_EQ(cs.num_rows(), 1u);
  EXPECT_TRUE(cs.column("is_decorator").GetBool(0));
  EXPECT_EQ(d.column("call_id").GetUInt64(0), cs.column("call_id").GetUInt64(0));
  EXPECT_FALSE(d.column("call_id").IsValid(1));
}

// --- Assignments and protocol sites ------------------------------------------------------------

TEST(CstExtractorTest, AssignmentRowsPerTargetWithValueShapes) {
  Cst c(
      "a = b = make()\n"
      "self.x: int = (other.y)\n"
      "p, (q, *r) = 1, (2, 3)\n"
      "count: int\n"
      "total += -1\n");
  const auto& a = c.t().assignments;
  auto row = [&](std::string_view needle) {
    const int64_t r = c.RowAt(a, needle, 0, "target_bstart");
    EXPECT_GE(r, 0) << needle;
    return r < 0 ? 0 : static_cast<size_t>(r);
  };
  const size_t ra = row("a =");
  const size_t rb = row("b =");
  EXPECT_EQ(a.column("kind").GetString(ra), "assign");
  EXPECT_EQ(a.column("bstart").GetInt64(rb), 0);  // the whole chain
  EXPECT_EQ(a.column("value_shape").GetString(ra), "CALL");
  EXPECT_EQ(a.column("value_dotted").GetString(rb), "make");
  EXPECT_EQ(a.column("value_call_id").GetUInt64(ra),
            c.t().callsites.column("call_id").GetUInt64(0));
  EXPECT_EQ(a.column("target_name").GetString(ra), "a");
  EXPECT_EQ(a.column("target_ref_id").GetUInt64(ra), RefIdAt(0, 1));
  // An annotated attribute target: value parentheses removed.
  const size_t rx = row("self.x");
  EXPECT_EQ(a.column("kind").GetString(rx), "annassign");
  EXPECT_FALSE(a.column("target_ref_id").IsValid(rx));
  EXPECT_EQ(a.column("target_attr_id").GetUInt64(rx),
            c.t().attributes.column("attr_id").GetUInt64(c.RowAt(c.t().attributes, "self.x")));
  EXPECT_EQ(a.column("value_shape").GetString(rx), "ATTRIBUTE");
  EXPECT_EQ(a.column("value_bstart").GetInt64(rx), c.At("other.y"));
  EXPECT_EQ(a.column("value_dotted").GetString(rx), "other.y");
  EXPECT_EQ(a.column("annotation_bstart").GetInt64(rx), c.At("int ="));
  // Destructuring: the whole target, then its names, unpacked.
  const size_t rt = row("p, (");
  EXPECT_FALSE(a.column("unpacked").GetBool(rt));
  EXPECT_FALSE(a.column("target_ref_id").IsValid(rt));
  EXPECT_EQ(a.column("value_shape").GetString(rt), "OTHER");
  EXPECT_EQ(a.column("value_node_type").GetString(rt), "expression_list");
  for (const char* element : {"p, (", "q, *", "r)"}) {
    const size_t re = element == std::string_view("p, (") ? rt + 1 : row(element);
    EXPECT_TRUE(a.column("unpacked").GetBool(re)) << element;
    EXPECT_EQ(a.column("target_bstart").GetInt64(re), c.At(element)) << element;
  }
  // A bare annotation has no value; an augmented assignment's literal value.
  const size_t rc = row("count");
  EXPECT_EQ(a.column("kind").GetString(rc), "annassign");
  EXPECT_FALSE(a.column("value_bstart").IsValid(rc));
  EXPECT_FALSE(a.column("value_shape").IsValid(rc));
  const size_t rs = row("total");
  EXPECT_EQ(a.column("kind").GetString(rs), "augassign");
  EXPECT_EQ(a.column("value_shape").GetString(rs), "LITERAL");
  EXPECT_EQ(a.num_rows(), 9u);  // a, b, self.x, (p, ...), p, q, r, count, total
}

TEST(CstExtractorTest, ProtocolSitesOfWithAndFor) {
  Cst c(
      "async def f(paths):\n"
      "    async with lock:\n"
      "        pass\n"
      "    with open(paths[0]) as fh, ctx.manager() as (a, b):\n"
      "        pass\n"
      "    for p in paths:\n"
      "        pass\n"
      "    async for q in stream():\n"
      "        pass\n"
      "    return [x async for x in gen()]\n");
  const auto& ps = c.t().protocol_sites;
  EXPECT_THAT(Cst::Names(ps, "kind"), ElementsAre("async_with", "with", "with", "for", "async_for",
                                                  "async_comprehension_for"));
  EXPECT_THAT(Cst::Names(ps, "expr_shape"),
              ElementsAre("NAME", "CALL", "CALL", "NAME", "CALL", "CALL"));
  EXPECT_THAT(Cst::Names(ps, "expr_dotted"),
              ElementsAre("lock", "open", "ctx.manager", "paths", "stream", "gen"));
  EXPECT_EQ(ps.column("bstart").GetInt64(1), c.At("with open"));  // the statement
  EXPECT_EQ(ps.column("expr_bstart").GetInt64(1), c.At("open("));
  EXPECT_EQ(ps.column("target_ref_id").GetUInt64(1), RefIdAt(c.At("fh"), c.At("fh") + 2));
  EXPECT_FALSE(ps.column("target_ref_id").IsValid(2));  // a tuple target
  EXPECT_EQ(ps.column("target_bstart").GetInt64(2), c.At("(a, b)"));
  EXPECT_FALSE(ps.column("target_bstart").IsValid(0));
  EXPECT_EQ(ps.column("expr_ref_id").GetUInt64(3), RefIdAt(c.At("paths:"), c.At("paths:") + 5));
  EXPECT_EQ(ps.column("expr_call_id").GetUInt64(4),
            base::StableId("cst_call", "m.py", c.At("stream()"), c.At("stream()") + 8));
  EXPECT_EQ(c.ScopeOf(ps, 5), "f");  // the first iterable of the comprehension
  EXPECT_EQ(c.RefKind("a, b"), "store/with");
}

// --- Module-level facts ------------------------------------------------------------------------

TEST(CstExtractorTest, DunderAllExports) {
  Cst c(
      "__all__ = ['alpha', \"beta\"]\n"
      "__all__ += ('gamma',)\n"
      "if True:\n"
      "    __all__.extend(['delta'])\n"
      "__all__.append('eps')\n"
      "__all__.append(name)\n"
      "__all__ += [f'{x}', b'bytes', 'esc\\x41']\n"
      "def f():\n"
      "    __all__ = ['local']\n");
  const auto& e = c.t().exports;
  EXPECT_THAT(Cst::Names(e), ElementsAre("alpha", "beta", "gamma", "delta", "eps"));
  EXPECT_THAT(Cst::Names(e, "op"), ElementsAre("assign", "assign", "extend", "extend", "extend"));
  EXPECT_EQ(e.column("bstart").GetInt64(0), c.At("'alpha'"));
  EXPECT_EQ(e.column("bend").GetInt64(0), c.At("'alpha'") + 7);
  EXPECT_EQ(e.column("stmt_bstart").GetInt64(3), c.At("__all__.extend"));
}

TEST(CstExtractorTest, Docstrings) {
  Cst c(
      "# comment first\n"
      "'''Module doc.'''\n"
      "class A:\n"
      "    \"Class \" \"doc\"\n"
      "def f():\n"
      "    # a comment\n"
      "    r'''raw doc'''\n"
      "def g():\n"
      "    f'not {a} docstring'\n"
      "def h():\n"
      "    x = 1\n"
      "    'not first'\n");
  const auto& d = c.t().docstrings;
  EXPECT_THAT(Cst::Names(d, "owner_kind"), ElementsAre("module", "class", "function"));
  EXPECT_THAT(Cst::Names(d, "text"),
              ElementsAre("'''Module doc.'''", "\"Class \" \"doc\"", "r'''raw doc'''"));
  EXPECT_EQ(d.column("owner_id").GetUInt64(0), base::StableId("file", "m.py"));
  EXPECT_EQ(d.column("owner_id").GetUInt64(2), c.t().defs.column("def_id").GetUInt64(1));
  EXPECT_EQ(d.column("bstart").GetInt64(0), c.At("'''Module"));
}

TEST(CstExtractorTest, TypeExpressions) {
  Cst c(
      "limit: int = 3\n"
      "class C:\n"
      "    def m(self, a: list[str], *rest: 'Fwd') -> dict | None:\n"
      "        local: float = 1.0\n");
  const auto& te = c.t().type_exprs;
  EXPECT_THAT(Cst::Names(te, "text"),
              ElementsAre("int", "dict | None", "list[str]", "'Fwd'", "float"));
  EXPECT_THAT(Cst::Names(te, "role"),
              ElementsAre("variable", "return", "param", "param", "variable"));
  EXPECT_THAT(Cst::Names(te, "param_name"), ElementsAre("NULL", "NULL", "a", "rest", "NULL"));
  const int64_t m = Cst::RowWhere(c.t().defs, "bstart", c.At("def m"));
  ASSERT_GE(m, 0);
  EXPECT_FALSE(te.column("owner_def_id").IsValid(0));
  EXPECT_EQ(te.column("owner_def_id").GetUInt64(1), c.t().defs.column("def_id").GetUInt64(m));
  EXPECT_EQ(te.column("owner_def_id").GetUInt64(4), c.t().defs.column("def_id").GetUInt64(m));
  EXPECT_EQ(c.ScopeOf(te, 1), "C");  // annotations are evaluated where the def is
  EXPECT_EQ(c.ScopeOf(te, 4), "C.m");
  EXPECT_EQ(te.column("target_ref_id").GetUInt64(0), RefIdAt(0, 5));
  EXPECT_EQ(te.column("bstart").GetInt64(2), c.At("list[str]"));
}

// --- Match statements and newer syntax --------------------------------------------------------

TEST(CstExtractorTest, MatchStatementCapturesAndValuePatterns) {
  Cst c(
      "match command:\n"
      "    case [first, *rest] as whole if first > 0:\n"
      "        pass\n"
      "    case Point(x=0, y=py) | pkg.Shape(inner):\n"
      "        pass\n"
      "    case {'k': kv, **others}:\n"
      "        pass\n"
      "    case Color.RED | _:\n"
      "        pass\n");
  EXPECT_EQ(c.RefKind("command"), "load/expr");
  EXPECT_EQ(c.RefKind("first,"), "store/match");
  EXPECT_EQ(c.RefKind("rest]"), "store/match");
  EXPECT_EQ(c.RefKind("whole"), "store/match");
  EXPECT_EQ(c.RefKind("first >"), "load/expr");  // the guard
  EXPECT_EQ(c.RefKind("Point"), "load/match");
  EXPECT_FALSE(c.HasRef("x=0"));  // a class-pattern keyword
  EXPECT_EQ(c.RefKind("py)"), "store/match");
  EXPECT_EQ(c.RefKind("pkg"), "load/match");
  EXPECT_EQ(c.RefKind("inner"), "store/match");
  EXPECT_EQ(c.RefKind("kv"), "store/match");
  EXPECT_EQ(c.RefKind("others"), "store/match");
  EXPECT_EQ(c.RefKind("Color"), "load/match");
  EXPECT_FALSE(c.HasRef("_:"));
  // Dotted value/class names are attributes, like CPython's MatchValue(Attribute(...)).
  const auto& at = c.t().attributes;
  ASSERT_EQ(at.num_rows(), 2u);
  EXPECT_THAT(Cst::Names(at, "dotted"), ElementsAre("pkg.Shape", "Color.RED"));
  EXPECT_EQ(at.column("receiver_ref_id").GetUInt64(1), RefIdAt(c.At("Color"), c.At("Color") + 5));
}

TEST(CstExtractorTest, Python312TypeAliasesAndTypeParameters) {
  Cst c(
      "type Alias[K] = dict[K, int]\n"
      "def first[T: Base, *Ts](items: list[T]) -> T:\n"
      "    return items[0]\n"
      "class Box[V]:\n"
      "    pass\n");
  EXPECT_EQ(c.t().parse_errors.num_rows(), 0u);
  EXPECT_EQ(c.RefKind("Alias"), "store/type_alias");
  EXPECT_EQ(c.RefKind("K]"), "store/type_param");
  EXPECT_EQ(c.RefKind("K,"), "load/expr");
  EXPECT_EQ(c.RefKind("T:"), "store/type_param");
  EXPECT_EQ(c.RefScope("T:"), "first");
  EXPECT_EQ(c.RefKind("Base"), "load/expr");
  EXPECT_EQ(c.RefScope("Base"), "<module>");
  EXPECT_EQ(c.RefKind("Ts"), "store/type_param");
  EXPECT_EQ(c.RefKind("T])"), "load/expr");
  EXPECT_EQ(c.RefKind("V]"), "store/type_param");
  EXPECT_EQ(c.RefScope("V]"), "Box");
  EXPECT_EQ(c.t().params.num_rows(), 1u);
  EXPECT_EQ(c.t().type_exprs.num_rows(), 2u);
}

TEST(CstExtractorTest, TreeSitterMisparsesAreRepaired) {
  // `type(x).attr = v` is not a type alias; `[*a.b]` is `*(a.b)`; `print >> f, x` is an
  // expression whose `print` is a name.
  Cst c(
      "def f(mock, sig):\n"
      "    type(mock).sig = sig\n"
      "    return [*mock.items], print >> err, 'x'\n");
  EXPECT_EQ(c.t().parse_errors.num_rows(), 0u);
  EXPECT_EQ(c.RefKind("type("), "load/expr");
  EXPECT_FALSE(c.HasRef("sig ="));
  const auto& at = c.t().attributes;
  const int64_t store = c.RowAt(at, "type(mock).sig");
  ASSERT_GE(store, 0);
  EXPECT_EQ(at.column("ctx").GetString(store), "store");
  EXPECT_EQ(at.column("receiver_shape").GetString(store), "CALL");
  const auto& a = c.t().assignments;
  ASSERT_EQ(a.num_rows(), 1u);
  EXPECT_EQ(a.column("target_bstart").GetInt64(0), c.At("type(mock)"));
  const int64_t items = c.RowAt(at, "mock.items");
  ASSERT_GE(items, 0);
  EXPECT_EQ(at.column("dotted").GetString(items), "mock.items");
  EXPECT_EQ(at.column("receiver_shape").GetString(items), "NAME");
  EXPECT_EQ(c.RefKind("print"), "load/expr");
  EXPECT_EQ(c.RefKind("err"), "load/expr");
}

// --- Bad input --------------------------------------------------------------------------------

TEST(CstExtractorTest, SyntaxErrorsYieldRecoveredNodesAndDiagnostics) {
  CstTables t = Extract("def ok():\n    pass\n\ndef broken(:\n    pass\n\nclass C:\n    pass\n");
  EXPECT_GE(t.parse_errors.num_rows(), 1u);
  EXPECT_EQ(t.diagnostics.num_rows(), t.parse_errors.num_rows());
  EXPECT_EQ(t.diagnostics.column("layer").GetString(0), "cst");
  bool saw_ok = false, saw_class = false;
  for (size_t r = 0; r < t.defs.num_rows(); ++r) {
    saw_ok |= t.defs.column("name").GetString(r) == "ok";
    saw_class |= t.defs.column("name").GetString(r) == "C";
  }
  EXPECT_TRUE(saw_ok);
  EXPECT_TRUE(saw_class);
  EXPECT_EQ(t.scopes.num_rows(), t.defs.num_rows() + 1);
}

TEST(CstExtractorTest, BrokenCodeStillProducesConsistentRows) {
  const std::string src =
      "import (\n"
      "x = [1, 2\n"
      "def f(a, b=:\n"
      "    return a.\n"
      "class (Base):\n"
      "    y = f(\n"
      "print 'py2'\n"
      "lambda: \n"
      "match x:\n"
      "    case :\n"
      "@\n"
      "for in x: pass\n";
  CstTables t = Extract(src);
  EXPECT_GT(t.parse_errors.num_rows(), 0u);
  for (const auto& [name, table] : t.Evidence()) table->CheckConsistent();
  // Every scope reference points at a scope row.
  std::set<uint64_t> scopes;
  for (size_t r = 0; r < t.scopes.num_rows(); ++r) {
    scopes.insert(t.scopes.column("scope_id").GetUInt64(r));
  }
  for (const auto& [name, table] : t.Evidence()) {
    if (!table->schema().IndexOf("scope_id")) continue;
    for (size_t r = 0; r < table->num_rows(); ++r) {
      EXPECT_TRUE(scopes.count(table->column("scope_id").GetUInt64(r))) << name << " row " << r;
    }
  }
}

std::string NestedBlocks(int depth, int indent_width) {
  std::string src;
  for (int level = 0; level < depth; ++level) {
    src += std::string(static_cast<size_t>(level * indent_width), ' ') +
           (level % 2 ? "if c:\n" : "def f" + std::to_string(level) + "():\n");
  }
  return src + std::string(static_cast<size_t>(depth * indent_width), ' ') +
         "return [z for z in y]\n";
}

TEST(CstExtractorTest, DeepNestingDoesNotOverflowTheStack) {
  // 3000 nested parentheses and 120 nested blocks: the walk is iterative.
  const std::string parens = "x = " + std::string(3000, '(') + "y" + std::string(3000, ')') + "\n";
  const auto start = std::chrono::steady_clock::now();
  Cst deep_parens(parens);
  Cst deep_blocks(NestedBlocks(120, 2));
  // 120 levels indented by 4 reach column 480: the pinned scanner kept columns in one byte (past
  // column 255 the rest of the file was a syntax error); the copy we compile keeps two.
  Cst wide(NestedBlocks(120, 4));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 10.0);
  EXPECT_EQ(deep_parens.t().parse_errors.num_rows(), 0u);
  EXPECT_EQ(deep_parens.RefKind("y"), "load/expr");
  EXPECT_EQ(deep_parens.RefKind("x ="), "store/assign");
  EXPECT_EQ(deep_blocks.t().parse_errors.num_rows(), 0u);
  EXPECT_EQ(deep_blocks.t().defs.num_rows(), 60u);
  EXPECT_EQ(deep_blocks.t().scopes.num_rows(), 62u);  // module, 60 functions, the listcomp
  EXPECT_EQ(deep_blocks.RefScope("z for").substr(0, 6), "f0.f2.");
  EXPECT_EQ(deep_blocks.RefScope("y]"), deep_blocks.RefScope("c:", 59));
  EXPECT_EQ(wide.t().parse_errors.num_rows(), 0u);
  EXPECT_EQ(wide.t().defs.num_rows(), 60u);
  EXPECT_EQ(wide.RefScope("y]"), wide.RefScope("c:", 59));
}

TEST(CstExtractorTest, LoneCarriageReturnsEndLinesAsInPython) {
  // CPython ends a line at \n, \r\n or a lone \r; the rows (same offsets) must not depend on it.
  const std::string lf = "def f(a):\n    return a\n\nclass C:\n    x = f(1)\n";
  std::string cr = lf;
  std::replace(cr.begin(), cr.end(), '\n', '\r');
  std::string mixed = lf;
  mixed[9] = '\r';  // after `def f(a):`
  for (const std::string& src : {cr, mixed}) {
    CstTables a = Extract(lf);
    CstTables b = Extract(src);
    EXPECT_EQ(b.parse_errors.num_rows(), 0u);
    const auto at = a.Evidence();
    const auto bt = b.Evidence();
    for (size_t k = 0; k < at.size(); ++k) {
      ASSERT_EQ(at[k].second->num_rows(), bt[k].second->num_rows()) << at[k].first;
      for (size_t r = 0; r < at[k].second->num_rows(); ++r) {
        EXPECT_EQ(at[k].second->GetRow(r), bt[k].second->GetRow(r)) << at[k].first << " " << r;
      }
    }
  }
  // In a string literal too, a lone \r ends the line: the literal is unterminated, as in CPython.
  EXPECT_GT(Extract("x = 'a\rb'\n").parse_errors.num_rows(), 0u);
}

TEST(CstExtractorTest, LongTextsAreCutAndMarkedSpansStayWhole) {
  // `x = f()()()…`: each call's callee is the whole chain before it; its text is cut.
  std::string src = "x = f";
  for (int i = 0; i < 1000; ++i) src += "()";
  src += "\ny = a";
  for (int i = 0; i < 1000; ++i) src += ".b";
  src += ".c()\n";
  CstTables t = Extract(src);
  const auto& calls = t.callsites;
  ASSERT_EQ(calls.num_rows(), 1001u);
  size_t cut = 0;
  for (size_t r = 0; r < calls.num_rows(); ++r) {
    const std::string_view text = calls.column("callee_text").GetString(r);
    const int64_t span =
        calls.column("callee_bend").GetInt64(r) - calls.column("callee_bstart").GetInt64(r);
    EXPECT_LE(text.size(), 128u);
    if (span > 128) {
      ++cut;
      EXPECT_TRUE(text.ends_with("\xE2\x80\xA6")) << text;
      EXPECT_EQ(text.substr(0, 10),
                std::string_view(src).substr(
                    static_cast<size_t>(calls.column("callee_bstart").GetInt64(r)), 10));
      EXPECT_FALSE(calls.column("callee_dotted").IsValid(r));
    } else {
      EXPECT_EQ(static_cast<int64_t>(text.size()), span);
    }
  }
  EXPECT_GT(cut, 900u);
  // The attribute chain: receivers cut, dotted names NULL past the cap, short ones intact.
  const auto& at = t.attributes;
  ASSERT_EQ(at.num_rows(), 1001u);
  for (size_t r = 0; r < at.num_rows(); ++r) {
    EXPECT_LE(at.column("receiver_text").GetString(r).size(), 128u);
    const int64_t span = at.column("bend").GetInt64(r) - at.column("bstart").GetInt64(r);
    EXPECT_EQ(at.column("dotted").IsValid(r), span <= 128) << r;
  }
  EXPECT_EQ(at.column("dotted").GetString(at.num_rows() - 1), "a.b");
}

TEST(CstExtractorTest, AFileOverItsBudgetKeepsConsistentRowsAndSaysWhere) {
  // 3000 nested lambdas: each scope holds its path and symtable key, so the cost grows with the
  // square of the depth; the walk stops at the budget.
  std::string src = "x = ";
  for (int i = 0; i < 3000; ++i) src += "lambda a: ";
  src += "a\ny = 1\n";
  auto extractor = CstExtractor::Create();
  ASSERT_TRUE(extractor.ok());
  CstTables t;
  extractor->ExtractFile(File("m.py", src), &t, size_t{4} << 20);
  ASSERT_EQ(t.diagnostics.num_rows(), 1u);
  EXPECT_EQ(t.diagnostics.column("code").GetString(0), "CST_BUDGET_EXCEEDED");
  EXPECT_EQ(t.diagnostics.column("severity").GetString(0), "warning");
  const int64_t stopped = t.diagnostics.column("bstart").GetInt64(0);
  EXPECT_GT(stopped, 1000);
  EXPECT_LT(stopped, static_cast<int64_t>(src.size()));
  EXPECT_GT(t.defs.num_rows(), 100u);
  EXPECT_LT(t.defs.num_rows(), 3000u);
  EXPECT_EQ(t.scopes.num_rows(), t.defs.num_rows() + 1);
  std::set<uint64_t> scopes;
  for (size_t r = 0; r < t.scopes.num_rows(); ++r) {
    scopes.insert(t.scopes.column("scope_id").GetUInt64(r));
  }
  for (const auto& [name, table] : t.Evidence()) {
    table->CheckConsistent();
    if (!table->schema().IndexOf("scope_id")) continue;
    for (size_t r = 0; r < table->num_rows(); ++r) {
      EXPECT_TRUE(scopes.count(table->column("scope_id").GetUInt64(r))) << name << " row " << r;
    }
  }
  // The same file within the default budget (16 MiB + 256 bytes per byte) is also cut: depth
  // 3000 is far past what CPython compiles. Plain code is not.
  EXPECT_GT(CstExtractor::DefaultBudgetBytes(src.size()), size_t{16} << 20);
  CstTables plain = Extract(NestedBlocks(60, 4) + std::string(20000, '#') + "\n");
  EXPECT_EQ(plain.diagnostics.num_rows(), 0u);
}

TEST(CstExtractorTest, RowsAreIndependentOfThreadCount) {
  std::vector<source::SourceFile> files;
  for (int i = 0; i < 40; ++i) {
    files.push_back(File("f" + std::to_string(i) + ".py",
                         "import os\ndef f" + std::to_string(i) +
                             "(a=1):\n    g(a.b, k=[x for x in a])\n" + std::string(i, '\n')));
  }
  files[7].status = "too_large";
  ASSERT_OK_AND_ASSIGN(CstTables one, ExtractFiles(files, 1));
  ASSERT_OK_AND_ASSIGN(CstTables four, ExtractFiles(files, 4));
  ASSERT_EQ(one.defs.num_rows(), 39u);
  const auto one_tables = one.Evidence();
  const auto four_tables = four.Evidence();
  ASSERT_EQ(one_tables.size(), four_tables.size());
  for (size_t k = 0; k < one_tables.size(); ++k) {
    const base::Table& a = *one_tables[k].second;
    const base::Table& b = *four_tables[k].second;
    ASSERT_EQ(a.num_rows(), b.num_rows()) << one_tables[k].first;
    for (size_t r = 0; r < a.num_rows(); ++r) {
      EXPECT_EQ(a.GetRow(r), b.GetRow(r)) << one_tables[k].first << " row " << r;
    }
  }
}

// --- Values -----------------------------------------------------------------------------------

//! The value tables of a snippet, rendered as text for readable expectations: an expression is
//! `kind:source text`.
class Values {
 public:
  explicit Values(std::string src) : src_(std::move(src)), t_(Extract(src_)) {
    const auto& e = t_.exprs;
    for (size_t r = 0; r < e.num_rows(); ++r) {
      const uint64_t id = e.column("expr_id").GetUInt64(r);
      EXPECT_TRUE(
          text_.emplace(id, std::string(e.column("kind").GetString(r)) + ":" + Span(e, r)).second)
          << "expr_id repeated: " << Span(e, r);
    }
  }
  std::string Span(const base::Table& t, size_t r, const char* start = "bstart",
                   const char* end = "bend") const {
    const int64_t s = t.column(start).GetInt64(r);
    return src_.substr(s, t.column(end).GetInt64(r) - s);
  }
  std::string Expr(const base::Column& c, size_t r) const {
    if (!c.IsValid(r)) return "-";
    auto it = text_.find(c.GetUInt64(r));
    return it == text_.end() ? "?" : it->second;
  }
  std::string Opt(const base::Column& c, size_t r) const {
    if (!c.IsValid(r)) return "-";
    return std::string(c.GetString(r));
  }
  //! cst_exprs rows: "kind:text base=... key=... name=... lit=kind/value".
  std::vector<std::string> Exprs() const {
    std::vector<std::string> out;
    const auto& e = t_.exprs;
    for (size_t r = 0; r < e.num_rows(); ++r) {
      std::string row = std::string(e.column("kind").GetString(r)) + ":" + Span(e, r);
      if (e.column("base_id").IsValid(r)) row += " base=" + Expr(e.column("base_id"), r);
      if (e.column("key_id").IsValid(r)) row += " key=" + Expr(e.column("key_id"), r);
      if (e.column("name").IsValid(r)) row += " name=" + Opt(e.column("name"), r);
      if (e.column("literal_kind").IsValid(r)) {
        row += " lit=" + Opt(e.column("literal_kind"), r) + "/" + Opt(e.column("literal_value"), r);
      }
      out.push_back(row);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::string> Parts() const {
    std::vector<std::string> out;
    const auto& p = t_.expr_parts;
    for (size_t r = 0; r < p.num_rows(); ++r) {
      std::string row =
          Expr(p.column("parent_id"), r) + " " + std::string(p.column("role").GetString(r)) +
          std::to_string(p.column("position").GetInt32(r)) + " " + Expr(p.column("child_id"), r);
      if (p.column("key_id").IsValid(r)) row += " key=" + Expr(p.column("key_id"), r);
      out.push_back(row);
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  const CstTables& t() const { return t_; }

 private:
  std::string src_;
  CstTables t_;
  std::map<uint64_t, std::string> text_;
};

TEST(CstValuesTest, ExpressionsCarryTheirTablesIdsAndOperands) {
  Values v(
      "x = (a.b)[0]\n"
      "y = f(x)(1) if not x else -2.5j\n"
      "z = await g or b'ok' + 'a\\n'\n"
      "w = lambda q: q\n");
  EXPECT_THAT(
      v.Exprs(),
      ::testing::UnorderedElementsAre(
          "attribute:a.b base=name:a name=b",
          "subscript:(a.b)[0] base=attribute:a.b "
          "key=literal:0",
          "literal:0 lit=int/0", "name:a name=a", "conditional:f(x)(1) if not x else -2.5j",
          "call:f(x)(1) base=call:f(x)", "call:f(x) base=name:f", "name:f name=f", "name:x name=x",
          "literal:1 lit=int/1", "not:not x base=name:x name=not", "name:x name=x",
          "unary_op:-2.5j base=literal:2.5j name=-", "literal:2.5j lit=complex/2.5j",
          "bool_op:await g or b'ok' + 'a\\n' name=or", "await:await g base=name:g", "name:g name=g",
          "bin_op:b'ok' + 'a\\n' name=+", "literal:b'ok' lit=bytes/ok", "literal:'a\\n' lit=str/-",
          "lambda:lambda q: q", "name:q name=q"));
  // Names, attributes, calls and lambdas use the IDs of their own tables.
  const auto& e = v.t().exprs;
  std::set<uint64_t> ids;
  for (size_t r = 0; r < e.num_rows(); ++r) ids.insert(e.column("expr_id").GetUInt64(r));
  for (const auto* t : {&v.t().name_refs, &v.t().attributes, &v.t().callsites, &v.t().defs}) {
    const char* id = t == &v.t().name_refs    ? "ref_id"
                     : t == &v.t().attributes ? "attr_id"
                     : t == &v.t().callsites  ? "call_id"
                                              : "def_id";
    for (size_t r = 0; r < t->num_rows(); ++r) {
      if (t == &v.t().name_refs && t->column("ctx").GetString(r) != "load") continue;
      EXPECT_TRUE(ids.count(t->column(id).GetUInt64(r))) << id << " row " << r;
    }
  }
}

TEST(CstValuesTest, PartsOfDisplaysOperatorsStringsAndComprehensions) {
  Values v(
      "a = [x, *y]\n"
      "b = {'k': x, **y, 1: z}\n"
      "c = f'{x}-{y!r}' 'tail'\n"
      "d = {k: v for k, v in y}\n"
      "e = (x for x in y)\n"
      "g = x if y else z\n"
      "h = x, y\n");
  EXPECT_THAT(
      v.Parts(),
      ::testing::UnorderedElementsAre(
          "list:[x, *y] element0 name:x", "list:[x, *y] unpack1 name:y",
          "dict:{'k': x, **y, 1: z} key0 literal:'k'",
          "dict:{'k': x, **y, 1: z} value0 name:x key=literal:'k'",
          "dict:{'k': x, **y, 1: z} unpack1 name:y", "dict:{'k': x, **y, 1: z} key2 literal:1",
          "dict:{'k': x, **y, 1: z} value2 name:z key=literal:1",
          "fstring:f'{x}-{y!r}' 'tail' format0 name:x",
          "fstring:f'{x}-{y!r}' 'tail' format1 name:y",
          "dict_comp:{k: v for k, v in y} comp_key0 name:k",
          "dict_comp:{k: v for k, v in y} comp_value0 name:v",
          "generator:(x for x in y) comp_element0 name:x",
          "conditional:x if y else z branch0 name:x", "conditional:x if y else z branch1 name:z",
          "tuple:x, y element0 name:x", "tuple:x, y element1 name:y"));
}

TEST(CstValuesTest, LiteralValues) {
  Values v(
      "s = ('plain', r'\\d', 'esc\\n', 'a' 'b', b'x', 0x1F, 1_000, True, None, ...)\n"
      "long = '" +
      std::string(300, 'x') + "'\n");
  auto exprs = v.Exprs();
  for (const char* want :
       {"literal:'plain' lit=str/plain", "literal:r'\\d' lit=str/\\d", "literal:'esc\\n' lit=str/-",
        "literal:'a' 'b' lit=str/ab", "literal:b'x' lit=bytes/x", "literal:0x1F lit=int/0x1F",
        "literal:1_000 lit=int/1_000", "literal:True lit=bool/True", "literal:None lit=none/None",
        "literal:... lit=ellipsis/..."}) {
    EXPECT_THAT(exprs, ::testing::Contains(want));
  }
  // Longer than 256 bytes: the kind, no value.
  EXPECT_THAT(exprs, ::testing::Contains("literal:'" + std::string(300, 'x') + "' lit=str/-"));
}

TEST(CstValuesTest, ArgumentsInOrder) {
  Values v("f(a, *b, c, k=d, **e)\ng(x for x in y)\n");
  const auto& t = v.t().arguments;
  std::vector<std::string> rows;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    rows.push_back(
        v.Span(t, r) + " index=" + std::to_string(t.column("index").GetInt32(r)) + " pos=" +
        (t.column("position").IsValid(r) ? std::to_string(t.column("position").GetInt32(r)) : "-") +
        " kw=" + v.Opt(t.column("keyword"), r) + " star=" + v.Opt(t.column("star"), r) +
        (t.column("after_star").GetBool(r) ? " after_star" : "") + " " +
        v.Expr(t.column("expr_id"), r));
  }
  EXPECT_THAT(
      rows,
      ElementsAre("a index=0 pos=0 kw=- star=- name:a", "*b index=1 pos=1 kw=- star=* name:b",
                  "c index=2 pos=2 kw=- star=- after_star name:c",
                  "k=d index=3 pos=- kw=k star=- name:d", "**e index=4 pos=- kw=- star=** name:e",
                  "(x for x in y) index=0 pos=0 kw=- star=- generator:(x for x in y)"));
}

TEST(CstValuesTest, ReturnsYieldsAndLambdaBodies) {
  Values v(
      "def f():\n"
      "    def g():\n"
      "        return\n"
      "    yield 1\n"
      "    yield from g()\n"
      "    if g:\n"
      "        raise E(1) from None\n"
      "    return [i for i in (lambda: 2)()]\n");
  const auto& t = v.t().returns;
  std::map<uint64_t, std::string> defs;
  for (size_t r = 0; r < v.t().defs.num_rows(); ++r) {
    defs[v.t().defs.column("def_id").GetUInt64(r)] =
        std::string(v.t().defs.column("qualified_path").GetString(r));
  }
  std::vector<std::string> rows;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    rows.push_back(std::string(t.column("kind").GetString(r)) + " " +
                   defs[t.column("def_id").GetUInt64(r)] + " " + v.Expr(t.column("expr_id"), r));
  }
  EXPECT_THAT(
      rows,
      ElementsAre("return f.g -", "yield f literal:1", "yield_from f call:g()", "raise f call:E(1)",
                  "return f list_comp:[i for i in (lambda: 2)()]", "lambda f.<lambda1> literal:2"));
}

TEST(CstValuesTest, TargetsNestAsWritten) {
  Values v(
      "a = b = v\n"
      "x, (y, *z) = v\n"
      "o.attr[k] = o.attr = v\n"
      "n += 1\n"
      "for i, j in v: pass\n"
      "with v as (p, q), w: pass\n"
      "try: pass\n"
      "except E as err: pass\n"
      "r = [m for m in v if (t := m)]\n"
      "u: int\n");
  const auto& t = v.t().targets;
  std::map<uint64_t, std::string> text;
  for (size_t r = 0; r < t.num_rows(); ++r) text[t.column("target_id").GetUInt64(r)] = v.Span(t, r);
  std::vector<std::string> rows;
  for (size_t r = 0; r < t.num_rows(); ++r) {
    std::string row = std::string(t.column("site").GetString(r)) + " " +
                      std::string(t.column("target_kind").GetString(r)) + ":" + v.Span(t, r);
    if (t.column("source_id").IsValid(r)) row += " <- " + v.Expr(t.column("source_id"), r);
    if (t.column("parent_id").IsValid(r)) {
      row += " in " + text[t.column("parent_id").GetUInt64(r)] + "@" +
             std::to_string(t.column("position").GetInt32(r));
    }
    if (t.column("starred").GetBool(r)) row += " starred";
    if (t.column("base_id").IsValid(r)) row += " base=" + v.Expr(t.column("base_id"), r);
    if (t.column("key_id").IsValid(r)) row += " key=" + v.Expr(t.column("key_id"), r);
    rows.push_back(row);
  }
  EXPECT_THAT(
      rows,
      ::testing::UnorderedElementsAre(
          "assign name:a <- name:v", "assign name:b <- name:v", "assign tuple:x, (y, *z) <- name:v",
          "assign name:x in x, (y, *z)@0", "assign tuple:(y, *z) in x, (y, *z)@1",
          "assign name:y in (y, *z)@0", "assign name:z in (y, *z)@1 starred",
          "assign subscript:o.attr[k] <- name:v base=attribute:o.attr key=name:k",
          "assign attribute:o.attr <- name:v base=name:o", "augassign name:n <- literal:1",
          "for tuple:i, j <- name:v", "for name:i in i, j@0", "for name:j in i, j@1",
          "with tuple:(p, q) <- name:v", "with name:p in (p, q)@0", "with name:q in (p, q)@1",
          "except name:err <- name:E", "assign name:r <- list_comp:[m for m in v if (t := m)]",
          "comprehension name:m <- name:v", "walrus name:t <- name:m", "annassign name:u"));
}

TEST(CstExtractorTest, EveryDeclaredCstTableIsFilled) {
  CstTables t;
  std::vector<std::string_view> names;
  for (const auto& [name, table] : t.Evidence()) names.push_back(name);
  std::vector<std::string_view> declared;
  for (const auto& def : schema::Tables().all()) {
    if (def.layer == schema::Layer::kCst &&
        def.name != schema::DiagnosticsTable(schema::Layer::kCst)) {
      declared.push_back(def.name);
    }
  }
  EXPECT_EQ(names, declared);
}

}  // namespace
}  // namespace codeanatomy::extract::cst
