#include "codeanatomy/extract/scip/scip_decoder.h"

#include <algorithm>
#include <climits>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/wire_format_lite.h>

#include "codeanatomy/base/file_util.h"
#include "codeanatomy/base/stable_id.h"
#include "codeanatomy/schema/rows_scip.h"
#include "codeanatomy/schema/table_def.h"

#include "scip.pb.h"

namespace codeanatomy::extract::scip {

namespace fs = std::filesystem;
namespace pb = google::protobuf;
using base::Result;
using base::StableId;
using base::Status;
using WireFormat = pb::internal::WireFormatLite;

ScipTables::ScipTables()
    : metadata(schema::GetTable("scip_metadata").NewTable()),
      documents(schema::GetTable("scip_documents").NewTable()),
      occurrences(schema::GetTable("scip_occurrences").NewTable()),
      symbols(schema::GetTable("scip_symbols").NewTable()),
      relationships(schema::GetTable("scip_relationships").NewTable()),
      diagnostics(schema::GetTable("scip_diagnostics").NewTable()) {}

std::vector<std::pair<std::string_view, const base::Table*>> ScipTables::Tables() const {
  return {{"scip_metadata", &metadata},           {"scip_documents", &documents},
          {"scip_occurrences", &occurrences},     {"scip_symbols", &symbols},
          {"scip_relationships", &relationships}, {"scip_diagnostics", &diagnostics}};
}

namespace {

// Index fields (proto/scip.proto).
constexpr int kIndexMetadata = 1;
constexpr int kIndexDocuments = 2;
constexpr int kIndexExternalSymbols = 3;
constexpr int kDocumentRelativePath = 1;

//! libprotobuf reports parse problems (e.g. invalid UTF-8 in a string field) through its log; keep
//! the last message for our error instead of letting it print to stderr.
thread_local std::string t_protobuf_log;
void CaptureProtobufLog(pb::LogLevel, const char*, int, const std::string& message) {
  t_protobuf_log = message;
}
void InstallProtobufLogHandler() {
  static std::once_flag once;
  std::call_once(once, [] { pb::SetLogHandler(&CaptureProtobufLog); });
}

//! One length-delimited field of the index: the serialized bytes of a message.
struct Slice {
  const char* data = nullptr;
  int size = 0;
};

struct IndexSlices {
  std::vector<Slice> metadata;
  std::vector<Slice> documents;
  std::vector<Slice> external_symbols;
};

template <typename... Args>
Status Malformed(std::string_view origin, fmt::format_string<Args...> f, Args&&... args) {
  return Status::InvalidArgument(
      "{} is not a valid SCIP index: {}; regenerate it with scip-python (or build with --scip)",
      origin, fmt::format(f, std::forward<Args>(args)...));
}

//! Splits the top-level Index message into its fields without parsing them, so that documents can
//! be parsed one at a time (bounded memory) and in path order. Checks every length against the
//! bytes left: a truncated file is reported with the offset where it breaks.
Result<IndexSlices> SplitIndex(std::string_view bytes, std::string_view origin) {
  const int size = static_cast<int>(bytes.size());
  pb::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()), size);
  IndexSlices slices;
  for (;;) {
    const int at = in.CurrentPosition();
    const uint32_t tag = in.ReadTag();
    if (tag == 0) {
      if (at == size) break;
      return Malformed(origin, "invalid field tag at byte {}", at);
    }
    const int field = WireFormat::GetTagFieldNumber(tag);
    const bool delimited = WireFormat::GetTagWireType(tag) == WireFormat::WIRETYPE_LENGTH_DELIMITED;
    if (delimited &&
        (field == kIndexMetadata || field == kIndexDocuments || field == kIndexExternalSymbols)) {
      uint32_t length = 0;
      if (!in.ReadVarint32(&length)) {
        return Malformed(origin, "the file is truncated (field length at byte {})", at);
      }
      const int start = in.CurrentPosition();
      if (length > static_cast<uint32_t>(size - start)) {
        return Malformed(origin,
                         "the file is truncated: field {} at byte {} has {} bytes, only {} remain",
                         field, at, length, size - start);
      }
      const Slice slice{bytes.data() + start, static_cast<int>(length)};
      (field == kIndexMetadata    ? slices.metadata
       : field == kIndexDocuments ? slices.documents
                                  : slices.external_symbols)
          .push_back(slice);
      in.Skip(static_cast<int>(length));
    } else if (!WireFormat::SkipField(&in, tag)) {
      return Malformed(origin, "field {} at byte {} is cut off or garbled", field, at);
    }
  }
  return slices;
}

