// The candidate's own stack: calls through candidate_call run on a separate mapping with guard
// pages, arguments and results pass through, and a write above the candidate's first frame or a
// frame too deep faults there instead of reaching the caller's frames. Each case runs in a forked
// child, as the sandbox's run child does.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <functional>

#include "sandbox/candidate_stack.hpp"
#include "sandbox/pipeline.hpp"

namespace {

using crucible::sandbox::candidate_call;

// Runs `body` in a forked child; returns its wait status. The child exits with body's result.
int in_child(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

int exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

uintptr_t g_local_address = 0;

extern "C" double where_am_i(uint64_t a, const int* b, uint64_t c, uint64_t d, int e, uint64_t f) {
  volatile char local = 0;
  g_local_address = reinterpret_cast<uintptr_t>(&local);
  return static_cast<double>(a + static_cast<uint64_t>(*b) + c + d + static_cast<uint64_t>(e) + f) +
         0.5;
}

extern "C" uint64_t big_result(uint64_t x) { return x * 3 + (uint64_t{1} << 40); }

// Writes upward from its own frame, as an index past a local array would: on the candidate's
// stack it meets the guard page above the top before it reaches anything else.
extern "C" uint64_t write_upward(uint64_t bytes) {
  volatile char local[16] = {};
  volatile char* at = local;
  for (uint64_t i = 0; i < bytes; ++i) at[i] = 1;
  return local[0];
}

extern "C" uint64_t recurse(uint64_t depth) {
  volatile char pad[512];
  pad[0] = static_cast<char>(depth);
  if (depth == 0) return pad[0];
  return recurse(depth - 1) + pad[0];
}

}  // namespace

TEST_SUITE("sandbox") {
  TEST_CASE("without an installed stack candidate_call is a plain call") {
    CHECK_FALSE(crucible::sandbox::has_candidate_stack());
    CHECK(candidate_call(big_result, uint64_t{2}) == 6 + (uint64_t{1} << 40));
  }

  TEST_CASE("calls run on the candidate's stack, away from the caller's, and pass values through") {
    const int status = in_child([] {
      volatile char caller_local = 0;
      const auto caller = reinterpret_cast<uintptr_t>(&caller_local);
      if (!crucible::sandbox::install_candidate_stack(1 << 20, 256)) return 10;
      const int four = 4;
      const double sum = candidate_call(where_am_i, 1, &four, 3, 4, 5, 6);
      if (sum != 23.5) return 11;
      const auto top = reinterpret_cast<uintptr_t>(crucible_candidate_stack_top);
      if (!(g_local_address < top && g_local_address > top - (1 << 20))) return 12;
      const uintptr_t distance =
          caller > g_local_address ? caller - g_local_address : g_local_address - caller;
      if (distance < (1 << 20)) return 13;  // not on the caller's stack
      if (candidate_call(big_result, uint64_t{7}) != 21 + (uint64_t{1} << 40)) return 14;
      // Back on the caller's stack afterwards: its locals are where they were.
      volatile char after = 0;
      if (reinterpret_cast<uintptr_t>(&after) < caller - 4096) return 15;
      return 0;
    });
    CHECK(exit_code(status) == 0);
  }

  TEST_CASE("a write above the candidate's first frame faults on the guard page") {
    const int status = in_child([] {
      if (!crucible::sandbox::install_candidate_stack(1 << 20)) return 10;
      (void)candidate_call(write_upward, uint64_t{64 * 1024});
      return 0;  // reached only if the write landed somewhere writable
    });
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGSEGV);
  }

  TEST_CASE("a frame chain deeper than the candidate's stack faults on the guard below it") {
    const int status = in_child([] {
      if (!crucible::sandbox::install_candidate_stack(256 * 1024)) return 10;
      if (candidate_call(recurse, uint64_t{10}) == 0) return 11;  // shallow: fine
      (void)candidate_call(recurse, uint64_t{100'000});           // ~50 MiB of frames
      return 0;
    });
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGSEGV);
  }

  TEST_CASE("the sandbox's run child calls its candidate on the candidate's stack") {
    crucible::sandbox::Job job;
    job.candidate.text = "extern \"C\" int probe() { return 7; }\n";
    job.candidate.entry_symbol = "probe";
    job.body = [](void* entry) -> crucible::sandbox::ChildReply {
      const int seven = candidate_call(reinterpret_cast<int (*)()>(entry));
      const bool guarded = crucible::sandbox::has_candidate_stack();
      return {crucible::sandbox::ChildReply::Kind::kResult,
              std::to_string(seven) + (guarded ? " guarded" : " plain")};
    };
    auto result = crucible::sandbox::run_job(std::move(job), {});
    REQUIRE(result.status == crucible::sandbox::Status::kOk);
    CHECK(result.payload == "7 guarded");
  }
}
