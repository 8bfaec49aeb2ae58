// load-time-code: nothing may run when the shared object is loaded or unloaded, or change how it
// links or is hardened (no_sanitize, no_stack_protector, optnone): no constructor/destructor/init_priority/section/alias/ifunc/weak/visibility/used
// attributes, no global whose initializer is not a constant expression, and no global or static
// local with a destructor to run at unload.
#include <clang/AST/Attr.h>
#include <clang/AST/Decl.h>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

using namespace clang::ast_matchers;

constexpr clang::attr::Kind kForbiddenAttributes[] = {
    clang::attr::Constructor, clang::attr::Destructor, clang::attr::InitPriority,
    clang::attr::Section,     clang::attr::Alias,      clang::attr::IFunc,
    clang::attr::Weak,        clang::attr::WeakRef,    clang::attr::Visibility,
    clang::attr::Used,        clang::attr::Retain,     clang::attr::CodeSeg,
    // Attributes that would switch off the compile's bounds traps and stack protection.
    clang::attr::NoSanitize,  clang::attr::NoStackProtector, clang::attr::OptimizeNone,
};

class LoadTimeCodeCheck final : public AstCheck {
 public:
  using AstCheck::AstCheck;
  std::string_view name() const override { return "load-time-code"; }

  void register_matchers(MatchFinder& finder) override {
    finder.addMatcher(decl(isExpansionInMainFile()).bind("decl"), this);
    finder.addMatcher(varDecl(isExpansionInMainFile(), hasGlobalStorage(), hasInitializer(expr()))
                          .bind("global"),
                      this);
  }

  void run(const MatchFinder::MatchResult& result) override {
    if (const auto* decl = result.Nodes.getNodeAs<clang::Decl>("decl")) {
      for (const auto* attribute : decl->attrs()) {
        for (auto kind : kForbiddenAttributes) {
          if (attribute->getKind() == kind) {
            report(result, attribute->getLocation(),
                   std::string("attribute `") + attribute->getSpelling() + "` is not allowed");
          }
        }
      }
    }
    if (const auto* global = result.Nodes.getNodeAs<clang::VarDecl>("global")) {
      // A template's pattern is never evaluated; each instantiation is matched and judged.
      if (global->isTemplated()) return;
      if (global->needsDestruction(*result.Context) == clang::QualType::DK_cxx_destructor) {
        report(result, global->getLocation(),
               "`" + global->getNameAsString() + "` has a destructor to run at unload");
        return;
      }
      if (global->isStaticLocal()) return;  // runs on first call, not at load; judged elsewhere
      if (global->hasConstantInitialization()) return;
      report(result, global->getLocation(),
             "`" + global->getNameAsString() + "` needs code to run at load time to initialize");
    }
  }
};

}  // namespace

std::unique_ptr<AstCheck> make_load_time_code_check(Context& context) {
  return std::make_unique<LoadTimeCodeCheck>(context);
}

}  // namespace crucible::sandbox::verifier
