// recursion: the candidate's call graph has no cycle, so no call can recurse without bound.
#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/Analysis/CallGraph.h>

#include <map>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

using namespace clang::ast_matchers;

class RecursionCheck final : public AstCheck {
 public:
  using AstCheck::AstCheck;
  std::string_view name() const override { return "recursion"; }

  void register_matchers(MatchFinder&) override {}

  void finish(clang::ASTContext& ast, const std::vector<clang::Decl*>& candidate_decls) override {
    clang::CallGraph graph;
    for (auto* decl : candidate_decls) graph.addToCallGraph(decl);
    std::map<const clang::CallGraphNode*, int> state;  // 1: on the DFS stack, 2: done
    for (const auto& [decl, node] : graph) {
      if (decl == nullptr || !context_.is_in_candidate(*decl)) continue;
      if (const auto* cycle_at = find_cycle(node.get(), state)) {
        const auto* function = llvm::dyn_cast<clang::FunctionDecl>(cycle_at->getDecl());
        std::string name = function != nullptr ? function->getNameAsString() : "a function";
        context_.report(ast.getSourceManager(), cycle_at->getDecl()->getLocation(), this->name(),
                        "`" + name + "` can call itself (a cycle in the call graph)");
        return;
      }
    }
  }

 private:
  // Depth-first search; returns the node that closes a cycle, or nullptr.
  static const clang::CallGraphNode* find_cycle(const clang::CallGraphNode* node,
                                                std::map<const clang::CallGraphNode*, int>& state) {
    auto& mark = state[node];
    if (mark == 1) return node;
    if (mark == 2) return nullptr;
    mark = 1;
    for (const auto& callee : *node) {
      if (const auto* found = find_cycle(callee.Callee, state)) return found;
    }
    state[node] = 2;
    return nullptr;
  }
};

}  // namespace

std::unique_ptr<AstCheck> make_recursion_check(Context& context) {
  return std::make_unique<RecursionCheck>(context);
}

}  // namespace crucible::sandbox::verifier
