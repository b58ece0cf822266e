#include "codeanatomy/source/hostile_fixture.h"

#include <cstring>
#include <fstream>

#include <fcntl.h>
#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "codeanatomy/base/check.h"

namespace codeanatomy::source::testing {

namespace fs = std::filesystem;

namespace {

void Write(const fs::path& path, const std::string& contents) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  CA_CHECK_MSG(out.good(), "cannot write {}", path.string());
}

void Link(const fs::path& target, const fs::path& link) {
  fs::create_directories(link.parent_path());
  CA_CHECK_MSG(::symlink(target.c_str(), link.c_str()) == 0, "cannot create the link {}: {}",
               link.string(), std::strerror(errno));
}

}  // namespace

HostileRepo WriteHostileRepo(const fs::path& root, const fs::path& outside) {
  HostileRepo repo;
  fs::create_directories(root);
  fs::create_directories(outside);
  Write(outside / "secret.py", "SECRET = 'outside the repository'\n");

  auto file = [&](const std::string& path, const std::string& contents, const std::string& status,
                  std::string text = "", bool check_text = false) {
    Write(root / path, contents);
    repo.files.push_back({path, status, status, std::move(text), check_text});
  };
  auto ok = [&](const std::string& path, const std::string& contents, std::string text) {
    file(path, contents, "ok", std::move(text), true);
  };

  // Good files, which must come through whole.
  ok("good.py", "def good():\n    return 1\n", "def good():\n    return 1\n");
  ok("pkg/__init__.py", "", "");
  ok("pkg/mod.py", "from . import good\n\n\nclass Mod:\n    pass\n",
     "from . import good\n\n\nclass Mod:\n    pass\n");
  ok("up/real.py", "REAL = True\n", "REAL = True\n");
  // Text that CPython rejects but that still has text (and a CST layer).
  ok("syntax_error.py", "def broken(:\n    pass\n\nclass Fine:\n    pass\n",
     "def broken(:\n    pass\n\nclass Fine:\n    pass\n");
  ok("py2.py", "print 'hello'\nexec 'x = 1'\nprint >>sys.stderr, 'x'\n",
     "print 'hello'\nexec 'x = 1'\nprint >>sys.stderr, 'x'\n");
  const std::string nul("x = 1\ny = '\0'\nz = 2\n", 20);
  ok("nul_bytes.py", nul, nul);
  // Encodings.
  file("invalid_utf8.py", "x = '\xff\xfe'\n", "undecodable");
  ok("latin1.py", "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n",
     "# -*- coding: latin-1 -*-\nname = 'caf\xc3\xa9'\n");
  ok("cp1252.py", "# coding: cp1252\nprice = '\x80 5'\n",
     "# coding: cp1252\nprice = '\xe2\x82\xac 5'\n");
  ok("bom_crlf.py", "\xEF\xBB\xBFx = 1\r\ny = 2\r\n", "x = 1\r\ny = 2\r\n");
  ok("bare_cr.py", "a = 1\rb = 2\rc = 3\r", "a = 1\rb = 2\rc = 3\r");
  ok("empty.py", "", "");
  file("unknown_cookie.py", "# coding: klingon\nx = 1\n", "unknown_encoding");
  file("bom_latin1.py", "\xEF\xBB\xBF# coding: latin-1\nx = 1\n", "encoding_conflict");
  file("sjis.py", "# coding: shift_jis\nx = 1\n", "unsupported_encoding");
  // Binaries named .py.
  file("image.py", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20), "binary");
  file("elf.py",
       std::string("\x7f"
                   "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
                   20),
       "binary");
  // Size and depth.
  file("long_line.py", "x = '" + std::string(2 * 1024 * 1024, 'a') + "'\n", "ok");
  file("nested_parens.py", "x = " + std::string(3000, '(') + "1" + std::string(3000, ')') + "\n",
       "ok");
  std::string blocks;
  for (int depth = 0; depth < 120; ++depth) blocks += std::string(depth * 4, ' ') + "if x:\n";
  blocks += std::string(120 * 4, ' ') + "pass\n";
  file("nested_blocks.py", blocks, "ok");
  // File names.
  ok("caf\xc3\xa9.py", "CAFE = 1\n", "CAFE = 1\n");
  Write(root / "bad\xff.py", "BAD_NAME = 1\n");
  repo.files.push_back({"bad\\xff.py", "ok", "ok", "BAD_NAME = 1\n", true});
  ok("line\nbreak.py", "BREAK = 1\n", "BREAK = 1\n");
  // Special files.
  CA_CHECK(::mkfifo((root / "fifo.py").c_str(), 0644) == 0);
  repo.files.push_back({"fifo.py", "special_file", "special_file", "", false});
  // Unreadable file and directory.
  Write(root / "unreadable.py", "HIDDEN = 1\n");
  ::chmod((root / "unreadable.py").c_str(), 0);
  repo.files.push_back({"unreadable.py", "unreadable", "unreadable", "", false});
  Write(root / "locked" / "inner.py", "INNER = 1\n");
  ::chmod((root / "locked").c_str(), 0);
  repo.locked_dirs.push_back("locked");
  repo.permissions_enforced = CannotRead(root / "unreadable.py");
  // Symbolic links: loops, links leaving the repository, a link inside it, a dangling one.
  Link("self_loop.py", root / "self_loop.py");
  repo.files.push_back({"self_loop.py", "symlink_skipped", "symlink_loop", "", false});
  Link("pong.py", root / "ping.py");
  Link("ping.py", root / "pong.py");
  repo.files.push_back({"ping.py", "symlink_skipped", "symlink_loop", "", false});
  repo.files.push_back({"pong.py", "symlink_skipped", "symlink_loop", "", false});
  Link(".", root / "loop_dir");
  Link("..", root / "up" / "back");
  Link(outside / "secret.py", root / "outside.py");
  repo.files.push_back({"outside.py", "symlink_skipped", "outside_repo", "", false});
  Link(outside, root / "outside_dir");
  Link("/dev/null", root / "devnull.py");
  repo.files.push_back({"devnull.py", "symlink_skipped", "outside_repo", "", false});
  Link("good.py", root / "inside_link.py");
  repo.files.push_back(
      {"inside_link.py", "symlink_skipped", "ok", "def good():\n    return 1\n", false});
  Link("nowhere.py", root / "dangling.py");
  repo.files.push_back({"dangling.py", "symlink_skipped", "broken_symlink", "", false});
  Link("pkg", root / "alias_pkg");
  return repo;
}

void RestorePermissions(const fs::path& root) {
  ::chmod((root / "unreadable.py").c_str(), 0644);
  ::chmod((root / "locked").c_str(), 0755);
}

bool CannotRead(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd >= 0) ::close(fd);
  return fd < 0;
}

ScopedPermissionChecks::ScopedPermissionChecks() {
  static_assert(sizeof(saved_) == 2 * sizeof(__user_cap_data_struct));
  if (::geteuid() != 0) return;
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2];
  if (::syscall(SYS_capget, &header, data) != 0) return;
  std::memcpy(saved_, data, sizeof(saved_));
  for (int cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH}) {
    data[cap / 32].effective &= ~(1u << (cap % 32));
  }
  dropped_ = ::syscall(SYS_capset, &header, data) == 0;
}

ScopedPermissionChecks::~ScopedPermissionChecks() {
  if (!dropped_) return;
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  ::syscall(SYS_capset, &header, saved_);
}

}  // namespace codeanatomy::source::testing
