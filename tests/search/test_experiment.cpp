// Experiment configurations are read strictly; errors name the field.
#include <doctest/doctest.h>

#include <fstream>

#include "evaluators/domain.hpp"
#include "search/database.hpp"
#include "search/experiment.hpp"
#include "support.hpp"

namespace {

using crucible::evaluators::ConfigError;
using crucible::search::parse_experiment;

nlohmann::json minimal() {
  return {{"domain", "cache"},
          {"workload", {{"traces", {{{"synthetic", nlohmann::json::object()}}}}, {"sizes", {"1%"}}}}};
}

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("a minimal configuration gets the documented defaults") {
    auto config = parse_experiment(minimal(), "/tmp");
    CHECK(config.domain == "cache");
    CHECK(config.search.generations == 10);
    CHECK(config.search.population == 16);
    CHECK(config.search.database.islands == 4);
    CHECK(config.search.database.members == 16);
    CHECK(config.search.database.migration_interval == 5);
    CHECK(config.search.database.features == std::vector<std::string>{"complexity", "wins", "reads"});
    CHECK(config.search.stop.evaluations == 0);
    CHECK_FALSE(config.search.stop.target.has_value());
    CHECK(config.use_domain_seeds);
  }

  TEST_CASE("search options for islands and stopping are checked and named") {
    auto with = [](nlohmann::json search) {
      auto json = minimal();
      json["search"] = std::move(search);
      return json;
    };
    auto message = [&](nlohmann::json search) {
      try {
        parse_experiment(with(std::move(search)), "/tmp");
      } catch (const crucible::evaluators::ConfigError& error) {
        return std::string(error.what());
      }
      return std::string();
    };
    CHECK(message({{"selection", {{"exploit", 0.5}, {"explore", 0.2}, {"uniform", 0.2}}}})
              .find("search.selection: exploit + explore + uniform must be 1") == 0);
    CHECK(message({{"selection", {{"exploit", 1.5}}}}).find("search.selection.exploit") == 0);
    // A feature name waits for the workload, which may offer descriptors of its own; the run
    // command checks it then, before the run is stored.
    const auto colour =
        parse_experiment(with({{"archive", {{"features", {"complexity", "colour"}}}}}), "/tmp");
    CHECK(colour.search.database.features_named);
    try {
      crucible::search::check_features(colour.search.database.features, {"victim_age"});
      FAIL("accepted colour");
    } catch (const crucible::evaluators::ConfigError& error) {
      CHECK(std::string(error.what()) ==
            "search.archive.features[1]: unknown feature \"colour\" (known: complexity, wins, "
            "reads, victim_age)");
    }
    CHECK(message({{"migration", {{"every", 3}}}}).find("search.migration") == 0);
    CHECK(message({{"stop", {{"wall_time", 3}}}}).find("search.stop") == 0);
    CHECK(message({{"islands", 0}}).find("search.islands") == 0);
    auto config = parse_experiment(
        with({{"islands", 2},
              {"migration", {{"interval", 3}, {"migrants", 2}}},
              {"selection", {{"exploit", 0.2}, {"explore", 0.3}, {"uniform", 0.5}}},
              {"stop", {{"evaluations", 40}, {"wall_time_s", 60}, {"target", 0.3},
                        {"stagnation", 7}}}}),
        "/tmp");
    CHECK(config.search.database.islands == 2);
    CHECK(config.search.database.migration_interval == 3);
    CHECK(config.search.database.migrants == 2);
    CHECK(config.search.database.selection.uniform == 0.5);
    CHECK(config.search.stop.evaluations == 40);
    CHECK(config.search.stop.wall_time.count() == 60);
    CHECK(*config.search.stop.target == 0.3);
    CHECK(config.search.stop.stagnation == 7);
  }

  TEST_CASE("recheck and causality take best, all or off; recheck also true and false") {
    using Scope = crucible::search::SearchOptions::Scope;
    auto scope_of = [](const char* key, nlohmann::json value) {
      auto json = minimal();
      json["search"] = {{key, std::move(value)}};
      auto config = parse_experiment(json, "/tmp");
      return std::string(key) == "recheck" ? config.search.recheck : config.search.causality_checks;
    };
    auto defaults = parse_experiment(minimal(), "/tmp");
    CHECK(defaults.search.recheck == Scope::kBest);
    CHECK(defaults.search.causality_checks == Scope::kBest);
    CHECK(scope_of("recheck", "all") == Scope::kAll);
    CHECK(scope_of("recheck", true) == Scope::kAll);
    CHECK(scope_of("recheck", false) == Scope::kOff);
    CHECK(scope_of("recheck", "off") == Scope::kOff);
    CHECK(scope_of("causality", "all") == Scope::kAll);
    auto json = minimal();
    json["search"] = {{"recheck", "twice"}};
    CHECK_THROWS_WITH_AS(parse_experiment(json, "/tmp"),
                         doctest::Contains("search.recheck: expected \"best\", \"all\", \"off\", true or false, got \"twice\""),
                         ConfigError);
    json["search"] = {{"causality", 3}};
    CHECK_THROWS_WITH_AS(parse_experiment(json, "/tmp"), doctest::Contains("search.causality: expected"),
                         ConfigError);
  }

