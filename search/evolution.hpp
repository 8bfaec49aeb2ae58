// The search loop: seeds, then generations. In each generation every island proposes its share
// of children from parents and inspirations of its own; the batch is evaluated (in the sandbox,
// several in flight), each result stored as it arrives, and the survivors placed in their
// islands' archives in slot order. Ring migration and resets of stagnant islands follow, then a
// checkpoint of the whole state. Every random draw comes from a generator seeded by (run seed,
// generation, slot), so a run is reproducible and a resumed run continues exactly: a resume
// replays the generation after the last checkpoint and reuses every candidate already stored
// for it instead of evaluating it again.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "evaluators/domain.hpp"
#include "sandbox/worker.hpp"
#include "search/candidate_eval.hpp"
#include "search/experiment.hpp"
#include "search/proposers/proposer.hpp"
#include "search/store.hpp"

namespace crucible::search {

struct Progress {
  uint64_t generation = 0;       // 0 = seeds
  uint64_t generations = 0;      // planned
  uint64_t evaluated = 0;        // candidates finished so far (this run, all sessions)
  uint64_t failed = 0;           // of those, not ok
  uint64_t cut = 0;              // of those, stopped by the cascade after its quick stage
  uint64_t duplicates = 0;       // proposals already stored (canonical form), not evaluated
  uint64_t literal_capped = 0;   // proposals refused by the literal-variant cap
  std::optional<double> best_fitness;
  int64_t best_candidate = 0;
  std::chrono::duration<double> elapsed{};  // this session
  bool is_generation_end = false;
};

using ProgressCallback = std::function<void(const Progress&)>;

// Why the run stopped.
enum class StopReason { kGenerations, kEvaluations, kWallTime, kTarget, kStagnation, kInterrupted };
std::string_view stop_reason_name(StopReason reason);

struct EvolutionResult {
  uint64_t evaluated = 0;
  std::optional<int64_t> best_candidate;
  std::optional<double> best_fitness;
  uint64_t generation = 0;  // the last completed
  StopReason reason = StopReason::kGenerations;
};

// One candidate to evaluate: its source and, under a cascade, the quick fitness of its
// island's best as it was when the batch began (none: it goes on to the full stage).
struct EvaluationRequest {
  std::string source;
  std::optional<double> quick_reference;
};

// Evaluates batches of candidate sources. The sandbox one is the real thing; tests use others.
class BatchEvaluator {
 public:
  virtual ~BatchEvaluator() = default;
  // Calls on_done(index, result) on this thread as each finishes, in any order.
  virtual void evaluate(const std::vector<EvaluationRequest>& requests,
                        const std::function<void(size_t, ScoredCandidate)>& on_done) = 0;
};

// Each candidate compiled and run in the sandbox on `workload` (forked by `worker` when given,
// which must have been started with make_bodies(workload, quick)). With `quick` (the cascade's
// Workload::make_quick), a candidate runs on it first and goes on only if it passes the cascade.
class SandboxEvaluator final : public BatchEvaluator {
 public:
  SandboxEvaluator(const evaluators::Domain& domain, const evaluators::Workload& workload,
                   const SearchOptions& options, sandbox::Worker* worker,
                   const evaluators::Workload* quick = nullptr)
      : domain_(domain), workload_(workload), options_(options), worker_(worker), quick_(quick) {}
  void evaluate(const std::vector<EvaluationRequest>& requests,
                const std::function<void(size_t, ScoredCandidate)>& on_done) override;

 private:
  const evaluators::Domain& domain_;
  const evaluators::Workload& workload_;
  const SearchOptions& options_;
  sandbox::Worker* worker_;
  const evaluators::Workload* quick_;
};

struct SearchInputs {
  const ExperimentConfig& config;
  const evaluators::Workload& workload;  // its policy interface and instances
  proposers::Proposer& proposer;
  BatchEvaluator& evaluator;
  Store& store;
  int64_t run_id = 0;
  // Per search instance, the best baseline's metric (the "wins" descriptor); empty: no wins.
  std::vector<double> best_baseline;
  bool is_lower_better = true;
  // Set (by a signal handler) to stop after the batch in flight; the run ends interrupted.
  const std::atomic<bool>* stop_requested = nullptr;
};

// A new run (begun in the store), or with `resume` the continuation of a stopped one from its
// latest checkpoint. Throws ConfigError when no seed works.
EvolutionResult evolve(const SearchInputs& inputs, const ProgressCallback& on_progress,
                       bool resume = false);

}  // namespace crucible::search
