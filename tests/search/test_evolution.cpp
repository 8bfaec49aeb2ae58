// The evolutionary loop end to end on the cache domain: failures are recorded, search goes on.
#include <doctest/doctest.h>

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <vector>

#include "evaluators/registry.hpp"
#include "search/candidate_eval.hpp"
#include "search/evolution.hpp"
#include "search/proposers/builtin/builtin_proposer.hpp"
#include "support.hpp"

namespace {

nlohmann::json small_experiment() {
  return {{"name", "hostile seeds"},
          {"domain", "cache"},
          {"seed", 5},
          {"workload",
           {{"traces", {{{"synthetic", {{"requests", 20000}, {"objects", 2000}}}}}},
            {"sizes", {"5%"}}}},
          {"search",
           {{"generations", 2}, {"children", 4}, {"population", 4}, {"eval_timeout_ms", 1000}}}};
}

// Everything a sandboxed search on the cache domain needs, built from an experiment's JSON: the
// workload, a store with the run begun, the built-in proposer, and (unless `kill_worker`) a live
// worker behind the evaluator; with `check_causality`, the workload's altered twin as well.
struct SearchRig {
  SearchRig(const nlohmann::json& json, const std::filesystem::path& dir,
            bool check_causality = false)
      : config(crucible::search::parse_experiment(json, dir)),
        workload(domain.load_workload(config.workload, dir)),
        altered(check_causality ? workload->make_altered(config.seed) : nullptr),
        store(dir / "results.db"),
        run(store.begin_run(config.name, config.domain, config.raw, config.seed,
                            workload->instances())),
        proposer(headers_of(*workload), workload->policy_interface().entry_symbol, 2),
        worker(crucible::sandbox::Worker::start(
            crucible::search::make_bodies(*workload, nullptr, altered.get()))),
        evaluator(domain, *workload, config.search, worker.get(), nullptr, altered.get()) {}

  crucible::search::EvolutionResult evolve() {
    crucible::search::SearchInputs inputs{config, *workload, proposer, evaluator, store,
                                          run,    {},        true,     "miss ratio", nullptr};
    return crucible::search::evolve(inputs, {});
  }

  static std::vector<crucible::sandbox::HeaderFile> headers_of(
      const crucible::evaluators::Workload& workload) {
    std::vector<crucible::sandbox::HeaderFile> headers;
    for (const auto& h : workload.policy_interface().headers) headers.push_back({h.name, h.text});
    return headers;
  }

  const crucible::evaluators::Domain& domain = crucible::evaluators::find_domain("cache");
  crucible::search::ExperimentConfig config;
  std::unique_ptr<crucible::evaluators::Workload> workload;
  std::unique_ptr<crucible::evaluators::Workload> altered;
  crucible::search::Store store;
  int64_t run;
  crucible::search::proposers::BuiltinProposer proposer;
  std::unique_ptr<crucible::sandbox::Worker> worker;
  crucible::search::SandboxEvaluator evaluator;
};

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("timeouts, compile errors and crashes are recorded and the search goes on") {
    crucible::testing::TempDir dir;
    std::ofstream(dir.path() / "loop.cpp")
        << "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
           "  volatile double x = 0; for (;;) { x = x + 1; } return x; }\n";
    std::ofstream(dir.path() / "broken.cpp")
        << "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
           "  return obj->no_such_field; }\n";
    std::ofstream(dir.path() / "null.cpp")
        << "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
           "  const CacheObject* volatile p = nullptr; return (double)p->size; }\n";
    auto json = small_experiment();
    json["seeds"] = {{"files", {"loop.cpp", "broken.cpp", "null.cpp"}}};
    SearchRig rig(json, dir.path());
    auto result = rig.evolve();
    auto& store = rig.store;
    const auto run = rig.run;
    const auto& workload = rig.workload;

    std::map<std::string, crucible::search::CandidateRecord> seeds;
    size_t later_ok = 0;
    for (const auto& candidate : store.candidates(run)) {
      if (candidate.generation == 0) seeds[candidate.origin] = candidate;
      if (candidate.generation > 0 && candidate.status == "ok") ++later_ok;
    }
    // The domain's seeds and the three hostile files, each recorded once.
    REQUIRE(seeds.size() == workload->policy_interface().seeds.size() + 3);
    CHECK(seeds["seed loop.cpp"].status == "timeout");
    CHECK(seeds["seed broken.cpp"].status == "compile_error");
    CHECK(seeds["seed broken.cpp"].diagnostics.find("no_such_field") != std::string::npos);
    CHECK(seeds["seed null.cpp"].status == "crashed");
    CHECK(seeds["seed null.cpp"].diagnostics.find("SIGSEGV") != std::string::npos);
    CHECK(seeds["seed lru"].status == "ok");
    CHECK(seeds["seed lfu"].status == "ok");
    CHECK(later_ok >= 4);
    CHECK(result.evaluated == store.candidates(run).size());
    REQUIRE(result.best_fitness.has_value());
    CHECK(*result.best_fitness >= *seeds["seed lru"].fitness);
  }

