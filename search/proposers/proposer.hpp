// A proposer turns a parent (and, optionally, inspirations from the parent's island) into a new
// candidate source. The built-in one edits the Clang AST; the language-model one (a later issue)
// asks a model. Proposers are pure given their inputs and the rng: the same request and rng state
// give the same proposal, which is what makes a seeded run reproducible.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace crucible::search::proposers {

// A stored candidate as a proposer sees it.
struct Program {
  int64_t id = 0;
  std::string source;
  std::optional<double> fitness;
};

struct ProposalRequest {
  Program parent;
  std::vector<Program> inspirations;  // from the parent's island: its best and diverse others
};

struct Proposal {
  std::string source;
  std::string origin;          // how it was made, stored with the candidate
  std::vector<int64_t> donors;  // other programs it took code from (crossover), for the lineage
};

class Proposer {
 public:
  virtual ~Proposer() = default;
  // Stored with each candidate it makes ("builtin", "llm:model").
  virtual std::string name() const = 0;
  // A child of request.parent, or nullopt when none could be made. The search calls it for
  // several slots at once from different threads (each with its own rng): it must be safe to.
  virtual std::optional<Proposal> propose(const ProposalRequest& request,
                                          std::mt19937_64& rng) = 0;
};

}  // namespace crucible::search::proposers
