// codeanatomy/base/ts_handles.h
//
// RAII owners for tree-sitter handles.
#pragma once

#include <memory>

#include <tree_sitter/api.h>

namespace codeanatomy::base {

struct TsParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TsTreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};
struct TsQueryDeleter {
  void operator()(TSQuery* q) const { ts_query_delete(q); }
};
struct TsQueryCursorDeleter {
  void operator()(TSQueryCursor* c) const { ts_query_cursor_delete(c); }
};

using TsParser = std::unique_ptr<TSParser, TsParserDeleter>;
using TsTree = std::unique_ptr<TSTree, TsTreeDeleter>;
using TsQuery = std::unique_ptr<TSQuery, TsQueryDeleter>;
using TsQueryCursor = std::unique_ptr<TSQueryCursor, TsQueryCursorDeleter>;

//! Owns a TSTreeCursor (a struct, deleted with ts_tree_cursor_delete).
class TsTreeCursor {
 public:
  explicit TsTreeCursor(TSNode root) : cursor_(ts_tree_cursor_new(root)) {}
  TsTreeCursor(const TsTreeCursor&) = delete;
  TsTreeCursor& operator=(const TsTreeCursor&) = delete;
  ~TsTreeCursor() { ts_tree_cursor_delete(&cursor_); }
  TSTreeCursor* get() { return &cursor_; }

 private:
  TSTreeCursor cursor_;
};

}  // namespace codeanatomy::base
