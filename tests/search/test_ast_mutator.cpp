#include <clang/AST/ASTContext.h>
#include <clang/AST/Expr.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/ASTUnit.h>
#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sandbox/clang_parse.hpp"
#include "search/candidate_eval.hpp"
#include "search/canonical.hpp"
#include "search/novelty.hpp"
#include "search/proposers/builtin/ast_mutator.hpp"
#include "search/proposers/builtin/edits.hpp"
#include "search/proposers/builtin/mutation_sites.hpp"
#include "search/mutator_fixtures.hpp"

namespace crucible::search::proposers {
namespace {

using testing::cache_headers;
using testing::contains;
using testing::kEntry;
using testing::rank_verifier_findings;

constexpr const char* kLruSeed =
    "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
    "  return (double)obj->last_access;\n"
    "}\n";

// Has sites of all four kinds, and a literal (the 4 of "% 4") that must stay an integer.
constexpr const char* kRichSeed =
    "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
    "  double age = (double)(state->now - obj->last_access) + (double)(obj->size % 4);\n"
    "  return (double)obj->access_count * 0.5 - age / 2.0 + 3;\n"
    "}\n";

// Unnamed parameters and no member access: literals and operators only.
constexpr const char* kConstantsSeed =
    "double crucible_cache_priority(const CacheObject*, const CacheState*) {\n"
    "  return 1.5 * 2.0 + 4;\n"
    "}\n";

// A helper struct of the candidate's own, with a literal outside any function body.
constexpr const char* kHelperPrefix =
    "struct Helper {\n"
    "  double weight;\n"
    "  double bias = 2.0;\n"
    "};\n";
constexpr const char* kHelperBody =
    "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
    "  Helper h{0.25};\n"
    "  return h.weight * (double)obj->size + h.bias;\n"
    "}\n";


// Statements to delete, terms to drop (one of them unsigned), an early return that must stay.
constexpr const char* kStatementsSeed =
    "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
    "  if (obj->size > 100000) return 0.0;\n"
    "  double score = (double)obj->access_count;\n"
    "  score += 0.5 * (double)obj->size;\n"
    "  score -= (double)(state->now - obj->last_access) / 1000.0;\n"
    "  if (obj->evictions > 0) score *= 2.0;\n"
    "  return score + 1.0;\n"
    "}\n";

int count_of(std::string_view text, std::string_view part) {
  int count = 0;
  for (std::size_t at = text.find(part); at != std::string_view::npos;
       at = text.find(part, at + part.size())) {
    ++count;
  }
  return count;
}

AstMutator cache_mutator() { return {cache_headers(), kEntry}; }

std::optional<Mutation> mutate_with_seed(const AstMutator& mutator, std::string_view parent,
                                         std::uint64_t seed, int max_edits = 2) {
  std::mt19937_64 rng(seed);
  return mutator.mutate(parent, rng, max_edits);
}


// Every field access written in the candidate's main file, as "Record::field", with whether the
// record was declared in the main file.
struct FieldAccess {
  std::string record;
  std::string field;
  bool is_record_in_candidate = false;
};

class FieldAccessCollector : public clang::RecursiveASTVisitor<FieldAccessCollector> {
 public:
  FieldAccessCollector(const clang::SourceManager& sources, std::vector<FieldAccess>& out)
      : sources_(sources), out_(out) {}
  bool VisitMemberExpr(clang::MemberExpr* member) {
    if (!sources_.isInMainFile(sources_.getExpansionLoc(member->getMemberLoc()))) return true;
    const auto* field = llvm::dyn_cast<clang::FieldDecl>(member->getMemberDecl());
    if (field == nullptr) return true;
    const clang::RecordDecl* record = field->getParent();
    out_.push_back({record->getNameAsString(), field->getNameAsString(),
                    sources_.isInMainFile(sources_.getExpansionLoc(record->getLocation()))});
    return true;
  }

