// pointer-cast: no reinterpret_cast, no const_cast (the interface's structs are read-only), and no
// C-style or functional cast to a pointer or reference type.
#include <clang/AST/ExprCXX.h>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

using namespace clang::ast_matchers;

class PointerCastCheck final : public AstCheck {
 public:
  using AstCheck::AstCheck;
  std::string_view name() const override { return "pointer-cast"; }

  void register_matchers(MatchFinder& finder) override {
    finder.addMatcher(cxxReinterpretCastExpr(isExpansionInMainFile()).bind("reinterpret"), this);
    finder.addMatcher(cxxConstCastExpr(isExpansionInMainFile()).bind("const"), this);
    finder.addMatcher(explicitCastExpr(isExpansionInMainFile(),
                                       anyOf(cStyleCastExpr(), cxxFunctionalCastExpr()))
                          .bind("explicit"),
                      this);
  }

  void run(const MatchFinder::MatchResult& result) override {
    if (const auto* cast = result.Nodes.getNodeAs<clang::Expr>("reinterpret")) {
      report(result, cast->getBeginLoc(), "reinterpret_cast is not allowed");
    } else if (const auto* cast = result.Nodes.getNodeAs<clang::Expr>("const")) {
      report(result, cast->getBeginLoc(), "const_cast is not allowed");
    } else if (const auto* cast = result.Nodes.getNodeAs<clang::ExplicitCastExpr>("explicit")) {
      auto type = cast->getTypeAsWritten();
      if (type->isPointerType() || type->isReferenceType() || type->isMemberPointerType()) {
        report(result, cast->getBeginLoc(),
               "cast to pointer or reference type `" + type.getAsString() + "` is not allowed");
      }
    }
  }
};

}  // namespace

std::unique_ptr<AstCheck> make_pointer_cast_check(Context& context) {
  return std::make_unique<PointerCastCheck>(context);
}

}  // namespace crucible::sandbox::verifier
