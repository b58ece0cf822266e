#include "codeanatomy/source/git_repo.h"

#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace codeanatomy::source {

namespace fs = std::filesystem;

namespace {

constexpr size_t kSmallFile = 64 * 1024;
constexpr size_t kPackedRefsLimit = 256 * 1024 * 1024;

//! `p` without "." and ".." components or a trailing separator.
fs::path Normal(const fs::path& p) {
  fs::path n = p.lexically_normal();
  if (!n.has_filename() && n.has_parent_path() && n != n.root_path()) n = n.parent_path();
  return n;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' '))
    s.remove_suffix(1);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return s;
}

bool IsObjectId(std::string_view s) {
  if (s.size() != 40 && s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

//! A ref name that stays inside the git directory: HEAD-like or refs/…, no "..", no empty parts.
bool IsSafeRefName(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.back() == '/') return false;
  if (name.find('\\') != std::string_view::npos || name.find('\0') != std::string_view::npos) {
    return false;
  }
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return name == "HEAD" || name.starts_with("refs/");
}

//! `gitdir: <path>` in a .git file; relative paths are relative to the file's directory.
std::optional<fs::path> ReadGitFile(const fs::path& git_file) {
  auto text = ReadSmallRegularFile(git_file, kSmallFile);
  if (!text) return std::nullopt;
  std::string_view t = Trim(*text);
  if (!t.starts_with("gitdir:")) return std::nullopt;
  fs::path target(std::string(Trim(t.substr(7))));
  if (target.empty()) return std::nullopt;
  if (target.is_relative()) target = git_file.parent_path() / target;
  return Normal(target);
}

bool IsGitDir(const fs::path& dir) {
  struct stat st {};
  return ::stat((dir / "HEAD").c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::optional<std::string> ResolveRef(const GitRepository& repo, const std::string& name,
                                      int depth) {
  if (depth > 5 || !IsSafeRefName(name)) return std::nullopt;
  for (const fs::path& dir : {repo.git_dir, repo.common_dir}) {
    auto text = ReadSmallRegularFile(dir / name, kSmallFile, /*nofollow=*/true);
    if (!text) continue;
    std::string_view t = Trim(*text);
    if (t.starts_with("ref:")) return ResolveRef(repo, std::string(Trim(t.substr(4))), depth + 1);
    if (IsObjectId(t)) return std::string(t);
    return std::nullopt;
  }
  auto packed = ReadSmallRegularFile(repo.common_dir / "packed-refs", kPackedRefsLimit);
  if (!packed) return std::nullopt;
  std::string_view all = *packed;
  size_t start = 0;
  while (start < all.size()) {
    size_t end = all.find('\n', start);
    if (end == std::string_view::npos) end = all.size();
    std::string_view line = Trim(all.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line[0] == '#' || line[0] == '^') continue;
    const size_t space = line.find(' ');
    if (space == std::string_view::npos) continue;
    if (line.substr(space + 1) == name && IsObjectId(line.substr(0, space))) {
      return std::string(line.substr(0, space));
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ReadSmallRegularFile(const fs::path& path, size_t max_bytes,
                                                bool nofollow) {
  const int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0);
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<uint64_t>(st.st_size) > max_bytes) {
    const int err = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
    ::close(fd);
    errno = err;
    return std::nullopt;
  }
  std::string out(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(done);
  return out;
}

std::optional<GitRepository> FindGitRepository(const fs::path& dir) {
  for (fs::path d = Normal(dir); !d.empty(); d = d.parent_path()) {
    const fs::path dot_git = d / ".git";
    struct stat st {};
    if (::stat(dot_git.c_str(), &st) == 0) {
      std::optional<fs::path> git_dir;
      if (S_ISDIR(st.st_mode) && IsGitDir(dot_git)) {
        git_dir = dot_git;
      } else if (S_ISREG(st.st_mode)) {
        git_dir = ReadGitFile(dot_git);
        if (git_dir && !IsGitDir(*git_dir)) git_dir.reset();
      }
      if (git_dir) {
        GitRepository repo{d, *git_dir, *git_dir};
        if (auto common = ReadSmallRegularFile(*git_dir / "commondir", kSmallFile)) {
          fs::path c(std::string(Trim(*common)));
          if (!c.empty()) {
            repo.common_dir = Normal(c.is_relative() ? *git_dir / c : c);
          }
        }
        return repo;
      }
    }
    if (d == d.root_path()) break;
  }
  return std::nullopt;
}

std::optional<std::string> ReadGitHead(const GitRepository& repo) {
  return ResolveRef(repo, "HEAD", 0);
}

}  // namespace codeanatomy::source