 private:
  const clang::SourceManager& sources_;
  std::vector<FieldAccess>& out_;
};

std::vector<FieldAccess> field_accesses(std::string_view source) {
  sandbox::ParsedSource parsed = sandbox::parse_source(source, cache_headers());
  REQUIRE(parsed.is_ok());
  std::vector<FieldAccess> accesses;
  FieldAccessCollector collector(parsed.ast->getSourceManager(), accesses);
  collector.TraverseDecl(parsed.ast->getASTContext().getTranslationUnitDecl());
  return accesses;
}

// The (before, after) texts of the "literal X -> Y at L:C" parts of a description.
std::vector<std::pair<std::string, std::string>> literal_edits(const std::string& description) {
  std::vector<std::pair<std::string, std::string>> edits;
  std::istringstream parts(description);
  std::string part;
  while (std::getline(parts, part, ';')) {
    std::istringstream words(part);
    std::string kind, before, arrow, after;
    words >> kind >> before >> arrow >> after;
    if (kind == "literal") edits.emplace_back(before, after);
  }
  return edits;
}

MutationSites sites_of(std::string_view source) {
  sandbox::ParsedSource parsed = sandbox::parse_source(source, cache_headers());
  REQUIRE(parsed.is_ok());
  return collect_mutation_sites(*parsed.ast, cache_headers());
}

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("Mutations of an LRU seed are type-checking children that differ from the parent") {
    const AstMutator mutator = cache_mutator();
    for (std::uint64_t seed = 0; seed < 12; ++seed) {
      CAPTURE(seed);
      const auto child = mutate_with_seed(mutator, kLruSeed, seed);
      REQUIRE(child.has_value());
      CAPTURE(child->source);
      CHECK(child->source != kLruSeed);
      CHECK_FALSE(child->description.empty());
      CHECK(sandbox::parse_source(child->source, cache_headers()).is_ok());
    }
  }

  TEST_CASE("Feature substitution only introduces fields of the interface records") {
    const AstMutator mutator = cache_mutator();
    const std::set<std::string> cache_object_fields = {
        "size", "insert_time", "last_access", "access_count", "id", "total_requests",
        "previous_gap", "evictions", "last_evicted"};
    const std::set<std::string> cache_state_fields = {
        "now", "occupancy", "capacity", "trace_time", "used_bytes", "is_bytes", "evictions",
        "evicted_priority", "recent_miss_ratio"};
    int substitutions = 0;
    for (std::uint64_t seed = 0; seed < 24; ++seed) {
      const auto child = mutate_with_seed(mutator, kLruSeed, seed);
      REQUIRE(child.has_value());
      if (!contains(child->description, "feature ")) continue;
      ++substitutions;
      CAPTURE(child->source);
      CHECK(contains(child->description, "feature obj->last_access -> obj->"));
      bool replaced_last_access = false;
      for (const FieldAccess& access : field_accesses(child->source)) {
        CHECK_FALSE(access.is_record_in_candidate);
        const auto& fields =
            access.record == "CacheObject" ? cache_object_fields : cache_state_fields;
        CHECK((access.record == "CacheObject" || access.record == "CacheState"));
        CHECK(fields.count(access.field) == 1);
        replaced_last_access |= access.field != "last_access";
      }
      CHECK(replaced_last_access);
    }
    CHECK(substitutions > 0);
  }

  TEST_CASE("The same parent and seed give the same child") {
    const AstMutator mutator = cache_mutator();
    std::set<std::string> distinct;
    for (std::uint64_t seed = 0; seed < 6; ++seed) {
      const auto first = mutate_with_seed(mutator, kRichSeed, seed);
      const auto second = mutate_with_seed(cache_mutator(), kRichSeed, seed);
      REQUIRE(first.has_value());
      REQUIRE(second.has_value());
      CHECK(first->source == second->source);
      CHECK(first->description == second->description);
      distinct.insert(first->source);
    }
    // Determinism must not come from ignoring the seed.
    CHECK(distinct.size() > 1);
  }

  TEST_CASE("The parse prelude changes no child, no site and no canonical form") {
    const std::string pch = parse_prelude(testing::cache_interface("rank"));
    REQUIRE_FALSE(pch.empty());
    const AstMutator plain = cache_mutator();
    const AstMutator fast(cache_headers(), kEntry, pch);
    // With includes (the prelude is used) and without (it is not).
    const std::string with_math = std::string("#include <cmath>\n#include <algorithm>\n") +
                                  "double crucible_cache_priority(const CacheObject* obj, "
                                  "const CacheState* state) {\n"
                                  "  double age = std::log1p((double)(state->now - obj->last_access));\n"
                                  "  return std::max((double)obj->access_count * 0.5, 1.0) - age / 2.0;\n"
                                  "}\n";
    for (const std::string& parent : {with_math, std::string(kRichSeed)}) {
      for (std::uint64_t seed = 0; seed < 12; ++seed) {
        const auto slow_child = mutate_with_seed(plain, parent, seed);
        const auto fast_child = mutate_with_seed(fast, parent, seed);
        REQUIRE(slow_child.has_value());
        REQUIRE(fast_child.has_value());
        CAPTURE(fast_child->source);
        CHECK(slow_child->source == fast_child->source);
        CHECK(slow_child->description == fast_child->description);
        // The child's own parse gives the keys a fresh parse would, with the prelude or not.
        REQUIRE(fast_child->parsed != nullptr);
        const auto from_parse = canonical_form(*fast_child->parsed);
        REQUIRE(from_parse.has_value());
        CHECK(*from_parse == canonical_form(fast_child->source, cache_headers()));
        CHECK(*from_parse == canonical_form(fast_child->source, cache_headers(), pch));
        CHECK(novelty_of(fast_child->source, *fast_child->parsed).hash ==
              novelty_of(fast_child->source, cache_headers()).hash);
      }
    }
  }

