// The crucible command line as a user runs it: one clear line and a non-zero exit for bad input,
// JSON that parses, and a database that survives SIGKILL.
#include <doctest/doctest.h>

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "support.hpp"

namespace {

using crucible::testing::Outcome;
using crucible::testing::run_cli;
using crucible::testing::slurp;

int64_t count_candidates(const std::filesystem::path& db_path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return 0;
  }
  int64_t count = 0;
  sqlite3_stmt* statement = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT count(*) FROM candidates", -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    count = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return count;
}

void write_config(const std::filesystem::path& path, uint64_t generations) {
  nlohmann::json config = {
      {"name", "cli test"},
      {"domain", "cache"},
      {"workload", {{"traces", {{{"synthetic", {{"requests", 20000}, {"objects", 2000}}}}}},
                    {"sizes", {"5%"}}}},
      {"search", {{"generations", generations}, {"children", 4}, {"population", 4}}}};
  std::ofstream(path) << config.dump(2);
}

}  // namespace

TEST_SUITE("experiments") {
  TEST_CASE("bad input ends with one line naming the culprit and a non-zero exit") {
    crucible::testing::TempDir dir;
    write_config(dir.path() / "good.json", 1);
    std::ofstream(dir.path() / "bad.lis") << "1 1 0 1\n2 x 0 2\n";
    std::ofstream(dir.path() / "policy.cpp") << "double crucible_cache_priority(const CacheObject* o, const CacheState* s) { return 1.0; }\n";
    struct Case {
      std::string args;
      std::string expected;
    };
    const Case cases[] = {
        {"run missing.json", "missing.json"},
        {"run good.json --set search.populaton=3", "search.populaton: unknown key"},
        {"run good.json --set domain=nosuch", "unknown domain \"nosuch\""},
        {"run good.json --set 'search.allow_features=[\"CacheObject.size\"]'",
         "search.allow_features[0]: \"CacheObject.size\" is not a gated feature"},
        {"run good.json --set workload.windows=0", "workload.windows: expected a window count"},
        {"run good.json --set workload.sizes=[0]", "\"0\""},
        {"eval policy.cpp --trace nowhere.lis --size 10", "nowhere.lis"},
        {"eval policy.cpp --trace bad.lis --size 10", "line 2"},
        {"eval policy.cpp --trace synthetic --size 0", "\"0\""},
        {"eval absent.cpp --trace synthetic --size 10", "absent.cpp"},
        {"baselines --trace synthetic --size 10 --algos lru,nosuch", "nosuch"},
        {"report --db nothing.db", "nothing.db"},
        {"traces info bad.lis", "line 2"},
    };
    for (const auto& c : cases) {
      INFO("crucible " << c.args);
      auto outcome = run_cli(c.args, dir.path());
      CHECK(outcome.exit_code != 0);
      CHECK(outcome.err.find(c.expected) != std::string::npos);
      CHECK(outcome.err.find("crucible: error: ") != std::string::npos);
    }
  }

  TEST_CASE("eval, baselines and domains print one JSON document with --json") {
    crucible::testing::TempDir dir;
    std::ofstream(dir.path() / "policy.cpp")
        << "double crucible_cache_priority(const CacheObject* o, const CacheState* s) { return (double)o->last_access; }\n";
    auto eval = run_cli("eval policy.cpp --trace synthetic --size 1%,100 --json", dir.path());
    CHECK(eval.exit_code == 0);
    auto doc = nlohmann::json::parse(eval.out);
    CHECK(doc["status"] == "ok");
    CHECK(doc["metrics"].size() == 2);
    auto baselines = run_cli("baselines --trace synthetic --size 1%,100 --json", dir.path());
    CHECK(baselines.exit_code == 0);
    auto base = nlohmann::json::parse(baselines.out);
    // The LRU policy file and the native LRU baseline agree to the last request.
    CHECK(base["baselines"]["lru"][0]["details"]["hits"] == doc["metrics"][0]["details"]["hits"]);
    CHECK(base["baselines"]["lru"][1]["details"]["hits"] == doc["metrics"][1]["details"]["hits"]);
    auto domains = run_cli("domains --json", dir.path());
    const auto listed = nlohmann::json::parse(domains.out);
    CHECK(listed[0]["name"] == "cache");
    CHECK(listed[0]["interfaces"][0]["gated_features"][0]["name"] == "CacheObject.id");
  }

  TEST_CASE("a run killed with SIGKILL midway leaves a database that report reads") {
    crucible::testing::TempDir dir;
    write_config(dir.path() / "long.json", 1000);
    auto db = dir.path() / "killed.db";
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::chdir(dir.path().c_str());
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);
      ::execl(CRUCIBLE_BINARY, CRUCIBLE_BINARY, "run", "long.json", "--db", db.c_str(), nullptr);
      ::_exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (count_candidates(db) < 12 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    int64_t stored = count_candidates(db);
    REQUIRE(stored >= 12);

    auto report = run_cli("report --db killed.db --format json", dir.path());
    REQUIRE(report.exit_code == 0);
    auto doc = nlohmann::json::parse(report.out);
    CHECK(doc["run"]["state"] == "running");  // never finished
    CHECK(doc["candidates"].get<int64_t>() == stored);
    CHECK(doc["rows"].size() >= 3);  // fifo, lru and at least one policy
    auto markdown = run_cli("report --db killed.db", dir.path());
    CHECK(markdown.exit_code == 0);
    CHECK(markdown.out.find("lru (baseline)") != std::string::npos);
  }
}

TEST_SUITE("experiments") {
  TEST_CASE("a sliced trace is searched on its slice and the best are scored on the rest") {
    crucible::testing::TempDir dir;
    nlohmann::json config = {
        {"name", "sliced"},
        {"domain", "cache"},
        {"workload",
         {{"traces", {{{"synthetic", {{"requests", 20'000}, {"objects", 1'000}}},
                       {"slice", {{"fraction", 0.5}}}}}},
          {"sizes", {"5%"}}}},
        {"baselines", {"fifo", "lru"}},
        {"search", {{"generations", 1}, {"population", 2}, {"children", 2}, {"recheck", false}}}};
    std::ofstream(dir.path() / "sliced.json") << config.dump(2);
    auto run = run_cli("run sliced.json --db sliced.db", dir.path());
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    CHECK(run.err.find("held-out instances for the final evaluation") != std::string::npos);
    CHECK(run.out.find("held-out evaluation") != std::string::npos);
    auto report = run_cli("report --db sliced.db --format json", dir.path());
    REQUIRE(report.exit_code == 0);
    auto doc = nlohmann::json::parse(report.out);
    REQUIRE(doc["instances"].size() == 1);
    CHECK(doc["instances"][0]["trace"] == "synthetic[0:50%]");
    const auto& held_out = doc["held_out_board"];
    REQUIRE(held_out.is_object());
    CHECK(held_out["held_out"] == true);
    REQUIRE(held_out["instances"].size() == 1);
    CHECK(held_out["instances"][0]["trace"] == "synthetic[holdout]");
    // fifo, lru, both seeds and the best synthesized candidates, each with a held-out figure.
    CHECK(held_out["rows"].size() >= 4);
    for (const auto& row : held_out["rows"]) {
      CHECK(row["metrics"]["synthetic[holdout]@5%"].get<double>() > 0.0);
    }
  }
}
