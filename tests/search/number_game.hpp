// The number game shared by the search-loop tests: a proposer that edits one number, an
// evaluator that scores its distance to 1000, and helpers that run a search on them and read
// back its candidates independently of database ids.
#pragma once

#include <atomic>
#include <cmath>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "search/evolution.hpp"

namespace crucible::testing::numbers {

using crucible::search::CandidateRecord;
using crucible::search::ScoredCandidate;
namespace evaluators = crucible::evaluators;
namespace proposers = crucible::search::proposers;

// "return N;" with N an integer.
inline std::string program_of(int64_t value) { return "return " + std::to_string(value) + ";"; }
inline int64_t value_of(const std::string& source) {
  const size_t at = source.find("return ") + 7;
  const std::string rest = source.substr(at);
  const size_t skip = rest.find_first_not_of("( ");  // a tuned literal may be parenthesized
  return static_cast<int64_t>(std::llround(std::stod(rest.substr(skip))));
}

// The same game written as C++ that type-checks, so the tuner can parse it: "double f() {...}".
inline std::string function_of(int64_t value) {
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
  evaluators::DecisionRecords record_candidate(void*) const override { return {}; }
  std::vector<evaluators::InstanceMetrics> replay(std::span<const std::string>) const override {
    return {};
  }
  size_t max_record_bytes() const override { return 0; }
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
                                 {donor.id}, {}, 0, nullptr};
    }
    const int64_t step = static_cast<int64_t>(rng() % 101) - 40;
    return proposers::Proposal{make(parent + step), "step", {}, {}, 0, nullptr};
  }
  std::string (*make)(int64_t) = program_of;
};

// Scores the number; counts calls, and can fail (as a killed process would stop) after a budget.
// It waits for the generation's last request, then scores them in reverse.
class NumberEvaluator final : public crucible::search::CandidateEvaluator {
 public:
  void evaluate(crucible::search::RequestFeed& requests,
                const std::function<void(size_t, ScoredCandidate)>& on_done) override {
    // Whatever has arrived is finished in reverse (completion order must not matter), before
    // waiting for more (the search may hold a request back until earlier ones are done).
    std::vector<std::string> sources;
    while (auto first = requests.take()) {
      const size_t begin = sources.size();
      sources.push_back(first->source);
      while (auto more = requests.try_take()) sources.push_back(more->source);
      finish(sources, begin, on_done);
    }
  }
  uint64_t evaluated = 0;
  std::optional<uint64_t> kill_after;

 private:
  void finish(const std::vector<std::string>& sources, size_t begin,
              const std::function<void(size_t, ScoredCandidate)>& on_done) {
    for (size_t i = sources.size(); i-- > begin;) {
      if (kill_after && evaluated == *kill_after) throw std::runtime_error("killed");
      ScoredCandidate scored;
      scored.metrics = {{"target", std::fabs(1000.0 - static_cast<double>(value_of(sources[i]))),
                         nlohmann::json::object()}};
      scored.fitness = -scored.metrics[0].metric;
      ++evaluated;
      on_done(i, scored);
    }
  }
};

// A cascade: the quick fitness is the full one; below the reference (margin 0), or tying the
// parent's quick fitness when the request carries it, a candidate is cut. With a `step`, the
// distance to 1000 is counted in whole steps, so that nearby values tie. It scores each request
// as it arrives.
class CascadeEvaluator final : public crucible::search::CandidateEvaluator {
 public:
  explicit CascadeEvaluator(double step = 1) : step_(step) {}

  void evaluate(crucible::search::RequestFeed& requests,
                const std::function<void(size_t, ScoredCandidate)>& on_done) override {
    for (size_t i = 0; auto request = requests.take(); ++i) {
      const double distance = std::fabs(1000.0 - static_cast<double>(value_of(request->source)));
      const double fitness = -step_ * std::floor(distance / step_);
      ScoredCandidate scored;
      scored.quick_fitness = fitness;
      if (!crucible::search::passes_cascade(fitness, request->quick_reference, 0.0,
                                            request->parent_quick)) {
        scored.is_cut = true;
      } else {
        scored.metrics = {{"target", -fitness, nlohmann::json::object()}};
        scored.fitness = fitness;
      }
      on_done(i, scored);
    }
  }

 private:
  double step_;
};

inline nlohmann::json experiment(uint64_t generations) {
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

// With `other`, that proposer instead of a NumberProposer.
inline Run run_search(crucible::search::Store& store,
                      crucible::search::CandidateEvaluator& evaluator, nlohmann::json json,
                      std::optional<int64_t> resume = std::nullopt,
                      const std::atomic<bool>* stop = nullptr, bool is_cpp = false,
                      proposers::Proposer* other = nullptr) {
  static const NumberWorkload numbers;
  static const NumberWorkload functions(true);
  const NumberWorkload& workload = is_cpp ? functions : numbers;
  NumberProposer proposer;
  if (is_cpp) proposer.make = function_of;
  auto config = crucible::search::parse_experiment(json, ".");
  const int64_t run_id = resume ? *resume
                                : store.begin_run(config.name, config.domain, config.raw,
                                                  config.seed, workload.instances());
  crucible::search::SearchInputs inputs{config, workload, other != nullptr ? *other : proposer,
                                        evaluator, store, run_id, {}, true, "distance", stop};
  return {crucible::search::evolve(inputs, {}, resume.has_value()), run_id};
}

// A run's candidates in a form that does not depend on database ids: (generation, slot) stands
// for each candidate, its parent's included.
using Row = std::tuple<int64_t, int64_t, std::string, double, int64_t, int64_t, int64_t>;
inline std::vector<Row> rows_of(crucible::search::Store& store, int64_t run_id) {
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


}  // namespace crucible::testing::numbers
