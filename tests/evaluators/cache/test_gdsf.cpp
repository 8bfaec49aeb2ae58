// GDSF on hand-built sequences whose hits follow from H = L + frequency / size, and golden miss
// counts from libCacheSim on its sample trace.
#include <doctest/doctest.h>

#include "sized_support.hpp"

namespace {

namespace cache = crucible::evaluators::cache;
using crucible::testing::run;
using crucible::testing::run_bytes;
using crucible::testing::sequence;
using crucible::testing::sized;

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("GDSF keeps the more frequent object where LRU keeps the more recent") {
    // Capacity 2: 1 has H = 2 after its second request, 2 has H = 1, so 3 evicts 2 and the last
    // 1 hits; LRU evicts 1 at 3.
    auto requests = sequence({1, 1, 2, 3, 1});
    CHECK(run(cache::run_gdsf, requests, 2).hits == 2);
    CHECK(run(cache::run_lru, requests, 2).hits == 1);
  }

  TEST_CASE("GDSF's inflation L ages an object that LFU would keep forever") {
    // Capacity 2. 1 reaches H = 3. 3 evicts 2 (H 1), so L = 1 and 3 enters at 2; 4 evicts 3, so
    // L = 2 and 4 enters at 3, level with 1; the tie goes to the older request, so 5 evicts 1
    // and the last 1 misses. LFU keeps 1 (three requests) against newcomers with one.
    auto requests = sequence({1, 1, 1, 2, 3, 4, 5, 1});
    CHECK(run(cache::run_gdsf, requests, 2).hits == 2);
    CHECK(run(cache::run_lfu, requests, 2).hits == 3);
  }

  TEST_CASE("GDSF at a byte capacity evicts the large object first") {
    // 10 bytes hold 2 (2 B), 3 (2 B) and 1 (6 B), whose H is 1/6 against 1/2: 4 (4 B) evicts 1
    // alone, so 2 and 3 hit. An LRU would evict 2 and then 3 to make the 4 bytes.
    auto requests = sized({{2, 2}, {3, 2}, {1, 6}, {4, 4}, {2, 2}, {3, 2}});
    CHECK(run_bytes(cache::run_gdsf, requests, 10).hits == 2);
    // An object larger than the cache is never admitted and evicts nothing: 2 hits after it.
    auto oversized = sized({{2, 2}, {9, 11}, {2, 2}, {9, 11}});
    const auto result = run_bytes(cache::run_gdsf, oversized, 10);
    CHECK(result.hits == 1);
    CHECK(result.missed_bytes == 24);
  }

  TEST_CASE("GDSF hits at most Belady's count, repeats itself, and misses only cold") {
    const auto trace = crucible::testing::property_trace();
    for (uint64_t capacity : {20, 200, 1'000}) {
      CAPTURE(capacity);
      CHECK(run(cache::run_gdsf, trace, capacity).hits <=
            run(cache::run_belady, trace, capacity).hits);
      crucible::testing::check_common_properties(cache::run_gdsf, trace, capacity);
    }
    crucible::testing::check_rejects_foreign_ids(cache::run_gdsf);
  }

  TEST_CASE("GDSF matches libCacheSim's miss counts and bytes on cloudPhysicsIO exactly") {
    // libCacheSim test/test_evictionAlgo.c, test_GDSF: 128 MiB to 1 GiB by 128 MiB.
    constexpr uint64_t kMisses[] = {89068, 84750, 74853, 70488, 67919, 64180, 61029, 58721};
    crucible::testing::check_byte_golden(cache::run_gdsf, kMisses, 0);
    constexpr uint64_t kMissedBytes[] = {4210604032, 4057062912, 3719372800, 3436728320,
                                         3271431168, 3029728768, 2828587520, 2677800448};
    const auto* trace = crucible::testing::cloud_physics_trace();
    if (trace == nullptr) return;
    for (uint64_t i = 0; i < crucible::testing::kGoldenSizes; ++i) {
      const uint64_t capacity = (i + 1) * crucible::testing::kGoldenStepBytes;
      CAPTURE(capacity);
      CHECK(run_bytes(cache::run_gdsf, *trace, capacity).missed_bytes == kMissedBytes[i]);
    }
  }
}
