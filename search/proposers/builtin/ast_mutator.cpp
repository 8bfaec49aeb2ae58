#include "search/proposers/builtin/ast_mutator.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "sandbox/clang_parse.hpp"
#include "search/proposers/builtin/edits.hpp"
#include "search/proposers/builtin/includes.hpp"
#include "search/proposers/builtin/mutation_sites.hpp"
#include "search/proposers/builtin/random_draws.hpp"

namespace crucible::search::proposers {
namespace {

enum class EditKind { kLiteral, kFeature, kOperator, kTerm, kWrap, kDrop, kDelete };

std::vector<EditKind> kinds_with_sites(const MutationSites& sites) {
  std::vector<EditKind> kinds;
  if (!sites.literals.empty()) kinds.push_back(EditKind::kLiteral);
  if (!sites.features.empty()) kinds.push_back(EditKind::kFeature);
  if (!sites.operators.empty()) kinds.push_back(EditKind::kOperator);
  if (!sites.returns.empty()) kinds.push_back(EditKind::kTerm);
  if (!sites.expressions.empty()) kinds.push_back(EditKind::kWrap);
  if (!sites.terms.empty()) kinds.push_back(EditKind::kDrop);
  if (!sites.statements.empty()) kinds.push_back(EditKind::kDelete);
  return kinds;
}

std::optional<Edit> draw_edit(const MutationSites& sites, std::string_view parent,
                              std::mt19937_64& rng) {
  const std::vector<EditKind> kinds = kinds_with_sites(sites);
  if (kinds.empty()) return std::nullopt;
  switch (pick(rng, kinds)) {
    case EditKind::kLiteral:
      return perturb_literal(pick(rng, sites.literals), rng);
    case EditKind::kFeature:
      return substitute_feature(pick(rng, sites.features), rng);
    case EditKind::kOperator:
      return substitute_operator(pick(rng, sites.operators), parent, rng);
    case EditKind::kTerm:
      return add_term(pick(rng, sites.returns), parent, rng);
    case EditKind::kWrap:
      return wrap_expression(pick(rng, sites.expressions), rng);
    case EditKind::kDrop:
      return remove_term(pick(rng, sites.terms), parent, rng);
    case EditKind::kDelete:
      return delete_statement(pick(rng, sites.statements));
  }
  return std::nullopt;
}

bool overlaps(const SourceSpan& a, const SourceSpan& b) {
  return a.begin < b.end && b.begin < a.end;
}

// Up to `count` edits with disjoint spans: of two overlapping draws the first one is kept.
std::vector<Edit> draw_edits(const MutationSites& sites, std::string_view parent, int count,
                             std::mt19937_64& rng) {
  std::vector<Edit> edits;
  for (int i = 0; i < count; ++i) {
    std::optional<Edit> edit = draw_edit(sites, parent, rng);
    if (!edit) continue;
    const bool clashes = std::any_of(edits.begin(), edits.end(), [&](const Edit& kept) {
      return overlaps(kept.span, edit->span);
    });
    if (!clashes) edits.push_back(std::move(*edit));
  }
  std::sort(edits.begin(), edits.end(),
            [](const Edit& a, const Edit& b) { return a.span.begin < b.span.begin; });
  return edits;
}

// Applies disjoint edits from the back so that earlier offsets stay valid, then adds the
// <cmath> include a wrapped subexpression calls into when the parent lacks it.
Mutation apply_edits(std::string_view parent, const std::vector<Edit>& edits) {
  Mutation child{std::string(parent), "", nullptr};
  std::for_each(edits.rbegin(), edits.rend(), [&](const Edit& edit) {
    child.source.replace(edit.span.begin, edit.span.end - edit.span.begin, edit.replacement);
  });
  const bool needs_cmath =
      std::any_of(edits.begin(), edits.end(), [](const Edit& edit) { return edit.needs_cmath; });
  if (needs_cmath && !has_cmath(parent)) {
    child.source = with_includes(child.source, {"#include <cmath>"});
  }
  for (const Edit& edit : edits) {
    if (!child.description.empty()) child.description += "; ";
    child.description += edit.description;
  }
  return child;
}

}  // namespace

AstMutator::AstMutator(std::vector<sandbox::HeaderFile> headers, std::string entry_symbol,
                       std::string pch, std::vector<std::string> hidden)
    : headers_(std::move(headers)),
      entry_symbol_(std::move(entry_symbol)),
      pch_(std::move(pch)),
      hidden_(std::move(hidden)) {}

std::shared_ptr<const MutationSites> AstMutator::sites_of(std::string_view source) const {
  {
    std::lock_guard lock(cache_mutex_);
    if (auto found = cached_sites_.find(source); found != cached_sites_.end()) return found->second;
  }
  std::shared_ptr<const MutationSites> sites;
  if (sandbox::ParsedSource parsed = sandbox::parse_source(source, headers_, pch_); parsed.is_ok()) {
    sites = std::make_shared<const MutationSites>(collect_mutation_sites(*parsed.ast, headers_, hidden_));
  }
  std::lock_guard lock(cache_mutex_);
  if (cached_sites_.emplace(std::string(source), sites).second) {
    cache_order_.emplace_back(source);
    if (cache_order_.size() > kCachedSites) {
      cached_sites_.erase(cache_order_.front());
      cache_order_.pop_front();
    }
  }
  return sites;
}

std::optional<Mutation> AstMutator::mutate(std::string_view parent, std::mt19937_64& rng,
                                           int max_edits, int attempts) const {
  const std::shared_ptr<const MutationSites> parsed_sites = sites_of(parent);
  if (parsed_sites == nullptr) return std::nullopt;
  const MutationSites& sites = *parsed_sites;
  if (kinds_with_sites(sites).empty()) return std::nullopt;
  const int most_edits = std::max(max_edits, 1);
  for (int attempt = 0; attempt < attempts; ++attempt) {
    const int count =
        1 + static_cast<int>(uniform_index(rng, static_cast<std::size_t>(most_edits)));
    const std::vector<Edit> edits = draw_edits(sites, parent, count, rng);
    if (edits.empty()) continue;
    Mutation child = apply_edits(parent, edits);
    if (child.source == parent) continue;
    child.parsed = viable_parse(child.source);
    if (child.parsed == nullptr) continue;
    return child;
  }
  return std::nullopt;
}

std::shared_ptr<const sandbox::ParsedSource> AstMutator::viable_parse(
    const std::string& child) const {
  auto checked = std::make_shared<sandbox::ParsedSource>(sandbox::parse_source(child, headers_, pch_));
  if (!checked->is_ok()) return nullptr;
  if (!entry_symbol_.empty() && !defines_function(*checked->ast, entry_symbol_)) return nullptr;
  return checked;
}

}  // namespace crucible::search::proposers
