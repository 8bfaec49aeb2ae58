#include "search/proposers/builtin/ast_mutator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <numbers>
#include <utility>

#include "sandbox/clang_parse.hpp"
#include "search/proposers/builtin/mutation_sites.hpp"

namespace crucible::search::proposers {
namespace {

// The rng is read only through these helpers, never through std::*_distribution, whose output
// differs between standard libraries: a seed must give the same child everywhere.

// Uniform in [0, 1), from the top 53 bits.
double uniform_unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

double uniform_between(std::mt19937_64& rng, double low, double high) {
  return low + (high - low) * uniform_unit(rng);
}

// Uniform in [0, count); the modulo bias is below 2^-50 for any count used here.
std::size_t uniform_index(std::mt19937_64& rng, std::size_t count) {
  return static_cast<std::size_t>(rng() % count);
}

// Standard normal by Box-Muller.
double standard_normal(std::mt19937_64& rng) {
  const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform_unit(rng)));
  return radius * std::cos(2.0 * std::numbers::pi * uniform_unit(rng));
}

template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& items) {
  return items[uniform_index(rng, items.size())];
}

// A parenthesised negative so that "x - 0.5" becomes "x - (-0.5)", never "x - -0.5" or "x --0.5".
std::string wrap_negative(const std::string& text, bool is_negative) {
  return is_negative ? "(" + text + ")" : text;
}

// Four significant digits, always spelled as a floating literal (with '.' or an exponent).
std::string floating_text(double value, const std::string& suffix) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.4g", value);
  std::string text = buffer.data();
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return wrap_negative(text + suffix, value < 0);
}

std::string integer_text(std::int64_t value, const std::string& suffix) {
  return wrap_negative(std::to_string(value) + (value < 0 ? "" : suffix), value < 0);
}

std::string position(const SourceSpan& span) {
  return std::to_string(span.line) + ":" + std::to_string(span.column);
}

struct Edit {
  SourceSpan span;
  std::string replacement;
  std::string description;
};

// Scale-aware: a constant moves by a factor around 1 (log-normal), so 0.001 and 1000 both stay in
// their range. Zero, which has no scale, becomes a small value.
std::optional<Edit> perturb_literal(const LiteralSite& site, std::mt19937_64& rng) {
  constexpr double kLargestExactInteger = 1e15;
  const double value = site.value;
  const bool stays_integer = !site.is_floating && uniform_unit(rng) < 0.5;
  const double roll = uniform_unit(rng);
  double next = 0.0;
  if (value == 0.0) {
    next = stays_integer ? 1.0 : std::pow(10.0, uniform_between(rng, -3.0, 0.0));
  } else if (roll < 0.1) {
    next = -value;
  } else if (stays_integer && std::abs(value) <= 16.0 && roll < 0.4) {
    next = value + (rng() % 2 == 0 ? 1.0 : -1.0);
  } else {
    next = value * std::exp(0.5 * standard_normal(rng));
  }
  std::string text;
  if (stays_integer && std::abs(next) < kLargestExactInteger) {
    auto rounded = static_cast<std::int64_t>(std::llround(next));
    if (static_cast<double>(rounded) == value) rounded += next >= value ? 1 : -1;
    text = integer_text(rounded, site.suffix);
  } else {
    text = floating_text(next, site.is_floating ? site.suffix : "");
  }
  if (text == site.text) return std::nullopt;
  return Edit{site.span, text,
              "literal " + site.text + " -> " + text + " at " + position(site.span)};
}

Edit substitute_feature(const FeatureSite& site, std::mt19937_64& rng) {
  const std::string& field = pick(rng, site.alternatives);
  std::string after = site.expression;
  after.replace(site.name_offset, site.field.size(), field);
  return {site.span, field,
          "feature " + site.expression + " -> " + after + " at " + position(site.span)};
}

// The sibling groups of swappable operators; an operator only becomes another of its group.
constexpr std::array<std::array<std::string_view, 4>, 3> kOperatorGroups = {{
    {"+", "-", "*", "/"},
    {"<", ">", "<=", ">="},
    {"+=", "-=", "*=", "/="},
}};

