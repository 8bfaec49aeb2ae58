// The evaluation cascade: the rule that cuts a candidate, its configuration, and two-stage jobs
// from a domain's quick workload through to scored candidates.
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "evaluators/registry.hpp"
#include "search/candidate_eval.hpp"
#include "search/experiment.hpp"

namespace {

using crucible::evaluators::ConfigError;
using crucible::search::parse_experiment;
using crucible::search::passes_cascade;

nlohmann::json with_cascade(nlohmann::json cascade) {
  return {{"domain", "cache"},
          {"workload",
           {{"traces", {{{"synthetic", nlohmann::json::object()}}}}, {"sizes", {"1%"}}}},
          {"search", {{"cascade", std::move(cascade)}}}};
}

std::string error_of(nlohmann::json cascade) {
  try {
    (void)parse_experiment(with_cascade(std::move(cascade)), "/tmp");
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "no error";
}

const crucible::evaluators::Domain& cache_domain() {
  return crucible::evaluators::find_domain("cache");
}

std::unique_ptr<crucible::evaluators::Workload> small_workload() {
  nlohmann::json spec = {
      {"traces", {{{"synthetic", {{"requests", 40'000}, {"objects", 4'000}}}}}},
      {"sizes", {"5%", 300}}};
  return cache_domain().load_workload(spec, ".");
}

std::string seed_source(const crucible::evaluators::Workload& workload, const std::string& name) {
  for (const auto& seed : workload.policy_interface().seeds) {
    if (seed.name == name) return seed.source;
  }
  FAIL("no seed " << name);
  return {};
}

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("the cascade passes everything without a reference and cuts below the margin") {
    CHECK(passes_cascade(-5.0, std::nullopt, 0.05));
    CHECK(passes_cascade(0.19, 0.2, 0.05));
    CHECK_FALSE(passes_cascade(0.1899, 0.2, 0.05));
    CHECK(passes_cascade(0.3, 0.2, 0.05));
    // A negative reference: the margin still lowers the bar, by |reference|.
    CHECK(passes_cascade(-0.21, -0.2, 0.05));
    CHECK_FALSE(passes_cascade(-0.2101, -0.2, 0.05));
    CHECK(passes_cascade(0.2, 0.2, 0.0));
    CHECK_FALSE(passes_cascade(0.1999, 0.2, 0.0));
    CHECK(passes_cascade(0.0, 0.0, 0.05));
    CHECK_FALSE(passes_cascade(-1e-9, 0.0, 0.05));
    // Exactly the parent's quick fitness stops, however it stands against the reference.
    CHECK_FALSE(passes_cascade(0.3, 0.2, 0.05, 0.3));
    CHECK_FALSE(passes_cascade(0.3, std::nullopt, 0.05, 0.3));
    CHECK(passes_cascade(0.3, 0.2, 0.05, 0.2999999));
    CHECK(passes_cascade(0.3, 0.2, 0.05, std::nullopt));
  }

  TEST_CASE("the cascade is off by default and its keys are read strictly") {
    auto defaults = parse_experiment(with_cascade(nlohmann::json::object()), "/tmp");
    CHECK_FALSE(defaults.search.cascade.enabled);
    CHECK(defaults.search.cascade.fraction == 0.1);
    CHECK(defaults.search.cascade.margin == 0.05);
    CHECK(defaults.search.cascade.cut_parent_ties);
    auto set = parse_experiment(
        with_cascade({{"enabled", true}, {"fraction", 0.25}, {"margin", 0},
                      {"cut_parent_ties", false}}),
        "/tmp");
    CHECK(set.search.cascade.enabled);
    CHECK(set.search.cascade.fraction == 0.25);
    CHECK(set.search.cascade.margin == 0.0);
    CHECK_FALSE(set.search.cascade.cut_parent_ties);
    CHECK(error_of({{"cut_parent_ties", 1}})
              .find("search.cascade.cut_parent_ties: expected true or false, got 1") !=
          std::string::npos);
    CHECK(error_of({{"fracton", 0.2}}).find("search.cascade.fracton: unknown key") !=
          std::string::npos);
    CHECK(error_of({{"enabled", "yes"}}).find("search.cascade.enabled: expected true or false") !=
          std::string::npos);
    CHECK(error_of({{"fraction", 0}})
              .find("search.cascade.fraction: expected a number in (0, 1), got 0") !=
          std::string::npos);
    CHECK(error_of({{"fraction", 1}}).find("search.cascade.fraction") != std::string::npos);
    CHECK(error_of({{"fraction", "half"}}).find("search.cascade.fraction") != std::string::npos);
    CHECK(error_of({{"margin", -0.1}})
              .find("search.cascade.margin: expected a number >= 0, got -0.1") !=
          std::string::npos);
    CHECK(error_of(true).find("search.cascade") != std::string::npos);
  }

  TEST_CASE("a two-stage candidate is cut or fully scored by the rule it is given") {
    auto workload = small_workload();
    auto quick = workload->make_quick(0.1);
    REQUIRE(quick != nullptr);
    const double lru_quick = quick->fitness(quick->evaluate_baseline("lru"));
    const double lru_full = workload->fitness(workload->evaluate_baseline("lru"));
    const std::string lru = seed_source(*workload, "lru");
    for (bool use_worker : {false, true}) {
      CAPTURE(use_worker);
      std::unique_ptr<crucible::sandbox::Worker> worker;
      if (use_worker) {
        worker = crucible::sandbox::Worker::start(
            crucible::search::make_bodies(*workload, quick.get()));
      }
      crucible::search::SearchOptions options;
      options.eval_timeout = std::chrono::milliseconds(20'000);
      auto pipeline = crucible::search::pipeline_options(options, worker.get());
      std::vector<double> asked;
      auto judge = [&asked](bool verdict) {
        return [&asked, verdict](double fitness) {
          asked.push_back(fitness);
          return verdict;
        };
      };
      std::vector<crucible::sandbox::Job> jobs;
      jobs.push_back(crucible::search::make_job(cache_domain(), *workload, lru, true, quick.get(),
                                                judge(false)));
      jobs.push_back(crucible::search::make_job(cache_domain(), *workload, lru, true, quick.get(),
                                                judge(true)));
      std::vector<crucible::search::ScoredCandidate> scored(jobs.size());
      auto on_done = [&](size_t index, crucible::sandbox::JobResult raw) {
        scored[index] =
            crucible::search::score_result(cache_domain(), *workload, std::move(raw), quick.get());
      };
      crucible::sandbox::run_jobs(jobs, pipeline, on_done);
      const auto& cut = scored[0];
      INFO(cut.diagnostics);
      CHECK(cut.status == crucible::sandbox::Status::kOk);
      CHECK(cut.is_cut);
      CHECK_FALSE(cut.fitness.has_value());
      CHECK(cut.metrics.empty());
      REQUIRE(cut.quick_fitness.has_value());
      CHECK(*cut.quick_fitness == doctest::Approx(lru_quick));
      const auto& full = scored[1];
      INFO(full.diagnostics);
      CHECK(full.status == crucible::sandbox::Status::kOk);
      CHECK_FALSE(full.is_cut);
      REQUIRE(full.fitness.has_value());
      CHECK(*full.fitness == doctest::Approx(lru_full));
      REQUIRE(full.quick_fitness.has_value());
      CHECK(*full.quick_fitness == doctest::Approx(lru_quick));
      CHECK(full.metrics.size() == workload->instances().size());
      REQUIRE(asked.size() == 2);
      CHECK(asked[0] == doctest::Approx(lru_quick));
      CHECK(asked[1] == doctest::Approx(lru_quick));
    }
  }

  TEST_CASE("a one-stage job and its worker body are unchanged by the cascade") {
    auto workload = small_workload();
    CHECK(crucible::search::make_bodies(*workload, nullptr).size() == 1);
    auto job = crucible::search::make_job(cache_domain(), *workload,
                                          seed_source(*workload, "lru"), false);
    CHECK_FALSE(static_cast<bool>(job.quick_body));
    auto scored = crucible::search::score_result(
        cache_domain(), *workload,
        crucible::sandbox::run_job(std::move(job), crucible::search::pipeline_options({})));
    CHECK(scored.status == crucible::sandbox::Status::kOk);
    CHECK_FALSE(scored.is_cut);
    CHECK_FALSE(scored.quick_fitness.has_value());
    REQUIRE(scored.fitness.has_value());
    const double lru_full = workload->fitness(workload->evaluate_baseline("lru"));
    CHECK(*scored.fitness == doctest::Approx(lru_full));
  }
}
