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

  TEST_CASE("source hashes are stable and tell different sources apart") {
    CHECK(crucible::search::source_hash("") == "cbf29ce484222325");
    CHECK(crucible::search::source_hash("a") != crucible::search::source_hash("b"));
  }
}
