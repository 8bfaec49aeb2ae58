// Simplification of winners (search/simplify.hpp), scored here by functions of the source text
// so each test knows which changes must go and which must stay.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "search/mutator_fixtures.hpp"
#include "search/simplify.hpp"

namespace crucible::search {
namespace {

using proposers::testing::cache_headers;
using proposers::testing::contains;
using proposers::testing::kEntry;

// Scores every source with `fitness`, counting how many it was asked for.
struct CountingScorer {
  std::function<std::optional<double>(const std::string&)> fitness;
  std::size_t asked = 0;
  BatchScorer scorer() {
    return [this](const std::vector<std::string>& sources) {
      std::vector<std::optional<double>> out;
      for (const auto& source : sources) out.push_back(fitness(source));
      asked += sources.size();
      return out;
    };
  }
};

constexpr const char* kGrown =
    "// LRU: evict the least recently used object.\n"
    "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
    "  double unused = (double)state->occupancy * 0.25;  /* left over */\n"
    "  return (double)obj->last_access + 0.0001234 * (double)obj->size +\n"
    "         2.0 * 3.0 * (double)obj->access_count;\n"
    "}\n";

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("simplify drops what the fitness does not need, folds constants, rewrites comments") {
    // Only reading last_access and access_count matters; a program without them fails.
    CountingScorer scoring{[](const std::string& source) -> std::optional<double> {
      if (!contains(source, "obj->last_access") || !contains(source, "obj->access_count")) {
        return 0.2;
      }
      return 0.5;
    }};
    SimplifyOptions options;
    options.tolerance = 1e-6;
    const SimplifyResult result =
        simplify(kGrown, 0.5, cache_headers(), kEntry, scoring.scorer(), options);
    CAPTURE(result.source);
    CHECK(contains(result.source, "obj->last_access"));
    CHECK(contains(result.source, "obj->access_count"));
    CHECK_FALSE(contains(result.source, "obj->size"));
    CHECK_FALSE(contains(result.source, "unused"));
    CHECK_FALSE(contains(result.source, "2.0 * 3.0"));
    CHECK_FALSE(contains(result.source, "LRU"));
    CHECK_FALSE(contains(result.source, "left over"));
    CHECK(contains(result.source, "// Simplified by crucible"));
    CHECK(contains(result.source, "reads obj->last_access, obj->access_count"));
    CHECK(result.fitness == 0.5);
    CHECK(result.nodes_after < result.nodes_before);
    CHECK(result.nodes_after == count_nodes(result.source, cache_headers()));
    CHECK(result.evaluations == scoring.asked);
    CHECK_FALSE(result.steps.empty());
  }

  TEST_CASE("simplify folds a constant condition and arithmetic identities to the part they keep") {
    // What a replacement by 1 leaves behind: the fitness depends only on the fields read, so
    // every fold passes, and each must leave the kept part, parenthesized where it needs it.
    constexpr const char* kLeftOver =
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  return (1 > 0 ? (1.0 / ((double)obj->last_access + 1.0)) : 1.0) +\n"
        "         (double)obj->access_count * 1.0 + 0.0 + 2.0 * ((double)obj->size - 0.0);\n"
        "}\n";
    CountingScorer scoring{[](const std::string& source) -> std::optional<double> {
      for (const char* field : {"obj->last_access", "obj->access_count", "obj->size"}) {
        if (!contains(source, field)) return 0.1;
      }
      return 0.5;
    }};
    SimplifyOptions options;
    options.tolerance = 1e-6;
    const SimplifyResult result =
        simplify(kLeftOver, 0.5, cache_headers(), kEntry, scoring.scorer(), options);
    CAPTURE(result.source);
    CHECK_FALSE(contains(result.source, "1 > 0"));
    CHECK_FALSE(contains(result.source, "* 1.0"));
    CHECK_FALSE(contains(result.source, "+ 0.0"));
    CHECK_FALSE(contains(result.source, "- 0.0"));
    CHECK(contains(result.source, "return (1.0 / ((double)obj->last_access"));
    CHECK(contains(result.source, "(double)obj->access_count + 2.0 * ((double)obj->size);"));
    CHECK_FALSE(contains(result.source, "((("));
    CHECK(result.fitness == 0.5);
    CHECK(result.nodes_after < result.nodes_before);
  }

