// entry-point: the candidate defines the extern "C" function the interface declares.
#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

using namespace clang::ast_matchers;

class EntryPointCheck final : public AstCheck {
 public:
  using AstCheck::AstCheck;
  std::string_view name() const override { return "entry-point"; }

  void register_matchers(MatchFinder&) override {}

  void finish(clang::ASTContext& ast, const std::vector<clang::Decl*>&) override {
    const auto& symbol = context_.candidate().entry_symbol;
    if (symbol.empty()) return;
    auto lookup = ast.getTranslationUnitDecl()->lookup(&ast.Idents.get(symbol));
    for (const auto* decl : lookup) {
      const auto* function = llvm::dyn_cast<clang::FunctionDecl>(decl);
      if (function == nullptr) continue;
      // A C++ overload with other parameters shares the name but leaves the C symbol undefined.
      const auto* definition = function->getDefinition();
      if (definition != nullptr && definition->isExternC() &&
          context_.is_in_candidate(*definition)) {
        return;
      }
    }
    context_.report(0, 0, name(),
                    "the candidate does not define `" + symbol +
                        "` as declared in the interface header");
  }
};

}  // namespace

std::unique_ptr<AstCheck> make_entry_point_check(Context& context) {
  return std::make_unique<EntryPointCheck>(context);
}

}  // namespace crucible::sandbox::verifier
