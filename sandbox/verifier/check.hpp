// The two kinds of verifier check. A source check judges the raw tokens before anything is parsed
// (so a forbidden #include is never opened); an AST check declares Clang AST matchers and reports
// from its callback. Each check lives in its own file under checks/ and has a kebab-case name
// that prefixes its findings ("inline-asm: ...").
#pragma once

#include <clang/ASTMatchers/ASTMatchFinder.h>

#include <memory>
#include <string_view>
#include <vector>

#include "context.hpp"
#include "source_scan.hpp"

namespace crucible::sandbox::verifier {

class SourceCheck {
 public:
  virtual ~SourceCheck() = default;
  virtual std::string_view name() const = 0;
  virtual void check(const SourceScan& scan, Context& context) = 0;
};

class AstCheck : public clang::ast_matchers::MatchFinder::MatchCallback {
 public:
  explicit AstCheck(Context& context) : context_(context) {}
  virtual std::string_view name() const = 0;
  virtual void register_matchers(clang::ast_matchers::MatchFinder& finder) = 0;
  void run(const clang::ast_matchers::MatchFinder::MatchResult&) override {}
  // Called once after matching, for checks that judge the candidate as a whole.
  // `candidate_decls` are the top-level declarations written in the candidate's file.
  virtual void finish(clang::ASTContext& context,
                      const std::vector<clang::Decl*>& candidate_decls) {}

 protected:
  void report(const clang::ast_matchers::MatchFinder::MatchResult& result,
              clang::SourceLocation location, std::string reason) {
    context_.report(*result.SourceManager, location, name(), std::move(reason));
  }
  Context& context_;
};

// True when a value of `type` holds a pointer, a reference or a member pointer: itself, its
// elements, its bases or its members (context.cpp).
bool holds_address(clang::QualType type);

// The one list of checks (checks.cpp).
std::vector<std::unique_ptr<SourceCheck>> make_source_checks();
std::vector<std::unique_ptr<AstCheck>> make_ast_checks(Context& context);

// One factory per check file.
std::unique_ptr<SourceCheck> make_source_size_check();
std::unique_ptr<SourceCheck> make_include_check();
std::unique_ptr<SourceCheck> make_pragma_check();
std::unique_ptr<SourceCheck> make_macro_check();
std::unique_ptr<SourceCheck> make_directive_check();
std::unique_ptr<SourceCheck> make_reserved_name_check();
std::unique_ptr<AstCheck> make_inline_asm_check(Context& context);
std::unique_ptr<AstCheck> make_forbidden_call_check(Context& context);
std::unique_ptr<AstCheck> make_mutable_global_check(Context& context);
std::unique_ptr<AstCheck> make_pointer_cast_check(Context& context);
std::unique_ptr<AstCheck> make_pointer_arithmetic_check(Context& context);
std::unique_ptr<AstCheck> make_load_time_code_check(Context& context);
std::unique_ptr<AstCheck> make_recursion_check(Context& context);
std::unique_ptr<AstCheck> make_heap_check(Context& context);
std::unique_ptr<AstCheck> make_entry_point_check(Context& context);
std::unique_ptr<AstCheck> make_attribute_check(Context& context);
std::unique_ptr<AstCheck> make_language_subset_check(Context& context);

}  // namespace crucible::sandbox::verifier
