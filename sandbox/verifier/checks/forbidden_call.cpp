// forbidden-call: the candidate may call its own functions, the interface's, and the library
// functions and types its domain allows. Everything else (libc, POSIX, syscall, threads, files,
// clocks, randomness, dlopen, getenv, ...) is refused, as is declaring an external function or
// variable itself to reach one, and reading library globals such as stdout or errno.
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/ParentMapContext.h>
#include <clang/AST/StmtCXX.h>
#include <clang/Basic/Builtins.h>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

using namespace clang::ast_matchers;

// Compiler builtins with no side effects beyond arithmetic, always allowed. None that feeds the
// optimizer an assumption (__builtin_assume, __builtin_unreachable, __builtin_assume_aligned,
// __builtin_assume_separate_storage): at -O2 an assumption removes the bounds trap it contradicts.
constexpr std::string_view kPureBuiltins[] = {"isnan", "isinf", "isfinite", "expect", "huge_val",
                                              "huge_valf", "inf", "inff", "nan", "nanf", "trap"};

class ForbiddenCallCheck final : public AstCheck {
 public:
  using AstCheck::AstCheck;
  std::string_view name() const override { return "forbidden-call"; }

  void register_matchers(MatchFinder& finder) override {
    finder.addMatcher(declRefExpr(isExpansionInMainFile(), to(functionDecl().bind("function")))
                          .bind("use"),
                      this);
    // Iterators and data() of library containers are positions the candidate could step past;
    // only the range-for's own (implicit) begin/end may use them.
    finder.addMatcher(
        memberExpr(isExpansionInMainFile(),
                   member(cxxMethodDecl(hasAnyName("begin", "end", "cbegin", "cend", "rbegin",
                                                   "rend", "crbegin", "crend", "data"))
                              .bind("accessor")))
            .bind("use"),
        this);
    finder.addMatcher(memberExpr(isExpansionInMainFile(), member(cxxMethodDecl().bind("function")))
                          .bind("use"),
                      this);
    finder.addMatcher(cxxConstructExpr(isExpansionInMainFile(),
                                       hasDeclaration(cxxConstructorDecl().bind("function")))
                          .bind("use"),
                      this);
    finder.addMatcher(declRefExpr(isExpansionInMainFile(), to(varDecl(hasGlobalStorage()).bind("global")))
                          .bind("use"),
                      this);
    finder.addMatcher(varDecl(isExpansionInMainFile(), hasExternalFormalLinkage(),
                              unless(isDefinition()))
                          .bind("extern-var"),
                      this);
  }

  void run(const MatchFinder::MatchResult& result) override {
    const auto* use = result.Nodes.getNodeAs<clang::Stmt>("use");
    if (use != nullptr && is_range_for_machinery(*use, *result.Context)) return;
    if (const auto* accessor = result.Nodes.getNodeAs<clang::CXXMethodDecl>("accessor")) {
      if (!context_.is_in_candidate(*accessor)) {
        report(result, use->getBeginLoc(),
               "`" + unqualified_path(*accessor) +
                   "` hands out a position in the container; use indexes or a range-for");
      }
      return;
    }
    if (const auto* function = result.Nodes.getNodeAs<clang::FunctionDecl>("function")) {
      check_function(result, *function, use->getBeginLoc());
    } else if (const auto* global = result.Nodes.getNodeAs<clang::VarDecl>("global")) {
      check_global(result, *global, use->getBeginLoc());
    } else if (const auto* external = result.Nodes.getNodeAs<clang::VarDecl>("extern-var")) {
      // `static const int kWindow = 8;` in a class is a constant with its value, not a way out.
      if (external->isStaticDataMember() && external->hasInit()) return;
      report(result, external->getLocation(),
             "declares external variable `" + external->getNameAsString() + "`");
    }
  }

 private:
  // The calls a range-for makes on its own (begin, end, and the iterator's !=, ++ and *) are the
  // language's, not the candidate's; its range expression (the hidden __range variable's
  // initializer) and its body are judged as usual.
  static bool is_range_for_machinery(const clang::Stmt& use, clang::ASTContext& ast) {
    clang::DynTypedNode node = clang::DynTypedNode::create(use);
    for (int depth = 0; depth < 64; ++depth) {
      auto parents = ast.getParents(node);
      if (parents.empty()) return false;
      const clang::DynTypedNode& parent = parents[0];
      if (const auto* loop = parent.get<clang::CXXForRangeStmt>()) {
        const auto* child = node.get<clang::Stmt>();
        return child != nullptr &&
               (child == loop->getCond() || child == loop->getInc() ||
                child == loop->getLoopVarStmt() || child == loop->getBeginStmt() ||
                child == loop->getEndStmt());
      }
      node = parent;
    }
    return false;
  }

  void check_function(const MatchFinder::MatchResult& result, const clang::FunctionDecl& function,
                      clang::SourceLocation at) {
    if (unsigned builtin = function.getBuiltinID(); builtin != 0) {
      llvm::StringRef name = result.Context->BuiltinInfo.getName(builtin);
      if (name.starts_with("__")) {  // a compiler builtin; library ones (log, memcpy) go on below
        if (!is_allowed_builtin(name)) report(result, at, "builtin `" + name.str() + "` is not allowed");
        return;
      }
    }
    if (context_.is_in_candidate(function)) {
      if (function.isDefined() || function.isDeleted() || function.isDefaulted()) return;
      if (const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function);
          method != nullptr && method->isPureVirtual()) {
        return;
      }
      report(result, at,
             "`" + function.getNameAsString() +
                 "` is declared but not defined in the candidate (an external function)");
      return;
    }
    if (context_.is_in_interface(function)) return;
    std::string path = unqualified_path(function);
    if (context_.is_allowed_function(path)) return;
    if (const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(&function)) {
      if (context_.is_allowed_type(method->getParent()->getNameAsString())) return;
    }
    // Free functions over an allowed type (== on two std::arrays, std::get on a std::pair) are
    // part of that type's interface, like its methods.
    for (const auto* parameter : function.parameters()) {
      const auto* record = parameter->getType().getNonReferenceType()->getAsCXXRecordDecl();
      if (record != nullptr && context_.is_allowed_type(record->getNameAsString())) return;
    }
    report(result, at, "call to `" + path + "` is not allowed for this domain");
  }

  void check_global(const MatchFinder::MatchResult& result, const clang::VarDecl& global,
                    clang::SourceLocation at) {
    if (context_.is_in_candidate(global) || context_.is_in_interface(global)) return;
    if (global.getType().isConstQualified() || global.isConstexpr()) return;
    report(result, at, "reads library global `" + unqualified_path(global) + "`");
  }

  bool is_allowed_builtin(llvm::StringRef name) const {
    llvm::StringRef bare = name;
    bare.consume_front("__builtin_");
    for (auto pure : kPureBuiltins) {
      if (bare == llvm::StringRef(pure.data(), pure.size())) return true;
    }
    return name.starts_with("__builtin_") && context_.is_allowed_function(bare.str());
  }
};

}  // namespace

std::unique_ptr<AstCheck> make_forbidden_call_check(Context& context) {
  return std::make_unique<ForbiddenCallCheck>(context);
}

}  // namespace crucible::sandbox::verifier