  TEST_CASE("a search seeded with a forged result frame, a deep frame and a diagnostics flood goes "
            "on, stores each as failed with its reason, and its best is honest") {
    crucible::testing::TempDir dir;
    const std::filesystem::path attacks =
        std::filesystem::path(CRUCIBLE_SOURCE_DIR) / "tests" / "sandbox" / "attacks";
    const std::vector<std::string> hostile = {"preprocessor_ifdef_optimize.cc",
                                              "print_forged_result_pipe.cc",
                                              "print_deep_frame_pipe.cc", "diagnostics_flood.cc"};
    auto json = small_experiment();
    json["seeds"] = {{"files", nlohmann::json::array()}};
    for (const auto& name : hostile) json["seeds"]["files"].push_back((attacks / name).string());
    json["search"]["generations"] = 3;
    json["search"]["causality"] = "all";  // every ok candidate also runs on the altered inputs
    SearchRig rig(json, dir.path(), /*check_causality=*/true);
    REQUIRE(rig.altered != nullptr);
    auto result = rig.evolve();
    auto& store = rig.store;
    const auto run = rig.run;
    const auto& workload = rig.workload;
    const auto& domain = rig.domain;
    const auto& config = rig.config;

    std::map<std::string, crucible::search::CandidateRecord> seeds;
    size_t later_ok = 0;
    for (const auto& candidate : store.candidates(run)) {
      if (candidate.generation == 0) seeds[candidate.origin] = candidate;
      if (candidate.generation > 0 && candidate.status == "ok") ++later_ok;
    }
    CHECK(result.generation == 3);
    const auto& forged = seeds["seed preprocessor_ifdef_optimize.cc"];
    CHECK(forged.status == "rejected");
    CHECK(forged.diagnostics.find("directive") != std::string::npos);
    CHECK_FALSE(forged.fitness.has_value());
    CHECK(seeds["seed print_forged_result_pipe.cc"].status == "rejected");
    CHECK(seeds["seed print_forged_result_pipe.cc"].diagnostics.find("write") != std::string::npos);
    CHECK(seeds["seed print_deep_frame_pipe.cc"].status == "rejected");
    CHECK(seeds["seed print_deep_frame_pipe.cc"].diagnostics.find("write") != std::string::npos);
    const auto& flood = seeds["seed diagnostics_flood.cc"];
    CHECK(flood.status == "rejected");
    CHECK(flood.diagnostics.size() <= crucible::sandbox::kMaxDiagnosticsBytes + 200);
    CHECK(flood.diagnostics.find("more findings not shown") != std::string::npos);
    CHECK(later_ok >= 4);
    REQUIRE(result.best_candidate.has_value());
    bool best_found = false;
    for (const auto& candidate : store.candidates(run)) {
      if (candidate.id != *result.best_candidate) continue;
      best_found = true;
      CHECK(candidate.status == "ok");
      for (const auto& name : hostile) CHECK(candidate.origin.find(name) == std::string::npos);
      // Its figures are the parent's replay: the same candidate scored again agrees.
      auto again = crucible::search::score_result(
          domain, *workload,
          crucible::sandbox::run_job(crucible::search::make_job(domain, *workload,
                                                                candidate.source),
                                     crucible::search::pipeline_options(config.search)));
      REQUIRE(again.fitness.has_value());
      CHECK(*again.fitness == doctest::Approx(*candidate.fitness));
    }
    CHECK(best_found);
  }

  TEST_CASE("a run whose sandbox worker dies stops with an error and stores no false failure") {
    crucible::testing::TempDir dir;
    SearchRig rig(small_experiment(), dir.path());
    REQUIRE(::kill(rig.worker->pid(), SIGKILL) == 0);
    CHECK_THROWS_WITH_AS(rig.evolve(), doctest::Contains("sandbox worker process died"),
                         std::runtime_error);
    CHECK(rig.store.candidates(rig.run).empty());
  }
}