  TEST_CASE("An #include line is told from text that only mentions one") {
    CHECK(sandbox::has_include_line("#include <cmath>\nint x;"));
    CHECK(sandbox::has_include_line("int x;\n  #  include \"cache.h\"\n"));
    CHECK_FALSE(sandbox::has_include_line("int x; // #include <cmath>\n"));
    CHECK_FALSE(sandbox::has_include_line("#define include 1\nint x;"));
    CHECK_FALSE(sandbox::has_include_line(""));
  }

  TEST_CASE("Over many seeds every kind of edit occurs and every child compiles") {
    const AstMutator mutator = cache_mutator();
    std::set<std::string> kinds;
    for (std::uint64_t seed = 0; seed < 40; ++seed) {
      const auto child = mutate_with_seed(mutator, kRichSeed, seed);
      REQUIRE(child.has_value());
      CAPTURE(child->source);
      CHECK(sandbox::parse_source(child->source, cache_headers()).is_ok());
      for (const char* kind : {"literal ", "feature ", "operator ", "term "}) {
        if (contains(child->description, kind)) kinds.insert(kind);
      }
    }
    CHECK(kinds == std::set<std::string>{"literal ", "feature ", "operator ", "term "});
  }

  TEST_CASE("A kind of edit with no site in the parent is never drawn") {
    const AstMutator mutator = cache_mutator();
    for (std::uint64_t seed = 0; seed < 16; ++seed) {
      CAPTURE(seed);
      const auto lru_child = mutate_with_seed(mutator, kLruSeed, seed);
      REQUIRE(lru_child.has_value());
      CHECK_FALSE(contains(lru_child->description, "literal "));
      CHECK_FALSE(contains(lru_child->description, "operator "));
      const auto constants_child = mutate_with_seed(mutator, kConstantsSeed, seed);
      REQUIRE(constants_child.has_value());
      CHECK_FALSE(contains(constants_child->description, "feature "));
      CHECK_FALSE(contains(constants_child->description, "term "));
    }
  }

  TEST_CASE("A helper struct declared in the candidate is never edited") {
    const AstMutator mutator = cache_mutator();
    const std::string parent = std::string(kHelperPrefix) + kHelperBody;
    int feature_edits = 0;
    for (std::uint64_t seed = 0; seed < 24; ++seed) {
      const auto child = mutate_with_seed(mutator, parent, seed);
      REQUIRE(child.has_value());
      CAPTURE(child->source);
      // A wrap may add #include <cmath> above it; the struct itself stays as written.
      CHECK(contains(child->source, kHelperPrefix));
      CHECK_FALSE(contains(child->description, "feature h."));
      CHECK(contains(child->source, "h.weight"));
      // Dropping the `+ h.bias` term is an edit of the function body, not of the struct.
      CHECK((contains(child->source, "h.bias") || contains(child->description, "drop ")));
      if (contains(child->description, "feature obj->size -> obj->")) ++feature_edits;
    }
    CHECK(feature_edits > 0);
  }

