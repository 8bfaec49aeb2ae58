// The offline proposer: random edits on the parent's Clang AST (see ast_mutator.hpp); every child
// type-checks before it is returned.
#pragma once

#include "search/proposers/builtin/ast_mutator.hpp"
#include "search/proposers/proposer.hpp"

namespace crucible::search::proposers {

class BuiltinProposer final : public Proposer {
 public:
  BuiltinProposer(std::vector<sandbox::HeaderFile> headers, std::string entry_symbol, int max_edits)
      : mutator_(std::move(headers), std::move(entry_symbol)), max_edits_(max_edits) {}

  std::string name() const override { return "builtin"; }

  std::optional<Proposal> propose(const ProposalRequest& request, std::mt19937_64& rng) override {
    auto mutation = mutator_.mutate(request.parent.source, rng, max_edits_);
    if (!mutation) return std::nullopt;
    return Proposal{std::move(mutation->source), "mutation: " + mutation->description, {}};
  }

 private:
  AstMutator mutator_;
  int max_edits_;
};

}  // namespace crucible::search::proposers
