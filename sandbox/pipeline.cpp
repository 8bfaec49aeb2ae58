#include "pipeline.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>

#include "landlock.hpp"
#include "limits.hpp"
#include "prelude.hpp"
#include "shared_object_check.hpp"
#include "verifier.hpp"
#include "worker.hpp"

namespace crucible::sandbox {
namespace {

using Clock = std::chrono::steady_clock;

// Parsing a hostile template or constexpr bomb can be hungry; past this it fails, not the host.
constexpr uint64_t kVerifierMemoryBytes = 2ULL << 30;

void write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t wrote = ::write(fd, data, size);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return;
    data += wrote;
    size -= static_cast<size_t>(wrote);
  }
}

double elapsed_ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

// A job naming a body the worker lacks is the caller's mistake.
void check_worker_bodies(const Job& job, size_t index, const Worker* worker) {
  if (worker == nullptr) return;
  const size_t needed =
      std::max({job.worker_body, job.quick_body ? job.worker_quick_body : 0,
                job.altered_body ? job.worker_altered_body : 0});
  if (needed >= worker->body_count()) {
    throw std::invalid_argument("sandbox job " + std::to_string(index) + " needs worker body " +
                                std::to_string(needed) + "; the worker has " +
                                std::to_string(worker->body_count()));
  }
}

// One candidate in flight: first its compiler process, then its isolated run.
struct Slot {
  enum class Stage { kVerifying, kCompiling, kRunning } stage = Stage::kVerifying;
  enum class Run { kQuick, kFull, kRecheck, kAltered } run = Run::kFull;  // when kRunning
  size_t index = 0;
  CompileJob compile;
  ChildProcess process;
  Pipe output;  // compiler diagnostics, then the candidate's stdout and stderr
  Pipe reply;   // the verifier's verdict, then the candidate's result frame
  std::string output_text;
  std::string reply_text;
  bool output_open = true;
  bool reply_open = true;
  bool reply_overflowed = false;
  bool timed_out = false;
  std::optional<pid_t> remote_pid;  // a run started by the Worker: its child's pid
  std::optional<int> remote_status; // and its wait status, once the Worker reports it
  uint64_t launch_id = 0;
  std::shared_ptr<const Prelude> prelude;  // may be null: then headers are force-included
  std::string first_payload;
  Clock::time_point started;
  Clock::time_point deadline;
  JobResult result;
};

class Runner {
 public:
  Runner(JobSource& source, const PipelineOptions& options,
         const std::function<void(size_t, JobResult)>& on_done)
      : source_(source), options_(options), on_done_(on_done) {}

  void run() {
    const size_t capacity = std::max<size_t>(1, options_.max_in_flight);
    while (true) {
      while (slots_.size() < capacity) {
        std::optional<Job> job = source_.take();
        if (!job) break;
        check_worker_bodies(*job, jobs_.size(), options_.worker);
        jobs_.push_back(std::move(*job));
        start(jobs_.size() - 1);
      }
      const bool is_waiting_for_jobs = slots_.size() < capacity && !source_.is_exhausted();
      if (slots_.empty() && !is_waiting_for_jobs) return;
      step(is_waiting_for_jobs);
    }
  }

 private:
  void start(size_t index) {
    auto slot = std::make_unique<Slot>();
    slot->index = index;
    slot->output = make_pipe();
    slot->reply = make_pipe();
    slot->started = Clock::now();
    slot->deadline = slot->started + options_.verify_timeout;
    const CandidateSource& candidate = jobs_[index].candidate;
    slot->prelude = options_.use_prelude ? Prelude::for_candidate(candidate, options_.compiler) : nullptr;
    // The verifier writes the object it compiled from the checked AST into the candidate's
    // private directory; the compile stage only links it.
    slot->compile = prepare_compile(options_.compiler, candidate.entry_symbol);
    const VerifyRequest request{candidate,
                                slot->prelude ? slot->prelude->pch().string() : std::string(),
                                options_.compiler.flags, slot->compile.object.string()};
    int reply_fd = slot->reply.write_end.get();
    int output_fd = slot->output.write_end.get();
    auto timeout = options_.verify_timeout;
    const uint64_t max_file_bytes = options_.compiler.max_output_bytes;
    if (options_.worker != nullptr) {
      // Forked by the single-threaded worker: this process may have threads inside libclang.
      slot->launch_id = next_launch_id_++;
      slot->remote_pid = options_.worker->launch_verify(slot->launch_id, request, timeout,
                                                        kVerifierMemoryBytes, max_file_bytes,
                                                        reply_fd, output_fd);
      if (!slot->remote_pid) slot->remote_status = SIGKILL;  // the worker is gone
    } else {
      slot->process = ChildProcess::fork_with([&request, reply_fd, output_fd, timeout,
                                               max_file_bytes] {
        ::dup2(output_fd, STDOUT_FILENO);
        ::dup2(output_fd, STDERR_FILENO);
        apply_child_limits(timeout, kVerifierMemoryBytes, max_file_bytes);
        if (!confine_verifier(request)) ::_exit(5);
        std::string verdict = serialize_verdict(verify(request));
        write_all(reply_fd, verdict.data(), verdict.size());
        ::_exit(0);
      });
    }
    slot->output.write_end.reset();
    slot->reply.write_end.reset();
    slots_.push_back(std::move(slot));
  }

