// The built-in offline proposer's edits of a candidate, made on its Clang AST and kept only when
// the child type-checks: constants, features, operators, an added or removed term, a wrapped
// subexpression, a deleted statement, and subtree crossover with another candidate.
#pragma once

#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/source.hpp"

namespace crucible::search::proposers {

struct Mutation {
  std::string source;  // the child's full source text
  // The edits, e.g. "literal 0.5 -> 0.73 at 4:17; operator + -> * at 5:3". Each starts with its
  // kind: literal, feature, operator, term, wrap, drop, delete (or donor, for a crossover).
  std::string description;
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

  // Replaces an arithmetic subexpression of `parent` by one of `donor` that reads only literals,
  // its function's parameters (renamed to the parent's by position) and the interface and
  // library; adds the donor's #include lines the parent lacks. Same guarantees as mutate();
  // nullopt when either does not type-check, no pair of sites fits, or `attempts` tries failed.
  [[nodiscard]] std::optional<Mutation> crossover(std::string_view parent, std::string_view donor,
                                                  std::mt19937_64& rng, int attempts = 8) const;

 private:
  // The child type-checks and still defines the entry symbol.
  [[nodiscard]] bool is_viable(const std::string& child) const;

  std::vector<sandbox::HeaderFile> headers_;
  std::string entry_symbol_;
};

}  // namespace crucible::search::proposers
