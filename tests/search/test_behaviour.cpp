// Behaviour descriptors: what a workload tells the archive about how a candidate acts (its
// victims' ages, how much it migrates), computed from the parent's replay; how the archive takes
// them by default, checks their names and refuses to resume a run over other descriptors.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "cache.h"
#include "evaluators/cache/policy_runner.hpp"
#include "evaluators/decision_records.hpp"
#include "evaluators/domain.hpp"
#include "evaluators/registry.hpp"
#include "search/database.hpp"
#include "tiering.h"

namespace {

namespace cache = crucible::evaluators::cache;
using crucible::evaluators::ConfigError;
using crucible::evaluators::InstanceMetrics;
using crucible::search::DatabaseOptions;
using crucible::search::ProgramDatabase;

extern "C" double behaviour_lru(const CacheObject* obj, const CacheState*) {
  return static_cast<double>(obj->last_access);
}
extern "C" double behaviour_mru(const CacheObject* obj, const CacheState*) {
  return -static_cast<double>(obj->last_access);
}

// Reclaim only: a slow page never comes back; a fast page idle for two epochs leaves.
extern "C" double behaviour_reclaim(const TierPage* page, const TierState* state) {
  if (page->tier == CRUCIBLE_SLOW) return -1e30;
  const double idle = static_cast<double>(state->epoch - page->last_access_epoch);
  return idle >= 2.0 ? -idle : 1.0;
}
// Promotes whatever was touched in the epoch just ended.
extern "C" double behaviour_recent(const TierPage* page, const TierState*) {
  return static_cast<double>(page->recent[0]);
}

std::string words(std::initializer_list<uint32_t> ids) {
  std::string record;
  for (uint32_t id : ids) crucible::evaluators::append_word(record, id);
  return record;
}

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("the cache replay counts each victim's age and whether it was ever hit") {
    // Objects 0 1 0 2 with room for 2: the miss on 2 evicts one of them.
    std::vector<crucible::traces::Request> requests(4);
    const uint32_t ids[] = {0, 1, 0, 2};
    for (size_t i = 0; i < 4; ++i) requests[i].id = ids[i];
    cache::CacheConfig config;
    config.capacity = 2;
    config.objects = 3;
    // Evicting 1: never hit, last touched at request 1, 2 requests before, 2 residents.
    auto unused = cache::replay_victims(requests, config, words({1}), "t");
    CHECK(unused.has_victim_stats);
    CHECK(unused.evictions == 1);
    CHECK(unused.unused_evictions == 1);
    CHECK(unused.victim_age_log2_sum == doctest::Approx(std::log2(1.0 + 2.0 / 2.0)));
    // Evicting 0: hit at request 2, 1 request before.
    auto used = cache::replay_victims(requests, config, words({0}), "t");
    CHECK(used.unused_evictions == 0);
    CHECK(used.victim_age_log2_sum == doctest::Approx(std::log2(1.0 + 1.0 / 2.0)));
  }

