// The built-in offline proposer's edits of a candidate, made on its Clang AST and kept only when
// the child type-checks: constants, features, operators, an added or removed term, a wrapped
// subexpression, a deleted statement, and subtree crossover with another candidate.
#pragma once

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/clang_parse.hpp"
#include "sandbox/source.hpp"
#include "search/proposers/builtin/mutation_sites.hpp"

namespace crucible::search::proposers {

struct Mutation {
  std::string source;  // the child's full source text
  // The edits, e.g. "literal 0.5 -> 0.73 at 4:17; operator + -> * at 5:3". Each starts with its
  // kind: literal, feature, operator, term, wrap, drop, delete (or donor, for a crossover).
  std::string description;
  // The child's type-check: parse_source(source, headers), kept for whoever reads the AST next.
  std::shared_ptr<const sandbox::ParsedSource> parsed;
};

// Edits only function bodies written in the candidate itself, never the interface headers. Knows no
// domain: feature names come from the records the headers declare.
class AstMutator {
 public:
  // `pch`: a Prelude::for_parsing one for `headers` (empty: none), for faster parses; the children
  // are the same. `hidden`: gated interface fields ("CacheObject.id") no edit writes
  // (collect_mutation_sites); a parent's own uses of them stay as they are.
  AstMutator(std::vector<sandbox::HeaderFile> headers, std::string entry_symbol,
             std::string pch = {}, std::vector<std::string> hidden = {});

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
  // The child's parse when it type-checks and still defines the entry symbol; null otherwise.
  [[nodiscard]] std::shared_ptr<const sandbox::ParsedSource> viable_parse(
      const std::string& child) const;

  // The sites of `source`, or null when it does not type-check. Parents and donors come back
  // again and again (an island's few elites), so their sites are kept for the latest
  // kCachedSites sources; a site list depends on nothing but the source and the headers.
  [[nodiscard]] std::shared_ptr<const MutationSites> sites_of(std::string_view source) const;

  static constexpr std::size_t kCachedSites = 256;
  std::vector<sandbox::HeaderFile> headers_;
  std::string entry_symbol_;
  std::string pch_;
  std::vector<std::string> hidden_;
  mutable std::mutex cache_mutex_;
  mutable std::map<std::string, std::shared_ptr<const MutationSites>, std::less<>> cached_sites_;
  mutable std::deque<std::string> cache_order_;  // oldest first
};

}  // namespace crucible::search::proposers
