// The outcome of pushing one candidate through the sandbox. A failure is data, stored with its
// diagnostic, never a reason to stop the search.
#pragma once

#include <optional>
#include <string_view>

namespace crucible::sandbox {

enum class Status {
  kOk,              // verified, compiled, ran, and reported a well-formed result
  kRejected,        // the verifier refused it (diagnostic names the rule and the line)
  kCompileError,    // the compiler refused it (diagnostic holds its messages)
  kCompileTimeout,  // the compiler ran past its time limit
  kTimeout,            // the run passed its wall-clock or CPU limit
  kCrashed,            // the run died on a signal or let an exception escape
  kOutOfMemory,        // the run passed its memory limit
  kSandboxViolation,   // the run made a system call the sandbox forbids (diagnostic names it)
  kBadOutput,          // the run returned no result or a malformed one
  kInvalidDecision,    // the policy broke the interface's contract (a NaN priority, ...)
  kNondeterministic,   // a second run gave another result
};

std::string_view status_name(Status status);
std::optional<Status> parse_status(std::string_view name);

}  // namespace crucible::sandbox
