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

#include "search/evolution.hpp"
#include "support.hpp"

namespace {

using crucible::search::CandidateRecord;
using crucible::search::ScoredCandidate;
namespace evaluators = crucible::evaluators;
namespace proposers = crucible::search::proposers;

// "return N;" with N an integer.
std::string program_of(int64_t value) { return "return " + std::to_string(value) + ";"; }
int64_t value_of(const std::string& source) {
  const size_t at = source.find("return ") + 7;
  const std::string rest = source.substr(at);
  const size_t skip = rest.find_first_not_of("( ");  // a tuned literal may be parenthesized
  return static_cast<int64_t>(std::llround(std::stod(rest.substr(skip))));
}

// The same game written as C++ that type-checks, so the tuner can parse it: "double f() {...}".
std::string function_of(int64_t value) {
  return "double number() { return " + std::to_string(value) + ".0; }\n";
}

// One instance; the metric is the distance to 1000 (lower is better), the fitness its negative.
class NumberWorkload final : public evaluators::Workload {
 public:
  explicit NumberWorkload(bool is_cpp = false) {
    interface_.name = "number";
    if (is_cpp) {
      interface_.headers = {{"number.h", "double number();\n"}};
      interface_.seeds = {{"zero", function_of(0)}, {"five", function_of(5)}};
    } else {
      interface_.seeds = {{"zero", program_of(0)}, {"five", program_of(5)}};
    }
    instances_ = {{"target", "t", "1000"}};
  }
  const std::vector<evaluators::InstanceInfo>& instances() const override { return instances_; }
  const evaluators::PolicyInterface& policy_interface() const override { return interface_; }
  double fitness(std::span<const evaluators::InstanceMetrics> metrics) const override {
    return -metrics[0].metric;
  }
  std::string fitness_name() const override { return "closeness"; }
  std::vector<evaluators::InstanceMetrics> evaluate_candidate(void*) const override { return {}; }
  std::vector<evaluators::InstanceMetrics> evaluate_baseline(std::string_view) const override {
    return {};
  }

 private:
  evaluators::PolicyInterface interface_;
  std::vector<evaluators::InstanceInfo> instances_;
};

// Adds -40..+60 to the parent's number, or, with an inspiration, sometimes averages with it.
class NumberProposer final : public proposers::Proposer {
 public:
  std::string name() const override { return "number"; }
  std::optional<proposers::Proposal> propose(const proposers::ProposalRequest& request,
                                             std::mt19937_64& rng) override {
    const int64_t parent = value_of(request.parent.source);
    if (!request.inspirations.empty() && rng() % 4 == 0) {
      const auto& donor = request.inspirations[rng() % request.inspirations.size()];
      return proposers::Proposal{make((parent + value_of(donor.source)) / 2), "average",
                                 {donor.id}};
    }
    const int64_t step = static_cast<int64_t>(rng() % 101) - 40;
    return proposers::Proposal{make(parent + step), "step", {}};
  }
  std::string (*make)(int64_t) = program_of;
};

// Scores the number; counts calls, and can fail (as a killed process would stop) after a budget.
// It waits for the generation's last request, then scores them in reverse.
class NumberEvaluator final : public crucible::search::CandidateEvaluator {
 public:
  void evaluate(crucible::search::RequestFeed& requests,
                const std::function<void(size_t, ScoredCandidate)>& on_done) override {
    std::vector<std::string> sources;
    while (auto request = requests.take()) sources.push_back(request->source);
    for (size_t i = sources.size(); i-- > 0;) {  // in reverse: completion order must not matter
      if (kill_after && evaluated == *kill_after) throw std::runtime_error("killed");
      ScoredCandidate scored;
      scored.metrics = {{"target", std::fabs(1000.0 - static_cast<double>(value_of(sources[i]))),
                         nlohmann::json::object()}};
      scored.fitness = -scored.metrics[0].metric;
      ++evaluated;
      on_done(i, scored);
    }
  }
  uint64_t evaluated = 0;
  std::optional<uint64_t> kill_after;
};

// A cascade: the quick fitness is the full one; below the reference (margin 0) a candidate is cut.
// It scores each request as it arrives.
class CascadeEvaluator final : public crucible::search::CandidateEvaluator {
 public:
  void evaluate(crucible::search::RequestFeed& requests,
                const std::function<void(size_t, ScoredCandidate)>& on_done) override {
    for (size_t i = 0; auto request = requests.take(); ++i) {
      const double fitness = -std::fabs(1000.0 - static_cast<double>(value_of(request->source)));
      ScoredCandidate scored;
      scored.quick_fitness = fitness;
      if (!crucible::search::passes_cascade(fitness, request->quick_reference, 0.0)) {
        scored.is_cut = true;
      } else {
        scored.metrics = {{"target", -fitness, nlohmann::json::object()}};
        scored.fitness = fitness;
      }
      on_done(i, scored);
    }
  }
};

nlohmann::json experiment(uint64_t generations) {
  return {{"name", "numbers"},
          {"domain", "number"},
          {"seed", 11},
          {"workload", nlohmann::json::object()},
          {"search",
           {{"generations", generations},
            {"children", 6},
            {"islands", 3},
            {"migration", {{"interval", 4}, {"migrants", 1}}},
            {"reset_after", 6},
            {"literal_variants", 1000}}}};
}

struct Run {
  crucible::search::EvolutionResult result;
  int64_t run_id = 0;
};

Run run_search(crucible::search::Store& store, crucible::search::CandidateEvaluator& evaluator,
               nlohmann::json json,
               std::optional<int64_t> resume = std::nullopt,
               const std::atomic<bool>* stop = nullptr, bool is_cpp = false) {
  static const NumberWorkload numbers;
  static const NumberWorkload functions(true);
  const NumberWorkload& workload = is_cpp ? functions : numbers;
  NumberProposer proposer;
  if (is_cpp) proposer.make = function_of;
  auto config = crucible::search::parse_experiment(json, ".");
  const int64_t run_id = resume ? *resume
                                : store.begin_run(config.name, config.domain, config.raw,
                                                  config.seed, workload.instances());
  crucible::search::SearchInputs inputs{config,   workload, proposer, evaluator, store,
                                        run_id,   {},       true,     stop};
  return {crucible::search::evolve(inputs, {}, resume.has_value()), run_id};
}

// A run's candidates in a form that does not depend on database ids: (generation, slot) stands
// for each candidate, its parent's included.
using Row = std::tuple<int64_t, int64_t, std::string, double, int64_t, int64_t, int64_t>;
std::vector<Row> rows_of(crucible::search::Store& store, int64_t run_id) {
  auto candidates = store.candidates(run_id);
  std::map<int64_t, std::pair<int64_t, int64_t>> place;
  for (const auto& c : candidates) place[c.id] = {c.generation, c.slot.value_or(-1)};
  std::vector<Row> rows;
  for (const auto& c : candidates) {
    const auto parent = c.parent_id ? place.at(*c.parent_id) : std::pair<int64_t, int64_t>{-1, -1};
    rows.emplace_back(c.generation, c.slot.value_or(-1), c.source, c.fitness.value_or(NAN),
                      c.island.value_or(-1), parent.first, parent.second);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

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
