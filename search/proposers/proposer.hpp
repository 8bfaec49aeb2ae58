// A proposer turns parents into new candidate sources. The built-in one mutates the Clang AST;
// the language-model one (a later issue) asks a model.
#pragma once

#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace crucible::search::proposers {

struct Proposal {
  std::string source;
  std::string origin;  // how it was made, stored with the candidate
};

class Proposer {
 public:
  virtual ~Proposer() = default;
  // A child of `parent`, or nullopt when none could be made.
  virtual std::optional<Proposal> propose(std::string_view parent, std::mt19937_64& rng) = 0;
};

}  // namespace crucible::search::proposers
