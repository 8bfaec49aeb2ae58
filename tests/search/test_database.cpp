// The program database on hand-built programs: archive cells keep the fitter, selection follows
// its ratios, islands stay isolated but for migration and resets, migrants are not sent on, the
// literal-variant cap, and the JSON state round trip.
#include <doctest/doctest.h>

#include <map>
#include <set>

#include "evaluators/domain.hpp"
#include "search/database.hpp"
#include "search/mutator_fixtures.hpp"
#include "search/novelty.hpp"

namespace {

using crucible::search::Arrival;
using crucible::search::DatabaseOptions;
using crucible::search::ProgramDatabase;
using crucible::search::ProgramEntry;

// A program with `tokens` tokens winning `wins` of the instances.
ProgramEntry program(int64_t id, double fitness, double tokens, double wins = 0,
                     std::string skeleton = "") {
  return {id, id, fitness, tokens, {tokens, wins}, std::move(skeleton)};
}

DatabaseOptions options(uint64_t islands) {
  DatabaseOptions options;
  options.islands = islands;
  return options;
}

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("an archive cell keeps the fitter program and other cells fill independently") {
    ProgramDatabase database(options(1));
    CHECK(database.add(0, program(1, 0.5, 20), Arrival::kProposed, 1));
    CHECK_FALSE(database.add(0, program(2, 0.4, 21), Arrival::kProposed, 1));  // same cell
    CHECK(database.add(0, program(3, 0.6, 22), Arrival::kProposed, 2));
    CHECK_FALSE(database.add(0, program(4, 0.6, 20), Arrival::kProposed, 2));  // a tie keeps it
    CHECK(database.add(0, program(5, 0.1, 500), Arrival::kProposed, 2));       // a longer cell
    CHECK(database.add(0, program(6, 0.1, 20, 1.0), Arrival::kProposed, 2));   // a winning cell
    CHECK(database.occupied_cells(0) == 3);
    CHECK(database.elites(0) == std::vector<int64_t>{3, 6, 5});
    CHECK(*database.best(0) == 3);
    CHECK(database.last_improvement(0) == 2);
  }

  TEST_CASE("parsimony: of two programs that score alike the shorter wins, fitness stays raw") {
    DatabaseOptions with = options(2);
    with.parsimony = 1e-3;
    ProgramDatabase database(with);
    // One cell (20 and 21 tokens bin together): 0.5 - 0.020 = 0.480 against 0.5005 - 0.021.
    CHECK(database.add(0, program(1, 0.5, 20), Arrival::kProposed, 1));
    CHECK_FALSE(database.add(0, program(2, 0.5005, 21), Arrival::kProposed, 1));
    CHECK(*database.best(0) == 1);
    CHECK(database.add(0, program(3, 0.502, 21), Arrival::kProposed, 2));  // 0.481 > 0.480
    CHECK(*database.best(0) == 3);
    CHECK(*database.best_fitness(0) == 0.502);
    CHECK(database.score(database.entry(3)) == doctest::Approx(0.481));
    // The run's best is by score too: a fitter but much longer program on another island loses.
    CHECK(database.add(1, program(4, 0.6, 200), Arrival::kProposed, 2));  // 0.6 - 0.2 = 0.4
    CHECK(*database.best_overall() == 3);
    // Without the penalty the same programs rank by fitness alone.
    ProgramDatabase plain(options(2));
    plain.add(0, program(1, 0.5, 20), Arrival::kProposed, 1);
    CHECK(plain.add(0, program(2, 0.5005, 21), Arrival::kProposed, 1));
    plain.add(1, program(4, 0.6, 200), Arrival::kProposed, 2);
    CHECK(*plain.best_overall() == 4);
  }