  bool finish_verify(Slot& slot, int wait_status, bool timed_out) {
    slot.result.verify_ms = elapsed_ms(slot.started);
    std::optional<VerifyOutcome> verdict;
    if (timed_out) {
      slot.result.status = Status::kCompileTimeout;
      slot.result.diagnostics = "verification ran past its limit of " +
                                std::to_string(options_.verify_timeout.count()) + " ms";
    } else if (!WIFEXITED(wait_status) || WEXITSTATUS(wait_status) != 0 ||
               !(verdict = parse_verdict(slot.reply_text))) {
      slot.result.status = Status::kRejected;
      slot.result.diagnostics =
          WIFSIGNALED(wait_status)
              ? "verifier: parsing the candidate killed the verifier with " +
                    signal_description(WTERMSIG(wait_status))
              : std::string("verifier: no verdict on this candidate");
    } else if (verdict->status != Status::kOk) {
      slot.result.status = verdict->status;
      slot.result.diagnostics = format_diagnostics(verdict->diagnostics);
    } else {
      start_compile(slot);
      return false;
    }
    done(slot);
    return true;
  }

  void start_compile(Slot& slot) {
    slot.stage = Slot::Stage::kCompiling;
    slot.remote_pid.reset();
    slot.remote_status.reset();
    slot.output = make_pipe();
    slot.output_text.clear();
    slot.output_open = true;
    slot.reply_text.clear();
    slot.reply_open = false;
    slot.started = Clock::now();
    slot.deadline = slot.started + options_.compiler.timeout;
    // The link reads the toolchain and writes only the candidate's directory.
    const FileConfinement confinement(toolchain_paths(), {slot.compile.dir.path()});
    slot.process = ChildProcess::spawn(slot.compile.argv, slot.output.write_end.get(),
                                       options_.compiler.max_output_bytes,
                                       options_.compiler.max_memory_bytes, &confinement);
    slot.output.write_end.reset();
  }

  void start_run(Slot& slot, Slot::Run run) {
    const Job& job = jobs_[slot.index];
    // A recheck moves the candidate's addresses; a different result then shows a dependence.
    const size_t address_shift_pages =
        run == Slot::Run::kRecheck ? 1 + (slot.index * 7919) % 509 : 0;
    const bool is_quick = run == Slot::Run::kQuick;
    const bool is_altered = run == Slot::Run::kAltered;
    slot.stage = Slot::Stage::kRunning;
    slot.run = run;
    slot.reply_text.clear();
    slot.reply_overflowed = false;
    slot.output = make_pipe();
    slot.reply = make_pipe();
    slot.reply_open = true;
    slot.output_text.clear();
    slot.output_open = true;
    slot.started = Clock::now();
    slot.deadline = slot.started + options_.limits.wall;
    slot.remote_pid.reset();
    slot.remote_status.reset();
    if (options_.worker != nullptr) {
      // The compiler's (or last run's) exited process would keep its pidfd readable: poll
      // would return at once, and this loop would spin until the remote run ends.
      slot.process = ChildProcess();
      slot.launch_id = next_launch_id_++;
      slot.remote_pid = options_.worker->launch(
          slot.launch_id,
          is_quick ? job.worker_quick_body : is_altered ? job.worker_altered_body : job.worker_body,
          slot.compile.shared_object, job.candidate.entry_symbol, options_.limits,
          address_shift_pages, slot.reply.write_end.get(), slot.output.write_end.get());
      if (!slot.remote_pid) slot.remote_status = SIGKILL;  // the worker is gone: judged below
    } else {
      slot.process = start_isolated(slot.compile.shared_object, job.candidate.entry_symbol,
                                    is_quick     ? job.quick_body
                                    : is_altered ? job.altered_body
                                                 : job.body,
                                    options_.limits,
                                    slot.reply.write_end.get(), slot.output.write_end.get(),
                                    address_shift_pages);
    }
    slot.output.write_end.reset();
    slot.reply.write_end.reset();
  }

