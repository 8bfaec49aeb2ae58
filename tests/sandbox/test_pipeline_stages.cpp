// Two-stage jobs: a quick run, then the full run only when the caller's judgement allows, both on
// the one compiled object; with and without the pre-initialized worker.
#include <doctest/doctest.h>

#include <dlfcn.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sandbox/pipeline.hpp"
#include "sandbox/worker.hpp"
#include "support.hpp"

namespace {

using crucible::sandbox::ChildBody;
using crucible::sandbox::ChildReply;
using crucible::sandbox::Job;
using crucible::sandbox::JobResult;
using crucible::sandbox::PipelineOptions;
using crucible::sandbox::Status;
using crucible::sandbox::Worker;

constexpr const char* kProbeHeader =
    "#include <stdint.h>\nextern \"C\" int64_t probe(int64_t x);\n";

// "<stage>:<probe(x)>:<the shared object the entry came from>", so a test can tell which body ran
// and whether both stages loaded the same compiled file.
ChildBody stage_body(std::string stage, int64_t x) {
  return [stage, x](void* entry) {
    auto probe = reinterpret_cast<int64_t (*)(int64_t)>(entry);
    Dl_info info{};
    std::string object = ::dladdr(entry, &info) != 0 && info.dli_fname ? info.dli_fname : "?";
    return ChildReply{ChildReply::Kind::kResult,
                      stage + ":" + std::to_string(probe(x)) + ":" + object};
  };
}

ChildBody full_body() { return stage_body("full", 20); }
ChildBody quick_body() { return stage_body("quick", 1); }

// A two-stage job whose should_continue records what it saw and answers `verdict`.
Job two_stage_job(std::string source, bool verdict,
                  std::shared_ptr<std::vector<std::string>> seen) {
  Job job;
  job.candidate.text = std::move(source);
  job.candidate.headers = {{"probe.h", kProbeHeader}};
  job.candidate.entry_symbol = "probe";
  job.body = full_body();
  job.quick_body = quick_body();
  job.should_continue = [verdict, seen](const std::string& payload) {
    seen->push_back(payload);
    return verdict;
  };
  return job;
}

std::string field(const std::string& payload, size_t index) {
  size_t begin = 0;
  for (size_t i = 0; i < index; ++i) begin = payload.find(':', begin) + 1;
  return payload.substr(begin, index < 2 ? payload.find(':', begin) - begin : std::string::npos);
}

PipelineOptions options_for(Worker* worker) {
  PipelineOptions options;
  options.max_in_flight = 2;
  options.limits.wall = std::chrono::milliseconds(1500);
  options.worker = worker;
  return options;
}

std::unique_ptr<Worker> maybe_worker(bool use_worker) {
  if (!use_worker) return nullptr;
  std::vector<ChildBody> bodies;
  bodies.push_back(full_body());   // Job::worker_body's default
  bodies.push_back(quick_body());  // Job::worker_quick_body's default
  return Worker::start(std::move(bodies));
}

}  // namespace

