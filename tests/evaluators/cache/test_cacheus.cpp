// Cacheus on hand-built sequences: SR-LRU's scan resistance and its adaptive split, CR-LFU's
// churn resistance, the regret update, and the properties every baseline keeps (determinism,
// never above Belady, byte capacities).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <utility>
#include <vector>

#include "cache_support.hpp"
#include "evaluators/cache/baselines/baselines.hpp"
#include "evaluators/cache/baselines/expert_support.hpp"
#include "traces/synthetic.hpp"

namespace {

namespace cache = crucible::evaluators::cache;
using crucible::testing::cache_of;
using crucible::testing::run;
using crucible::testing::sequence;

void append_range(std::vector<uint64_t>& out, uint64_t first, uint64_t last) {
  for (uint64_t id = first; id <= last; ++id) out.push_back(id);
}

crucible::traces::Trace sized(std::initializer_list<std::pair<uint64_t, uint32_t>> requests) {
  crucible::traces::TraceBuilder builder(requests.size());
  for (auto [id, size] : requests) builder.add({id, size, 0});
  return builder.finish();
}

// 1..11 with capacity 10: the eleventh object evicts SR-LRU's choice 1 (SR's least recent) or
// CR-LFU's choice 10 (the most recent of the objects requested once); then 1 and 10 return, so
// exactly one of them is found in its expert's history.
crucible::traces::Trace one_regret() {
  std::vector<uint64_t> ids;
  append_range(ids, 1, 11);
  ids.push_back(1);
  ids.push_back(10);
  return sequence(ids);
}

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("Cacheus keeps reused objects through a one-pass scan that flushes LRU") {
    // Capacity 10. The second pass over 1..4 hits in SR and moves them to R (target 5). During
    // the scan of 20 fresh objects SR is never empty, so SR-LRU's victim is SR's least recent
    // (a scan object), and CR-LFU's is a scan object too (count 1 against the hot set's 2):
    // whatever the draw, 1..4 survive and the last pass hits. LRU loses them to the scan.
    std::vector<uint64_t> ids;
    append_range(ids, 1, 4);
    append_range(ids, 1, 4);
    append_range(ids, 101, 120);
    append_range(ids, 1, 4);
    auto trace = sequence(ids);
    CHECK(run(cache::run_cacheus, trace, 10).hits == 8);
    CHECK(run(cache::run_lru, trace, 10).hits == 4);
    CHECK(run(cache::run_lecar, trace, 10).hits < 8);
  }

  TEST_CASE("Cacheus's CR-LFU keeps the older members of a loop that defeats LRU and LeCaR") {
    // A loop of 5 objects over capacity 4. LRU never hits; nor does LeCaR, whose LFU breaks
    // ties by the oldest arrival and so always agrees with LRU (no object is ever hit, so all
    // counts are 1). CR-LFU's victim is the most recent of the objects requested once: at the
    // first eviction (5) it picks 4 where SR-LRU picks 1, and the draw (0.66 against 0.5) goes
    // to CR-LFU, so the loop's next request, 1, hits.
    std::vector<uint64_t> ids;
    for (int round = 0; round < 40; ++round) append_range(ids, 1, 5);
    auto trace = sequence(ids);
    CHECK(run(cache::run_lru, trace, 4).hits == 0);
    CHECK(run(cache::run_lecar, trace, 4).hits == 0);
    auto cacheus = cache::run_cacheus_report(trace.requests, cache_of(trace, 4));
    CHECK(cacheus.result.hits > 0);
    CHECK(cacheus.lfu_evictions > 0);
  }

  TEST_CASE("Cacheus grows R when a demoted object is hit in SR") {
    // Capacity 10, R's target 5. Each pair n n moves n from SR to R; the sixth overflows R, so
    // 1 (R's least recent) is demoted to SR. 1's next request is a hit on a demoted object: R
    // was too small, and grows by max(1, round(new-in-history 0 / demoted 1)) = 1. The hits on
    // new (not demoted) objects leave the target alone.
    auto trace = sequence({1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 1});
    auto report = cache::run_cacheus_report(trace.requests, cache_of(trace, 10));
    CHECK(report.result.hits == 7);
    CHECK(report.recency_target == 6);
  }

