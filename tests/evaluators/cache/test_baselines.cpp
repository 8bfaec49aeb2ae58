// The native baselines added beside FIFO and LRU (SIEVE, CLOCK, S3-FIFO, Belady, LFU) on
// hand-built request sequences whose hits follow from each policy's defining rule.
#include <doctest/doctest.h>

#include <initializer_list>
#include <vector>

#include "cache_support.hpp"
#include "evaluators/cache/baselines/baselines.hpp"
#include "traces/synthetic.hpp"

namespace {

namespace cache = crucible::evaluators::cache;
using crucible::traces::Request;

using crucible::testing::sequence;
using crucible::testing::run;

void append_range(std::vector<uint64_t>& out, uint64_t first, uint64_t last) {
  for (uint64_t id = first; id <= last; ++id) out.push_back(id);
}

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("SIEVE keeps visited objects in place and its hand persists between evictions") {
    // Capacity 3, queue head..tail after 1 2 3 is 3 2 1; the hit marks 1.
    // 4: the hand starts at the tail, clears 1, evicts 2 and stops at 3.
    // 2: the hand evicts 3 where it stood (a hand restarted at the tail would evict 1).
    // 1 hits; 3 evicts 4 (the hand's next stop); 4 misses.
    auto requests = sequence({1, 2, 3, 1, 4, 2, 1, 3, 4});
    CHECK(run(cache::run_sieve, requests, 3).hits == 2);
    // A new object is unvisited: with nothing hit, SIEVE is FIFO.
    auto no_hits = sequence({1, 2, 3, 4, 1, 2});
    CHECK(run(cache::run_sieve, no_hits, 3).hits == run(cache::run_fifo, no_hits, 3).hits);
  }

  TEST_CASE("CLOCK gives a referenced object a second chance that FIFO does not") {
    // Capacity 3: the hit sets 1's bit, so 4 evicts 2 and the next 1 hits; FIFO evicts 1 at 4.
    auto requests = sequence({1, 2, 3, 1, 4, 1, 2, 3});
    CHECK(run(cache::run_clock, requests, 3).hits == 2);
    CHECK(run(cache::run_fifo, requests, 3).hits == 1);
    // The second chance is spent: after the sweep cleared 1's bit, 2 and 3 evict 3 then 1.
    CHECK(run(cache::run_clock, sequence({1, 2, 3, 1, 4, 5, 6, 1}), 3).hits == 1);
  }

  TEST_CASE("S3-FIFO moves an object requested twice in the small queue to main") {
    // Capacity 10: small holds 1 object, main 9, ghost 9 ids. 1 is requested twice more while
    // in small (frequency 2 = the move-to-main threshold), so the scan of 11..30 moves it to main
    // instead of evicting it, and its last request hits.
    std::vector<uint64_t> twice;
    append_range(twice, 1, 10);
    twice.push_back(1);
    twice.push_back(1);
    append_range(twice, 11, 30);
    twice.push_back(1);
    CHECK(run(cache::run_s3fifo, sequence(twice), 10).hits == 3);
    // Requested once more only (frequency 1): 1 goes to the ghost, falls out of it during the
    // scan (9 ids), and misses.
    std::vector<uint64_t> once;
    append_range(once, 1, 10);
    once.push_back(1);
    append_range(once, 11, 30);
    once.push_back(1);
    CHECK(run(cache::run_s3fifo, sequence(once), 10).hits == 1);
  }

  TEST_CASE("S3-FIFO admits a ghost hit straight into main, where it survives a scan") {
    // 1..20 push 1..10 through small into the ghost; 10 is still there (the newest 9 ids), so
    // it enters main and survives the scan 21..40 that FIFO and LRU would not.
    std::vector<uint64_t> requests;
    append_range(requests, 1, 20);
    requests.push_back(10);
    append_range(requests, 21, 40);
    requests.push_back(10);
    CHECK(run(cache::run_s3fifo, sequence(requests), 10).hits == 1);
    CHECK(run(cache::run_fifo, sequence(requests), 10).hits == 0);
    CHECK(run(cache::run_lru, sequence(requests), 10).hits == 0);
    // 1 left the ghost when 10 entered it, so it comes back through small and the scan evicts it.
    std::vector<uint64_t> forgotten;
    append_range(forgotten, 1, 20);
    forgotten.push_back(1);
    append_range(forgotten, 21, 40);
    forgotten.push_back(1);
    CHECK(run(cache::run_s3fifo, sequence(forgotten), 10).hits == 0);
  }

  TEST_CASE("Belady evicts the object requested furthest in the future") {
    // Capacity 2: at 3, 1 is next requested before 2, so 2 goes and 1 hits; LRU evicts 1.
    auto requests = sequence({1, 2, 3, 1, 2});
    CHECK(run(cache::run_belady, requests, 2).hits == 1);
    CHECK(run(cache::run_lru, requests, 2).hits == 0);
    // An object never requested again is evicted first: 3 (never again) goes at 4, so 1 and 2 hit.
    CHECK(run(cache::run_belady, sequence({1, 2, 3, 4, 1, 2}), 3).hits == 2);
  }

  TEST_CASE("Belady hits at least as often as every online baseline") {
    crucible::traces::SyntheticSpec spec;
    spec.requests = 20'000;
    spec.objects = 2'000;
    auto trace = crucible::traces::generate_synthetic(spec);
    for (uint64_t capacity : {20, 200, 1'000}) {
      auto optimal = run(cache::run_belady, trace, capacity).hits;
      for (auto name : {"fifo", "lru", "sieve", "clock", "s3fifo", "lfu"}) {
        CAPTURE(name);
        CAPTURE(capacity);
        const auto* baseline = cache::find_baseline(name);
        REQUIRE(baseline != nullptr);
        CHECK(run(baseline->run, trace, capacity).hits <= optimal);
      }
    }
  }

  TEST_CASE("LFU evicts the least frequently used and breaks ties by recency") {
    // Capacity 2: 1 has two requests, 2 one, so 3 evicts 2 and the last 1 hits; LRU evicts 1.
    auto requests = sequence({1, 1, 2, 3, 1});
    CHECK(run(cache::run_lfu, requests, 2).hits == 2);
    CHECK(run(cache::run_lru, requests, 2).hits == 1);
    // Equal counts: 1 is the least recently used, so 3 evicts it and 2 hits.
    CHECK(run(cache::run_lfu, sequence({1, 2, 3, 2}), 2).hits == 1);
    CHECK(run(cache::run_lfu, sequence({1, 2, 3, 1}), 2).hits == 0);
    // Counts start again on reinsertion: 1 (two requests) loses to 2 (three) at 3, comes back
    // with count 1 and is evicted by the second 3, so the last 1 misses. Counting 1's lifetime
    // requests would evict 2 there instead and the last 1 would hit.
    CHECK(run(cache::run_lfu, sequence({1, 1, 2, 2, 2, 3, 1, 3, 1}), 2).hits == 3);
  }

  TEST_CASE("each new baseline is registered under its lower-case name") {
    for (auto name : {"sieve", "clock", "s3fifo", "belady", "lfu"}) {
      CAPTURE(name);
      const auto* baseline = cache::find_baseline(name);
      REQUIRE(baseline != nullptr);
      CHECK(!baseline->rule.empty());
    }
  }
}
