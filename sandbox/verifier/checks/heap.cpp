// heap: where the domain allows no heap, no new or delete expressions.
#include <clang/AST/ExprCXX.h>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

using namespace clang::ast_matchers;

class HeapCheck final : public AstCheck {
 public:
  using AstCheck::AstCheck;
  std::string_view name() const override { return "heap"; }

  void register_matchers(MatchFinder& finder) override {
    if (context_.rules().allows_heap) return;
    finder.addMatcher(cxxNewExpr(isExpansionInMainFile()).bind("expr"), this);
    finder.addMatcher(cxxDeleteExpr(isExpansionInMainFile()).bind("expr"), this);
  }

  void run(const MatchFinder::MatchResult& result) override {
    const auto* expr = result.Nodes.getNodeAs<clang::Expr>("expr");
    report(result, expr->getBeginLoc(), "this domain's policies may not allocate on the heap");
  }
};

}  // namespace

std::unique_ptr<AstCheck> make_heap_check(Context& context) {
  return std::make_unique<HeapCheck>(context);
}

}  // namespace crucible::sandbox::verifier
