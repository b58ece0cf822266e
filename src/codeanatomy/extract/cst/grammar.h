// codeanatomy/extract/cst/grammar.h
//
// Symbol and field IDs of tree-sitter-python (node-types.json of 0.23.6), looked up once by name.
#pragma once

#include <tree_sitter/api.h>

namespace codeanatomy::extract::cst {

// tree-sitter's ERROR symbol (ts_builtin_sym_error in parser.h, which api.h does not expose).
inline constexpr TSSymbol kErrorSymbol = static_cast<TSSymbol>(-1);

//! The grammar's symbols and fields (the constructor CHECKs that each exists).
struct Grammar {
  // Named nodes.
  TSSymbol module, function_definition, class_definition, decorated_definition, decorator, lambda,
      lambda_parameters, parameters, identifier, typed_parameter, default_parameter,
      typed_default_parameter, list_splat_pattern, dictionary_splat_pattern, keyword_separator,
      positional_separator, tuple_pattern, list_pattern, pattern_list, expression_list, tuple, list,
      list_splat, dictionary_splat, parenthesized_expression, as_pattern, as_pattern_target, call,
      argument_list, keyword_argument, attribute, subscript, list_comprehension, set_comprehension,
      dictionary_comprehension, generator_expression, for_in_clause, if_clause, pair, dictionary,
      assignment, augmented_assignment, named_expression, for_statement, with_statement,
      with_clause, with_item, except_clause, except_group_clause, delete_statement,
      global_statement, nonlocal_statement, import_statement, import_from_statement,
      future_import_statement, aliased_import, dotted_name, relative_import, import_prefix,
      wildcard_import, case_clause, case_pattern, class_pattern, splat_pattern, keyword_pattern,
      dict_pattern, type_alias_statement, type, generic_type, type_parameter, constrained_type,
      splat_type, conditional_expression, block, expression_statement, string, concatenated_string,
      string_start, string_content, interpolation, escape_sequence, integer, float_, true_, false_,
      none, ellipsis, unary_operator, yield_, try_statement, else_clause, finally_clause,
      print_statement, format_expression, return_statement, await_, set, slice, binary_operator,
      boolean_operator, comparison_operator, not_operator, raise_statement;
  // Anonymous tokens.
  TSSymbol async_kw, as_kw, plus_equal, print_kw, from_kw;

  TSFieldId field_name, field_body, field_parameters, field_return_type, field_type_parameters,
      field_superclasses, field_value, field_type, field_left, field_right, field_function,
      field_arguments, field_object, field_attribute, field_alias, field_module_name, field_key,
      field_definition, field_argument, field_operator, field_subscript, field_expression;

  Grammar();
};

//! The grammar of tree_sitter_python(), built on first use.
const Grammar& G();

}  // namespace codeanatomy::extract::cst
