// The tiering workload from its JSON spec: every configuration error names its field, instances
// and references, held-out halves, quick workloads, the fitness's guard against made-up figures,
// and on every committed capture the oracle at least as fast as every baseline.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "evaluators/domain.hpp"
#include "evaluators/registry.hpp"
#include "evaluators/tiering/baselines/baselines.hpp"
#include "evaluators/tiering/workload.hpp"
#include "traces/trace.hpp"

namespace {

using crucible::evaluators::ConfigError;
using crucible::evaluators::find_domain;
using crucible::evaluators::InstanceMetrics;
using json = nlohmann::json;

json gups(uint64_t accesses = 40'000, uint64_t seed = 1) {
  return {{"kind", "gups"}, {"accesses", accesses}, {"pages", 2'000}, {"hot_pages", 200},
          {"shift_every", 10'000}, {"seed", seed}};
}

json spec_with(const json& changes) {
  json spec = {{"traces", json::array({{{"synthetic", gups()}}})}, {"sizes", {"10%", 500}}};
  spec.merge_patch(changes);
  return spec;
}

std::unique_ptr<crucible::evaluators::Workload> load(const json& spec) {
  return find_domain("tiering").load_workload(spec, CRUCIBLE_SOURCE_DIR);
}

}  // namespace

TEST_SUITE("evaluators.tiering.workload") {
  TEST_CASE("configuration errors name the field") {
    const std::vector<std::pair<json, std::string>> cases = {
        {spec_with({{"capacity", "bytes"}}), "workload.capacity: unknown key"},
        {spec_with({{"sizes", {"0%"}}}), "workload.sizes[0]: the share must be in (0%, 100%]"},
        {spec_with({{"sizes", {"lots"}}}), "workload.sizes[0]: expected a fast-tier size"},
        {spec_with({{"sizes", json::array()}}), "workload.sizes"},
        {spec_with({{"memory", {{"preset", "hbm"}}}}), "workload.memory.preset: unknown memory preset \"hbm\""},
        {spec_with({{"memory", {{"slow_read_ns", 10}}}}), "workload.memory: the slow tier must be no faster"},
        {spec_with({{"memory", {{"migration_limit", 0}}}}), "workload.memory.migration_limit"},
        {spec_with({{"memory", {{"bandwidth", 1}}}}), "workload.memory.bandwidth: unknown key"},
        {spec_with({{"fitness", "hit_ratio"}}), "workload.fitness: unknown fitness \"hit_ratio\""},
        {spec_with({{"policy", {{"interface", "lazy"}}}}), "workload.policy.interface: unknown interface"},
        {spec_with({{"epoch", 0}}), "workload.epoch"},
        {spec_with({{"epoch", 1}, {"traces", json::array({{{"synthetic", gups(40'000)}}})}}), ""},
        {spec_with({{"traces", json::array({{{"path", "traces/captured/README.md"}}})}}),
         "workload.traces[0].path: the tiering domain reads page traces"},
        {spec_with({{"traces", json::array({{{"synthetic", gups()}}, {{"synthetic", gups()}}})}}),
         "workload.traces[1]: a second trace named \"gups\""},
        {spec_with({{"traces", json::array({{{"synthetic", gups()}, {"slice", {{"fraction", 1.5}}}}})}}),
         "workload.traces[0].slice.fraction: must be a number in (0, 1)"},
        {spec_with({{"traces", json::array({{{"synthetic", {{"kind", "gups"}, {"hot", 1}}}}})}}),
         "workload.traces[0].synthetic"},
    };
    for (const auto& [spec, message] : cases) {
      CAPTURE(spec.dump());
      if (message.empty()) {
        CHECK_NOTHROW(load(spec));  // one time unit per epoch: 40,000 epochs is allowed
        continue;
      }
      try {
        load(spec);
        FAIL("no error");
      } catch (const ConfigError& error) {
        CHECK(std::string(error.what()).find(message) != std::string::npos);
      } catch (const crucible::traces::TraceError& error) {
        CHECK(std::string(error.what()).find(message) != std::string::npos);
      }
    }
    CHECK_THROWS_WITH_AS(load(spec_with({{"traces", json::array({{{"path", "no/such.pages.zst"}}})}})),
                         doctest::Contains("no/such.pages.zst"), crucible::traces::TraceError);
  }

  TEST_CASE("instances references and held-out halves") {
    auto workload = load(spec_with({{"traces", json::array({{{"synthetic", gups()},
                                                             {"slice", {{"fraction", 0.5}}}}})}}));
    const auto& instances = workload->instances();
    REQUIRE(instances.size() == 2);
    CHECK(instances[0].key == "gups[0:50%]@10%");
    CHECK(instances[1].key == "gups[0:50%]@500");
    CHECK(instances[0].setting.starts_with("10% ("));
    const auto* held_out = workload->held_out();
    REQUIRE(held_out != nullptr);
    CHECK(held_out->instances()[0].key == "gups[holdout]@10%");
    CHECK(held_out->instances()[0].is_holdout);
    const auto& tiers = dynamic_cast<const crucible::evaluators::tiering::TierWorkload&>(*workload);
    const auto& cell = tiers.cells()[0];
    CHECK(cell.accesses == 20'000);
    CHECK(cell.all_fast_ns < cell.all_slow_ns);
    CHECK(cell.oracle.time_ns() < cell.all_slow_ns);
    CHECK(cell.baselines.size() == 7);
    // The epoch comes from the whole trace's span, so both halves use the same one.
    const auto& rest = dynamic_cast<const crucible::evaluators::tiering::TierWorkload&>(*held_out);
    CHECK(rest.cells()[0].config.epoch_length == cell.config.epoch_length);
    auto oracle = workload->evaluate_baseline("oracle");
    CHECK(oracle[0].metric == doctest::Approx(cell.all_slow_ns / cell.oracle.time_ns()));
    CHECK(oracle[0].details["oracle_gain"].get<double>() == doctest::Approx(1.0));
    CHECK(oracle[0].details["speedup_vs"].size() == 7);
    CHECK_THROWS_WITH_AS(workload->evaluate_baseline("lru"), doctest::Contains("unknown tiering baseline \"lru\""),
                         ConfigError);
  }

  TEST_CASE("fitness scores speedups and rejects one past the all-fast bound") {
    const json phases = json::array(
        {{{"synthetic", {{"kind", "phases"}, {"accesses", 60'000}, {"pages", 3'000}, {"phases", 3}}}}});
    auto workload = load(spec_with({{"fitness", "oracle_gain"}, {"traces", phases}}));
    const auto& tiers = dynamic_cast<const crucible::evaluators::tiering::TierWorkload&>(*workload);
    auto oracle = workload->evaluate_baseline("oracle");
    CHECK(workload->fitness(oracle) == doctest::Approx(1.0));
    auto first_touch = workload->evaluate_baseline("first_touch");
    const double gain = workload->fitness(first_touch);
    CHECK(gain < 1.0);
    auto made_up = oracle;
    for (size_t i = 0; i < made_up.size(); ++i) {
      const auto& cell = tiers.cells()[i];
      made_up[i].metric = cell.all_slow_ns / cell.all_fast_ns * 1.01;
    }
    CHECK(workload->fitness(made_up) == 0.0);
    auto speedup = load(spec_with({{"traces", phases}}));
    CHECK(speedup->fitness(speedup->evaluate_baseline("first_touch")) ==
          doctest::Approx((first_touch[0].metric + first_touch[1].metric) / 2));
  }

  TEST_CASE("a quick workload replays the leading accesses with its own references") {
    auto workload = load(spec_with(json::object()));
    auto quick = workload->make_quick(0.25);
    const auto& cells =
        dynamic_cast<const crucible::evaluators::tiering::TierWorkload&>(*quick).cells();
    CHECK(cells[0].accesses == 10'000);
    CHECK(quick->instances()[0].key == workload->instances()[0].key);
    auto metrics = quick->evaluate_baseline("first_touch");
    CHECK(metrics[0].details["accesses"] == 10'000);
    CHECK_THROWS_AS(workload->make_quick(0), ConfigError);
  }

  TEST_CASE("on every committed capture the oracle is at least as fast as every baseline") {
    for (const char* name : {"xz", "sort", "tsort", "sqlite3", "sqlite3_rounds"}) {
      const json spec = {
          {"traces", json::array({{{"path", std::string("traces/captured/") + name + ".pages.zst"}}})},
          {"sizes", {"10%", "25%", "50%"}}};
      auto workload = load(spec);
      auto oracle = workload->evaluate_baseline("oracle");
      for (const auto& baseline : crucible::evaluators::tiering::all_baselines()) {
        if (baseline.is_oracle) continue;
        auto metrics = workload->evaluate_baseline(baseline.name);
        for (size_t i = 0; i < metrics.size(); ++i) {
          CAPTURE(metrics[i].instance);
          CAPTURE(baseline.name);
          CHECK(oracle[i].metric >= metrics[i].metric);
        }
      }
    }
  }
}
