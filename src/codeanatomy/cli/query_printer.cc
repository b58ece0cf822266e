#include "codeanatomy/cli/query_printer.h"

#include <cmath>
#include <vector>

#include <fmt/core.h>

#include "codeanatomy/base/check.h"

namespace codeanatomy::cli {

using base::Status;
using engine::QueryValue;
using K = engine::QueryValue::Kind;

namespace {

std::string DoubleText(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  std::string s = fmt::format("{}", d);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string BlobText(const std::string& bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\x{:02X}", c);
    }
  }
  return out;
}

//! A string inside a list, struct or map: quoted, so [a, b] and ['a, b'] differ.
std::string Quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string Text(const QueryValue& v, bool nested) {
  switch (v.kind) {
    case K::kNull:
      return "NULL";
    case K::kBool:
      return v.bool_value ? "true" : "false";
    case K::kInt:
      return std::to_string(v.int_value);
    case K::kUInt:
      return std::to_string(v.uint_value);
    case K::kDouble:
      return DoubleText(v.double_value);
    case K::kNumber:
    case K::kText:
      return v.text;
    case K::kString:
      return nested ? Quoted(v.text) : v.text;
    case K::kBlob:
      return BlobText(v.text);
    case K::kList: {
      std::string out = "[";
      for (size_t i = 0; i < v.items.size(); ++i) out += (i ? ", " : "") + Text(v.items[i], true);
      return out + "]";
    }
    case K::kStruct: {
      std::string out = "{";
      for (size_t i = 0; i < v.items.size(); ++i) {
        out += (i ? ", " : "") + Quoted(v.names[i]) + ": " + Text(v.items[i], true);
      }
      return out + "}";
    }
    case K::kMap: {
      std::string out = "{";
      for (size_t i = 0; i + 1 < v.items.size(); i += 2) {
        out += (i ? ", " : "") + Text(v.items[i], true) + "=" + Text(v.items[i + 1], true);
      }
      return out + "}";
    }
  }
  CA_UNREACHABLE("value kind {}", static_cast<int>(v.kind));
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;  // code points, not bytes
  return n;
}

//! Column widths from the first rows, then every row as it comes.
class TablePrinter : public engine::QuerySink {
 public:
  explicit TablePrinter(std::FILE* out) : out_(out) {}
  Status BeginResult(const std::vector<std::string>& columns) override {
    if (results_++ > 0) std::fputc('\n', out_);
    columns_.clear();
    for (const auto& c : columns) columns_.push_back(EscapeControls(c));
    buffered_.clear();
    rows_ = 0;
    widths_.clear();
    return Status::Ok();
  }
  Status Row(const std::vector<QueryValue>& values) override {
    std::vector<std::string> cells;
    for (const auto& v : values) cells.push_back(EscapeControls(ValueText(v)));
    ++rows_;
    if (widths_.empty() && buffered_.size() < kPreviewRows) {
      buffered_.push_back(std::move(cells));
      return Status::Ok();
    }
    Flush();
    PrintRow(cells);
    return Status::Ok();
  }
  Status EndResult() override {
    Flush();
    fmt::print(out_, "({} row{})\n", rows_, rows_ == 1 ? "" : "s");
    return Status::Ok();
  }

 private:
  static constexpr size_t kPreviewRows = 1000;

  void Flush() {
    if (!widths_.empty() || columns_.empty()) return;
    widths_.resize(columns_.size());
    for (size_t c = 0; c < columns_.size(); ++c) widths_[c] = DisplayWidth(columns_[c]);
    for (const auto& row : buffered_) {
      for (size_t c = 0; c < row.size(); ++c) {
        widths_[c] = std::max(widths_[c], DisplayWidth(row[c]));
      }
    }
    PrintRow(columns_);
    std::vector<std::string> rule;
    for (size_t w : widths_) rule.push_back(std::string(w, '-'));
    PrintRow(rule);
    for (const auto& row : buffered_) PrintRow(row);
    buffered_.clear();
  }
  void PrintRow(const std::vector<std::string>& cells) {
    std::string line;
    for (size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) line += "  ";
      line += cells[c];
      // No padding after the last column: no trailing blanks.
      if (c + 1 < cells.size()) {
        const size_t w = DisplayWidth(cells[c]);
        if (w < widths_[c]) line += std::string(widths_[c] - w, ' ');
      }
    }
    line += '\n';
    std::fputs(line.c_str(), out_);
  }

  std::FILE* out_;
  int results_ = 0;
  std::vector<std::string> columns_;
  std::vector<std::vector<std::string>> buffered_;
  std::vector<size_t> widths_;
  int64_t rows_ = 0;
};

