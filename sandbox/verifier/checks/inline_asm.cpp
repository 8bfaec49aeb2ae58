// inline-asm: no asm statements, file-scope asm, or asm labels that rename a symbol.
#include <clang/AST/Attr.h>
#include <clang/AST/Decl.h>
#include <clang/AST/Stmt.h>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

using namespace clang::ast_matchers;

class InlineAsmCheck final : public AstCheck {
 public:
  using AstCheck::AstCheck;
  std::string_view name() const override { return "inline-asm"; }

  void register_matchers(MatchFinder& finder) override {
    finder.addMatcher(asmStmt(isExpansionInMainFile()).bind("stmt"), this);
    finder.addMatcher(translationUnitDecl().bind("unit"), this);
    finder.addMatcher(decl(isExpansionInMainFile(), hasAttr(clang::attr::AsmLabel)).bind("label"),
                      this);
  }

  void run(const MatchFinder::MatchResult& result) override {
    if (const auto* stmt = result.Nodes.getNodeAs<clang::AsmStmt>("stmt")) {
      report(result, stmt->getBeginLoc(), "inline assembly is not allowed");
    } else if (const auto* unit = result.Nodes.getNodeAs<clang::TranslationUnitDecl>("unit")) {
      for (const auto* decl : unit->decls()) {
        if (llvm::isa<clang::FileScopeAsmDecl>(decl) && context_.is_in_candidate(*decl)) {
          report(result, decl->getBeginLoc(), "file-scope assembly is not allowed");
        }
      }
    } else if (const auto* labelled = result.Nodes.getNodeAs<clang::Decl>("label")) {
      report(result, labelled->getLocation(), "asm labels are not allowed");
    }
  }
};

}  // namespace

std::unique_ptr<AstCheck> make_inline_asm_check(Context& context) {
  return std::make_unique<InlineAsmCheck>(context);
}

}  // namespace crucible::sandbox::verifier
