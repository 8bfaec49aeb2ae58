// Searches that ask a model on loopback, through the crucible binary: a run mixing the built-in
// proposer and a model records who made each candidate, keeps no key, and replays without the
// network to the same candidates and scores; bad answers (429, 500, malformed JSON, truncated
// code, prose, code that does not compile) never stop it, and a failed candidate comes back
// repaired; the budget stops a run cleanly; a refused key stops it at once.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <tuple>

#include "cli_support.hpp"
#include "fake_model_server.hpp"
#include "search/store.hpp"
#include "support.hpp"

namespace {

using crucible::testing::Behaviour;
using crucible::testing::FakeModelServer;

// A working rank policy, a different one for each n.
Behaviour policy(size_t n) {
  return crucible::testing::answer(
      "Try this:\n```cpp\ndouble crucible_cache_priority(const CacheObject* obj, const CacheState* "
      "state) {\n  return (double)obj->last_access + " +
      std::to_string(n + 1) + ".0 * (double)obj->access_count;\n}\n```\n");
}

nlohmann::json experiment(const FakeModelServer& server, nlohmann::json llm_extra = {}) {
  nlohmann::json model = {{"name", "fake"},
                          {"api", "openai"},
                          {"url", server.openai_url()},
                          {"model", "fake-coder"},
                          {"api_key_env", "CRUCIBLE_TEST_LLM_KEY"},
                          {"price", {{"input", 2.0}, {"output", 8.0}}},
                          {"retries", {{"attempts", 4}, {"initial_delay_ms", 10}}}};
  nlohmann::json llm = {{"models", {model}}, {"edit_format", "rewrite"}};
  for (const auto& [key, value] : llm_extra.items()) llm[key] = value;
  return {{"name", "llm-loopback"},
          {"domain", "cache"},
          {"seed", 5},
          {"workload",
           {{"traces", {{{"synthetic", {{"requests", 20000}, {"objects", 2000}}}}}},
            {"sizes", {"5%"}}}},
          {"baselines", {"fifo", "lru"}},
          {"search",
           {{"generations", 3},
            {"children", 4},
            {"islands", 2},
            {"recheck", false},
            {"tuning", {{"evaluations", 0}}},
            {"proposers", {{{"kind", "builtin"}, {"weight", 1}}, {{"kind", "llm"}, {"weight", 1}}}}}},
          {"llm", llm}};
}

void write(const std::filesystem::path& path, const nlohmann::json& json) {
  std::ofstream(path) << json.dump(2);
}

using Row = std::tuple<int64_t, int64_t, std::string, std::string, std::string, double>;
std::vector<Row> rows_of(crucible::search::Store& store, int64_t run) {
  std::vector<Row> rows;
  for (const auto& c : store.candidates(run)) {
    rows.emplace_back(c.generation, c.slot.value_or(-1), c.proposer, c.source, c.status,
                      c.fitness.value_or(-1));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

TEST_SUITE("llm") {
  TEST_CASE("a mixed run records each candidate's proposer, keeps no key and replays offline") {
    crucible::testing::TempDir dir;
    ::setenv("CRUCIBLE_TEST_LLM_KEY", "sk-never-stored-4711", 1);
    {
      FakeModelServer server;
      server.respond_with([](const auto&, size_t n) { return policy(n); });
      write(dir.path() / "exp.json", experiment(server));
      auto run = crucible::testing::run_cli("run exp.json --db r.db", dir.path());
      INFO(run.err);
      REQUIRE(run.exit_code == 0);
      CHECK(run.out.find("Language-model spend") != std::string::npos);
      CHECK(server.received().at(0).authorization == "Bearer sk-never-stored-4711");
      crucible::search::Store store(dir.path() / "r.db");
      std::set<std::string> proposers;
      for (const auto& c : store.candidates(1)) {
        proposers.insert(c.proposer);
        if (c.proposer == "llm:fake") CHECK(c.origin.find("llm:fake: rewrite") == 0);
      }
      CHECK(proposers == std::set<std::string>{"builtin", "llm:fake", "seed"});
      CHECK(store.exchanges(1).size() == server.received().size());
      const auto spend = store.spend(1);
      REQUIRE(spend.size() == 1);
      CHECK(spend[0].dollars ==
            doctest::Approx(static_cast<double>(spend[0].requests) * (100 * 2.0 + 50 * 8.0) / 1e6));
    }
    ::unsetenv("CRUCIBLE_TEST_LLM_KEY");
    for (const char* file : {"r.db", "r.db-wal"}) {
      if (!std::filesystem::exists(dir.path() / file)) continue;
      CHECK(crucible::testing::slurp(dir.path() / file).find("sk-never-stored") == std::string::npos);
    }
    // The server is gone and the key unset: the replay needs neither.
    auto replay = crucible::testing::run_cli("run --replay 1 --db r.db", dir.path());
    INFO(replay.err);
    REQUIRE(replay.exit_code == 0);
    crucible::search::Store store(dir.path() / "r.db");
    CHECK(rows_of(store, 2) == rows_of(store, 1));
    CHECK(store.exchanges(2).size() == store.exchanges(1).size());
  }

  TEST_CASE("bad answers never stop a search and a candidate that fails to compile is repaired") {
    crucible::testing::TempDir dir;
    FakeModelServer server;
    server.respond_with([](const crucible::testing::Received& request, size_t n) {
      if (request.body.find("A program that failed") != std::string::npos) return policy(n);
      switch (n) {
        case 0: return crucible::testing::http_status(429, "0");
        case 1: return crucible::testing::http_status(500);
        case 2: return crucible::testing::of_kind(Behaviour::Kind::kMalformed);
        case 3: return crucible::testing::answer("```cpp\ndouble crucible_cache_priority(", 10, 10, true);
        case 4: return crucible::testing::answer("I think recency matters most.");
        case 5:
        case 6:
          return crucible::testing::answer(
              "```cpp\ndouble crucible_cache_priority(const CacheObject* obj, const CacheState* "
              "state) { return undeclared_name; }\n```");
        default: return policy(n);
      }
    });
    ::setenv("CRUCIBLE_TEST_LLM_KEY", "k", 1);
    auto json = experiment(server);
    json["search"]["generations"] = 4;
    json["search"]["proposers"] = {{{"kind", "llm"}}};
    json.erase("baselines");
    write(dir.path() / "exp.json", json);
    auto run = crucible::testing::run_cli("run exp.json --db r.db", dir.path());
    ::unsetenv("CRUCIBLE_TEST_LLM_KEY");
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.err.find("stopped after generation 4") != std::string::npos);
    // The lenient replies are counted: the truncated block, the prose, the two that failed.
    CHECK(run.out.find("Model replies: 1 truncated, 1 without code") != std::string::npos);
    crucible::search::Store store(dir.path() / "r.db");
    std::map<int64_t, crucible::search::CandidateRecord> by_id;
    for (auto& c : store.candidates(1)) by_id[c.id] = c;
    size_t repaired = 0;
    for (const auto& [id, c] : by_id) {
      if (c.origin.find("llm:fake: repair") != 0) continue;
      REQUIRE(c.parent_id.has_value());
      CHECK(by_id.at(*c.parent_id).status == "compile_error");
      CHECK(c.status == "ok");
      ++repaired;
    }
    CHECK(repaired >= 1);
    // The retries are on record: a 429 and a 500, each followed by another try.
    std::set<int64_t> statuses;
    for (const auto& exchange : store.exchanges(1)) statuses.insert(exchange.status);
    CHECK(statuses.contains(429));
    CHECK(statuses.contains(500));
    bool has_retry = false;
    for (const auto& exchange : store.exchanges(1)) has_retry = has_retry || exchange.try_number > 1;
    CHECK(has_retry);
  }

  TEST_CASE("the budget stops a run cleanly and a refused key stops it at once") {
    crucible::testing::TempDir dir;
    ::setenv("CRUCIBLE_TEST_LLM_KEY", "k", 1);
    {
      FakeModelServer server;
      server.respond_with([](const auto&, size_t n) { return policy(n); });
      auto json = experiment(server, {{"budget", {{"dollars", 0.0015}}}});  // 0.0006 an answer
      json["search"]["generations"] = 50;
      write(dir.path() / "exp.json", json);
      auto run = crucible::testing::run_cli("run exp.json --db r.db", dir.path());
      INFO(run.err);
      REQUIRE(run.exit_code == 0);
      CHECK(run.err.find("budget spent") != std::string::npos);
      crucible::search::Store store(dir.path() / "r.db");
      const auto spend = store.spend(1);
      REQUIRE(spend.size() == 1);
      CHECK(spend[0].dollars >= 0.0015);
      CHECK(spend[0].requests <= 4 + 2);  // stops at the end of the generation that spent it
      CHECK(store.find_run(1)->state == "finished");
    }
    {
      FakeModelServer server;
      server.respond_with([](const auto&, size_t) { return crucible::testing::http_status(401); });
      write(dir.path() / "refused.json", experiment(server));
      auto run = crucible::testing::run_cli("run refused.json --db refused.db", dir.path());
      CHECK(run.exit_code != 0);
      CHECK(run.err.find("model fake") != std::string::npos);
      CHECK(run.err.find("HTTP 401") != std::string::npos);
      // Drafts of one generation go out together (4 children on each of 2 islands), so those in
      // flight when the first 401 lands may reach the server too; none is retried and no later
      // generation asks.
      CHECK(server.received().size() >= 1);
      CHECK(server.received().size() <= 8);
      crucible::search::Store store(dir.path() / "refused.db");
      CHECK(store.find_run(1)->state == "failed");
      for (const auto& exchange : store.exchanges(1)) CHECK(exchange.try_number == 1);
    }
    ::unsetenv("CRUCIBLE_TEST_LLM_KEY");
  }
}
