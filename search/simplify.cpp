#include "search/simplify.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Expr.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Frontend/ASTUnit.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <set>
#include <utility>

#include "sandbox/clang_parse.hpp"
#include "search/proposers/builtin/edits.hpp"
#include "search/proposers/builtin/mutation_sites.hpp"
#include "search/tuning.hpp"

namespace crucible::search {
namespace {

using proposers::SourceSpan;

// One candidate change of the current program: its span replaced by `replacement`.
struct Change {
  SourceSpan span;
  std::string replacement;
  std::string description;
  std::ptrdiff_t saved = 0;  // characters it removes: the larger, the sooner it is tried
};

std::string with_change(const std::string& source, const Change& change) {
  std::string out = source;
  out.replace(change.span.begin, change.span.end - change.span.begin, change.replacement);
  return out;
}

// The changes, applied from the last to the first so earlier offsets stay valid; they must not
// overlap.
std::string apply_all(const std::string& source, std::vector<Change> changes) {
  std::sort(changes.begin(), changes.end(),
            [](const Change& a, const Change& b) { return a.span.begin > b.span.begin; });
  std::string out = source;
  for (const auto& change : changes) {
    out.replace(change.span.begin, change.span.end - change.span.begin, change.replacement);
  }
  return out;
}

bool overlaps(const SourceSpan& a, const SourceSpan& b) {
  return a.begin < b.end && b.begin < a.end;
}

// The exact value as a literal of the site's type: the shortest spelling that reads back the same
// double, always floating when the site is, an integer otherwise; a negative one parenthesized.
std::optional<std::string> constant_text(double value, bool is_floating) {
  if (!std::isfinite(value)) return std::nullopt;
  std::string text;
  if (is_floating) {
    std::array<char, 64> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), std::abs(value));
    text.assign(buffer.data(), result.ptr);
    if (text.find_first_of(".e") == std::string::npos) text += ".0";
  } else {
    if (value != std::floor(value) || std::abs(value) > 9007199254740992.0) return std::nullopt;
    text = std::to_string(static_cast<long long>(std::abs(value)));
  }
  return value < 0 ? "(-" + text + ")" : text;
}

// `text` without blanks and parentheses, to tell a change that only respells.
std::string bare(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '(' && c != ')') out += c;
  }
  return out;
}

std::string text_of(const std::string& source, const SourceSpan& span) {
  return source.substr(span.begin, span.end - span.begin);
}

std::string excerpt(std::string_view text) { return proposers::excerpt(text); }

// Every change a round tries: fold a constant subexpression or condition or an identity (x * 1),
// replace a subexpression by 0 or 1,
// keep one side of a sum or difference, delete a statement. Largest saving first.
std::vector<Change> changes_of(const std::string& source, const proposers::MutationSites& sites,
                               bool exact_only = false) {
  std::vector<Change> changes;
  auto add = [&](const SourceSpan& span, std::string replacement, std::string description) {
    const auto saved = static_cast<std::ptrdiff_t>(span.end - span.begin) -
                       static_cast<std::ptrdiff_t>(replacement.size());
    if (bare(replacement) == bare(text_of(source, span))) return;  // `-1.5` -> `(-1.5)` is no change
    changes.push_back({span, std::move(replacement), std::move(description), saved});
  };
  for (const auto& site : sites.expressions) {
    if (site.is_return_value) continue;  // a constant policy ranks nothing
    const std::string where = " at " + proposers::position(site.span);
    if (site.scale) {
      // A name's scale is its initializer's, which a later assignment may change: not exact.
      if (auto folded = constant_text(*site.scale, site.is_floating);
          folded && (!exact_only || !site.is_primary)) {
        add(site.span, *folded, "fold " + excerpt(site.text) + " -> " + *folded + where);
        continue;
      }
    }
    if (exact_only) continue;
    for (const char* constant : {"0", "1"}) {
      const std::string text = site.is_floating ? std::string(constant) + ".0" : constant;
      add(site.span, text, "replace " + excerpt(site.text) + " -> " + text + where);
    }
  }
  for (const auto& site : sites.folds) {
    std::string kept = text_of(source, site.kept);
    // `((x))` where the whole stood in parentheses of its own: one pair is enough.
    const bool in_parens = site.span.begin > 0 && source[site.span.begin - 1] == '(' &&
                           site.span.end < source.size() && source[site.span.end] == ')';
    if (site.kept_is_parenthesized && in_parens) kept = kept.substr(1, kept.size() - 2);
    add(site.span, site.kept_is_primary || in_parens ? kept : "(" + kept + ")",
        "fold " + excerpt(text_of(source, site.span)) + " -> " + excerpt(kept) + " at " +
            proposers::position(site.span));
  }
  if (exact_only) return changes;
  for (const auto& site : sites.terms) {
    const std::string whole = text_of(source, site.span);
    const std::string where = " at " + proposers::position(site.span);
    const std::string left = text_of(source, site.left);
    add(site.span, left, "drop " + excerpt(whole) + " -> " + excerpt(left) + where);
    if (site.is_subtraction && site.is_unsigned) continue;
    const std::string right =
        site.is_subtraction ? "-(" + text_of(source, site.right) + ")" : text_of(source, site.right);
    add(site.span, right, "drop " + excerpt(whole) + " -> " + excerpt(right) + where);
  }
  for (const auto& site : sites.statements) {
    const auto edit = proposers::delete_statement(site);
    add(edit.span, edit.replacement, "delete " + excerpt(site.text) + " at " +
                                         proposers::position(site.span));
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const Change& a, const Change& b) { return a.saved > b.saved; });
  return changes;
}

