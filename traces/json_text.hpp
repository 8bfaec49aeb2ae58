// Internal to traces/: how the JSON readers of trace specs, slices and synthetic specs name a
// field and quote a bad value in their errors.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace crucible::traces::detail {

// "a.b" joined to "c" -> "a.b.c"; an empty context gives just "c".
inline std::string key_path(std::string_view context, std::string_view key) {
  if (context.empty()) return std::string(key);
  return std::string(context) + "." + std::string(key);
}

// The offending value as JSON text, shortened so the message stays on one line.
inline std::string value_text(const nlohmann::json& value) {
  constexpr size_t kMaxQuotedChars = 60;
  std::string text = value.dump();
  if (text.size() > kMaxQuotedChars) text = text.substr(0, kMaxQuotedChars) + "...";
  return text;
}

}  // namespace crucible::traces::detail
