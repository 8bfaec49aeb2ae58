// macro: a candidate may not #define or #undef a name the interface declares, so that what the
// verifier reads as `obj->size` is what the compiler compiles, nor a reserved name (leading
// underscore and capital, or a double underscore): the compiler and its library act on those, as
// on _GLIBCXX_ASSERTIONS, which keeps std::array's bounds checks.
#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

class MacroCheck final : public SourceCheck {
 public:
  std::string_view name() const override { return "macro"; }

  void check(const SourceScan& scan, Context& context) override {
    for (const auto& directive : scan.directives) {
      if (directive.name != "define" && directive.name != "undef") continue;
      if (directive.tokens.empty()) continue;
      const std::string& macro = directive.tokens.front();
      if (context.interface_names().contains(macro)) {
        context.report(directive.line, directive.column, name(),
                       "#" + directive.name + " of interface name `" + macro + "`");
      } else if (is_reserved_name(macro)) {
        context.report(directive.line, directive.column, name(),
                       "#" + directive.name + " of reserved name `" + macro + "`");
      }
    }
  }
};

}  // namespace

std::unique_ptr<SourceCheck> make_macro_check() { return std::make_unique<MacroCheck>(); }

}  // namespace crucible::sandbox::verifier
