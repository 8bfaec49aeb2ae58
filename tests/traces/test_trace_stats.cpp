// Trace statistics: what `crucible traces info` reports.
#include <doctest/doctest.h>

#include <utility>
#include <vector>

#include "support.hpp"
#include "traces/trace.hpp"

using crucible::traces::compute_stats;
using crucible::traces::Request;
using crucible::traces::Trace;

TEST_SUITE("traces") {
  TEST_CASE("stats count requests, objects, bytes, one-hit wonders and object sizes") {
    // ids 1 (3 requests, 100 B), 2 (once, 10 B), 3 (twice, 1000 B), 4 (once, 50 B)
    crucible::traces::TraceBuilder builder;
    for (auto [id, size] : std::vector<std::pair<uint64_t, uint32_t>>{
             {1, 100}, {2, 10}, {1, 100}, {3, 1000}, {1, 100}, {3, 1000}, {4, 50}}) {
      builder.add({id, size, 0});
    }
    auto stats = compute_stats(builder.finish());
    CHECK(stats.requests == 7);
    CHECK(stats.unique_objects == 4);
    CHECK(stats.footprint_bytes == 1160);
    CHECK(stats.requested_bytes == 2360);
    CHECK(stats.one_hit_wonders == 2);
    CHECK(stats.size_min == 10);
    CHECK(stats.size_median == 100);
    CHECK(stats.size_max == 1000);
  }

  TEST_CASE("cloudPhysicsIO has the documented request and object counts") {
    auto path = crucible::testing::require_data("cache/cloudPhysicsIO.oracleGeneral.bin");
    if (!path) return;
    auto stats = compute_stats(crucible::traces::read_trace(*path));
    CHECK(stats.requests == 113'872);
    CHECK(stats.unique_objects == 48'974);
    CHECK(stats.one_hit_wonders > 0);
    CHECK(stats.one_hit_wonders < stats.unique_objects);
  }
}
