// mutable-global: no global, static or thread_local variable that can change. Candidates must be
// pure functions of what the interface passes in; `static constexpr` tables are fine.
#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

using namespace clang::ast_matchers;

class MutableGlobalCheck final : public AstCheck {
 public:
  using AstCheck::AstCheck;
  std::string_view name() const override { return "mutable-global"; }

  void register_matchers(MatchFinder& finder) override {
    finder.addMatcher(varDecl(isExpansionInMainFile(), hasGlobalStorage()).bind("var"), this);
  }

  void run(const MatchFinder::MatchResult& result) override {
    const auto* var = result.Nodes.getNodeAs<clang::VarDecl>("var");
    // An array's const sits on its elements; a mutable member stays writable even in a constexpr
    // object, which Clang then places in writable memory.
    auto element = result.Context->getBaseElementType(var->getType());
    if (var->isConstexpr() && !has_mutable_member(element)) return;
    if (var->getTSCSpec() != clang::TSCS_unspecified) {
      report(result, var->getLocation(), "thread_local variable `" + var->getNameAsString() + "`");
      return;
    }
    if (element.isConstQualified() && !has_mutable_member(element)) return;
    const char* kind = var->isStaticLocal() ? "static local" : "global";
    report(result, var->getLocation(),
           std::string(kind) + " variable `" + var->getNameAsString() +
               "` is mutable; make it constexpr or a local");
  }

 private:
  static bool has_mutable_member(clang::QualType type) {
    const auto* record = type->getAsCXXRecordDecl();
    return record != nullptr && record->hasDefinition() && record->hasMutableFields();
  }
};

}  // namespace

std::unique_ptr<AstCheck> make_mutable_global_check(Context& context) {
  return std::make_unique<MutableGlobalCheck>(context);
}

}  // namespace crucible::sandbox::verifier
