#include "status.hpp"

#include <algorithm>
#include <array>
#include <string>
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

std::string bounded_text(std::string text, size_t limit) {
  std::string out;
  out.reserve(std::min(text.size(), limit));
  static constexpr char kHex[] = "0123456789abcdef";
  auto escape = [&](unsigned char byte) {
    out += "\\x";
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  };
  size_t at = 0;
  while (at < text.size() && out.size() + 4 <= limit) {
    const auto byte = static_cast<unsigned char>(text[at]);
    if (byte < 0x20 && byte != '\n' && byte != '\t') {
      escape(byte);
      ++at;
      continue;
    }
    if (byte == 0x7f) {
      escape(byte);
      ++at;
      continue;
    }
    if (byte < 0x80) {
      out += static_cast<char>(byte);
      ++at;
      continue;
    }
    // A multi-byte UTF-8 sequence is kept whole when it is well formed.
    const size_t length = byte >= 0xf0 && byte < 0xf5 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc2 ? 2 : 0;
    bool is_valid = length > 0 && byte < 0xf5 && at + length <= text.size();
    for (size_t i = 1; is_valid && i < length; ++i) {
      is_valid = (static_cast<unsigned char>(text[at + i]) & 0xc0) == 0x80;
    }
    if (!is_valid) {
      escape(byte);
      ++at;
      continue;
    }
    out.append(text, at, length);
    at += length;
  }
  if (at < text.size()) {
    out += "\n[" + std::to_string(text.size() - at) + " more bytes cut]";
  }
  return out;
}

}  // namespace crucible::sandbox
