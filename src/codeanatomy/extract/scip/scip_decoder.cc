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

//! Appends rows to ScipTables through cached column references, dropping exact duplicates.
class Emitter {
 public:
  explicit Emitter(ScipTables* t, std::string_view origin)
      : origin_(origin),
        meta_tool_name_(t->metadata.column("tool_name")),
        meta_tool_version_(t->metadata.column("tool_version")),
        meta_tool_arguments_(t->metadata.column("tool_arguments")),
        meta_project_root_(t->metadata.column("project_root")),
        meta_text_encoding_(t->metadata.column("text_document_encoding")),
        meta_protocol_(t->metadata.column("protocol_version")),
        doc_id_(t->documents.column("document_id")),
        doc_file_id_(t->documents.column("file_id")),
        doc_path_(t->documents.column("path")),
        doc_language_(t->documents.column("language")),
        doc_encoding_(t->documents.column("position_encoding")),
        doc_unit_(t->documents.column("column_unit")),
        occ_id_(t->occurrences.column("occurrence_id")),
        occ_doc_(t->occurrences.column("document_id")),
        occ_file_(t->occurrences.column("file_id")),
        occ_path_(t->occurrences.column("path")),
        occ_symbol_(t->occurrences.column("symbol")),
        occ_roles_(t->occurrences.column("symbol_roles")),
        occ_syntax_(t->occurrences.column("syntax_kind")),
        occ_range_{&t->occurrences.column("start_line"), &t->occurrences.column("start_char"),
                   &t->occurrences.column("end_line"), &t->occurrences.column("end_char")},
        occ_enclosing_{&t->occurrences.column("enclosing_start_line"),
                       &t->occurrences.column("enclosing_start_char"),
                       &t->occurrences.column("enclosing_end_line"),
                       &t->occurrences.column("enclosing_end_char")},
        occ_unit_(t->occurrences.column("column_unit")),
        sym_id_(t->symbols.column("symbol_info_id")),
        sym_doc_(t->symbols.column("document_id")),
        sym_file_(t->symbols.column("file_id")),
        sym_path_(t->symbols.column("path")),
        sym_symbol_(t->symbols.column("symbol")),
        sym_display_(t->symbols.column("display_name")),
        sym_kind_(t->symbols.column("kind")),
        sym_enclosing_(t->symbols.column("enclosing_symbol")),
        sym_docs_(t->symbols.column("documentation")),
        sym_external_(t->symbols.column("is_external")),
        sym_local_(t->symbols.column("is_local")),
        rel_id_(t->relationships.column("relationship_id")),
        rel_sym_id_(t->relationships.column("symbol_info_id")),
        rel_file_(t->relationships.column("file_id")),
        rel_path_(t->relationships.column("path")),
        rel_symbol_(t->relationships.column("symbol")),
        rel_related_(t->relationships.column("related_symbol")),
        rel_is_reference_(t->relationships.column("is_reference")),
        rel_is_implementation_(t->relationships.column("is_implementation")),
        rel_is_type_definition_(t->relationships.column("is_type_definition")),
        rel_is_definition_(t->relationships.column("is_definition")),
        diag_id_(t->diagnostics.column("diagnostic_id")),
        diag_doc_(t->diagnostics.column("document_id")),
        diag_occ_(t->diagnostics.column("occurrence_id")),
        diag_file_(t->diagnostics.column("file_id")),
        diag_path_(t->diagnostics.column("path")),
        diag_severity_(t->diagnostics.column("severity")),
        diag_code_(t->diagnostics.column("code")),
        diag_message_(t->diagnostics.column("message")),
        diag_source_(t->diagnostics.column("source")),
        diag_tags_(t->diagnostics.column("tags")),
        diag_range_{&t->diagnostics.column("start_line"), &t->diagnostics.column("start_char"),
                    &t->diagnostics.column("end_line"), &t->diagnostics.column("end_char")},
        diag_unit_(t->diagnostics.column("column_unit")) {}

