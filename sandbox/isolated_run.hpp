// Runs a compiled candidate in a forked child under resource limits, and turns whatever happened
// to the child into a Status. The parent never trusts the child: the reply is a length-bounded
// frame on a private pipe, validated before use.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "process.hpp"
#include "status.hpp"

namespace crucible::sandbox {

struct RunLimits {
  std::chrono::milliseconds wall{10'000};      // wall-clock limit for the whole child
  uint64_t extra_memory_bytes = 4ULL << 30;    // address space the child may add to the parent's
  size_t max_result_bytes = 16 * 1024 * 1024;  // a longer reply is bad_output
  size_t max_output_bytes = 64 * 1024;         // what the candidate prints, kept for the record
  bool use_seccomp = true;                     // the system-call filters (seccomp_filter.hpp)
};

// What the host-side code running inside the child reports.
struct ChildReply {
  enum class Kind : char {
    kResult = 'R',     // `text` is the payload (for example metrics as JSON)
    kInvalid = 'I',    // the candidate made an invalid decision; `text` says which
    kException = 'X',  // an exception escaped the candidate; `text` says what
  };
  Kind kind = Kind::kResult;
  std::string text;
};

// Runs inside the child after the candidate is loaded; `entry` is the resolved entry symbol.
using ChildBody = std::function<ChildReply(void* entry)>;

// Forks the isolated child. It sets limits, loads `shared_object`, resolves `entry_symbol`, runs
// `body`, writes one frame to `result_fd` and exits. stdout and stderr go to `output_fd`.
ChildProcess start_isolated(const std::filesystem::path& shared_object,
                            const std::string& entry_symbol, const ChildBody& body,
                            const RunLimits& limits, int result_fd, int output_fd,
                            size_t address_shift_pages = 0);

// The child's side of start_isolated, for a process that forked it some other way (the Worker):
// everything after fork. Never returns.
[[noreturn]] void run_isolated_child(const std::filesystem::path& shared_object,
                                     const std::string& entry_symbol, const ChildBody& body,
                                     const RunLimits& limits, int result_fd, int output_fd,
                                     size_t address_shift_pages);

struct RunOutcome {
  Status status = Status::kOk;
  std::string payload;      // the result text when status is kOk
  std::string diagnostics;  // why, otherwise
};

// Judges a finished child from its wait status and the bytes it wrote to the result pipe.
RunOutcome classify_run(int wait_status, bool timed_out, const std::string& reply_bytes,
                        bool reply_overflowed, const RunLimits& limits);

}  // namespace crucible::sandbox
