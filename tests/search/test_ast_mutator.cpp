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
#include "search/proposers/builtin/ast_mutator.hpp"
#include "search/proposers/builtin/mutation_sites.hpp"

namespace crucible::search::proposers {
namespace {

constexpr const char* kEntry = "crucible_cache_priority";

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

std::vector<sandbox::HeaderFile> cache_headers() {
  std::ifstream in(std::string(CRUCIBLE_SOURCE_DIR) + "/interfaces/cache.h");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return {{"cache.h", text.str()}};
}

AstMutator cache_mutator() { return {cache_headers(), kEntry}; }

std::optional<Mutation> mutate_with_seed(const AstMutator& mutator, std::string_view parent,
                                         std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  return mutator.mutate(parent, rng);
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
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
      CHECK(child->source.starts_with(kHelperPrefix));
      CHECK_FALSE(contains(child->description, "feature h."));
      CHECK(contains(child->source, "h.weight"));
      CHECK(contains(child->source, "h.bias"));
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
}

}  // namespace crucible::search::proposers
