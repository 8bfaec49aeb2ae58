// recursion: the candidate's call graph has no cycle, so no call can recurse without bound. The
// graph is Clang's, widened where it is blind: methods of local classes (it never looks inside a
// function body for declarations), virtual calls (which may reach any override), calls through a
// pointer (which may reach any function whose address is taken), destructors (run with no
// call expression at all, for locals and temporaries, and for members and bases in turn), and
// callables handed to library code (a comparator given to std::max runs inside the library, where
// Clang's graph does not look): a function that names another without calling it, makes a lambda,
// or passes an object of its own class to a library function may run that callable.
#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/ExprCXX.h>
#include <clang/Analysis/CallGraph.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

using namespace clang::ast_matchers;

// A call through a virtual method that is not qualified (`next.run()`, not `Base::run()`).
bool is_virtual_dispatch(const clang::Expr* call) {
  const auto* call_expr = llvm::dyn_cast_or_null<clang::CallExpr>(call);
  if (call_expr == nullptr) return false;
  const auto* method = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(call_expr->getCalleeDecl());
  if (method == nullptr || !method->isVirtual()) return false;
  const auto* member = llvm::dyn_cast<clang::MemberExpr>(call_expr->getCallee()->IgnoreParens());
  return member == nullptr || !member->hasQualifier();
}

// The destructor that ends an object of `type`, or nullptr when it does nothing.
const clang::Decl* destructor_of(clang::QualType type) {
  const auto* record = type->getBaseElementTypeUnsafe()->getAsCXXRecordDecl();
  if (record == nullptr || !record->hasDefinition() || record->hasTrivialDestructor()) {
    return nullptr;
  }
  const auto* destructor = record->getDestructor();
  return destructor != nullptr ? destructor->getCanonicalDecl() : nullptr;
}

clang::SourceLocation definition_location(const clang::Decl& decl) {
  const auto* function = llvm::dyn_cast<clang::FunctionDecl>(&decl);
  const auto* definition = function != nullptr ? function->getDefinition() : nullptr;
  return definition != nullptr ? definition->getLocation() : decl.getLocation();
}

class RecursionCheck final : public AstCheck {
 public:
  using AstCheck::AstCheck;
  std::string_view name() const override { return "recursion"; }

  void register_matchers(MatchFinder& finder) override {
    finder.addMatcher(functionDecl(isExpansionInMainFile(), isDefinition()).bind("function"), this);
    auto caller = forCallable(functionDecl().bind("caller"));
    finder.addMatcher(callExpr(isExpansionInMainFile(), caller).bind("call"), this);
    finder.addMatcher(declRefExpr(isExpansionInMainFile(), to(functionDecl().bind("referenced")))
                          .bind("reference"),
                      this);
    finder.addMatcher(declStmt(isExpansionInMainFile(), caller).bind("locals"), this);
    finder.addMatcher(cxxBindTemporaryExpr(isExpansionInMainFile(), caller).bind("temporary"),
                      this);
    finder.addMatcher(lambdaExpr(isExpansionInMainFile(), caller).bind("lambda"), this);
    finder.addMatcher(declRefExpr(isExpansionInMainFile(), to(functionDecl().bind("named")), caller)
                          .bind("naming"),
                      this);
  }

