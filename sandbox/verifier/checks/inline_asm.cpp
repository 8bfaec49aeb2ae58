// inline-asm: no asm statements, file-scope asm, or asm labels that rename a symbol.
#include <clang/AST/ASTContext.h>
#include <clang/AST/Attr.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
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
    // Matched as a Stmt: AsmStmt::getBeginLoc() hides Stmt's and returns an invalid location, so
    // asmStmt(isExpansionInMainFile()) never matches.
    finder.addMatcher(stmt(asmStmt(), isExpansionInMainFile()).bind("stmt"), this);
    finder.addMatcher(decl(isExpansionInMainFile(), hasAttr(clang::attr::AsmLabel)).bind("label"),
                      this);
  }

  void finish(clang::ASTContext& ast, const std::vector<clang::Decl*>& candidate_decls) override {
    for (const auto* decl : candidate_decls) report_file_scope_asm(ast, *decl);
  }

  void run(const MatchFinder::MatchResult& result) override {
    if (const auto* stmt = result.Nodes.getNodeAs<clang::Stmt>("stmt")) {
      report(result, stmt->getBeginLoc(), "inline assembly is not allowed");
    } else if (const auto* labelled = result.Nodes.getNodeAs<clang::Decl>("label")) {
      report(result, labelled->getLocation(), "asm labels are not allowed");
    }
  }

 private:
  // File-scope asm may also sit inside a namespace or an extern "C" block.
  void report_file_scope_asm(clang::ASTContext& ast, const clang::Decl& decl) {
    if (llvm::isa<clang::FileScopeAsmDecl>(decl)) {
      context_.report(ast.getSourceManager(), decl.getBeginLoc(), name(),
                      "file-scope assembly is not allowed");
    } else if (llvm::isa<clang::NamespaceDecl, clang::LinkageSpecDecl, clang::ExportDecl>(decl)) {
      for (const auto* inner : llvm::cast<clang::DeclContext>(&decl)->decls()) {
        report_file_scope_asm(ast, *inner);
      }
    }
  }
};

}  // namespace

std::unique_ptr<AstCheck> make_inline_asm_check(Context& context) {
  return std::make_unique<InlineAsmCheck>(context);
}

}  // namespace crucible::sandbox::verifier
