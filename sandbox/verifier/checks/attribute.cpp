// attribute: an allow-list of the attributes a candidate may write: [[maybe_unused]],
// [[nodiscard]], [[fallthrough]], [[likely]], [[unlikely]] and `final`. Everything else is
// refused, above all what feeds the optimizer a promise it then trusts ([[assume]],
// __attribute__((assume)), [[noreturn]] on a function that returns, assume_aligned, alloc_size,
// nonnull, returns_nonnull, pure, const) and what changes linkage, loading or hardening (the
// load-time-code check names those too, with its own reason).
#include <clang/AST/Attr.h>
#include <clang/AST/Decl.h>
#include <clang/AST/Stmt.h>

#include <array>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

using namespace clang::ast_matchers;

constexpr std::array kAllowed = {clang::attr::Unused,   clang::attr::WarnUnusedResult,
                                 clang::attr::FallThrough, clang::attr::Likely,
                                 clang::attr::Unlikely, clang::attr::Final};

bool is_allowed(const clang::Attr& attribute) {
  if (attribute.isImplicit()) return true;  // Clang's own, not the candidate's
  if (const auto* inheritable = llvm::dyn_cast<clang::InheritableAttr>(&attribute);
      inheritable != nullptr && inheritable->isInherited()) {
    return true;  // judged where it was written (the interface's declaration, say)
  }
  for (auto kind : kAllowed) {
    if (attribute.getKind() == kind) return true;
  }
  return false;
}

class AttributeCheck final : public AstCheck {
 public:
  using AstCheck::AstCheck;
  std::string_view name() const override { return "attribute"; }

  void register_matchers(MatchFinder& finder) override {
    finder.addMatcher(decl(isExpansionInMainFile()).bind("decl"), this);
    finder.addMatcher(stmt(isExpansionInMainFile()).bind("stmt"), this);
  }

  void run(const MatchFinder::MatchResult& result) override {
    if (const auto* decl = result.Nodes.getNodeAs<clang::Decl>("decl")) {
      for (const auto* attribute : decl->attrs()) judge(result, *attribute);
    }
    if (const auto* stmt =
            llvm::dyn_cast_or_null<clang::AttributedStmt>(result.Nodes.getNodeAs<clang::Stmt>("stmt"))) {
      for (const auto* attribute : stmt->getAttrs()) judge(result, *attribute);
    }
  }

 private:
  void judge(const MatchFinder::MatchResult& result, const clang::Attr& attribute) {
    if (is_allowed(attribute)) return;
    const auto& sources = *result.SourceManager;
    auto location = attribute.getLocation();
    if (location.isValid() && !sources.isInMainFile(sources.getExpansionLoc(location))) return;
    report(result, location,
           std::string("attribute `") + attribute.getSpelling() +
               "` is not allowed (allowed: maybe_unused, nodiscard, fallthrough, likely, "
               "unlikely, final)");
  }
};

}  // namespace

std::unique_ptr<AstCheck> make_attribute_check(Context& context) {
  return std::make_unique<AttributeCheck>(context);
}

}  // namespace crucible::sandbox::verifier
