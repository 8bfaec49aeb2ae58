// The hooks mechanism with the LRU hooks seed compiled natively: equal to LRU in objects and in
// bytes, hooks called in the documented order, and every invalid decision.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cache_hooks.h"
#include "cache_support.hpp"
#include "evaluators/cache/baselines/baselines.hpp"
#include "evaluators/cache/hooks_mechanism.hpp"
#include "evaluators/domain.hpp"
#include "rank_test_support.hpp"

// The seed itself, so the native run is the very code the sandbox compiles.
#include "evaluators/cache/seeds/lru_hooks.cpp"

namespace {

using crucible::evaluators::InvalidDecision;
using crucible::evaluators::cache::simulate_hooks;
using crucible::testing::cache_of;
using crucible::testing::sequence;

std::vector<std::string> g_calls;

void trace_hit(CacheHooksPolicy* policy, const CacheObject* obj, const CacheState* state) {
  g_calls.push_back("hit " + std::to_string(obj->id));
  lru_on_hit(policy, obj, state);
}
void trace_miss(CacheHooksPolicy* policy, const CacheObject* obj, const CacheState* state) {
  g_calls.push_back("miss " + std::to_string(obj->id) + " occupancy " +
                    std::to_string(state->occupancy));
  lru_on_miss(policy, obj, state);
}
uint64_t trace_victim(CacheHooksPolicy* policy, const CacheState* state) {
  g_calls.push_back("victim");
  return lru_choose_victim(policy, state);
}
void trace_evict(CacheHooksPolicy* policy, const CacheObject* obj, const CacheState* state) {
  g_calls.push_back("evict " + std::to_string(obj->id));
  lru_on_evict(policy, obj, state);
}
extern "C" void traced_hooks(CacheHooks* out) {
  crucible_cache_hooks(out);
  out->on_hit = trace_hit;
  out->on_miss = trace_miss;
  out->choose_victim = trace_victim;
  out->on_evict = trace_evict;
}

uint64_t absent_victim(CacheHooksPolicy*, const CacheState*) { return 1; }
uint64_t no_victim(CacheHooksPolicy*, const CacheState*) { return CRUCIBLE_NO_OBJECT; }
uint64_t out_of_range_victim(CacheHooksPolicy*, const CacheState*) { return 1'000'000; }
CacheHooksPolicy* null_init(uint64_t, int, uint64_t) { return nullptr; }

extern "C" void absent_victim_hooks(CacheHooks* out) {
  crucible_cache_hooks(out);
  out->choose_victim = absent_victim;
}
extern "C" void no_victim_hooks(CacheHooks* out) {
  crucible_cache_hooks(out);
  out->choose_victim = no_victim;
}
extern "C" void out_of_range_hooks(CacheHooks* out) {
  crucible_cache_hooks(out);
  out->choose_victim = out_of_range_victim;
}
extern "C" void null_init_hooks(CacheHooks* out) {
  crucible_cache_hooks(out);
  out->init = null_init;
}
extern "C" void missing_evict_hooks(CacheHooks* out) {
  crucible_cache_hooks(out);
  out->on_evict = nullptr;
}

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("the LRU hooks seed equals LRU, in objects and in bytes") {
    auto trace = crucible::testing::sized_synthetic();
    for (uint64_t capacity : {10, 300, 2'000}) {
      auto objects = cache_of(trace, capacity);
      CHECK(simulate_hooks(trace.requests, objects, crucible_cache_hooks).hits ==
            crucible::evaluators::cache::run_lru(trace.requests, objects).hits);
      auto bytes = cache_of(trace, capacity * 50, true);
      CHECK(simulate_hooks(trace.requests, bytes, crucible_cache_hooks).hits ==
            crucible::testing::run_reference(trace, bytes, true).hits);
    }
  }

  TEST_CASE("hooks run in order: victims and evictions before the newcomer's on_miss") {
    g_calls.clear();
    auto trace = sequence({1, 2, 1, 3});
    CHECK(simulate_hooks(trace.requests, cache_of(trace, 2), traced_hooks).hits == 1);
    CHECK(g_calls == std::vector<std::string>{"miss 0 occupancy 1", "miss 1 occupancy 2", "hit 0",
                                              "victim", "evict 1", "miss 2 occupancy 2"});
  }

  TEST_CASE("a victim that is not resident, or none, is an invalid decision") {
    auto trace = sequence({1, 2, 3});
    auto config = cache_of(trace, 1);
    // At time 1 only object 0 is resident.
    CHECK_THROWS_WITH_AS(simulate_hooks(trace.requests, config, absent_victim_hooks),
                         "choose_victim returned object 1, which is not in the cache, at time 1",
                         InvalidDecision);
    CHECK_THROWS_WITH_AS(simulate_hooks(trace.requests, config, no_victim_hooks),
                         "choose_victim returned CRUCIBLE_NO_OBJECT while the cache is full at "
                         "time 1",
                         InvalidDecision);
    CHECK_THROWS_AS(simulate_hooks(trace.requests, config, out_of_range_hooks), InvalidDecision);
    CHECK_THROWS_WITH_AS(simulate_hooks(trace.requests, config, null_init_hooks),
                         "the init hook returned no policy state", InvalidDecision);
    CHECK_THROWS_WITH_AS(simulate_hooks(trace.requests, config, missing_evict_hooks),
                         "crucible_cache_hooks left CacheHooks.on_evict unset", InvalidDecision);
  }
}