  void run(const MatchFinder::MatchResult& result) override {
    const auto& nodes = result.Nodes;
    if (const auto* function = nodes.getNodeAs<clang::FunctionDecl>("function")) {
      definitions_.push_back(function);
      return;
    }
    const auto* caller = nodes.getNodeAs<clang::FunctionDecl>("caller");
    if (const auto* call = nodes.getNodeAs<clang::CallExpr>("call")) {
      called_.insert(call->getCallee()->IgnoreParenImpCasts());
      if (call->getDirectCallee() == nullptr) indirect_callers_.insert(caller->getCanonicalDecl());
      if (const auto* callee = call->getDirectCallee();
          callee != nullptr && !context_.is_in_candidate(*callee)) {
        for (const auto* argument : call->arguments()) add_callable_edges(caller, argument->getType());
      }
    } else if (const auto* lambda = nodes.getNodeAs<clang::LambdaExpr>("lambda")) {
      add_callable_edges(caller, lambda->getType());
    } else if (const auto* naming = nodes.getNodeAs<clang::DeclRefExpr>("naming")) {
      namings_.emplace_back(caller, naming, nodes.getNodeAs<clang::FunctionDecl>("named"));
    } else if (const auto* reference = nodes.getNodeAs<clang::DeclRefExpr>("reference")) {
      references_.emplace_back(reference, nodes.getNodeAs<clang::FunctionDecl>("referenced"));
    } else if (const auto* locals = nodes.getNodeAs<clang::DeclStmt>("locals")) {
      for (const auto* decl : locals->decls()) {
        const auto* var = llvm::dyn_cast<clang::VarDecl>(decl);
        if (var == nullptr) continue;
        if (const auto* destructor = destructor_of(var->getType())) add_edge(caller, destructor);
      }
    } else if (const auto* temporary = nodes.getNodeAs<clang::CXXBindTemporaryExpr>("temporary")) {
      if (const auto* destructor = temporary->getTemporary()->getDestructor()) {
        add_edge(caller, destructor->getCanonicalDecl());
      }
    }
  }

  void finish(clang::ASTContext& ast, const std::vector<clang::Decl*>& candidate_decls) override {
    clang::CallGraph graph;
    for (auto* decl : candidate_decls) graph.addToCallGraph(decl);
    for (const auto* function : definitions_) {
      graph.addToCallGraph(const_cast<clang::FunctionDecl*>(function));
    }
    graph_ = &graph;
    for (const auto& [caller, naming, named] : namings_) {
      if (!called_.contains(naming)) add_edge(caller, named->getCanonicalDecl());
    }
    collect_overriders(graph);
    link_indirect_calls();
    // Searched from the functions in source order, so the finding does not depend on hashing.
    const auto& sources = ast.getSourceManager();
    std::vector<const clang::CallGraphNode*> roots;
    for (const auto& [decl, node] : graph) {
      // A node holds the first declaration, which for the entry point is in the interface.
      if (decl != nullptr &&
          sources.isInMainFile(sources.getExpansionLoc(definition_location(*decl)))) {
        roots.push_back(node.get());
      }
    }
    std::sort(roots.begin(), roots.end(), [&](const auto* a, const auto* b) {
      return sources.isBeforeInTranslationUnit(definition_location(*a->getDecl()),
                                               definition_location(*b->getDecl()));
    });
    std::map<const clang::CallGraphNode*, int> state;  // 1: on the DFS stack, 2: done
    for (const auto* root : roots) {
      if (const auto* cycle_at = find_cycle(root, state)) {
        const auto* function = llvm::dyn_cast<clang::FunctionDecl>(cycle_at->getDecl());
        std::string name = function != nullptr ? function->getNameAsString() : "a function";
        context_.report(sources, definition_location(*cycle_at->getDecl()), this->name(),
                        "`" + name + "` can call itself (a cycle in the call graph)");
        break;
      }
    }
    graph_ = nullptr;
  }

 private:
  void add_edge(const clang::FunctionDecl* caller, const clang::Decl* callee) {
    extra_callees_[caller->getCanonicalDecl()].push_back(callee);
  }

  // `caller` holds a callable of `type` (a lambda, or an object of the candidate's own class):
  // whoever it hands it to may call any of its call operators.
  void add_callable_edges(const clang::FunctionDecl* caller, clang::QualType type) {
    const auto* record = type.getNonReferenceType()->getAsCXXRecordDecl();
    if (record == nullptr || !record->hasDefinition() || !context_.is_in_candidate(*record)) return;
    for (const auto* decl : record->decls()) {
      if (const auto* method = llvm::dyn_cast<clang::CXXMethodDecl>(decl)) {
        if (method->isOverloadedOperator() || llvm::isa<clang::CXXConversionDecl>(method)) {
          add_edge(caller, method->getCanonicalDecl());
        }
      } else if (const auto* pattern = llvm::dyn_cast<clang::FunctionTemplateDecl>(decl)) {
        for (const auto* specialization : pattern->specializations()) {
          add_edge(caller, specialization->getCanonicalDecl());
        }
      }
    }
  }

