// The evolutionary loop end to end on the cache domain: failures are recorded, search goes on.
#include <doctest/doctest.h>

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>

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
    auto config = crucible::search::parse_experiment(json, dir.path());
    const auto& domain = crucible::evaluators::find_domain("cache");
    auto workload = domain.load_workload(config.workload, dir.path());
    crucible::search::Store store(dir.path() / "results.db");
    int64_t run = store.begin_run(config.name, config.domain, config.raw, config.seed,
                                  workload->instances());
    std::vector<crucible::sandbox::HeaderFile> headers;
    const auto& interface = workload->policy_interface();
    for (const auto& h : interface.headers) headers.push_back({h.name, h.text});
    crucible::search::proposers::BuiltinProposer proposer(headers, interface.entry_symbol, 2);
    auto worker = crucible::sandbox::Worker::start(crucible::search::make_body(*workload));
    crucible::search::SandboxEvaluator evaluator(domain, *workload, config.search, worker.get());
    crucible::search::SearchInputs inputs{config, *workload, proposer, evaluator, store,
                                          run,    {},        true,     "miss ratio", nullptr};
    auto result = crucible::search::evolve(inputs, {});

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
    auto config = crucible::search::parse_experiment(json, dir.path());
    const auto& domain = crucible::evaluators::find_domain("cache");
    auto workload = domain.load_workload(config.workload, dir.path());
    auto altered = workload->make_altered(config.seed);
    REQUIRE(altered != nullptr);
    crucible::search::Store store(dir.path() / "results.db");
    int64_t run = store.begin_run(config.name, config.domain, config.raw, config.seed,
                                  workload->instances());
    std::vector<crucible::sandbox::HeaderFile> headers;
    const auto& interface = workload->policy_interface();
    for (const auto& h : interface.headers) headers.push_back({h.name, h.text});
    crucible::search::proposers::BuiltinProposer proposer(headers, interface.entry_symbol, 2);
    auto worker = crucible::sandbox::Worker::start(
        crucible::search::make_bodies(*workload, nullptr, altered.get()));
    crucible::search::SandboxEvaluator evaluator(domain, *workload, config.search, worker.get(),
                                                 nullptr, altered.get());
    crucible::search::SearchInputs inputs{config, *workload, proposer, evaluator, store,
                                          run,    {},        true,     "miss ratio", nullptr};
    auto result = crucible::search::evolve(inputs, {});

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
    auto config = crucible::search::parse_experiment(small_experiment(), dir.path());
    const auto& domain = crucible::evaluators::find_domain("cache");
    auto workload = domain.load_workload(config.workload, dir.path());
    crucible::search::Store store(dir.path() / "results.db");
    int64_t run = store.begin_run(config.name, config.domain, config.raw, config.seed,
                                  workload->instances());
    std::vector<crucible::sandbox::HeaderFile> headers;
    const auto& interface = workload->policy_interface();
    for (const auto& h : interface.headers) headers.push_back({h.name, h.text});
    crucible::search::proposers::BuiltinProposer proposer(headers, interface.entry_symbol, 2);
    auto worker = crucible::sandbox::Worker::start(crucible::search::make_body(*workload));
    REQUIRE(::kill(worker->pid(), SIGKILL) == 0);
    crucible::search::SandboxEvaluator evaluator(domain, *workload, config.search, worker.get());
    crucible::search::SearchInputs inputs{config, *workload, proposer, evaluator, store,
                                          run,    {},        true,     "miss ratio", nullptr};
    CHECK_THROWS_WITH_AS(crucible::search::evolve(inputs, {}),
                         doctest::Contains("sandbox worker process died"), std::runtime_error);
    CHECK(store.candidates(run).empty());
  }
}
