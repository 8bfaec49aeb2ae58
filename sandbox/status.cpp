#include "status.hpp"

#include <array>
#include <utility>

namespace crucible::sandbox {
namespace {

constexpr std::array<std::pair<Status, std::string_view>, 11> kNames = {{
    {Status::kOk, "ok"},
    {Status::kRejected, "rejected"},
    {Status::kCompileError, "compile_error"},
    {Status::kCompileTimeout, "compile_timeout"},
    {Status::kTimeout, "timeout"},
    {Status::kCrashed, "crashed"},
    {Status::kOutOfMemory, "out_of_memory"},
    {Status::kSandboxViolation, "sandbox_violation"},
    {Status::kBadOutput, "bad_output"},
    {Status::kInvalidDecision, "invalid_decision"},
    {Status::kNondeterministic, "nondeterministic"},
}};

}  // namespace

std::string_view status_name(Status status) {
  for (const auto& [value, name] : kNames) {
    if (value == status) return name;
  }
  return "unknown";
}

std::optional<Status> parse_status(std::string_view name) {
  for (const auto& [value, known] : kNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

}  // namespace crucible::sandbox
