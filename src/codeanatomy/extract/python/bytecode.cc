#include "codeanatomy/extract/python/bytecode.h"

#include <algorithm>

#include "codeanatomy/base/check.h"

namespace codeanatomy::extract::python {
namespace {

// Location-table entry codes (Include/internal/pycore_code.h, _PyCodeLocationInfoKind).
constexpr int kLocationShortMax = 9;   // 0..9: short form, same line, col = code*8 + high nibble
constexpr int kLocationOneLine0 = 10;  // 10..12: one-line form, line delta = code - 10
constexpr int kLocationOneLine2 = 12;
constexpr int kLocationNoColumns = 13;
constexpr int kLocationLong = 14;
constexpr int kLocationNone = 15;

//! A bounds-checked reader over a byte table; a read past the end sets `failed`.
class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}
  bool done() const { return pos_ >= bytes_.size(); }
  bool failed() const { return failed_; }
  uint8_t Peek() const { return static_cast<uint8_t>(bytes_[pos_]); }
  uint8_t Byte() {
    if (pos_ >= bytes_.size()) {
      failed_ = true;
      return 0;
    }
    return static_cast<uint8_t>(bytes_[pos_++]);
  }
  //! Location-table varint: 6-bit chunks, least significant first, bit 6 = more.
  uint32_t Varint() {
    uint32_t read = Byte();
    uint32_t value = read & 63;
    uint32_t shift = 0;
    while ((read & 64) && !failed_ && shift < 30) {
      read = Byte();
      shift += 6;
      value |= (read & 63) << shift;
    }
    return value;
  }
  int32_t SignedVarint() {
    const uint32_t u = Varint();
    return (u & 1) ? -static_cast<int32_t>(u >> 1) : static_cast<int32_t>(u >> 1);
  }
  //! Exception-table varint: 6-bit chunks, most significant first, bit 6 = more.
  uint32_t BigEndianVarint() {
    uint32_t b = Byte();
    uint32_t value = b & 63;
    int chunks = 1;
    while ((b & 64) && !failed_ && chunks++ < 6) {
      b = Byte();
      value = (value << 6) | (b & 63);
    }
    return value;
  }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace

std::string_view Name(BlockKind kind) {
  switch (kind) {
    case BlockKind::kEntry:
      return "entry";
    case BlockKind::kNormal:
      return "normal";
    case BlockKind::kHandler:
      return "handler";
  }
  CA_UNREACHABLE("block kind {}", static_cast<int>(kind));
}

std::string_view Name(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kNext:
      return "next";
    case EdgeKind::kJump:
      return "jump";
    case EdgeKind::kBranchTrue:
      return "branch_true";
    case EdgeKind::kBranchFalse:
      return "branch_false";
    case EdgeKind::kException:
      return "exception";
  }
  CA_UNREACHABLE("edge kind {}", static_cast<int>(kind));
}

std::vector<Position> DecodeLocationTable(std::string_view linetable, int32_t first_line,
                                          size_t code_units,
                                          std::vector<std::pair<int32_t, int32_t>>* line_starts) {
  std::vector<Position> positions(code_units);
  ByteReader r(linetable);
  int32_t line = first_line;  // "computed_line" of Objects/codeobject.c
  int32_t last_start_line = -1;
  size_t unit = 0;
  while (!r.done() && unit < code_units) {
    const uint8_t first = r.Byte();
    if ((first & 0x80) == 0) break;  // not an entry start: malformed
    const int code = (first >> 3) & 15;
    const size_t length = (first & 7) + 1;
    Position p;
    if (code == kLocationNone) {
      // No location; the computed line does not move.
    } else if (code == kLocationLong) {
      line += r.SignedVarint();
      p.line = line;
      p.end_line = line + static_cast<int32_t>(r.Varint());
      p.col = static_cast<int32_t>(r.Varint()) - 1;
      p.end_col = static_cast<int32_t>(r.Varint()) - 1;
    } else if (code == kLocationNoColumns) {
      line += r.SignedVarint();
      p.line = p.end_line = line;
    } else if (code >= kLocationOneLine0 && code <= kLocationOneLine2) {
      line += code - kLocationOneLine0;
      p.line = p.end_line = line;
      p.col = r.Byte();
      p.end_col = r.Byte();
    } else {
      static_assert(kLocationShortMax == 9);
      const uint8_t second = r.Byte();
      p.line = p.end_line = line;
      p.col = (code << 3) | (second >> 4);
      p.end_col = p.col + (second & 15);
    }
    if (r.failed()) break;
    if (line_starts != nullptr && p.line != -1 && p.line != last_start_line) {
      line_starts->emplace_back(static_cast<int32_t>(unit * 2), p.line);
      last_start_line = p.line;
    }
    for (size_t k = 0; k < length && unit < code_units; ++k) positions[unit++] = p;
  }
  return positions;
}

