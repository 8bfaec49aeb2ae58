// The bookkeeping behind interfaces/cache.h: every helper against a brute-force computation over
// the residents, the ghost fields and statistics on hand-built sequences, and helper misuse as an
// invalid decision.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <vector>

#include "cache_support.hpp"
#include "evaluators/cache/rank_helpers.hpp"
#include "evaluators/cache/rank_mechanism.hpp"
#include "evaluators/domain.hpp"
#include "rank_test_support.hpp"

namespace {

using crucible::evaluators::InvalidDecision;
using crucible::evaluators::cache::CacheBook;
using crucible::evaluators::cache::simulate_rank;
using crucible::testing::cache_of;
using crucible::testing::sequence;

uint64_t feature_of(const CacheBook& book, int feature, uint64_t id) {
  const CacheObject& object = book.object(id);
  switch (feature) {
    case CRUCIBLE_SIZE: return object.size;
    case CRUCIBLE_AGE: return book.state().now - object.insert_time;
    case CRUCIBLE_RECENCY: return book.state().now - object.last_access;
    default: return object.access_count;
  }
}

std::vector<uint64_t> sorted_features(const CacheBook& book, int feature) {
  std::vector<uint64_t> values;
  for (uint64_t slot = 0; slot < book.slot_count(); ++slot) {
    if (!book.is_hole(slot)) values.push_back(feature_of(book, feature, book.slot(slot).id));
  }
  REQUIRE(values.size() == book.state().occupancy);
  std::sort(values.begin(), values.end());
  return values;
}

void check_helpers_by_brute_force(CacheBook& book) {
  for (int feature = 0; feature < 4; ++feature) {
    auto values = sorted_features(book, feature);
    const auto n = static_cast<double>(values.size());
    for (double q : {0.0, 0.1, 0.25, 0.5, 0.9, 1.0}) {
      auto k = std::clamp<uint64_t>(static_cast<uint64_t>(std::ceil(q * n)), 1, values.size());
      INFO("feature " << feature << " q " << q << " time " << book.state().now);
      CHECK(book.percentile(feature, q) == static_cast<double>(values[k - 1]));
    }
    for (double probe : {0.0, 1.0, 2.5, 17.0, 40.0, 300.0, 5000.0, 1e30, -3.0}) {
      double at_most = static_cast<double>(
          std::upper_bound(values.begin(), values.end(), probe, [](double v, uint64_t x) {
            return v < static_cast<double>(x);
          }) - values.begin());
      INFO("feature " << feature << " rank of " << probe << " time " << book.state().now);
      CHECK(book.rank(feature, probe) == doctest::Approx(at_most / n));
    }
  }
}

// Drives a book as a cache that evicts pseudo-random residents (helpers must not depend on the
// policy), checking the helpers every `every` requests.
void drive(const crucible::traces::Trace& trace, uint64_t capacity, bool is_bytes,
           uint64_t every) {
  auto config = cache_of(trace, capacity, is_bytes);
  CacheBook book(trace.requests, config);
  std::deque<uint64_t> evicted;  // latest last
  // The ghost fields by hand: an eviction's writes to the record are held back (see CacheBook),
  // so objects that return within a few evictions and long after both need checking.
  std::vector<uint64_t> evictions(trace.objects(), 0);
  std::vector<uint64_t> last_evicted(trace.objects(), CRUCIBLE_NEVER);
  uint64_t pick = 12345;
  std::vector<uint8_t> misses;
  for (uint64_t time = 0; time < trace.requests.size(); ++time) {
    const auto& request = trace.requests[time];
    book.begin(request, time);
    const bool is_hit = book.is_resident(request.id);
    if (is_hit) {
      book.touch(request.id);
    } else if (book.is_admissible(request)) {
      while (!book.fits(request)) {
        uint64_t slot = 0;
        do {
          pick = pick * 6364136223846793005ULL + 1442695040888963407ULL;
          slot = (pick >> 33) % book.slot_count();
        } while (book.is_hole(slot));
        uint64_t victim = book.slot(slot).id;
        book.evict(victim, 0);
        CHECK_FALSE(book.is_resident(victim));
        evicted.push_back(victim);
        evictions[victim] += 1;
        last_evicted[victim] = time;
      }
      book.admit(request);
      const CacheObject& admitted = book.object(request.id);
      INFO("object " << request.id << " admitted at " << time);
      CHECK(admitted.evictions == evictions[request.id]);
      CHECK(admitted.last_evicted == last_evicted[request.id]);
    }
    if (time % every == every - 1) {
      check_helpers_by_brute_force(book);
      for (uint64_t id : {uint64_t{0}, uint64_t{3}, uint64_t{request.id}}) {
        uint64_t in_window = 0;
        uint64_t first = time >= CRUCIBLE_WINDOW ? time - CRUCIBLE_WINDOW + 1 : 0;
        for (uint64_t t = first; t <= time; ++t) in_window += trace.requests[t].id == id;
        CHECK(book.recent_requests(id) == in_window);
        for (uint64_t n : {1, 10, 500}) {
          bool found = std::find(evicted.end() - std::min<size_t>(n, evicted.size()),
                                 evicted.end(), id) != evicted.end();
          CHECK(book.ghost_contains(id, n) == (found ? 1 : 0));
        }
      }
    }
    book.end(request, is_hit);
    misses.push_back(is_hit ? 0 : 1);
    const uint64_t window = std::min<uint64_t>(misses.size(), CRUCIBLE_MISS_WINDOW);
    uint64_t recent = 0;
    if (time % every == 0) {
      for (uint64_t i = misses.size() - window; i < misses.size(); ++i) recent += misses[i];
      CHECK(book.state().recent_miss_ratio == doctest::Approx(recent / double(window)));
    }
  }
  CHECK_FALSE(book.has_fault());
}

std::vector<CacheObject> g_seen_objects;
std::vector<CacheState> g_seen_states;
std::vector<int> g_seen_ghosts;

extern "C" double recording_lru(const CacheObject* obj, const CacheState* state) {
  g_seen_objects.push_back(*obj);
  g_seen_states.push_back(*state);
  g_seen_ghosts.push_back(crucible_cache_ghost_contains(state, obj->id, 1) * 10 +
                          crucible_cache_ghost_contains(state, obj->id, 2));
  return static_cast<double>(obj->last_access);
}

extern "C" double forged_state(const CacheObject*, const CacheState* state) {
  CacheState copy = *state;
  return crucible_cache_percentile(&copy, CRUCIBLE_SIZE, 0.5);
}
extern "C" double unknown_feature(const CacheObject*, const CacheState* state) {
  return crucible_cache_percentile(state, 9, 0.5);
}
extern "C" double quantile_out_of_range(const CacheObject*, const CacheState* state) {
  return crucible_cache_percentile(state, CRUCIBLE_SIZE, 1.5);
}
extern "C" double nan_rank_value(const CacheObject*, const CacheState* state) {
  return crucible_cache_rank(state, CRUCIBLE_AGE, std::nan(""));
}

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("percentiles, ranks, windows and the ghost set equal brute force") {
    drive(crucible::testing::sized_synthetic(150'000, 3'000), 400, false, 997);
    drive(crucible::testing::sized_synthetic(20'000, 3'000), 9'000, true, 331);
  }

  TEST_CASE("ghost fields and statistics follow an object across its eviction") {
    // A B A C A B at capacity 2 under LRU: B leaves at time 3, C at time 5, B comes back at 5.
    g_seen_objects.clear();
    g_seen_states.clear();
    g_seen_ghosts.clear();
    auto trace = sequence({10, 11, 10, 12, 10, 11});
    simulate_rank(trace.requests, cache_of(trace, 2), recording_lru);
    REQUIRE(g_seen_objects.size() == 6);
    const CacheObject& a = g_seen_objects[4];
    CHECK(a.id == 0);
    CHECK(a.access_count == 3);
    CHECK(a.previous_gap == 2);
    CHECK(a.last_evicted == CRUCIBLE_NEVER);
    const CacheObject& b = g_seen_objects[5];
    CHECK(b.id == 1);
    CHECK(b.insert_time == 5);
    CHECK(b.access_count == 1);
    CHECK(b.total_requests == 2);
    CHECK(b.previous_gap == 4);
    CHECK(b.evictions == 1);
    CHECK(b.last_evicted == 3);
    CHECK(g_seen_ghosts[5] == 1);  // evicted within the last 2 evictions, not the last 1
    const CacheState& state = g_seen_states[5];
    CHECK(state.now == 5);
    CHECK(state.evictions == 2);
    CHECK(state.evicted_priority == 3.0);  // C's last access
    CHECK(state.occupancy == 2);
    CHECK(state.used_bytes == 2);
    CHECK(state.capacity == 2);
    CHECK(state.is_bytes == 0);
    // Before time 5: hits at 2 and 4, the rest misses.
    CHECK(state.recent_miss_ratio == doctest::Approx(3.0 / 5.0));
    double average = 1;
    for (int miss : {1, 0, 1, 0}) average += 1e-2 * (miss - average);
    CHECK(state.miss_ratio_ewma[0] == doctest::Approx(average));
    CHECK(state.size_ewma[2] == doctest::Approx(1.0));
  }

  TEST_CASE("a misused helper is an invalid decision that says how") {
    auto trace = sequence({1, 2, 3});
    auto config = cache_of(trace, 2);
    CHECK_THROWS_WITH_AS(simulate_rank(trace.requests, config, forged_state),
                         "crucible_cache_percentile was given a CacheState that is not the "
                         "cache's own (time 0)",
                         InvalidDecision);
    CHECK_THROWS_WITH_AS(simulate_rank(trace.requests, config, unknown_feature),
                         "crucible_cache_percentile: feature 9 is not CRUCIBLE_SIZE, CRUCIBLE_AGE, "
                         "CRUCIBLE_RECENCY or CRUCIBLE_FREQUENCY (time 0)",
                         InvalidDecision);
    CHECK_THROWS_AS(simulate_rank(trace.requests, config, quantile_out_of_range), InvalidDecision);
    CHECK_THROWS_WITH_AS(simulate_rank(trace.requests, config, nan_rank_value),
                         "crucible_cache_rank: the value is NaN (time 0)", InvalidDecision);
  }
}