  TEST_CASE("Sites are collected only in function bodies and outside macros") {
    const MutationSites sites = sites_of(
        "#define kScale 3.0\n"
        "#define TWICE(x) ((x) * 2)\n"
        "const double kOffset = 7.0;\n"
        "struct Weights { double a = 4.0; };\n"
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  Weights w;\n"
        "  return kScale * w.a + TWICE(1.5) * kOffset * (double)obj->size + 0.5;\n"
        "}\n");
    REQUIRE(sites.literals.size() == 1);
    CHECK(sites.literals[0].text == "0.5");
    CHECK(sites.literals[0].span.line == 7);
    REQUIRE(sites.features.size() == 1);
    CHECK(sites.features[0].expression == "obj->size");
    CHECK(sites.features[0].alternatives ==
          std::vector<std::string>{"insert_time", "last_access", "access_count", "id",
                                   "total_requests", "previous_gap", "evictions", "last_evicted"});
    // The * inside TWICE is not counted: only the five operators written in the body.
    CHECK(sites.operators.size() == 5);
    REQUIRE(sites.returns.size() == 1);
    CHECK(sites.returns[0].features.size() == 18);
    CHECK(sites.returns[0].features.front() == "obj->size");
    CHECK(sites.returns[0].features.back() == "state->recent_miss_ratio");
    // Every + in the return starts at the macro kScale, so no term can be dropped; the
    // subexpressions kept are those written whole in the body.
    CHECK(sites.terms.empty());
    std::set<std::string> expressions;
    for (const ExpressionSite& site : sites.expressions) {
      CHECK(site.span.line == 7);
      expressions.insert(site.text);
    }
    CHECK(expressions == std::set<std::string>{"w.a", "kOffset", "(double)obj->size", "obj->size"});
    // `Weights w;` is read later, and the return stays.
    CHECK(sites.statements.empty());
  }

  TEST_CASE("A return inside a lambda draws term features from the lambda's own parameters") {
    const MutationSites sites = sites_of(
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  auto scale = [&](double x) { return x * 2.0; };\n"
        "  auto now = [](const CacheState& s) { return (double)s.now; };\n"
        "  return scale(now(*state));\n"
        "}\n");
    REQUIRE(sites.returns.size() == 2);
    CHECK(sites.returns[0].span.line == 3);
    CHECK(sites.returns[0].features ==
          std::vector<std::string>{"s.now", "s.occupancy", "s.capacity", "s.trace_time",
                                   "s.used_bytes", "s.is_bytes", "s.evictions",
                                   "s.evicted_priority", "s.recent_miss_ratio"});
    CHECK(sites.returns[1].span.line == 4);
    CHECK(sites.returns[1].features.size() == 18);
  }

  TEST_CASE("A floating literal stays a floating literal with its suffix") {
    const AstMutator mutator = cache_mutator();
    // 2500.0 usually moves to four-digit values, which "%.4g" alone would print as integers.
    const std::string parent =
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  float w = 0.25f;\n"
        "  double scale = 2500.0;\n"
        "  return w * scale;\n"
        "}\n";
    std::set<std::string> edited;
    for (std::uint64_t seed = 0; seed < 32; ++seed) {
      const auto child = mutate_with_seed(mutator, parent, seed);
      REQUIRE(child.has_value());
      for (const auto& edit : literal_edits(child->description)) {
        const std::string& before = edit.first;
        const std::string& after = edit.second;
        CAPTURE(after);
        edited.insert(before);
        CHECK(after.find_first_of(".e") != std::string::npos);
        // "%.4g" never writes an 'f' of its own, so an 'f' is the kept suffix.
        CHECK((after.find('f') != std::string::npos) == (before == "0.25f"));
      }
    }
    CHECK(edited == std::set<std::string>{"0.25f", "2500.0"});
  }

  TEST_CASE("A parent with a syntax error yields no child") {
    const AstMutator mutator = cache_mutator();
    std::mt19937_64 rng(7);
    CHECK_FALSE(mutator
                    .mutate("double crucible_cache_priority(const CacheObject* obj, "
                            "const CacheState* state) { return obj->size +; }\n",
                            rng)
                    .has_value());
    CHECK(mutator.mutate(kLruSeed, rng).has_value());
  }

  TEST_CASE("Wraps drops and deletions occur over many seeds and the verifier accepts each child") {
    const AstMutator mutator = cache_mutator();
    std::set<std::string> kinds;
    for (const char* parent : {kRichSeed, kStatementsSeed}) {
      for (std::uint64_t seed = 0; seed < 30; ++seed) {
        const auto child = mutate_with_seed(mutator, parent, seed);
        REQUIRE(child.has_value());
        CAPTURE(child->source);
        CHECK(rank_verifier_findings(child->source).empty());
        for (const char* kind : {"wrap ", "drop ", "delete "}) {
          if (contains(child->description, kind)) kinds.insert(kind);
        }
        // A wrap that calls <cmath> brings its include, once.
        if (contains(child->source, "std::")) {
          CHECK(count_of(child->source, "#include <cmath>") == 1);
        }
      }
    }
    CHECK(kinds == std::set<std::string>{"wrap ", "drop ", "delete "});
  }

