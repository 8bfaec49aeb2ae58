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
};

// The cascade's rule: a candidate goes on to the full stage when there is no reference yet or
// its quick fitness >= reference - margin * |reference|. `reference` is the quick fitness of the
// island's best, taken once per batch so the outcome does not depend on completion order.
bool passes_cascade(double quick_fitness, std::optional<double> reference, double margin);

// The sandbox's view of a candidate written against `interface`.
sandbox::CandidateSource make_candidate(const evaluators::PolicyInterface& interface,
                                        std::string source);

// What the isolated child runs: the workload's evaluator on the candidate's entry point, with an
// invalid decision reported as such. One body serves every candidate of a workload (and is what a
// sandbox::Worker for that workload is started with).
sandbox::ChildBody make_body(const evaluators::Workload& workload);

// The bodies a sandbox::Worker is started with to serve make_job's jobs: {full} or
// {full, quick}, in the order Job::worker_body and Job::worker_quick_body expect.
std::vector<sandbox::ChildBody> make_bodies(const evaluators::Workload& full,
                                            const evaluators::Workload* quick);

// The job for one candidate; the workloads must outlive the job. With `recheck`, an ok candidate
// is run twice in the full stage and a different result makes it nondeterministic. With `quick`
// (from Workload::make_quick), the candidate first runs on it; the full stage follows only when
// the quick result is well formed and `passes(quick fitness)` is true (empty: always). One
// compile serves both stages.
sandbox::Job make_job(const evaluators::Domain& domain, const evaluators::Workload& workload,
                      std::string source, bool recheck = true,
                      const evaluators::Workload* quick = nullptr,
                      std::function<bool(double quick_fitness)> passes = {});

// Validates the child's payloads against the instances of `workload` (and of `quick`, for the
// quick payload of a two-stage job); a malformed payload turns the result into bad_output.
ScoredCandidate score_result(const evaluators::Domain& domain,
                             const evaluators::Workload& workload, sandbox::JobResult result,
                             const evaluators::Workload* quick = nullptr);

// `worker`: the pre-initialized worker that forks isolated runs, or null to fork them from here.
sandbox::PipelineOptions pipeline_options(const SearchOptions& options,
                                          sandbox::Worker* worker = nullptr);

}  // namespace crucible::search
