#include "codeanatomy/extract/cst/cst_extractor.h"

#include <optional>
#include <string>

#include <fmt/core.h>

#include "codeanatomy/base/parallel.h"
#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/schema/diagnostics.h"
#include "codeanatomy/schema/table_def.h"

extern "C" const TSLanguage* tree_sitter_python();

namespace codeanatomy::extract::cst {
namespace {

// tree-sitter's ERROR symbol (ts_builtin_sym_error in parser.h, which api.h does not expose).
constexpr TSSymbol kErrorSymbol = static_cast<TSSymbol>(-1);

//! Symbol and field IDs of the grammar, looked up once by name.
struct Grammar {
  TSSymbol function_definition, class_definition, lambda, call, identifier, attribute, subscript;
  TSFieldId field_name, field_function;

  Grammar() {
    const TSLanguage* lang = tree_sitter_python();
    auto sym = [&](const char* name) {
      return ts_language_symbol_for_name(lang, name, static_cast<uint32_t>(strlen(name)), true);
    };
    auto field = [&](const char* name) {
      return ts_language_field_id_for_name(lang, name, static_cast<uint32_t>(strlen(name)));
    };
    function_definition = sym("function_definition");
    class_definition = sym("class_definition");
    lambda = sym("lambda");
    call = sym("call");
    identifier = sym("identifier");
    attribute = sym("attribute");
    subscript = sym("subscript");
    field_name = field("name");
    field_function = field("function");
  }
};

const Grammar& G() {
  static const Grammar grammar;
  return grammar;
}

std::string_view Text(const std::string& text, TSNode node) {
  return std::string_view(text).substr(ts_node_start_byte(node),
                                       ts_node_end_byte(node) - ts_node_start_byte(node));
}

//! A definition on the lexical stack while walking.
struct Frame {
  uint32_t depth;
  uint64_t def_id;
  std::string qualified_path;
  int lambda_count = 0;
};

class FileWalker {
 public:
  FileWalker(const source::SourceFile& file, CstTables* out) : file_(file), out_(out) {}

  void Walk(TSNode root) {
    base::TsTreeCursor cursor(root);
    TSTreeCursor* c = cursor.get();
    uint32_t depth = 0;
    while (true) {
      Visit(ts_tree_cursor_current_node(c), depth);
      if (ts_tree_cursor_goto_first_child(c)) {
        ++depth;
        continue;
      }
      while (!ts_tree_cursor_goto_next_sibling(c)) {
        if (!ts_tree_cursor_goto_parent(c)) return;
        --depth;
      }
      // The subtree at `depth` we just left is finished: drop its definitions.
      while (!stack_.empty() && stack_.back().depth >= depth) stack_.pop_back();
    }
  }

 private:
  void Visit(TSNode node, uint32_t depth) {
    if (ts_node_is_missing(node)) {
      AddParseError(node, "missing");
      return;
    }
    const TSSymbol symbol = ts_node_symbol(node);
    const Grammar& g = G();
    if (symbol == kErrorSymbol) {
      AddParseError(node, "error");
    } else if (symbol == g.function_definition || symbol == g.class_definition) {
      AddDef(node, depth, symbol == g.class_definition);
    } else if (symbol == g.lambda) {
      AddDef(node, depth, false);
    } else if (symbol == g.call) {
      AddCall(node);
    }
  }

  void AddDef(TSNode node, uint32_t depth, bool is_class) {
    const Grammar& g = G();
    const bool is_lambda = ts_node_symbol(node) == g.lambda;
    TSNode name_node = ts_node_child_by_field_id(node, g.field_name);
    std::string name;
    if (is_lambda) {
      int n = stack_.empty() ? ++module_lambda_count_ : ++stack_.back().lambda_count;
      name = fmt::format("<lambda{}>", n);
    } else if (!ts_node_is_null(name_node)) {
      name = std::string(Text(file_.text, name_node));
    } else {
      return;  // a definition without a name: only in recovered (erroneous) regions
    }
    std::string kind = is_class ? "class" : (is_lambda ? "lambda" : "function");
    if (!is_class && !is_lambda && ts_node_child_count(node) > 0 &&
        std::string_view(ts_node_type(ts_node_child(node, 0))) == "async") {
      kind = "async_function";
    }
    const int64_t bstart = ts_node_start_byte(node);
    const int64_t bend = ts_node_end_byte(node);
    const uint64_t def_id = base::StableId("cst_def", file_.path, bstart, bend);
    std::string qualified = stack_.empty() ? name : stack_.back().qualified_path + "." + name;

    auto& t = out_->defs;
    t.column("def_id").AppendUInt64(def_id);
    t.column("file_id").AppendUInt64(file_.file_id);
    t.column("path").AppendString(file_.path);
    t.column("kind").AppendString(kind);
    t.column("name").AppendString(is_lambda ? "<lambda>" : name);
    t.column("bstart").AppendInt64(bstart);
    t.column("bend").AppendInt64(bend);
    if (is_lambda || ts_node_is_null(name_node)) {
      t.column("name_bstart").AppendNull();
      t.column("name_bend").AppendNull();
    } else {
      t.column("name_bstart").AppendInt64(ts_node_start_byte(name_node));
      t.column("name_bend").AppendInt64(ts_node_end_byte(name_node));
    }
    if (stack_.empty()) {
      t.column("parent_def_id").AppendNull();
    } else {
      t.column("parent_def_id").AppendUInt64(stack_.back().def_id);
    }
    t.column("qualified_path").AppendString(qualified);
    stack_.push_back(Frame{depth, def_id, std::move(qualified)});
  }

