// Pushes candidates through verify -> compile -> isolated run with several in flight at once. A
// job may run in stages on the one compiled object: a quick run, then, if the caller's judgement
// of its result allows, the full run (and its recheck), then, if the caller asks, a run on
// altered inputs for the causality check.
// One thread drives every child process from a poll loop. Jobs come all at once (a vector) or
// from a JobSource that other threads fill while the pipeline runs. With a Worker, every child
// that runs our code after fork (the verifier, the candidate) is forked by the worker, so the
// caller may run other threads meanwhile; without one they fork from the caller, which then must
// not run threads that could hold a lock (inside libclang, say) while jobs are in flight.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler.hpp"
#include "feed.hpp"
#include "isolated_run.hpp"
#include "source.hpp"
#include "status.hpp"

namespace crucible::sandbox {

class Worker;

struct Job {
  CandidateSource candidate;
  ChildBody body;        // what the isolated child does with the loaded entry point
  bool recheck = false;  // run the full stage a second time, addresses shifted; a different
                         // result is nondeterministic
  // With recheck: whether an ok full run's payload is rechecked (empty: always). Runs on the
  // pipeline's thread and must not throw.
  std::function<bool(const std::string& payload)> should_recheck;
  // Optional cheap first stage. When set, it runs first; a failed quick run ends the job with its
  // status, and an ok one goes on to the full run only if `should_continue(quick payload)` says
  // so (empty: always). should_continue runs on the pipeline's thread and must not throw.
  ChildBody quick_body;
  std::function<bool(const std::string& quick_payload)> should_continue;
  // Optional causality stage, after an ok full run (and its recheck) for which
  // `should_check(full payload)` says so (empty: always): the candidate runs once more on
  // altered inputs, and its payload is returned for the caller to compare. A failed altered run
  // ends the job with its status. should_check runs on the pipeline's thread and must not throw.
  ChildBody altered_body;
  std::function<bool(const std::string& payload)> should_check;
  // With a Worker: which of its bodies runs each stage (the job's own bodies are then unused).
  size_t worker_body = 0;
  size_t worker_quick_body = 1;
  size_t worker_altered_body = 2;
};

struct JobResult {
  Status status = Status::kOk;
  std::string diagnostics;  // verifier or compiler messages, or why the run failed
  std::string payload;      // the child's result when status is kOk
  std::string output;       // what the candidate printed, truncated to RunLimits::max_output_bytes
  double verify_ms = 0;
  double compile_ms = 0;
  double run_ms = 0;      // the full stage's first run; a recheck's time is not included
  double recheck_ms = 0;  // the recheck's run, when it ran
  std::string quick_payload;  // a two-stage job's quick result, when that run was ok
  double quick_ms = 0;
  // The full stage ran (for a one-stage job: its only run did). False for a job stopped after an
  // ok quick run: then status is kOk, payload empty and quick_payload set.
  bool has_full_run = false;
  bool has_altered_run = false;  // the causality stage ran and was ok: altered_payload is its result
  std::string altered_payload;
  double altered_ms = 0;
};

struct PipelineOptions {
  size_t max_in_flight = 2;  // candidates in flight (each has one process alive at a time)
  std::chrono::milliseconds verify_timeout{10'000};  // past this verification is compile_timeout
  CompilerOptions compiler;
  RunLimits limits;
  bool use_prelude = true;  // precompile the interface and library headers once (prelude.hpp)
  // When set, isolated runs are forked by this pre-initialized worker (worker.hpp), with the
  // bodies the job names (Job::worker_body, worker_quick_body). Otherwise they fork from here.
  Worker* worker = nullptr;
};

// Where a running pipeline takes its jobs from. take() and is_exhausted() are called on the
// pipeline's thread; ready_fd() must become readable when take() may have something new.
class JobSource {
 public:
  virtual ~JobSource() = default;
  [[nodiscard]] virtual std::optional<Job> take() = 0;  // a job ready now, or nullopt
  [[nodiscard]] virtual bool is_exhausted() const = 0;  // no job will come any more
  [[nodiscard]] virtual int ready_fd() const = 0;
};

// Jobs pushed from any thread; close() once the last is in.
class JobQueue final : public JobSource {
 public:
  void push(Job job) { feed_.push(std::move(job)); }
  void close() { feed_.close(); }
  std::optional<Job> take() override { return feed_.try_take(); }
  bool is_exhausted() const override { return feed_.is_exhausted(); }
  int ready_fd() const override { return feed_.ready_fd(); }

 private:
  Feed<Job> feed_;
};

// Takes jobs from `source` as they come, at most options.max_in_flight at once, numbered from 0
// in the order taken; calls on_done(index, result) on this thread as each finishes. Returns once
// the source is exhausted and every job is done. Throws std::invalid_argument when a job names a
// body that options.worker lacks (the jobs in flight are then killed).
void run_jobs(JobSource& source, const PipelineOptions& options,
              const std::function<void(size_t, JobResult)>& on_done);

// Runs every job; calls `on_done(index, result)` on this thread as each finishes, in completion
// order. Returns when all are done. Throws std::invalid_argument, before starting anything, when a
// job names a body that options.worker lacks.
void run_jobs(std::vector<Job>& jobs, const PipelineOptions& options,
              const std::function<void(size_t, JobResult)>& on_done);

// One job, synchronously.
[[nodiscard]] JobResult run_job(Job job, const PipelineOptions& options);

}  // namespace crucible::sandbox