  TEST_CASE("Cacheus shrinks R when an object evicted while new is requested again") {
    // Whichever expert wins the draw at 11, its victim (1 or 10) was evicted while new; its
    // return is a history hit that says SR was too small, so R's target drops by
    // max(1, round(demoted 0 / new-in-history 1)) = 1, from 5 to 4.
    auto trace = one_regret();
    auto report = cache::run_cacheus_report(trace.requests, cache_of(trace, 10));
    CHECK(report.lru_history_hits + report.lfu_history_hits == 1);
    CHECK(report.recency_target == 4);
    CHECK(report.result.hits == 1);
  }

  TEST_CASE("Cacheus multiplies the blamed expert's weight by exp(-learning rate)") {
    // 13 requests with capacity 10: the learning rate moves once (after request 10) and then
    // holds, so the regret at the last request used the rate the report gives.
    auto trace = one_regret();
    auto report = cache::run_cacheus_report(trace.requests, cache_of(trace, 10));
    REQUIRE(report.lru_history_hits + report.lfu_history_hits == 1);
    const double blamed = 0.5 * std::exp(-report.learning_rate);
    const double expected = blamed / (blamed + 0.5);
    const double blamed_weight =
        report.lru_history_hits == 1 ? report.lru_weight : report.lfu_weight;
    CHECK(blamed_weight == doctest::Approx(expected).epsilon(1e-12));
    CHECK(blamed_weight < 0.5);
    CHECK(report.lru_weight + report.lfu_weight == doctest::Approx(1.0));
    CHECK(report.learning_rate >= 0.001);
    CHECK(report.learning_rate <= 1.0);
  }

  TEST_CASE("Cacheus moves its learning rate by |lr * delta lr| the way that raised the hit rate") {
    // Capacity 10, so a window is 10 requests. The first lr is libCacheSim's draw
    // 0.001 + (next_rand() % 1000) / 1000 from seed 0: 0.408. Window 1 (1..10) has no hit: the
    // hit rate did not rise while lr rose from 0 to lr0, so lr falls by lr0 * lr0. Window 2
    // (1..10 again) hits every time: the hit rate rose while lr fell, so lr falls again, by
    // |lr1 * (lr1 - lr0)|. No eviction happens, so the weights stay even.
    std::vector<uint64_t> ids;
    append_range(ids, 1, 10);
    append_range(ids, 1, 10);
    auto trace = sequence(ids);
    auto report = cache::run_cacheus_report(trace.requests, cache_of(trace, 10));
    const double lr0 = 0.408;
    const double lr1 = lr0 - lr0 * lr0;
    const double lr2 = lr1 - std::abs(lr1 * (lr1 - lr0));
    CHECK(report.result.hits == 10);
    CHECK(report.learning_rate == doctest::Approx(lr2).epsilon(1e-12));
    CHECK(report.lru_weight == 0.5);
  }

