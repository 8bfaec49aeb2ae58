// The isolated child: system calls outside the allowlist, memory limits and nondeterminism are
// caught even when the code making them is past the verifier (here: host code in the child body).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sandbox/pipeline.hpp"
#include "sandbox/seccomp_filter.hpp"

namespace {

using crucible::sandbox::ChildReply;
using crucible::sandbox::Job;
using crucible::sandbox::Status;

Job body_job(crucible::sandbox::ChildBody body, bool recheck = false) {
  Job job;
  job.candidate.text = "extern \"C\" int probe() { return 7; }";
  job.candidate.entry_symbol = "probe";
  job.body = std::move(body);
  job.recheck = recheck;
  return job;
}

crucible::sandbox::JobResult run(Job job, uint64_t memory_mb = 512) {
  crucible::sandbox::PipelineOptions options;
  options.limits.wall = std::chrono::milliseconds(3000);
  options.limits.extra_memory_bytes = memory_mb << 20;
  return crucible::sandbox::run_job(std::move(job), options);
}

ChildReply ok_reply(std::string text) { return {ChildReply::Kind::kResult, std::move(text)}; }

}  // namespace

TEST_SUITE("sandbox") {
  TEST_CASE("the loaded candidate is called and its answer comes back") {
    auto result = run(body_job([](void* entry) {
      return ok_reply(std::to_string(reinterpret_cast<int (*)()>(entry)()));
    }));
    CHECK(result.status == Status::kOk);
    CHECK(result.payload == "7");
  }

  TEST_CASE("opening a file in the child is a sandbox violation naming openat") {
    auto result = run(body_job([](void*) {
      int fd = ::open("/etc/passwd", O_RDONLY);
      return ok_reply("opened " + std::to_string(fd));
    }));
    CHECK(result.status == Status::kSandboxViolation);
    CHECK(result.diagnostics.find("openat") != std::string::npos);
  }

  TEST_CASE("a socket, a fork and an exec are each sandbox violations") {
    auto socket = run(body_job([](void*) {
      return ok_reply(std::to_string(::socket(AF_INET, SOCK_STREAM, 0)));
    }));
    CHECK(socket.status == Status::kSandboxViolation);
    CHECK(socket.diagnostics.find("socket") != std::string::npos);
    auto forked = run(body_job([](void*) { return ok_reply(std::to_string(::fork())); }));
    CHECK(forked.status == Status::kSandboxViolation);
    CHECK(forked.diagnostics.find("clone") != std::string::npos);
    auto exec = run(body_job([](void*) {
      ::execl("/bin/sh", "sh", "-c", "true", nullptr);
      return ok_reply("still here");
    }));
    CHECK(exec.status == Status::kSandboxViolation);
    CHECK(exec.diagnostics.find("execve") != std::string::npos);
  }

  TEST_CASE("killing another process and changing limits are sandbox violations") {
    auto kill = run(body_job([](void*) { return ok_reply(std::to_string(::kill(1, 0))); }));
    CHECK(kill.status == Status::kSandboxViolation);
    auto limits = run(body_job([](void*) {
      rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
      return ok_reply(std::to_string(::setrlimit(RLIMIT_AS, &unlimited)));
    }));
    CHECK(limits.status == Status::kSandboxViolation);
    CHECK(limits.diagnostics.find("rlimit") != std::string::npos);
  }

  TEST_CASE("an allocation past the memory limit is out_of_memory") {
    auto result = run(body_job([](void*) {
      volatile size_t bytes = 64ULL << 30;  // volatile: the optimizer must not drop the allocation
      std::vector<char> huge(bytes);
      volatile char* sink = huge.data();
      sink[bytes / 2] = 1;
      return ok_reply(std::to_string(sink[bytes / 2]));
    }));
    CHECK(result.status == Status::kOutOfMemory);
  }

  TEST_CASE("touching memory within the limit is fine") {
    auto result = run(body_job([](void*) {
      volatile size_t bytes = 256ULL << 20;
      std::vector<char> block(bytes, 1);
      volatile char* sink = block.data();
      return ok_reply(std::to_string(sink[bytes - 1]));
    }), 1024);
    CHECK(result.status == Status::kOk);
  }

  TEST_CASE("an address-dependent result is nondeterministic on recheck") {
    auto result = run(body_job([](void* entry) {
      return ok_reply(std::to_string(reinterpret_cast<uintptr_t>(entry)));
    }, /*recheck=*/true));
    CHECK(result.status == Status::kNondeterministic);
    auto heap = run(body_job([](void*) {
      auto* block = new int(3);
      return ok_reply(std::to_string(reinterpret_cast<uintptr_t>(block)));
    }, true));
    CHECK(heap.status == Status::kNondeterministic);
    auto stable = run(body_job([](void* entry) {
      return ok_reply(std::to_string(reinterpret_cast<int (*)()>(entry)()));
    }, true));
    CHECK(stable.status == Status::kOk);
  }

  TEST_CASE("an oversized, a doubled or a forged reply is bad output") {
    auto oversized = run(body_job([](void*) { return ok_reply(std::string(17u << 20, 'x')); }));
    CHECK(oversized.status == Status::kBadOutput);
    CHECK(oversized.diagnostics.find("larger than") != std::string::npos);
    // Bytes written straight to the result descriptor before the real reply break the framing.
    auto forged = run(body_job([](void*) {
      const char fake[] = "R\x02\x00\x00\x00" "42";
      [[maybe_unused]] auto wrote = ::write(3, fake, sizeof fake - 1);
      return ok_reply("7");
    }));
    CHECK(forged.status == Status::kBadOutput);
    CHECK(forged.diagnostics.find("malformed") != std::string::npos);
  }

  TEST_CASE("system calls are named for diagnostics") {
    CHECK(crucible::sandbox::syscall_description(257) == "openat (257)");
  }
}
