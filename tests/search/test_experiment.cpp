// Experiment configurations are read strictly; errors name the field.
#include <doctest/doctest.h>

#include <fstream>

#include "evaluators/domain.hpp"
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
    CHECK(config.search.population == 8);
    CHECK(config.use_domain_seeds);
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
