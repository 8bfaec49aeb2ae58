// The pre-initialized worker forks isolated runs on request and reports how they ended.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

#include "sandbox/pipeline.hpp"
#include "sandbox/worker.hpp"
#include "support.hpp"

namespace {

using crucible::sandbox::ChildReply;
using crucible::sandbox::Job;
using crucible::sandbox::Status;

// State the worker inherits when it is forked; the children must see the value it had then.
int g_loaded_value = 0;

ChildReply answer(void* entry) {
  auto probe = reinterpret_cast<long (*)(long)>(entry);
  long value = probe(g_loaded_value);
  if (value == -7) {
    int fd = ::open("/etc/hostname", O_RDONLY);
    return {ChildReply::Kind::kResult, std::to_string(fd)};
  }
  return {ChildReply::Kind::kResult, std::to_string(value)};
}

Job job(std::string body_source) {
  Job job;
  job.candidate.text = "long probe(long x) { " + body_source + " }";
  job.candidate.headers = {{"probe.h", "extern \"C\" long probe(long x);\n"}};
  job.candidate.entry_symbol = "probe";
  job.body = answer;
  return job;
}

}  // namespace

TEST_SUITE("sandbox") {
  TEST_CASE("runs forked by the worker see its state and end with the right statuses") {
    size_t children_before = crucible::testing::count_children();
    g_loaded_value = 40;
    {
      auto worker = crucible::sandbox::Worker::start(answer);
      g_loaded_value = 0;  // changed after the fork: the worker's children must not see this
      std::vector<Job> jobs;
      jobs.push_back(job("return x + 2;"));
      jobs.push_back(job("long* volatile p = nullptr; return *p;"));
      jobs.push_back(job("volatile long y = x; for (;;) { y = y + 1; }"));
      jobs.push_back(job("return -7;"));
      jobs.push_back(job("return x * 2;"));
      crucible::sandbox::PipelineOptions options;
      options.worker = worker.get();
      options.limits.wall = std::chrono::milliseconds(1000);
      std::vector<crucible::sandbox::JobResult> results(jobs.size());
      crucible::sandbox::run_jobs(jobs, options, [&](size_t index, crucible::sandbox::JobResult result) {
        results[index] = std::move(result);
      });
      CHECK(results[0].status == Status::kOk);
      CHECK(results[0].payload == "42");
      CHECK(results[1].status == Status::kCrashed);
      CHECK(results[1].diagnostics.find("SIGSEGV") != std::string::npos);
      CHECK(results[2].status == Status::kTimeout);
      CHECK(results[3].status == Status::kSandboxViolation);
      CHECK(results[4].status == Status::kOk);
      CHECK(results[4].payload == "80");
      CHECK(worker->is_alive());
      CHECK(crucible::testing::count_children() == children_before + 1);  // the worker itself
    }
    CHECK(crucible::testing::count_children() == children_before);
  }

  TEST_CASE("jobs given to a worker that died end with a failure and nothing hangs") {
    auto worker = crucible::sandbox::Worker::start(answer);
    REQUIRE(::kill(worker->pid(), SIGKILL) == 0);
    std::vector<Job> jobs;
    for (int i = 0; i < 4; ++i) jobs.push_back(job("return x + " + std::to_string(i) + ";"));
    crucible::sandbox::PipelineOptions options;
    options.worker = worker.get();
    options.max_in_flight = 2;
    options.limits.wall = std::chrono::milliseconds(2000);
    std::vector<crucible::sandbox::JobResult> results(jobs.size());
    size_t done = 0;
    crucible::sandbox::run_jobs(jobs, options, [&](size_t index, crucible::sandbox::JobResult r) {
      results[index] = std::move(r);
      ++done;
    });
    CHECK(done == jobs.size());
    for (const auto& result : results) CHECK(result.status != Status::kOk);
    CHECK_FALSE(worker->is_alive());
  }

  TEST_CASE("the worker's verifier gives the verdicts a verifier forked from here gives") {
    std::vector<Job> jobs;
    jobs.push_back(job("return x + 2;"));
    jobs.push_back(job("return y;"));                      // does not type-check
    jobs.push_back(job("asm volatile(\"nop\"); return x;"));  // rejected: inline assembly
    Job missing = job("return x;");
    missing.candidate.text = "long other(long x) { return x; }";  // no entry point
    jobs.push_back(missing);
    auto run = [&](crucible::sandbox::Worker* worker) {
      crucible::sandbox::PipelineOptions options;
      options.worker = worker;
      std::vector<crucible::sandbox::JobResult> results(jobs.size());
      crucible::sandbox::run_jobs(jobs, options, [&](size_t index, crucible::sandbox::JobResult r) {
        results[index] = std::move(r);
      });
      return results;
    };
    size_t children_before = crucible::testing::count_children();
    auto worker = crucible::sandbox::Worker::start(answer);
    const auto remote = run(worker.get());
    const auto local = run(nullptr);
    CHECK(remote[0].status == Status::kOk);
    CHECK(remote[0].payload == "2");  // g_loaded_value is 0 when this worker starts
    CHECK(remote[1].status == Status::kCompileError);
    CHECK(remote[1].diagnostics.find("y") != std::string::npos);
    CHECK(remote[2].status == Status::kRejected);
    CHECK(remote[3].status == Status::kRejected);
    for (size_t i = 0; i < jobs.size(); ++i) {
      INFO("job " << i << ": " << remote[i].diagnostics);
      CHECK(remote[i].status == local[i].status);
      CHECK(remote[i].diagnostics == local[i].diagnostics);
      CHECK(remote[i].verify_ms > 0);
    }
    CHECK(crucible::testing::count_children() == children_before + 1);  // the worker alone
  }

  TEST_CASE("a pipeline takes the jobs another thread pushes while it runs") {
    auto worker = crucible::sandbox::Worker::start(answer);
    crucible::sandbox::PipelineOptions options;
    options.worker = worker.get();
    crucible::sandbox::JobQueue queue;
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::string> payloads(3);
    size_t done = 0;
    bool did_time_out = false;
    // The second and third jobs are pushed only once the first is done: a pipeline that waited
    // for the queue to close before starting would leave this thread waiting in vain.
    std::thread producer([&] {
      queue.push(job("return x + 1;"));
      {
        std::unique_lock lock(mutex);
        did_time_out = !changed.wait_for(lock, std::chrono::seconds(60), [&] { return done > 0; });
      }
      queue.push(job("return x + 2;"));
      queue.push(job("return x + 3;"));
      queue.close();
    });
    crucible::sandbox::run_jobs(queue, options, [&](size_t index, crucible::sandbox::JobResult r) {
      std::lock_guard lock(mutex);
      payloads.at(index) = r.payload;
      ++done;
      changed.notify_all();
    });
    producer.join();
    CHECK_FALSE(did_time_out);
    CHECK(done == 3);
    CHECK(payloads == std::vector<std::string>{"1", "2", "3"});
  }
}