TEST_SUITE("sandbox") {
  TEST_CASE("a two-stage job runs the quick then the full body on one compiled object") {
    for (bool use_worker : {false, true}) {
      CAPTURE(use_worker);
      auto worker = maybe_worker(use_worker);
      auto seen = std::make_shared<std::vector<std::string>>();
      Job job = two_stage_job("int64_t probe(int64_t x) { return x * 2 + 1; }", true, seen);
      job.recheck = true;
      JobResult result = crucible::sandbox::run_job(std::move(job), options_for(worker.get()));
      REQUIRE(result.status == Status::kOk);
      CHECK(result.has_full_run);
      CHECK(field(result.quick_payload, 0) == "quick");
      CHECK(field(result.quick_payload, 1) == "3");
      CHECK(field(result.payload, 0) == "full");
      CHECK(field(result.payload, 1) == "41");
      CHECK(field(result.payload, 2) == field(result.quick_payload, 2));  // the same object
      CHECK(field(result.payload, 2).ends_with(".so"));
      REQUIRE(seen->size() == 1);
      CHECK(seen->front() == result.quick_payload);
      CHECK(result.quick_ms > 0);
      CHECK(result.run_ms > 0);
      CHECK(result.recheck_ms > 0);
    }
  }

  TEST_CASE("a recheck runs only when should_recheck allows it") {
    for (bool allowed : {false, true}) {
      CAPTURE(allowed);
      auto seen = std::make_shared<std::vector<std::string>>();
      Job job = two_stage_job("int64_t probe(int64_t x) { return x * 3; }", true, seen);
      job.recheck = true;
      auto asked = std::make_shared<std::vector<std::string>>();
      job.should_recheck = [asked, allowed](const std::string& payload) {
        asked->push_back(payload);
        return allowed;
      };
      JobResult result = crucible::sandbox::run_job(std::move(job), options_for(nullptr));
      REQUIRE(result.status == Status::kOk);
      REQUIRE(asked->size() == 1);
      CHECK(asked->front() == result.payload);
      CHECK((result.recheck_ms > 0) == allowed);
    }
  }

  TEST_CASE("a two-stage job stops after the quick run when should_continue says no") {
    for (bool use_worker : {false, true}) {
      CAPTURE(use_worker);
      auto worker = maybe_worker(use_worker);
      auto seen = std::make_shared<std::vector<std::string>>();
      JobResult result = crucible::sandbox::run_job(
          two_stage_job("int64_t probe(int64_t x) { return x + 4; }", false, seen),
          options_for(worker.get()));
      CHECK(result.status == Status::kOk);
      CHECK_FALSE(result.has_full_run);
      CHECK(field(result.quick_payload, 1) == "5");
      CHECK(result.payload.empty());
      CHECK(result.run_ms == 0);
      CHECK(seen->size() == 1);
    }
  }

  TEST_CASE("a crash in the quick stage ends the job with that status") {
    for (bool use_worker : {false, true}) {
      CAPTURE(use_worker);
      auto worker = maybe_worker(use_worker);
      auto seen = std::make_shared<std::vector<std::string>>();
      // Only the quick stage's input (1) crashes; the full one (20) would not.
      JobResult result = crucible::sandbox::run_job(
          two_stage_job("int64_t probe(int64_t x) { volatile int64_t* p = nullptr; "
                        "return x == 1 ? *p : x; }",
                        true, seen),
          options_for(worker.get()));
      CHECK(result.status == Status::kCrashed);
      CHECK(result.diagnostics.find("quick stage") != std::string::npos);
      CHECK(result.diagnostics.find("SIGSEGV") != std::string::npos);
      CHECK_FALSE(result.has_full_run);
      CHECK(result.quick_payload.empty());
      CHECK(seen->empty());
    }
  }

  TEST_CASE("a failure in the full stage after a passing quick stage keeps the quick payload") {
    auto seen = std::make_shared<std::vector<std::string>>();
    JobResult result = crucible::sandbox::run_job(
        two_stage_job("int64_t probe(int64_t x) { volatile int64_t y = x; "
                      "while (y > 10) { y = y + 1; if (y < 0) y = 11; } return y; }",
                      true, seen),
        options_for(nullptr));
    CHECK(result.status == Status::kTimeout);
    CHECK(result.has_full_run);
    CHECK(field(result.quick_payload, 1) == "1");
    CHECK(result.diagnostics.find("quick stage") == std::string::npos);
  }

  TEST_CASE("a one-body worker still runs one-stage jobs and refuses a job naming a missing body") {
    auto worker = Worker::start(full_body());
    Job plain;
    plain.candidate.text = "int64_t probe(int64_t x) { return x - 3; }";
    plain.candidate.headers = {{"probe.h", kProbeHeader}};
    plain.candidate.entry_symbol = "probe";
    plain.body = full_body();
    JobResult result = crucible::sandbox::run_job(plain, options_for(worker.get()));
    CHECK(result.status == Status::kOk);
    CHECK(result.has_full_run);
    CHECK(field(result.payload, 1) == "17");
    auto seen = std::make_shared<std::vector<std::string>>();
    std::vector<Job> jobs;
    jobs.push_back(two_stage_job("int64_t probe(int64_t x) { return x; }", true, seen));
    CHECK_THROWS_AS(crucible::sandbox::run_jobs(jobs, options_for(worker.get()),
                                                [](size_t, JobResult) {}),
                    std::invalid_argument);
  }
}
