#include "codeanatomy/extract/cst/grammar.h"

#include <cstring>

#include "codeanatomy/base/check.h"

extern "C" const TSLanguage* tree_sitter_python();

namespace codeanatomy::extract::cst {

Grammar::Grammar() {
  const TSLanguage* lang = tree_sitter_python();
  // The grammar is pinned and compiled in: a name it lacks is a bug in this file.
  auto sym = [&](const char* name, bool named = true) {
    const TSSymbol s =
        ts_language_symbol_for_name(lang, name, static_cast<uint32_t>(strlen(name)), named);
    CA_CHECK_MSG(s != 0, "tree-sitter-python has no {} symbol `{}`", named ? "named" : "anonymous",
                 name);
    return s;
  };
  auto field = [&](const char* name) {
    const TSFieldId f =
        ts_language_field_id_for_name(lang, name, static_cast<uint32_t>(strlen(name)));
    CA_CHECK_MSG(f != 0, "tree-sitter-python has no field `{}`", name);
    return f;
  };
  module = sym("module");
  function_definition = sym("function_definition");
  class_definition = sym("class_definition");
  decorated_definition = sym("decorated_definition");
  decorator = sym("decorator");
  lambda = sym("lambda");
  lambda_parameters = sym("lambda_parameters");
  parameters = sym("parameters");
  identifier = sym("identifier");
  typed_parameter = sym("typed_parameter");
  default_parameter = sym("default_parameter");
  typed_default_parameter = sym("typed_default_parameter");
  list_splat_pattern = sym("list_splat_pattern");
  dictionary_splat_pattern = sym("dictionary_splat_pattern");
  keyword_separator = sym("keyword_separator");
  positional_separator = sym("positional_separator");
  tuple_pattern = sym("tuple_pattern");
  list_pattern = sym("list_pattern");
  pattern_list = sym("pattern_list");
  expression_list = sym("expression_list");
  tuple = sym("tuple");
  list = sym("list");
  list_splat = sym("list_splat");
  dictionary_splat = sym("dictionary_splat");
  parenthesized_expression = sym("parenthesized_expression");
  as_pattern = sym("as_pattern");
  as_pattern_target = sym("as_pattern_target");
  call = sym("call");
  argument_list = sym("argument_list");
  keyword_argument = sym("keyword_argument");
  attribute = sym("attribute");
  subscript = sym("subscript");
  list_comprehension = sym("list_comprehension");
  set_comprehension = sym("set_comprehension");
  dictionary_comprehension = sym("dictionary_comprehension");
  generator_expression = sym("generator_expression");
  for_in_clause = sym("for_in_clause");
  if_clause = sym("if_clause");
  pair = sym("pair");
  dictionary = sym("dictionary");
  assignment = sym("assignment");
  augmented_assignment = sym("augmented_assignment");
  named_expression = sym("named_expression");
  for_statement = sym("for_statement");
  with_statement = sym("with_statement");
  with_clause = sym("with_clause");
  with_item = sym("with_item");
  except_clause = sym("except_clause");
  except_group_clause = sym("except_group_clause");
  delete_statement = sym("delete_statement");
  global_statement = sym("global_statement");
  nonlocal_statement = sym("nonlocal_statement");
  import_statement = sym("import_statement");
  import_from_statement = sym("import_from_statement");
  future_import_statement = sym("future_import_statement");
  aliased_import = sym("aliased_import");
  dotted_name = sym("dotted_name");
  relative_import = sym("relative_import");
  import_prefix = sym("import_prefix");
  wildcard_import = sym("wildcard_import");
  case_clause = sym("case_clause");
  case_pattern = sym("case_pattern");
  class_pattern = sym("class_pattern");
  splat_pattern = sym("splat_pattern");
  keyword_pattern = sym("keyword_pattern");
  dict_pattern = sym("dict_pattern");
  type_alias_statement = sym("type_alias_statement");
  type = sym("type");
  generic_type = sym("generic_type");
  type_parameter = sym("type_parameter");
  constrained_type = sym("constrained_type");
  splat_type = sym("splat_type");
  conditional_expression = sym("conditional_expression");
  block = sym("block");
  expression_statement = sym("expression_statement");
  string = sym("string");
  concatenated_string = sym("concatenated_string");
  string_start = sym("string_start");
  string_content = sym("string_content");
  interpolation = sym("interpolation");
  escape_sequence = sym("escape_sequence");
  integer = sym("integer");
  float_ = sym("float");
  true_ = sym("true");
  false_ = sym("false");
  none = sym("none");
  ellipsis = sym("ellipsis");
  unary_operator = sym("unary_operator");
  yield_ = sym("yield");
  try_statement = sym("try_statement");
  else_clause = sym("else_clause");
  finally_clause = sym("finally_clause");
  print_statement = sym("print_statement");
  format_expression = sym("format_expression");
  return_statement = sym("return_statement");
  await_ = sym("await");
  set = sym("set");
  slice = sym("slice");
  binary_operator = sym("binary_operator");
  boolean_operator = sym("boolean_operator");
  comparison_operator = sym("comparison_operator");
  not_operator = sym("not_operator");
  raise_statement = sym("raise_statement");
  async_kw = sym("async", false);
  as_kw = sym("as", false);
  plus_equal = sym("+=", false);
  print_kw = sym("print", false);
  from_kw = sym("from", false);

  field_name = field("name");
  field_body = field("body");
  field_parameters = field("parameters");
  field_return_type = field("return_type");
  field_type_parameters = field("type_parameters");
  field_superclasses = field("superclasses");
  field_value = field("value");
  field_type = field("type");
  field_left = field("left");
  field_right = field("right");
  field_function = field("function");
  field_arguments = field("arguments");
  field_object = field("object");
  field_attribute = field("attribute");
  field_alias = field("alias");
  field_module_name = field("module_name");
  field_key = field("key");
  field_definition = field("definition");
  field_argument = field("argument");
  field_operator = field("operator");
  field_subscript = field("subscript");
  field_expression = field("expression");
}

const Grammar& G() {
  static const Grammar grammar;
  return grammar;
}

}  // namespace codeanatomy::extract::cst