//! Document.relative_path of a serialized document, read without parsing the rest (the last value
//! wins, as in protobuf). Garbled input yields "", and the full parse reports it.
std::string DocumentPath(const Slice& slice) {
  pb::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(slice.data), slice.size);
  std::string path;
  for (;;) {
    const uint32_t tag = in.ReadTag();
    if (tag == 0) break;
    if (WireFormat::GetTagFieldNumber(tag) == kDocumentRelativePath &&
        WireFormat::GetTagWireType(tag) == WireFormat::WIRETYPE_LENGTH_DELIMITED) {
      uint32_t length = 0;
      if (!in.ReadVarint32(&length) || !in.ReadString(&path, static_cast<int>(length))) break;
    } else if (!WireFormat::SkipField(&in, tag)) {
      break;
    }
  }
  return path;
}

struct Range {
  int32_t start_line = 0, start_char = 0, end_line = 0, end_char = 0;
};

//! SCIP's [line, start, end] (same line) or [start_line, start_char, end_line, end_char].
bool ToRange(const pb::RepeatedField<int32_t>& r, Range* out) {
  if (r.size() == 3) {
    *out = {r[0], r[1], r[0], r[2]};
  } else if (r.size() == 4) {
    *out = {r[0], r[1], r[2], r[3]};
  } else {
    return false;
  }
  if (out->start_line < 0 || out->start_char < 0 || out->end_line < 0 || out->end_char < 0) {
    return false;
  }
  return out->end_line > out->start_line ||
         (out->end_line == out->start_line && out->end_char >= out->start_char);
}

std::string RangeText(const pb::RepeatedField<int32_t>& r) {
  std::string s = "[";
  for (int i = 0; i < r.size(); ++i) s += fmt::format("{}{}", i ? ", " : "", r[i]);
  return s + "]";
}

//! Document.position_encoding as written, and the code unit its columns count in.
struct Encoding {
  std::string_view name;
  std::string_view column_unit;
};
std::optional<Encoding> ToEncoding(int value) {
  switch (value) {
    case ::scip::UnspecifiedPositionEncoding:
      // SCIP indexers that predate the field (scip-python 0.6.6 among them) count UTF-16 code
      // units, the LSP convention: verified on a line with an astral character.
      return Encoding{"unspecified", "utf16"};
    case ::scip::UTF8CodeUnitOffsetFromLineStart:
      return Encoding{"utf8", "utf8"};
    case ::scip::UTF16CodeUnitOffsetFromLineStart:
      return Encoding{"utf16", "utf16"};
    case ::scip::UTF32CodeUnitOffsetFromLineStart:
      return Encoding{"utf32", "utf32"};
    default:
      return std::nullopt;
  }
}

std::string_view TextEncodingName(int value) {
  switch (value) {
    case ::scip::UTF8:
      return "utf8";
    case ::scip::UTF16:
      return "utf16";
    default:
      return "unspecified";
  }
}

//! An enum value's SCIP name; NULL for 0 (unspecified); the number for a value this proto does
//! not know (a newer indexer).
std::optional<std::string> EnumText(int value, const std::string& name) {
  if (value == 0) return std::nullopt;
  return name.empty() ? std::to_string(value) : name;
}

//! A set of stable IDs for dropping duplicates: open addressing over the ID's own bits (IDs are
//! already uniform hashes), about 4x faster than std::unordered_set here.
class IdSet {
 public:
  //! True when `id` was not in the set yet.
  bool Insert(uint64_t id) {
    if (id == 0) return !std::exchange(has_zero_, true);
    if ((size_ + 1) * 2 > slots_.size()) Grow();
    if (!Place(slots_, id)) return false;
    ++size_;
    return true;
  }

