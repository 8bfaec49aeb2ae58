// Golden miss ratios on libCacheSim's sample trace (cloudPhysicsIO, 113,872 requests over 48,974
// objects), object-count capacities of 0.1%, 1% and 10% of the objects. Expected figures: the
// output of libCacheSim's `cachesim`, recorded in ../shared/data/README.md.
#include <doctest/doctest.h>

#include <cmath>
#include <string_view>

#include "evaluators/cache/baselines/baselines.hpp"
#include "cache_support.hpp"
#include "support.hpp"
#include "traces/trace.hpp"

namespace {

struct Golden {
  std::string_view policy;
  double miss_ratio[3];  // at 48, 489 and 4,897 objects
};

constexpr uint64_t kCapacities[3] = {48, 489, 4'897};

constexpr Golden kGolden[] = {
    {"fifo", {0.9121, 0.8476, 0.8054}},
    {"lru", {0.9030, 0.8380, 0.8049}},
    {"sieve", {0.8809, 0.8292, 0.7907}},
    {"belady", {0.8476, 0.7927, 0.6290}},
};

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("FIFO, LRU, SIEVE and Belady match libCacheSim's miss ratios on cloudPhysicsIO") {
    auto path = crucible::testing::require_data("cache/cloudPhysicsIO.oracleGeneral.bin");
    if (!path) return;
    const auto trace = crucible::traces::read_trace(*path);
    REQUIRE(trace.requests.size() == 113'872);
    for (const auto& golden : kGolden) {
      const auto* baseline = crucible::evaluators::cache::find_baseline(golden.policy);
      REQUIRE(baseline != nullptr);
      for (size_t i = 0; i < 3; ++i) {
        double measured = crucible::testing::run(baseline->run, trace, kCapacities[i]).miss_ratio();
        CAPTURE(golden.policy);
        CAPTURE(kCapacities[i]);
        CAPTURE(measured);
        CHECK(std::round(measured * 1e4) / 1e4 == doctest::Approx(golden.miss_ratio[i]));
      }
    }
  }
}
