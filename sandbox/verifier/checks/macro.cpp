// macro: a candidate may not #define or #undef a name the interface declares, so that what the
// verifier reads as `obj->size` is what the compiler compiles.
#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

class MacroCheck final : public SourceCheck {
 public:
  std::string_view name() const override { return "macro"; }

  void check(const SourceScan& scan, Context& context) override {
    for (const auto& directive : scan.directives) {
      if (directive.name != "define" && directive.name != "undef") continue;
      auto end = directive.rest.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
      std::string macro = directive.rest.substr(0, end);
      if (context.interface_names().contains(macro)) {
        context.report(directive.line, directive.column, name(),
                       "#" + directive.name + " of interface name `" + macro + "`");
      }
    }
  }
};

}  // namespace

std::unique_ptr<SourceCheck> make_macro_check() { return std::make_unique<MacroCheck>(); }

}  // namespace crucible::sandbox::verifier