  TEST_CASE("Cacheus runs are deterministic, never beat Belady and keep lr and weights in range") {
    crucible::traces::SyntheticSpec spec;
    spec.requests = 30'000;
    spec.objects = 3'000;
    auto trace = crucible::traces::generate_synthetic(spec);
    for (uint64_t capacity : {10, 100, 1'000}) {
      CAPTURE(capacity);
      auto first = cache::run_cacheus_report(trace.requests, cache_of(trace, capacity));
      auto second = cache::run_cacheus_report(trace.requests, cache_of(trace, capacity));
      CHECK(first.result.hits == second.result.hits);
      CHECK(first.lru_weight == second.lru_weight);
      CHECK(first.learning_rate == second.learning_rate);
      CHECK(first.lru_history_hits + first.lfu_history_hits > 0);
      CHECK(first.result.hits <= run(cache::run_belady, trace, capacity).hits);
      CHECK(first.lru_weight >= 0.01);
      CHECK(first.lru_weight <= 0.99);
      CHECK(first.learning_rate >= 0.001);
      CHECK(first.learning_rate <= 1.0);
      CHECK(first.recency_target < capacity);
      CHECK(first.is_bookkeeping_consistent);
    }
    const auto* baseline = cache::find_baseline("cacheus");
    REQUIRE(baseline != nullptr);
    CHECK((baseline->run == &cache::run_cacheus));
  }

  TEST_CASE("Cacheus in bytes evicts until the newcomer fits and never admits an oversized one") {
    // Capacity 10 bytes: two 6-byte objects cannot both stay.
    auto pair = sized({{1, 6}, {2, 6}, {1, 6}, {2, 6}});
    CHECK(cache::run_cacheus(pair.requests, cache_of(pair, 10, true)).hits == 0);
    // The 11-byte object is never admitted, so it evicts nothing: 1 stays and hits.
    auto oversized = sized({{1, 6}, {2, 11}, {2, 11}, {1, 6}});
    CHECK(cache::run_cacheus(oversized.requests, cache_of(oversized, 10, true)).hits == 1);
    // Two 4-byte objects fit together and both hit; a third of 4 evicts one of them.
    auto small = sized({{1, 4}, {2, 4}, {1, 4}, {2, 4}, {3, 4}});
    CHECK(cache::run_cacheus(small.requests, cache_of(small, 10, true)).hits == 2);
  }

  TEST_CASE("Cacheus in bytes keeps its counts and its capacity with mixed sizes") {
    // The synthetic workload with sizes 1..16 bytes spread over the ids.
    crucible::traces::SyntheticSpec spec;
    spec.requests = 20'000;
    spec.objects = 2'000;
    auto synthetic = crucible::traces::generate_synthetic(spec);
    crucible::traces::TraceBuilder builder(synthetic.requests.size());
    for (const auto& request : synthetic.requests) {
      const uint64_t id = synthetic.object_ids[request.id];
      builder.add({id, static_cast<uint32_t>(1 + (id * 2'654'435'761ULL) % 16), 0});
    }
    auto trace = builder.finish();
    for (uint64_t capacity : {100, 1'000, 10'000}) {
      CAPTURE(capacity);
      auto first = cache::run_cacheus_report(trace.requests, cache_of(trace, capacity, true));
      auto second = cache::run_cacheus_report(trace.requests, cache_of(trace, capacity, true));
      CHECK(first.result.hits == second.result.hits);
      CHECK(first.result.hits > 0);
      CHECK(first.is_bookkeeping_consistent);
      CHECK(first.lru_history_hits + first.lfu_history_hits > 0);
    }
  }

  TEST_CASE("Cacheus in bytes with unit sizes is Cacheus in objects") {
    crucible::traces::SyntheticSpec spec;
    spec.requests = 20'000;
    spec.objects = 2'000;
    auto trace = crucible::traces::generate_synthetic(spec);
    for (uint64_t capacity : {50, 500}) {
      CAPTURE(capacity);
      auto objects = cache::run_cacheus_report(trace.requests, cache_of(trace, capacity));
      auto bytes = cache::run_cacheus_report(trace.requests, cache_of(trace, capacity, true));
      CHECK(objects.result.hits == bytes.result.hits);
      CHECK(objects.lru_weight == bytes.lru_weight);
      CHECK(objects.recency_target == bytes.recency_target);
      CHECK(bytes.is_bookkeeping_consistent);
    }
  }

  TEST_CASE("Cacheus names an object id beyond the configured object count") {
    auto trace = sequence({1, 2, 3});
    auto config = cache_of(trace, 2);
    config.objects = 2;
    CHECK_THROWS_WITH_AS(cache::run_cacheus(trace.requests, config),
                         doctest::Contains("cacheus: request 2 has object id 2"),
                         std::invalid_argument);
  }
}
