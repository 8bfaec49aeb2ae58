// The cache workload's quick form (Workload::make_quick): a prefix of each trace at the same sizes,
// sharing the loaded requests, whose every simulator and reference equals a run on the truncated
// trace.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "evaluators/cache/baselines/baselines.hpp"
#include "evaluators/cache/workload.hpp"
#include "evaluators/registry.hpp"
#include "sized_support.hpp"

namespace {

namespace cache = crucible::evaluators::cache;
namespace traces = crucible::traces;
using crucible::evaluators::ConfigError;
using crucible::evaluators::Workload;

std::unique_ptr<Workload> load(const nlohmann::json& spec) {
  return crucible::evaluators::find_domain("cache").load_workload(spec, ".");
}

nlohmann::json spec_with(nlohmann::json warmup) {
  nlohmann::json spec = {
      {"traces", {{{"synthetic", {{"requests", 20'000}, {"objects", 2'000}}}}}},
      {"sizes", {"5%", 300}}};
  if (!warmup.is_null()) spec["warmup"] = warmup;
  return spec;
}

// The first `length` requests as a trace of their own: a next request past the end is none.
std::vector<traces::Request> truncated(const traces::Trace& trace, uint64_t length) {
  std::vector<traces::Request> requests(trace.requests.begin(), trace.requests.begin() + length);
  for (auto& request : requests) {
    if (request.next != traces::kNoNextRequest && request.next >= length) {
      request.next = traces::kNoNextRequest;
    }
  }
  return requests;
}

// The property trace with sizes 1..64 bytes drawn per object, so byte runs break ties by size.
traces::Trace sized_property_trace() {
  traces::Trace plain = crucible::testing::property_trace();
  std::mt19937_64 random(7);
  std::vector<uint32_t> sizes(plain.objects());
  for (auto& size : sizes) size = static_cast<uint32_t>(1 + random() % 64);
  traces::TraceBuilder builder(plain.requests.size());
  for (const auto& request : plain.requests) {
    builder.add({plain.object_ids[request.id], sizes[request.id], 0});
  }
  return builder.finish();
}

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("a quick workload keeps the keys and runs a prefix of each trace") {
    auto full = load(spec_with(nullptr));
    auto quick = full->make_quick(0.1);
    REQUIRE(quick != nullptr);
    REQUIRE(quick->instances().size() == full->instances().size());
    for (size_t i = 0; i < full->instances().size(); ++i) {
      CHECK(quick->instances()[i].key == full->instances()[i].key);
    }
    const auto& full_cache = dynamic_cast<const cache::CacheWorkload&>(*full);
    const auto& quick_cache = dynamic_cast<const cache::CacheWorkload&>(*quick);
    CHECK(&quick_cache.traces() == &full_cache.traces());  // shared, not copied
    for (size_t i = 0; i < quick_cache.cells().size(); ++i) {
      CHECK(quick_cache.cells()[i].requests == 2'000);
      CHECK(full_cache.cells()[i].requests == 20'000);
      CHECK(quick_cache.cells()[i].config.capacity == full_cache.cells()[i].config.capacity);
    }
    auto fifo = quick->evaluate_baseline("fifo");
    CHECK(fifo[0].details["requests"].get<uint64_t>() == 2'000);
    CHECK(quick->fitness(fifo) == doctest::Approx(0.0));  // its references are on the prefix
    for (const auto& metrics : quick->evaluate_baseline("belady")) {
      CHECK(metrics.details["gap_to_belady"].get<double>() == doctest::Approx(0.0));
    }
  }

  TEST_CASE("every baseline on a quick workload equals its run on the truncated trace") {
    auto full = load(spec_with("10%"));
    auto quick = full->make_quick(0.25);
    const auto& quick_cache = dynamic_cast<const cache::CacheWorkload&>(*quick);
    const auto& trace = quick_cache.traces().front();
    for (const auto& baseline : cache::all_baselines()) {
      CAPTURE(baseline.name);
      auto metrics = quick->evaluate_baseline(baseline.name);
      for (size_t i = 0; i < metrics.size(); ++i) {
        const auto& cell = quick_cache.cells()[i];
        CHECK(cell.config.warmup == 500);  // 10% of the 5,000-request prefix
        auto expected = baseline.run(truncated(trace, cell.requests), cell.config);
        CHECK(metrics[i].details["hits"].get<uint64_t>() == expected.hits);
        CHECK(metrics[i].details["requests"].get<uint64_t>() == expected.requests);
      }
    }
  }

  TEST_CASE("Belady and BeladySize on a prefix equal their runs on the truncated trace") {
    const traces::Trace trace = sized_property_trace();
    const uint64_t length = 3'001;
    std::span<const traces::Request> prefix(trace.requests.data(), length);
    const auto cut = truncated(trace, length);
    for (bool is_bytes : {false, true}) {
      CAPTURE(is_bytes);
      const auto config = crucible::testing::cache_of(trace, is_bytes ? 2'000 : 100, is_bytes);
      for (auto policy : {cache::run_belady, cache::run_belady_size}) {
        const auto on_prefix = policy(prefix, config);
        const auto on_cut = policy(cut, config);
        CHECK(on_prefix.hits == on_cut.hits);
        CHECK(on_prefix.missed_bytes == on_cut.missed_bytes);
      }
    }
  }

  TEST_CASE("a quick workload outlives the one it came from") {
    auto full = load(spec_with(nullptr));
    auto quick = full->make_quick(0.5);
    const double lru_fitness = quick->fitness(quick->evaluate_baseline("lru"));
    full.reset();
    CHECK(quick->fitness(quick->evaluate_baseline("lru")) == doctest::Approx(lru_fitness));
    CHECK(quick->held_out() == nullptr);
  }

  TEST_CASE("a quick workload measures at least one request after the warm-up") {
    auto full = load(spec_with(19'999));
    auto quick = full->make_quick(1e-9);
    const auto& cell = dynamic_cast<const cache::CacheWorkload&>(*quick).cells().front();
    CHECK(cell.requests == 1);
    CHECK(cell.config.warmup == 0);
    CHECK(quick->evaluate_baseline("fifo")[0].details["requests"].get<uint64_t>() == 1);
  }

  TEST_CASE("a quick fraction outside the unit interval is refused") {
    auto full = load(spec_with(nullptr));
    CHECK_THROWS_AS((void)full->make_quick(0.0), ConfigError);
    CHECK_THROWS_AS((void)full->make_quick(1.5), ConfigError);
    CHECK_THROWS_AS((void)full->make_quick(std::nan("")), ConfigError);
    CHECK(full->make_quick(1.0) != nullptr);
  }
}
