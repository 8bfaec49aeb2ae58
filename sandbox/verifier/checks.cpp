#include "check.hpp"

namespace crucible::sandbox::verifier {

std::vector<std::unique_ptr<SourceCheck>> make_source_checks() {
  std::vector<std::unique_ptr<SourceCheck>> checks;
  checks.push_back(make_source_size_check());
  checks.push_back(make_include_check());
  checks.push_back(make_pragma_check());
  checks.push_back(make_macro_check());
  checks.push_back(make_directive_check());
  checks.push_back(make_reserved_name_check());
  return checks;
}

std::vector<std::unique_ptr<AstCheck>> make_ast_checks(Context& context) {
  std::vector<std::unique_ptr<AstCheck>> checks;
  checks.push_back(make_entry_point_check(context));
  checks.push_back(make_inline_asm_check(context));
  checks.push_back(make_forbidden_call_check(context));
  checks.push_back(make_mutable_global_check(context));
  checks.push_back(make_pointer_cast_check(context));
  checks.push_back(make_pointer_arithmetic_check(context));
  checks.push_back(make_load_time_code_check(context));
  checks.push_back(make_recursion_check(context));
  checks.push_back(make_heap_check(context));
  checks.push_back(make_attribute_check(context));
  checks.push_back(make_language_subset_check(context));
  return checks;
}

}  // namespace crucible::sandbox::verifier
