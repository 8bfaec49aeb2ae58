// LIRS on hand-built sequences whose hits follow from its LIR/HIR rules, and its distance from
// libCacheSim's figures on the sample trace.
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

// At 3 objects the HIR share is max(1, 1% of 3) = 1 block and the LIR set holds 2.
TEST_SUITE("evaluators.cache") {
  TEST_CASE("LIRS keeps its LIR blocks through a scan that flushes LRU") {
    // 1 and 2 fill the LIR set and hit. The scan 3-6 passes through the single HIR slot: each
    // newcomer evicts the previous one from Q, so 1 and 2 hit again. LRU loses both to the scan.
    auto requests = sequence({1, 2, 1, 2, 3, 4, 5, 6, 1, 2});
    CHECK(run(cache::run_lirs, requests, 3).hits == 4);
    CHECK(run(cache::run_lru, requests, 3).hits == 2);
  }

  TEST_CASE("LIRS turns a block requested again while in stack S into an LIR block") {
    // 3 enters as HIR, is evicted by 4 but keeps a non-resident entry in S. Its second request
    // finds that entry: 3 becomes LIR and the bottom LIR block, 1, moves to Q as HIR. The scan
    // 5-7 then cycles through Q, and the final 3 hits (counted alone, after 8 warm-up
    // requests). An LRU has evicted 3 by then.
    auto requests = sequence({1, 2, 3, 4, 3, 5, 6, 7, 3});
    CHECK(cache::run_lirs(requests.requests, cache_of(requests, 3, false, 8)).hits == 1);
    CHECK(cache::run_lru(requests.requests, cache_of(requests, 3, false, 8)).hits == 0);
    // Without its second request 3 stays HIR and the scan evicts it.
    auto once = sequence({1, 2, 3, 4, 8, 5, 6, 7, 3});
    CHECK(cache::run_lirs(once.requests, cache_of(once, 3, false, 8)).hits == 0);
  }

  TEST_CASE("LIRS turns a resident HIR block hit while in stack S into an LIR block") {
    // 3 enters as HIR (top of S, in Q) and its hit at 3 finds it in S: it becomes LIR and 1,
    // the bottom LIR block, moves to Q. The scan 4-6 cycles through Q, so 3 hits at 7 (counted
    // alone, after 7 warm-up requests) while 1, evicted by 4, misses. LRU holds 4-6 at 7.
    auto requests = sequence({1, 2, 3, 3, 4, 5, 6, 3});
    CHECK(cache::run_lirs(requests.requests, cache_of(requests, 3, false, 7)).hits == 1);
    CHECK(cache::run_lru(requests.requests, cache_of(requests, 3, false, 7)).hits == 0);
    auto demoted = sequence({1, 2, 3, 3, 4, 5, 6, 1});
    CHECK(cache::run_lirs(demoted.requests, cache_of(demoted, 3, false, 7)).hits == 0);
  }

  TEST_CASE("LIRS keeps a HIR block HIR when it is hit outside stack S") {
    // Capacity 3. 3 enters as HIR; the hit on 1 (the bottom LIR block) prunes 3's entry out of
    // S, so the hit on 3 finds it only in Q: it stays HIR (and goes back into S at the top).
    // 4 then evicts 3, the oldest of Q, and both later requests of 1 and 2 hit.
    auto requests = sequence({1, 2, 3, 2, 1, 3, 4, 1, 2, 3});
    const auto result = run(cache::run_lirs, requests, 3);
    CHECK(result.hits == 5);
    // Counted from the final request alone: 3 was the victim.
    CHECK(cache::run_lirs(requests.requests, cache_of(requests, 3, false, 9)).hits == 0);
  }

  TEST_CASE("LIRS at a byte capacity evicts the resident HIR block, not an older LIR one") {
    // 10,000 bytes: the HIR share is 100 B, the LIR set 9,900 B. 1 (5,000 B) and 2 (4,900 B)
    // fill the LIR set; 3 (100 B) is HIR; 4 (100 B) evicts 3, the only block of Q, so 1 and 2
    // hit and 3 misses. An LRU would evict 1, the least recently used.
    auto requests =
        sized({{1, 5'000}, {2, 4'900}, {3, 100}, {4, 100}, {1, 5'000}, {2, 4'900}, {3, 100}});
    CHECK(run_bytes(cache::run_lirs, requests, 10'000).hits == 2);
    // An object larger than the cache is not admitted and disturbs nothing.
    auto oversized = sized({{1, 400}, {9, 1'200}, {1, 400}});
    CHECK(run_bytes(cache::run_lirs, oversized, 1'000).hits == 1);
  }

  TEST_CASE("LIRS hits at most Belady's count, repeats itself, and misses only cold") {
    const auto trace = crucible::testing::property_trace();
    for (auto policy : {cache::run_lirs, cache::run_lirs_as_libcachesim}) {
      for (uint64_t capacity : {20, 200, 1'000}) {
        CAPTURE(capacity);
        CHECK(run(policy, trace, capacity).hits <= run(cache::run_belady, trace, capacity).hits);
        crucible::testing::check_common_properties(policy, trace, capacity);
      }
      crucible::testing::check_rejects_foreign_ids(policy);
    }
  }

  // libCacheSim test/test_evictionAlgo.c, test_LIRS: 128 MiB to 1 GiB by 128 MiB.
  constexpr uint64_t kLibCacheSimMisses[] = {89819, 79237, 73143, 70363,
                                             68405, 64494, 58640, 53924};

  TEST_CASE("LIRS with libCacheSim's demotion on Q hits equals its figures on cloudPhysicsIO") {
    crucible::testing::check_byte_golden(cache::run_lirs_as_libcachesim, kLibCacheSimMisses, 0);
    constexpr uint64_t kMissedBytes[] = {4060558336, 3525952512, 3199406080, 3011810816,
                                         2848310272, 2580918784, 2361375744, 2288325120};
    const auto* trace = crucible::testing::cloud_physics_trace();
    if (trace == nullptr) return;
    for (uint64_t i = 0; i < crucible::testing::kGoldenSizes; ++i) {
      const uint64_t capacity = (i + 1) * crucible::testing::kGoldenStepBytes;
      CAPTURE(capacity);
      CHECK(run_bytes(cache::run_lirs_as_libcachesim, *trace, capacity).missed_bytes ==
            kMissedBytes[i]);
    }
  }

  TEST_CASE("LIRS as the paper has it lands within 0.4% of requests of libCacheSim's misses") {
    // Without the demotion on Q hits. Measured gaps: at most 352 requests (896 MiB), 11 or
    // fewer at the other seven sizes.
    crucible::testing::check_byte_golden(cache::run_lirs, kLibCacheSimMisses, 455);
  }
}