  void AddCall(TSNode node) {
    const Grammar& g = G();
    TSNode callee = ts_node_child_by_field_id(node, g.field_function);
    if (ts_node_is_null(callee)) return;
    const TSSymbol s = ts_node_symbol(callee);
    const char* shape = s == g.identifier  ? "NAME"
                        : s == g.attribute ? "ATTRIBUTE"
                        : s == g.subscript ? "SUBSCRIPT"
                        : s == g.call      ? "CALL"
                                           : "OTHER";
    const int64_t bstart = ts_node_start_byte(node);
    const int64_t bend = ts_node_end_byte(node);
    auto& t = out_->callsites;
    t.column("call_id").AppendUInt64(base::StableId("cst_call", file_.path, bstart, bend));
    t.column("file_id").AppendUInt64(file_.file_id);
    t.column("path").AppendString(file_.path);
    t.column("bstart").AppendInt64(bstart);
    t.column("bend").AppendInt64(bend);
    t.column("callee_bstart").AppendInt64(ts_node_start_byte(callee));
    t.column("callee_bend").AppendInt64(ts_node_end_byte(callee));
    t.column("callee_shape").AppendString(shape);
    t.column("callee_text").AppendString(Text(file_.text, callee));
  }

  void AddParseError(TSNode node, std::string_view kind) {
    const int64_t bstart = ts_node_start_byte(node);
    const int64_t bend = ts_node_end_byte(node);
    const std::string node_type = ts_node_type(node);
    auto& t = out_->parse_errors;
    t.column("error_id")
        .AppendUInt64(base::StableId("cst_parse_error", file_.path, bstart, bend, kind));
    t.column("file_id").AppendUInt64(file_.file_id);
    t.column("path").AppendString(file_.path);
    t.column("kind").AppendString(kind);
    t.column("node_type").AppendString(node_type);
    t.column("bstart").AppendInt64(bstart);
    t.column("bend").AppendInt64(bend);
    const bool missing = kind == "missing";
    schema::AppendDiagnostic(
        out_->diagnostics,
        {.file_id = file_.file_id,
         .path = file_.path,
         .layer = "cst",
         .code = missing ? "CST_MISSING_TOKEN" : "CST_SYNTAX_ERROR",
         .severity = "error",
         .message = missing ? fmt::format("syntax error: missing `{}`", node_type)
                            : "syntax error: tree-sitter could not parse this region",
         .bstart = bstart,
         .bend = bend});
  }

  const source::SourceFile& file_;
  CstTables* out_;
  std::vector<Frame> stack_;
  int module_lambda_count_ = 0;
};

}  // namespace

CstTables::CstTables()
    : defs(schema::GetTable("cst_defs").NewTable()),
      callsites(schema::GetTable("cst_callsites").NewTable()),
      parse_errors(schema::GetTable("cst_parse_errors").NewTable()),
      diagnostics(schema::NewDiagnosticsTable()) {}

void CstTables::Append(const CstTables& other) {
  defs.AppendTable(other.defs);
  callsites.AppendTable(other.callsites);
  parse_errors.AppendTable(other.parse_errors);
  diagnostics.AppendTable(other.diagnostics);
}

base::Result<CstExtractor> CstExtractor::Create() {
  CstExtractor extractor;
  extractor.parser_.reset(ts_parser_new());
  if (!ts_parser_set_language(extractor.parser_.get(), tree_sitter_python())) {
    return base::Status::FailedPrecondition(
        "the tree-sitter-python grammar (ABI {}) does not match the tree-sitter runtime (ABI {}); "
        "re-run scripts/setup",
        ts_language_version(tree_sitter_python()), TREE_SITTER_LANGUAGE_VERSION);
  }
  return extractor;
}

void CstExtractor::ExtractFile(const source::SourceFile& file, CstTables* out) {
  base::TsTree tree(ts_parser_parse_string(parser_.get(), nullptr, file.text.data(),
                                           static_cast<uint32_t>(file.text.size())));
  if (!tree) {
    schema::AppendDiagnostic(out->diagnostics,
                             {.file_id = file.file_id,
                              .path = file.path,
                              .layer = "cst",
                              .code = "CST_PARSE_FAILED",
                              .severity = "error",
                              .message = "tree-sitter returned no tree for this file"});
    return;
  }
  FileWalker(file, out).Walk(ts_tree_root_node(tree.get()));
}

base::Result<CstTables> ExtractFiles(const std::vector<source::SourceFile>& files, int threads) {
  const int workers = std::max(1, threads);
  std::vector<std::optional<CstExtractor>> extractors(static_cast<size_t>(workers));
  for (auto& e : extractors) {
    CA_ASSIGN_OR_RETURN(auto created, CstExtractor::Create());
    e.emplace(std::move(created));
  }
  std::vector<CstTables> per_file(files.size());
  base::ParallelFor(files.size(), workers, [&](size_t i, size_t worker) {
    if (files[i].status == "ok") extractors[worker]->ExtractFile(files[i], &per_file[i]);
  });
  CstTables all;
  for (auto& t : per_file) all.Append(t);
  return all;
}

}  // namespace codeanatomy::extract::cst
