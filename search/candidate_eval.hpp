// Where search composes the sandbox with a domain: a candidate's source becomes a sandbox job whose
// isolated child runs the domain's evaluator, and the child's reply becomes validated metrics.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "evaluators/domain.hpp"
#include "sandbox/pipeline.hpp"
#include "sandbox/worker.hpp"
#include "search/experiment.hpp"

namespace crucible::search {

struct ScoredCandidate {
  sandbox::Status status = sandbox::Status::kOk;
  std::string diagnostics;
  std::string output;
  std::vector<evaluators::InstanceMetrics> metrics;  // empty unless status is kOk and not is_cut
  std::optional<double> fitness;                     // the full stage's; empty when is_cut
  std::optional<double> quick_fitness;  // the quick stage's, when it ran and reported well
  bool is_cut = false;  // stopped after an ok quick stage: status kOk, no metrics, no fitness
  double verify_ms = 0;
  double compile_ms = 0;
  double quick_ms = 0;
  double eval_ms = 0;  // the full stage's first run
  double causality_ms = 0;  // the causality check's run on altered inputs, when it ran
  bool causality_checked = false;  // it ran, and the decisions before the change points agreed
                                   // (or status says otherwise)
};

// The cascade's rule: a candidate goes on to the full stage when there is no reference yet or
// its quick fitness >= reference - margin * |reference|. `reference` is the quick fitness of the
// island's best, taken once per batch so the outcome does not depend on completion order.
// With `parent_quick` (the quick fitness of the child's parent, under cascade.cut_parent_ties),
// a child whose quick fitness equals it exactly stops too: on the quick slice it did no better
// than its parent, and in the runs of docs/results.md 98 % of such children also tied their
// parent in full.
bool passes_cascade(double quick_fitness, std::optional<double> reference, double margin,
                    std::optional<double> parent_quick = std::nullopt);

// The interface's headers as the sandbox and the parser take them.
std::vector<sandbox::HeaderFile> header_files(const evaluators::PolicyInterface& interface);

// The precompiled interface and library headers for source-to-source work on candidates written
// against `interface` (proposing, novelty, tuning): Prelude::for_parsing's pch, built on first
// use; empty when it cannot be built (parses are then slower, their results the same).
std::string parse_prelude(const evaluators::PolicyInterface& interface);

// The interface's gated features that `allowed` does not let the proposers write, in the
// interface's order. Throws ConfigError naming search.allow_features and the interface's gated
// features for an allowed name it does not gate.
std::vector<evaluators::GatedFeature> hidden_features(
    const evaluators::PolicyInterface& interface, const FeatureAllowance& allowed);

// The sandbox's view of a candidate written against `interface`.
sandbox::CandidateSource make_candidate(const evaluators::PolicyInterface& interface,
                                        std::string source);

// What the isolated child runs: the workload's simulation of the candidate's entry point, which
// sends back only the decisions it recorded (the parent replays them), with an invalid decision
// reported as such. One body serves every candidate of a workload (and is what a
// sandbox::Worker for that workload is started with).
sandbox::ChildBody make_body(const evaluators::Workload& workload);

// The bodies a sandbox::Worker is started with to serve make_job's jobs: full, then quick and
// altered when given, in the order Job::worker_body, worker_quick_body and worker_altered_body
// expect.
std::vector<sandbox::ChildBody> make_bodies(const evaluators::Workload& full,
                                            const evaluators::Workload* quick,
                                            const evaluators::Workload* altered = nullptr);

// The job for one candidate; the workloads must outlive the job. With `recheck`, an ok candidate
// is run twice in the full stage and a different result makes it nondeterministic. With `quick`
// (from Workload::make_quick), the candidate first runs on it; the full stage follows only when
// the quick result replays and `passes(quick fitness)` is true (empty: always). With `altered`
// (from Workload::make_altered), an ok full stage whose fitness satisfies `check_when` (empty:
// every one) is followed by the causality check's run on it. With `recheck`, `recheck_when`
// (empty: every ok full stage) says which full-stage fitness is rechecked. One compile serves
// every stage, and one replay of the full payload serves both judgements.
sandbox::Job make_job(const evaluators::Domain& domain, const evaluators::Workload& workload,
                      std::string source, bool recheck = true,
                      const evaluators::Workload* quick = nullptr,
                      std::function<bool(double quick_fitness)> passes = {},
                      const evaluators::Workload* altered = nullptr,
                      std::function<bool(double fitness)> check_when = {},
                      std::function<bool(double fitness)> recheck_when = {});

// Replays the child's decision records on `workload` (and on `quick`, for the quick payload of
// a two-stage job): the metrics are the parent's. A payload that is not one record per instance
// is bad_output, an impossible decision invalid_decision. With `altered` and an altered run,
// decisions before a change point that differ between the two runs are a sandbox_violation
// ("reads the future").
ScoredCandidate score_result(const evaluators::Domain& domain,
                             const evaluators::Workload& workload, sandbox::JobResult result,
                             const evaluators::Workload* quick = nullptr,
                             const evaluators::Workload* altered = nullptr);

// `worker`: the pre-initialized worker that forks isolated runs, or null to fork them from here.
// `workload`: the largest one the jobs run (its quick and altered twins take no more), whose
// records set the reply limit; null keeps the default limit.
sandbox::PipelineOptions pipeline_options(const SearchOptions& options,
                                          sandbox::Worker* worker = nullptr,
                                          const evaluators::Workload* workload = nullptr);

}  // namespace crucible::search