std::string CsvField(const std::string& v) {
  if (v.find_first_of(",\"\n\r") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

class CsvPrinter : public engine::QuerySink {
 public:
  explicit CsvPrinter(std::FILE* out) : out_(out) {}
  Status BeginResult(const std::vector<std::string>& columns) override {
    if (results_++ > 0) std::fputc('\n', out_);
    std::vector<std::string> cells;
    for (const auto& c : columns) cells.push_back(CsvField(c));
    PrintLine(cells);
    return Status::Ok();
  }
  Status Row(const std::vector<QueryValue>& values) override {
    std::vector<std::string> cells;
    for (const auto& v : values) cells.push_back(v.kind == K::kNull ? "" : CsvField(ValueText(v)));
    PrintLine(cells);
    return Status::Ok();
  }
  Status EndResult() override { return Status::Ok(); }

 private:
  void PrintLine(const std::vector<std::string>& cells) {
    std::string line;
    for (size_t c = 0; c < cells.size(); ++c) line += (c ? "," : "") + cells[c];
    line += '\n';
    std::fputs(line.c_str(), out_);
  }
  std::FILE* out_;
  int results_ = 0;
};

//! json: an array of objects per result; ndjson: one object per line.
class JsonPrinter : public engine::QuerySink {
 public:
  JsonPrinter(std::FILE* out, bool lines) : out_(out), lines_(lines) {}
  Status BeginResult(const std::vector<std::string>& columns) override {
    keys_.clear();
    for (const auto& c : columns) keys_.push_back(JsonString(c));
    rows_ = 0;
    if (!lines_) std::fputs("[", out_);
    return Status::Ok();
  }
  Status Row(const std::vector<QueryValue>& values) override {
    std::string line = lines_ ? "{" : (rows_ ? ",\n  {" : "\n  {");
    for (size_t c = 0; c < values.size(); ++c) {
      line += (c ? ", " : "") + keys_[c] + ": " + ValueJson(values[c]);
    }
    line += lines_ ? "}\n" : "}";
    std::fputs(line.c_str(), out_);
    ++rows_;
    return Status::Ok();
  }
  Status EndResult() override {
    if (!lines_) std::fputs(rows_ ? "\n]\n" : "]\n", out_);
    return Status::Ok();
  }

 private:
  std::FILE* out_;
  bool lines_;
  std::vector<std::string> keys_;
  int64_t rows_ = 0;
};

}  // namespace

std::string ValueText(const QueryValue& value) { return Text(value, false); }

std::string ValueJson(const QueryValue& v) {
  switch (v.kind) {
    case K::kNull:
      return "null";
    case K::kBool:
      return v.bool_value ? "true" : "false";
    case K::kInt:
      return std::to_string(v.int_value);
    case K::kUInt:
      return std::to_string(v.uint_value);
    case K::kDouble:
      // JSON has no NaN or infinities: those are strings.
      return std::isfinite(v.double_value) ? DoubleText(v.double_value)
                                           : JsonString(DoubleText(v.double_value));
    case K::kNumber:
      return v.text;
    case K::kString:
    case K::kText:
      return JsonString(v.text);
    case K::kBlob:
      return JsonString(BlobText(v.text));
    case K::kList: {
      std::string out = "[";
      for (size_t i = 0; i < v.items.size(); ++i) out += (i ? ", " : "") + ValueJson(v.items[i]);
      return out + "]";
    }
    case K::kStruct: {
      std::string out = "{";
      for (size_t i = 0; i < v.items.size(); ++i) {
        out += (i ? ", " : "") + JsonString(v.names[i]) + ": " + ValueJson(v.items[i]);
      }
      return out + "}";
    }
    case K::kMap: {
      // Keys as text: a JSON object's keys are strings.
      std::string out = "{";
      for (size_t i = 0; i + 1 < v.items.size(); i += 2) {
        out +=
            (i ? ", " : "") + JsonString(ValueText(v.items[i])) + ": " + ValueJson(v.items[i + 1]);
      }
      return out + "}";
    }
  }
  CA_UNREACHABLE("value kind {}", static_cast<int>(v.kind));
}

std::string EscapeControls(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = text[i];
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      // C1 controls (U+0080..U+009F; U+009B is a CSI some terminals obey).
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[++i]));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::unique_ptr<engine::QuerySink> MakePrinter(QueryFormat format, std::FILE* out) {
  switch (format) {
    case QueryFormat::kTable:
      return std::make_unique<TablePrinter>(out);
    case QueryFormat::kCsv:
      return std::make_unique<CsvPrinter>(out);
    case QueryFormat::kJson:
      return std::make_unique<JsonPrinter>(out, false);
    case QueryFormat::kNdjson:
      return std::make_unique<JsonPrinter>(out, true);
  }
  CA_UNREACHABLE("query format {}", static_cast<int>(format));
}

}  // namespace codeanatomy::cli
