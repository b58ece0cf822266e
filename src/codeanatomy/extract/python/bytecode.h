// codeanatomy/extract/python/bytecode.h
//
// Native decoding of CPython 3.11 code objects: instructions from co_code, positions from
// co_linetable, entries of co_exceptiontable, then basic blocks and CFG edges. It reproduces what
// `dis` computes (dis.get_instructions, dis.findlinestarts, co_positions(), the exception-table
// parser) ~70x faster. No CPython here: the opcode facts come in an OpcodeTable that
// python_runtime.cc reads from the running interpreter's `opcode` module.
//
// The inputs come from CPython's own compiler, but the decoders are bounds-checked anyway: a
// malformed table ends the decoding, it never reads out of bounds.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace codeanatomy::extract::python {

//! How an instruction's oparg is resolved into argval / argrepr (dis._get_instructions_bytes).
enum class ArgKind : unsigned char {
  kNone,          // opcode < HAVE_ARGUMENT
  kPlain,         // the oparg itself
  kConst,         // LOAD_CONST: co_consts[arg]
  kKwNames,       // KW_NAMES: co_consts[arg] (dis leaves it unresolved)
  kName,          // co_names[arg]
  kGlobalName,    // LOAD_GLOBAL: co_names[arg >> 1], "NULL + " when arg & 1
  kJumpRelative,  // offset + 2 + 2 * arg (backward: minus)
  kJumpAbsolute,  // 2 * arg
  kLocal,         // haslocal / hasfree: co_localsplusnames[arg]
  kCompare,       // cmp_op[arg]
  kFormatValue,   // FORMAT_VALUE converters
  kMakeFunction,  // MAKE_FUNCTION flag names
  kBinaryOp,      // _nb_ops[arg] symbol
};

//! What an instruction does to control flow.
enum class FlowKind : unsigned char {
  kFallThrough,
  kReturn,             // RETURN_VALUE (RETURN_CONST in later versions)
  kRaise,              // RAISE_VARARGS, RERAISE
  kJump,               // unconditional: JUMP_FORWARD, JUMP_BACKWARD, JUMP_BACKWARD_NO_INTERRUPT
  kJumpWhenTrue,       // conditional, jumps when its condition holds: *_IF_TRUE, *_IF_NONE,
                       // *_IF_NOT_NONE
  kJumpWhenFalse,      // conditional, jumps when its condition fails: *_IF_FALSE
  kJumpWhenExhausted,  // FOR_ITER, SEND: falls through with an item, jumps when exhausted
};

struct OpInfo {
  std::string name;       // dis._all_opname (specialized names included)
  uint8_t deopt = 0;      // the base opcode (dis._deoptop)
  uint8_t caches = 0;     // inline CACHE code units after the instruction (of the base opcode)
  bool backward = false;  // 'JUMP_BACKWARD' in the name
  ArgKind arg_kind = ArgKind::kNone;
  FlowKind flow = FlowKind::kFallThrough;
};

//! The interpreter's opcode facts (filled by python_runtime.cc from `opcode` and `dis`).
struct OpcodeTable {
  std::array<OpInfo, 256> ops;
  int extended_arg = 144;
  std::vector<std::string> cmp_op;               // opcode.cmp_op
  std::vector<std::string> binary_op_symbols;    // opcode._nb_ops[i][1]
  std::vector<std::string> make_function_flags;  // dis.MAKE_FUNCTION_FLAGS
  //! dis's argval (as repr text) and argrepr of FORMAT_VALUE, by oparg & 7.
  std::array<std::string, 8> format_value_argval;
  std::array<std::string, 8> format_value_argrepr;
};

//! co_positions() of one instruction; -1 = None.
struct Position {
  int32_t line = -1;
  int32_t end_line = -1;
  int32_t col = -1;
  int32_t end_col = -1;
};

struct Instruction {
  int32_t offset = 0;
  uint8_t opcode = 0;
  //! The oparg with EXTENDED_ARG prefixes applied; nullopt below HAVE_ARGUMENT.
  std::optional<int64_t> arg;
  std::optional<int32_t> jump_target;
  bool is_jump_target = false;
  std::optional<int32_t> starts_line;
  Position position;
};

struct ExceptionEntry {
  int32_t start = 0;
  int32_t end = 0;  // exclusive
  int32_t target = 0;
  int32_t depth = 0;
  bool lasti = false;
};

enum class BlockKind : unsigned char { kEntry, kNormal, kHandler };
std::string_view Name(BlockKind kind);

struct Block {
  int32_t start = 0;
  int32_t end = 0;  // exclusive
  BlockKind kind = BlockKind::kNormal;
  int32_t first_instr = 0;
  int32_t last_instr = 0;
};

enum class EdgeKind : unsigned char { kNext, kJump, kBranchTrue, kBranchFalse, kException };
std::string_view Name(EdgeKind kind);

struct CfgEdge {
  int32_t src_block = 0;  // index into DecodedCode::blocks
  int32_t dst_block = 0;
  EdgeKind kind = EdgeKind::kNext;
  std::optional<int32_t> cond_offset;
  std::optional<int32_t> exc_entry;
};

struct DecodedCode {
  std::vector<Instruction> instructions;
  std::vector<ExceptionEntry> exceptions;
  std::vector<Block> blocks;
  std::vector<CfgEdge> edges;
};

//! co_positions() for every code unit (2 bytes) of a code object of `code_units` units, from the
//! 3.11 location table (Objects/locations.md). Units the table does not cover get no position.
//! `line_starts` receives dis.findlinestarts: (offset, line) where a new line begins.
std::vector<Position> DecodeLocationTable(std::string_view linetable, int32_t first_line,
                                          size_t code_units,
                                          std::vector<std::pair<int32_t, int32_t>>* line_starts);

//! dis._parse_exception_table.
std::vector<ExceptionEntry> DecodeExceptionTable(std::string_view exception_table);

//! Everything above plus blocks and edges, for one code object.
DecodedCode DecodeCode(const OpcodeTable& opcodes, std::string_view code,
                       std::string_view linetable, int32_t first_line,
                       std::string_view exception_table);

}  // namespace codeanatomy::extract::python