  void AddMetadata(const ::scip::Metadata& m) {
    meta_tool_name_.AppendString(m.tool_info().name());
    meta_tool_version_.AppendString(m.tool_info().version());
    meta_tool_arguments_.BeginList();
    for (const auto& a : m.tool_info().arguments()) meta_tool_arguments_.AppendListItem(a);
    meta_tool_arguments_.EndList();
    meta_project_root_.AppendString(m.project_root());
    meta_text_encoding_.AppendString(TextEncodingName(m.text_document_encoding()));
    meta_protocol_.AppendInt32(m.version());
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
      doc_id_.AppendUInt64(ctx.document_id);
      doc_file_id_.AppendUInt64(ctx.file_id);
      doc_path_.AppendString(path);
      doc_language_.AppendString(doc.language());
      doc_encoding_.AppendString(encoding->name);
      doc_unit_.AppendString(encoding->column_unit);
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
      sym_id_.AppendUInt64(id);
      if (doc) {
        sym_doc_.AppendUInt64(doc->document_id);
        sym_file_.AppendUInt64(doc->file_id);
        sym_path_.AppendString(doc->path);
      } else {
        sym_doc_.AppendNull();
        sym_file_.AppendNull();
        sym_path_.AppendNull();
      }
      sym_symbol_.AppendString(symbol);
      AppendNonEmpty(sym_display_, info.display_name());
      sym_kind_.AppendOptionalString(
          EnumText(info.kind(), ::scip::SymbolInformation_Kind_Name(info.kind())));
      AppendNonEmpty(sym_enclosing_, info.enclosing_symbol());
      sym_docs_.BeginList();
      for (const auto& d : info.documentation()) sym_docs_.AppendListItem(d);
      sym_docs_.EndList();
      sym_external_.AppendBool(doc == nullptr);
      sym_local_.AppendBool(local);
    }
    for (const auto& rel : info.relationships()) {
      const uint64_t rel_id =
          StableId("scip_relationship", id, rel.symbol(), rel.is_reference(),
                   rel.is_implementation(), rel.is_type_definition(), rel.is_definition());
      if (!seen_relationships_.Insert(rel_id)) continue;
      rel_id_.AppendUInt64(rel_id);
      rel_sym_id_.AppendUInt64(id);
      if (doc) {
        rel_file_.AppendUInt64(doc->file_id);
        rel_path_.AppendString(doc->path);
      } else {
        rel_file_.AppendNull();
        rel_path_.AppendNull();
      }
      rel_symbol_.AppendString(symbol);
      rel_related_.AppendString(rel.symbol());
      rel_is_reference_.AppendBool(rel.is_reference());
      rel_is_implementation_.AppendBool(rel.is_implementation());
      rel_is_type_definition_.AppendBool(rel.is_type_definition());
      rel_is_definition_.AppendBool(rel.is_definition());
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
      occ_id_.AppendUInt64(id);
      occ_doc_.AppendUInt64(doc.document_id);
      occ_file_.AppendUInt64(doc.file_id);
      occ_path_.AppendString(doc.path);
      occ_symbol_.AppendString(occ.symbol());
      occ_roles_.AppendInt32(occ.symbol_roles());
      occ_syntax_.AppendOptionalString(
          EnumText(occ.syntax_kind(), ::scip::SyntaxKind_Name(occ.syntax_kind())));
      AppendRange(occ_range_, range);
      if (enclosing) {
        AppendRange(occ_enclosing_, *enclosing);
      } else {
        for (base::Column* c : occ_enclosing_) c->AppendNull();
      }
      occ_unit_.AppendString(doc.encoding.column_unit);
    }
    for (const auto& d : occ.diagnostics()) {
      const uint64_t diag_id = StableId("scip_diagnostic", id, static_cast<int>(d.severity()),
                                        d.code(), d.message(), d.source());
      if (!seen_diagnostics_.Insert(diag_id)) continue;
      diag_id_.AppendUInt64(diag_id);
      diag_doc_.AppendUInt64(doc.document_id);
      diag_occ_.AppendUInt64(id);
      diag_file_.AppendUInt64(doc.file_id);
      diag_path_.AppendString(doc.path);
      diag_severity_.AppendOptionalString(
          EnumText(d.severity(), ::scip::Severity_Name(d.severity())));
      diag_code_.AppendString(d.code());
      diag_message_.AppendString(d.message());
      diag_source_.AppendString(d.source());
      diag_tags_.BeginList();
      for (int tag : d.tags()) {
        diag_tags_.AppendListItem(
            EnumText(tag, ::scip::DiagnosticTag_Name(static_cast<::scip::DiagnosticTag>(tag)))
                .value_or("UnspecifiedDiagnosticTag"));
      }
      diag_tags_.EndList();
      AppendRange(diag_range_, range);
      diag_unit_.AppendString(doc.encoding.column_unit);
    }
    return Status::Ok();
  }

  static void AppendRange(base::Column* const (&columns)[4], const Range& r) {
    columns[0]->AppendInt32(r.start_line);
    columns[1]->AppendInt32(r.start_char);
    columns[2]->AppendInt32(r.end_line);
    columns[3]->AppendInt32(r.end_char);
  }
  static void AppendNonEmpty(base::Column& column, const std::string& value) {
    value.empty() ? column.AppendNull() : column.AppendString(value);
  }

  std::string_view origin_;
  base::Column &meta_tool_name_, &meta_tool_version_, &meta_tool_arguments_, &meta_project_root_,
      &meta_text_encoding_, &meta_protocol_;
  base::Column &doc_id_, &doc_file_id_, &doc_path_, &doc_language_, &doc_encoding_, &doc_unit_;
  base::Column &occ_id_, &occ_doc_, &occ_file_, &occ_path_, &occ_symbol_, &occ_roles_, &occ_syntax_;
  base::Column* const occ_range_[4];
  base::Column* const occ_enclosing_[4];
  base::Column& occ_unit_;
  base::Column &sym_id_, &sym_doc_, &sym_file_, &sym_path_, &sym_symbol_, &sym_display_, &sym_kind_,
      &sym_enclosing_, &sym_docs_, &sym_external_, &sym_local_;
  base::Column &rel_id_, &rel_sym_id_, &rel_file_, &rel_path_, &rel_symbol_, &rel_related_,
      &rel_is_reference_, &rel_is_implementation_, &rel_is_type_definition_, &rel_is_definition_;
  base::Column &diag_id_, &diag_doc_, &diag_occ_, &diag_file_, &diag_path_, &diag_severity_,
      &diag_code_, &diag_message_, &diag_source_, &diag_tags_;
  base::Column* const diag_range_[4];
  base::Column& diag_unit_;

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
