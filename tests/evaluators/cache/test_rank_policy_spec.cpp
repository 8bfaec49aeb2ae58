// The per-experiment choice of interface and mechanism, and the interfaces the domain offers.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cache_support.hpp"
#include "evaluators/cache/interfaces.hpp"
#include "evaluators/cache/policy_runner.hpp"
#include "evaluators/domain.hpp"
#include "rank_test_support.hpp"

namespace {

namespace cache = crucible::evaluators::cache;
using crucible::evaluators::ConfigError;
using nlohmann::json;

cache::PolicySpec parse(const char* text) {
  return cache::policy_spec_from_json(json::parse(text), "workload.policy");
}

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("a policy spec reads interface, mechanism, sample and seed, with defaults") {
    auto defaults = parse("{}");
    CHECK(defaults.interface == cache::PolicyForm::kRank);
    CHECK(defaults.mechanism == cache::RankMechanismKind::kLazy);
    CHECK(defaults.sample == cache::kDefaultSample);
    auto sampled = parse(R"({"interface": "rank", "mechanism": "sampled", "sample": 8, "seed": 3})");
    CHECK(sampled.mechanism == cache::RankMechanismKind::kSampled);
    CHECK(sampled.sample == 8);
    CHECK(sampled.seed == 3);
    CHECK(parse(R"({"interface": "hooks"})").interface == cache::PolicyForm::kHooks);
    CHECK(cache::interface_name(cache::PolicyForm::kHooks) == "hooks");
  }

  TEST_CASE("a bad policy spec names the field and the allowed values") {
    CHECK_THROWS_WITH_AS(parse(R"({"interface": "plugin"})"),
                         "workload.policy.interface: unknown value \"plugin\" (allowed: \"rank\", "
                         "\"hooks\")",
                         ConfigError);
    CHECK_THROWS_WITH_AS(parse(R"({"mechanism": "exact"})"),
                         "workload.policy.mechanism: unknown value \"exact\" (allowed: \"lazy\", "
                         "\"sampled\")",
                         ConfigError);
    CHECK_THROWS_WITH_AS(parse(R"({"samples": 4})"),
                         "workload.policy.samples: unknown key (known: interface, mechanism, "
                         "sample, seed)",
                         ConfigError);
    CHECK_THROWS_WITH_AS(parse(R"({"interface": "hooks", "mechanism": "lazy"})"),
                         "workload.policy.mechanism: only rank policies have a mechanism "
                         "(\"interface\" is \"hooks\")",
                         ConfigError);
    CHECK_THROWS_WITH_AS(parse(R"({"sample": 4})"),
                         "workload.policy.sample: only for \"mechanism\": \"sampled\"", ConfigError);
    CHECK_THROWS_AS(parse(R"({"mechanism": "sampled", "sample": 0})"), ConfigError);
    CHECK_THROWS_AS(parse(R"({"mechanism": "sampled", "seed": -1})"), ConfigError);
    CHECK_THROWS_AS(parse(R"({"interface": 3})"), ConfigError);
  }

  TEST_CASE("simulate_candidate runs the spec's mechanism") {
    auto trace = crucible::testing::sized_synthetic(20'000, 2'000);
    auto config = crucible::testing::cache_of(trace, 200);
    void* entry = reinterpret_cast<void*>(&crucible::testing::lru_priority);
    auto lazy = cache::simulate_candidate(trace.requests, config, parse("{}"), entry);
    CHECK(lazy.hits == cache::simulate_rank(trace.requests, config,
                                            crucible::testing::lru_priority).hits);
    auto sampled = cache::simulate_candidate(
        trace.requests, config, parse(R"({"mechanism": "sampled", "sample": 2, "seed": 5})"),
        entry);
    CHECK(sampled.hits == cache::simulate_sampled(trace.requests, config,
                                                  crucible::testing::lru_priority, 2, 5).hits);
  }

  TEST_CASE("the cache domain offers rank first, then hooks, each with its seeds") {
    auto interfaces = cache::cache_interfaces();
    REQUIRE(interfaces.size() == 2);
    CHECK(interfaces[0].name == "rank");
    CHECK(interfaces[0].entry_symbol == "crucible_cache_priority");
    CHECK(interfaces[0].headers.size() == 1);
    CHECK_FALSE(interfaces[0].allowances.allows_heap);
    CHECK(interfaces[0].seeds.size() == 5);
    CHECK(interfaces[1].name == "hooks");
    CHECK(interfaces[1].entry_symbol == "crucible_cache_hooks");
    CHECK(interfaces[1].headers.back().name == "cache_hooks.h");
    CHECK(interfaces[1].allowances.allows_heap);
    CHECK(interfaces[1].seeds.front().name == "lru_hooks");
    CHECK(interfaces[1].seeds.front().source.find("crucible_cache_hooks") != std::string::npos);
  }
}
