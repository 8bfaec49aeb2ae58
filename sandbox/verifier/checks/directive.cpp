// directive: the only preprocessor directives are #include (judged by the include check) and a
// plain #define. Conditionals (#if, #ifdef, #ifndef, #elif, #else, #endif) would let the compiled
// program differ from the checked one wherever the two compiles' macros could differ, so they are
// refused with #undef, #error, #warning, #ident, GNU line markers (`# 1 "x.h" 1`, after which Clang
// treats the rest as an included header that no check looks at) and the null directive. #pragma
// and #line are the pragma check's, #include_next, #import and #embed the include check's.
//
// reserved-name: no identifier the implementation reserves (a double underscore anywhere, or an
// underscore and a capital first), in code or in a macro body: __OPTIMIZE__, __FILE__, __TIME__,
// __COUNTER__, __typeof__, __extension__, __int128, ... The AST checks judge the rest by meaning:
// compiler builtins (`__builtin_...`), `__attribute__` and `__asm__` are left to them.
#include <array>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

// Directives another check reports, each with its own reason.
constexpr std::array<std::string_view, 7> kJudgedElsewhere = {
    "include", "pragma", "line", "include_next", "import", "embed", "define"};

bool is_judged_elsewhere(std::string_view name) {
  for (auto other : kJudgedElsewhere) {
    if (name == other) return true;
  }
  return false;
}

class DirectiveCheck final : public SourceCheck {
 public:
  std::string_view name() const override { return "directive"; }

  void check(const SourceScan& scan, Context& context) override {
    for (const auto& directive : scan.directives) {
      if (is_judged_elsewhere(directive.name)) continue;
      context.report(directive.line, directive.column, name(), describe(directive) +
                     " is not allowed: a candidate may use only #include and #define");
    }
  }

 private:
  static std::string describe(const Directive& directive) {
    if (!directive.name.empty()) return "#" + directive.name;
    if (directive.tokens.empty()) return "a null directive (a lone #)";
    const std::string& first = directive.tokens.front();
    if (!first.empty() && first[0] >= '0' && first[0] <= '9') {
      return "a line marker (# " + first + " ...)";
    }
    return "the directive `# " + first + "`";
  }
};

// Judged by the AST checks, which know what each one means.
bool is_left_to_ast_checks(std::string_view name) {
  return name.starts_with("__builtin_") || name == "__attribute__" || name == "__asm__" ||
         name == "__asm";
}

class ReservedNameCheck final : public SourceCheck {
 public:
  std::string_view name() const override { return "reserved-name"; }

  void check(const SourceScan& scan, Context& context) override {
    for (const auto& use : scan.identifiers) judge(use.name, use.line, use.column, context);
    for (const auto& directive : scan.directives) {
      if (directive.name != "define") continue;
      for (const auto& token : directive.tokens) {
        judge(token, directive.line, directive.column, context);
      }
    }
  }

 private:
  void judge(const std::string& identifier, unsigned line, unsigned column, Context& context) {
    if (!is_reserved_name(identifier) || is_left_to_ast_checks(identifier)) return;
    context.report(line, column, name(),
                   "`" + identifier + "` is a name reserved to the compiler and its library");
  }
};

}  // namespace

std::unique_ptr<SourceCheck> make_directive_check() { return std::make_unique<DirectiveCheck>(); }
std::unique_ptr<SourceCheck> make_reserved_name_check() {
  return std::make_unique<ReservedNameCheck>();
}

}  // namespace crucible::sandbox::verifier