  TEST_CASE("simplify keeps a change only within the tolerance of the original fitness") {
    // Every removal costs 0.01: with a tolerance of 0.001 nothing structural may go.
    CountingScorer scoring{[](const std::string& source) -> std::optional<double> {
      double fitness = 0.5;
      for (const char* part : {"obj->size", "obj->access_count", "unused", "2.0 * 3.0"}) {
        if (!contains(source, part)) fitness -= 0.01;
      }
      return fitness;
    }};
    SimplifyOptions options;
    options.tolerance = 0.001;
    const SimplifyResult result =
        simplify(kGrown, 0.5, cache_headers(), kEntry, scoring.scorer(), options);
    CHECK(contains(result.source, "obj->size"));
    CHECK(contains(result.source, "unused"));
    CHECK(contains(result.source, "2.0 * 3.0"));
    CHECK(result.fitness >= 0.5 - 0.001);
  }

  TEST_CASE("simplify rounds a literal to the fewest digits that keep the fitness") {
    const std::string source =
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  return (double)obj->last_access * 1.2345678 + (double)obj->size;\n"
        "}\n";
    // The weight must stay in [1.2, 1.3]: one digit (1.0) is too few, two (1.2) enough.
    CountingScorer scoring{[](const std::string& text) -> std::optional<double> {
      const auto at = text.find("last_access * ");
      if (at == std::string::npos || !contains(text, "obj->size")) return 0.0;
      const double weight = std::stod(text.substr(at + 14));
      return weight >= 1.2 && weight <= 1.3 ? 1.0 : 0.0;
    }};
    const SimplifyResult result =
        simplify(source, 1.0, cache_headers(), kEntry, scoring.scorer(), SimplifyOptions{});
    CAPTURE(result.source);
    CHECK(contains(result.source, "last_access * 1.2 + "));
    CHECK(result.fitness == 1.0);
  }

  TEST_CASE("simplify stops at its budget and keeps a failing program as it is") {
    CountingScorer scoring{[](const std::string&) -> std::optional<double> { return 0.5; }};
    SimplifyOptions options;
    options.max_evaluations = 3;
    const SimplifyResult result =
        simplify(kGrown, 0.5, cache_headers(), kEntry, scoring.scorer(), options);
    CHECK(scoring.asked <= 3 + 2);  // the budget, a combination and the final score
    CountingScorer failing{[](const std::string&) -> std::optional<double> { return std::nullopt; }};
    const SimplifyResult kept =
        simplify(kGrown, 0.5, cache_headers(), kEntry, failing.scorer(), SimplifyOptions{});
    CHECK(kept.source == kGrown);
    CHECK(kept.steps.empty());
    const SimplifyResult broken = simplify("double crucible_cache_priority(", 0.5, cache_headers(),
                                           kEntry, failing.scorer(), SimplifyOptions{});
    CHECK(broken.source == "double crucible_cache_priority(");
  }

  TEST_CASE("strip_comments keeps literals and drops lines a comment alone took") {
    CHECK(strip_comments("int a; // x\n// whole line\nint b; /* y */\n") == "int a;\nint b;\n");
    CHECK(strip_comments("const char* s = \"// not a comment\";\n") ==
          "const char* s = \"// not a comment\";\n");
    CHECK(strip_comments("a /* one\ntwo */ b\n") == "a\n  b\n");
    CHECK(strip_comments("char c = '\\'';  // quote\n") == "char c = '\\'';\n");
  }

  TEST_CASE("round_significant") {
    CHECK(round_significant(0.73214, 2) == 0.73);
    CHECK(round_significant(1234.0, 1) == 1000.0);
    CHECK(round_significant(-0.0456, 1) == -0.05);
    CHECK(round_significant(0.0, 3) == 0.0);
  }
}

}  // namespace crucible::search