 private:
  static bool Place(std::vector<uint64_t>& slots, uint64_t id) {
    const size_t mask = slots.size() - 1;
    for (size_t i = id & mask;; i = (i + 1) & mask) {
      if (slots[i] == id) return false;
      if (slots[i] == 0) {
        slots[i] = id;
        return true;
      }
    }
  }
  void Grow() {
    std::vector<uint64_t> bigger(slots_.empty() ? 1024 : slots_.size() * 2, 0);
    for (uint64_t id : slots_) {
      if (id != 0) Place(bigger, id);
    }
    slots_.swap(bigger);
  }
  std::vector<uint64_t> slots_;
  size_t size_ = 0;
  bool has_zero_ = false;
};

bool IsLocalSymbol(std::string_view symbol) { return symbol.starts_with("local "); }

//! The document a row belongs to.
struct DocContext {
  uint64_t document_id = 0;
  uint64_t file_id = 0;
  std::string_view path;
  Encoding encoding;
};

//! A possibly absent string as a nullable cell.
std::optional<std::string_view> View(const std::optional<std::string>& v) {
  return v ? std::optional<std::string_view>(*v) : std::nullopt;
}
//! An empty string as NULL.
std::optional<std::string_view> NonEmpty(const std::string& v) {
  return v.empty() ? std::nullopt : std::optional<std::string_view>(v);
}
template <typename Strings>
std::vector<std::string_view> Views(const Strings& strings) {
  return std::vector<std::string_view>(strings.begin(), strings.end());
}

//! Appends rows to ScipTables, dropping exact duplicates.
class Emitter {
 public:
  explicit Emitter(ScipTables* t, std::string_view origin)
      : origin_(origin),
        metadata_(t->metadata),
        documents_(t->documents),
        occurrences_(t->occurrences),
        symbols_(t->symbols),
        relationships_(t->relationships),
        diagnostics_(t->diagnostics) {}

  void AddMetadata(const ::scip::Metadata& m) {
    metadata_.Append({.tool_name = m.tool_info().name(),
                      .tool_version = m.tool_info().version(),
                      .tool_arguments = Views(m.tool_info().arguments()),
                      .project_root = m.project_root(),
                      .text_document_encoding = TextEncodingName(m.text_document_encoding()),
                      .protocol_version = m.version()});
  }

  Status AddDocument(const ::scip::Document& doc) {
    const std::string& path = doc.relative_path();
    const std::optional<Encoding> encoding = ToEncoding(doc.position_encoding());
    if (!encoding) {
      return Malformed(origin_, "document {} has an unknown position encoding {}", path,
                       static_cast<int>(doc.position_encoding()));
    }
    DocContext ctx{StableId("scip_document", path), StableId("file", path), path, *encoding};
    // A path indexed twice (e.g. merged indexes) is one document; its rows are all kept.
    if (seen_documents_.Insert(ctx.document_id)) {
      documents_.Append({.document_id = ctx.document_id,
                         .file_id = ctx.file_id,
                         .path = path,
                         .language = doc.language(),
                         .position_encoding = encoding->name,
                         .column_unit = encoding->column_unit});
    }
    for (int i = 0; i < doc.occurrences_size(); ++i) {
      CA_RETURN_IF_ERROR(AddOccurrence(ctx, doc.occurrences(i), i));
    }
    for (const auto& info : doc.symbols()) AddSymbol(info, &ctx);
    return Status::Ok();
  }

