// Every seed of both tiering interfaces through the real sandbox (verify, compile, isolated run)
// on a synthetic trace, the native copies of two seeds giving the very same figures, and the
// hooks mechanism's contract checks.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <utility>

#include "evaluators/domain.hpp"
#include "evaluators/registry.hpp"
#include "evaluators/tiering/mechanisms.hpp"
#include "evaluators/tiering/workload.hpp"
#include "sandbox/pipeline.hpp"
#include "search/candidate_eval.hpp"
#include "tiering_support.hpp"

// The seeds themselves, so the native runs are the very code the sandbox compiles.
#include "evaluators/tiering/seeds/ewma.cpp"
#include "evaluators/tiering/seeds/hot_swap_hooks.cpp"

namespace {

namespace tiering = crucible::evaluators::tiering;
using crucible::evaluators::InvalidDecision;
using json = nlohmann::json;

json spec_for(const std::string& interface) {
  return {{"traces", json::array({{{"synthetic", {{"kind", "phases"}, {"accesses", 60'000},
                                                  {"pages", 3'000}, {"phases", 3}}}}})},
          {"sizes", {"10%"}},
          {"policy", {{"interface", interface}}}};
}

crucible::search::ScoredCandidate run_seed(const crucible::evaluators::Workload& workload,
                                           const std::string& source) {
  const auto& domain = crucible::evaluators::find_domain("tiering");
  crucible::search::SearchOptions options;
  options.jobs = 1;
  auto result = crucible::sandbox::run_job(crucible::search::make_job(domain, workload, source),
                                           crucible::search::pipeline_options(options));
  return crucible::search::score_result(domain, workload, std::move(result));
}

void leave_free_unset(TierHooks* out) {
  crucible_tier_hooks(out);
  out->free = nullptr;
}
uint64_t move_everything(TierHooksPolicy*, const TierPage*, const TierState* state,
                         uint64_t* moves) {
  for (uint64_t i = 0; i < state->migration_limit; ++i) moves[i] = 0;
  return state->migration_limit + 1;
}
void overflow_moves(TierHooks* out) {
  crucible_tier_hooks(out);
  out->on_epoch = move_everything;
}

}  // namespace

TEST_SUITE("evaluators.tiering.seeds") {
  TEST_CASE("every seed verifies compiles and scores in the sandbox") {
    const auto& domain = crucible::evaluators::find_domain("tiering");
    for (const auto& interface : domain.interfaces()) {
      auto workload = domain.load_workload(spec_for(interface.name), CRUCIBLE_SOURCE_DIR);
      for (const auto& seed : interface.seeds) {
        CAPTURE(seed.name);
        auto scored = run_seed(*workload, seed.source);
        REQUIRE_MESSAGE(scored.status == crucible::sandbox::Status::kOk, scored.diagnostics);
        CHECK(scored.metrics[0].metric > 0.5);
        CHECK(scored.fitness.has_value());
      }
    }
  }

  TEST_CASE("reclaim_promote demotes idle pages as reclaim does and, unlike it, promotes") {
    const auto& domain = crucible::evaluators::find_domain("tiering");
    auto workload = domain.load_workload(spec_for("rank"), CRUCIBLE_SOURCE_DIR);
    const auto interface = crucible::evaluators::find_interface(domain, "rank");
    auto moves_of = [&](const std::string& name) {
      const auto seed = std::find_if(interface.seeds.begin(), interface.seeds.end(),
                                     [&](const auto& entry) { return entry.name == name; });
      REQUIRE(seed != interface.seeds.end());
      auto scored = run_seed(*workload, seed->source);
      REQUIRE_MESSAGE(scored.status == crucible::sandbox::Status::kOk, scored.diagnostics);
      return std::pair{scored.metrics[0].details["promotions"].get<uint64_t>(),
                       scored.metrics[0].details["demotions"].get<uint64_t>()};
    };
    const auto [reclaim_up, reclaim_down] = moves_of("reclaim");
    const auto [promote_up, promote_down] = moves_of("reclaim_promote");
    CHECK(reclaim_up == 0);
    CHECK(reclaim_down > 0);
    CHECK(promote_up > 0);  // the phases trace brings cold pages back into use
    CHECK(promote_down > 0);
  }

  TEST_CASE("the sandboxed seeds give the figures of their native copies") {
    const auto& domain = crucible::evaluators::find_domain("tiering");
    for (const char* name : {"rank", "hooks"}) {
      auto workload = domain.load_workload(spec_for(name), CRUCIBLE_SOURCE_DIR);
      const auto& tiers = dynamic_cast<const tiering::TierWorkload&>(*workload);
      const auto& cell = tiers.cells()[0];
      const auto interface = crucible::evaluators::find_interface(domain, name);
      const std::string wanted = std::string(name) == "rank" ? "ewma" : "hot_swap_hooks";
      const auto seed = std::find_if(interface.seeds.begin(), interface.seeds.end(),
                                     [&](const auto& entry) { return entry.name == wanted; });
      REQUIRE(seed != interface.seeds.end());
      auto scored = run_seed(*workload, seed->source);
      REQUIRE(scored.status == crucible::sandbox::Status::kOk);
      const bool is_rank = std::string(name) == "rank";
      void* entry = is_rank ? reinterpret_cast<void*>(&crucible_tier_score)
                            : reinterpret_cast<void*>(&crucible_tier_hooks);
      auto native = tiering::simulate_candidate(
          tiers.traces()[0].accesses, cell.config,
          is_rank ? tiering::PolicyForm::kRank : tiering::PolicyForm::kHooks, entry);
      CAPTURE(name);
      CHECK(scored.metrics[0].details["promotions"] == native.promotions);
      CHECK(scored.metrics[0].details["time_ns"].get<double>() == doctest::Approx(native.time_ns()));
      CHECK(native.promotions > 0);
    }
  }

  TEST_CASE("hooks that break the contract are invalid decisions") {
    std::vector<crucible::traces::PageAccess> accesses;
    for (uint64_t t = 0; t < 100; ++t) accesses.push_back(crucible::testing::page_access(t, t % 5));
    const auto config = crucible::testing::tier_config(2, 5, 10, 3);
    CHECK_THROWS_WITH_AS(tiering::simulate_candidate(accesses, config, tiering::PolicyForm::kHooks,
                                                     reinterpret_cast<void*>(&leave_free_unset)),
                         doctest::Contains("TierHooks.free unset"), InvalidDecision);
    CHECK_THROWS_WITH_AS(tiering::simulate_candidate(accesses, config, tiering::PolicyForm::kHooks,
                                                     reinterpret_cast<void*>(&overflow_moves)),
                         doctest::Contains("on_epoch returned 4 moves; migration_limit is 3"),
                         InvalidDecision);
  }
}
