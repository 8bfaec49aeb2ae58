// pragma: no #pragma and no _Pragma/__pragma operators; they can change diagnostics, optimization
// and linkage behind the verifier's back.
#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

class PragmaCheck final : public SourceCheck {
 public:
  std::string_view name() const override { return "pragma"; }

  void check(const SourceScan& scan, Context& context) override {
    for (const auto& directive : scan.directives) {
      if (directive.name == "pragma") {
        context.report(directive.line, directive.column, name(), "#pragma is not allowed");
      }
    }
    for (const auto& use : scan.identifiers) {
      if (use.name == "_Pragma" || use.name == "__pragma") {
        context.report(use.line, use.column, name(), use.name + " is not allowed");
      }
    }
  }
};

}  // namespace

std::unique_ptr<SourceCheck> make_pragma_check() { return std::make_unique<PragmaCheck>(); }

}  // namespace crucible::sandbox::verifier
