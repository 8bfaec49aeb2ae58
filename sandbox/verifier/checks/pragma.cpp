// pragma: no #pragma and no _Pragma/__pragma operators; they can change diagnostics, optimization
// and linkage behind the verifier's back. A macro may not hide the operator in its body, nor paste
// tokens together with ##, which can spell _Pragma without writing it (Clang then runs it).
#include <algorithm>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

bool is_pragma_operator(std::string_view name) { return name == "_Pragma" || name == "__pragma"; }

class PragmaCheck final : public SourceCheck {
 public:
  std::string_view name() const override { return "pragma"; }

  void check(const SourceScan& scan, Context& context) override {
    for (const auto& directive : scan.directives) {
      const auto& tokens = directive.tokens;
      if (directive.name == "pragma") {
        context.report(directive.line, directive.column, name(), "#pragma is not allowed");
      } else if (directive.name == "line") {
        // It would make every later diagnostic point at the wrong line.
        context.report(directive.line, directive.column, name(), "#line is not allowed");
      } else if (auto it = std::find_if(tokens.begin(), tokens.end(), is_pragma_operator);
                 it != tokens.end()) {
        context.report(directive.line, directive.column, name(), *it + " is not allowed");
      } else if (directive.name == "define" &&
                 std::find(tokens.begin(), tokens.end(), "##") != tokens.end()) {
        context.report(directive.line, directive.column, name(),
                       "token pasting (##) is not allowed: it can spell _Pragma");
      }
    }
    for (const auto& use : scan.identifiers) {
      if (is_pragma_operator(use.name)) {
        context.report(use.line, use.column, name(), use.name + " is not allowed");
      }
    }
  }
};

}  // namespace

std::unique_ptr<SourceCheck> make_pragma_check() { return std::make_unique<PragmaCheck>(); }

}  // namespace crucible::sandbox::verifier