class NodeCounter : public clang::RecursiveASTVisitor<NodeCounter> {
 public:
  bool VisitStmt(clang::Stmt* stmt) {
    // Implicit conversions and parentheses are not something a reader counts.
    if (!llvm::isa<clang::ImplicitCastExpr>(stmt) && !llvm::isa<clang::ParenExpr>(stmt)) ++count;
    return true;
  }
  std::size_t count = 0;
};

// The interface fields the program reads, as written ("obj->size"), in order of first use.
std::vector<std::string> fields_read(const proposers::MutationSites& sites) {
  std::vector<std::string> fields;
  for (const auto& site : sites.features) {
    if (std::find(fields.begin(), fields.end(), site.expression) == fields.end()) {
      fields.push_back(site.expression);
    }
  }
  return fields;
}

}  // namespace

double round_significant(double value, int digits) {
  if (value == 0 || !std::isfinite(value)) return value;
  digits = std::clamp(digits, 1, 17);
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::scientific, digits - 1);
  double rounded = value;
  std::from_chars(buffer.data(), result.ptr, rounded);
  return rounded;
}

std::string strip_comments(std::string_view source) {
  std::string out;
  std::vector<bool> had_comment;  // per output line: a comment was removed from it
  bool line_had_comment = false;
  auto end_line = [&] {
    had_comment.push_back(line_had_comment);
    line_had_comment = false;
  };
  for (std::size_t i = 0; i < source.size();) {
    const char c = source[i];
    if (c == '"' || c == '\'') {  // a literal: copied whole, escapes included
      out += c;
      for (++i; i < source.size() && source[i] != c && source[i] != '\n'; ++i) {
        out += source[i];
        if (source[i] == '\\' && i + 1 < source.size()) out += source[++i];
      }
      if (i < source.size() && source[i] == c) out += source[i++];
      continue;
    }
    if (c == '/' && i + 1 < source.size() && source[i + 1] == '/') {
      while (i < source.size() && source[i] != '\n') ++i;
      line_had_comment = true;
      continue;
    }
    if (c == '/' && i + 1 < source.size() && source[i + 1] == '*') {
      const std::size_t close = source.find("*/", i + 2);
      const std::size_t stop = close == std::string_view::npos ? source.size() : close + 2;
      for (std::size_t j = i; j < stop; ++j) {
        if (source[j] == '\n') {
          out += '\n';
          end_line();
          line_had_comment = true;
        }
      }
      out += ' ';
      line_had_comment = true;
      i = stop;
      continue;
    }
    out += c;
    if (c == '\n') end_line();
    ++i;
  }
  // Trailing blanks go; a line left blank by a removed comment goes with them.
  std::string cleaned;
  std::size_t line = 0;
  std::size_t start = 0;
  while (start <= out.size()) {
    std::size_t stop = out.find('\n', start);
    const bool last = stop == std::string::npos;
    if (last) stop = out.size();
    std::string text = out.substr(start, stop - start);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    const bool removed = line < had_comment.size() ? had_comment[line] : line_had_comment;
    if (!(text.empty() && removed)) {
      cleaned += text;
      if (!last) cleaned += '\n';
    }
    if (last) break;
    start = stop + 1;
    ++line;
  }
  return cleaned;
}

std::size_t count_nodes(std::string_view source, const std::vector<sandbox::HeaderFile>& headers,
                        const std::string& pch) {
  sandbox::ParsedSource parsed = sandbox::parse_source(source, headers, pch);
  if (!parsed.is_ok()) return 0;
  NodeCounter counter;
  for (clang::Decl* decl : sandbox::main_file_decls(parsed.ast->getASTContext())) {
    counter.TraverseDecl(decl);
  }
  return counter.count;
}