  // For each virtual method, the graph nodes of the methods that override it, at any depth.
  void collect_overriders(clang::CallGraph& graph) {
    for (const auto& [decl, node] : graph) {
      const auto* method = llvm::dyn_cast_or_null<clang::CXXMethodDecl>(decl);
      if (method == nullptr) continue;
      std::vector<const clang::CXXMethodDecl*> bases(method->begin_overridden_methods(),
                                                     method->end_overridden_methods());
      while (!bases.empty()) {
        const auto* base = bases.back();
        bases.pop_back();
        overriders_[base->getCanonicalDecl()].push_back(node.get());
        bases.insert(bases.end(), base->begin_overridden_methods(), base->end_overridden_methods());
      }
    }
  }

  // A call through a pointer may reach any function named other than as the callee of a call.
  void link_indirect_calls() {
    std::set<const clang::Decl*> address_taken;
    for (const auto& [reference, function] : references_) {
      if (!called_.contains(reference)) address_taken.insert(function->getCanonicalDecl());
    }
    for (const auto* caller : indirect_callers_) {
      auto& callees = extra_callees_[caller];
      callees.insert(callees.end(), address_taken.begin(), address_taken.end());
    }
  }

  // What `decl` runs besides the calls Clang's graph records.
  std::vector<const clang::Decl*> hidden_callees(const clang::Decl* decl) const {
    std::vector<const clang::Decl*> callees;
    if (auto it = extra_callees_.find(decl); it != extra_callees_.end()) callees = it->second;
    if (const auto* destructor = llvm::dyn_cast<clang::CXXDestructorDecl>(decl)) {
      const auto* record = destructor->getParent();
      for (const auto& base : record->bases()) {
        if (const auto* inner = destructor_of(base.getType())) callees.push_back(inner);
      }
      for (const auto* field : record->fields()) {
        if (const auto* inner = destructor_of(field->getType())) callees.push_back(inner);
      }
    }
    return callees;
  }

  // Depth-first search; returns the node that closes a cycle, or nullptr.
  const clang::CallGraphNode* find_cycle(const clang::CallGraphNode* node,
                                         std::map<const clang::CallGraphNode*, int>& state) {
    auto& mark = state[node];
    if (mark == 1) return node;
    if (mark == 2) return nullptr;
    mark = 1;
    std::vector<const clang::CallGraphNode*> next;
    for (const auto& callee : *node) {
      next.push_back(callee.Callee);
      if (!is_virtual_dispatch(callee.CallExpr)) continue;
      if (auto it = overriders_.find(callee.Callee->getDecl()); it != overriders_.end()) {
        next.insert(next.end(), it->second.begin(), it->second.end());
      }
    }
    for (const auto* decl : hidden_callees(node->getDecl())) {
      next.push_back(graph_->getOrInsertNode(const_cast<clang::Decl*>(decl)));
    }
    for (const auto* callee : next) {
      if (const auto* found = find_cycle(callee, state)) return found;
    }
    state[node] = 2;
    return nullptr;
  }

  clang::CallGraph* graph_ = nullptr;  // during finish()
  std::vector<const clang::FunctionDecl*> definitions_;
  std::set<const clang::Expr*> called_;  // callee expressions of calls
  std::vector<std::pair<const clang::DeclRefExpr*, const clang::FunctionDecl*>> references_;
  // Functions named inside a callable, not as the callee of a call (`std::max(a, b, less)`).
  std::vector<std::tuple<const clang::FunctionDecl*, const clang::DeclRefExpr*,
                         const clang::FunctionDecl*>>
      namings_;
  std::set<const clang::Decl*> indirect_callers_;
  std::map<const clang::Decl*, std::vector<const clang::Decl*>> extra_callees_;
  std::map<const clang::Decl*, std::vector<const clang::CallGraphNode*>> overriders_;
};

}  // namespace

std::unique_ptr<AstCheck> make_recursion_check(Context& context) {
  return std::make_unique<RecursionCheck>(context);
}

}  // namespace crucible::sandbox::verifier