  TEST_CASE("cache and tiering descriptors tell a recency policy from its opposite") {
    const auto& cache_domain = crucible::evaluators::find_domain("cache");
    auto workload = cache_domain.load_workload(
        {{"traces", {{{"synthetic", {{"requests", 20'000}, {"objects", 2'000}}}}}},
         {"sizes", {"10%"}}},
        ".");
    const auto names = crucible::evaluators::behaviour_names(*workload);
    REQUIRE(names == std::vector<std::string>{"victim_age", "unused_victims"});
    const auto lru = workload->behaviour(
        workload->evaluate_candidate(reinterpret_cast<void*>(&behaviour_lru)));
    const auto mru = workload->behaviour(
        workload->evaluate_candidate(reinterpret_cast<void*>(&behaviour_mru)));
    REQUIRE(lru.size() == 2);
    REQUIRE(mru.size() == 2);
    // LRU evicts the longest idle; MRU the one just touched, nearly always before a hit.
    CHECK(lru[0] > mru[0] + 0.2);
    CHECK(mru[1] > 0.5);
    for (double v : lru) CHECK((v >= 0.0 && v <= 1.0));
    // A baseline's figures carry no victim statistics: its descriptors are 0, not made up.
    CHECK(workload->behaviour(workload->evaluate_baseline("lru")) == std::vector<double>{0, 0});

    const auto& tier_domain = crucible::evaluators::find_domain("tiering");
    auto tiers = tier_domain.load_workload(
        {{"traces",
          {{{"synthetic",
             {{"kind", "gups"}, {"accesses", 60'000}, {"pages", 1'500}, {"hot_pages", 150},
              {"shift_every", 15'000}}}}}},
         {"sizes", {"10%"}},
         {"epoch", 2'000}},
        ".");
    REQUIRE(crucible::evaluators::behaviour_names(*tiers) ==
            std::vector<std::string>{"moves", "promotions"});
    const auto reclaim = tiers->behaviour(
        tiers->evaluate_candidate(reinterpret_cast<void*>(&behaviour_reclaim)));
    const auto recent = tiers->behaviour(
        tiers->evaluate_candidate(reinterpret_cast<void*>(&behaviour_recent)));
    CHECK(reclaim[1] == 0.0);  // it never promotes
    CHECK(recent[1] > 0.3);
    CHECK(recent[0] > reclaim[0]);
  }

  TEST_CASE("descriptor values are clamped and a missing or non-finite one counts 0") {
    const std::vector<std::string> workload = {"victim_age", "moves"};
    CHECK(crucible::search::describe({"moves", "complexity", "victim_age"}, 40, 0, 0, workload,
                                     {7.0, -1.0}) == std::vector<double>{0.0, 40.0, 1.0});
    CHECK(crucible::search::describe({"victim_age", "moves"}, 40, 0, 0, workload,
                                     {NAN}) == std::vector<double>{0.0, 0.0});
    // Values spread over the bins like wins: 0.1 and 0.9 land in different cells.
    DatabaseOptions o;
    o.islands = 1;
    o.features = {"moves"};
    o.workload_features = {"moves"};
    ProgramDatabase database(o);
    CHECK(database.add(0, {1, 1, 0.5, 10, {0.1}, ""}, crucible::search::Arrival::kProposed, 1));
    CHECK(database.add(0, {2, 2, 0.2, 10, {0.9}, ""}, crucible::search::Arrival::kProposed, 1));
    CHECK(database.elites(0).size() == 2);
  }

  TEST_CASE("the archive takes the workload's descriptors unless features are named") {
    DatabaseOptions defaults;
    const auto joined = crucible::search::with_workload_features(defaults, {"moves", "promotions"});
    CHECK(joined.features ==
          std::vector<std::string>{"complexity", "wins", "reads", "moves", "promotions"});
    DatabaseOptions named;
    named.features = {"reads"};
    named.features_named = true;
    CHECK(crucible::search::with_workload_features(named, {"moves"}).features ==
          std::vector<std::string>{"reads"});
    // A name neither the search nor the workload knows is one error listing both.
    named.features = {"reads", "movs"};
    auto resolved = crucible::search::with_workload_features(named, {"moves"});
    try {
      ProgramDatabase database(resolved);
      FAIL("accepted an unknown feature");
    } catch (const ConfigError& error) {
      const std::string what = error.what();
      CHECK(what.find("search.archive.features[1]") != std::string::npos);
      CHECK(what.find("\"movs\"") != std::string::npos);
      CHECK(what.find("moves") != std::string::npos);
    }
    // A checkpoint over other descriptors (a run from before they existed) is not resumed
    // silently: the error says how to resume it.
    ProgramDatabase three(DatabaseOptions{});
    const auto state = three.to_json();
    try {
      (void)ProgramDatabase::from_json(joined, state, [](int64_t) {
        return crucible::search::ProgramEntry{};
      });
      FAIL("resumed over other features");
    } catch (const ConfigError& error) {
      const std::string what = error.what();
      CHECK(what.find("checkpointed with an archive over") != std::string::npos);
      CHECK(what.find("search.archive.features=[\"complexity\",\"wins\",\"reads\"]") !=
            std::string::npos);
    }
  }
}