  TEST_CASE("the reads descriptor counts the distinct fields a program reads") {
    const std::string source =
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  return (double)(state->now - obj->last_access) * 0.5 + (double)obj->size +\n"
        "         (double)obj->size * 2.0;\n"
        "}\n";
    const auto headers = crucible::search::proposers::testing::cache_headers();
    CHECK(crucible::search::novelty_of(source, headers).fields == 3);  // now, last_access, size
    CHECK(crucible::search::novelty_of(source).fields == 3);           // from tokens alone
    CHECK(crucible::search::describe({"reads", "complexity"}, 40, 0.5, 3) ==
          std::vector<double>{3.0, 40.0});
    // Programs reading 2 and 9 fields land in different cells of a reads-only archive.
    DatabaseOptions reads = options(1);
    reads.features = {"reads"};
    ProgramDatabase database(reads);
    ProgramEntry two{1, 1, 0.5, 10, {2.0}, ""};
    ProgramEntry nine{2, 2, 0.1, 10, {9.0}, ""};
    CHECK(database.add(0, two, Arrival::kProposed, 1));
    CHECK(database.add(0, nine, Arrival::kProposed, 1));
    CHECK(database.occupied_cells(0) == 2);
    CHECK(database.to_json()["grid_cells"] == 6.0);
  }

  TEST_CASE("parent selection follows the exploit, explore and uniform ratios") {
    auto only = [](double exploit, double explore, double uniform) {
      DatabaseOptions o = options(1);
      o.selection = {exploit, explore, uniform, 1, 2, 2, 2};
      o.members = 4;
      ProgramDatabase database(o);
      // Elites in three cells; the latest four members include non-elites.
      database.add(0, program(1, 0.9, 20), Arrival::kProposed, 1);
      database.add(0, program(2, 0.2, 500), Arrival::kProposed, 1);
      database.add(0, program(3, 0.1, 20, 1.0), Arrival::kProposed, 1);
      for (int64_t id = 4; id <= 7; ++id) database.add(0, program(id, 0.0, 21), Arrival::kProposed, 1);
      std::map<int64_t, int> picks;
      std::mt19937_64 rng(3);
      for (int i = 0; i < 3000; ++i) ++picks[database.select_parent(0, rng)];
      return picks;
    };
    auto exploit = only(1, 0, 0);  // elite pool of one: always the best
    CHECK(exploit.size() == 1);
    CHECK(exploit[1] == 3000);
    auto explore = only(0, 1, 0);  // each occupied cell alike
    CHECK(explore.size() == 3);
    for (int64_t id : {1, 2, 3}) CHECK(explore[id] > 850);
    auto uniform = only(0, 0, 1);  // the latest four members, elites or not
    CHECK(uniform.size() == 4);
    for (int64_t id : {4, 5, 6, 7}) CHECK(uniform[id] > 650);
  }

  TEST_CASE("inspirations are the island's best and other elites, never the parent") {
    ProgramDatabase database(options(2));
    for (int64_t id = 1; id <= 6; ++id) {
      database.add(0, program(id, 0.1 * static_cast<double>(id), 8.0 * std::pow(2.0, id)),
                   Arrival::kProposed, 1);
    }
    database.add(1, program(99, 5.0, 20), Arrival::kProposed, 1);
    std::mt19937_64 rng(5);
    const auto chosen = database.inspirations(0, 6, rng);
    REQUIRE(chosen.size() == 4);
    CHECK(chosen[0] == 5);
    CHECK(chosen[1] == 4);
    for (int64_t id : chosen) {
      CHECK(id != 6);
      CHECK(id != 99);  // another island's program
    }
  }

  TEST_CASE("islands exchange programs only by ring migration and migrants are not sent on") {
    ProgramDatabase database(options(3));
    database.add(0, program(10, 0.9, 20), Arrival::kProposed, 1);
    database.add(1, program(20, 0.5, 500), Arrival::kProposed, 1);
    database.add(2, program(30, 0.1, 20), Arrival::kProposed, 1);
    std::mt19937_64 rng(1);
    for (int i = 0; i < 200; ++i) CHECK(database.select_parent(1, rng) == 20);

    auto sends = database.migrate(5);
    CHECK(sends == std::vector<std::pair<size_t, int64_t>>{{1, 10}, {2, 20}, {0, 30}});
    CHECK(*database.best(1) == 10);
    // Migrants are never sent on, nor programs the next island already holds: only island 0's
    // new best travels now; the migrant 30 on island 0 stays there.
    database.add(0, program(11, 0.95, 500), Arrival::kProposed, 6);
    sends = database.migrate(10);
    CHECK(sends == std::vector<std::pair<size_t, int64_t>>{{1, 11}});
  }