  //! `doc` is null for Index.external_symbols.
  void AddSymbol(const ::scip::SymbolInformation& info, const DocContext* doc) {
    const std::string& symbol = info.symbol();
    const bool local = IsLocalSymbol(symbol);
    const uint64_t id =
        local && doc ? StableId("scip_symbol", symbol, doc->path) : StableId("scip_symbol", symbol);
    if (seen_symbols_.Insert(id)) {
      const auto kind = EnumText(info.kind(), ::scip::SymbolInformation_Kind_Name(info.kind()));
      symbols_.Append({.symbol_info_id = id,
                       .document_id = doc ? std::optional(doc->document_id) : std::nullopt,
                       .file_id = doc ? std::optional(doc->file_id) : std::nullopt,
                       .path = doc ? std::optional(doc->path) : std::nullopt,
                       .symbol = symbol,
                       .display_name = NonEmpty(info.display_name()),
                       .kind = View(kind),
                       .enclosing_symbol = NonEmpty(info.enclosing_symbol()),
                       .documentation = Views(info.documentation()),
                       .is_external = doc == nullptr,
                       .is_local = local});
    }
    for (const auto& rel : info.relationships()) {
      const uint64_t rel_id =
          StableId("scip_relationship", id, rel.symbol(), rel.is_reference(),
                   rel.is_implementation(), rel.is_type_definition(), rel.is_definition());
      if (!seen_relationships_.Insert(rel_id)) continue;
      relationships_.Append({.relationship_id = rel_id,
                             .symbol_info_id = id,
                             .file_id = doc ? std::optional(doc->file_id) : std::nullopt,
                             .path = doc ? std::optional(doc->path) : std::nullopt,
                             .symbol = symbol,
                             .related_symbol = rel.symbol(),
                             .is_reference = rel.is_reference(),
                             .is_implementation = rel.is_implementation(),
                             .is_type_definition = rel.is_type_definition(),
                             .is_definition = rel.is_definition()});
    }
  }

 private:
  Status AddOccurrence(const DocContext& doc, const ::scip::Occurrence& occ, int index) {
    Range range;
    if (!ToRange(occ.range(), &range)) {
      return Malformed(origin_,
                       "document {}: occurrence #{} has the range {} (expected 3 or 4 "
                       "non-negative numbers, start before end)",
                       doc.path, index, RangeText(occ.range()));
    }
    std::optional<Range> enclosing;
    if (occ.enclosing_range_size() > 0) {
      Range r;
      if (!ToRange(occ.enclosing_range(), &r)) {
        return Malformed(origin_, "document {}: occurrence #{} has the enclosing range {}",
                         doc.path, index, RangeText(occ.enclosing_range()));
      }
      enclosing = r;
    }
    const uint64_t id = StableId("scip_occurrence", doc.path, range.start_line, range.start_char,
                                 range.end_line, range.end_char, occ.symbol(), occ.symbol_roles());
    if (seen_occurrences_.Insert(id)) {
      const auto syntax = EnumText(occ.syntax_kind(), ::scip::SyntaxKind_Name(occ.syntax_kind()));
      auto in_enclosing = [&](int32_t Range::*field) {
        return enclosing ? std::optional((*enclosing).*field) : std::nullopt;
      };
      occurrences_.Append({.occurrence_id = id,
                           .document_id = doc.document_id,
                           .file_id = doc.file_id,
                           .path = doc.path,
                           .symbol = occ.symbol(),
                           .symbol_roles = occ.symbol_roles(),
                           .syntax_kind = View(syntax),
                           .start_line = range.start_line,
                           .start_char = range.start_char,
                           .end_line = range.end_line,
                           .end_char = range.end_char,
                           .enclosing_start_line = in_enclosing(&Range::start_line),
                           .enclosing_start_char = in_enclosing(&Range::start_char),
                           .enclosing_end_line = in_enclosing(&Range::end_line),
                           .enclosing_end_char = in_enclosing(&Range::end_char),
                           .column_unit = doc.encoding.column_unit});
    }
    for (const auto& d : occ.diagnostics()) {
      const uint64_t diag_id = StableId("scip_diagnostic", id, static_cast<int>(d.severity()),
                                        d.code(), d.message(), d.source());
      if (!seen_diagnostics_.Insert(diag_id)) continue;
      const auto severity = EnumText(d.severity(), ::scip::Severity_Name(d.severity()));
      std::vector<std::string> tags;
      for (int tag : d.tags()) {
        tags.push_back(
            EnumText(tag, ::scip::DiagnosticTag_Name(static_cast<::scip::DiagnosticTag>(tag)))
                .value_or("UnspecifiedDiagnosticTag"));
      }
      diagnostics_.Append({.diagnostic_id = diag_id,
                           .document_id = doc.document_id,
                           .occurrence_id = id,
                           .file_id = doc.file_id,
                           .path = doc.path,
                           .severity = View(severity),
                           .code = d.code(),
                           .message = d.message(),
                           .source = d.source(),
                           .tags = Views(tags),
                           .start_line = range.start_line,
                           .start_char = range.start_char,
                           .end_line = range.end_line,
                           .end_char = range.end_char,
                           .column_unit = doc.encoding.column_unit});
    }
    return Status::Ok();
  }

