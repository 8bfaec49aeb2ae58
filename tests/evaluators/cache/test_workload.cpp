// The cache workload: instances from traces and sizes, warm-up, references and fitness.
#include <doctest/doctest.h>

#include <string>

#include "cache_support.hpp"
#include "evaluators/cache/baselines/baselines.hpp"
#include "evaluators/cache/workload.hpp"
#include "evaluators/registry.hpp"

namespace {

namespace cache = crucible::evaluators::cache;
using crucible::evaluators::ConfigError;
using crucible::testing::cache_of;
using crucible::testing::sequence;

std::unique_ptr<crucible::evaluators::Workload> load(nlohmann::json spec) {
  return crucible::evaluators::find_domain("cache").load_workload(spec, ".");
}

nlohmann::json small_spec() {
  return {{"traces", {{{"synthetic", {{"requests", 20'000}, {"objects", 2'000}}}}}},
          {"sizes", {"5%", 300}}};
}

std::string error_of(nlohmann::json spec) {
  try {
    load(std::move(spec));
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("warm-up requests are simulated but not counted") {
    // Capacity 2: 1 2 fill the cache during warm-up, so the counted 1 2 are both hits.
    auto trace = sequence({1, 2, 1, 2});
    auto result = cache::run_lru(trace.requests, cache_of(trace, 2, false, 2));
    CHECK(result.requests == 2);
    CHECK(result.hits == 2);
    CHECK(result.warmup == 2);
    CHECK(result.miss_ratio() == 0.0);
    auto cold = cache::run_lru(trace.requests, cache_of(trace, 2));
    CHECK(cold.requests == 4);
    CHECK(cold.hits == 2);
  }

  TEST_CASE("FIFO scores zero reduction and Belady the most, under the default fitness") {
    auto workload = load(small_spec());
    REQUIRE(workload->instances().size() == 2);
    CHECK(workload->instances()[0].key == "synthetic@5%");
    const auto& traces = dynamic_cast<const cache::CacheWorkload&>(*workload).traces();
    const uint64_t five_percent = traces.front().objects() * 5 / 100;
    CHECK(workload->instances()[0].setting == "5% (" + std::to_string(five_percent) + ")");
    CHECK(workload->fitness_name() == "mean miss-ratio reduction vs FIFO");
    auto fifo = workload->evaluate_baseline("fifo");
    auto lru = workload->evaluate_baseline("lru");
    auto belady = workload->evaluate_baseline("belady");
    CHECK(workload->fitness(fifo) == doctest::Approx(0.0));
    CHECK(workload->fitness(belady) > workload->fitness(lru));
    for (size_t i = 0; i < belady.size(); ++i) {
      const auto& details = belady[i].details;
      CHECK(details["gap_to_belady"].get<double>() == doctest::Approx(0.0));
      double expected = (fifo[i].metric - belady[i].metric) / fifo[i].metric;
      CHECK(details["reduction_vs_fifo"].get<double>() == doctest::Approx(expected));
      CHECK(lru[i].details["gap_to_belady"].get<double>() > 0.0);
    }
  }

  TEST_CASE("the fitness is configurable and its name says which") {
    auto spec = small_spec();
    spec["fitness"] = "hit_ratio";
    auto workload = load(spec);
    CHECK(workload->fitness_name() == "mean hit ratio");
    auto lru = workload->evaluate_baseline("lru");
    double mean_hits = (2.0 - lru[0].metric - lru[1].metric) / 2.0;
    CHECK(workload->fitness(lru) == doctest::Approx(mean_hits));
    spec["fitness"] = "byte_hit_ratio";
    auto bytes = load(spec);
    double byte_hits = 1.0 - (lru[0].details["byte_miss_ratio"].get<double>() +
                              lru[1].details["byte_miss_ratio"].get<double>()) / 2.0;
    CHECK(bytes->fitness(lru) == doctest::Approx(byte_hits));
  }

  TEST_CASE("warm-up as a share is taken per trace and leaves something to measure") {
    auto spec = small_spec();
    spec["warmup"] = "10%";
    auto workload = load(spec);
    auto lru = workload->evaluate_baseline("lru");
    CHECK(lru[0].details["warmup"] == 2'000);
    CHECK(lru[0].details["requests"] == 18'000);
    spec["warmup"] = 500;
    CHECK(load(spec)->evaluate_baseline("lru")[0].details["requests"] == 19'500);
  }

  TEST_CASE("bad workload fields are named in the error") {
    auto spec = small_spec();
    spec["fitness"] = "speed";
    CHECK(error_of(spec).find("workload.fitness: unknown fitness \"speed\"") != std::string::npos);
    spec = small_spec();
    spec["capacity"] = "pages";
    CHECK(error_of(spec).find("workload.capacity: unknown capacity unit \"pages\"") !=
          std::string::npos);
    spec = small_spec();
    spec["warmup"] = "ten";
    CHECK(error_of(spec).find("workload.warmup: expected a request count") != std::string::npos);
    spec["warmup"] = "100%";
    CHECK(error_of(spec).find("workload.warmup: the share must be in [0%, 100%)") !=
          std::string::npos);
    spec["warmup"] = 20'000;
    CHECK(error_of(spec).find("leave none of trace synthetic") != std::string::npos);
    spec = small_spec();
    spec["cache"] = 1;
    CHECK(error_of(spec).find("cache") != std::string::npos);
  }
}
