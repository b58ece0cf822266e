// codeanatomy/source/gitignore.h
//
// gitignore-style patterns, written after git's dir.c and wildmatch.c (git 2.39) and checked
// against `git check-ignore` (gitignore_test.cc):
//  * one pattern per line; blank lines and lines starting with '#' are skipped; a UTF-8 BOM at the
//    start of the file and one '\r' before each '\n' are dropped; trailing spaces are trimmed
//    unless escaped with '\';
//  * a leading '!' negates (re-includes); '\!' and '\#' match a literal '!' or '#';
//  * a trailing '/' matches directories only;
//  * a pattern with no other '/' matches the last path component at any depth; otherwise it is
//    anchored to the directory of the file that holds it (a leading '/' only anchors);
//  * wildmatch with WM_PATHNAME: '*' and '?' do not match '/', '**' between slashes (or at either
//    end) matches any number of directories, '[...]' classes with ranges, '!'/'^' negation and
//    [:alpha:]-style names, '\' escapes the next character; matching is case-sensitive, on bytes;
//  * the last matching pattern of a list decides; lists of deeper directories take precedence over
//    shallower ones, and all of them over .git/info/exclude; nothing inside an ignored directory
//    can be re-included (the scan never enters it).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace codeanatomy::source {

//! git's wildmatch(pattern, text, WM_PATHNAME).
bool WildMatch(std::string_view pattern, std::string_view text);

struct PathPattern {
  //! The pattern without its leading '!' and trailing '/'.
  std::string pattern;
  bool negative = false;
  bool must_be_dir = false;
  //! No '/' in the pattern: it is matched against the last path component only.
  bool basename_only = false;
};

//! The patterns of one .gitignore (or of --include / --exclude), in file order.
class PatternList {
 public:
  PatternList() = default;
  //! `base`: the directory the patterns are relative to, "" or ending in '/'.
  explicit PatternList(std::string base) : base_(std::move(base)) {}

  //! Parses a whole .gitignore file (comments, blank lines, BOM, CRLF, trailing spaces).
  static PatternList Parse(std::string_view contents, std::string base);
  //! Adds one pattern line as written on a command line ('!' and a trailing '/' are honoured).
  void Add(std::string_view pattern);

  //! The verdict of the last pattern matching `path` (relative to the same root as the base):
  //! true = matched (ignored / included), false = matched by a negation, nullopt = no match.
  std::optional<bool> Match(std::string_view path, bool is_dir) const;

  bool empty() const { return patterns_.empty(); }
  const std::vector<PathPattern>& patterns() const { return patterns_; }
  const std::string& base() const { return base_; }

 private:
  std::string base_;
  std::vector<PathPattern> patterns_;
};

//! The .gitignore lists in force in one directory: its own and its ancestors', deepest first,
//! then .git/info/exclude. Immutable and shared between sibling directories.
class IgnoreStack {
 public:
  //! The bottom of a stack: .git/info/exclude (possibly empty).
  static std::shared_ptr<const IgnoreStack> Root(PatternList info_exclude);
  //! `parent` plus one directory's .gitignore.
  static std::shared_ptr<const IgnoreStack> Push(std::shared_ptr<const IgnoreStack> parent,
                                                 PatternList list);

  //! True when the first list (deepest first) with a matching pattern says "ignored".
  bool IsIgnored(std::string_view path, bool is_dir) const;

 private:
  PatternList list_;
  std::shared_ptr<const IgnoreStack> parent_;
  PatternList info_exclude_;  // only on the root
  bool is_root_ = false;
};

}  // namespace codeanatomy::source
