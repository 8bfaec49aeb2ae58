// The tiering domain through the crucible binary: the baselines table on a committed capture,
// one clear line for a key the domain does not know, and a short search with a held-out half.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "support.hpp"

namespace {

using crucible::testing::run_cli;

const std::string kXz = std::string(CRUCIBLE_SOURCE_DIR) + "/traces/captured/xz.pages.zst";

}  // namespace

TEST_SUITE("experiments.tiering_cli") {
  TEST_CASE("baselines prints the table of every tiering baseline") {
    crucible::testing::TempDir dir;
    auto outcome = run_cli("baselines --domain tiering --trace '" + kXz + "' --size 25% --size 100",
                           dir.path());
    REQUIRE(outcome.exit_code == 0);
    CHECK(outcome.out.find("| policy | xz 25% (164) | xz 100 |") != std::string::npos);
    for (const char* name : {"first_touch", "linux_lru", "numa_balancing", "hemem", "memtis", "tpp",
                             "arms", "oracle"}) {
      CAPTURE(name);
      CHECK(outcome.out.find(std::string("| ") + name + " |") != std::string::npos);
    }
    CHECK(outcome.out.find("speedup per instance (higher is better)") != std::string::npos);
  }

  TEST_CASE("a cache-only flag or a request trace is one clear error") {
    crucible::testing::TempDir dir;
    auto capacity = run_cli(
        "baselines --domain tiering --trace '" + kXz + "' --size 25% --capacity bytes", dir.path());
    CHECK(capacity.exit_code != 0);
    CHECK(capacity.err.find("workload.capacity: unknown key") != std::string::npos);
    std::ofstream(dir.path() / "requests.txt") << "1\n2\n";
    auto requests = run_cli("baselines --domain tiering --trace requests.txt --size 25%", dir.path());
    CHECK(requests.exit_code != 0);
    CHECK(requests.err.find("reads page traces") != std::string::npos);
  }

  TEST_CASE("a short tiering search stores candidates and scores the held-out half") {
    crucible::testing::TempDir dir;
    const nlohmann::json config = {
        {"name", "tiering cli"},
        {"domain", "tiering"},
        {"seed", 3},
        {"workload",
         {{"traces", nlohmann::json::array({{{"path", kXz}, {"slice", {{"fraction", 0.5}}}}})},
          {"sizes", {"25%"}}}},
        {"search", {{"generations", 2}, {"population", 4}, {"children", 4}}}};
    std::ofstream(dir.path() / "tiering.json") << config.dump(2);
    auto run = run_cli("run tiering.json --db t.db", dir.path());
    REQUIRE_MESSAGE(run.exit_code == 0, run.err);
    auto report = run_cli("report --db t.db", dir.path());
    REQUIRE(report.exit_code == 0);
    CHECK(report.out.find("domain tiering") != std::string::npos);
    CHECK(report.out.find("xz[holdout] 25%") != std::string::npos);
    CHECK(report.out.find("linux_lru (baseline)") != std::string::npos);
    CHECK(report.out.find("seed ewma") != std::string::npos);
  }
}