  TEST_CASE("Statement deletion removes a whole statement and never a return") {
    const MutationSites sites = sites_of(kStatementsSeed);
    std::vector<std::string> deletable;
    for (const StatementSite& site : sites.statements) deletable.push_back(site.text);
    // The early return holds a return and `score` is read later: neither may go.
    CHECK(deletable ==
          std::vector<std::string>{"score += 0.5 * (double)obj->size",
                                   "score -= (double)(state->now - obj->last_access) / 1000.0",
                                   "if (obj->evictions > 0) score *= 2.0"});
    const AstMutator mutator = cache_mutator();
    int deletions = 0;
    for (std::uint64_t seed = 0; seed < 60; ++seed) {
      const auto child = mutate_with_seed(mutator, kStatementsSeed, seed);
      REQUIRE(child.has_value());
      if (!contains(child->description, "delete ")) continue;
      ++deletions;
      CAPTURE(child->source);
      CHECK(count_of(child->source, "return") == 2);
      // The line goes with the statement: no blank line and no stray ';' is left behind.
      CHECK_FALSE(contains(child->source, "\n\n"));
      CHECK_FALSE(contains(child->source, "\n  ;"));
      std::string body = child->source;
      if (body.starts_with("#include <cmath>\n")) body.erase(0, 17);  // brought by a wrap
      CHECK(count_of(body, "\n") < count_of(kStatementsSeed, "\n"));
    }
    CHECK(deletions > 0);
  }

  TEST_CASE("A dropped term leaves one operand and an unsigned difference keeps its left side") {
    const std::string parent =
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  return (double)(state->now - obj->last_access) - 0.5 * (double)obj->size + 1.0;\n"
        "}\n";
    const MutationSites sites = sites_of(parent);
    std::set<std::string> outcomes;
    for (const TermSite& site : sites.terms) {
      for (std::uint64_t seed = 0; seed < 16; ++seed) {
        std::mt19937_64 rng(seed);
        const Edit edit = remove_term(site, parent, rng);
        outcomes.insert(parent.substr(site.span.begin, site.span.end - site.span.begin) + " => " +
                        edit.replacement);
      }
    }
    const std::string whole = "(double)(state->now - obj->last_access) - 0.5 * (double)obj->size";
    CHECK(outcomes == std::set<std::string>{
                          whole + " + 1.0 => " + whole,
                          whole + " + 1.0 => 1.0",
                          whole + " => (double)(state->now - obj->last_access)",
                          whole + " => -(0.5 * (double)obj->size)",
                          "state->now - obj->last_access => state->now",
                      });
  }

  TEST_CASE("Wrapping picks arithmetic values and sizes its bound by the value's scale") {
    const std::string parent =
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  double scale = 2500.0;\n"
        "  double total = 0.0;\n"
        "  total += scale * (double)(obj->size % 4);\n"
        "  return total;\n"
        "}\n";
    const MutationSites sites = sites_of(parent);
    std::set<std::string> texts;
    std::set<std::string> wrapped;
    int bounded = 0;
    for (const ExpressionSite& site : sites.expressions) {
      texts.insert(site.text);
      CAPTURE(site.text);
      CHECK(site.needs_integer == (site.text == "obj->size"));
      CHECK(site.is_return_value == (site.text == "total"));
      if (site.text == "scale") CHECK(site.scale == std::optional<double>(2500.0));
      for (std::uint64_t seed = 0; seed < 24; ++seed) {
        std::mt19937_64 rng(seed);
        const std::optional<Edit> edit = wrap_expression(site, rng);
        REQUIRE(edit.has_value());
        CAPTURE(edit->replacement);
        const std::string& text = edit->replacement;
        wrapped.insert(text.starts_with("(") ? "square" : text.substr(0, text.find('(')));
        // An integer operand of % is only squared; the returned value is only clamped.
        if (site.needs_integer) CHECK(edit->replacement == "(obj->size * obj->size)");
        if (site.is_return_value) CHECK(edit->replacement.starts_with("std::fm"));
        if (site.text == "scale" && edit->replacement.starts_with("std::fm")) {
          ++bounded;
          const double bound =
              std::stod(edit->replacement.substr(std::string("std::fmin(scale, ").size()));
          CHECK(bound > 2500.0 / 20.0);
          CHECK(bound < 2500.0 * 20.0);
        }
      }
    }
    // `total` as the place assigned to is not a value; as the returned one it is.
    CHECK(texts == std::set<std::string>{"scale * (double)(obj->size % 4)", "scale",
                                         "(double)(obj->size % 4)", "obj->size % 4", "obj->size",
                                         "total"});
    CHECK(wrapped ==
          std::set<std::string>{"std::log1p", "std::sqrt", "std::fmin", "std::fmax", "square"});
    CHECK(bounded > 0);
    const AstMutator mutator = cache_mutator();
    int wraps = 0;
    for (std::uint64_t seed = 0; seed < 40; ++seed) {
      const auto child = mutate_with_seed(mutator, parent, seed);
      REQUIRE(child.has_value());
      if (!contains(child->description, "wrap ")) continue;
      ++wraps;
      CAPTURE(child->source);
      CHECK(rank_verifier_findings(child->source).empty());
    }
    CHECK(wraps > 0);
  }

