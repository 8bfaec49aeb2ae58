#include "verifier.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/ASTUnit.h>

#include "clang_parse.hpp"

namespace crucible::sandbox {
namespace {

// True when the candidate's own file defines `symbol` as a function.
bool defines_entry(clang::ASTUnit& unit, std::string_view symbol) {
  auto& context = unit.getASTContext();
  const auto& sources = context.getSourceManager();
  for (const auto* decl : context.getTranslationUnitDecl()->decls()) {
    const auto* function = llvm::dyn_cast<clang::FunctionDecl>(decl);
    if (function == nullptr || !function->doesThisDeclarationHaveABody()) continue;
    if (!sources.isInMainFile(function->getLocation())) continue;
    if (function->getName() == llvm::StringRef(symbol.data(), symbol.size())) return true;
  }
  // A definition inside `extern "C" { ... }` sits in a LinkageSpecDecl.
  for (const auto* decl : context.getTranslationUnitDecl()->decls()) {
    const auto* linkage = llvm::dyn_cast<clang::LinkageSpecDecl>(decl);
    if (linkage == nullptr || !sources.isInMainFile(linkage->getLocation())) continue;
    for (const auto* inner : linkage->decls()) {
      const auto* function = llvm::dyn_cast<clang::FunctionDecl>(inner);
      if (function != nullptr && function->doesThisDeclarationHaveABody() &&
          function->getName() == llvm::StringRef(symbol.data(), symbol.size())) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace

VerifyOutcome verify(const CandidateSource& candidate) {
  ParsedSource parsed = parse_source(candidate.text, candidate.headers);
  if (!parsed.is_ok()) return {Status::kCompileError, std::move(parsed.errors)};
  if (!defines_entry(*parsed.ast, candidate.entry_symbol)) {
    return {Status::kRejected,
            {{0, 0,
              "entry-point: the candidate does not define `" + candidate.entry_symbol +
                  "` as declared in the interface header"}}};
  }
  return {};
}

}  // namespace crucible::sandbox
