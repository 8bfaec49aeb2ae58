// The outcome of pushing one candidate through the sandbox. A failure is data, stored with its
// diagnostic, never a reason to stop the search.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
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

// `text` cut to at most `limit` bytes (then a one-line note of how much was cut), every control character
// but newline and tab written as \xNN, and a byte that starts no valid UTF-8 sequence as \xNN, so
// that it can be stored, printed and put into a prompt as it is.
std::string bounded_text(std::string text, size_t limit);

// What a result's diagnostics may take when stored or put into a prompt.
inline constexpr size_t kMaxDiagnosticsBytes = 64 * 1024;

}  // namespace crucible::sandbox