  std::string_view origin_;
  schema::RowWriter<schema::ScipMetadataRow> metadata_;
  schema::RowWriter<schema::ScipDocumentsRow> documents_;
  schema::RowWriter<schema::ScipOccurrencesRow> occurrences_;
  schema::RowWriter<schema::ScipSymbolsRow> symbols_;
  schema::RowWriter<schema::ScipRelationshipsRow> relationships_;
  schema::RowWriter<schema::ScipDiagnosticsRow> diagnostics_;

  IdSet seen_documents_, seen_occurrences_, seen_symbols_, seen_relationships_, seen_diagnostics_;
};

//! "<what> #<n>: <libprotobuf's complaint>" for a message that did not parse.
Status ParseFailure(std::string_view origin, std::string_view what) {
  std::string detail = t_protobuf_log.empty() ? "" : ": " + t_protobuf_log;
  t_protobuf_log.clear();
  return Malformed(origin, "{} does not parse{}", what, detail);
}

}  // namespace

Result<ScipTables> DecodeIndex(std::string_view bytes, std::string_view origin) {
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return Status::InvalidArgument(
        "{} is {} bytes; SCIP indexes over 2 GiB are not supported (index a smaller tree)", origin,
        bytes.size());
  }
  InstallProtobufLogHandler();
  CA_ASSIGN_OR_RETURN(IndexSlices slices, SplitIndex(bytes, origin));
  if (slices.metadata.empty() && slices.documents.empty() && slices.external_symbols.empty()) {
    return Status::InvalidArgument(
        "{} holds no SCIP metadata, documents or symbols: it is empty or not a SCIP index; pass "
        "an index.scip written by scip-python (or build with --scip)",
        origin);
  }

  ScipTables tables;
  Emitter emit(&tables, origin);
  if (!slices.metadata.empty()) {
    ::scip::Metadata metadata;
    for (const Slice& s : slices.metadata) {  // repeated occurrences merge, as in protobuf
      pb::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(s.data), s.size);
      if (!metadata.MergeFromCodedStream(&in)) return ParseFailure(origin, "the metadata");
    }
    emit.AddMetadata(metadata);
  }

  // Documents in path order (ties in index order): the rows do not depend on the indexer's order.
  std::vector<std::pair<std::string, size_t>> order;
  order.reserve(slices.documents.size());
  for (size_t i = 0; i < slices.documents.size(); ++i) {
    order.emplace_back(DocumentPath(slices.documents[i]), i);
  }
  std::sort(order.begin(), order.end());
  ::scip::Document doc;
  for (const auto& [path, i] : order) {
    const Slice& s = slices.documents[i];
    if (!doc.ParseFromArray(s.data, s.size)) {
      return ParseFailure(origin, fmt::format("document #{} ({})", i, path));
    }
    CA_RETURN_IF_ERROR(emit.AddDocument(doc));
  }
  ::scip::SymbolInformation info;
  for (size_t i = 0; i < slices.external_symbols.size(); ++i) {
    const Slice& s = slices.external_symbols[i];
    if (!info.ParseFromArray(s.data, s.size)) {
      return ParseFailure(origin, fmt::format("external symbol #{}", i));
    }
    emit.AddSymbol(info, nullptr);
  }
  return tables;
}

Result<ScipTables> DecodeIndexFile(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    return Status::NotFound(
        "SCIP index '{}' does not exist; pass the path of an index.scip written by scip-python "
        "(or build with --scip)",
        path.string());
  }
  if (fs::is_directory(path, ec)) {
    return Status::InvalidArgument("SCIP index '{}' is a directory; pass the index.scip file",
                                   path.string());
  }
  CA_ASSIGN_OR_RETURN(std::string bytes, base::ReadFile(path));
  return DecodeIndex(bytes, path.string());
}

}  // namespace codeanatomy::extract::scip
