#include "pipeline.hpp"

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>

#include "verifier.hpp"

namespace crucible::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

// One candidate in flight: first its compiler process, then its isolated run.
struct Slot {
  enum class Stage { kCompiling, kRunning } stage = Stage::kCompiling;
  size_t index = 0;
  CompileJob compile;
  ChildProcess process;
  Pipe output;  // compiler diagnostics, then the candidate's stdout and stderr
  Pipe reply;   // the candidate's result frame
  std::string output_text;
  std::string reply_text;
  bool output_open = true;
  bool reply_open = true;
  bool reply_overflowed = false;
  Clock::time_point started;
  Clock::time_point deadline;
  JobResult result;
};

class Runner {
 public:
  Runner(std::vector<Job>& jobs, const PipelineOptions& options,
         const std::function<void(size_t, JobResult)>& on_done)
      : jobs_(jobs), options_(options), on_done_(on_done) {}

  void run() {
    size_t next = 0;
    while (next < jobs_.size() || !slots_.empty()) {
      while (next < jobs_.size() && slots_.size() < std::max<size_t>(1, options_.max_in_flight)) {
        start(next++);
      }
      if (!slots_.empty()) step();
    }
  }

 private:
  void start(size_t index) {
    auto verify_start = Clock::now();
    VerifyOutcome verdict = verify(jobs_[index].candidate);
    JobResult result;
    result.verify_ms = elapsed_ms(verify_start);
    if (verdict.status != Status::kOk) {
      result.status = verdict.status;
      result.diagnostics = format_diagnostics(verdict.diagnostics);
      on_done_(index, std::move(result));
      return;
    }
    auto slot = std::make_unique<Slot>();
    slot->index = index;
    slot->result = std::move(result);
    slot->compile = prepare_compile(jobs_[index].candidate, options_.compiler);
    slot->output = make_pipe();
    slot->started = Clock::now();
    slot->deadline = slot->started + options_.compiler.timeout;
    slot->process = ChildProcess::spawn(slot->compile.argv, slot->output.write_end.get());
    slot->output.write_end.reset();
    slots_.push_back(std::move(slot));
  }

  void start_run(Slot& slot) {
    slot.stage = Slot::Stage::kRunning;
    slot.output = make_pipe();
    slot.reply = make_pipe();
    slot.output_text.clear();
    slot.output_open = true;
    slot.started = Clock::now();
    slot.deadline = slot.started + options_.limits.wall;
    const Job& job = jobs_[slot.index];
    slot.process = start_isolated(slot.compile.shared_object, job.candidate.entry_symbol,
                                  job.body, options_.limits, slot.reply.write_end.get(),
                                  slot.output.write_end.get());
    slot.output.write_end.reset();
    slot.reply.write_end.reset();
  }

  // Waits for any process or pipe event (or the nearest deadline) and advances every slot.
  void step() {
    std::vector<pollfd> fds;
    auto nearest = Clock::time_point::max();
    for (const auto& slot : slots_) {
      fds.push_back({slot->process.exit_fd(), POLLIN, 0});
      if (slot->output_open) fds.push_back({slot->output.read_end.get(), POLLIN, 0});
      if (slot->stage == Slot::Stage::kRunning && slot->reply_open) {
        fds.push_back({slot->reply.read_end.get(), POLLIN, 0});
      }
      nearest = std::min(nearest, slot->deadline);
    }
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(nearest - Clock::now()).count();
    ::poll(fds.data(), fds.size(), static_cast<int>(std::clamp<long>(wait, 0, 1000)));

    for (auto it = slots_.begin(); it != slots_.end();) {
      if (advance(**it)) {
        it = slots_.erase(it);
      } else {
        ++it;
      }
    }
  }

  void drain(Slot& slot) {
    size_t output_limit = slot.stage == Slot::Stage::kCompiling
                              ? options_.compiler.max_diagnostics_bytes
                              : options_.limits.max_output_bytes;
    if (slot.output_open) {
      slot.output_open = drain_pipe(slot.output.read_end.get(), slot.output_text, output_limit);
    }
    if (slot.stage == Slot::Stage::kRunning && slot.reply_open) {
      // One byte over the limit tells an oversized reply from a full-size one.
      size_t frame_limit = options_.limits.max_result_bytes + 6;
      bool overflowed = false;
      slot.reply_open =
          drain_pipe(slot.reply.read_end.get(), slot.reply_text, frame_limit, &overflowed);
      slot.reply_overflowed = slot.reply_overflowed || overflowed ||
                              slot.reply_text.size() > options_.limits.max_result_bytes + 5;
    }
  }

  // Returns true when the slot's job is finished and reported.
  bool advance(Slot& slot) {
    drain(slot);
    bool timed_out = false;
    std::optional<int> status = slot.process.try_wait();
    if (!status && Clock::now() >= slot.deadline) {
      status = slot.process.kill_and_wait();
      timed_out = true;
    }
    if (!status) return false;
    drain(slot);  // whatever the child wrote just before it exited
    return slot.stage == Slot::Stage::kCompiling ? finish_compile(slot, *status, timed_out)
                                                 : finish_run(slot, *status, timed_out);
  }

  bool finish_compile(Slot& slot, int wait_status, bool timed_out) {
    slot.result.compile_ms = elapsed_ms(slot.started);
    if (timed_out) {
      slot.result.status = Status::kCompileTimeout;
      slot.result.diagnostics = "the compiler ran past its limit of " +
                                std::to_string(options_.compiler.timeout.count()) + " ms";
    } else if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0) {
      slot.result.status = Status::kCompileError;
      slot.result.diagnostics = tidy_compiler_output(slot);
    } else {
      start_run(slot);
      return false;
    }
    on_done_(slot.index, std::move(slot.result));
    return true;
  }

  bool finish_run(Slot& slot, int wait_status, bool timed_out) {
    slot.result.run_ms = elapsed_ms(slot.started);
    RunOutcome outcome = classify_run(wait_status, timed_out, slot.reply_text,
                                      slot.reply_overflowed, options_.limits);
    slot.result.status = outcome.status;
    slot.result.payload = std::move(outcome.payload);
    slot.result.diagnostics = std::move(outcome.diagnostics);
    slot.result.output = std::move(slot.output_text);
    on_done_(slot.index, std::move(slot.result));
    return true;
  }

  // Compiler messages name the private temporary path; the candidate is simply "candidate.cpp".
  static std::string tidy_compiler_output(const Slot& slot) {
    std::string text = slot.output_text;
    std::string prefix = slot.compile.dir.path().string() + "/";
    for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
      text.erase(at, prefix.size());
    }
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }

  std::vector<Job>& jobs_;
  const PipelineOptions& options_;
  const std::function<void(size_t, JobResult)>& on_done_;
  std::deque<std::unique_ptr<Slot>> slots_;
};

}  // namespace

void run_jobs(std::vector<Job>& jobs, const PipelineOptions& options,
              const std::function<void(size_t, JobResult)>& on_done) {
  static const size_t kSweptOnce = remove_stale_temp_dirs("crucible-candidate");
  (void)kSweptOnce;
  Runner(jobs, options, on_done).run();
}

JobResult run_job(Job job, const PipelineOptions& options) {
  std::vector<Job> jobs;
  jobs.push_back(std::move(job));
  JobResult out;
  run_jobs(jobs, options, [&](size_t, JobResult result) { out = std::move(result); });
  return out;
}

}  // namespace crucible::sandbox
