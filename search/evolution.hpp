// The search loop: seeds, then generations. In each generation every island proposes its share
// of children from parents and inspirations of its own; each child goes to the evaluator as soon
// as it is proposed (the sandbox compiles and runs several at once while proposing goes on), each
// result is stored as it arrives, and the survivors are placed in their islands' archives in slot
// order. Ring migration and resets of stagnant islands follow, then a
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
#include "sandbox/feed.hpp"
#include "sandbox/worker.hpp"
#include "search/candidate_eval.hpp"
#include "search/experiment.hpp"
#include "search/proposers/proposer.hpp"
#include "search/store.hpp"
#include "search/time_profile.hpp"

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
enum class StopReason {
  kGenerations,
  kEvaluations,
  kWallTime,
  kTarget,
  kStagnation,
  kInterrupted,
  kBudget,  // the proposer can make nothing more (a language model's budget is spent)
};
std::string_view stop_reason_name(StopReason reason);

struct EvolutionResult {
  uint64_t evaluated = 0;
  std::optional<int64_t> best_candidate;
  std::optional<double> best_fitness;
  uint64_t generation = 0;  // the last completed
  StopReason reason = StopReason::kGenerations;
};

// One candidate to evaluate: its source and, under a cascade, the quick fitness of its
// island's best as it was when the batch began (none: it goes on to the full stage); and the
// fitness it must beat to displace that best (none: no best yet; with parsimony, the best's
// score plus the candidate's own penalty), which gets it the recheck and the causality check
// under SearchOptions::Scope::kBest.
struct EvaluationRequest {
  std::string source;
  std::optional<double> quick_reference;
  std::optional<double> best_reference;
  std::optional<double> parent_quick;  // under cascade.cut_parent_ties, the parent's quick fitness
};

// Requests handed to an evaluator while it runs: the search pushes each child as soon as its
// proposal is drafted and kept (from its proposer threads), and closes the feed when the
// generation has no more.
using RequestFeed = sandbox::Feed<EvaluationRequest>;

// Evaluates candidate sources as they arrive. The sandbox one is the real thing; tests use others.
class CandidateEvaluator {
 public:
  virtual ~CandidateEvaluator() = default;
  // Takes requests until `requests` is exhausted, numbering them from 0 in the order taken, and
  // calls on_done(index, result) on this thread as each finishes, in any order. Returns when
  // every request taken is done. A request taken must be finished without waiting for later
  // ones: the search holds some back until earlier results are in (the tuning's batches).
  virtual void evaluate(RequestFeed& requests,
                        const std::function<void(size_t, ScoredCandidate)>& on_done) = 0;
  // A batch known in full: the same, with index = position in `requests`.
  void evaluate_all(const std::vector<EvaluationRequest>& requests,
                    const std::function<void(size_t, ScoredCandidate)>& on_done);
};

// Each candidate compiled and run in the sandbox on `workload`, forked by `worker`, which must
// have been started with make_bodies(workload, quick, altered) (the worker forks the verifier
// too, so the search's proposer threads may run meanwhile). With `quick` (the cascade's
// Workload::make_quick), a candidate runs on it first and goes on only if it passes the cascade.
// With `altered` (Workload::make_altered), the candidates options.causality_checks names are
// checked for causality on it.
class SandboxEvaluator final : public CandidateEvaluator {
 public:
  // Throws std::invalid_argument when `worker` is null.
  SandboxEvaluator(const evaluators::Domain& domain, const evaluators::Workload& workload,
                   const SearchOptions& options, sandbox::Worker* worker,
                   const evaluators::Workload* quick = nullptr,
                   const evaluators::Workload* altered = nullptr);
  void evaluate(RequestFeed& requests,
                const std::function<void(size_t, ScoredCandidate)>& on_done) override;
  // Candidates checked for causality so far, and those of them that read the future.
  uint64_t causality_checked() const { return causality_checked_; }
  uint64_t causality_violations() const { return causality_violations_; }
  // Where each candidate's sandbox time, replay and store go (null: not recorded).
  void set_profile(TimeProfile* profile) { profile_ = profile; }

 private:
  const evaluators::Domain& domain_;
  const evaluators::Workload& workload_;
  const SearchOptions& options_;
  sandbox::Worker* worker_;
  const evaluators::Workload* quick_;
  const evaluators::Workload* altered_;
  uint64_t causality_checked_ = 0;
  uint64_t causality_violations_ = 0;
  TimeProfile* profile_ = nullptr;
};

struct SearchInputs {
  const ExperimentConfig& config;
  const evaluators::Workload& workload;  // its policy interface and instances
  proposers::Proposer& proposer;
  CandidateEvaluator& evaluator;
  Store& store;
  int64_t run_id = 0;
  // Per search instance, the best baseline's metric (the "wins" descriptor); empty: no wins.
  std::vector<double> best_baseline;
  bool is_lower_better = true;
  std::string metric_name = "metric";  // the domain's per-instance metric, for proposers' feedback
  // Set (by a signal handler) to stop after the batch in flight; the run ends interrupted.
  const std::atomic<bool>* stop_requested = nullptr;
  // Where the proposer's and the novelty filter's time goes (null: not recorded).
  TimeProfile* profile = nullptr;
};

// A new run (begun in the store), or with `resume` the continuation of a stopped one from its
// latest checkpoint. Throws ConfigError when no seed works.
EvolutionResult evolve(const SearchInputs& inputs, const ProgressCallback& on_progress,
                       bool resume = false);

}  // namespace crucible::search