  TEST_CASE("Literal steps are scale-aware and an integer stays an integer where it must") {
    const MutationSites sites = sites_of(
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  return (double)(obj->size % 4) * 2500.0 + 0.0 + 3;\n"
        "}\n");
    REQUIRE(sites.literals.size() == 4);
    std::set<std::string> three_becomes;
    std::set<std::string> moves;
    for (const LiteralSite& site : sites.literals) {
      for (std::uint64_t seed = 0; seed < 64; ++seed) {
        std::mt19937_64 rng(seed);
        const std::optional<Edit> edit = perturb_literal(site, rng);
        if (!edit) continue;
        const std::string& after = edit->replacement;
        CAPTURE(after);
        const bool is_negative = after.starts_with("(-");
        const double value = std::stod(is_negative ? after.substr(1) : after);
        const bool is_integer = after.find_first_of(".e") == std::string::npos;
        if (site.text == "4") {
          // `% 4` needs an integer, and a divisor: never floating, never zero.
          CHECK(is_integer);
          CHECK(value != 0.0);
        } else if (site.text == "3") {
          three_becomes.insert(is_integer ? "integer" : "floating");
        } else if (site.text == "2500.0") {
          // A relative step: the magnitude stays within a factor 20 (about 6 sigma).
          CHECK(std::abs(value) > 2500.0 / 20.0);
          CHECK(std::abs(value) < 2500.0 * 20.0);
          if (value == 5000.0 || value == 1250.0) moves.insert("doubled or halved");
        } else {
          // Zero has no scale: an absolute step of at most 1, either way.
          CHECK(site.text == "0.0");
          CHECK(value != 0.0);
          CHECK(std::abs(value) <= 1.0);
        }
        if (is_negative) moves.insert("sign flip");
      }
    }
    // `+ 3` is added to a double, so it may become floating, and may stay an integer.
    CHECK(three_becomes == std::set<std::string>{"integer", "floating"});
    CHECK(moves == std::set<std::string>{"doubled or halved", "sign flip"});
  }

  TEST_CASE("Scales of float and long double locals are read") {
    const MutationSites sites = sites_of(
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  float small = 0.25f;\n"
        "  long double big = 4096.0L;\n"
        "  return (double)(small * (float)obj->size) + (double)(big * (long double)obj->id);\n"
        "}\n");
    std::set<std::string> scaled;
    for (const ExpressionSite& site : sites.expressions) {
      if (site.text == "small") CHECK(site.scale == std::optional<double>(0.25));
      if (site.text == "big") CHECK(site.scale == std::optional<double>(4096.0));
      if (site.scale) scaled.insert(site.text);
    }
    CHECK(scaled == std::set<std::string>{"small", "big"});
  }

  TEST_CASE("A hooks policy mutates into children that the verifier accepts") {
    const evaluators::PolicyInterface hooks = testing::cache_interface("hooks");
    const AstMutator mutator(testing::headers_of(hooks), hooks.entry_symbol);
    const std::string parent = hooks.seeds.front().source;
    std::set<std::string> kinds;
    for (std::uint64_t seed = 0; seed < 8; ++seed) {
      const auto child = mutate_with_seed(mutator, parent, seed);
      REQUIRE(child.has_value());
      CAPTURE(child->source);
      CHECK(testing::verifier_findings(child->source, "hooks").empty());
      kinds.insert(child->description.substr(0, child->description.find(' ')));
    }
    CHECK(kinds.size() > 1);
  }
}

}  // namespace crucible::search::proposers
