// `codeanatomy shell OUT [--allow-external]`: interactive SQL over an output directory, with the
// query views loaded; line editing and history from libedit. Statements end with `;`; results
// print as tables. Dot commands: .tables, .format FORMAT, .help, .quit.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <editline/readline.h>
#include <fmt/core.h>
#include <unistd.h>

#include "codeanatomy/cli/command.h"
#include "codeanatomy/cli/query_printer.h"
#include "codeanatomy/read/output_reader.h"

namespace codeanatomy::cli {
namespace {

constexpr const char* kHelp =
    "Enter SQL statements ending with ';' (DuckDB SQL). The output's tables and the query views\n"
    "(functions, classes, modules, calls, parameters, imports, references) are loaded; see\n"
    "docs/schema.md and docs/cookbook.md. code(path, bstart, bend) gives a span's source text.\n"
    "  .tables           list the tables and views\n"
    "  .format FORMAT    table, csv, json or ndjson\n"
    "  .help             this text\n"
    "  .quit             leave (or Ctrl-D)\n";

//! One line of input: libedit on a terminal (prompt, editing, history), plain lines otherwise.
class LineReader {
 public:
  LineReader() : interactive_(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
    if (!interactive_) return;
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
      history_ = std::filesystem::path(home) / ".codeanatomy_history";
      read_history(history_.c_str());
    }
  }
  ~LineReader() {
    if (interactive_ && !history_.empty()) write_history(history_.c_str());
  }
  bool interactive() const { return interactive_; }
  bool Read(const char* prompt, std::string& line) {
    if (!interactive_) return static_cast<bool>(std::getline(std::cin, line));
    char* got = readline(prompt);
    if (got == nullptr) return false;
    line = got;
    std::free(got);
    if (!line.empty()) add_history(line.c_str());
    return true;
  }

 private:
  bool interactive_;
  std::string history_;
};

//! Whether `sql` ends a statement: its last character outside quotes and comments is `;`.
bool Complete(const std::string& sql) {
  char quote = 0;
  bool line_comment = false, block_comment = false;
  char last = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : 0;
    if (line_comment) {
      line_comment = c != '\n';
    } else if (block_comment) {
      if (c == '*' && next == '/') block_comment = false, ++i;
    } else if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
      last = c;
    } else if (c == '-' && next == '-') {
      line_comment = true;
    } else if (c == '/' && next == '*') {
      block_comment = true;
      ++i;
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      last = c;
    }
  }
  return quote == 0 && !block_comment && last == ';';
}

int RunShell(const std::string& out, bool allow_external) {
  auto reader = read::OutputReader::Open(out, {.allow_external = allow_external});
  if (!reader.ok()) return Fail(reader.status());
  LineReader lines;
  QueryFormat format = QueryFormat::kTable;
  if (lines.interactive()) {
    fmt::print("codeanatomy shell over {} — .help for help, .quit to leave\n", out);
    for (const auto& [name, why] : reader->unavailable()) {
      fmt::print("note: {} is not available: {}\n", name, why);
    }
  }
  int status = 0;
  std::string sql, line;
  while (lines.Read(sql.empty() ? "codeanatomy> " : "       ...> ", line)) {
    if (sql.empty() && !line.empty() && line[0] == '.') {
      std::string cmd = line.substr(0, line.find(' '));
      std::string arg = line.size() > cmd.size() ? line.substr(cmd.size() + 1) : "";
      if (cmd == ".quit" || cmd == ".exit") break;
      if (cmd == ".help") {
        std::fputs(kHelp, stdout);
      } else if (cmd == ".tables") {
        for (const auto& v : reader->Views()) fmt::print("{}\n", v);
      } else if (cmd == ".format" &&
                 (arg == "table" || arg == "csv" || arg == "json" || arg == "ndjson")) {
        format = arg == "csv"      ? QueryFormat::kCsv
                 : arg == "json"   ? QueryFormat::kJson
                 : arg == "ndjson" ? QueryFormat::kNdjson
                                   : QueryFormat::kTable;
      } else {
        fmt::print(stderr, "unknown command {} (.help lists them)\n", line);
      }
      continue;
    }
    sql += line + "\n";
    if (!Complete(sql)) continue;
    auto printer = MakePrinter(format, stdout);
    base::Status s = reader->Run(sql, *printer);
    std::fflush(stdout);
    if (!s.ok()) {
      std::fprintf(stderr, "error: %s\n", s.message().c_str());
      status = ExitCodeFor(s);
    }
    sql.clear();
  }
  if (lines.interactive()) std::fputc('\n', stdout);
  // Interactive errors are shown and forgotten; a script's make the exit code.
  return lines.interactive() ? 0 : status;
}

}  // namespace

Command AddShellCommand(CLI::App& app) {
  struct Flags {
    std::string out;
    bool allow_external = false;
  };
  auto f = std::make_shared<Flags>();
  auto* shell = app.add_subcommand(
      "shell", "Interactive SQL over an output directory, with the query views loaded");
  shell->add_option("out", f->out, "An output directory of `codeanatomy build`")->required();
  shell->add_flag("--allow-external", f->allow_external,
                  "Let the SQL read and write files outside OUT (as for query)");
  return {shell, [f] { return RunShell(f->out, f->allow_external); }};
}

}  // namespace codeanatomy::cli