std::optional<Edit> substitute_operator(const OperatorSite& site, std::string_view parent,
                                        std::mt19937_64& rng) {
  std::vector<std::string_view> others;
  for (const auto& group : kOperatorGroups) {
    if (std::find(group.begin(), group.end(), site.spelling) == group.end()) continue;
    std::copy_if(group.begin(), group.end(), std::back_inserter(others),
                 [&](std::string_view op) { return op != site.spelling; });
  }
  if (others.empty()) return std::nullopt;
  const std::string_view chosen = pick(rng, others);
  // Spaces keep the new token from fusing with a neighbour: "a+-b" must not become "a--b".
  constexpr std::string_view kPunctuation = "+-*/%<>=!&|^~.";
  const bool fuses = (site.span.begin > 0 &&
                      kPunctuation.find(parent[site.span.begin - 1]) != std::string_view::npos) ||
                     (site.span.end < parent.size() &&
                      kPunctuation.find(parent[site.span.end]) != std::string_view::npos);
  std::string replacement = fuses ? " " + std::string(chosen) + " " : std::string(chosen);
  return Edit{
      site.span, std::move(replacement),
      "operator " + site.spelling + " -> " + std::string(chosen) + " at " + position(site.span)};
}

// E becomes E + c*F, E - c*F or E * (1 + c*F), with c log-uniform over four decades.
Edit add_term(const ReturnSite& site, std::string_view parent, std::mt19937_64& rng) {
  const std::string& feature = pick(rng, site.features);
  const std::string scale = floating_text(std::pow(10.0, uniform_between(rng, -3.0, 1.0)), "");
  const std::string term = scale + " * (double)" + feature;
  const std::string value(parent.substr(site.span.begin, site.span.end - site.span.begin));
  std::string replacement;
  std::string summary;
  switch (uniform_index(rng, 3)) {
    case 0:
      summary = "+ " + term;
      break;
    case 1:
      summary = "- " + term;
      break;
    default:
      summary = "* (1.0 + " + term + ")";
      break;
  }
  return {site.span, "(" + value + ") " + summary,
          "term " + summary + " at " + position(site.span)};
}

enum class EditKind { kLiteral, kFeature, kOperator, kTerm };

std::optional<Edit> draw_edit(const MutationSites& sites, std::string_view parent,
                              std::mt19937_64& rng) {
  std::vector<EditKind> kinds;
  if (!sites.literals.empty()) kinds.push_back(EditKind::kLiteral);
  if (!sites.features.empty()) kinds.push_back(EditKind::kFeature);
  if (!sites.operators.empty()) kinds.push_back(EditKind::kOperator);
  if (!sites.returns.empty()) kinds.push_back(EditKind::kTerm);
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

// Applies disjoint edits from the back so that earlier offsets stay valid.
Mutation apply_edits(std::string_view parent, const std::vector<Edit>& edits) {
  Mutation child{std::string(parent), ""};
  std::for_each(edits.rbegin(), edits.rend(), [&](const Edit& edit) {
    child.source.replace(edit.span.begin, edit.span.end - edit.span.begin, edit.replacement);
  });
  for (const Edit& edit : edits) {
    if (!child.description.empty()) child.description += "; ";
    child.description += edit.description;
  }
  return child;
}

}  // namespace

AstMutator::AstMutator(std::vector<sandbox::HeaderFile> headers, std::string entry_symbol)
    : headers_(std::move(headers)), entry_symbol_(std::move(entry_symbol)) {}

std::optional<Mutation> AstMutator::mutate(std::string_view parent, std::mt19937_64& rng,
                                           int max_edits, int attempts) const {
  sandbox::ParsedSource parsed = sandbox::parse_source(parent, headers_);
  if (!parsed.is_ok()) return std::nullopt;
  const MutationSites sites = collect_mutation_sites(*parsed.ast, headers_);
  if (sites.literals.empty() && sites.features.empty() && sites.operators.empty() &&
      sites.returns.empty()) {
    return std::nullopt;
  }
  const int most_edits = std::max(max_edits, 1);
  for (int attempt = 0; attempt < attempts; ++attempt) {
    const int count =
        1 + static_cast<int>(uniform_index(rng, static_cast<std::size_t>(most_edits)));
    const std::vector<Edit> edits = draw_edits(sites, parent, count, rng);
    if (edits.empty()) continue;
    Mutation child = apply_edits(parent, edits);
    if (child.source == parent) continue;
    const sandbox::ParsedSource checked = sandbox::parse_source(child.source, headers_);
    if (!checked.is_ok()) continue;
    if (!entry_symbol_.empty() && !defines_function(*checked.ast, entry_symbol_)) continue;
    return child;
  }
  return std::nullopt;
}

}  // namespace crucible::search::proposers
