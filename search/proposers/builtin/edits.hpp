// The built-in mutator's edit kinds: each turns one site of the parent into a text replacement.
// None checks the result; the mutator type-checks the whole child afterwards.
#pragma once

#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "search/proposers/builtin/mutation_sites.hpp"

namespace crucible::search::proposers {

struct Edit {
  SourceSpan span;
  std::string replacement;
  std::string description;
  bool needs_cmath = false;  // the replacement calls <cmath> functions
};

// "line:column" of a span's start.
[[nodiscard]] std::string position(const SourceSpan& span);

// Code on one line and at most a few dozen characters, for descriptions.
[[nodiscard]] std::string excerpt(std::string_view code);

// Four significant digits, always spelled as a floating literal; a negative one parenthesized.
[[nodiscard]] std::string floating_text(double value, const std::string& suffix);

// Scale-aware: a relative step for a non-zero value, an absolute one at zero, sometimes a sign
// flip or a doubling or halving. An integer stays an integer unless the AST shows it is
// converted to floating where it stands; a divisor never becomes zero.
[[nodiscard]] std::optional<Edit> perturb_literal(const LiteralSite& site, std::mt19937_64& rng);

// Another arithmetic field of the same interface record.
[[nodiscard]] Edit substitute_feature(const FeatureSite& site, std::mt19937_64& rng);

// Another operator of the same sibling group (+ - * /, < > <= >=, += -= *= /=).
[[nodiscard]] std::optional<Edit> substitute_operator(const OperatorSite& site,
                                                      std::string_view parent,
                                                      std::mt19937_64& rng);

// The returned value E becomes E + c*F, E - c*F or E * (1 + c*F) for a feature F.
[[nodiscard]] Edit add_term(const ReturnSite& site, std::string_view parent, std::mt19937_64& rng);

// X becomes log1p(|X|), sqrt(|X|), fmin(X, c), fmax(X, c) or X*X, with c near X's scale when
// it is known (else near 1). The whole return value is only clamped: the other forms are
// monotone on non-negative values and would rank the same. An integer operand only squares.
[[nodiscard]] std::optional<Edit> wrap_expression(const ExpressionSite& site, std::mt19937_64& rng);

// `a + b` becomes a or b; `a - b` becomes a or -(b) (only a when unsigned).
[[nodiscard]] Edit remove_term(const TermSite& site, std::string_view parent, std::mt19937_64& rng);

// The statement is removed with its line.
[[nodiscard]] Edit delete_statement(const StatementSite& site);

}  // namespace crucible::search::proposers
