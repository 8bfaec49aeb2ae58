// Gated features (PolicyInterface::gated_features): fields that let a policy fit the searched
// trace (identities, absolute times) are kept out of the built-in proposer's vocabulary unless
// search.allow_features lets them in.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "evaluators/domain.hpp"
#include "evaluators/registry.hpp"
#include "sandbox/clang_parse.hpp"
#include "search/candidate_eval.hpp"
#include "search/experiment.hpp"
#include "search/mutator_fixtures.hpp"
#include "search/proposers/builtin/ast_mutator.hpp"
#include "search/proposers/builtin/mutation_sites.hpp"

namespace crucible::search::proposers {
namespace {

using testing::cache_headers;
using testing::contains;
using testing::kEntry;

const std::vector<std::string> kHidden{"CacheObject.id", "CacheState.trace_time"};

// Reads a gated field in a portable expression and beside ungated ones.
constexpr const char* kReadsId =
    "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
    "  return (double)obj->last_access + 0.5 * (double)obj->id + (double)obj->size;\n"
    "}\n";

constexpr const char* kLruSeed =
    "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
    "  return (double)obj->last_access;\n"
    "}\n";

MutationSites sites_of(const std::string& source, const std::vector<std::string>& hidden) {
  sandbox::ParsedSource parsed = sandbox::parse_source(source, cache_headers());
  REQUIRE(parsed.is_ok());
  return collect_mutation_sites(*parsed.ast, cache_headers(), hidden);
}

bool offers(const MutationSites& sites, const std::string& field) {
  for (const auto& site : sites.features) {
    if (site.field == field) return true;
    for (const auto& alternative : site.alternatives) {
      if (alternative == field) return true;
    }
  }
  for (const auto& site : sites.returns) {
    for (const auto& feature : site.features) {
      if (feature.ends_with("->" + field)) return true;
    }
  }
  return false;
}

bool has_portable_reading(const MutationSites& sites, const std::string& text) {
  for (const auto& site : sites.expressions) {
    if (site.is_portable && contains(site.text, text)) return true;
  }
  return false;
}

// How many of `draws` mutations of `parent` read `field`.
int children_reading(const AstMutator& mutator, const std::string& parent, const std::string& field,
                     int draws) {
  int reading = 0;
  for (int seed = 0; seed < draws; ++seed) {
    std::mt19937_64 rng(static_cast<uint64_t>(seed));
    const auto child = mutator.mutate(parent, rng, 2);
    if (child && contains(child->source, field)) ++reading;
  }
  return reading;
}

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("a hidden field is no feature site, no alternative, no new term, never portable") {
    const MutationSites open = sites_of(kReadsId, {});
    CHECK(offers(open, "id"));
    CHECK(offers(open, "trace_time"));
    CHECK(has_portable_reading(open, "obj->id"));
    const MutationSites gated = sites_of(kReadsId, kHidden);
    CHECK_FALSE(offers(gated, "id"));
    CHECK_FALSE(offers(gated, "trace_time"));
    CHECK_FALSE(has_portable_reading(gated, "obj->id"));
    CHECK(offers(gated, "size"));  // the other fields stay
    CHECK(has_portable_reading(gated, "obj->size"));
  }

  TEST_CASE("the built-in mutator writes a gated field only when it is allowed") {
    const AstMutator open(cache_headers(), kEntry);
    const AstMutator gated(cache_headers(), kEntry, {}, kHidden);
    constexpr int kDraws = 300;
    // Without the gate the vocabulary reaches them, so the gated count of 0 means something.
    CHECK(children_reading(open, kLruSeed, "->id", kDraws) > 0);
    CHECK(children_reading(open, kLruSeed, "trace_time", kDraws) > 0);
    CHECK(children_reading(gated, kLruSeed, "->id", kDraws) == 0);
    CHECK(children_reading(gated, kLruSeed, "trace_time", kDraws) == 0);
    // A parent's own reading is never swapped for another field nor copied; an edit may still
    // drop the term that holds it.
    int kept = 0;
    for (int seed = 0; seed < 50; ++seed) {
      std::mt19937_64 rng(static_cast<uint64_t>(seed));
      const auto child = gated.mutate(kReadsId, rng, 2);
      if (!child) continue;
      const auto first = child->source.find("->id");
      if (first != std::string::npos) ++kept;
      CAPTURE(child->source);
      CHECK((first == std::string::npos || child->source.find("->id", first + 1) == std::string::npos));
    }
    CHECK(kept > 40);
  }

  TEST_CASE("hidden_features: every gated feature unless allowed; a name not gated is an error") {
    const auto& domain = evaluators::find_domain("cache");
    const auto rank = evaluators::find_interface(domain, "rank");
    FeatureAllowance allowed;
    auto names = [&] {
      std::vector<std::string> out;
      for (const auto& feature : hidden_features(rank, allowed)) out.push_back(feature.name);
      return out;
    };
    CHECK(names() == kHidden);
    allowed.names = {"CacheState.trace_time"};
    CHECK(names() == std::vector<std::string>{"CacheObject.id"});
    allowed.all = true;
    CHECK(names().empty());
    allowed = {false, {"CacheObject.size"}};
    CHECK_THROWS_WITH_AS(
        (void)hidden_features(rank, allowed),
        doctest::Contains("search.allow_features[0]: \"CacheObject.size\" is not a gated feature of "
                          "the \"rank\" interface (gated: CacheObject.id, CacheState.trace_time)"),
        evaluators::ConfigError);
    // The hooks interface keys its own state by id: only the clock is gated there.
    const auto hooks = evaluators::find_interface(domain, "hooks");
    CHECK(hidden_features(hooks, {}).size() == 1);
    const auto tiering = evaluators::find_interface(evaluators::find_domain("tiering"), "rank");
    allowed = {};
    const auto tier_hidden = hidden_features(tiering, allowed);
    REQUIRE(tier_hidden.size() == 2);
    CHECK(tier_hidden[0].name == "TierPage.id");
    CHECK(tier_hidden[1].name == "TierPage.first_epoch");
  }

  TEST_CASE("search.allow_features takes true, false or a list of fields") {
    nlohmann::json json = {
        {"domain", "cache"},
        {"workload", {{"traces", {{{"synthetic", nlohmann::json::object()}}}}, {"sizes", {"1%"}}}}};
    CHECK_FALSE(parse_experiment(json, "/tmp").search.allow_features.all);
    json["search"] = {{"allow_features", true}};
    CHECK(parse_experiment(json, "/tmp").search.allow_features.all);
    json["search"] = {{"allow_features", {"CacheObject.id"}}};
    CHECK(parse_experiment(json, "/tmp").search.allow_features.names ==
          std::vector<std::string>{"CacheObject.id"});
    json["search"] = {{"allow_features", {"id"}}};
    CHECK_THROWS_WITH_AS(parse_experiment(json, "/tmp"),
                         doctest::Contains("search.allow_features[0]: expected a field as "
                                           "\"Record.field\", got \"id\""),
                         evaluators::ConfigError);
    json["search"] = {{"allow_features", "all"}};
    CHECK_THROWS_WITH_AS(parse_experiment(json, "/tmp"),
                         doctest::Contains("search.allow_features: expected true, false or a list"),
                         evaluators::ConfigError);
  }
}

}  // namespace crucible::search::proposers
