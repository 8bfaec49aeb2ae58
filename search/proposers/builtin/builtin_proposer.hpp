// The offline proposer: random edits on the parent's Clang AST, or now and then a subtree
// crossover with one of its inspirations (see ast_mutator.hpp); every child type-checks before it
// is returned.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "search/proposers/builtin/ast_mutator.hpp"
#include "search/proposers/builtin/random_draws.hpp"
#include "search/proposers/proposer.hpp"

namespace crucible::search::proposers {

class BuiltinProposer final : public Proposer {
 public:
  // `crossover_rate`: the chance, in [0, 1], that a request with inspirations is answered by a
  // crossover of the parent with one of them rather than by mutation.
  // `pch`: a Prelude::for_parsing one for `headers` (empty: none), for faster parses.
  // `hidden`: gated interface fields no edit writes (AstMutator).
  BuiltinProposer(std::vector<sandbox::HeaderFile> headers, std::string entry_symbol, int max_edits,
                  double crossover_rate = 0.2, std::string pch = {},
                  std::vector<std::string> hidden = {})
      : mutator_(std::move(headers), std::move(entry_symbol), std::move(pch), std::move(hidden)),
        max_edits_(max_edits),
        crossover_rate_(crossover_rate) {
    if (!(crossover_rate >= 0.0 && crossover_rate <= 1.0)) {
      throw std::invalid_argument("crossover_rate must be in [0, 1], got " +
                                  std::to_string(crossover_rate));
    }
  }

  std::string name() const override { return "builtin"; }

  // A crossover when the draw says so and it yields a child; otherwise a mutation.
  std::optional<Proposal> propose(const ProposalRequest& request, std::mt19937_64& rng) override {
    if (!request.inspirations.empty() && uniform_unit(rng) < crossover_rate_) {
      const Program& donor = pick(rng, request.inspirations);
      if (auto child = mutator_.crossover(request.parent.source, donor.source, rng)) {
        return Proposal{std::move(child->source), "crossover: " + child->description, {donor.id},
                        {}, 0, std::move(child->parsed)};
      }
    }
    auto mutation = mutator_.mutate(request.parent.source, rng, max_edits_);
    if (!mutation) return std::nullopt;
    return Proposal{std::move(mutation->source), "mutation: " + mutation->description, {}, {}, 0,
                    std::move(mutation->parsed)};
  }

 private:
  AstMutator mutator_;
  int max_edits_;
  double crossover_rate_;
};

}  // namespace crucible::search::proposers
