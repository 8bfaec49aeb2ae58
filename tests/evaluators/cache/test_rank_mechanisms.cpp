// The lazy and sampled rank mechanisms with native policies: equal to LRU and FIFO by the book in
// object and byte mode, sampled equal to lazy when it sees every resident, determinism per seed,
// admission, warm-up, and every invalid decision.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>

#include "cache_support.hpp"
#include "evaluators/cache/baselines/baselines.hpp"
#include "evaluators/cache/rank_mechanism.hpp"
#include "evaluators/domain.hpp"
#include "rank_test_support.hpp"

namespace {

using crucible::evaluators::ConfigError;
using crucible::evaluators::InvalidDecision;
using crucible::evaluators::cache::CacheConfig;
using crucible::evaluators::cache::simulate_rank;
using crucible::evaluators::cache::simulate_sampled;
using crucible::testing::cache_of;
using crucible::testing::fifo_priority;
using crucible::testing::lfu_priority;
using crucible::testing::lru_priority;
using crucible::testing::run_reference;
using crucible::testing::sequence;
using crucible::testing::sized_synthetic;

extern "C" double nan_after_two(const CacheObject* obj, const CacheState* state) {
  return state->now >= 2 ? std::nan("") : static_cast<double>(obj->id);
}
extern "C" double infinite_for_first(const CacheObject* obj, const CacheState*) {
  return obj->id == 0 ? std::numeric_limits<double>::infinity() : static_cast<double>(obj->id);
}
// Keeps the newest by time of eviction: priorities depend on `now`, so lazy and sampled differ.
extern "C" double idle_priority(const CacheObject* obj, const CacheState* state) {
  return -static_cast<double>(state->now - obj->last_access) / (1.0 + obj->access_count);
}

std::string message_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const InvalidDecision& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("lazy rank LRU and FIFO equal the policies by the book, in objects and in bytes") {
    auto trace = sized_synthetic();
    for (uint64_t capacity : {10, 300, 2'000}) {
      auto objects = cache_of(trace, capacity);
      CHECK(simulate_rank(trace.requests, objects, lru_priority).hits ==
            crucible::evaluators::cache::run_lru(trace.requests, objects).hits);
      CHECK(simulate_rank(trace.requests, objects, fifo_priority).hits ==
            crucible::evaluators::cache::run_fifo(trace.requests, objects).hits);
      auto bytes = cache_of(trace, capacity * 50, true);
      auto lru = simulate_rank(trace.requests, bytes, lru_priority);
      CHECK(lru.hits == run_reference(trace, bytes, true).hits);
      CHECK(lru.missed_bytes == run_reference(trace, bytes, true).missed_bytes);
      CHECK(simulate_rank(trace.requests, bytes, fifo_priority).hits ==
            run_reference(trace, bytes, false).hits);
    }
  }

  TEST_CASE("sampled with a sample at least the capacity equals lazy") {
    auto trace = sized_synthetic();
    for (auto priority : {lru_priority, lfu_priority, fifo_priority}) {
      auto objects = cache_of(trace, 200);
      CHECK(simulate_sampled(trace.requests, objects, priority, 200, 7).hits ==
            simulate_rank(trace.requests, objects, priority).hits);
      // In bytes the residents number at most capacity (every object takes at least one byte).
      auto bytes = cache_of(trace, 5'000, true);
      CHECK(simulate_sampled(trace.requests, bytes, priority, 5'000, 7).hits ==
            simulate_rank(trace.requests, bytes, priority).hits);
    }
  }

  TEST_CASE("sampled is deterministic per seed, and a small sample is not lazy") {
    auto trace = sized_synthetic();
    auto config = cache_of(trace, 300);
    auto first = simulate_sampled(trace.requests, config, lru_priority, 4, 11);
    CHECK(first.hits == simulate_sampled(trace.requests, config, lru_priority, 4, 11).hits);
    CHECK(first.hits != simulate_sampled(trace.requests, config, lru_priority, 4, 12).hits);
    CHECK(first.hits != simulate_rank(trace.requests, config, lru_priority).hits);
    // Priorities that move with time are re-asked at eviction: the outcome differs from lazy.
    CHECK(simulate_sampled(trace.requests, config, idle_priority, 300, 1).hits !=
          simulate_rank(trace.requests, config, idle_priority).hits);
  }

  TEST_CASE("an object larger than the capacity is a miss that evicts nothing") {
    crucible::traces::TraceBuilder builder(4);
    for (auto [id, size] : {std::pair{1, 4}, {2, 4}, {3, 9}, {1, 4}}) {
      builder.add({static_cast<uint64_t>(id), static_cast<uint32_t>(size), 0});
    }
    auto trace = builder.finish();
    auto config = cache_of(trace, 8, true);
    CHECK(simulate_rank(trace.requests, config, lru_priority).hits == 1);
    CHECK(simulate_sampled(trace.requests, config, lru_priority, 2, 0).hits == 1);
  }

  TEST_CASE("a cache far larger than the trace keeps everything and reserves nothing huge") {
    auto trace = sequence({1, 2, 1, 3, 2});
    auto config = cache_of(trace, uint64_t{1} << 40);
    CHECK(simulate_rank(trace.requests, config, lru_priority).hits == 2);
    CHECK(simulate_sampled(trace.requests, config, lru_priority).hits == 2);
  }

  TEST_CASE("warm-up requests are simulated but not counted") {
    auto trace = sequence({1, 2, 1, 2, 1});
    auto config = cache_of(trace, 2, false, 2);
    auto result = simulate_rank(trace.requests, config, lru_priority);
    CHECK(result.requests == 3);
    CHECK(result.hits == 3);
    CHECK(simulate_sampled(trace.requests, config, lru_priority).hits == 3);
  }

  TEST_CASE("a NaN priority is an invalid decision naming the object and the time") {
    auto trace = sequence({5, 6, 7, 5});
    auto config = cache_of(trace, 2);
    auto lazy = message_of([&] { simulate_rank(trace.requests, config, nan_after_two); });
    CHECK(lazy == "priority is NaN for object 2 at time 2");
    auto sampled = message_of([&] { simulate_sampled(trace.requests, config, nan_after_two); });
    CHECK(sampled.find("priority is NaN for object") == 0);
    CHECK(sampled.find("at time 2") != std::string::npos);
  }

  TEST_CASE("infinite priorities are allowed: +inf stays while anything else can go") {
    auto trace = sequence({0, 1, 2, 3, 0});
    CHECK(simulate_rank(trace.requests, cache_of(trace, 2), infinite_for_first).hits == 1);
    CHECK(simulate_sampled(trace.requests, cache_of(trace, 2), infinite_for_first).hits == 1);
  }

  TEST_CASE("bad configuration is refused with the value named") {
    auto trace = sequence({1, 2, 3});
    CacheConfig too_few{2, false, 2, 0};  // id 2 is not below objects = 2
    CHECK_THROWS_WITH_AS(simulate_rank(trace.requests, too_few, lru_priority),
                         "request 2 has object id 2, not below CacheConfig.objects = 2",
                         ConfigError);
    CHECK_THROWS_WITH_AS(simulate_sampled(trace.requests, cache_of(trace, 2), lru_priority, 0),
                         "sampled rank mechanism: sample must be at least 1", ConfigError);
  }
}