  TEST_CASE("a stagnant island in the weaker half is reset from the best island") {
    DatabaseOptions o = options(4);
    o.reset_after = 5;
    ProgramDatabase database(o);
    database.add(0, program(1, 0.9, 20), Arrival::kProposed, 1);
    database.add(1, program(2, 0.5, 20), Arrival::kProposed, 1);
    database.add(2, program(3, 0.3, 20), Arrival::kProposed, 8);  // improved recently
    database.add(3, program(4, 0.1, 20), Arrival::kProposed, 1);
    database.add(3, program(5, 0.05, 500), Arrival::kProposed, 1);
    CHECK(database.reset_stagnant(5).empty());  // not long enough
    CHECK(database.reset_stagnant(7) == std::vector<size_t>{3});  // island 2 improved at 8
    CHECK(database.elites(3) == std::vector<int64_t>{1});
    CHECK(*database.best(3) == 1);
    CHECK(database.elites(1) == std::vector<int64_t>{2});  // the stronger half is kept
  }

  TEST_CASE("an island whose best ties the best island's is not reset") {
    DatabaseOptions o = options(4);
    o.reset_after = 5;
    ProgramDatabase database(o);
    database.add(0, program(1, 0.9, 20), Arrival::kProposed, 1);
    database.add(1, program(2, 0.9, 20), Arrival::kProposed, 1);
    database.add(2, program(3, 0.9, 20), Arrival::kProposed, 1);
    database.add(2, program(4, 0.2, 500), Arrival::kProposed, 1);  // a second cell
    database.add(3, program(5, 0.4, 20), Arrival::kProposed, 1);
    CHECK(database.reset_stagnant(7) == std::vector<size_t>{3});  // island 2 ties: kept
    CHECK(database.elites(2).size() == 2);
    CHECK(*database.best(3) == 1);
  }

  TEST_CASE("programs differing only in literals are capped per island") {
    DatabaseOptions o = options(2);
    o.literal_variants = 2;
    ProgramDatabase database(o);
    database.add(0, program(1, 0.1, 20, 0, "skeleton-a"), Arrival::kProposed, 1);
    CHECK_FALSE(database.is_literal_capped(0, "skeleton-a"));
    database.add(0, program(2, 0.2, 20, 0, "skeleton-a"), Arrival::kProposed, 1);
    CHECK(database.is_literal_capped(0, "skeleton-a"));
    CHECK_FALSE(database.is_literal_capped(1, "skeleton-a"));
    CHECK_FALSE(database.is_literal_capped(0, "skeleton-b"));
  }

  TEST_CASE("the database state survives a JSON round trip") {
    DatabaseOptions o = options(2);
    ProgramDatabase database(o);
    std::map<int64_t, ProgramEntry> all;
    for (int64_t id = 1; id <= 8; ++id) {
      auto entry = program(id, 0.1 * static_cast<double>(id % 5), 8.0 * static_cast<double>(id * id),
                           id % 2 == 0 ? 1.0 : 0.0, "s" + std::to_string(id % 3));
      all[id] = entry;
      database.add(static_cast<size_t>(id % 2), entry, Arrival::kProposed, static_cast<uint64_t>(id));
    }
    database.migrate(9);
    const auto saved = database.to_json();
    auto restored = ProgramDatabase::from_json(o, saved, [&](int64_t id) { return all.at(id); });
    CHECK(restored.to_json() == saved);
    std::mt19937_64 a(9);
    std::mt19937_64 b(9);
    for (int i = 0; i < 50; ++i) {
      CHECK(database.select_parent(i % 2, a) == restored.select_parent(i % 2, b));
    }
    DatabaseOptions three = options(3);
    CHECK_THROWS_AS(ProgramDatabase::from_json(three, saved, [&](int64_t id) { return all.at(id); }),
                    crucible::evaluators::ConfigError);
  }
}
