#include "search/proposers/builtin/edits.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <utility>
#include <vector>

#include "search/proposers/builtin/random_draws.hpp"

namespace crucible::search::proposers {
namespace {

// A parenthesised negative so that "x - 0.5" becomes "x - (-0.5)", never "x - -0.5" or "x --0.5".
std::string wrap_negative(const std::string& text, bool is_negative) {
  return is_negative ? "(" + text + ")" : text;
}

std::string integer_text(std::int64_t value, const std::string& suffix) {
  return wrap_negative(std::to_string(value) + (value < 0 ? "" : suffix), value < 0);
}

std::string text_of(std::string_view parent, const SourceSpan& span) {
  return std::string(parent.substr(span.begin, span.end - span.begin));
}

// A literal this close to zero has no scale to step relative to.
constexpr double kNearZero = 1e-12;

// The next value of a literal, before it is spelled.
double next_literal_value(const LiteralSite& site, bool stays_integer, std::mt19937_64& rng) {
  const double value = site.value;
  if (std::abs(value) < kNearZero) {
    const double sign = rng() % 2 == 0 ? 1.0 : -1.0;
    return sign * (stays_integer ? 1.0 : std::pow(10.0, uniform_between(rng, -3.0, 0.0)));
  }
  const double roll = uniform_unit(rng);
  if (roll < 0.1) return -value;
  if (roll < 0.2) return rng() % 2 == 0 ? value * 2.0 : value / 2.0;
  if (stays_integer && std::abs(value) <= 16.0 && roll < 0.5) {
    return value + (rng() % 2 == 0 ? 1.0 : -1.0);
  }
  // A log-normal factor: 0.001 and 1000 both move within their own range.
  return value * std::exp(0.5 * standard_normal(rng));
}

}  // namespace

std::string position(const SourceSpan& span) {
  return std::to_string(span.line) + ":" + std::to_string(span.column);
}

std::string excerpt(std::string_view code) {
  constexpr std::size_t kLongest = 48;
  std::string text;
  for (const char c : code) {
    const bool is_space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!is_space) {
      text += c;
    } else if (!text.empty() && text.back() != ' ') {
      text += ' ';
    }
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.size() > kLongest) text = text.substr(0, kLongest - 3) + "...";
  return text;
}

std::string floating_text(double value, const std::string& suffix) {
  std::array<char, 32> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.4g", value);
  std::string text = buffer.data();
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return wrap_negative(text + suffix, value < 0);
}

std::optional<Edit> perturb_literal(const LiteralSite& site, std::mt19937_64& rng) {
  constexpr double kLargestExactInteger = 1e15;
  const bool stays_integer =
      !site.is_floating && (!site.is_used_as_floating || uniform_unit(rng) < 0.5);
  const double next = next_literal_value(site, stays_integer, rng);
  std::string text;
  if (stays_integer && std::abs(next) < kLargestExactInteger) {
    auto rounded = static_cast<std::int64_t>(std::llround(next));
    if (static_cast<double>(rounded) == site.value) rounded += next >= site.value ? 1 : -1;
    if (rounded == 0 && site.is_divisor) return std::nullopt;
    text = integer_text(rounded, site.suffix);
  } else if (stays_integer) {
    return std::nullopt;  // no integer type holds it exactly
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

Edit add_term(const ReturnSite& site, std::string_view parent, std::mt19937_64& rng) {
  const std::string& feature = pick(rng, site.features);
  const std::string scale = floating_text(std::pow(10.0, uniform_between(rng, -3.0, 1.0)), "");
  const std::string term = scale + " * (double)" + feature;
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
  return {site.span, "(" + text_of(parent, site.span) + ") " + summary,
          "term " + summary + " at " + position(site.span)};
}

std::optional<Edit> wrap_expression(const ExpressionSite& site, std::mt19937_64& rng) {
  enum class Form { kLog, kSqrt, kMin, kMax, kSquare };
  std::vector<Form> forms;
  if (!site.needs_integer && !site.is_return_value) forms = {Form::kLog, Form::kSqrt};
  if (!site.needs_integer) {
    forms.push_back(Form::kMin);
    forms.push_back(Form::kMax);
  }
  // Squaring would write a gated field a second time.
  if (!site.is_return_value && !site.reads_hidden) forms.push_back(Form::kSquare);
  if (forms.empty()) return std::nullopt;
  const std::string& x = site.text;
  const Form form = pick(rng, forms);
  std::string wrapped;
  if (form == Form::kLog) {
    wrapped = "std::log1p(std::fabs(" + x + "))";
  } else if (form == Form::kSqrt) {
    wrapped = "std::sqrt(std::fabs(" + x + "))";
  } else if (form == Form::kSquare) {
    const std::string operand = site.is_primary ? x : "(" + x + ")";
    wrapped = "(" + operand + " * " + operand + ")";
  } else {
    const double scale = site.scale && std::abs(*site.scale) >= kNearZero ? *site.scale : 1.0;
    const std::string bound = floating_text(scale * std::exp(0.5 * standard_normal(rng)), "");
    wrapped =
        std::string(form == Form::kMin ? "std::fmin(" : "std::fmax(") + x + ", " + bound + ")";
  }
  return Edit{site.span, wrapped,
              "wrap " + excerpt(x) + " -> " + excerpt(wrapped) + " at " + position(site.span),
              form != Form::kSquare};
}

Edit remove_term(const TermSite& site, std::string_view parent, std::mt19937_64& rng) {
  const std::string whole = text_of(parent, site.span);
  const bool keeps_left = (site.is_subtraction && site.is_unsigned) || rng() % 2 == 0;
  std::string kept;
  if (keeps_left) {
    kept = text_of(parent, site.left);
  } else if (site.is_subtraction) {
    kept = "-(" + text_of(parent, site.right) + ")";
  } else {
    kept = text_of(parent, site.right);
  }
  return {site.span, kept,
          "drop " + excerpt(whole) + " -> " + excerpt(kept) + " at " + position(site.span)};
}

Edit delete_statement(const StatementSite& site) {
  return {site.span, "", "delete " + excerpt(site.text) + " at " + position(site.span)};
}

}  // namespace crucible::search::proposers
