// The built-in offline proposer's mutation step: small random edits of a candidate made on its
// Clang AST (constants, features, operators, an added term), kept only when the child type-checks.
#pragma once

#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/source.hpp"

namespace crucible::search::proposers {

struct Mutation {
  std::string source;       // the child's full source text
  std::string description;  // the edits, e.g. "literal 0.5 -> 0.73 at 4:17; operator + -> * at 5:3"
};

// Edits only function bodies written in the candidate itself, never the interface headers. Knows no
// domain: feature names come from the records the headers declare.
class AstMutator {
 public:
  AstMutator(std::vector<sandbox::HeaderFile> headers, std::string entry_symbol);

  // Applies 1 to max_edits random edits (each kind drawn uniformly from the kinds that have sites)
  // to `parent` and returns a child that differs from the parent, type-checks and still defines
  // the entry symbol. Nullopt when the parent does not type-check, has no site to edit, or
  // `attempts` tries all failed. The same parent and rng state always give the same child.
  [[nodiscard]] std::optional<Mutation> mutate(std::string_view parent, std::mt19937_64& rng,
                                               int max_edits = 2, int attempts = 8) const;

 private:
  std::vector<sandbox::HeaderFile> headers_;
  std::string entry_symbol_;
};

}  // namespace crucible::search::proposers
