#include "codeanatomy/source/gitignore.h"

#include <cstdint>
#include <cstring>

namespace codeanatomy::source {

namespace {

using uchar = unsigned char;

// wildmatch.c's return values.
constexpr int kMatch = 0;
constexpr int kNoMatch = 1;
constexpr int kAbortAll = -1;
constexpr int kAbortToStarStar = -2;

// git's sane_ctype classes (ASCII only; isspace is " \t\n\r", without \v and \f).
bool IsDigit(uchar c) { return c >= '0' && c <= '9'; }
bool IsLower(uchar c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(uchar c) { return c >= 'A' && c <= 'Z'; }
bool IsAlpha(uchar c) { return IsLower(c) || IsUpper(c); }
bool IsAlnum(uchar c) { return IsAlpha(c) || IsDigit(c); }
bool IsSpace(uchar c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsBlank(uchar c) { return c == ' ' || c == '\t'; }
bool IsCntrl(uchar c) { return c < 0x20 || c == 0x7F; }
bool IsPrint(uchar c) { return c >= 0x20 && c <= 0x7E; }
bool IsGraph(uchar c) { return c > 0x20 && c <= 0x7E; }
bool IsPunct(uchar c) { return IsGraph(c) && !IsAlnum(c); }
bool IsXDigit(uchar c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsGlobSpecial(uchar c) { return c == '*' || c == '?' || c == '[' || c == '\\'; }

bool ClassIs(const uchar* s, int len, const char* name) {
  return len == static_cast<int>(std::strlen(name)) &&
         std::memcmp(s, name, static_cast<size_t>(len)) == 0;
}

// dowild() of git's wildmatch.c with WM_PATHNAME, over a NUL-terminated pattern and the text
// [text, tend) (file names hold no NUL, so a NUL stands for the end of the text as in git).
// `budget` bounds the work: a hostile pattern can make git's backtracking exponential (git hangs
// on it); when the budget runs out the pattern does not match.
int DoWild(const uchar* p, const uchar* text, const uchar* tend, int64_t* budget) {
  if (--*budget < 0) return kAbortAll;
  const uchar* const pattern = p;
  auto at = [tend](const uchar* t) -> uchar { return t < tend ? *t : 0; };
  uchar p_ch;
  for (; (p_ch = *p) != '\0'; text++, p++) {
    int matched, match_slash, negated;
    uchar t_ch, prev_ch;
    if ((t_ch = at(text)) == '\0' && p_ch != '*') return kAbortAll;
    switch (p_ch) {
      case '\\':
        // Literal match with the following character (a trailing '\' never matches).
        p_ch = *++p;
        [[fallthrough]];
      default:
        if (t_ch != p_ch) return kNoMatch;
        continue;
      case '?':
        if (t_ch == '/') return kNoMatch;
        continue;
      case '*':
        if (*++p == '*') {
          const uchar* prev_p = p - 2;
          while (*++p == '*') {
          }
          if ((prev_p < pattern || *prev_p == '/') &&
              (*p == '\0' || *p == '/' || (p[0] == '\\' && p[1] == '/'))) {
            // "**/" may match no directory at all: try the rest of the pattern right here.
            if (p[0] == '/' && DoWild(p + 1, text, tend, budget) == kMatch) return kMatch;
            match_slash = 1;
          } else {
            match_slash = 0;  // "**" not between slashes is a plain '*'
          }
        } else {
          match_slash = 0;
        }
        if (*p == '\0') {
          // A trailing "**" matches everything; a trailing '*' only up to the next slash.
          if (!match_slash && text < tend &&
              std::memchr(text, '/', static_cast<size_t>(tend - text)) != nullptr) {
            return kNoMatch;
          }
          return kMatch;
        } else if (!match_slash && *p == '/') {
          // One '*' followed by a slash matches the rest of this path component.
          const void* slash =
              text < tend ? std::memchr(text, '/', static_cast<size_t>(tend - text)) : nullptr;
          if (slash == nullptr) return kNoMatch;
          text = static_cast<const uchar*>(slash);
          break;  // the slash is consumed by the for loop
        }
        while (true) {
          if (t_ch == '\0') break;
          // Skip ahead to the next occurrence of a literal that follows the '*'.
          if (!IsGlobSpecial(*p)) {
            p_ch = *p;
            while ((t_ch = at(text)) != '\0' && (match_slash || t_ch != '/')) {
              if (t_ch == p_ch) break;
              text++;
            }
            if (t_ch != p_ch) return kNoMatch;
          }
          if ((matched = DoWild(p, text, tend, budget)) != kNoMatch) {
            if (!match_slash || matched != kAbortToStarStar) return matched;
          } else if (!match_slash && t_ch == '/') {
            return kAbortToStarStar;
          }
          if (--*budget < 0) return kAbortAll;
          t_ch = at(++text);
        }
        return kAbortAll;
      case '[':
        p_ch = *++p;
        if (p_ch == '^') p_ch = '!';
        negated = p_ch == '!' ? 1 : 0;
        if (negated) p_ch = *++p;
        prev_ch = 0;
        matched = 0;
        do {
          if (!p_ch) return kAbortAll;
          if (p_ch == '\\') {
            p_ch = *++p;
            if (!p_ch) return kAbortAll;
            if (t_ch == p_ch) matched = 1;
          } else if (p_ch == '-' && prev_ch && p[1] && p[1] != ']') {
            p_ch = *++p;
            if (p_ch == '\\') {
              p_ch = *++p;
              if (!p_ch) return kAbortAll;
            }
            if (t_ch <= p_ch && t_ch >= prev_ch) matched = 1;
            p_ch = 0;  // so that prev_ch becomes 0
          } else if (p_ch == '[' && p[1] == ':') {
            const uchar* s;
            for (s = p += 2; (p_ch = *p) && p_ch != ']'; p++) {
            }
            if (!p_ch) return kAbortAll;
            const int i = static_cast<int>(p - s - 1);
            if (i < 0 || p[-1] != ':') {
              // No ":]": a plain '[' in the set.
              p = s - 2;
              p_ch = '[';
              if (t_ch == p_ch) matched = 1;
              continue;
            }
            bool in_class;
            if (ClassIs(s, i, "alnum")) {
              in_class = IsAlnum(t_ch);
            } else if (ClassIs(s, i, "alpha")) {
              in_class = IsAlpha(t_ch);
            } else if (ClassIs(s, i, "blank")) {
              in_class = IsBlank(t_ch);
            } else if (ClassIs(s, i, "cntrl")) {
              in_class = IsCntrl(t_ch);
            } else if (ClassIs(s, i, "digit")) {
              in_class = IsDigit(t_ch);
            } else if (ClassIs(s, i, "graph")) {
              in_class = IsGraph(t_ch);
            } else if (ClassIs(s, i, "lower")) {
              in_class = IsLower(t_ch);
            } else if (ClassIs(s, i, "print")) {
              in_class = IsPrint(t_ch);
            } else if (ClassIs(s, i, "punct")) {
              in_class = IsPunct(t_ch);
            } else if (ClassIs(s, i, "space")) {
              in_class = IsSpace(t_ch);
            } else if (ClassIs(s, i, "upper")) {
              in_class = IsUpper(t_ch);
            } else if (ClassIs(s, i, "xdigit")) {
              in_class = IsXDigit(t_ch);
            } else {
              return kAbortAll;  // malformed [:class:]
            }
            if (in_class) matched = 1;
            p_ch = 0;
          } else if (t_ch == p_ch) {
            matched = 1;
          }
        } while (prev_ch = p_ch, (p_ch = *++p) != ']');
        if (matched == negated || t_ch == '/') return kNoMatch;
        continue;
    }
  }
  return text < tend ? kNoMatch : kMatch;
}

//! dir.c's trim_trailing_spaces: drops trailing ' ' unless escaped by a backslash.
void TrimTrailingSpaces(std::string& s) {
  size_t last_space = std::string::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    switch (s[i]) {
      case ' ':
        if (last_space == std::string::npos) last_space = i;
        break;
      case '\\':
        ++i;
        if (i >= s.size()) return;
        [[fallthrough]];
      default:
        last_space = std::string::npos;
    }
  }
  if (last_space != std::string::npos) s.resize(last_space);
}

//! The pattern with every "**/**/" at the start of a path component collapsed to "**/": both
//! match any number of directories, and repeated ones make backtracking exponential.
std::string CollapseDoubleStars(std::string_view pattern) {
  // Like dowild's test for a special "**", this looks at the raw preceding character.
  std::string out;
  out.reserve(pattern.size());
  for (size_t i = 0; i < pattern.size(); ++i) {
    const bool component_start = out.empty() || out.back() == '/';
    if (component_start && pattern.substr(i).starts_with("**/**/")) {
      i += 2;  // skip one "**/" (the loop's ++i eats the slash)
      continue;
    }
    out += pattern[i];
  }
  return out;
}

}  // namespace

bool WildMatch(std::string_view pattern, std::string_view text) {
  // A C string in git: the pattern ends at a NUL.
  const std::string p = CollapseDoubleStars(pattern.substr(0, pattern.find('\0')));
  const auto* t = reinterpret_cast<const uchar*>(text.data());
  int64_t budget = 1 << 22;
  return DoWild(reinterpret_cast<const uchar*>(p.c_str()), t, t + text.size(), &budget) == kMatch;
}

void PatternList::Add(std::string_view line) {
  // dir.c's parse_path_pattern.
  std::string_view p = line.substr(0, line.find('\0'));
  PathPattern pp;
  if (p.starts_with('!')) {
    pp.negative = true;
    p.remove_prefix(1);
  }
  if (p.ends_with('/')) {
    pp.must_be_dir = true;
    p.remove_suffix(1);
  }
  if (p.empty()) return;  // matches nothing
  pp.basename_only = p.find('/') == std::string_view::npos;
  pp.pattern = std::string(p);
  patterns_.push_back(std::move(pp));
}

PatternList PatternList::Parse(std::string_view contents, std::string base) {
  PatternList list(std::move(base));
  if (contents.starts_with("\xEF\xBB\xBF")) contents.remove_prefix(3);
  size_t start = 0;
  while (start < contents.size()) {
    size_t end = contents.find('\n', start);
    if (end == std::string_view::npos) end = contents.size();
    std::string_view line = contents.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == '#') continue;
    if (line.ends_with('\r')) line.remove_suffix(1);
    std::string entry(line.substr(0, line.find('\0')));
    TrimTrailingSpaces(entry);
    list.Add(entry);
  }
  return list;
}

std::optional<bool> PatternList::Match(std::string_view path, bool is_dir) const {
  const size_t slash = path.rfind('/');
  const std::string_view basename = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (auto it = patterns_.rbegin(); it != patterns_.rend(); ++it) {
    const PathPattern& pp = *it;
    if (pp.must_be_dir && !is_dir) continue;
    if (pp.basename_only) {
      if (WildMatch(pp.pattern, basename)) return !pp.negative;
      continue;
    }
    // match_pathname: the pattern is relative to base_; a leading '/' only anchors it.
    std::string_view pattern = pp.pattern;
    if (pattern.starts_with('/')) pattern.remove_prefix(1);
    if (path.size() <= base_.size() || !path.starts_with(base_)) continue;
    if (WildMatch(pattern, path.substr(base_.size()))) return !pp.negative;
  }
  return std::nullopt;
}

std::shared_ptr<const IgnoreStack> IgnoreStack::Root(PatternList info_exclude) {
  auto s = std::make_shared<IgnoreStack>();
  s->info_exclude_ = std::move(info_exclude);
  s->is_root_ = true;
  return s;
}

std::shared_ptr<const IgnoreStack> IgnoreStack::Push(std::shared_ptr<const IgnoreStack> parent,
                                                     PatternList list) {
  if (list.empty()) return parent;
  auto s = std::make_shared<IgnoreStack>();
  s->list_ = std::move(list);
  s->parent_ = std::move(parent);
  return s;
}

bool IgnoreStack::IsIgnored(std::string_view path, bool is_dir) const {
  for (const IgnoreStack* s = this; s != nullptr; s = s->parent_.get()) {
    const PatternList& list = s->is_root_ ? s->info_exclude_ : s->list_;
    if (auto verdict = list.Match(path, is_dir)) return *verdict;
  }
  return false;
}

}  // namespace codeanatomy::source