std::vector<ExceptionEntry> DecodeExceptionTable(std::string_view exception_table) {
  std::vector<ExceptionEntry> entries;
  ByteReader r(exception_table);
  while (!r.done()) {
    ExceptionEntry e;
    e.start = static_cast<int32_t>(r.BigEndianVarint() * 2);
    e.end = e.start + static_cast<int32_t>(r.BigEndianVarint() * 2);
    e.target = static_cast<int32_t>(r.BigEndianVarint() * 2);
    const uint32_t depth_lasti = r.BigEndianVarint();
    if (r.failed()) break;
    e.depth = static_cast<int32_t>(depth_lasti >> 1);
    e.lasti = (depth_lasti & 1) != 0;
    entries.push_back(e);
  }
  return entries;
}

namespace {

//! dis._unpack_opargs: instructions (CACHE entries skipped) with their opargs.
std::vector<Instruction> UnpackInstructions(const OpcodeTable& opcodes, std::string_view code) {
  std::vector<Instruction> out;
  out.reserve(code.size() / 2);
  constexpr int64_t kIntOverflow = int64_t{1} << 31;
  int64_t extended_arg = 0;
  size_t caches = 0;
  for (size_t i = 0; i + 1 < code.size(); i += 2) {
    if (caches > 0) {
      --caches;
      continue;
    }
    Instruction ins;
    ins.offset = static_cast<int32_t>(i);
    ins.opcode = static_cast<uint8_t>(code[i]);
    const OpInfo& info = opcodes.ops[opcodes.ops[ins.opcode].deopt];
    caches = info.caches;
    if (info.arg_kind != ArgKind::kNone) {
      const int64_t arg = static_cast<uint8_t>(code[i + 1]) | extended_arg;
      extended_arg = opcodes.ops[ins.opcode].deopt == opcodes.extended_arg ? (arg << 8) : 0;
      if (extended_arg >= kIntOverflow) extended_arg -= 2 * kIntOverflow;
      ins.arg = arg;
    } else {
      extended_arg = 0;
    }
    out.push_back(ins);
  }
  return out;
}

//! Index of the block containing `offset`, or -1.
int32_t BlockAt(const std::vector<Block>& blocks, int32_t offset) {
  auto it = std::upper_bound(blocks.begin(), blocks.end(), offset,
                             [](int32_t off, const Block& b) { return off < b.start; });
  if (it == blocks.begin()) return -1;
  --it;
  return offset < it->end ? static_cast<int32_t>(it - blocks.begin()) : -1;
}

void BuildBlocks(const OpcodeTable& opcodes, int32_t code_len, DecodedCode* d) {
  const auto& ins = d->instructions;
  if (ins.empty()) return;
  const size_t units = static_cast<size_t>(code_len) / 2 + 1;
  std::vector<uint8_t> boundary(units, 0);
  std::vector<uint8_t> handler(units, 0);
  auto mark = [&](std::vector<uint8_t>& v, int64_t offset) {
    if (offset >= 0 && offset < code_len && offset % 2 == 0) v[static_cast<size_t>(offset / 2)] = 1;
  };
  mark(boundary, 0);
  for (size_t i = 0; i < ins.size(); ++i) {
    if (ins[i].jump_target) mark(boundary, *ins[i].jump_target);
    const FlowKind flow = opcodes.ops[opcodes.ops[ins[i].opcode].deopt].flow;
    if (flow != FlowKind::kFallThrough && i + 1 < ins.size()) mark(boundary, ins[i + 1].offset);
  }
  for (const auto& e : d->exceptions) {
    mark(boundary, e.start);
    mark(boundary, e.end);
    mark(boundary, e.target);
    mark(handler, e.target);
  }
  for (size_t i = 0; i < ins.size(); ++i) {
    const size_t unit = static_cast<size_t>(ins[i].offset / 2);
    if (i == 0 || boundary[unit]) {
      if (!d->blocks.empty()) d->blocks.back().end = ins[i].offset;
      Block b;
      b.start = ins[i].offset;
      b.kind = b.start == 0    ? BlockKind::kEntry
               : handler[unit] ? BlockKind::kHandler
                               : BlockKind::kNormal;
      b.first_instr = static_cast<int32_t>(i);
      d->blocks.push_back(b);
    }
    d->blocks.back().last_instr = static_cast<int32_t>(i);
  }
  d->blocks.back().end = code_len;

  const auto nblocks = static_cast<int32_t>(d->blocks.size());
  for (int32_t b = 0; b < nblocks; ++b) {
    const Block& block = d->blocks[static_cast<size_t>(b)];
    const Instruction& last = ins[static_cast<size_t>(block.last_instr)];
    const FlowKind flow = opcodes.ops[opcodes.ops[last.opcode].deopt].flow;
    const int32_t next = b + 1 < nblocks ? b + 1 : -1;
    const int32_t taken = last.jump_target ? BlockAt(d->blocks, *last.jump_target) : -1;
    auto add = [&](int32_t dst, EdgeKind kind, std::optional<int32_t> cond) {
      if (dst >= 0) d->edges.push_back(CfgEdge{b, dst, kind, cond, std::nullopt});
    };
    switch (flow) {
      case FlowKind::kFallThrough:
        add(next, EdgeKind::kNext, std::nullopt);
        break;
      case FlowKind::kReturn:
      case FlowKind::kRaise:
        break;
      case FlowKind::kJump:
        add(taken, EdgeKind::kJump, last.offset);
        break;
      case FlowKind::kJumpWhenTrue:
        add(taken, EdgeKind::kBranchTrue, last.offset);
        add(next, EdgeKind::kBranchFalse, last.offset);
        break;
      case FlowKind::kJumpWhenFalse:
      case FlowKind::kJumpWhenExhausted:
        add(next, EdgeKind::kBranchTrue, last.offset);
        add(taken, EdgeKind::kBranchFalse, last.offset);
        break;
    }
    for (size_t k = 0; k < d->exceptions.size(); ++k) {
      const ExceptionEntry& e = d->exceptions[k];
      if (block.start < e.end && e.start < block.end) {
        const int32_t handler_block = BlockAt(d->blocks, e.target);
        if (handler_block >= 0) {
          d->edges.push_back(CfgEdge{b, handler_block, EdgeKind::kException, std::nullopt,
                                     static_cast<int32_t>(k)});
        }
      }
    }
  }
}

}  // namespace

