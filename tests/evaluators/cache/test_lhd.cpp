// LHD on hand-built sequences whose hits follow from its hit densities, on a long trace that
// makes it learn them, and against libCacheSim's figures on the sample trace.
#include <doctest/doctest.h>

#include "sized_support.hpp"

namespace {

namespace cache = crucible::evaluators::cache;
using crucible::testing::cache_of;
using crucible::testing::run;
using crucible::testing::run_bytes;
using crucible::testing::sequence;
using crucible::testing::sized;

}  // namespace

// Within the first 1,024 accesses every coarsened age is 0 and no reconfiguration has run, so
// densities are the prior: 17 / size for an object never hit (its hit-age class is 0) and
// 32 / size once it has been hit at age 0 (class 15). Below 100 units of capacity there is no
// explorer budget. Each eviction draws 8 candidates from two residents here; the fixed seed
// settles the 1-in-256 chance that a draw misses the lower one.
TEST_SUITE("evaluators.cache") {
  TEST_CASE("LHD evicts the object without hits, whose prior hit density is lower") {
    // Capacity 2: 1 has been hit (32), 2 has not (17): 3 evicts 2 and the last 1 hits.
    // LRU evicts 1, the least recently used.
    auto requests = sequence({1, 1, 2, 3, 1});
    CHECK(run(cache::run_lhd, requests, 2).hits == 2);
    CHECK(run(cache::run_lru, requests, 2).hits == 1);
  }

  TEST_CASE("LHD at a byte capacity divides hit density by size") {
    // 10 bytes hold 2 (2 B, density 17/2) and the more recent 1 (8 B, 17/8); 3 (2 B) evicts 1,
    // so 2 hits. Evicting by recency would have dropped 2.
    auto requests = sized({{2, 2}, {1, 8}, {3, 2}, {2, 2}});
    CHECK(run_bytes(cache::run_lhd, requests, 10).hits == 1);
    // An object larger than the cache is not admitted and disturbs nothing.
    auto oversized = sized({{2, 2}, {9, 11}, {2, 2}});
    CHECK(run_bytes(cache::run_lhd, oversized, 10).hits == 1);
  }

  TEST_CASE("LHD hits at most Belady's count, repeats itself, and misses only cold") {
    const auto trace = crucible::testing::property_trace();
    for (uint64_t capacity : {20, 200, 1'000}) {
      CAPTURE(capacity);
      CHECK(run(cache::run_lhd, trace, capacity).hits <=
            run(cache::run_belady, trace, capacity).hits);
      crucible::testing::check_common_properties(cache::run_lhd, trace, capacity);
    }
    crucible::testing::check_rejects_foreign_ids(cache::run_lhd);
  }

  TEST_CASE("LHD matches libCacheSim's miss counts and bytes on cloudPhysicsIO exactly") {
    // libCacheSim test/test_evictionAlgo.c, test_LHD: 128 MiB to 1 GiB by 128 MiB. Equal draws
    // (same generator, same state, same resident order) give equal runs. 113,872 requests end
    // before the first reconfiguration, so this pins the prior, sampling and explorers; the slow
    // suite below runs the learned densities.
    constexpr uint64_t kMisses[] = {90500, 86928, 82211, 77256, 71259, 67001, 63734, 61237};
    crucible::testing::check_byte_golden(cache::run_lhd, kMisses, 0);
    constexpr uint64_t kMissedBytes[] = {4209021952, 4060000768, 3824893440, 3594843136,
                                         3319633408, 3119866880, 2953787392, 2810359808};
    const auto* trace = crucible::testing::cloud_physics_trace();
    if (trace == nullptr) return;
    for (uint64_t i = 0; i < crucible::testing::kGoldenSizes; ++i) {
      const uint64_t capacity = (i + 1) * crucible::testing::kGoldenStepBytes;
      CAPTURE(capacity);
      CHECK(run_bytes(cache::run_lhd, *trace, capacity).missed_bytes == kMissedBytes[i]);
    }
  }
}

// Slow: 7.5 million requests, a few seconds on an idle core.
TEST_SUITE("evaluators.cache.slow") {
  TEST_CASE("LHD's learned hit densities raise its hit ratio above the prior's") {
    // The first 2^20 accesses run on the prior; by 5.5 million requests six reconfigurations
    // have re-fit the age coarsening and replaced the prior with measured densities. On the
    // stationary synthetic mix at 20,000 objects, the hit ratio of the last million requests is
    // 0.4428 against 0.3350 over a million-request trace of the same spec (measured). With
    // reconfiguration disabled the two are 0.3405 and 0.3350, so learning must add 5 points.
    const auto trace = crucible::testing::property_trace(6'500'000, 200'000);
    const auto early = crucible::testing::property_trace(1'000'000, 200'000);
    const auto late = cache::run_lhd(trace.requests, cache_of(trace, 20'000, false, 5'500'000));
    const auto prior = run(cache::run_lhd, early, 20'000);
    CAPTURE(late.miss_ratio());
    CAPTURE(prior.miss_ratio());
    CHECK(late.miss_ratio() + 0.05 < prior.miss_ratio());
  }
}