  TEST_CASE("search.parsimony is a penalty per token, 0 by default or off") {
    auto json = minimal();
    CHECK(parse_experiment(json, "/tmp").search.database.parsimony == 0);
    json["search"] = {{"parsimony", 2e-5}};
    CHECK(parse_experiment(json, "/tmp").search.database.parsimony == 2e-5);
    json["search"] = {{"parsimony", -1}};
    CHECK_THROWS_WITH_AS(parse_experiment(json, "/tmp"),
                         doctest::Contains("search.parsimony: expected a penalty per token >= 0, got -1"),
                         ConfigError);
  }

  TEST_CASE("search.simplify is on by default, false turns it off, its fields are checked") {
    auto json = minimal();
    auto config = parse_experiment(json, "/tmp");
    REQUIRE(config.search.simplify.has_value());
    CHECK(config.search.simplify->tolerance == 1e-4);
    CHECK(config.search.simplify->max_evaluations == 600);
    json["search"] = {{"simplify", false}};
    CHECK_FALSE(parse_experiment(json, "/tmp").search.simplify.has_value());
    json["search"] = {{"simplify", {{"tolerance", 0.01}, {"evaluations", 50}}}};
    config = parse_experiment(json, "/tmp");
    CHECK(config.search.simplify->tolerance == 0.01);
    CHECK(config.search.simplify->max_evaluations == 50);
    json["search"] = {{"simplify", {{"tolerance", -1}}}};
    CHECK_THROWS_WITH_AS(parse_experiment(json, "/tmp"),
                         doctest::Contains("search.simplify.tolerance: expected a fitness difference >= 0"),
                         ConfigError);
    json["search"] = {{"simplify", {{"rounds", 2}}}};
    CHECK_THROWS_WITH_AS(parse_experiment(json, "/tmp"),
                         doctest::Contains("search.simplify.rounds: unknown key"), ConfigError);
  }

  TEST_CASE("an unknown key is an error naming its full path") {
    auto json = minimal();
    json["search"] = {{"populaton", 4}};
    CHECK_THROWS_WITH_AS(parse_experiment(json, "/tmp"), doctest::Contains("search.populaton: unknown key"),
                         ConfigError);
    json = minimal();
    json["colour"] = "blue";
    CHECK_THROWS_WITH_AS(parse_experiment(json, "/tmp"), doctest::Contains("colour: unknown key"),
                         ConfigError);
  }

  TEST_CASE("a wrong type or range is an error naming the field and the value") {
    auto json = minimal();
    json["search"] = {{"generations", "many"}};
    CHECK_THROWS_WITH_AS(parse_experiment(json, "/tmp"),
                         doctest::Contains("search.generations: expected an integer"), ConfigError);
    json["search"] = {{"population", 0}};
    CHECK_THROWS_WITH_AS(parse_experiment(json, "/tmp"), doctest::Contains("search.population"),
                         ConfigError);
    json = minimal();
    json.erase("domain");
    CHECK_THROWS_WITH_AS(parse_experiment(json, "/tmp"), doctest::Contains("domain: missing"),
                         ConfigError);
  }

  TEST_CASE("overrides set nested fields with JSON or string values") {
    auto json = minimal();
    crucible::search::apply_override(json, "search.generations=3");
    crucible::search::apply_override(json, "name=my run");
    auto config = parse_experiment(json, "/tmp");
    CHECK(config.search.generations == 3);
    CHECK(config.name == "my run");
    CHECK_THROWS_AS(crucible::search::apply_override(json, "novalue"), ConfigError);
  }

  TEST_CASE("a config file with invalid JSON or a missing seed file names the file") {
    crucible::testing::TempDir dir;
    auto path = dir.path() / "bad.json";
    std::ofstream(path) << "{ \"domain\": \"cache\", ";
    std::string expected = path.string() + ": invalid JSON";
    CHECK_THROWS_WITH_AS(crucible::search::load_experiment(path, {}),
                         doctest::Contains(expected.c_str()), ConfigError);
    auto json = minimal();
    json["seeds"] = {{"files", {"nowhere.cpp"}}};
    std::ofstream(dir.path() / "seeds.json") << json.dump();
    CHECK_THROWS_WITH_AS(crucible::search::load_experiment(dir.path() / "seeds.json", {}),
                         doctest::Contains("nowhere.cpp: no such file"), ConfigError);
    CHECK_THROWS_WITH_AS(crucible::search::load_experiment(dir.path() / "absent.json", {}),
                         doctest::Contains("absent.json: no such file"), ConfigError);
  }
}
