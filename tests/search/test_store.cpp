// The SQLite store: round trips, versioning, and refusing files that are not ours.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <fstream>

#include "search/store.hpp"
#include "support.hpp"

using crucible::search::CandidateRecord;
using crucible::search::Store;
using crucible::search::StoreError;

TEST_SUITE("search") {
  TEST_CASE("runs, candidates and evaluations round-trip through the store") {
    crucible::testing::TempDir dir;
    auto path = dir.path() / "results.db";
    int64_t run_id = 0;
    {
      Store store(path);
      run_id = store.begin_run("test", "cache", {{"seed", 3}}, 3, {{"t@1", "t", "1"}});
      CandidateRecord record;
      record.run_id = run_id;
      record.generation = 2;
      record.origin = "seed lru";
      record.source = "double f();";
      record.source_hash = crucible::search::source_hash(record.source);
      record.status = "ok";
      record.fitness = 0.25;
      store.add_candidate(record, {{"t@1", 0.75, {{"hits", 1}}}});
      store.add_baseline(run_id, "lru", {{"t@1", 0.8, {{"hits", 0}}}});
      store.finish_run(run_id, "finished");
    }
    Store store(path, /*must_exist=*/true);
    auto run = store.find_run(run_id);
    REQUIRE(run.has_value());
    CHECK(run->state == "finished");
    CHECK(run->instances.size() == 1);
    auto candidates = store.candidates(run_id);
    REQUIRE(candidates.size() == 1);
    CHECK(candidates[0].generation == 2);
    CHECK(candidates[0].fitness == doctest::Approx(0.25));
    auto evaluations = store.evaluations(run_id);
    REQUIRE(evaluations.size() == 2);
    CHECK(evaluations[0].candidate_id == candidates[0].id);
    CHECK(evaluations[1].baseline == "lru");
    CHECK(store.latest_run_id() == run_id);
  }

  TEST_CASE("the store refuses a missing file, a foreign file and a newer schema") {
    crucible::testing::TempDir dir;
    CHECK_THROWS_WITH_AS(Store(dir.path() / "absent.db", true), doctest::Contains("no such file"),
                         StoreError);
    std::ofstream(dir.path() / "text.db") << "this is not a database, just some text\n";
    CHECK_THROWS_WITH_AS(Store(dir.path() / "text.db"), doctest::Contains("text.db"), StoreError);
    auto newer = dir.path() / "newer.db";
    {
      sqlite3* db = nullptr;
      sqlite3_open(newer.c_str(), &db);
      sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
      sqlite3_close(db);
    }
    CHECK_THROWS_WITH_AS(Store{newer}, doctest::Contains("schema version 99"), StoreError);
  }

  TEST_CASE("a version-1 database is migrated in place and keeps its runs") {
    crucible::testing::TempDir dir;
    auto path = dir.path() / "v1.db";
    {
      sqlite3* db = nullptr;
      REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
      const char* v1 = R"sql(
        CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT NOT NULL, domain TEXT NOT NULL,
          config TEXT NOT NULL, seed INTEGER NOT NULL, instances TEXT NOT NULL,
          started_at TEXT NOT NULL, finished_at TEXT, state TEXT NOT NULL);
        CREATE TABLE candidates (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
          generation INTEGER NOT NULL, origin TEXT NOT NULL,
          parent_id INTEGER REFERENCES candidates(id), source TEXT NOT NULL,
          source_hash TEXT NOT NULL, status TEXT NOT NULL, diagnostics TEXT NOT NULL,
          output TEXT NOT NULL, fitness REAL, verify_ms REAL NOT NULL, compile_ms REAL NOT NULL,
          eval_ms REAL NOT NULL, created_at TEXT NOT NULL);
        CREATE INDEX candidates_by_run ON candidates(run_id, fitness);
        CREATE TABLE evaluations (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),
          candidate_id INTEGER REFERENCES candidates(id), baseline TEXT, instance TEXT NOT NULL,
          metric REAL NOT NULL, details TEXT NOT NULL,
          CHECK ((candidate_id IS NULL) <> (baseline IS NULL)));
        INSERT INTO runs VALUES (1, 'old', 'cache', '{}', 7, '[]', 'then', 'later', 'finished');
        INSERT INTO candidates VALUES (1, 1, 0, 'seed lru', NULL, 'double f();', 'abc', 'ok', '',
          '', 0.5, 1, 2, 3, 'then');
        PRAGMA user_version = 1;)sql";
      REQUIRE(sqlite3_exec(db, v1, nullptr, nullptr, nullptr) == SQLITE_OK);
      sqlite3_close(db);
    }
    Store store(path, /*must_exist=*/true);
    auto run = store.find_run(1);
    REQUIRE(run.has_value());
    CHECK(run->name == "old");
    CHECK(run->base_dir.empty());
    auto old = store.candidates(1);
    REQUIRE(old.size() == 1);
    CHECK(old[0].stage == "full");
    CHECK_FALSE(old[0].island.has_value());
    CHECK(old[0].fitness == doctest::Approx(0.5));
    CandidateRecord record;
    record.run_id = 1;
    record.generation = 1;
    record.origin = "mutation";
    record.parent_id = 1;
    record.source = "double g();";
    record.status = "ok";
    record.island = 2;
    record.slot = 5;
    record.stage = "quick";
    record.quick_fitness = 0.1;
    const int64_t id = store.add_candidate(record, {}, {{1, "parent"}});
    store.save_generation(1, 1, {{2, id, "proposed", true}}, {{"generation", 1}});
    auto latest = store.latest_checkpoint(1);
    REQUIRE(latest.has_value());
    CHECK(latest->first == 1);
    CHECK(store.lineage(1).size() == 1);
    CHECK(store.placements(1).at(0).island == 2);
    auto both = store.candidates(1);
    REQUIRE(both.size() == 2);
    CHECK(*both[1].island == 2);
    CHECK(*both[1].quick_fitness == doctest::Approx(0.1));
  }

  TEST_CASE("source hashes are stable and tell different sources apart") {
    CHECK(crucible::search::source_hash("") == "cbf29ce484222325");
    CHECK(crucible::search::source_hash("a") != crucible::search::source_hash("b"));
  }
}
