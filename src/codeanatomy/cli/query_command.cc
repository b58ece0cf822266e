// `codeanatomy query OUT [SQL | -f FILE | -] [--format table|csv|json|ndjson] [--allow-external]`.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <memory>

#include <CLI/CLI.hpp>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/cli/command.h"
#include "codeanatomy/cli/query_printer.h"
#include "codeanatomy/read/output_reader.h"

namespace codeanatomy::cli {

Command AddQueryCommand(CLI::App& app) {
  struct Flags {
    std::string out, sql, file, format = "table";
    bool allow_external = false;
  };
  auto f = std::make_shared<Flags>();
  auto* query = app.add_subcommand(
      "query",
      "Run DuckDB SQL over an output directory: its tables and the query views (functions, "
      "classes, modules, calls, parameters, imports, references; docs/schema.md)");
  query->add_option("out", f->out, "An output directory of `codeanatomy build`")->required();
  auto* sql = query->add_option(
      "sql", f->sql,
      "SQL, one or more `;`-separated statements (each result is printed); `-` reads it from "
      "standard input");
  query->add_option("-f,--file", f->file, "Read the SQL from FILE")->excludes(sql);
  query->add_option("--format", f->format, "table (default), csv, json or ndjson")
      ->check(CLI::IsMember({"table", "csv", "json", "ndjson"}));
  query->add_flag("--allow-external", f->allow_external,
                  "Let the SQL read and write files outside OUT, ATTACH, COPY and load extensions "
                  "(by default it reads only OUT's tables)");
  return {query, [f, sql] {
            std::string text = f->sql;
            if (!f->file.empty()) {
              auto read = base::ReadFile(f->file);
              if (!read.ok()) return Fail(read.status());
              text = *read;
            } else if (f->sql == "-") {
              text.assign(std::istreambuf_iterator<char>(std::cin), {});
            } else if (sql->count() == 0) {
              return Fail(base::Status::InvalidArgument(
                  "no SQL: give it as an argument, with -f FILE, or as - to read standard input"));
            }
            auto reader = read::OutputReader::Open(f->out, {.allow_external = f->allow_external});
            if (!reader.ok()) return Fail(reader.status());
            const QueryFormat format = f->format == "csv"      ? QueryFormat::kCsv
                                       : f->format == "json"   ? QueryFormat::kJson
                                       : f->format == "ndjson" ? QueryFormat::kNdjson
                                                               : QueryFormat::kTable;
            auto printer = MakePrinter(format, stdout);
            base::Status s = reader->Run(text, *printer);
            std::fflush(stdout);
            return s.ok() ? 0 : Fail(s);
          }};
}

}  // namespace codeanatomy::cli