  // Waits for any process or pipe event (or the nearest deadline) and advances every slot.
  // With `is_waiting_for_jobs`, a new job in the source wakes it too.
  void step(bool is_waiting_for_jobs) {
    std::vector<pollfd> fds;
    auto nearest = Clock::time_point::max();
    if (is_waiting_for_jobs) fds.push_back({source_.ready_fd(), POLLIN, 0});
    for (const auto& slot : slots_) {
      if (!slot->remote_pid) fds.push_back({slot->process.exit_fd(), POLLIN, 0});
      if (slot->output_open) fds.push_back({slot->output.read_end.get(), POLLIN, 0});
      if (slot->reply_open) {
        fds.push_back({slot->reply.read_end.get(), POLLIN, 0});
      }
      nearest = std::min(nearest, slot->deadline);
    }
    if (options_.worker != nullptr) fds.push_back({options_.worker->event_fd(), POLLIN, 0});
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(nearest - Clock::now()).count();
    ::poll(fds.data(), fds.size(), static_cast<int>(std::clamp<long>(wait, 0, 1000)));
    if (options_.worker != nullptr) {
      for (const auto& [id, status] : options_.worker->take_exits()) {
        for (auto& slot : slots_) {
          if (slot->remote_pid && slot->launch_id == id) slot->remote_status = status;
        }
      }
    }

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
    if (slot.reply_open) {
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
  std::optional<int> poll_remote(Slot& slot) {
    if (!slot.remote_status && !options_.worker->is_alive()) slot.remote_status = SIGKILL;
    if (!slot.remote_status && Clock::now() >= slot.deadline) {
      ::kill(-*slot.remote_pid, SIGKILL);  // the Worker reports the exit; wait for that
      slot.timed_out = true;
      slot.deadline = Clock::time_point::max();
    }
    return slot.remote_status;
  }

  bool advance(Slot& slot) {
    drain(slot);
    std::optional<int> status;
    if (slot.remote_pid || slot.remote_status) {
      status = poll_remote(slot);
    } else {
      status = slot.process.try_wait();
      if (!status && Clock::now() >= slot.deadline) {
        status = slot.process.kill_and_wait();
        slot.timed_out = true;
      }
    }
    if (!status) return false;
    bool timed_out = std::exchange(slot.timed_out, false);
    drain(slot);  // whatever the child wrote just before it exited
    switch (slot.stage) {
      case Slot::Stage::kVerifying:
        return finish_verify(slot, *status, timed_out);
      case Slot::Stage::kCompiling:
        return finish_compile(slot, *status, timed_out);
      case Slot::Stage::kRunning:
        return finish_run(slot, *status, timed_out);
    }
    return true;
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
    } else if (auto faults = check_shared_object(slot.compile.shared_object,
                                                 jobs_[slot.index].candidate.entry_symbol,
                                                 jobs_[slot.index].candidate.rules);
               !faults.empty()) {
      slot.result.status = Status::kRejected;
      for (const auto& fault : faults) {
        if (!slot.result.diagnostics.empty()) slot.result.diagnostics += '\n';
        slot.result.diagnostics += "shared-object: the built candidate " + fault;
      }
    } else {
      slot.reply_text.clear();
      start_run(slot, jobs_[slot.index].quick_body ? Slot::Run::kQuick : Slot::Run::kFull);
      return false;
    }
    done(slot);
    return true;
  }

  bool finish_run(Slot& slot, int wait_status, bool timed_out) {
    RunOutcome outcome = classify_run(wait_status, timed_out, slot.reply_text,
                                      slot.reply_overflowed, options_.limits);
    switch (slot.run) {
      case Slot::Run::kQuick:
        return finish_quick(slot, std::move(outcome));
      case Slot::Run::kFull:
        return finish_full(slot, std::move(outcome));
      case Slot::Run::kAltered:
        return finish_altered(slot, std::move(outcome));
      case Slot::Run::kRecheck:
        slot.result.recheck_ms = elapsed_ms(slot.started);
        break;
    }
    if (outcome.status != Status::kOk || outcome.payload != slot.first_payload) {
      slot.result.status = Status::kNondeterministic;
      slot.result.diagnostics =
          "a second run, with the candidate loaded at other addresses, gave " +
          (outcome.status == Status::kOk ? "another result"
                                         : std::string(status_name(outcome.status)) + ": " +
                                               outcome.diagnostics);
      slot.result.payload.clear();
      done(slot);
      return true;
    }
    return start_altered_or_finish(slot);
  }

  // After an ok full stage: the causality stage, when the job has one and asks for it.
  bool start_altered_or_finish(Slot& slot) {
    const Job& job = jobs_[slot.index];
    if (job.altered_body && (!job.should_check || job.should_check(slot.result.payload))) {
      start_run(slot, Slot::Run::kAltered);
      return false;
    }
    done(slot);
    return true;
  }

  bool finish_altered(Slot& slot, RunOutcome outcome) {
    slot.result.altered_ms = elapsed_ms(slot.started);
    if (outcome.status != Status::kOk) {
      slot.result.status = outcome.status;
      slot.result.diagnostics = "the causality check's run on altered inputs: " +
                                outcome.diagnostics;
      slot.result.payload.clear();
    } else {
      slot.result.has_altered_run = true;
      slot.result.altered_payload = std::move(outcome.payload);
    }
    done(slot);
    return true;
  }

  // A failed quick run ends the job with its status; an ok one continues only when allowed.
  bool finish_quick(Slot& slot, RunOutcome outcome) {
    const Job& job = jobs_[slot.index];
    slot.result.quick_ms = elapsed_ms(slot.started);
    slot.result.status = outcome.status;
    slot.result.diagnostics = outcome.diagnostics.empty() ? std::string()
                                                          : "quick stage: " + outcome.diagnostics;
    slot.result.output = std::move(slot.output_text);
    if (outcome.status == Status::kOk) {
      slot.result.quick_payload = std::move(outcome.payload);
      if (!job.should_continue || job.should_continue(slot.result.quick_payload)) {
        start_run(slot, Slot::Run::kFull);
        return false;
      }
    }
    done(slot);
    return true;
  }

  bool finish_full(Slot& slot, RunOutcome outcome) {
    slot.result.has_full_run = true;
    slot.result.run_ms = elapsed_ms(slot.started);
    slot.result.status = outcome.status;
    slot.result.payload = std::move(outcome.payload);
    slot.result.diagnostics = std::move(outcome.diagnostics);
    slot.result.output = std::move(slot.output_text);
    const Job& job = jobs_[slot.index];
    if (slot.result.status == Status::kOk && job.recheck &&
        (!job.should_recheck || job.should_recheck(slot.result.payload))) {
      slot.first_payload = slot.result.payload;
      start_run(slot, Slot::Run::kRecheck);
      return false;
    }
    if (slot.result.status == Status::kOk) return start_altered_or_finish(slot);
    done(slot);
    return true;
  }

  // Every result leaves bounded and printable: what the candidate or its children wrote may be
  // megabytes, or carry terminal escapes, and goes on to the store, reports and repair prompts.
  void done(Slot& slot) {
    slot.result.diagnostics = bounded_text(std::move(slot.result.diagnostics), kMaxDiagnosticsBytes);
    slot.result.output = bounded_text(std::move(slot.result.output), options_.limits.max_output_bytes);
    on_done_(slot.index, std::move(slot.result));
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

  JobSource& source_;
  std::deque<Job> jobs_;  // every job taken, by index (a deque: references stay valid)
  const PipelineOptions& options_;
  const std::function<void(size_t, JobResult)>& on_done_;
  std::deque<std::unique_ptr<Slot>> slots_;
  uint64_t next_launch_id_ = 1;
};

}  // namespace

void run_jobs(JobSource& source, const PipelineOptions& options,
              const std::function<void(size_t, JobResult)>& on_done) {
  static const size_t kSweptOnce =
      remove_stale_temp_dirs("crucible-candidate") + remove_stale_temp_dirs("crucible-prelude");
  (void)kSweptOnce;
  Runner(source, options, on_done).run();
}

void run_jobs(std::vector<Job>& jobs, const PipelineOptions& options,
              const std::function<void(size_t, JobResult)>& on_done) {
  // Refused before any work starts.
  for (size_t i = 0; i < jobs.size(); ++i) check_worker_bodies(jobs[i], i, options.worker);
  JobQueue queue;
  for (const Job& job : jobs) queue.push(job);
  queue.close();
  run_jobs(queue, options, on_done);
}

JobResult run_job(Job job, const PipelineOptions& options) {
  std::vector<Job> jobs;
  jobs.push_back(std::move(job));
  JobResult out;
  run_jobs(jobs, options, [&](size_t, JobResult result) { out = std::move(result); });
  return out;
}

}  // namespace crucible::sandbox
