// AstMutator::crossover: subtree crossover between two candidates, on their Clang ASTs.
#include <algorithm>
#include <utility>

#include "sandbox/clang_parse.hpp"
#include "search/proposers/builtin/ast_mutator.hpp"
#include "search/proposers/builtin/edits.hpp"
#include "search/proposers/builtin/includes.hpp"
#include "search/proposers/builtin/mutation_sites.hpp"
#include "search/proposers/builtin/random_draws.hpp"

namespace crucible::search::proposers {
namespace {

// The donor expression with its parameters renamed to `parameters`, the names at the same
// positions in the parent's function; nullopt when the parent has no name there.
std::optional<std::string> renamed(const ExpressionSite& donor,
                                   const std::vector<std::string>& parameters) {
  std::vector<ParameterUse> uses = donor.parameter_uses;
  std::sort(uses.begin(), uses.end(),
            [](const ParameterUse& a, const ParameterUse& b) { return a.offset > b.offset; });
  std::string text = donor.text;
  for (const ParameterUse& use : uses) {
    if (use.index >= parameters.size() || parameters[use.index].empty()) return std::nullopt;
    text.replace(use.offset, use.length, parameters[use.index]);
  }
  return text;
}

// The expression sites another candidate could take.
std::vector<ExpressionSite> portable(std::vector<ExpressionSite> sites) {
  std::erase_if(sites, [](const ExpressionSite& site) { return !site.is_portable; });
  return sites;
}

}  // namespace

std::optional<Mutation> AstMutator::crossover(std::string_view parent, std::string_view donor,
                                              std::mt19937_64& rng, int attempts) const {
  const auto parent_sites = sites_of(parent);
  if (parent_sites == nullptr || parent_sites->expressions.empty()) return std::nullopt;
  const std::vector<ExpressionSite>* into_sites = &parent_sites->expressions;
  const auto donor_sites = sites_of(donor);
  if (donor_sites == nullptr) return std::nullopt;
  const std::vector<ExpressionSite> portable_sites = portable(donor_sites->expressions);
  const std::vector<ExpressionSite>* from_sites = &portable_sites;
  if (from_sites->empty()) return std::nullopt;
  const std::vector<std::string> donor_includes = include_lines(donor);
  for (int attempt = 0; attempt < attempts; ++attempt) {
    const ExpressionSite& into = pick(rng, *into_sites);
    const ExpressionSite& from = pick(rng, *from_sites);
    // A floating value where an integer must stand would not compile.
    if (into.needs_integer && from.is_floating) continue;
    const std::optional<std::string> text = renamed(from, into.parameters);
    if (!text || *text == into.text) continue;
    Mutation child{std::string(parent), "", nullptr};
    child.source.replace(into.span.begin, into.span.end - into.span.begin,
                         from.is_primary ? *text : "(" + *text + ")");
    child.source = with_includes(std::move(child.source), donor_includes);
    if (child.source == parent) continue;
    child.parsed = viable_parse(child.source);
    if (child.parsed == nullptr) continue;
    child.description = "donor " + excerpt(from.text) + " at " + position(from.span) + " for " +
                        excerpt(into.text) + " at " + position(into.span);
    return child;
  }
  return std::nullopt;
}

}  // namespace crucible::search::proposers
