// Pushes candidates through verify -> compile -> isolated run with several in flight at once.
// One thread drives every child process from a poll loop, so nothing is forked while another
// thread of ours might hold a lock.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "compiler.hpp"
#include "isolated_run.hpp"
#include "source.hpp"
#include "status.hpp"

namespace crucible::sandbox {

class Worker;

struct Job {
  CandidateSource candidate;
  ChildBody body;        // what the isolated child does with the loaded entry point
  bool recheck = false;  // run a second time, addresses shifted; a different result is
                         // nondeterministic
};

struct JobResult {
  Status status = Status::kOk;
  std::string diagnostics;  // verifier or compiler messages, or why the run failed
  std::string payload;      // the child's result when status is kOk
  std::string output;       // what the candidate printed, truncated to RunLimits::max_output_bytes
  double verify_ms = 0;
  double compile_ms = 0;
  double run_ms = 0;      // the first run; a recheck's time is not included
};

struct PipelineOptions {
  size_t max_in_flight = 2;  // candidates in flight (each has one process alive at a time)
  std::chrono::milliseconds verify_timeout{10'000};  // past this verification is compile_timeout
  CompilerOptions compiler;
  RunLimits limits;
  bool use_prelude = true;  // precompile the interface and library headers once (prelude.hpp)
  // When set, isolated runs are forked by this pre-initialized worker (worker.hpp), and each
  // job's body must be the one the worker was started with. Otherwise they fork from here.
  Worker* worker = nullptr;
};

// Runs every job; calls `on_done(index, result)` on this thread as each finishes, in completion
// order. Returns when all are done.
void run_jobs(std::vector<Job>& jobs, const PipelineOptions& options,
              const std::function<void(size_t, JobResult)>& on_done);

// One job, synchronously.
[[nodiscard]] JobResult run_job(Job job, const PipelineOptions& options);

}  // namespace crucible::sandbox
