// Pushes candidates through verify -> compile -> isolated run with several in flight at once.
// One thread drives every child process from a poll loop, so nothing is forked while another
// thread of ours might hold a lock.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "compiler.hpp"
#include "isolated_run.hpp"
#include "source.hpp"
#include "status.hpp"

namespace crucible::sandbox {

struct Job {
  CandidateSource candidate;
  ChildBody body;  // what the isolated child does with the loaded entry point
};

struct JobResult {
  Status status = Status::kOk;
  std::string diagnostics;  // verifier or compiler messages, or why the run failed
  std::string payload;      // the child's result when status is kOk
  std::string output;       // what the candidate printed, truncated to RunLimits::max_output_bytes
  double verify_ms = 0;
  double compile_ms = 0;
  double run_ms = 0;
};

struct PipelineOptions {
  size_t max_in_flight = 2;  // compiler and candidate processes alive at once
  CompilerOptions compiler;
  RunLimits limits;
};

// Runs every job; calls `on_done(index, result)` on this thread as each finishes, in completion
// order. Returns when all are done.
void run_jobs(std::vector<Job>& jobs, const PipelineOptions& options,
              const std::function<void(size_t, JobResult)>& on_done);

// One job, synchronously.
[[nodiscard]] JobResult run_job(Job job, const PipelineOptions& options);

}  // namespace crucible::sandbox
