// ARC on the ARC paper's OLTP trace against the paper's published hit ratios.
#include <doctest/doctest.h>

#include <cmath>
#include <utility>

#include "evaluators/cache/baselines/baselines.hpp"
#include "cache_support.hpp"
#include "support.hpp"
#include "traces/trace.hpp"

TEST_SUITE("evaluators.cache") {
  TEST_CASE("ARC on OLTP is within 0.02 points of the ARC paper, as close as libCacheSim's ARC") {
    // Megiddo and Modha, "ARC: A Self-Tuning, Low Overhead Replacement Cache", FAST 2003, the OLTP
    // table; figures as listed in ../shared/data/README.md. Hit ratio counts cold misses. The
    // issue asks for 0.05; the README records that libCacheSim's ARC lands within 0.02 of each,
    // and so must ours. Measured here: 38.945, 46.076, 55.252, 61.873, 65.401.
    auto path = crucible::testing::require_data("cache/arc/OLTP.lis.zst");
    if (!path) return;
    auto trace = crucible::traces::read_trace(*path);
    const std::pair<uint64_t, double> kPublished[] = {
        {1'000, 38.93}, {2'000, 46.08}, {5'000, 55.25}, {10'000, 61.87}, {15'000, 65.40}};
    for (const auto& [blocks, hit_percent] : kPublished) {
      auto result = crucible::testing::run(crucible::evaluators::cache::run_arc, trace, blocks);
      double measured =
          100.0 * static_cast<double>(result.hits) / static_cast<double>(result.requests);
      INFO("cache of " << blocks << " blocks: measured " << measured << "%, paper " << hit_percent);
      CHECK(std::abs(measured - hit_percent) <= 0.05);
      CHECK(std::abs(measured - hit_percent) <= 0.02);
    }
  }
}
