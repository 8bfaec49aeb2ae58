// The cache simulator, its baselines and the rank mechanism on hand-built request sequences, and
// LRU on the ARC paper's OLTP trace.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "evaluators/cache/baselines/baselines.hpp"
#include "evaluators/cache/cache_size.hpp"
#include "evaluators/cache/rank_mechanism.hpp"
#include "evaluators/domain.hpp"
#include "cache_support.hpp"
#include "support.hpp"
#include "traces/synthetic.hpp"

namespace {

using crucible::evaluators::cache::run_fifo;
using crucible::evaluators::cache::run_lru;
using crucible::evaluators::cache::simulate_rank;
using crucible::traces::Request;

using crucible::testing::sequence;
using crucible::testing::run;

// simulate_rank without a victim record, as run() calls it.
crucible::evaluators::cache::CacheResult simulate_rank_plain(
    std::span<const Request> requests, const crucible::evaluators::cache::CacheConfig& config,
    crucible::evaluators::cache::PriorityFunction priority) {
  return simulate_rank(requests, config, priority);
}

extern "C" double lru_rank(const CacheObject* obj, const CacheState*) {
  return static_cast<double>(obj->last_access);
}
extern "C" double lfu_rank(const CacheObject* obj, const CacheState*) {
  return static_cast<double>(obj->access_count);
}
extern "C" double fifo_rank(const CacheObject* obj, const CacheState*) {
  return static_cast<double>(obj->insert_time);
}
extern "C" double nan_rank(const CacheObject*, const CacheState*) { return std::nan(""); }

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("FIFO ignores hits and LRU refreshes them") {
    // Capacity 2: a b a c a. FIFO evicts a at c (a entered first): a misses again.
    // LRU evicts b at c (a was just used): the last a hits.
    auto requests = sequence({1, 2, 1, 3, 1});
    CHECK(run(run_fifo, requests, 2).hits == 1);
    CHECK(run(run_lru, requests, 2).hits == 2);
  }

  TEST_CASE("the rank mechanism evicts the lowest priority and breaks ties by recency") {
    auto requests = sequence({1, 1, 1, 2, 3, 1, 2});
    // LFU keeps 1 (count 3) and evicts 2 (count 1) when 3 enters: 1 hits three times.
    CHECK(run(simulate_rank_plain, requests, 2, lfu_rank).hits == 3);
    // LRU evicts 1 when 3 enters and 2 when 1 comes back: only the early repeats of 1 hit.
    CHECK(run(simulate_rank_plain, requests, 2, lru_rank).hits == 2);
    // Equal counts: the least recently accessed (1) goes, so the repeat of 2 hits.
    CHECK(run(simulate_rank_plain, sequence({1, 2, 3, 2}), 2, lfu_rank).hits == 1);
    CHECK(run(simulate_rank_plain, sequence({1, 2, 3, 1}), 2, lfu_rank).hits == 0);
  }

  TEST_CASE("rank policies written as LRU and FIFO match the native baselines exactly") {
    crucible::traces::SyntheticSpec spec;
    spec.requests = 50'000;
    spec.objects = 5'000;
    auto trace = crucible::traces::generate_synthetic(spec);
    for (uint64_t capacity : {50, 500, 2'000}) {
      CHECK(run(simulate_rank_plain, trace, capacity, lru_rank).hits ==
            run(run_lru, trace, capacity).hits);
      CHECK(run(simulate_rank_plain, trace, capacity, fifo_rank).hits ==
            run(run_fifo, trace, capacity).hits);
    }
  }

  TEST_CASE("a NaN priority is an invalid decision, not a crash") {
    CHECK_THROWS_AS(run(simulate_rank_plain, sequence({1, 2, 3}), 2, nan_rank),
                    crucible::evaluators::InvalidDecision);
  }

  TEST_CASE("LRU on OLTP reproduces the ARC paper's hit ratios at every published size") {
    // Megiddo and Modha, FAST 2003, Table; figures as listed in ../shared/data/README.md.
    auto path = crucible::testing::require_data("cache/arc/OLTP.lis.zst");
    if (!path) return;
    auto trace = crucible::traces::read_trace(*path);
    const std::pair<uint64_t, double> kPublished[] = {
        {1'000, 32.83}, {2'000, 42.47}, {5'000, 53.65}, {10'000, 60.70}, {15'000, 64.63}};
    for (const auto& [blocks, hit_percent] : kPublished) {
      auto result = run(run_lru, trace, blocks);
      double measured = 100.0 * static_cast<double>(result.hits) / static_cast<double>(result.requests);
      INFO("cache of " << blocks << " blocks: measured " << measured << "%");
      CHECK(std::round(measured * 100.0) / 100.0 == doctest::Approx(hit_percent).epsilon(1e-9));
    }
  }
}

TEST_SUITE("evaluators.cache") {
  TEST_CASE("the byte miss ratio weighs each miss by the object's size") {
    // Capacity 1: 1(100 B) miss, 1 hit, 2(300 B) miss, 1(100 B) miss.
    crucible::traces::TraceBuilder builder;
    for (auto [id, size] : {std::pair<uint64_t, uint32_t>{1, 100}, {1, 100}, {2, 300}, {1, 100}}) {
      builder.add({id, size, 0});
    }
    auto result = run(run_lru, builder.finish(), 1);
    CHECK(result.hits == 1);
    CHECK(result.requested_bytes == 600);
    CHECK(result.missed_bytes == 500);
    CHECK(result.byte_miss_ratio() == doctest::Approx(500.0 / 600.0));
    CHECK(result.miss_ratio() == doctest::Approx(0.75));
  }
}