SimplifyResult simplify(const std::string& source, double fitness,
                        const std::vector<sandbox::HeaderFile>& headers,
                        const std::string& entry_symbol, const BatchScorer& score,
                        const SimplifyOptions& options, const std::string& pch,
                        const std::function<void(const std::string&)>& on_line) {
  SimplifyResult result;
  result.source = source;
  result.fitness = fitness;
  result.nodes_before = count_nodes(source, headers, pch);
  result.nodes_after = result.nodes_before;
  const double floor = fitness - options.tolerance;
  auto passes = [&](const std::optional<double>& value) { return value && *value >= floor; };
  auto say = [&](const std::string& line) {
    if (on_line) on_line(line);
  };
  // The sites of a program that type-checks and still defines the entry point; else nullopt.
  auto sites_of = [&](const std::string& text) -> std::optional<proposers::MutationSites> {
    sandbox::ParsedSource parsed = sandbox::parse_source(text, headers, pch);
    if (!parsed.is_ok() || !proposers::defines_function(*parsed.ast, entry_symbol)) {
      return std::nullopt;
    }
    return proposers::collect_mutation_sites(*parsed.ast, headers);
  };
  auto budget_left = [&] { return options.max_evaluations - std::min(options.max_evaluations, result.evaluations); };
  auto score_batch = [&](const std::vector<std::string>& sources) {
    result.evaluations += sources.size();
    auto scores = score(sources);
    scores.resize(sources.size());
    return scores;
  };

  std::string current = source;
  auto sites = sites_of(current);
  if (!sites) {
    say("simplify: the program does not type-check; kept as it is");
    return result;
  }
  // Folds that keep the value (constant subexpressions, `c ? a : b` on a constant `c`, `x * 1`,
  // `x + 0`) are applied all together until none is left, and the result is scored once: kept
  // when it passes, as it should.
  auto fold_exact = [&] {
    std::string text = current;
    std::size_t folded = 0;
    for (int pass = 0; pass < 32; ++pass) {
      auto text_sites = sites_of(text);
      if (!text_sites) break;
      std::vector<Change> chosen;
      for (auto& change : changes_of(text, *text_sites, /*exact_only=*/true)) {
        const bool clashes = std::any_of(chosen.begin(), chosen.end(), [&](const Change& c) {
          return overlaps(c.span, change.span);
        });
        if (!clashes) chosen.push_back(std::move(change));
      }
      if (chosen.empty()) break;
      std::string next = apply_all(text, chosen);
      if (!sites_of(next)) break;
      folded += chosen.size();
      text = std::move(next);
    }
    if (folded == 0 || budget_left() == 0 || !passes(score_batch({text}).front())) return;
    current = std::move(text);
    result.steps.push_back(fmt::format("fold {} constant subexpressions and identities", folded));
    sites = sites_of(current);
  };
  fold_exact();
  // Literal rounding below gets its share: up to 6 trials a literal, a quarter of the budget.
  std::size_t literal_reserve = 0;
  if (auto tunable = TunableSource::parse(current, headers, pch)) {
    literal_reserve = std::min(options.max_evaluations / 4, 6 * tunable->values().size() + 2);
  }
  auto structural_budget = [&] {
    const std::size_t left = budget_left();
    return left > literal_reserve ? left - literal_reserve : std::size_t{0};
  };
  std::set<std::string> tried;
  // Structure: each round scores every change of the current program alone, then keeps all
  // that passed together when the combination passes too, else the one that saves most.
  for (int round = 1; sites && structural_budget() > 0; ++round) {
    std::vector<Change> viable;
    std::vector<std::string> children;
    for (auto& change : changes_of(current, *sites)) {
      if (children.size() >= structural_budget()) break;
      std::string child = with_change(current, change);
      if (!tried.insert(child).second || !sites_of(child)) continue;
      children.push_back(std::move(child));
      viable.push_back(std::move(change));
    }
    if (children.empty()) break;
    const auto scores = score_batch(children);
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < children.size(); ++i) {
      if (passes(scores[i])) kept.push_back(i);
    }
    say(fmt::format("simplify round {}: {} of {} changes keep the fitness within {}", round,
                    kept.size(), children.size(), options.tolerance));
    if (kept.empty()) break;
    std::vector<Change> together;
    for (std::size_t i : kept) {
      const bool clashes = std::any_of(together.begin(), together.end(), [&](const Change& c) {
        return overlaps(c.span, viable[i].span);
      });
      if (!clashes) together.push_back(viable[i]);
    }
    std::vector<std::string> accepted{viable[kept.front()].description};
    std::string next = children[kept.front()];
    if (together.size() > 1 && budget_left() > 0) {
      std::string combined = apply_all(current, together);
      if (sites_of(combined) && passes(score_batch({combined}).front())) {
        next = std::move(combined);
        accepted.clear();
        for (const auto& change : together) accepted.push_back(change.description);
      }
    }
    current = std::move(next);
    for (auto& step : accepted) result.steps.push_back(std::move(step));
    sites = sites_of(current);
    if (!sites) break;  // cannot happen: every kept child type-checked
    fold_exact();       // what a replacement by 0 or 1 left behind (`x + 0.0`)
  }

  // Literals: each rounded alone to every shorter precision; each then takes the fewest digits
  // that passed, all together when that passes, else one at a time.
  if (auto tunable = TunableSource::parse(current, headers, pch); tunable && budget_left() > 0) {
    const auto& values = tunable->values();
    struct Variant {
      std::size_t slot;
      int digits;
      double value;
    };
    std::vector<Variant> variants;
    std::vector<std::string> children;
    for (std::size_t slot = 0; slot < values.size(); ++slot) {
      double previous = values[slot];
      for (int digits = 1; digits <= 6 && children.size() < budget_left(); ++digits) {
        const double rounded = round_significant(values[slot], digits);
        if (rounded == values[slot]) break;  // this many digits already hold it exactly
        if (rounded == previous || (tunable->is_integer(slot) && rounded == std::round(values[slot]))) {
          continue;
        }
        previous = rounded;
        std::vector<double> point = values;
        point[slot] = rounded;
        children.push_back(tunable->with_values(point));
        variants.push_back({slot, digits, rounded});
      }
    }
    if (!children.empty()) {
      const auto scores = score_batch(children);
      std::vector<std::optional<Variant>> best(values.size());
      for (std::size_t i = 0; i < variants.size(); ++i) {
        if (passes(scores[i]) && !best[variants[i].slot]) best[variants[i].slot] = variants[i];
      }
      std::vector<double> point = values;
      std::size_t rounded_count = 0;
      for (const auto& variant : best) {
        if (!variant) continue;
        point[variant->slot] = variant->value;
        ++rounded_count;
      }
      say(fmt::format("simplify literals: {} of {} can be rounded", rounded_count, values.size()));
      auto describe = [&](const Variant& variant) {
        return fmt::format("round literal {} to {} ({} significant digits)",
                           values[variant.slot], variant.value, variant.digits);
      };
      if (rounded_count > 1 && budget_left() > 0) {
        std::string combined = tunable->with_values(point);
        if (passes(score_batch({combined}).front())) {
          current = std::move(combined);
          for (const auto& variant : best) {
            if (variant) result.steps.push_back(describe(*variant));
          }
          rounded_count = 0;  // done
        } else {
          point = values;  // one at a time below
        }
      }
      if (rounded_count == 1) {
        for (const auto& variant : best) {
          if (!variant) continue;
          point[variant->slot] = variant->value;
          current = tunable->with_values(point);
          result.steps.push_back(describe(*variant));
        }
      } else if (rounded_count > 1) {
        for (const auto& variant : best) {
          if (!variant || budget_left() == 0) continue;
          std::vector<double> trial = point;
          trial[variant->slot] = variant->value;
          std::string child = tunable->with_values(trial);
          if (passes(score_batch({child}).front())) {
            point = std::move(trial);
            current = std::move(child);
            result.steps.push_back(describe(*variant));
          }
        }
      }
    }
  }

  // The comments it inherited (a seed's "LRU" on what is no longer LRU) give way to one line
  // that says what the program reads.
  std::string final_text = strip_comments(current);
  if (auto final_sites = sites_of(final_text)) {
    const auto fields = fields_read(*final_sites);
    final_text = fmt::format("// Simplified by crucible ({} changes); reads {}.\n",
                             result.steps.size(),
                             fields.empty() ? std::string("no interface field")
                                            : fmt::format("{}", fmt::join(fields, ", "))) +
                 final_text;
  }
  if (!sites_of(final_text)) final_text = current;
  const auto final_score = score_batch({final_text}).front();
  if (!passes(final_score)) {
    say("simplify: the simplified program fails or falls out of the tolerance; kept the original");
    result.steps.clear();
    return result;
  }
  result.source = std::move(final_text);
  result.fitness = final_score;
  result.nodes_after = count_nodes(result.source, headers, pch);
  say(fmt::format("simplified: {} -> {} AST nodes, {} changes, fitness {:.6f} -> {:.6f}, {} "
                  "candidates scored",
                  result.nodes_before, result.nodes_after, result.steps.size(), fitness,
                  *result.fitness, result.evaluations));
  return result;
}

}  // namespace crucible::search