DecodedCode DecodeCode(const OpcodeTable& opcodes, std::string_view code,
                       std::string_view linetable, int32_t first_line,
                       std::string_view exception_table) {
  DecodedCode d;
  const auto code_len = static_cast<int32_t>(code.size());
  const size_t units = code.size() / 2;
  d.instructions = UnpackInstructions(opcodes, code);
  d.exceptions = DecodeExceptionTable(exception_table);
  std::vector<std::pair<int32_t, int32_t>> line_starts;
  const std::vector<Position> positions =
      DecodeLocationTable(linetable, first_line, units, &line_starts);

  // Jump targets (dis.findlabels) and exception handlers are labels (`>>`).
  std::vector<uint8_t> label(units + 1, 0);
  for (auto& ins : d.instructions) {
    if (!ins.arg) continue;
    const OpInfo& info = opcodes.ops[opcodes.ops[ins.opcode].deopt];
    int64_t target = -1;
    if (info.arg_kind == ArgKind::kJumpRelative) {
      target = ins.offset + 2 + (info.backward ? -*ins.arg : *ins.arg) * 2;
    } else if (info.arg_kind == ArgKind::kJumpAbsolute) {
      target = *ins.arg * 2;
    } else {
      continue;
    }
    ins.jump_target = static_cast<int32_t>(target);
    if (target >= 0 && target <= code_len) label[static_cast<size_t>(target / 2)] = 1;
  }
  for (const auto& e : d.exceptions) {
    if (e.start < e.end && e.target >= 0 && e.target <= code_len) {
      label[static_cast<size_t>(e.target / 2)] = 1;
    }
  }
  size_t ls = 0;
  for (auto& ins : d.instructions) {
    const auto unit = static_cast<size_t>(ins.offset / 2);
    ins.is_jump_target = label[unit] != 0;
    while (ls < line_starts.size() && line_starts[ls].first < ins.offset) ++ls;
    if (ls < line_starts.size() && line_starts[ls].first == ins.offset) {
      ins.starts_line = line_starts[ls].second;
    }
    if (unit < positions.size()) ins.position = positions[unit];
  }
  BuildBlocks(opcodes, code_len, &d);
  return d;
}

}  // namespace codeanatomy::extract::python
