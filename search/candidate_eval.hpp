// Where search composes the sandbox with a domain: a candidate's source becomes a sandbox job whose
// isolated child runs the domain's evaluator, and the child's reply becomes validated metrics.
#pragma once

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
  std::vector<evaluators::InstanceMetrics> metrics;  // empty unless status is kOk
  std::optional<double> fitness;
  double verify_ms = 0;
  double compile_ms = 0;
  double eval_ms = 0;
};

// The sandbox's view of a candidate written against `interface`.
sandbox::CandidateSource make_candidate(const evaluators::PolicyInterface& interface,
                                        std::string source);

// What the isolated child runs: the workload's evaluator on the candidate's entry point, with an
// invalid decision reported as such. One body serves every candidate of a workload (and is what a
// sandbox::Worker for that workload is started with).
sandbox::ChildBody make_body(const evaluators::Workload& workload);

// The job for one candidate; `workload` must outlive the job. With `recheck`, an ok candidate is
// run twice and a different result makes it nondeterministic.
sandbox::Job make_job(const evaluators::Domain& domain, const evaluators::Workload& workload,
                      std::string source, bool recheck = true);

// Validates the child's payload against the workload's instances; a malformed payload turns the
// result into bad_output.
ScoredCandidate score_result(const evaluators::Domain& domain,
                             const evaluators::Workload& workload, sandbox::JobResult result);

// `worker`: the pre-initialized worker that forks isolated runs, or null to fork them from here.
sandbox::PipelineOptions pipeline_options(const SearchOptions& options,
                                          sandbox::Worker* worker = nullptr);

}  // namespace crucible::search
