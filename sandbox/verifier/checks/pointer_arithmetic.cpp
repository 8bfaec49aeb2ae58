// pointer-arithmetic: no arithmetic, increments or subscripts on raw pointers, so a candidate can
// only read the interface's structs through their fields. Subscripting a local array is fine.
#include <clang/AST/ASTContext.h>
#include <clang/AST/Expr.h>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

using namespace clang::ast_matchers;

class PointerArithmeticCheck final : public AstCheck {
 public:
  using AstCheck::AstCheck;
  std::string_view name() const override { return "pointer-arithmetic"; }

  void register_matchers(MatchFinder& finder) override {
    auto pointer = hasType(pointerType());
    finder.addMatcher(binaryOperator(isExpansionInMainFile(),
                                     hasAnyOperatorName("+", "-", "+=", "-="),
                                     hasEitherOperand(ignoringParenImpCasts(expr(pointer))))
                          .bind("op"),
                      this);
    finder.addMatcher(unaryOperator(isExpansionInMainFile(),
                                    hasAnyOperatorName("++", "--"),
                                    hasUnaryOperand(expr(pointer)))
                          .bind("op"),
                      this);
    finder.addMatcher(arraySubscriptExpr(isExpansionInMainFile()).bind("subscript"), this);
    // A flexible or zero-length array member has no bound for any check to enforce.
    finder.addMatcher(fieldDecl(isExpansionInMainFile()).bind("field"), this);
  }

  void run(const MatchFinder::MatchResult& result) override {
    if (const auto* field = result.Nodes.getNodeAs<clang::FieldDecl>("field")) {
      auto type = field->getType();
      const auto* constant = result.Context->getAsConstantArrayType(type);
      if (type->isIncompleteArrayType() || (constant != nullptr && constant->getSize() == 0)) {
        report(result, field->getLocation(), "flexible or zero-length array members are not allowed");
      }
      return;
    }
    if (const auto* op = result.Nodes.getNodeAs<clang::Expr>("op")) {
      report(result, op->getBeginLoc(), "pointer arithmetic is not allowed");
      return;
    }
    const auto* subscript = result.Nodes.getNodeAs<clang::ArraySubscriptExpr>("subscript");
    // A local array decays to a pointer for the subscript; only a real pointer base is refused.
    const auto* base = subscript->getBase()->IgnoreParenImpCasts();
    if (!base->getType()->isArrayType()) {
      report(result, subscript->getBeginLoc(), "subscripting a pointer is not allowed");
    }
  }
};

}  // namespace

std::unique_ptr<AstCheck> make_pointer_arithmetic_check(Context& context) {
  return std::make_unique<PointerArithmeticCheck>(context);
}

}  // namespace crucible::sandbox::verifier
