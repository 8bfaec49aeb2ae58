// 200 mixed hostile and valid candidates through the parallel pipeline: every status right, and
// nothing leaks (processes, descriptors, temporary files, memory).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "sandbox/pipeline.hpp"
#include "support.hpp"

namespace {

using crucible::sandbox::ChildReply;
using crucible::sandbox::Job;
using crucible::sandbox::Status;

constexpr const char* kHeader =
    "#include <stdint.h>\nextern \"C\" int64_t probe(int64_t x);\n";
constexpr int64_t kAskForViolation = -1'000'000;

struct Case {
  std::string source;
  Status expected;
};

// Kind by index: ok, compile error, rejected, crash, invalid decision, sandbox violation (the
// host body opens a file when asked), ok, and now and then an infinite loop.
Case make_case(int i) {
  std::string n = std::to_string(i);
  std::string head = "int64_t probe(int64_t x) { ";
  switch (i % 8) {
    case 0: return {head + "return x + " + n + "; }", Status::kOk};
    case 1: return {head + "return x +* " + n + "; }", Status::kCompileError};
    case 2: return {head + "asm(\"nop\"); return x + " + n + "; }", Status::kRejected};
    case 3: return {head + "int64_t* volatile p = nullptr; return *p + " + n + "; }", Status::kCrashed};
    case 4: return {head + "return -1 - " + n + "; }", Status::kInvalidDecision};
    case 5: return {head + "return " + std::to_string(kAskForViolation) + " + 0 * " + n + "; }",
                    Status::kSandboxViolation};
    case 6: return {head + "int64_t t[3] = {1, 2, " + n + "}; return t[x % 3]; }", Status::kOk};
    default:
      if (i % 40 == 7) return {head + "volatile int64_t y = " + n + "; for (;;) { y = y + 1; } }", Status::kTimeout};
      return {head + "return x * " + n + "; }", Status::kOk};
  }
}

Job make_job(const Case& c) {
  Job job;
  job.candidate.text = c.source;
  job.candidate.headers = {{"probe.h", kHeader}};
  job.candidate.entry_symbol = "probe";
  job.recheck = true;
  job.body = [](void* entry) {
    int64_t value = reinterpret_cast<int64_t (*)(int64_t)>(entry)(5);
    if (value == kAskForViolation) {
      int fd = ::open("/etc/hostname", O_RDONLY);
      return ChildReply{ChildReply::Kind::kResult, "opened " + std::to_string(fd)};
    }
    if (value < 0) return ChildReply{ChildReply::Kind::kInvalid, "negative"};
    return ChildReply{ChildReply::Kind::kResult, std::to_string(value)};
  };
  return job;
}

size_t count_fds() {
  size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++count;
  return count;
}

size_t count_candidate_dirs(const std::filesystem::path& dir) {
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().filename().string().starts_with("crucible-candidate-")) ++count;
  }
  return count;
}

uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
}

// Runs cases [first, last) and checks each status; returns the number that matched.
size_t run_batch(int first, int last) {
  std::vector<Job> jobs;
  std::vector<Case> cases;
  for (int i = first; i < last; ++i) {
    cases.push_back(make_case(i));
    jobs.push_back(make_job(cases.back()));
  }
  crucible::sandbox::PipelineOptions options;
  options.max_in_flight = 2;
  options.limits.wall = std::chrono::milliseconds(1000);
  size_t matched = 0;
  crucible::sandbox::run_jobs(jobs, options, [&](size_t index, crucible::sandbox::JobResult result) {
    INFO("case " << first + static_cast<int>(index) << ": " << cases[index].source << " -> "
                 << crucible::sandbox::status_name(result.status) << ": " << result.diagnostics);
    CHECK(result.status == cases[index].expected);
    if (result.status == cases[index].expected) ++matched;
  });
  return matched;
}

}  // namespace

TEST_SUITE("sandbox.stress") {
  TEST_CASE("200 mixed candidates get their statuses and leak no process, descriptor, file or memory") {
    crucible::testing::TempDir tmp;
    ::setenv("TMPDIR", tmp.path().c_str(), 1);
    size_t fds_before = count_fds();
    size_t children_before = crucible::testing::count_children();

    CHECK(run_batch(0, 100) == 100);
    uint64_t resident_after_first = resident_bytes();
    CHECK(run_batch(100, 200) == 100);
    uint64_t resident_after_second = resident_bytes();

    CHECK(crucible::testing::count_children() == children_before);
    CHECK(count_fds() == fds_before);
    CHECK(count_candidate_dirs(tmp.path()) == 0);
    // Flat: the second hundred may not grow the parent by more than a few pages of allocator slack.
    INFO("resident after 100: " << resident_after_first << " bytes, after 200: " << resident_after_second);
    CHECK(resident_after_second <= resident_after_first + (4ULL << 20));
    ::unsetenv("TMPDIR");
  }
}
