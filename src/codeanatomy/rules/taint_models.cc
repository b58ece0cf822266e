#include "codeanatomy/rules/taint_models.h"

#include <algorithm>
#include <charconv>

#include <fmt/core.h>

#include "codeanatomy/base/check.h"
#include "codeanatomy/schema/taint_presets.h"

namespace codeanatomy::rules {

using base::Result;
using base::Status;

namespace {

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    out.push_back(
        s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

bool IsDottedName(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '(' || c == ')';
  });
}

bool IsIdentifier(std::string_view s) {
  return !s.empty() && !(s[0] >= '0' && s[0] <= '9') && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

Result<std::vector<TaintModel>> ParseTaintModels(std::string_view text, std::string_view file) {
  std::vector<TaintModel> out;
  auto lines = Split(text, '\n');
  if (lines.empty() || lines[0] != kTaintModelHeader) {
    return Status::InvalidArgument("{}:1: a taint model file starts with the line '{}'", file,
                                   kTaintModelHeader);
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = fmt::format("{}:{}", file, i + 1);
    auto fields = Split(line, '\t');
    if (fields.size() != 5) {
      return Status::InvalidArgument(
          "{}: a model has 5 tab-separated fields (kind, name, arg, condition, rule), this line "
          "has {}",
          where, fields.size());
    }
    TaintModel m;
    m.kind = std::string(fields[0]);
    m.name = std::string(fields[1]);
    m.origin = where;
    if (m.kind != "source" && m.kind != "source_param" && m.kind != "sink" &&
        m.kind != "sanitizer") {
      return Status::InvalidArgument(
          "{}: unknown kind '{}' (source, source_param, sink or sanitizer)", where, m.kind);
    }
    if (!IsDottedName(m.name)) {
      return Status::InvalidArgument("{}: '{}' is not a dotted name", where, m.name);
    }
    if (m.kind == "source_param") {
      auto parts = Split(m.name, '.');
      if (parts.size() != 2 || !IsIdentifier(parts[0]) || !IsIdentifier(parts[1])) {
        return Status::InvalidArgument("{}: a source_param is PARAMETER.ATTRIBUTE, not '{}'", where,
                                       m.name);
      }
    }
    if (fields[2] != "-") {
      if (m.kind != "sink") {
        return Status::InvalidArgument("{}: only a sink names arguments (use '-')", where);
      }
      for (std::string_view a : Split(fields[2], '|')) {
        TaintModelArg arg;
        if (a == "*") {
          arg.position = -2;
        } else if (!a.empty() && a[0] >= '0' && a[0] <= '9') {
          auto [p, ec] = std::from_chars(a.data(), a.data() + a.size(), arg.position);
          if (ec != std::errc() || p != a.data() + a.size()) {
            return Status::InvalidArgument("{}: bad argument position '{}'", where, a);
          }
        } else if (IsIdentifier(a)) {
          arg.keyword = std::string(a);
        } else {
          return Status::InvalidArgument(
              "{}: an argument is a position, a keyword or '*', not '{}'", where, a);
        }
        m.args.push_back(std::move(arg));
      }
    } else if (m.kind == "sink") {
      return Status::InvalidArgument("{}: a sink names the arguments it reads", where);
    }
    std::string_view cond = fields[3];
    if (cond == kNotListCondition) {
      if (m.kind != "sink") {
        return Status::InvalidArgument("{}: only a sink has the condition '{}'", where, cond);
      }
      m.cond_op = std::string(cond);
    } else if (cond != "-") {
      size_t at = cond.find("!~");
      size_t len = 2;
      if (at == std::string_view::npos) {
        at = cond.find('=');
        len = 1;
      }
      if (at == std::string_view::npos || !IsIdentifier(cond.substr(0, at)) ||
          at + len == cond.size()) {
        return Status::InvalidArgument("{}: a condition is KW=VALUE, KW!~TEXT or !list, not '{}'",
                                       where, cond);
      }
      m.cond_keyword = std::string(cond.substr(0, at));
      m.cond_op = std::string(cond.substr(at, len));
      m.cond_value = std::string(cond.substr(at + len));
    }
    m.rule = fields[4] == "-" ? "" : std::string(fields[4]);
    if (m.kind == "sink" && schema::FindTaintPreset(m.rule) == nullptr) {
      std::string known;
      for (const auto& p : schema::TaintPresets()) {
        known += fmt::format("{}{}", known.empty() ? "" : ", ", p.id);
      }
      return Status::InvalidArgument("{}: unknown rule '{}' for a sink (one of: {})", where,
                                     fields[4], known);
    }
    out.push_back(std::move(m));
  }
  return out;
}

Result<TaintModel> ParseTaintSpec(std::string_view kind, std::string_view spec) {
  std::string_view name = spec, args = "-";
  std::string rule = "user";
  if (kind == "sink") {
    rule = "custom";
    args = "*";
    if (auto colon = spec.find(':'); colon != std::string_view::npos) {
      name = spec.substr(0, colon);
      args = spec.substr(colon + 1);
    }
  } else if (kind != "source") {
    return Status::InvalidArgument("unknown kind of taint spec '{}'", kind);
  }
  const std::string flag = fmt::format("--{} '{}'", kind, spec);
  auto parsed = ParseTaintModels(
      fmt::format("{}\n{}\t{}\t{}\t-\t{}\n", kTaintModelHeader, kind, name, args, rule), flag);
  if (!parsed.ok()) {
    // "FLAG:2: what" -> "FLAG: what": the spec is one line of the user's, not of a file.
    std::string message(parsed.status().message());
    const std::string prefix = flag + ":2: ";
    if (message.starts_with(prefix)) message = flag + ": " + message.substr(prefix.size());
    return Status::InvalidArgument("{}", message);
  }
  CA_CHECK(parsed->size() == 1);
  TaintModel model = std::move(parsed->front());
  model.origin = flag;
  return model;
}

const std::vector<TaintModel>& ShippedTaintModels() {
  static const std::vector<TaintModel> models = [] {
    std::vector<TaintModel> all;
    for (const auto& f : ShippedTaintModelFiles()) {
      auto parsed = ParseTaintModels(f.text, f.name);
      CA_CHECK_MSG(parsed.ok(), "{}", parsed.status().message());
      for (auto& m : *parsed) all.push_back(std::move(m));
    }
    return all;
  }();
  return models;
}

}  // namespace codeanatomy::rules
