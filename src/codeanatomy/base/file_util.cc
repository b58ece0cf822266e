#include "codeanatomy/base/file_util.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace codeanatomy::base {

Result<std::string> ReadFile(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open {}: {}", path.string(), std::strerror(errno));
  std::string out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buffer[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buffer, sizeof(buffer));
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Status::IoError("cannot read {}: {}", path.string(), std::strerror(err));
    }
    out.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

Status WriteFile(const std::filesystem::path& path, std::string_view contents) {
  auto tmp = path;
  tmp += ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError("cannot create {}: {}", tmp.string(), std::strerror(errno));
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Status::IoError("cannot write {}: {}", tmp.string(), std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    return Status::IoError("cannot write {}: {}", tmp.string(), std::strerror(errno));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::IoError("cannot rename {} to {}: {}", tmp.string(), path.string(),
                           std::strerror(errno));
  }
  return Status::Ok();
}

std::string_view AdviceForSystemError(std::string_view message) {
  struct Case {
    int error;
    std::string_view advice;
  };
  static constexpr Case kCases[] = {
      {ENOSPC, "free space on that file system, or write the output elsewhere (-o)"},
      {EDQUOT, "free space within your disk quota, or write the output elsewhere (-o)"},
      {EFBIG, "a file size limit (ulimit -f) stopped the write; raise it"},
      {EROFS, "that file system is read-only; write the output elsewhere (-o)"},
      {EACCES, "check the permissions of that path, or write the output elsewhere (-o)"},
      {EPERM, "check the permissions of that path, or write the output elsewhere (-o)"},
      {EMFILE, "raise the limit on open files (ulimit -n)"},
      {ENFILE, "the system has too many open files; retry when fewer are open"},
      {EIO, "the device reported an I/O error; check the disk"},
  };
  for (const Case& c : kCases) {
    if (message.find(std::strerror(c.error)) != std::string_view::npos) return c.advice;
  }
  return "";
}

}  // namespace codeanatomy::base
