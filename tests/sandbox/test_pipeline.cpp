// The sandbox pipeline on a tiny domain-free interface: every outcome becomes a status with its
// diagnostic, and one bad candidate never stops the others.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "sandbox/pipeline.hpp"
#include "support.hpp"

namespace {

using crucible::sandbox::ChildReply;
using crucible::sandbox::Job;
using crucible::sandbox::JobResult;
using crucible::sandbox::PipelineOptions;
using crucible::sandbox::Status;

constexpr const char* kProbeHeader = R"(#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif
int64_t probe(int64_t x);
#ifdef __cplusplus
}
#endif
)";

Job probe_job(std::string source) {
  Job job;
  job.candidate.text = std::move(source);
  job.candidate.headers = {{"probe.h", kProbeHeader}};
  job.candidate.entry_symbol = "probe";
  // A probe domain that lets candidates print and exit, to watch the sandbox catch both.
  job.candidate.rules.allowed_headers = {"cstdio", "cstdlib"};
  job.candidate.rules.allowed_functions = {"printf", "exit"};
  job.candidate.rules.allows_heap = true;  // so that `throw` reaches the run
  job.body = [](void* entry) {
    auto probe = reinterpret_cast<int64_t (*)(int64_t)>(entry);
    int64_t value = probe(20);
    if (value < 0) return ChildReply{ChildReply::Kind::kInvalid, "negative answer"};
    return ChildReply{ChildReply::Kind::kResult, std::to_string(value)};
  };
  return job;
}

PipelineOptions fast_options() {
  PipelineOptions options;
  options.max_in_flight = 2;
  options.limits.wall = std::chrono::milliseconds(1500);
  return options;
}

// Per-candidate directories; the prelude (precompiled headers) lives as long as the process.
size_t count_candidate_dirs(const std::filesystem::path& dir) {
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.path().filename().string().starts_with("crucible-prelude-")) ++count;
  }
  return count;
}

}  // namespace

TEST_SUITE("sandbox") {
  TEST_CASE("a well-behaved candidate runs in the child and its result comes back") {
    auto result = crucible::sandbox::run_job(
        probe_job("int64_t probe(int64_t x) { return x * 2 + 2; }"), fast_options());
    CHECK(result.status == Status::kOk);
    CHECK(result.payload == "42");
    CHECK(result.compile_ms > 0);
  }

  TEST_CASE("a candidate that loops forever is recorded as timeout") {
    auto result = crucible::sandbox::run_job(
        probe_job("int64_t probe(int64_t x) { volatile int64_t y = x; while (y > 0) { y = y + 1; if (y < 0) y = 1; } return y; }"),
        fast_options());
    CHECK(result.status == Status::kTimeout);
    CHECK(result.diagnostics.find("wall-clock") != std::string::npos);
  }

  TEST_CASE("a candidate that does not compile is recorded with the compiler's diagnostics") {
    auto result = crucible::sandbox::run_job(
        probe_job("int64_t probe(int64_t x) {\n  return x +* ;\n}\n"), fast_options());
    CHECK(result.status == Status::kCompileError);
    CHECK(result.diagnostics.find("2:") != std::string::npos);
    CHECK(result.diagnostics.find("expected expression") != std::string::npos);
  }

  TEST_CASE("a candidate that dereferences null is recorded as crashed with the signal") {
    auto result = crucible::sandbox::run_job(
        probe_job("int64_t probe(int64_t x) { volatile int64_t* p = nullptr; return *p + x; }"),
        fast_options());
    CHECK(result.status == Status::kCrashed);
    CHECK(result.diagnostics.find("SIGSEGV") != std::string::npos);
  }

  TEST_CASE("a candidate without the entry point is rejected before compiling") {
    auto result = crucible::sandbox::run_job(probe_job("int64_t other(int64_t x) { return x; }"),
                                             fast_options());
    CHECK(result.status == Status::kRejected);
    CHECK(result.diagnostics.find("probe") != std::string::npos);
    CHECK(result.compile_ms == 0);
  }

  TEST_CASE("an escaping exception is a crash and an early exit is bad output") {
    auto thrown = crucible::sandbox::run_job(
        probe_job("int64_t probe(int64_t x) { if (x > 0) throw 42; return x; }"), fast_options());
    CHECK(thrown.status == Status::kCrashed);
    CHECK(thrown.diagnostics.find("exception") != std::string::npos);
    auto exited = crucible::sandbox::run_job(
        probe_job("#include <cstdlib>\nint64_t probe(int64_t x) { std::exit(0); }"), fast_options());
    CHECK(exited.status == Status::kBadOutput);
    CHECK(exited.diagnostics.find("called exit()") != std::string::npos);
  }

  TEST_CASE("an invalid decision is recorded as such and what the candidate prints is captured") {
    auto result = crucible::sandbox::run_job(
        probe_job("#include <cstdio>\nint64_t probe(int64_t x) { std::printf(\"hello from %lld\\n\", (long long)x); return -x; }"),
        fast_options());
    CHECK(result.status == Status::kInvalidDecision);
    CHECK(result.diagnostics == "negative answer");
    CHECK(result.output.find("hello from 20") != std::string::npos);
  }

  TEST_CASE("mixed good and bad candidates each get their own status and leave no files") {
    // A private TMPDIR: other tests running in parallel cannot disturb the count.
    crucible::testing::TempDir tmp;
    ::setenv("TMPDIR", tmp.path().c_str(), 1);
    std::vector<Job> jobs;
    jobs.push_back(probe_job("int64_t probe(int64_t x) { for (;;) {} }"));
    jobs.push_back(probe_job("int64_t probe(int64_t x) { return x + 1; }"));
    jobs.push_back(probe_job("int64_t probe(int64_t x) { return undefined_name; }"));
    jobs.push_back(probe_job("int64_t probe(int64_t x) { __builtin_trap(); }"));
    jobs.push_back(probe_job("int64_t probe(int64_t x) { return x + 3; }"));
    std::vector<Status> statuses(jobs.size(), Status::kRejected);
    std::vector<std::string> payloads(jobs.size());
    size_t calls = 0;
    crucible::sandbox::run_jobs(jobs, fast_options(), [&](size_t index, JobResult result) {
      ++calls;
      statuses[index] = result.status;
      payloads[index] = result.payload;
    });
    CHECK(calls == jobs.size());
    CHECK(statuses[0] == Status::kTimeout);
    CHECK(statuses[1] == Status::kOk);
    CHECK(payloads[1] == "21");
    CHECK(statuses[2] == Status::kCompileError);
    CHECK(statuses[3] == Status::kCrashed);
    CHECK(statuses[4] == Status::kOk);
    CHECK(payloads[4] == "23");
    CHECK(count_candidate_dirs(tmp.path()) == 0);
    ::unsetenv("TMPDIR");
  }
}
