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

namespace {

// Hit counts of every baseline as the std::list / unordered_map implementations (commit eb566b4)
// produced them, measured with crucible_bench_cache before the rewrite onto dense arrays; the
// rewrite must not change one of them.
struct Recorded {
  std::string_view policy;
  uint64_t cloud_hits[3];  // cloudPhysicsIO at 48, 489 and 4,897 objects
  uint64_t oltp_hits[2];   // OLTP at 1,000 and 5,000 blocks
};

constexpr Recorded kRecorded[] = {
    {"fifo", {10'013, 17'354, 22'156}, {260'805, 454'180}},
    {"lru", {11'049, 18'452, 22'215}, {300'122, 490'443}},
    {"sieve", {13'564, 19'453, 23'832}, {297'626, 474'305}},
    {"clock", {11'273, 18'540, 22'273}, {304'172, 492'078}},
    {"s3fifo", {14'067, 19'313, 28'181}, {373'315, 510'826}},
    {"belady", {17'355, 23'609, 42'252}, {490'093, 624'076}},
    {"lfu", {10'561, 17'107, 23'832}, {126'458, 255'926}},
    {"arc", {14'002, 19'643, 25'870}, {356'015, 505'080}},
    {"2q", {14'926, 19'299, 25'712}, {370'463, 509'438}},
};

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("every baseline keeps the hit counts its first implementation had on real traces") {
    auto cloud_path = crucible::testing::require_data("cache/cloudPhysicsIO.oracleGeneral.bin");
    auto oltp_path = crucible::testing::require_data("cache/arc/OLTP.lis.zst");
    if (!cloud_path || !oltp_path) return;
    const auto cloud = crucible::traces::read_trace(*cloud_path);
    const auto oltp = crucible::traces::read_trace(*oltp_path);
    constexpr uint64_t kOltpSizes[2] = {1'000, 5'000};
    for (const auto& recorded : kRecorded) {
      const auto* baseline = crucible::evaluators::cache::find_baseline(recorded.policy);
      REQUIRE(baseline != nullptr);
      CAPTURE(recorded.policy);
      for (size_t i = 0; i < 3; ++i) {
        CAPTURE(kCapacities[i]);
        CHECK(crucible::testing::run(baseline->run, cloud, kCapacities[i]).hits ==
              recorded.cloud_hits[i]);
      }
      for (size_t i = 0; i < 2; ++i) {
        CAPTURE(kOltpSizes[i]);
        CHECK(crucible::testing::run(baseline->run, oltp, kOltpSizes[i]).hits ==
              recorded.oltp_hits[i]);
      }
    }
  }
}
