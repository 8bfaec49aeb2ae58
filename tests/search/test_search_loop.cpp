// The search loop's bookkeeping without the sandbox: a proposer that edits one number and an
// evaluator that scores it, so hundreds of generations run in a moment. Checks reproducibility,
// resume equivalence (run 100 + resume 100 equals run 200), a kill in the middle of a generation,
// no work done twice, the stopping rules, the novelty rule and the interrupt flag.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "number_game.hpp"
#include "search/evolution.hpp"
#include "support.hpp"

using namespace crucible::testing::numbers;  // NOLINT(google-build-using-namespace)

TEST_SUITE("search") {
  TEST_CASE("two runs with the same seed propose and score the same candidates") {
    crucible::testing::TempDir dir;
    crucible::search::Store first(dir.path() / "a.db");
    crucible::search::Store second(dir.path() / "b.db");
    NumberEvaluator a;
    NumberEvaluator b;
    auto ra = run_search(first, a, experiment(30));
    auto rb = run_search(second, b, experiment(30));
    CHECK(rows_of(first, ra.run_id) == rows_of(second, rb.run_id));
    CHECK(rows_of(first, ra.run_id).size() > 100);
    CHECK(ra.result.best_fitness == rb.result.best_fitness);
    // and the search makes progress toward the target
    CHECK(*ra.result.best_fitness > -1000.0 + 300.0);
    auto other = experiment(30);
    other["seed"] = 12;
    crucible::search::Store third(dir.path() / "c.db");
    NumberEvaluator c;
    auto rc = run_search(third, c, other);
    CHECK(rows_of(third, rc.run_id) != rows_of(first, ra.run_id));
  }

  TEST_CASE("run 100 generations and resume to 200 equals a run of 200") {
    crucible::testing::TempDir dir;
    crucible::search::Store whole(dir.path() / "whole.db");
    NumberEvaluator once;
    auto full = run_search(whole, once, experiment(200));
    crucible::search::Store split(dir.path() / "split.db");
    NumberEvaluator twice;
    auto half = run_search(split, twice, experiment(100));
    CHECK(half.result.generation == 100);
    auto rest = run_search(split, twice, experiment(200), half.run_id);
    CHECK(rest.result.generation == 200);
    CHECK(rows_of(split, half.run_id) == rows_of(whole, full.run_id));
    CHECK(twice.evaluated == once.evaluated);  // no candidate evaluated twice
    CHECK(rest.result.best_fitness == full.result.best_fitness);
    CHECK(split.lineage(half.run_id).size() == whole.lineage(full.run_id).size());
    CHECK(split.placements(half.run_id).size() == whole.placements(full.run_id).size());
  }

  TEST_CASE("a run killed inside a generation resumes without evaluating a stored candidate again") {
    crucible::testing::TempDir dir;
    crucible::search::Store whole(dir.path() / "whole.db");
    NumberEvaluator once;
    auto full = run_search(whole, once, experiment(40));
    crucible::search::Store killed(dir.path() / "killed.db");
    NumberEvaluator evaluator;
    evaluator.kill_after = once.evaluated / 2 + 1;  // somewhere inside a generation
    int64_t run_id = 0;
    CHECK_THROWS_WITH_AS(run_id = run_search(killed, evaluator, experiment(40)).run_id, "killed",
                         std::runtime_error);
    run_id = *killed.latest_run_id();
    const uint64_t stored = killed.candidates(run_id).size();
    CHECK(stored == *evaluator.kill_after);
    evaluator.kill_after.reset();
    auto rest = run_search(killed, evaluator, experiment(40), run_id);
    CHECK(rows_of(killed, run_id) == rows_of(whole, full.run_id));
    CHECK(evaluator.evaluated == once.evaluated);
    CHECK(rest.result.best_fitness == full.result.best_fitness);
  }

  TEST_CASE("the stopping rules end the run and say why") {
    crucible::testing::TempDir dir;
    crucible::search::Store store(dir.path() / "stop.db");
    NumberEvaluator evaluator;
    auto json = experiment(1000);
    json["search"]["stop"] = {{"evaluations", 50}};
    auto by_count = run_search(store, evaluator, json);
    CHECK(by_count.result.reason == crucible::search::StopReason::kEvaluations);
    CHECK(by_count.result.evaluated >= 50);
    CHECK(by_count.result.evaluated < 50 + 6);  // at most one generation past the budget

    json["search"]["stop"] = {{"target", -30.0}};
    auto by_target = run_search(store, evaluator, json);
    CHECK(by_target.result.reason == crucible::search::StopReason::kTarget);
    CHECK(*by_target.result.best_fitness >= -30.0);

    json["search"]["stop"] = {{"stagnation", 3}};
    json["search"]["generations"] = 1000;
    auto stuck = run_search(store, evaluator, json);
    CHECK(stuck.result.reason == crucible::search::StopReason::kStagnation);

    std::atomic<bool> stop{true};
    auto interrupted = run_search(store, evaluator, experiment(50), std::nullopt, &stop);
    CHECK(interrupted.result.reason == crucible::search::StopReason::kInterrupted);
    CHECK(interrupted.result.generation == 0);  // the seeds' batch finished, nothing after
  }

  TEST_CASE("without migration or resets no parent or donor comes from another island") {
    auto cross_island_edges = [](nlohmann::json json) {
      crucible::testing::TempDir dir;
      crucible::search::Store store(dir.path() / "iso.db");
      NumberEvaluator evaluator;
      auto run = run_search(store, evaluator, std::move(json));
      std::map<int64_t, CandidateRecord> by_id;
      for (auto& c : store.candidates(run.run_id)) by_id[c.id] = c;
      size_t crossings = 0;
      for (const auto& edge : store.lineage(run.run_id)) {
        const auto& child = by_id.at(edge.child_id);
        const auto& parent = by_id.at(edge.parent_id);
        if (parent.generation == 0) continue;  // seeds are on every island
        if (*parent.island != *child.island) ++crossings;
      }
      return crossings;
    };
    auto isolated = experiment(40);
    isolated["search"]["migration"] = {{"interval", 0}};
    isolated["search"]["reset_after"] = 0;
    CHECK(cross_island_edges(isolated) == 0);
    CHECK(cross_island_edges(experiment(40)) > 0);  // migration does carry programs across
  }

  TEST_CASE("candidates the cascade cuts are stored with their quick fitness and never bred from") {
    crucible::testing::TempDir dir;
    crucible::search::Store store(dir.path() / "cascade.db");
    CascadeEvaluator evaluator;
    auto run = run_search(store, evaluator, experiment(30));
    std::map<int64_t, CandidateRecord> by_id;
    size_t cut = 0;
    for (auto& c : store.candidates(run.run_id)) {
      if (c.stage == "quick") {
        ++cut;
        CHECK(c.quick_fitness.has_value());
        CHECK_FALSE(c.fitness.has_value());
        CHECK(c.status == "ok");
      }
      by_id[c.id] = c;
    }
    CHECK(cut > 10);
    for (const auto& edge : store.lineage(run.run_id)) {
      CHECK(by_id.at(edge.parent_id).stage == "full");
    }
    CHECK(*run.result.best_fitness > -1000.0 + 300.0);
  }

  TEST_CASE("under cut_parent_ties a child that ties its parent's quick fitness is cut") {
    // Children scored in full whose quick fitness equals their parent's, with the rule on or off.
    auto full_ties = [](bool cut_ties) {
      crucible::testing::TempDir dir;
      crucible::search::Store store(dir.path() / "ties.db");
      CascadeEvaluator evaluator(50);
      auto json = experiment(30);
      json["search"]["cascade"] = {{"cut_parent_ties", cut_ties}};
      auto run = run_search(store, evaluator, json);
      std::map<int64_t, CandidateRecord> by_id;
      for (auto& c : store.candidates(run.run_id)) by_id[c.id] = c;
      size_t ties = 0, cut_ties_seen = 0;
      for (const auto& [id, c] : by_id) {
        if (!c.parent_id || !c.quick_fitness) continue;
        const auto& parent = by_id.at(*c.parent_id);
        if (!parent.quick_fitness || *c.quick_fitness != *parent.quick_fitness) continue;
        ++(c.stage == "full" ? ties : cut_ties_seen);
      }
      return std::pair{ties, cut_ties_seen};
    };
    const auto [off_full, off_cut] = full_ties(false);
    CHECK(off_full > 0);  // without the rule such children do reach the full stage
    const auto [on_full, on_cut] = full_ties(true);
    CHECK(on_full == 0);
    CHECK(on_cut > 0);
  }

  TEST_CASE("each new best's literals are tuned and a resumed run replays the tuning exactly") {
    auto json = experiment(6);
    json["search"]["tuning"] = {{"evaluations", 8}};
    crucible::testing::TempDir dir;
    crucible::search::Store whole(dir.path() / "whole.db");
    NumberEvaluator once;
    auto full = run_search(whole, once, json, std::nullopt, nullptr, true);
    size_t tuned = 0;
    for (const auto& c : whole.candidates(full.run_id)) {
      if (c.proposer != "tuning") continue;
      ++tuned;
      CHECK(c.slot.value() >= 6);  // after the proposals' slots
      CHECK(c.origin.find("tuning: the literals of #") == 0);
    }
    CHECK(tuned > 0);
    crucible::search::Store split(dir.path() / "split.db");
    NumberEvaluator twice;
    auto first = json;
    first["search"]["generations"] = 3;
    auto half = run_search(split, twice, first, std::nullopt, nullptr, true);
    run_search(split, twice, json, half.run_id, nullptr, true);
    CHECK(rows_of(split, half.run_id) == rows_of(whole, full.run_id));
    CHECK(twice.evaluated == once.evaluated);
  }

  TEST_CASE("an exact duplicate of a stored candidate is never evaluated again") {
    crucible::testing::TempDir dir;
    crucible::search::Store store(dir.path() / "dup.db");
    NumberEvaluator evaluator;
    auto run = run_search(store, evaluator, experiment(60));
    std::map<std::string, int> times;
    for (const auto& c : store.candidates(run.run_id)) ++times[c.canonical_hash];
    for (const auto& [hash, count] : times) CHECK(count == 1);
    CHECK(evaluator.evaluated == store.candidates(run.run_id).size());
  }
}
